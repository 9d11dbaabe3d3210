"""Items and sections while a README is read (their words, notes and links), and what is
settled once it all is: ids, section titles that can be told apart, the frozen roadmap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from roadmap_bot.errors import Problem
from roadmap_bot.readme.boxes import ANY_BOX_RE, read_mark, tight_box
from roadmap_bot.readme.line import split_link
from roadmap_bot.roadmap.model import (
    SLUG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Difficulty,
    Item,
    Link,
    Section,
    cut_at_word,
    slugify,
)
from roadmap_bot.roadmap.states import ItemState


@dataclass
class Draft:
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
    children: list[Draft] = field(default_factory=list)
    parent: Draft | None = None
    id: str = ""


@dataclass
class SectionDraft:
    title: str
    line: int  # 1-based line of its heading
    # The heading it sits under ("HTML" for "### Best practices" under "## HTML").
    parent_title: str | None = None
    items: list[Draft] = field(default_factory=list)


def walk(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for draft in drafts:
        out.append(draft)
        out.extend(walk(draft.children))
    return out


def distinct_titles(sections: list[SectionDraft]) -> None:
    """Sections of one title become milestones of one title: name each by the heading it
    sits under ("Best practices (HTML)"), then by number where that is not enough."""
    counts = Counter(section.title for section in sections)
    for section in sections:
        if counts[section.title] > 1 and section.parent_title:
            section.title = f"{section.title} ({section.parent_title})"
    seen: Counter[str] = Counter()
    for section in sections:
        seen[section.title] += 1
        if seen[section.title] > 1:
            section.title = f"{section.title} ({seen[section.title]})"


def section_problems(sections: list[SectionDraft], filename: str) -> list[Problem]:
    problems = []
    for section in sections:
        message = too_long(section.title) or (
            None if section.title else "section heading without a title"
        )
        if message:
            problems.append(Problem(filename, section.line, 1, "", message))
    return problems


def too_long(title: str) -> str | None:
    if len(title) <= TITLE_MAX_LENGTH:
        return None
    return (
        f"title is {len(title)} characters long; GitHub allows at most "
        f"{TITLE_MAX_LENGTH} in an issue title"
    )


def shorten(title: str, description: str) -> tuple[str, str]:
    """A title too long for an issue, cut at a word boundary; the rest leads the description."""
    head = title[: TITLE_MAX_LENGTH - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    rest = title[len(head) :].strip()
    return f"{head}…", f"…{rest}: {description}" if description else f"…{rest}"


def duplicate_ids(sections: list[SectionDraft], filename: str) -> list[Problem]:
    first: dict[str, Draft] = {}
    problems = []
    for section in sections:
        for draft in walk(section.items):
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


def assign_ids(sections: list[SectionDraft]) -> None:
    """Ids from titles; where a title repeats, each copy is named by its parent."""
    everything = [(section, draft) for section in sections for draft in walk(section.items)]
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
            candidate, n = cut_at_word(slug, SLUG_MAX_LENGTH - len(suffix)) + suffix, n + 1
        draft.id = candidate
        taken.add(candidate)


def freeze_section(section: SectionDraft, states: dict[str, ItemState]) -> Section:
    return Section(section.title, tuple(_freeze(d, states) for d in section.items), section.line)


def ticked_over_open(draft: Draft) -> bool:
    """A parent ticked while one of its items is not: its author ticked the whole block
    ("done at the top level"). It stays done rather than wait for its children."""
    return draft.state is ItemState.DONE and any(
        child.state is ItemState.TODO for child in draft.children
    )


def _freeze(draft: Draft, states: dict[str, ItemState]) -> Item:
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
        complete_with_children=not ticked_over_open(draft),
        line=draft.line,
    )


def words(text: str) -> str:
    """Text as roadmap.yaml keeps it: Markdown shows a run of spaces or a tab as one space."""
    return " ".join(text.split())


def add_note(draft: Draft, text: str) -> bool:
    """A note, or a link when the note is only a link; True for a link."""
    link = split_link(text.strip())
    if link and link[0].strip() and not link[2].strip():
        draft.links.append(Link(words(link[0]), link[1]))
        return True
    if text.strip():
        draft.notes.append(inert(words(text)))
    return False


def inert(note: str) -> str:
    """A note that would read as a box once rendered as a bullet ("[x] means done"), with
    its bracket escaped: GitHub shows it as written, and it stays a note."""
    bullet = f"- {note}"
    box = ANY_BOX_RE.match(bullet)
    if tight_box(bullet) or (box and read_mark(box.group("mark")).state is not None):
        return "\\" + note
    return note
