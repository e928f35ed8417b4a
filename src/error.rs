//! The crate's one error type.

use std::fmt;

/// Result of the crate's fallible operations.
pub type Result<T> = std::result::Result<T, Error>;

/// Why input could not be read or an operation could not be done.
///
/// Messages are lowercase, say where the problem is and what was found, and
/// never quote a secret: they are shown to the user as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not a HAR file as a whole (not UTF-8, not JSON, no entries).
    NotHar(String),
    /// One entry of a HAR file is malformed; the other entries stay usable.
    Entry {
        /// Position of the entry in `log.entries`, from 0.
        index: usize,
        /// What is wrong, with the field's path.
        message: String,
    },
    /// Input outside the HAR reader (a probe observation, a command line).
    Invalid(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotHar(why) => write!(f, "not a HAR file: {why}"),
            Error::Entry { index, message } => write!(f, "entry {index}: {message}"),
            Error::Invalid(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {}
