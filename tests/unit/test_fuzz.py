"""Fuzzers over the parts that read what people write: the README importer, the tick
function and the two-way reconciliation of README boxes and issues.

Whatever the input, they fail with the project's own errors only (which the command line
turns into a message and an exit code), never with another exception; the tick changes at
most the one line of its item; a reconciliation is a fixed point after one run.

The YAML loader's fuzzers live in test_roadmap_file.py (any text, any YAML document).

Every test here is derandomized and uses no example database, so a CI run is the same
run every time; raise FUZZ_EXAMPLES to search longer locally:
    FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import dataclasses
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_bot.errors import InputFileError, ReadmeError, RoadmapBotError
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import issue_state
from roadmap_bot.readme.importer import import_readme
from roadmap_bot.readme.line import CHECKBOX_RE
from roadmap_bot.readme.markers import (
    CHECKLIST_END,
    CHECKLIST_START,
    PROGRESS_END,
    PROGRESS_START,
    find_block,
)
from roadmap_bot.readme.reconcile import IssueChange, reconcile
from roadmap_bot.readme.render import (
    checklist_lines,
    read_recorded,
    read_states,
    set_item_state,
    update_readme,
)
from roadmap_bot.roadmap.file import dump_roadmap, parse_roadmap
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState

ROOT = Path(__file__).parents[2]
# The README this repository ships (generated, with markers) and the seed (hand-written,
# damaged encoding, no markers).
SHIPPED_READMES = (ROOT / "README.md", ROOT / "tests" / "data" / "seed" / "roadmap-README.md")

_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def fuzz(examples: int) -> settings:
    """Stable in CI: derandomized, no example database, no deadline."""
    return settings(
        max_examples=_EXAMPLES or examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@cache
def shipped(index: int) -> str:
    return SHIPPED_READMES[index].read_text(encoding="utf-8")


@cache
def shipped_sections(index: int) -> frozenset[Section]:
    return frozenset(import_readme(shipped(index)).roadmap.sections)


# --- markdown-ish text ----------------------------------------------------------------------

# Line breaks: str.splitlines() splits on all of these, not only \n.
NEWLINES = ("\n", "\r\n", "\r", "\u2028", "\x0c", "\x85", "\x0b")
_NEWLINE = st.sampled_from(NEWLINES[:2]) | st.sampled_from(NEWLINES)
# Characters that mean something to the checklist grammar, and some that look alike.
_SPECIAL = "-*+[]()~:<>!#`x X\t  \u00a0\u3000\ufe0f\u200b🟢🟡🔴⭐âğŸ¢¡”´…\\/_|'\"\r\n\u2028\x85\x0c"
_CHARS = st.sampled_from(_SPECIAL) | st.characters(codec="utf-8")
_WORD = st.text(_CHARS, max_size=6) | st.sampled_from(
    ["Docker", "Git Flow", "CI/CD", "...", "…", "", " ", "a: b", ":", "**", "~~", "id:x"]
)
_INDENT = st.sampled_from(["", "  ", "    ", "\t", " \t", "      ", "\u00a0"])
_BOX = st.sampled_from(["[ ]", "[x]", "[X]", "[]", "[ x]", "[  ]", "[*]"])
_MARKS = st.lists(
    st.sampled_from(["🟢", "🟡", "🔴", "⭐", "⭐\ufe0f", "ğŸŸ¢", "ğŸŸ¡", "ğŸ”´", "â", "★"]),
    max_size=5,
).map("".join)
_ID = st.sampled_from(
    ["a", "b", "docker", "git-flow", "x-1", "A", "a--b", "-a", ""]
) | st.from_regex(r"[a-z0-9-]{1,8}", fullmatch=True)
_ID_COMMENT = st.builds(
    lambda space, item_id, word, close: f"<!--{space}id:{item_id}{word}{space}{close}",
    st.sampled_from([" ", "", "  ", "\t"]),
    _ID,
    st.sampled_from(["", " done", " skipped", " todo", " DONE", "  done", " bogus"]),
    st.sampled_from(["-->", "--", "->", "--> x"]),
)


@st.composite
def _title(draw: st.DrawFn) -> str:
    words = draw(_WORD)
    shape = draw(st.sampled_from(["plain", "bold", "link", "bold-link", "strike", "split"]))
    if shape == "bold":
        words = f"**{words}**"
    elif shape == "link":
        words = f"[{words}]({draw(_WORD)})"
    elif shape == "bold-link":
        words = f"**[{words}](https://e.org/{draw(_WORD)})**"
    elif shape == "strike":
        words = f"~~{words}~~"
    elif shape == "split":
        words = f"{words}: {draw(_WORD)}"
    return words


@st.composite
def checkbox_lines(draw: st.DrawFn) -> str:
    line = (
        draw(_INDENT)
        + draw(st.sampled_from(["-", "*", "+"]))
        + draw(st.sampled_from([" ", "  ", "\t"]))
        + draw(_BOX)
        + draw(st.sampled_from([" ", "  ", "\t", ""]))
        + draw(_MARKS)
        + draw(st.sampled_from([" ", "", "  "]))
        + draw(_title())
    )
    if draw(st.booleans()):
        line += draw(st.sampled_from([" ", "", "\t"])) + draw(_ID_COMMENT)
    if draw(st.booleans()):
        line = line.replace("- [", "- ~~[", 1) if draw(st.booleans()) else f"~~{line}~~"
    return line + draw(st.sampled_from(["", "", " ", "  ", "\t", " \u00a0"]))


_OTHER_LINES = st.sampled_from(
    [
        "",
        "# Roadmap",
        "## Basics",
        "## ",
        "##",
        "### Deeper",
        "####### Seven",
        "## Section ##",
        "```",
        "~~~",
        "  ```python",
        CHECKLIST_START,
        CHECKLIST_END,
        PROGRESS_START,
        PROGRESS_END,
        " " + CHECKLIST_START + " ",
        "<!-- roadmap-bot:checksum 0123456789ab -->",
        "Some text.",
        "> [!NOTE]",
        "| a | b |",
    ]
) | st.builds(
    lambda indent, bullet, text: f"{indent}{bullet} {text}",
    _INDENT,
    st.sampled_from(["-", "*", "+"]),
    _title(),
)
LINES = checkbox_lines() | _OTHER_LINES | st.text(_CHARS, max_size=20)


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINES, max_size=30))
    if draw(st.booleans()):
        lines = ["# Title", CHECKLIST_START, "## Section", *lines, CHECKLIST_END]
    newline = draw(_NEWLINE)
    return newline.join(lines) + draw(st.sampled_from(["", newline, "\n"]))


# --- mutations of the shipped READMEs ----------------------------------------------------


@st.composite
def _mutation(draw: st.DrawFn) -> tuple[str, int, int, str]:
    kind = draw(
        st.sampled_from(
            ["delete", "duplicate", "swap", "insert", "replace", "char", "cut", "ending", "tail"]
        )
    )
    where = draw(st.integers(0, 10**6))
    other = draw(st.integers(0, 10**6))
    if kind in ("insert", "replace"):
        what = draw(LINES)
    elif kind == "char":
        what = draw(st.text(_CHARS, min_size=1, max_size=3))
    elif kind == "ending":
        what = draw(st.sampled_from(NEWLINES))
    elif kind == "tail":
        what = draw(st.sampled_from([" ", "  ", "\t", " \t "]))
    else:
        what = ""
    return kind, where, other, what


def mutate(text: str, mutations: list[tuple[str, int, int, str]]) -> str:
    """The text with each mutation applied in turn, line-wise (a line keeps its ending)."""
    lines = text.splitlines(keepends=True)
    for kind, where, other, what in mutations:
        if not lines:
            lines = [what]
            continue
        i, j = where % len(lines), other % len(lines)
        line = lines[i]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            lines.insert(i, what + (ending or "\n"))
        elif kind == "replace":
            lines[i] = what + ending
        elif kind == "char":
            # Insert, or overwrite a few characters, anywhere in the line.
            at = other % (len(body) + 1)
            cut = at + (other % 3 if other % 2 else 0)
            lines[i] = body[:at] + what + body[cut:] + ending
        elif kind == "cut":
            lines[i] = body[: other % (len(body) + 1)] + ending
        elif kind == "ending":
            lines[i] = body + what
        elif kind == "tail":
            lines[i] = body + what + ending
    return "".join(lines)


_MUTATIONS = st.lists(_mutation(), min_size=1, max_size=6)
# Lines of the shipped README's checklist are where the mutations matter most; aim there
# half of the time.
_SHIPPED = st.sampled_from(range(len(SHIPPED_READMES)))


# --- the README importer --------------------------------------------------------------------


def check_error(error: RoadmapBotError, text: str) -> None:
    """A project error says something, and a file's problems name lines of the file."""
    assert str(error).strip()
    if isinstance(error, InputFileError):
        assert error.problems
        for problem in error.problems:
            assert 1 <= problem.line <= max(1, len(text.splitlines()))
            assert problem.column >= 1
            assert "\n" not in problem.message


