//! The reachability checks' fetches: from the panel (gloo-net, not bound
//! by CORS where the extension has host permission) and from the inspected
//! page (through `inspectedWindow.eval`), each cut after a timeout.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::dom;
use super::host::Host;
use crate::probe::{Attempt, Check, Vantage};

/// A check that has not answered after this long is cut.
pub const TIMEOUT_MS: i32 = 8_000;

/// The first bytes of a body that the verdicts read.
const MAX_BODY: usize = 64 * 1024;

/// How long the page's answer is waited for, beyond the page's own timeout.
const PAGE_GRACE_MS: f64 = 4_000.0;

/// Runs futures concurrently and returns their outputs in order.
pub async fn join_all<T: 'static>(futures: Vec<impl Future<Output = T> + 'static>) -> Vec<T> {
    let count = futures.len();
    let slots: Rc<RefCell<Vec<Option<T>>>> =
        Rc::new(RefCell::new((0..count).map(|_| None).collect()));
    let remaining = Rc::new(RefCell::new(count));
    let mut futures = Some(futures);
    let done = Promise::new(&mut |resolve, _| {
        let futures = futures.take().unwrap_or_default();
        if count == 0 {
            let _ = resolve.call0(&JsValue::NULL);
        }
        for (i, future) in futures.into_iter().enumerate() {
            let (slots, remaining, resolve) = (slots.clone(), remaining.clone(), resolve.clone());
            spawn_local(async move {
                let value = future.await;
                slots.borrow_mut()[i] = Some(value);
                *remaining.borrow_mut() -= 1;
                if *remaining.borrow() == 0 {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
        }
    });
    let _ = JsFuture::from(done).await;
    let mut slots = slots.borrow_mut();
    slots.iter_mut().filter_map(Option::take).collect()
}

fn attempt(url: &str, check: Check, vantage: Vantage) -> Attempt {
    Attempt {
        url: url.to_owned(),
        check,
        vantage,
        elapsed_ms: 0.0,
        status: None,
        content_type: None,
        body: None,
        final_url: None,
        net_error: None,
        js_error: None,
        timed_out: false,
        permission: None,
    }
}

fn first_bytes(mut text: String) -> String {
    if text.len() > MAX_BODY {
        let mut at = MAX_BODY;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
    }
    text
}

/// Fetches `url` from the panel. `net_error` is filled in later from
/// `chrome.webRequest`, which alone knows why a fetch failed.
pub async fn from_extension(url: String, check: Check, permission: bool) -> Attempt {
    let mut out = attempt(&url, check, Vantage::Extension);
    out.permission = Some(permission);

    let controller = web_sys::AbortController::new().ok();
    let timed_out = Rc::new(RefCell::new(false));
    if let Some(controller) = controller.clone() {
        let flag = timed_out.clone();
        dom::set_timeout(TIMEOUT_MS, move || {
            *flag.borrow_mut() = true;
            controller.abort();
        });
    }
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let started = dom::now_ms();

    let result = gloo_net::http::Request::get(&url)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(signal.as_ref())
        .send()
        .await;
    match result {
        Ok(response) => {
            out.status = Some(response.status());
            out.content_type = response.headers().get("content-type");
            let final_url = response.url();
            if !final_url.is_empty() && final_url != url {
                out.final_url = Some(final_url);
            }
            match response.text().await {
                Ok(text) => out.body = Some(first_bytes(text)),
                Err(error) => out.js_error = Some(error.to_string()),
            }
        }
        Err(error) => out.js_error = Some(error.to_string()),
    }
    out.elapsed_ms = dom::now_ms() - started;
    // A timeout that fired after the answer changes nothing.
    out.timed_out = *timed_out.borrow() && out.status.is_none();
    out
}

/// Fetches `url` from the inspected page's own context: what its code
/// can reach. The fetch stores its result in a page global that a second
/// eval reads, because eval cannot return a promise's value.
pub async fn from_page(host: Host, id: String, url: String, check: Check) -> Attempt {
    let mut out = attempt(&url, check, Vantage::Page);
    let key = serde_json::to_string(&id).unwrap_or_default();
    let target = serde_json::to_string(&url).unwrap_or_default();
    let start = format!(
        "(() => {{\
           const store = (window.__lookerApiDoctorChecks ??= {{}});\
           const key = {key}; const started = performance.now();\
           const controller = new AbortController();\
           let timedOut = false;\
           const timer = setTimeout(() => {{ timedOut = true; controller.abort(); }}, {TIMEOUT_MS});\
           const done = (r) => {{ clearTimeout(timer);\
             store[key] = {{ ...r, elapsedMs: performance.now() - started }}; }};\
           store[key] = null;\
           fetch({target}, {{ signal: controller.signal, cache: 'no-store' }})\
             .then(async (res) => done({{ status: res.status,\
               contentType: res.headers.get('content-type'),\
               finalUrl: res.url, body: (await res.text()).slice(0, {MAX_BODY}) }}))\
             .catch((e) => done({{ jsError: `${{e.name}}: ${{e.message}}`, timedOut }}));\
           return true; }})()"
    );
    if let Err(error) = host.page_eval(&start).await {
        out.js_error = Some(error.to_string());
        return out;
    }

    let read = format!(
        "(() => {{ const s = window.__lookerApiDoctorChecks; const r = s && s[{key}];\
           if (!r) return null; delete s[{key}]; return JSON.stringify(r); }})()"
    );
    let deadline = dom::now_ms() + f64::from(TIMEOUT_MS) + PAGE_GRACE_MS;
    while dom::now_ms() < deadline {
        dom::sleep(250).await;
        let Ok(value) = host.page_eval(&read).await else {
            continue;
        };
        let Some(json) = value.as_string() else {
            continue;
        };
        // What the page-side script stored, read through `Value`: a derived
        // reader would cost the wasm ~1 KB gzipped more. A field of another
        // type counts as absent.
        let result: Value = serde_json::from_str(&json).unwrap_or_default();
        let text = |key: &str| result.get(key).and_then(Value::as_str).map(str::to_owned);
        out.status = result
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        out.content_type = text("contentType");
        out.body = text("body");
        out.final_url = text("finalUrl").filter(|u| !u.is_empty() && *u != url);
        out.js_error = text("jsError");
        out.timed_out = result
            .get("timedOut")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        out.elapsed_ms = result
            .get("elapsedMs")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        return out;
    }
    out.js_error = Some("the page gave no answer: it may have navigated away".to_owned());
    out.elapsed_ms = f64::from(TIMEOUT_MS) + PAGE_GRACE_MS;
    out
}
