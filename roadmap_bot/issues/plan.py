"""The sync plan: (desired roadmap, observed GitHub state) -> the writes that close the gap.

Pure. The same function serves a first sync, a re-sync, a rename and a removal; the dry
run prints its result; apply.py carries it out. Identical state gives an empty plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from roadmap_bot.issues import labels as L
from roadmap_bot.issues.body import Need, desired_body, marker_id, same_body, unfilled_numbers
from roadmap_bot.issues.matching import issues_by_item, match_items
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone, milestone_changes
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.issues.order import PlaceSubIssue, moves
from roadmap_bot.issues.requirements import link_changes, managed_issues
from roadmap_bot.issues.states import desired_states
from roadmap_bot.roadmap.model import PlacedItem, Roadmap
from roadmap_bot.roadmap.states import ItemState

# GitHub's limits on sub-issues.
MAX_SUB_ISSUES = 100
MAX_NESTING = 8
MILESTONE_DESCRIPTION = "A section of roadmap.yaml, kept in step by roadmap-bot."
REMOVED_COMMENT = (
    "This item is no longer in `roadmap.yaml`, so roadmap-bot closed this issue as not "
    "planned. Nothing was deleted: add the item back to `roadmap.yaml` and the next sync "
    "reopens this issue.\n\n<!-- roadmap-bot:removed -->"
)
REMOVED_COMMENT_MARKER = "<!-- roadmap-bot:removed -->"


# --- actions -----------------------------------------------------------------------------


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


# --- planning ----------------------------------------------------------------------------


def plan(
    roadmap: Roadmap,
    observed: ObservedState,
    readme_states: Mapping[str, ItemState] | None = None,
) -> Plan:
    """readme_states: the README's boxes, by item id: an item without an issue whose box
    is finished gets its issue created closed (parents follow their children's rule)."""
    warnings: list[str] = []
    start_states = desired_states(roadmap, {}, fallback=readme_states) if readme_states else {}
    issues, duplicates = issues_by_item(observed.issues)
    for item_id, extra in duplicates.items():
        kept = issues[item_id].number
        others = ", ".join(f"#{issue.number}" for issue in extra)
        warnings.append(
            f"issues {others} carry the same item marker as #{kept} [{item_id}]: "
            f"keeping #{kept}, the oldest; close the others by hand"
        )
    placed_items = list(roadmap.walk())
    matched = match_items(placed_items, issues)
    matched_numbers = {issue.number for issue in matched.values()}
    removed = [issue for issue in issues.values() if issue.number not in matched_numbers]
    actions: list[Action] = []
    actions += _label_actions(observed, needs_removed=any(i.state == "open" for i in removed))
    have = {milestone.title for milestone in observed.milestones}
    actions += [CreateMilestone(s.title) for s in roadmap.sections if s.title not in have]
    reopens, milestone_closes = milestone_changes(roadmap, observed, matched, MILESTONE_DESCRIPTION)
    actions += reopens
    linkable = _linkable_parents(placed_items, warnings)
    milestone_titles = {m.number: m.title for m in observed.milestones}
    numbers = {item_id: issue.number for item_id, issue in matched.items()}
    managed_numbers = {issue.number for issue in issues.values()}
    by_id = {placed.id: placed for placed in placed_items}
    links = link_changes(
        placed_items, matched, managed_issues(observed.issues), observed.dependencies
    )
    warnings += links.warnings
    # Links no requirement asks for any more go first: the body that lists them (the
    # bot's record that it made them) is rewritten only after, so a crash between the two
    # leaves a record, and the next run still knows the link is the bot's to remove.
    actions += [
        RemoveBlockedBy(u.number, u.issue_id, u.blocking_number, u.blocking_id)
        for u in links.remove
    ]
    unchanged: set[str] = set()
    for placed in placed_items:
        issue = matched.get(placed.id)
        parent_id = placed.parent_id if placed.id in linkable else None
        needs = [
            Need(r, by_id[r].item.title, numbers.get(r)) for r in placed.item.requires if r in by_id
        ]
        if issue is None:
            state = start_states.get(placed.id, ItemState.TODO)
            actions.append(_create(placed, parent_id, state, needs))
            continue
        item_actions = _issue_actions(
            placed, issue, parent_id, numbers, managed_numbers, milestone_titles, needs
        )
        actions += item_actions
        if not item_actions and placed.id not in links.touched:
            unchanged.add(placed.id)
    placing = moves(roadmap, matched, linked_by(actions), observed.sub_issues)
    actions += placing
    unchanged -= {move.item_id for move in placing}
    actions += [
        CloseRemoved(marker_id(issue.body) or "", issue.number)
        for issue in removed
        if issue.state == "open"
    ]
    actions += milestone_closes
    actions += _fill_numbers(actions)
    actions += [AddBlockedBy(item_id, need) for item_id, need in links.add]
    return Plan(tuple(actions), len(unchanged), tuple(warnings), matched)


def linked_by(actions: tuple[Action, ...] | list[Action]) -> list[str]:
    """The items the actions make sub-issues of their parent, in order."""
    return [
        a.item_id
        for a in actions
        if isinstance(a, SetParent) or (isinstance(a, CreateIssue) and a.parent_item_id)
    ]


def _fill_numbers(actions: list[Action]) -> list[Action]:
    """Bodies that list a requirement whose issue this plan makes later: written again,
    with its number, once it exists."""
    made_at = {a.item_id: i for i, a in enumerate(actions) if isinstance(a, CreateIssue)}
    fills: list[Action] = []
    for index, action in enumerate(actions):
        if isinstance(action, CreateIssue | UpdateIssue) and action.body is not None:
            later = [n for n in unfilled_numbers(action.body) if made_at.get(n, -1) > index]
            if later:
                fills.append(FillNumbers(action.item_id, action.body))
    return fills


def _label_actions(observed: ObservedState, *, needs_removed: bool) -> list[Action]:
    have = {label.name.lower(): label for label in observed.labels}
    wanted = [*L.STANDARD_LABELS, *([L.REMOVED] if needs_removed else [])]
    actions: list[Action] = []
    for spec in wanted:
        label = have.get(spec.name.lower())
        if label is None:
            actions.append(CreateLabel(spec))
        elif (label.color.lower(), label.description or "") != (spec.color, spec.description):
            actions.append(UpdateLabel(spec))
    return actions


def _linkable_parents(placed_items: list[PlacedItem], warnings: list[str]) -> set[str]:
    """Items that can be sub-issues of their parent within GitHub's limits."""
    linkable: set[str] = set()
    per_parent: dict[str, int] = defaultdict(int)
    for placed in placed_items:
        if placed.parent is None:
            continue
        if placed.depth >= MAX_NESTING:
            warnings.append(
                f"[{placed.id}] is nested {placed.depth + 1} levels deep; GitHub allows "
                f"{MAX_NESTING} levels of sub-issues, so it is not linked to its parent"
            )
            continue
        per_parent[placed.parent.id] += 1
        if per_parent[placed.parent.id] > MAX_SUB_ISSUES:
            warnings.append(
                f"[{placed.id}] is child {per_parent[placed.parent.id]} of "
                f"[{placed.parent.id}]; GitHub allows {MAX_SUB_ISSUES} sub-issues per issue, "
                "so it is not linked to its parent"
            )
            continue
        linkable.add(placed.id)
    return linkable


def desired_labels(placed: PlacedItem) -> set[str]:
    item = placed.item
    wanted = {L.MANAGED_LABEL}
    if item.difficulty is not None:
        wanted.add(L.difficulty_label(item.difficulty))
    if item.importance is not None:
        wanted.add(L.importance_label(item.importance))
    return wanted


def _create(
    placed: PlacedItem, parent_id: str | None, state: ItemState, needs: list[Need]
) -> CreateIssue:
    return CreateIssue(
        item_id=placed.id,
        title=placed.item.title,
        body=desired_body(placed, needs=needs),
        labels=tuple(sorted(desired_labels(placed))),
        milestone=placed.section.title,
        parent_item_id=parent_id,
        state=state,
    )


def _issue_actions(
    placed: PlacedItem,
    issue: ObservedIssue,
    parent_id: str | None,
    numbers: dict[str, int],
    managed_numbers: set[int],
    milestone_titles: dict[int, str],
    needs: list[Need],
) -> list[Action]:
    actions: list[Action] = []
    body = desired_body(placed, issue.body, needs)
    reopen = issue.state == "closed" and L.REMOVED_LABEL in issue.labels
    current_milestone = milestone_titles.get(issue.milestone_number or -1)
    update = UpdateIssue(
        item_id=placed.id,
        number=issue.number,
        title=placed.item.title if placed.item.title != issue.title else None,
        body=None if same_body(body, issue.body) else body,
        milestone=placed.section.title if current_milestone != placed.section.title else None,
        reopen=reopen,
    )
    if update.fields():
        actions.append(update)
    wanted = desired_labels(placed)
    have = set(issue.labels)
    missing = tuple(sorted(wanted - have))
    if missing:
        actions.append(AddLabels(placed.id, issue.number, missing))
    stale = sorted((have & L.ITEM_FACT_LABELS) - wanted)
    if reopen:
        stale.append(L.REMOVED_LABEL)
    actions += [RemoveLabel(placed.id, issue.number, name) for name in stale]
    if parent_id is not None:
        if issue.parent_number is None or issue.parent_number != numbers.get(parent_id):
            actions.append(SetParent(placed.id, issue.number, parent_id))
    elif issue.parent_number is not None and issue.parent_number in managed_numbers:
        actions.append(RemoveParent(placed.id, issue.number, issue.parent_number))
    return actions
