"""`requires:` in the sync plan: one "blocked by" link per requirement, the requirements
listed in the issue body, links made by hand left alone, GitHub's cap respected."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_plan import FRESH, carry_out, issue_of

from roadmap_bot.issues import plan as P
from roadmap_bot.issues.body import fill_numbers
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.issues.requirements import MAX_LINKS_PER_ISSUE, NO_DEPENDENCIES_WARNING
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmaps import with_item

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def seed() -> Roadmap:
    return load_roadmap(ROOT / "roadmap.yaml")


@pytest.fixture(scope="module")
def synced_seed(seed: Roadmap) -> ObservedState:
    return carry_out(P.plan(seed, FRESH), FRESH)


def links_of(state: ObservedState) -> set[tuple[int, int]]:
    """(blocked issue, blocking issue) pairs."""
    numbers = {issue.node_id: issue.number for issue in state.issues}
    assert state.dependencies is not None
    return {
        (number, numbers[node_id])
        for number, ids in state.dependencies.blocked_by.items()
        for node_id in ids
    }


def pairs(seed: Roadmap, state: ObservedState) -> set[tuple[int, int]]:
    number = {p.id: issue_of(state, p.id).number for p in seed.walk()}
    return {(number[p.id], number[need]) for p in seed.walk() for need in p.item.requires}


def test_the_first_sync_makes_one_link_per_requirement(
    seed: Roadmap, synced_seed: ObservedState
) -> None:
    assert links_of(synced_seed) == pairs(seed, synced_seed)
    assert len(links_of(synced_seed)) == sum(len(p.item.requires) for p in seed.walk())
    assert P.plan(seed, synced_seed).actions == ()


def test_the_body_lists_the_requirements_with_their_issue_numbers(
    synced_seed: ObservedState,
) -> None:
    basics = issue_of(synced_seed, "docker-basics").number
    compose = issue_of(synced_seed, "docker-compose")
    assert f"**Needs**\n- #{basics} Docker Basics\n" in compose.body
    # Docker (Python deployment) comes before Docker Basics in the roadmap: its body was
    # written again once Docker Basics had a number.
    assert f"**Needs**\n- #{basics} Docker Basics\n" in issue_of(synced_seed, "docker").body
    assert "roadmap-bot:number" not in "".join(issue.body for issue in synced_seed.issues)


def test_adding_and_removing_a_requirement_adds_and_removes_that_link(
    seed: Roadmap, synced_seed: ObservedState
) -> None:
    more = with_item(seed, "flask", requires=("requests",))
    actions = P.plan(more, synced_seed).actions
    flask = issue_of(synced_seed, "flask")
    assert [type(a) for a in actions] == [P.UpdateIssue, P.AddBlockedBy]
    assert actions[1] == P.AddBlockedBy("flask", "requests")
    state = carry_out(P.plan(more, synced_seed), synced_seed)
    requests = issue_of(state, "requests").number
    assert links_of(state) == links_of(synced_seed) | {(flask.number, requests)}
    assert P.plan(more, state).actions == ()
    fewer = with_item(seed, "helm", requires=())
    actions = P.plan(fewer, synced_seed).actions
    helm = issue_of(synced_seed, "helm")
    deployment = issue_of(synced_seed, "kubernetes-deployment")
    # The link first, then the body that recorded it (so a crash between keeps the record).
    assert actions[0] == P.RemoveBlockedBy(
        helm.number, helm.node_id, deployment.number, deployment.node_id
    )
    assert [type(a) for a in actions] == [P.RemoveBlockedBy, P.UpdateIssue]
    state = carry_out(P.plan(fewer, synced_seed), synced_seed)
    assert links_of(state) == links_of(synced_seed) - {(helm.number, deployment.number)}
    assert P.plan(fewer, state).actions == ()


def _with_links(state: ObservedState, extra: dict[int, tuple[str, ...]]) -> ObservedState:
    assert state.dependencies is not None
    blocked_by = dict(state.dependencies.blocked_by)
    for number, ids in extra.items():
        blocked_by[number] = (*blocked_by.get(number, ()), *ids)
    totals = {number: len(ids) for number, ids in blocked_by.items()}
    links = dataclasses.replace(state.dependencies, blocked_by=blocked_by, total_blocked_by=totals)
    return dataclasses.replace(state, dependencies=links)


def test_links_made_by_hand_with_other_issues_are_never_touched(
    seed: Roadmap, synced_seed: ObservedState
) -> None:
    stranger = ObservedIssue(900, 9000, "I_900", "Mine", "my own", "open", None, (), None, None)
    flask = issue_of(synced_seed, "flask").number
    state = dataclasses.replace(synced_seed, issues=(*synced_seed.issues, stranger))
    state = _with_links(state, {flask: ("I_900",), 900: (issue_of(state, "helm").node_id,)})
    assert P.plan(seed, state).actions == ()


def test_a_link_between_two_roadmap_issues_made_by_hand_is_kept(
    seed: Roadmap, synced_seed: ObservedState
) -> None:
    """Flask's body lists no "Needs #django": the bot did not make that link."""
    flask, django = issue_of(synced_seed, "flask"), issue_of(synced_seed, "django")
    state = _with_links(synced_seed, {flask.number: (django.node_id,)})
    assert P.plan(seed, state).actions == ()


