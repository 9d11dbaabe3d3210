"""Progress counts and their renderings, and the README's progress block. No network."""

from __future__ import annotations

import json

import pytest

from roadmap_bot.errors import ReadmeError
from roadmap_bot.readme.burnup import burn_up
from roadmap_bot.readme.markers import PROGRESS_END, PROGRESS_START
from roadmap_bot.readme.progress import (
    PAGE_LINK_TEXT,
    PAGE_URL_RE,
    Progress,
    Tally,
    as_job_summary,
    as_json,
    as_markdown,
    as_text,
    compute_progress,
    update_progress_block,
)
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState

TODO, DONE, SKIPPED = ItemState.TODO, ItemState.DONE, ItemState.SKIPPED

ROADMAP = Roadmap(
    "Tiny",
    (
        Section(
            "Alpha",
            (
                Item("a", "A", Difficulty.EASY, 3),
                Item("b", "B", Difficulty.MEDIUM, 1, children=(Item("b1", "B one"),)),
            ),
        ),
        Section(
            "Beta | Gamma",
            (Item("c", "C", Difficulty.HARD, 0), Item("d", "D", Difficulty.EASY, None)),
        ),
    ),
)
# "d" has no state: it counts as to do.
STATES = {"a": DONE, "b": SKIPPED, "b1": DONE, "c": TODO}


def progress() -> Progress:
    return compute_progress(ROADMAP, STATES)


def counts(tally: Tally) -> tuple[str, int, int, int, int]:
    return (tally.key, tally.total, tally.done, tally.skipped, tally.todo)


# --- counting -----------------------------------------------------------------------------


def test_counts_by_hand() -> None:
    result = progress()
    assert result.title == "Tiny"
    assert counts(result.overall) == ("overall", 5, 2, 1, 2)
    assert [counts(t) for t in result.sections] == [
        ("Alpha", 3, 2, 1, 0),
        ("Beta | Gamma", 2, 0, 0, 2),
    ]
    assert [counts(t) for t in result.difficulty] == [
        ("easy", 2, 1, 0, 1),
        ("medium", 1, 0, 1, 0),
        ("hard", 1, 0, 0, 1),
        ("none", 1, 1, 0, 0),
    ]
    assert [counts(t) for t in result.importance] == [
        ("3", 1, 1, 0, 0),
        ("2", 0, 0, 0, 0),
        ("1", 1, 0, 1, 0),
        ("0", 1, 0, 0, 1),
        ("none", 2, 1, 0, 1),
    ]


def test_percent_counts_skipped_as_progress_and_rounds_down() -> None:
    assert progress().overall.percent == pytest.approx(60.0)  # (2 done + 1 skipped) / 5
    two_thirds = Tally("x", total=3, done=1, skipped=1)
    assert two_thirds.percent == pytest.approx(200 / 3)
    assert two_thirds.whole_percent == 66
    almost = Tally("x", total=200, done=199)
    assert almost.whole_percent == 99  # 100% only when nothing is left
    assert Tally("empty").percent == 0.0
    assert Tally("empty").whole_percent == 0


def test_states_under_a_previous_id_count() -> None:
    renamed = Roadmap("R", (Section("S", (Item("new", "New", previous_ids=("old",)),)),))
    assert compute_progress(renamed, {"old": DONE}).overall.done == 1
    assert compute_progress(renamed, {}).overall.todo == 1


# --- renderings ---------------------------------------------------------------------------


def test_text() -> None:
    assert as_text(progress()) == (
        "Tiny\n"
        "Overall: [############--------] 60%  2 done, 1 skipped, 2 to do of 5 items\n"
        "\n"
        "Section       Done  Skipped  To do  Total  Progress\n"
        "Alpha            2        1      0      3  [####################] 100%\n"
        "Beta | Gamma     0        0      2      2  [--------------------]   0%\n"
        "\n"
        "Difficulty     Done  Skipped  To do  Total  Progress\n"
        "Easy              1        0      1      2  [##########----------]  50%\n"
        "Medium            0        1      0      1  [####################] 100%\n"
        "Hard              0        0      1      1  [--------------------]   0%\n"
        "No difficulty     1        0      0      1  [####################] 100%\n"
        "\n"
        "Importance     Done  Skipped  To do  Total  Progress\n"
        "3 stars           1        0      0      1  [####################] 100%\n"
        "1 star            0        1      0      1  [####################] 100%\n"
        "0 stars           0        0      1      1  [--------------------]   0%\n"
        "No importance     1        0      1      2  [##########----------]  50%\n"
    )


