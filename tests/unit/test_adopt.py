"""`init` on real checklist READMEs (tests/data/checklists, each with its SOURCE.md and
LICENSE): the roadmap validates, the README is up to date for `render --check`, every box
is an item or a named line, every tick is kept, every line outside the checklist is kept
byte for byte, and a second run changes nothing."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_bot.cli.main import main
from roadmap_bot.errors import ReadmeError
from roadmap_bot.issues.observed import ObservedState
from roadmap_bot.issues.plan import CreateIssue, plan
from roadmap_bot.issues.states import desired_states
from roadmap_bot.readme.adopt import (
    ACTION_PLACEHOLDER,
    WORKFLOW_PATH,
    Adoption,
    adopt,
    learner_workflow,
)
from roadmap_bot.readme.boxes import DASH_MESSAGE
from roadmap_bot.readme.markers import CHECKLIST_START, PROGRESS_START
from roadmap_bot.readme.progress import refresh_progress_block
from roadmap_bot.readme.render import read_recorded, read_states, states_for, update_readme
from roadmap_bot.roadmap.file import parse_roadmap
from roadmap_bot.roadmap.states import ItemState

ROOT = Path(__file__).parents[2]
CHECKLISTS = sorted((ROOT / "tests" / "data" / "checklists").iterdir())
NAMES = [path.name for path in CHECKLISTS]
# What GitHub draws as a box (the words such as [Done] are read too, but are no box there).
_GITHUB_BOX = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>[ xX])\][ \t]+\S")
# Progress words in a box, as the real files write them (GitHub draws no box for these).
_WORD_BOX = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>done|-|~|wip|ongoing|running|skipped)\]",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def readme(name: str) -> str:
    return (ROOT / "tests" / "data" / "checklists" / name / "README.md").read_bytes().decode()


@cache
def adopted(name: str) -> Adoption:
    return adopt(readme(name))


def github_boxes(text: str, box: re.Pattern[str] = _GITHUB_BOX) -> list[tuple[int, str]]:
    """(1-based line, mark) of every box GitHub draws (or `box` matches), outside fences.
    A fence ends at its closing fence, or (CommonMark) with the list item it sits in: at a
    line no further in than that item's bullet."""
    boxes: list[tuple[int, str]] = []
    bullet: int | None = None  # the last list line's indentation
    fenced, container = False, None
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if fenced and line.strip() and container is not None and indent <= container:
            fenced = False  # the list item ended, and the code block with it
        if _FENCE.match(line):
            fenced = not fenced
            container = bullet if fenced and bullet is not None and indent > bullet else None
            continue
        if fenced:
            continue
        if _BULLET.match(line):
            bullet = indent
        elif line.strip() and indent == 0:
            bullet = None
        match = box.match(line)
        if match:
            boxes.append((number, match.group("mark")))
    return boxes


def test_there_are_eighteen_real_readmes_with_their_source_and_license() -> None:
    assert len(CHECKLISTS) >= 18
    for path in CHECKLISTS:
        source = (path / "SOURCE.md").read_text(encoding="utf-8")
        assert "- repository: https://github.com/" in source
        assert re.search(r"- commit: [0-9a-f]{40}\n", source)
        assert (path / "LICENSE").stat().st_size > 0


