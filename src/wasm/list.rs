//! The request list: a virtual list of fixed-height rows.
//!
//! Only the rows in view exist in the DOM; a pool of row elements is
//! refilled as the list scrolls, so thousands of requests stay smooth.

use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{self, append, attr, el, testid, toggle_class};
use super::model::Row;

/// Row height in pixels; `--row-height` in panel.css must agree.
pub const ROW_HEIGHT: i32 = 22;

/// The cells of one pooled row element.
struct RowElements {
    root: Element,
    badge: Element,
    method: Element,
    path: Element,
    version: Element,
    operation: Element,
    status: Element,
    time: Element,
}

impl RowElements {
    fn new() -> RowElements {
        let root = el("div", "row");
        testid(&root, "request-row");
        attr(&root, "role", "option");
        let cell = |class: &str, id: &str| {
            let cell = el("span", class);
            testid(&cell, id);
            cell
        };
        let row = RowElements {
            badge: cell("cell badge", "row-severity"),
            method: cell("cell method", "row-method"),
            path: cell("cell path", "row-path"),
            version: cell("cell version", "row-version"),
            operation: cell("cell operation", "row-operation"),
            status: cell("cell status", "row-status"),
            time: cell("cell time", "row-time"),
            root,
        };
        append(
            &row.root,
            &[
                &row.badge,
                &row.method,
                &row.path,
                &row.version,
                &row.operation,
                &row.status,
                &row.time,
            ],
        );
        row
    }

    fn fill(&self, position: usize, at: usize, row: &Row, selected: bool, now_ms: f64) {
        let severity = match row.worst() {
            Some(s) => s.as_str(),
            None if row.is_pending() => "pending",
            None => "none",
        };
        attr(&self.root, "data-row", &position.to_string());
        attr(&self.root, "data-severity", severity);
        attr(
            &self.root,
            "aria-selected",
            if selected { "true" } else { "false" },
        );
        attr(
            &self.root,
            "style",
            &format!("transform:translateY({}px)", at as i32 * ROW_HEIGHT),
        );
        toggle_class(&self.root, "selected", selected);
        toggle_class(&self.root, "other", !row.looker);
        toggle_class(&self.root, "failed", is_failure(row));

        let count = row.findings.len();
        let badge = match count {
            0 => String::new(),
            1 => "1".to_owned(),
            n => n.to_string(),
        };
        set(&self.badge, &badge);
        attr(&self.badge, "title", &badge_title(row));
        set(&self.method, &row.method);
        set(&self.path, &row.path);
        attr(&self.path, "title", &row.path);
        set(&self.version, &row.version);
        set(&self.operation, &row.operation);
        set(&self.status, &row.status_text());
        set(&self.time, &dom::duration(row.time_ms(now_ms)));
    }
}

fn is_failure(row: &Row) -> bool {
    !row.is_pending() && (row.entry.network_error().is_some() || row.entry.response.status >= 400)
}

fn badge_title(row: &Row) -> String {
    match row.findings.as_slice() {
        [] if row.is_pending() => "still waiting for an answer".to_owned(),
        [] => "no finding".to_owned(),
        findings => findings
            .iter()
            .map(|f| format!("{}: {}", f.severity.as_str(), f.title))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Writes text only when it changed, so scrolling costs few DOM writes.
fn set(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// The list's scroll container, its spacer and the pool of rows.
pub struct ListView {
    container: Element,
    spacer: Element,
    pool: Vec<RowElements>,
}

impl ListView {
    /// Takes over the scroll container and its spacer from panel.html.
    pub fn new(container: Element, spacer: Element) -> ListView {
        ListView {
            container,
            spacer,
            pool: Vec::new(),
        }
    }

    /// How many rows fit in the viewport.
    pub fn page_size(&self) -> usize {
        (self.container.client_height() / ROW_HEIGHT).max(1) as usize
    }

    /// Draws the rows in view. `visible` holds row positions in list order.
    pub fn render(
        &mut self,
        rows: &[Row],
        visible: &[usize],
        selected: Option<usize>,
        now_ms: f64,
    ) {
        let total = visible.len() as i32 * ROW_HEIGHT;
        attr(&self.spacer, "style", &format!("height:{total}px"));

        let first = (self.container.scroll_top() / ROW_HEIGHT).max(0) as usize;
        let count = self.page_size() + 2;
        while self.pool.len() < count {
            let row = RowElements::new();
            append(&self.container, &[&row.root]);
            self.pool.push(row);
        }

        for (slot, elements) in self.pool.iter().enumerate() {
            let at = first + slot;
            match visible.get(at).and_then(|&p| rows.get(p).map(|r| (p, r))) {
                Some((position, row)) if slot < count => {
                    dom::show(&elements.root, true);
                    elements.fill(position, at, row, selected == Some(position), now_ms);
                }
                _ => dom::show(&elements.root, false),
            }
        }
    }

    /// Scrolls so that the row at `at` (index into the visible rows) is in view.
    pub fn scroll_into_view(&self, at: usize) {
        let top = at as i32 * ROW_HEIGHT;
        let bottom = top + ROW_HEIGHT;
        let view_top = self.container.scroll_top();
        let view_bottom = view_top + self.container.client_height();
        if top < view_top {
            self.container.set_scroll_top(top);
        } else if bottom > view_bottom {
            self.container
                .set_scroll_top(bottom - self.container.client_height());
        }
    }

    /// The row position of a clicked element inside the list.
    pub fn position_at(target: &web_sys::EventTarget) -> Option<usize> {
        let element = target.dyn_ref::<Element>()?;
        let row = element.closest("[data-row]").ok()??;
        row.get_attribute("data-row")?.parse().ok()
    }
}
