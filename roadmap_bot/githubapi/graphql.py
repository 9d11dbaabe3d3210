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
OTHER = "other"

_FORBIDDEN_TYPES = {"FORBIDDEN", "INSUFFICIENT_SCOPES"}


@dataclass(frozen=True)
class GraphQLErrorInfo:
    message: str
    type: str | None = None
    path: tuple[str | int, ...] = ()
    code: str | None = None  # extensions.code of a validation error

    @property
    def kind(self) -> str:
        if self.type == "NOT_FOUND":
            return NOT_FOUND
        if self.type == "RATE_LIMITED":
            return RATE_LIMITED
        if self.type in _FORBIDDEN_TYPES:
            return FORBIDDEN
        if self.type == "UNPROCESSABLE":
            return UNPROCESSABLE
        if self.type is None:
            return VALIDATION
        return OTHER

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
