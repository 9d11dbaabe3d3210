"""Write the roadmap into README.md, and tick one item, keeping every other byte.

Pure text in, text out: the CLI and the GitHub event handler do the reading and writing.

The checklist block carries a checksum of what roadmap-bot rendered (ticks aside), so a
later run can tell an item added, renamed or removed by hand in the README from one
changed in roadmap.yaml, and refuse to overwrite the former.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmap_bot.errors import ItemNotFoundError, Problem, ReadmeError
from roadmap_bot.readme.line import (
    CHECKBOX_RE,
    ID_COMMENT_RE,
    format_item_text,
    format_line,
    id_comment,
    is_struck,
    line_state,
    parse_item_text,
    split_id,
)
from roadmap_bot.readme.markers import checklist_bounds, missing_checklist
from roadmap_bot.roadmap.model import Item, Roadmap
from roadmap_bot.roadmap.states import ItemState

GENERATED_NOTE = (
    "<!-- Generated from roadmap.yaml by roadmap-bot: edit roadmap.yaml, then run "
    "`roadmap-bot render`. Ticks are kept. -->"
)
INDENT = "  "
_CHECKSUM_RE = re.compile(r"^<!-- roadmap-bot:checksum (?P<sum>[0-9a-f]{12}) -->$")
HAND_EDIT_ADVICE = (
    "roadmap.yaml is where items are added, renamed and removed: make the same change "
    "there (or undo it here)"
)


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to '-'."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def render_checklist(
    roadmap: Roadmap,
    states: Mapping[str, ItemState],
    recorded: Mapping[str, ItemState] | None = None,
) -> list[str]:
    """The lines between the checklist markers, with a checksum of what they say."""
    recorded = recorded or {}
    contents = " · ".join(f"[{s.title}](#{github_anchor(s.title)})" for s in roadmap.sections)
    lines = [GENERATED_NOTE, "", f"**Sections:** {contents}", ""]
    for section in roadmap.sections:
        lines += [f"## {section.title}", ""]
        for item in section.items:
            lines.extend(_item_lines(item, 0, states, recorded))
        lines.append("")
    return [GENERATED_NOTE, _checksum_line(lines), *lines[1:]]


def _item_lines(
    item: Item, depth: int, states: Mapping[str, ItemState], recorded: Mapping[str, ItemState]
) -> Iterator[str]:
    indent = INDENT * depth
    text = format_item_text(
        title=item.title,
        description=_one_line(item.description),
        difficulty=item.difficulty,
        importance=item.importance,
        url=item.url,
        bold=depth == 0,
    )
    state = states.get(item.id, ItemState.TODO)
    base = recorded.get(item.id, ItemState.TODO)
    yield format_line(indent, state, text, item.id, base)
    for note in item.notes:
        yield f"{indent}{INDENT}- {_one_line(note)}"
    for link in item.links:
        yield f"{indent}{INDENT}- [{link.title}]({link.url})"
    for child in item.children:
        yield from _item_lines(child, depth + 1, states, recorded)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- reading the checklist --------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    index: int  # 0-based line index in the README
    item_id: str | None
    state: ItemState
    recorded: ItemState
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
            yield ChecklistLine(index, parsed.item_id, state, parsed.recorded, parsed.title, column)


def read_states(text: str) -> dict[str, ItemState]:
    """Each item's box in the README, by item id."""
    return {line.item_id: line.state for line in checklist_lines(text) if line.item_id}


def read_recorded(text: str) -> dict[str, ItemState]:
    """The state each line records as last agreed with GitHub, by item id."""
    return {line.item_id: line.recorded for line in checklist_lines(text) if line.item_id}


# --- hand edits ---------------------------------------------------------------------------


def _normalized(line: str) -> str:
    """A block line as roadmap-bot would render it for a fresh start: ticks, strike-through
    and recorded states set aside, so that only what the line says remains."""
    box = CHECKBOX_RE.match(line)
    if box is None:
        return line.rstrip()
    body, item_id, _ = split_id(box.group("text"))
    body = body.strip()
    if is_struck(body):
        body = body[2:-2]
    shown = f"{body} {id_comment(item_id)}" if item_id else body
    return f"{box.group('indent')}- [ ] {shown}"


def _content(lines: list[str]) -> list[tuple[int, str]]:
    """(position, normalized line) for each block line but the checksum."""
    return [(i, _normalized(line)) for i, line in enumerate(lines) if not _CHECKSUM_RE.match(line)]


def _checksum(lines: list[str]) -> str:
    joined = "\n".join(text for _, text in _content(lines))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def _checksum_line(lines: list[str]) -> str:
    return f"<!-- roadmap-bot:checksum {_checksum(lines)} -->"


