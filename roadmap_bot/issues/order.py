"""Sub-issues in roadmap order under their parent. Pure.

GitHub appends a new sub-issue last. Issues made in roadmap order, each linked as it is
made, stand in order; a child added later in the middle, a child moved from another
parent, a reordered roadmap, or a run cut short between a link and its move do not. Their
parents are the ones worth a read of the sub-issue list (one request each): those whose
linked children's numbers do not rise in roadmap order, and those about to get a child
that is not their last (`parents_to_check`). For a parent whose list was read, the plan
moves the children that stand out of order (`moves`), one reprioritize each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import Roadmap


@dataclass(frozen=True)
class PlaceSubIssue:
    """Move a sub-issue right after a sibling (or, when it comes first, before one)."""

    item_id: str
    parent_item_id: str
    after_item_id: str | None
    before_item_id: str | None
    kind = "update"

    def describe(self) -> str:
        where = (
            f"after [{self.after_item_id}]"
            if self.after_item_id is not None
            else f"before [{self.before_item_id}]"
        )
        return f"move sub-issue [{self.item_id}] of [{self.parent_item_id}] {where}"


def _linked_children(
    roadmap: Roadmap,
    issues: Mapping[str, ObservedIssue],
    linking: Sequence[str],
) -> dict[str, tuple[list[str], list[str]]]:
    """parent item id -> (its children linked now, in roadmap order; those the plan links,
    in plan order), for parents with an issue."""
    linking_set = set(linking)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for placed in roadmap.walk():
        parent = issues.get(placed.id)
        if parent is None or not placed.item.children:
            continue
        linked = [
            child.id
            for child in placed.item.children
            if child.id not in linking_set
            and (issue := issues.get(child.id)) is not None
            and issue.parent_number == parent.number
        ]
        children = {child.id for child in placed.item.children}
        out[placed.id] = (linked, [c for c in linking if c in children])
    return out


def parents_to_check(
    roadmap: Roadmap, issues: Mapping[str, ObservedIssue], linking: Sequence[str]
) -> list[int]:
    """The numbers of the parents whose sub-issue list is worth reading (see above).

    issues: each item's issue; linking: the items the plan makes sub-issues of their
    parent (created with one, or set), in plan order."""
    numbers = []
    by_id = roadmap.items_by_id()  # once: a walk of the whole roadmap
    for parent_id, (linked, added) in _linked_children(roadmap, issues, linking).items():
        wanted = [c.id for c in by_id[parent_id].item.children]
        rising = [issues[c].number for c in linked]
        after = sorted([*linked, *added], key=wanted.index)
        appended_in_order = after == [*linked, *added]
        if rising != sorted(rising) or not appended_in_order:
            numbers.append(issues[parent_id].number)
    return numbers


def moves(
    roadmap: Roadmap,
    issues: Mapping[str, ObservedIssue],
    linking: Sequence[str],
    sub_issues: Mapping[int, Sequence[int]],
) -> list[PlaceSubIssue]:
    """The moves that put the read parents' sub-issues in roadmap order, once the plan's
    links are made (each appended last). sub_issues: parent number -> its sub-issues'
    numbers as GitHub lists them (read for `parents_to_check`)."""
    out: list[PlaceSubIssue] = []
    by_number = {issue.number: item_id for item_id, issue in issues.items()}
    by_id = roadmap.items_by_id()
    for parent_id, (linked, added) in _linked_children(roadmap, issues, linking).items():
        listed = sub_issues.get(issues[parent_id].number)
        if listed is None:
            continue
        ours = set(linked)
        current = [by_number[n] for n in listed if by_number.get(n) in ours]
        current += [c for c in linked if c not in current] + added
        wanted = [c.id for c in by_id[parent_id].item.children]
        target = sorted(current, key=wanted.index)
        for index, child in enumerate(target):
            if current.index(child) == index:
                continue
            current.remove(child)
            current.insert(index, child)
            after = target[index - 1] if index > 0 else None
            before = current[index + 1] if index == 0 else None
            out.append(PlaceSubIssue(child, parent_id, after, before))
    return out
