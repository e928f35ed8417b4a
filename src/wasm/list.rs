//! The request list: a virtual list of fixed-height rows.
//!
//! Only the rows in view exist in the DOM; a pool of row elements is
//! refilled as the list scrolls, so thousands of requests stay smooth. A
//! pooled row is written only when what it shows has changed, and the
//! list's scroll position and height are read before anything is written:
//! a read after a write makes the browser lay the page out again.

use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{self, append, attr, el, testid, toggle_class};
use super::row::Row;

/// Row height in pixels; `--row-height` in panel.html's style must agree.
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
        toggle_class(&self.root, "failed", row.is_failure());

        let count = row.findings.len();
        let badge = match count {
            0 => String::new(),
            n => n.to_string(),
        };
        set(&self.badge, &badge);
        attr(&self.badge, "title", &badge_title(row));
        set(&self.method, &row.method);
        set(&self.path, row.path());
        attr(&self.path, "title", row.path());
        set(&self.version, &row.version);
        set(&self.operation, row.operation);
        set(&self.status, &row.status_text());
        self.fill_time(row, now_ms);
    }

    fn fill_time(&self, row: &Row, now_ms: f64) {
        set(&self.time, &crate::readable::duration(row.time_ms(now_ms)));
    }
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

/// What a pooled row element shows, to write it only when that changes.
#[derive(Clone, Copy, PartialEq)]
struct Shown {
    /// `State::view_id`: which dataset.
    view: u32,
    position: usize,
    changes: u32,
    at: usize,
    selected: bool,
}

/// The list's scroll container, its spacer and the pool of rows.
pub struct ListView {
    container: Element,
    spacer: Element,
    pool: Vec<(RowElements, Option<Shown>)>,
    spacer_height: Option<i32>,
}

impl ListView {
    /// Takes over the scroll container and its spacer from panel.html.
    pub fn new(container: Element, spacer: Element) -> ListView {
        ListView {
            container,
            spacer,
            pool: Vec::new(),
            spacer_height: None,
        }
    }

    /// How many rows fit in the viewport.
    pub fn page_size(&self) -> usize {
        rows_in(self.container.client_height())
    }

    /// Draws the rows in view. `visible` holds row positions in list order;
    /// `view` tells the dataset shown from the one shown before.
    pub fn render(
        &mut self,
        (view, rows): (u32, &[Row]),
        visible: &[usize],
        selected: Option<usize>,
        now_ms: f64,
    ) {
        // Layout first, then only writes.
        let first = (self.container.scroll_top() / ROW_HEIGHT).max(0) as usize;
        let count = rows_in(self.container.client_height()) + 2;

        let total = visible.len() as i32 * ROW_HEIGHT;
        if self.spacer_height != Some(total) {
            attr(&self.spacer, "style", &format!("height:{total}px"));
            self.spacer_height = Some(total);
        }
        while self.pool.len() < count {
            let row = RowElements::new();
            dom::show(&row.root, false);
            append(&self.container, &[&row.root]);
            self.pool.push((row, None));
        }

        for (slot, (elements, shown)) in self.pool.iter_mut().enumerate() {
            let at = first + slot;
            let Some((position, row)) = visible
                .get(at)
                .and_then(|&p| rows.get(p).map(|r| (p, r)))
                .filter(|_| slot < count)
            else {
                if shown.take().is_some() {
                    dom::show(&elements.root, false);
                }
                continue;
            };
            let now = Shown {
                view,
                position,
                changes: row.changes,
                at,
                selected: selected == Some(position),
            };
            match *shown {
                Some(before) if before == now => {
                    // Unchanged, but a pending row's time counts up.
                    if row.is_pending() {
                        elements.fill_time(row, now_ms);
                    }
                }
                before => {
                    if before.is_none() {
                        dom::show(&elements.root, true);
                    }
                    elements.fill(position, at, row, now.selected, now_ms);
                    *shown = Some(now);
                }
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

fn rows_in(height: i32) -> usize {
    (height / ROW_HEIGHT).max(1) as usize
}
