"""roadmap.yaml read as a YAML node tree, so that every value keeps its line and column:
composing, PyYAML's messages in our words, and what a node holds."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from roadmap_bot.errors import Problem, RoadmapFileError
from roadmap_bot.text import quote

YAML_TAG = "tag:yaml.org,2002:"
STR = YAML_TAG + "str"
INT = YAML_TAG + "int"
BOOL = YAML_TAG + "bool"
NULL = YAML_TAG + "null"
SCALAR_KINDS = {
    STR: "string",
    INT: "integer",
    BOOL: "boolean",
    YAML_TAG + "float": "number",
    YAML_TAG + "timestamp": "date",
}
# Stands for an alias (*name) in the node tree; reported where the walk meets it.
ALIAS = "!roadmap-bot/alias"
# Line breaks to YAML that are not \n.
ODD_BREAKS = frozenset("\r\x85\u2028\u2029")
# Everything str.splitlines() splits on.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# PyYAML's words in its messages, in ours.
YAML_WORDS = {
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
SYNTAX_HINTS = {
    "mapping values are not allowed here": "put a value that contains ': ' in quotes",
    "found character '\\t'": "use spaces, not tabs, or put a value with a tab in quotes",
    "that cannot start any token": "put a value that starts with this character in quotes",
    "while scanning a quoted scalar": "a quote is not closed",
    "expected <block end>": "check the indentation of this line",
    "could not find expected ':'": "check the indentation, and that each key ends with ':'",
}
CONSTRUCTOR = SafeConstructor()


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
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
            return ScalarNode(ALIAS, event.anchor, event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


def compose(text: str, filename: str) -> Node | None:
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
    hint = next((hint for key, hint in SYNTAX_HINTS.items() if key in said), "")
    return f"{message}; {hint}" if hint else message


def _in_words(text: str) -> str:
    for yaml_words, words in YAML_WORDS.items():
        text = text.replace(yaml_words, words)
    return text


def _reader_problem(error: ReaderError, text: str, filename: str) -> Problem:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    message = f"the character U+{error.character:04X} is not allowed in YAML; remove it"
    return Problem(filename, line, column, "", message)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


def as_int(node: Node) -> int | None:
    if not (isinstance(node, ScalarNode) and node.tag == INT):
        return None
    try:
        return int(CONSTRUCTOR.construct_yaml_int(node))
    except ValueError:  # an explicit !!int on something that is not a number
        return None


def as_bool(node: Node) -> bool | None:
    if not (isinstance(node, ScalarNode) and node.tag == BOOL):
        return None
    try:
        return bool(CONSTRUCTOR.construct_yaml_bool(node))
    except KeyError:  # an explicit !!bool on something that is not a boolean
        return None


def describe(node: Node) -> str:
    """What a node is, in words, with its value quoted."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "an empty value"
    if node.tag in SCALAR_KINDS:
        return f"the {SCALAR_KINDS[node.tag]} {quote(node.value)}"
    if node.tag.startswith(YAML_TAG):
        return f"the value {quote(node.value)}"
    return f"a value tagged {quote(node.tag)}"


def text_hint(node: Node) -> str:
    """How to make a value YAML read as something else into text."""
    scalar = isinstance(node, ScalarNode) and node.tag.startswith(YAML_TAG)
    if scalar and node.tag not in (STR, NULL):
        return "; put it in quotes if it is meant as text"
    if isinstance(node, MappingNode) and len(node.value) == 1:
        return "; put text that contains ': ' in quotes"
    return ""
