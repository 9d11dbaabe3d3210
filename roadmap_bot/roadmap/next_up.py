"""What a learner would take next: the open items, most important first, easier first
among equals, roadmap order last. Pure; the progress page and any other view share it.

Only items a learner can take now are candidates: open (to do) items with no open child
(a parent is finished through its children, so its open children come first).
"""

from __future__ import annotations

from collections.abc import Mapping

from roadmap_bot.roadmap.model import Difficulty, PlacedItem, Roadmap
from roadmap_bot.roadmap.states import ItemState

# Easier first; an item without a difficulty after the hard ones.
_DIFFICULTY_RANK = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2, None: 3}


def _rank(placed: PlacedItem, position: int) -> tuple[int, int, int]:
    importance = placed.item.importance
    # Most important first; an item without an importance after those of zero stars.
    return (
        -(importance if importance is not None else -1),
        _DIFFICULTY_RANK[placed.item.difficulty],
        position,
    )


def next_items(roadmap: Roadmap, states: Mapping[str, ItemState], count: int) -> list[PlacedItem]:
    """Up to ``count`` open items, in the order to take them. ``states`` by item id (the
    roadmap's ids); an item missing from it is to do."""

    def is_open(item_id: str) -> bool:
        return states.get(item_id, ItemState.TODO) is ItemState.TODO

    candidates = [
        (placed, position)
        for position, placed in enumerate(roadmap.walk())
        if is_open(placed.id) and not any(is_open(child.id) for child in placed.item.children)
    ]
    candidates.sort(key=lambda pair: _rank(*pair))
    return [placed for placed, _ in candidates[: max(count, 0)]]
