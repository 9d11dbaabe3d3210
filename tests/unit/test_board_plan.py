"""The board planner, pure: (the cards the roadmap wants, an observed board) -> writes."""

from __future__ import annotations

import pytest

from roadmap_bot.board import model as B
from roadmap_bot.board.plan import (
    AddCard,
    CreateField,
    ReplaceOptions,
    SetValue,
    plan_board,
    plan_fields,
)
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section

ROADMAP = Roadmap(
    "R",
    (
        Section("Basics", (Item("a", "A", Difficulty.EASY, 2), Item("b", "B"))),
        Section("More", (Item("c", "C", Difficulty.HARD, 0),)),
    ),
)
SPECS = B.field_specs(ROADMAP)


def issue(number: int, state: str = "open", reason: str | None = None) -> ObservedIssue:
    return ObservedIssue(number, number, f"I_{number}", "t", "", state, reason, (), None, None)


ISSUES = {"a": issue(1), "b": issue(2), "c": issue(3)}


def field(name: str, *options: str, data_type: str = B.SINGLE_SELECT) -> B.BoardField:
    return B.BoardField(
        f"F_{name}", name, data_type, tuple(B.BoardOption(f"{name}:{o}", o) for o in options)
    )


STATUS = field("Status", "Todo", "In Progress", "Done")
FULL = (
    STATUS,
    field("Difficulty", "Easy", "Medium", "Hard"),
    field("Importance", "⭐⭐⭐ 3", "⭐⭐ 2", "⭐ 1", "0"),
    field("Section", "Basics", "More"),
)


def card(node: str, **values: str) -> B.BoardItem:
    return B.BoardItem(
        f"PVTI_{node}",
        node,
        {name: B.BoardValue(f"{name}:{option}", option) for name, option in values.items()},
    )


def synced(**overrides: B.BoardItem) -> dict[str, B.BoardItem]:
    items = {
        "I_1": card("I_1", Difficulty="Easy", Importance="⭐⭐ 2", Section="Basics", Status="Todo"),
        "I_2": card("I_2", Section="Basics", Status="Todo"),
        "I_3": card("I_3", Difficulty="Hard", Importance="0", Section="More", Status="Todo"),
    }
    return {**items, **overrides}


def planned(items: dict[str, B.BoardItem], fields=FULL, issues=ISSUES, reopened=()):
    cards = B.desired_cards(ROADMAP, issues, reopened=reopened)
    board = B.ObservedBoard("P", fields=fields, items=items)
    return plan_board(cards, SPECS, board)


def test_an_empty_board_gets_fields_cards_and_values() -> None:
    plan = planned({}, fields=(STATUS,))
    assert [type(c) for c in plan.fields] == [CreateField] * 3
    assert [c.spec.name for c in plan.fields] == ["Difficulty", "Importance", "Section"]
    assert plan.adds == (AddCard("I_1", 1, "a"), AddCard("I_2", 2, "b"), AddCard("I_3", 3, "c"))
    assert SetValue("I_2", 2, "b", "Section", "Basics") in plan.values
    assert not any(
        v.item_id == "b" and v.field in ("Difficulty", "Importance") for v in plan.values
    )
    assert plan.counts() == {"fields": 3, "add": 3, "set": 10, "clear": 0, "unchanged": 0}


def test_a_synced_board_plans_nothing() -> None:
    plan = planned(synced())
    assert not plan
    assert plan.unchanged == 3


@pytest.mark.parametrize(
    ("state", "reason", "status", "reopened", "wanted"),
    [
        ("open", None, None, False, "Todo"),
        ("open", None, "In Progress", False, None),
        ("open", None, "Done", False, None),  # the learner may have put it there
        ("open", None, "Done", True, "Todo"),  # the event: reopened
        ("open", None, "In Progress", True, None),
        ("closed", "completed", "In Progress", False, "Done"),
        ("closed", "completed", None, False, "Done"),
        ("closed", "completed", "Done", False, None),
        ("closed", None, "Todo", False, "Done"),
        ("closed", "not_planned", "In Progress", False, None),
        ("closed", "not_planned", None, False, None),
    ],
)
def test_status(
    state: str, reason: str | None, status: str | None, reopened: bool, wanted: str | None
) -> None:
    values = {"Difficulty": "Easy", "Importance": "⭐⭐ 2", "Section": "Basics"}
    if status:
        values["Status"] = status
    items = synced(I_1=card("I_1", **values))
    issues = {**ISSUES, "a": issue(1, state, reason)}
    plan = planned(items, issues=issues, reopened=(1,) if reopened else ())
    expected = (SetValue("I_1", 1, "a", "Status", wanted),) if wanted else ()
    assert plan.values == expected


