"""The jobs the commands run on GitHub: sync (issues, then the README), and the README
alone for an issue closed or reopened. Each returns a report for the step outputs and
the job summary; the CLI does the printing setup and the exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping

from roadmap_bot.board.model import ObservedBoard
from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.errors import (
    MissingOnGitHubError,
    NoMarkersError,
    RateLimitedError,
    RoadmapBotError,
)
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.matching import match_issues
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.tally import issues_left, tally
from roadmap_bot.jobs.board_step import (
    SKIPPED_MESSAGE,
    BoardJob,
    new_issue_boards,
    plan_changes,
    result_changes,
    sync_board,
)
from roadmap_bot.jobs.issues_step import result_summary, run_sync
from roadmap_bot.jobs.ports import RepositoryPort, Snapshot
from roadmap_bot.jobs.readme_step import bring_readme_in_line
from roadmap_bot.jobs.report import JobReport
from roadmap_bot.jobs.run_reads import Primed, Recorder, read_first
from roadmap_bot.readme.burnup import burn_up
from roadmap_bot.readme.progress import compute_progress
from roadmap_bot.readme.reconcile import reconcile
from roadmap_bot.readme.render import read_states, states_for
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import plural

Echo = Callable[[str], None]
# How many items the job summary suggests to learn next.
SUMMARY_NEXT_COUNT = 5
PAST = {ItemState.DONE: "ticked", ItemState.TODO: "unticked", ItemState.SKIPPED: "skipped"}


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
    page_url: str | None = None,
    readme_states: Mapping[str, ItemState] | None = None,
) -> JobReport:
    """Issues, then the README, then the board (when one is named). page_url: the
    progress page the README's progress block links to (refresh_progress_block).

    The run starts with the gateway's snapshot: the issues, the README read with them
    (readme_commit needs a listing no older than the README it reconciles) and the board.
    While nothing is written, each part serves every step: a no-op sync reads each thing
    once.
    """
    start = gateway.writes()
    report = JobReport()
    try:
        snapshot = gateway.read_snapshot(_board_read_along(board))
    except RateLimitedError as stop:
        return _not_read(roadmap, stop, echo, report)
    readme = snapshot.readme if snapshot.readme is not None else read_first(gateway)
    observer = Recorder(gateway, snapshot)
    try:
        outcome = run_sync(
            roadmap,
            observer,
            gateway,
            echo,
            dry_run=dry_run,
            max_writes=max_writes,
            progress=progress,
            readme_states=_box_states(roadmap, readme)
            if isinstance(readme, tuple)
            else readme_states,
            board_ids=new_issue_boards(board, snapshot.board),
        )
    except RateLimitedError as stop:  # while reading the issues: nothing planned yet
        return _not_read(roadmap, stop, echo, report)
    # The listing serves the README when it is as new as the README: read with it.
    same_time = snapshot.readme is not None
    if outcome.result is None:
        report.remaining, report.without_issue = issues_left(outcome.plan.actions)
        store = Primed(gateway, readme, observer.listing() if same_time else None)
        _readme_preview(roadmap, store, readme_path, echo)
        _board_step(
            roadmap,
            outcome.plan.issues,
            board,
            echo,
            report,
            dry_run=True,
            observed=snapshot.board,
        )
        return report
    result = outcome.result
    echo(result_summary(outcome.plan, result))
    report.add_issues(tally(outcome.plan.actions[: result.done]))
    left = outcome.plan.actions[result.done :]
    report.remaining, report.without_issue = issues_left(left)
    if result.stopped:
        report.stops.append(f"issues: {result.stopped}")
    listing = observer.listing() if gateway.writes() == start and same_time else None
    store = Primed(gateway, readme, listing)
    reopened = _readme(roadmap, store, readme_path, echo, report, page_url)
    budget = None if max_writes is None else max(0, max_writes - (gateway.writes() - start))
    issues = _board_issues(roadmap, store, board, echo, report)
    if issues is not None:
        _board_step(
            roadmap,
            issues,
            board,
            echo,
            report,
            dry_run=False,
            max_writes=budget,
            reopened=reopened,
            # Read before anything was written: still the board as it is.
            observed=snapshot.board if gateway.writes() == start else None,
        )
    return report


def _not_read(roadmap: Roadmap, stop: RateLimitedError, echo: Echo, report: JobReport) -> JobReport:
    """A rate limit stopped the reads: nothing planned, every item still to check."""
    items = sum(1 for _ in roadmap.walk())
    echo(
        f"Stopped early ({stop.message}): the issues could not be read; all "
        f"{plural(items, 'item')} still to check. Run sync again."
    )
    report.stops.append(f"the issues could not be read ({stop.message})")
    report.remaining = items
    return report


def _board_read_along(board: BoardJob | None) -> ProjectRef | None:
    """The board to read with the issues: the named one (a board found or created by its
    title is read by the board step)."""
    return None if board is None else board.settings.project


def readme_job(
    roadmap: Roadmap,
    gateway: RepositoryPort,
    echo: Echo,
    *,
    readme_path: str,
    board: BoardJob | None = None,
    reopened: Collection[int] = (),
    page_url: str | None = None,
) -> JobReport:
    """The README brought in line with every roadmap issue (never just the one that fired),
    then the board, when one is named: Done for a closed issue, Todo for a Done card whose
    issue is reopened: ``reopened`` (the event's), and those the README job saw reopened
    or reopened itself (its own writes start no run that would move their cards)."""
    start = gateway.writes()
    try:
        snapshot: Snapshot | None = gateway.read_snapshot(_board_read_along(board))
    except RateLimitedError:
        snapshot = None  # the README job below meets the limit again, and reports it
    if snapshot is not None and snapshot.readme is not None:
        store = Primed(gateway, snapshot.readme, list(snapshot.observed.issues))
    else:
        store = Primed(gateway)
    report = JobReport()
    seen = _readme(roadmap, store, readme_path, echo, report, page_url)
    if board is not None:
        issues = _board_issues(roadmap, store, board, echo, report)
        if issues is not None:
            everything = {*reopened, *seen}
            # Read before anything was written: still the board as it is.
            unchanged = snapshot if gateway.writes() == start else None
            _board_step(
                roadmap,
                issues,
                board,
                echo,
                report,
                dry_run=False,
                reopened=everything,
                observed=unchanged.board if unchanged is not None else None,
            )
    return report


def _board_issues(
    roadmap: Roadmap, store: Primed, board: BoardJob | None, echo: Echo, report: JobReport
) -> Mapping[str, ObservedIssue] | None:
    """The roadmap's issues for the board step ({} without a board); None when a rate
    limit stops their listing (then the board waits for the next run)."""
    if board is None:
        return {}
    try:
        return match_issues(roadmap, tuple(store.issues()))
    except RateLimitedError as stop:
        echo(f"Board stopped early ({stop.message}): the issues could not be listed.")
        report.stops.append(f"board: the issues could not be listed ({stop.message})")
        return None


def _readme(
    roadmap: Roadmap,
    store: Primed,
    path: str,
    echo: Echo,
    report: JobReport,
    page_url: str | None = None,
) -> tuple[int, ...]:
    """The README job, its counts added to ``report``; the issues it saw reopened."""
    try:
        outcome = bring_readme_in_line(roadmap, store, path, echo, page_url)
    except MissingOnGitHubError:
        echo(f"{path} is not in the repository: no ticks to keep")
        return ()
    except NoMarkersError:
        echo(f"{path} has no roadmap checklist: no ticks to keep")
        return ()
    except RateLimitedError as stop:
        echo(f"{path}: stopped early ({stop.message}); the next run brings it in line")
        report.stops.append(f"{path} not brought in line with the issues ({stop.message})")
        return ()
    result = outcome.reconciliation
    report.progress = compute_progress(roadmap, result.states)
    closed_at = {item_id: issue.closed_at for item_id, issue in outcome.issues.items()}
    report.burnup = burn_up(roadmap, result.states, closed_at)
    report.next_up = tuple(next_items(roadmap, result.states, SUMMARY_NEXT_COUNT))
    report.boxes += len(result.box_changes)
    report.changes += [f"{box.title}: {PAST[box.after]} in {path}" for box in result.box_changes]
    for change in result.issue_changes:
        reopening = change.state is ItemState.TODO
        if reopening:
            report.reopened += 1
        else:
            report.closed += 1
        why = (
            "all its children are finished"
            if change.for_children
            else f"its box was changed by hand in {path}"
        )
        report.changes.append(f"#{change.number} {'reopened' if reopening else 'closed'}: {why}")
    if outcome.pull_request is not None:
        echo(f"{path}: the default branch takes changes by pull request: {outcome.pull_request}")
        report.changes.append(f"{path} change proposed in {outcome.pull_request}")
    elif outcome.refused is not None:
        echo(f"{path}: not written: {outcome.refused}")
        report.changes.append(f"{path} change waiting: {outcome.refused}")
        report.stops.append(f"{path} not written ({outcome.refused})")
    elif not outcome.committed:
        echo(f"{path}: already in line with the issues")
    return result.reopened


def _readme_preview(roadmap: Roadmap, store: Primed, path: str, echo: Echo) -> None:
    """The dry run's README: the commit it would make, with the lines it would change."""
    try:
        text, _sha = store.read_readme()
        issues = match_issues(roadmap, tuple(store.list_managed_issues()))
        result = reconcile(text, roadmap, issues, path)
    except (RoadmapBotError, RateLimitedError) as error:
        echo(f"{path}: not previewed ({error})")
        return
    for change in result.issue_changes:
        verb = "reopen" if change.state is ItemState.TODO else "close"
        echo(f"{path}: would {verb} #{change.number} [{change.item_id}]")
    if result.text == text:
        echo(f"{path}: already in line with the issues (nothing to commit)")
        return
    echo(f'{path}: would commit "{result.commit_message()}"')
    diff = difflib.unified_diff(text.splitlines(), result.text.splitlines(), lineterm="", n=0)
    for line in list(diff)[2:]:
        if not line.startswith("@@"):
            echo(f"  {line}")


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
    observed: ObservedBoard | None = None,
) -> None:
    """``observed``: the board as read with the issues, when it still stands."""
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
        observed=observed,
    )
    report.changes += outcome.changes()
    if outcome.result is not None:
        report.board += result_changes(outcome.result)
        report.board_remaining += outcome.result.remaining
        if outcome.result.stopped:
            report.stops.append(f"board: {outcome.result.stopped}")
    else:
        report.board_remaining += plan_changes(outcome.plan)


def _box_states(roadmap: Roadmap, readme: tuple[str, str]) -> dict[str, ItemState]:
    """The README's boxes (read from GitHub), for the issues created by this sync."""
    return states_for(roadmap, read_states(readme[0]))
