//! An address whose TLS connection failed: an untrusted, expired or
//! misnamed certificate, or a port that does not speak https.
//!
//! # Why
//! Browsers refuse such a connection outright, and so do the SDKs, whose
//! `verify_ssl` is on by default (facts §1.11). `chrome.webRequest` names
//! the cause (`net::ERR_CERT_AUTHORITY_INVALID`, `net::ERR_CERT_DATE_INVALID`,
//! `net::ERR_SSL_PROTOCOL_ERROR`); JavaScript sees only `Failed to fetch`
//! (toolchain notes, "Why a request failed").
//!
//! # Known limitations
//! A corporate proxy that re-signs traffic with its own authority looks the
//! same as a self-signed server certificate. A certificate the browser
//! trusts but a server-side SDK does not (or the reverse) cannot be seen
//! from the browser.
//!
//! # Example
//! `GET https://looker.corp.example/alive` fails with
//! `net::ERR_CERT_AUTHORITY_INVALID`.

use super::{finding, Judged};
use crate::diagnose::rules::RuleInfo;
use crate::diagnose::Observation;
use crate::probe::reason::Reason;
use crate::{Finding, Kind, Severity};

/// The verdict.
pub static VERDICT: RuleInfo = RuleInfo {
    id: "probe_tls_error",
    kind: Kind::TlsError,
    severity: Severity::Error,
    title: "the certificate or TLS connection failed",
    guide_anchor: "",
};

pub(super) fn find(j: &Judged<'_>) -> Vec<Finding> {
    j.failures()
        .filter(|(_, v)| v.reason == Reason::Tls)
        .map(|(t, v)| {
            let detail = format!(
                "{}: {}. Browsers refuse such a connection, and so do the Looker SDKs \
                 (verify_ssl is on by default).",
                v.url, v.summary
            );
            let observation = Observation::new(
                detail,
                &[
                    "Open the address in a tab and read the browser's certificate warning.",
                    "Behind a corporate proxy that re-signs https, install its root certificate.",
                    "Customer-hosted: the certificate must name the host and include the \
                     intermediate certificates.",
                    "Set verify_ssl=false only to test against a self-signed certificate.",
                ],
            )
            .with_severity(j.weigh(&VERDICT, &t.base));
            finding(&VERDICT, &v.url, observation)
        })
        .collect()
}
