//! Rounds of checks as the panel reports them, and what the judgement says.

use super::{follow_up, judge, judge_for, Attempt, Check, Reason, Report, Target, Vantage};
use crate::Severity;

const HOSTED: &str = "https://acme.looker.com";
const LEGACY: &str = "https://acme.looker.com:19999";

/// A fetch from the extension, with permission, that got a blank 200.
fn fetch(base: &str, check: Check) -> Attempt {
    Attempt {
        url: format!("{base}{}", check.path()),
        check,
        vantage: Vantage::Extension,
        elapsed_ms: 80.0,
        status: Some(200),
        content_type: None,
        body: None,
        final_url: None,
        net_error: None,
        js_error: None,
        timed_out: false,
        permission: Some(true),
    }
}

fn versions_body(api_server_url: &str) -> String {
    format!(
        r#"{{"looker_release_version":"25.4.12","current_version":{{"version":"4.0"}},
        "supported_versions":[{{"version":"4.0","full_version":"4.0.25.4","status":"current"}}],
        "api_server_url":"{api_server_url}","web_server_url":"https://acme.looker.com"}}"#
    )
}

/// `/alive` blank and `/versions` naming `api_server_url`.
fn healthy(base: &str, api_server_url: &str) -> Vec<Attempt> {
    vec![
        fetch(base, Check::Alive),
        Attempt {
            content_type: Some("application/json".to_owned()),
            body: Some(versions_body(api_server_url)),
            ..fetch(base, Check::Versions)
        },
    ]
}

/// Both checks failing with the same network error.
fn failing(base: &str, net_error: &str) -> Vec<Attempt> {
    [Check::Alive, Check::Versions]
        .into_iter()
        .map(|check| Attempt {
            status: None,
            net_error: Some(net_error.to_owned()),
            js_error: Some("TypeError: Failed to fetch".to_owned()),
            ..fetch(base, check)
        })
        .collect()
}

/// Both checks answering with the same page.
fn answering(base: &str, status: u16, content_type: &str, body: &str) -> Vec<Attempt> {
    [Check::Alive, Check::Versions]
        .into_iter()
        .map(|check| Attempt {
            status: Some(status),
            content_type: Some(content_type.to_owned()),
            body: Some(body.to_owned()),
            ..fetch(base, check)
        })
        .collect()
}

/// The same checks from the inspected page, failing as a page sees it.
fn blocked_in_page(base: &str) -> Vec<Attempt> {
    [Check::Alive, Check::Versions]
        .into_iter()
        .map(|check| Attempt {
            vantage: Vantage::Page,
            status: None,
            permission: None,
            js_error: Some("TypeError: Failed to fetch".to_owned()),
            ..fetch(base, check)
        })
        .collect()
}

fn round(parts: &[Vec<Attempt>]) -> Vec<Attempt> {
    parts.concat()
}

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule).collect()
}

fn has_error(report: &Report) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
}

#[test]
fn a_healthy_443_is_recommended_and_a_closed_19999_is_only_a_note() {
    let report = judge(&round(&[
        healthy(HOSTED, HOSTED),
        failing(LEGACY, "net::ERR_CONNECTION_REFUSED"),
    ]));

    assert_eq!(report.recommended.as_deref(), Some(HOSTED));
    assert_eq!(
        report.headline,
        "Use https://acme.looker.com: /alive and /versions answer there; port 19999 is closed."
    );
    assert!(!has_error(&report), "{:#?}", report.findings);
    assert_eq!(rules(&report), ["probe_wrong_port"]);
    assert_eq!(report.findings[0].severity, Severity::Info);

    let hosted = &report.targets[0];
    assert!(hosted.is_api && hosted.reachable);
    assert_eq!(hosted.release.as_deref(), Some("25.4.12"));
    assert_eq!(hosted.api_versions, ["4.0"]);
    assert_eq!(hosted.latency_ms, Some(80.0));
    assert_eq!(
        hosted.extension[0].summary,
        "200 with a blank body: the API is alive"
    );
    assert_eq!(
        hosted.extension[1].summary,
        "Looker 25.4.12: API versions 4.0"
    );

    let legacy = &report.targets[1];
    assert!(!legacy.reachable && !legacy.is_api);
    assert_eq!(legacy.extension[0].reason, Reason::Refused);
    assert_eq!(
        legacy.extension[0].summary,
        "refused: nothing listens on port 19999"
    );
}

