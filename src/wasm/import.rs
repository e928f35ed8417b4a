//! Importing a HAR file (button or drag and drop). The file is read a piece
//! at a time and judged as it is read, with its progress shown; it replaces
//! the list once whole. Each row keeps only where its entry is in the file,
//! and a request's headers and bodies are read again when it is selected, so
//! that a large file costs little memory once imported.

use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, DragEvent, Event, File};

use super::app::{App, DetailEntry};
use super::dom::{self, js_error, Listener};
use super::model::Dataset;
use super::row::Record;
use crate::har::stream::{HarStream, Piece, Span};
use crate::har::{self, Entry};
use crate::{redact, Error, Result};

/// Bytes read at a time. Judging 2 MB takes about 40 ms, so the panel
/// stays responsive and shows progress while a large file is read; larger
/// pieces were not faster (`./build.sh bench`).
const PIECE_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Pieces read ahead of the one judged.
const READS_AHEAD: usize = 3;

/// The largest file read whole when it cannot be read in pieces.
const MAX_WHOLE_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// Connects the import controls and the drop zone.
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

    // The error stays until the next import, or until clicked away.
    let a = Rc::clone(app);
    app.keep(Listener::new(&ui.import_error, "click", move |_| {
        dom::show(&a.ui.import_error, false);
    }));

    wire_drop(app);
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

