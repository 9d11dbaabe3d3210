"""What to learn next: the open items whose requirements are all finished.

An item's requirements are its own `requires:` and those of its parents (a child of
Kubernetes waits for what Kubernetes waits for). A parent finished by its children is
not suggested itself: its children are. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from roadmap_bot.roadmap.model import (
    DIFFICULTY_EMOJI,
    STAR,
    TITLE_MAX_LENGTH,
    Difficulty,
    PlacedItem,
    Roadmap,
)
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import quote

FINISHED = frozenset({ItemState.DONE, ItemState.SKIPPED})
# Easier first; an item without a difficulty after the hard ones.
_EASE = {Difficulty.EASY: 0, Difficulty.MEDIUM: 1, Difficulty.HARD: 2}


def next_items(roadmap: Roadmap, states: Mapping[str, ItemState], count: int) -> list[PlacedItem]:
    """Up to ``count`` open items whose requirements are all finished (done or skipped):
    most important first, easier first among equals, roadmap order last. An item absent
    from ``states`` is open."""
    return ready_items(roadmap, states)[: max(count, 0)]


def ready_items(roadmap: Roadmap, states: Mapping[str, ItemState]) -> list[PlacedItem]:
    """Every open item whose requirements are all finished, in the order of next_items."""
    placed_items = list(roadmap.walk())
    by_id = {placed.id: placed for placed in placed_items}
    ready = [
        (index, placed)
        for index, placed in enumerate(placed_items)
        if states.get(placed.id, ItemState.TODO) is ItemState.TODO
        and not _finished_by_children(placed)
        and all(states.get(need) in FINISHED for need in requirements(placed, by_id))
    ]
    ready.sort(key=lambda entry: (*_rank(entry[1]), entry[0]))
    return [placed for _index, placed in ready]


def requirements(placed: PlacedItem, by_id: Mapping[str, PlacedItem]) -> list[str]:
    """The ids an item waits for: its own requirements, then its parents' (but for the
    item itself and its parents: a parent that requires one of its own children does not
    make that child wait for itself)."""
    needs = list(placed.item.requires)
    lineage = {placed.id}
    inherited: list[str] = []
    parent = placed.parent
    while parent is not None:
        lineage.add(parent.id)
        inherited += parent.requires
        parent = by_id[parent.id].parent
    return needs + [need for need in inherited if need not in lineage]


def open_requirements(
    placed: PlacedItem, by_id: Mapping[str, PlacedItem], states: Mapping[str, ItemState]
) -> list[str]:
    """The ids an item still waits for."""
    return [need for need in requirements(placed, by_id) if states.get(need) not in FINISHED]


def _finished_by_children(placed: PlacedItem) -> bool:
    return bool(placed.item.children) and placed.item.complete_with_children


def _rank(placed: PlacedItem) -> tuple[int, int]:
    importance = placed.item.importance
    difficulty = placed.item.difficulty
    return (
        -(importance if importance is not None else -1),
        _EASE[difficulty] if difficulty is not None else len(_EASE),
    )


# --- shown --------------------------------------------------------------------------------


def _marks(placed: PlacedItem) -> str:
    item = placed.item
    difficulty = DIFFICULTY_EMOJI[item.difficulty] if item.difficulty else ""
    return " ".join(part for part in (difficulty, STAR * (item.importance or 0)) if part)


def as_text(items: Sequence[PlacedItem], ready: int) -> str:
    """For a terminal: one numbered line per item; roadmap text with control characters
    escaped, so that a title cannot move the cursor or clear the screen."""
    if not items:
        return "Nothing to learn next: every open item waits for another one.\n"
    shown = f"{len(items)} of {ready}" if ready > len(items) else str(ready)
    lines = [f"Learn next ({shown} ready):"]
    for number, placed in enumerate(items, 1):
        marks = _marks(placed)
        title = _plain(placed.item.title)
        lines.append(
            f"{number:>3}. {title}{'  ' + marks if marks else ''}  "
            f"[{placed.id}] in {_plain(placed.section.title)}"
        )
    return "\n".join(lines) + "\n"


def as_records(items: Sequence[PlacedItem]) -> list[dict[str, Any]]:
    return [
        {
            "id": placed.id,
            "title": placed.item.title,
            "section": placed.section.title,
            "difficulty": placed.item.difficulty.value if placed.item.difficulty else None,
            "importance": placed.item.importance,
            "requires": list(placed.item.requires),
        }
        for placed in items
    ]


def as_markdown_list(items: Sequence[PlacedItem]) -> list[str]:
    """One list entry per item, each on one line (for the job summary)."""
    lines = []
    for placed in items:
        marks = _marks(placed)
        title = " ".join(placed.item.title.split()).replace("<!--", "&lt;!--")
        section = " ".join(placed.section.title.split()).replace("<!--", "&lt;!--")
        lines.append(f"- {title}{' ' + marks if marks else ''} ({section})")
    return lines


def _plain(text: str) -> str:
    return quote(text, max_length=TITLE_MAX_LENGTH + 2)[1:-1]
