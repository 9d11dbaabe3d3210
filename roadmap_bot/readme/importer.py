"""Read a roadmap README's checklist into a Roadmap (`roadmap-bot import`).

Sections are `##` headings holding checkbox items; nesting follows indentation; plain
bullets under an item are its notes (a bullet that is only a link is one of its links).
Items keep the id of their `<!-- id:... -->` comment; items without one get a readable
id made from their title, told apart by their parent where titles repeat.

What it reads is always a valid roadmap.yaml: what roadmap.yaml would refuse (an id
given twice or malformed, more than three stars, a title too long for GitHub) is a
problem named by its README line; a tab in a title is read as a space.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from roadmap_bot.errors import Problem, ReadmeError
from roadmap_bot.readme.line import (
    CHECKBOX_RE,
    LINK_RE,
    PLAIN_BULLET_RE,
    ParsedText,
    indent_width,
    line_state,
    parse_item_text,
)
from roadmap_bot.readme.markers import checklist_bounds
from roadmap_bot.roadmap.model import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    IMPORTANCE_MAX,
    IMPORTANCE_MEANING,
    TITLE_MAX_LENGTH,
    Difficulty,
    Item,
    Link,
    Roadmap,
    Section,
    slugify,
)
from roadmap_bot.roadmap.states import ItemState

_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t#]*$")
_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")
_PLACEHOLDERS = {"...", "…"}


@dataclass
class _Draft:
    """An item while the README is read: ids are settled at the end."""

    title: str
    description: str
    difficulty: Difficulty | None
    importance: int | None
    url: str | None
    given_id: str | None
    state: ItemState
    line: int
    indent: int
    column: int
    notes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)
    parent: _Draft | None = None
    id: str = ""


@dataclass
class _SectionDraft:
    title: str
    line: int
    items: list[_Draft] = field(default_factory=list)


@dataclass(frozen=True)
class ImportedReadme:
    roadmap: Roadmap
    states: dict[str, ItemState]


def import_readme(text: str, filename: str = "README.md") -> ImportedReadme:
    """The roadmap a README's checklist describes, and the state of each box."""
    lines = text.splitlines()
    bounds = checklist_bounds(lines)
    first, last = bounds if bounds else (0, len(lines))
    title = _roadmap_title(lines) or "Roadmap"
    sections: list[_SectionDraft] = []
    problems: list[Problem] = []
    stack: list[_Draft] = []
    in_fence = False
    for index in range(first, last):
        line = lines[index]
        number = index + 1
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        heading = _HEADING_RE.match(line)
        if heading and len(heading.group("hashes")) >= 2:
            sections.append(_SectionDraft(_title(heading.group("title")), number))
            stack = []
            continue
        box = CHECKBOX_RE.match(line)
        if box:
            _read_item(box, number, sections, stack, problems, filename)
            continue
        bullet = PLAIN_BULLET_RE.match(line)
        if bullet and stack:
            _read_note(bullet, stack)
        elif line.strip() and not bullet:
            stack = [] if not line.startswith((" ", "\t")) else stack
    kept = [section for section in sections if section.items]
    problems += _section_problems(kept, filename) + _duplicate_ids(kept, filename)
    if problems:
        raise ReadmeError(sorted(problems, key=lambda p: (p.line, p.column)))
    if not kept:
        raise ReadmeError([Problem(filename, 1, 1, "", "no checklist items ('- [ ] ...') found")])
    _assign_ids(kept)
    states: dict[str, ItemState] = {}
    roadmap = Roadmap(
        title=title,
        sections=tuple(
            Section(s.title, tuple(_freeze(d, states) for d in s.items), s.line) for s in kept
        ),
    )
    return ImportedReadme(roadmap, states)


def _roadmap_title(lines: list[str]) -> str | None:
    for line in lines:
        heading = _HEADING_RE.match(line)
        if heading and len(heading.group("hashes")) == 1:
            return _title(heading.group("title"))[:TITLE_MAX_LENGTH].strip()
    return None


def _title(text: str) -> str:
    """A title as roadmap.yaml takes it: GitHub shows a tab in an issue title as a space."""
    return text.replace("\t", " ").strip()


def _too_long(title: str) -> str | None:
    if len(title) <= TITLE_MAX_LENGTH:
        return None
    return (
        f"title is {len(title)} characters long; GitHub allows at most "
        f"{TITLE_MAX_LENGTH} in an issue title"
    )


