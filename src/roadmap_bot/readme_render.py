"""Write the roadmap into README.md, and tick one item, keeping every other byte.

Pure text in, text out: the CLI and the GitHub event handler do the reading and writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmap_bot.checklist_line import (
    CHECKBOX_RE,
    ItemState,
    format_item_text,
    format_line,
    line_state,
    parse_item_text,
    split_id,
)
from roadmap_bot.errors import ItemNotFoundError, Problem, ReadmeError
from roadmap_bot.model import Item, Roadmap
from roadmap_bot.readme_markers import CHECKLIST_END, CHECKLIST_START, checklist_bounds

GENERATED_NOTE = (
    "<!-- Generated from roadmap.yaml by roadmap-bot: edit roadmap.yaml, then run "
    "`roadmap-bot render`. Ticks are kept. -->"
)
INDENT = "  "


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to '-'."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def render_checklist(roadmap: Roadmap, states: Mapping[str, ItemState]) -> list[str]:
    """The lines between the checklist markers."""
    contents = " · ".join(f"[{s.title}](#{github_anchor(s.title)})" for s in roadmap.sections)
    lines = [GENERATED_NOTE, "", f"**Sections:** {contents}", ""]
    for section in roadmap.sections:
        lines += [f"## {section.title}", ""]
        for item in section.items:
            lines.extend(_item_lines(item, 0, states))
        lines.append("")
    return lines


def _item_lines(item: Item, depth: int, states: Mapping[str, ItemState]) -> Iterator[str]:
    indent = INDENT * depth
    text = format_item_text(
        title=item.title,
        description=_one_line(item.description),
        difficulty=item.difficulty,
        importance=item.importance,
        url=item.url,
        bold=depth == 0,
    )
    yield format_line(indent, states.get(item.id, ItemState.TODO), text, item.id)
    for note in item.notes:
        yield f"{indent}{INDENT}- {_one_line(note)}"
    for link in item.links:
        yield f"{indent}{INDENT}- [{link.title}]({link.url})"
    for child in item.children:
        yield from _item_lines(child, depth + 1, states)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class ChecklistLine:
    index: int  # 0-based line index in the README
    item_id: str | None
    state: ItemState
    title: str
    column: int


def checklist_lines(text: str) -> Iterator[ChecklistLine]:
    """Every checkbox line between the markers."""
    lines = text.splitlines()
    bounds = checklist_bounds(lines)
    if bounds is None:
        return
    for index in range(*bounds):
        box = CHECKBOX_RE.match(lines[index])
        if box:
            parsed = parse_item_text(box.group("text"))
            state = line_state(box.group("mark"), parsed.skipped)
            column = len(box.group("indent")) + 1
            yield ChecklistLine(index, parsed.item_id, state, parsed.title, column)


def read_states(text: str) -> dict[str, ItemState]:
    """Each item's box in the README, by item id."""
    return {line.item_id: line.state for line in checklist_lines(text) if line.item_id}


def _missing_markers(filename: str) -> ReadmeError:
    return ReadmeError(
        [
            Problem(
                filename,
                1,
                1,
                "",
                f"no roadmap checklist markers: put the lines '{CHECKLIST_START}' and "
                f"'{CHECKLIST_END}' where the checklist belongs",
            )
        ]
    )


def hand_written_items(text: str, filename: str) -> list[Problem]:
    """Checklist lines without an id: items written into the README by hand.

    Lines with an id were rendered by roadmap-bot; an id that roadmap.yaml no longer has
    is an item removed there, and its line goes with it.
    """
    return [
        Problem(
            filename,
            line.index + 1,
            line.column,
            "",
            f"item '{line.title}' is not from roadmap.yaml (it has no id comment); "
            "add it to roadmap.yaml (or delete the line), then render again",
        )
        for line in checklist_lines(text)
        if line.item_id is None
    ]


def states_for(roadmap: Roadmap, states: Mapping[str, ItemState]) -> dict[str, ItemState]:
    """The README's states keyed by the roadmap's ids, following items' previous ids."""
    out: dict[str, ItemState] = {}
    for placed in roadmap.walk():
        for known_as in (placed.id, *placed.item.previous_ids):
            if known_as in states:
                out[placed.id] = states[known_as]
                break
    return out


def update_readme(text: str, roadmap: Roadmap, filename: str = "README.md") -> str:
    """The README with its checklist rendered anew from the roadmap, ticks kept by item id."""
    lines = text.splitlines(keepends=True)
    bounds = checklist_bounds([line.rstrip("\r\n") for line in lines])
    if bounds is None:
        raise _missing_markers(filename)
    problems = hand_written_items(text, filename)
    if problems:
        raise ReadmeError(problems)
    newline = "\r\n" if "\r\n" in text else "\n"
    states = states_for(roadmap, read_states(text))
    rendered = [line + newline for line in render_checklist(roadmap, states)]
    first, last = bounds
    return "".join(lines[:first] + rendered + lines[last:])


@dataclass(frozen=True)
class StateChange:
    text: str
    changed: bool
    line: int  # 1-based line of the item in the README


def set_item_state(
    text: str, item_id: str, state: ItemState, filename: str = "README.md"
) -> StateChange:
    """Tick, untick or skip one item: exactly one line changes, every other byte is kept."""
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    if checklist_bounds(bare) is None:
        raise _missing_markers(filename)
    for found in checklist_lines(text):
        if found.item_id == item_id:
            index = found.index
            ending = lines[index][len(bare[index]) :]
            new_line = _with_state(bare[index], state)
            changed = new_line != bare[index]
            lines[index] = new_line + ending
            return StateChange("".join(lines), changed, index + 1)
    raise ItemNotFoundError(
        f"{filename}: no checklist line for item '{item_id}'; "
        "run `roadmap-bot render` to bring the README in line with roadmap.yaml"
    )


def _with_state(line: str, state: ItemState) -> str:
    box = CHECKBOX_RE.match(line)
    assert box is not None  # checklist_lines only yields checkbox lines
    body, _ = split_id(box.group("text"))
    id_part = box.group("text")[len(body) :]
    stripped = body.rstrip()
    gap = body[len(stripped) :]
    struck = stripped.startswith("~~") and stripped.endswith("~~") and len(stripped) > 4
    if state is ItemState.SKIPPED and not struck:
        stripped = f"~~{stripped}~~"
    elif state is not ItemState.SKIPPED and struck:
        stripped = stripped[2:-2]
    mark = (
        " " if state is ItemState.TODO else ("x" if box.group("mark") == " " else box.group("mark"))
    )
    return (
        line[: box.start("mark")]
        + mark
        + line[box.end("mark") : box.start("text")]
        + stripped
        + gap
        + id_part
        + box.group("trail")
    )
