//! A failed call to an operation its API version does not have: it exists
//! only in another version, was renamed, or the version itself is gone.
//!
//! # Why
//! "Method Not Found" errors come from calls that are new or removed in
//! 4.0 (TS doc §Method Not Found errors). API 3.x spaces are 4.0 folders
//! and homepages are boards (Looker's API 3.x deprecation page, facts
//! §1.8), and 3.0 and 3.1 were disabled in Looker 23.14 and removed in
//! 23.18, so a 3.x script fails on a current instance whatever it calls.
//! The endpoint index (from Looker's published specs, facts §1.10) tells in
//! which versions a method and path exist; the server's `/versions`, when
//! seen, tells which versions it serves (facts §1.3); without it, a 3.x
//! call that gets 404 where 4.0 calls work on the same origin tells the
//! same.
//!
//! # Known limitations
//! The index knows the 4.0 spec of one Looker release: a newer server may
//! have operations it lacks, so calls that succeed are never judged, and a
//! 404 for a path no known version has is only a warning (it can also be a
//! missing permission). Which versions a server serves is known only when
//! its `/versions` was seen. The web UI's internal paths are judged only
//! on their version.
//!
//! # Example
//! `GET https://acme.looker.com/api/4.0/spaces/7` → 404: `space` is a 3.x
//! operation, called `folder` (`GET /folders/{folder_id}`) in 4.0.

use super::{request_line, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::endpoints::{self, Operation};
use crate::looker::route::Route;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown_operation",
    kind: Kind::VersionMismatch,
    severity: Severity::Error,
    title: "operation not in this API version",
    guide_anchor: "#method_not_found_errors",
    check,
};

/// Why the call's API version cannot work, when it cannot: it is not a
/// version at all, or the server's `/versions` does not list it.
pub(crate) fn version_problem(call: &Call<'_>, context: &Context) -> Option<String> {
    let version = match &call.looker.route {
        Route::Versioned { version, .. } => version.as_str(),
        Route::Login {
            version: Some(version),
        } => version.as_str(),
        _ => return None,
    };
    let listed = context
        .versions
        .get(&call.looker.origin)
        .filter(|info| !info.supported_versions.is_empty());
    let serves = listed
        .map(|info| format!(" This server's /versions lists {}.", info.listed()))
        .unwrap_or_default();

    if !endpoints::known_versions().contains(&version) {
        return Some(format!(
            "API {version} does not exist: Looker's API versions are {}, and since Looker \
             23.18 only 4.0 is served.{serves}",
            endpoints::known_versions().join(", "),
        ));
    }
    // Without /versions: a 3.x 404 where 4.0 works on the same origin is
    // the removal of 3.x, not a permission or a missing object.
    let works_on_4 = context
        .working_versions
        .get(&call.looker.origin)
        .is_some_and(|v| v.contains("4.0"));
    if listed.is_none() && version.starts_with("3.") && call.status() == 404 && works_on_4 {
        return Some(format!(
            "API 4.0 calls work on this server, while this API {version} call gets 404: API \
             3.0 and 3.1 were disabled in Looker 23.14 and removed in 23.18."
        ));
    }
    let info = listed?;
    if info.supports(version) {
        return None;
    }
    let history = if version.starts_with("3.") {
        " API 3.0 and 3.1 were disabled in Looker 23.14 and removed in 23.18."
    } else {
        ""
    };
    Some(format!(
        "This server's /versions lists {}, not {version}: it does not serve API \
         {version}.{history}",
        info.listed()
    ))
}

fn check(call: &Call<'_>, context: &Context) -> Option<Observation> {
    let status = call.status();
    if status < 400 {
        return None;
    }
    let message = call.error_message().unwrap_or_default();
    let method_not_found = message.to_ascii_lowercase().contains("method not found");
    let answered = format!(
        "{} answered {status}{}.",
        request_line(call),
        super::quoted_message(call)
    );

    if let Some(problem) = version_problem(call, context) {
        let detail = format!("{answered} {problem}");
        return Some(
            Observation::new(
                detail,
                &[
                    "Call /api/4.0/… instead: set the SDK's API version to 4.0, or upgrade the \
                     SDK.",
                    "In 4.0, spaces are folders and homepages are boards: rename those calls.",
                ],
            )
            .titled("this API version is not served here"),
        );
    }

    let Route::Versioned {
        version,
        rest,
        operation,
        internal,
    } = &call.looker.route
    else {
        return None;
    };
    let method = call.entry.request.method.as_str();
    if let Some(op) = operation {
        let server_release = context
            .versions
            .get(&call.looker.origin)
            .and_then(|info| info.looker_release_version.as_deref());
        return method_not_found.then(|| older_server(&answered, version, op, server_release));
    }
    if *internal || !(status == 404 || method_not_found) {
        return None;
    }

    if let Some(observation) = elsewhere(&answered, method, version, rest) {
        return Some(observation);
    }
    if let Some(op) = rest
        .strip_suffix('/')
        .and_then(|p| endpoints::lookup(version, method, p))
    {
        let detail = format!(
            "{answered} The path ends with '/': without it, it is {} ({method} \
             /api/{version}{}).",
            op.id, op.template
        );
        return Some(
            Observation::new(detail, &["Remove the trailing slash from the path."])
                .titled("path ends with a slash")
                .of_kind(Kind::UrlShape),
        );
    }
    unknown_path(&answered, method, version, rest, method_not_found, call)
}

