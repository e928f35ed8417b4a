//! Offline and sharing: importing a HAR file (button or drag and drop),
//! exporting a Markdown report and a sanitized HAR, copying as cURL.

use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DragEvent, Event, File, HtmlTextAreaElement};

use super::app::App;
use super::dom::{self, js_error, Listener};
use super::model::Dataset;
use crate::diagnose::{Analysis, Severity};
use crate::{redact, report, Result};

/// Connects the import and export controls and the drop zone.
pub fn wire(app: &Rc<App>) {
    let ui = &app.ui;

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.import_button, "click", move |_| {
        a.ui.import_input.set_value("");
        a.ui.import_input.click();
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.import_input, "change", move |_| {
        if let Some(file) = a.ui.import_input.files().and_then(|f| f.get(0)) {
            import(&a, file);
        }
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.import_close, "click", move |_| {
        close_import(&a);
    }));

    wire_drop(app);

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.export_markdown, "click", move |_| {
        report_result(&a, export_markdown(&a));
    }));
    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.export_har, "click", move |_| {
        report_result(&a, export_har(&a));
    }));

    // The error stays until the next import, or until clicked away.
    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.import_error, "click", move |_| {
        dom::show(&a.ui.import_error, false);
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.copy_fallback, "blur", move |_| {
        dom::show(&a.ui.copy_fallback, false);
    }));
}

fn report_result(app: &Rc<App>, result: Result<String>) {
    match result {
        Ok(message) => app.notice(&message),
        Err(error) => app.notice(&format!("Export failed: {error}")),
    }
}

fn wire_drop(app: &Rc<App>) {
    let document = dom::document();
    let has_files = |event: &Event| {
        event
            .dyn_ref::<DragEvent>()
            .and_then(DragEvent::data_transfer)
            .is_some_and(|t| t.types().includes(&"Files".into(), 0))
    };

    let a = Rc::clone(app);
    app.keep(Listener::new(&document, "dragover", move |event: Event| {
        if has_files(&event) {
            event.prevent_default();
            dom::show(&a.ui.drop_zone, true);
        }
    }));

    let a = Rc::clone(app);
    app.keep(Listener::new(
        &a.ui.drop_zone.clone(),
        "dragleave",
        move |_| {
            dom::show(&a.ui.drop_zone, false);
        },
    ));

    let a = Rc::clone(app);
    app.keep(Listener::new(&document, "drop", move |event: Event| {
        event.prevent_default();
        dom::show(&a.ui.drop_zone, false);
        let file = event
            .dyn_ref::<DragEvent>()
            .and_then(DragEvent::data_transfer)
            .and_then(|t| t.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            import(&a, file);
        }
    }));
}

/// Reads and judges a HAR file; on failure the current list stays.
pub fn import(app: &Rc<App>, file: File) {
    let app = Rc::clone(app);
    let name = file.name();
    app.notice(&format!("Reading {name}…"));
    spawn_local(async move {
        let result = read_file(&file)
            .await
            .and_then(|bytes| Dataset::from_har(&name, bytes));
        app.notice("");
        match result {
            Ok(data) => show_import(&app, data),
            Err(error) => {
                let message = format!("Could not import {name}: {error}. Nothing else changed.");
                app.ui.import_error.set_text_content(Some(&message));
                dom::show(&app.ui.import_error, true);
            }
        }
    });
}

async fn read_file(file: &File) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_error("reading the file", e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn show_import(app: &Rc<App>, data: Dataset) {
    let ui = &app.ui;
    dom::show(&ui.import_error, false);

    let name = data.file.as_ref().map_or("", |f| f.name.as_str());
    let looker = data.rows.iter().filter(|r| r.looker).count();
    let mut summary = format!(
        "Showing {name}: {}, {}",
        dom::count(data.rows.len(), "request", "requests"),
        dom::count(looker, "Looker API call", "Looker API calls"),
    );
    if !data.problems.is_empty() {
        let problems = dom::count(data.problems.len(), "entry", "entries");
        summary.push_str(&format!("; {problems} could not be read (listed below)"));
    }
    ui.import_summary.set_text_content(Some(&summary));

    dom::clear(&ui.import_problems);
    for problem in &data.problems {
        let item = dom::text_el("li", "", problem);
        dom::testid(&item, "import-problem");
        dom::append(&ui.import_problems, &[&item]);
    }
    dom::show(&ui.import_problems, !data.problems.is_empty());
    dom::show(&ui.import_banner, true);

    {
        let mut state = app.state.borrow_mut();
        state.imported = Some(data);
        state.selected = None;
        state.view_id += 1;
    }
    app.redraw();
}

fn close_import(app: &Rc<App>) {
    {
        let mut state = app.state.borrow_mut();
        state.imported = None;
        state.selected = None;
        state.view_id += 1;
    }
    dom::show(&app.ui.import_banner, false);
    dom::show(&app.ui.import_problems, false);
    app.redraw();
}

/// The rows an export covers: Looker's calls, and the other traffic when
/// the list shows it.
fn exported_rows(app: &App) -> Vec<usize> {
    let state = app.state.borrow();
    let other = state.filter.other_traffic;
    state
        .data()
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| (r.looker && !r.from_probe) || other)
        .map(|(i, _)| i)
        .collect()
}

