"""Two-way reconciliation of README boxes and issues: pure, with hand-made issues."""

from __future__ import annotations

import pytest

from roadmap_bot.errors import ReadmeError
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START, PROGRESS_END, PROGRESS_START
from roadmap_bot.readme.reconcile import IssueChange, reconcile
from roadmap_bot.readme.render import read_recorded, read_states, set_item_state, update_readme
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState

ROADMAP = Roadmap(
    "R",
    (
        Section(
            "Basics",
            (
                Item(
                    id="parent",
                    title="Parent",
                    children=(
                        Item(id="child-a", title="Child A"),
                        Item(id="child-b", title="Child B"),
                    ),
                ),
                Item(id="alone", title="Alone"),
                Item(id="no-issue", title="No issue yet"),
            ),
        ),
    ),
)


def readme() -> str:
    empty = f"# R\n\n{PROGRESS_START}\n{PROGRESS_END}\n\n{CHECKLIST_START}\n{CHECKLIST_END}\nEnd\n"
    return update_readme(empty, ROADMAP)


def issue(number: int, state: str = "open", reason: str | None = None) -> ObservedIssue:
    return ObservedIssue(
        number, number * 10, f"I_{number}", "t", "b", state, reason, (), None, None
    )


def open_issues() -> dict[str, ObservedIssue]:
    return {"parent": issue(1), "child-a": issue(2), "child-b": issue(3), "alone": issue(4)}


def changed_lines(before: str, after: str) -> list[int]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def test_a_closed_issue_ticks_its_box_and_records_it() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    issues = {**open_issues(), "alone": issue(4, "closed", "completed")}
    result = reconcile(text, ROADMAP, issues)
    assert read_states(result.text)["alone"] is ItemState.DONE
    assert read_recorded(result.text)["alone"] is ItemState.DONE
    assert result.issue_changes == ()
    assert result.commit_message() == "Tick 'Alone' (#4)"
    # The item's line and the progress block change, nothing else.
    lines = result.text.splitlines()
    progress_end = lines.index(PROGRESS_END)
    changed = changed_lines(text, result.text)
    assert [i for i in changed if i > progress_end] == [
        next(i for i, line in enumerate(lines) if "id:alone" in line)
    ]


def test_not_planned_skips_and_reopen_unticks() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    skipped = reconcile(
        text, ROADMAP, {**open_issues(), "alone": issue(4, "closed", "not_planned")}
    )
    assert read_states(skipped.text)["alone"] is ItemState.SKIPPED
    back = reconcile(skipped.text, ROADMAP, open_issues())
    assert read_states(back.text)["alone"] is ItemState.TODO
    assert back.commit_message() == "Untick 'Alone' (#4)"


def test_a_box_ticked_by_hand_closes_the_issue() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    by_hand = set_item_state(text, "alone", ItemState.DONE).text
    result = reconcile(by_hand, ROADMAP, open_issues())
    assert result.issue_changes == (IssueChange("alone", 4, ItemState.DONE),)
    assert result.issue_changes[0].fields() == {"state": "closed", "state_reason": "completed"}
    assert read_recorded(result.text)["alone"] is ItemState.DONE
    # Once the issue is closed, nothing more to do.
    closed = {**open_issues(), "alone": issue(4, "closed", "completed")}
    again = reconcile(result.text, ROADMAP, closed)
    assert (again.text, again.issue_changes) == (result.text, ())


def test_a_box_unticked_by_hand_reopens_the_issue() -> None:
    closed = {**open_issues(), "alone": issue(4, "closed", "completed")}
    text = reconcile(readme(), ROADMAP, closed).text
    by_hand = set_item_state(text, "alone", ItemState.TODO).text
    result = reconcile(by_hand, ROADMAP, closed)
    assert result.issue_changes == (IssueChange("alone", 4, ItemState.TODO),)
    assert result.issue_changes[0].fields() == {"state": "open", "state_reason": "reopened"}


