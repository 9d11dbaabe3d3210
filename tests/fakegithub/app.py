"""The fake GitHub as a plain function from request to response (no sockets here).

:class:`FakeGitHub` routes a request to the GraphQL endpoint or to a REST operation of
openapi-subset.json, validates it (recording contract violations), authenticates, counts
the rate limit, applies injected faults, runs the handler, and logs the request.
:mod:`server` serves it over HTTP.
"""

from __future__ import annotations

import json
import traceback
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import (
    gitdata,  # noqa: F401  (its handlers register with rest)
    openapi,
    project_views,  # noqa: F401  (its handlers register with rest)
    rest,
)
from . import graphql as gql
from . import state as st
from .faults import Fault, FaultResponse, Faults, RequestInfo
from .state import State, Token

DOCS = "https://docs.github.com/rest"
GRAPHQL_AUTH_DOC = (
    "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"
)
RATE_DOC = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"


@dataclass
class Request:
    method: str
    target: str  # raw path and query, as on the request line
    headers: dict[str, str]  # lower-case names
    body: bytes = b""


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    drop: bool = False  # close the connection without answering


@dataclass
class Violation:
    """A request GitHub's description says GitHub would reject, or a gap of the fake."""

    kind: str  # unknown-route, invalid-params, invalid-body, invalid-json, invalid-graphql,
    # invalid-graphql-variables, unimplemented, fake-response, fake-bug
    method: str
    path: str
    operation: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.method} {self.path} ({self.operation}): {self.message}"


@dataclass
class LoggedRequest:
    seq: int
    method: str
    path: str  # without the Enterprise prefix
    query: dict[str, list[str]]
    operation: str | None  # REST operationId, "graphql:<name or first field>", or None
    is_write: bool
    token: str | None
    body: Any = None  # parsed JSON
    status: int | None = None  # None: connection dropped
    fault: str | None = None  # kind of the injected fault, if any
    acted: bool = False  # a write that took effect
    graphql_fields: tuple[str, ...] = ()
    api_version: str | None = None  # the X-GitHub-Api-Version header of a REST request


class RequestLog:
    def __init__(self) -> None:
        self.entries: list[LoggedRequest] = []

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def reads(self) -> int:
        return sum(1 for e in self.entries if not e.is_write)

    @property
    def writes(self) -> int:
        return sum(1 for e in self.entries if e.is_write)

    @property
    def graphql_mutations(self) -> int:
        return sum(
            1 for e in self.entries if e.is_write and (e.operation or "").startswith("graphql:")
        )

    def count(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        status: int | None = None,
        writes: bool | None = None,
    ) -> int:
        return len(self.find(operation, method=method, status=status, writes=writes))

    def find(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        status: int | None = None,
        writes: bool | None = None,
    ) -> list[LoggedRequest]:
        return [
            e
            for e in self.entries
            if (operation is None or e.operation == operation)
            and (method is None or e.method == method.upper())
            and (status is None or e.status == status)
            and (writes is None or e.is_write == writes)
        ]

    def operations(self) -> list[str | None]:
        return [e.operation for e in self.entries]

    def clear(self) -> None:
        self.entries.clear()


# The dated REST versions api.github.com serves (GitHub publishes a description for each:
# api.github.com.2022-11-28.json, api.github.com.2026-03-10.json); without the header GitHub
# answers as 2022-11-28. Another value is refused with 400, as GitHub's "API versions" page
# describes.
API_VERSIONS = ("2022-11-28", "2026-03-10")


def _unsupported_version(value: str) -> dict[str, str]:
    return {
        "message": f"Unsupported 'X-GitHub-Api-Version' header value: '{value}'. "
        f"Supported values are: {', '.join(API_VERSIONS)}",
        "documentation_url": "https://docs.github.com/rest/about-the-rest-api/api-versions",
    }


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


