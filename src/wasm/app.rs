//! The panel's state and how it is drawn: the list, the detail pane, the
//! empty state and the status bar. Events only change the state and ask
//! for a redraw; drawing happens at most once a frame, and writes only what
//! changed.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use super::detail::{self, Full};
use super::dom::{self, Listener};
use super::filters::Filter;
use super::host::{Host, Subscription};
use super::list::ListView;
use super::model::Dataset;
use super::row::Row;
use super::ui::Ui;
use crate::har::Entry;
use crate::Result;

/// A panel that is not shown has no frames: it is redrawn this often all
/// the same, so that it is up to date when shown.
const HIDDEN_REDRAW_MS: i32 = 500;

/// The entry of the selected row of an imported file, read again from it.
pub struct DetailEntry {
    /// `State::view_id` when it was read.
    pub view_id: u32,
    /// The row's position.
    pub position: usize,
    /// The entry, or why it could not be read.
    pub entry: std::result::Result<Entry, String>,
}

/// What the detail pane shows, to redraw it only when that changes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct DetailShown {
    view_id: u32,
    position: usize,
    changes: u32,
    /// 0 while the entry is read, 1 with it, 2 when it could not be read.
    full: u8,
}

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
    /// Changes with every import started, so that an older one stops.
    pub import_id: u32,
    /// The filter bar; change it with [`State::change_filter`].
    pub filter: Filter,
    filter_generation: u32,
    /// Positions of the rows the list shows, in order.
    pub visible: Vec<usize>,
    /// What `visible` was computed for.
    visible_for: Option<(u32, u32, bool, u32, u32)>,
    /// Position of the selected row.
    pub selected: Option<usize>,
    /// The live row selected when a file was imported over the live list,
    /// with the recording's epoch then: Back to live traffic selects it
    /// again if the recording was not cleared since.
    pub live_selected: Option<(u32, usize)>,
    /// The selected imported row's entry, once read from the file.
    pub detail_entry: Option<DetailEntry>,
    /// Keep the list when the inspected page navigates.
    pub preserve_log: bool,
    /// The inspected page's URL, once known.
    pub inspected_url: String,
    /// Whether the user typed in the API Host URL since it was prefilled.
    pub api_host_edited: bool,
    /// Live rows whose body was read for the detail pane.
    pub bodies_asked: HashSet<usize>,
    detail_shown: Option<DetailShown>,
}

impl State {
    /// The dataset on screen.
    pub fn data(&self) -> &Dataset {
        self.imported.as_ref().unwrap_or(&self.live)
    }

    /// The selected row, if it is still there.
    pub fn selected_row(&self) -> Option<&Row> {
        self.data().rows().get(self.selected?)
    }