def test_when_both_sides_changed_the_issue_wins() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    by_hand = set_item_state(text, "alone", ItemState.DONE).text
    result = reconcile(
        by_hand, ROADMAP, {**open_issues(), "alone": issue(4, "closed", "not_planned")}
    )
    assert result.issue_changes == ()
    assert read_states(result.text)["alone"] is ItemState.SKIPPED
    assert result.notices == (
        "'Alone' changed in the README (done) and on #4 (skipped): the issue wins",
    )


def test_a_readme_taken_from_upstream_gets_its_ticks_back() -> None:
    closed = {**open_issues(), "alone": issue(4, "closed", "completed")}
    result = reconcile(readme(), ROADMAP, closed)
    assert read_states(result.text)["alone"] is ItemState.DONE
    assert result.issue_changes == ()


def test_the_last_child_finished_closes_the_parent_and_ticks_its_box() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    one = {**open_issues(), "child-a": issue(2, "closed", "completed")}
    first = reconcile(text, ROADMAP, one)
    assert first.issue_changes == ()
    assert read_states(first.text)["parent"] is ItemState.TODO
    both = {**one, "child-b": issue(3, "closed", "not_planned")}
    result = reconcile(first.text, ROADMAP, both)
    assert result.issue_changes == (IssueChange("parent", 1, ItemState.DONE, for_children=True),)
    assert read_states(result.text)["parent"] is ItemState.DONE
    assert result.commit_message() == "Tick 1, skip 1"
    # The parent's issue closed: a child reopened later leaves the parent as it is, and
    # the child's issue counts as reopened (its card leaves Done).
    # The parent's box is recorded as agreed once its issue is closed (the commit that
    # ticked it is the claim that lets one racing run alone close it).
    assert read_recorded(result.text)["parent"] is ItemState.TODO
    closed = {**both, "parent": issue(1, "closed", "completed")}
    settled = reconcile(result.text, ROADMAP, closed)
    assert (settled.issue_changes, settled.box_changes) == ((), ())
    assert settled.commit_message() == "Record 'Parent' (#1) as done"
    assert read_recorded(settled.text)["parent"] is ItemState.DONE
    assert reconcile(settled.text, ROADMAP, closed).text == settled.text
    reopened = reconcile(settled.text, ROADMAP, {**closed, "child-a": issue(2, "open", "reopened")})
    assert read_states(reopened.text)["parent"] is ItemState.DONE
    assert read_states(reopened.text)["child-a"] is ItemState.TODO
    assert reopened.issue_changes == ()
    assert reopened.reopened == (2,)
    assert reopened.commit_message() == "Untick 'Child A' (#2)"


def test_a_parent_reopened_by_the_learner_stays_open() -> None:
    done = {
        "parent": issue(1, "closed", "completed"),
        "child-a": issue(2, "closed", "completed"),
        "child-b": issue(3, "closed", "completed"),
        "alone": issue(4),
    }
    text = reconcile(readme(), ROADMAP, done).text
    again = reconcile(text, ROADMAP, {**done, "parent": issue(1, "open", "reopened")})
    assert again.issue_changes == ()
    assert read_states(again.text)["parent"] is ItemState.TODO
    assert again.reopened == (1,)


def test_complete_with_children_false_keeps_the_parent_open() -> None:
    own = Roadmap(
        "R",
        (
            Section(
                "Basics",
                (
                    Item(
                        id="parent",
                        title="Parent",
                        complete_with_children=False,
                        children=(Item(id="child-a", title="A"), Item(id="child-b", title="B")),
                    ),
                ),
            ),
        ),
    )
    text = reconcile(readme(), own, open_issues()).text
    closed = {**open_issues(), "child-a": issue(2, "closed", "completed")}
    closed["child-b"] = issue(3, "closed", "completed")
    result = reconcile(text, own, closed)
    assert result.issue_changes == ()
    assert read_states(result.text)["parent"] is ItemState.TODO


