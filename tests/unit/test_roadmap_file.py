"""roadmap.yaml: loading, every problem with its position, the dump and its round trip, the schema."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_bot.errors import Problem, RoadmapBotError, RoadmapFileError
from roadmap_bot.roadmap import model
from roadmap_bot.roadmap.file import (
    SCHEMA_COMMENT,
    SCHEMA_FILE,
    SCHEMA_PATH,
    dump_roadmap,
    load_roadmap,
    parse_roadmap,
)
from roadmap_bot.roadmap.model import Difficulty, Item, Link, Roadmap, Section
from roadmap_bot.roadmap.values import ITEM_KEYS, LINK_KEYS, ROADMAP_KEYS, SECTION_KEYS
from roadmap_bot.text import did_you_mean, quote

REPO = Path(__file__).parents[2]
MALFORMED = Path(__file__).parents[1] / "data" / "malformed" / "roadmap"
FIXTURES = sorted(path for path in MALFORMED.iterdir() if path.suffix in (".yaml", ".bin"))

SAMPLE = """\
# yaml-language-server: $schema=./roadmap_bot/roadmap/schema/roadmap.schema.json
title: Backend Developer Learning Roadmap
sections:
  - title: General Knowledge and Best Practices
    items:
      - id: foundational-concepts
        title: Foundational Concepts
        difficulty: easy
        importance: 2
        description: Understand programming logic, algorithms, and data structures.
        url: https://example.org
        notes:
          - Install Git on your local machine.
        links:
          - title: SemVer
            url: https://semver.org/
        previous_ids:
          - old-id
        complete_with_children: false
        children:
          - id: programming-logic
            title: Programming Logic
            description: |
              Learn about control structures:
              loops, and conditional statements.

  - title: Database Management
    items:
      - id: database-basics
        title: Database Basics
        importance: 0
"""

SAMPLE_ROADMAP = Roadmap(
    "Backend Developer Learning Roadmap",
    (
        Section(
            "General Knowledge and Best Practices",
            (
                Item(
                    id="foundational-concepts",
                    title="Foundational Concepts",
                    difficulty=Difficulty.EASY,
                    importance=2,
                    description="Understand programming logic, algorithms, and data structures.",
                    url="https://example.org",
                    notes=("Install Git on your local machine.",),
                    links=(Link("SemVer", "https://semver.org/"),),
                    previous_ids=("old-id",),
                    complete_with_children=False,
                    children=(
                        Item(
                            id="programming-logic",
                            title="Programming Logic",
                            description="Learn about control structures:\n"
                            "loops, and conditional statements.\n",
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Database Management",
            (Item(id="database-basics", title="Database Basics", importance=0),),
        ),
    ),
)


# Loading


def test_sample_loads_into_the_model() -> None:
    assert parse_roadmap(SAMPLE, "roadmap.yaml") == SAMPLE_ROADMAP


def test_lines_of_sections_and_items() -> None:
    roadmap = parse_roadmap(SAMPLE, "roadmap.yaml")
    assert [section.line for section in roadmap.sections] == [4, 27]
    assert [placed.item.line for placed in roadmap.walk()] == [6, 21, 29]


def test_bytes_and_text_read_alike() -> None:
    assert parse_roadmap(SAMPLE.encode(), "r.yaml") == parse_roadmap(SAMPLE, "r.yaml")


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + SAMPLE.encode(),
        SAMPLE.replace("\n", "\r\n").encode(),
        "\ufeff" + SAMPLE,
    ],
    ids=["utf-8-bom", "crlf", "text-with-bom"],
)
def test_byte_order_mark_and_crlf_are_fine(data: bytes | str) -> None:
    assert parse_roadmap(data, "roadmap.yaml") == SAMPLE_ROADMAP


def test_load_roadmap_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    assert load_roadmap(path) == SAMPLE_ROADMAP
    assert load_roadmap(str(path)) == SAMPLE_ROADMAP


def test_load_roadmap_names_the_file_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roadmap.yaml").write_text("title: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RoadmapFileError) as caught:
        load_roadmap("roadmap.yaml")
    assert str(caught.value) == "roadmap.yaml:1:1: missing required key 'sections'"


@pytest.mark.parametrize("name", ["missing.yaml", "."])
def test_unreadable_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(RoadmapBotError) as caught:
        load_roadmap(tmp_path / name)
    assert not isinstance(caught.value, RoadmapFileError)
    assert str(caught.value).startswith(str(tmp_path / name))


def test_empty_optional_values_are_left_out() -> None:
    text = """\
