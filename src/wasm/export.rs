//! Sharing: a Markdown report of the findings, a sanitized HAR file and a
//! request as cURL, every one with secrets redacted.

use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{File, HtmlTextAreaElement};

use super::app::App;
use super::dom::{self, js_error, Listener};
use super::import;
use super::model::Dataset;
use super::row::{Record, Row};
use crate::diagnose::{Analysis, Severity};
use crate::har::{Entry, Response};
use crate::{redact, report, Result};

/// Connects the export controls.
pub fn wire(app: &Rc<App>) {
    let ui = &app.ui;

    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.export_markdown, "click", move |_| {
        report_result(&a, export_markdown(&a));
    }));
    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.export_har, "click", move |_| {
        export_har(&a);
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

/// The rows an export covers: Looker's calls, and the other traffic when
/// the list shows it.
fn exported_rows(app: &App) -> Vec<usize> {
    let state = app.state.borrow();
    let other = state.filter.other_traffic;
    state
        .data()
        .rows()
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

    let mut secrets = data.secrets().to_vec();
    crate::report::sort_longest_first(&mut secrets);
    let mut analysis = Analysis::default();
    let mut entries = Vec::with_capacity(positions.len());
    for &p in &positions {
        let row = &data.rows()[p];
        analysis.findings.extend(row.findings.iter().cloned());
        analysis.summary.looker_calls += usize::from(row.looker);
        let entry = match row.entry() {
            Some(entry) => entry.clone(),
            None => status_only(row, &secrets),
        };
        entries.push((row.index, entry));
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

/// What the report reads of a request of an imported file, which the row
/// does not keep whole: its status, reason and network error, with the
/// session's secrets (longest first) already scrubbed.
fn status_only(row: &Row, secrets: &[String]) -> Entry {
    let scrub = |text: &str| redact::scrub_text(text, secrets);
    Entry {
        response: Response {
            status: row.status,
            status_text: scrub(&row.reason),
            ..Response::default()
        },
        error: row.network_error.as_deref().map(scrub),
        ..Entry::default()
    }
}

fn export_har(app: &Rc<App>) {
    let file = {
        let state = app.state.borrow();
        let data = state.data();
        data.file
            .as_ref()
            .map(|f| (f.file.clone(), sanitized_name(&f.name)))
    };
    let Some((file, name)) = file else {
        report_result(app, export_live_har(app));
        return;
    };

    // The imported file is read again: its bytes are not kept.
    app.notice(&format!("Writing {name}…"));
    let app = Rc::clone(app);
    spawn_local(async move {
        let result = sanitize_file(&file, &name).await;
        report_result(&app, result);
    });
}

async fn sanitize_file(file: &File, name: &str) -> Result<String> {
    let clean = report::sanitize_har(&import::read_all(file).await?)?;
    download(name, "application/json", &clean)?;
    Ok(format!("Saved {name}, secrets redacted."))
}

fn export_live_har(app: &App) -> Result<String> {
    let positions = exported_rows(app);
    let har = live_har(app.state.borrow().data(), &positions)?;
    let clean = report::sanitize_har(&har)?;
    let name = "looker-api-traffic.sanitized.har";
    download(name, "application/json", &clean)?;
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
        let Record::Live { entry, raw, .. } = &data.rows()[p].record else {
            continue;
        };
        let Ok(mut value) = serde_json::from_slice::<Value>(raw) else {
            continue;
        };
        let content = &entry.response.content;
        if let (Some(text), Some(target)) = (&content.text, value.pointer_mut("/response/content"))
        {
            if let Some(object) = target.as_object_mut() {
                object.insert("text".into(), Value::String(text.get().to_owned()));
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
    // The entry: the row's own, the one read for the detail pane, or one
    // to read from the imported file now.
    let (known, secrets) = {
        let state = app.state.borrow();
        let Some(row) = state.selected_row() else {
            return;
        };
        let secrets = state.data().secrets().to_vec();
        let shown = state
            .detail_entry
            .as_ref()
            .filter(|d| (d.view_id, Some(d.position)) == (state.view_id, state.selected));
        let known = match (row.entry(), shown.and_then(|d| d.entry.as_ref().ok())) {
            (Some(entry), _) | (None, Some(entry)) => {
                Ok(report::curl_command_knowing(entry, &secrets))
            }
            (None, None) => match (&row.record, &state.data().file) {
                (Record::InFile(span), Some(imported)) => Err((imported.file.clone(), *span)),
                _ => return,
            },
        };
        (known, secrets)
    };

    let app = Rc::clone(app);
    spawn_local(async move {
        let command = match known {
            Ok(command) => command,
            Err((file, span)) => match import::entry_at(&file, span).await {
                Ok(entry) => report::curl_command_knowing(&entry, &secrets),
                Err(error) => {
                    app.notice(&format!("Copy failed: {error}"));
                    return;
                }
            },
        };
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
