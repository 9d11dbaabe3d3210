"""The roadmap as data: sections of items, items with children, each with a stable id.

Pure: no I/O, no GitHub. Everything else (the YAML file, the README, the sync plan)
reads and writes these frozen dataclasses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class Difficulty(str, Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    def __str__(self) -> str:
        return self.value


# How the README, issues and board show difficulty and importance.
DIFFICULTY_EMOJI = {
    Difficulty.EASY: "🟢",
    Difficulty.MEDIUM: "🟡",
    Difficulty.HARD: "🔴",
}
STAR = "⭐"


IMPORTANCE_MIN = 0
IMPORTANCE_MAX = 3
# GitHub rejects issue titles longer than this.
TITLE_MAX_LENGTH = 256
# Lowercase words joined by single hyphens: safe inside an HTML comment (no "--"),
# in a URL and a YAML plain scalar. A word is a-z, 0-9 or letters of other scripts
# (no ASCII punctuation, space or capital), as GitHub's own heading anchors keep them.
# The same text is the schema's pattern (JSON Schema and Python read it alike).
ID_PATTERN = re.compile(r"^[^\s\x00-/:-`{-\x7f]+(?:-[^\s\x00-/:-`{-\x7f]+)*$")
ID_MAX_LENGTH = 100
# Ids made from titles are shorter: readable in a comment, cut at a word boundary.
SLUG_MAX_LENGTH = 60

IMPORTANCE_MEANING = {
    0: "not important",
    1: "important",
    2: "considerably important",
    3: "very important",
}


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    difficulty: Difficulty | None = None
    importance: int | None = None
    description: str = ""
    # Where the title itself links to (the seed has "[Refactoring Guru](https://...)").
    url: str | None = None
    notes: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    children: tuple[Item, ...] = ()
    previous_ids: tuple[str, ...] = ()
    # Ids of the items to finish before this one (its issue is "blocked by" theirs).
    requires: tuple[str, ...] = ()
    # A parent is done when all its children are; the roadmap can say otherwise.
    complete_with_children: bool = True
    # 1-based line of the item in roadmap.yaml, for messages; not part of identity.
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...] = ()
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class PlacedItem:
    """An item with where it stands in the roadmap."""

    item: Item
    section: Section
    parent: Item | None
    depth: int

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def parent_id(self) -> str | None:
        return self.parent.id if self.parent else None


@dataclass(frozen=True)
class Roadmap:
    title: str
    sections: tuple[Section, ...] = ()

    def walk(self) -> Iterator[PlacedItem]:
        """Every item in file order: a parent before its children."""
        for section in self.sections:
            yield from _walk_items(section.items, section, None, 0)

    def items_by_id(self) -> dict[str, PlacedItem]:
        return {placed.id: placed for placed in self.walk()}

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())


def _walk_items(
    items: tuple[Item, ...], section: Section, parent: Item | None, depth: int
) -> Iterator[PlacedItem]:
    for item in items:
        yield PlacedItem(item, section, parent, depth)
        yield from _walk_items(item.children, section, item, depth + 1)


# Latin letters that Unicode does not decompose into a base letter and a mark.
_LATIN_EXTRA = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}


def _slug_chars(text: str) -> str:
    """Latin letters without their accents, letters and digits of other scripts as they
    are, a hyphen for anything else."""
    out: list[str] = []
    latin = False  # whether the last letter kept was Latin: its marks are accents
    for char in unicodedata.normalize("NFC", text.lower()):
        ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        category = unicodedata.category(char)
        if char.isascii() and char.isalnum():
            out.append(char)
            latin = True
        elif char in _LATIN_EXTRA:
            out.append(_LATIN_EXTRA[char])
            latin = True
        elif category[0] == "M" and latin:
            continue
        elif ascii_form.isalnum() and category[0] in "LN":
            out.append(ascii_form.lower())
            latin = True
        elif category[0] in "LMN" and category not in ("Lu", "Lt"):
            out.append(char)
            latin = False
        else:
            out.append("-")
            latin = False
    return "".join(out)


def cut_at_word(slug: str, limit: int) -> str:
    """slug at most limit characters long, cut at a hyphen where there is one."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    if head.endswith("-"):
        return head.strip("-")
    cut = head[:limit].rsplit("-", 1)[0] if "-" in head[:limit] else head[:limit]
    return cut.strip("-")


def is_valid_id(value: str) -> bool:
    """Whether value is an id: of the pattern, and its own slug (so "café", whose slug is
    "cafe", is not: Latin letters go without their accents)."""
    return bool(ID_PATTERN.fullmatch(value)) and slugify(value, len(value)) == value


def slugify(text: str, limit: int = SLUG_MAX_LENGTH) -> str:
    """A readable id from a title: "CI/CD Pipelines" -> "ci-cd-pipelines",
    "Cómo funciona" -> "como-funciona", "ソート" -> "ソート"."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # keep a link's text only
    text = text.replace("&", " and ").replace("+", " plus ").replace("#", " sharp ")
    slug = re.sub(r"-+", "-", _slug_chars(text)).strip("-")
    return cut_at_word(slug, limit) or "item"
