"""From issues to the state each README box should show, and the README brought in line.

Pure: the caller lists the issues (one paginated listing) and reads the README; these
functions say what every box should show and change only the lines that differ.

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
from dataclasses import dataclass, field

from roadmap_bot.checklist_line import ItemState
from roadmap_bot.model import Item, Roadmap
from roadmap_bot.observed import ObservedIssue
from roadmap_bot.readme_markers import checklist_bounds, missing_checklist
from roadmap_bot.readme_render import read_states, set_item_state

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


@dataclass(frozen=True)
class ReadmeChange:
    text: str
    # Roadmap ids whose line changed, in roadmap order.
    changed_ids: list[str] = field(default_factory=list)
    # Roadmap ids with a state but no line in the README (render brings them in).
    missing_ids: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changed_ids)


def reconcile_readme(
    text: str,
    roadmap: Roadmap,
    states: Mapping[str, ItemState],
    filename: str = "README.md",
) -> ReadmeChange:
    """The README with every item's box showing states[item id]; no other byte changes.

    An item's line is found by its id, else by one of its previous ids (a rename not yet
    rendered). Ids of states that the roadmap does not have are left alone.
    """
    if checklist_bounds(text.splitlines()) is None:
        raise missing_checklist(text.splitlines(), filename)
    current = read_states(text)
    changed: list[str] = []
    missing: list[str] = []
    for placed in roadmap.walk():
        wanted = states.get(placed.id)
        if wanted is None:
            continue
        line_id = next(
            (known for known in (placed.id, *placed.item.previous_ids) if known in current),
            None,
        )
        if line_id is None:
            missing.append(placed.id)
            continue
        if current[line_id] is wanted:
            continue
        result = set_item_state(text, line_id, wanted, filename)
        if result.changed:
            text = result.text
            changed.append(placed.id)
        current[line_id] = wanted
    return ReadmeChange(text, changed, missing)
