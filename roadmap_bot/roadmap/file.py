"""roadmap.yaml, the curriculum: read it, check it, write it.

parse_roadmap() composes the YAML node tree (not plain Python objects) and walks it, so
that every problem carries the line and column of the node at fault, duplicate keys are
seen, and booleans or numbers are told apart from text by their tag. It collects every
problem in the file before raising one RoadmapFileError.

dump_roadmap() writes a Roadmap back in the same format, deterministically, so that
parse_roadmap(dump_roadmap(roadmap)) == roadmap. The format is described in
docs/roadmap-format.md; schema/roadmap.schema.json describes it for editors.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.errors import RoadmapFileError
from roadmap_bot.roadmap.dump import SCHEMA_COMMENT, SCHEMA_FILE, SCHEMA_PATH, dump_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.validate import Checker
from roadmap_bot.roadmap.yaml_nodes import compose, no_cyclic_gc
from roadmap_bot.textfile import decode_utf8, read_bytes

__all__ = [
    "SCHEMA_COMMENT",
    "SCHEMA_FILE",
    "SCHEMA_PATH",
    "dump_roadmap",
    "load_roadmap",
    "parse_roadmap",
]


def load_roadmap(path: Path | str) -> Roadmap:
    """The roadmap in the file at path; messages name the file as path is given."""
    return parse_roadmap(read_bytes(path), str(path))


def parse_roadmap(text: str | bytes, filename: str) -> Roadmap:
    """The roadmap in text, or RoadmapFileError with every problem, sorted by position."""
    if isinstance(text, bytes):
        text = decode_utf8(text, filename, RoadmapFileError)
    with no_cyclic_gc():
        root = compose(text.removeprefix("\ufeff"), filename)
        checker = Checker(filename)
        roadmap = checker.roadmap(root)
    if checker.problems:
        raise RoadmapFileError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return roadmap
