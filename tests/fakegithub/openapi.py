"""GitHub's REST description (tests/data/github-api/rest/openapi-subset.json) as a router
and a request/response validator.

OpenAPI 3.0 schemas are converted to plain JSON Schema (draft 4 vocabulary, which is what
OAS 3.0 schema objects are based on) and checked with ``jsonschema``:

- ``$ref`` is inlined (the subset has no reference cycles);
- ``nullable: true`` becomes ``anyOf: [{"type": "null"}, <schema>]``, so ``null`` is accepted
  even where an ``enum`` does not list it (OAS 3.0.3's intent);
- request bodies only: every object schema that declares ``properties`` and says nothing of
  ``additionalProperties`` gets ``additionalProperties: false``. GitHub answers 422 to keys it
  does not know on most endpoints, and a key the description does not declare is a bug in the
  caller either way.
- OAS-only keywords (``discriminator``, ``example``, ``readOnly``, ``x-*`` ...) are dropped.
"""

from __future__ import annotations

import functools
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "github-api"
OPENAPI_PATH = DATA_DIR / "rest" / "openapi-subset.json"
GRAPHQL_SCHEMA_PATH = DATA_DIR / "graphql" / "schema.graphql"

_DROP_KEYS = {
    "discriminator",
    "example",
    "examples",
    "externalDocs",
    "readOnly",
    "writeOnly",
    "xml",
    "deprecated",
    "nullable",
    "description",
    "title",
    "format",
}


@functools.cache
def spec() -> dict[str, Any]:
    with OPENAPI_PATH.open(encoding="utf-8") as f:
        return json.load(f)


def _resolve_ref(ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"external $ref not supported: {ref}")
    node: Any = spec()
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(node: Any) -> Any:
    """Follow a top-level ``$ref`` chain (parameters, responses, request bodies)."""
    while isinstance(node, dict) and "$ref" in node:
        node = _resolve_ref(node["$ref"])
    return node


def to_json_schema(schema: Any, *, closed: bool, _depth: int = 0) -> Any:
    """Convert an OAS 3.0 schema object to JSON Schema (see module docstring)."""
    if _depth > 64:
        raise RecursionError("schema nesting too deep (reference cycle?)")
    if isinstance(schema, list):
        return [to_json_schema(s, closed=closed, _depth=_depth + 1) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return to_json_schema(_resolve_ref(schema["$ref"]), closed=closed, _depth=_depth + 1)
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP_KEYS or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {
                name: to_json_schema(sub, closed=closed, _depth=_depth + 1)
                for name, sub in value.items()
            }
        elif key in ("items", "not", "additionalProperties") and isinstance(value, dict):
            out[key] = to_json_schema(value, closed=closed, _depth=_depth + 1)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_json_schema(s, closed=closed, _depth=_depth + 1) for s in value]
        else:
            out[key] = value
    if closed and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if schema.get("nullable") is True:
        return {"anyOf": [{"type": "null"}, out]}
    return out


@dataclass
class Parameter:
    name: str
    location: str  # "path" | "query" | "header"
    required: bool
    schema: dict[str, Any]
    multi_segment: bool = False


@dataclass
class Operation:
    operation_id: str
    method: str
    path_template: str
    parameters: dict[tuple[str, str], Parameter]
    body_schema: dict[str, Any] | None  # converted (closed) JSON Schema, or None
    body_required: bool
    doc_url: str
    raw: dict[str, Any] = field(repr=False)
    regex: re.Pattern[str] = field(repr=False, default=re.compile(""))
    literal_segments: int = 0

    @functools.cached_property
    def body_validator(self) -> jsonschema.Draft4Validator | None:
        if self.body_schema is None:
            return None
        return jsonschema.Draft4Validator(self.body_schema)

    def response_schema(self, status: int) -> dict[str, Any] | None:
        """JSON Schema (open, not closed) of the JSON answer for ``status``, if documented."""
        return _response_schema(self.operation_id, status)


def _compile(template: str, params: dict[tuple[str, str], Parameter]) -> tuple[re.Pattern, int]:
    pattern = ""
    literal = 0
    for segment in template.strip("/").split("/"):
        m = re.fullmatch(r"\{([^}]+)\}", segment)
        if m:
            name = m.group(1)
            p = params.get(("path", name))
            if p is not None and p.multi_segment:
                # GitHub lets some multi-segment parameters (contents path) be empty
                pattern += f"(?:/(?P<{name}>.*))?" if name == "path" else f"/(?P<{name}>.+)"
            else:
                pattern += f"/(?P<{name}>[^/]+)"
        else:
            literal += 1
            pattern += "/" + re.escape(segment)
    return re.compile(pattern + "/?"), literal


@functools.cache
def operations() -> list[Operation]:
    ops: list[Operation] = []
    for template, item in spec()["paths"].items():
        shared = [deref(p) for p in item.get("parameters", [])]
        for method, raw in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params: dict[tuple[str, str], Parameter] = {}
            for p in shared + [deref(p) for p in raw.get("parameters", [])]:
                params[(p["in"], p["name"])] = Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required")),
                    schema=to_json_schema(p.get("schema", {}), closed=False),
                    multi_segment=bool(p.get("x-multi-segment")),
                )
            body_schema = None
            body_required = False
            rb = deref(raw.get("requestBody"))
            if rb:
                body_required = bool(rb.get("required"))
                content = rb.get("content", {})
                media = content.get("application/json") or next(iter(content.values()), None)
                if media and "schema" in media:
                    body_schema = to_json_schema(media["schema"], closed=True)
            op = Operation(
                operation_id=raw["operationId"],
                method=method.upper(),
                path_template=template,
                parameters=params,
                body_schema=body_schema,
                body_required=body_required,
                doc_url=raw.get("externalDocs", {}).get("url", "https://docs.github.com/rest"),
                raw=raw,
            )
            op.regex, op.literal_segments = _compile(template, params)
            ops.append(op)
    # most literal segments first, so /issues/comments/{id} beats /issues/{n}/...
    ops.sort(key=lambda o: (-o.literal_segments, o.path_template))
    return ops


