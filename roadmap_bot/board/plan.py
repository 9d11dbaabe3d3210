"""The board plan: (the cards the roadmap wants, the board as observed) -> the writes that
close the gap. Pure; printed as the dry run; board_apply.py carries it out, planning again
from what GitHub answers after each stage, so a crash or a rerun is always safe.

Rules (docs/board.md says the same to learners):
- the bot's fields are created when missing; an option is added to one of them when
  missing, or the options are put back in roadmap order, and then only: colours and
  descriptions the learner gave to an option are kept; options the learner added stay,
  after the bot's; every option that exists is sent with its id, so GitHub keeps it and no
  card loses its value;
- a card shows its item's difficulty, importance and section; where the roadmap gives no
  difficulty (or importance), a value on one of the bot's own options is cleared (it is a
  stale one: roadmap.yaml changed), and a value on an option the learner added is kept;
- Status: a closed-as-completed issue's card goes to Done; an open issue's card gets Todo
  only when it has no status (a card the learner moved stays where it is); a card of an
  issue closed as not planned is left alone; an issue reopened (whoever reopened it, as
  the README job saw: board/model.py desired_cards) goes back from Done to Todo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_bot.board.model import (
    DIFFICULTY,
    DONE,
    IMPORTANCE,
    SECTION,
    SINGLE_SELECT,
    STATUS,
    TODO,
    DesiredCard,
    FieldSpec,
    ObservedBoard,
    OptionSpec,
)
from roadmap_bot.text import plural

# --- actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateField:
    spec: FieldSpec

    def describe(self) -> str:
        names = ", ".join(o.name for o in self.spec.options)
        return f"create field '{self.spec.name}' ({names})"


@dataclass(frozen=True)
class ReplaceOptions:
    """GitHub's updateProjectV2Field replaces the whole option list: this is that list
    (the bot's options in roadmap order, then the learner's), and what it adds."""

    field_name: str
    field_id: str
    options: tuple[OptionSpec, ...]
    added: tuple[str, ...]

    def describe(self) -> str:
        if self.added:
            names = ", ".join(f"'{name}'" for name in self.added)
            options = "option" if len(self.added) == 1 else "options"
            return f"add {options} {names} to field '{self.field_name}' (values kept)"
        return f"put the options of field '{self.field_name}' in roadmap order (values kept)"


@dataclass(frozen=True)
class AddCard:
    issue_node_id: str
    number: int
    item_id: str

    def describe(self) -> str:
        return f"add #{self.number} [{self.item_id}] to the board"


@dataclass(frozen=True)
class SetValue:
    """Set a card's single-select value by option name; None clears it."""

    issue_node_id: str
    number: int
    item_id: str
    field: str
    option: str | None

    def describe(self) -> str:
        if self.option is None:
            return f"clear {self.field} of #{self.number} [{self.item_id}]"
        return f"set {self.field} of #{self.number} [{self.item_id}] to '{self.option}'"


FieldChange = CreateField | ReplaceOptions
BoardAction = CreateField | ReplaceOptions | AddCard | SetValue
VALUE_FIELDS = (DIFFICULTY, IMPORTANCE, SECTION)


@dataclass(frozen=True)
class BoardPlan:
    fields: tuple[FieldChange, ...] = ()
    adds: tuple[AddCard, ...] = ()
    values: tuple[SetValue, ...] = ()
    unchanged: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def actions(self) -> tuple[BoardAction, ...]:
        return (*self.fields, *self.adds, *self.values)

    def counts(self) -> dict[str, int]:
        return {
            "fields": len(self.fields),
            "add": len(self.adds),
            "set": sum(1 for v in self.values if v.option is not None),
            "clear": sum(1 for v in self.values if v.option is None),
            "unchanged": self.unchanged,
        }

    def summary(self) -> str:
        c = self.counts()
        return (
            f"{plural(c['fields'], 'field')} to create or extend, "
            f"{plural(c['add'], 'card')} to add, {plural(c['set'], 'value')} to set, "
            f"{c['clear']} to clear, {plural(c['unchanged'], 'card')} unchanged"
        )

    def __bool__(self) -> bool:
        return bool(self.fields or self.adds or self.values)


# --- planning ----------------------------------------------------------------------------------


def plan_board(
    cards: Sequence[DesiredCard], specs: Sequence[FieldSpec], board: ObservedBoard
) -> BoardPlan:
    """Everything to write, assuming new fields and options come into being as planned
    and new cards start empty."""
    fields, warnings = plan_fields(specs, board)
    adds = plan_adds(cards, board)
    values, value_warnings = plan_values(cards, specs, board)
    touched = {a.issue_node_id for a in adds} | {v.issue_node_id for v in values}
    unchanged = sum(1 for card in cards if card.issue_node_id not in touched)
    return BoardPlan(
        tuple(fields), tuple(adds), tuple(values), unchanged, (*warnings, *value_warnings)
    )


