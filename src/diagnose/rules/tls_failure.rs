//! A call whose TLS connection failed: the server's certificate was not
//! trusted, named another host, had expired, or the handshake broke.
//!
//! # Why
//! Chrome records such a call with status 0 and `_error` set to a
//! `net::ERR_CERT_*` or `net::ERR_SSL_*` code (toolchain notes, "Why a
//! request failed": an untrusted certificate gives
//! `net::ERR_CERT_AUTHORITY_INVALID`). Customer-hosted instances often run
//! with a self-signed certificate, and calls by IP address or internal name
//! miss the name on the certificate. The SDKs verify certificates by
//! default; `verify_ssl=false` is meant only for local tests against
//! self-signed certificates (facts §1.11).
//!
//! # Known limitations
//! The record gives Chrome's code, not the certificate: which authority or
//! name it carried is seen only by opening the URL in a tab. A proxy that
//! inspects TLS with its own certificate looks like an untrusted server.
//!
//! # Example
//! `POST https://looker.internal.acme.com:19999/api/4.0/login` → status 0,
//! `_error: net::ERR_CERT_AUTHORITY_INVALID`.

use super::{call_name, port_of, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};

/// The rule.
pub static RULE: Rule = Rule {
    id: "tls_failure",
    kind: Kind::TlsError,
    severity: Severity::Error,
    title: "secure connection failed: certificate or TLS handshake rejected",
    guide_anchor: "",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    let error = call.entry.network_error()?;
    let code = error.strip_prefix("net::").unwrap_or(error);
    if !(code.starts_with("ERR_CERT")
        || code.starts_with("ERR_SSL_")
        || code == "ERR_BAD_SSL_CLIENT_AUTH_CERT")
    {
        return None;
    }

    let host = &call.looker.host;
    let origin = &call.looker.origin;
    let port = port_of(call);
    let inspect = format!(
        "Open {origin}/alive in a browser tab and look at the certificate Chrome shows (the \
         warning's details)."
    );
    let (title, meaning, first_step) = match code {
        "ERR_CERT_AUTHORITY_INVALID" => (
            "untrusted certificate",
            "the certificate is not signed by an authority this browser trusts: it is \
             self-signed, or issued by a private (company) authority"
                .to_owned(),
            "Install a certificate from a public authority on the instance, or add your \
             company's authority to this machine's trusted certificates."
                .to_owned(),
        ),
        "ERR_CERT_COMMON_NAME_INVALID" => (
            "certificate names another host",
            format!(
                "the certificate does not name {host}: the call uses an IP address, an internal \
                 name or an alias the certificate does not cover"
            ),
            "Call the host name the certificate names: normally the API Host URL on Admin > API."
                .to_owned(),
        ),
        "ERR_CERT_DATE_INVALID" => (
            "certificate expired or not yet valid",
            "the certificate has expired, or is not valid yet; a wrong clock on this machine \
             gives the same error"
                .to_owned(),
            "Check this machine's date and time, then have the instance's certificate renewed."
                .to_owned(),
        ),
        "ERR_BAD_SSL_CLIENT_AUTH_CERT" => (
            "client certificate rejected",
            "the server asked this browser for a client certificate and rejected the one sent, \
             or none was sent (mutual TLS)"
                .to_owned(),
            "Install the client certificate your network requires, and choose it when the \
             browser asks."
                .to_owned(),
        ),
        "ERR_SSL_PROTOCOL_ERROR" | "ERR_SSL_VERSION_OR_CIPHER_MISMATCH" => (
            "secure connection failed: TLS handshake",
            format!(
                "the TLS handshake on port {port} failed: the port may not speak HTTPS at all \
                 (a plain http:// port), or the server and browser share no TLS version"
            ),
            format!(
                "Check the scheme and port: an https:// URL on a plain-HTTP port fails this way; \
                 try the API Host URL on Admin > API instead of port {port}."
            ),
        ),
        _ => (
            "certificate or TLS rejected",
            format!("the browser rejected the TLS connection to {host}"),
            "Have the instance's certificate checked: Chrome's error code names the problem."
                .to_owned(),
        ),
    };
    let detail = format!(
        "{} failed with {error}, before any request was sent: {meaning}. Browsers \
         and the Looker SDKs refuse such a connection.",
        call_name(call),
    );

    let mut observation = Observation::new(detail, &[]).titled(title);
    observation.next_steps = vec![
        first_step,
        inspect,
        "In an SDK, set verify_ssl=false only for local tests against a self-signed \
         certificate, never in production."
            .to_owned(),
    ];
    Some(observation)
}
