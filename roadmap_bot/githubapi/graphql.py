"""GraphQL answers as data: each error classified by kind, with whatever data came with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# GraphQL error kinds
NOT_FOUND = "not_found"
RATE_LIMITED = "rate_limited"
FORBIDDEN = "forbidden"
UNPROCESSABLE = "unprocessable"
VALIDATION = "validation"  # the document itself is wrong (no type, undefinedField...)
# createIssue (and other creations) refused for speed: {"type": "UNPROCESSABLE", "message":
# "was submitted too quickly"}, typically after about 20 quick creations (cli/cli issue 4801).
TOO_QUICK = "too_quick"
# GitHub failed while executing (HTTP 200, data null, an error with no type: "Something went
# wrong while executing your query. This may be the result of a timeout, or it could be a
# GitHub bug."): a mutation may have acted before it did.
SERVER_FAILURE = "server_failure"
# A document too large to run: {"type": "RESOURCE_LIMITS_EXCEEDED", "message": "Resource
# limits for this query exceeded."} (yoshi389111/github-profile-3d-contrib issue 163), or
# "Timeout on validation of query" for many aliases (Skydio/revup pull request 271).
TOO_LARGE = "too_large"
OTHER = "other"

SERVER_FAILURE_PREFIX = "something went wrong while executing your query"
TOO_QUICK_TEXT = "submitted too quickly"
_TOO_LARGE_TYPES = {"RESOURCE_LIMITS_EXCEEDED", "MAX_NODE_LIMIT_EXCEEDED"}
_TOO_LARGE_PREFIXES = ("resource limits for this query exceeded", "timeout on validation of query")

_FORBIDDEN_TYPES = {"FORBIDDEN", "INSUFFICIENT_SCOPES"}


@dataclass(frozen=True)
class GraphQLErrorInfo:
    message: str
    type: str | None = None
    path: tuple[str | int, ...] = ()
    code: str | None = None  # extensions.code of a validation error

    @property
    def kind(self) -> str:
        low = self.message.lower()
        if self.type == "NOT_FOUND":
            return NOT_FOUND
        if self.type == "RATE_LIMITED":
            return RATE_LIMITED
        if self.type in _FORBIDDEN_TYPES:
            return FORBIDDEN
        if self.type == "UNPROCESSABLE":
            return TOO_QUICK if TOO_QUICK_TEXT in low else UNPROCESSABLE
        if self.type in _TOO_LARGE_TYPES or low.startswith(_TOO_LARGE_PREFIXES):
            return TOO_LARGE
        if self.type is None:
            return SERVER_FAILURE if low.startswith(SERVER_FAILURE_PREFIX) else VALIDATION
        return OTHER

    @property
    def throttled(self) -> bool:
        """GitHub asks to wait: a rate limit, or a creation refused for speed."""
        return self.kind in (RATE_LIMITED, TOO_QUICK)

    @classmethod
    def from_json(cls, raw: Any) -> GraphQLErrorInfo:
        if not isinstance(raw, dict):
            return cls(message=str(raw))
        extensions = raw.get("extensions")
        ext: dict[str, Any] = extensions if isinstance(extensions, dict) else {}
        etype = raw.get("type") or ext.get("type")
        raw_path = raw.get("path")
        path: list[str | int] = raw_path if isinstance(raw_path, list) else []
        return cls(
            message=str(raw.get("message", "")),
            type=str(etype) if etype else None,
            path=tuple(path),
            code=str(ext["code"]) if ext.get("code") else None,
        )


@dataclass(frozen=True)
class GraphQLResult:
    """A GraphQL answer: ``data`` (maybe partial, maybe None) and its classified errors."""

    data: dict[str, Any] | None
    errors: tuple[GraphQLErrorInfo, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def of_kind(self, kind: str) -> tuple[GraphQLErrorInfo, ...]:
        return tuple(e for e in self.errors if e.kind == kind)
