"""The checks of single values in roadmap.yaml (text, urls, links, difficulty, flags...):
each builds the value and reports a problem, with where it is, when it cannot."""

from __future__ import annotations

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roadmap_bot.errors import Problem
from roadmap_bot.roadmap import model
from roadmap_bot.roadmap.model import Difficulty, Link
from roadmap_bot.roadmap.yaml_nodes import (
    ALIAS,
    LINE_BREAKS,
    STR,
    as_bool,
    as_int,
    describe,
    is_null,
    text_hint,
)
from roadmap_bot.text import did_you_mean, quote

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
    "requires",
    "complete_with_children",
    "children",
)
LINK_KEYS = ("title", "url")
DIFFICULTIES = tuple(difficulty.value for difficulty in Difficulty)


class ValueChecks:
    """The checks of single values (text, links, difficulty...), each reporting where."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def report(self, mark: Mark, where: str, message: str) -> None:
        problem = Problem(self.filename, mark.line + 1, mark.column + 1, where, message)
        self.problems.append(problem)

    def wrong_type(self, node: Node, where: str, name: str, expected: str, hint: str = "") -> None:
        if node.tag == ALIAS:
            alias = quote("*" + node.value)
            message = f"YAML aliases ({alias}) are not supported; write the value out in full"
        else:
            message = f"{name} must be {expected}, got {describe(node)}{hint}"
        self.report(node.start_mark, where, message)

    # Text

    def fields(self, node: MappingNode, path: str, allowed: tuple[str, ...]) -> dict[str, Node]:
        """Each allowed key's value; reports unknown, duplicate and non-text keys."""
        fields: dict[str, Node] = {}
        first: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == ALIAS:
                self.wrong_type(key_node, path, "a key", "a word such as 'title'")
                continue
            key = key_node.value
            if key not in allowed:
                where = key_path(path, quote(key)[1:-1])
                self.report(key_node.start_mark, where, _unknown_key(key, allowed))
            elif key in first:
                at = f"{self.filename}:{first[key].line + 1}:{first[key].column + 1}"
                message = f"duplicate key {quote(key)}: already given at {at}; keep one"
                self.report(key_node.start_mark, key_path(path, quote(key)[1:-1]), message)
            else:
                first[key] = key_node.start_mark
                fields[key] = value_node
        return fields

    def sequence(
        self, node: Node | None, where: str, name: str, expected: str, *, optional: bool = True
    ) -> list[Node]:
        """The entries of a list; an absent or empty optional value is an empty list."""
        if node is None or (optional and is_null(node)):
            return []
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.wrong_type(node, where, name, expected)
        return []

    def text(self, node: Node, where: str, name: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == STR:
            return str(node.value)
        self.wrong_type(node, where, name, "a string", text_hint(node))
        return None

    def title(
        self, fields: dict[str, Node], node: MappingNode, path: str, *, limit: bool = True
    ) -> str:
        if "title" not in fields:
            self.report(node.start_mark, path, "missing required key 'title'")
            return ""
        value_node, where = fields["title"], key_path(path, "title")
        if is_null(value_node):
            self.report(value_node.start_mark, where, "title is empty")
            return ""
        title = self.text(value_node, where, "title")
        if title is None:
            return ""
        for message in _title_problems(title, limit=limit):
            self.report(value_node.start_mark, where, message)
        return title

    def description(self, node: Node | None, where: str) -> str:
        if node is None or is_null(node):
            return ""
        return self.text(node, where, "description") or ""

    def url(self, node: Node | None, where: str, *, required: bool = False) -> str | None:
        empty = "url is empty; " + ("give the link's address" if required else "remove it")
        if node is None or is_null(node):
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
        url = self.url(fields["url"], key_path(path, "url"), required=True)
        return Link(title, url or "")

    # Ids

    def difficulty(self, node: Node | None, where: str) -> Difficulty | None:
        if node is None or is_null(node):
            return None
        expected = "one of " + ", ".join(DIFFICULTIES)
        if not (isinstance(node, ScalarNode) and node.tag == STR):
            self.wrong_type(node, where, "difficulty", expected)
            return None
        if node.value in DIFFICULTIES:
            return Difficulty(node.value)
        hint = did_you_mean(node.value, DIFFICULTIES)
        message = f"difficulty must be {expected}, got {quote(node.value)}{hint}"
        self.report(node.start_mark, where, message)
        return None

    def importance(self, node: Node | None, where: str) -> int | None:
        if node is None or is_null(node):
            return None
        low, high = model.IMPORTANCE_MIN, model.IMPORTANCE_MAX
        meaning = model.IMPORTANCE_MEANING
        expected = f"a whole number from {low} ({meaning[low]}) to {high} ({meaning[high]})"
        value = as_int(node)
        if value is None:
            quoted = node.tag == STR and node.value.strip().isdigit()
            hint = "; remove the quotes" if quoted else ""
            self.wrong_type(node, where, "importance", expected, hint)
            return None
        if not low <= value <= high:
            message = f"importance must be {expected}, got {quote(node.value)}"
            self.report(node.start_mark, where, message)
            return None
        return value

    def flag(self, node: Node | None, path: str) -> bool:
        if node is None or is_null(node):
            return True
        value = as_bool(node)
        if value is None:
            where = key_path(path, "complete_with_children")
            self.wrong_type(node, where, "complete_with_children", "true or false")
            return True
        return value


def key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    hint = did_you_mean(key, allowed)
    if not hint:
        hint = "; allowed keys: " + ", ".join(allowed)
    return f"unknown key {quote(key)}{hint}"


def _title_problems(title: str, *, limit: bool) -> list[str]:
    if not title.strip():
        return ["title is empty"]
    problems = []
    if any(char in LINE_BREAKS for char in title):
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
