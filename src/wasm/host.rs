//! The browser as the panel sees it: the JS shim's `host` object
//! (`extension/shim/chrome.js`, or `fake.js` in a plain tab).
//!
//! Every call is typed here and its failure turned into the crate's error,
//! so the rest of the panel never handles a `JsValue` from the shim.

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dom::js_error;
use crate::Result;

#[wasm_bindgen]
extern "C" {
    /// The shim's `host` object; its methods are documented in chrome.js.
    #[derive(Clone)]
    pub type Host;

    #[wasm_bindgen(method, js_name = themeName)]
    fn theme_name_js(this: &Host) -> JsValue;

    #[wasm_bindgen(method, catch, js_name = onThemeChanged)]
    fn on_theme_changed_js(
        this: &Host,
        listener: &Function,
    ) -> std::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = inspectedUrl)]
    fn inspected_url_js(this: &Host) -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = onRequestFinished)]
    fn on_request_finished_js(
        this: &Host,
        listener: &Function,
    ) -> std::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = onNavigated)]
    fn on_navigated_js(this: &Host, listener: &Function) -> std::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = getHar)]
    fn get_har_js(this: &Host, pending_only: bool) -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = getContent)]
    fn get_content_js(this: &Host, handle: &JsValue) -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = storageGet)]
    fn storage_get_js(this: &Host, key: &str) -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = storageSet)]
    fn storage_set_js(this: &Host, key: &str, value: &str)
        -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = requestPermission)]
    fn request_permission_js(this: &Host, origins: Array) -> std::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = watchNetErrors)]
    fn watch_net_errors_js(
        this: &Host,
        patterns: Array,
        listener: &Function,
    ) -> std::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = pageEval)]
    fn page_eval_js(this: &Host, expression: &str) -> std::result::Result<Promise, JsValue>;
}

/// One HAR entry from DevTools: its JSON bytes and the shim's handle for
/// fetching its body later.
pub struct RawEntry {
    /// `JSON.stringify` of the entry, UTF-8.
    pub bytes: Vec<u8>,
    /// What `getContent` needs.
    pub handle: JsValue,
}

impl RawEntry {
    /// Reads a `[Uint8Array, handle]` pair from the shim.
    pub fn from_pair(pair: &JsValue) -> Option<RawEntry> {
        let pair = pair.dyn_ref::<Array>()?;
        let bytes = pair.get(0).dyn_into::<Uint8Array>().ok()?.to_vec();
        Some(RawEntry {
            bytes,
            handle: pair.get(1),
        })
    }
}

/// A listener registered with the shim; unregistered when dropped.
pub struct Subscription {
    unsubscribe: Option<Function>,
    _closure: Box<dyn std::any::Any>,
}

impl Subscription {
    fn new(unsubscribe: JsValue, closure: Box<dyn std::any::Any>) -> Subscription {
        Subscription {
            unsubscribe: unsubscribe.dyn_into::<Function>().ok(),
            _closure: closure,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(unsubscribe) = &self.unsubscribe {
            let _ = unsubscribe.call0(&JsValue::NULL);
        }
    }
}

async fn settle(doing: &str, promise: std::result::Result<Promise, JsValue>) -> Result<JsValue> {
    let promise = promise.map_err(|e| js_error(doing, e))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| js_error(doing, e))
}

/// The panel's theme for a DevTools theme name: Chrome says `default` or
/// `dark`, Firefox `light`, `dark` or `firebug`.
fn theme_of(name: Option<&str>) -> &'static str {
    match name {
        Some("dark") => "dark",
        _ => "light",
    }
}

