#!/usr/bin/env python3
"""Derive the Looker endpoint index (src/looker/endpoint_table.rs) from the
OpenAPI specs that Looker publishes in looker-open-source/sdk-codegen.

Usage:
    python3 scripts/derive_endpoint_index.py [SPEC_DIR]          # write the table
    python3 scripts/derive_endpoint_index.py --check [SPEC_DIR]  # exit 1 if stale

Exit status: 0 done (or up to date), 1 stale table (--check), 2 error.

SPEC_DIR holds Looker.<version>.oas.json files; it defaults to
../shared/looker-api-specs relative to the repository root.

The table is shaped for a wasm panel where every byte counts: each distinct
operation is stored once, with a bit per API version that has it, because
most operations are identical across versions. Ids and path templates are
one text, a line per operation, rather than a `&str` pair per row: a
template is written once for all the methods at its path, and the text
gzips better without pointers between its strings (about 4 KB less in the
gzipped wasm). Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC_DIR = REPO_ROOT.parent / "shared" / "looker-api-specs"
OUTPUT = REPO_ROOT / "src" / "looker" / "endpoint_table.rs"
SPEC_NAME = re.compile(r"^Looker\.(\d+\.\d+)\.oas\.json$")

# Order matters: it is the order of the generated rows within one path.
METHODS = ["get", "post", "put", "patch", "delete"]
STATUSES = {"stable", "beta", "alpha", "deprecated"}

# Fields of the Rust `Row`, in declaration order.
FIELDS = ["method", "status", "binary", "body", "versions"]

# The 3.x -> 4.0 renames behind "method not found" errors (Looker's API 3.x
# deprecation page, cloud.google.com/looker/docs/api-3x-deprecation): an
# operation id that 4.0 dropped, whose renamed counterpart 4.0 has.
RENAMES = [("space", "folder"), ("homepage", "board")]


@dataclass(frozen=True, order=True)
class Op:
    """One operation; field order is the sort order of the shared list."""

    segments: tuple[str, ...]
    method: int
    op_id: str
    status: str
    binary: bool
    body: str

    @property
    def template(self) -> str:
        return "/" + "/".join(self.segments)


@dataclass
class Spec:
    """One spec file, reduced to what the table needs."""

    file_name: str
    api: str
    info_version: str
    release: str
    ops: list[Op]


def fail(message: str) -> NoReturn:
    """Stop with a message: a spec we do not understand must not become a table.

    Exit status 2, so that `--check` callers can tell a failure from a stale
    table (status 1).
    """
    print(f"derive_endpoint_index: {message}", file=sys.stderr)
    sys.exit(2)


def is_binary(content_type: str) -> bool:
    """Whether a declared success type carries bytes that break as text.

    The specs also declare `text` (run_look and others), not a MIME type, and
    image/svg+xml, which the Looker SDKs decode as text (`+xml` rule in
    sdk-rtl/src/constants.ts), so neither counts.
    """
    ct = content_type.split(";")[0].strip().lower()
    if ct.startswith("image/"):
        return not ct.endswith("+xml")
    return ct == "application/pdf"


def body_kind(spec: dict, operation: dict, where: str) -> str:
    """The request body kind: json, form, text or none."""
    body = operation.get("requestBody")
    if body is None:
        return "none"
    # The 3.0 spec shares bodies through components.requestBodies.
    ref = body.get("$ref")
    if ref is not None:
        prefix = "#/components/requestBodies/"
        if not ref.startswith(prefix):
            fail(f"{where}: unsupported requestBody $ref {ref}")
        body = spec["components"]["requestBodies"][ref[len(prefix) :]]

    kinds = set()
    for content_type in body.get("content", {}):
        ct = content_type.split(";")[0].strip().lower()
        if ct == "application/json":
            kinds.add("json")
        elif ct == "application/x-www-form-urlencoded":
            kinds.add("form")
        elif ct == "text/plain":
            kinds.add("text")
        else:
            fail(f"{where}: unknown request content type {content_type}")
    if len(kinds) != 1:
        fail(f"{where}: expected one request body kind, found {sorted(kinds)}")
    return kinds.pop()


def read_spec(path: Path, api: str) -> Spec:
    """Read one spec file into a Spec, failing on anything unexpected."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    info = spec["info"]
    info_version = str(info["version"])
    if not info_version.startswith(api):
        fail(f"{path.name}: info.version {info_version} is not API {api}")

    ops = []
    for template, item in spec["paths"].items():
        if not re.fullmatch(r"/[A-Za-z0-9_./{}-]*", template):
            fail(f"{path.name}: unexpected path {template!r}")
        segments = tuple(template[1:].split("/"))
        # endpoints.rs narrows candidates by the first segment, which must
        # therefore be literal; a `{param}` must fill a whole segment.
        if segments[0].startswith("{") or any(
            "{" in s and not (s.startswith("{") and s.endswith("}")) for s in segments
        ):
            fail(f"{path.name}: unsupported path template {template}")

        for key, operation in item.items():
            if key in ("parameters", "summary", "description", "servers"):
                continue
            if key not in METHODS:
                fail(f"{path.name}: {template}: method {key} has no Method variant")
            where = f"{path.name}: {key.upper()} {template}"

            status = operation.get("x-looker-status", "stable")
            if status not in STATUSES:
                fail(f"{where}: unknown x-looker-status {status}")
            binary = any(
                is_binary(content_type)
                for code, response in operation["responses"].items()
                if str(code).startswith("2")
                for content_type in response.get("content", {})
            )
            op_id = operation["operationId"]
            if not re.fullmatch(r"[A-Za-z0-9_]+", op_id):
                fail(f"{where}: unexpected operationId {op_id!r}")
            body = body_kind(spec, operation, where)
            ops.append(Op(segments, METHODS.index(key), op_id, status, binary, body))

    ids = [op.op_id for op in ops]
    if len(ids) != len(set(ids)):
        fail(f"{path.name}: duplicate operationId")
    release = str(info.get("x-looker-release-version", "unknown"))
    return Spec(path.name, api, info_version, release, sorted(ops))


