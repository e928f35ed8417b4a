//! What the list, the detail pane and the filter bar do when used, with
//! the mouse or the keyboard.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Event, KeyboardEvent};

use super::app::App;
use super::dom::{self, text_el, Listener};
use super::filters::{SeverityFilter, StatusClass};
use super::list::ListView;
use crate::diagnose::Kind;

/// Connects the list, the detail pane and the filter bar.
pub fn wire(app: &Rc<App>) {
    fill_kind_filter(app);
    wire_list(app);
    wire_detail(app);
    wire_filters(app);
}

fn fill_kind_filter(app: &App) {
    let select = &app.ui.filter_kind;
    for kind in Kind::ALL {
        let option = text_el("option", "", kind.as_str());
        dom::attr(&option, "value", kind.as_str());
        let _ = select.append_child(&option);
    }
}

fn wire_list(app: &Rc<App>) {
    let list = app.ui.list.clone();

    let a = Rc::clone(app);
    app.keep(Listener::new(&list, "click", move |event: Event| {
        if let Some(position) = event.target().and_then(|t| ListView::position_at(&t)) {
            a.select(Some(position));
            dom::focus(&a.ui.list);
        }
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&list, "scroll", move |_| a.draw_list()));

    let a = Rc::clone(app);
    app.keep(Listener::new(&list, "keydown", move |event: Event| {
        let Some(key) = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key) else {
            return;
        };
        let page = a.page_size() as isize;
        let delta = match key.as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "PageDown" => page,
            "PageUp" => -page,
            "Home" => isize::MIN / 2,
            "End" => isize::MAX / 2,
            "Enter" => {
                // Into the findings of the selected request.
                if a.state.borrow().selected.is_some() {
                    dom::focus(&a.ui.detail);
                    event.prevent_default();
                }
                return;
            }
            "Escape" => {
                // Used here, the key must not also reach DevTools, which
                // opens its Console drawer on Escape.
                if a.state.borrow().selected.is_some() {
                    event.prevent_default();
                    event.stop_propagation();
                    a.select(None);
                }
                return;
            }
            _ => return,
        };
        event.prevent_default();
        a.move_selection(delta);
    }));

    // Refill the rows in view when the panel is resized.
    if let Some(window) = web_sys::window() {
        let a = Rc::clone(app);
        app.keep(Listener::new(&window, "resize", move |_| a.draw_list()));
    }
}

fn wire_detail(app: &Rc<App>) {
    let detail = app.ui.detail.clone();

    let a = Rc::clone(app);
    app.keep(Listener::new(&detail, "keydown", move |event: Event| {
        let key = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key);
        if key.as_deref() == Some("Escape") {
            event.prevent_default();
            event.stop_propagation();
            dom::focus(&a.ui.list);
        }
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&detail, "click", move |event: Event| {
        let action = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-action]").ok().flatten())
            .and_then(|e| e.get_attribute("data-action"));
        if action.as_deref() == Some("copy-curl") {
            super::export::copy_curl(&a);
        }
    }));
}

fn wire_filters(app: &Rc<App>) {
    let ui = &app.ui;

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.filter_text, "input", move |_| {
        let text = a.ui.filter_text.value().trim().to_ascii_lowercase();
        a.state.borrow_mut().change_filter(|f| f.text = text);
        a.redraw();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.filter_severity, "change", move |_| {
        let severity = SeverityFilter::parse(&a.ui.filter_severity.value());
        a.state
            .borrow_mut()
            .change_filter(|f| f.severity = severity);
        a.redraw();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.filter_kind, "change", move |_| {
        let kind = Kind::parse(&a.ui.filter_kind.value());
        a.state.borrow_mut().change_filter(|f| f.kind = kind);
        a.redraw();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.filter_status, "change", move |_| {
        let status = StatusClass::parse(&a.ui.filter_status.value());
        a.state.borrow_mut().change_filter(|f| f.status = status);
        a.redraw();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.toggle_other, "change", move |_| {
        let other = a.ui.toggle_other.checked();
        a.state
            .borrow_mut()
            .change_filter(|f| f.other_traffic = other);
        a.redraw();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.toggle_preserve, "change", move |_| {
        a.state.borrow_mut().preserve_log = a.ui.toggle_preserve.checked();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.clear, "click", move |_| {
        // Clear empties what is on screen: the recording, and a file shown.
        {
            let mut state = a.state.borrow_mut();
            state.clear_live();
            if state.imported.take().is_some() {
                state.view_id += 1;
                state.selected = None;
            }
        }
        dom::show(&a.ui.import_banner, false);
        dom::show(&a.ui.import_problems, false);
        a.redraw();
    }));
}
