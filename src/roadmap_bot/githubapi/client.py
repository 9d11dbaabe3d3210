"""The one HTTP client to GitHub: throttling, rate limits, retries, and errors that say what to do.

Transport is PyGithub's low-level ``Requester.requestJsonAndCheck`` (JSON in, ``(headers,
data)`` out, ``GithubException`` with ``.status``/``.data``/``.headers`` for error statuses).
PyGithub's lazy objects are deliberately not used:

- ``Issue.add_to_labels`` sends a bare JSON array, which GitHub's description does not
  document; :mod:`roadmap_bot.githubapi.repo` sends ``{"labels": [...]}``;
- an object whose list answer lacks an attribute is fetched again on access: one GET per
  issue, where one paginated listing suffices;
- ``Requester.graphql_query`` raises on any ``errors`` key and loses partial data.

PyGithub is configured so that it never waits or retries on its own:

- ``retry=None``: PyGithub then mounts ``requests.adapters.HTTPAdapter(max_retries=
  requests.adapters.DEFAULT_RETRIES)``, i.e. ``0``, which requests turns into
  ``urllib3.Retry(0, read=False)``: no connect, read or status retry of any verb. (PyGithub's
  default, ``GithubRetry``, re-sends GET *and POST* on 5xx and sleeps with ``time.sleep`` on
  rate limits: a lost answer to a create would then yield a duplicate issue.)
- ``seconds_between_requests=None`` and ``seconds_between_writes=None``: no
  ``time.sleep`` of its own (its defaults are 0.25 s and 1 s).

All waiting (write spacing, rate limits, back-off) goes through the injected
:class:`~roadmap_bot.clock.Clock`, so tests of rate limits run in milliseconds. Writes are
serial and spaced by ``settings.write_interval``. A create that fails after it may have
reached GitHub is never sent again from here: :class:`LostAnswerError` lets the caller look
first (e.g. for the issue's marker).

No message built here contains the token: every text goes through :meth:`GitHubClient._scrub`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from github import Auth, Github, GithubException

from roadmap_bot.clock import Clock
from roadmap_bot.errors import EXIT_GITHUB, GitHubError, RoadmapBotError
from roadmap_bot.settings import GitHubSettings, graphql_url_for

# --------------------------------------------------------------------------- tunables

PER_PAGE = 100
DEFAULT_TIMEOUT = 30  # seconds, per request (PyGithub wants an int)
# 5xx, timeouts, connection errors on reads and idempotent writes: waits between tries.
TRANSIENT_BACKOFF: tuple[float, ...] = (1.0, 2.0, 4.0)  # 4 tries in all
# Rate-limit answers to one request before giving up (each one waited for first).
MAX_RATE_LIMIT_TRIES = 5
# A secondary rate limit without Retry-After: wait 60 s, then 120 s, 240 s...
SECONDARY_BACKOFF_START = 60.0

# --------------------------------------------------------------------------- messages
# User-facing texts (str.format templates). Fields: token_name (the environment variable
# the token came from), repository (OWNER/NAME), detail (GitHub's own message).

TOKEN_MISSING_MESSAGE = (
    "{token_name} is not set: writing to GitHub needs a token. In a workflow, pass it to the "
    "step (`env: {token_name}: ${{{{ secrets.GITHUB_TOKEN }}}}`); on your machine, export a "
    "token that can write issues. (`--dry-run` works without one.)"
)
TOKEN_INVALID_MESSAGE = (
    "GitHub rejected the token in {token_name} (401 Bad credentials): the token is invalid, "
    "expired or revoked. Create a new one (or, in a workflow, use "
    "`${{{{ secrets.GITHUB_TOKEN }}}}`) and store it again."
)
REPO_NOT_FOUND_MESSAGE = (
    "repository {repository} not found or not visible to this token ({token_name}): check "
    "OWNER/NAME (--repo or GITHUB_REPOSITORY), and that the token in {token_name} can read "
    "the repository (a private repository needs a token with access to it)."
)
ISSUES_DISABLED_MESSAGE = (
    "Issues are disabled on {repository}: enable them in Settings -> General -> Features -> "
    "Issues (forks start with Issues off), then run again."
)
NO_WRITE_PERMISSION_MESSAGE = (
    "the token ({token_name}) cannot write issues on {repository} (GitHub: {detail}): give "
    "the workflow `permissions: issues: write` (and `contents: write` to tick the README), "
    "or use a token with the `repo` scope (classic) or Issues: Read and write "
    "(fine-grained) on this repository."
)
RATE_LIMITED_MESSAGE = (
    "GitHub's rate limit asks to wait {wait:.0f} s (until {until}), longer than this run "
    "may wait: stopping cleanly; the next run continues where this one stopped."
)
RATE_LIMITED_AGAIN_MESSAGE = (
    "GitHub's rate limit answered {hits} times in a row: stopping cleanly; the next run "
    "continues where this one stopped."
)
LOST_ANSWER_MESSAGE = (
    "GitHub did not answer {verb} {path} ({detail}); it may have acted: check before "
    "sending it again."
)
UNAVAILABLE_MESSAGE = (
    "GitHub did not answer {verb} {path} after {tries} tries ({detail}): GitHub may be "
    "having trouble; run again later."
)

# --------------------------------------------------------------------------- exceptions


class GitHubAPIError(GitHubError):
    """GitHub answered an error status (or a GraphQL error) that retrying cannot fix."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        verb: str = "",
        path: str = "",
        data: Any = None,
        graphql_type: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.verb = verb
        self.path = path
        self.data = data
        self.graphql_type = graphql_type

    @property
    def error_codes(self) -> tuple[str, ...]:
        """The ``code`` of each entry of a 422 "Validation Failed" body (e.g. already_exists)."""
        errors = self.data.get("errors") if isinstance(self.data, dict) else None
        if not isinstance(errors, list):
            return ()
        return tuple(str(e.get("code", "")) for e in errors if isinstance(e, dict))


