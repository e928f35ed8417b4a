//! The panel's wasm boundary in a real browser: HAR entries go in as JSON
//! bytes through a fake host, and the test reads what a person would see
//! in panel.html's elements.
//!
//! `./build.sh test` runs these (wasm-bindgen-test-runner, headless
//! Chromium through chromedriver).
#![cfg(target_arch = "wasm32")]

use js_sys::{Promise, Uint8Array};
use looker_api_doctor::wasm::{Host, Panel};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function fakeHost() {
  const host = {
    finished: null,
    themeChanged: null,
    themeName: () => 'dark',
    onThemeChanged(cb) { host.themeChanged = cb; return () => { host.themeChanged = null; }; },
    inspectedUrl: async () => 'https://acme.looker.com/browse',
    onRequestFinished(cb) { host.finished = cb; return () => { host.finished = null; }; },
    onNavigated() { return () => {}; },
    getHar: async () => [],
    getContent: async (entry) => [entry?.response?.content?.text ?? null, null],
    storageGet: async () => null,
    storageSet: async () => {},
    requestPermission: async () => true,
    watchNetErrors: () => () => {},
    pageEval: async () => [null, 'no page in this test'],
  };
  return host;
}

export function emit(host, bytes, entry) {
  host.finished(bytes, entry);
}

export function setTheme(host, name) {
  host.themeChanged(name);
}

export function holdPermissionOnce(host) {
  let first = true;
  host.requestPermission = () => {
    if (first) {
      first = false;
      return new Promise(() => {});
    }
    return Promise.resolve(true);
  };
}

export function chooseFile(input, text, name) {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, { type: 'application/json' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fakeHost)]
    fn fake_host() -> JsValue;
    fn emit(host: &JsValue, bytes: Uint8Array, entry: &JsValue);
    #[wasm_bindgen(js_name = setTheme)]
    fn set_theme(host: &JsValue, name: &str);
    #[wasm_bindgen(js_name = chooseFile)]
    fn choose_file(input: &Element, text: &str, name: &str);
    #[wasm_bindgen(js_name = holdPermissionOnce)]
    fn hold_permission_once(host: &JsValue);
}

const PANEL_HTML: &str = include_str!("../extension/panel.html");

