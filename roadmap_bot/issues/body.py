"""An item's issue body: the managed block roadmap-bot writes, and the learner's text around it.

The block sits between two marker comments and carries the item's id in a hidden marker;
whatever the learner writes outside it survives every sync. Pure string building.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from roadmap_bot.roadmap.model import DIFFICULTY_EMOJI, IMPORTANCE_MEANING, STAR, PlacedItem

BLOCK_START = "<!-- roadmap-bot:start -->"
BLOCK_END = "<!-- roadmap-bot:end -->"
# The marker is the block's last line: a marker-like text anywhere else (in learner text,
# or quoted in a description) is not the issue's.
_MARKER_RE = re.compile(r"<!-- roadmap-bot:item=(?P<id>[^\s<>]+) -->\s*" + re.escape(BLOCK_END))
_NOTE_RE = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<text>.*)$")
# Stands for the number of a required item's issue not made yet: apply.py fills it in when
# it writes the body. Roadmap text can never hold one (see _inert).
_NUMBER_RE = re.compile(r"<!-- roadmap-bot:number=(?P<id>[a-z0-9-]+) -->")
LEARNER_HINT = "_Your notes go below this line: roadmap-bot keeps them._"
# The parent rule, told on every parent's issue (docs/sync.md, "Parents").
PARENT_RULE = (
    "_When you close the last open sub-issue of this one (all done or skipped, one at least "
    "done), roadmap-bot closes this issue as completed and ticks its box in the README._"
)
OWN_PACE_RULE = (
    "_Close this issue yourself when you are done with it: its sub-issues do not close it "
    "(`complete_with_children: false`)._"
)
# GitHub refuses bodies longer than this.
BODY_MAX_LENGTH = 65536


@dataclass(frozen=True)
class Need:
    """A required item, as the body lists it: "Needs #12 Docker Basics"."""

    item_id: str
    title: str
    number: int | None  # its issue's, when it has one


def item_marker(item_id: str) -> str:
    return f"<!-- roadmap-bot:item={item_id} -->"


def marker_id(body: str | None) -> str | None:
    """The item id an issue body carries, or None for an issue the bot does not manage."""
    match = _MARKER_RE.search(body or "")
    return match.group("id") if match else None


def _block_span(body: str) -> tuple[int, int] | None:
    start = body.find(BLOCK_START)
    if start < 0:
        return None
    end = body.find(BLOCK_END, start)
    if end < 0:
        return None
    return start, end + len(BLOCK_END)


def _ticked_notes(body: str) -> frozenset[str]:
    """Notes the learner ticked in the block's task list: a sync keeps their ticks."""
    span = _block_span(body)
    if span is None:
        return frozenset()
    block = body[span[0] : span[1]]
    return frozenset(
        match.group("text").strip()
        for line in block.splitlines()
        if (match := _NOTE_RE.match(line.strip())) and match.group("mark") != " "
    )


def _inert(text: str) -> str:
    """Roadmap text can hold '<!--': shown as written, it can never open a comment that
    hides the rest of the body or passes for one of roadmap-bot's markers."""
    return text.replace("<!--", "&lt;!--")


def render_block(
    placed: PlacedItem,
    *,
    ticked_notes: frozenset[str] = frozenset(),
    needs: Sequence[Need] = (),
) -> str:
    item = placed.item
    parts = [BLOCK_START]
    if item.description:
        parts += [_inert(item.description), ""]
    if item.url:
        parts += [f"Link: {_inert(item.url)}", ""]
    if item.notes:
        parts.append("**Notes**")
        for note in item.notes:
            shown = _inert(note)
            parts.append(f"- [{'x' if shown in ticked_notes else ' '}] {shown}")
        parts.append("")
    if item.links:
        parts.append("**Links**")
        parts += [f"- [{_inert(link.title)}]({_inert(link.url)})" for link in item.links]
        parts.append("")
    if item.children:
        parts += [PARENT_RULE if item.complete_with_children else OWN_PACE_RULE, ""]
    if needs:
        parts.append("**Needs**")
        parts += [f"- {_number(need)}{_inert(need.title)}" for need in needs]
        parts.append("")
    facts = [f"Section: {_inert(placed.section.title)}"]
    if item.difficulty:
        facts.append(f"Difficulty: {DIFFICULTY_EMOJI[item.difficulty]} {item.difficulty.value}")
    if item.importance is not None:
        stars = STAR * item.importance or "no stars"
        facts.append(f"Importance: {stars} ({IMPORTANCE_MEANING[item.importance]})")
    parts.append("<sub>" + " · ".join(facts) + " · from `roadmap.yaml` by roadmap-bot</sub>")
    parts.append(item_marker(item.id))
    parts.append(BLOCK_END)
    return "\n".join(parts)


def _number(need: Need) -> str:
    if need.number is None:
        return f"<!-- roadmap-bot:number={need.item_id} -->"
    return f"#{need.number} "


_NEEDS_RE = re.compile(r"^\*\*Needs\*\*\n(?P<lines>(?:- .*\n?)*)", re.M)
_NEED_NUMBER_RE = re.compile(r"^- #(?P<number>\d+) ", re.M)


def listed_needs(body: str | None) -> set[int]:
    """The issue numbers the managed block lists under "Needs": the "blocked by" links the
    bot made for this issue (any other link was made by hand)."""
    body = (body or "").replace("\r\n", "\n")
    span = _block_span(body)
    if span is None:
        return set()
    found = _NEEDS_RE.search(body[span[0] : span[1]])
    if found is None:
        return set()
    return {int(m.group("number")) for m in _NEED_NUMBER_RE.finditer(found.group("lines"))}


def unfilled_numbers(body: str) -> list[str]:
    """The ids of the required items whose issue number the block still waits for."""
    span = _block_span(body) or (0, 0)
    return [match.group("id") for match in _NUMBER_RE.finditer(body[span[0] : span[1]])]


def fill_numbers(body: str, numbers: Mapping[str, int]) -> str:
    """body with the issue numbers now known written in its block (the learner's text is
    left as it is); a number still unknown is left out ("Needs Docker Basics"): the next
    sync writes it."""

    def number(match: re.Match[str]) -> str:
        found = numbers.get(match.group("id"))
        return f"#{found} " if found is not None else ""

    span = _block_span(body)
    if span is None:
        return body
    block = _NUMBER_RE.sub(number, body[span[0] : span[1]])
    return body[: span[0]] + block + body[span[1] :]


def desired_body(placed: PlacedItem, current: str | None = None, needs: Sequence[Need] = ()) -> str:
    """The body the issue should have: the managed block anew, the learner's text kept."""
    current = (current or "").replace("\r\n", "\n")
    block = render_block(placed, ticked_notes=_ticked_notes(current), needs=needs)
    span = _block_span(current)
    if span is None:
        # A new issue (or a block the learner deleted): the block, then room for notes.
        kept = current.strip()
        return f"{block}\n\n{LEARNER_HINT}\n" + (f"\n{kept}\n" if kept else "")
    return current[: span[0]] + block + current[span[1] :]


def same_body(a: str | None, b: str | None) -> bool:
    """GitHub may hand back CRLF for what was sent as LF: compare ignoring that."""
    return (a or "").replace("\r\n", "\n") == (b or "").replace("\r\n", "\n")
