//! The panel's state and how it is drawn: the list, the detail pane, the
//! empty state and the status bar. Events only change the state and ask
//! for a redraw; drawing happens once per batch of changes.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use super::detail;
use super::dom::{self, Listener};
use super::filters::Filter;
use super::host::{Host, Subscription};
use super::list::ListView;
use super::model::{Dataset, Row, RowState};
use super::ui::Ui;
use crate::diagnose::Severity;
use crate::Result;

/// Everything the panel knows.
#[derive(Default)]
pub struct State {
    /// What DevTools recorded.
    pub live: Dataset,
    /// An imported file, shown instead of the live recording while set.
    pub imported: Option<Dataset>,
    /// Changes whenever the shown dataset is replaced or cleared.
    pub view_id: u32,
    /// Changes whenever the live dataset is cleared, so late answers
    /// for the old one are dropped.
    pub live_epoch: u32,
    /// The filter bar.
    pub filter: Filter,
    /// Positions of the rows the list shows, in order.
    pub visible: Vec<usize>,
    /// Position of the selected row.
    pub selected: Option<usize>,
    /// Keep the list when the inspected page navigates.
    pub preserve_log: bool,
    /// The inspected page's URL, once known.
    pub inspected_url: String,
    /// Whether the user typed in the API Host URL since it was prefilled.
    pub api_host_edited: bool,
    /// Live rows whose body was read for the detail pane.
    pub bodies_asked: HashSet<usize>,
    /// What the detail pane shows, to redraw it only when it changed.
    detail_shown: Option<(u32, usize, usize, u8, bool)>,
}

impl State {
    /// The dataset on screen.
    pub fn data(&self) -> &Dataset {
        self.imported.as_ref().unwrap_or(&self.live)
    }

    /// The selected row, if it is still there.
    pub fn selected_row(&self) -> Option<&Row> {
        self.data().rows.get(self.selected?)
    }

    /// Empties the live recording.
    pub fn clear_live(&mut self) {
        self.live = Dataset::cleared_at(dom::now_ms());
        self.live_epoch += 1;
        self.bodies_asked.clear();
        if self.imported.is_none() {
            self.selected = None;
            self.view_id += 1;
        }
    }
}

/// The panel: its host, its elements and its state.
pub struct App {
    /// The browser, through the shim.
    pub host: Host,
    /// panel.html's elements.
    pub ui: Ui,
    /// The state; never borrowed across an `await`.
    pub state: RefCell<State>,
    list: RefCell<ListView>,
    listeners: RefCell<Vec<Listener>>,
    subscriptions: RefCell<Vec<Subscription>>,
    redraw_queued: Cell<bool>,
}

impl App {
    /// Finds the panel's elements.
    pub fn new(host: Host) -> Result<Rc<App>> {
        let ui = Ui::find()?;
        let list = ListView::new(ui.list.clone(), ui.list_spacer.clone());
        detail::render_empty(&ui.detail);
        Ok(Rc::new(App {
            host,
            ui,
            state: RefCell::new(State::default()),
            list: RefCell::new(list),
            listeners: RefCell::new(Vec::new()),
            subscriptions: RefCell::new(Vec::new()),
            redraw_queued: Cell::new(false),
        }))
    }

    /// Keeps a DOM listener for the panel's lifetime.
    pub fn keep(&self, listener: Listener) {
        self.listeners.borrow_mut().push(listener);
    }

    /// Keeps a shim subscription for the panel's lifetime.
    pub fn keep_subscription(&self, subscription: Subscription) {
        self.subscriptions.borrow_mut().push(subscription);
    }

    /// Asks for a redraw soon; many changes make one redraw.
    pub fn redraw(self: &Rc<App>) {
        if self.redraw_queued.replace(true) {
            return;
        }
        let app = Rc::clone(self);
        dom::set_timeout(0, move || {
            app.redraw_queued.set(false);
            app.draw();
        });
    }

    /// Redraws the list, the empty state, the status bar and, when what
    /// it shows changed, the detail pane.
    pub fn draw(self: &Rc<App>) {
        let now = dom::now_ms();
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        let data = state.imported.as_ref().unwrap_or(&state.live);

        state.visible = data
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| state.filter.matches(row))
            .map(|(position, _)| position)
            .collect();
        self.list
            .borrow_mut()
            .render(&data.rows, &state.visible, state.selected, now);
        self.draw_empty_state(data, state);
        self.draw_status_bar(data, state);

