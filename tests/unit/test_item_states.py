"""From issues to README boxes: the parent rule and the line-exact reconcile. No network."""

from __future__ import annotations

import pytest

from roadmap_bot.issues.body import BLOCK_END, item_marker, marker_id
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import desired_states, issue_state, parents_to_complete
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


def test_a_parent_shows_its_own_issue_whatever_its_children() -> None:
    states = desired_states(ROADMAP, issues(closed("git"), closed("compose"), closed("swarm")))
    assert (states["docker"], states["tools"]) == (TODO, TODO)
    everything_closed = [closed(item_id) for item_id in ("tools", "git", "docker", "compose")]
    states = desired_states(ROADMAP, issues(*everything_closed, issue("swarm", "open", "reopened")))
    assert (states["swarm"], states["docker"], states["tools"]) == (TODO, DONE, DONE)
    states = desired_states(ROADMAP, issues(skipped("tools"), closed("git")))
    assert (states["tools"], states["docker"]) == (SKIPPED, TODO)


def test_items_without_an_issue_keep_the_readme_state() -> None:
    observed = {"git": closed("git")}
    fallback = {"solo": SKIPPED, "compose": DONE, "swarm": DONE, "part-a": DONE}
    states = desired_states(ROADMAP, observed, fallback)
    assert states["solo"] is SKIPPED
    assert states["part-b"] is TODO  # no issue, no README state
    assert (states["docker"], states["tools"]) == (TODO, TODO)
    assert desired_states(ROADMAP, {})["solo"] is TODO


# --- the parents the bot closes -------------------------------------------------------------

EVERY_ISSUE = set(ORDER)


def to_complete(now: dict[str, ItemState], agreed: dict[str, ItemState] | None = None) -> list[str]:
    """parents_to_complete for states given where not TODO; agreed: everything TODO."""
    states = {item_id: now.get(item_id, TODO) for item_id in ORDER}
    return parents_to_complete(ROADMAP, states, agreed or {}, EVERY_ISSUE)


@pytest.mark.parametrize(
    ("now", "agreed", "expected"),
    [
        # The last child done: the parent, and its parent in turn, children first.
        ({"git": DONE, "compose": DONE, "swarm": DONE}, {}, ["docker", "tools"]),
        # One child still open: nothing.
        ({"compose": DONE}, {}, []),
        # Skipped children count as finished, but one must be done.
        ({"compose": DONE, "swarm": SKIPPED}, {}, ["docker"]),
        ({"compose": SKIPPED, "swarm": SKIPPED}, {}, []),
        # Nothing just finished (all agreed already): a parent reopened by the learner stays.
        ({"compose": DONE, "swarm": DONE}, {"compose": DONE, "swarm": DONE}, []),
        # One just finished among others agreed before: the parent closes.
        ({"compose": DONE, "swarm": DONE}, {"compose": DONE}, ["docker"]),
        # A parent closed already (done or skipped) is left as it is.
        ({"compose": DONE, "swarm": DONE, "docker": SKIPPED}, {}, []),
        ({"compose": DONE, "swarm": DONE, "docker": DONE}, {}, []),
        # complete_with_children: false.
        ({"part-a": DONE, "part-b": DONE}, {}, []),
    ],
)
def test_parents_to_complete(
    now: dict[str, ItemState], agreed: dict[str, ItemState], expected: list[str]
) -> None:
    assert to_complete(now, agreed) == expected


def test_a_parent_without_an_issue_is_not_completed() -> None:
    states = {item_id: DONE if item_id in ("compose", "swarm") else TODO for item_id in ORDER}
    assert parents_to_complete(ROADMAP, states, {}, EVERY_ISSUE - {"docker"}) == []


# --- reconcile the README -----------------------------------------------------------------


def readme(roadmap: Roadmap = ROADMAP, newline: str = "\n") -> str:
    empty = f"# My roadmap\n\nIntro [x] text.\n\n{CHECKLIST_START}\n{CHECKLIST_END}\n\nEnd.\n"
    return update_readme(empty, roadmap).replace("\n", newline)


def line_of(text: str, item_id: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if f"id:{item_id} " in line)