def test_values_follow_the_roadmap_and_stale_ones_are_cleared() -> None:
    items = synced(
        I_1=card("I_1", Difficulty="Hard", Importance="⭐⭐ 2", Section="More", Status="Todo"),
        I_2=card("I_2", Difficulty="Medium", Section="Basics", Status="Todo"),
    )
    plan = planned(items)
    assert set(plan.values) == {
        SetValue("I_1", 1, "a", "Difficulty", "Easy"),
        SetValue("I_1", 1, "a", "Section", "Basics"),
        SetValue("I_2", 2, "b", "Difficulty", None),
    }


def test_a_value_on_the_learners_own_option_is_kept_where_the_roadmap_has_none() -> None:
    fields = (*FULL[:1], field("Difficulty", "Easy", "Medium", "Hard", "Unsure"), *FULL[2:])
    items = synced(I_2=card("I_2", Difficulty="Unsure", Section="Basics", Status="Todo"))
    assert not planned(items, fields=fields)


def test_a_missing_option_replaces_the_list_keeping_the_learners() -> None:
    section = B.BoardField(
        "F_S",
        "Section",
        B.SINGLE_SELECT,
        (B.BoardOption("o1", "Mine", "PINK"), B.BoardOption("o2", "Basics", "GRAY", "my words")),
    )
    changes, warnings = plan_fields(SPECS, B.ObservedBoard("P", fields=(*FULL[:3], section)))
    assert warnings == []
    (change,) = changes
    assert isinstance(change, ReplaceOptions)
    assert change.added == ("More",)
    assert [(o.name, o.color, o.description) for o in change.options] == [
        ("Basics", "GRAY", "my words"),  # the learner's colour and words kept
        ("More", "GREEN", ""),
        ("Mine", "PINK", ""),
    ]
    assert change.describe() == "add option 'More' to field 'Section' (values kept)"


def test_options_out_of_roadmap_order_are_put_back_in_order() -> None:
    fields = (*FULL[:3], field("Section", "More", "Extra", "Basics"))
    (change,) = plan_fields(SPECS, B.ObservedBoard("P", fields=fields))[0]
    assert isinstance(change, ReplaceOptions)
    assert change.added == ()
    assert [o.name for o in change.options] == ["Basics", "More", "Extra"]
    # The learner's options between the bot's do not count as disorder.
    fields = (*FULL[:3], field("Section", "Basics", "Extra", "More"))
    assert plan_fields(SPECS, B.ObservedBoard("P", fields=fields))[0] == []


def test_a_field_of_the_bots_name_of_another_type_is_left_alone() -> None:
    fields = (STATUS, field("difficulty", data_type="TEXT"), *FULL[2:])
    changes, warnings = plan_fields(SPECS, B.ObservedBoard("P", fields=fields))
    assert changes == []
    assert "'difficulty' is not a single select" in warnings[0]
    plan = planned({}, fields=fields)
    assert not any(v.field == "Difficulty" for v in plan.values)


def test_no_status_field_or_option_is_a_warning_not_a_write() -> None:
    plan = planned(synced(), fields=(field("Status", "Backlog", "Done"), *FULL[1:]))
    assert any("no 'Todo' option" in w for w in plan.warnings)
    items = synced(I_1=card("I_1", Difficulty="Easy", Importance="⭐⭐ 2", Section="Basics"))
    plan = planned(items, fields=FULL[1:])
    assert plan.values == ()
    assert any("no single-select 'Status' field" in w for w in plan.warnings)


def test_option_names_and_field_specs() -> None:
    assert [o.name for o in B.DIFFICULTY_FIELD.options] == ["Easy", "Medium", "Hard"]
    assert [o.color for o in B.DIFFICULTY_FIELD.options] == ["GREEN", "YELLOW", "RED"]
    assert [o.name for o in B.IMPORTANCE_FIELD.options] == ["⭐⭐⭐ 3", "⭐⭐ 2", "⭐ 1", "0"]
    twice = Roadmap("R", (Section("A"), Section("B"), Section("a")))
    assert [o.name for o in B.section_field(twice).options] == ["A", "B"]
