//! "Check API": probes `/alive` and `/versions` at the addresses the engine
//! plans, from the extension and from the page, on the user's click only,
//! and shows the verdicts side by side.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event};

use super::app::App;
use super::detail::finding_element;
use super::dom::{self, append, attr, el, testid, text_el, Listener};
use super::probe_fetch::{self, join_all};
use crate::probe::{self, Attempt, Check, CheckVerdict, Report, Target, Vantage};

/// Grace period for webRequest's error event after a fetch rejected.
const NET_ERROR_GRACE_MS: i32 = 300;

/// How long a check waits for the answer to the browser's permission
/// prompt before it runs without the permission: a prompt left unanswered
/// (or hidden behind DevTools) must not keep the panel busy for ever.
const PERMISSION_WAIT_MS: i32 = 60_000;

/// After this long without an answer, the status says a prompt waits.
const PERMISSION_NOTICE_MS: i32 = 800;

thread_local! {
    /// The number of the latest check: a click while an earlier check
    /// still waits for its permission answer replaces that check.
    static LATEST_CHECK: Cell<u32> = const { Cell::new(0) };
}

/// Connects the form and prefills the API Host URL.
pub fn wire(app: &Rc<App>) {
    let a = Rc::clone(app);
    app.keep(Listener::new(
        &app.ui.probe_form,
        "submit",
        move |event: Event| {
            event.prevent_default();
            check(&a);
        },
    ));

    let a = Rc::clone(app);
    app.keep(Listener::new(
        &app.ui.probe_results,
        "click",
        move |event: Event| {
            let action = event
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
                .and_then(|e| e.get_attribute("data-action"));
            match action.as_deref() {
                Some("close") => dom::show(&a.ui.probe_results, false),
                Some("use") => {
                    let recommended = event
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
                        .and_then(|e| e.get_attribute("data-url"));
                    if let Some(url) = recommended {
                        a.ui.api_host.set_value(&url);
                        remember(&a, &url);
                    }
                }
                _ => {}
            }
        },
    ));

    let a = Rc::clone(app);
    app.keep(Listener::new(&app.ui.api_host, "input", move |_| {
        a.state.borrow_mut().api_host_edited = true;
    }));

    let a = Rc::clone(app);
    spawn_local(async move {
        match a.host.inspected_url().await {
            Ok(url) => {
                a.state.borrow_mut().inspected_url = url;
                prefill(&a).await;
            }
            Err(error) => web_sys::console::warn_1(&format!("[looker-api-doctor] {error}").into()),
        }
    });
}

/// `https://host:port` of a URL, for storage keys and the default host.
fn origin_of(url: &str) -> Option<String> {
    crate::looker::route::split_url(url).map(|t| t.origin)
}

fn storage_key(inspected_url: &str) -> Option<String> {
    origin_of(inspected_url).map(|o| format!("apiHost:{o}"))
}

/// Fills the API Host URL: what was used last for this page's origin,
/// else the page's origin.
pub async fn prefill(app: &Rc<App>) {
    let inspected = app.state.borrow().inspected_url.clone();
    let Some(key) = storage_key(&inspected) else {
        return;
    };
    let remembered = app.host.storage_get(&key).await.ok().flatten();
    let value = remembered
        .or_else(|| origin_of(&inspected))
        .unwrap_or_default();
    app.ui.api_host.set_value(&value);
}

fn remember(app: &Rc<App>, api_host: &str) {
    let inspected = app.state.borrow().inspected_url.clone();
    let Some(key) = storage_key(&inspected) else {
        return;
    };
    let app = Rc::clone(app);
    let value = api_host.to_owned();
    spawn_local(async move {
        if let Err(error) = app.host.storage_set(&key, &value).await {
            web_sys::console::warn_1(&format!("[looker-api-doctor] {error}").into());
        }
    });
}

/// Host permission patterns (`scheme://host/*`, every port) for bases.
fn patterns(targets: &[Target]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for target in targets {
        if let Some(t) = crate::looker::route::split_url(&target.base) {
            let scheme = target.base.split("://").next().unwrap_or("https");
            let pattern = format!("{scheme}://{}/*", t.host);
            if !out.contains(&pattern) {
                out.push(pattern);
            }
        }
    }
    out
}

fn set_status(app: &App, text: &str) {
    app.ui.probe_status.set_text_content(Some(text));
}

