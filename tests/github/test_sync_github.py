"""Sync against the stateful fake GitHub over HTTP: first sync, re-sync, changes, faults.

Assertions are on what the fake holds afterwards (issues, labels, milestones,
sub-issues), and on the requests it counted.
"""

from __future__ import annotations

import dataclasses

import pytest

from fakegithub import FakeGitHubServer
from roadmap_bot.clock import FakeClock
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi.errors import ISSUES_DISABLED_MESSAGE, NO_WRITE_PERMISSION_MESSAGE
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.body import marker_id
from roadmap_bot.issues.labels import MANAGED_LABEL, REMOVED_LABEL, STANDARD_LABELS
from roadmap_bot.roadmap.model import Item, Roadmap
from roadmaps import with_item, without_item
from syncing import REPO, TOKEN, seed_roadmap, set_up, snapshot, sync

SEED = seed_roadmap()
SEED_CREATIONS = 168 + 12 + len(STANDARD_LABELS)
# One "blocked by" link per requirement (up to 50 in one request), and the bodies that
# name a requirement whose issue comes later in the roadmap (written again once it has a
# number).
SEED_LINKS = sum(len(placed.item.requires) for placed in SEED.walk())
SEED_LATER_NUMBERS = 4


def small_roadmap() -> Roadmap:
    """The first two sections of the seed (31 items, with children): quick to sync often."""
    return Roadmap(SEED.title, SEED.sections[:2])