def import_or_project_error(text: str, known: frozenset[Section] = frozenset()) -> None:
    """import_readme() reads a roadmap that roadmap.yaml can hold, or raises a project
    error: `roadmap-bot import` never writes a roadmap.yaml that `validate` refuses.

    known: sections already known to round-trip (writing YAML is slow: only the sections
    a mutation touched are written and read back).
    """
    try:
        imported = import_readme(text)
    except RoadmapBotError as error:
        check_error(error, text)
        return
    ids = [placed.id for placed in imported.roadmap.walk()]
    assert len(ids) == len(set(ids))
    assert set(imported.states) == set(ids)
    new = tuple(section for section in imported.roadmap.sections if section not in known)
    roadmap = Roadmap(imported.roadmap.title, new)
    assert parse_roadmap(dump_roadmap(roadmap), "roadmap.yaml") == roadmap


@fuzz(300)
@given(st.text(_CHARS, max_size=300))
def test_import_of_any_text_raises_only_project_errors(text: str) -> None:
    import_or_project_error(text)


@fuzz(300)
@given(markdownish())
def test_import_of_markdownish_text_raises_only_project_errors(text: str) -> None:
    import_or_project_error(text)


@fuzz(150)
@given(_SHIPPED, _MUTATIONS)
def test_import_of_a_mutated_readme_raises_only_project_errors(
    which: int, mutations: list[tuple[str, int, int, str]]
) -> None:
    import_or_project_error(mutate(shipped(which), mutations), shipped_sections(which))