#[test]
fn a_refused_443_next_to_a_working_19999_names_port_19999() {
    let report = judge(&round(&[
        failing(HOSTED, "net::ERR_CONNECTION_REFUSED"),
        healthy(LEGACY, LEGACY),
    ]));

    assert_eq!(report.recommended.as_deref(), Some(LEGACY));
    assert_eq!(
        report.headline,
        "Use https://acme.looker.com:19999: /alive and /versions answer there; port 443 is closed."
    );
    let wrong_port = &report.findings[0];
    assert_eq!(wrong_port.kind.as_str(), "wrong-port");
    assert_eq!(wrong_port.severity, Severity::Warning);
    assert_eq!(
        wrong_port.title,
        "use port 19999: the API does not answer on port 443"
    );
    assert!(wrong_port.next_steps[0].contains(LEGACY));
}

#[test]
fn a_closed_port_that_the_user_typed_is_an_error() {
    let attempts = round(&[
        healthy(HOSTED, HOSTED),
        failing(LEGACY, "net::ERR_CONNECTION_TIMED_OUT"),
    ]);
    let report = judge_for(&attempts, None, Some("acme.looker.com:19999"));

    let wrong_port = &report.findings[0];
    assert_eq!(wrong_port.rule, "probe_wrong_port");
    assert_eq!(wrong_port.severity, Severity::Error);
    assert_eq!(
        report.targets[1].extension[0].reason,
        Reason::TimedOut,
        "{:?}",
        report.targets[1].extension[0]
    );
}

#[test]
fn a_name_that_does_not_resolve_is_unreachable_on_every_port() {
    let report = judge(&round(&[
        failing("https://acme.lookr.com", "net::ERR_NAME_NOT_RESOLVED"),
        failing("https://acme.lookr.com:19999", "net::ERR_NAME_NOT_RESOLVED"),
    ]));

    assert_eq!(report.recommended, None);
    assert_eq!(
        report.headline,
        "Nothing answers as Looker's API: acme.lookr.com does not resolve."
    );
    assert_eq!(rules(&report), ["probe_unreachable"]);
    let finding = &report.findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.title, "the host name does not resolve");
    assert_eq!(finding.evidence.len(), 2);
    assert_eq!(report.targets[0].extension[0].reason, Reason::Dns);
}

#[test]
fn an_untrusted_certificate_is_a_tls_error() {
    let base = "https://looker.corp.example";
    let report = judge(&round(&[
        failing(base, "net::ERR_CERT_AUTHORITY_INVALID"),
        failing(
            "https://looker.corp.example:19999",
            "net::ERR_CONNECTION_REFUSED",
        ),
    ]));

    assert_eq!(report.targets[0].extension[0].reason, Reason::Tls);
    assert!(report.targets[0].extension[0]
        .summary
        .contains("not signed by an authority the browser trusts"));
    assert_eq!(rules(&report), ["probe_tls_error", "probe_unreachable"]);
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert_eq!(report.findings[1].severity, Severity::Warning);
    assert_eq!(
        report.headline,
        "Nothing answers as Looker's API: https://looker.corp.example fails TLS (certificate); \
         port 19999 is closed."
    );
}

#[test]
fn an_html_login_page_on_alive_is_not_the_api() {
    let page = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>…</body></html>";
    let report = judge(&round(&[
        answering(HOSTED, 200, "text/html; charset=utf-8", page),
        failing(LEGACY, "net::ERR_CONNECTION_REFUSED"),
    ]));

    let alive = &report.targets[0].extension[0];
    assert_eq!(alive.reason, Reason::HtmlPage);
    assert_eq!(
        alive.summary,
        "an HTML page (title \"Sign in\") answered instead of the API: a proxy or login page"
    );
    assert_eq!(report.recommended, None);
    let finding = &report.findings[0];
    assert_eq!(finding.kind.as_str(), "not-api-response");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.title, "an HTML page answered instead of the API");
    assert!(
        report.headline.contains("serves an HTML page"),
        "{}",
        report.headline
    );
}

#[test]
fn a_redirect_to_another_origin_is_a_redirect() {
    let mut attempts = answering(HOSTED, 200, "text/html", "<title>Okta</title>");
    for a in &mut attempts {
        a.final_url = Some("https://acme.okta.com/login?fromURI=%2Falive".to_owned());
    }
    let report = judge(&attempts);

    let alive = &report.targets[0].extension[0];
    assert_eq!(alive.reason, Reason::Redirect);
    assert!(alive
        .summary
        .starts_with("redirected to https://acme.okta.com/login"));
    assert_eq!(
        report.findings[0].title,
        "redirected away from the API, likely to a sign-in page"
    );
}

