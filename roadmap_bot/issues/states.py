"""From issues to the state each README box should show (readme_sync.py writes them).

Pure: the caller lists the issues (one paginated listing); these functions say what
every box should show.

The states:
- an issue open is TODO; closed as not planned is SKIPPED; closed otherwise (completed,
  duplicate, or no reason given) is DONE;
- an item without an issue keeps the state it has (the README's), TODO when unknown;
- a parent (an item with children, `complete_with_children` true, the default) follows its
  children, bottom-up: DONE when every child is DONE or SKIPPED and at least one is DONE,
  SKIPPED when every child is SKIPPED, TODO as soon as one child is TODO, whatever its own
  issue says; a parent whose own state is SKIPPED (closed as not planned) stays SKIPPED.
  With `complete_with_children: false` a parent follows its own issue only.
"""

from __future__ import annotations

from collections.abc import Mapping

from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import Item, Roadmap
from roadmap_bot.roadmap.states import ItemState

NOT_PLANNED = "not_planned"


def issue_state(issue: ObservedIssue) -> ItemState:
    """What an item's box shows for its issue alone."""
    if issue.state != "closed":
        return ItemState.TODO
    if issue.state_reason == NOT_PLANNED:
        return ItemState.SKIPPED
    return ItemState.DONE


def desired_states(
    roadmap: Roadmap,
    issues_by_item: Mapping[str, ObservedIssue],
    fallback: Mapping[str, ItemState] | None = None,
) -> dict[str, ItemState]:
    """The state of every item of the roadmap, in roadmap order, parents after their rule.

    issues_by_item: each item's issue, by the roadmap's item id (`Plan.matched`).
    fallback: the state of items without an issue (the README's boxes), TODO when absent.
    """
    fallback = fallback or {}
    out: dict[str, ItemState] = {}

    def own_state(item: Item) -> ItemState:
        issue = issues_by_item.get(item.id)
        if issue is not None:
            return issue_state(issue)
        return fallback.get(item.id, ItemState.TODO)

    def resolve(item: Item) -> ItemState:
        children = [resolve(child) for child in item.children]
        own = own_state(item)
        if own is ItemState.SKIPPED or not children or not item.complete_with_children:
            state = own
        else:
            state = parent_state(children)
        out[item.id] = state
        return state

    for section in roadmap.sections:
        for item in section.items:
            resolve(item)
    # resolve() fills children before parents: give the answer in roadmap order.
    return {placed.id: out[placed.id] for placed in roadmap.walk()}


def parent_state(children: list[ItemState]) -> ItemState:
    """A complete-with-children parent's state from its children's (at least one)."""
    if any(state is ItemState.TODO for state in children):
        return ItemState.TODO
    if any(state is ItemState.DONE for state in children):
        return ItemState.DONE
    return ItemState.SKIPPED
