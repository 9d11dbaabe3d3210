"""What sync sees on GitHub, as plain data: the planner's second input.

The GitHub layer builds these from a few paginated listings; the planner never talks to
GitHub, so it can be tested with hand-made values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ObservedLabel:
    name: str
    color: str  # six hex digits, lowercase, no '#'
    description: str
    node_id: str = ""


@dataclass(frozen=True)
class ObservedMilestone:
    number: int
    title: str
    state: str  # open | closed
    description: str = ""
    node_id: str = ""
    open_issues: int = 0  # GitHub's count, every issue in it (the learner's own too)


@dataclass(frozen=True)
class ObservedIssue:
    number: int
    id: int  # the database id, which the sub-issues API takes
    node_id: str
    title: str
    body: str
    state: str  # open | closed
    state_reason: str | None  # completed | not_planned | reopened | duplicate | None
    labels: tuple[str, ...]
    milestone_number: int | None
    parent_number: int | None
    created_at: str = ""
    html_url: str = ""
    closed_at: str = ""  # ISO 8601, "" while open (or when the answer had none)
    # How many issues block this one, open and closed (GitHub's issue_dependencies_summary;
    # 0 where GitHub does not say).
    blocked_by_count: int = 0


@dataclass(frozen=True)
class ObservedDependencies:
    """The "blocked by" links of the bot's issues, read in bulk with them."""

    # issue number -> node ids of the issues that block it, in any repository
    blocked_by: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # issue number -> how many issues it blocks, and is blocked by (open and closed)
    total_blocking: Mapping[int, int] = field(default_factory=dict)
    total_blocked_by: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ObservedState:
    labels: tuple[ObservedLabel, ...] = ()
    milestones: tuple[ObservedMilestone, ...] = ()
    # Only the issues that bear the bot's label.
    issues: tuple[ObservedIssue, ...] = ()
    # False when labels and milestones were read off the issues rather than listed:
    # one not seen on any issue may still exist.
    complete: bool = True
    # Parent issue number -> its sub-issues' numbers in GitHub's order, for the parents
    # whose order was read (issues/order.py: parents_to_check).
    sub_issues: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    # None when not read: no item requires another and no issue of the bot is blocked.
    dependencies: ObservedDependencies | None = None


# A repository with nothing in it yet: what an offline dry run plans against.
EMPTY_REPOSITORY = ObservedState(dependencies=ObservedDependencies())