def test_they_cover_every_style() -> None:
    texts = [readme(name) for name in NAMES]
    assert any(t.startswith("\ufeff") and "\r\n" in t for t in texts)  # BOM and CRLF
    assert any(re.search(r"^\t+- \[ \]", t, re.M) for t in texts)  # tabs
    assert any(re.search(r"^\* \[ \]", t, re.M) for t in texts)  # "*" bullets
    assert any(re.search(r"^\s*- \[x\]", t, re.M) for t in texts)  # ticks
    assert any(re.search(r"\[[ x]\] .*<(img|a|kbd|code|br)\b", t) for t in texts)  # HTML
    assert any(re.search(r"^\+ \[x\] ", t, re.M) for t in texts)  # "+" bullets
    assert any(re.search(r"^\d+\. \[ \] ", t, re.M) for t in texts)  # numbered
    assert any(re.search(r"^\s*- \[X\] ", t, re.M) for t in texts)  # capital X
    assert any(re.search(r"^\d+\) \[x\] ", t, re.M) for t in texts)  # "1) [x]"
    assert any(re.search(r"^\* \[-\] ", t, re.M) for t in texts)  # started
    assert any(re.search(r"^\s*\* \[done\] ", t, re.M) for t in texts)  # a word
    assert any(re.search(r"^\s*\* \[~\] ", t, re.M) for t in texts)  # started, "~"
    # A flat checklist: boxes under a "# Title" and no "## Section" heading at all.
    assert any(not re.search(r"^##", t, re.M) and re.search(r"^\* \[", t, re.M) for t in texts)
    languages = {"es": "Cómo", "ja": "ソート", "zh": "认证"}
    assert all(any(word in t for t in texts) for word in languages.values())


@pytest.mark.parametrize("name", NAMES)
def test_init_gives_a_valid_roadmap_and_an_up_to_date_readme(name: str) -> None:
    adoption = adopted(name)
    assert parse_roadmap(adoption.roadmap_text, "roadmap.yaml") == adoption.roadmap
    text = adoption.readme_text
    # What `render --check` computes.
    rendered = update_readme(text, adoption.roadmap)
    states = states_for(adoption.roadmap, read_states(rendered))
    assert refresh_progress_block(rendered, adoption.roadmap, states, "README.md") == text
    assert PROGRESS_START in text
    assert CHECKLIST_START in text


@pytest.mark.parametrize("name", NAMES)
def test_every_box_is_an_item_or_a_named_line_and_every_tick_is_kept(name: str) -> None:
    adoption = adopted(name)
    lines = {p.item.line: p.id for p in adoption.roadmap.walk()}
    named = {warning.line for warning in adoption.warnings}
    boxes = github_boxes(readme(name)) + github_boxes(readme(name), _WORD_BOX)
    assert boxes
    for number, _mark in boxes:
        assert number in lines or number in named, f"README.md:{number} vanished"
    done = ("x", "X", "done", "Done", "DONE")
    ticked = {number for number, mark in boxes if mark in done and number in lines}
    finished = {ItemState.DONE, ItemState.SKIPPED}
    assert {n for n in ticked if adoption.states[lines[n]] in finished} == ticked
    kept = states_for(adoption.roadmap, read_states(adoption.readme_text))
    assert kept == dict(adoption.states)
    # Nothing is recorded as agreed with GitHub yet: the first sync does that.
    recorded = read_recorded(adoption.readme_text)
    assert set(recorded.values()) <= {ItemState.TODO}


@pytest.mark.parametrize("name", NAMES)
def test_every_line_outside_the_checklist_is_kept_byte_for_byte(name: str) -> None:
    original = readme(name)
    adoption = adopted(name)
    assert adoption.replaced is not None
    first, last = adoption.replaced
    lines = original.splitlines(keepends=True)
    before, after = "".join(lines[: first - 1]), "".join(lines[last:])
    assert adoption.readme_text.startswith(before)
    assert adoption.readme_text.endswith(after)


@pytest.mark.parametrize("name", NAMES)
def test_a_second_init_changes_nothing(name: str) -> None:
    adoption = adopted(name)
    again = adopt(adoption.readme_text)
    assert again.replaced is None
    assert again.readme_text == adoption.readme_text
    assert again.roadmap == adoption.roadmap
    assert again.states == adoption.states


@pytest.mark.parametrize("name", NAMES)
def test_the_first_sync_plans_finished_items_closed(name: str) -> None:
    adoption = adopted(name)
    states = read_states(adoption.readme_text)
    planned = plan(adoption.roadmap, ObservedState(), states)
    creates = [a for a in planned.actions if isinstance(a, CreateIssue)]
    assert len(creates) == len(adoption.roadmap)
    wanted = desired_states(adoption.roadmap, {}, fallback=states)
    assert {a.item_id: a.state for a in creates} == wanted


