//! Live traffic: what DevTools recorded before the panel opened (getHAR),
//! each request as it finishes, response bodies where the rules need them,
//! and requests that never finish.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;

use super::app::App;
use super::dom;
use super::host::RawEntry;

/// A request in flight for this long is judged as hanging.
pub const HANGING_AFTER_MS: f64 = 30_000.0;

/// How often in-flight requests are looked for again (getHAR); requests
/// that start after the panel opened and never finish are found this way.
const PENDING_POLL_MS: f64 = 10_000.0;

/// Starts listening, then reads what was recorded before.
pub fn start(app: &Rc<App>) {
    // Listen first, so that nothing finishing during getHAR is lost; the
    // dataset drops the duplicates.
    let a = Rc::clone(app);
    match app.host.on_request_finished(move |raw| add(&a, raw, false)) {
        Ok(subscription) => app.keep_subscription(subscription),
        Err(error) => warn(&error.to_string()),
    }

    let a = Rc::clone(app);
    match app.host.on_navigated(move |url| navigated(&a, url)) {
        Ok(subscription) => app.keep_subscription(subscription),
        Err(error) => warn(&error.to_string()),
    }

    let a = Rc::clone(app);
    spawn_local(async move {
        read_recorded(&a, false).await;
        tick(a).await;
    });
}

fn warn(message: &str) {
    web_sys::console::warn_1(&format!("[looker-api-doctor] {message}").into());
}

async fn read_recorded(app: &Rc<App>, pending_only: bool) {
    match app.host.get_har(pending_only).await {
        Ok(entries) => {
            for raw in entries {
                add(app, raw, true);
            }
        }
        Err(error) => warn(&error.to_string()),
    }
}

fn add(app: &Rc<App>, raw: RawEntry, from_har: bool) {
    let changed = app
        .state
        .borrow_mut()
        .live
        .add_live(raw.bytes, raw.handle, from_har);
    if changed {
        pump(app);
    }
}

/// Starts the body reads that may start, judges what is ready, redraws.
fn pump(app: &Rc<App>) {
    let (fetches, epoch) = {
        let mut state = app.state.borrow_mut();
        (state.live.start_body_fetches(), state.live_epoch)
    };
    for (position, handle) in fetches {
        let a = Rc::clone(app);
        spawn_local(async move {
            let (text, encoding) = a.host.get_content(&handle).await.unwrap_or_else(|error| {
                warn(&error.to_string());
                (None, None)
            });
            {
                let mut state = a.state.borrow_mut();
                if state.live_epoch != epoch {
                    return; // cleared meanwhile
                }
                state.live.body_arrived(position, text, encoding);
            }
            pump(&a);
        });
    }
    app.state.borrow_mut().live.judge_ready();
    app.redraw();
}

fn navigated(app: &Rc<App>, url: String) {
    let mut state = app.state.borrow_mut();
    let origin = |u: &str| crate::looker::route::split_url(u).map(|t| t.origin);
    let new_origin = origin(&url) != origin(&state.inspected_url);
    state.inspected_url = url;
    if new_origin {
        // Another site: its own API Host URL, unless it remembers one.
        state.api_host_edited = false;
    }
    if !state.preserve_log {
        state.clear_live();
    }
    drop(state);

    if new_origin {
        let a = Rc::clone(app);
        spawn_local(async move { super::probes::prefill(&a).await });
    }
    app.redraw();
}

/// Once a second: counts up pending rows' times and judges those past the
/// threshold as hanging; now and then looks for new in-flight requests.
async fn tick(app: Rc<App>) {
    let mut last_poll = dom::now_ms();
    loop {
        dom::sleep(1000).await;
        let now = dom::now_ms();
        if now - last_poll >= PENDING_POLL_MS {
            last_poll = now;
            read_recorded(&app, true).await;
        }
        let pending = {
            let mut state = app.state.borrow_mut();
            state.live.judge_hanging(now, HANGING_AFTER_MS);
            state.live.has_pending()
        };
        if pending {
            app.redraw();
        }
    }
}

/// Reads the selected live row's body for the detail pane, once, when the
/// rules did not need it.
pub fn fetch_selected_body(app: &Rc<App>) {
    let (position, handle, epoch) = {
        let mut state = app.state.borrow_mut();
        if state.imported.is_some() {
            return;
        }
        let Some(position) = state.selected else {
            return;
        };
        let Some(row) = state.live.rows().get(position) else {
            return;
        };
        let wanted = !row.is_pending()
            && row.status != 0
            && row
                .entry()
                .is_some_and(|e| e.response.content.text.is_none())
            && row.body == super::row::BodyState::Ready;
        let Some(handle) = row.handle().filter(|_| wanted).cloned() else {
            return;
        };
        if !state.bodies_asked.insert(position) {
            return;
        }
        (position, handle, state.live_epoch)
    };

    let a = Rc::clone(app);
    spawn_local(async move {
        let Ok((text, encoding)) = a.host.get_content(&handle).await else {
            return;
        };
        {
            let mut state = a.state.borrow_mut();
            if state.live_epoch != epoch {
                return;
            }
            state
                .live
                .body_shown(position, text.unwrap_or_default(), encoding);
        }
        a.redraw();
    });
}