def _item_problems(parsed: ParsedText, number: int, column: int, filename: str) -> list[Problem]:
    """What roadmap.yaml would refuse in an item line."""
    messages = []
    item_id = parsed.item_id
    if item_id is not None and (len(item_id) > ID_MAX_LENGTH or not ID_PATTERN.fullmatch(item_id)):
        messages.append(
            f"id '{item_id}' is not valid: use lowercase letters a-z, digits and single hyphens"
            f" between words, at most {ID_MAX_LENGTH} characters, such as '{slugify(item_id)}'"
        )
    if parsed.importance is not None and parsed.importance > IMPORTANCE_MAX:
        messages.append(
            f"{parsed.importance} stars: the most is {IMPORTANCE_MAX} "
            f"({IMPORTANCE_MEANING[IMPORTANCE_MAX]})"
        )
    too_long = _too_long(_title(parsed.title))
    if too_long:
        messages.append(too_long)
    return [Problem(filename, number, column, "", message) for message in messages]


def _section_problems(sections: list[_SectionDraft], filename: str) -> list[Problem]:
    problems = []
    for section in sections:
        message = _too_long(section.title) or (
            None if section.title else "section heading without a title"
        )
        if message:
            problems.append(Problem(filename, section.line, 1, "", message))
    return problems


def _duplicate_ids(sections: list[_SectionDraft], filename: str) -> list[Problem]:
    first: dict[str, _Draft] = {}
    problems = []
    for section in sections:
        for draft in _walk(section.items):
            if draft.given_id is None:
                continue
            if draft.given_id in first:
                message = (
                    f"id '{draft.given_id}' is also used at line "
                    f"{first[draft.given_id].line}; give each item its own id"
                )
                problems.append(Problem(filename, draft.line, draft.column, "", message))
            else:
                first[draft.given_id] = draft
    return problems


def _read_item(
    box: re.Match[str],
    number: int,
    sections: list[_SectionDraft],
    stack: list[_Draft],
    problems: list[Problem],
    filename: str,
) -> None:
    parsed = parse_item_text(box.group("text"))
    indent = indent_width(box.group("indent"))
    column = len(box.group("indent")) + 1
    if parsed.title in _PLACEHOLDERS and parsed.item_id is None:
        return
    if not sections:
        problems.append(
            Problem(filename, number, column, "", "checklist item before any '## Section' heading")
        )
        return
    if not parsed.title.strip("*_~` "):
        problems.append(Problem(filename, number, column, "", "checklist item without a title"))
        return
    problems += _item_problems(parsed, number, column, filename)
    while stack and stack[-1].indent >= indent:
        stack.pop()
    draft = _Draft(
        title=_title(parsed.title),
        description=parsed.description,
        difficulty=parsed.difficulty,
        importance=parsed.importance,
        url=parsed.url,
        given_id=parsed.item_id,
        state=line_state(box.group("mark"), parsed.skipped),
        line=number,
        indent=indent,
        column=column,
        parent=stack[-1] if stack else None,
    )
    if draft.parent:
        draft.parent.children.append(draft)
    else:
        sections[-1].items.append(draft)
    stack.append(draft)


def _read_note(bullet: re.Match[str], stack: list[_Draft]) -> None:
    indent = indent_width(bullet.group("indent"))
    while stack and stack[-1].indent >= indent:
        stack.pop()
    if not stack:
        return
    text = bullet.group("text")
    link = LINK_RE.match(text)
    if link and _title(link.group("label")):
        stack[-1].links.append(Link(_title(link.group("label")), link.group("url")))
    elif text.strip():
        stack[-1].notes.append(text)


def _walk(drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    for draft in drafts:
        out.append(draft)
        out.extend(_walk(draft.children))
    return out


def _assign_ids(sections: list[_SectionDraft]) -> None:
    """Ids from titles; where a title repeats, each copy is named by its parent."""
    everything = [(section, draft) for section in sections for draft in _walk(section.items)]
    taken = {draft.given_id for _, draft in everything if draft.given_id}
    base = Counter(slugify(draft.title) for _, draft in everything if not draft.given_id)
    base.update(taken)
    for section, draft in everything:
        if draft.given_id:
            draft.id = draft.given_id
            continue
        slug = slugify(draft.title)
        if base[slug] > 1:
            owner = draft.parent.title if draft.parent else section.title
            slug = slugify(f"{owner} {draft.title}")
        candidate, n = slug, 2
        while candidate in taken:
            suffix = f"-{n}"
            candidate, n = slug[: ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix, n + 1
        draft.id = candidate
        taken.add(candidate)


def _freeze(draft: _Draft, states: dict[str, ItemState]) -> Item:
    states[draft.id] = draft.state
    return Item(
        id=draft.id,
        title=draft.title,
        difficulty=draft.difficulty,
        importance=draft.importance,
        description=draft.description,
        url=draft.url,
        notes=tuple(draft.notes),
        links=tuple(draft.links),
        children=tuple(_freeze(child, states) for child in draft.children),
        line=draft.line,
    )