def hand_edits(text: str, roadmap: Roadmap, filename: str = "README.md") -> list[Problem]:
    """Changes made by hand to what the checklist says (items added, renamed, removed,
    text edited) that roadmap.yaml does not have. Ticks are not hand edits."""
    all_lines = text.splitlines()
    bounds = checklist_bounds(all_lines)
    if bounds is None:
        raise missing_checklist(all_lines, filename)
    first, last = bounds
    block = all_lines[first:last]
    recorded = next((m.group("sum") for line in block if (m := _CHECKSUM_RE.match(line))), None)
    if recorded is None:
        return _lines_without_ids(text, filename)
    if recorded == _checksum(block):
        return []
    have = _content(block)
    want = [text for _, text in _content(render_checklist(roadmap, {}))]
    matcher = difflib.SequenceMatcher(None, [t for _, t in have], want, autojunk=False)
    problems = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            problems += [
                _hand_edit(filename, first + have[i][0], have[i][1], "added or changed by hand")
                for i in range(i1, i2)
                if have[i][1].strip()
            ]
        if tag == "insert":
            line = first + (have[i1][0] if i1 < len(have) else len(block))
            problems += [
                _hand_edit(filename, line, want[j], "removed by hand (roadmap.yaml has it)")
                for j in range(j1, j2)
                if want[j].strip()
            ]
    return problems


def _hand_edit(filename: str, index: int, line: str, what: str) -> Problem:
    box = CHECKBOX_RE.match(line)
    shown = parse_item_text(box.group("text")).title if box else line.strip()
    return Problem(filename, index + 1, 1, "", f"'{shown}' was {what}; {HAND_EDIT_ADVICE}")


def _lines_without_ids(text: str, filename: str) -> list[Problem]:
    """Without a checksum (a README rendered by hand or by an older version), only lines
    without an id are known to be hand-written."""
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


# --- rendering into a README -------------------------------------------------------------


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
    """The README with its checklist rendered anew from the roadmap, ticks kept by item id.

    Refuses (ReadmeError naming the lines) when the checklist was edited by hand.
    """
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    bounds = checklist_bounds(bare)
    if bounds is None:
        raise missing_checklist(bare, filename)
    problems = hand_edits(text, roadmap, filename)
    if problems:
        raise ReadmeError(problems)
    newline = "\r\n" if "\r\n" in text else "\n"
    states = states_for(roadmap, read_states(text))
    recorded = states_for(roadmap, read_recorded(text))
    rendered = [line + newline for line in render_checklist(roadmap, states, recorded)]
    first, last = bounds
    return "".join(lines[:first] + rendered + lines[last:])


# --- one item's box ----------------------------------------------------------------------


@dataclass(frozen=True)
class StateChange:
    text: str
    changed: bool
    line: int  # 1-based line of the item in the README


def set_item_state(
    text: str,
    item_id: str,
    state: ItemState,
    filename: str = "README.md",
    *,
    record: bool = False,
) -> StateChange:
    """Tick, untick or skip one item: exactly one line changes, every other byte is kept.

    record: also note the state as agreed with GitHub (the bot does; a person's
    `roadmap-bot check` does not, so that a push of it reads as a change by hand).
    """
    lines = text.splitlines(keepends=True)
    # Split as checklist_lines() splits: at every line break str.splitlines() knows, so
    # that a line ending in U+2028 or a form feed keeps it as its ending.
    bare = text.splitlines()
    if checklist_bounds(bare) is None:
        raise missing_checklist(bare, filename)
    for found in checklist_lines(text):
        if found.item_id == item_id:
            index = found.index
            ending = lines[index][len(bare[index]) :]
            new_line = _with_state(bare[index], state, record, filename, index + 1)
            changed = new_line != bare[index]
            lines[index] = new_line + ending
            return StateChange("".join(lines), changed, index + 1)
    raise ItemNotFoundError(
        f"{filename}: no checklist line for item '{item_id}'; "
        "run `roadmap-bot render` to bring the README in line with roadmap.yaml"
    )


def _with_state(line: str, state: ItemState, record: bool, filename: str, number: int) -> str:
    box = CHECKBOX_RE.match(line)
    assert box is not None  # checklist_lines only yields checkbox lines
    body, item_id, _ = split_id(box.group("text"))
    words = body.strip()
    if state is ItemState.SKIPPED and not words:
        column = len(box.group("indent")) + 1
        message = f"item '{item_id}' has no title to strike through; give it one"
        raise ReadmeError([Problem(filename, number, column, "", message)])
    id_part = box.group("text")[len(body) :]
    if record and item_id:
        comment = ID_COMMENT_RE.search(id_part)
        assert comment is not None
        id_part = id_part[: comment.start()] + comment.group().replace(
            comment.group().strip(), id_comment(item_id, state)
        )
    # What the line reads as struck through is what parse_item_text() reads so: the words
    # stripped of any whitespace (a no-break space too); the whitespace around them is kept.
    lead = body[: len(body) - len(body.lstrip())] if words else body
    gap = body[len(body.rstrip()) :] if words else ""
    if state is ItemState.SKIPPED and not is_struck(words):
        words = f"~~{words}~~"
    elif state is not ItemState.SKIPPED:
        while is_struck(words.strip()):  # "~~~~a~~~~" reads as struck once unwrapped too
            words = words.strip()[2:-2]
    kept = box.group("mark") if box.group("mark") != " " else "x"
    mark = " " if state is ItemState.TODO else kept
    return (
        line[: box.start("mark")]
        + mark
        + line[box.end("mark") : box.start("text")]
        + lead
        + words
        + gap
        + id_part
        + box.group("trail")
    )
