"""Where roadmap-bot's generated parts of README.md begin and end.

Everything outside these marker comments is the learner's and is never changed.
"""

from __future__ import annotations

CHECKLIST_START = "<!-- roadmap-bot:checklist:start -->"
CHECKLIST_END = "<!-- roadmap-bot:checklist:end -->"
PROGRESS_START = "<!-- roadmap-bot:progress:start -->"
PROGRESS_END = "<!-- roadmap-bot:progress:end -->"


def find_block(lines: list[str], start: str, end: str) -> tuple[int, int] | None:
    """(first line inside, line of the end marker), 0-based, or None when absent."""
    opening = closing = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == start and opening is None:
            opening = index
        elif stripped == end and opening is not None:
            closing = index
            break
    if opening is None or closing is None:
        return None
    return opening + 1, closing


def checklist_bounds(lines: list[str]) -> tuple[int, int] | None:
    return find_block(lines, CHECKLIST_START, CHECKLIST_END)
