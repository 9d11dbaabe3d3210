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

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from roadmap_bot import model
from roadmap_bot.errors import Problem, RoadmapFileError
from roadmap_bot.model import Difficulty, Item, Link, Roadmap, Section
from roadmap_bot.suggest import did_you_mean, quote
from roadmap_bot.textfile import decode_utf8, read_bytes

# Relative to the repository root, where roadmap.yaml lives.
SCHEMA_PATH = "./src/roadmap_bot/schema/roadmap.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_PATH}"
# The schema file inside the installed package.
SCHEMA_FILE = Path(__file__).parent / "schema" / "roadmap.schema.json"

ROADMAP_KEYS = ("title", "sections")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = (
    "id",
    "title",
    "difficulty",
    "importance",
    "description",
    "url",
    "notes",
    "links",
    "previous_ids",
    "complete_with_children",
    "children",
)
LINK_KEYS = ("title", "url")
DIFFICULTIES = tuple(difficulty.value for difficulty in Difficulty)

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
_INT = _YAML_TAG + "int"
_BOOL = _YAML_TAG + "bool"
_NULL = _YAML_TAG + "null"
_SCALAR_KINDS = {
    _STR: "string",
    _INT: "integer",
    _BOOL: "boolean",
    _YAML_TAG + "float": "number",
    _YAML_TAG + "timestamp": "date",
}
# Stands for an alias (*name) in the node tree; reported where the walk meets it.
_ALIAS = "!roadmap-bot/alias"
# Line breaks to YAML that are not \n.
_ODD_BREAKS = frozenset("\r\x85\u2028\u2029")
# Everything str.splitlines() splits on.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# PyYAML's words in its messages, in ours.
_YAML_WORDS = {
    "'<block end>'": "end of block",
    "<block end>": "end of block",
    "'<block mapping start>'": "a new mapping",
    "'<block sequence start>'": "a new list",
    "'<stream end>'": "end of file",
    "end of stream": "end of file",
    "'<scalar>'": "a value",
    "'<document start>'": "'---'",
    "'?'": "a key",
    "block collection": "list",
    "block mapping": "mapping",
    "flow sequence": "[...] list",
    "flow mapping": "{...} mapping",
    "simple key": "key",
    "scalar": "value",
}
# What to do, by a phrase in PyYAML's message: the first that matches.
_SYNTAX_HINTS = {
    "mapping values are not allowed here": "put a value that contains ': ' in quotes",
    "found character '\\t'": "use spaces, not tabs, or put a value with a tab in quotes",
    "that cannot start any token": "put a value that starts with this character in quotes",
    "while scanning a quoted scalar": "a quote is not closed",
    "expected <block end>": "check the indentation of this line",
    "could not find expected ':'": "check the indentation, and that each key ends with ':'",
}
_CONSTRUCTOR = SafeConstructor()


def load_roadmap(path: Path | str) -> Roadmap:
    """The roadmap in the file at path; messages name the file as path is given."""
    return parse_roadmap(read_bytes(path), str(path))