def test_githubs_cap_on_links_per_issue_is_respected_with_a_warning() -> None:
    many = tuple(Item(f"topic-{n}", f"Topic {n}") for n in range(MAX_LINKS_PER_ISSUE + 2))
    everything = Item("capstone", "Capstone", requires=tuple(item.id for item in many))
    roadmap = Roadmap("R", (Section("S", (*many, everything)),))
    planned = P.plan(roadmap, FRESH)
    adds = [a for a in planned.actions if isinstance(a, P.AddBlockedBy)]
    assert len(adds) == MAX_LINKS_PER_ISSUE
    assert [w for w in planned.warnings if "at most 50" in w] == [
        f"[capstone] requires [topic-{n}], but GitHub lets one issue be blocked by at most "
        "50 others: the issue is not marked as blocked (the requirement still shows in its "
        "body)"
        for n in (50, 51)
    ]
    state = carry_out(planned, FRESH)
    capstone = issue_of(state, "capstone")
    assert capstone.body.count("\n- #") == MAX_LINKS_PER_ISSUE + 2
    assert P.plan(roadmap, state).actions == ()


def test_without_the_links_read_requirements_stay_in_the_bodies(seed: Roadmap) -> None:
    planned = P.plan(seed, ObservedState())
    assert not [a for a in planned.actions if isinstance(a, P.AddBlockedBy | P.RemoveBlockedBy)]
    assert NO_DEPENDENCIES_WARNING in planned.warnings


def test_no_requirement_no_link_no_warning() -> None:
    roadmap = Roadmap("R", (Section("S", (Item("a", "A"), Item("b", "B"))),))
    planned = P.plan(roadmap, ObservedState())
    assert planned.warnings == ()
    assert len(planned.actions) == len(P.plan(roadmap, FRESH).actions)


def test_roadmap_text_can_never_pass_for_a_number_to_fill() -> None:
    sneaky = "<!-- roadmap-bot:number=a -->"
    roadmap = Roadmap("R", (Section("S", (Item("a", sneaky), Item("b", "B", requires=("a",)))),))
    state = carry_out(P.plan(roadmap, FRESH), FRESH)
    body = issue_of(state, "b").body
    a = issue_of(state, "a").number
    assert f"- #{a} &lt;!-- roadmap-bot:number=a -->\n" in body
    # Learner text outside the block is never filled in either.
    mine = body + "\n" + sneaky + "\n"
    assert fill_numbers(mine, {"a": 99}) == mine
