"""Items finished over time, from the dates their issues were closed: the burn-up chart
of the job summary (Mermaid) and of the progress page (SVG). Pure.

Finished is done or skipped, as progress counts it. An item finished without a known close
date (no issue yet, or closed in this very run) is counted apart as undated.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate

from roadmap_bot.readme.render import states_for
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState

# Mermaid's xychart draws one label per point: more than this become unreadable.
MERMAID_MAX_POINTS = 12


@dataclass(frozen=True)
class BurnUp:
    total: int  # items in the roadmap: the chart's ceiling
    # Each day an item was finished, with how many were finished by its end; ascending.
    points: tuple[tuple[datetime.date, int], ...]
    undated: int  # finished items without a known close date

    @property
    def first(self) -> datetime.date:
        return self.points[0][0]

    @property
    def last(self) -> datetime.date:
        return self.points[-1][0]


def close_date(timestamp: str) -> datetime.date | None:
    """The day of GitHub's ISO 8601 timestamp (2026-01-02T03:04:05Z), None when not one."""
    try:
        return datetime.date.fromisoformat(timestamp[:10])
    except ValueError:
        return None


def burn_up(
    roadmap: Roadmap, states: Mapping[str, ItemState], closed_at: Mapping[str, str]
) -> BurnUp | None:
    """The burn-up of ``states`` (by item id, previous ids followed) with each finished
    item's close timestamp from ``closed_at`` (by item id); None when no date is known."""
    known = states_for(roadmap, states)
    days: Counter[datetime.date] = Counter()
    undated = total = 0
    for placed in roadmap.walk():
        total += 1
        if known.get(placed.id, ItemState.TODO) is ItemState.TODO:
            continue
        day = close_date(closed_at.get(placed.id, ""))
        if day is None:
            undated += 1
        else:
            days[day] += 1
    if not days:
        return None
    ordered = sorted(days)
    counts = accumulate(days[day] for day in ordered)
    return BurnUp(total, tuple(zip(ordered, counts, strict=True)), undated)


def sampled(
    points: tuple[tuple[datetime.date, int], ...], limit: int
) -> list[tuple[datetime.date, int]]:
    """At most ``limit`` points spread evenly, the first and the last always kept."""
    if len(points) <= limit:
        return list(points)
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def mermaid_burnup(burnup: BurnUp) -> list[str]:
    """A Mermaid xychart (GitHub renders it) of the items finished by each date."""
    points = sampled(burnup.points, MERMAID_MAX_POINTS)
    labels = ", ".join(f'"{day.isoformat()}"' for day, _ in points)
    values = ", ".join(str(count) for _, count in points)
    lines = [
        "```mermaid",
        "xychart-beta",
        '    title "Items finished over time"',
        f"    x-axis [{labels}]",
        f'    y-axis "Items finished" 0 --> {burnup.total}',
        f"    line [{values}]",
        "```",
    ]
    if burnup.undated:
        lines += ["", undated_note(burnup.undated)]
    return lines


def undated_note(count: int) -> str:
    if count == 1:
        return "1 finished item has no close date and is not drawn."
    return f"{count} finished items have no close date and are not drawn."