    /// Changes the filter bar's state.
    pub fn change_filter(&mut self, f: impl FnOnce(&mut Filter)) {
        f(&mut self.filter);
        self.filter_generation = self.filter_generation.wrapping_add(1);
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

    /// Recomputes the rows the list shows, when the rows or the filter
    /// changed since.
    fn refresh_visible(&mut self) {
        let data = self.imported.as_ref().unwrap_or(&self.live);
        let key = (
            self.view_id,
            self.live_epoch,
            self.imported.is_some(),
            data.generation(),
            self.filter_generation,
        );
        if self.visible_for == Some(key) {
            return;
        }
        self.visible_for = Some(key);
        let filter = &self.filter;
        self.visible.clear();
        let rows = data.rows().iter().enumerate();
        self.visible
            .extend(rows.filter(|(_, row)| filter.matches(row)).map(|(p, _)| p));
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
    hidden_redraw_armed: Cell<bool>,
    /// What the status bar and the empty state say, to write them only
    /// when that changes.
    status_text: RefCell<String>,
    empty_text: RefCell<Option<String>>,
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
            hidden_redraw_armed: Cell::new(false),
            status_text: RefCell::new(String::new()),
            empty_text: RefCell::new(None),
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

    /// Asks for a redraw before the next frame; all the changes until then
    /// make one redraw.
    pub fn redraw(self: &Rc<App>) {
        if self.redraw_queued.replace(true) {
            return;
        }
        let app = Rc::clone(self);
        dom::on_next_frame(move || app.draw_queued());
        if !self.hidden_redraw_armed.replace(true) {
            let app = Rc::clone(self);
            dom::set_timeout(HIDDEN_REDRAW_MS, move || {
                app.hidden_redraw_armed.set(false);
                app.draw_queued();
            });
        }
    }

    fn draw_queued(self: &Rc<App>) {
        if self.redraw_queued.replace(false) {
            self.draw();
        }
    }

    /// Redraws the list, the empty state, the status bar and, when what
    /// it shows changed, the detail pane.
    pub fn draw(self: &Rc<App>) {
        let now = dom::now_ms();
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        state.refresh_visible();
        let data = state.imported.as_ref().unwrap_or(&state.live);

        self.list.borrow_mut().render(
            (state.view_id, data.rows()),
            &state.visible,
            state.selected,
            now,
        );
        self.draw_empty_state(data, state);
        self.draw_status_bar(data, state);

        let selected = state
            .selected
            .and_then(|p| data.rows().get(p).map(|r| (p, r)));
        let full = selected.map(|(position, row)| match row.entry() {
            Some(entry) => Full::Entry(entry),
            None => match &state.detail_entry {
                Some(read) if (read.view_id, read.position) == (state.view_id, position) => {
                    match &read.entry {
                        Ok(entry) => Full::Entry(entry),
                        Err(why) => Full::Unreadable(why),
                    }
                }
                _ => Full::Reading,
            },
        });
        let shown = selected
            .zip(full.as_ref())
            .map(|((position, row), full)| DetailShown {
                view_id: state.view_id,
                position,
                changes: row.changes,
                full: match full {
                    Full::Reading => 0,
                    Full::Entry(_) => 1,
                    Full::Unreadable(_) => 2,
                },
            });
        if shown != state.detail_shown {
            state.detail_shown = shown;
            match selected.zip(full) {
                Some(((_, row), full)) => {
                    detail::render(&self.ui.detail, row, full, data.secrets(), now);
                }
                None => detail::render_empty(&self.ui.detail),
            }
        }
    }

    fn draw_empty_state(&self, data: &Dataset, state: &State) {
        let rows = data.rows();
        let message = if !state.visible.is_empty() {
            None
        } else if data.file.is_some() && rows.is_empty() && !data.problems.is_empty() {
            Some("No request of this file could be read: the list above says why.".to_owned())
        } else if data.file.is_some() && rows.is_empty() {
            Some("This file has no requests.".to_owned())
        } else if rows.is_empty() {
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
                rows.len()
            ))
        };
        let mut shown = self.empty_text.borrow_mut();
        if *shown == message {
            return;
        }
        dom::show(&self.ui.empty, message.is_some());
        if let Some(message) = &message {
            self.ui.empty.set_text_content(Some(message));
        }
        *shown = message;
    }

    fn draw_status_bar(&self, data: &Dataset, state: &State) {
        let counts = data.counts();
        let total = data.rows().len();
        let [errors, warnings, infos] = counts.findings;
        let mut parts = vec![
            dom::count(total, "request", "requests"),
            dom::count(counts.looker, "Looker API call", "Looker API calls"),
            format!(
                "{}, {}, {infos} info",
                dom::count(errors, "error", "errors"),
                dom::count(warnings, "warning", "warnings"),
            ),
        ];
        if state.visible.len() != total {
            parts.push(format!("{} shown", state.visible.len()));
        }
        if counts.pending > 0 {
            parts.push(format!("{} pending", counts.pending));
        }
        let text = parts.join(" · ");
        let mut shown = self.status_text.borrow_mut();
        if *shown != text {
            self.ui.status_bar.set_text_content(Some(&text));
            *shown = text;
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
        super::import::read_selected_entry(self);
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
        let mut state = self.state.borrow_mut();
        state.refresh_visible();
        let data = state.imported.as_ref().unwrap_or(&state.live);
        self.list.borrow_mut().render(
            (state.view_id, data.rows()),
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