MARKDOWN = (
    "**Overall:** ██████░░░░ 60% · 2 of 5 done, 1 skipped, 2 to do\n"
    "\n"
    "| Section | Done | Skipped | To do | Progress |\n"
    "| --- | ---: | ---: | ---: | --- |\n"
    "| Alpha | 2 / 3 | 1 | 0 | ██████████ 100% |\n"
    "| Beta \\| Gamma | 0 / 2 | 0 | 2 | ░░░░░░░░░░ 0% |\n"
)


def test_markdown() -> None:
    assert as_markdown(progress()) == MARKDOWN


def test_json_has_stable_keys() -> None:
    data = json.loads(as_json(progress()))
    assert list(data) == ["title", "overall", "sections", "difficulty", "importance"]
    assert data["overall"] == {"total": 5, "done": 2, "skipped": 1, "todo": 2, "percent": 60.0}
    assert data["sections"][1] == {
        "title": "Beta | Gamma",
        "total": 2,
        "done": 0,
        "skipped": 0,
        "todo": 2,
        "percent": 0.0,
    }
    assert list(data["difficulty"]) == ["easy", "medium", "hard", "none"]
    assert list(data["importance"]) == ["3", "2", "1", "0", "none"]
    assert data["importance"]["none"]["percent"] == 50.0
    assert as_json(progress()) == as_json(compute_progress(ROADMAP, dict(STATES)))


def test_job_summary() -> None:
    summary = as_job_summary(progress(), ['Ticked "A" (#1)\n::warning::injected', "Skipped B"])
    assert summary.startswith("## Tiny: progress\n\n" + MARKDOWN + "\n| Difficulty |")
    assert "| 🟢 Easy | 1 / 2 | 0 | 1 | █████░░░░░ 50% |\n" in summary
    assert "| ⭐⭐⭐ | 1 / 1 | 0 | 0 | ██████████ 100% |\n" in summary
    # Empty groups are left out of the breakdown.
    assert "| ⭐⭐ |" not in summary
    assert summary.endswith(
        "```mermaid\n"
        "pie showData\n"
        "    title Roadmap progress\n"
        '    "Done" : 2\n'
        '    "Skipped" : 1\n'
        '    "To do" : 2\n'
        "```\n"
        "\n"
        "### What this run changed\n"
        "\n"
        '- Ticked "A" (#1) ::warning::injected\n'
        "- Skipped B\n"
    )


def test_job_summary_shows_what_to_learn_next() -> None:
    roadmap = Roadmap(
        "Tiny",
        (
            Section(
                "Alpha <!-- x",
                (
                    Item("a", "A\nsecond line", Difficulty.EASY, 3),
                    Item("b", "B", requires=("a",)),
                ),
            ),
        ),
    )
    ready = next_items(roadmap, {}, 5)
    summary = as_job_summary(compute_progress(roadmap, {}), [], next_up=ready)
    learn = summary.split("### Learn next\n\n", 1)[1].split("\n\n", 1)[0]
    assert learn == "- A second line 🟢 ⭐⭐⭐ (Alpha &lt;!-- x)"
    assert "### Learn next" not in as_job_summary(compute_progress(roadmap, {}), [])


def test_job_summary_without_changes_or_items() -> None:
    empty = compute_progress(Roadmap("Empty", (Section("S"),)), {})
    summary = as_job_summary(empty, [])
    assert "```mermaid" not in summary
    assert summary.endswith(
        "### What this run changed\n\nNothing: everything was already in step.\n"
    )
    done = compute_progress(ROADMAP, dict.fromkeys(["a", "b", "b1", "c", "d"], DONE))
    pie = as_job_summary(done, []).split("```mermaid\n")[1].split("```")[0]
    assert pie == 'pie showData\n    title Roadmap progress\n    "Done" : 5\n'


# --- the README block ---------------------------------------------------------------------

BEFORE = "# My roadmap\n\nIntro.\n"
AFTER = "\n## Items\n- [ ] keep me  \nEnd without newline"


