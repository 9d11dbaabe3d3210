"""The burn-up: items finished by each day, from their issues' close dates. No network."""

from __future__ import annotations

import datetime

from roadmap_bot.readme.burnup import burn_up, mermaid_burnup, sampled
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState

TODO, DONE, SKIPPED = ItemState.TODO, ItemState.DONE, ItemState.SKIPPED
ROADMAP = Roadmap(
    "R",
    (
        Section("S", (Item("a", "A"), Item("b", "B", previous_ids=("old-b",)), Item("c", "C"))),
        Section("T", (Item("d", "D"), Item("e", "E"))),
    ),
)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_finished_items_counted_by_the_day_they_closed() -> None:
    states = {"a": DONE, "old-b": SKIPPED, "c": DONE, "d": TODO, "e": DONE}
    closed = {
        "a": "2026-02-03T23:59:59Z",
        "b": "2026-02-01T00:00:01Z",
        "c": "2026-02-03T08:00:00Z",
        "d": "2026-01-01T00:00:00Z",  # reopened since: to do, not drawn
        "e": "not a date",
    }
    chart = burn_up(ROADMAP, states, closed)
    assert chart is not None
    assert chart.points == ((day("2026-02-01"), 1), (day("2026-02-03"), 3))
    assert (chart.total, chart.undated) == (5, 1)
    assert (chart.first, chart.last) == (day("2026-02-01"), day("2026-02-03"))


def test_no_chart_without_a_close_date() -> None:
    assert burn_up(ROADMAP, {"a": DONE}, {}) is None
    assert burn_up(ROADMAP, {}, {"a": "2026-02-03T00:00:00Z"}) is None


def test_sampling_keeps_first_and_last() -> None:
    points = tuple((day("2026-01-01") + datetime.timedelta(days=n), n + 1) for n in range(40))
    kept = sampled(points, 12)
    assert len(kept) == 12
    assert (kept[0], kept[-1]) == (points[0], points[-1])
    assert kept == sorted(kept)
    assert sampled(points[:3], 12) == list(points[:3])


def test_mermaid_has_at_most_twelve_points() -> None:
    roadmap = Roadmap("R", (Section("S", tuple(Item(f"i{n}", f"I{n}") for n in range(30))),))
    start = day("2026-01-01")
    closed = {f"i{n}": f"{start + datetime.timedelta(days=n)}T12:00:00Z" for n in range(30)}
    chart = burn_up(roadmap, dict.fromkeys(closed, DONE), closed)
    assert chart is not None
    lines = mermaid_burnup(chart)
    values = lines[lines.index("```mermaid") + 5]
    assert values == "    line [1, 4, 6, 9, 12, 14, 17, 19, 22, 25, 27, 30]"
    assert lines[-1] == "```"
