"""`roadmap-bot doctor`: is everything in place for roadmap-bot to work on this repository?

The checks run in order (token, repository, Issues, write access, board, roadmap.yaml,
README.md) and each ends OK, FAIL with what to fix, NOTE (fine, with something to know) or
SKIP. The GitHub checks cost three reads and write nothing. In GitHub Actions every failure
is also an `::error::` annotation, and each problem of roadmap.yaml one on its line.

Every text a user sees is a constant in doctor_texts.py (a str.format template):
docs/troubleshooting.md explains each one, and a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap_bot.board.settings import BoardSettings, board_settings
from roadmap_bot.cli.actions import ActionsEnv
from roadmap_bot.cli.doctor_texts import (
    ALL_PASSED,
    ANNOTATION_TITLE,
    BOARD,
    BOARD_NO_TOKEN,
    BOARD_NONE,
    BOARD_OK,
    BOARD_TOKEN_REJECTED,
    BOARD_WILL_CREATE,
    GITHUB_FAILED,
    ISSUES,
    ISSUES_DISABLED,
    ISSUES_OK,
    NEEDS_REPOSITORY,
    NEEDS_TOKEN,
    NOTIFICATIONS,
    PERMISSIONS,
    PERMISSIONS_ACTIONS,
    PERMISSIONS_DENIED,
    PERMISSIONS_DRY_RUN,
    PERMISSIONS_OK,
    PERMISSIONS_OK_NO_ISSUES,
    PERMISSIONS_UNKNOWN,
    QUIET_FIRST_SYNC,
    README,
    README_NO_MARKERS,
    README_OK,
    README_UNREADABLE,
    REPOSITORY,
    REPOSITORY_NOT_FOUND,
    REPOSITORY_OK,
    REPOSITORY_UNKNOWN,
    ROADMAP,
    ROADMAP_INVALID,
    ROADMAP_OK,
    ROADMAP_UNREADABLE,
    SOME_FAILED,
    TOKEN,
    TOKEN_MISSING,
    TOKEN_MISSING_DRY_RUN,
    TOKEN_OK,
    TOKEN_OK_INTEGRATION,
    TOKEN_REJECTED,
)
from roadmap_bot.clock import Clock
from roadmap_bot.errors import EXIT_BAD_INPUT, EXIT_GITHUB, InputFileError, RoadmapBotError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError
from roadmap_bot.githubapi.projects import ProjectsGateway
from roadmap_bot.githubapi.repo import RepositoryInfo, get_repository
from roadmap_bot.readme.markers import checklist_bounds
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.settings import GitHubSettings, github_settings
from roadmap_bot.text import one_line, plural
from roadmap_bot.textfile import read_text

Echo = Callable[[str], None]

# --------------------------------------------------------------------------- results


class Status(enum.Enum):
    OK = "OK"
    NOTE = "NOTE"  # passes, with something to know
    SKIP = "SKIP"  # does not apply, or cannot be checked yet
    FAIL = "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str
    details: tuple[str, ...] = ()  # e.g. each problem of roadmap.yaml
    exit_code: int = EXIT_BAD_INPUT

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]
    repository: str

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.failed)

    @property
    def exit_code(self) -> int:
        return max((check.exit_code for check in self.failed), default=0)

    def summary(self) -> str:
        if not self.failed:
            return ALL_PASSED.format(repository=self.repository)
        return SOME_FAILED.format(failed=len(self.failed), total=len(self.checks))


@dataclass(frozen=True)
class DoctorInputs:
    """Everything doctor needs, read from the options and the environment once."""

    roadmap_path: Path
    readme_path: Path
    settings: GitHubSettings  # its repository is only meaningful when repository_error is None
    repository_error: str | None = None
    board: BoardSettings = field(default_factory=BoardSettings)
    board_error: str | None = None  # ROADMAP_PROJECT (or --project) names no board
    dry_run: bool = False


def doctor_inputs(
    env: Mapping[str, str],
    *,
    roadmap_path: Path,
    readme_path: Path,
    repository: str | None = None,
    project: str | None = None,
    create_project: str | None = None,
    dry_run: bool = False,
) -> DoctorInputs:
    """The inputs from the options, then the environment (as `sync` reads them)."""
    repository_error = board_error = None
    try:
        settings = github_settings(env, repository=repository)
    except RoadmapBotError as error:
        repository_error = str(error)
        # Still check the token: any repository name will do for GET /user.
        settings = github_settings({**env, "GITHUB_REPOSITORY": "unknown/unknown"})
    try:
        board = board_settings(env, project=project, create_project=create_project)
    except RoadmapBotError as error:
        board, board_error = BoardSettings(), str(error)
    return DoctorInputs(
        roadmap_path=roadmap_path,
        readme_path=readme_path,
        settings=settings,
        repository_error=repository_error,
        board=board,
        board_error=board_error,
        dry_run=dry_run,
    )


# --------------------------------------------------------------------------- the checks


def run_doctor(inputs: DoctorInputs, clock: Clock, echo: Echo, actions: ActionsEnv) -> DoctorReport:
    """Run every check in order, print each as it ends, and return them all."""
    checks: list[Check] = []

    def done(check: Check) -> None:
        checks.append(check)
        _print(check, echo, actions)

    with actions.group("roadmap-bot doctor: check the set-up", echo):
        for check in _github_checks(inputs, clock):
            done(check)
        done(_board_check(inputs, clock))
        done(_roadmap_check(inputs, echo, actions))
        done(_readme_check(inputs, echo, actions))
        done(Check(NOTIFICATIONS, Status.NOTE, QUIET_FIRST_SYNC))
    shown = inputs.settings.repository if inputs.repository_error is None else "this repository"
    report = DoctorReport(tuple(checks), shown)
    echo(report.summary())
    return report


def _print(check: Check, echo: Echo, actions: ActionsEnv) -> None:
    echo(f"{check.status.value:<4} {check.name}: {check.message}")
    for detail in check.details:
        echo(f"     {detail}")
    if check.failed and actions.active:
        text = one_line(f"{check.name}: {check.message}").replace("%", "%25")
        echo(f"::error title={ANNOTATION_TITLE}::{text}")


def _github_checks(inputs: DoctorInputs, clock: Clock) -> list[Check]:
    """token, repository, issues, permissions."""
    settings = inputs.settings
    later = (REPOSITORY, ISSUES, PERMISSIONS)
    if settings.token is None:
        if inputs.dry_run:
            token = Check(TOKEN, Status.NOTE, _fmt(TOKEN_MISSING_DRY_RUN))
        else:
            token = Check(TOKEN, Status.FAIL, _fmt(TOKEN_MISSING))
        return [token, *_skip(later, NEEDS_TOKEN)]
    with GitHubClient(settings, clock) as client:
        token, integration = _token_check(client, TOKEN, TOKEN_OK, TOKEN_REJECTED)
        if token.failed:
            return [token, *_skip(later, NEEDS_TOKEN)]
        if inputs.repository_error is not None:
            message = REPOSITORY_UNKNOWN.format(detail=inputs.repository_error)
            fail = Check(REPOSITORY, Status.FAIL, message)
            return [token, fail, *_skip(later[1:], NEEDS_REPOSITORY)]
        try:
            info = get_repository(client, settings.owner, settings.name)
        except RoadmapBotError as error:
            fail = _github_failure(REPOSITORY, error)
            if isinstance(error, GitHubAPIError) and error.status == 404:
                fail = Check(REPOSITORY, Status.FAIL, _fmt(REPOSITORY_NOT_FOUND, settings))
            return [token, fail, *_skip(later[1:], NEEDS_REPOSITORY)]
    shown = {
        "visibility": "private" if info.private else "public",
        "branch": info.default_branch,
    }
    return [
        token,
        Check(REPOSITORY, Status.OK, _fmt(REPOSITORY_OK, settings, **shown)),
        Check(ISSUES, Status.OK, _fmt(ISSUES_OK, settings))
        if info.has_issues
        else Check(ISSUES, Status.FAIL, _fmt(ISSUES_DISABLED, settings)),
        _permissions_check(info, settings, integration=integration, dry_run=inputs.dry_run),
    ]


def _skip(names: Sequence[str], reason: str) -> list[Check]:
    """The checks that cannot run after one failed, and why."""
    return [Check(name, Status.SKIP, reason) for name in names]


def _token_check(
    client: GitHubClient, name: str, ok: str, rejected: str, **fields: str
) -> tuple[Check, bool]:
    """(the check, whether the token is an integration's: Actions or a GitHub App).

    GET /user: 401 is a bad token; 403 ("Resource not accessible by integration") is how
    GitHub answers a workflow's GITHUB_TOKEN, a good token with no user behind it."""
    fields = {"token_name": client.token_name, **fields}
    try:
        user = client.get("/user")
    except GitHubAPIError as error:
        if error.status == 401:
            return Check(name, Status.FAIL, rejected.format(**fields)), False
        if error.status == 403:
            return Check(name, Status.OK, TOKEN_OK_INTEGRATION.format(**fields)), True
        return _github_failure(name, error), False
    except RoadmapBotError as error:
        return _github_failure(name, error), False
    user = user if isinstance(user, dict) else {}
    if user.get("type") == "Bot":
        return Check(name, Status.OK, TOKEN_OK_INTEGRATION.format(**fields)), True
    login = one_line(user.get("login") or "?", 60)
    return Check(name, Status.OK, ok.format(login=login, **fields)), False


def _permissions_check(
    info: RepositoryInfo, settings: GitHubSettings, *, integration: bool, dry_run: bool
) -> Check:
    if dry_run:
        return Check(PERMISSIONS, Status.OK, PERMISSIONS_DRY_RUN)
    granted = info.permissions
    if "push" in granted and not granted["push"]:
        shown = ", ".join(sorted(k for k, v in granted.items() if v)) or "no access"
        return Check(PERMISSIONS, Status.FAIL, _fmt(PERMISSIONS_DENIED, settings, granted=shown))
    if integration:
        return Check(PERMISSIONS, Status.NOTE, PERMISSIONS_ACTIONS)
    if "push" not in granted:
        return Check(PERMISSIONS, Status.NOTE, _fmt(PERMISSIONS_UNKNOWN, settings))
    ok = PERMISSIONS_OK if info.has_issues else PERMISSIONS_OK_NO_ISSUES
    return Check(PERMISSIONS, Status.OK, _fmt(ok, settings))


def _board_check(inputs: DoctorInputs, clock: Clock) -> Check:
    """The board's token (ROADMAP_PROJECT_TOKEN, else GITHUB_TOKEN) opens the board."""
    board = inputs.board
    if inputs.board_error is not None:
        return Check(BOARD, Status.FAIL, inputs.board_error)
    if not board.enabled:
        return Check(BOARD, Status.SKIP, BOARD_NONE)
    shown = one_line(board.describe(), 120)
    if board.token is None:
        return Check(BOARD, Status.FAIL, BOARD_NO_TOKEN.format(board=shown))
    settings = dataclasses.replace(inputs.settings, token=board.token)
    with GitHubClient(settings, clock, token_name=board.token_name) as client:
        fields = {"board": shown}
        check, integration = _token_check(
            client, BOARD, BOARD_WILL_CREATE, BOARD_TOKEN_REJECTED, **fields
        )
        if check.failed:
            return check
        if integration and board.token_name == "GITHUB_TOKEN":
            return Check(BOARD, Status.FAIL, BOARD_NO_TOKEN.format(board=shown))
        if board.project is None:
            return check
        try:
            found = ProjectsGateway(client, settings.repository).read_board(board.project, [])
        except RoadmapBotError as error:
            # The board's own message: not found, or this token may not open it.
            return Check(BOARD, Status.FAIL, str(error))
    message = BOARD_OK.format(
        token_name=board.token_name, board=found.url or shown, title=one_line(found.title, 80)
    )
    return Check(BOARD, Status.OK, message)


def _roadmap_check(inputs: DoctorInputs, echo: Echo, actions: ActionsEnv) -> Check:
    path = inputs.roadmap_path
    try:
        roadmap = load_roadmap(path)
    except InputFileError as error:
        actions.annotate(error.problems, echo)
        message = ROADMAP_INVALID.format(path=path, problems=plural(len(error.problems), "problem"))
        return Check(ROADMAP, Status.FAIL, message, tuple(str(p) for p in error.problems))
    except RoadmapBotError as error:
        return Check(ROADMAP, Status.FAIL, ROADMAP_UNREADABLE.format(detail=error))
    shown = {
        "sections": plural(len(roadmap.sections), "section"),
        "items": plural(len(roadmap), "item"),
    }
    return Check(ROADMAP, Status.OK, ROADMAP_OK.format(path=path, **shown))


def _readme_check(inputs: DoctorInputs, echo: Echo, actions: ActionsEnv) -> Check:
    path = inputs.readme_path
    try:
        text = read_text(path)
    except InputFileError as error:
        actions.annotate(error.problems, echo)
        return Check(README, Status.FAIL, README_UNREADABLE.format(detail=error))
    except RoadmapBotError as error:
        return Check(README, Status.FAIL, README_UNREADABLE.format(detail=error))
    if checklist_bounds(text.splitlines()) is None:
        return Check(README, Status.FAIL, README_NO_MARKERS.format(path=path))
    return Check(README, Status.OK, README_OK.format(path=path))


# --------------------------------------------------------------------------- helpers


def _github_failure(name: str, error: RoadmapBotError) -> Check:
    """GitHub failed in a way this check does not expect: its own message, exit code 3."""
    return Check(name, Status.FAIL, GITHUB_FAILED.format(detail=error), exit_code=EXIT_GITHUB)


def _fmt(template: str, settings: GitHubSettings | None = None, **fields: Any) -> str:
    values: dict[str, Any] = {"token_name": "GITHUB_TOKEN"}
    if settings is not None:
        values["repository"] = settings.repository
    return template.format(**{**values, **fields})
