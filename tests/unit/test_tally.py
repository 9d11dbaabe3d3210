"""Counting what a plan changes, and what a run reports: every number counts what its name
says, each issue once, with the right plural. No network."""

from __future__ import annotations

from roadmap_bot.issues import plan as P
from roadmap_bot.issues.labels import STANDARD_LABELS
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone
from roadmap_bot.issues.order import PlaceSubIssue
from roadmap_bot.issues.tally import issues_left, tally
from roadmap_bot.jobs.report import JobReport
from roadmap_bot.text import plural

CREATE_A = P.CreateIssue("a", "A", "body", ("roadmap",), "Basics", None)
ACTIONS: tuple[P.Action, ...] = (
    P.CreateLabel(STANDARD_LABELS[0]),
    P.UpdateLabel(STANDARD_LABELS[1]),
    P.CreateMilestone("Basics"),
    ReopenMilestone(2, "Extra"),
    CREATE_A,
    PlaceSubIssue("a", "p", None, "b"),  # made, then moved: counted as made only
    P.UpdateIssue("b", 2, title="B"),
    P.AddLabels("b", 2, ("difficulty: easy",)),  # the same issue: counted once
    P.UpdateIssue("c", 3, reopen=True),
    P.RemoveLabel("c", 3, "roadmap: removed"),  # reopened, not also updated
    P.CloseRemoved("gone", 4),
    CloseMilestone(5, "Old"),
)


def test_issues_are_counted_once_each_and_apart_from_labels_and_milestones() -> None:
    counted = tally(ACTIONS)
    assert (counted.created, counted.updated, counted.reopened, counted.closed) == (1, 1, 1, 1)
    assert (counted.labels, counted.milestones) == (2, 3)
    assert counted.words() == [
        "1 issue created",
        "1 issue updated",
        "1 issue reopened",
        "1 issue closed",
        "2 labels created or updated",
        "1 milestone created",
        "1 milestone reopened",
        "1 milestone closed",
    ]
    assert tally(ACTIONS).words(future=True)[0] == "1 issue to create"


def test_what_is_left_counts_items_not_actions() -> None:
    # Stopped after the labels and milestones: four items left, one without an issue.
    assert issues_left(ACTIONS[4:]) == (4, 1)
    assert issues_left(ACTIONS[:4]) == (0, 0)


def test_a_stopped_run_says_what_is_left_with_plurals() -> None:
    report = JobReport(remaining=3, without_issue=1, board_remaining=1)
    assert report.stop_notice() is None
    assert report.outputs()["stopped"] == "false"
    report.stops.append("issues: reached --max-writes 5")
    notice = report.stop_notice()
    assert notice is not None
    assert notice.startswith("This run stopped early: issues: reached --max-writes 5.")
    assert "1 item still without an issue, 2 issues still to change, 1 board change left" in (
        notice
    )
    assert report.outputs()["stopped"] == "true"


def test_plural() -> None:
    assert [plural(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert plural(3, "child", "children") == "3 children"
