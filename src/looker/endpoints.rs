//! Which Looker REST API operation a request reaches, per API version.
//!
//! The index comes from the OpenAPI specs Looker publishes (see
//! `scripts/derive_endpoint_index.py`). It knows what a spec declares, not
//! what a server serves: paths outside every spec (`/alive`, the root
//! `/versions`, `/api/token`, `/auth`, `/api/internal/*`) are unknown here,
//! and an instance newer than the 4.0 spec's release may have more operations
//! (see [`spec_release`]).
//!
//! ```
//! use looker_api_doctor::looker::endpoints;
//!
//! let op = endpoints::lookup("4.0", "GET", "/looks/42/run/png").expect("run_look");
//! assert_eq!(op.id, "run_look");
//! assert!(op.binary);
//! assert_eq!(endpoints::renamed_in("4.0", "all_spaces"), Some("all_folders"));
//! ```

use std::sync::OnceLock;

use super::endpoint_table::{MAX_SEGMENTS, RENAMES, ROWS, SPEC_RELEASES, TEXT, VERSIONS};

/// An HTTP method used by the Looker API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Every method, in the order the index lists them at one path.
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    /// The method a request line names, e.g. `"GET"`; `None` for any other
    /// token, including `HEAD` and `OPTIONS`.
    ///
    /// Case-sensitive, as methods are (RFC 9110 §9.1). Fetch upper-cases only
    /// DELETE, GET, HEAD, OPTIONS, POST and PUT ("normalize a method" in the
    /// Fetch standard), so `fetch(url, { method: "patch" })` really sends
    /// `patch`: a different method, which must not pass for `PATCH` here.
    pub fn parse(token: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == token)
    }

    /// The method's name as sent on the wire, e.g. `"PATCH"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How settled an operation is, from the spec's `x-looker-status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpStatus {
    /// Stable, or no status given.
    Stable,
    /// Beta: may still change.
    Beta,
    /// Alpha: experimental, may change or go away.
    Alpha,
    /// Deprecated: still declared, but on its way out.
    Deprecated,
}

