"""The sync planner: a pure function of (roadmap, observed state), tested without GitHub.

`carry_out` below plays a plan onto an ObservedState the way GitHub would, so that the
tests can check the fixed point: after a plan is carried out, the next plan is empty.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from roadmap_bot.issues import labels as L
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.body import LEARNER_HINT, fill_numbers, marker_id
from roadmap_bot.issues.observed import (
    ObservedDependencies,
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedState,
)
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmaps import with_item, without_item

ROOT = Path(__file__).parents[2]
# A repository with nothing in it yet (its "blocked by" links read, and none found).
FRESH = ObservedState(dependencies=ObservedDependencies())


@pytest.fixture(scope="module")
def seed() -> Roadmap:
    return load_roadmap(ROOT / "roadmap.yaml")


def carry_out(plan: P.Plan, state: ObservedState) -> ObservedState:
    """What GitHub would hold after every action of the plan."""
    labels = {label.name: label for label in state.labels}
    milestones = {m.title: m for m in state.milestones}
    issues = {issue.number: issue for issue in state.issues}
    by_item = {item_id: issue.number for item_id, issue in plan.issues.items()}
    known = state.dependencies or ObservedDependencies()
    links = {number: list(ids) for number, ids in known.blocked_by.items()}

    def edit(number: int, **changes: object) -> None:
        issues[number] = dataclasses.replace(issues[number], **changes)  # type: ignore[arg-type]

    for action in plan.actions:
        if isinstance(action, P.CreateLabel | P.UpdateLabel):
            labels[action.spec.name] = ObservedLabel(
                action.spec.name, action.spec.color, action.spec.description
            )
        elif isinstance(action, P.CreateMilestone):
            milestones[action.title] = ObservedMilestone(len(milestones) + 1, action.title, "open")
        elif isinstance(action, P.CreateIssue):
            number = max(issues, default=0) + 1
            parent = by_item.get(action.parent_item_id or "")
            issues[number] = ObservedIssue(
                number,
                number * 10,
                f"I_{number}",
                action.title,
                fill_numbers(action.body, by_item),
                "open",
                None,
                action.labels,
                milestones[action.milestone].number,
                parent,
            )
            by_item[action.item_id] = number
        elif isinstance(action, P.UpdateIssue):
            issue = issues[action.number]
            edit(
                action.number,
                title=action.title or issue.title,
                body=fill_numbers(action.body, by_item) if action.body is not None else issue.body,
                milestone_number=(
                    milestones[action.milestone].number
                    if action.milestone
                    else issue.milestone_number
                ),
                state="open" if action.reopen else issue.state,
            )
        elif isinstance(action, P.AddLabels):
            edit(action.number, labels=tuple(issues[action.number].labels) + action.names)
        elif isinstance(action, P.RemoveLabel):
            kept = tuple(n for n in issues[action.number].labels if n != action.name)
            edit(action.number, labels=kept)
        elif isinstance(action, P.SetParent):
            edit(action.number, parent_number=by_item[action.parent_item_id])
        elif isinstance(action, P.RemoveParent):
            edit(action.number, parent_number=None)
        elif isinstance(action, P.FillNumbers):
            edit(by_item[action.item_id], body=fill_numbers(action.body, by_item))
        elif isinstance(action, P.AddBlockedBy):
            blocking = issues[by_item[action.blocking_item_id]].node_id
            links.setdefault(by_item[action.item_id], []).append(blocking)
        elif isinstance(action, P.RemoveBlockedBy):
            links[action.number].remove(action.blocking_id)
        elif isinstance(action, P.CloseRemoved):
            issue = issues[action.number]
            edit(
                action.number,
                state="closed",
                state_reason="not_planned",
                labels=(*issue.labels, L.REMOVED_LABEL),
            )
    numbers = {issue.node_id: issue.number for issue in issues.values()}
    blocking: dict[int, int] = {}
    for ids in links.values():
        for node_id in ids:
            blocking[numbers[node_id]] = blocking.get(numbers[node_id], 0) + 1
    dependencies = ObservedDependencies(
        {n: tuple(ids) for n, ids in links.items()},
        blocking,
        {n: len(ids) for n, ids in links.items()},
    )
    return ObservedState(
        tuple(labels.values()),
        tuple(milestones.values()),
        tuple(issues.values()),
        dependencies=dependencies,
    )


def synced(roadmap: Roadmap, state: ObservedState | None = None) -> ObservedState:
    return carry_out(P.plan(roadmap, state or FRESH), state or FRESH)


def issue_of(state: ObservedState, item_id: str) -> ObservedIssue:
    (issue,) = [i for i in state.issues if marker_id(i.body) == item_id]
    return issue


# --- first sync and the fixed point ------------------------------------------------------


def test_first_plan_creates_everything_once(seed: Roadmap) -> None:
    first = P.plan(seed, FRESH)
    creates = [a for a in first.actions if isinstance(a, P.CreateIssue)]
    assert len(creates) == 168
    assert len({a.item_id for a in creates}) == 168
    assert sum(isinstance(a, P.CreateMilestone) for a in first.actions) == 12
    assert {a.spec.name for a in first.actions if isinstance(a, P.CreateLabel)} == {
        s.name for s in L.STANDARD_LABELS
    }
    # Updates: a link per requirement, and the bodies that name a requirement made later.
    requirements = sum(len(p.item.requires) for p in seed.walk())
    later = [a.item_id for a in first.actions if isinstance(a, P.FillNumbers)]
    assert later == ["database-sharding", "django-orm", "docker", "asynchronous-programming"]
    assert first.counts() == {
        "create": 168 + 12 + 8,
        "update": requirements + len(later),
        "close": 0,
        "unchanged": 0,
    }
    by_id = {a.item_id: a for a in creates}
    assert by_id["programming-logic"].parent_item_id == "foundational-concepts"
    assert by_id["foundational-concepts"].parent_item_id is None
    assert set(by_id["commenting"].labels) == {"roadmap", "difficulty: easy", "importance: 0"}
    assert by_id["libraries"].labels == ("roadmap",)
    assert by_id["commenting"].milestone == "General Knowledge and Best Practices"
    # Parents come before their children, so that a child can name its parent's issue.
    order = [a.item_id for a in creates]
    assert order.index("test-automation") < order.index("pytest-for-automated-testing")


def test_second_plan_is_empty(seed: Roadmap) -> None:
    state = synced(seed)
    again = P.plan(seed, state)
    assert again.actions == ()
    assert again.unchanged == 168


# --- changes write only what differs ----------------------------------------------------


def test_rename_updates_the_title_only(seed: Roadmap) -> None:
    state = synced(seed)
    renamed = with_item(seed, "helm", title="Helm Charts")
    (action,) = P.plan(renamed, state).actions
    assert isinstance(action, P.UpdateIssue)
    assert (action.title, action.fields()) == ("Helm Charts", ["title"])
    assert P.plan(renamed, carry_out(P.plan(renamed, state), state)).actions == ()


def test_new_id_with_previous_id_keeps_the_issue(seed: Roadmap) -> None:
    state = synced(seed)
    number = issue_of(state, "helm").number
    changed = with_item(seed, "helm", id="helm-charts", previous_ids=("helm",))
    (action,) = P.plan(changed, state).actions
    assert isinstance(action, P.UpdateIssue)
    assert action.number == number
    assert action.fields() == ["body"]
    assert "<!-- roadmap-bot:item=helm-charts -->" in (action.body or "")
    assert P.plan(changed, carry_out(P.plan(changed, state), state)).actions == ()


def test_difficulty_change_swaps_one_label_and_keeps_the_learner_s(seed: Roadmap) -> None:
    state = synced(seed)
    issue = issue_of(state, "helm")
    state = dataclasses.replace(
        state,
        issues=tuple(
            dataclasses.replace(i, labels=(*i.labels, "my label")) if i == issue else i
            for i in state.issues
        ),
    )
    changed = with_item(seed, "helm", difficulty=Difficulty.MEDIUM)
    actions = P.plan(changed, state).actions
    assert [a.describe() for a in actions if not isinstance(a, P.UpdateIssue)] == [
        f"label issue #{issue.number} [helm]: +difficulty: medium",
        f"label issue #{issue.number} [helm]: -difficulty: hard",
    ]
    assert all(getattr(a, "name", "") != "my label" for a in actions)


def test_learner_text_outside_the_block_survives(seed: Roadmap) -> None:
    state = synced(seed)
    issue = issue_of(state, "helm")
    mine = issue.body + "\nMy notes: helm install took me an hour.\n"
    state = dataclasses.replace(
        state,
        issues=tuple(dataclasses.replace(i, body=mine) if i == issue else i for i in state.issues),
    )
    assert P.plan(seed, state).actions == ()
    changed = with_item(seed, "helm", description="Package apps for Kubernetes.")
    (action,) = P.plan(changed, state).actions
    assert isinstance(action, P.UpdateIssue)
    assert action.body is not None
    assert action.body.endswith("\nMy notes: helm install took me an hour.\n")
    assert "Package apps for Kubernetes." in action.body
    assert LEARNER_HINT in action.body


def test_moving_an_item_to_another_parent_relinks_it(seed: Roadmap) -> None:
    state = synced(seed)
    moved_child = next(
        c for s in seed.sections for i in s.items for c in i.children if c.id == "commenting"
    )
    removed = without_item(seed, "commenting")
    sections = list(removed.sections)
    target = sections[0].items[0]
    sections[0] = Section(
        sections[0].title,
        (
            dataclasses.replace(target, children=(*target.children, moved_child)),
            *sections[0].items[1:],
        ),
    )
    moved = Roadmap(seed.title, tuple(sections))
    actions = P.plan(moved, state).actions
    assert [a.describe() for a in actions] == [
        f"make issue #{issue_of(state, 'commenting').number} [commenting] a sub-issue of "
        "[foundational-concepts]"
    ]


# --- removal and re-adding ---------------------------------------------------------------


def test_removed_item_is_closed_and_added_back_reopened(seed: Roadmap) -> None:
    state = synced(seed)
    number = issue_of(state, "helm").number
    removed = without_item(seed, "helm")
    actions = P.plan(removed, state).actions
    # Helm required Kubernetes Deployment: no requirement asks for that link any more.
    deployment = issue_of(state, "kubernetes-deployment")
    unlink = P.RemoveBlockedBy(number, f"I_{number}", deployment.number, deployment.node_id)
    assert actions == (P.CreateLabel(L.REMOVED), unlink, P.CloseRemoved("helm", number))
    state = carry_out(P.plan(removed, state), state)
    assert P.plan(removed, state).actions == ()
    back = P.plan(seed, state).actions
    assert back == (
        P.UpdateIssue("helm", number, reopen=True),
        P.RemoveLabel("helm", number, L.REMOVED_LABEL),
        P.AddBlockedBy("helm", "kubernetes-deployment"),
    )


def test_an_issue_the_learner_closed_is_never_reopened(seed: Roadmap) -> None:
    state = synced(seed)
    issue = issue_of(state, "helm")
    closed = dataclasses.replace(issue, state="closed", state_reason="completed")
    state = dataclasses.replace(
        state, issues=tuple(closed if i == issue else i for i in state.issues)
    )
    assert P.plan(seed, state).actions == ()


def test_issues_without_the_marker_are_never_touched(seed: Roadmap) -> None:
    stranger = ObservedIssue(
        999, 9990, "I_x", "Helm", "my own issue", "open", None, ("roadmap",), None, None
    )
    state = synced(seed)
    state = dataclasses.replace(state, issues=(*state.issues, stranger))
    assert P.plan(seed, state).actions == ()


def test_duplicate_markers_keep_the_oldest_and_report_the_rest(seed: Roadmap) -> None:
    state = synced(seed)
    issue = issue_of(state, "helm")
    twin = dataclasses.replace(issue, number=500, title="Helm (again)")
    state = dataclasses.replace(state, issues=(*state.issues, twin))
    result = P.plan(seed, state)
    assert result.actions == ()
    assert result.warnings == (
        f"issues #500 carry the same item marker as #{issue.number} [helm]: keeping "
        f"#{issue.number}, the oldest; close the others by hand",
    )


# --- GitHub's sub-issue limits -------------------------------------------------------------


def _chain(depth: int) -> Item:
    item = Item(id=f"level-{depth}", title=f"Level {depth}")
    for level in range(depth - 1, -1, -1):
        item = Item(id=f"level-{level}", title=f"Level {level}", children=(item,))
    return item


def test_nesting_beyond_eight_levels_warns_and_does_not_link() -> None:
    roadmap = Roadmap("R", (Section("S", (_chain(9),)),))
    result = P.plan(roadmap, FRESH)
    creates = {a.item_id: a for a in result.actions if isinstance(a, P.CreateIssue)}
    assert creates["level-7"].parent_item_id == "level-6"
    assert creates["level-8"].parent_item_id is None
    assert creates["level-9"].parent_item_id is None
    assert len(result.warnings) == 2
    assert "GitHub allows 8 levels of sub-issues" in result.warnings[0]


def test_more_than_100_children_warns_and_does_not_link() -> None:
    children = tuple(Item(id=f"c-{n}", title=f"C {n}") for n in range(102))
    roadmap = Roadmap("R", (Section("S", (Item(id="p", title="P", children=children),)),))
    result = P.plan(roadmap, FRESH)
    unlinked = [
        a.item_id
        for a in result.actions
        if isinstance(a, P.CreateIssue) and a.item_id.startswith("c-") and a.parent_item_id is None
    ]
    assert unlinked == ["c-100", "c-101"]
    assert len(result.warnings) == 2
