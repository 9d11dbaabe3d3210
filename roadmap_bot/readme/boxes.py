"""Checklist lines as READMEs in the wild write them, for the importer.

Bullets `-`, `*`, `+` and numbered (`1.`, `1)`); boxes `[ ]`, `[x]`, `[X]`, and progress
words in brackets such as `[Done]`, `[~]` or `[running]`. GitHub draws only the first
three as boxes; the words are how people mark progress by hand, and each maps to a state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_bot.roadmap.states import ItemState

# A box is a bracket not followed by "(", "[" or ":", which would make it a link
# ("- [How to use](#how-to-use)"), a reference ("[a][b]") or a definition ("[a]: url").
ANY_BOX_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<bullet>[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>[^\[\]]{1,16})\]"
    r"(?![(\[:])(?P<space>[ \t]+)(?P<text>.*?)(?P<trail>[ \t]*)$"
)
# "- [x][Title](url)", "* [done]Key combination" (wlmaker's roadmap): meant as a box,
# though GitHub draws none without the space; only a known mark counts (tight_box).
_TIGHT_BOX_RE = re.compile(
    r"^(?P<box>[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>[^\[\]]{1,16})\])(?=[\[\w])"
)
ANY_BULLET_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*?))?[ \t]*$"
)

_DONE = {"x", "done", "✓", "✔", "✔️", "✅", "☑", "☑️", "complete", "completed", "finished", "ok"}
_SKIPPED = {"skip", "skipped", "cancelled", "canceled", "wontfix", "won't do", "n/a", "dropped"}
# Started but not finished: to do, as far as an issue can tell.
_STARTED = {
    "-",
    "~",
    "/",
    ".",
    "wip",
    "running",
    "in progress",
    "doing",
    "started",
    "ongoing",
    "partial",
}
_TO_DO = {"", "todo", "to do", "pending", "open"}
DASH_MESSAGE = (
    "'[-]' read as to do (started); if it means not applicable here, write '[skip]' instead"
)


@dataclass(frozen=True)
class BoxMark:
    """What a box's mark means: a state, and a word for the learner where the state says
    less than the mark did (None when the mark is no box roadmap-bot knows)."""

    state: ItemState | None
    message: str | None = None


def read_mark(mark: str) -> BoxMark:
    word = mark.strip().lower()
    if mark in (" ", "x", "X") or word in _TO_DO:
        return BoxMark(ItemState.DONE if word == "x" else ItemState.TODO)
    if word in _DONE:
        return BoxMark(ItemState.DONE)
    if word in _SKIPPED:
        return BoxMark(ItemState.SKIPPED)
    if word == "-":  # "started" in some lists, "not applicable" in others (real files)
        return BoxMark(ItemState.TODO, DASH_MESSAGE)
    if word in _STARTED:
        return BoxMark(ItemState.TODO, f"'[{mark}]' (started) read as to do")
    return BoxMark(None)


def is_mark_like(mark: str) -> bool:
    """Whether an unknown mark looks like one (a short word), not bracketed prose."""
    return len(mark) <= 12 and not any(char.isspace() for char in mark)


def tight_box(line: str) -> re.Match[str] | None:
    """A box with no space after it, when its mark is one roadmap-bot knows."""
    match = _TIGHT_BOX_RE.match(line)
    if match and read_mark(match.group("mark")).state is not None:
        return match
    return None
