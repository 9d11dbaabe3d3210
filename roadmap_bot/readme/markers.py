"""Where roadmap-bot's generated parts of README.md begin and end.

Everything outside these marker comments is the learner's and is never changed.
"""

from __future__ import annotations

from roadmap_bot.errors import NoMarkersError, Problem, ReadmeError

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


def missing_block(
    lines: list[str], start: str, end: str, what: str, filename: str, hint: str = ""
) -> ReadmeError:
    """The error for a block whose markers are missing, or whose end marker is."""
    opening = next((i for i, line in enumerate(lines) if line.strip() == start), None)
    if opening is None:
        message = f"no {what} markers: put the lines '{start}' and '{end}' where it belongs{hint}"
        return NoMarkersError([Problem(filename, 1, 1, "", message)])
    message = f"the {what} opened here is never closed: put the line '{end}' after it"
    return ReadmeError([Problem(filename, opening + 1, 1, "", message)])


# A README with a checklist of its own becomes one with markers in one step.
INIT_HINT = " (in a README with a checklist of its own, `roadmap-bot init` does it)"


def missing_checklist(lines: list[str], filename: str) -> ReadmeError:
    return missing_block(
        lines, CHECKLIST_START, CHECKLIST_END, "roadmap checklist", filename, INIT_HINT
    )


def missing_progress(lines: list[str], filename: str) -> ReadmeError:
    return missing_block(lines, PROGRESS_START, PROGRESS_END, "progress block", filename)