def plan_fields(
    specs: Sequence[FieldSpec], board: ObservedBoard
) -> tuple[list[FieldChange], list[str]]:
    changes: list[FieldChange] = []
    warnings: list[str] = []
    for spec in specs:
        if not spec.options:
            continue
        existing = board.field(spec.name)
        if existing is None:
            changes.append(CreateField(spec))
            continue
        if existing.data_type != SINGLE_SELECT:
            warnings.append(
                f"the board's field '{existing.name}' is not a single select: roadmap-bot "
                f"leaves it alone and sets no {spec.name}; rename it to let roadmap-bot "
                "create its own"
            )
            continue
        missing = tuple(o.name for o in spec.options if existing.option_named(o.name) is None)
        present = [o.name.casefold() for o in existing.options if spec.owns(o.name)]
        in_order = present == [o.name.casefold() for o in spec.options]
        if missing or not in_order:
            owned = []
            for option in spec.options:
                have = existing.option_named(option.name)
                owned.append(
                    OptionSpec(have.name, have.color, have.description, have.id) if have else option
                )
            learners = [
                OptionSpec(o.name, o.color, o.description, o.id)
                for o in existing.options
                if not spec.owns(o.name)
            ]
            changes.append(ReplaceOptions(spec.name, existing.id, (*owned, *learners), missing))
    return changes, warnings


def plan_adds(cards: Sequence[DesiredCard], board: ObservedBoard) -> list[AddCard]:
    return [
        AddCard(card.issue_node_id, card.number, card.item_id)
        for card in cards
        if card.issue_node_id not in board.items
    ]


def plan_values(
    cards: Sequence[DesiredCard], specs: Sequence[FieldSpec], board: ObservedBoard
) -> tuple[list[SetValue], list[str]]:
    """The values to set or clear; a field the board has under the bot's name that is not
    a single select is skipped (plan_fields warns about it)."""
    by_name = {spec.name: spec for spec in specs if spec.options}
    usable = {name for name in VALUE_FIELDS if name in by_name and _usable(board, name)}
    status_options, warnings = _status_options(board, cards)
    out: list[SetValue] = []
    for card in cards:
        item = board.items.get(card.issue_node_id)

        def change(field_name: str, option: str | None, card: DesiredCard = card) -> None:
            out.append(SetValue(card.issue_node_id, card.number, card.item_id, field_name, option))

        for name in VALUE_FIELDS:
            if name not in usable:
                continue
            current = board.value_name(item, name)
            wanted = card.wanted(name)
            if wanted is not None:
                if current is None or current.casefold() != wanted.casefold():
                    change(name, wanted)
            elif current is not None and by_name[name].owns(current):
                change(name, None)
        wanted_status = _wanted_status(card, board.value_name(item, STATUS), status_options)
        if wanted_status is not None:
            change(STATUS, wanted_status)
    return out, warnings


def _usable(board: ObservedBoard, name: str) -> bool:
    """Absent (it is about to be created) or a single select."""
    existing = board.field(name)
    return existing is None or existing.data_type == SINGLE_SELECT


def _status_options(
    board: ObservedBoard, cards: Sequence[DesiredCard]
) -> tuple[dict[str, str], list[str]]:
    """The names of the Status field's Todo and Done options, as the board spells them."""
    status = board.field(STATUS)
    if not cards:
        return {}, []
    if status is None or status.data_type != SINGLE_SELECT:
        return {}, [f"the board has no single-select '{STATUS}' field: cards get no status"]
    found: dict[str, str] = {}
    warnings = []
    for wanted in (TODO, DONE):
        option = status.option_named(wanted)
        if option is None:
            warnings.append(
                f"the board's '{STATUS}' field has no '{wanted}' option: roadmap-bot does "
                f"not add one (the field is yours); cards are not moved to '{wanted}'"
            )
        else:
            found[wanted] = option.name
    return found, warnings


def _wanted_status(card: DesiredCard, current: str | None, options: dict[str, str]) -> str | None:
    """The Status option to set on a card, None to leave it as it is."""
    todo, done = options.get(TODO), options.get(DONE)
    if card.status == "done":
        if done is not None and (current is None or current.casefold() != done.casefold()):
            return done
        return None
    if card.status == "open":
        return todo if current is None else None
    if card.status == "reopened" and (current is None or current.casefold() == DONE.casefold()):
        return todo
    return None
