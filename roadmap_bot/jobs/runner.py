"""The jobs the commands run on GitHub: sync (issues, then the README), and the README
alone for an issue closed or reopened. Each returns a report for the step outputs and
the job summary; the CLI does the printing setup and the exit codes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from roadmap_bot.errors import (
    MissingOnGitHubError,
    NoMarkersError,
    RateLimitedError,
    RoadmapBotError,
)
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.matching import match_issues
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.jobs.board_step import SKIPPED_MESSAGE, BoardJob, sync_board
from roadmap_bot.jobs.issues_step import result_summary, run_sync
from roadmap_bot.jobs.ports import RepositoryPort
from roadmap_bot.jobs.readme_step import bring_readme_in_line
from roadmap_bot.readme.progress import Progress, compute_progress
from roadmap_bot.roadmap.model import PlacedItem, Roadmap
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState

Echo = Callable[[str], None]
# How many items the job summary suggests to learn next.
SUMMARY_NEXT_COUNT = 5
PAST = {ItemState.DONE: "ticked", ItemState.TODO: "unticked", ItemState.SKIPPED: "skipped"}


@dataclass
class JobReport:
    created: int = 0
    updated: int = 0
    closed: int = 0
    remaining: int = 0
    changes: list[str] = field(default_factory=list)
    progress: Progress | None = None
    # What to learn next, for the job summary.
    next_up: tuple[PlacedItem, ...] = ()

    def outputs(self) -> dict[str, object]:
        percent = self.progress.overall.whole_percent if self.progress else ""
        return {
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "remaining": self.remaining,
            "progress": percent,
        }


def sync_job(
    roadmap: Roadmap,
    gateway: RepositoryPort,
    echo: Echo,
    *,
    readme_path: str,
    dry_run: bool,
    max_writes: int | None,
    progress: Callable[[int, int, P.Action], None] | None = None,
    board: BoardJob | None = None,
) -> JobReport:
    """Issues, then the README, then the board (when one is named).

    The README is read before the issues are listed (readme_commit needs a listing newer
    than the README it reconciles); when the issue sync writes nothing, its listing serves
    the README and the board as well: a no-op sync reads each thing once.
    """
    readme = None if dry_run else _read_first(gateway)
    observer = _Recorder(gateway)
    start = gateway.writes()
    report = JobReport()
    try:
        outcome = run_sync(
            roadmap,
            observer,
            gateway,
            echo,
            dry_run=dry_run,
            max_writes=max_writes,
            progress=progress,
        )
    except RateLimitedError as stop:  # while reading the issues: nothing planned yet
        echo(f"Stopped early ({stop.message}): the issues could not be read. Run sync again.")
        report.remaining = 1
        return report
    if outcome.result is None:
        counts = outcome.plan.counts()
        report.remaining = counts["create"] + counts["update"] + counts["close"]
        _board_step(roadmap, outcome.plan.issues, board, echo, report, dry_run=True)
        return report
    result = outcome.result
    echo(result_summary(result))
    report.created = result.counts["create"]
    report.updated = result.counts["update"]
    report.closed = result.counts["close"]
    report.remaining = result.remaining
    report.changes = [
        f"{n} {what}" for what, n in (("created", report.created), ("updated", report.updated)) if n
    ]
    if report.closed:
        report.changes.append(f"{report.closed} closed (removed from roadmap.yaml)")
    listing = observer.listing() if gateway.writes() == start else None
    store = _Primed(gateway, readme, listing)
    readme_report = _readme(roadmap, store, readme_path, echo)
    report.changes += readme_report.changes
    report.progress = readme_report.progress
    report.next_up = readme_report.next_up
    report.remaining += readme_report.remaining
    budget = None if max_writes is None else max(0, max_writes - (gateway.writes() - start))
    issues = _board_issues(roadmap, store, board, echo, report)
    if issues is not None:
        _board_step(roadmap, issues, board, echo, report, dry_run=False, max_writes=budget)
    return report


def readme_job(
    roadmap: Roadmap,
    gateway: RepositoryPort,
    echo: Echo,
    *,
    readme_path: str,
    board: BoardJob | None = None,
    reopened: Collection[int] = (),
) -> JobReport:
    """The README brought in line with every roadmap issue (never just the one that fired),
    then the board, when one is named: Done for a closed issue, Todo for ``reopened``."""
    store = _Primed(gateway)
    report = _readme(roadmap, store, readme_path, echo)
    if board is not None:
        issues = _board_issues(roadmap, store, board, echo, report)
        if issues is not None:
            _board_step(roadmap, issues, board, echo, report, dry_run=False, reopened=reopened)
    return report


def _board_issues(
    roadmap: Roadmap, store: _Primed, board: BoardJob | None, echo: Echo, report: JobReport
) -> Mapping[str, ObservedIssue] | None:
    """The roadmap's issues for the board step ({} without a board); None when a rate
    limit stops their listing (then the board waits for the next run)."""
    if board is None:
        return {}
    try:
        return match_issues(roadmap, tuple(store.issues()))
    except RateLimitedError as stop:
        echo(f"Board stopped early ({stop.message}): the issues could not be listed.")
        report.remaining += 1
        return None


def _readme(roadmap: Roadmap, store: _Primed, path: str, echo: Echo) -> JobReport:
    report = JobReport()
    try:
        outcome = bring_readme_in_line(roadmap, store, path, echo)
    except MissingOnGitHubError:
        echo(f"{path} is not in the repository: no ticks to keep")
        return report
    except NoMarkersError:
        echo(f"{path} has no roadmap checklist: no ticks to keep")
        return report
    except RateLimitedError as stop:
        echo(f"{path}: stopped early ({stop.message}); the next run brings it in line")
        report.remaining = 1
        return report
    result = outcome.reconciliation
    report.progress = compute_progress(roadmap, result.states)
    report.next_up = tuple(next_items(roadmap, result.states, SUMMARY_NEXT_COUNT))
    report.changes = [f"{box.title}: {PAST[box.after]} in {path}" for box in result.box_changes]
    report.changes += [
        f"#{c.number} {'reopened' if c.state is ItemState.TODO else 'closed'}: its box was "
        f"changed by hand in {path}"
        for c in result.issue_changes
    ]
    if outcome.committed:
        echo(f'{path}: committed "{result.commit_message()}"')
    else:
        echo(f"{path}: already in line with the issues")
    return report


def _board_step(
    roadmap: Roadmap,
    issues_by_item: Mapping[str, ObservedIssue],
    board: BoardJob | None,
    echo: Echo,
    report: JobReport,
    *,
    dry_run: bool,
    max_writes: int | None = None,
    reopened: Collection[int] = (),
) -> None:
    if board is None:
        echo(SKIPPED_MESSAGE)
        return
    outcome = sync_board(
        roadmap,
        issues_by_item,
        board,
        echo,
        dry_run=dry_run,
        max_writes=max_writes,
        reopened=reopened,
    )
    report.changes += outcome.changes()
    if outcome.result is not None:
        report.remaining += outcome.result.remaining
    else:
        report.remaining += len(outcome.plan.actions)


def _read_first(gateway: RepositoryPort) -> tuple[str, str] | Exception:
    """The README (text, sha), or the error reading it gave, to raise where the README
    is handled (after the issues, as before)."""
    try:
        return gateway.read_readme()
    except (RoadmapBotError, RateLimitedError) as error:
        return error


class _Recorder:
    """The sync's observer, keeping what it listed."""

    def __init__(self, gateway: RepositoryPort) -> None:
        self.gateway = gateway
        self.observed: ObservedState | None = None
        self.strays = False

    def observe(self) -> ObservedState:
        self.observed = self.gateway.observe()
        return self.observed

    def complete(self, observed: ObservedState) -> ObservedState:
        self.observed = self.gateway.complete(observed)
        return self.observed

    def dependencies(self, observed: ObservedState) -> ObservedState:
        self.observed = self.gateway.dependencies(observed)
        return self.observed

    def marker_issues(self) -> list[ObservedIssue]:
        self.strays = True
        return self.gateway.marker_issues()

    def listing(self) -> list[ObservedIssue] | None:
        """The issues with the bot's label, as listed (None when more were read)."""
        if self.observed is None or self.strays:
            return None
        return list(self.observed.issues)


