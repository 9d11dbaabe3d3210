"""What the progress page shows, as plain data built from the roadmap, each item's state
and (when read from GitHub) its issue. Pure; page.py turns it into HTML.

The numbers are compute_progress's, the ones `roadmap-bot progress` prints; the states
are the README's (states_for follows renamed items); "next up" is next_items's order.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.readme.burnup import burn_up
from roadmap_bot.readme.progress import (
    Tally,
    compute_progress,
    difficulty_label,
    importance_label,
)
from roadmap_bot.readme.render import states_for
from roadmap_bot.roadmap.model import (
    DIFFICULTY_EMOJI,
    IMPORTANCE_MEANING,
    STAR,
    Item,
    Roadmap,
)
from roadmap_bot.roadmap.next_up import next_items
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.site.charts import Bar, BurnUpChart, bar_of, burnup_chart
from roadmap_bot.site.links import safe_url

NEXT_UP_COUNT = 5

# A state is shown by colour (the stylesheet, by class) and always by an icon and a word.
STATE_ICON = {ItemState.DONE: "✓", ItemState.SKIPPED: "⤼", ItemState.TODO: "○"}
STATE_WORD = {ItemState.DONE: "Done", ItemState.SKIPPED: "Skipped", ItemState.TODO: "To do"}


@dataclass(frozen=True)
class IssueRef:
    """An item's issue, from the listing sync already makes."""

    number: int
    url: str
    closed_at: str = ""  # ISO 8601; "" while open


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str | None  # None: not an http(s) URL, shown as text


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    state: str  # done | skipped | todo: the class and data-state
    icon: str
    word: str
    difficulty: str  # easy | medium | hard | ""
    difficulty_emoji: str
    importance: int | None
    stars: str
    importance_meaning: str
    description: str
    notes: tuple[str, ...]
    links: tuple[LinkView, ...]
    title_url: str | None  # the issue when known, else the item's own link
    issue_number: int | None
    section: str
    children: tuple[Card, ...]
    inside_finished: int  # items nested inside (all levels) done or skipped
    inside_total: int


@dataclass(frozen=True)
class SectionView:
    anchor: str
    title: str
    tally: Tally
    bar: Bar
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Breakdown:
    label: str
    tally: Tally
    bar: Bar


@dataclass(frozen=True)
class PageView:
    title: str
    overall: Tally
    bar: Bar
    sections: tuple[SectionView, ...]
    next_up: tuple[Card, ...]
    difficulty: tuple[Breakdown, ...]
    importance: tuple[Breakdown, ...]
    burnup: BurnUpChart | None
    updated: str  # the day the page was made, ISO
    repository_url: str | None
    states: tuple[tuple[str, str, str], ...]  # (state, icon, word), for the legend


def _card(
    item: Item,
    section: str,
    states: Mapping[str, ItemState],
    issues: Mapping[str, IssueRef],
) -> Card:
    state = states.get(item.id, ItemState.TODO)
    issue = issues.get(item.id)
    issue_url = safe_url(issue.url) if issue else None
    importance = item.importance
    children = tuple(_card(child, section, states, issues) for child in item.children)
    return Card(
        id=item.id,
        title=item.title,
        state=state.value,
        icon=STATE_ICON[state],
        word=STATE_WORD[state],
        difficulty=item.difficulty.value if item.difficulty else "",
        difficulty_emoji=DIFFICULTY_EMOJI[item.difficulty] if item.difficulty else "",
        importance=importance,
        stars=STAR * importance if importance else "",
        importance_meaning=IMPORTANCE_MEANING.get(importance, "") if importance is not None else "",
        description=" ".join(item.description.split()),
        notes=tuple(" ".join(note.split()) for note in item.notes),
        # The title links to the issue when known: the item's own link then goes first.
        links=((LinkView(item.title, safe_url(item.url)),) if issue_url and item.url else ())
        + tuple(LinkView(link.title, safe_url(link.url)) for link in item.links),
        title_url=issue_url or safe_url(item.url),
        issue_number=issue.number if issue and issue_url else None,
        section=section,
        children=children,
        inside_finished=sum(
            (c.state != ItemState.TODO.value) + c.inside_finished for c in children
        ),
        inside_total=sum(1 + c.inside_total for c in children),
    )


def page_view(
    roadmap: Roadmap,
    states: Mapping[str, ItemState],
    issues: Mapping[str, IssueRef],
    today: datetime.date,
    repository_url: str | None = None,
) -> PageView:
    """The page for ``states`` (by item id, previous ids followed) and ``issues`` (by
    item id; empty offline), made on ``today``."""
    known = states_for(roadmap, states)
    progress = compute_progress(roadmap, known)
    sections = tuple(
        SectionView(
            f"section-{index}",
            section.title,
            tally,
            bar_of(tally),
            tuple(_card(item, section.title, known, issues) for item in section.items),
        )
        for index, (section, tally) in enumerate(
            zip(roadmap.sections, progress.sections, strict=True), start=1
        )
    )
    upcoming = tuple(
        _card(placed.item, placed.section.title, known, issues)
        for placed in next_items(roadmap, known, NEXT_UP_COUNT)
    )
    closed_at = {item_id: issue.closed_at for item_id, issue in issues.items()}
    burnup = burn_up(roadmap, known, closed_at)
    return PageView(
        title=roadmap.title,
        overall=progress.overall,
        bar=bar_of(progress.overall),
        sections=sections,
        next_up=tuple(_without_children(card) for card in upcoming),
        difficulty=tuple(
            Breakdown(difficulty_label(t.key, emoji=True), t, bar_of(t))
            for t in progress.difficulty
            if t.total
        ),
        importance=tuple(
            Breakdown(importance_label(t.key, emoji=True), t, bar_of(t))
            for t in progress.importance
            if t.total
        ),
        burnup=burnup_chart(burnup, today) if burnup else None,
        updated=today.isoformat(),
        repository_url=safe_url(repository_url),
        states=tuple((s.value, STATE_ICON[s], STATE_WORD[s]) for s in ItemState),
    )


def _without_children(card: Card) -> Card:
    """A next-up card stands alone: its children are in the map."""
    return dataclasses.replace(card, children=(), inside_finished=0, inside_total=0)
