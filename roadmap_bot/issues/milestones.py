"""The milestones of sections that left roadmap.yaml, and came back. Pure.

A section's milestone is never deleted (its closed issues keep their history there): when
its section leaves the roadmap (renamed, merged, removed) it is closed once no open issue
stays in it; when the section comes back, the same milestone opens again. Creating the
milestones of new sections is the plan's (issues/plan.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.issues.labels import REMOVED_LABEL
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.roadmap.model import Roadmap


@dataclass(frozen=True)
class ReopenMilestone:
    """A section's milestone, closed when the section left roadmap.yaml: it is back."""

    number: int
    title: str
    kind = "update"

    def describe(self) -> str:
        return f"reopen milestone '{self.title}' (its section is back in roadmap.yaml)"


@dataclass(frozen=True)
class CloseMilestone:
    """The milestone of a section no longer in roadmap.yaml, left with no open issue."""

    number: int
    title: str
    kind = "close"

    def describe(self) -> str:
        return f"close milestone '{self.title}' (its section left roadmap.yaml)"


def _open_after(issue: ObservedIssue | None) -> bool:
    """Whether an item's issue is open after the plan (made, reopened, or open now)."""
    return issue is None or issue.state == "open" or REMOVED_LABEL in issue.labels


def milestone_changes(
    roadmap: Roadmap,
    observed: ObservedState,
    matched: Mapping[str, ObservedIssue],
    description: str,
) -> tuple[list[ReopenMilestone], list[CloseMilestone]]:
    """(milestones to reopen, before the issues move in; to close, after they moved out).

    A closed milestone of a section in the roadmap that will hold an open issue is
    reopened: its section came back (one the learner closed with all its issues closed
    stays closed). An open milestone of roadmap-bot's (``description``) whose section left
    the roadmap is closed once no open issue stays in it: the plan moves the roadmap's
    issues to their sections' milestones or closes them; any other open issue keeps it."""
    busy = {p.section.title for p in roadmap.walk() if _open_after(matched.get(p.id))}
    have = {milestone.title: milestone for milestone in observed.milestones}
    reopens = [
        ReopenMilestone(milestone.number, milestone.title)
        for section in roadmap.sections
        if (milestone := have.get(section.title)) is not None
        and milestone.state == "closed"
        and section.title in busy
    ]
    titles = {section.title for section in roadmap.sections}
    leaving: dict[int, int] = defaultdict(int)
    for issue in observed.issues:
        if issue.state == "open" and issue.milestone_number is not None:
            leaving[issue.milestone_number] += 1
    closes = [
        CloseMilestone(m.number, m.title)
        for m in observed.milestones
        if m.state == "open"
        and m.title not in titles
        and m.description == description
        and m.open_issues <= leaving[m.number]
    ]
    return reopens, closes