class _Primed:
    """bring_readme_in_line's store, primed with what this run read already: the first
    attempt reuses them, a retry (stale sha) reads both again. Keeps the last listing and
    the issues the README changed, for the board."""

    def __init__(
        self,
        gateway: RepositoryPort,
        readme: tuple[str, str] | Exception | None = None,
        listing: list[ObservedIssue] | None = None,
    ) -> None:
        self.gateway = gateway
        self._readme = readme
        self._listing = listing
        self.last_listing: list[ObservedIssue] | None = None
        self.changed: dict[int, dict[str, object]] = {}

    def read_readme(self) -> tuple[str, str]:
        primed, self._readme = self._readme, None
        if isinstance(primed, Exception):
            raise primed
        return primed if primed is not None else self.gateway.read_readme()

    def list_managed_issues(self) -> list[ObservedIssue]:
        primed, self._listing = self._listing, None
        self.last_listing = primed if primed is not None else self.gateway.list_managed_issues()
        return self.last_listing

    def write_readme(self, text: str, sha: str, message: str) -> None:
        self.gateway.write_readme(text, sha, message)

    def update_issue(self, number: int, fields: dict[str, object]) -> None:
        self.gateway.update_issue(number, fields)
        self.changed[number] = fields

    def issues(self) -> list[ObservedIssue]:
        """The issues as they stand now: the latest listing (one is made if none was),
        with the changes the README made since."""
        issues = self.last_listing if self.last_listing is not None else self._listing
        if issues is None:
            issues = self.gateway.list_managed_issues()
        return [_with_fields(issue, self.changed.get(issue.number)) for issue in issues]


def _with_fields(issue: ObservedIssue, fields: Mapping[str, object] | None) -> ObservedIssue:
    if not fields or "state" not in fields:
        return issue
    reason = fields.get("state_reason")
    return dataclasses.replace(
        issue, state=str(fields["state"]), state_reason=str(reason) if reason else None
    )
