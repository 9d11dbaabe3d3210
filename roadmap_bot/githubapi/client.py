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
reached GitHub is never sent again from here: :class:`~roadmap_bot.errors.LostAnswerError`
lets the caller look first (e.g. for the issue's marker).

No message built here contains the token: every text goes through
:class:`~roadmap_bot.githubapi.errors.ErrorTexts`. Waits are :class:`.throttle.Throttle`'s.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

import requests

from github import Auth, Github, GithubException
from roadmap_bot.clock import Clock
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi.errors import (
    TOKEN_MISSING_MESSAGE,
    DocumentTooLargeError,
    ErrorTexts,
    GitHubAPIError,
    GraphQLQueryError,
    message_of,
)
from roadmap_bot.githubapi.graphql import (
    SERVER_FAILURE,
    TOO_LARGE,
    TOO_QUICK,
    VALIDATION,
    GraphQLErrorInfo,
    GraphQLResult,
)
from roadmap_bot.githubapi.stats import RequestStats
from roadmap_bot.githubapi.throttle import Throttle
from roadmap_bot.settings import GitHubSettings, graphql_url_for

PER_PAGE = 100
DEFAULT_TIMEOUT = 30  # seconds, per request (PyGithub wants an int)
# The dated REST API version roadmap-bot is built against, sent on every REST request as
# GitHub asks ("API versions" in its REST docs; the version served when none is sent).
API_VERSION = "2022-11-28"
REST_HEADERS = {"X-GitHub-Api-Version": API_VERSION}

_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


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
        self.texts = ErrorTexts(self._token, token_name, settings.repository)
        self.throttle = Throttle(
            clock, self.stats, write_interval=settings.write_interval, max_wait=settings.max_wait
        )

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
            url = _next_link(headers)
            query = {}  # the next link carries every parameter

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
        return _classified(data, self.texts, self._graphql_url)

    def raise_for_graphql_errors(self, result: GraphQLResult, *, mutation: bool) -> None:
        """Raise the error that the first GraphQL error of ``result`` stands for, if any."""
        if result.errors:
            raise self.texts.for_graphql(result, self._graphql_url, mutation=mutation)

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
            raise GitHubError(self.texts.fmt(TOKEN_MISSING_MESSAGE))
        requester = (self._graphql_github if graphql else self._github).requester
        path = self._path_of(url)
        creation = write and not idempotent  # spaced apart once GitHub refuses one for speed
        transient_failures = 0
        rate_limited = 0
        secondary_backoffs = 0
        while True:
            if write:
                self.throttle.space_write(creation=creation)
            self.stats.count(write=write, graphql=graphql)
            try:
                headers, data = requester.requestJsonAndCheck(
                    verb,
                    url,
                    parameters=dict(params) if params else None,
                    headers=None if graphql else dict(REST_HEADERS),
                    input=body,
                )
            except GithubException as exc:
                if write:
                    self.throttle.wrote(creation=creation)
                status = exc.status
                exc_headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
                wait, secondary = self.throttle.rest_wait(
                    status, exc_headers, exc.data, secondary_backoffs
                )
                if wait is not None:
                    rate_limited += 1
                    secondary_backoffs += int(secondary)
                    if creation and secondary:
                        self.throttle.slow_creations()
                    self.throttle.wait_for_rate_limit(wait, rate_limited)
                    continue
                if status >= 500:
                    detail = f"{status} {message_of(exc.data)}".strip()
                    if not idempotent:
                        raise self.texts.lost(verb, path, detail) from None
                    transient_failures += 1
                    if not self.throttle.back_off(transient_failures):
                        raise self.texts.unavailable(
                            verb, path, transient_failures, detail
                        ) from None
                    continue
                raise self.texts.for_status(status, exc.data, verb, path, write=write) from None
            except _transient_exceptions() as exc:
                if write:
                    self.throttle.wrote(creation=creation)
                detail = self.texts.scrub(type(exc).__name__)
                # A connect timeout never reached GitHub: safe to send again, even a create.
                never_sent = isinstance(exc, requests.exceptions.ConnectTimeout)
                if not idempotent and not never_sent:
                    raise self.texts.lost(verb, path, detail) from None
                transient_failures += 1
                if not self.throttle.back_off(transient_failures):
                    raise self.texts.unavailable(verb, path, transient_failures, detail) from None
                continue
            if write:
                self.throttle.wrote(creation=creation)
            if graphql and isinstance(data, dict):
                wait = self.throttle.graphql_wait(headers, data, secondary_backoffs)
                if wait is not None:
                    rate_limited += 1
                    secondary_backoffs += 1
                    if _has_error(data, TOO_QUICK):
                        self.throttle.slow_creations()
                    self.throttle.wait_for_rate_limit(wait, rate_limited)
                    continue
                if data.get("data") is None and _has_error(data, SERVER_FAILURE):
                    # GitHub failed while executing: a mutation may have acted.
                    detail = self.texts.scrub(_first_message(data, SERVER_FAILURE))
                    if not idempotent:
                        raise self.texts.lost(verb, path, detail)
                    transient_failures += 1
                    if not self.throttle.back_off(transient_failures):
                        raise self.texts.unavailable(verb, path, transient_failures, detail)
                    continue
            return headers, data

    def _path_of(self, url: str) -> str:
        """The API path of ``url`` without scheme, host, REST prefix and query."""
        parsed = urllib.parse.urlparse(url)
        path = parsed.path
        if parsed.netloc and self._api_prefix and path.startswith(self._api_prefix + "/"):
            path = path[len(self._api_prefix) :]
        return path


def _classified(data: dict[str, Any], texts: ErrorTexts, url: str) -> GraphQLResult:
    """The answer as a result; a document GitHub refused outright, or found too large
    (split by the caller: board batches are halved), raises."""
    errors = tuple(GraphQLErrorInfo.from_json(e) for e in data.get("errors") or ())
    result = GraphQLResult(data=data.get("data"), errors=errors)
    too_large = result.of_kind(TOO_LARGE)
    if too_large:
        # Split by the caller (board batches are halved); nothing to retry here.
        raise DocumentTooLargeError(
            texts.scrub(f"GitHub found a GraphQL document too large: {too_large[0].message}"),
            verb="POST",
            path=url,
            data=data,
            graphql_type=too_large[0].type,
        )
    if result.data is None and any(e.kind == VALIDATION for e in errors):
        raise GraphQLQueryError(
            texts.scrub(
                "GitHub refused a GraphQL document (a bug in roadmap-bot): "
                + "; ".join(e.message for e in errors)
            ),
            verb="POST",
            path=url,
            data=data,
        )
    return result


def _next_link(headers: Mapping[str, str]) -> str | None:
    link = next((v for k, v in headers.items() if k.lower() == "link"), None)
    if not link:
        return None
    m = _LINK_NEXT.search(link)
    return m.group(1) if m else None


def _has_error(data: Mapping[str, Any], kind: str) -> bool:
    return any(GraphQLErrorInfo.from_json(e).kind == kind for e in data.get("errors") or ())


def _first_message(data: Mapping[str, Any], kind: str) -> str:
    infos = (GraphQLErrorInfo.from_json(e) for e in data.get("errors") or ())
    return next((e.message for e in infos if e.kind == kind), "")
