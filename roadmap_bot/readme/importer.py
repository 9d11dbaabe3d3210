"""Read a roadmap README's checklist into a Roadmap (`roadmap-bot import`, `init`).

Sections are `##` (and deeper) headings holding checkbox items (a flat checklist, with no
such heading at all, makes one section named after the README's title); nesting follows
indentation; plain bullets under an item are its notes (a bullet that is only a link is
one of its links) and text lines right after an item continue it. Every box style of
boxes.py is read. Items keep the id of their `<!-- id:... -->` comment; items without one
get a readable id made from their title, told apart by their parent where titles repeat.

Without the roadmap-bot markers, the checklist is the span from the first heading that
holds an item to the last line read into an item (`region`): `init` replaces exactly it.
Text inside that span that is no item (a paragraph, a heading without items) becomes a
note of the item before it, so that nothing in the span is lost; each such line, and
every line that looks like a box but is not read as one, is named in `warnings`.

What it reads is always a valid roadmap.yaml: what roadmap.yaml would refuse (an id
given twice or malformed, more than three stars, a title too long for GitHub) is a
problem named by its README line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from roadmap_bot.errors import Problem, ReadmeError
from roadmap_bot.readme.boxes import (
    ANY_BOX_RE,
    ANY_BULLET_RE,
    is_mark_like,
    read_mark,
    tight_box,
)
from roadmap_bot.readme.drafts import (
    Draft,
    SectionDraft,
    add_note,
    assign_ids,
    distinct_titles,
    duplicate_ids,
    freeze_section,
    section_problems,
    shorten,
    ticked_over_open,
    too_long,
    walk,
    words,
)
from roadmap_bot.readme.line import ParsedText, indent_width, parse_item_text
from roadmap_bot.readme.markers import checklist_bounds
from roadmap_bot.roadmap.model import (
    ID_MAX_LENGTH,
    IMPORTANCE_MAX,
    IMPORTANCE_MEANING,
    TITLE_MAX_LENGTH,
    Roadmap,
    is_valid_id,
    slugify,
)
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import plural

_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t#]*$")
_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```|~~~)")
_PLACEHOLDERS = {"...", "…"}
ORPHAN = "checklist item before any '## Section' heading"


@dataclass(frozen=True)
class ImportedReadme:
    roadmap: Roadmap
    states: dict[str, ItemState]
    # Lines not read as what they look like, each named with why.
    warnings: tuple[Problem, ...] = ()
    # 0-based lines [start, end) of the checklist in a README without markers.
    region: tuple[int, int] | None = None


def import_readme(text: str, filename: str = "README.md") -> ImportedReadme:
    """The roadmap a README's checklist describes, and the state of each box."""
    lines = text.removeprefix("\ufeff").splitlines()
    bounds = checklist_bounds(lines)
    first, last = bounds if bounds else (0, len(lines))
    title = _roadmap_title(lines) or "Roadmap"
    # A flat checklist, with no '## Section' heading at all, is read again: its items make
    # one section, named after the README's title (its milestone's name too).
    for implicit_section in (None, title):
        reader = _Reader(filename, implicit_section=implicit_section)
        for index in range(first, last):
            reader.read(index, lines[index])
        if reader.sections or not reader.orphans:
            break
    return reader.finish(title, marked=bounds is not None)


def _roadmap_title(lines: list[str]) -> str | None:
    for line in lines:
        heading = _HEADING_RE.match(line)
        if heading and len(heading.group("hashes")) == 1:
            return words(heading.group("title"))[:TITLE_MAX_LENGTH].strip()
    return None


