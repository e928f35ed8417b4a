use super::*;

#[test]
fn a_body_without_secret_names_is_told_apart() {
    assert!(!may_name_secret(r#"{"title":"Sales","query_id":42}"#));
    assert!(may_name_secret("grant_type=x&Client_SECRET=y"));
    assert!(may_name_secret(r#"{"PassWord":"x"}"#));
    // Escapes could spell a secret name: take the body apart.
    assert!(may_name_secret(r#"{"\u0074oken":"x"}"#));
    assert!(may_name_secret("%74oken=x"));
    // Every name that is secret is found in a text that holds it.
    for name in SECRET_PARTS.iter().chain(SECRET_NAMES) {
        assert!(is_secret_name(name), "{name}");
        assert!(
            may_name_secret(&format!("a={}", name.to_uppercase())),
            "{name}"
        );
    }
}

#[test]
fn long_and_mixed_case_names_are_judged_alike() {
    assert!(is_secret_name(" X-Looker-Access-TOKEN "));
    assert!(is_secret_name(&format!("{}_api_key", "x".repeat(100))));
    assert!(!is_secret_name(&"x".repeat(100)));
    assert!(!is_secret_name("Token_Type"));
}

#[test]
fn passphrases_keys_jwts_and_url_signatures_are_secret_names() {
    for name in [
        "passphrase",
        "private-key",
        "jwt",
        "X-JWT-Assertion",
        "key",
        "sig",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    for name in ["monkey", "keyword", "signal", "design"] {
        assert!(!is_secret_name(name), "{name}");
    }
}

#[test]
fn authorization_keeps_its_scheme_only() {
    assert_eq!(
        redact_header("Authorization", "Bearer abc123secret"),
        "Bearer REDACTED"
    );
    assert_eq!(
        redact_header("authorization", "token abc123secret"),
        "token REDACTED"
    );
}

#[test]
fn cookies_keep_their_names() {
    assert_eq!(
        redact_header("Cookie", "a=1; looker.browser=xyz"),
        "a=REDACTED; looker.browser=REDACTED"
    );
    assert_eq!(
        redact_header("Set-Cookie", "CSRF-TOKEN=abc; Path=/; Secure"),
        "CSRF-TOKEN=REDACTED; Path=/; Secure"
    );
}

#[test]
fn secret_query_parameters_are_masked_and_others_kept() {
    assert_eq!(
        redact_url("https://h/api/4.0/login?client_id=abc&client_secret=s3cr3t#access_token=t"),
        "https://h/api/4.0/login?client_id=abc&client_secret=REDACTED#access_token=REDACTED"
    );
    assert_eq!(
        redact_url("https://u:pw@h:443/x?fields=id"),
        "https://u:REDACTED@h:443/x?fields=id"
    );
}

#[test]
fn form_bodies_lose_their_secrets() {
    assert_eq!(
        redact_form("client_id=abc&client_secret=S3cr3t&x=1"),
        "client_id=abc&client_secret=REDACTED&x=1"
    );
    assert_eq!(
        redact_form("client%5Fsecret=S3cr3t"),
        "client%5Fsecret=REDACTED"
    );
}

#[test]
fn known_values_jwts_and_bearer_tokens_are_scrubbed_from_text() {
    let secrets = vec!["tok3nNotReal".to_owned()];
    assert_eq!(
        scrub_text("sent tok3nNotReal twice: tok3nNotReal", &secrets),
        "sent REDACTED twice: REDACTED"
    );
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    assert_eq!(scrub_text(&format!("id {jwt}."), &[]), "id REDACTED.");
    assert_eq!(
        scrub_text("Authorization: Bearer abcdef123456", &[]),
        "Authorization: Bearer REDACTED"
    );
}

#[test]
fn secret_parameters_of_urls_inside_text_are_masked() {
    let body = r#"{"url":"https://acme.looker.com/login/embed/x?nonce=n1&signature=s1g&time=1"}"#;
    assert_eq!(
        scrub_text(body, &[]),
        r#"{"url":"https://acme.looker.com/login/embed/x?nonce=REDACTED&signature=REDACTED&time=1"}"#
    );
}

#[test]
fn ordinary_words_after_token_are_left_alone() {
    assert_eq!(scrub_text("the token expired", &[]), "the token expired");
    for prose in [
        "no access_token parameter",
        "a Bearer authentication",
        "token Credentials",
    ] {
        assert_eq!(scrub_text(prose, &[]), prose);
    }
    for (text, masked) in [
        ("token abcdefghijklmnopqrstuvwxyz", "token REDACTED"),
        ("Bearer ya29.a0AfH6SMB", "Bearer REDACTED"),
        ("token AbCdEfGhIj", "token REDACTED"),
    ] {
        assert_eq!(scrub_text(text, &[]), masked);
    }
}

#[test]
fn token_type_is_not_a_secret() {
    assert!(!is_secret_name("token_type"));
    assert!(is_secret_name("access_token"));
    assert!(is_secret_name("Client_Secret"));
}

#[test]
fn a_challenge_header_keeps_its_scheme_and_realm_and_masks_a_token() {
    let value = "Bearer realm=\"looker\", token=\"SECRET16XYZ\", error=\"invalid_token\"";
    assert_eq!(
        redact_header("WWW-Authenticate", value),
        "Bearer realm=\"looker\", token=REDACTED, error=\"invalid_token\""
    );
    assert_eq!(
        redact_header("proxy-authenticate", "Basic realm=proxy"),
        "Basic realm=proxy"
    );
}