/// Reads and judges a HAR file; on failure the current list stays. A
/// later import stops this one.
pub fn import(app: &Rc<App>, file: File) {
    let app = Rc::clone(app);
    let id = {
        let mut state = app.state.borrow_mut();
        state.import_id += 1;
        state.import_id
    };
    let name = file.name();
    progress(&app, &name, 0.0);
    spawn_local(async move {
        let result = read_har(&app, id, &name, &file).await;
        if app.state.borrow().import_id != id {
            return;
        }
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

fn progress(app: &App, name: &str, done: f64) {
    let percent = (done * 100.0).floor() as u32;
    let text = format!("Reading {name}… {percent}%");
    app.ui.notice.set_text_content(Some(&text));
    dom::show(&app.ui.notice, true);
}

/// How a reading in pieces ended.
enum Pieces {
    Read(Box<Dataset>),
    /// A call was still pending when the recording ended: the rules need
    /// to know when that was, which only the whole file tells.
    NeedsEnd(Option<f64>),
    /// The file is not an ordinary HAR file.
    ReadWhole,
}

/// When the recording ended, as far as known.
#[derive(Clone, Copy)]
enum Recording {
    Unknown,
    /// The latest end of a call in the file, if any call has a start time.
    Ended(Option<f64>),
}

async fn read_har(app: &Rc<App>, id: u32, name: &str, file: &File) -> Result<Dataset> {
    let mut recording = Recording::Unknown;
    loop {
        match read_in_pieces(app, id, name, file, recording).await? {
            Pieces::Read(data) => return Ok(*data),
            Pieces::NeedsEnd(end) => recording = Recording::Ended(end),
            Pieces::ReadWhole => return read_whole(name, file).await,
        }
    }
}

async fn read_in_pieces(
    app: &Rc<App>,
    id: u32,
    name: &str,
    file: &File,
    recording: Recording,
) -> Result<Pieces> {
    let size = file.size();
    let mut data = Dataset::for_file(name, file.clone());
    let mut judging = Judging::new(&mut data, recording);
    let mut stream = HarStream::new();
    let mut bytes = Vec::new();

    // A few pieces are asked for ahead, so that reading the file and
    // judging what was read go on at once.
    let mut asked = 0.0;
    let mut reads = VecDeque::new();
    let mut ask = |reads: &mut VecDeque<JsFuture>| -> Result<()> {
        while reads.len() < READS_AHEAD && asked < size {
            let end = (asked + PIECE_BYTES).min(size);
            reads.push_back(read_slice(file, asked, end)?);
            asked = end;
        }
        Ok(())
    };
    let mut done = 0.0;
    ask(&mut reads)?;
    while let Some(reading) = reads.pop_front() {
        let buffer = reading.await.map_err(|e| js_error("reading the file", e))?;
        if app.state.borrow().import_id != id {
            return Err(Error::Invalid("another import started".into()));
        }
        ask(&mut reads)?;

        let array = Uint8Array::new(&buffer);
        bytes.resize(array.length() as usize, 0);
        array.copy_to(&mut bytes);
        let Ok(piece) = stream.push(&bytes) else {
            return Ok(Pieces::ReadWhole);
        };
        judging.add(&mut data, piece);
        done += bytes.len() as f64;
        progress(app, name, done / size);
    }

    let Ok(piece) = stream.finish() else {
        return Ok(Pieces::ReadWhole);
    };
    judging.add(&mut data, piece);
    if judging.needs_end {
        return Ok(Pieces::NeedsEnd(judging.end));
    }
    Ok(Pieces::Read(Box::new(data)))
}

/// Judges the entries of an imported file as they are read.
struct Judging {
    known_end: bool,
    /// The latest end of a call seen so far.
    end: Option<f64>,
    needs_end: bool,
}

impl Judging {
    fn new(data: &mut Dataset, recording: Recording) -> Judging {
        let known_end = match recording {
            Recording::Unknown => false,
            Recording::Ended(end) => {
                if let Some(end) = end {
                    data.set_recording_end(end);
                }
                true
            }
        };
        Judging {
            known_end,
            end: None,
            needs_end: false,
        }
    }

    fn add(&mut self, data: &mut Dataset, piece: Piece) {
        for (index, span, entry) in piece.entries {
            // As `analyze_har`: the recording ends with its last call.
            if let Some(started) = entry.started_ms() {
                let end = started + entry.time.max(0.0);
                self.end = Some(self.end.map_or(end, |e| e.max(end)));
            }
            // NOTE: only a pending call's findings depend on when the
            // recording ended (rule hanging_call). From the first one on,
            // the file is only measured, and then read again.
            self.needs_end |= !self.known_end && entry.is_pending();
            if !self.needs_end {
                data.add_judged(index, entry, Some(span));
            }
        }
        let problems = piece.problems.iter().map(ToString::to_string);
        data.problems.extend(problems);
    }
}

/// Reads a file that is not an ordinary HAR file whole, as `har::read`
/// reads it: it says what is wrong, or its rows keep their entries.
async fn read_whole(name: &str, file: &File) -> Result<Dataset> {
    if file.size() > MAX_WHOLE_BYTES {
        return Err(Error::NotHar(format!(
            "it is not laid out as a HAR file, and at {} it is too large to say where",
            crate::readable::size(file.size() as usize)
        )));
    }
    let har = har::read(&read_all(file).await?)?;

    let mut data = Dataset::for_file(name, file.clone());
    let end = har
        .entries
        .iter()
        .filter_map(|(_, e)| Some(e.started_ms()? + e.time.max(0.0)))
        .reduce(f64::max);
    if let Some(end) = end {
        data.set_recording_end(end);
    }
    for (index, entry) in har.entries {
        data.add_judged(index, entry, None);
    }
    data.problems = har.problems.iter().map(ToString::to_string).collect();
    Ok(data)
}

fn read_slice(file: &Blob, start: f64, end: f64) -> Result<JsFuture> {
    let slice = file
        .slice_with_f64_and_f64(start, end)
        .map_err(|e| js_error("reading the file", e))?;
    Ok(JsFuture::from(slice.array_buffer()))
}

/// The whole file's bytes.
pub async fn read_all(file: &Blob) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_error("reading the file", e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The entry at `span` of an imported file.
pub async fn entry_at(file: &Blob, span: Span) -> Result<Entry> {
    let buffer = read_slice(file, span.start as f64, span.end as f64)?
        .await
        .map_err(|e| js_error("reading the file", e))?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::Invalid("the file has changed since it was imported".into()))?;
    Entry::from_json(text)
}

/// Reads the selected imported row's entry from its file, for the detail
/// pane, unless it is read already.
pub fn read_selected_entry(app: &Rc<App>) {
    let (file, span, url, view_id, position) = {
        let state = app.state.borrow();
        let (Some(data), Some(position)) = (&state.imported, state.selected) else {
            return;
        };
        let Some(row) = data.rows().get(position) else {
            return;
        };
        let (Record::InFile(span), Some(imported)) = (&row.record, &data.file) else {
            return;
        };
        let read = state.detail_entry.as_ref();
        if read.is_some_and(|d| (d.view_id, d.position) == (state.view_id, position)) {
            return;
        }
        let file = imported.file.clone();
        (file, *span, row.url.clone(), state.view_id, position)
    };

    let app = Rc::clone(app);
    spawn_local(async move {
        // The same request, unless the file changed since it was imported.
        let entry = entry_at(&file, span)
            .await
            .and_then(|entry| {
                if redact::redact_url(&entry.request.url) == *url {
                    Ok(entry)
                } else {
                    Err(Error::Invalid(
                        "the file has changed since it was imported".into(),
                    ))
                }
            })
            .map_err(|e| e.to_string());
        {
            let mut state = app.state.borrow_mut();
            if state.view_id != view_id || state.selected != Some(position) {
                return;
            }
            state.detail_entry = Some(DetailEntry {
                view_id,
                position,
                entry,
            });
        }
        app.redraw();
    });
}

fn show_import(app: &Rc<App>, data: Dataset) {
    let ui = &app.ui;
    dom::show(&ui.import_error, false);

    let name = data.file.as_ref().map_or("", |f| f.name.as_str());
    let unread = data.problems.len();
    let summary = if data.rows().is_empty() && unread > 0 {
        let none = if unread == 1 {
            "its one entry could not be read".to_owned()
        } else {
            format!("none of its {unread} entries could be read")
        };
        format!("Showing {name}: {none} (listed below)")
    } else {
        let mut summary = format!(
            "Showing {name}: {}, {}",
            dom::count(data.rows().len(), "request", "requests"),
            dom::count(data.counts().looker, "Looker API call", "Looker API calls"),
        );
        if unread > 0 {
            let problems = dom::count(unread, "entry", "entries");
            summary.push_str(&format!("; {problems} could not be read (listed below)"));
        }
        summary
    };
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
        if state.imported.is_none() {
            state.live_selected = state.selected.map(|p| (state.live_epoch, p));
        }
        state.imported = Some(data);
        state.selected = None;
        state.detail_entry = None;
        state.view_id += 1;
    }
    app.redraw();
}

/// Back to the live list, with the row that was selected in it before
/// the import selected again.
fn close_import(app: &Rc<App>) {
    let reselect = {
        let mut state = app.state.borrow_mut();
        state.imported = None;
        state.selected = None;
        state.detail_entry = None;
        state.view_id += 1;
        let (epoch, live_rows) = (state.live_epoch, state.live.rows().len());
        state
            .live_selected
            .take()
            .filter(|&(at, position)| at == epoch && position < live_rows)
            .map(|(_, position)| position)
    };
    dom::show(&app.ui.import_banner, false);
    dom::show(&app.ui.import_problems, false);
    match reselect {
        Some(position) => {
            // Drawn first, so that the live list's rows are the visible ones
            // when the selection scrolls to its row.
            app.draw();
            app.select(Some(position));
        }
        None => app.redraw(),
    }
}
