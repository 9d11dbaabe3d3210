"""Keep the Projects board in step: find (or create) it, read it, plan, print, apply.

The orchestration and its words; the GitHub side is behind the BoardGateway protocol
(githubapi/projects.py implements it), so this module never imports the GitHub layer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from roadmap_bot.board.apply import BoardResult, apply_board
from roadmap_bot.board.model import ObservedBoard, desired_cards, field_specs
from roadmap_bot.board.plan import BoardPlan, plan_board
from roadmap_bot.board.ports import BoardGateway
from roadmap_bot.board.settings import PROJECT_ENV, BoardSettings, ProjectRef
from roadmap_bot.errors import GitHubError, RateLimitedError
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.text import plural

Echo = Callable[[str], None]
SKIPPED_MESSAGE = (
    "Board: skipped (no board named: pass --project URL, or set the repository variable "
    f"{PROJECT_ENV} to the board's URL)"
)
# Rounds of "read the board, plan, apply" when single mutations fail (the board changed
# under the run: a card deleted, an option removed): the second one plans from what the
# board then holds.
MAX_ROUNDS = 2


@dataclass(frozen=True)
class BoardJob:
    """The board to keep, and the gateway that reaches it (with the board's token)."""

    settings: BoardSettings
    gateway: BoardGateway
    repository_owner: str
    # The board is reached with the issues' own token: new issues may then go onto it in
    # their createIssue (projectV2Ids); with another token they may not reach it.
    shares_issue_token: bool = False


def new_issue_boards(
    job: BoardJob | None, known: ObservedBoard | None = None
) -> Callable[[], list[str]] | None:
    """For createIssue's projectV2Ids: a function giving the named board's id (``known``'s,
    or one read made when the first issue is created), or None when new issues cannot go
    onto it."""
    if job is None or not job.shares_issue_token or job.settings.project is None:
        return None
    ref = job.settings.project
    if known is not None:
        return lambda: [known.project_id]

    def board_ids() -> list[str]:
        try:
            return [job.gateway.read_board(ref, ()).project_id]
        except GitHubError:
            return []  # the board step reports what is wrong with the board

    return board_ids


@dataclass(frozen=True)
class BoardOutcome:
    plan: BoardPlan
    result: BoardResult | None  # None for a dry run
    url: str

    def changes(self) -> list[str]:
        """Lines for the job summary."""
        if self.result is None:
            return []
        r = self.result
        parts = [
            plural(n, one, many) + f" {what}"
            for one, many, what, n in (
                ("field", "fields", "created or extended", r.fields),
                ("card", "cards", "added", r.added),
                ("value", "values", "set", r.set),
                ("value", "values", "cleared", r.cleared),
            )
            if n
        ]
        return [f"board: {', '.join(parts)}"] if parts else []


def result_changes(result: BoardResult) -> int:
    """The board changes a run made (fields, cards, values), as the outputs count them."""
    return result.fields + result.added + result.set + result.cleared


def plan_changes(planned: BoardPlan) -> int:
    counts = planned.counts()
    return counts["fields"] + counts["add"] + counts["set"] + counts["clear"]


def board_summary(result: BoardResult) -> str:
    done = (
        f"{plural(result.fields, 'field')}, {plural(result.added, 'card')} added, "
        f"{plural(result.set, 'value')} set, {result.cleared} cleared"
    )
    if result.stopped:
        return (
            f"Board stopped early ({result.stopped}): {done}; "
            f"{plural(result.remaining, 'change')} left. Run sync again to finish: nothing "
            "will be duplicated."
        )
    return f"Board done: {done}; 0 changes left."


def sync_board(
    roadmap: Roadmap,
    issues_by_item: Mapping[str, ObservedIssue],
    job: BoardJob,
    echo: Echo,
    *,
    dry_run: bool,
    max_writes: int | None = None,
    reopened: Collection[int] = (),
    observed: ObservedBoard | None = None,
) -> BoardOutcome:
    """Every roadmap issue a card on the board, with its fields and Status. ``observed``:
    the named board as read along with the issues (it saves the first read)."""
    cards = desired_cards(roadmap, issues_by_item, reopened=reopened)
    specs = field_specs(roadmap)
    ids = [card.issue_node_id for card in cards]
    try:
        ref, how = _locate(job, echo, dry_run=dry_run)
        # No ref: a dry run for a board still to be created.
        if ref is None:
            board = ObservedBoard(project_id="")
        elif observed is not None and ref == job.settings.project:
            board = observed
        else:
            board = job.gateway.read_board(ref, ids)
    except RateLimitedError as stop:
        # Not read: how much is left is not known; say the cards, at least.
        stopped = BoardResult(stopped=stop.message, remaining=max(len(cards), 1))
        echo(board_summary(stopped))
        return BoardOutcome(BoardPlan(), stopped, "")
    if how:
        echo(
            f"Board: {how} '{job.settings.create_title}' ({board.url}); set the repository "
            f"variable {PROJECT_ENV} to this URL to save a request on every run"
        )
    planned = plan_board(cards, specs, board)
    _print_plan(planned, board, echo, dry_run=dry_run)
    if dry_run or not planned:
        return BoardOutcome(planned, None if dry_run else BoardResult(), board.url)
    total = BoardResult()
    budget = max_writes
    for round_number in range(1, MAX_ROUNDS + 1):
        result, board = apply_board(cards, specs, board, job.gateway, echo, max_writes=budget)
        _add(total, result)
        if result.stopped or not result.failures:
            break
        for failure in result.failures[:5]:
            echo(f"board: {failure}")
        if round_number == MAX_ROUNDS:
            raise GitHubError(
                f"{len(result.failures)} board changes failed twice "
                f"(first: {result.failures[0]}); run sync again later. If GitHub cannot "
                f"find the issues, the token in {job.settings.token_name} may not see "
                "them: a classic token needs the `repo` scope for a private repository"
            )
        echo("board: some changes failed; reading the board again")
        if budget is not None:
            budget = max(0, budget - result.requests)
        assert ref is not None
        try:
            board = job.gateway.read_board(ref, ids)
        except RateLimitedError as stop:
            total.stopped = stop.message
            break
    echo(board_summary(total))
    return BoardOutcome(planned, total, board.url)


def _add(total: BoardResult, result: BoardResult) -> None:
    total.fields += result.fields
    total.added += result.added
    total.set += result.set
    total.cleared += result.cleared
    total.stopped = result.stopped
    total.remaining = result.remaining
    total.failures = list(result.failures)
    total.requests += result.requests


def _locate(job: BoardJob, echo: Echo, *, dry_run: bool) -> tuple[ProjectRef | None, str]:
    """The board's ref (None: a dry run for a board still to be made), and what was done
    to find it ("found" or "created", "" when it was named)."""
    settings = job.settings
    if settings.project is not None:
        return settings.project, ""
    title = settings.create_title or ""
    if dry_run:
        echo(f"Board: would find or create the board '{title}' of {job.repository_owner}")
        return None, ""
    ref, created = job.gateway.find_or_create_board(job.repository_owner, title)
    return ref, "created" if created else "found"


def _print_plan(planned: BoardPlan, board: ObservedBoard, echo: Echo, *, dry_run: bool) -> None:
    where = board.url or "(new board)"
    header = "Board plan (dry run, nothing written)" if dry_run else "Board plan"
    echo(f"{header} for {where}: {planned.summary()}")
    if dry_run:
        for action in planned.actions:
            echo(f"  {action.describe()}")
    for warning in planned.warnings:
        echo(f"warning: {warning}")