def test_block_replaced_and_everything_else_kept() -> None:
    readme = f"{BEFORE}{PROGRESS_START}\nold text\n| old | table |\n{PROGRESS_END}\n{AFTER}"
    updated = update_progress_block(readme, progress())
    assert updated == f"{BEFORE}{PROGRESS_START}\n\n{MARKDOWN}\n{PROGRESS_END}\n{AFTER}"
    assert update_progress_block(updated, progress()) == updated


def test_block_in_a_crlf_file_stays_crlf() -> None:
    readme = f"{BEFORE}{PROGRESS_START}\n{PROGRESS_END}\n{AFTER}".replace("\n", "\r\n")
    updated = update_progress_block(readme, progress())
    expected = f"{BEFORE}{PROGRESS_START}\n\n{MARKDOWN}\n{PROGRESS_END}\n{AFTER}"
    assert updated == expected.replace("\n", "\r\n")
    assert update_progress_block(updated, progress()) == updated


def test_block_follows_new_progress() -> None:
    readme = f"{PROGRESS_START}\n{PROGRESS_END}\n"
    first = update_progress_block(readme, progress())
    later = update_progress_block(first, compute_progress(ROADMAP, {**STATES, "c": DONE}))
    assert "80%" in later
    assert "60%" not in later
    assert later.startswith(f"{PROGRESS_START}\n\n**Overall:**")
    assert later.endswith(f"\n\n{PROGRESS_END}\n")


def test_missing_markers() -> None:
    with pytest.raises(ReadmeError) as error:
        update_progress_block("# Title\n", progress(), "docs/README.md")
    assert str(error.value) == (
        f"docs/README.md:1:1: no progress block markers: put the lines '{PROGRESS_START}' "
        f"and '{PROGRESS_END}' where it belongs"
    )


def test_unclosed_block_names_its_line() -> None:
    with pytest.raises(ReadmeError) as error:
        update_progress_block(f"# Title\n\n{PROGRESS_START}\ntext\n", progress())
    assert str(error.value) == (
        "README.md:3:1: the progress block opened here is never closed: put the line "
        f"'{PROGRESS_END}' after it"
    )


# --- the link to the progress page ----------------------------------------------------------

PAGE = "https://learner.github.io/roadmap/"


def test_block_links_to_the_page_when_given_and_keeps_the_link_when_not_told() -> None:
    readme = f"{BEFORE}{PROGRESS_START}\n{PROGRESS_END}\n{AFTER}"
    linked = update_progress_block(readme, progress(), page_url=PAGE)
    link = PAGE_LINK_TEXT.format(url=PAGE)
    assert f"\n{MARKDOWN}\n{link}\n\n{PROGRESS_END}\n" in linked
    # Not told (a `render` on the learner's machine): the link stays.
    assert update_progress_block(linked, progress()) == linked
    later = update_progress_block(linked, compute_progress(ROADMAP, {**STATES, "c": DONE}))
    assert link in later
    assert "80%" in later
    # Told there is none: it goes, and the block is as it was without one.
    assert update_progress_block(linked, progress(), page_url="") == update_progress_block(
        readme, progress()
    )
    other = update_progress_block(linked, progress(), page_url="https://example.org/p/")
    assert PAGE not in other
    assert "(https://example.org/p/)" in other


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        (PAGE, True),
        ("http://example.org/a?b=c#d", True),
        ("javascript:alert(1)", False),
        ("https://example.org/a b", False),
        ("https://example.org/a)[x](javascript:alert(1)", False),
        ("ftp://example.org/", False),
    ],
)
def test_page_urls_that_stay_one_markdown_link(url: str, valid: bool) -> None:
    assert bool(PAGE_URL_RE.fullmatch(url)) is valid


def test_job_summary_with_a_burn_up() -> None:
    chart = burn_up(ROADMAP, STATES, {"a": "2026-03-01T10:00:00Z", "b1": "2026-03-04T09:00:00Z"})
    assert chart is not None
    summary = as_job_summary(progress(), [], chart)
    pie_end = summary.index('"To do" : 2\n```\n')
    burnup = summary[pie_end:].split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert burnup == (
        "xychart-beta\n"
        '    title "Items finished over time"\n'
        '    x-axis ["2026-03-01", "2026-03-04"]\n'
        '    y-axis "Items finished" 0 --> 5\n'
        "    line [1, 2]\n"
    )
    # "b" is skipped with no close date: said under the chart.
    assert "\n1 finished item has no close date and is not drawn.\n" in summary
    assert "xychart" not in as_job_summary(progress(), [])