@functools.cache
def operation_by_id(operation_id: str) -> Operation:
    for op in operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(operation_id)


@functools.cache
def _response_schema(operation_id: str, status: int) -> dict[str, Any] | None:
    op = operation_by_id(operation_id)
    resp = deref(op.raw["responses"].get(str(status)))
    if not resp:
        return None
    content = resp.get("content", {})
    media = content.get("application/json")
    if not media or "schema" not in media:
        return None
    return to_json_schema(media["schema"], closed=False)


def match(method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
    """Find the operation for ``method`` and a raw (still percent-encoded) ``path``.

    Returns (operation, path params decoded, path_known): ``path_known`` tells whether the
    path exists with some other method.
    """
    path_known = False
    for op in operations():
        m = op.regex.fullmatch(path)
        if not m:
            continue
        if op.method != method:
            path_known = True
            continue
        params = {k: urllib.parse.unquote(v) for k, v in m.groupdict().items() if v is not None}
        if "{path}" in op.path_template:
            params.setdefault("path", "")
        return op, params, True
    return None, {}, path_known


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    t = schema.get("type")
    if t == "integer":
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        return value
    if t == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if t == "boolean":
        return {"true": True, "false": False}.get(value, value)
    return value


def validate_params(
    op: Operation, path_params: dict[str, str], query: dict[str, list[str]]
) -> tuple[dict[str, Any], list[str]]:
    """Check path and query parameters. Returns (typed values, error messages)."""
    errors: list[str] = []
    values: dict[str, Any] = {}
    for name, raw in path_params.items():
        p = op.parameters.get(("path", name))
        if p is None:
            continue
        v = _coerce(raw, p.schema)
        for e in jsonschema.Draft4Validator(p.schema).iter_errors(v):
            errors.append(f"Path parameter {name!r}: {raw!r} is invalid ({e.message}).")
        values[name] = v
    for name, raws in query.items():
        p = op.parameters.get(("query", name))
        if p is None:
            errors.append(f"Query parameter {name!r} is not a permitted parameter.")
            continue
        if len(raws) > 1:
            errors.append(f"Query parameter {name!r} was given {len(raws)} times.")
        v = _coerce(raws[-1], p.schema)
        for e in jsonschema.Draft4Validator(p.schema).iter_errors(v):
            errors.append(f"Query parameter {name!r}: {raws[-1]!r} is invalid ({e.message}).")
        values[name] = v
    for (loc, name), p in op.parameters.items():
        if loc == "query" and p.required and name not in query:
            errors.append(f"Query parameter {name!r} wasn't supplied.")
    return values, errors


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(x) for x in error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        keys = ", ".join(json.dumps(k) for k in extra)
        loc = f" (at {where})" if where else ""
        return f"{keys} {'is not a permitted key' if len(extra) == 1 else 'are not permitted keys'}{loc}."
    if error.validator == "required":
        m = re.match(r"'(.*)' is a required property", error.message)
        name = m.group(1) if m else error.message
        return f'"{name}" wasn\'t supplied.'
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        inner = _describe(best) if best is not None else ""
        return f"No subschema in {error.validator!r} matched{' at ' + where if where else ''}. {inner}".strip()
    loc = f"For 'properties/{where}', " if where else ""
    return f"{loc}{error.message}."


def validate_body(op: Operation, body: Any) -> list[str]:
    v = op.body_validator
    if v is None:
        return []
    errors = sorted(v.iter_errors(body), key=lambda e: list(e.absolute_path))
    return [_describe(e) for e in errors]


def _shape(obj: Any) -> Any:
    """The structure of a JSON value (keys, types, nulls), not its values, except for short
    strings (enums such as ``state_reason``)."""
    if isinstance(obj, dict):
        return tuple(sorted((k, _shape(v)) for k, v in obj.items()))
    if isinstance(obj, list):
        return ("[]", frozenset(_shape(x) for x in obj))
    if isinstance(obj, str) and len(obj) <= 16:
        return ("s", obj)
    return type(obj).__name__


_VALIDATED_SHAPES: set[tuple[str, int, Any]] = set()


def validate_response(op: Operation, status: int, body: Any) -> list[str]:
    """Check a JSON answer against the documented schema. Each distinct shape is checked
    once per process (validation of GitHub's large issue schema is slow)."""
    schema = op.response_schema(status)
    if schema is None:
        return []
    key = (op.operation_id, status, _shape(body))
    if key in _VALIDATED_SHAPES:
        return []
    validator = _response_validator(op.operation_id, status)
    problems = [
        f"{'/'.join(str(x) for x in e.absolute_path) or '<root>'}: {e.message[:300]}"
        for e in validator.iter_errors(body)
    ]
    if not problems:
        _VALIDATED_SHAPES.add(key)
    return problems


@functools.cache
def _response_validator(operation_id: str, status: int) -> jsonschema.Draft4Validator:
    schema = _response_schema(operation_id, status)
    return jsonschema.Draft4Validator(schema or {})
