//! The `looker-api-doctor` command: reads a HAR file and prints what is
//! wrong with its Looker API calls, or exports it redacted.
//!
//! It lives in the binary crate, not behind a `cfg` in the library: the
//! library builds for wasm32 and knows nothing of files, standard streams
//! or terminals, and no other user of the library needs this code.
//! `tests/cli.rs` runs the built binary.

mod args;
mod text;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use looker_api_doctor::diagnose::{self, Summary};
use looker_api_doctor::har::{self, HarFile};
use looker_api_doctor::readable::visible;
use looker_api_doctor::{report, Analysis, Finding, Severity};
use serde::Serialize;

use args::{Color, Command, Input};

/// Exit status when the input or the arguments cannot be used.
const UNUSABLE: u8 = 2;

/// Lines of a terminal's text wrap at this width, or before it on a
/// narrower terminal.
const MAX_WIDTH: usize = 100;

/// Runs the command on the arguments after the program's name.
///
/// Exits 0 when no finding is an error, 1 when one is, and 2 with a
/// one-line reason on stderr when the input cannot be read (for `analyze`,
/// also when none of its entries can).
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match execute(args) {
        Ok(status) => ExitCode::from(status),
        Err(why) => {
            // The message may quote a file name or an argument.
            eprintln!("looker-api-doctor: {}", visible(&why));
            ExitCode::from(UNUSABLE)
        }
    }
}

fn execute(args: impl IntoIterator<Item = OsString>) -> Result<u8, String> {
    let command = args::parse(args).map_err(|e| e.to_string())?;
    match command {
        Command::Help => write_out(args::USAGE.as_bytes()).map(|()| 0),
        Command::Version => {
            let version = format!("looker-api-doctor {}\n", env!("CARGO_PKG_VERSION"));
            write_out(version.as_bytes()).map(|()| 0)
        }
        Command::Analyze { input, json, color } => analyze(&input, json, color),
        Command::ExportMarkdown(input) => {
            let (file, analysis) = read_har(&input)?;
            let markdown = report::markdown_report(&analysis, &file.entries, &source_name(&input));
            write_out(markdown.as_bytes())?;
            Ok(unreadable_status(&input, &file).unwrap_or(0))
        }
        Command::Sanitize(input) => {
            let bytes = read_input(&input)?;
            let sanitized =
                report::sanitize_har(&bytes).map_err(|e| format!("{}: {e}", input.name()))?;
            write_out(&sanitized).map(|()| 0)
        }
    }
}

/// What `--json` prints.
#[derive(Serialize)]
struct JsonOutput<'a> {
    findings: &'a [Finding],
    summary: &'a Summary,
    problems: &'a [String],
}

fn analyze(input: &Input, json: bool, color: Color) -> Result<u8, String> {
    let (file, analysis) = read_har(input)?;

    let output = if json {
        let object = JsonOutput {
            findings: &analysis.findings,
            summary: &analysis.summary,
            problems: &analysis.problems,
        };
        let text = serde_json::to_string_pretty(&object)
            .map_err(|e| format!("cannot write the findings as JSON: {e}"))?;
        text + "\n"
    } else {
        let terminal = io::stdout().is_terminal();
        let style = text::Style {
            color: wants_color(color, terminal),
            width: width(terminal),
        };
        text::render(&analysis, &file.entries, &style)
    };
    write_out(output.as_bytes())?;

    if let Some(status) = unreadable_status(input, &file) {
        return Ok(status);
    }
    let failed = analysis
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(u8::from(failed))
}

/// The exit status when nothing was judged because no entry could be read:
/// the listed problems are all there is, and the command could not do its
/// job. Says so on standard error.
fn unreadable_status(input: &Input, file: &HarFile) -> Option<u8> {
    if !file.entries.is_empty() || file.problems.is_empty() {
        return None;
    }
    let count = file.problems.len();
    eprintln!(
        "looker-api-doctor: {}: none of its {count} entries could be read",
        visible(&input.name())
    );
    Some(UNUSABLE)
}

/// Reads and judges the HAR file.
fn read_har(input: &Input) -> Result<(HarFile, Analysis), String> {
    let bytes = read_input(input)?;
    let name = input.name();
    let file = har::read(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let analysis = diagnose::analyze_file(&file);
    Ok((file, analysis))
}

fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    let read = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes)
        }
        Input::File(path) => std::fs::read(path),
    };
    read.map_err(|e| format!("{}: {}", input.name(), describe_io(&e)))
}

/// The file's name without its folders, which may name a person.
fn source_name(input: &Input) -> String {
    match input {
        Input::Stdin => "standard input".to_owned(),
        Input::File(path) => path
            .file_name()
            .map_or_else(|| input.name(), |n| Path::new(n).display().to_string()),
    }
}

fn write_out(bytes: &[u8]) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is not a failure.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the output: {}", describe_io(&e)))
        }
        _ => Ok(()),
    }
}

/// An I/O error in the lowercase style of the crate's messages, without
/// the `(os error N)` suffix.
fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "unknown error".to_owned(),
            }
        }
    }
}

/// Colours on a terminal unless `NO_COLOR` is set (https://no-color.org)
/// or the terminal is `dumb`; `--color` overrides both.
fn wants_color(choice: Color, terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            terminal && !no_color && !dumb
        }
    }
}

/// The terminal's width as the shell exports it in `COLUMNS`, at most
/// [`MAX_WIDTH`]; [`MAX_WIDTH`] when not on a terminal.
///
/// NOTE: asking the terminal itself (`TIOCGWINSZ`) needs `libc` or a crate
/// such as `terminal_size`; `COLUMNS` is enough for wrapping prose.
fn width(terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 40);
    match columns {
        Some(c) if terminal => c.min(MAX_WIDTH),
        _ => MAX_WIDTH,
    }
}
