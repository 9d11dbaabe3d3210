"""roadmap.yaml written back, deterministically: parse_roadmap(dump_roadmap(r)) == r."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.yaml_nodes import ODD_BREAKS, STR

# Relative to the repository root, where roadmap.yaml lives.
SCHEMA_PATH = "./roadmap_bot/roadmap/schema/roadmap.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_PATH}"
# The schema file inside the installed package.
SCHEMA_FILE = Path(__file__).parent / "schema" / "roadmap.schema.json"


class _Dumper(yaml.SafeDumper):
    """Block style, list dashes indented under their key, no anchors."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    """Multi-line text as a literal block (PyYAML falls back to quotes where that is unsafe).

    Line breaks other than \n go in double quotes, escaped: PyYAML would write them raw
    in a block or in single quotes, where reading folds them into \n or a space. So does
    text that ends in blank lines: a block would need "keep" chomping (|+), which only
    the end of the document ("...") can end.
    """
    if any(char in value for char in ODD_BREAKS) or value.endswith("\n\n"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR, value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_roadmap(roadmap: Roadmap) -> str:
    """roadmap as roadmap.yaml text: the schema comment, then one block per section."""
    head = f"{SCHEMA_COMMENT}\n{_dump({'title': roadmap.title})}"
    if not roadmap.sections:
        return f"{head}sections: []\n"
    blocks = (_indent(_dump([_section_data(section)])) for section in roadmap.sections)
    return f"{head}sections:\n" + "\n".join(blocks)


def _dump(data: object) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        indent=2,
        width=sys.maxsize,
    )


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else line for line in text.split("\n"))


def _section_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"title": section.title}
    if section.items:
        data["items"] = [_item_data(item) for item in section.items]
    return data


def _item_data(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "title": item.title}
    optional: dict[str, Any] = {
        "difficulty": item.difficulty.value if item.difficulty else None,
        "importance": item.importance,
        "description": item.description or None,
        "url": item.url or None,
        "notes": list(item.notes) or None,
        "links": [{"title": link.title, "url": link.url} for link in item.links] or None,
        "previous_ids": list(item.previous_ids) or None,
        "requires": list(item.requires) or None,
        "complete_with_children": None if item.complete_with_children else False,
        "children": [_item_data(child) for child in item.children] or None,
    }
    data.update((key, value) for key, value in optional.items() if value is not None)
    return data