def test_ticks_of_a_real_readme_are_all_kept() -> None:
    # The author's own copy: 647 boxes ticked, one written "- [x][6.006: ...](...)".
    adoption = adopted("coding-interview-university-2016")
    assert adoption.count(ItemState.DONE) == 647
    assert [w.line for w in adoption.warnings if "no space after the box" in w.message] == [1571]


def test_capital_x_plus_bullets_and_numbered_boxes_of_real_files_are_read() -> None:
    # A learner's fork ticking with [X] (96) and [x] (2); a week plan of "1. [ ]" boxes;
    # a book's progress as "+ [x]".
    capital = readme("coding-interview-university-capital-x")
    assert sum(mark == "X" for _, mark in github_boxes(capital)) == 96
    assert adopted("coding-interview-university-capital-x").count(ItemState.DONE) == 98
    plan = adopted("coding-interview-university-plan-numbered")
    numbered = re.findall(
        r"^\d+\. \[ \] ", readme("coding-interview-university-plan-numbered"), re.M
    )
    assert len(numbered) == 21
    assert len(plan.roadmap) == 32
    assert plan.count(ItemState.TODO) == 32
    assert (
        adopted("cmake-hacking").count(ItemState.DONE) == len(adopted("cmake-hacking").roadmap) == 4
    )


def test_crlf_of_a_real_readme_is_kept() -> None:
    # The Spanish translation is published with CRLF and a BOM; the Japanese one with LF:
    # its CRLF copy here is made from it for this test.
    spanish = adopted("coding-interview-university-es").readme_text
    assert spanish.startswith("\ufeff")
    assert "\n" not in spanish.replace("\r\n", "")
    japanese = readme("coding-interview-university-ja").replace("\n", "\r\n")
    crlf = adopt(japanese).readme_text
    assert "\n" not in crlf.replace("\r\n", "")
    assert crlf.replace("\r\n", "\n") == adopted("coding-interview-university-ja").readme_text


def test_parenthesis_numbers_and_progress_words_of_real_files_are_read() -> None:
    # A bot's TODO numbered "1) [x]" (13) and "14) [ ]" (12); a TODO.md with two "* [-]"
    # started items among 76 ticks; a roadmap of 294 "* [done]", one with no space after.
    numbered = adopted("crypto-telegram-bot-todo")
    text = readme("crypto-telegram-bot-todo")
    assert len(re.findall(r"^\d+\) \[x\] ", text, re.M)) == numbered.count(ItemState.DONE) == 13
    assert len(re.findall(r"^\d+\) \[ \] ", text, re.M)) == numbered.count(ItemState.TODO) == 12
    started = adopted("hyperctl-todo")
    lines = {p.item.line: p.id for p in started.roadmap.walk()}
    assert [started.states[lines[n]] for n in (77, 81)] == [ItemState.TODO] * 2
    named = {(w.line, w.message) for w in started.warnings}
    assert {(77, DASH_MESSAGE), (81, DASH_MESSAGE)} <= named
    assert started.count(ItemState.DONE) == 76
    # Effect's tracker: its legend (boxes "[ ]", "[x]", "[~]", "[-]", "[N]") comes before any
    # section and is named, not read; its 10 "- [-]" (there: not applicable) are to do, named.
    legend = adopted("effect-language-service-smol-todos")
    named = {w.line: w.message for w in legend.warnings}
    assert all("before any '## Section'" in named[n] for n in (6, 7, 8, 9))
    assert "'[N]' is no checkbox roadmap-bot knows" in named[10]
    started_lines = [n for n, m in named.items() if m == DASH_MESSAGE]
    assert len(started_lines) == 10
    assert (legend.count(ItemState.DONE), legend.count(ItemState.TODO)) == (61, 21)
    words = adopted("wlmaker-roadmap")
    assert words.count(ItemState.DONE) == len(words.roadmap) == 294
    assert [w.line for w in words.warnings if "no space after the box" in w.message] == [334]
    # An implementation plan under "# Implementation steps" and no "## Section": its items
    # make that one section; its four "* [~]" are to do, each named.
    flat = adopted("osb-cmdb-redesign-flat")
    text = readme("osb-cmdb-redesign-flat")
    assert [section.title for section in flat.roadmap.sections] == ["Implementation steps"]
    lines = {p.item.line: p.id for p in flat.roadmap.walk()}
    tilde = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\* \[~\] ", line)]
    assert tilde == [3, 33, 66, 133]
    assert [flat.states[lines[n]] for n in tilde] == [ItemState.TODO] * 4
    named = {(w.line, w.message) for w in flat.warnings}
    assert {(n, "'[~]' (started) read as to do") for n in tilde} <= named
    # Struck titles, some with why after them ("~~Adapt AT ...~~ Too costly for now").
    struck = len(re.findall(r"^\s*\* \[[ x]\] ~~", text, re.M))
    assert flat.count(ItemState.SKIPPED) == struck == 9
    # A code block left open at line 479 ends with its list item: the 180 boxes after it
    # are items too (GitHub draws them).
    assert sum(1 for placed in flat.roadmap.walk() if placed.item.line > 479) == 180


