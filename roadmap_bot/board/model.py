"""The Projects (v2) board as data: the fields roadmap-bot owns, what it observes on a
board, and what each roadmap issue's card should show. Pure: no I/O, no GitHub.

The bot owns three single-select fields, found by name: **Difficulty** (Easy, Medium,
Hard), **Importance** (the stars, most important first) and **Section** (one option per
section, in roadmap order). It owns the options of those fields that bear one of those
names; any other field, and any other option of its fields, belongs to the learner and is
never changed, reordered away or deleted. It uses the built-in **Status** field's "Todo"
and "Done" options, and never adds or changes options there.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import NOT_PLANNED
from roadmap_bot.roadmap.model import (
    IMPORTANCE_MAX,
    IMPORTANCE_MEANING,
    IMPORTANCE_MIN,
    STAR,
    Difficulty,
    Roadmap,
)

DIFFICULTY = "Difficulty"
IMPORTANCE = "Importance"
SECTION = "Section"
STATUS = "Status"
TODO = "Todo"
DONE = "Done"
SINGLE_SELECT = "SINGLE_SELECT"
SECTION_COLORS = ("BLUE", "GREEN", "YELLOW", "ORANGE", "RED", "PINK", "PURPLE", "GRAY")
_DIFFICULTY_COLORS = {Difficulty.EASY: "GREEN", Difficulty.MEDIUM: "YELLOW", Difficulty.HARD: "RED"}
_IMPORTANCE_COLORS = {0: "GRAY", 1: "BLUE", 2: "PURPLE", 3: "ORANGE"}


# --- the fields the bot owns --------------------------------------------------------------


@dataclass(frozen=True)
class OptionSpec:
    name: str
    color: str = "GRAY"
    description: str = ""
    # The board's id of an option that exists already: sent with updateProjectV2Field, it
    # keeps the option's identity, so no card loses its value when the list is replaced.
    id: str | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    options: tuple[OptionSpec, ...]

    def owns(self, option_name: str) -> bool:
        key = option_name.casefold()
        return any(o.name.casefold() == key for o in self.options)


def difficulty_option(difficulty: Difficulty) -> str:
    return difficulty.value.capitalize()


def importance_option(importance: int) -> str:
    """ "⭐⭐ 2"; "0" for no stars."""
    return f"{STAR * importance} {importance}".strip()


DIFFICULTY_FIELD = FieldSpec(
    DIFFICULTY,
    tuple(
        OptionSpec(difficulty_option(d), _DIFFICULTY_COLORS[d], f"Roadmap difficulty: {d.value}")
        for d in Difficulty
    ),
)
IMPORTANCE_FIELD = FieldSpec(
    IMPORTANCE,
    tuple(
        OptionSpec(importance_option(n), _IMPORTANCE_COLORS[n], IMPORTANCE_MEANING[n].capitalize())
        for n in range(IMPORTANCE_MAX, IMPORTANCE_MIN - 1, -1)
    ),
)


def section_field(roadmap: Roadmap) -> FieldSpec:
    """One option per section title, in roadmap order (GitHub wants option names unique)."""
    options: list[OptionSpec] = []
    seen: set[str] = set()
    for section in roadmap.sections:
        if section.title.casefold() in seen:
            continue
        seen.add(section.title.casefold())
        options.append(
            OptionSpec(section.title, SECTION_COLORS[len(options) % len(SECTION_COLORS)])
        )
    return FieldSpec(SECTION, tuple(options))


def field_specs(roadmap: Roadmap) -> tuple[FieldSpec, ...]:
    return (DIFFICULTY_FIELD, IMPORTANCE_FIELD, section_field(roadmap))


# --- what is on the board -----------------------------------------------------------------


@dataclass(frozen=True)
class BoardOption:
    id: str
    name: str
    color: str = "GRAY"
    description: str = ""


@dataclass(frozen=True)
class BoardField:
    id: str
    name: str
    data_type: str
    options: tuple[BoardOption, ...] = ()
    database_id: int | None = None  # the id REST calls use (a view's fields)

    def option_named(self, name: str) -> BoardOption | None:
        exact = next((o for o in self.options if o.name == name), None)
        if exact is not None:
            return exact
        key = name.casefold()
        return next((o for o in self.options if o.name.casefold() == key), None)

    def option_by_id(self, option_id: str) -> BoardOption | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class BoardValue:
    """A single-select value on a card: the option's id and name, as GitHub answered."""

    option_id: str
    name: str


