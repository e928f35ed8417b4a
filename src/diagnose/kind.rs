//! The stable codes of findings, and their severities.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Likely to cause a failure, or a failure the caller may recover from.
    Warning,
    /// A call failed, or will.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON and in the panel.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// What a finding is about: a stable code that exports and filters use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The stable code, such as `bad-credentials`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $code,)*
                }
            }

            /// The kind for a stable code.
            pub fn parse(code: &str) -> Option<Kind> {
                match code {
                    $($code => Some(Kind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

kinds! {
    /// The host could not be reached: DNS, refused, timed out.
    Unreachable => "unreachable",
    /// The API answers on another port than the one called.
    WrongPort => "wrong-port",
    /// The call URL is not `<API Host URL>/api/<version>/<call>`.
    UrlShape => "url-shape",
    /// The server names another API URL than the one called.
    ApiHostMismatch => "api-host-mismatch",
    /// Login was refused: the client ID and secret do not match.
    BadCredentials => "bad-credentials",
    /// A 404 after a successful login: the user lacks a permission.
    MissingPermission => "missing-permission",
    /// A 401: no valid token was sent.
    NotAuthenticated => "not-authenticated",
    /// A 401 after the token's `expires_in` ran out.
    TokenExpired => "token-expired",
    /// A 422: fields of the body were rejected.
    ValidationFailed => "validation-failed",
    /// A 400: the body is not valid JSON.
    BadRequestJson => "bad-request-json",
    /// Another 4xx: the server refused the request as it was sent.
    RequestRejected => "request-rejected",
    /// The operation does not exist in the API version called.
    VersionMismatch => "version-mismatch",
    /// A binary body (PDF, PNG, JPG, XLSX).
    BinaryBody => "binary-body",
    /// A call that never finished, or finished only after a long time.
    HangingCall => "hanging-call",
    /// A JSON body sent without `Content-Type: application/json`.
    MissingContentType => "missing-content-type",
    /// The browser withheld the response from the page (CORS).
    CorsBlocked => "cors-blocked",
    /// The TLS connection or certificate failed.
    TlsError => "tls-error",
    /// Something other than the API answered on an API path.
    NotApiResponse => "not-api-response",
    /// A 429: too many calls.
    RateLimited => "rate-limited",
    /// A 5xx from the server.
    ServerError => "server-error",
    /// A 202: the result is not ready yet.
    StillRunning => "still-running",
    /// A 403 on an API path.
    Forbidden => "forbidden",
    /// A 405: the path exists but not with this method.
    MethodNotAllowed => "method-not-allowed",
    /// A 409: the object already exists.
    Conflict => "conflict",
    /// A deprecated, beta or alpha operation was called.
    UnstableOperation => "unstable-operation",
    /// Which Looker SDK or tool made the calls.
    SdkIdentified => "sdk-identified",
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_code_parses_back_to_its_kind() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
        }
    }
}