# --- the tick -------------------------------------------------------------------------------


def _bare_lines(text: str) -> list[str]:
    return text.splitlines()


def check_tick(text: str, item_id: str, state: ItemState, record: bool) -> None:
    """set_item_state changes the item's line only, shows state there, and keeps the
    line's indent, trailing whitespace and line ending; or raises a project error."""
    try:
        result = set_item_state(text, item_id, state, record=record)
    except RoadmapBotError as error:
        check_error(error, text)
        return
    before, after = text.splitlines(keepends=True), result.text.splitlines(keepends=True)
    assert len(before) == len(after)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    index = result.line - 1
    assert changed in ([], [index])
    assert result.changed is bool(changed)
    old_bare, new_bare = _bare_lines(text)[index], _bare_lines(result.text)[index]
    # The line ending, the indent and the trailing whitespace are kept.
    assert before[index][len(old_bare) :] == after[index][len(new_bare) :]
    old_box, new_box = CHECKBOX_RE.match(old_bare), CHECKBOX_RE.match(new_bare)
    assert old_box is not None
    assert new_box is not None
    assert new_box.group("indent") == old_box.group("indent")
    assert new_box.group("trail") == old_box.group("trail")
    # It is still the item's line, and it says what was asked.
    old_line = next(line for line in checklist_lines(text) if line.item_id == item_id)
    new_line = next(line for line in checklist_lines(result.text) if line.item_id == item_id)
    assert (old_line.index, new_line.index) == (index, index)
    assert new_line.state is state
    assert new_line.recorded is (state if record else old_line.recorded)
    # Asking again changes nothing.
    again = set_item_state(result.text, item_id, state, record=record)
    assert (again.text, again.changed) == (result.text, False)


