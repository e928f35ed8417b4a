//! What the panel observed: one fetch of `/alive` or `/versions`, from the
//! extension or from the inspected page.

use serde::{Deserialize, Serialize};

use super::address::Origin;
use crate::diagnose::VersionsInfo;

/// Which check a fetch made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Check {
    /// `GET <base>/alive`: Looker answers 200 with a blank body.
    Alive,
    /// `GET <base>/versions`: the release, the API versions, the server URLs.
    Versions,
}

impl Check {
    /// The path fetched at the base.
    pub fn path(self) -> &'static str {
        match self {
            Check::Alive => "/alive",
            Check::Versions => "/versions",
        }
    }
}

/// Where a fetch ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Vantage {
    /// The extension's panel: not bound by CORS when it has host permission.
    Extension,
    /// The inspected page's own context: what the page's code can reach.
    Page,
}

/// One fetch the panel made, as it observed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// The URL fetched: a target's base plus the check's path.
    pub url: String,
    /// Which check.
    pub check: Check,
    /// Where it ran.
    pub vantage: Vantage,
    /// Time until the answer or the failure, in ms.
    pub elapsed_ms: f64,
    /// HTTP status, when a response arrived (0 counts as none).
    #[serde(default)]
    pub status: Option<u16>,
    /// `Content-Type` of the response.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The first 64 KB of the body, as text.
    #[serde(default)]
    pub body: Option<String>,
    /// The URL after redirects, when it differs.
    #[serde(default)]
    pub final_url: Option<String>,
    /// The network error `chrome.webRequest` reported, such as
    /// `net::ERR_CONNECTION_REFUSED`.
    #[serde(default)]
    pub net_error: Option<String>,
    /// The error the fetch rejected with, such as
    /// `TypeError: Failed to fetch` or `AbortError: …`.
    #[serde(default)]
    pub js_error: Option<String>,
    /// Whether the panel's own timeout cut the fetch.
    #[serde(default)]
    pub timed_out: bool,
    /// Whether the extension had host permission for the URL.
    #[serde(default)]
    pub permission: Option<bool>,
}

impl Attempt {
    /// The origin fetched.
    pub(crate) fn origin(&self) -> Option<Origin> {
        Origin::parse(&self.url)
    }

    /// The target this fetch belongs to: the URL's origin, or the URL as
    /// given when it has none.
    pub(crate) fn base(&self) -> String {
        self.origin()
            .map_or_else(|| self.url.clone(), |origin| origin.base())
    }

    /// The status of a response that arrived.
    pub(crate) fn answered(&self) -> Option<u16> {
        self.status.filter(|s| *s != 0)
    }

    /// Whether the body is empty or whitespace, as Looker's `/alive` is.
    pub(crate) fn body_is_blank(&self) -> bool {
        self.body.as_deref().map_or(true, |b| b.trim().is_empty())
    }

    /// Whether a non-blank body is an HTML page. A blank `text/html` answer
    /// is not: that is what a blank `/alive` may look like.
    pub(crate) fn is_html(&self) -> bool {
        if self.body_is_blank() {
            return false;
        }
        let declared = self
            .content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        let start = self
            .body
            .as_deref()
            .unwrap_or("")
            .trim_start()
            .chars()
            .take(15)
            .collect::<String>()
            .to_ascii_lowercase();
        declared || start.starts_with("<!doctype html") || start.starts_with("<html")
    }

    /// Whether the body looks like JSON.
    pub(crate) fn is_json(&self) -> bool {
        let declared = self
            .content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
        let body = self.body.as_deref().unwrap_or("").trim_start();
        declared || body.starts_with('{') || body.starts_with('[')
    }

    /// A successful `/versions` answer, read.
    pub(crate) fn versions(&self) -> Option<VersionsInfo> {
        let status = self.answered()?;
        if self.check != Check::Versions || !(200..300).contains(&status) {
            return None;
        }
        VersionsInfo::parse(self.body.as_deref()?.as_bytes())
    }
}