/// Runs on the click: plans, asks for permission within the gesture, then
/// probes in the background.
fn check(app: &Rc<App>) {
    if app.ui.check_button.has_attribute("disabled") {
        return;
    }
    let typed = app.ui.api_host.value();
    let inspected = app.state.borrow().inspected_url.clone();
    let targets = match probe::plan(Some(&inspected), Some(&typed)) {
        Ok(targets) => targets,
        Err(error) => {
            // The results of an earlier check would read as this text's.
            dom::show(&app.ui.probe_results, false);
            set_status(app, &error.to_string());
            return;
        }
    };

    // The browser wants the permission request inside the click.
    let asked = patterns(&targets);
    let permission = app.host.request_permission(&asked);
    let typed = typed.trim().to_owned();
    if !typed.is_empty() {
        remember(app, &typed);
    }
    let checking = match typed.is_empty() {
        true => format!(
            "Checking {} addresses from the page's origin (no API Host URL typed)…",
            targets.len()
        ),
        false => format!("Checking {} addresses…", targets.len()),
    };
    set_status(app, &checking);
    let this_check = LATEST_CHECK.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    });

    let app = Rc::clone(app);
    spawn_local(async move {
        let answer: Rc<Cell<Option<bool>>> = Rc::default();
        let settled = Rc::clone(&answer);
        spawn_local(async move { settled.set(Some(permission.await.unwrap_or(false))) });
        let mut waited = 0;
        let granted = loop {
            if LATEST_CHECK.with(Cell::get) != this_check {
                return;
            }
            if let Some(granted) = answer.get() {
                break granted;
            }
            if waited == PERMISSION_NOTICE_MS {
                set_status(
                    &app,
                    &format!(
                        "Waiting for your answer to the browser's request to reach {}: allow \
                         it for the full check, or click Check API to ask again.",
                        asked.join(", ")
                    ),
                );
            }
            if waited >= PERMISSION_WAIT_MS {
                break false;
            }
            dom::sleep(100).await;
            waited += 100;
        };

        attr(&app.ui.check_button, "disabled", "");
        set_status(&app, &checking);
        let started = dom::now_ms();
        let mut attempts = round(&app, &targets, granted).await;

        let more = probe::follow_up(&attempts);
        if !more.is_empty() {
            set_status(&app, &format!("Checking {} more…", more.len()));
            // A new host needs a permission that only a click can ask for.
            let covered = patterns(&more).iter().all(|p| asked.contains(p));
            attempts.extend(round(&app, &more, granted && covered).await);
        }

        let report = probe::judge_for(&attempts, Some(&inspected), Some(&typed));
        let elapsed = crate::readable::duration(dom::now_ms() - started);
        set_status(&app, &format!("Checked in {elapsed}"));
        let all: Vec<Target> = targets.into_iter().chain(more).collect();
        render(&app, &report, &all, granted, &asked);
        let _ = app.ui.check_button.remove_attribute("disabled");
    });
}

/// Fetches both checks at every target from both sides, concurrently.
async fn round(app: &Rc<App>, targets: &[Target], permitted: bool) -> Vec<Attempt> {
    let urls: Vec<(String, Check)> = targets
        .iter()
        .flat_map(|t| {
            [Check::Alive, Check::Versions].map(|c| (format!("{}{}", t.base, c.path()), c))
        })
        .collect();
    let from_page = {
        let inspected = app.state.borrow().inspected_url.to_ascii_lowercase();
        inspected.starts_with("http://") || inspected.starts_with("https://")
    };

    // Listen for the real network errors before fetching.
    let errors: Rc<RefCell<HashMap<String, String>>> = Rc::default();
    let sink = errors.clone();
    let watch = app
        .host
        .watch_net_errors(&patterns(targets), move |url, error| {
            sink.borrow_mut().insert(url, error);
        });

    let until = dom::now_ms() + 20_000.0;
    for (url, _) in &urls {
        app.state.borrow_mut().live.expect_probe(url, until);
    }
    let stamp = dom::now_ms() as u64;
    let mut fetches: Vec<Pin<Box<dyn Future<Output = Attempt>>>> = Vec::new();
    for (i, (url, check)) in urls.iter().enumerate() {
        fetches.push(Box::pin(probe_fetch::from_extension(
            url.clone(),
            *check,
            permitted,
        )));
        if from_page {
            let id = format!("{stamp}-{i}");
            let host = app.host.clone();
            fetches.push(Box::pin(probe_fetch::from_page(
                host,
                id,
                url.clone(),
                *check,
            )));
        }
    }
    let mut attempts = join_all(fetches).await;

    dom::sleep(NET_ERROR_GRACE_MS).await;
    drop(watch);
    let errors = errors.borrow();
    for attempt in attempts
        .iter_mut()
        .filter(|a| a.vantage == Vantage::Extension)
    {
        attempt.net_error = errors.get(&attempt.url).cloned();
    }
    attempts
}