class NotFoundError(GitHubAPIError):
    """404, or a GraphQL NOT_FOUND error."""


class ValidationFailedError(GitHubAPIError):
    """422, or a GraphQL UNPROCESSABLE error: GitHub understood and refused the content."""


class PermissionDeniedError(GitHubAPIError):
    """403 (not a rate limit) or a GraphQL FORBIDDEN error."""


class IssuesDisabledError(GitHubAPIError):
    """410: the repository has Issues turned off."""


class GraphQLQueryError(GitHubAPIError):
    """GitHub refused a GraphQL document (no data): a bug in this program's query."""


class LostAnswerError(GitHubError):
    """A non-idempotent write (a create) failed after it may have reached GitHub.

    GitHub may have acted. Never send it again blindly: look first (for an issue, its
    marker: ``repo.find_issue_by_marker``).
    """

    def __init__(self, message: str, *, verb: str = "", path: str = "", cause: str = "") -> None:
        super().__init__(message)
        self.verb = verb
        self.path = path
        self.cause = cause


class GitHubUnavailableError(GitHubError):
    """5xx or connection failures persisted through every retry."""


class RateLimitedError(RoadmapBotError):
    """A rate limit asks to wait longer than ``settings.max_wait`` (or kept answering).

    Not a failure of the run: the caller stops cleanly, reports what remains and exits 0;
    the next run continues. ``exit_code`` applies only where a caller does not handle it.
    """

    exit_code = EXIT_GITHUB

    def __init__(self, wait_seconds: float, reset_at: float, message: str | None = None) -> None:
        if message is None:
            until = dt.datetime.fromtimestamp(reset_at, tz=dt.timezone.utc)
            message = RATE_LIMITED_MESSAGE.format(
                wait=wait_seconds, until=until.strftime("%Y-%m-%d %H:%M:%S UTC")
            )
        super().__init__(message)
        self.wait_seconds = wait_seconds
        self.reset_at = reset_at  # seconds since the epoch (clock time)


# --------------------------------------------------------------------------- results


