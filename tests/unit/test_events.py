"""Event to decision: a pure table, driven by GitHub's published webhook payloads."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.issues.body import desired_body
from roadmap_bot.jobs.events import Decision, decide
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import one_line

EXAMPLES = Path(__file__).parents[1] / "data" / "github-api" / "webhooks" / "examples"
ITEM = "docker-basics"
SPELLING = 'issue #1 "Spelling error in the README file"'


@cache
def _example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def example(name: str) -> dict[str, Any]:
    return copy.deepcopy(_example(name))


def managed_body(item_id: str = ITEM) -> str:
    """The body sync writes, with the learner's notes after the block."""
    roadmap = Roadmap("R", (Section("Containers", (Item(item_id, "Docker Basics"),)),))
    return desired_body(next(roadmap.walk()), "My notes.")


def managed(name: str, **issue: Any) -> dict[str, Any]:
    """A payload example with the bot's marker in the issue body (and fields overridden)."""
    payload = example(name)
    payload["issue"]["body"] = managed_body()
    payload["issue"].update(issue)
    return payload


# (event name, payload: an example file name or a dict, kind, reason)
TABLE: list[tuple[str, str | object, str, str]] = [
    # Managed issues closed or reopened: bring the README in line.
    (
        "issues",
        managed("issues.closed.constructed.json"),
        "reconcile",
        f"{SPELLING} closed as completed: '{ITEM}' ticked",
    ),
    (
        "issues",
        managed("issues.closed-not-planned.constructed.json"),
        "reconcile",
        f"{SPELLING} closed as not planned: '{ITEM}' skipped",
    ),
    (
        "issues",
        managed("issues.reopened.json"),
        "reconcile",
        f"{SPELLING} reopened: '{ITEM}' unticked",
    ),
    (
        "issues",
        managed("issues.closed.constructed.json", state_reason=None),
        "reconcile",
        f"{SPELLING} closed (no reason given): '{ITEM}' ticked",
    ),
    (
        "issues",
        managed("issues.closed.constructed.json", state_reason="duplicate"),
        "reconcile",
        f"{SPELLING} closed (duplicate): '{ITEM}' ticked",
    ),
    # Issues the bot does not manage.
    (
        "issues",
        "issues.closed.constructed.json",
        "ignore",
        f"{SPELLING} is not a roadmap item (no roadmap-bot marker in its body): nothing to do",
    ),
    (
        "issues",
        "issues.reopened.json",
        "ignore",
        f"{SPELLING} is not a roadmap item (no roadmap-bot marker in its body): nothing to do",
    ),
    (
        "issues",
        "issues.closed-not-planned.constructed.json",
        "ignore",
        f"{SPELLING} is not a roadmap item (no roadmap-bot marker in its body): nothing to do",
    ),
    # Other issues actions, managed or not.
    *(
        (
            "issues",
            managed(f"issues.{action}.json"),
            "ignore",
            f"{SPELLING}: action '{action}' does not change progress (only closed and reopened do)",
        )
        for action in ("opened", "edited", "labeled", "unlabeled", "deleted")
    ),
    (
        "issues",
        managed("issues.transferred.json"),
        "ignore",
        "issue #1 \"Update package.json\": action 'transferred' does not change progress "
        "(only closed and reopened do)",
    ),
    (
        "issues",
        "issues.opened.json",
        "ignore",
        f"{SPELLING}: action 'opened' does not change progress (only closed and reopened do)",
    ),
    # Sync.
    (
        "push",
        "push.with-new-branch.json",
        "sync",
        "push to 'refs/heads/master': sync the roadmap",
    ),
    ("push", {}, "sync", "push to an unknown ref: sync the roadmap"),
    ("workflow_dispatch", "workflow_dispatch.json", "sync", "workflow_dispatch: sync the roadmap"),
    ("schedule", {"schedule": "17 3 * * *"}, "sync", "schedule: sync the roadmap"),
    # Pushes with nothing to sync from.
    ("push", "push.json", "ignore", "push deleted 'refs/tags/simple-tag': nothing to sync"),
    (
        "push",
        {"ref": "refs/heads/try-out", "repository": {"default_branch": "main"}},
        "ignore",
        "push to 'refs/heads/try-out', not the default branch 'main': nothing to sync",
    ),
    # Other events.
    (
        "pull_request",
        {"action": "opened"},
        "ignore",
        "event 'pull_request' is not one roadmap-bot acts on: nothing to do",
    ),
    (
        "issue_comment",
        managed("issues.closed.constructed.json"),
        "ignore",
        "event 'issue_comment' is not one roadmap-bot acts on: nothing to do",
    ),
    ("", {}, "ignore", "no event name (GITHUB_EVENT_NAME is empty): nothing to do"),
    # Malformed payloads: a reason, never a traceback.
    (
        "issues",
        ["not", "a", "mapping"],
        "ignore",
        "the 'issues' event's payload is not a JSON object (got list): nothing to do",
    ),
    (
        "issues",
        None,
        "ignore",
        "the 'issues' event's payload is not a JSON object (got NoneType): nothing to do",
    ),
    (
        "issues",
        {"action": "closed"},
        "ignore",
        "issues event without an issue in its payload: nothing to do",
    ),
    (
        "issues",
        {"action": "closed", "issue": "#1"},
        "ignore",
        "issues event without an issue in its payload: nothing to do",
    ),
    (
        "issues",
        {"action": "closed", "issue": {"title": "x", "body": managed_body()}},
        "ignore",
        "issues event whose issue has no number: nothing to do",
    ),
    (
        "issues",
        {"action": "closed", "issue": {"number": 7, "title": None, "body": 12}},
        "ignore",
        'issue #7 "" is not a roadmap item (no roadmap-bot marker in its body): nothing to do',
    ),
    (
        "issues",
        {"issue": {"number": 7, "title": "T", "body": managed_body()}},
        "ignore",
        'issue #7 "T": no action does not change progress (only closed and reopened do)',
    ),
]