fn verdict_cell(verdicts: &[CheckVerdict], check: Check, id: &str) -> Element {
    let cell = el("td", "");
    testid(&cell, id);
    match verdicts.iter().find(|v| v.check == check) {
        Some(v) => {
            cell.set_text_content(Some(&v.summary));
            cell.set_class_name(if v.ok { "ok" } else { "bad" });
            attr(&cell, "title", &v.url);
        }
        None => cell.set_text_content(Some("not run")),
    }
    cell
}

fn render(app: &App, report: &Report, targets: &[Target], granted: bool, asked: &[String]) {
    let results = &app.ui.probe_results;
    dom::clear(results);

    let close = text_el("button", "close", "Close");
    attr(&close, "type", "button");
    attr(&close, "data-action", "close");
    let headline = text_el("h3", "", &report.headline);
    testid(&headline, "probe-headline");
    append(results, &[&close, &headline]);

    if let Some(url) = &report.recommended {
        let line = el("p", "recommended");
        testid(&line, "probe-recommended");
        let code = text_el("code", "", url);
        let use_it = text_el("button", "", "Use this URL");
        attr(&use_it, "type", "button");
        attr(&use_it, "data-action", "use");
        attr(&use_it, "data-url", url);
        append(
            &line,
            &[
                &text_el("span", "", "Recommended API Host URL: "),
                &code,
                &use_it,
            ],
        );
        append(results, &[&line]);
    }
    if !granted {
        let note = text_el(
            "p",
            "banner error",
            &format!(
                "Permission to reach {} was not granted: the extension's own checks could not \
                 see why they failed. Click Check API again and allow it for a full answer.",
                asked.join(", ")
            ),
        );
        testid(&note, "probe-permission");
        append(results, &[&note]);
    }

    append(results, &[&table(report, targets)]);
    let findings = el("div", "");
    testid(&findings, "probe-findings");
    for finding in &report.findings {
        append(&findings, &[&finding_element(finding)]);
    }
    append(results, &[&findings]);
    dom::show(results, true);
}

fn table(report: &Report, targets: &[Target]) -> Element {
    let table = el("table", "probe-table");
    testid(&table, "probe-table");
    let head = el("tr", "");
    for title in [
        "Address",
        "Extension /alive",
        "Extension /versions",
        "Page /alive",
        "Page /versions",
        "Latency",
        "Release",
        "API versions",
        "api_server_url",
    ] {
        append(&head, &[&text_el("th", "", title)]);
    }
    append(&table, &[&head]);

    for target in &report.targets {
        let row = el("tr", "");
        testid(&row, "probe-target");
        attr(&row, "data-base", &target.base);
        let address = el("td", "");
        append(&address, &[&text_el("code", "", &target.base)]);
        if let Some(planned) = targets.iter().find(|t| t.base == target.base) {
            append(&address, &[&text_el("span", "why", &planned.why)]);
        }
        let latency = target
            .latency_ms
            .map(crate::readable::duration)
            .unwrap_or_default();
        let plain = |text: &str, id: &str| {
            let cell = text_el("td", "", text);
            testid(&cell, id);
            cell
        };
        append(
            &row,
            &[
                &address,
                &verdict_cell(&target.extension, Check::Alive, "probe-extension-alive"),
                &verdict_cell(
                    &target.extension,
                    Check::Versions,
                    "probe-extension-versions",
                ),
                &verdict_cell(&target.page, Check::Alive, "probe-page-alive"),
                &verdict_cell(&target.page, Check::Versions, "probe-page-versions"),
                &plain(&latency, "probe-latency"),
                &plain(target.release.as_deref().unwrap_or(""), "probe-release"),
                &plain(&target.api_versions.join(", "), "probe-versions"),
                &plain(
                    target.api_server_url.as_deref().unwrap_or(""),
                    "probe-api-server-url",
                ),
            ],
        );
        append(&table, &[&row]);
    }
    table
}
