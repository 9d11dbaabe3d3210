"""Fault injection: answer some requests the way a GitHub having a bad day does.

A fault matches requests by a predicate (method, operation id, GraphQL mutation name,
writes only, any callable), skips the first ``after`` matching requests, then fires
``times`` times (``None``: for ever). What it does:

- ``status``: answer a status (500/502/503...) without acting;
- ``lose_answer``: ACT, then answer a status (502): the write happened, the caller can't know;
- ``drop``: close the connection without an answer, after acting (``act=True``) or not;
- ``secondary_rate_limit``: 403 (or 429) with ``Retry-After`` and GitHub's message;
- ``primary_rate_limit``: 403 with ``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset``.

``refuse_all_after_writes(k)`` simulates a crash: after ``k`` writes have taken effect every
further request is refused (503), until ``clear()``.

Examples::

    fake.faults.status(502, operation="issues/create", after=2, times=1)
    fake.faults.lose_answer(operation="issues/create")          # act, then 502
    fake.faults.drop(mutation="addProjectV2ItemById", act=True)
    fake.faults.secondary_rate_limit(retry_after=1, writes=True, after=10, times=None)
    fake.faults.refuse_all_after_writes(5)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID "
    "FAKE:0000:0000000:0000000:00000000."
)
SECONDARY_DOC = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)


@dataclass
class RequestInfo:
    """What a fault predicate sees."""

    method: str
    path: str  # without the Enterprise prefix
    operation: str  # REST operationId, or "graphql:<operation name or first field>"
    is_write: bool
    graphql_fields: tuple[str, ...] = ()  # root fields of the executed GraphQL operation
    graphql_kind: str | None = None  # "query" | "mutation"
    token: str | None = None


@dataclass
class Fault:
    kind: str  # "status" | "drop" | "secondary" | "primary"
    act: bool = False
    status: int = 502
    retry_after: int | None = None
    reset_in: int = 3600
    body: Any = None
    method: str | None = None
    operation: str | None = None
    mutation: str | None = None
    writes: bool | None = None
    where: Callable[[RequestInfo], bool] | None = None
    after: int = 0
    times: int | None = 1
    seen: int = 0
    fired: int = 0
    label: str = ""

    def matches(self, req: RequestInfo) -> bool:
        if self.method is not None and req.method != self.method.upper():
            return False
        if self.operation is not None and req.operation != self.operation:
            return False
        if self.mutation is not None and (
            req.graphql_kind != "mutation" or self.mutation not in req.graphql_fields
        ):
            return False
        if self.writes is not None and req.is_write != self.writes:
            return False
        return self.where is None or bool(self.where(req))

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


@dataclass
class FaultResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    drop: bool = False


class Faults:
    def __init__(self, writes_acted: Callable[[], int] = lambda: 0) -> None:
        self.active: list[Fault] = []
        self.fired: list[tuple[str, RequestInfo]] = []
        self._writes_acted = writes_acted

    # ----------------------------------------------------------------- adding
    def add(self, fault: Fault) -> Fault:
        self.active.append(fault)
        return fault

    def status(self, status: int = 502, *, body: Any = None, **match: Any) -> Fault:
        """Answer ``status`` without acting."""
        return self.add(Fault("status", act=False, status=status, body=body, **match))

    def lose_answer(self, status: int = 502, **match: Any) -> Fault:
        """Act, then answer ``status``: the lost-answer case."""
        return self.add(Fault("status", act=True, status=status, **match))

    def drop(self, *, act: bool = True, **match: Any) -> Fault:
        """Close the connection with no answer, after acting (default) or without."""
        return self.add(Fault("drop", act=act, **match))

    def secondary_rate_limit(
        self, *, retry_after: int | None = 60, status: int = 403, **match: Any
    ) -> Fault:
        return self.add(Fault("secondary", status=status, retry_after=retry_after, **match))

    def primary_rate_limit(self, *, reset_in: int = 3600, **match: Any) -> Fault:
        return self.add(Fault("primary", status=403, reset_in=reset_in, **match))

    def refuse_all_after_writes(self, k: int, *, status: int = 503) -> Fault:
        """After ``k`` writes have taken effect (counted from now), refuse every request."""
        start = self._writes_acted()
        return self.add(
            Fault(
                "status",
                status=status,
                where=lambda _req: self._writes_acted() - start >= k,
                times=None,
                label=f"refuse_all_after_writes({k})",
            )
        )

    def clear(self) -> None:
        self.active.clear()

    # ----------------------------------------------------------------- matching
    def pick(self, req: RequestInfo) -> Fault | None:
        """The fault that fires for ``req`` (counting matches of every active fault)."""
        chosen = None
        for fault in self.active:
            if fault.exhausted or not fault.matches(req):
                continue
            fault.seen += 1
            if chosen is None and fault.seen > fault.after:
                fault.fired += 1
                chosen = fault
        if chosen is not None:
            self.fired.append((chosen.kind, req))
        return chosen

    @staticmethod
    def response(fault: Fault, *, now: int, limit: int, used: int) -> FaultResponse:
        def js(obj: Any) -> bytes:
            return json.dumps(obj).encode()

        if fault.kind == "drop":
            return FaultResponse(0, drop=True)
        if fault.kind == "secondary":
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            body = {"message": SECONDARY_MESSAGE, "documentation_url": SECONDARY_DOC}
            return FaultResponse(fault.status, headers, js(body))
        if fault.kind == "primary":
            headers = {
                "x-ratelimit-limit": str(limit),
                "x-ratelimit-remaining": "0",
                "x-ratelimit-used": str(limit),
                "x-ratelimit-reset": str(now + fault.reset_in),
            }
            body = {
                "message": "API rate limit exceeded for user ID 1.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            }
            return FaultResponse(403, headers, js(body))
        body = fault.body
        if body is None:
            body = {
                500: {"message": "Server Error"},
                502: {"message": "Server Error"},
                503: {"message": "Service Unavailable"},
                504: {"message": "We couldn't respond to your request in time."},
            }.get(fault.status, {"message": "Server Error"})
        return FaultResponse(fault.status, {}, body if isinstance(body, bytes) else js(body))