def test_hand_ticks_on_parents_and_leaves_close_their_issues_in_one_named_commit() -> None:
    closed = {**open_issues(), "child-b": issue(3, "closed", "completed")}
    text = reconcile(readme(), ROADMAP, closed).text
    for item_id, state in (("parent", ItemState.DONE), ("alone", ItemState.DONE)):
        text = set_item_state(text, item_id, state).text
    text = set_item_state(text, "child-b", ItemState.TODO).text
    result = reconcile(text, ROADMAP, closed)
    assert set(result.issue_changes) == {
        IssueChange("parent", 1, ItemState.DONE),
        IssueChange("alone", 4, ItemState.DONE),
        IssueChange("child-b", 3, ItemState.TODO),
    }
    assert read_states(result.text)["parent"] is ItemState.DONE
    assert result.commit_message() == "Tick 2, untick 1 from hand edits in README.md"
    assert result.reopened == (3,)


def test_items_without_an_issue_keep_their_box() -> None:
    text = set_item_state(readme(), "no-issue", ItemState.DONE).text
    result = reconcile(text, ROADMAP, open_issues())
    assert read_states(result.text)["no-issue"] is ItemState.DONE
    assert read_recorded(result.text)["no-issue"] is ItemState.TODO


def test_reconcile_is_idempotent_and_counts_progress() -> None:
    issues = {**open_issues(), "alone": issue(4, "closed", "completed")}
    first = reconcile(readme(), ROADMAP, issues)
    second = reconcile(first.text, ROADMAP, issues)
    assert second.text == first.text
    assert second.box_changes == ()
    assert "1 / 5" in first.text


def test_hand_edited_checklist_is_refused() -> None:
    text = readme().replace("- [ ] **Alone**", "- [ ] **Alone, renamed**", 1)
    with pytest.raises(ReadmeError, match="'Alone, renamed' was added or changed by hand"):
        reconcile(text, ROADMAP, open_issues())


def test_reconcile_keeps_crlf_and_changes_only_the_item_lines() -> None:
    crlf = readme().replace("\n", "\r\n")
    text = reconcile(crlf, ROADMAP, open_issues()).text
    result = reconcile(text, ROADMAP, {**open_issues(), "alone": issue(4, "closed", "completed")})
    assert "\n" not in result.text.replace("\r\n", "")
    lines = result.text.split("\r\n")
    progress_end = lines.index(PROGRESS_END)
    changed = [i for i in range(len(lines)) if lines[i] != text.split("\r\n")[i]]
    assert [i for i in changed if i > progress_end] == [
        next(i for i, line in enumerate(lines) if "id:alone" in line)
    ]
    assert (
        reconcile(
            result.text, ROADMAP, {**open_issues(), "alone": issue(4, "closed", "completed")}
        ).text
        == result.text
    )


def test_a_renamed_id_keeps_its_tick() -> None:
    closed = {**open_issues(), "alone": issue(4, "closed", "completed")}
    text = reconcile(readme(), ROADMAP, closed).text
    basics = ROADMAP.sections[0]
    renamed = Roadmap(
        "R",
        (
            Section(
                "Basics",
                tuple(
                    Item(id="on-its-own", title="Alone", previous_ids=("alone",))
                    if item.id == "alone"
                    else item
                    for item in basics.items
                ),
            ),
        ),
    )
    issues = {**{k: v for k, v in closed.items() if k != "alone"}, "on-its-own": closed["alone"]}
    result = reconcile(text, renamed, issues)
    assert read_states(result.text)["on-its-own"] is ItemState.DONE
    assert "alone" not in read_states(result.text)


def test_a_commit_of_the_progress_block_alone_says_so() -> None:
    text = reconcile(readme(), ROADMAP, open_issues()).text
    start = text.index(PROGRESS_START) + len(PROGRESS_START)
    stale = text[:start] + "\nold numbers\n" + text[text.index(PROGRESS_END) :]
    result = reconcile(stale, ROADMAP, open_issues())
    assert result.text == text
    assert result.commit_message() == "Update the progress block"
