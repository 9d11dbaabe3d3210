"""next_items: the open items a learner would take next. No network."""

from __future__ import annotations

import pytest

from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState
from syncing import ROOT

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


def test_a_parent_comes_after_its_open_children() -> None:
    parent = Item("p", "P", E, 3, children=(Item("c1", "C1", H, 1), Item("c2", "C2", M, 1)))
    road = roadmap(parent, Item("x", "X", E, 0))
    # The parent is not takeable while a child is open.
    assert ids(road, {}) == ["c2", "c1", "x"]
    # Its children finished but the parent still open (it completes on its own): next.
    assert ids(road, {"c1": DONE, "c2": SKIPPED}) == ["p", "x"]


def test_seed_next_up_is_every_open_leaf_in_rank_order() -> None:
    seed = load_roadmap(ROOT / "roadmap.yaml")
    order = [p.id for p in seed.walk()]
    rank = {E: 0, M: 1, H: 2, None: 3}
    chosen = next_items(seed, {}, 1000)
    keys = [
        (
            -(p.item.importance if p.item.importance is not None else -1),
            rank[p.item.difficulty],
            order.index(p.id),
        )
        for p in chosen
    ]
    assert keys == sorted(keys)
    leaves = [p.id for p in seed.walk() if not p.item.children]
    assert sorted(p.id for p in chosen) == sorted(leaves)
    # The seed's four easy items of three stars, then its medium ones.
    assert [p.id for p in chosen[:5]] == [
        "programming-logic",
        "version-control",
        "core-python",
        "docstrings",
        "version-control-systems",
    ]
