//! Small DOM helpers: elements are made and filled with text only.
//!
//! Nothing here ever parses markup: every string from traffic, files or
//! the network reaches the page through `textContent` or an attribute.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement};

use crate::{Error, Result};

/// The panel's document.
pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("the panel runs in a page with a document")
}

/// A JS failure as the crate's error, saying what was being done.
pub fn js_error(doing: &str, value: JsValue) -> Error {
    let message = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    Error::Invalid(format!("{doing}: {message}"))
}

/// A new element with a class (none when empty).
pub fn el(tag: &str, class: &str) -> Element {
    let element = document()
        .create_element(tag)
        .expect_throw("creating an element of a known tag");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    element
}

/// A new element holding `text` as text.
pub fn text_el(tag: &str, class: &str, text: &str) -> Element {
    let element = el(tag, class);
    element.set_text_content(Some(text));
    element
}

/// Sets an attribute; the names used here are all valid.
pub fn attr(element: &Element, name: &str, value: &str) {
    element
        .set_attribute(name, value)
        .expect_throw("setting an attribute with a valid name");
}

/// Marks an element for the end-to-end tests.
pub fn testid(element: &Element, id: &str) {
    attr(element, "data-testid", id);
}

/// Appends children in order.
pub fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        parent
            .append_child(child)
            .expect_throw("appending a fresh element");
    }
}

/// Removes every child.
pub fn clear(element: &Element) {
    element.set_text_content(None);
}

/// Shows or hides an element with the `hidden` attribute.
pub fn show(element: &Element, visible: bool) {
    if visible {
        let _ = element.remove_attribute("hidden");
    } else {
        attr(element, "hidden", "");
    }
}

/// Adds or removes a class.
pub fn toggle_class(element: &Element, class: &str, on: bool) {
    let _ = element.class_list().toggle_with_force(class, on);
}

/// The element marked `data-testid=id` in panel.html.
#[inline(never)]
pub fn by_testid(id: &str) -> Result<Element> {
    document()
        .query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
        .ok_or_else(|| Error::Invalid(format!("panel.html has no element data-testid={id}")))
}

/// The same element, cast to its specific type.
pub fn by_testid_as<T: JsCast>(id: &str) -> Result<T> {
    by_testid(id)?.dyn_into::<T>().map_err(|_| not_expected(id))
}

#[inline(never)]
fn not_expected(id: &str) -> Error {
    Error::Invalid(format!("data-testid={id} is not the expected element"))
}

/// Focuses an element if it can take focus.
pub fn focus(element: &Element) {
    if let Some(html) = element.dyn_ref::<HtmlElement>() {
        let _ = html.focus();
    }
}

/// An event listener that is removed when dropped.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens for `event` on `target`.
    pub fn new(target: &EventTarget, event: &'static str, f: impl FnMut(Event) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        target
            .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
            .expect_throw("adding an event listener");
        Listener {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// Runs `f` once after `ms` milliseconds.
pub fn set_timeout(ms: i32, f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

/// Runs `f` once before the browser next paints. A hidden panel paints
/// nothing, so nothing runs until it is shown again.
pub fn on_next_frame(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(ms, move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A count with its noun: `1 request`, `3 requests`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether a URL may become a link: http(s) only, never `javascript:`.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A link that opens in a new tab without giving it this page.
pub fn external_link(url: &str, text: &str) -> Element {
    if !is_web_url(url) {
        return text_el("span", "", url);
    }
    let link = text_el("a", "", text);
    attr(&link, "href", url);
    attr(&link, "target", "_blank");
    attr(&link, "rel", "noopener noreferrer");
    link
}
