"""Roadmaps changed for a test: one item's fields changed, or one item taken out."""

from __future__ import annotations

import dataclasses

from roadmap_bot.roadmap.model import Item, Roadmap, Section


def with_item(roadmap: Roadmap, item_id: str, **changes: object) -> Roadmap:
    def walk(items: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(
            dataclasses.replace(
                item, **(changes if item.id == item_id else {}), children=walk(item.children)
            )
            for item in items
        )

    return Roadmap(roadmap.title, tuple(Section(s.title, walk(s.items)) for s in roadmap.sections))


def without_item(roadmap: Roadmap, item_id: str) -> Roadmap:
    def walk(items: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(
            dataclasses.replace(item, children=walk(item.children))
            for item in items
            if item.id != item_id
        )

    return Roadmap(roadmap.title, tuple(Section(s.title, walk(s.items)) for s in roadmap.sections))