_STATES = st.sampled_from(ItemState)


def _ids_in(text: str) -> list[str]:
    return [line.item_id for line in checklist_lines(text) if line.item_id]


@fuzz(150)
@given(_SHIPPED, _MUTATIONS, st.integers(0, 10**6), _STATES, st.booleans())
def test_tick_of_a_mutated_readme_changes_only_its_line(
    which: int,
    mutations: list[tuple[str, int, int, str]],
    pick: int,
    state: ItemState,
    record: bool,
) -> None:
    text = mutate(shipped(which), mutations)
    ids = _ids_in(text) or ["docker"]
    check_tick(text, ids[pick % len(ids)], state, record)


@st.composite
def _tick_readmes(draw: st.DrawFn) -> str:
    """A short checklist of fuzzed item lines, each with an id, between the markers."""
    lines = draw(st.lists(checkbox_lines() | _OTHER_LINES, min_size=1, max_size=8))
    lines = [
        line if CHECKBOX_RE.match(line) is None else f"{line} <!-- id:item-{n} -->"
        for n, line in enumerate(lines)
    ]
    newline = draw(_NEWLINE)
    body = newline.join(["# T", CHECKLIST_START, "## S", *lines, CHECKLIST_END])
    return body + draw(st.sampled_from(["", newline]))


@fuzz(400)
@given(_tick_readmes(), st.integers(0, 10**6), _STATES, st.booleans(), st.booleans())
def test_tick_of_fuzzed_item_lines_changes_only_its_line(
    text: str, pick: int, state: ItemState, record: bool, twice: bool
) -> None:
    ids = _ids_in(text) or ["item-0"]
    item_id = ids[pick % len(ids)]
    if twice:
        # From a state the bot set, too.
        try:
            text = set_item_state(text, item_id, state, record=True).text
        except RoadmapBotError:
            return
        state = ItemState.TODO if state is not ItemState.TODO else ItemState.SKIPPED
    check_tick(text, item_id, state, record)


# --- the two-way reconciliation ---------------------------------------------------------------

ROADMAP = Roadmap(
    "R",
    (
        Section(
            "Basics",
            (
                Item(
                    id="parent",
                    title="Parent",
                    difficulty=Difficulty.EASY,
                    importance=2,
                    children=(
                        Item(id="child-a", title="Child A", description="The first."),
                        Item(
                            id="child-b",
                            title="Child B",
                            children=(Item(id="grandchild", title="Grandchild"),),
                        ),
                    ),
                ),
                Item(id="alone", title="Alone", difficulty=Difficulty.HARD, importance=3),
            ),
        ),
        Section(
            "More: and more",
            (
                Item(
                    id="own-state",
                    title="Own state",
                    complete_with_children=False,
                    children=(Item(id="own-child", title="Own child"),),
                ),
                Item(id="renamed", title="Renamed", previous_ids=("old-name",)),
                Item(id="never-an-issue", title="Never an issue"),
            ),
        ),
    ),
)
IDS = tuple(placed.id for placed in ROADMAP.walk())
NUMBERS = {item_id: number for number, item_id in enumerate(IDS, start=1)}
# (state, state_reason) as GitHub lists them; None: the item has no issue (yet).
ISSUE_STATES = (
    None,
    ("open", None),
    ("open", "reopened"),
    ("closed", "completed"),
    ("closed", "not_planned"),
    ("closed", None),
    ("closed", "duplicate"),
)


def _issues(drawn: dict[str, tuple[str, str | None] | None]) -> dict[str, ObservedIssue]:
    return {
        item_id: ObservedIssue(
            NUMBERS[item_id], NUMBERS[item_id] * 10, f"I_{item_id}", item_id, "", *pair, (), 1, None
        )
        for item_id, pair in drawn.items()
        if pair is not None and item_id != "never-an-issue"
    }


