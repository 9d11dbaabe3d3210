"""`roadmap-bot list`: the roadmap's items as records and as a table."""

from __future__ import annotations

from typing import Any

from roadmap_bot.roadmap.model import DIFFICULTY_EMOJI, STAR, Roadmap


def as_records(roadmap: Roadmap) -> list[dict[str, Any]]:
    return [
        {
            "id": placed.id,
            "title": placed.item.title,
            "section": placed.section.title,
            "parent": placed.parent_id,
            "depth": placed.depth,
            "difficulty": placed.item.difficulty.value if placed.item.difficulty else None,
            "importance": placed.item.importance,
            "description": placed.item.description,
            "children": [child.id for child in placed.item.children],
        }
        for placed in roadmap.walk()
    ]


def as_table(roadmap: Roadmap) -> str:
    placed_items = list(roadmap.walk())
    id_width = max((len(p.id) + 2 * p.depth for p in placed_items), default=2)
    lines: list[str] = []
    section = None
    for placed in placed_items:
        if placed.section is not section:
            section = placed.section
            if lines:
                lines.append("")
            lines.append(f"## {section.title}")
        item = placed.item
        marks = (DIFFICULTY_EMOJI[item.difficulty] if item.difficulty else "  ") + STAR * (
            item.importance or 0
        )
        # Emoji are two columns wide in a terminal.
        padding = " " * (2 * (3 - (item.importance or 0)))
        ident = ("  " * placed.depth + placed.id).ljust(id_width)
        lines.append(f"{ident}  {marks}{padding}  {item.title}")
    return "\n".join(lines)
