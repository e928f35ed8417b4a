//! A 405: the path exists, but does not take the method used.
//!
//! # Why
//! Looker answers 405 with an `Allow` header listing the methods the path
//! takes; the guide's example is `update_dashboard()` on a LookML
//! dashboard, whose id holds `::` and which the API cannot change (TS doc
//! §Method Not Allowed (405), facts §1.6-1.7). The endpoint index names the
//! operation each method reaches at the path. `fetch` sends `patch` in
//! lower case as it is written (the Fetch standard normalizes only DELETE,
//! GET, HEAD, OPTIONS, POST and PUT), and a server may refuse it.
//!
//! # Known limitations
//! The index lists what the spec declares for the path; the server's
//! `Allow` header is the authority and is listed first. A proxy that
//! refuses a method sends 405 too, often without `Allow`.
//!
//! # Example
//! `PATCH https://acme.looker.com/api/4.0/dashboards/thelook::orders` →
//! 405 with `Allow: GET`.

use super::{call_name, versioned, Rule};
use crate::diagnose::{Call, Context, Kind, Observation, Severity};
use crate::looker::endpoints::{self, Method};

/// The rule.
pub static RULE: Rule = Rule {
    id: "method_not_allowed",
    kind: Kind::MethodNotAllowed,
    severity: Severity::Error,
    title: "method not allowed at this path",
    guide_anchor: "#method_not_allowed_405_errors",
    check,
};

fn check(call: &Call<'_>, _context: &Context) -> Option<Observation> {
    if call.status() != 405 {
        return None;
    }
    let method = call.entry.request.method.as_str();
    let allow = call
        .entry
        .response_header("allow")
        .map(str::trim)
        .filter(|a| !a.is_empty());

    let mut evidence = Vec::new();
    let mut found = match allow {
        Some(allow) => {
            evidence.push(format!("Allow: {allow}"));
            format!("The server allows {allow} there.")
        }
        None => "The server sent no Allow header.".to_owned(),
    };
    let mut lookml = false;
    if let Some((version, rest, _)) = versioned(call) {
        let ops = endpoints::operations_at(version, rest);
        evidence.extend(ops.iter().map(|op| {
            format!(
                "{} /api/{version}{} ({})",
                op.method.as_str(),
                op.template,
                op.id
            )
        }));
        if !ops.is_empty() {
            let named: Vec<String> = ops
                .iter()
                .map(|op| format!("{} ({})", op.method.as_str(), op.id))
                .collect();
            found.push_str(&format!(
                " In API {version} the path takes {}.",
                named.join(", ")
            ));
        }
        lookml = rest
            .strip_prefix("/dashboards/")
            .is_some_and(|id| id.split('/').next().unwrap_or("").contains("::"));
    }
    let lower_case =
        Method::parse(method).is_none() && Method::parse(&method.to_ascii_uppercase()).is_some();
    if lower_case {
        found.push_str(&format!(
            " The method was sent in lower case ('{method}'): fetch() sends it as written."
        ));
    }
    if lookml {
        found
            .push_str(" The id holds '::': it is a LookML dashboard, which the API cannot change.");
    }

    let detail = format!(
        "{} answered 405{}. {found}",
        call_name(call),
        super::quoted_message(call)
    );
    let mut steps =
        vec!["Use one of the allowed methods, or the operation meant for this change.".to_owned()];
    if lower_case {
        steps.insert(
            0,
            "Write the method in upper case (PATCH, not patch).".to_owned(),
        );
    }
    if lookml {
        steps.insert(
            0,
            "Change a LookML dashboard in its LookML, or import it as a user-defined dashboard \
             (import_lookml_dashboard) and change that one."
                .to_owned(),
        );
    }
    let mut observation = Observation::new(detail, &[])
        .with_evidence(evidence)
        .documented_at(call.documentation_url());
    observation.next_steps = steps;
    Some(observation)
}