@dataclass
class RequestStats:
    """What the client sent (every attempt counts) and how long it waited."""

    rest_reads: int = 0
    rest_writes: int = 0
    graphql_queries: int = 0
    graphql_mutations: int = 0
    retries: int = 0
    seconds_waited: float = 0.0

    @property
    def reads(self) -> int:
        return self.rest_reads + self.graphql_queries

    @property
    def writes(self) -> int:
        return self.rest_writes + self.graphql_mutations

    @property
    def requests(self) -> int:
        return self.reads + self.writes

    def as_dict(self) -> dict[str, float]:
        return {
            "rest_reads": self.rest_reads,
            "rest_writes": self.rest_writes,
            "graphql_queries": self.graphql_queries,
            "graphql_mutations": self.graphql_mutations,
            "retries": self.retries,
            "seconds_waited": self.seconds_waited,
        }


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
        ext = raw.get("extensions") if isinstance(raw.get("extensions"), dict) else {}
        etype = raw.get("type") or ext.get("type")
        path = raw.get("path") if isinstance(raw.get("path"), list) else []
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


# --------------------------------------------------------------------------- the client

_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
_REPO_LEVEL_PATH = re.compile(
    r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)(?:/(?:issues|labels|milestones))?/?$"
)


def _transient_exceptions() -> tuple[type[BaseException], ...]:
    return (
        requests.exceptions.ConnectionError,
        requests.exceptions.Timeout,
        requests.exceptions.ChunkedEncodingError,
    )


