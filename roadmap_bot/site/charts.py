"""The geometry of the page's inline SVG: progress bars and the burn-up chart. Numbers
in, coordinates out; the template draws them (no script, no fetched image)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from roadmap_bot.readme.burnup import BurnUp, undated_note
from roadmap_bot.readme.progress import Tally

# The burn-up's drawing area, in viewBox units; the SVG scales to the page's width.
WIDTH = 520
HEIGHT = 250
LEFT = 48  # room for the y-axis labels
RIGHT = 12
TOP = 14
BOTTOM = 30  # room for the date labels


@dataclass(frozen=True)
class Bar:
    """A progress bar's segments, in percent of its width."""

    done: float
    skipped: float

    @property
    def skipped_x(self) -> float:
        return self.done


def bar_of(tally: Tally) -> Bar:
    if not tally.total:
        return Bar(0.0, 0.0)
    return Bar(
        round(100 * tally.done / tally.total, 2), round(100 * tally.skipped / tally.total, 2)
    )


@dataclass(frozen=True)
class Tick:
    position: float  # x for a date, y for a count
    label: str


@dataclass(frozen=True)
class BurnUpChart:
    width: int
    height: int
    line: str  # an SVG path: the finished count, stepping up on each close date
    area: str  # the same, closed down to the axis
    ceiling_y: float  # the line of all items
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    finished: int  # dated items finished by the last day
    total: int
    undated_note: str  # "" when every finished item has a close date
    description: str  # for screen readers
    left: int = LEFT  # the plot's edges
    right: int = WIDTH - RIGHT


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def burnup_chart(burnup: BurnUp, today: datetime.date | None = None) -> BurnUpChart:
    """The chart from the first close date to ``today`` (or the last close date)."""
    start = burnup.first - datetime.timedelta(days=1)  # the day before: nothing finished
    end = max(today or burnup.last, burnup.last)
    span = max((end - start).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    ceiling = max(burnup.total, 1)

    def x(day: datetime.date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(count: int) -> float:
        return TOP + plot_h * (1 - count / ceiling)

    steps = [f"M{_fmt(x(start))},{_fmt(y(0))}"]
    count = 0
    for day, finished in burnup.points:
        steps.append(f"H{_fmt(x(day))}V{_fmt(y(finished))}")
        count = finished
    steps.append(f"H{_fmt(x(end))}")
    line = "".join(steps)
    area = f"{line}V{_fmt(y(0))}Z"
    middle = start + (end - start) / 2
    x_ticks = tuple(Tick(x(day), day.isoformat()) for day in dict.fromkeys((start, middle, end)))
    y_values = sorted({0, ceiling // 2, ceiling})
    y_ticks = tuple(Tick(y(value), str(value)) for value in y_values)
    description = (
        f"Items finished over time: {count} of {burnup.total} by {end.isoformat()}, "
        f"the first on {burnup.first.isoformat()}"
    )
    return BurnUpChart(
        WIDTH,
        HEIGHT,
        line,
        area,
        y(ceiling),
        x_ticks,
        y_ticks,
        count,
        burnup.total,
        undated_note(burnup.undated) if burnup.undated else "",
        description,
    )
