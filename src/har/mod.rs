//! HTTP exchanges as HAR 1.2 records them, reduced to what diagnosis reads.
//!
//! Chrome and Firefox both export HAR 1.2 with extra fields of their own
//! (`_error`, `_resourceType`, base64 bodies). [`read`] turns a file into
//! [`Entry`] values; the live panel feeds one entry at a time through
//! [`Entry::from_json`].

mod body;
mod each;
mod field_path;
mod pairs;
mod read;
mod scan;
mod text;
mod time;

pub use body::{base64_prefix, decode_base64, BodyBytes};
pub mod stream;

pub use each::read_each;
pub use pairs::{form_pairs, query_pairs};
pub use read::{read, HarFile};
pub use text::{without_lone_surrogates, Text};
pub use time::parse_iso8601_ms;

use serde::Deserialize;

/// The network error given to an entry that failed without a recorded
/// reason. Firefox (and other exporters than Chrome) save a request that
/// got no answer with status 0 and nothing else, where Chrome writes
/// `_error`; [`crate::analyze_har`] marks them with this so that they are
/// judged as failures, not as requests still waiting.
pub const NO_RESPONSE: &str = "no response recorded";

/// One request and its response (or the lack of one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `startedDateTime` as written in the HAR.
    #[serde(default, rename = "startedDateTime")]
    pub started: String,
    /// Total time in milliseconds; negative or absent means unknown, and
    /// more than a year is refused as no real duration.
    #[serde(default, deserialize_with = "read::duration_ms")]
    pub time: f64,
    /// What was sent.
    pub request: Request,
    /// What came back; status 0 when nothing did.
    #[serde(default)]
    pub response: Response,
    /// Chrome's network error for the entry, such as `net::ERR_FAILED`.
    #[serde(default, rename = "_error")]
    pub error: Option<String>,
    /// Chrome's resource type: `fetch`, `xhr`, `preflight`, `document`, ….
    #[serde(default, rename = "_resourceType")]
    pub resource_type: Option<String>,
}

/// The request half of an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// HTTP method, as sent.
    pub method: String,
    /// Absolute URL, query string included.
    pub url: String,
    /// Request headers in the order sent; names keep their case.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The body, when there was one.
    #[serde(default)]
    pub post_data: Option<PostData>,
}

/// A request body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostData {
    /// Declared media type of the body.
    #[serde(default)]
    pub mime_type: String,
    /// The body as text.
    #[serde(default)]
    pub text: Option<Text>,
    /// Form fields, when the exporter split a form body into them.
    #[serde(default)]
    pub params: Vec<Param>,
}

/// One form field of a request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Param {
    /// Field name.
    pub name: String,
    /// Field value, absent for file uploads.
    #[serde(default)]
    pub value: Option<String>,
}

/// The response half of an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// HTTP status; 0 when no response arrived.
    #[serde(default, deserialize_with = "read::status")]
    pub status: u16,
    /// Reason phrase.
    #[serde(default)]
    pub status_text: String,
    /// Response headers; names keep their case.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The body.
    #[serde(default)]
    pub content: Content,
    /// `Location` target of a redirect, or empty.
    #[serde(default, rename = "redirectURL")]
    pub redirect_url: String,
    /// Chrome writes `_error` here rather than on the entry.
    #[serde(default, rename = "_error")]
    pub error: Option<String>,
}

/// A response body as recorded.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    /// Length of the decoded body in bytes, or -1 when unknown.
    #[serde(default, deserialize_with = "read::lenient_f64")]
    pub size: f64,
    /// Media type the browser reported.
    #[serde(default)]
    pub mime_type: String,
    /// Body text; base64 when `encoding` says so.
    #[serde(default)]
    pub text: Option<Text>,
    /// `base64` for bodies the browser kept as bytes.
    #[serde(default)]
    pub encoding: Option<String>,
}

