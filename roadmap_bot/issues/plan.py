"""The sync plan: (desired roadmap, observed GitHub state) -> the writes that close the gap.

Pure. The same function serves a first sync, a re-sync, a rename and a removal; the dry
run prints its result; apply.py carries it out. Identical state gives an empty plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from roadmap_bot.issues import labels as L
from roadmap_bot.issues.actions import (
    KINDS,
    Action,
    AddBlockedBy,
    AddLabels,
    CloseRemoved,
    CreateIssue,
    CreateLabel,
    CreateMilestone,
    FillNumbers,
    Plan,
    RemoveBlockedBy,
    RemoveLabel,
    RemoveParent,
    SetParent,
    UpdateIssue,
    UpdateLabel,
)
from roadmap_bot.issues.body import Need, desired_body, marker_id, same_body, unfilled_numbers
from roadmap_bot.issues.matching import issues_by_item, match_items
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone, milestone_changes
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.issues.order import PlaceSubIssue, moves
from roadmap_bot.issues.requirements import link_changes, managed_issues
from roadmap_bot.issues.states import desired_states
from roadmap_bot.roadmap.model import PlacedItem, Roadmap
from roadmap_bot.roadmap.states import ItemState

__all__ = [
    "KINDS",
    "MAX_NESTING",
    "MAX_SUB_ISSUES",
    "MILESTONE_DESCRIPTION",
    "REMOVED_COMMENT",
    "REMOVED_COMMENT_MARKER",
    "Action",
    "AddBlockedBy",
    "AddLabels",
    "CloseMilestone",
    "CloseRemoved",
    "CreateIssue",
    "CreateLabel",
    "CreateMilestone",
    "FillNumbers",
    "PlaceSubIssue",
    "Plan",
    "RemoveBlockedBy",
    "RemoveLabel",
    "RemoveParent",
    "ReopenMilestone",
    "SetParent",
    "UpdateIssue",
    "UpdateLabel",
    "desired_labels",
    "linked_by",
    "plan",
]

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