@dataclass
class _Reader:
    filename: str
    # The section items before any '## Section' heading go into (None: they are named
    # and left as they are).
    implicit_section: str | None = None
    sections: list[SectionDraft] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    stack: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    orphans: list[Problem] = field(default_factory=list)
    # Lines read into no item, and lines read into one (0-based).
    prose: list[tuple[int, str]] = field(default_factory=list)
    claimed: list[int] = field(default_factory=list)
    fence: str | None = None
    # The bullet indentation of the list item the open fence sits in (None: in none).
    fence_item: int | None = None
    # What a following text line continues: an item (with its words so far while they
    # are a plain title, else "": its description), or its last note (None).
    continues: tuple[Draft, str | None] | None = None

    def read(self, index: int, line: str) -> None:
        if self.fence is not None and not self._leaves_fence(line):
            if line.strip().startswith(self.fence):
                self.fence = None
            self.prose.append((index, line))
            return
        self.fence = None
        fence = _FENCE_RE.match(line)
        if fence:
            self.fence, self.continues = fence.group("fence"), None
            # Inside the list item above it when indented past that item's bullet.
            inside = self.stack and indent_width(fence.group("indent")) > self.stack[-1].indent
            self.fence_item = self.stack[-1].indent if inside else None
            self.prose.append((index, line))
            return
        if not line.strip():
            self.continues = None
            return
        heading = _HEADING_RE.match(line)
        if heading:
            self._heading(len(heading.group("hashes")), words(heading.group("title")), index)
            return
        tight = tight_box(line)
        if tight:
            self._warn(index + 1, 1, "no space after the box (GitHub draws none): read as a box")
            line = tight.group("box") + " " + line[tight.end() :]
        box = ANY_BOX_RE.match(line)
        if box and self._box(box, index):
            return
        bullet = ANY_BULLET_RE.match(line)
        if bullet:
            self._bullet(bullet, index, line)
        else:
            self._text(index, line)

    def _leaves_fence(self, line: str) -> bool:
        """Whether a line ends an unclosed code block by leaving the list item it sits in:
        GitHub (CommonMark) closes a fence with its container, so a line no further in than
        that item's bullet is read again as what it is (a box, most often)."""
        stripped = line.lstrip(" \t")
        if not stripped or self.fence_item is None:
            return False
        return indent_width(line[: len(line) - len(stripped)]) <= self.fence_item

    def _warn(self, number: int, column: int, message: str) -> None:
        self.warnings.append(Problem(self.filename, number, column, "", message))

    def _heading(self, level: int, title: str, index: int) -> None:
        self.stack, self.continues = [], None
        self.prose.append((index, "#" * level + " " + title))
        if level == 1:
            self.headings = [(1, title)]
            return
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        parent = self.headings[-1][1] if self.headings and self.headings[-1][0] > 1 else None
        self.headings.append((level, title))
        self.sections.append(SectionDraft(title, index + 1, parent))

    def _box(self, box: re.Match[str], index: int) -> bool:
        """Read a box line; False when it is no box after all (then it is a bullet)."""
        number, column = index + 1, len(box.group("indent")) + 1
        mark = read_mark(box.group("mark"))
        if mark.state is None:
            if is_mark_like(box.group("mark")):
                self._warn(
                    number,
                    column,
                    f"'[{box.group('mark')}]' is no checkbox roadmap-bot knows; the line is "
                    "not an item (write [ ] or [x] to make it one)",
                )
            return False
        parsed = parse_item_text(box.group("text"))
        if parsed.title in _PLACEHOLDERS and parsed.item_id is None:
            self.claimed.append(index)
            self._warn(number, column, f"'{parsed.title}' is a placeholder, not an item")
            return True
        if not self.sections and self.implicit_section is None:
            self.orphans.append(Problem(self.filename, number, column, "", ORPHAN))
            return True
        if not self.sections:
            section = self.implicit_section or ""
            self.sections.append(SectionDraft(section, number, None))
            self._warn(
                number,
                column,
                f"no '## Section' heading over the checklist: its items make the section "
                f"'{section}' (the README's title)",
            )
        if not parsed.title.strip("*_~` "):
            self._warn(number, column, "checklist item without a title: not an item")
            return False
        if mark.message:
            self._warn(number, column, mark.message)
        title, description = words(parsed.title), words(parsed.description)
        if too_long(title) and parsed.item_id is None:
            title, description = shorten(title, description)
            self._warn(number, column, "title too long for an issue: cut, the rest made text")
        self.problems += _item_problems(parsed, number, column, self.filename)
        indent = indent_width(box.group("indent"))
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()
        draft = Draft(
            title=title,
            description=description,
            difficulty=parsed.difficulty,
            importance=parsed.importance,
            url=parsed.url,
            given_id=parsed.item_id,
            state=ItemState.SKIPPED if parsed.skipped else mark.state,
            line=number,
            indent=indent,
            column=column,
            parent=self.stack[-1] if self.stack else None,
        )
        if draft.parent:
            draft.parent.children.append(draft)
        else:
            self.sections[-1].items.append(draft)
        self.stack.append(draft)
        self.claimed.append(index)
        # A plain title runs on into the next line ("[A long link\n text](url)" too); after
        # bold, a link or a colon, the text does.
        plain = not (parsed.description or parsed.url or parsed.item_id)
        self.continues = (
            draft,
            box.group("text") if plain and "**" not in box.group("text") else "",
        )
        return True

    def _bullet(self, bullet: re.Match[str], index: int, line: str) -> None:
        indent = indent_width(bullet.group("indent"))
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()
        self.continues = None
        if not self.stack:
            self.prose.append((index, line))
            return
        self.claimed.append(index)
        text = bullet.group("text") or ""
        if text.strip() and not add_note(self.stack[-1], text):
            self.continues = (self.stack[-1], None)

    def _text(self, index: int, line: str) -> None:
        if self.continues is None:
            if not line.startswith((" ", "\t")):
                self.stack = []
            self.prose.append((index, line))
            return
        draft, words_so_far = self.continues
        said = words(line)
        self.claimed.append(index)
        if words_so_far is None:
            draft.notes[-1] = f"{draft.notes[-1]} {said}"
            return
        joined = parse_item_text(f"{words_so_far} {said}") if words_so_far else None
        if joined is not None and len(words(joined.title)) < TITLE_MAX_LENGTH:
            # The line goes on: read the item's words again, whole.
            draft.title, draft.url = words(joined.title), joined.url
            draft.description = words(joined.description)
            plain = not (joined.description or joined.url)
            self.continues = (draft, f"{words_so_far} {said}" if plain else "")
        else:
            draft.description = f"{draft.description} {said}".strip()
            self.continues = (draft, "")

    def finish(self, title: str, *, marked: bool) -> ImportedReadme:
        kept = [section for section in self.sections if section.items]
        if not kept:
            # Nothing read: every line that was not is why.
            why = _sorted(self.problems + self.orphans + self.warnings)
            message = "no checklist items ('- [ ] ...') found under a '## Section' heading"
            raise ReadmeError([*why, Problem(self.filename, 1, 1, "", message)])
        self.warnings += [
            Problem(p.file, p.line, p.column, "", f"{p.message}: left as it is, not an item")
            for p in self.orphans
        ]
        distinct_titles(kept)
        problems = self.problems + section_problems(kept, self.filename)
        problems += duplicate_ids(kept, self.filename)
        if problems:
            raise ReadmeError(_sorted(problems))
        region = None
        if not marked:
            region = (kept[0].line - 1, max(self.claimed) + 1)
            self._prose_to_notes(kept, region)
        assign_ids(kept)
        self.warnings += [
            Problem(
                self.filename,
                draft.line,
                draft.column,
                "",
                f"'{draft.title}' is ticked while some of its items are not: it stays done "
                "(complete_with_children: false in roadmap.yaml)",
            )
            for section in kept
            for draft in walk(section.items)
            if ticked_over_open(draft) and draft.given_id is None
        ]
        states: dict[str, ItemState] = {}
        roadmap = Roadmap(title, tuple(freeze_section(s, states) for s in kept))
        return ImportedReadme(roadmap, states, tuple(_sorted(self.warnings)), region)

    def _prose_to_notes(self, kept: list[SectionDraft], region: tuple[int, int]) -> None:
        """Text inside the checklist's span becomes a note of the item before it."""
        start, end = region
        headings = {section.line - 1 for section in kept}
        items = sorted(
            ((d.line - 1, d) for s in kept for d in walk(s.items)), key=lambda pair: pair[0]
        )
        starts = [index for index, _ in items]
        moved = []
        for index, text in self.prose:
            if not start <= index < end or index in headings or not text.strip():
                continue
            position = bisect_right(starts, index) - 1
            add_note(items[max(position, 0)][1], text.strip())
            moved.append(index + 1)
        if moved:
            shown = ", ".join(map(str, moved[:8])) + (", …" if len(moved) > 8 else "")
            self._warn(
                moved[0],
                1,
                f"{plural(len(moved), 'line')} of text between checklist items kept as notes "
                f"of the item above them, or of the first item (lines {shown})",
            )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def _item_problems(parsed: ParsedText, number: int, column: int, filename: str) -> list[Problem]:
    """What roadmap.yaml would refuse in an item line."""
    messages = []
    item_id = parsed.item_id
    if item_id is not None and (len(item_id) > ID_MAX_LENGTH or not is_valid_id(item_id)):
        messages.append(
            f"id '{item_id}' is not valid: use lowercase letters (a-z or of other scripts), "
            f"digits and single hyphens between words, at most {ID_MAX_LENGTH} characters, "
            f"such as '{slugify(item_id, ID_MAX_LENGTH)}'"
        )
    if parsed.importance is not None and parsed.importance > IMPORTANCE_MAX:
        messages.append(
            f"{parsed.importance} stars: the most is {IMPORTANCE_MAX} "
            f"({IMPORTANCE_MEANING[IMPORTANCE_MAX]})"
        )
    message = too_long(words(parsed.title))
    if message and item_id is not None:
        messages.append(message)
    return [Problem(filename, number, column, "", message) for message in messages]
