"""`requires:` kept as GitHub's own issue dependencies, against the fake GitHub over HTTP:
the links after a first sync, a requirement added and removed, links made by hand, the
fixed point, a crash in the middle, and GitHub's cap; with the requests counted."""

from __future__ import annotations

import pytest
import requests

from fakegithub import FakeGitHubServer
from fakegithub import dependencies as fake_dependencies
from roadmap_bot.errors import GitHubError
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.body import marker_id
from roadmap_bot.issues.ports import LINKS_PER_REQUEST
from roadmap_bot.issues.requirements import NO_DEPENDENCIES_WARNING
from roadmap_bot.roadmap.model import Item, Roadmap, Section
from roadmap_bot.roadmap.next_up import open_requirements
from roadmaps import with_item
from syncing import README_TEXT, REPO, TOKEN, seed_roadmap, set_up, snapshot, sync, sync_job_run

SEED = seed_roadmap()
SMALL = Roadmap(SEED.title, SEED.sections[:2])
SNAPSHOT_READ = "graphql:RoadmapSnapshot"  # the issues with their links (githubapi/snapshot.py)
CHANGE_LINKS = "graphql:RoadmapChangeLinks"


@pytest.fixture
def fake(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    set_up(fake_github)
    return fake_github


def name(issue) -> str:
    return marker_id(issue.body) or f"#{issue.number}"


def links(fake: FakeGitHubServer) -> set[tuple[str, str]]:
    """(blocked, blocking) by item id (#number for an issue of the learner's own)."""
    found = set()
    for issue in fake.state.repo(REPO).issues.values():
        assert len(issue.blocked_by) == len(set(map(id, issue.blocked_by)))
        found |= {(name(issue), name(blocker)) for blocker in issue.blocked_by}
    return found


def wanted(roadmap: Roadmap) -> set[tuple[str, str]]:
    return {(placed.id, need) for placed in roadmap.walk() for need in placed.item.requires}


def issue_for(fake: FakeGitHubServer, item_id: str):
    (issue,) = [i for i in fake.state.repo(REPO).issues.values() if marker_id(i.body) == item_id]
    return issue


def own_issue(fake: FakeGitHubServer, title: str):
    state = fake.state
    return state.create_issue(state.repo(REPO), state.tokens[TOKEN], title, "my own")


def test_the_links_after_a_first_sync_match_the_roadmap(fake: FakeGitHubServer) -> None:
    sync(fake, SEED)
    assert links(fake) == wanted(SEED)
    assert len(links(fake)) == 36
    basics = issue_for(fake, "docker-basics").number
    assert f"**Needs**\n- #{basics} Docker Basics\n" in issue_for(fake, "docker-compose").body
    # Docker (under Python's Deployment) comes before Docker Basics: its body was written
    # again once Docker Basics had its number.
    assert f"- #{basics} Docker Basics\n" in issue_for(fake, "docker").body
    assert not [i for i in fake.state.repo(REPO).issues.values() if "roadmap-bot:number" in i.body]


def test_adding_and_removing_a_requirement_adds_and_removes_exactly_that_link(
    fake: FakeGitHubServer,
) -> None:
    sync(fake, SMALL)
    before = links(fake)
    more = with_item(SMALL, "sqlite", requires=("database-design",))
    fake.log.clear()
    sync(fake, more)
    assert links(fake) == before | {("sqlite", "database-design")}
    # The body lists it, and the link: two writes.
    assert fake.log.writes == 2
    assert fake.log.count(CHANGE_LINKS) == 1
    fewer = with_item(more, "database-scaling", requires=("database-replication",))
    fake.log.clear()
    sync(fake, fewer)
    dropped = {("database-scaling", "database-sharding")}
    assert links(fake) == (before | {("sqlite", "database-design")}) - dropped
    assert fake.log.writes == 2
    assert fake.log.count(CHANGE_LINKS) == 1


def test_links_the_learner_made_survive(fake: FakeGitHubServer) -> None:
    sync(fake, SMALL)
    mine, theirs = own_issue(fake, "My project"), own_issue(fake, "Read a book")
    token = fake.state.tokens[TOKEN]
    design = issue_for(fake, "database-design")
    fake_dependencies.add_blocked_by(fake.state, design, token, mine)
    fake_dependencies.add_blocked_by(fake.state, theirs, token, design)
    # And one between two roadmap issues, which no requirement asks for.
    other = issue_for(fake, "sqlite")
    fake_dependencies.add_blocked_by(fake.state, other, token, design)
    by_hand = {
        ("database-design", name(mine)),
        (name(theirs), "database-design"),
        ("sqlite", "database-design"),
    }
    fake.log.clear()
    run = sync(fake, SMALL)
    assert run.outcome.plan.actions == ()
    assert fake.log.writes == 0
    fewer = with_item(SMALL, "database-design", requires=())
    sync(fake, fewer)
    assert links(fake) == wanted(fewer) | by_hand


def test_a_re_sync_writes_nothing(fake: FakeGitHubServer) -> None:
    sync(fake, SMALL)
    before = snapshot(fake)
    fake.log.clear()
    assert sync(fake, SMALL).outcome.plan.actions == ()
    assert fake.log.writes == 0
    # The links come with the issues, in the same document: no read of their own.
    assert fake.log.operations() == [SNAPSHOT_READ]
    assert "blockedBy" in fake.log.entries[0].body["query"]
    assert snapshot(fake) == before


def test_removing_the_last_requirement_is_seen_and_its_link_removed(
    fake: FakeGitHubServer,
) -> None:
    one = Roadmap("R", (Section("S", (Item("a", "A"), Item("b", "B", requires=("a",)))),))
    none = with_item(one, "b", requires=())
    sync(fake, one)
    assert links(fake) == {("b", "a")}
    fake.log.clear()
    sync(fake, none)
    # No item requires another, but an issue of the bot is blocked: its link is removed.
    assert links(fake) == set()
    assert fake.log.count("graphql:RoadmapChangeLinks") == 1
    fake.log.clear()
    sync(fake, none)
    assert fake.log.operations() == [SNAPSHOT_READ]
    assert fake.log.writes == 0


def chain(length: int) -> Roadmap:
    """Items each requiring the one before: length - 1 links."""
    items = [Item("step-0", "Step 0")]
    items += [Item(f"step-{n}", f"Step {n}", requires=(f"step-{n - 1}",)) for n in range(1, length)]
    return Roadmap("R", (Section("S", tuple(items)),))


def test_a_crash_between_two_requests_of_links_and_a_rerun_leave_no_duplicate(
    fake: FakeGitHubServer,
) -> None:
    roadmap = chain(61)  # 60 links: a request of 50, then one of 10
    actions = sync(fake, roadmap, dry_run=True).outcome.plan.actions
    before_links = next(i for i, a in enumerate(actions) if isinstance(a, P.AddBlockedBy))
    assert len(actions) - before_links == 60
    fake.faults.refuse_all_after_writes(before_links + 1)
    with pytest.raises(GitHubError):
        sync(fake, roadmap)
    assert len(links(fake)) == LINKS_PER_REQUEST
    fake.faults.clear()
    fake.log.clear()
    sync(fake, roadmap)
    assert links(fake) == wanted(roadmap)
    assert fake.log.count(CHANGE_LINKS) == 1
    fake.log.clear()
    assert sync(fake, roadmap).outcome.plan.actions == ()
    assert fake.log.writes == 0


def test_links_made_behind_the_plans_back_are_not_made_twice(fake: FakeGitHubServer) -> None:
    """A lost answer to the request of links (GitHub made them all): they are read back,
    found, and not sent again; the run goes on."""
    fault = fake.faults.lose_answer(502, operation=CHANGE_LINKS)
    run = sync(fake, SMALL)
    assert fault.fired == 1
    assert run.outcome.result is not None
    assert run.outcome.result.remaining == 0
    assert links(fake) == wanted(SMALL)
    assert fake.log.count(CHANGE_LINKS) == 1
    assert fake.log.count("graphql:RoadmapBlockedBy") == 1


def test_githubs_cap_leaves_a_requirement_in_the_body_with_a_warning(
    fake: FakeGitHubServer,
) -> None:
    one = Roadmap("R", (Section("S", (Item("a", "A"), Item("b", "B"))),))
    sync(fake, one)
    b = issue_for(fake, "b")
    token = fake.state.tokens[TOKEN]
    for n in range(fake_dependencies.DEPENDENCIES_PER_RELATIONSHIP):
        fake_dependencies.add_blocked_by(fake.state, b, token, own_issue(fake, f"Mine {n}"))
    run = sync(fake, with_item(one, "b", requires=("a",)))
    assert any("at most 50" in line for line in run.lines)
    assert ("b", "a") not in links(fake)
    assert f"- #{issue_for(fake, 'a').number} A\n" in issue_for(fake, "b").body


ADD = """mutation($i: ID!, $b: ID!) {
  addBlockedBy(input: {issueId: $i, blockingIssueId: $b}) { issue { number } }
}"""


def _add(fake: FakeGitHubServer, issue, blocker) -> list[str]:
    answer = requests.post(
        fake.graphql_url,
        json={"query": ADD, "variables": {"i": issue.node_id, "b": blocker.node_id}},
        headers={"Authorization": f"bearer {TOKEN}"},
        timeout=5,
    ).json()
    return [error["type"] for error in answer.get("errors", ())]


def test_the_fake_refuses_what_github_refuses(fake: FakeGitHubServer) -> None:
    issues = [own_issue(fake, f"Issue {n}") for n in range(53)]
    first, second = issues[0], issues[1]
    assert _add(fake, first, second) == []
    assert _add(fake, first, second) == ["UNPROCESSABLE"]  # already linked
    assert _add(fake, first, first) == ["UNPROCESSABLE"]  # itself
    for blocker in issues[2:50]:
        assert _add(fake, first, blocker) == []
    assert len(first.blocked_by) == 49
    assert _add(fake, first, issues[50]) == []
    assert _add(fake, first, issues[51]) == ["UNPROCESSABLE"]  # a 51st
    assert len(first.blocked_by) == 50


def test_a_github_without_issue_dependencies_keeps_the_requirements_in_the_bodies(
    fake: FakeGitHubServer,
) -> None:
    # What a GitHub Enterprise Server without dependencies answers the links' read: its
    # schema has no Issue.blockedBy (graphql-ruby's words for an unknown field).
    unknown = {
        "errors": [
            {
                "message": "Field 'blockedBy' doesn't exist on type 'Issue'",
                "locations": [{"line": 7, "column": 9}],
                "path": ["query RoadmapSnapshot", "repository", "issues", "nodes", "blockedBy"],
                "extensions": {
                    "code": "undefinedField",
                    "typeName": "Issue",
                    "fieldName": "blockedBy",
                },
            }
        ]
    }
    fault = fake.faults.status(
        200, body=unknown, where=lambda req: "blockedBy" in req.document, times=None
    )
    run = sync(fake, SMALL)
    # The first page refused; the issues read again without the links.
    assert fault.fired == 1
    assert fake.log.operations()[:2] == [SNAPSHOT_READ, SNAPSHOT_READ]
    assert "blockedBy" not in fake.log.entries[1].body["query"]
    assert f"warning: {NO_DEPENDENCIES_WARNING}" in run.lines
    assert links(fake) == set()
    design = issue_for(fake, "database-design").number
    assert f"**Needs**\n- #{design} Database Design\n" in issue_for(fake, "database-indexing").body
    fake.log.clear()
    assert sync(fake, SMALL).outcome.plan.actions == ()
    assert fake.log.writes == 0


def test_the_job_summary_suggests_five_items_whose_requirements_are_finished(
    fake_github: FakeGitHubServer,
) -> None:
    fake = fake_github
    set_up(fake, files={"README.md": README_TEXT})
    run = sync_job_run(fake, SEED, project=None, board_token=None)
    by_id = SEED.items_by_id()
    assert len(run.report.next_up) == 5
    for placed in run.report.next_up:
        assert open_requirements(placed, by_id, {}) == []
    waiting = issue_for(fake, "docker-compose")
    assert waiting.blocked_by == [issue_for(fake, "docker-basics")]
