"""Which issue stands for which roadmap item: by marker, else a previous id; the oldest of twins."""

from __future__ import annotations

from collections import defaultdict

from roadmap_bot.issues.body import marker_id
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import PlacedItem, Roadmap


def match_issues(
    roadmap: Roadmap, observed_issues: tuple[ObservedIssue, ...]
) -> dict[str, ObservedIssue]:
    """Each roadmap item's issue (by marker, else a previous id; the oldest of twins)."""
    issues, _ = issues_by_item(observed_issues)
    return match_items(list(roadmap.walk()), issues)


def issues_by_item(
    observed: tuple[ObservedIssue, ...],
) -> tuple[dict[str, ObservedIssue], dict[str, list[ObservedIssue]]]:
    """The oldest issue per marker, and the duplicates beside it."""
    grouped: dict[str, list[ObservedIssue]] = defaultdict(list)
    for issue in observed:
        item_id = marker_id(issue.body)
        if item_id:  # never touch an issue without the marker
            grouped[item_id].append(issue)
    kept: dict[str, ObservedIssue] = {}
    duplicates: dict[str, list[ObservedIssue]] = {}
    for item_id, group in grouped.items():
        group.sort(key=lambda issue: issue.number)
        kept[item_id] = group[0]
        if len(group) > 1:
            duplicates[item_id] = group[1:]
    return kept, duplicates


def match_items(
    placed_items: list[PlacedItem], issues: dict[str, ObservedIssue]
) -> dict[str, ObservedIssue]:
    """Each item's issue: by its id, else by one of its previous ids."""
    matches: dict[str, ObservedIssue] = {}
    taken: set[int] = set()
    for placed in placed_items:
        for known_as in (placed.id, *placed.item.previous_ids):
            issue = issues.get(known_as)
            if issue is not None and issue.number not in taken:
                matches[placed.id] = issue
                taken.add(issue.number)
                break
    return matches
