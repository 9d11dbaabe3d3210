"""The importer on checklists as people write them: every box style, links, ids in any
language, text between items, and import -> render -> import as a fixed point."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.errors import ReadmeError
from roadmap_bot.issues.states import desired_states
from roadmap_bot.readme.importer import ImportedReadme, import_readme
from roadmap_bot.readme.line import format_item_text, split_link, split_title
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START
from roadmap_bot.readme.render import set_item_state, update_readme
from roadmap_bot.roadmap.dump import dump_roadmap
from roadmap_bot.roadmap.file import parse_roadmap
from roadmap_bot.roadmap.model import SLUG_MAX_LENGTH, slugify
from roadmap_bot.roadmap.states import ItemState

DONE, TODO, SKIPPED = ItemState.DONE, ItemState.TODO, ItemState.SKIPPED


def read(body: str) -> ImportedReadme:
    return import_readme(f"# Roadmap\n\nIntro.\n\n## Section\n\n{body}")


def titles_and_states(imported: ImportedReadme) -> list[tuple[str, ItemState, int]]:
    return [(p.item.title, imported.states[p.id], p.depth) for p in imported.roadmap.walk()]


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("- [ ] A", TODO),
        ("* [x] A", DONE),
        ("+ [X] A", DONE),
        ("1. [x] A", DONE),
        ("12) [ ] A", TODO),
        ("- [Done] A", DONE),
        ("- [done] A", DONE),
        ("- [✅] A", DONE),
        ("- [skipped] A", SKIPPED),
        ("- [x] ~~A~~", SKIPPED),
        ("- [~] A", TODO),
        ("- [-] A", TODO),
        ("- [running] A", TODO),
        ("\t- [x] A", DONE),
    ],
)
def test_every_box_style_is_an_item(line: str, state: ItemState) -> None:
    assert titles_and_states(read(line + "\n")) == [("A", state, 0)]


def test_started_marks_and_unknown_marks_are_named() -> None:
    imported = read("- [~] A\n- [maybe] B\n- [a link](https://e.org) C\n")
    assert titles_and_states(imported) == [("A", TODO, 0)]
    messages = [str(w) for w in imported.warnings]
    assert messages == [
        "README.md:7:1: '[~]' (started) read as to do",
        "README.md:8:1: '[maybe]' is no checkbox roadmap-bot knows; the line is not an item "
        "(write [ ] or [x] to make it one)",
    ]
    # After the last item: outside the checklist's lines, kept as it is by init.
    assert imported.region == (4, 7)
    between = read("- [ ] A\n- [maybe] B\n- [ ] C\n")
    # Between items: a note of the item before it, not lost.
    assert between.roadmap.sections[0].items[0].notes == ("- [maybe] B",)


def test_numbered_parents_keep_their_children_and_continuations_are_kept() -> None:
    imported = read(
        "1. [x] System timer\n"
        "   1. [x] Clock source\n"
        "   2. [ ] Timers that\n"
        "      wrap onto a second line\n"
        "2) [ ] **Bold**: text that\n"
        "goes on\n"
    )
    assert titles_and_states(imported) == [
        ("System timer", DONE, 0),
        ("Clock source", DONE, 1),
        ("Timers that wrap onto a second line", TODO, 1),
        ("Bold", TODO, 0),
    ]
    assert imported.roadmap.sections[0].items[1].description == "text that goes on"


def test_crlf_bom_tabs_and_html_inside_lines() -> None:
    text = (
        "\ufeff# Roadmap\r\n\r\n## Basics\r\n\r\n"
        "- [x] <kbd>Ctrl</kbd> keys <img src='x.png' alt='x'>\r\n"
        "\t- [ ] Child\r\n"
    )
    imported = import_readme(text)
    assert imported.roadmap.title == "Roadmap"
    assert titles_and_states(imported) == [
        ("<kbd>Ctrl</kbd> keys <img src='x.png' alt='x'>", DONE, 0),
        ("Child", TODO, 1),
    ]


def test_a_link_title_stays_a_link() -> None:
    imported = read(
        "- [ ] [ABC: Always Be Coding](https://e.org/abc)\n"
        "- [ ] [Tries [video]](https://en.wikipedia.org/wiki/Trie_(data_structure)) (video)\n"
    )
    first, second = imported.roadmap.sections[0].items
    assert (first.title, first.url, first.description) == (
        "ABC: Always Be Coding",
        "https://e.org/abc",
        "",
    )
    assert (second.title, second.url, second.description) == (
        "Tries [video]",
        "https://en.wikipedia.org/wiki/Trie_(data_structure)",
        "(video)",
    )
    assert first.id == "abc-always-be-coding"
    assert second.id == "tries-video"


def test_split_link_needs_a_whole_link() -> None:
    assert split_link("[a](b) c") == ("a", "b", " c")
    assert split_link("[a] (b)") is None
    assert split_link("[a](b c)") is None
    assert split_link(r"[a\]](b)") == (r"a\]", "b", "")


@pytest.mark.parametrize(
    "words",
    ["**Doctype:** The Doctype is HTML5", "**Doctype:**", "[ABC: x](https://e.org)", "A: b"],
)
def test_bold_and_colons_render_back_as_they_were(words: str) -> None:
    title, description, url = split_title(words)
    shown = format_item_text(
        title=title, description=description, difficulty=None, importance=None, url=url, bold=False
    )
    assert shown == words


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Cómo las computadoras procesan un programa",
            "como-las-computadoras-procesan-un-programa",
        ),
        ("ソートアルゴリズム（バブルソート）", "ソートアルゴリズム-バブルソート"),
        ("Привет, Мир", "привет-мир"),
        ("Straße und Ærø", "strasse-und-aero"),
        ("C++ & C#", "c-plus-plus-and-c-sharp"),
    ],
)
def test_ids_are_readable_in_any_language(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_ids_are_cut_at_a_word_and_stay_unique_and_stable() -> None:
    title = "Understand how a computer processes a whole program from start to finish"
    body = f"- [ ] {title}\n- [ ] {title}\n"
    ids = [p.id for p in read(body).roadmap.walk()]
    assert ids == [p.id for p in read(body).roadmap.walk()]
    assert len(set(ids)) == 2
    assert all(len(i) <= SLUG_MAX_LENGTH for i in ids)
    # A repeated title is named by its section, then numbered.
    assert ids == [
        "section-understand-how-a-computer-processes-a-whole-program",
        "section-understand-how-a-computer-processes-a-whole-2",
    ]
    assert slugify(title) == "understand-how-a-computer-processes-a-whole-program-from"


def test_sections_of_one_title_get_milestones_told_apart() -> None:
    text = (
        "# R\n\n## HTML\n\n### Best practices\n\n- [ ] A\n\n"
        "## CSS\n\n### Best practices\n\n- [ ] B\n\n### Best practices\n\n- [ ] C\n"
    )
    titles = [s.title for s in import_readme(text).roadmap.sections]
    assert titles == ["Best practices (HTML)", "Best practices (CSS)", "Best practices (CSS) (2)"]


def test_a_known_mark_without_a_space_after_it_is_a_box_and_named() -> None:
    # wlmaker's roadmap writes "* [done]Key combination ..." once among 294 "* [done] ...".
    imported = read("* [done]Key combination\n- [x]Tight\n- [maybe]Not a box\n- [x](url) link\n")
    assert titles_and_states(imported) == [("Key combination", DONE, 0), ("Tight", DONE, 0)]
    messages = [str(w) for w in imported.warnings]
    assert messages == [
        "README.md:7:1: no space after the box (GitHub draws none): read as a box",
        "README.md:8:1: no space after the box (GitHub draws none): read as a box",
    ]
    # Rendered back, a note that would read as such a box keeps its bracket escaped.
    text = "# R\n\n## S\n\n- [ ] A\n\n[done]Later, maybe.\n\n- [ ] B\n"
    assert import_readme(text).roadmap.sections[0].items[0].notes == ("\\[done]Later, maybe.",)


def test_text_between_items_becomes_notes_and_is_named() -> None:
    text = (
        "# R\n\nIntro stays.\n\n## One\n\n- [ ] A\n\nA paragraph about A.\n\n"
        "## Empty heading\n\nMore words.\n\n## Two\n\n- [x] B\n\nAfter the last item.\n"
    )
    imported = import_readme(text)
    a = imported.roadmap.sections[0].items[0]
    assert a.notes == ("A paragraph about A.", "## Empty heading", "More words.")
    assert imported.region == (4, 17)  # "## One" to "- [x] B"
    assert [str(w) for w in imported.warnings] == [
        "README.md:9:1: 3 lines of text between checklist items kept as notes of the item "
        "above them, or of the first item (lines 9, 11, 13)"
    ]


def test_text_that_would_read_as_a_box_stays_a_note() -> None:
    text = "# R\n\n## S\n\n- [ ] A\n\n[x] means done, [ ] to do.\n\n- [ ] B\n"
    first = import_readme(text)
    assert first.roadmap.sections[0].items[0].notes == ("\\[x] means done, [ ] to do.",)
    empty = f"# R\n{CHECKLIST_START}\n{CHECKLIST_END}\n"
    assert import_readme(update_readme(empty, first.roadmap)).roadmap == first.roadmap


def test_a_box_before_any_section_is_named_and_left_alone() -> None:
    imported = import_readme("# R\n\n- [x] Before\n\n## S\n\n- [ ] A\n")
    assert [p.item.title for p in imported.roadmap.walk()] == ["A"]
    assert [str(w) for w in imported.warnings] == [
        "README.md:3:1: checklist item before any '## Section' heading: left as it is, not an item"
    ]


def test_a_code_block_left_open_ends_with_its_list_item() -> None:
    """GitHub (CommonMark) ends a fence with the list item it sits in: the boxes after it
    are drawn, so they are items (osb-cmdb's plan holds such a fence, with 180 boxes after
    it)."""
    text = "## S\n\n- [x] One\n  ```\n  a log, never closed\n  - [ ] not a box\n- [ ] Two\n"
    imported = import_readme(text)
    assert [p.item.title for p in imported.roadmap.walk()] == ["One", "Two"]
    closed = "## S\n\n- [x] One\n  ```\n- [ ] in the code\n  ```\n- [ ] Two\n"
    titles = [p.item.title for p in import_readme(closed).roadmap.walk()]
    assert titles == ["One", "in the code", "Two"]


def test_a_struck_title_with_a_remark_after_it_is_skipped() -> None:
    item = read("- [ ] ~~Old way~~ too costly for now\n").roadmap.sections[0].items[0]
    assert (item.title, item.description) == ("Old way", "too costly for now")
    assert read("- [ ] ~~Old way~~: dropped\n").states == {"old-way": ItemState.SKIPPED}


def test_a_title_too_long_for_an_issue_is_cut_at_a_word() -> None:
    words = "word " * 60
    item = read(f"- [ ] {words}\n").roadmap.sections[0].items[0]
    assert len(item.title) <= 256
    assert item.title.endswith("word…")
    assert item.description.startswith("…word")


def test_no_checklist_is_refused() -> None:
    with pytest.raises(ReadmeError, match="no checklist items"):
        import_readme("# R\n\n## S\n\n- a list\n- [a link](https://e.org)\n")


# --- import -> render -> import ------------------------------------------------------------

_WORD = st.sampled_from(
    [
        "Docker",
        "Cómo",
        "ソート",
        "a:",
        "b: c",
        "**Bold**",
        "**Doctype:**",
        "[Link](https://e.org/a_(b))",
        "[ABC: x](https://e.org)",
        "<kbd>x</kbd>",
        "C++",
        "~tilde",
        "`code`",
        "x  y",
        "(video)",
        "A*",
        "*x",
    ]
)
_PROSE = st.sampled_from(
    ["A paragraph.", "[x] means done", "- [maybe] later", "| a | b |", "### Sub", "[a](b)"]
)
_BULLET = st.sampled_from(["-", "*", "+", "1.", "2)"])
_BOX = st.sampled_from(["[ ]", "[x]", "[X]", "[Done]", "[~]", "[-]", "[skipped]"])


@st.composite
def _checklists(draw: st.DrawFn) -> str:
    lines = ["# Roadmap", "", "Intro.", ""]
    for section in range(draw(st.integers(1, 3))):
        lines += [f"## {draw(st.sampled_from(['Basics', 'Best practices', 'Tools']))}", ""]
        for _ in range(draw(st.integers(1, 4))):
            indent = draw(st.sampled_from(["", "  ", "    ", "\t"])) if section else ""
            words = " ".join(draw(st.lists(_WORD, min_size=1, max_size=3)))
            struck = draw(st.booleans())
            words = f"~~{words}~~" if struck else words
            lines.append(f"{indent}{draw(_BULLET)} {draw(_BOX)} {words}")
            if draw(st.booleans()):
                lines.append(f"{indent}    - {draw(_WORD)}")
            if draw(st.booleans()):
                lines.append("")
                lines.append(draw(_PROSE))
                lines.append("")
        lines.append("")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(_checklists())
def test_import_render_import_is_a_fixed_point(text: str) -> None:
    first = import_readme(text)
    empty = f"# Roadmap\n{CHECKLIST_START}\n{CHECKLIST_END}\n"
    rendered = update_readme(empty, first.roadmap)
    # The states go in through the boxes: tick each as imported.
    for item_id, state in first.states.items():
        rendered = set_item_state(rendered, item_id, state).text
    second = import_readme(rendered)
    assert second.roadmap == first.roadmap
    assert second.states == first.states
    assert parse_roadmap(dump_roadmap(first.roadmap), "roadmap.yaml") == first.roadmap


def test_a_parent_ticked_over_open_items_stays_done() -> None:
    imported = read("- [x] Books\n  - [x] One\n  - [ ] Two\n- [ ] Videos\n  - [x] Three\n")
    books, videos = imported.roadmap.sections[0].items
    assert (books.complete_with_children, videos.complete_with_children) == (False, True)
    wanted = desired_states(imported.roadmap, {}, fallback=imported.states)
    # Every box shows its own state, parents too (docs/sync.md): Videos stays as ticked.
    assert (wanted[books.id], wanted[videos.id]) == (DONE, TODO)
    assert [str(w) for w in imported.warnings] == [
        "README.md:7:1: 'Books' is ticked while some of its items are not: it stays done "
        "(complete_with_children: false in roadmap.yaml)"
    ]
