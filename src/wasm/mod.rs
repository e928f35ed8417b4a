//! The DevTools panel: the only `#[wasm_bindgen]` exports of the crate.
//!
//! `extension/panel.js` loads the module and constructs a [`Panel`] with
//! the shim's `host` object (see `extension/shim/chrome.js`); from then on
//! Rust owns the panel's state and DOM. Behind this file is ordinary Rust:
//! `host` types every call into the browser, `app` holds the state and
//! draws it, and one module per feature wires its controls.

mod app;
mod bodies;
mod controls;
mod detail;
mod dom;
mod export;
mod filters;
mod host;
mod import;
mod list;
mod live;
mod model;
mod probe_fetch;
mod probes;
mod row;
mod ui;

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::Error;

pub use host::Host;

/// The running panel. Dropping it stops nothing: the panel lives as long
/// as its page.
#[wasm_bindgen]
pub struct Panel {
    _app: Rc<app::App>,
}

#[wasm_bindgen]
impl Panel {
    /// Takes over panel.html, starts listening to DevTools and reads what
    /// was recorded before the panel opened.
    #[wasm_bindgen(constructor)]
    pub fn new(host: Host) -> Result<Panel, JsError> {
        console_error_panic_hook::set_once();
        let app = app::App::new(host).map_err(to_js)?;

        // The theme DevTools has now, and whichever it is switched to.
        show_theme(app.host.theme());
        match app.host.on_theme_changed(show_theme) {
            Ok(subscription) => app.keep_subscription(subscription),
            Err(error) => web_sys::console::warn_1(&format!("[looker-api-doctor] {error}").into()),
        }

        controls::wire(&app);
        import::wire(&app);
        export::wire(&app);
        probes::wire(&app);
        live::start(&app);
        app.draw();
        Ok(Panel { _app: app })
    }
}

/// Reads and judges a whole HAR file, keeping nothing, and returns the
/// number of findings: the engine alone, without the panel's drawing, for
/// the import benchmark (`tests/bench/`).
#[wasm_bindgen(js_name = analyzeHarBytes)]
pub fn analyze_har_bytes(bytes: &[u8]) -> Result<u32, JsError> {
    let analysis = crate::analyze_har(bytes).map_err(to_js)?;
    Ok(u32::try_from(analysis.findings.len()).unwrap_or(u32::MAX))
}

fn show_theme(theme: &str) {
    if let Some(root) = dom::document().document_element() {
        dom::attr(&root, "data-theme", theme);
    }
}

fn to_js(error: Error) -> JsError {
    JsError::new(&error.to_string())
}
