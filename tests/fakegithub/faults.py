"""Fault injection: answer some requests the way a GitHub having a bad day does.

A fault matches requests by a predicate (method, operation id, GraphQL mutation name,
writes only, any callable), skips the first ``after`` matching requests, then fires
``times`` times (``None``: for ever). What it does:

- ``status``: answer a status (500/502/503...) without acting;
- ``lose_answer``: ACT, then answer a status (502): the write happened, the caller can't know;
- ``drop``: close the connection without an answer, after acting (``act=True``) or not;
- ``secondary_rate_limit``: 403 (or 429) with ``Retry-After`` and GitHub's message;
- ``primary_rate_limit``: 403 with ``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset``;
- ``content_creation_limit``: REST 403 without ``Retry-After``, GitHub's content-creation
  wording (``spammed``: the 422 the descriptions list for creation endpoints);
- ``creation_limit``: GraphQL ``createIssue`` refused with HTTP 200 and UNPROCESSABLE "was
  submitted too quickly" once ``per_minute`` creations fell in a minute, for a minute;
- ``typeless_failure``: GraphQL HTTP 200, ``data: null``, an error with no ``type``
  ("Something went wrong while executing your query..."), after acting or not;
- ``too_large``: GraphQL documents of more than ``over`` root fields refused with
  RESOURCE_LIMITS_EXCEEDED (or "Timeout on validation of query").

These bodies are GitHub's, as reported publicly: "was submitted too quickly" in cli/cli
issue 4801 (``{"type": "UNPROCESSABLE", "path": ["createIssue"], "locations": [...],
"message": "was submitted too quickly"}``, refusals after about 20 quick creations, for a
minute or more); the 403 without Retry-After in GitHub's REST docs on secondary rate limits
("...the response will have a 403 or 429 status... If the retry-after response header is
not present... wait for at least one minute", its body quoted in gr2m/helpdesk issue 62)
and in checkmarx-ltd/cx-flow pull request 1078 (refusals after ~20 issue creations); the
422 "Validation failed, or the endpoint has been spammed." in GitHub's own REST description
(components/responses/validation_failed); RESOURCE_LIMITS_EXCEEDED in
yoshi389111/github-profile-3d-contrib issue 163; "Timeout on validation of query" for
large aliased documents in Skydio/revup pull request 271; the typeless "Something went
wrong while executing your query. This may be the result of a timeout, or it could be a
GitHub bug." is the text GitHub's GraphQL endpoint sends when execution fails.

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
# GitHub's words when the secondary limit on content creation is hit (gr2m/helpdesk issue 62).
CONTENT_CREATION_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content "
    "creation. Please retry your request again later."
)
TOO_QUICK_ERROR = {
    "type": "UNPROCESSABLE",
    "path": ["createIssue"],
    "locations": [{"line": 2, "column": 3}],
    "message": "was submitted too quickly",
}
TYPELESS_MESSAGE = (
    "Something went wrong while executing your query. This may be the result of a timeout, "
    "or it could be a GitHub bug. Please include `FAKE:0000:0000000:0000000:00000000` when "
    "reporting this issue."
)
RESOURCE_LIMITS_ERROR = {
    "type": "RESOURCE_LIMITS_EXCEEDED",
    "message": "Resource limits for this query exceeded.",
}
VALIDATION_TIMEOUT_ERROR = {"message": "Timeout on validation of query"}
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
    document: str = ""  # a GraphQL request's document, as sent


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

    def content_creation_limit(self, *, spammed: bool = False, **match: Any) -> Fault:
        """REST: 403 without Retry-After (or, ``spammed``, 422), GitHub's wording."""
        if spammed:
            body = {
                "message": "Validation Failed",
                "errors": [
                    {"resource": "Issue", "code": "custom", "message": "was submitted too quickly"}
                ],
                "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
                "status": "422",
            }
            return self.status(422, body=body, **match)
        body = {"message": CONTENT_CREATION_MESSAGE, "documentation_url": SECONDARY_DOC}
        return self.status(403, body=body, **match)

    def creation_limit(
        self, now: Callable[[], float], *, per_minute: int = 20, refuse_for: float = 60.0
    ) -> Fault:
        """createIssue refused ("was submitted too quickly") once ``per_minute`` were taken
        within 60 s of ``now()``, and then every one until ``refuse_for`` has passed."""
        taken: list[float] = []
        blocked_until = [float("-inf")]

        def refuse(_req: RequestInfo) -> bool:
            t = now()
            if t < blocked_until[0]:
                return True
            if sum(1 for when in taken if when > t - 60.0) >= per_minute:
                blocked_until[0] = t + refuse_for
                return True
            taken.append(t)
            return False

        body = {"data": {"createIssue": None}, "errors": [TOO_QUICK_ERROR]}
        return self.add(
            Fault("status", status=200, body=body, mutation="createIssue", where=refuse, times=None)
        )

    def typeless_failure(self, *, act: bool = True, **match: Any) -> Fault:
        """GraphQL: 200, data null, an error with no type; after acting by default."""
        body = {"data": None, "errors": [{"message": TYPELESS_MESSAGE}]}
        return self.add(Fault("status", act=act, status=200, body=body, **match))

    def too_large(self, *, over: int, validation_timeout: bool = False, **match: Any) -> Fault:
        """GraphQL documents of more than ``over`` root fields refused, without acting."""
        error = VALIDATION_TIMEOUT_ERROR if validation_timeout else RESOURCE_LIMITS_ERROR
        body = {"data": None, "errors": [error]}
        match.setdefault("times", None)
        return self.add(
            Fault(
                "status",
                status=200,
                body=body,
                where=lambda req: len(req.graphql_fields) > over,
                **match,
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
