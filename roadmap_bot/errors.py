"""The project's errors. Each carries its exit code and a message that says what to do.

They are raised where a fault is found and turned into a message and an exit code once,
at the command line's edge (cli.py). No traceback reaches a user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EXIT_OK = 0
EXIT_OUT_OF_DATE = 1
EXIT_BAD_INPUT = 2
EXIT_GITHUB = 3


class RoadmapBotError(Exception):
    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """One fault in an input file, with where it is."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    where: str  # path inside the document, e.g. sections[0].items[2].difficulty
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.message}"


class InputFileError(RoadmapBotError):
    """A file the user wrote (roadmap.yaml, README.md) is malformed: every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class RoadmapFileError(InputFileError):
    """roadmap.yaml is malformed."""


class ReadmeError(InputFileError):
    """README.md cannot be read as a roadmap checklist, or does not match roadmap.yaml."""


class NoMarkersError(ReadmeError):
    """A README block (the checklist, the progress block) has no markers at all."""


class ItemNotFoundError(RoadmapBotError):
    """An item id that roadmap.yaml or the README does not have."""


class GitHubError(RoadmapBotError):
    """GitHub refused or failed, with what the user can do about it."""

    exit_code = EXIT_GITHUB


# --- what the stages catch from their ports, raised by the GitHub layer -------------------

RATE_LIMITED_MESSAGE = (
    "GitHub's rate limit asks to wait {wait:.0f} s (until {until}), longer than this run "
    "may wait: stopping cleanly; the next run continues where this one stopped."
)


class RateLimitedError(RoadmapBotError):
    """A rate limit asks to wait longer than the run may (or kept answering).

    Not a failure of the run, so not a GitHubError: the caller stops cleanly, reports what
    remains and exits 0; the next run continues. ``exit_code`` applies only where a caller
    does not handle it.
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


class LostAnswerError(GitHubError):
    """A non-idempotent write (a create) failed after it may have reached GitHub.

    GitHub may have acted. Never send it again blindly: look first (for an issue, its
    marker).
    """

    def __init__(self, message: str, *, verb: str = "", path: str = "", cause: str = "") -> None:
        super().__init__(message)
        self.verb = verb
        self.path = path
        self.cause = cause


class DocumentTooLargeError(GitHubError):
    """GitHub found a request too large to run (resource limits, a validation timeout):
    send it again in smaller parts."""

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.context = context


class MissingOnGitHubError(GitHubError):
    """GitHub has no such thing (404): a file, an issue, a repository."""


class StaleFileError(GitHubError):
    """A file changed on GitHub after it was read (its sha is stale): read it again."""


class ProtectedBranchError(GitHubError):
    """The default branch takes changes only through a pull request (a ruleset or branch
    protection refused a direct write)."""


class PullRequestsNotAllowedError(GitHubError):
    """GitHub refused to let this token open a pull request (for a workflow's
    GITHUB_TOKEN: the repository does not let Actions create pull requests)."""