def parse_roadmap(text: str | bytes, filename: str) -> Roadmap:
    """The roadmap in text, or RoadmapFileError with every problem, sorted by position."""
    if isinstance(text, bytes):
        text = decode_utf8(text, filename, RoadmapFileError)
    with _no_cyclic_gc():
        root = _compose(text.removeprefix("\ufeff"), filename)
        checker = _Checker(filename)
        roadmap = checker.roadmap(root)
    if checker.problems:
        raise RoadmapFileError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return roadmap


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The node tree and the roadmap are many small objects and no cycles: the cyclic
    collector would only scan them again and again (half the time of a large file)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader(yaml.SafeLoader):
    """A SafeLoader that turns an alias into a placeholder node instead of sharing nodes."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            return ScalarNode(_ALIAS, event.anchor, event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


def _compose(text: str, filename: str) -> Node | None:
    # libyaml composes a large roadmap about seven times faster than pure Python. Files
    # with anchors or aliases, and files it refuses, go the pure Python way, whose
    # placeholders and messages say exactly what is wrong and where.
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and "&" not in text and "*" not in text:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    try:
        loader = _Loader(text)
    except ReaderError as error:  # the whole text is checked for unprintable characters first
        raise RoadmapFileError([_reader_problem(error, text, filename)]) from None
    try:
        return loader.get_single_node()
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = Problem(filename, line, column, "", _syntax_message(error))
        raise RoadmapFileError([problem]) from None
    finally:
        loader.dispose()


def _syntax_message(error: MarkedYAMLError) -> str:
    context, mark = error.context or "", error.context_mark
    at = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    if context == "expected a single document in the stream":
        return "the file must hold a single YAML document; remove the second '---'"
    if context.startswith("found duplicate anchor") and at:
        anchor = context.split(";")[0].removeprefix("found duplicate anchor ")
        return f"invalid YAML: duplicate anchor {anchor} (first at {at}); remove the anchors"
    message = f"invalid YAML: {_in_words(error.problem or context or 'unreadable')}"
    if error.problem and context and at:
        message += f" ({_in_words(context)} at {at})"
    said = f"{error.problem} {context}"
    hint = next((hint for key, hint in _SYNTAX_HINTS.items() if key in said), "")
    return f"{message}; {hint}" if hint else message


def _in_words(text: str) -> str:
    for yaml_words, words in _YAML_WORDS.items():
        text = text.replace(yaml_words, words)
    return text


def _reader_problem(error: ReaderError, text: str, filename: str) -> Problem:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    message = f"the character U+{error.character:04X} is not allowed in YAML; remove it"
    return Problem(filename, line, column, "", message)


@dataclass(frozen=True)
class _Use:
    """Where an id (or a former id) is written, and which item it belongs to."""

    value: str
    mark: Mark
    where: str
    owner: str


class _Checker:
    """Walks the node tree, building the roadmap and collecting every problem."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self._ids: list[_Use] = []
        self._previous_ids: list[_Use] = []

    def report(self, mark: Mark, where: str, message: str) -> None:
        problem = Problem(self.filename, mark.line + 1, mark.column + 1, where, message)
        self.problems.append(problem)

    def _at(self, use: _Use) -> str:
        return f"{self.filename}:{use.mark.line + 1}:{use.mark.column + 1} ({use.where})"

    # The levels of the document

    def roadmap(self, root: Node | None) -> Roadmap:
        if root is None or (_is_null(root) and not root.value):
            message = "the file is empty; it needs a 'title' and a list of 'sections'"
            self.problems.append(Problem(self.filename, 1, 1, "", message))
            return Roadmap("")
        if not isinstance(root, MappingNode):
            expected = "a mapping with 'title' and 'sections'"
            self.wrong_type(root, "", "the top level", expected)
            return Roadmap("")
        fields = self.fields(root, "", ROADMAP_KEYS)
        title = self.title(fields, root, "")
        sections: tuple[Section, ...] = ()
        if "sections" not in fields:
            self.report(root.start_mark, "", "missing required key 'sections'")
        else:
            sections = self.sections(fields["sections"], "sections")
        self.check_ids()
        return Roadmap(title, sections)

    def sections(self, node: Node, where: str) -> tuple[Section, ...]:
        nodes = self.sequence(node, where, "sections", "a list of sections", optional=False)
        found = (self.section(child, f"{where}[{i}]") for i, child in enumerate(nodes))
        return tuple(section for section in found if section is not None)

    def section(self, node: Node, path: str) -> Section | None:
        if not isinstance(node, MappingNode):
            self.wrong_type(node, path, "a section", "a mapping with 'title' and 'items'")
            return None
        fields = self.fields(node, path, SECTION_KEYS)
        title = self.title(fields, node, path)
        items = self.items(fields.get("items"), _key(path, "items"))
        return Section(title, items, line=node.start_mark.line + 1)

    def items(self, node: Node | None, where: str) -> tuple[Item, ...]:
        nodes = self.sequence(node, where, where.rpartition(".")[2], "a list of items")
        found = (self.item(child, f"{where}[{i}]") for i, child in enumerate(nodes))
        return tuple(item for item in found if item is not None)

    def item(self, node: Node, path: str) -> Item | None:
        if not isinstance(node, MappingNode):
            self.wrong_type(node, path, "an item", "a mapping with at least 'id' and 'title'")
            return None
        fields = self.fields(node, path, ITEM_KEYS)
        title = self.title(fields, node, path)
        return Item(
            id=self.item_id(fields, node, path, title),
            title=title,
            difficulty=self.difficulty(fields.get("difficulty"), _key(path, "difficulty")),
            importance=self.importance(fields.get("importance"), _key(path, "importance")),
            description=self.description(fields.get("description"), _key(path, "description")),
            url=self.url(fields.get("url"), _key(path, "url")),
            notes=self.notes(fields.get("notes"), _key(path, "notes")),
            links=self.links(fields.get("links"), _key(path, "links")),
            children=self.items(fields.get("children"), _key(path, "children")),
            previous_ids=self.previous_ids(fields.get("previous_ids"), path),
            complete_with_children=self.flag(fields.get("complete_with_children"), path),
            line=node.start_mark.line + 1,
        )

    # Mappings and lists

    def fields(self, node: MappingNode, path: str, allowed: tuple[str, ...]) -> dict[str, Node]:
        """Each allowed key's value; reports unknown, duplicate and non-text keys."""
        fields: dict[str, Node] = {}
        first: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _ALIAS:
                self.wrong_type(key_node, path, "a key", "a word such as 'title'")
                continue
            key = key_node.value
            if key not in allowed:
                where = _key(path, quote(key)[1:-1])
                self.report(key_node.start_mark, where, _unknown_key(key, allowed))
            elif key in first:
                at = f"{self.filename}:{first[key].line + 1}:{first[key].column + 1}"
                message = f"duplicate key {quote(key)}: already given at {at}; keep one"
                self.report(key_node.start_mark, _key(path, quote(key)[1:-1]), message)
            else:
                first[key] = key_node.start_mark
                fields[key] = value_node
        return fields

    def sequence(
        self, node: Node | None, where: str, name: str, expected: str, *, optional: bool = True
    ) -> list[Node]:
        """The entries of a list; an absent or empty optional value is an empty list."""
        if node is None or (optional and _is_null(node)):
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.wrong_type(node, where, name, expected)
        return []

    def wrong_type(self, node: Node, where: str, name: str, expected: str, hint: str = "") -> None:
        if node.tag == _ALIAS:
            alias = quote("*" + node.value)
            message = f"YAML aliases ({alias}) are not supported; write the value out in full"
        else:
            message = f"{name} must be {expected}, got {_describe(node)}{hint}"
        self.report(node.start_mark, where, message)

    # Text

    def text(self, node: Node, where: str, name: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return str(node.value)
        self.wrong_type(node, where, name, "a string", _text_hint(node))
        return None

    def title(
        self, fields: dict[str, Node], node: MappingNode, path: str, *, limit: bool = True
    ) -> str:
        if "title" not in fields:
            self.report(node.start_mark, path, "missing required key 'title'")
            return ""
        value_node, where = fields["title"], _key(path, "title")
        if _is_null(value_node):
            self.report(value_node.start_mark, where, "title is empty")
            return ""
        title = self.text(value_node, where, "title")
        if title is None:
            return ""
        for message in _title_problems(title, limit=limit):
            self.report(value_node.start_mark, where, message)
        return title

    def description(self, node: Node | None, where: str) -> str:
        if node is None or _is_null(node):
            return ""
        return self.text(node, where, "description") or ""

    def url(self, node: Node | None, where: str, *, required: bool = False) -> str | None:
        empty = "url is empty; " + ("give the link's address" if required else "remove it")
        if node is None or _is_null(node):
            if node is not None and required:
                self.report(node.start_mark, where, empty)
            return None
        url = self.text(node, where, "url")
        if url is None:
            return None
        if not url:
            self.report(node.start_mark, where, empty)
        elif any(char.isspace() for char in url):
            message = f"url must not contain spaces or line breaks, got {quote(url)}"
            self.report(node.start_mark, where, message)
        return url

    def notes(self, node: Node | None, where: str) -> tuple[str, ...]:
        notes = []
        for i, child in enumerate(self.sequence(node, where, "notes", "a list of strings")):
            note = self.text(child, f"{where}[{i}]", "a note")
            if note is not None and not note.strip():
                self.report(child.start_mark, f"{where}[{i}]", "note is empty; remove it")
            notes.append(note or "")
        return tuple(notes)

    def links(self, node: Node | None, where: str) -> tuple[Link, ...]:
        expected = "a list of links, each with 'title' and 'url'"
        nodes = self.sequence(node, where, "links", expected)
        found = (self.link(child, f"{where}[{i}]") for i, child in enumerate(nodes))
        return tuple(link for link in found if link is not None)

    def link(self, node: Node, path: str) -> Link | None:
        if not isinstance(node, MappingNode):
            self.wrong_type(node, path, "a link", "a mapping with 'title' and 'url'")
            return None
        fields = self.fields(node, path, LINK_KEYS)
        title = self.title(fields, node, path, limit=False)
        if "url" not in fields:
            self.report(node.start_mark, path, "missing required key 'url'")
            return Link(title, "")
        url = self.url(fields["url"], _key(path, "url"), required=True)
        return Link(title, url or "")

    # Ids

    def item_id(self, fields: dict[str, Node], node: MappingNode, path: str, title: str) -> str:
        if "id" not in fields:
            example = f"; for example 'id: {model.slugify(title)}'" if title else ""
            self.report(node.start_mark, path, f"missing required key 'id'{example}")
            return ""
        value_node, where = fields["id"], _key(path, "id")
        value = self.id_value(value_node, where, "id")
        if value is None:
            return ""
        self._ids.append(_Use(value, value_node.start_mark, where, path))
        return value

    def previous_ids(self, node: Node | None, path: str) -> tuple[str, ...]:
        where = _key(path, "previous_ids")
        values = []
        for i, child in enumerate(self.sequence(node, where, "previous_ids", "a list of ids")):
            value = self.id_value(child, f"{where}[{i}]", "previous id")
            if value is not None:
                self._previous_ids.append(_Use(value, child.start_mark, f"{where}[{i}]", path))
                values.append(value)
        return tuple(values)

    def id_value(self, node: Node, where: str, name: str) -> str | None:
        """A well-formed id, or None after reporting what is wrong with it."""
        if _is_null(node):
            self.report(node.start_mark, where, f"{name} is empty")
            return None
        value = self.text(node, where, name)
        if value is None:
            return None
        messages = _id_problems(value, name)
        for message in messages:
            self.report(node.start_mark, where, message)
        return None if messages else value

    def check_ids(self) -> None:
        """Ids unique; a former id neither in use nor listed twice."""
        current: dict[str, _Use] = {}
        for use in self._ids:
            if use.value in current:
                message = (
                    f"duplicate id {quote(use.value)}: also used at {self._at(current[use.value])}"
                )
                self.report(use.mark, use.where, message)
            else:
                current[use.value] = use
        former: dict[str, _Use] = {}
        for use in self._previous_ids:
            name = f"previous id {quote(use.value)}"
            other = current.get(use.value)
            if other is not None and other.owner == use.owner:
                self.report(use.mark, use.where, f"{name} is this item's own id; remove it")
            elif other is not None:
                message = f"{name} is the id of another item, at {self._at(other)}"
                self.report(use.mark, use.where, message)
            elif use.value in former:
                message = f"{name} is also listed at {self._at(former[use.value])}"
                self.report(use.mark, use.where, message + "; a former id belongs to one item")
            else:
                former[use.value] = use

    # Enumerations, numbers, booleans

    def difficulty(self, node: Node | None, where: str) -> Difficulty | None:
        if node is None or _is_null(node):
            return None
        expected = "one of " + ", ".join(DIFFICULTIES)
        if not (isinstance(node, ScalarNode) and node.tag == _STR):
            self.wrong_type(node, where, "difficulty", expected)
            return None
        if node.value in DIFFICULTIES:
            return Difficulty(node.value)
        hint = did_you_mean(node.value, DIFFICULTIES)
        message = f"difficulty must be {expected}, got {quote(node.value)}{hint}"
        self.report(node.start_mark, where, message)
        return None

    def importance(self, node: Node | None, where: str) -> int | None:
        if node is None or _is_null(node):
            return None
        low, high = model.IMPORTANCE_MIN, model.IMPORTANCE_MAX
        meaning = model.IMPORTANCE_MEANING
        expected = f"a whole number from {low} ({meaning[low]}) to {high} ({meaning[high]})"
        value = _as_int(node)
        if value is None:
            quoted = node.tag == _STR and node.value.strip().isdigit()
            hint = "; remove the quotes" if quoted else ""
            self.wrong_type(node, where, "importance", expected, hint)
            return None
        if not low <= value <= high:
            message = f"importance must be {expected}, got {quote(node.value)}"
            self.report(node.start_mark, where, message)
            return None
        return value

    def flag(self, node: Node | None, path: str) -> bool:
        if node is None or _is_null(node):
            return True
        value = _as_bool(node)
        if value is None:
            where = _key(path, "complete_with_children")
            self.wrong_type(node, where, "complete_with_children", "true or false")
            return True
        return value


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _as_int(node: Node) -> int | None:
    if not (isinstance(node, ScalarNode) and node.tag == _INT):
        return None
    try:
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    except ValueError:  # an explicit !!int on something that is not a number
        return None


def _as_bool(node: Node) -> bool | None:
    if not (isinstance(node, ScalarNode) and node.tag == _BOOL):
        return None
    try:
        return bool(_CONSTRUCTOR.construct_yaml_bool(node))
    except KeyError:  # an explicit !!bool on something that is not a boolean
        return None


def _describe(node: Node) -> str:
    """What a node is, in words, with its value quoted."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "an empty value"
    if node.tag in _SCALAR_KINDS:
        return f"the {_SCALAR_KINDS[node.tag]} {quote(node.value)}"
    if node.tag.startswith(_YAML_TAG):
        return f"the value {quote(node.value)}"
    return f"a value tagged {quote(node.tag)}"


def _text_hint(node: Node) -> str:
    """How to make a value YAML read as something else into text."""
    scalar = isinstance(node, ScalarNode) and node.tag.startswith(_YAML_TAG)
    if scalar and node.tag not in (_STR, _NULL):
        return "; put it in quotes if it is meant as text"
    if isinstance(node, MappingNode) and len(node.value) == 1:
        return "; put text that contains ': ' in quotes"
    return ""


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    hint = did_you_mean(key, allowed)
    if not hint:
        hint = "; allowed keys: " + ", ".join(allowed)
    return f"unknown key {quote(key)}{hint}"


def _title_problems(title: str, *, limit: bool) -> list[str]:
    if not title.strip():
        return ["title is empty"]
    problems = []
    if any(char in _LINE_BREAKS for char in title):
        problems.append("title must be on one line")
    elif title != title.strip():
        problems.append("title must not start or end with whitespace")
    if "\t" in title:
        # GitHub shows a tab in an issue title as a space; say so rather than differ.
        problems.append("title must not contain tabs; use spaces")
    if limit and len(title) > model.TITLE_MAX_LENGTH:
        problems.append(
            f"title is {len(title)} characters long; GitHub allows at most "
            f"{model.TITLE_MAX_LENGTH} in an issue title"
        )
    return problems


def _id_problems(value: str, name: str) -> list[str]:
    if not value:
        return [f"{name} is empty"]
    problems = []
    if len(value) > model.ID_MAX_LENGTH:
        problems.append(
            f"{name} is {len(value)} characters long; the most is {model.ID_MAX_LENGTH}"
        )
    if not model.ID_PATTERN.fullmatch(value):
        problems.append(
            f"{name} {quote(value)} is not valid: use lowercase letters a-z, digits and single"
            f" hyphens between words, such as {quote(model.slugify(value))}"
        )
    return problems


# Writing


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
    if any(char in value for char in _ODD_BREAKS) or value.endswith("\n\n"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR, value, style=style)


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
        "complete_with_children": None if item.complete_with_children else False,
        "children": [_item_data(child) for child in item.children] or None,
    }
    data.update((key, value) for key, value in optional.items() if value is not None)
    return data