_ISSUES = st.fixed_dictionaries({item_id: st.sampled_from(ISSUE_STATES) for item_id in IDS}).map(
    _issues
)


def _applied(issues: dict[str, ObservedIssue], changes: tuple[IssueChange, ...]) -> dict:
    """The issues after roadmap-bot carried the README's hand changes to GitHub."""
    out = dict(issues)
    for change in changes:
        fields = change.fields()
        out[change.item_id] = dataclasses.replace(
            out[change.item_id], state=fields["state"], state_reason=fields["state_reason"]
        )
    return out


def _empty_readme(newline: str) -> str:
    lines = ["# R", "", PROGRESS_START, PROGRESS_END, "", "Intro.  ", CHECKLIST_START]
    return newline.join([*lines, CHECKLIST_END, "", "End.", ""])


def _allowed_lines(text: str) -> set[int]:
    """Indices of the lines reconcile may change: item lines and the progress block."""
    lines = text.splitlines()
    allowed = {line.index for line in checklist_lines(text) if line.item_id}
    block = find_block(lines, PROGRESS_START, PROGRESS_END)
    if block is not None:
        allowed.update(range(*block))
    return allowed


@fuzz(200)
@given(
    newline=st.sampled_from(["\n", "\r\n"]),
    earlier=_ISSUES,
    hand=st.dictionaries(st.sampled_from(IDS), _STATES, max_size=4),
    now=_ISSUES,
)
def test_reconcile_is_a_fixed_point_after_one_run(
    newline: str,
    earlier: dict[str, ObservedIssue],
    hand: dict[str, ItemState],
    now: dict[str, ObservedIssue],
) -> None:
    # A README the bot brought in line with some earlier issues, then boxes changed by hand.
    text = reconcile(update_readme(_empty_readme(newline), ROADMAP), ROADMAP, earlier).text
    for item_id, state in hand.items():
        text = set_item_state(text, item_id, state).text

    first = reconcile(text, ROADMAP, now)

    # Only item lines and the progress block changed; every line keeps its ending.
    before, after = text.splitlines(keepends=True), first.text.splitlines(keepends=True)
    assert len(before) == len(after)
    changed = {i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new}
    assert changed <= _allowed_lines(text)
    assert all(line.endswith(newline) for line in after)
    assert not first.rendered
    # Boxes show the final states, and items with an issue record them as agreed.
    issues = _applied(now, first.issue_changes)
    states = read_states(first.text)
    assert states == first.states
    recorded = read_recorded(first.text)
    # (Parents closed for their children are recorded once their issue is closed.)
    completed = {c.item_id for c in first.completions}
    assert all(recorded[item_id] is states[item_id] for item_id in set(issues) - completed)
    # A leaf with an issue shows its issue (after the hand changes were carried over).
    for placed in ROADMAP.walk():
        if placed.id in issues and not placed.item.children:
            assert states[placed.id] is issue_state(issues[placed.id])
    # Hand changes go only to issues that exist, each at most once.
    assert {c.item_id for c in first.issue_changes} <= set(now)
    assert len({c.item_id for c in first.issue_changes}) == len(first.issue_changes)
    # The box changes listed are exactly the boxes that changed.
    old_states = read_states(text)
    assert {(c.item_id, c.before, c.after) for c in first.box_changes} == {
        (i, old_states[i], states[i]) for i in IDS if old_states[i] is not states[i]
    }

    # A second run, once GitHub holds the carried changes, changes nothing but the
    # records of the parents closed for their children; a third nothing at all.
    second = reconcile(first.text, ROADMAP, issues)
    assert (second.issue_changes, second.box_changes) == ((), ())
    assert {c.item_id for c in second.records} <= completed
    third = reconcile(second.text, ROADMAP, issues)
    assert third.text == second.text
    assert (third.issue_changes, third.box_changes) == ((), ())
    assert second.states == first.states


# --- what the fuzzers found, kept as plain examples ---------------------------------------------

_HEAD = f"# T\n{CHECKLIST_START}\n## S\n"