class GitHubClient:
    """REST and GraphQL for one token, serial, spaced, rate-limit aware.

    ``token_name`` is the environment variable the token came from, for messages
    (``GITHUB_TOKEN``, or ``ROADMAP_PROJECT_TOKEN`` for the board).
    """

    def __init__(
        self,
        settings: GitHubSettings,
        clock: Clock,
        *,
        token_name: str = "GITHUB_TOKEN",
        timeout: int = DEFAULT_TIMEOUT,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.token_name = token_name
        self.stats = RequestStats()
        self._token: str | None = str(settings.token) if settings.token else None
        self._api_url = settings.api_url.rstrip("/")
        self._api_prefix = urllib.parse.urlparse(self._api_url).path.rstrip("/")
        self._graphql_url = (settings.graphql_url or graphql_url_for(self._api_url)).rstrip("/")
        self._github = self._make_github(self._api_url, timeout)
        # A requester of its own for GraphQL: PyGithub only accepts absolute URLs under its
        # base URL's host (and prefix), and GITHUB_GRAPHQL_URL may point elsewhere.
        self._graphql_github = self._make_github(self._graphql_url, timeout)
        self._last_write_at: float | None = None

    def _make_github(self, base_url: str, timeout: int) -> Github:
        return Github(
            auth=Auth.Token(self._token) if self._token else None,
            base_url=base_url,
            timeout=timeout,
            per_page=PER_PAGE,
            retry=None,  # no urllib3 retry of any verb: see the module docstring
            seconds_between_requests=None,
            seconds_between_writes=None,
        )

    # ----------------------------------------------------------------- lifecycle
    def close(self) -> None:
        self._github.close()
        self._graphql_github.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def has_token(self) -> bool:
        return self._token is not None

    # ----------------------------------------------------------------- REST
    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``path`` (relative to the REST base, e.g. ``/repos/o/r``) and return its JSON."""
        _headers, data = self._send("GET", path, params=params, write=False, idempotent=True)
        return data

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, 100 a page, following ``Link: <...>; rel="next"``."""
        query = {"per_page": PER_PAGE, **(params or {})}
        url: str | None = path
        while url is not None:
            headers, data = self._send("GET", url, params=query, write=False, idempotent=True)
            if isinstance(data, list):
                yield from data
            elif data is not None:
                raise GitHubAPIError(
                    f"GitHub answered GET {self._path_of(url)} with a non-list page",
                    verb="GET",
                    path=self._path_of(url),
                    data=data,
                )
            url = self._next_link(headers)
            query = {}  # the next link carries every parameter

    @staticmethod
    def _next_link(headers: Mapping[str, str]) -> str | None:
        link = next((v for k, v in headers.items() if k.lower() == "link"), None)
        if not link:
            return None
        m = _LINK_NEXT.search(link)
        return m.group(1) if m else None

    def write(
        self,
        verb: str,
        path: str,
        body: Any = None,
        *,
        idempotent: bool,
    ) -> Any:
        """POST/PATCH/PUT/DELETE ``path`` with a JSON body, spaced from the previous write.

        ``idempotent=False`` (a create): a 5xx, timeout or dropped connection raises
        :class:`LostAnswerError` instead of re-sending.
        """
        verb = verb.upper()
        if verb == "GET":
            raise ValueError("write() is for POST, PATCH, PUT and DELETE")
        _headers, data = self._send(
            verb, path, params=None, body=body, write=True, idempotent=idempotent
        )
        return data

    # ----------------------------------------------------------------- GraphQL
    def graphql(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        mutation: bool,
        idempotent: bool = False,
    ) -> GraphQLResult:
        """POST a GraphQL document to ``settings.graphql_url``.

        Rate-limit errors are waited for and retried; a document GitHub refuses outright
        (validation errors, no data) raises :class:`GraphQLQueryError`. Other errors
        (NOT_FOUND, FORBIDDEN, UNPROCESSABLE...) come back in the result with whatever
        partial data GitHub sent: see :meth:`raise_for_graphql_errors`. A mutation is a
        write (spaced, and not re-sent after a lost answer unless ``idempotent``).
        """
        body = {"query": query, "variables": dict(variables or {})}
        _headers, data = self._send(
            "POST",
            self._graphql_url,
            params=None,
            body=body,
            write=mutation,
            idempotent=idempotent or not mutation,
            graphql=True,
        )
        if not isinstance(data, dict):
            raise GraphQLQueryError(
                "GitHub's GraphQL endpoint answered something that is not a JSON object",
                verb="POST",
                path=self._graphql_url,
                data=data,
            )
        errors = tuple(GraphQLErrorInfo.from_json(e) for e in data.get("errors") or ())
        result = GraphQLResult(data=data.get("data"), errors=errors)
        if result.data is None and any(e.kind == VALIDATION for e in errors):
            raise GraphQLQueryError(
                self._scrub(
                    "GitHub refused a GraphQL document (a bug in roadmap-bot): "
                    + "; ".join(e.message for e in errors)
                ),
                verb="POST",
                path=self._graphql_url,
                data=data,
            )
        return result

    def raise_for_graphql_errors(self, result: GraphQLResult, *, mutation: bool) -> None:
        """Raise the error that the first GraphQL error of ``result`` stands for, if any."""
        if not result.errors:
            return
        err = result.errors[0]
        detail = self._scrub(err.message)
        kw: dict[str, Any] = {
            "verb": "POST",
            "path": self._graphql_url,
            "data": [e.message for e in result.errors],
            "graphql_type": err.type,
        }
        low = detail.lower()
        if "disabled issues" in low or "issues are disabled" in low:
            raise IssuesDisabledError(
                ISSUES_DISABLED_MESSAGE.format(repository=self.settings.repository), **kw
            )
        if err.kind == FORBIDDEN:
            if mutation:
                raise PermissionDeniedError(self._no_write_message(detail), **kw)
            raise PermissionDeniedError(f"GitHub refused (FORBIDDEN): {detail}", **kw)
        if err.kind == NOT_FOUND:
            raise NotFoundError(f"GitHub: {detail}", **kw)
        if err.kind == UNPROCESSABLE:
            raise ValidationFailedError(f"GitHub refused the change: {detail}", **kw)
        if err.kind == VALIDATION:
            raise GraphQLQueryError(
                f"GitHub refused a GraphQL document (a bug in roadmap-bot): {detail}", **kw
            )
        raise GitHubAPIError(f"GitHub GraphQL error ({err.type}): {detail}", **kw)

    # ----------------------------------------------------------------- the loop
    def _send(
        self,
        verb: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        body: Any = None,
        write: bool,
        idempotent: bool,
        graphql: bool = False,
    ) -> tuple[dict[str, Any], Any]:
        if write and self._token is None:
            raise GitHubError(self._fmt(TOKEN_MISSING_MESSAGE))
        requester = (self._graphql_github if graphql else self._github).requester
        path = self._path_of(url)
        transient_failures = 0
        rate_limited = 0
        secondary_backoffs = 0
        while True:
            if write:
                self._space_write()
            self._count(write=write, graphql=graphql)
            try:
                headers, data = requester.requestJsonAndCheck(
                    verb, url, parameters=dict(params) if params else None, input=body
                )
            except GithubException as exc:
                if write:
                    self._last_write_at = self.clock.now()
                status = exc.status
                exc_headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
                wait, secondary = self._rate_limit_wait(
                    status, exc_headers, exc.data, secondary_backoffs
                )
                if wait is not None:
                    rate_limited += 1
                    secondary_backoffs += int(secondary)
                    self._wait_for_rate_limit(wait, rate_limited)
                    continue
                if status >= 500:
                    detail = f"{status} {self._message_of(exc.data)}".strip()
                    if not idempotent:
                        raise self._lost(verb, path, detail) from None
                    transient_failures += 1
                    self._back_off(transient_failures, verb, path, detail)
                    continue
                raise self._error_for(status, exc.data, verb, path, write=write) from None
            except _transient_exceptions() as exc:
                if write:
                    self._last_write_at = self.clock.now()
                detail = self._scrub(type(exc).__name__)
                # A connect timeout never reached GitHub: safe to send again, even a create.
                never_sent = isinstance(exc, requests.exceptions.ConnectTimeout)
                if not idempotent and not never_sent:
                    raise self._lost(verb, path, detail) from None
                transient_failures += 1
                self._back_off(transient_failures, verb, path, detail)
                continue
            if write:
                self._last_write_at = self.clock.now()
            if graphql and isinstance(data, dict):
                wait = self._graphql_rate_limit_wait(headers, data, secondary_backoffs)
                if wait is not None:
                    rate_limited += 1
                    secondary_backoffs += 1
                    self._wait_for_rate_limit(wait, rate_limited)
                    continue
            return headers, data

    # ----------------------------------------------------------------- waiting
    def _sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        self.stats.seconds_waited += seconds
        self.clock.sleep(seconds)

    def _space_write(self) -> None:
        interval = self.settings.write_interval
        if self._last_write_at is None or interval <= 0:
            return
        self._sleep(self._last_write_at + interval - self.clock.now())

    def _count(self, *, write: bool, graphql: bool) -> None:
        s = self.stats
        if graphql:
            if write:
                s.graphql_mutations += 1
            else:
                s.graphql_queries += 1
        elif write:
            s.rest_writes += 1
        else:
            s.rest_reads += 1

    def _back_off(self, failures: int, verb: str, path: str, detail: str) -> None:
        if failures > len(TRANSIENT_BACKOFF):
            raise GitHubUnavailableError(
                self._scrub(
                    UNAVAILABLE_MESSAGE.format(verb=verb, path=path, tries=failures, detail=detail)
                )
            )
        self.stats.retries += 1
        self._sleep(TRANSIENT_BACKOFF[failures - 1])

    def _wait_for_rate_limit(self, wait: float, hits: int) -> None:
        wait = max(wait, 0.0)
        if wait > self.settings.max_wait:
            raise RateLimitedError(wait, self.clock.now() + wait)
        if hits >= MAX_RATE_LIMIT_TRIES:
            message = RATE_LIMITED_AGAIN_MESSAGE.format(hits=hits)
            raise RateLimitedError(wait, self.clock.now() + wait, message)
        self.stats.retries += 1
        self._sleep(wait)

    def _rate_limit_wait(
        self, status: int, headers: Mapping[str, str], data: Any, secondary_backoffs: int
    ) -> tuple[float | None, bool]:
        """(seconds to wait, whether it is a secondary back-off), or (None, False)."""
        if status not in (403, 429):
            return None, False
        retry_after = self._retry_after(headers)
        if retry_after is not None:
            return retry_after, False
        if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
            return self._until_reset(headers), False
        message = self._message_of(data).lower()
        if status == 429 or "secondary rate limit" in message or "abuse" in message:
            return SECONDARY_BACKOFF_START * 2**secondary_backoffs, True
        return None, False

    def _graphql_rate_limit_wait(
        self, headers: Mapping[str, str], data: dict[str, Any], secondary_backoffs: int
    ) -> float | None:
        errors = data.get("errors") or ()
        if not any(GraphQLErrorInfo.from_json(e).kind == RATE_LIMITED for e in errors):
            return None
        lower = {k.lower(): str(v) for k, v in headers.items()}
        retry_after = self._retry_after(lower)
        if retry_after is not None:
            return retry_after
        if lower.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in lower:
            return self._until_reset(lower)
        return SECONDARY_BACKOFF_START * 2**secondary_backoffs

    def _retry_after(self, headers: Mapping[str, str]) -> float | None:
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return SECONDARY_BACKOFF_START
        return max(when.timestamp() - self.clock.now(), 0.0)

    def _until_reset(self, headers: Mapping[str, str]) -> float:
        try:
            reset = float(headers["x-ratelimit-reset"])
        except ValueError:
            return SECONDARY_BACKOFF_START
        return max(reset - self.clock.now(), 0.0) + 1.0

    # ----------------------------------------------------------------- errors
    def _fmt(self, template: str, **fields: Any) -> str:
        values = {
            "token_name": self.token_name,
            "repository": self.settings.repository,
            "detail": "",
            **fields,
        }
        return self._scrub(template.format(**values))

    def _scrub(self, text: str) -> str:
        if self._token and self._token in text:
            text = text.replace(self._token, "***")
        return text

    @staticmethod
    def _message_of(data: Any) -> str:
        if isinstance(data, dict):
            return str(data.get("message") or "")
        return ""

    def _no_write_message(self, detail: str) -> str:
        return self._fmt(NO_WRITE_PERMISSION_MESSAGE, detail=detail or "403 Forbidden")

    def _lost(self, verb: str, path: str, detail: str) -> LostAnswerError:
        return LostAnswerError(
            self._scrub(LOST_ANSWER_MESSAGE.format(verb=verb, path=path, detail=detail)),
            verb=verb,
            path=path,
            cause=detail,
        )

    def _path_of(self, url: str) -> str:
        """The API path of ``url`` without scheme, host, REST prefix and query."""
        parsed = urllib.parse.urlparse(url)
        path = parsed.path
        if parsed.netloc and self._api_prefix and path.startswith(self._api_prefix + "/"):
            path = path[len(self._api_prefix) :]
        return path

    def _error_for(
        self, status: int, data: Any, verb: str, path: str, *, write: bool
    ) -> GitHubError:
        message = self._scrub(self._message_of(data))
        kw: dict[str, Any] = {"status": status, "verb": verb, "path": path, "data": data}
        if status == 401:
            template = TOKEN_MISSING_MESSAGE if self._token is None else TOKEN_INVALID_MESSAGE
            return GitHubAPIError(self._fmt(template), **kw)
        repo_level = _REPO_LEVEL_PATH.match(urllib.parse.unquote(path))
        repository = (
            f"{repo_level['owner']}/{repo_level['name']}"
            if repo_level
            else self.settings.repository
        )
        if status == 410:
            if "issue" in message.lower() or "/issues" in path:
                return IssuesDisabledError(
                    self._fmt(ISSUES_DISABLED_MESSAGE, repository=repository), **kw
                )
            return GitHubAPIError(f"GitHub answered 410 Gone to {verb} {path}: {message}", **kw)
        if status == 404:
            if repo_level:
                return NotFoundError(self._fmt(REPO_NOT_FOUND_MESSAGE, repository=repository), **kw)
            return NotFoundError(f"GitHub answered 404 Not Found to {verb} {path}", **kw)
        if status == 403:
            if write:
                return PermissionDeniedError(
                    self._fmt(
                        NO_WRITE_PERMISSION_MESSAGE,
                        repository=repository,
                        detail=message or "403 Forbidden",
                    ),
                    **kw,
                )
            return PermissionDeniedError(
                self._scrub(
                    f"GitHub refused {verb} {path} (403: {message}): the token in "
                    f"{self.token_name} cannot read this"
                ),
                **kw,
            )
        if status == 422:
            details = self._validation_details(data)
            return ValidationFailedError(
                self._scrub(
                    f"GitHub refused {verb} {path} (422 {message})"
                    + (f": {details}" if details else "")
                ),
                **kw,
            )
        return GitHubAPIError(
            self._scrub(f"GitHub answered {status} to {verb} {path}: {message}"), **kw
        )

    @staticmethod
    def _validation_details(data: Any) -> str:
        errors = data.get("errors") if isinstance(data, dict) else None
        if not isinstance(errors, list):
            return ""
        parts = []
        for e in errors:
            if isinstance(e, dict):
                bits = [str(e[k]) for k in ("resource", "field", "code") if e.get(k)]
                if e.get("message"):
                    bits.append(str(e["message"]))
                parts.append(" ".join(bits))
            else:
                parts.append(str(e))
        return "; ".join(parts)
