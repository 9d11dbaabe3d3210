"""Counting a sync plan's actions by what they change: issues (each counted once, under
one word), labels and milestones apart. Pure: for the plan's printout, the run's summary
and the action's outputs, so that every number counts what its name says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roadmap_bot.issues import plan as P
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone
from roadmap_bot.text import plural

LABEL_ACTIONS = (P.CreateLabel, P.UpdateLabel)
MILESTONE_ACTIONS = (P.CreateMilestone, ReopenMilestone, CloseMilestone)


@dataclass(frozen=True)
class Tally:
    created: int = 0  # issues
    updated: int = 0  # issues changed, neither reopened nor closed
    closed: int = 0  # issues closed (their items left roadmap.yaml)
    reopened: int = 0  # issues reopened (their items came back)
    labels: int = 0  # labels created or updated
    milestones_created: int = 0
    milestones_closed: int = 0  # their sections left roadmap.yaml
    milestones_reopened: int = 0  # their sections came back

    @property
    def milestones(self) -> int:
        return self.milestones_created + self.milestones_closed + self.milestones_reopened

    def words(self, *, future: bool = False) -> list[str]:
        """ "2 issues created", ... (or "2 issues to create"), for the non-zero counts."""
        forms = (
            (self.created, "issue", "created", "to create"),
            (self.updated, "issue", "updated", "to update"),
            (self.reopened, "issue", "reopened", "to reopen"),
            (self.closed, "issue", "closed", "to close"),
            (self.labels, "label", "created or updated", "to create or update"),
            (self.milestones_created, "milestone", "created", "to create"),
            (self.milestones_reopened, "milestone", "reopened", "to reopen"),
            (self.milestones_closed, "milestone", "closed", "to close"),
        )
        return [
            f"{plural(n, noun)} {future_word if future else past}"
            for n, noun, past, future_word in forms
            if n
        ]


def tally(actions: Iterable[P.Action]) -> Tally:
    actions = list(actions)
    # By item: an issue made and then moved among its siblings counts as made only.
    created = {a.item_id for a in actions if isinstance(a, P.CreateIssue)}
    closed = {a.item_id for a in actions if isinstance(a, P.CloseRemoved)}
    reopened = {a.item_id for a in actions if isinstance(a, P.UpdateIssue) and a.reopen}
    updated = {
        _issue_of(a)
        for a in actions
        if not isinstance(a, (*LABEL_ACTIONS, *MILESTONE_ACTIONS, P.CreateIssue, P.CloseRemoved))
    }
    return Tally(
        created=len(created),
        updated=len(updated - created - reopened - closed),
        closed=len(closed),
        reopened=len(reopened),
        labels=sum(1 for a in actions if isinstance(a, LABEL_ACTIONS)),
        milestones_created=sum(1 for a in actions if isinstance(a, P.CreateMilestone)),
        milestones_closed=sum(1 for a in actions if isinstance(a, CloseMilestone)),
        milestones_reopened=sum(1 for a in actions if isinstance(a, ReopenMilestone)),
    )


def issues_left(actions: Iterable[P.Action]) -> tuple[int, int]:
    """(items whose issue still needs a change, of which still without an issue)."""
    items = set()
    without = set()
    for action in actions:
        if isinstance(action, (*LABEL_ACTIONS, *MILESTONE_ACTIONS)):
            continue
        items.add(_issue_of(action))
        if isinstance(action, P.CreateIssue):
            without.add(action.item_id)
    return len(items), len(without)


def _issue_of(action: P.Action) -> str:
    """The issue an action changes: its item's id, or its number for a link taken off an
    issue whose item may be gone."""
    if isinstance(action, P.RemoveBlockedBy):
        return f"#{action.number}"
    if isinstance(action, (*LABEL_ACTIONS, *MILESTONE_ACTIONS)):
        raise ValueError(f"{action.describe()} is not an issue's change")
    return action.item_id