/// A header or query parameter as a name and a value.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct Header {
    /// Name, in the case it was sent.
    pub name: String,
    /// Value.
    pub value: String,
}

/// Panics when the hand-written entry reader reads the entry that `text`
/// starts with otherwise than serde's reader does: for the fuzz target,
/// which holds the two readers to each other on any input.
#[doc(hidden)]
pub fn assert_readers_agree(text: &str) {
    let mut json = scan::Json::new(text, 0);
    if json.peek() != Some(b'{') {
        return;
    }
    if let Some(entry) = scan::entry(&mut json) {
        let scanned = (format!("{entry:?}"), json.at());
        let by_serde = each::by_serde(text).map(|(e, len)| (format!("{e:?}"), len));
        assert_eq!(Some(scanned), by_serde, "the two entry readers differ");
    }
}

/// First value of a header, matched without regard to case.
pub fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

impl Entry {
    /// Reads one entry from its JSON text, as DevTools hands it to the panel.
    pub fn from_json(text: &str) -> crate::Result<Entry> {
        read::entry_from_json(0, text)
    }

    /// The browser's network error, wherever the exporter put it.
    pub fn network_error(&self) -> Option<&str> {
        self.error
            .as_deref()
            .or(self.response.error.as_deref())
            .filter(|e| !e.is_empty())
    }

    /// Whether the request never completed: no status and no network error.
    ///
    /// DevTools lists in-flight requests with status 0 and no `_error`; a
    /// failed one always carries `_error` (see the toolchain notes).
    pub fn is_pending(&self) -> bool {
        self.response.status == 0 && self.network_error().is_none()
    }

    /// `startedDateTime` in milliseconds since the Unix epoch.
    pub fn started_ms(&self) -> Option<f64> {
        parse_iso8601_ms(&self.started)
    }

    /// The response body as bytes, decoding base64 where recorded so.
    pub fn response_body(&self) -> Option<BodyBytes<'_>> {
        body::decode(&self.response.content)
    }

    /// The first `len` bytes of the response body, decoding only as much
    /// base64 as that needs: enough to sniff a file type or an HTML page
    /// without decoding a large body.
    pub fn response_head(&self, len: usize) -> Vec<u8> {
        let content = &self.response.content;
        let is_base64 = content
            .encoding
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        // Base64 takes four characters for three bytes.
        let want = if is_base64 {
            len.saturating_mul(2) + 8
        } else {
            len
        };
        let Some(text) = content.text.as_ref().map(|t| t.head(want)) else {
            return Vec::new();
        };
        if is_base64 {
            if let Some(mut head) = base64_prefix(&text, len) {
                head.truncate(len);
                return head;
            }
        }
        text.as_bytes()[..text.len().min(len)].to_vec()
    }

    /// Whether this is the browser's CORS preflight of another request (an
    /// `OPTIONS` that asks with `Access-Control-Request-Method`): its answer
    /// says whether the browser may send that request, not what the API did.
    pub fn is_preflight(&self) -> bool {
        self.request.method.eq_ignore_ascii_case("OPTIONS")
            && (self.resource_type.as_deref() == Some("preflight")
                || self
                    .request_header("access-control-request-method")
                    .is_some())
    }

    /// A request header, case-insensitively.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        header(&self.request.headers, name)
    }

    /// A response header, case-insensitively.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        header(&self.response.headers, name)
    }

    /// The request body's declared media type: `postData.mimeType`, else
    /// the `Content-Type` header.
    pub fn request_content_type(&self) -> Option<&str> {
        let declared = self
            .request
            .post_data
            .as_ref()
            .map(|p| p.mime_type.as_str());
        declared
            .filter(|m| !m.is_empty())
            .or_else(|| self.request_header("content-type"))
    }

    /// The response's media type: the `Content-Type` header, else the
    /// browser's `content.mimeType`.
    pub fn response_content_type(&self) -> &str {
        self.response_header("content-type")
            .unwrap_or(&self.response.content.mime_type)
    }
}
