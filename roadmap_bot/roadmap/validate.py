"""The checks of roadmap.yaml: walk the node tree, build the roadmap, collect every problem
with its file, line, column and path inside the document, with "did you mean" for typos."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from roadmap_bot.errors import Problem
from roadmap_bot.roadmap import model
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.requirements_check import RequirementChecks, Use
from roadmap_bot.roadmap.values import (
    ITEM_KEYS,
    ROADMAP_KEYS,
    SECTION_KEYS,
    ValueChecks,
    key_path,
)
from roadmap_bot.roadmap.yaml_nodes import (
    is_null,
)
from roadmap_bot.text import quote


class Checker(ValueChecks):
    """Walks the node tree, building the roadmap and collecting every problem."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self._ids: list[Use] = []
        self._previous_ids: list[Use] = []
        self._requires: list[Use] = []

    def _at(self, use: Use) -> str:
        return f"{self.filename}:{use.mark.line + 1}:{use.mark.column + 1} ({use.where})"

    # The levels of the document

    def roadmap(self, root: Node | None) -> Roadmap:
        if root is None or (is_null(root) and not root.value):
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
        roadmap = Roadmap(title, sections)
        RequirementChecks(self, self._ids, self._previous_ids).check(roadmap, self._requires)
        return roadmap

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
        items = self.items(fields.get("items"), key_path(path, "items"))
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
            difficulty=self.difficulty(fields.get("difficulty"), key_path(path, "difficulty")),
            importance=self.importance(fields.get("importance"), key_path(path, "importance")),
            description=self.description(fields.get("description"), key_path(path, "description")),
            url=self.url(fields.get("url"), key_path(path, "url")),
            notes=self.notes(fields.get("notes"), key_path(path, "notes")),
            links=self.links(fields.get("links"), key_path(path, "links")),
            children=self.items(fields.get("children"), key_path(path, "children")),
            previous_ids=self.previous_ids(fields.get("previous_ids"), path),
            requires=self.requires(fields.get("requires"), path),
            complete_with_children=self.flag(fields.get("complete_with_children"), path),
            line=node.start_mark.line + 1,
        )

    # Mappings and lists

    def item_id(self, fields: dict[str, Node], node: MappingNode, path: str, title: str) -> str:
        if "id" not in fields:
            example = f"; for example 'id: {model.slugify(title)}'" if title else ""
            self.report(node.start_mark, path, f"missing required key 'id'{example}")
            return ""
        value_node, where = fields["id"], key_path(path, "id")
        value = self.id_value(value_node, where, "id")
        if value is None:
            return ""
        self._ids.append(Use(value, value_node.start_mark, where, path))
        return value

    def previous_ids(self, node: Node | None, path: str) -> tuple[str, ...]:
        where = key_path(path, "previous_ids")
        values = []
        for i, child in enumerate(self.sequence(node, where, "previous_ids", "a list of ids")):
            value = self.id_value(child, f"{where}[{i}]", "previous id")
            if value is not None:
                self._previous_ids.append(Use(value, child.start_mark, f"{where}[{i}]", path))
                values.append(value)
        return tuple(values)

    def requires(self, node: Node | None, path: str) -> tuple[str, ...]:
        where = key_path(path, "requires")
        values = []
        for i, child in enumerate(self.sequence(node, where, "requires", "a list of item ids")):
            value = self.id_value(child, f"{where}[{i}]", "required id")
            if value is not None:
                self._requires.append(Use(value, child.start_mark, f"{where}[{i}]", path))
                values.append(value)
        return tuple(values)

    def id_value(self, node: Node, where: str, name: str) -> str | None:
        """A well-formed id, or None after reporting what is wrong with it."""
        if is_null(node):
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
        current: dict[str, Use] = {}
        for use in self._ids:
            if use.value in current:
                message = (
                    f"duplicate id {quote(use.value)}: also used at {self._at(current[use.value])}"
                )
                self.report(use.mark, use.where, message)
            else:
                current[use.value] = use
        former: dict[str, Use] = {}
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


def _id_problems(value: str, name: str) -> list[str]:
    if not value:
        return [f"{name} is empty"]
    problems = []
    if len(value) > model.ID_MAX_LENGTH:
        problems.append(
            f"{name} is {len(value)} characters long; the most is {model.ID_MAX_LENGTH}"
        )
    if not model.is_valid_id(value):
        problems.append(
            f"{name} {quote(value)} is not valid: use lowercase letters (a-z or of other "
            f"scripts), digits and single hyphens between words, such as "
            f"{quote(model.slugify(value, model.ID_MAX_LENGTH))}"
        )
    return problems


# Writing