        let selected = state
            .selected
            .and_then(|p| data.rows.get(p).map(|r| (p, r)));
        let shown = selected.map(|(position, row)| {
            let tag = match row.state {
                RowState::Queued => 0,
                RowState::Judged => 1,
                RowState::Pending { .. } => 2,
                RowState::Hanging { .. } => 3,
            };
            let has_body = row.entry.response.content.text.is_some();
            (state.view_id, position, row.findings.len(), tag, has_body)
        });
        if shown != state.detail_shown {
            state.detail_shown = shown;
            match selected {
                Some((_, row)) => detail::render(&self.ui.detail, row, data.secrets(), now),
                None => detail::render_empty(&self.ui.detail),
            }
        }
    }

    fn draw_empty_state(&self, data: &Dataset, state: &State) {
        let message = if !state.visible.is_empty() {
            None
        } else if data.file.is_some() && data.rows.is_empty() {
            Some("This file has no requests.".to_owned())
        } else if data.rows.is_empty() {
            Some(format!(
                "No Looker API calls yet. Open a Looker page and reload, or import a HAR file.{}",
                firefox_hint()
            ))
        } else if state.filter.is_narrowing() {
            Some("No request matches the filters. Change or clear them to see more.".to_owned())
        } else {
            Some(format!(
                "No Looker API calls among the {} requests seen. Open a Looker page and reload, \
                 tick \"Other traffic\" to see them, or import a HAR file.",
                data.rows.len()
            ))
        };
        dom::show(&self.ui.empty, message.is_some());
        if let Some(message) = message {
            if self.ui.empty.text_content().as_deref() != Some(message.as_str()) {
                self.ui.empty.set_text_content(Some(&message));
            }
        }
    }

    fn draw_status_bar(&self, data: &Dataset, state: &State) {
        let looker = data
            .rows
            .iter()
            .filter(|r| r.looker && !r.from_probe)
            .count();
        let mut counts = [0usize; 3];
        for finding in data.rows.iter().flat_map(|r| &r.findings) {
            counts[match finding.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
        let mut parts = vec![
            dom::count(data.rows.len(), "request", "requests"),
            dom::count(looker, "Looker API call", "Looker API calls"),
            format!(
                "{} errors, {} warnings, {} info",
                counts[0], counts[1], counts[2]
            ),
        ];
        if state.visible.len() != data.rows.len() {
            parts.push(format!("{} shown", state.visible.len()));
        }
        let pending = data.rows.iter().filter(|r| r.is_pending()).count();
        if pending > 0 {
            parts.push(format!("{pending} pending"));
        }
        let text = parts.join(" · ");
        if self.ui.status_bar.text_content().as_deref() != Some(text.as_str()) {
            self.ui.status_bar.set_text_content(Some(&text));
        }
    }

    /// Selects a row by position and scrolls it into view.
    pub fn select(self: &Rc<App>, position: Option<usize>) {
        {
            let mut state = self.state.borrow_mut();
            state.selected = position;
            if let Some(at) = position.and_then(|p| state.visible.iter().position(|&v| v == p)) {
                self.list.borrow().scroll_into_view(at);
            }
        }
        self.draw();
        super::live::fetch_selected_body(self);
    }

    /// Moves the selection by `delta` visible rows (clamped).
    pub fn move_selection(self: &Rc<App>, delta: isize) {
        let target = {
            let state = self.state.borrow();
            if state.visible.is_empty() {
                return;
            }
            let last = state.visible.len() as isize - 1;
            let current = state
                .selected
                .and_then(|p| state.visible.iter().position(|&v| v == p))
                .map(|i| i as isize);
            let next = match current {
                Some(i) => (i + delta).clamp(0, last),
                None if delta < 0 => last,
                None => 0,
            };
            state.visible[next as usize]
        };
        self.select(Some(target));
    }

    /// Rows per page of the list, for Page Up and Page Down.
    pub fn page_size(&self) -> usize {
        self.list.borrow().page_size()
    }

    /// Redraws only the list rows, as the list scrolls.
    pub fn draw_list(&self) {
        let state = self.state.borrow();
        self.list.borrow_mut().render(
            &state.data().rows,
            &state.visible,
            state.selected,
            dom::now_ms(),
        );
    }

    /// Shows a short message for a few seconds (copy done, export made).
    pub fn notice(self: &Rc<App>, text: &str) {
        self.ui.notice.set_text_content(Some(text));
        dom::show(&self.ui.notice, !text.is_empty());

        let app = Rc::clone(self);
        let shown = text.to_owned();
        dom::set_timeout(6000, move || {
            if app.ui.notice.text_content().as_deref() == Some(shown.as_str()) {
                dom::show(&app.ui.notice, false);
            }
        });
    }
}

/// Firefox reports requests to extensions only once its own Network panel
/// has been opened (toolchain notes): say so where the list is empty.
fn firefox_hint() -> &'static str {
    let firefox = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Firefox/"));
    if firefox {
        " In Firefox, open the Network panel once so that DevTools records requests."
    } else {
        ""
    }
}
