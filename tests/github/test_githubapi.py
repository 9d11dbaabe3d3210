"""roadmap_bot.githubapi against the fake GitHub over real HTTP, with a FakeClock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from fakegithub import FakeGitHubServer
from roadmap_bot.clock import FakeClock
from roadmap_bot.errors import (
    EXIT_GITHUB,
    GitHubError,
    LostAnswerError,
    RateLimitedError,
    RoadmapBotError,
)
from roadmap_bot.githubapi import errors as ge
from roadmap_bot.githubapi import graphql as gq
from roadmap_bot.githubapi import repo as gr
from roadmap_bot.githubapi import repo_labels as gl
from roadmap_bot.githubapi import snapshot as gs_
from roadmap_bot.githubapi import sub_issues as gs
from roadmap_bot.githubapi import throttle as gt
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import (
    GitHubUnavailableError,
    GraphQLQueryError,
    IssuesDisabledError,
    NotFoundError,
    PermissionDeniedError,
)
from roadmap_bot.issues.body import BLOCK_END, item_marker
from roadmap_bot.settings import GitHubSettings, Secret, graphql_url_for

OWNER, NAME = "octo", "roadmap"
REPO = f"{OWNER}/{NAME}"
TOKEN = "ghp_SuperSecretTokenValue0123456789"  # must never show in a message
READ_TOKEN = "ghp_ReadOnlyTokenValue9876543210"
ACTIONS_READ_TOKEN = "ghs_ActionsReadOnlyToken5555555"
MANAGED = "roadmap: managed"


# --------------------------------------------------------------------------- fixtures


def _seed(gh: FakeGitHubServer) -> None:
    gh.state.add_repo(REPO)
    gh.state.add_token(TOKEN, OWNER)
    gh.state.add_token(READ_TOKEN, "reader", {REPO: "read"})
    gh.state.add_token(ACTIONS_READ_TOKEN, "github-actions", {REPO: "read"}, is_actions_token=True)


@pytest.fixture
def gh() -> Iterator[FakeGitHubServer]:
    with FakeGitHubServer() as server:
        _seed(server)
        yield server
        assert not server.violations, "\n".join(str(v) for v in server.violations)


@pytest.fixture
def gh_enterprise() -> Iterator[FakeGitHubServer]:
    with FakeGitHubServer(prefix="/api/v3") as server:
        _seed(server)
        yield server
        assert not server.violations, "\n".join(str(v) for v in server.violations)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_client(
    gh: FakeGitHubServer,
    clock: FakeClock,
    *,
    token: str | None = TOKEN,
    write_interval: float = 0.0,
    max_wait: float = 120.0,
    repository: str = REPO,
) -> GitHubClient:
    settings = GitHubSettings(
        repository=repository,
        token=Secret(token) if token else None,
        api_url=gh.url,
        graphql_url=gh.graphql_url,
        write_interval=write_interval,
        max_wait=max_wait,
    )
    return GitHubClient(settings, clock)


@pytest.fixture
def client(gh: FakeGitHubServer, clock: FakeClock) -> Iterator[GitHubClient]:
    c = make_client(gh, clock)
    yield c
    c.close()


def seed_issues(gh: FakeGitHubServer, count: int, *, label: str | None = MANAGED) -> None:
    repo = gh.state.repo(REPO)
    token = gh.state.tokens[TOKEN]
    for i in range(count):
        gh.state.create_issue(
            repo,
            token,
            f"Item {i}",
            f"text\n<!-- roadmap-bot:item=item-{i} -->",
            labels=[label] if label else [],
        )


def assert_no_token(text: str) -> None:
    for secret in (TOKEN, READ_TOKEN, ACTIONS_READ_TOKEN):
        assert secret not in text


def assert_error_clean(exc: BaseException) -> None:
    assert_no_token(str(exc))
    assert_no_token(repr(exc.args))
    assert_no_token(repr(vars(exc)))


# --------------------------------------------------------------------------- configuration


def test_pygithub_is_configured_without_retry_or_sleeps(client: GitHubClient) -> None:
    for github in (client._github, client._graphql_github):
        kwargs = github.requester.kwargs
        assert kwargs["retry"] is None
        assert kwargs["seconds_between_requests"] is None
        assert kwargs["seconds_between_writes"] is None
        assert kwargs["per_page"] == 100
    # retry=None means requests' DEFAULT_RETRIES, i.e. no retry of any verb
    assert requests.adapters.DEFAULT_RETRIES == 0
    gr.get_repository(client, OWNER, NAME)
    connection = client._github.requester._Requester__connection  # PyGithub's, once used
    retry = connection.adapter.max_retries
    assert retry.total == 0
    assert retry.read is False
    assert not retry.status_forcelist


def test_a_5xx_on_a_post_is_sent_once(gh: FakeGitHubServer, client: GitHubClient) -> None:
    """Neither PyGithub/urllib3 nor the client re-sends a create after a 502."""
    gh.faults.status(502, operation="issues/create-label", times=None)
    with pytest.raises(LostAnswerError):
        gl.create_label(client, OWNER, NAME, "x", "ededed")
    assert gh.log.count("issues/create-label") == 1


# --------------------------------------------------------------------------- reads


def snapshot_of(client: GitHubClient, owner: str = OWNER, name: str = NAME) -> Any:
    return gs_.read_snapshot(client, owner, name, label=MANAGED, readme_path="README.md")


def test_what_sync_observes_comes_in_one_graphql_request(
    gh: FakeGitHubServer, client: GitHubClient
) -> None:
    """One page: every issue (the bot's kept, a hand-made one left out of ``issues``), the
    repository's labels and milestones (``complete``); read_labels and read_milestones
    list them over REST when they do not fit on it."""
    state = gh.state
    repo = state.repo(REPO)
    token = state.tokens[TOKEN]
    managed = state.create_label(repo, token, MANAGED, "ABCDEF", "managed")
    managed.color = "ABCDEF"  # as GitHub may hold it: upper case
    state.create_label(repo, token, "difficulty: easy", "00ff00")
    state.create_label(repo, token, "on no issue", "000000")
    ms_open = state.create_milestone(repo, token, "Basics")
    state.create_milestone(repo, token, "Done", state="closed")
    parent = state.create_issue(repo, token, "Parent", "p", labels=[MANAGED], milestone=ms_open)
    state.create_issue(
        repo, token, "Child", "c", labels=[MANAGED, "difficulty: easy"], parent=parent
    )
    stray = state.create_issue(repo, token, "Hand-made", f"Mine\n{item_marker('git')}\n{BLOCK_END}")
    closed = state.create_issue(repo, token, "Closed", "x", labels=[MANAGED])
    state.update_issue(closed, token, state="closed", state_reason="not_planned")
    gh.log.clear()

    answer = snapshot_of(client)
    observed = answer.observed

    assert [e.operation for e in gh.log] == ["graphql:RoadmapSnapshot"]
    assert client.stats.writes == 0
    assert observed.complete is True
    labels = {lb.name: lb for lb in observed.labels}
    assert set(labels) == {MANAGED, "difficulty: easy", "on no issue"}
    assert labels[MANAGED].color == "abcdef"
    assert labels[MANAGED].description == "managed"
    assert labels[MANAGED].node_id == managed.node_id
    assert {m.title: m.state for m in observed.milestones} == {"Basics": "open", "Done": "closed"}
    (basics,) = [m for m in observed.milestones if m.title == "Basics"]
    assert basics.open_issues == 1
    assert basics.node_id == ms_open.node_id
    by_title = {i.title: i for i in observed.issues}
    assert set(by_title) == {"Parent", "Child", "Closed"}
    assert [i.number for i in observed.issues] == sorted(i.number for i in observed.issues)
    assert by_title["Child"].parent_number == parent.number
    assert by_title["Child"].labels == (MANAGED, "difficulty: easy")
    assert by_title["Child"].id == state.issue(REPO, by_title["Child"].number).id
    assert by_title["Child"].node_id == state.issue(REPO, by_title["Child"].number).node_id
    assert by_title["Parent"].milestone_number == ms_open.number
    assert by_title["Parent"].parent_number is None
    assert by_title["Closed"].state == "closed"
    assert by_title["Closed"].state_reason == "not_planned"
    # Number, page and close date from the same listing (the progress page needs no more).
    closed_raw = state.issue(REPO, by_title["Closed"].number)
    assert closed_raw.closed_at
    assert by_title["Closed"].closed_at == closed_raw.closed_at
    assert by_title["Parent"].closed_at == ""
    assert by_title["Closed"].html_url.endswith(f"/{REPO}/issues/{closed_raw.number}")
    # The hand-made issue carries a marker: seen, though it is not the bot's.
    assert [i.number for i in answer.markers] == [stray.number]
    assert answer.repository_id == repo.node_id
    assert answer.readme is None  # this repository has no README

    gh.log.clear()
    all_labels = {lb.name: lb for lb in gl.read_labels(client, OWNER, NAME)}
    milestones = gl.read_milestones(client, OWNER, NAME)
    assert [e.operation for e in gh.log] == [
        "issues/list-labels-for-repo",
        "issues/list-milestones",
    ]
    assert gh.log.entries[1].query["state"] == ["all"]
    assert set(all_labels) == {MANAGED, "difficulty: easy", "on no issue"}
    assert all_labels[MANAGED] == labels[MANAGED]
    assert {m.title: m.state for m in milestones} == {"Basics": "open", "Done": "closed"}


def test_pagination_over_more_than_100_issues(gh: FakeGitHubServer, client: GitHubClient) -> None:
    seed_issues(gh, 250)
    seed_issues(gh, 5, label=None)
    gh.log.clear()

    observed = snapshot_of(client).observed

    assert len(observed.issues) == 250
    assert [i.title for i in observed.issues] == [f"Item {i}" for i in range(250)]
    # Every issue is read (255): 100 + 100 + 55.
    assert gh.log.count("graphql:RoadmapSnapshot") == 3
    assert len(gh.log) == 3
    cursors = [e.body["variables"]["after"] for e in gh.log.entries]
    assert cursors[0] is None
    assert None not in cursors[1:]


def test_paginate_follows_link_next(gh: FakeGitHubServer, client: GitHubClient) -> None:
    seed_issues(gh, 101)
    gh.log.clear()
    items = list(client.paginate(f"/repos/{REPO}/issues", {"state": "all"}))
    assert len(items) == 101
    assert [e.query.get("page") for e in gh.log] == [None, ["2"]]


def test_pull_requests_are_left_out() -> None:
    class Stub:
        def paginate(self, path: str, params: Any = None) -> Iterator[dict[str, Any]]:
            if path.endswith("/issues"):
                yield {"number": 1, "id": 11, "title": "issue", "labels": []}
                yield {"number": 2, "id": 12, "title": "pr", "pull_request": {"url": "x"}}

    issues = gr.list_issues(Stub(), OWNER, NAME, MANAGED)  # type: ignore[arg-type]
    assert [i.number for i in issues] == [1]


def test_get_repository(gh: FakeGitHubServer, client: GitHubClient) -> None:
    info = gr.get_repository(client, OWNER, NAME)
    repo = gh.state.repo(REPO)
    assert info.node_id == repo.node_id
    assert info.has_issues is True
    assert info.default_branch == "main"
    assert info.can_push is True


# --------------------------------------------------------------------------- writes


def test_writes_round_trip(gh: FakeGitHubServer, client: GitHubClient) -> None:
    info = gr.get_repository(client, OWNER, NAME)
    label = gl.create_label(client, OWNER, NAME, MANAGED, "#EDEDED", "managed by roadmap-bot")
    odd = gl.create_label(client, OWNER, NAME, "a/b: c d?", "111111")
    odd = gl.update_label(client, OWNER, NAME, odd.name, color="222222", description="")
    assert (odd.name, odd.color, odd.description) == ("a/b: c d?", "222222", "")
    ms = gl.create_milestone(client, OWNER, NAME, "Basics", description="The basics")
    ms = gl.update_milestone(client, OWNER, NAME, ms.number, title="Basics!")
    assert ms.title == "Basics!"

    parent = gr.create_issue(
        client,
        info.node_id,
        "Parent",
        "body <!-- roadmap-bot:item=p -->",
        [label.node_id],
        ms.node_id,
    )
    assert parent.labels == (MANAGED,)
    assert parent.milestone_number == ms.number
    child = gr.create_issue(
        client, info.node_id, "Child", "c", [label.node_id], None, parent.node_id
    )
    assert child.parent_number == parent.number
    assert gh.state.issue(REPO, child.number).parent is gh.state.issue(REPO, parent.number)

    assert gr.add_labels(client, OWNER, NAME, child.number, ["difficulty: easy"]) == (
        MANAGED,
        "difficulty: easy",
    )
    assert gh.log.find("issues/add-labels")[-1].body == {"labels": ["difficulty: easy"]}
    gr.remove_label(client, OWNER, NAME, child.number, "difficulty: easy")
    gr.remove_label(client, OWNER, NAME, child.number, "difficulty: easy")  # already gone: fine
    assert gh.state.issue(REPO, child.number).label_names == [MANAGED]

    gs.remove_sub_issue(client, OWNER, NAME, parent.number, child.id)
    gs.remove_sub_issue(client, OWNER, NAME, parent.number, child.id)  # already gone: fine
    assert gh.state.issue(REPO, child.number).parent is None
    gs.add_sub_issue(client, OWNER, NAME, parent.number, child.id)
    gs.add_sub_issue(client, OWNER, NAME, parent.number, child.id)  # already there: fine
    assert gh.state.issue(REPO, child.number).parent is gh.state.issue(REPO, parent.number)

    updated = gr.update_issue(
        client,
        OWNER,
        NAME,
        child.number,
        title="Child!",
        state="closed",
        state_reason="not_planned",
        milestone=None,
    )
    assert (updated.title, updated.state, updated.state_reason) == (
        "Child!",
        "closed",
        "not_planned",
    )
    comment = gr.create_comment(client, OWNER, NAME, child.number, "Removed from the roadmap.")
    assert gr.list_comments(client, OWNER, NAME, child.number) == [comment]

    found = gr.find_issue_by_marker(client, OWNER, NAME, MANAGED, "roadmap-bot:item=p -->")
    assert found is not None
    assert found.number == parent.number
    assert gr.find_issue_by_marker(client, OWNER, NAME, MANAGED, "item=nope") is None


def test_update_issue_rejects_unknown_fields(client: GitHubClient) -> None:
    with pytest.raises(TypeError):
        gr.update_issue(client, OWNER, NAME, 1, labels=["x"])


def test_create_issue_reports_what_github_dropped(gh: FakeGitHubServer, clock: FakeClock) -> None:
    """Without push access GitHub drops labels and milestone silently: the answer shows it."""
    repo = gh.state.repo(REPO)
    label = gh.state.create_label(repo, gh.state.tokens[TOKEN], MANAGED)
    reader = make_client(gh, clock, token=READ_TOKEN)
    issue = gr.create_issue(reader, repo.node_id, "T", "b", [label.node_id])
    assert issue.labels == ()


# --------------------------------------------------------------------------- spacing


def test_writes_are_spaced_on_the_clock(gh: FakeGitHubServer, clock: FakeClock) -> None:
    c = make_client(gh, clock, write_interval=1.0)
    info = gr.get_repository(c, OWNER, NAME)
    gl.create_label(c, OWNER, NAME, "a", "ededed")
    gr.list_issues(c, OWNER, NAME, MANAGED)  # reads are not spaced
    gl.create_label(c, OWNER, NAME, "b", "ededed")
    clock.time += 0.25  # time passed by itself: only the remainder is slept
    gr.create_issue(c, info.node_id, "T", "b")  # a mutation is a write
    clock.time += 5
    gl.create_label(c, OWNER, NAME, "c", "ededed")
    assert clock.sleeps == [1.0, 0.75]
    assert c.stats.seconds_waited == pytest.approx(1.75)
    assert c.stats.rest_writes == 3
    assert c.stats.graphql_mutations == 1


# --------------------------------------------------------------------------- rate limits


def test_retry_after_is_honoured(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.secondary_rate_limit(retry_after=30, operation="issues/create-label", times=1)
    start = clock.now()
    gl.create_label(client, OWNER, NAME, "a", "ededed")
    assert clock.sleeps == [30.0]
    assert clock.now() - start == 30.0
    assert gh.log.count("issues/create-label") == 2
    assert [lb.name for lb in gh.state.repo(REPO).labels] == ["a"]
    assert client.stats.retries == 1


def test_retry_after_on_429_and_on_graphql(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.secondary_rate_limit(retry_after=7, status=429, mutation="createIssue", times=1)
    node_id = gh.state.repo(REPO).node_id
    gr.create_issue(client, node_id, "T", "b")
    assert clock.sleeps == [7.0]
    assert len(gh.state.repo(REPO).issues) == 1


def test_a_wait_beyond_max_wait_stops(gh: FakeGitHubServer, clock: FakeClock) -> None:
    c = make_client(gh, clock, max_wait=120)
    gh.faults.secondary_rate_limit(retry_after=600, writes=True, times=None)
    with pytest.raises(RateLimitedError) as info:
        gl.create_label(c, OWNER, NAME, "a", "ededed")
    assert info.value.wait_seconds == 600
    assert info.value.reset_at == clock.now() + 600
    assert clock.sleeps == []
    assert isinstance(info.value, RoadmapBotError)
    assert not isinstance(info.value, GitHubError)  # not a failure: stop cleanly
    assert "600 s" in str(info.value)


def test_primary_rate_limit_waits_until_reset(gh: FakeGitHubServer) -> None:
    clock = FakeClock(start=gh.state.clock.now)
    c = make_client(gh, clock)
    gh.faults.primary_rate_limit(reset_in=50, operation="issues/list-labels-for-repo", times=1)
    assert list(c.paginate(f"/repos/{REPO}/labels")) == []
    assert clock.sleeps == [51.0]  # until x-ratelimit-reset, plus one second


def test_primary_rate_limit_beyond_max_wait(gh: FakeGitHubServer) -> None:
    clock = FakeClock(start=gh.state.clock.now)
    c = make_client(gh, clock)
    gh.faults.primary_rate_limit(reset_in=3600, times=1)
    with pytest.raises(RateLimitedError) as info:
        gr.get_repository(c, OWNER, NAME)
    assert info.value.wait_seconds == 3601
    assert info.value.reset_at == gh.state.clock.now + 3601


def test_secondary_rate_limit_without_retry_after_backs_off(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.secondary_rate_limit(retry_after=None, writes=True, times=2)
    gl.create_label(client, OWNER, NAME, "a", "ededed")
    assert clock.sleeps == [60.0, 120.0]
    gh.faults.secondary_rate_limit(retry_after=None, writes=True, times=3)
    with pytest.raises(RateLimitedError) as info:
        gl.create_label(client, OWNER, NAME, "b", "ededed")
    assert info.value.wait_seconds == 240.0


def test_rate_limit_retries_are_bounded(gh: FakeGitHubServer, client: GitHubClient) -> None:
    gh.faults.secondary_rate_limit(retry_after=1, times=None)
    with pytest.raises(RateLimitedError) as info:
        gr.get_repository(client, OWNER, NAME)
    assert gh.log.count("repos/get") == gt.MAX_RATE_LIMIT_TRIES
    assert str(info.value) == ge.RATE_LIMITED_AGAIN_MESSAGE.format(hits=gt.MAX_RATE_LIMIT_TRIES)


def test_graphql_rate_limited_error_is_waited_for(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    body = {"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}
    gh.faults.status(200, body=body, mutation="createIssue", times=1)
    issue = gr.create_issue(client, gh.state.repo(REPO).node_id, "T", "b")
    assert issue.number == 1
    assert clock.sleeps == [60.0]


# --------------------------------------------------------------------------- 5xx and lost answers


def test_502_on_a_read_is_retried(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.status(502, operation="issues/list-labels-for-repo", times=2)
    assert list(client.paginate(f"/repos/{REPO}/labels")) == []
    assert clock.sleeps == [1.0, 2.0]
    assert client.stats.retries == 2
    assert client.stats.rest_reads == 3


def test_persistent_5xx_gives_up(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.status(503, operation="repos/get", times=None)
    with pytest.raises(GitHubUnavailableError) as info:
        gr.get_repository(client, OWNER, NAME)
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert gh.log.count("repos/get") == 4
    assert info.value.exit_code == EXIT_GITHUB


def test_dropped_connection_on_a_read_is_retried(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    gh.faults.drop(act=False, operation="repos/get", times=1)
    assert gr.get_repository(client, OWNER, NAME).full_name == REPO
    assert clock.sleeps == [1.0]


def test_502_on_an_idempotent_write_is_retried(
    gh: FakeGitHubServer, client: GitHubClient, clock: FakeClock
) -> None:
    seed_issues(gh, 1)
    gh.faults.lose_answer(502, operation="issues/update", times=1)
    issue = gr.update_issue(client, OWNER, NAME, 1, title="New")
    assert issue.title == "New"
    assert gh.log.count("issues/update") == 2
    assert clock.sleeps == [1.0]


def test_act_then_502_on_create_issue(gh: FakeGitHubServer, client: GitHubClient) -> None:
    repo = gh.state.repo(REPO)
    label = gh.state.create_label(repo, gh.state.tokens[TOKEN], MANAGED)
    seed_issues(gh, 3)
    marker = "<!-- roadmap-bot:item=lost -->"
    gh.faults.lose_answer(502, mutation="createIssue", times=1)
    with pytest.raises(LostAnswerError) as info:
        gr.create_issue(client, repo.node_id, "Lost", f"text\n{marker}", [label.node_id])
    assert_error_clean(info.value)
    assert gh.log.graphql_mutations == 1  # never re-sent by itself
    assert len(repo.issues) == 4  # GitHub did act

    found = gr.find_issue_by_marker(client, OWNER, NAME, MANAGED, marker)
    assert found is not None
    assert found.title == "Lost"
    assert found.number == 4
    assert gh.log.entries[-1].query["direction"] == ["desc"]


def test_dropped_connection_on_create_issue(gh: FakeGitHubServer, client: GitHubClient) -> None:
    repo = gh.state.repo(REPO)
    gh.faults.drop(act=True, mutation="createIssue", times=1)
    with pytest.raises(LostAnswerError):
        gr.create_issue(client, repo.node_id, "Lost", "<!-- roadmap-bot:item=x -->")
    assert len(repo.issues) == 1
    assert gh.log.graphql_mutations == 1
    # no label was set: the fallback listing without the label still finds it
    found = gr.find_issue_by_marker(client, OWNER, NAME, MANAGED, "item=x -->")
    assert found is not None
    assert found.number == 1


def test_502_on_a_rest_create_is_not_resent(gh: FakeGitHubServer, client: GitHubClient) -> None:
    seed_issues(gh, 1)
    gh.faults.lose_answer(502, operation="issues/create-comment", times=1)
    with pytest.raises(LostAnswerError):
        gr.create_comment(client, OWNER, NAME, 1, "once")
    assert len(gh.state.issue(REPO, 1).comments) == 1
    assert gh.log.count("issues/create-comment") == 1


# --------------------------------------------------------------------------- errors


def test_issues_disabled_410(gh: FakeGitHubServer, client: GitHubClient) -> None:
    gh.state.repo(REPO).has_issues = False
    with pytest.raises(IssuesDisabledError) as info:
        gr.list_issues(client, OWNER, NAME, MANAGED)
    assert str(info.value) == ge.ISSUES_DISABLED_MESSAGE.format(repository=REPO)
    assert "Settings -> General -> Features -> Issues" in str(info.value)
    assert info.value.exit_code == EXIT_GITHUB
    assert_error_clean(info.value)


def test_issues_disabled_seen_by_the_snapshot(gh: FakeGitHubServer, client: GitHubClient) -> None:
    """GraphQL lists the issues of a repository whose Issues are off: the snapshot asks
    hasIssuesEnabled and stops before sync plans (and creates labels) for nothing."""
    gh.state.repo(REPO).has_issues = False
    with pytest.raises(IssuesDisabledError) as info:
        snapshot_of(client)
    assert str(info.value) == ge.ISSUES_DISABLED_MESSAGE.format(repository=REPO)
    assert info.value.exit_code == EXIT_GITHUB


def test_issues_disabled_on_create_issue(gh: FakeGitHubServer, client: GitHubClient) -> None:
    repo = gh.state.repo(REPO)
    repo.has_issues = False
    with pytest.raises(IssuesDisabledError) as info:
        gr.create_issue(client, repo.node_id, "T", "b")
    assert str(info.value) == ge.ISSUES_DISABLED_MESSAGE.format(repository=REPO)


@pytest.mark.parametrize("repository", ["octo/missing", "someone/private"])
def test_repository_not_found_404(gh: FakeGitHubServer, clock: FakeClock, repository: str) -> None:
    gh.state.add_repo("someone/private", private=True)
    owner, name = repository.split("/")
    c = make_client(gh, clock, repository=repository)
    with pytest.raises(NotFoundError) as info:
        gr.get_repository(c, owner, name)
    expected = ge.REPO_NOT_FOUND_MESSAGE.format(repository=repository, token_name="GITHUB_TOKEN")
    assert str(info.value) == expected
    assert "not found or not visible to this token (GITHUB_TOKEN)" in str(info.value)
    assert_error_clean(info.value)
    with pytest.raises(NotFoundError) as info:
        snapshot_of(c, owner, name)
    assert str(info.value) == expected


def test_bad_token_401(gh: FakeGitHubServer, clock: FakeClock) -> None:
    bad = "ghp_NotAKnownToken000000000000000"
    c = make_client(gh, clock, token=bad)
    with pytest.raises(GitHubError) as info:
        gr.get_repository(c, OWNER, NAME)
    assert str(info.value) == ge.TOKEN_INVALID_MESSAGE.format(token_name="GITHUB_TOKEN")
    assert bad not in str(info.value)
    assert bad not in repr(vars(info.value))
    with pytest.raises(GitHubError) as info:
        gr.create_issue(c, "R_x", "T", "b")  # GraphQL: 401 too
    assert str(info.value) == ge.TOKEN_INVALID_MESSAGE.format(token_name="GITHUB_TOKEN")


def test_no_write_permission_403(gh: FakeGitHubServer, clock: FakeClock) -> None:
    c = make_client(gh, clock, token=READ_TOKEN)
    with pytest.raises(PermissionDeniedError) as info:
        gl.create_label(c, OWNER, NAME, "a", "ededed")
    message = str(info.value)
    assert message == ge.NO_WRITE_PERMISSION_MESSAGE.format(
        token_name="GITHUB_TOKEN", repository=REPO, detail="Must have push access to repository."
    )
    assert "permissions: issues: write" in message
    assert_error_clean(info.value)


def test_actions_token_without_issues_write(gh: FakeGitHubServer, clock: FakeClock) -> None:
    c = make_client(gh, clock, token=ACTIONS_READ_TOKEN)
    seed_issues(gh, 1)
    with pytest.raises(PermissionDeniedError) as info:
        gr.update_issue(c, OWNER, NAME, 1, title="x")
    assert "Resource not accessible by integration" in str(info.value)
    assert "permissions: issues: write" in str(info.value)
    assert_error_clean(info.value)
    with pytest.raises(PermissionDeniedError) as info:
        gr.create_issue(c, gh.state.repo(REPO).node_id, "T", "b")
    assert "permissions: issues: write" in str(info.value)
    assert_error_clean(info.value)


def test_missing_token_on_a_write(gh: FakeGitHubServer, clock: FakeClock) -> None:
    c = make_client(gh, clock, token=None)
    assert gr.get_repository(c, OWNER, NAME).full_name == REPO  # reads of a public repo work
    gh.log.clear()
    with pytest.raises(GitHubError) as info:
        gl.create_label(c, OWNER, NAME, "a", "ededed")
    assert str(info.value) == ge.TOKEN_MISSING_MESSAGE.format(token_name="GITHUB_TOKEN")
    assert str(info.value).startswith("GITHUB_TOKEN is not set")
    assert len(gh.log) == 0


def test_validation_failed_422(gh: FakeGitHubServer, client: GitHubClient) -> None:
    gl.create_label(client, OWNER, NAME, "a", "ededed")
    with pytest.raises(ge.ValidationFailedError) as info:
        gl.create_label(client, OWNER, NAME, "a", "ededed")
    assert info.value.error_codes == ("already_exists",)


def test_graphql_partial_data_and_errors(gh: FakeGitHubServer, client: GitHubClient) -> None:
    query = (
        'query { repository(owner: "octo", name: "roadmap") { id } nope: node(id: "X_1") { id } }'
    )
    result = client.graphql(query, mutation=False)
    assert result.data is not None
    assert result.data["repository"]["id"] == gh.state.repo(REPO).node_id
    assert [e.kind for e in result.errors] == [gq.NOT_FOUND]
    with pytest.raises(NotFoundError):
        client.raise_for_graphql_errors(result, mutation=False)
    assert client.stats.graphql_queries == 1


def test_graphql_invalid_document(gh: FakeGitHubServer, client: GitHubClient) -> None:
    with pytest.raises(GraphQLQueryError):
        client.graphql("query { viewer { noSuchField } }", mutation=False)
    assert [v.kind for v in gh.take_violations()] == ["invalid-graphql"]


# --------------------------------------------------------------------------- Enterprise


def test_github_enterprise_base_url(gh_enterprise: FakeGitHubServer, clock: FakeClock) -> None:
    gh = gh_enterprise
    assert gh.url.endswith("/api/v3")
    assert graphql_url_for(gh.url) == gh.graphql_url  # .../api/graphql
    settings = GitHubSettings(
        repository=REPO,
        token=Secret(TOKEN),
        api_url=gh.url,
        graphql_url=graphql_url_for(gh.url),
        write_interval=0,
    )
    c = GitHubClient(settings, clock)
    info = gr.get_repository(c, OWNER, NAME)
    label = gl.create_label(c, OWNER, NAME, MANAGED, "ededed")
    gr.create_issue(c, info.node_id, "T", "<!-- m -->", [label.node_id])
    seed_issues(gh, 150)
    observed = snapshot_of(c).observed
    assert len(observed.issues) == 151
    assert gh.log.count("graphql:RoadmapSnapshot") == 2
    found = gr.find_issue_by_marker(c, OWNER, NAME, MANAGED, "item=item-149 -->")
    assert found is not None
    assert found.title == "Item 149"
    with pytest.raises(NotFoundError) as err:
        gr.get_repository(c, OWNER, "missing")
    assert str(err.value) == ge.REPO_NOT_FOUND_MESSAGE.format(
        repository=f"{OWNER}/missing", token_name="GITHUB_TOKEN"
    )
