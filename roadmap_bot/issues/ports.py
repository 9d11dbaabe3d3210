"""What sync needs from GitHub, as a protocol: apply.py writes through it, and the GitHub
layer (githubapi/) implements it. Kept apart so that neither imports the other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from roadmap_bot.issues.labels import LabelSpec
from roadmap_bot.issues.observed import (
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedState,
)


@dataclass(frozen=True)
class IssueRef:
    number: int
    id: int
    node_id: str


@dataclass(frozen=True)
class CreatedIssue:
    ref: IssueRef
    labels: tuple[str, ...]
    milestone_number: int | None
    parent_number: int | None


# "Blocked by" changes sent in one request (aliased mutations).
LINKS_PER_REQUEST = 50


@dataclass(frozen=True)
class LinkChange:
    """A "blocked by" link wanted (``linked``) or not between two issues (node ids)."""

    issue_id: str
    blocking_id: str
    linked: bool


class Gateway(Protocol):
    """The writes sync needs, one GitHub request each unless said otherwise."""

    def writes(self) -> int: ...
    def repository_node_id(self) -> str: ...
    def create_label(self, spec: LabelSpec) -> ObservedLabel: ...
    def update_label(self, spec: LabelSpec) -> None: ...
    def create_milestone(self, title: str, description: str) -> ObservedMilestone: ...
    def set_milestone_state(self, number: int, state: str) -> None: ...
    def create_issue(
        self,
        *,
        repository_id: str,
        title: str,
        body: str,
        label_ids: list[str],
        milestone_id: str | None,
        parent_id: str | None,
        project_ids: Sequence[str] = (),
    ) -> CreatedIssue: ...
    def find_issue_by_marker(self, marker: str) -> ObservedIssue | None: ...
    def update_issue(self, number: int, fields: dict[str, object]) -> None: ...
    def add_labels(self, number: int, names: list[str]) -> None: ...
    def remove_label(self, number: int, name: str) -> None: ...
    def set_parent(self, parent_number: int, child_id: int) -> None: ...
    def remove_parent(self, parent_number: int, child_id: int) -> None: ...
    def place_sub_issue(
        self, parent_number: int, child_id: int, anchor_id: int, *, after: bool
    ) -> None:
        """Move a sub-issue (database ids) right after, or before, another of the parent."""
        ...

    def change_links(self, changes: list[LinkChange]) -> None:
        """Up to LINKS_PER_REQUEST "blocked by" changes in one request; a change already
        made (a retry, or by hand) is fine."""
        ...

    def has_comment(self, number: int, marker: str) -> bool: ...
    def create_comment(self, number: int, body: str) -> None: ...


class Observer(Protocol):
    """The reads sync needs: a few paginated listings, never one request per item."""

    def observe(self) -> ObservedState:
        """The issues bearing the bot's label (state all), with the labels and milestones
        they carry, or all labels and milestones (then ``complete`` is True)."""
        ...

    def complete(
        self, observed: ObservedState, *, labels: bool = True, milestones: bool = True
    ) -> ObservedState:
        """observed with every label (``labels``) and every milestone (``milestones``) of
        the repository listed."""
        ...

    def sub_issue_numbers(self, parent_number: int) -> list[int]:
        """The numbers of an issue's sub-issues, in GitHub's order (paginated)."""
        ...

    def dependencies(self, observed: ObservedState) -> ObservedState:
        """observed with the "blocked by" links of the bot's issues: read with them by
        observe() (no request more), else one paginated read."""
        ...

    def marker_issues(self) -> list[ObservedIssue]:
        """Every issue (state all, any label) whose body carries an item marker: asked
        before creating, so that an issue whose label was taken off is not made twice
        (observe() read them already, while nothing has been written since)."""
        ...