/// What an operation's request body is, as its spec declares it.
///
/// The 3.x specs declare `login`'s credentials as query parameters only, so
/// 3.x `login` is [`BodyKind::None`], although Looker's 3.0 docs describe the
/// form body 4.0 declares (docs.looker.com, api-reference/v3.0/api-auth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// No request body.
    None,
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/plain`.
    Text,
}

/// One operation of one API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The spec's `operationId`, which is also the SDK method name, e.g. `"folder"`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below `/api/<version>`, e.g. `"/looks/{look_id}/run/{result_format}"`.
    pub template: &'static str,
    /// How settled the operation is.
    pub status: OpStatus,
    /// Whether a 2xx response may be binary: the spec declares `image/*`
    /// (but not `image/svg+xml`, which is text) or `application/pdf`.
    ///
    /// The spec under-declares: xlsx results are declared as "text", so this
    /// says "may be binary", and `false` does not rule bytes out.
    pub binary: bool,
    /// The request body the spec declares.
    pub body: BodyKind,
}

/// API versions the index knows, oldest first: `["3.0", "3.1", "4.0"]`.
pub fn known_versions() -> &'static [&'static str] {
    &VERSIONS
}

/// The Looker release whose spec the index holds for a version, e.g.
/// `"26.12.3"` for `"4.0"`: operations added after it are unknown here.
pub fn spec_release(version: &str) -> Option<&'static str> {
    let i = VERSIONS.iter().position(|v| *v == version)?;
    Some(SPEC_RELEASES[i])
}

/// Operation for a method and a path below `/api/<version>` (e.g.
/// `"/looks/42/run/json"`, no query string).
///
/// Literal segments win over `{param}` segments, leftmost first:
/// `/looks/search` is `search_looks`, not `look` with the id "search". A
/// `{param}` needs a non-empty value, and a trailing slash does not match.
pub fn lookup(version: &str, method: &str, path: &str) -> Option<&'static Operation> {
    let method = Method::parse(method)?;
    let ops = version_ops(version)?;
    let segments = Segments::split(path)?;
    most_specific(ops, &segments, method)
}

/// Operations at that path under any method (for 405 and for naming what
/// exists), in [`Method::ALL`] order.
///
/// Each is what [`lookup`] finds for its method, so under `/looks/search`
/// this lists `search_looks` for GET but `update_look` for PATCH: a server
/// routing the same way would take "search" for a look id.
pub fn operations_at(version: &str, path: &str) -> Vec<&'static Operation> {
    let (Some(ops), Some(segments)) = (version_ops(version), Segments::split(path)) else {
        return Vec::new();
    };

    Method::ALL
        .into_iter()
        .filter_map(|method| most_specific(ops, &segments, method))
        .collect()
}

/// Versions (of the known ones) where [`lookup`] finds the method and path.
pub fn versions_having(method: &str, path: &str) -> Vec<&'static str> {
    VERSIONS
        .iter()
        .copied()
        .filter(|version| lookup(version, method, path).is_some())
        .collect()
}

/// Operation by id in a version (e.g. `("4.0", "folder")`).
pub fn by_id(version: &str, id: &str) -> Option<&'static Operation> {
    version_ops(version)?
        .iter()
        .map(|&i| op(i))
        .find(|op| op.id == id)
}

/// The operation id that replaces `op_id` in `version`, when `version` lacks
/// `op_id` because of the 3.x → 4.0 renames (space → folder, homepage →
/// board): `("4.0", "all_spaces")` gives `"all_folders"`.
///
/// These renames are why 3.x scripts fail on 4.0 with "method not found"
/// (Looker's API 3.x deprecation page). `None` when `version` has `op_id` or
/// no renamed counterpart of it.
pub fn renamed_in(version: &str, op_id: &str) -> Option<&'static str> {
    if by_id(version, op_id).is_some() {
        return None;
    }

    // The generator sorts RENAMES by old id.
    let i = RENAMES
        .binary_search_by(|(old, _)| (*old).cmp(op_id))
        .ok()?;
    by_id(version, RENAMES[i].1).map(|op| op.id)
}

/// A known version's operations, as indices for [`op`].
fn version_ops(version: &str) -> Option<&'static [u16]> {
    let i = VERSIONS.iter().position(|v| *v == version)?;
    Some(&index().by_version[i])
}

/// The operation at an index of [`version_ops`].
fn op(i: u16) -> &'static Operation {
    &index().ops[usize::from(i)]
}

/// The endpoint table, unpacked.
struct Index {
    /// Every distinct operation, in the table's order.
    ops: Vec<Operation>,
    /// For each of `VERSIONS`, its operations as ascending indices into `ops`.
    by_version: Vec<Vec<u16>>,
    /// The first segment of each operation's template, as [`first_segment`]
    /// gives it: the search compares these ~15 times per lookup.
    firsts: Vec<&'static [u8]>,
}

/// Unpacks the table on first use (well under a millisecond): it is stored
/// as text and bits because that is about 4 KB smaller in the gzipped wasm
/// than a table of `Operation`s.
fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut template = "";
        let ops = TEXT
            .lines()
            .zip(&ROWS)
            .map(|(line, row)| {
                // A line without a template has the previous line's.
                let id = match line.split_once(' ') {
                    Some((id, own)) => {
                        template = own;
                        id
                    }
                    None => line,
                };
                Operation {
                    id,
                    method: row.method,
                    template,
                    status: row.status,
                    binary: row.binary,
                    body: row.body,
                }
            })
            .collect::<Vec<Operation>>();
        let firsts = ops.iter().map(|op| first_segment(op.template)).collect();
        let by_version = (0..VERSIONS.len())
            .map(|v| {
                (0..)
                    .zip(&ROWS)
                    .filter(|(_, row)| row.versions >> v & 1 == 1)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        Index {
            ops,
            by_version,
            firsts,
        }
    })
}

/// A request path split once into its segments, without allocating.
struct Segments<'p> {
    parts: [&'p str; MAX_SEGMENTS],
    len: usize,
}

impl<'p> Segments<'p> {
    /// The segments after the leading `/`; `None` without one, or with more
    /// segments than any template has (no operation matches those).
    fn split(path: &'p str) -> Option<Self> {
        let mut parts = [""; MAX_SEGMENTS];
        let mut len = 0;
        for part in path.strip_prefix('/')?.split('/') {
            *parts.get_mut(len)? = part;
            len += 1;
        }
        Some(Segments { parts, len })
    }

    fn as_slice(&self) -> &[&'p str] {
        &self.parts[..self.len]
    }
}

/// Of a version's operations with `method`, the one whose template matches
/// the path most specifically.
///
/// Every version lists its operations sorted by first segment (the generator
/// sorts `OPS` by segments), so a binary search narrows ~480 operations to
/// the few dozen sharing the path's first segment: this runs on every request
/// of a HAR that can hold 20,000.
fn most_specific(
    ops: &'static [u16],
    segments: &Segments<'_>,
    method: Method,
) -> Option<&'static Operation> {
    let path = segments.as_slice();
    let first = path.first().copied().unwrap_or_default().as_bytes();
    let index = index();
    let first_of = |i: u16| index.firsts[usize::from(i)];
    let start = ops.partition_point(|&i| first_of(i) < first);

    ops[start..]
        .iter()
        .take_while(|&&i| first_of(i) == first)
        .map(|&i| &index.ops[usize::from(i)])
        .filter(|op| op.method == method)
        .filter_map(|op| Some((rank(op.template, path)?, op)))
        .min_by_key(|&(rank, _)| rank)
        .map(|(_, op)| op)
}

/// The first segment of a template: `"looks"` for `"/looks/{look_id}"`.
///
/// Bytes, not `str`: they are compared as bytes.
fn first_segment(template: &str) -> &[u8] {
    let rest = template.as_bytes().get(1..).unwrap_or_default();
    let end = rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
    &rest[..end]
}

/// How specifically `template` matches the path's segments, or `None` if it
/// does not.
///
/// One bit per segment, first segment highest, set where the template has a
/// `{param}`: of two matches, the lower rank has a literal where the other
/// first has a parameter. A `u32` holds the bits of any template (at most
/// `MAX_SEGMENTS` segments, checked by the generator).
fn rank(template: &str, path: &[&str]) -> Option<u32> {
    let mut path = path.iter();
    let mut rank = 0u32;

    // Bytes for speed, as in `first_segment`; templates start with `/`.
    let template = template.as_bytes().get(1..)?;
    for expected in template.split(|&b| b == b'/') {
        let actual = path.next()?.as_bytes();
        let param = expected.first() == Some(&b'{');
        // `/looks//run/json` has no look id: an empty segment names nothing.
        let fits = if param {
            !actual.is_empty()
        } else {
            expected == actual
        };
        if !fits {
            return None;
        }
        rank = rank << 1 | u32::from(param);
    }

    // Leftover segments, as from a trailing slash, mean no match.
    path.next().is_none().then_some(rank)
}

#[cfg(test)]
mod tests;