/// The method and path exist in other versions: name them, and the 4.0
/// name of a renamed 3.x operation.
fn elsewhere(answered: &str, method: &str, version: &str, rest: &str) -> Option<Observation> {
    let others = endpoints::versions_having(method, rest);
    let newest = others.last()?;
    let op = endpoints::lookup(newest, method, rest)?;

    let renamed =
        endpoints::renamed_in(version, op.id).and_then(|id| endpoints::by_id(version, id));
    let mut detail = format!(
        "{answered} {method} {rest} is {} in API {}, but API {version} has no such operation.",
        op.id,
        others.join(" and "),
    );
    let title = match renamed {
        Some(new) => {
            detail.push_str(&format!(
                " In {version} it is called {}: {} /api/{version}{}.",
                new.id,
                new.method.as_str(),
                new.template
            ));
            format!("{} is {} in API {version}", op.id, new.id)
        }
        None => format!(
            "{} exists in API {}, not {version}",
            op.id,
            others.join(", ")
        ),
    };
    let first = match renamed {
        Some(new) => format!(
            "Call {} instead ({} /api/{version}{}).",
            new.id,
            new.method.as_str(),
            new.template
        ),
        None => format!(
            "Call it under /api/{newest}/, or find the operation that replaces it in API \
             {version}'s reference."
        ),
    };
    let mut observation = Observation::new(detail, &[]).titled(title);
    observation.next_steps = vec![
        first,
        "API 3.x spaces are 4.0 folders, and homepages are boards.".to_owned(),
    ];
    Some(observation)
}

/// The server says "method not found" for an operation the index has:
/// the server is older than the spec the index comes from.
fn older_server(
    answered: &str,
    version: &str,
    op: &Operation,
    server_release: Option<&str>,
) -> Observation {
    let release = endpoints::spec_release(version).unwrap_or("?");
    let server = server_release
        .map(|r| format!(" (its /versions says Looker {r})"))
        .unwrap_or_default();
    let detail = format!(
        "{answered} {} is in API {version} as of Looker {release}, so this server{server} \
         runs an older release that lacks it, or routes the call elsewhere.",
        op.id
    );
    Observation::new(
        detail,
        &[
            "Check the server's release in its /versions (looker_release_version), and the \
             operation's history in the API reference.",
            "Use an operation the server's release has, or upgrade the instance.",
        ],
    )
    .titled(format!("{} not known to this server", op.id))
}

/// No known version has the method and path.
fn unknown_path(
    answered: &str,
    method: &str,
    version: &str,
    rest: &str,
    method_not_found: bool,
    call: &Call<'_>,
) -> Option<Observation> {
    if !method_not_found && call.entry.response_content_type().contains("html") {
        return None;
    }
    let at_path: Vec<String> = endpoints::operations_at(version, rest)
        .iter()
        .map(|op| format!("{} ({})", op.method.as_str(), op.id))
        .collect();
    let release = endpoints::spec_release(version).unwrap_or("?");
    let (title, found) = if at_path.is_empty() {
        (
            format!("no operation at this path in API {version}"),
            format!(
                "No operation of API {version} (as of Looker {release}), nor of any other \
                 version, matches {method} {rest}."
            ),
        )
    } else {
        (
            format!("no {method} at this path in API {version}"),
            format!(
                "API {version} has no {method} at this path; it takes {}.",
                at_path.join(", ")
            ),
        )
    };
    let detail = format!("{answered} {found}");
    let observation = Observation::new(
        detail,
        &[
            "Check the path's spelling and method against the API reference for this version.",
            "If the operation is newer than the index, or the user lacks a permission, Looker \
             also answers 404.",
        ],
    )
    .titled(title);
    // Without "method not found", the path itself is what is wrong: a
    // misspelt call, not another API version.
    Some(if method_not_found {
        observation
    } else {
        observation
            .with_severity(Severity::Warning)
            .of_kind(Kind::UrlShape)
    })
}

#[cfg(test)]
mod tests {
    use crate::har::Entry;
    use crate::Session;

    /// The kind and title of the finding for a GET of `path` answered 404.
    fn judged(path: &str) -> (String, String) {
        let entry = serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00Z",
            "time": 9,
            "request": {
                "method": "GET", "url": format!("https://acme.looker.com/api/4.0{path}"),
                "headers": [{"name": "Authorization", "value": "token abc123def456"}]
            },
            "response": {"status": 404, "headers": [], "content": {
                "size": 22, "mimeType": "application/json", "text": "{\"message\":\"Not found\"}"
            }}
        });
        let entry = Entry::from_json(&entry.to_string()).unwrap();
        let findings = Session::new().observe(0, &entry);
        let finding = findings.into_iter().find(|f| f.rule == "unknown_operation");
        let finding = finding.expect("an unknown_operation finding");
        (finding.kind.as_str().to_owned(), finding.title)
    }

    #[test]
    fn a_misspelt_path_or_a_trailing_slash_is_a_url_shape_not_a_version() {
        let slash = judged("/looks/1/");
        assert_eq!(slash, ("url-shape".into(), "path ends with a slash".into()));
        let typo = judged("/lookz/1");
        assert_eq!(typo.0, "url-shape", "{typo:?}");
        let renamed = judged("/spaces/7");
        assert_eq!(renamed.0, "version-mismatch", "{renamed:?}");
    }
}
