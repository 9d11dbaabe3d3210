"""`roadmap-bot sync`: observe, plan, print, apply. The orchestration, and its words."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from roadmap_bot.issues import plan as P
from roadmap_bot.issues.apply import ApplyResult, apply_plan
from roadmap_bot.issues.observed import ObservedState
from roadmap_bot.issues.order import parents_to_check
from roadmap_bot.issues.ports import Gateway, Observer
from roadmap_bot.issues.tally import issues_left, tally
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import plural

Echo = Callable[[str], None]


@dataclass(frozen=True)
class SyncOutcome:
    plan: P.Plan
    result: ApplyResult | None  # None for a dry run


def observe_for_plan(
    roadmap: Roadmap, observer: Observer, readme_states: Mapping[str, ItemState] | None = None
) -> tuple[ObservedState, P.Plan]:
    """The observed state and the plan for it.

    The observer's first read (githubapi/snapshot.py behind it) holds the issues, the
    repository's labels and milestones (``complete`` unless there are more than a page of
    them: then they are listed only when the plan would create or change one), the issues'
    "blocked by" links and every issue with an item marker, whatever its labels (asked
    for when the plan would create issues: an issue whose bot label was taken off is
    found, not duplicated). The links count only when an item requires another or an
    issue of the bot is blocked by any issue, so the removal of the last requirement is
    seen. The sub-issue lists of parents whose children may stand out of roadmap order
    are read (issues/order.py).
    """
    observed = observer.observe()
    if needs_links(roadmap, observed):
        observed = observer.dependencies(observed)
    planned = P.plan(roadmap, observed, readme_states)
    labels = any(isinstance(a, (P.CreateLabel, P.UpdateLabel)) for a in planned.actions)
    milestones = any(isinstance(a, P.CreateMilestone) for a in planned.actions)
    if not observed.complete and (labels or milestones):
        # Seen on no issue is not absent: list them before creating one.
        observed = observer.complete(observed, labels=labels, milestones=milestones)
        planned = P.plan(roadmap, observed, readme_states)
    if any(isinstance(action, P.CreateIssue) for action in planned.actions):
        known = {issue.number for issue in observed.issues}
        strays = [issue for issue in observer.marker_issues() if issue.number not in known]
        if strays:
            observed = replace(observed, issues=(*observed.issues, *strays))
            planned = P.plan(roadmap, observed, readme_states)
    # Sub-issues out of roadmap order, or about to be: read those parents' lists.
    check = parents_to_check(roadmap, planned.issues, P.linked_by(planned.actions))
    if not check:
        return observed, planned
    lists = {number: tuple(observer.sub_issue_numbers(number)) for number in check}
    observed = replace(observed, sub_issues=lists)
    return observed, P.plan(roadmap, observed, readme_states)


def needs_links(roadmap: Roadmap, observed: ObservedState) -> bool:
    """Whether sync must read the issues' "blocked by" links."""
    requires = any(placed.item.requires for placed in roadmap.walk())
    return requires or any(issue.blocked_by_count for issue in observed.issues)


def plan_summary(planned: P.Plan) -> str:
    """ "2 issues to create, 1 label to create or update, 30 issues unchanged"."""
    words = tally(planned.actions).words(future=True)
    return ", ".join([*words, f"{plural(planned.unchanged, 'issue')} unchanged"])


def print_plan(planned: P.Plan, echo: Echo, *, header: str) -> None:
    echo(f"{header}: {plan_summary(planned)}")
    for action in planned.actions:
        echo(f"  {action.describe()}")
    for warning in planned.warnings:
        echo(f"warning: {warning}")


def run_sync(
    roadmap: Roadmap,
    observer: Observer,
    gateway: Gateway,
    echo: Echo,
    *,
    dry_run: bool,
    max_writes: int | None,
    progress: Callable[[int, int, P.Action], None] | None = None,
    readme_states: Mapping[str, ItemState] | None = None,
    board_ids: Callable[[], Sequence[str]] | None = None,
) -> SyncOutcome:
    observed, planned = observe_for_plan(roadmap, observer, readme_states)
    print_plan(planned, echo, header="Plan" if not dry_run else "Plan (dry run, nothing written)")
    if dry_run:
        return SyncOutcome(planned, None)
    result = apply_plan(
        planned, observed, gateway, max_writes=max_writes, progress=progress, board_ids=board_ids
    )
    for note in result.notes:
        echo(f"note: {note}")
    return SyncOutcome(planned, result)


def result_summary(planned: P.Plan, result: ApplyResult) -> str:
    """What the run did, by the same words as the plan, and what it left."""
    done = ", ".join(tally(planned.actions[: result.done]).words()) or "nothing to change"
    if result.stopped:
        items, without = issues_left(planned.actions[result.done :])
        left = f"{plural(items, 'issue')} still to create or change"
        if without:
            left += f" ({plural(without, 'item')} still without an issue)"
        return (
            f"Stopped early ({result.stopped}): {done}; {left}. "
            "Run sync again to finish: nothing will be duplicated."
        )
    return f"Done: {done}; no issue left to create or change."