def _id(row: tuple[str, str | object, str, str]) -> str:
    name, payload, kind, _ = row
    source = payload if isinstance(payload, str) else type(payload).__name__
    return f"{name or 'no-name'}-{source}-{kind}"


@pytest.mark.parametrize(("event_name", "payload", "kind", "reason"), TABLE, ids=map(_id, TABLE))
def test_decision_table(event_name: str, payload: str | object, kind: str, reason: str) -> None:
    if isinstance(payload, str):
        payload = example(payload)
    decision = decide(event_name, payload)  # type: ignore[arg-type]
    assert (decision.kind, decision.reason) == (kind, reason)


def test_examples_are_all_present() -> None:
    # The table reads GitHub's published payloads; guard against a fixture going missing.
    used = {row[1] for row in TABLE if isinstance(row[1], str)}
    assert used <= {path.name for path in EXAMPLES.glob("*.json")}


def test_a_reconcile_decision_carries_the_issue_and_the_state() -> None:
    decision = decide("issues", managed("issues.closed.constructed.json", number=42))
    assert decision == Decision(
        kind="reconcile",
        reason=f"issue #42 \"Spelling error in the README file\" closed as completed: '{ITEM}' ticked",
        issue_number=42,
        issue_title="Spelling error in the README file",
        item_id=ITEM,
        action="closed",
        state=ItemState.DONE,
    )
    skipped = decide("issues", managed("issues.closed-not-planned.constructed.json"))
    assert (skipped.item_id, skipped.state) == (ITEM, ItemState.SKIPPED)
    reopened = decide("issues", managed("issues.reopened.json"))
    assert (reopened.item_id, reopened.state) == (ITEM, ItemState.TODO)


def test_an_ignored_issue_names_the_issue() -> None:
    decision = decide("issues", example("issues.opened.json"))
    assert (decision.kind, decision.issue_number, decision.item_id) == ("ignore", 1, None)
    assert decision.state is None


def test_hostile_titles_stay_data_on_one_short_line() -> None:
    title = "Docker\n::set-output name=x::pwned\r\n\x1b[31m\u202e" + "long " * 40
    payload = managed("issues.closed.constructed.json", title=title)
    decision = decide("issues", payload)
    assert decision.kind == "reconcile"
    assert "\n" not in decision.reason
    assert "\r" not in decision.reason
    assert "\x1b" not in decision.reason
    assert "\u202e" not in decision.reason
    assert decision.reason.startswith('issue #1 "Docker ::set-output name=x::pwned [31mlong')
    assert '…" closed as completed' in decision.reason
    quoted = decision.reason.split('"')[1]
    assert len(quoted) == 60
    # The title itself is kept whole (one line, control characters dropped), as data.
    assert decision.issue_title is not None
    assert decision.issue_title.startswith("Docker ::set-output name=x::pwned [31mlong long")
    assert len(decision.issue_title) > 60


def test_hostile_event_names_are_cut_and_quoted() -> None:
    decision = decide("x\n::error::boom" + "y" * 100, {})
    assert decision.kind == "ignore"
    assert decision.reason.startswith("event 'x ::error::boomyyy")
    assert "\n" not in decision.reason


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("plain", None, "plain"),
        ("  two\n\tlines  ", None, "two lines"),
        ("abcdef", 4, "abc…"),
        ("abcd", 4, "abcd"),
        (None, None, ""),
        (12, None, "12"),
        ("a\u200bb\x00c", None, "abc"),
    ],
)
def test_one_line(text: object, limit: int | None, expected: str) -> None:
    assert one_line(text, limit) == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
ISSUE = st.fixed_dictionaries(
    {},
    optional={
        "number": st.integers() | JSON,
        "title": st.text() | JSON,
        "body": st.sampled_from([managed_body(), ""]) | st.text() | JSON,
        "state_reason": st.sampled_from(["completed", "not_planned", None]) | JSON,
    },
)
PAYLOAD = JSON | st.fixed_dictionaries(
    {},
    optional={
        "action": st.sampled_from(["closed", "reopened", "opened"]) | JSON,
        "issue": ISSUE | JSON,
        "ref": st.text() | JSON,
        "deleted": JSON,
        "repository": st.fixed_dictionaries({"default_branch": st.text() | JSON}) | JSON,
    },
)


@settings(max_examples=300, deadline=None)
@given(
    event_name=st.sampled_from(["issues", "push", "schedule", "workflow_dispatch"]) | st.text(),
    payload=PAYLOAD,
)
def test_any_payload_gets_a_one_line_decision(event_name: str, payload: Any) -> None:
    decision = decide(event_name, payload)
    assert decision.kind in {"sync", "reconcile", "ignore"}
    assert decision.reason
    assert decision.reason == one_line(decision.reason)
    if decision.kind == "reconcile":
        assert decision.item_id == ITEM
        assert isinstance(decision.issue_number, int)
