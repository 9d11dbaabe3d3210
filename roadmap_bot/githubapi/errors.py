"""Every GitHub error roadmap-bot knows, and the message that says what to do about it.

Messages are ``str.format`` templates. Fields: token_name (the environment variable the
token came from), repository (OWNER/NAME), detail (GitHub's own message).
:class:`ErrorTexts` turns an answer into the error and keeps the token out of every text.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from roadmap_bot.errors import (
    RATE_LIMITED_MESSAGE,
    DocumentTooLargeError,
    GitHubError,
    LostAnswerError,
    MissingOnGitHubError,
    RateLimitedError,
    StaleFileError,
)
from roadmap_bot.githubapi.graphql import (
    FORBIDDEN,
    NOT_FOUND,
    UNPROCESSABLE,
    VALIDATION,
    GraphQLResult,
)

__all__ = [
    "RATE_LIMITED_MESSAGE",
    "DocumentTooLargeError",
    "LostAnswerError",
    "RateLimitedError",
    "StaleFileError",
]

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


class NotFoundError(GitHubAPIError, MissingOnGitHubError):
    """404, or a GraphQL NOT_FOUND error."""


class ValidationFailedError(GitHubAPIError):
    """422, or a GraphQL UNPROCESSABLE error: GitHub understood and refused the content."""


class PermissionDeniedError(GitHubAPIError):
    """403 (not a rate limit) or a GraphQL FORBIDDEN error."""


class IssuesDisabledError(GitHubAPIError):
    """410: the repository has Issues turned off."""


class GraphQLQueryError(GitHubAPIError):
    """GitHub refused a GraphQL document (no data): a bug in this program's query."""


class GitHubUnavailableError(GitHubError):
    """5xx or connection failures persisted through every retry."""


_REPO_LEVEL_PATH = re.compile(
    r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)(?:/(?:issues|labels|milestones))?/?$"
)


def message_of(data: Any) -> str:
    """GitHub's own message in an error body."""
    if isinstance(data, dict):
        return str(data.get("message") or "")
    return ""


class ErrorTexts:
    """Errors and messages for one token: names its variable, never shows its value."""

    def __init__(self, token: str | None, token_name: str, repository: str) -> None:
        self._token = token
        self.token_name = token_name
        self.repository = repository

    def fmt(self, template: str, **fields: Any) -> str:
        values = {
            "token_name": self.token_name,
            "repository": self.repository,
            "detail": "",
            **fields,
        }
        return self.scrub(template.format(**values))

    def scrub(self, text: str) -> str:
        if self._token and self._token in text:
            text = text.replace(self._token, "***")
        return text

    def no_write(self, detail: str) -> str:
        return self.fmt(NO_WRITE_PERMISSION_MESSAGE, detail=detail or "403 Forbidden")

    def lost(self, verb: str, path: str, detail: str) -> LostAnswerError:
        return LostAnswerError(
            self.scrub(LOST_ANSWER_MESSAGE.format(verb=verb, path=path, detail=detail)),
            verb=verb,
            path=path,
            cause=detail,
        )

    def unavailable(self, verb: str, path: str, tries: int, detail: str) -> GitHubUnavailableError:
        return GitHubUnavailableError(
            self.scrub(UNAVAILABLE_MESSAGE.format(verb=verb, path=path, tries=tries, detail=detail))
        )

    def for_status(
        self, status: int, data: Any, verb: str, path: str, *, write: bool
    ) -> GitHubError:
        """The error a REST answer with an error status stands for."""
        message = self.scrub(message_of(data))
        kw: dict[str, Any] = {"status": status, "verb": verb, "path": path, "data": data}
        if status == 401:
            template = TOKEN_MISSING_MESSAGE if self._token is None else TOKEN_INVALID_MESSAGE
            return GitHubAPIError(self.fmt(template), **kw)
        repo_level = _REPO_LEVEL_PATH.match(urllib.parse.unquote(path))
        repository = (
            f"{repo_level['owner']}/{repo_level['name']}" if repo_level else self.repository
        )
        if status == 410:
            if "issue" in message.lower() or "/issues" in path:
                return IssuesDisabledError(
                    self.fmt(ISSUES_DISABLED_MESSAGE, repository=repository), **kw
                )
            return GitHubAPIError(f"GitHub answered 410 Gone to {verb} {path}: {message}", **kw)
        if status == 404:
            if repo_level:
                return NotFoundError(self.fmt(REPO_NOT_FOUND_MESSAGE, repository=repository), **kw)
            return NotFoundError(f"GitHub answered 404 Not Found to {verb} {path}", **kw)
        if status == 403:
            if write:
                return PermissionDeniedError(
                    self.fmt(
                        NO_WRITE_PERMISSION_MESSAGE,
                        repository=repository,
                        detail=message or "403 Forbidden",
                    ),
                    **kw,
                )
            return PermissionDeniedError(
                self.scrub(
                    f"GitHub refused {verb} {path} (403: {message}): the token in "
                    f"{self.token_name} cannot read this"
                ),
                **kw,
            )
        if status == 422:
            details = _validation_details(data)
            return ValidationFailedError(
                self.scrub(
                    f"GitHub refused {verb} {path} (422 {message})"
                    + (f": {details}" if details else "")
                ),
                **kw,
            )
        return GitHubAPIError(
            self.scrub(f"GitHub answered {status} to {verb} {path}: {message}"), **kw
        )

    def for_graphql(self, result: GraphQLResult, url: str, *, mutation: bool) -> GitHubError:
        """The error that the first GraphQL error of ``result`` stands for."""
        err = result.errors[0]
        detail = self.scrub(err.message)
        kw: dict[str, Any] = {
            "verb": "POST",
            "path": url,
            "data": [e.message for e in result.errors],
            "graphql_type": err.type,
        }
        low = detail.lower()
        if "disabled issues" in low or "issues are disabled" in low:
            return IssuesDisabledError(
                ISSUES_DISABLED_MESSAGE.format(repository=self.repository), **kw
            )
        if err.kind == FORBIDDEN:
            if mutation:
                return PermissionDeniedError(self.no_write(detail), **kw)
            return PermissionDeniedError(f"GitHub refused (FORBIDDEN): {detail}", **kw)
        if err.kind == NOT_FOUND:
            return NotFoundError(f"GitHub: {detail}", **kw)
        if err.kind == UNPROCESSABLE:
            return ValidationFailedError(f"GitHub refused the change: {detail}", **kw)
        if err.kind == VALIDATION:
            return GraphQLQueryError(
                f"GitHub refused a GraphQL document (a bug in roadmap-bot): {detail}", **kw
            )
        return GitHubAPIError(f"GitHub GraphQL error ({err.type}): {detail}", **kw)


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