/// Puts panel.html's body in the test page and starts a panel on a fake
/// host; returns the host.
fn start_panel() -> JsValue {
    let body = PANEL_HTML
        .split_once("<body>")
        .and_then(|(_, rest)| rest.split_once("</body>"))
        .map(|(body, _)| body)
        .expect("panel.html has a body");
    // The test's own trusted markup, not traffic. The runner keeps its
    // output in the body too, so the panel goes in a box of its own.
    if let Some(old) = find("#panel-under-test") {
        old.remove();
    }
    let document = document();
    let root = document.create_element("div").expect("a div");
    root.set_id("panel-under-test");
    root.set_inner_html(body);
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appending the panel");

    let host = fake_host();
    let panel = Panel::new(host.clone().unchecked_into::<Host>()).expect("the panel starts");
    std::mem::forget(panel); // lives as long as the page, as in DevTools
    host
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn find(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

fn text(selector: &str) -> String {
    find(selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

async fn settle() {
    let promise = Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = JsFuture::from(promise).await;
}

fn send(host: &JsValue, entry_json: &str) {
    let entry = js_sys::JSON::parse(entry_json).expect("test entries are JSON");
    emit(host, Uint8Array::from(entry_json.as_bytes()), &entry);
}

fn click(selector: &str) {
    find(selector)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .expect("the element to click")
        .click();
}

fn entry(method: &str, url: &str, request_headers: &str, status: u16, body: &str) -> String {
    let body = serde_json::to_string(body).expect("a string");
    format!(
        r#"{{"startedDateTime":"2026-11-20T10:00:00.000Z","time":42,
        "request":{{"method":"{method}","url":"{url}","headers":[{request_headers}]}},
        "response":{{"status":{status},"statusText":"","headers":[
          {{"name":"content-type","value":"application/json"}}],
          "content":{{"size":10,"mimeType":"application/json","text":{body}}}}}}}"#
    )
}

#[wasm_bindgen_test]
async fn a_failed_login_reaches_the_list_with_its_finding() {
    let host = start_panel();
    send(
        &host,
        &entry(
            "POST",
            "https://acme.looker.com/api/4.0/login",
            "",
            404,
            r#"{"message":"Not found","documentation_url":"https://cloud.google.com/looker/docs/"}"#,
        ),
    );
    settle().await;

    let row = find("[data-testid=request-row]:not([hidden])").expect("a row for the login");
    assert_eq!(row.get_attribute("data-severity").as_deref(), Some("error"));
    assert_eq!(text("[data-testid=row-operation]"), "login");
    assert!(find("[data-testid=empty-state][hidden]").is_some());

    click("[data-testid=request-row]:not([hidden])");
    settle().await;
    assert_eq!(text("[data-testid=finding-kind]"), "bad-credentials");
}

#[wasm_bindgen_test]
async fn markup_in_a_server_message_is_shown_as_text() {
    let host = start_panel();
    let hostile = r#"{"message":"<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>","documentation_url":"javascript:alert(1)"}"#;
    send(
        &host,
        &entry(
            "GET",
            "https://acme.looker.com/api/4.0/user",
            "",
            401,
            hostile,
        ),
    );
    settle().await;
    click("[data-testid=request-row]:not([hidden])");
    settle().await;

    let detail = find("[data-testid=detail]").expect("the detail pane");
    assert!(detail
        .query_selector("img, script")
        .ok()
        .flatten()
        .is_none());
    assert!(detail
        .query_selector("a[href^='javascript']")
        .ok()
        .flatten()
        .is_none());
    assert!(text("[data-testid=detail-response-body]").contains("<script>window.pwned=2"));
    let pwned = js_sys::Reflect::get(&js_sys::global(), &"pwned".into()).expect("a global");
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn credentials_are_redacted_in_the_request_view() {
    let host = start_panel();
    send(
        &host,
        &entry(
            "GET",
            "https://acme.looker.com/api/4.0/user?access_token=tok3nNotRealAtAll",
            r#"{"name":"Authorization","value":"Bearer tok3nNotRealAtAll"}"#,
            200,
            r#"{"id":1}"#,
        ),
    );
    settle().await;
    click("[data-testid=request-row]:not([hidden])");
    settle().await;

    let headers = text("[data-testid=detail-request-headers]");
    assert!(headers.contains("Bearer REDACTED"), "{headers}");
    let shown = text("[data-testid=detail]");
    assert!(!shown.contains("tok3nNotRealAtAll"), "{shown}");
}

#[wasm_bindgen_test]
async fn a_token_from_a_login_is_masked_under_any_header_and_in_curl() {
    let host = start_panel();
    let token = "tok3nFromTheLogin99";
    send(
        &host,
        &entry(
            "POST",
            "https://acme.looker.com/api/4.0/login",
            "",
            200,
            &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#),
        ),
    );
    send(
        &host,
        &entry(
            "GET",
            "https://acme.looker.com/api/4.0/user",
            &format!(r#"{{"name":"X-Debug","value":"{token}"}}"#),
            404,
            r#"{"message":"Not found"}"#,
        ),
    );
    settle().await;
    // The second listed row: the call after the login.
    click("[data-testid=request-row]:not([hidden]) ~ [data-testid=request-row]:not([hidden])");
    settle().await;
    assert_eq!(
        text("[data-testid=detail-url]"),
        "https://acme.looker.com/api/4.0/user"
    );

    let headers = text("[data-testid=detail-request-headers]");
    assert!(headers.contains("X-Debug"), "{headers}");
    assert!(!headers.contains(token), "{headers}");
}

#[wasm_bindgen_test]
async fn a_right_to_left_override_from_the_server_is_spelled_out_not_obeyed() {
    let host = start_panel();
    send(
        &host,
        r#"{"startedDateTime":"2026-11-20T10:00:00.000Z","time":100,
        "request":{"method":"GET","url":"https://acme.looker.com/api/4.0/looks/1","headers":[]},
        "response":{"status":404,"statusText":"Not \u202eEDIRREVO","headers":[
          {"name":"x-note","value":"a\u202eb"}],
          "content":{"size":0,"mimeType":"application/json","text":""}}}"#,
    );
    settle().await;
    click("[data-testid=request-row]:not([hidden])");
    settle().await;

    let meta = text("[data-testid=detail-meta]");
    assert!(meta.contains("Not <U+202E>EDIRREVO"), "{meta}");
    let headers = text("[data-testid=detail-response-headers]");
    assert!(headers.contains("a<U+202E>b"), "{headers}");
    assert!(!text("[data-testid=detail]").contains('\u{202E}'));
}

#[wasm_bindgen_test]
async fn a_bad_import_says_why_and_keeps_the_list() {
    let host = start_panel();
    send(
        &host,
        &entry(
            "GET",
            "https://acme.looker.com/api/4.0/user",
            "",
            401,
            r#"{"message":"Requires authentication."}"#,
        ),
    );
    settle().await;

    let input = find("[data-testid=import-input]").expect("the file input");
    choose_file(&input, r#"{"log":{"entries":[{"startedDat"#, "cut.har");
    settle().await;

    let error = text("[data-testid=import-error]");
    assert!(error.contains("cut.har"), "{error}");
    assert!(error.contains("truncated"), "{error}");
    assert!(find("[data-testid=request-row]:not([hidden])").is_some());
}

/// Waits until the element's text satisfies `done`, for up to ten seconds
/// (a debug build judges a large file slowly); returns the text.
async fn wait_for_text(selector: &str, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let now = text(selector);
        if done(&now) {
            return now;
        }
        settle().await;
    }
    text(selector)
}

fn har_of(entries: &[String]) -> String {
    format!(
        r#"{{"log":{{"version":"1.2","entries":[{}]}}}}"#,
        entries.join(",")
    )
}

#[wasm_bindgen_test]
async fn an_imported_request_is_read_again_from_its_file_when_selected() {
    let _host = start_panel();
    let har = har_of(&[entry(
        "GET",
        "https://acme.looker.com/api/4.0/user",
        r#"{"name":"X-Test","value":"kept-in-the-file"}"#,
        401,
        r#"{"message":"Requires authentication."}"#,
    )]);
    let input = find("[data-testid=import-input]").expect("the file input");
    choose_file(&input, &har, "one.har");
    let summary = wait_for_text("[data-testid=import-summary]", |t| !t.is_empty()).await;
    assert!(summary.contains("one.har: 1 request"), "{summary}");

    click("[data-testid=request-row]:not([hidden])");
    let headers = wait_for_text("[data-testid=detail-request-headers]", |t| !t.is_empty()).await;
    assert!(headers.contains("kept-in-the-file"), "{headers}");
    let body = text("[data-testid=detail-response-body]");
    assert!(body.contains("Requires authentication."), "{body}");
}

#[wasm_bindgen_test]
async fn a_file_none_of_whose_entries_can_be_read_says_so() {
    let _host = start_panel();
    let bad = entry("GET", "https://acme.looker.com/api/4.0/user", "", 401, "{}")
        .replace(r#""status":401"#, r#""status":"401""#);
    let input = find("[data-testid=import-input]").expect("the file input");
    choose_file(&input, &har_of(&[bad.clone(), bad]), "bad.har");
    let summary = wait_for_text("[data-testid=import-summary]", |t| !t.is_empty()).await;
    assert_eq!(
        summary,
        "Showing bad.har: none of its 2 entries could be read (listed below)"
    );
    settle().await;
    let empty = text("[data-testid=empty-state]");
    assert!(
        empty.starts_with("No request of this file could be read"),
        "{empty}"
    );
}

#[wasm_bindgen_test]
async fn a_file_larger_than_a_piece_lists_every_request_in_order() {
    let _host = start_panel();
    // Bodies of 3 KB: about 3.5 MB, so entries straddle the pieces read.
    let padding = "x".repeat(3000);
    let entries: Vec<String> = (0..1200)
        .map(|i| {
            let url = format!("https://acme.looker.com/api/4.0/looks/{i}");
            let body = format!(r#"{{"id":{i},"pad":"{padding}"}}"#);
            entry("GET", &url, "", 200, &body)
        })
        .collect();
    let input = find("[data-testid=import-input]").expect("the file input");
    choose_file(&input, &har_of(&entries), "big.har");

    let summary = wait_for_text("[data-testid=import-summary]", |t| !t.is_empty()).await;
    assert!(summary.contains("big.har: 1200 requests"), "{summary}");
    let status = text("[data-testid=status-bar]");
    let expected = "1200 requests · 1200 Looker API calls";
    assert!(status.starts_with(expected), "{status}");
    let first = text("[data-testid=request-row]:not([hidden]) [data-testid=row-path]");
    assert_eq!(first, "/api/4.0/looks/0");
}

#[wasm_bindgen_test]
async fn a_call_pending_when_the_file_was_saved_is_judged_to_the_end_of_the_recording() {
    let _host = start_panel();
    let har = include_str!("fixtures/rules/hanging_call.har");
    let input = find("[data-testid=import-input]").expect("the file input");
    choose_file(&input, har, "hanging.har");
    wait_for_text("[data-testid=import-summary]", |t| !t.is_empty()).await;

    // As the command finds: "no answer after 66 s", and a slow answer.
    let status = text("[data-testid=status-bar]");
    assert!(status.contains("1 error, 1 warning"), "{status}");
}

#[wasm_bindgen_test]
async fn the_panel_follows_devtools_when_its_theme_changes() {
    let host = start_panel();
    let theme = || {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("data-theme"))
    };
    assert_eq!(theme().as_deref(), Some("dark"), "the theme it opened in");

    // Chrome names its light theme `default`, Firefox `light`.
    set_theme(&host, "default");
    assert_eq!(theme().as_deref(), Some("light"));
    set_theme(&host, "dark");
    assert_eq!(theme().as_deref(), Some("dark"));
    set_theme(&host, "light");
    assert_eq!(theme().as_deref(), Some("light"));
}

#[wasm_bindgen_test]
async fn an_unanswered_permission_prompt_is_named_and_a_second_click_asks_again() {
    let host = start_panel();
    hold_permission_once(&host);
    // The page's origin fills the field once the host gives it.
    let typed = wait_for_text("[data-testid=api-host-input]", |_| {
        find("[data-testid=api-host-input]")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|input| !input.value().is_empty())
    });
    typed.await;
    click("[data-testid=check-button]");
    let waiting = wait_for_text("[data-testid=probe-status]", |t| t.contains("Waiting")).await;
    assert!(
        waiting.starts_with("Waiting for your answer to the browser's request to reach"),
        "{waiting}"
    );
    let button = find("[data-testid=check-button]").expect("the Check API button");
    assert!(
        !button.has_attribute("disabled"),
        "the check can be asked again"
    );

    click("[data-testid=check-button]");
    let done = wait_for_text("[data-testid=probe-status]", |t| {
        t.starts_with("Checked in")
    })
    .await;
    assert!(done.starts_with("Checked in"), "{done}");
    assert!(!text("[data-testid=probe-headline]").is_empty());
}
