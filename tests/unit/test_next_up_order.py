"""next_items: the open items a learner would take next. No network."""

from __future__ import annotations

import pytest

from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState

E, M, H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD
TODO, DONE, SKIPPED = ItemState.TODO, ItemState.DONE, ItemState.SKIPPED


def roadmap(*items: Item) -> Roadmap:
    return Roadmap("R", (Section("S", items[:2]), Section("T", items[2:])))


def ids(road: Roadmap, states: dict[str, ItemState], count: int = 10) -> list[str]:
    return [placed.id for placed in next_items(road, states, count)]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # Most important first, whatever the difficulty.
        ((Item("a", "A", H, 1), Item("b", "B", H, 3), Item("c", "C", E, 2)), ["b", "c", "a"]),
        # Among equals, easier first.
        ((Item("a", "A", H, 2), Item("b", "B", M, 2), Item("c", "C", E, 2)), ["c", "b", "a"]),
        # Among equals in both, roadmap order (across sections).
        ((Item("a", "A", M, 2), Item("b", "B", M, 2), Item("c", "C", M, 2)), ["a", "b", "c"]),
        # No importance after zero stars; no difficulty after hard.
        ((Item("a", "A", E), Item("b", "B", E, 0), Item("c", "C", None, 0)), ["b", "c", "a"]),
        ((Item("a", "A", None, 1), Item("b", "B", H, 1)), ["b", "a"]),
    ],
)
def test_order(items: tuple[Item, ...], expected: list[str]) -> None:
    assert ids(roadmap(*items), {}) == expected


def test_finished_items_are_not_next_and_count_is_kept() -> None:
    road = roadmap(Item("a", "A", E, 3), Item("b", "B", E, 3), Item("c", "C", E, 2))
    assert ids(road, {"a": DONE, "b": SKIPPED}) == ["c"]
    assert ids(road, {}, count=2) == ["a", "b"]
    assert ids(road, {}, count=0) == []