@dataclass(frozen=True)
class BoardItem:
    id: str
    content_id: str  # the issue's node id
    # Field name (DIFFICULTY, IMPORTANCE, SECTION, STATUS) -> the value it holds.
    values: Mapping[str, BoardValue] = field(default_factory=dict)

    def value(self, field_name: str) -> BoardValue | None:
        return self.values.get(field_name)


@dataclass(frozen=True)
class ObservedBoard:
    project_id: str
    title: str = ""
    url: str = ""
    fields: tuple[BoardField, ...] = ()
    # The cards of the roadmap's issues, by the issue's node id.
    items: Mapping[str, BoardItem] = field(default_factory=dict)

    def field(self, name: str) -> BoardField | None:
        """The field of that name (exactly, else ignoring case: GitHub keeps field names
        unique without regard to case)."""
        exact = next((f for f in self.fields if f.name == name), None)
        if exact is not None:
            return exact
        key = name.casefold()
        return next((f for f in self.fields if f.name.casefold() == key), None)

    def value_name(self, item: BoardItem | None, field_name: str) -> str | None:
        """The name of the option a card holds in a field, None when it holds none (or
        holds an option the field no longer has)."""
        if item is None:
            return None
        value = item.value(field_name)
        if value is None:
            return None
        board_field = self.field(field_name)
        if board_field is None:
            return value.name
        option = board_field.option_by_id(value.option_id)
        return option.name if option is not None else None


# --- what each card should show -------------------------------------------------------------


@dataclass(frozen=True)
class DesiredCard:
    """A roadmap issue's card, as the roadmap and the issue say it should be."""

    item_id: str
    issue_node_id: str
    number: int
    section: str
    difficulty: str | None
    importance: str | None
    # Status: "done" (closed as completed: Done), "open" (Todo when it has no status),
    # "reopened" (Todo when it has no status or is Done), None (leave the card alone:
    # closed as not planned).
    status: str | None

    def wanted(self, field_name: str) -> str | None:
        return {DIFFICULTY: self.difficulty, IMPORTANCE: self.importance, SECTION: self.section}[
            field_name
        ]


def issue_status(issue: ObservedIssue, *, reopened: bool = False) -> str | None:
    if issue.state == "closed":
        return None if issue.state_reason == NOT_PLANNED else "done"
    return "reopened" if reopened else "open"


def desired_cards(
    roadmap: Roadmap,
    issues_by_item: Mapping[str, ObservedIssue],
    *,
    reopened: Collection[int] = (),
) -> list[DesiredCard]:
    """One card per roadmap item that has an issue, in roadmap order.

    ``reopened``: issue numbers reopened since the README last recorded them as done or
    skipped (by the learner, the event being handled, or this run itself for a box
    unticked by hand): their cards go back from Done to Todo. Any other open issue's card
    stays off Done only if it has no status: the learner may have put it there.
    """
    cards = []
    for placed in roadmap.walk():
        issue = issues_by_item.get(placed.id)
        if issue is None or not issue.node_id:
            continue
        item = placed.item
        cards.append(
            DesiredCard(
                item_id=placed.id,
                issue_node_id=issue.node_id,
                number=issue.number,
                section=placed.section.title,
                difficulty=difficulty_option(item.difficulty) if item.difficulty else None,
                importance=(
                    importance_option(item.importance) if item.importance is not None else None
                ),
                status=issue_status(issue, reopened=issue.number in reopened),
            )
        )
    return cards