def test_styles_no_real_readme_here_shows_are_read_too() -> None:
    # Made here from api-security-checklist (MIT): progress words and a skip. Real files
    # show "1) [x]", "[-]", "[done]" and "[~]" (crypto-telegram-bot-todo, hyperctl-todo and
    # effect-language-service-smol-todos, wlmaker-roadmap, osb-cmdb-redesign-flat); none
    # here shows "[ongoing]", "[Done]" or "[skipped]".
    text = readme("api-security-checklist")
    swaps = iter(["+ [Done]", "* [~]", "- [ongoing]", "3. [skipped]"])
    varied = re.sub(r"^- \[ \]", lambda m: next(swaps, m.group()), text, flags=re.M)
    adoption = adopt(varied)
    states = list(adoption.states.values())[:4]
    assert states == [ItemState.DONE, ItemState.TODO, ItemState.TODO, ItemState.SKIPPED]
    assert len(adoption.roadmap) == len(adopted("api-security-checklist").roadmap)


def test_no_checklist_is_refused_clearly() -> None:
    with pytest.raises(ReadmeError, match=r"README.md:1:1: no checklist items"):
        adopt("# Notes\n\n- one\n- two\n")


def test_the_workflow_is_the_project_s_own_with_the_action_named() -> None:
    template = (ROOT / "roadmap_bot" / "templates" / "learner-workflow.yml").read_text()
    assert template == (ROOT / ".github" / "workflows" / "roadmap.yml").read_text(), (
        "roadmap_bot/templates/learner-workflow.yml is the copy init writes: copy the "
        "workflow there again"
    )
    workflow = learner_workflow(template, ACTION_PLACEHOLDER)
    assert f"      - uses: {ACTION_PLACEHOLDER}\n" in workflow
    assert "uses: ./" not in workflow
    # The self-reference and its two comment lines become the one line naming the action.
    assert workflow.count("\n") == template.count("\n") - 2


def test_init_names_the_action_in_the_workflow_and_refuses_a_malformed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(readme("api-security-checklist"), encoding="utf-8")
    bad = CliRunner().invoke(main, ["init", "--action", "octocat/roadmap-bot\n  run: x"])
    assert bad.exit_code == 2
    assert "does not name an action" in bad.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    good = CliRunner().invoke(main, ["init", "--action", "octocat/roadmap-bot@0123abc"])
    assert good.exit_code == 0, good.stderr
    workflow = (tmp_path / WORKFLOW_PATH).read_text(encoding="utf-8")
    assert "      - uses: octocat/roadmap-bot@0123abc\n" in workflow
    assert "OWNER/REPOSITORY" not in good.stdout
