"""What a run did, for the step outputs and the job summary: each number counts what its
name says (issues are issues; labels, milestones, README boxes and board changes have
words of their own), and a run stopped early says so, with what is left."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_bot.issues.tally import Tally
from roadmap_bot.readme.burnup import BurnUp
from roadmap_bot.readme.progress import Progress
from roadmap_bot.roadmap.model import PlacedItem
from roadmap_bot.text import plural


@dataclass
class JobReport:
    created: int = 0  # issues created
    updated: int = 0  # issues changed (title, body, labels, milestone, parent, order)
    closed: int = 0  # issues closed: items removed, boxes ticked by hand, parents completed
    reopened: int = 0  # issues reopened: items back, boxes unticked by hand
    remaining: int = 0  # issues still to create or change (the roadmap's items)
    without_issue: int = 0  # of those, items that have no issue yet
    labels: int = 0  # labels created or updated
    milestones: int = 0  # milestones created, closed or reopened
    boxes: int = 0  # README boxes changed
    board: int = 0  # board changes made (fields, cards added, values set or cleared)
    board_remaining: int = 0  # board changes left for the next run
    # One line per part of the run that stopped early (a rate limit, --max-writes).
    stops: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    progress: Progress | None = None
    burnup: BurnUp | None = None  # when the issues' close dates are known
    next_up: tuple[PlacedItem, ...] = ()  # what to learn next, for the job summary

    @property
    def stopped(self) -> bool:
        return bool(self.stops)

    def add_issues(self, tally: Tally) -> None:
        self.created += tally.created
        self.updated += tally.updated
        self.closed += tally.closed
        self.reopened += tally.reopened
        self.labels += tally.labels
        self.milestones += tally.milestones
        self.changes += tally.words()

    def outputs(self) -> dict[str, object]:
        percent = self.progress.overall.whole_percent if self.progress else ""
        return {
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "reopened": self.reopened,
            "remaining": self.remaining,
            "without-issue": self.without_issue,
            "labels": self.labels,
            "milestones": self.milestones,
            "boxes": self.boxes,
            "board": self.board,
            "board-remaining": self.board_remaining,
            "stopped": "true" if self.stopped else "false",
            "progress": percent,
        }

    def left(self) -> str:
        """What the next run has to do, in words ("" when nothing)."""
        parts = []
        if self.without_issue:
            parts.append(f"{plural(self.without_issue, 'item')} still without an issue")
        others = self.remaining - self.without_issue
        if others:
            parts.append(f"{plural(others, 'issue')} still to change")
        if self.board_remaining:
            parts.append(f"{plural(self.board_remaining, 'board change')} left")
        return ", ".join(parts)

    def stop_notice(self) -> str | None:
        """The job summary's words for a run stopped early, None when it finished."""
        if not self.stopped:
            return None
        left = self.left()
        what = f" Left for the next run: {left}." if left else ""
        return (
            "This run stopped early: "
            + "; ".join(self.stops)
            + f".{what} The next run (the nightly one at the latest) goes on where this one "
            "stopped; nothing will be duplicated."
        )