title: Roadmap
sections:
  - title: Basics
    items:
      - id: git
        title: Git
        difficulty:
        importance: ~
        description:
        url:
        notes:
        links: null
        previous_ids:
        complete_with_children:
        children:
  - title: Empty
    items:
  - title: No items
"""
    assert parse_roadmap(text, "r.yaml") == Roadmap(
        "Roadmap",
        (Section("Basics", (Item("git", "Git"),)), Section("Empty"), Section("No items")),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("yes", True), ("false", False), ("no", False), ("off", False)],
)
def test_yaml_booleans(value: str, expected: bool) -> None:
    text = f"title: R\nsections:\n  - title: S\n    items:\n      - id: a\n        title: A\n        complete_with_children: {value}\n"
    item = parse_roadmap(text, "r.yaml").sections[0].items[0]
    assert item.complete_with_children is expected


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("3", 3), ("0x2", 2), ("!!int '1'", 1)])
def test_yaml_integers(value: str, expected: int) -> None:
    text = f"title: R\nsections:\n  - title: S\n    items:\n      - id: a\n        title: A\n        importance: {value}\n"
    assert parse_roadmap(text, "r.yaml").sections[0].items[0].importance == expected


def test_explicit_string_tag_makes_text() -> None:
    text = "title: !!str yes\nsections: []\n"
    assert parse_roadmap(text, "r.yaml") == Roadmap("yes")


def test_the_longest_title_and_id_are_fine() -> None:
    title, item_id = "T" * model.TITLE_MAX_LENGTH, "i" * model.ID_MAX_LENGTH
    text = f"title: R\nsections:\n  - title: S\n    items:\n      - {{id: {item_id}, title: {title}}}\n"
    item = parse_roadmap(text, "r.yaml").sections[0].items[0]
    assert (item.id, item.title) == (item_id, title)


def test_the_example_in_the_docs_is_valid_and_as_written() -> None:
    docs = (REPO / "docs" / "roadmap-format.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert dump_roadmap(parse_roadmap(example, "roadmap.yaml")) == example


# Malformed files: every problem, in order, with its position


def test_there_are_enough_malformed_fixtures() -> None:
    assert len(FIXTURES) >= 30
    missing = [path.name for path in FIXTURES if not path.with_suffix(".expected").exists()]
    assert missing == []


@pytest.mark.parametrize("path", FIXTURES, ids=[path.name for path in FIXTURES])
def test_malformed_file(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(RoadmapFileError) as caught:
        load_roadmap(path)
    messages = [str(problem) for problem in caught.value.problems]
    assert messages == [line.replace("{file}", str(path)) for line in expected]
    assert str(caught.value) == "\n".join(messages)


def test_problems_are_data() -> None:
    with pytest.raises(RoadmapFileError) as caught:
        parse_roadmap("title: R\nsections:\n  - title: S\n    items:\n      - id: a\n", "r.yaml")
    assert caught.value.problems == [
        Problem("r.yaml", 5, 9, "sections[0].items[0]", "missing required key 'title'")
    ]
    assert caught.value.exit_code == 2


def test_long_values_are_cut_in_messages() -> None:
    value = "x" * 500
    with pytest.raises(RoadmapFileError) as caught:
        parse_roadmap(f"title: R\nsections: []\n{value}: 1\n", "r.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith(f"unknown key '{'x' * 57}...'; allowed keys:")
    assert len(problem.where) < 100


def test_control_characters_are_escaped_in_messages() -> None:
    with pytest.raises(RoadmapFileError) as caught:
        parse_roadmap('title: R\nsections: []\n"a\\nb\\tc": 1\n', "r.yaml")
    assert caught.value.problems[0].message.startswith("unknown key 'a\\nb\\tc'")


# Robustness: anything at all gives a roadmap or a RoadmapFileError with clean messages

_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from([*ITEM_KEYS, "items", "sections", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


def _problems(text: str) -> list[Problem] | None:
    """The problems in text, or None when it is a roadmap."""
    try:
        parse_roadmap(text, "r.yaml")
    except RoadmapFileError as error:
        return error.problems
    return None


def _check_problems_are_clean(text: str) -> None:
    problems = _problems(text)
    if problems is None:
        return
    assert problems
    assert problems == sorted(problems, key=lambda p: (p.line, p.column))
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert "<yaml" not in problem.message
        assert " object at 0x" not in problem.message
        assert "\n" not in str(problem)


@given(st.dictionaries(st.sampled_from(["title", "sections", "Title"]), _yaml_values))
def test_any_yaml_document_gives_a_roadmap_or_clean_problems(data: object) -> None:
    _check_problems_are_clean(yaml.safe_dump(data))


@given(st.text(max_size=80))
def test_any_text_gives_a_roadmap_or_clean_problems(text: str) -> None:
    _check_problems_are_clean(text)


# Dumping


def test_dump_of_the_sample_is_the_sample() -> None:
    assert dump_roadmap(SAMPLE_ROADMAP) == SAMPLE


def test_dump_starts_with_the_schema_comment_and_the_schema_is_there() -> None:
    assert dump_roadmap(Roadmap("R")).splitlines()[0] == SCHEMA_COMMENT
    assert (REPO / SCHEMA_PATH).resolve() == SCHEMA_FILE.resolve()
    assert SCHEMA_FILE.exists()


def test_requires_is_written_after_previous_ids_and_read_back() -> None:
    items = (
        Item("a", "A"),
        Item("b", "B", previous_ids=("old-b",), requires=("a",), complete_with_children=False),
    )
    roadmap = Roadmap("R", (Section("S", items),))
    text = dump_roadmap(roadmap)
    assert "previous_ids:\n          - old-b\n        requires:\n          - a\n" in text
    assert parse_roadmap(text, "r.yaml") == roadmap


def test_dump_of_an_empty_roadmap() -> None:
    text = dump_roadmap(Roadmap("R"))
    assert text == f"{SCHEMA_COMMENT}\ntitle: R\nsections: []\n"
    assert parse_roadmap(text, "r.yaml") == Roadmap("R")


def test_dump_writes_complete_with_children_only_when_false() -> None:
    yes = Roadmap("R", (Section("S", (Item("a", "A"),)),))
    no = Roadmap("R", (Section("S", (Item("a", "A", complete_with_children=False),)),))
    assert "complete_with_children" not in dump_roadmap(yes)
    assert "complete_with_children: false" in dump_roadmap(no)


AWKWARD = [
    "yes",
    "No",
    "on",
    "1.0",
    "1e3",
    "0x1F",
    "null",
    "Null",
    "~",
    "foo: bar",
    "trailing colon:",
    "#x",
    "a #b",
    "*x",
    "&x",
    "[x",
    "]x",
    "{x}",
    "`x`",
    "@x",
    "%x",
    "!x",
    "|x",
    ">x",
    "- x",
    "-",
    "? x",
    ",x",
    "'single'",
    '"double"',
    "it's",
    "2024-01-01",
    "=",
    "<<",
    "🎉 emoji",
    "Ünïcödé",
    "日本語",
    "C#",
    "**Database Design**",
    "[Refactoring Guru](https://refactoring.guru/design-patterns)",
    "back\\slash",
]


@pytest.mark.parametrize("title", AWKWARD)
def test_awkward_titles_round_trip_as_strings(title: str) -> None:
    roadmap = Roadmap(title, (Section(title, (Item("a", title, notes=(title,)),)),))
    assert parse_roadmap(dump_roadmap(roadmap), "r.yaml") == roadmap


def test_plain_titles_are_not_quoted() -> None:
    roadmap = Roadmap("R", (Section("CI/CD (Continuous Integration)", (Item("a", "🎉 Ünïcödé"),)),))
    text = dump_roadmap(roadmap)
    assert "  - title: CI/CD (Continuous Integration)\n" in text
    assert "        title: 🎉 Ünïcödé\n" in text


def test_long_strings_are_not_wrapped() -> None:
    description = " ".join(["word"] * 100)
    roadmap = Roadmap("R", (Section("S", (Item("a", "A", description=description),)),))
    assert f"        description: {description}\n" in dump_roadmap(roadmap)


# Round trip, with hypothesis

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_characters = st.characters(blacklist_categories=("Cs",))
_titles = st.sampled_from(AWKWARD) | st.text(_characters, min_size=1, max_size=30).filter(
    lambda text: text == text.strip() and not any(char in _LINE_BREAKS + "\t" for char in text)
)
_free_text = st.sampled_from(
    [
        *AWKWARD,
        "  leading spaces",
        "trailing spaces  ",
        "multi\nline",
        "ends with a newline\n",
        "ends with newlines\n\n",
        "\n starts with a break",
        " \nspace then break",
        "line\u2028separator",
        "next\x85line",
        "cr\r\nlf",
        "  \n  indented\n\n\nblank lines\n\n",
        "trailing space \nbefore a break",
        "bell\x07",
    ]
) | st.text(_characters, max_size=40)
_notes = _free_text.filter(str.strip)
_ids = st.sampled_from(["123", "0x1f", "0b1", "yes", "no", "on", "off", "null", "true", "1-2"]) | (
    st.from_regex(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z").filter(lambda text: len(text) <= 80)
    | st.sampled_from(["ソート", "привет-мир", "σ-ελληνικά", "हिन्दी"])
)
_urls = st.sampled_from(["#anchor", "https://semver.org/", "./docs/x.md"]) | st.from_regex(
    r"\Ahttps://[a-z]{1,10}\.org/[!-~]{0,20}\Z"
)
_leaf_items = st.builds(
    Item,
    id=_ids,
    title=_titles,
    difficulty=st.none() | st.sampled_from(Difficulty),
    importance=st.none() | st.integers(model.IMPORTANCE_MIN, model.IMPORTANCE_MAX),
    description=_free_text,
    url=st.none() | _urls,
    notes=st.lists(_notes, max_size=3).map(tuple),
    links=st.lists(st.builds(Link, title=_titles, url=_urls), max_size=2).map(tuple),
    previous_ids=st.lists(_ids, max_size=2).map(tuple),
    complete_with_children=st.booleans(),
)
_items = st.recursive(
    _leaf_items,
    lambda children: st.builds(
        replace, _leaf_items, children=st.lists(children, min_size=1, max_size=3).map(tuple)
    ),
    max_leaves=8,
)
_sections = st.builds(Section, title=_titles, items=st.lists(_items, max_size=3).map(tuple))


def _fresh(value: str, seen: set[str]) -> str:
    candidate, n = value, 2
    while candidate in seen:
        candidate, n = f"{value}-{n}", n + 1
    seen.add(candidate)
    return candidate


def _unique_ids(items: tuple[Item, ...], seen: set[str]) -> tuple[Item, ...]:
    """Ids and former ids made unique across the whole roadmap, as the loader demands."""
    return tuple(
        replace(
            item,
            id=_fresh(item.id, seen),
            previous_ids=tuple(_fresh(previous, seen) for previous in item.previous_ids),
            children=_unique_ids(item.children, seen),
        )
        for item in items
    )


@st.composite
def _roadmaps(draw: st.DrawFn) -> Roadmap:
    title = draw(_titles)
    sections = draw(st.lists(_sections, max_size=3))
    seen: set[str] = set()
    return Roadmap(
        title,
        tuple(replace(section, items=_unique_ids(section.items, seen)) for section in sections),
    )


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_roadmaps())
def test_dump_then_parse_gives_the_same_roadmap(roadmap: Roadmap) -> None:
    text = dump_roadmap(roadmap)
    parsed = parse_roadmap(text, "roadmap.yaml")
    assert parsed == roadmap
    assert dump_roadmap(parsed) == text
    _schema_validator().validate(yaml.safe_load(text))


# The JSON Schema


def _schema() -> dict[str, object]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _schema_validator() -> jsonschema.protocols.Validator:
    schema = _schema()
    return jsonschema.validators.validator_for(schema)(schema)  # type: ignore[no-any-return]


def test_schema_is_a_valid_schema() -> None:
    schema = _schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_schema_accepts_the_sample() -> None:
    _schema_validator().validate(yaml.safe_load(SAMPLE))


def test_schema_knows_the_same_keys_and_values_as_the_loader() -> None:
    schema = _schema()
    definitions = schema["definitions"]
    assert isinstance(definitions, dict)
    assert tuple(schema["properties"]) == ROADMAP_KEYS  # type: ignore[arg-type]
    assert tuple(definitions["section"]["properties"]) == SECTION_KEYS
    assert tuple(definitions["item"]["properties"]) == ITEM_KEYS
    assert tuple(definitions["link"]["properties"]) == LINK_KEYS
    difficulties = definitions["item"]["properties"]["difficulty"]["enum"]
    assert difficulties == [*(difficulty.value for difficulty in Difficulty), None]
    assert definitions["id"]["pattern"] == model.ID_PATTERN.pattern.replace("(?:", "(")
    assert definitions["id"]["maxLength"] == model.ID_MAX_LENGTH
    assert definitions["title"]["maxLength"] == model.TITLE_MAX_LENGTH


# Rules the schema can express too (the rest need the loader: duplicates, YAML syntax...).
SCHEMA_CATCHES = [
    "complete-with-children",
    "difficulty",
    "id-too-long",
    "importance",
    "invalid-ids",
    "item-not-a-mapping",
    "links",
    "missing-ids",
    "missing-titles",
    "notes",
    "requires",
    "section-not-a-mapping",
    "sections-empty-value",
    "sections-missing",
    "sections-not-a-list",
    "title-lines-and-spaces",
    "title-not-text",
    "title-too-long",
    "top-level-list",
    "top-level-text",
    "unknown-keys",
    "wrong-types",
]


@pytest.mark.parametrize("name", SCHEMA_CATCHES)
def test_schema_rejects_malformed_file(name: str) -> None:
    with (MALFORMED / f"{name}.yaml").open(encoding="utf-8") as file:
        document = yaml.load(file, Loader=_AnyTagLoader)
    assert list(_schema_validator().iter_errors(document)) != []


class _AnyTagLoader(yaml.SafeLoader):
    """Reads unknown tags (!shout) as their plain value, as an editor would."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node))


# Messages helpers


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dificulty", "; did you mean 'difficulty'?"),
        ("Title", "; did you mean 'title'?"),
        ("previous-ids", "; did you mean 'previous_ids'?"),
        ("colour", ""),
    ],
)
def test_did_you_mean(word: str, expected: str) -> None:
    assert did_you_mean(word, ITEM_KEYS) == expected


def test_quote() -> None:
    assert quote("it's") == "'it's'"
    assert quote("a\nb") == "'a\\nb'"
    assert quote("x" * 100) == "'" + "x" * 57 + "...'"
