"""README import, render and tick: pure text functions, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.errors import ItemNotFoundError, ReadmeError
from roadmap_bot.readme.importer import import_readme
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START
from roadmap_bot.readme.render import (
    HAND_EDIT_ADVICE,
    hand_edits,
    read_recorded,
    read_states,
    render_checklist,
    set_item_state,
    update_readme,
)
from roadmap_bot.roadmap.model import Difficulty, Item, Link, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState

SEED = Path(__file__).parents[1] / "data" / "seed" / "roadmap-README.md"


def seed_roadmap() -> Roadmap:
    return import_readme(SEED.read_text(encoding="utf-8")).roadmap


def readme_for(
    roadmap: Roadmap, before: str = "# Title\n\nIntro.\n\n", after: str = "\nEnd.\n"
) -> str:
    empty = f"{before}{CHECKLIST_START}\n{CHECKLIST_END}\n{after}"
    return update_readme(empty, roadmap)


def with_title(roadmap: Roadmap, item_id: str, title: str) -> Roadmap:
    def walk(items: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(
            Item(
                **{
                    **i.__dict__,
                    "title": title if i.id == item_id else i.title,
                    "children": walk(i.children),
                }
            )
            for i in items
        )

    return Roadmap(roadmap.title, tuple(Section(s.title, walk(s.items)) for s in roadmap.sections))


# --- import of the seed -------------------------------------------------------------------


def test_seed_has_168_items_in_12_sections() -> None:
    roadmap = seed_roadmap()
    assert roadmap.title == "Backend Developer Learning Roadmap"
    assert len(roadmap.sections) == 12
    assert len(roadmap) == 168
    assert len({placed.id for placed in roadmap.walk()}) == 168


def test_seed_marks_titles_and_notes() -> None:
    items = seed_roadmap().items_by_id()
    assert items["foundational-concepts"].item.difficulty is Difficulty.EASY
    assert items["foundational-concepts"].item.importance == 2
    assert items["commenting"].item.importance == 0
    libraries = items["libraries"].item
    assert (libraries.difficulty, libraries.importance) == (None, None)
    assert len(libraries.children) == 7
    git_flow = items["git-flow"].item
    assert git_flow.title == "Git Flow"
    assert git_flow.description.startswith("Familiarize yourself")
    assert len(git_flow.notes) == 5
    assert items["refactoring-guru"].item.url == "https://refactoring.guru/design-patterns"
    assert items["pytest-for-automated-testing"].depth == 2
    assert items["pytest-for-automated-testing"].parent_id == "test-automation"


def test_seed_repeated_titles_get_distinct_ids() -> None:
    by_title: dict[str, list[str]] = {}
    for placed in seed_roadmap().walk():
        by_title.setdefault(placed.item.title, []).append(placed.id)
    assert sorted(by_title["Relational Databases"]) == [
        "database-basics-relational-databases",
        "database-management-relational-databases",
    ]
    assert len(set(by_title["Documentation"])) == 2


def test_placeholder_is_not_an_item() -> None:
    titles = {placed.item.title for placed in seed_roadmap().walk()}
    assert "..." not in titles


def test_a_flat_checklist_makes_one_section_named_after_the_title() -> None:
    """No '## Section' heading at all: the items are one section, the README's title (or
    "Roadmap"), and the learner is told."""
    imported = import_readme("# My plan\n\nIntro.\n\n- [x] Git\n- [ ] Docker\n", "x.md")
    assert [s.title for s in imported.roadmap.sections] == ["My plan"]
    assert [item.title for item in imported.roadmap.sections[0].items] == ["Git", "Docker"]
    assert list(imported.states.values()) == [ItemState.DONE, ItemState.TODO]
    assert [(w.line, w.message) for w in imported.warnings] == [
        (
            5,
            "no '## Section' heading over the checklist: its items make the section "
            "'My plan' (the README's title)",
        )
    ]
    assert imported.region == (4, 6)
    untitled = import_readme("- [ ] Git\n", "x.md")
    assert [s.title for s in untitled.roadmap.sections] == ["Roadmap"]


def test_import_errors_name_the_line() -> None:
    with pytest.raises(ReadmeError) as caught:
        import_readme("# T\n\n- [ ] 🟢 Orphan\n\n## Later\n\nText.\n", "x.md")
    assert str(caught.value) == (
        "x.md:3:1: checklist item before any '## Section' heading\n"
        "x.md:1:1: no checklist items ('- [ ] ...') found under a '## Section' heading"
    )
    with pytest.raises(ReadmeError, match="no checklist items"):
        import_readme("# Nothing here\n", "x.md")


# --- render -----------------------------------------------------------------------------


def test_render_keeps_text_outside_markers_and_round_trips() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap, before=f"# {roadmap.title}\n\nIntro.\n\n")
    assert readme.startswith(f"# {roadmap.title}\n\nIntro.\n\n{CHECKLIST_START}\n")
    assert readme.endswith(CHECKLIST_END + "\n\nEnd.\n")
    assert import_readme(readme).roadmap == roadmap
    assert update_readme(readme, roadmap) == readme


def test_render_shows_the_seed_look() -> None:
    readme = readme_for(seed_roadmap())
    assert (
        "- [ ] 🟢⭐⭐ **Foundational Concepts**: Understand programming logic, algorithms, "
        "and data structures. <!-- id:foundational-concepts -->"
    ) in readme
    assert (
        "  - [ ] 🟢 Commenting: Learn how to write effective comments. <!-- id:commenting -->"
        in readme
    )
    assert "- [ ] **Libraries** <!-- id:libraries -->" in readme


def test_render_keeps_ticks_by_item_not_by_line() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap)
    readme = set_item_state(readme, "commenting", ItemState.DONE).text
    readme = set_item_state(readme, "helm", ItemState.SKIPPED).text
    # Move "commenting" to the top of its parent and drop another item: ticks follow the ids.
    section = roadmap.sections[0]
    parent = section.items[1]
    moved = Item(
        **{
            **parent.__dict__,
            "children": (parent.children[2], *parent.children[:2], *parent.children[3:]),
        }
    )
    changed = Roadmap(
        roadmap.title, (Section(section.title, (section.items[0], moved)), *roadmap.sections[1:])
    )
    states = read_states(update_readme(readme, changed))
    assert states["commenting"] is ItemState.DONE
    assert states["helm"] is ItemState.SKIPPED
    assert "command-line-and-scripting" not in states
    assert sum(state is not ItemState.TODO for state in states.values()) == 2


def test_render_carries_a_tick_to_an_item_s_new_id() -> None:
    roadmap = seed_roadmap()
    readme = set_item_state(readme_for(roadmap), "helm", ItemState.DONE).text
    section = roadmap.sections[5]
    renamed = tuple(
        Item(**{**item.__dict__, "id": "helm-charts", "previous_ids": ("helm",)})
        if item.id == "helm"
        else item
        for item in section.items
    )
    changed = Roadmap(
        roadmap.title,
        tuple(Section(s.title, renamed) if s is section else s for s in roadmap.sections),
    )
    states = read_states(update_readme(readme, changed))
    assert states["helm-charts"] is ItemState.DONE
    assert "helm" not in states


def test_render_refuses_items_added_by_hand() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap).replace(
        "## Cloud Services\n\n", "## Cloud Services\n\n- [ ] 🟢 My own item\n", 1
    )
    with pytest.raises(ReadmeError) as caught:
        update_readme(readme, roadmap, "README.md")
    line = readme.splitlines().index("- [ ] 🟢 My own item") + 1
    assert str(caught.value) == (
        f"README.md:{line}:1: 'My own item' was added or changed by hand; {HAND_EDIT_ADVICE}"
    )


def test_render_refuses_a_rename_or_removal_by_hand() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap)
    renamed = readme.replace("Commenting: Learn how", "Comments: Learn how", 1)
    with pytest.raises(ReadmeError, match="'Comments' was added or changed by hand"):
        update_readme(renamed, roadmap)
    line = next(x for x in readme.splitlines() if "<!-- id:commenting -->" in x)
    removed = readme.replace(line + "\n", "", 1)
    with pytest.raises(ReadmeError, match="'Commenting' was removed by hand"):
        update_readme(removed, roadmap)


def test_render_accepts_roadmap_changes_and_hand_edits_carried_into_the_roadmap() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap)
    changed = with_title(roadmap, "commenting", "Comments")
    # roadmap.yaml changed, the README did not: render follows roadmap.yaml.
    assert "Comments: Learn how" in update_readme(readme, changed)
    # The README was changed by hand, and roadmap.yaml made to say the same: accepted.
    by_hand = readme.replace("Commenting: Learn how", "Comments: Learn how", 1)
    assert update_readme(by_hand, changed) == update_readme(readme, changed)


def test_ticks_are_not_hand_edits() -> None:
    roadmap = seed_roadmap()
    readme = readme_for(roadmap)
    readme = set_item_state(readme, "commenting", ItemState.DONE).text
    readme = set_item_state(readme, "helm", ItemState.SKIPPED, record=True).text
    assert hand_edits(readme, roadmap) == []


def test_recording_a_state_writes_it_in_the_id_comment() -> None:
    readme = readme_for(seed_roadmap())
    by_hand = set_item_state(readme, "helm", ItemState.DONE)
    by_bot = set_item_state(readme, "helm", ItemState.DONE, record=True)
    assert read_recorded(by_hand.text)["helm"] is ItemState.TODO
    assert read_recorded(by_bot.text)["helm"] is ItemState.DONE
    assert "<!-- id:helm done -->" in by_bot.text.splitlines()[by_bot.line - 1]
    assert set_item_state(by_bot.text, "helm", ItemState.TODO, record=True).text == readme


def test_render_without_markers_says_what_to_add() -> None:
    with pytest.raises(ReadmeError, match="no roadmap checklist markers"):
        update_readme("# Just text\n", seed_roadmap())


def test_render_keeps_crlf() -> None:
    roadmap = seed_roadmap()
    crlf = f"# T\r\n\r\n{CHECKLIST_START}\r\n{CHECKLIST_END}\r\nEnd\r\n"
    rendered = update_readme(crlf, roadmap)
    assert "\n" not in rendered.replace("\r\n", "")
    assert rendered.endswith(f"{CHECKLIST_END}\r\nEnd\r\n")


# --- tick -------------------------------------------------------------------------------


def test_tick_changes_exactly_one_line_and_keeps_every_other_byte() -> None:
    readme = readme_for(
        seed_roadmap(), before="# Título ✨  \r\n\r\n", after="trailing   \r\nno newline"
    )
    readme = readme.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    change = set_item_state(readme, "docker-basics", ItemState.DONE)
    old_lines = readme.split("\r\n")
    new_lines = change.text.split("\r\n")
    assert len(old_lines) == len(new_lines)
    differing = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert differing == [change.line - 1]
    assert new_lines[change.line - 1] == old_lines[change.line - 1].replace("- [ ]", "- [x]", 1)
    assert change.text.endswith("trailing   \r\nno newline")


def test_tick_twice_changes_nothing_and_untick_restores() -> None:
    readme = readme_for(seed_roadmap())
    ticked = set_item_state(readme, "helm", ItemState.DONE)
    again = set_item_state(ticked.text, "helm", ItemState.DONE)
    assert ticked.changed
    assert not again.changed
    assert again.text == ticked.text
    assert set_item_state(ticked.text, "helm", ItemState.TODO).text == readme


def test_skip_strikes_through_and_unskip_restores() -> None:
    readme = readme_for(seed_roadmap())
    skipped = set_item_state(readme, "venv", ItemState.SKIPPED)
    line = skipped.text.splitlines()[skipped.line - 1]
    assert (
        line
        == "  - [x] ~~🟢⭐ Venv: Python's built-in tool for creating virtual environments.~~ <!-- id:venv -->"
    )
    assert set_item_state(skipped.text, "venv", ItemState.TODO).text == readme


def test_tick_keeps_trailing_spaces_and_uppercase_x() -> None:
    readme = f"{CHECKLIST_START}\n## S\n- [X] A <!-- id:a -->   \n- [ ] B <!-- id:b -->\t\n{CHECKLIST_END}"
    assert set_item_state(readme, "a", ItemState.DONE).changed is False
    ticked = set_item_state(readme, "b", ItemState.DONE).text
    assert (
        ticked
        == f"{CHECKLIST_START}\n## S\n- [X] A <!-- id:a -->   \n- [x] B <!-- id:b -->\t\n{CHECKLIST_END}"
    )


def test_tick_ignores_lines_outside_the_markers() -> None:
    readme = f"- [ ] A <!-- id:a -->\n{CHECKLIST_START}\n{CHECKLIST_END}\n"
    with pytest.raises(ItemNotFoundError, match="no checklist line for item 'a'"):
        set_item_state(readme, "a", ItemState.DONE)


# --- property: render then import gives the same roadmap back ----------------------------

_words = (
    st.text(alphabet=st.sampled_from("abcXYZ019 .,'()?!éü✨/-"), min_size=1, max_size=20)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def _items(draw: st.DrawFn, depth: int = 0) -> Item:
    children = draw(st.lists(_items(depth + 1), max_size=2)) if depth < 3 else []
    difficulty = draw(st.none() | st.sampled_from(Difficulty))
    importance = draw(st.integers(0, 3)) if difficulty else draw(st.none() | st.integers(1, 3))
    return Item(
        id="",  # numbered once the whole roadmap is drawn, so that ids are unique
        title=draw(_words | _words.map(lambda w: w + ": " + w)),
        difficulty=difficulty,
        importance=importance,
        description=draw(st.just("") | _words),
        url=draw(st.none() | st.just("https://example.org/x")),
        notes=tuple(draw(st.lists(_words, max_size=2))),
        links=tuple(draw(st.lists(st.builds(Link, _words, st.just("https://e.org/")), max_size=1))),
        children=tuple(children),
    )


def _numbered(items: tuple[Item, ...], counter: list[int]) -> tuple[Item, ...]:
    out = []
    for item in items:
        counter[0] += 1
        number = counter[0]
        out.append(
            Item(
                **{
                    **item.__dict__,
                    "id": f"item-{number}",
                    "children": _numbered(item.children, counter),
                }
            )
        )
    return tuple(out)


@st.composite
def _roadmaps(draw: st.DrawFn) -> Roadmap:
    # Sections of one title would be told apart on import ("S (2)"): draw distinct ones.
    drawn = draw(
        st.lists(
            st.tuples(_words, st.lists(_items(), min_size=1, max_size=3)),
            min_size=1,
            max_size=3,
            unique_by=lambda section: section[0],
        )
    )
    counter = [0]
    return Roadmap(
        "Roadmap", tuple(Section(title, _numbered(tuple(items), counter)) for title, items in drawn)
    )


@settings(max_examples=100, deadline=None)
@given(_roadmaps())
def test_render_then_import_gives_the_same_roadmap(roadmap: Roadmap) -> None:
    readme = readme_for(roadmap, before="# Roadmap\n\n")
    assert import_readme(readme).roadmap == roadmap


def test_render_checklist_lists_sections() -> None:
    lines = render_checklist(seed_roadmap(), {})
    assert "## Continuous Integration and Continuous Deployment (CI/CD)" in lines
    assert any("(#continuous-integration-and-continuous-deployment-cicd)" in line for line in lines)
