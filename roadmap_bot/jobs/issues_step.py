"""`roadmap-bot sync`: observe, plan, print, apply. The orchestration, and its words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from roadmap_bot.issues import plan as P
from roadmap_bot.issues.apply import ApplyResult, apply_plan
from roadmap_bot.issues.observed import ObservedState
from roadmap_bot.issues.ports import Gateway, Observer
from roadmap_bot.roadmap.model import Roadmap

Echo = Callable[[str], None]


@dataclass(frozen=True)
class SyncOutcome:
    plan: P.Plan
    result: ApplyResult | None  # None for a dry run


def observe_for_plan(roadmap: Roadmap, observer: Observer) -> tuple[ObservedState, P.Plan]:
    """The observed state and the plan for it.

    Labels and milestones are first read off the issues; they are listed in full only
    when the plan would create or change one. When the plan would create issues, every
    issue with an item marker is read once more, whatever its labels: an issue whose bot
    label was taken off is found, not duplicated. The "blocked by" links are read only
    when an item requires another or an issue of the bot is blocked by any issue (GitHub
    counts them on each issue): a roadmap without requirements costs no request more,
    and the removal of its last requirement is still seen.
    """
    observed = observer.observe()
    if needs_links(roadmap, observed):
        observed = observer.dependencies(observed)
    planned = P.plan(roadmap, observed)
    repository_level = (P.CreateLabel, P.UpdateLabel, P.CreateMilestone)
    if not observed.complete and any(isinstance(a, repository_level) for a in planned.actions):
        # Seen on no issue is not absent: list them all before creating one.
        observed = observer.complete(observed)
        planned = P.plan(roadmap, observed)
    if not any(isinstance(action, P.CreateIssue) for action in planned.actions):
        return observed, planned
    known = {issue.number for issue in observed.issues}
    strays = [issue for issue in observer.marker_issues() if issue.number not in known]
    if not strays:
        return observed, planned
    observed = replace(observed, issues=(*observed.issues, *strays))
    return observed, P.plan(roadmap, observed)


def needs_links(roadmap: Roadmap, observed: ObservedState) -> bool:
    """Whether sync must read the issues' "blocked by" links."""
    requires = any(placed.item.requires for placed in roadmap.walk())
    return requires or any(issue.blocked_by_count for issue in observed.issues)


def plan_summary(planned: P.Plan) -> str:
    counts = planned.counts()
    return (
        f"{counts['create']} to create, {counts['update']} to update, "
        f"{counts['close']} to close, {counts['unchanged']} unchanged"
    )


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
) -> SyncOutcome:
    observed, planned = observe_for_plan(roadmap, observer)
    print_plan(planned, echo, header="Plan" if not dry_run else "Plan (dry run, nothing written)")
    if dry_run:
        return SyncOutcome(planned, None)
    result = apply_plan(planned, observed, gateway, max_writes=max_writes, progress=progress)
    for note in result.notes:
        echo(f"note: {note}")
    return SyncOutcome(planned, result)


def result_summary(result: ApplyResult) -> str:
    counts = result.counts
    done = f"created {counts['create']}, updated {counts['update']}, closed {counts['close']}"
    if result.stopped:
        return (
            f"Stopped early ({result.stopped}): {done}; {result.remaining} actions remain. "
            "Run sync again to finish: nothing will be duplicated."
        )
    return f"Done: {done}; 0 actions remain."
