"""From issues to the state each README box should show, and the parents to complete.

Pure: the caller lists the issues (one paginated listing); these functions say what
every box should show, and which parents' issues the bot closes for their children.

The rules (docs/sync.md says the same to learners):
- a box shows its own issue, parents and leaves alike: open is TODO; closed as not
  planned is SKIPPED; closed otherwise (completed, duplicate, or no reason given) is DONE;
- an item without an issue keeps the state it has (the README's), TODO when unknown;
- a parent (`complete_with_children` true, the default) whose issue is open, when one of
  its children has just finished (its state moved from to-do to done or skipped since the
  state last agreed) and all its children are now finished, at least one done: the bot
  closes the parent's issue as completed, so its box ticks. Only on that step: a parent
  reopened afterwards (or a child reopened) is left as it is, since the learner did it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import Item, Roadmap
from roadmap_bot.roadmap.states import ItemState

NOT_PLANNED = "not_planned"
FINISHED = (ItemState.DONE, ItemState.SKIPPED)


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
    """The state of every item of the roadmap, in roadmap order: its own issue's.

    issues_by_item: each item's issue, by the roadmap's item id (`Plan.matched`).
    fallback: the state of items without an issue (the README's boxes), TODO when absent.
    """
    fallback = fallback or {}
    out: dict[str, ItemState] = {}
    for placed in roadmap.walk():
        issue = issues_by_item.get(placed.id)
        out[placed.id] = (
            issue_state(issue) if issue is not None else fallback.get(placed.id, ItemState.TODO)
        )
    return out


def parents_to_complete(
    roadmap: Roadmap,
    states: Mapping[str, ItemState],
    agreed: Mapping[str, ItemState],
    with_issue: Collection[str],
) -> list[str]:
    """The parents whose issue the bot closes as completed now, children before parents.

    states: every item's state now; agreed: the state last agreed with GitHub (the
    README's record), TODO when absent; with_issue: the items that have an issue. A
    parent closed here counts as a child that has just finished for its own parent.
    """
    now = dict(states)
    out: list[str] = []

    def visit(item: Item) -> None:
        for child in item.children:
            visit(child)
        if not item.children or not item.complete_with_children or item.id not in with_issue:
            return
        if now.get(item.id) is not ItemState.TODO:
            return
        children = [now.get(child.id, ItemState.TODO) for child in item.children]
        if not all(state in FINISHED for state in children):
            return
        if ItemState.DONE not in children:
            return
        just_finished = any(
            agreed.get(child.id, ItemState.TODO) not in FINISHED for child in item.children
        )
        if just_finished:
            now[item.id] = ItemState.DONE
            out.append(item.id)

    for section in roadmap.sections:
        for item in section.items:
            visit(item)
    return out