def read_specs(spec_dir: Path) -> list[Spec]:
    """Read every Looker.<version>.oas.json of the folder, oldest API first."""
    if not spec_dir.is_dir():
        fail(f"no spec folder at {spec_dir}")
    found = []
    for path in spec_dir.iterdir():
        match = SPEC_NAME.match(path.name)
        if match:
            found.append((tuple(int(p) for p in match[1].split(".")), match[1], path))
    if not found:
        fail(f"no Looker.<version>.oas.json in {spec_dir}")
    return [read_spec(path, api) for _, api, path in sorted(found)]


def derive_renames(specs: list[Spec]) -> list[tuple[str, str]]:
    """Pairs (old id, new id): 3.x ids the newest version renamed."""
    newest = {op.op_id: op for op in specs[-1].ops}
    pairs = {}
    for spec in specs[:-1]:
        for op in spec.ops:
            if op.op_id in newest:
                continue
            for old, new in RENAMES:
                renamed = op.op_id.replace(old, new)
                target = newest.get(renamed)
                if renamed != op.op_id and target and target.method == op.method:
                    pairs[op.op_id] = renamed
    return sorted(pairs.items())


def rust_str(text: str) -> str:
    """A Rust string literal; ids and templates are plain ASCII."""
    return json.dumps(text)