fn string_array(items: &[String]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

impl Host {
    /// `dark` or `light`, from DevTools' theme.
    pub fn theme(&self) -> &'static str {
        theme_of(self.theme_name_js().as_string().as_deref())
    }

    /// Calls `f` with `dark` or `light` each time DevTools' theme changes.
    pub fn on_theme_changed(
        &self,
        mut f: impl FnMut(&'static str) + 'static,
    ) -> Result<Subscription> {
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |name: JsValue| {
            f(theme_of(name.as_string().as_deref()));
        });
        let unsubscribe = self
            .on_theme_changed_js(closure.as_ref().unchecked_ref())
            .map_err(|e| js_error("following DevTools' theme", e))?;
        Ok(Subscription::new(unsubscribe, Box::new(closure)))
    }

    /// The inspected page's URL, when it can be read.
    pub async fn inspected_url(&self) -> Result<String> {
        let value = settle("reading the inspected page's URL", self.inspected_url_js()).await?;
        Ok(value.as_string().unwrap_or_default())
    }

    /// Calls `f` with each request DevTools reports finished.
    pub fn on_request_finished(
        &self,
        mut f: impl FnMut(RawEntry) + 'static,
    ) -> Result<Subscription> {
        let closure = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |bytes: JsValue, handle| {
            if let Ok(bytes) = bytes.dyn_into::<Uint8Array>() {
                f(RawEntry {
                    bytes: bytes.to_vec(),
                    handle,
                });
            }
        });
        let unsubscribe = self
            .on_request_finished_js(closure.as_ref().unchecked_ref())
            .map_err(|e| js_error("listening to finished requests", e))?;
        Ok(Subscription::new(unsubscribe, Box::new(closure)))
    }

    /// Calls `f` with the new URL each time the inspected page navigates.
    pub fn on_navigated(&self, f: impl FnMut(String) + 'static) -> Result<Subscription> {
        let closure = Closure::<dyn FnMut(String)>::new(f);
        let unsubscribe = self
            .on_navigated_js(closure.as_ref().unchecked_ref())
            .map_err(|e| js_error("listening to navigations", e))?;
        Ok(Subscription::new(unsubscribe, Box::new(closure)))
    }

    /// The requests DevTools recorded so far (only in-flight ones when
    /// `pending_only`), in recording order.
    pub async fn get_har(&self, pending_only: bool) -> Result<Vec<RawEntry>> {
        let value = settle("reading DevTools' HAR", self.get_har_js(pending_only)).await?;
        let list = value.dyn_into::<Array>().unwrap_or_default();
        Ok(list
            .iter()
            .filter_map(|p| RawEntry::from_pair(&p))
            .collect())
    }

    /// A response body: its text and `base64` when it is encoded so.
    pub async fn get_content(&self, handle: &JsValue) -> Result<(Option<String>, Option<String>)> {
        let value = settle("reading a response body", self.get_content_js(handle)).await?;
        let pair = value.dyn_into::<Array>().unwrap_or_default();
        Ok((pair.get(0).as_string(), pair.get(1).as_string()))
    }

    /// A value kept in the extension's local storage.
    pub async fn storage_get(&self, key: &str) -> Result<Option<String>> {
        let value = settle("reading the extension's storage", self.storage_get_js(key)).await?;
        Ok(value.as_string())
    }

    /// Keeps a value in the extension's local storage.
    pub async fn storage_set(&self, key: &str, value: &str) -> Result<()> {
        settle(
            "writing the extension's storage",
            self.storage_set_js(key, value),
        )
        .await?;
        Ok(())
    }

    /// Asks for host permissions (`https://host/*` patterns). Must be
    /// started in the click handler: the browser wants a user gesture.
    pub fn request_permission(
        &self,
        patterns: &[String],
    ) -> impl std::future::Future<Output = Result<bool>> {
        let started = self.request_permission_js(string_array(patterns));
        async move {
            let value = settle("asking for host permission", started).await?;
            Ok(value.as_bool().unwrap_or(false))
        }
    }

    /// Calls `f(url, error)` for each of the panel's own requests to these
    /// patterns that fails, with the browser's `net::ERR_…` reason.
    pub fn watch_net_errors(
        &self,
        patterns: &[String],
        f: impl FnMut(String, String) + 'static,
    ) -> Result<Subscription> {
        let closure = Closure::<dyn FnMut(String, String)>::new(f);
        let unsubscribe = self
            .watch_net_errors_js(string_array(patterns), closure.as_ref().unchecked_ref())
            .map_err(|e| js_error("watching network errors", e))?;
        Ok(Subscription::new(unsubscribe, Box::new(closure)))
    }

    /// Evaluates an expression in the inspected page; its value must be
    /// JSON-compatible. Fails with the page's exception.
    pub async fn page_eval(&self, expression: &str) -> Result<JsValue> {
        let value = settle(
            "running code in the inspected page",
            self.page_eval_js(expression),
        )
        .await?;
        let pair = value.dyn_into::<Array>().unwrap_or_default();
        match pair.get(1).as_string() {
            Some(error) => Err(crate::Error::Invalid(format!(
                "the inspected page refused the check: {error}"
            ))),
            None => Ok(pair.get(0)),
        }
    }
}
