"""The actions a sync plan is made of, small frozen dataclasses, each able to say what it
does (the dry run prints them), and the plan that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_bot.issues import labels as L
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.order import PlaceSubIssue
from roadmap_bot.roadmap.states import ItemState


@dataclass(frozen=True)
class CreateLabel:
    spec: L.LabelSpec
    kind = "create"

    def describe(self) -> str:
        return f"create label '{self.spec.name}'"


@dataclass(frozen=True)
class UpdateLabel:
    spec: L.LabelSpec
    kind = "update"

    def describe(self) -> str:
        return f"update label '{self.spec.name}' (colour, description)"


@dataclass(frozen=True)
class CreateMilestone:
    title: str
    kind = "create"

    def describe(self) -> str:
        return f"create milestone '{self.title}'"


@dataclass(frozen=True)
class CreateIssue:
    item_id: str
    title: str
    body: str
    labels: tuple[str, ...]
    milestone: str
    parent_item_id: str | None
    # A finished item (its box ticked in the README before it had an issue) is created
    # closed, so that milestones, board and progress are right from the first sync.
    state: ItemState = ItemState.TODO
    kind = "create"

    def describe(self) -> str:
        closed = {
            ItemState.DONE: ", closed as completed",
            ItemState.SKIPPED: ", closed as not planned",
        }
        return f"create issue '{self.title}' [{self.item_id}]{closed.get(self.state, '')}"


@dataclass(frozen=True)
class UpdateIssue:
    """Only the fields that differ are set; None means leave as it is."""

    item_id: str
    number: int
    title: str | None = None
    body: str | None = None
    milestone: str | None = None
    reopen: bool = False
    kind = "update"

    def fields(self) -> list[str]:
        names = ["title", "body", "milestone"]
        out = [name for name in names if getattr(self, name) is not None]
        return [*out, "state"] if self.reopen else out

    def describe(self) -> str:
        verb = "reopen" if self.reopen else "update"
        return f"{verb} issue #{self.number} [{self.item_id}]: {', '.join(self.fields())}"


@dataclass(frozen=True)
class AddLabels:
    item_id: str
    number: int
    names: tuple[str, ...]
    kind = "update"

    def describe(self) -> str:
        return f"label issue #{self.number} [{self.item_id}]: +{', +'.join(self.names)}"


@dataclass(frozen=True)
class RemoveLabel:
    item_id: str
    number: int
    name: str
    kind = "update"

    def describe(self) -> str:
        return f"label issue #{self.number} [{self.item_id}]: -{self.name}"


@dataclass(frozen=True)
class SetParent:
    item_id: str
    number: int
    parent_item_id: str
    kind = "update"

    def describe(self) -> str:
        return f"make issue #{self.number} [{self.item_id}] a sub-issue of [{self.parent_item_id}]"


@dataclass(frozen=True)
class RemoveParent:
    item_id: str
    number: int
    parent_number: int
    kind = "update"

    def describe(self) -> str:
        return f"take issue #{self.number} [{self.item_id}] out of #{self.parent_number}"


@dataclass(frozen=True)
class FillNumbers:
    """Write into a new body the numbers of required issues made after it."""

    item_id: str
    body: str
    kind = "update"

    def describe(self) -> str:
        return f"update issue [{self.item_id}]: body (the numbers of what it needs)"


@dataclass(frozen=True)
class AddBlockedBy:
    item_id: str
    blocking_item_id: str
    kind = "update"

    def describe(self) -> str:
        return f"mark issue [{self.item_id}] as blocked by [{self.blocking_item_id}]"


@dataclass(frozen=True)
class RemoveBlockedBy:
    number: int
    issue_id: str
    blocking_number: int
    blocking_id: str
    kind = "update"

    def describe(self) -> str:
        return f"issue #{self.number} no longer blocked by #{self.blocking_number}"


@dataclass(frozen=True)
class CloseRemoved:
    item_id: str
    number: int
    kind = "close"

    def describe(self) -> str:
        return (
            f"close issue #{self.number} [{self.item_id}] as not planned: removed from roadmap.yaml"
        )


Action = (
    CreateLabel
    | UpdateLabel
    | CreateMilestone
    | ReopenMilestone
    | CloseMilestone
    | CreateIssue
    | UpdateIssue
    | AddLabels
    | RemoveLabel
    | SetParent
    | RemoveParent
    | PlaceSubIssue
    | CloseRemoved
    | FillNumbers
    | AddBlockedBy
    | RemoveBlockedBy
)
KINDS = ("create", "update", "close")


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]
    # Items whose issue needs nothing.
    unchanged: int
    warnings: tuple[str, ...] = ()
    # item id -> the issue that stands for it (before this plan runs).
    issues: dict[str, ObservedIssue] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for action in self.actions:
            counts[action.kind] += 1
        return {**counts, "unchanged": self.unchanged}

    def __bool__(self) -> bool:
        return bool(self.actions)