fn export_markdown(app: &App) -> Result<String> {
    let positions = exported_rows(app);
    let state = app.state.borrow();
    let data = state.data();

    let mut analysis = Analysis::default();
    let mut entries = Vec::with_capacity(positions.len());
    for &p in &positions {
        let row = &data.rows[p];
        analysis.findings.extend(row.findings.iter().cloned());
        analysis.summary.looker_calls += usize::from(row.looker);
        entries.push((row.index, row.entry.clone()));
    }
    analysis.problems = data.problems.clone();
    analysis.summary.entries = positions.len() + data.problems.len();
    analysis.summary.unreadable_entries = data.problems.len();
    for finding in &analysis.findings {
        match finding.severity {
            Severity::Error => analysis.summary.errors += 1,
            Severity::Warning => analysis.summary.warnings += 1,
            Severity::Info => analysis.summary.infos += 1,
        }
    }

    let source = match &data.file {
        Some(file) => file.name.clone(),
        None if state.inspected_url.is_empty() => "live traffic".to_owned(),
        None => format!(
            "live traffic of {}",
            redact::redact_url(&state.inspected_url)
        ),
    };
    let markdown = report::markdown_report(&analysis, &entries, &source);
    let name = "looker-api-report.md";
    download(name, "text/markdown", markdown.as_bytes())?;
    Ok(format!(
        "Saved {name}: {} findings, secrets redacted.",
        analysis.findings.len()
    ))
}

fn export_har(app: &App) -> Result<String> {
    let positions = exported_rows(app);
    let state = app.state.borrow();
    let data = state.data();

    let (har, name) = match &data.file {
        Some(file) => (file.bytes.clone(), sanitized_name(&file.name)),
        None => (
            live_har(data, &positions)?,
            "looker-api-traffic.sanitized.har".to_owned(),
        ),
    };
    let clean = report::sanitize_har(&har)?;
    download(&name, "application/json", &clean)?;
    Ok(format!("Saved {name}, secrets redacted."))
}

fn sanitized_name(name: &str) -> String {
    let stem = name.strip_suffix(".har").unwrap_or(name);
    format!("{stem}.sanitized.har")
}

/// A HAR file of live rows, with the bodies the panel read put back.
fn live_har(data: &Dataset, positions: &[usize]) -> Result<Vec<u8>> {
    let mut entries = Vec::with_capacity(positions.len());
    for &p in positions {
        let row = &data.rows[p];
        let Ok(mut value) = serde_json::from_slice::<Value>(&row.raw) else {
            continue;
        };
        let content = &row.entry.response.content;
        if let (Some(text), Some(target)) = (&content.text, value.pointer_mut("/response/content"))
        {
            if let Some(object) = target.as_object_mut() {
                object.insert("text".into(), Value::String(text.clone()));
                if let Some(encoding) = &content.encoding {
                    object.insert("encoding".into(), Value::String(encoding.clone()));
                }
            }
        }
        entries.push(value);
    }
    let doc = serde_json::json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "Looker API Doctor", "version": env!("CARGO_PKG_VERSION") },
            "entries": entries,
        }
    });
    serde_json::to_vec(&doc).map_err(|e| crate::Error::Invalid(format!("writing the HAR: {e}")))
}

/// Saves bytes as a file through a Blob URL and a download link.
fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<()> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| js_error("making the file", e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| js_error("making the file's address", e))?;

    let link = dom::el("a", "");
    dom::attr(&link, "href", &url);
    dom::attr(&link, "download", name);
    if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
        link.click();
    }
    // The download has started once click() returns; free the URL later.
    dom::set_timeout(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Copies the selected request as a redacted cURL command.
pub fn copy_curl(app: &Rc<App>) {
    let command = {
        let state = app.state.borrow();
        match state.selected_row() {
            Some(row) => report::curl_command(&row.entry),
            None => return,
        }
    };
    let app = Rc::clone(app);
    spawn_local(async move {
        let copied = match web_sys::window().map(|w| w.navigator().clipboard()) {
            Some(clipboard) => JsFuture::from(clipboard.write_text(&command)).await.is_ok(),
            None => false,
        };
        if copied {
            app.notice("Copied as cURL, secrets redacted.");
        } else {
            copy_fallback(&app, &command);
        }
    });
}

/// Shows the text selected in a box, for Ctrl+C, when the clipboard is
/// not available to the panel.
fn copy_fallback(app: &Rc<App>, text: &str) {
    let Some(area) = app.ui.copy_fallback.dyn_ref::<HtmlTextAreaElement>() else {
        return;
    };
    area.set_value(text);
    dom::show(&app.ui.copy_fallback, true);
    let _ = area.focus();
    area.select();
    app.notice("The clipboard is not available here: press Ctrl+C to copy the selected command.");
}
