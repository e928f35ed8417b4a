//! The command line, parsed by hand: three commands and two options are
//! too few to be worth a parser crate and its build time.

use std::ffi::OsString;
use std::path::PathBuf;

use looker_api_doctor::{Error, Result};

/// What `--help` prints.
pub const USAGE: &str = "\
looker-api-doctor: tells why calls to Looker's REST API fail, from a HAR file.

Usage:
  looker-api-doctor analyze FILE.har [--json] [--color=auto|always|never]
  looker-api-doctor export-markdown FILE.har
  looker-api-doctor sanitize FILE.har
  looker-api-doctor help | --help | --version

Commands:
  analyze          list the findings, grouped by request
  export-markdown  print a Markdown report, secrets redacted
  sanitize         print the HAR file with its secrets redacted

FILE.har may be - to read standard input.

Options:
  --json           print one JSON object: findings, summary, problems
  --color=WHEN     colour the text: auto (on a terminal, unless NO_COLOR
                   is set), always or never
  -h, --help       print this help
  -V, --version    print the version

Exit status: analyze exits 0 when no finding is an error, 1 when one is,
and 2 when none of the file's entries can be read; every command exits 2
when the input cannot be read, and export-markdown and sanitize 0
otherwise.
";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// `analyze`.
    Analyze {
        /// The HAR file.
        input: Input,
        /// `--json`.
        json: bool,
        /// `--color`.
        color: Color,
    },
    /// `export-markdown`.
    ExportMarkdown(Input),
    /// `sanitize`.
    Sanitize(Input),
}

/// Where the HAR file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `-`.
    Stdin,
    /// A path, as given.
    File(PathBuf),
}

impl Input {
    /// The name to put before an error about the input.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "standard input".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// When to colour the text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Reads the arguments after the program's name.
///
/// `--help` and `--version` win wherever they are; after `--` every
/// argument is a file name, so a file called `-x.har` can be read.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command> {
    let mut words: Vec<OsString> = Vec::new();
    let mut json = false;
    let mut color = None;
    let mut options_done = false;

    // A mistake is kept until the end: `--help` anywhere still wins.
    let mut mistake = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_str().unwrap_or("");
        if options_done || text == "-" || !text.starts_with('-') {
            words.push(arg);
            continue;
        }
        match text {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--" => options_done = true,
            "--json" => json = true,
            "--color" => match args.next() {
                Some(value) => color = Some(color_choice(&value.to_string_lossy())),
                None => color = Some(Err(invalid("--color needs a value"))),
            },
            _ => match text.strip_prefix("--color=") {
                Some(value) => color = Some(color_choice(value)),
                None => {
                    let unknown = invalid(&format!("unknown option {}", arg.to_string_lossy()));
                    mistake = mistake.or(Some(unknown));
                }
            },
        }
    }
    if let Some(mistake) = mistake {
        return Err(mistake);
    }
    let color = color.transpose()?;

    let mut words = words.into_iter();
    let command = words
        .next()
        .ok_or_else(|| invalid("missing the command: analyze, export-markdown or sanitize"))?;
    // `help`, and `help analyze`, as other tools take it.
    if command == "help" {
        return Ok(Command::Help);
    }
    let command_name = command.to_string_lossy();
    if !matches!(
        command_name.as_ref(),
        "analyze" | "export-markdown" | "sanitize"
    ) {
        return Err(invalid(&format!("unknown command {command_name}")));
    }
    let input = match words.next() {
        Some(word) if word == "-" => Input::Stdin,
        Some(word) => Input::File(PathBuf::from(word)),
        None => return Err(invalid("missing the HAR file to read")),
    };
    if let Some(extra) = words.next() {
        let extra = extra.to_string_lossy();
        return Err(invalid(&format!("unexpected argument {extra}")));
    }

    if command_name != "analyze" && (json || color.is_some()) {
        let option = if json { "--json" } else { "--color" };
        return Err(invalid(&format!("{option} goes only with analyze")));
    }
    match command_name.as_ref() {
        "analyze" => Ok(Command::Analyze {
            input,
            json,
            color: color.unwrap_or_default(),
        }),
        "export-markdown" => Ok(Command::ExportMarkdown(input)),
        "sanitize" => Ok(Command::Sanitize(input)),
        other => Err(invalid(&format!("unknown command {other}"))),
    }
}

fn color_choice(value: &str) -> Result<Color> {
    match value {
        "auto" => Ok(Color::Auto),
        "always" => Ok(Color::Always),
        "never" => Ok(Color::Never),
        other => Err(invalid(&format!(
            "--color takes auto, always or never, not {other}"
        ))),
    }
}

fn invalid(why: &str) -> Error {
    Error::Invalid(format!("{why} (see --help)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Command> {
        parse(words.iter().map(OsString::from))
    }

    #[test]
    fn analyze_takes_a_file_and_its_options_in_any_order() {
        assert_eq!(
            parse_words(&["--color", "never", "analyze", "a.har", "--json"]),
            Ok(Command::Analyze {
                input: Input::File("a.har".into()),
                json: true,
                color: Color::Never,
            })
        );
        assert_eq!(
            parse_words(&["sanitize", "-"]),
            Ok(Command::Sanitize(Input::Stdin))
        );
    }

    #[test]
    fn help_wins_wherever_it_is() {
        assert_eq!(
            parse_words(&["analyze", "--bogus", "-h"]),
            Ok(Command::Help)
        );
    }

    #[test]
    fn help_is_a_command_too() {
        assert_eq!(parse_words(&["help"]), Ok(Command::Help));
        assert_eq!(parse_words(&["help", "analyze"]), Ok(Command::Help));
    }

    #[test]
    fn after_a_double_dash_a_word_is_a_file() {
        assert_eq!(
            parse_words(&["export-markdown", "--", "--help"]),
            Ok(Command::ExportMarkdown(Input::File("--help".into())))
        );
    }

    #[test]
    fn mistakes_are_named() {
        let message = |words: &[&str]| parse_words(words).unwrap_err().to_string();
        assert_eq!(
            message(&[]),
            "missing the command: analyze, export-markdown or sanitize (see --help)"
        );
        assert_eq!(
            message(&["analyze"]),
            "missing the HAR file to read (see --help)"
        );
        assert_eq!(
            message(&["analyse", "a.har"]),
            "unknown command analyse (see --help)"
        );
        assert_eq!(message(&["bogus"]), "unknown command bogus (see --help)");
        assert_eq!(
            message(&["analyze", "a.har", "--jsn"]),
            "unknown option --jsn (see --help)"
        );
        assert_eq!(
            message(&["sanitize", "a.har", "--json"]),
            "--json goes only with analyze (see --help)"
        );
        assert_eq!(
            message(&["analyze", "a.har", "--color=yes"]),
            "--color takes auto, always or never, not yes (see --help)"
        );
    }
}