#[test]
fn a_page_blocked_from_a_host_that_is_not_looker_gets_no_allowlist_advice() {
    let html = "<!doctype html><title>Welcome</title>";
    let attempts = round(&[
        answering(HOSTED, 200, "text/html", html),
        blocked_in_page(HOSTED),
    ]);
    let report = judge_for(&attempts, Some("https://app.example.com/reports"), None);
    assert!(
        rules(&report).contains(&"probe_not_api_response"),
        "{:?}",
        rules(&report)
    );
    assert!(
        !rules(&report).contains(&"probe_cors_blocked"),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn a_page_blocked_while_the_extension_got_through_is_cors() {
    let attempts = round(&[healthy(HOSTED, HOSTED), blocked_in_page(HOSTED)]);
    let report = judge_for(&attempts, Some("https://app.example.com/reports"), None);

    let page = &report.targets[0].page[1];
    assert_eq!(page.reason, Reason::Cors);
    assert_eq!(
        page.summary,
        "blocked by CORS: your page's origin may not call this host; the extension reached it"
    );
    let cors = &report.findings[0];
    assert_eq!(cors.rule, "probe_cors_blocked");
    assert_eq!(cors.severity, Severity::Error);
    assert_eq!(
        cors.next_steps[0],
        "Add https://app.example.com to Admin > Embed > Embedded Domain Allowlist."
    );
    assert_eq!(
        cors.doc_url,
        "https://cloud.google.com/looker/docs/api-cors"
    );
    assert_eq!(
        report.headline,
        "Use https://acme.looker.com: /alive and /versions answer there, but your page's own \
         calls are blocked by CORS."
    );
}

#[test]
fn an_https_page_calling_an_http_address_is_mixed_content() {
    let base = "http://looker.corp.example:9999";
    let attempts = round(&[healthy(base, base), blocked_in_page(base)]);

    let known = judge_for(&attempts, Some("https://app.example.com/"), None);
    assert_eq!(known.targets[0].page[0].reason, Reason::MixedContent);
    assert_eq!(known.findings[0].rule, "probe_mixed_content");

    let unknown = judge(&attempts);
    assert_eq!(unknown.targets[0].page[0].reason, Reason::Cors);
    assert!(unknown.targets[0].page[0].summary.contains("mixed content"));
}

#[test]
fn a_page_that_fails_where_the_extension_failed_shares_its_reason() {
    let mut page = blocked_in_page(LEGACY);
    page.truncate(1);
    let report = judge(&round(&[
        failing(LEGACY, "net::ERR_CONNECTION_REFUSED"),
        page,
    ]));

    let verdict = &report.targets[0].page[0];
    assert_eq!(verdict.reason, Reason::Refused);
    assert!(verdict.summary.starts_with("failed in your page too"));
}

#[test]
fn without_host_permission_the_user_is_asked_to_grant_the_host() {
    let attempts: Vec<Attempt> = failing(HOSTED, "")
        .into_iter()
        .map(|a| Attempt {
            net_error: None,
            permission: Some(false),
            ..a
        })
        .collect();
    let report = judge(&attempts);

    let alive = &report.targets[0].extension[0];
    assert_eq!(alive.reason, Reason::NoPermission);
    assert!(alive.summary.contains("no access to acme.looker.com"));
    assert_eq!(rules(&report), ["probe_no_permission"]);
    assert!(report.findings[0].next_steps[0].starts_with("Grant the extension access"));
    assert_eq!(
        report.headline,
        "Grant the extension access to acme.looker.com, then check again: without it the \
         browser hides why a request fails."
    );
}

#[test]
fn our_own_timeout_says_how_long_it_waited() {
    let attempt = Attempt {
        status: None,
        elapsed_ms: 10_000.0,
        timed_out: true,
        net_error: Some("net::ERR_ABORTED".to_owned()),
        js_error: Some("AbortError: signal is aborted without reason".to_owned()),
        ..fetch(HOSTED, Check::Alive)
    };
    let report = judge(&[attempt]);

    let verdict = &report.targets[0].extension[0];
    assert_eq!(verdict.reason, Reason::TimedOut);
    assert!(
        verdict.summary.contains("within 10.0 s"),
        "{}",
        verdict.summary
    );
}

#[test]
fn a_blank_alive_with_a_404_versions_is_not_the_api() {
    let base = "https://looker.corp.example:9999";
    let versions = Attempt {
        status: Some(404),
        content_type: Some("application/json".to_owned()),
        body: Some(r#"{"message":"Not found"}"#.to_owned()),
        ..fetch(base, Check::Versions)
    };
    let report = judge(&[fetch(base, Check::Alive), versions]);

    let target = &report.targets[0];
    assert!(target.reachable && !target.is_api);
    assert_eq!(target.extension[1].reason, Reason::HttpStatus(404));
    assert_eq!(report.findings[0].title, "/versions answered 404");
}

#[test]
fn a_differing_api_server_url_is_a_mismatch_and_is_probed_next() {
    let internal = "https://looker.acme.internal";
    let first = round(&[
        healthy(HOSTED, "https://looker.acme.internal:443/"),
        failing(LEGACY, "net::ERR_CONNECTION_REFUSED"),
    ]);

    assert_eq!(
        follow_up(&first),
        [Target {
            base: internal.to_owned(),
            why: "the api_server_url that https://acme.looker.com/versions names".to_owned(),
        }]
    );
    let report = judge(&first);
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.rule == "probe_api_host_mismatch")
        .unwrap();
    assert_eq!(mismatch.kind.as_str(), "api-host-mismatch");
    assert_eq!(
        mismatch.title,
        "the server names another API address: https://looker.acme.internal"
    );
    assert_eq!(mismatch.severity, Severity::Info);

    let second = round(&[first, failing(internal, "net::ERR_NAME_NOT_RESOLVED")]);
    assert_eq!(follow_up(&second), []);
    let report = judge(&second);
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.rule == "probe_api_host_mismatch")
        .unwrap();
    assert_eq!(mismatch.severity, Severity::Warning);
    assert!(mismatch
        .detail
        .contains("does not answer as the API from here"));
    assert_eq!(report.recommended.as_deref(), Some(HOSTED));
}

#[test]
fn a_reachable_api_server_url_is_recommended_over_the_first_base() {
    let report = judge(&round(&[healthy(HOSTED, LEGACY), healthy(LEGACY, LEGACY)]));

    assert_eq!(report.recommended.as_deref(), Some(LEGACY));
    assert_eq!(
        report.headline,
        "Use https://acme.looker.com:19999: /alive and /versions answer there; port 443 \
         answers too."
    );
    assert!(!has_error(&report));
}

#[test]
fn a_loopback_api_server_url_is_named_but_not_probed() {
    let attempts = healthy(HOSTED, "https://localhost:8080");

    assert_eq!(follow_up(&attempts), []);
    let mismatch = &judge(&attempts).findings[0];
    assert_eq!(mismatch.rule, "probe_api_host_mismatch");
    assert!(mismatch.detail.contains("left at a local default"));
}

#[test]
fn a_typed_api_version_the_server_does_not_list_is_a_version_mismatch() {
    let attempts = healthy(HOSTED, HOSTED);
    let report = judge_for(&attempts, None, Some("https://acme.looker.com/api/3.1"));

    let finding = &report.findings[0];
    assert_eq!(finding.kind.as_str(), "version-mismatch");
    assert_eq!(finding.title, "this instance does not serve API 3.1");
    assert!(finding.next_steps[0].contains("/api/4.0/"));
}

#[test]
fn a_path_typed_after_the_host_is_a_note_that_the_host_alone_was_checked() {
    let attempts = healthy(HOSTED, HOSTED);
    let report = judge_for(&attempts, None, Some("https://acme.looker.com/api/4.0/"));
    let typed = report
        .findings
        .iter()
        .find(|f| f.rule == "probe_api_path_typed");
    let typed = typed.expect("a note on the typed path");
    assert_eq!(typed.severity, Severity::Info);
    assert!(
        typed.detail.contains("https://acme.looker.com/api/4.0/"),
        "{}",
        typed.detail
    );
    assert!(typed.next_steps[0].contains("host alone"));

    // No note for the host alone, nor beside the error for a version
    // the server does not serve.
    for host in [
        "https://acme.looker.com",
        "https://acme.looker.com/",
        "acme.looker.com/api/3.1",
    ] {
        let report = judge_for(&attempts, None, Some(host));
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule == "probe_api_path_typed"),
            "{host}"
        );
    }
}

#[test]
fn the_panels_json_reads_in_and_the_report_writes_out_in_camel_case() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/probe/cors.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let attempts: Vec<Attempt> = serde_json::from_str(&text).unwrap();
    let report = judge_for(&attempts, Some("https://app.example.com/"), None);

    let json = serde_json::to_value(&report).unwrap();
    let target = &json["targets"][0];
    assert_eq!(target["isApi"], true);
    assert_eq!(target["apiServerUrl"], "https://acme.looker.com");
    assert_eq!(target["page"][0]["reason"], "cors");
    assert_eq!(target["extension"][0]["elapsedMs"], 84.0);
    assert_eq!(json["targets"][1]["extension"][0]["reason"], "refused");
    assert_eq!(json["findings"][0]["kind"], "cors-blocked");
}

#[test]
fn no_attempts_make_an_empty_report() {
    let report = judge(&[]);
    assert_eq!(report.headline, "No checks have run yet.");
    assert!(report.targets.is_empty() && report.findings.is_empty());
}
