"""The roadmap as data: sections of items, items with children, each with a stable id.

Pure: no I/O, no GitHub. Everything else (the YAML file, the README, the sync plan)
reads and writes these frozen dataclasses.
"""

from __future__ import annotations

import re
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
# in a label, a URL and a YAML plain scalar.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX_LENGTH = 100

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


def slugify(text: str) -> str:
    """A readable id from a title: "CI/CD Pipelines" -> "ci-cd-pipelines"."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # keep a link's text only
    text = text.replace("&", " and ").replace("+", " plus ").replace("#", " sharp ")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > ID_MAX_LENGTH:
        slug = slug[:ID_MAX_LENGTH].rstrip("-")
    return slug or "item"
