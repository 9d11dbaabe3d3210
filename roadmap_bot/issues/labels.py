"""The labels roadmap-bot owns: names, colours and descriptions users see.

Labels not listed here belong to the learner and are never changed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap_bot.roadmap.model import (
    IMPORTANCE_MAX,
    IMPORTANCE_MEANING,
    IMPORTANCE_MIN,
    STAR,
    Difficulty,
)

MANAGED_LABEL = "roadmap"
REMOVED_LABEL = "roadmap: removed"


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str  # six lowercase hex digits, as GitHub returns them
    description: str


def difficulty_label(difficulty: Difficulty) -> str:
    return f"difficulty: {difficulty.value}"


def importance_label(importance: int) -> str:
    return f"importance: {importance}"


_DIFFICULTY_COLORS = {
    Difficulty.EASY: "0e8a16",
    Difficulty.MEDIUM: "fbca04",
    Difficulty.HARD: "d73a4a",
}
_IMPORTANCE_COLORS = {0: "e4e4e4", 1: "c5def5", 2: "7fb3e8", 3: "1d76db"}

MANAGED = LabelSpec(MANAGED_LABEL, "5319e7", "An item of roadmap.yaml, kept in step by roadmap-bot")
REMOVED = LabelSpec(REMOVED_LABEL, "cfd3d7", "No longer in roadmap.yaml; closed by roadmap-bot")

DIFFICULTY_LABELS = tuple(
    LabelSpec(difficulty_label(d), _DIFFICULTY_COLORS[d], f"Roadmap difficulty: {d.value}")
    for d in Difficulty
)
IMPORTANCE_LABELS = tuple(
    LabelSpec(
        importance_label(n),
        _IMPORTANCE_COLORS[n],
        f"Roadmap importance {STAR * n or 'no stars'}: {IMPORTANCE_MEANING[n]}",
    )
    for n in range(IMPORTANCE_MIN, IMPORTANCE_MAX + 1)
)
# Created up front on every sync; REMOVED only when an item is removed.
STANDARD_LABELS = (MANAGED, *DIFFICULTY_LABELS, *IMPORTANCE_LABELS)
OWNED_LABELS = {spec.name: spec for spec in (*STANDARD_LABELS, REMOVED)}
# The labels that say something about an item; sync sets exactly the right ones of these.
ITEM_FACT_LABELS = frozenset(spec.name for spec in (*DIFFICULTY_LABELS, *IMPORTANCE_LABELS))
