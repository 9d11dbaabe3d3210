"""Which "blocked by" links sync adds and removes: one per requirement in roadmap.yaml (the
item's issue is blocked by each required item's issue), within GitHub's cap per issue.

A link is the bot's business only when it made it: both issues are roadmap issues (they
carry an item marker) and the blocked issue's managed block lists the other under "Needs".
Such a link that no requirement asks for any more is removed. Every other link was made by
hand (with the learner's own issues, or between two roadmap issues) and is never touched.
Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from roadmap_bot.issues.body import listed_needs, marker_id
from roadmap_bot.issues.observed import ObservedDependencies, ObservedIssue
from roadmap_bot.roadmap.model import PlacedItem

# GitHub links "up to 50 issues for each relationship type" (changelog, 2025-08-21,
# "Dependencies on issues are now generally available"): blocked by 50, blocking 50.
MAX_LINKS_PER_ISSUE = 50
NO_DEPENDENCIES_WARNING = (
    "this GitHub has no issue dependencies (GitHub Enterprise Server before them): the "
    "requirements are listed in the issue bodies only"
)


@dataclass(frozen=True)
class Unlink:
    """A link between two roadmap issues that no requirement asks for."""

    number: int
    issue_id: str
    blocking_number: int
    blocking_id: str


@dataclass
class LinkChanges:
    # (item id, required item id), in roadmap order
    add: list[tuple[str, str]] = field(default_factory=list)
    remove: list[Unlink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The items whose issue gains or loses a link
    touched: set[str] = field(default_factory=set)


def link_changes(
    placed_items: Sequence[PlacedItem],
    matched: Mapping[str, ObservedIssue],
    managed: Sequence[ObservedIssue],
    links: ObservedDependencies | None,
) -> LinkChanges:
    """What to add and remove so that the links match the requirements.

    ``matched`` maps item ids to their issues, ``managed`` is every issue with an item
    marker (removed items' too), ``links`` what GitHub holds (None: not read, since no
    item requires another and no roadmap issue is blocked by anything, or this GitHub has
    no issue dependencies).
    """
    changes = LinkChanges()
    # (validate refuses an id that names no item; a roadmap built in code may hold one)
    ids = {placed.id for placed in placed_items}
    wanted = [(p.id, need) for p in placed_items for need in p.item.requires if need in ids]
    if links is None:
        if wanted:
            changes.warnings.append(NO_DEPENDENCIES_WARNING)
        return changes
    by_node = {issue.node_id: issue for issue in managed}
    item_of = {issue.node_id: item_id for item_id, issue in matched.items()}
    asked = set(wanted)
    for blocked in managed:
        for blocking_id in links.blocked_by.get(blocked.number, ()):
            blocker = by_node.get(blocking_id)
            if blocker is None or blocker.number not in listed_needs(blocked.body):
                continue  # made by hand: with the learner's own issue, or between two of ours
            pair = (item_of.get(blocked.node_id), item_of.get(blocking_id))
            if pair not in asked:
                changes.remove.append(
                    Unlink(blocked.number, blocked.node_id, blocker.number, blocker.node_id)
                )
                changes.touched.add(pair[0] or "")
    # How many links each issue has after this plan: by issue number, or by item id for an
    # issue not made yet.
    blocked_by: Counter[int | str] = Counter(links.total_blocked_by)
    blocking: Counter[int | str] = Counter(links.total_blocking)
    for unlink in changes.remove:
        blocked_by[unlink.number] -= 1
        blocking[unlink.blocking_number] -= 1
    for item_id, need in wanted:
        issue, required = matched.get(item_id), matched.get(need)
        if issue and required and required.node_id in links.blocked_by.get(issue.number, ()):
            continue
        key = issue.number if issue else item_id
        required_key = required.number if required else need
        if blocked_by[key] >= MAX_LINKS_PER_ISSUE:
            full = "be blocked by"
        elif blocking[required_key] >= MAX_LINKS_PER_ISSUE:
            full = "block"
        else:
            full = ""
        if full:
            changes.warnings.append(
                f"[{item_id}] requires [{need}], but GitHub lets one issue {full} at most "
                f"{MAX_LINKS_PER_ISSUE} others: the issue is not marked as blocked (the "
                "requirement still shows in its body)"
            )
            continue
        changes.add.append((item_id, need))
        changes.touched.add(item_id)
        blocked_by[key] += 1
        blocking[required_key] += 1
    return changes


def managed_issues(issues: Sequence[ObservedIssue]) -> list[ObservedIssue]:
    """The issues that carry an item marker: the roadmap's, removed items' included."""
    return [issue for issue in issues if marker_id(issue.body)]
