"""From issues to README boxes: the parent rule and the line-exact reconcile. No network."""

from __future__ import annotations

import pytest

from roadmap_bot.issues.body import BLOCK_END, item_marker, marker_id
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import desired_states, issue_state
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START
from roadmap_bot.readme.render import update_readme
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState

TODO, DONE, SKIPPED = ItemState.TODO, ItemState.DONE, ItemState.SKIPPED

ROADMAP = Roadmap(
    "Test roadmap",
    (
        Section(
            "Basics",
            (
                Item(
                    "tools",
                    "Tools",
                    Difficulty.EASY,
                    2,
                    children=(
                        Item("git", "Git", Difficulty.EASY, 3),
                        Item(
                            "docker",
                            "Docker",
                            Difficulty.MEDIUM,
                            1,
                            children=(
                                Item("compose", "Compose", Difficulty.MEDIUM, 1),
                                Item("swarm", "Swarm", Difficulty.HARD, 0),
                            ),
                        ),
                    ),
                ),
                Item("solo", "Solo", Difficulty.EASY, 1, description="On its own"),
            ),
        ),
        Section(
            "Extra",
            (
                Item(
                    "own-pace",
                    "Own pace",
                    complete_with_children=False,
                    children=(Item("part-a", "Part A"), Item("part-b", "Part B")),
                ),
            ),
        ),
    ),
)
ORDER = ["tools", "git", "docker", "compose", "swarm", "solo", "own-pace", "part-a", "part-b"]


def issue(item_id: str, state: str = "open", reason: str | None = None) -> ObservedIssue:
    number = ORDER.index(item_id) + 1 if item_id in ORDER else 99
    return ObservedIssue(
        number=number,
        id=1000 + number,
        node_id=f"I_{number}",
        title=item_id.title(),
        body=f"{item_marker(item_id)}\n{BLOCK_END}\n",
        state=state,
        state_reason=reason,
        labels=("roadmap",),
        milestone_number=None,
        parent_number=None,
    )


def closed(item_id: str) -> ObservedIssue:
    return issue(item_id, "closed", "completed")


def skipped(item_id: str) -> ObservedIssue:
    return issue(item_id, "closed", "not_planned")


def issues(*observed: ObservedIssue) -> dict[str, ObservedIssue]:
    by_id = {item_id: issue(item_id) for item_id in ORDER}  # every item open by default
    by_id.update({marker_id(i.body) or "": i for i in observed})
    return by_id


# --- one issue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "reason", "expected"),
    [
        ("open", None, TODO),
        ("open", "reopened", TODO),
        ("closed", "completed", DONE),
        ("closed", None, DONE),
        ("closed", "duplicate", DONE),
        ("closed", "not_planned", SKIPPED),
    ],
)
def test_issue_state(state: str, reason: str | None, expected: ItemState) -> None:
    assert issue_state(issue("solo", state, reason)) is expected


def test_issues_helper_reads_markers() -> None:
    assert issues(closed("git"))["git"].state == "closed"
    assert issues(closed("git"))["solo"].state == "open"


# --- the parent rule ----------------------------------------------------------------------


def test_every_item_in_roadmap_order() -> None:
    states = desired_states(ROADMAP, issues())
    assert list(states) == ORDER
    assert set(states.values()) == {TODO}


def test_all_children_done_makes_the_parent_done_bottom_up() -> None:
    # Only the leaves are closed; docker and tools (their issues open) follow them.
    states = desired_states(ROADMAP, issues(closed("git"), closed("compose"), closed("swarm")))
    assert states["docker"] is DONE
    assert states["tools"] is DONE
    assert states["solo"] is TODO


def test_a_child_reopened_unticks_the_parent_even_when_its_own_issue_is_closed() -> None:
    everything_closed = [closed(item_id) for item_id in ("tools", "git", "docker", "compose")]
    states = desired_states(ROADMAP, issues(*everything_closed, issue("swarm", "open", "reopened")))
    assert states["swarm"] is TODO
    assert states["docker"] is TODO  # grandparent rule: a grandchild counts
    assert states["tools"] is TODO
    assert states["git"] is DONE


def test_skipped_children_count_as_finished_but_one_must_be_done() -> None:
    states = desired_states(ROADMAP, issues(closed("compose"), skipped("swarm")))
    assert (states["swarm"], states["docker"]) == (SKIPPED, DONE)
    states = desired_states(ROADMAP, issues(skipped("compose"), skipped("swarm")))
    assert states["docker"] is SKIPPED  # nothing done, nothing left
    # tools: git is open, so tools is still to do.
    assert states["tools"] is TODO
    states = desired_states(ROADMAP, issues(closed("git"), skipped("compose"), skipped("swarm")))
    assert (states["docker"], states["tools"]) == (SKIPPED, DONE)


def test_a_parent_closed_as_not_planned_is_skipped_whatever_its_children() -> None:
    states = desired_states(ROADMAP, issues(skipped("tools"), closed("git")))
    assert states["tools"] is SKIPPED
    assert states["docker"] is TODO


def test_complete_with_children_false_follows_its_own_issue() -> None:
    states = desired_states(ROADMAP, issues(closed("part-a"), closed("part-b")))
    assert states["own-pace"] is TODO
    states = desired_states(ROADMAP, issues(closed("own-pace")))
    assert (states["own-pace"], states["part-a"]) == (DONE, TODO)
    states = desired_states(ROADMAP, issues(skipped("own-pace")))
    assert states["own-pace"] is SKIPPED


def test_items_without_an_issue_keep_the_readme_state() -> None:
    observed = {"git": closed("git")}
    fallback = {"solo": SKIPPED, "compose": DONE, "swarm": DONE, "part-a": DONE}
    states = desired_states(ROADMAP, observed, fallback)
    assert states["solo"] is SKIPPED
    assert states["part-b"] is TODO  # no issue, no README state
    # Parents without an issue follow their children all the same.
    assert (states["docker"], states["tools"]) == (DONE, DONE)
    assert states["own-pace"] is TODO
    assert desired_states(ROADMAP, {})["solo"] is TODO


# --- reconcile the README -----------------------------------------------------------------


def readme(roadmap: Roadmap = ROADMAP, newline: str = "\n") -> str:
    empty = f"# My roadmap\n\nIntro [x] text.\n\n{CHECKLIST_START}\n{CHECKLIST_END}\n\nEnd.\n"
    return update_readme(empty, roadmap).replace("\n", newline)


def line_of(text: str, item_id: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if f"id:{item_id} " in line)