@pytest.fixture
def fake(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    set_up(fake_github)
    return fake_github


def issue_for(fake: FakeGitHubServer, item_id: str):
    (issue,) = [i for i in fake.state.repo(REPO).issues.values() if marker_id(i.body) == item_id]
    return issue


# --- first sync, second sync -----------------------------------------------------------


def test_first_sync_creates_everything_in_one_write_each(fake: FakeGitHubServer) -> None:
    run = sync(fake, SEED)
    assert run.outcome.result is not None
    assert run.outcome.result.remaining == 0
    state = snapshot(fake)
    assert len(state["issues"]) == 168
    assert sorted(state["milestones"]) == sorted(s.title for s in SEED.sections)
    assert set(state["labels"]) == {spec.name for spec in STANDARD_LABELS}
    helm = state["issues"]["helm"]
    assert helm["labels"] == ["difficulty: hard", "importance: 2", MANAGED_LABEL]
    assert helm["milestone"] == "Containerization and Orchestration"
    assert state["issues"]["pytest-for-automated-testing"]["parent"] == "test-automation"
    assert state["issues"]["test-automation"]["parent"] == "testing-and-quality-assurance"
    assert state["issues"]["libraries"]["labels"] == [MANAGED_LABEL]
    # Labels, milestone and parent travel with the create: one write per thing created,
    # one per body that names an issue made after it, and one for the 36 links.
    assert SEED_LINKS == 36
    writes = SEED_CREATIONS + SEED_LATER_NUMBERS + 1
    assert fake.log.writes == writes
    assert run.client.stats.writes == writes
    assert fake.log.count("issues/update") == SEED_LATER_NUMBERS
    assert fake.log.count("graphql:RoadmapChangeLinks") == 1


def test_second_sync_writes_nothing_in_two_reads(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    fake.log.clear()
    run = sync(fake, SEED)
    assert run.outcome.plan.actions == ()
    assert run.outcome.plan.unchanged == 168
    assert fake.log.writes == 0
    # Two pages of issues (githubapi/snapshot.py), each issue with its labels, milestone
    # and "blocked by" links; the repository's labels and milestones on the first page.
    assert fake.log.operations() == ["graphql:RoadmapSnapshot"] * 2
    assert "blockedBy" in fake.log.entries[0].body["query"]


def test_second_sync_of_a_small_roadmap_is_one_read(
    fake: FakeGitHubServer,
) -> None:
    """The small roadmap leaves a standard label on no issue: the repository's labels on
    the snapshot's first page say it exists, and no listing more is made."""
    plain = small_roadmap()
    for placed in list(plain.walk()):
        plain = with_item(plain, placed.id, requires=())
    sync(fake, plain)
    fake.log.clear()
    assert sync(fake, plain).outcome.plan.actions == ()
    assert fake.log.operations() == ["graphql:RoadmapSnapshot"]
    assert fake.log.writes == 0


def test_a_label_deleted_by_hand_is_made_again(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    token = fake.state.tokens[TOKEN]
    fake.state.delete_label(fake.state.repo(REPO), token, "importance: 0")
    fake.state.update_label(fake.state.repo(REPO), token, "difficulty: easy", color="000000")
    sync(fake, SEED)
    assert snapshot(fake)["labels"]["importance: 0"][0] == "e4e4e4"
    assert snapshot(fake)["labels"]["difficulty: easy"][0] == "0e8a16"
    assert "importance: 0" in issue_for(fake, "commenting").label_names
    fake.log.clear()
    assert sync(fake, SEED).outcome.plan.actions == ()


def test_dry_run_writes_nothing(fake: FakeGitHubServer) -> None:
    run = sync(fake, SEED, dry_run=True)
    assert run.outcome.result is None
    assert fake.log.writes == 0
    assert run.lines[0] == (
        "Plan (dry run, nothing written): 168 issues to create, 8 labels to create or "
        "update, 12 milestones to create, 0 issues unchanged"
    )


# --- changes in roadmap.yaml --------------------------------------------------------------


def test_rename_keeps_the_issue_and_writes_once(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    number = issue_for(fake, "helm").number
    fake.log.clear()
    sync(fake, with_item(SEED, "helm", title="Helm Charts"))
    assert fake.log.writes == 1
    assert issue_for(fake, "helm").number == number
    assert issue_for(fake, "helm").title == "Helm Charts"


def test_new_id_with_previous_ids_keeps_the_issue(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    number = issue_for(fake, "helm").number
    sync(fake, with_item(SEED, "helm", id="helm-charts", previous_ids=("helm",)))
    assert issue_for(fake, "helm-charts").number == number
    assert len(fake.state.repo(REPO).issues) == 168


def test_removal_closes_as_not_planned_and_adding_back_reopens(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    removed = without_item(SEED, "helm")
    sync(fake, removed)
    sync(fake, removed)  # once only: no second comment
    issue = issue_for(fake, "helm")
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    assert REMOVED_LABEL in issue.label_names
    assert len(issue.comments) == 1
    assert P.REMOVED_COMMENT_MARKER in issue.comments[0].body
    sync(fake, SEED)
    issue = issue_for(fake, "helm")
    assert issue.state == "open"
    assert REMOVED_LABEL not in issue.label_names
    assert len(fake.state.repo(REPO).issues) == 168


def test_learner_notes_and_labels_survive(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    issue = issue_for(fake, "helm")
    token = fake.state.tokens[TOKEN]
    fake.state.update_issue(issue, token, body=issue.body + "\nI finished chapter 2.\n")
    fake.state.add_labels(issue, token, ["my-label"])
    sync(fake, with_item(SEED, "helm", description="Package apps.", importance=3))
    issue = issue_for(fake, "helm")
    assert issue.body.endswith("\nI finished chapter 2.\n")
    assert "Package apps." in issue.body
    assert sorted(issue.label_names) == [
        "difficulty: hard",
        "importance: 3",
        "my-label",
        MANAGED_LABEL,
    ]


def test_a_closed_issue_stays_closed(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    issue = issue_for(fake, "helm")
    fake.state.update_issue(
        issue, fake.state.tokens[TOKEN], state="closed", state_reason="completed"
    )
    fake.log.clear()
    sync(fake, SEED)
    assert fake.log.writes == 0
    assert issue_for(fake, "helm").state == "closed"


def test_an_issue_whose_bot_label_was_taken_off_is_not_duplicated(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    issue = issue_for(fake, "helm")
    fake.state.remove_label(issue, fake.state.tokens[TOKEN], MANAGED_LABEL)
    sync(fake, SEED)
    assert len(fake.state.repo(REPO).issues) == 168
    assert MANAGED_LABEL in issue_for(fake, "helm").label_names


# --- faults --------------------------------------------------------------------------------


def test_lost_answer_to_a_create_does_not_duplicate(fake: FakeGitHubServer) -> None:
    roadmap = small_roadmap()
    fake.faults.lose_answer(502, mutation="createIssue", after=5, times=1)
    run = sync(fake, roadmap)
    assert run.outcome.result is not None
    assert any("answer to creating" in note for note in run.outcome.result.notes)
    assert len(fake.state.repo(REPO).issues) == len(roadmap)
    assert sync(fake, roadmap).outcome.plan.actions == ()


def test_dropped_connection_after_a_create_does_not_duplicate(fake: FakeGitHubServer) -> None:
    roadmap = small_roadmap()
    fake.faults.drop(act=True, mutation="createIssue", after=3, times=1)
    sync(fake, roadmap)
    assert len(fake.state.repo(REPO).issues) == len(roadmap)


@pytest.mark.parametrize("k", [0, 1, 7, 8, 19, 20, 21, 35, 50])
def test_crash_after_k_writes_then_rerun_ends_as_an_uninterrupted_run(
    fake_github: FakeGitHubServer, k: int
) -> None:
    roadmap = small_roadmap()
    with FakeGitHubServer() as clean:
        set_up(clean)
        sync(clean, roadmap)
        expected = snapshot(clean)
    set_up(fake_github)
    fake_github.faults.refuse_all_after_writes(k)
    with pytest.raises(GitHubError):
        sync(fake_github, roadmap)
    fake_github.faults.clear()
    sync(fake_github, roadmap)
    assert snapshot(fake_github) == expected


def test_retry_after_is_honoured_through_the_clock(fake: FakeGitHubServer) -> None:
    clock = FakeClock()
    fake.faults.secondary_rate_limit(retry_after=30, writes=True, after=10, times=1)
    sync(fake, small_roadmap(), clock=clock)
    assert 30 in clock.sleeps
    assert len(fake.state.repo(REPO).issues) == len(small_roadmap())


def test_a_long_rate_limit_stops_cleanly_and_the_next_run_finishes(fake: FakeGitHubServer) -> None:
    roadmap = small_roadmap()
    fake.faults.secondary_rate_limit(retry_after=3600, writes=True, after=20, times=None)
    run = sync(fake, roadmap, max_wait=120)
    result = run.outcome.result
    assert result is not None
    assert result.stopped is not None
    assert result.remaining > 0
    assert result.done + result.remaining == len(run.outcome.plan.actions)
    fake.faults.clear()
    sync(fake, roadmap)
    assert len(fake.state.repo(REPO).issues) == len(roadmap)
    assert sync(fake, roadmap).outcome.plan.actions == ()


def test_max_writes_stops_and_the_next_run_goes_on(fake: FakeGitHubServer) -> None:
    roadmap = small_roadmap()
    run = sync(fake, roadmap, max_writes=10)
    assert run.outcome.result is not None
    assert run.outcome.result.stopped == "reached --max-writes 10"
    assert fake.log.writes == 10
    sync(fake, roadmap)
    assert len(fake.state.repo(REPO).issues) == len(roadmap)


def test_issues_disabled_says_how_to_enable_them(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, has_issues=False)
    with pytest.raises(GitHubError) as caught:
        sync(fake_github, small_roadmap())
    assert str(caught.value) == ISSUES_DISABLED_MESSAGE.format(repository=REPO)
    assert fake_github.log.writes == 0


def test_a_token_that_cannot_write_fails_on_the_first_write(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, permission="read")
    with pytest.raises(GitHubError) as caught:
        sync(fake_github, small_roadmap())
    message = str(caught.value)
    assert message.startswith(f"the token (GITHUB_TOKEN) cannot write issues on {REPO}")
    assert message.endswith(NO_WRITE_PERMISSION_MESSAGE.split("): give ")[1])
    assert fake_github.log.writes == 1
    assert TOKEN not in message


def test_renamed_section_gets_its_milestone(fake: FakeGitHubServer) -> None:
    roadmap = small_roadmap()
    sync(fake, roadmap)
    first = roadmap.sections[0]
    renamed = Roadmap(
        roadmap.title, (dataclasses.replace(first, title="Basics"), *roadmap.sections[1:])
    )
    sync(fake, renamed)
    assert issue_for(fake, "commenting").milestone.title == "Basics"


def _sub_issue_ids(fake: FakeGitHubServer, parent_id: str) -> list[str]:
    return [marker_id(child.body) or "" for child in issue_for(fake, parent_id).sub_issues]


def test_a_child_added_in_the_middle_stands_in_roadmap_order(fake: FakeGitHubServer) -> None:
    small = Roadmap(SEED.title, SEED.sections[:2])
    sync(fake, small)
    parent = small.items_by_id()["foundational-concepts"].item
    children = list(parent.children)
    assert _sub_issue_ids(fake, parent.id) == [c.id for c in children]
    # A no-op resync reads no sub-issue list: made in order, they stand in order.
    fake.log.clear()
    assert sync(fake, small).outcome.plan.actions == ()
    assert fake.log.count("issues/list-sub-issues") == 0
    # Two new children, first and in the middle; and the last two swapped.
    new_first, new_middle = Item("pseudo-code", "Pseudo-code"), Item("big-o", "Big O")
    reordered = [new_first, children[0], new_middle, children[2], children[1]]
    new_parent = dataclasses.replace(parent, children=tuple(reordered))
    first = small.sections[0]
    section = dataclasses.replace(
        first, items=tuple(new_parent if i.id == parent.id else i for i in first.items)
    )
    changed = Roadmap(small.title, (section, *small.sections[1:]))
    run = sync(fake, changed)
    assert _sub_issue_ids(fake, parent.id) == [c.id for c in reordered]
    assert fake.log.count("issues/list-sub-issues") == 1
    assert run.lines[0] == "Plan: 2 issues to create, 1 issue to update, 43 issues unchanged"
    assert sync(fake, changed).outcome.plan.actions == ()


def _milestone(fake: FakeGitHubServer, title: str):
    (found,) = [m for m in fake.state.repo(REPO).milestones.values() if m.title == title]
    return found


def test_a_section_that_leaves_closes_its_milestone_and_coming_back_reopens_it(
    fake: FakeGitHubServer,
) -> None:
    small = Roadmap(SEED.title, SEED.sections[:2])
    first, second = small.sections
    sync(fake, small)
    # Every item of the second section moves into the first: its milestone is left empty.
    merged = Roadmap(small.title, (dataclasses.replace(first, items=first.items + second.items),))
    run = sync(fake, merged)
    milestone = _milestone(fake, second.title)
    assert (milestone.state, milestone.open_issues, milestone.closed_issues) == ("closed", 0, 0)
    assert f"  close milestone '{second.title}' (its section left roadmap.yaml)" in run.lines
    moved = sum(1 for placed in small.walk() if placed.section is second)
    assert run.lines[0].startswith(f"Plan: {moved} issues to update, 1 milestone to close")
    assert "1 milestone to close" in run.lines[0]
    assert sync(fake, merged).outcome.plan.actions == ()
    # The section comes back: the same milestone opens again, never a second one.
    run = sync(fake, small)
    milestone = _milestone(fake, second.title)
    assert (milestone.state, milestone.open_issues) == ("open", moved)
    assert f"  reopen milestone '{second.title}' (its section is back in roadmap.yaml)" in run.lines
    assert sync(fake, small).outcome.plan.actions == ()


def test_a_removed_sections_milestone_closes_once_no_open_issue_stays_in_it(
    fake: FakeGitHubServer,
) -> None:
    small = Roadmap(SEED.title, SEED.sections[:2])
    first, second = small.sections
    sync(fake, small)
    state = fake.state
    mine = state.create_issue(
        state.repo(REPO),
        state.tokens[TOKEN],
        "My own",
        milestone=_milestone(fake, second.title).number,
    )
    only_first = Roadmap(small.title, (first,))
    sync(fake, only_first)
    # The roadmap's issues closed as not planned; the learner's own issue keeps it open.
    assert _milestone(fake, second.title).state == "open"
    assert _milestone(fake, second.title).open_issues == 1
    state.update_issue(mine, state.tokens[TOKEN], milestone=None)
    sync(fake, only_first)  # seen on the closed issues it still holds: closed now
    milestone = _milestone(fake, second.title)
    assert (milestone.state, milestone.open_issues) == ("closed", 0)
    assert milestone.closed_issues == sum(1 for p in small.walk() if p.section is second)
    run = sync(fake, small)  # back: the issues reopen, and so does the milestone
    assert _milestone(fake, second.title).state == "open"
    assert any(line.startswith("  reopen milestone") for line in run.lines)