@pytest.mark.parametrize("newline", ["\u2028", "\x0c", "\x85", "\x0b", "\x1c"])
def test_tick_of_a_line_ending_in_another_line_break_keeps_its_id(newline: str) -> None:
    # The line break was taken for part of the line: the id comment no longer ended it, so
    # a skip struck it through with the words and the item lost its id.
    text = f"{_HEAD}- [ ] Foo <!-- id:foo -->{newline}- [ ] Bar <!-- id:bar -->\n{CHECKLIST_END}\n"
    result = set_item_state(text, "foo", ItemState.SKIPPED, record=True)
    assert result.text == text.replace(
        "- [ ] Foo <!-- id:foo -->", "- [x] ~~Foo~~ <!-- id:foo skipped -->"
    )


def test_untick_of_a_line_struck_after_a_no_break_space() -> None:
    # The reader strips any whitespace before '~~'; the ticker only looked at spaces.
    text = f"{_HEAD}- [x] \u00a0~~Foo~~ <!-- id:foo -->\n{CHECKLIST_END}\n"
    result = set_item_state(text, "foo", ItemState.TODO)
    assert read_states(result.text) == {"foo": ItemState.TODO}
    assert "- [ ] \u00a0Foo <!-- id:foo -->" in result.text


def test_untick_of_a_line_struck_twice() -> None:
    text = f"{_HEAD}- [x] ~~~~Foo~~~~ <!-- id:foo -->\n{CHECKLIST_END}\n"
    result = set_item_state(text, "foo", ItemState.DONE)
    assert read_states(result.text) == {"foo": ItemState.DONE}


def test_skip_of_a_line_without_words_is_refused() -> None:
    # "~~~~" would read as a tick, not a skip.
    text = f"{_HEAD}- [ ]  <!-- id:foo -->\n{CHECKLIST_END}\n"
    with pytest.raises(ReadmeError, match=r"README.md:4:1: item 'foo' has no title to strike"):
        set_item_state(text, "foo", ItemState.SKIPPED)
    assert set_item_state(text, "foo", ItemState.DONE).text == text.replace("- [ ]", "- [x]")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["- [ ] A <!-- id:a -->", "- [ ] B <!-- id:a -->"],
            "README.md:5:1: id 'a' is also used at line 4; give each item its own id",
        ),
        (
            ["- [ ] A <!-- id:a--b -->"],
            "README.md:4:1: id 'a--b' is not valid: use lowercase letters (a-z or of other scripts), digits and single hyphens between words, at most 100 characters, such as 'a-b'",
        ),
        (
            ["- [ ] 🟢⭐⭐⭐⭐ A"],
            "README.md:4:1: 4 stars: the most is 3 (very important)",
        ),
        (
            ["- [ ] " + "x" * 257 + " <!-- id:x -->"],
            "README.md:4:1: title is 257 characters long; GitHub allows at most 256 in an issue title",
        ),
    ],
)
def test_import_refuses_what_roadmap_yaml_would_refuse(lines: list[str], message: str) -> None:
    # Each of these was read, and `import` wrote a roadmap.yaml that `validate` refused.
    text = _HEAD + "\n".join(lines) + f"\n{CHECKLIST_END}\n"
    with pytest.raises(ReadmeError) as caught:
        import_readme(text)
    assert str(caught.value) == message


def test_import_reads_a_tab_in_a_title_as_a_space_and_blank_links_as_notes() -> None:
    text = _HEAD + "- [ ] Git\tFlow\n  - [ ](https://e.org)\n  - \u00a0\n" + CHECKLIST_END + "\n"
    item = import_readme(text).roadmap.sections[0].items[0]
    assert (item.title, item.links, item.notes) == ("Git Flow", (), ("[ ](https://e.org)",))
    import_or_project_error(text)


def test_import_keeps_made_up_ids_within_the_longest_id() -> None:
    title = "word " * 30
    text = _HEAD + f"- [ ] {title}\n- [ ] {title}\n" + CHECKLIST_END + "\n"
    ids = [p.id for p in import_readme(text).roadmap.walk()]
    assert len(ids) == 2
    assert all(len(i) <= 100 for i in ids)
    import_or_project_error(text)