def render(specs: list[Spec]) -> str:
    """The whole generated Rust file."""
    shared = sorted({op for spec in specs for op in spec.ops})
    if len(shared) > 0xFFFF:
        fail("more operations than a u16 index can address")
    n = len(specs)
    if n > 8:
        fail(f"{n} API versions; a row's version bits hold 8")
    having = {op: 0 for op in shared}
    for bit, spec in enumerate(specs):
        for op in spec.ops:
            having[op] |= 1 << bit
    renames = derive_renames(specs)
    # endpoints.rs ranks a match with one bit per segment, in a u32.
    max_segments = max(len(op.segments) for op in shared)
    if max_segments > 32:
        fail(f"a template has {max_segments} segments; ranks hold 32")

    out = ["// @generated by scripts/derive_endpoint_index.py: do not edit."]
    out.append("//")
    out.append("// Derived from the OpenAPI specs of looker-open-source/sdk-codegen (MIT):")
    for spec in specs:
        out.append(
            f"//   {spec.file_name}: info.version {spec.info_version}, "
            f"x-looker-release-version {spec.release}, {len(spec.ops)} operations"
        )
    out.append("// Regenerate: python3 scripts/derive_endpoint_index.py [SPEC_DIR]")
    out.append("// Verify: python3 scripts/derive_endpoint_index.py --check [SPEC_DIR]")
    out += [
        "",
        "//! The Looker endpoint index: every operation of every known API version.",
        "//!",
        "//! Each distinct operation is stored once: its id and path template as a",
        "//! line of [`TEXT`], the rest in the [`ROWS`] entry of the same index,",
        "//! with a bit per API version that has it. `endpoints.rs` unpacks them",
        "//! into `Operation`s on first use.",
        "",
        "use super::endpoints::{BodyKind as B, Method as M, OpStatus as S};",
        "",
        "/// API versions, oldest first; [`SPEC_RELEASES`] and the version bits of",
        "/// [`ROWS`] follow the same order.",
        f"pub(super) static VERSIONS: [&str; {n}] = "
        f"[{', '.join(rust_str(s.api) for s in specs)}];",
        "",
        "/// The Looker release each version's spec describes.",
        f"pub(super) static SPEC_RELEASES: [&str; {n}] = "
        f"[{', '.join(rust_str(s.release) for s in specs)}];",
        "",
        "/// The most segments a path template has (`/a/b` has 2).",
        f"pub(super) const MAX_SEGMENTS: usize = {max_segments};",
        "",
        "/// Every distinct operation, a line each, sorted by path segments then",
        "/// method, so the operations sharing a first path segment are adjacent:",
        "/// its id, then a space and its path template, unless the line has the",
        "/// template of the line before.",
        "pub(super) static TEXT: &str = \"\\",
    ]
    previous = None
    for op in shared:
        out.append(op.op_id if op.template == previous else f"{op.op_id} {op.template}")
        previous = op.template
    out += [
        '";',
        "",
        "/// What an operation is besides its id and template.",
        "pub(super) struct Row {",
        "    pub method: M,",
        "    pub status: S,",
        "    /// Whether a 2xx response may be binary.",
        "    pub binary: bool,",
        "    pub body: B,",
        "    /// Bit `i` (from the right) set when `VERSIONS[i]` has the operation.",
        "    pub versions: u8,",
        "}",
        "",
        "/// One row of [`ROWS`]: method, status, 2xx may be binary, request body",
        "/// kind, version bits.",
        "const fn op(method: M, status: S, binary: bool, body: B, versions: u8) -> Row {",
        "    Row {",
        *[f"        {field}," for field in FIELDS],
        "    }",
        "}",
        "",
        "/// The rest of each operation of [`TEXT`], in the same order.",
        "#[rustfmt::skip]",
        f"pub(super) static ROWS: [Row; {len(shared)}] = [",
    ]
    for op in shared:
        out.append(
            f"    op(M::{METHODS[op.method].capitalize()}, S::{op.status.capitalize()}, "
            f"{str(op.binary).lower()}, B::{op.body.capitalize()}, "
            f"0b{having[op]:0{n}b}), // {op.op_id}"
        )
    out.append("];")

    out += [
        "",
        "/// 3.x operation ids (sorted) and the id that replaces each in the newest",
        "/// version (space -> folder, homepage -> board).",
        "#[rustfmt::skip]",
        f"pub(super) static RENAMES: [(&str, &str); {len(renames)}] = [",
    ]
    out += [f"    ({rust_str(old)}, {rust_str(new)})," for old, new in renames]
    out.append("];")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Derive src/looker/endpoint_table.rs from Looker's OpenAPI specs."
    )
    parser.add_argument(
        "spec_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_SPEC_DIR,
        help="folder of Looker.<version>.oas.json files (default: %(default)s)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the committed table is not what would be generated",
    )
    args = parser.parse_args()

    generated = render(read_specs(args.spec_dir))
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    relative = OUTPUT.relative_to(REPO_ROOT)
    if args.check:
        if current != generated:
            print(f"{relative} is stale: run scripts/derive_endpoint_index.py", file=sys.stderr)
            return 1
        print(f"{relative} is up to date")
        return 0

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(generated, encoding="utf-8")
    print(f"wrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