class FakeGitHub:
    """State + faults + request log + violations, answering requests.

    ``prefix="/api/v3"`` behaves as GitHub Enterprise Server (REST under /api/v3, GraphQL at
    /api/graphql); without it as github.com (REST at /, GraphQL at /graphql).
    ``validate_responses`` checks each JSON answer of a REST handler against the operation's
    response schema and records a ``fake-response`` violation on a mismatch (a bug of the fake).
    """

    def __init__(
        self, state: State | None = None, *, prefix: str = "", validate_responses: bool = True
    ) -> None:
        self.state = state or State()
        self.prefix = prefix.rstrip("/")
        self.validate_responses = validate_responses
        self.log = RequestLog()
        self.violations: list[Violation] = []
        self.writes_acted = 0
        self.faults = Faults(lambda: self.writes_acted)
        self.base_url = "http://127.0.0.1"
        self._seq = 0

    # ----------------------------------------------------------------- urls
    @property
    def api_url(self) -> str:
        return self.base_url + self.prefix

    @property
    def graphql_path(self) -> str:
        return "/api/graphql" if self.prefix else "/graphql"

    @property
    def graphql_url(self) -> str:
        return self.base_url + self.graphql_path

    # ----------------------------------------------------------------- violations
    def take_violations(self) -> list[Violation]:
        """Return and forget the violations recorded so far (for tests that send bad
        requests on purpose)."""
        out, self.violations = self.violations, []
        return out

    def _violate(self, kind: str, entry: LoggedRequest, message: str) -> None:
        self.violations.append(Violation(kind, entry.method, entry.path, entry.operation, message))

    # ----------------------------------------------------------------- entry point
    def handle(self, req: Request) -> Response:
        with self.state.lock:
            split = urllib.parse.urlsplit(req.target)
            query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
            self._seq += 1
            auth = req.headers.get("authorization", "")
            token_value = auth.split(None, 1)[1].strip() if " " in auth else None
            entry = LoggedRequest(
                self._seq, req.method, split.path, query, None, req.method != "GET", token_value
            )
            self.log.entries.append(entry)
            try:
                resp = self._handle(req, split.path, query, entry)
            except Exception as e:  # a bug of the fake: make it loud
                self._violate("fake-bug", entry, traceback.format_exc())
                resp = Response(500, {}, _json({"message": f"fakegithub bug: {e!r}"}))
            entry.status = None if resp.drop else resp.status
            resource = "graphql" if split.path == self.graphql_path else "core"
            token = self.state.tokens.get(token_value) if token_value else None
            for name, value in self._rate_headers(token, resource).items():
                resp.headers.setdefault(name, value)
            resp.headers.setdefault("x-github-request-id", f"FAKE:{self._seq:08X}")
            if resp.body is not None:
                resp.headers.setdefault("Content-Type", "application/json; charset=utf-8")
            return resp

    # ----------------------------------------------------------------- auth and limits
    def _auth(self, req: Request) -> tuple[Token | None, Response | None]:
        auth = req.headers.get("authorization")
        if not auth:
            return None, None
        scheme, _, value = auth.partition(" ")
        token = self.state.tokens.get(value.strip())
        if scheme.lower() not in ("token", "bearer") or token is None:
            body = {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"}
            return None, Response(401, {}, _json(body))
        return token, None

    def _rate_headers(self, token: Token | None, resource: str) -> dict[str, str]:
        b = rest.rate_buckets(self.state, token)[resource]
        headers = {
            "x-ratelimit-limit": str(b["limit"]),
            "x-ratelimit-remaining": str(b["remaining"]),
            "x-ratelimit-used": str(b["used"]),
            "x-ratelimit-reset": str(b["reset"]),
            "x-ratelimit-resource": resource,
        }
        if token is not None and token.scopes is not None:
            headers["x-oauth-scopes"] = ", ".join(sorted(token.scopes))
            headers["x-accepted-oauth-scopes"] = ""
        return headers

    def _spend(self, token: Token | None, resource: str) -> Response | None:
        """Count one request against the token's primary limit; 403 when exhausted."""
        if token is None:
            return None
        if resource == "core":
            if token.core_used >= token.core_limit:
                return self._primary_limited(token)
            token.core_used += 1
        else:
            if token.graphql_used >= token.graphql_limit:
                return self._primary_limited(token)
            token.graphql_used += 1
        return None

    def _primary_limited(self, token: Token) -> Response:
        body = {
            "message": f"API rate limit exceeded for user ID {token.user.id}.",
            "documentation_url": RATE_DOC,
        }
        return Response(403, {}, _json(body))

    def _fault_response(self, fault: Fault, token: Token | None) -> Response:
        limit = token.core_limit if token else 60
        fr: FaultResponse = Faults.response(
            fault, now=self.state.clock.now, limit=limit, used=limit
        )
        return Response(fr.status, dict(fr.headers), fr.body, drop=fr.drop)

    # ----------------------------------------------------------------- dispatch
    def _not_found(self) -> Response:
        return Response(
            404, {}, _json({"message": "Not Found", "documentation_url": DOCS, "status": "404"})
        )

    def _handle(
        self, req: Request, path: str, query: dict[str, list[str]], entry: LoggedRequest
    ) -> Response:
        if path == self.graphql_path and req.method == "POST":
            return self._graphql(req, entry)
        if self.prefix:
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                self._violate("unknown-route", entry, f"not under the prefix {self.prefix}")
                return self._not_found()
            path = path[len(self.prefix) :] or "/"
            entry.path = path
        op, path_params, path_known = openapi.match(req.method, path)
        if op is None:
            why = "method not in the subset for this path" if path_known else "no such operation"
            self._violate("unknown-route", entry, why)
            return self._not_found()
        entry.operation = op.operation_id
        entry.api_version = req.headers.get("x-github-api-version")
        if entry.api_version is not None and entry.api_version not in API_VERSIONS:
            return Response(400, {}, _json(_unsupported_version(entry.api_version)))
        params, errors = openapi.validate_params(op, path_params, query)
        if errors:
            return self._invalid(entry, op, "invalid-params", errors)
        body: Any = {}
        if op.body_schema is not None:
            if req.body.strip():
                try:
                    body = json.loads(req.body)
                except ValueError:
                    self._violate("invalid-json", entry, req.body[:200].decode(errors="replace"))
                    return Response(
                        400,
                        {},
                        _json(
                            {"message": "Problems parsing JSON", "documentation_url": op.doc_url}
                        ),
                    )
                entry.body = body
                errors = openapi.validate_body(op, body)
                if errors:
                    return self._invalid(entry, op, "invalid-body", errors)
            elif op.body_required:
                return self._invalid(entry, op, "invalid-body", ["A request body is required."])
        token, bad = self._auth(req)
        headers = self._rate_headers(token, "core")
        if bad is not None:
            bad.headers.update(headers)
            return bad
        if token is None and entry.is_write:
            body401 = {"message": "Requires authentication", "documentation_url": op.doc_url}
            return Response(401, headers, _json(body401))
        info = RequestInfo(req.method, path, op.operation_id, entry.is_write, token=entry.token)
        fault = self.faults.pick(info)
        if fault is not None:
            entry.fault = fault.kind
            if not fault.act:
                resp = self._fault_response(fault, token)
                resp.headers = {**headers, **resp.headers}
                return resp
        if op.operation_id != "rate-limit/get":
            limited = self._spend(token, "core")
            if limited is not None:
                limited.headers.update(self._rate_headers(token, "core"))
                limited.headers["x-ratelimit-remaining"] = "0"
                return limited
        headers = self._rate_headers(token, "core")
        handler = rest.HANDLERS.get(op.operation_id)
        if handler is None:
            self._violate(
                "unimplemented", entry, f"fakegithub has no handler for {op.operation_id}"
            )
            return Response(
                501, headers, _json({"message": f"fakegithub does not implement {op.operation_id}"})
            )
        ctx = rest.Ctx(
            self.state,
            token,
            self.api_url,
            self.base_url,
            path,
            params,
            query,
            body,
        )
        try:
            reply = handler(ctx)
        except st.FakeError as e:
            out: dict[str, Any] = {"message": e.message, "documentation_url": op.doc_url}
            if e.errors:
                out["errors"] = e.errors
            out["status"] = str(e.status)
            reply = rest.Reply(e.status, out)
        if entry.is_write and reply.status < 400:
            self.writes_acted += 1
            entry.acted = True
        if self.validate_responses and reply.body is not None and reply.status < 300:
            problems = openapi.validate_response(op, reply.status, reply.body)
            if problems:
                self._violate("fake-response", entry, "; ".join(problems[:5]))
        resp = Response(
            reply.status,
            {**headers, **reply.headers},
            _json(reply.body) if reply.body is not None else None,
        )
        if fault is not None and fault.act:
            resp = self._fault_response(fault, token)
            resp.headers = {**headers, **resp.headers}
        return resp

    def _invalid(
        self, entry: LoggedRequest, op: openapi.Operation, kind: str, errors: list[str]
    ) -> Response:
        self._violate(kind, entry, " ".join(errors))
        body = {
            "message": "Invalid request.\n\n" + "\n".join(errors),
            "documentation_url": op.doc_url,
            "status": "422",
        }
        return Response(422, {}, _json(body))

    # ----------------------------------------------------------------- GraphQL
    def _graphql(self, req: Request, entry: LoggedRequest) -> Response:
        entry.operation = "graphql:invalid"
        entry.is_write = False
        token, bad = self._auth(req)
        headers = self._rate_headers(token, "graphql")
        if bad is not None:
            bad.headers.update(headers)
            return bad
        if token is None:
            body = {
                "message": "This endpoint requires you to be authenticated.",
                "documentation_url": GRAPHQL_AUTH_DOC,
            }
            return Response(401, headers, _json(body))
        try:
            payload = json.loads(req.body or b"null")
        except ValueError:
            self._violate("invalid-json", entry, req.body[:200].decode(errors="replace"))
            return Response(
                400,
                headers,
                _json({"message": "Problems parsing JSON", "documentation_url": GRAPHQL_AUTH_DOC}),
            )
        entry.body = payload
        prepared = gql.prepare(payload)
        if isinstance(prepared, list):
            self._violate("invalid-graphql", entry, json.dumps(prepared))
            return Response(200, headers, _json({"errors": prepared}))
        entry.operation = prepared.label
        entry.is_write = prepared.kind == "mutation"
        entry.graphql_fields = prepared.root_fields
        info = RequestInfo(
            "POST",
            entry.path,
            prepared.label,
            entry.is_write,
            prepared.root_fields,
            prepared.kind,
            entry.token,
            str(payload.get("query") or "") if isinstance(payload, dict) else "",
        )
        fault = self.faults.pick(info)
        if fault is not None:
            entry.fault = fault.kind
            if not fault.act:
                resp = self._fault_response(fault, token)
                resp.headers = {**headers, **resp.headers}
                return resp
        limited = self._spend(token, "graphql")
        if limited is not None:
            limited.headers.update(self._rate_headers(token, "graphql"))
            limited.headers["x-ratelimit-remaining"] = "0"
            return limited
        headers = self._rate_headers(token, "graphql")
        ctx = gql.GqlCtx(self.state, token, self.api_url, self.base_url)
        out, violations = gql.run(prepared, ctx)
        for v in violations:
            self._violate(v["kind"], entry, v.get("message") or json.dumps(v.get("errors")))
        if entry.is_write and out.get("data") and not out.get("errors"):
            self.writes_acted += 1
            entry.acted = True
        resp = Response(200, headers, _json(out))
        if fault is not None and fault.act:
            resp = self._fault_response(fault, token)
            resp.headers = {**headers, **resp.headers}
        return resp
