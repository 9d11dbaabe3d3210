"""Reads at the floor (issue 13): what a sync reads before it plans comes in one GraphQL
document a page of 100 issues (githubapi/snapshot.py), against the fake GitHub over HTTP.
The request counts here are the floor itself; the benchmark (benchmarks/bench_board.py)
prints them beside the counts of before."""

from __future__ import annotations

import pytest

from fakegithub import FakeGitHubServer
from fakegithub.graphql_git import TEXT_LIMIT
from fakegithub.projects import Project
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi.repo_gateway import GitHubGateway
from roadmap_bot.issues.body import marker_id
from roadmap_bot.issues.labels import MANAGED_LABEL, LabelSpec
from roadmap_bot.roadmap.model import Roadmap
from syncing import (
    PROJECT_TOKEN,
    README_TEXT,
    REPO,
    TOKEN,
    board_snapshot,
    client_for,
    seed_roadmap,
    set_up,
    set_up_board,
    sync_job_run,
)

SEED = seed_roadmap()
SMALL = Roadmap(SEED.title, SEED.sections[:2])


@pytest.fixture
def fake(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    set_up(fake_github, files={"README.md": README_TEXT})
    return fake_github


@pytest.fixture
def board(fake: FakeGitHubServer) -> Project:
    return set_up_board(fake)


def test_a_no_op_resync_with_one_token_is_two_requests(
    fake: FakeGitHubServer, board: Project
) -> None:
    """168 issues, their links, the README, the board's fields and every card: 2 pages."""
    sync_job_run(fake, SEED, board_token=None)
    before = board_snapshot(board)
    readme = fake.state.repo(REPO).file_text("README.md")
    fake.log.clear()
    run = sync_job_run(fake, SEED, board_token=None)
    assert fake.log.operations() == ["graphql:RoadmapSnapshot"] * 2
    assert fake.log.writes == 0
    assert run.report.remaining == 0
    assert run.report.board_remaining == 0
    (plan,) = [line for line in run.lines if line.startswith("Board plan for ")]
    assert "0 cards to add, 0 values to set, 0 to clear, 168 cards unchanged" in plan
    assert board_snapshot(board) == before
    assert fake.state.repo(REPO).file_text("README.md") == readme


def test_with_two_tokens_the_boards_token_reads_the_issues_and_cards_together(
    fake: FakeGitHubServer, board: Project
) -> None:
    """GITHUB_TOKEN for the issues, ROADMAP_PROJECT_TOKEN for the board: the board's token
    reaches the repository too, so it reads the snapshot, cards included."""
    sync_job_run(fake, SEED)
    fake.log.clear()
    run = sync_job_run(fake, SEED)
    assert fake.log.operations() == ["graphql:RoadmapSnapshot"] * 2
    assert [e.token for e in fake.log.entries] == [PROJECT_TOKEN] * 2
    assert run.report.board_remaining == 0
    assert fake.log.writes == 0


def test_a_boards_token_that_cannot_read_the_repository_leaves_it_to_the_issues_token(
    fake: FakeGitHubServer, board: Project
) -> None:
    """The board's token may not see the repository (a private one, without `repo`): the
    issues' token reads the snapshot, and the board's reads the board as before."""
    sync_job_run(fake, SEED)
    missing = {
        "data": {"repository": None},
        "errors": [
            {
                "type": "NOT_FOUND",
                "path": ["repository"],
                "locations": [{"line": 2, "column": 3}],
                "message": f"Could not resolve to a Repository with the name '{REPO}'.",
            }
        ],
    }
    fake.faults.status(
        200,
        body=missing,
        times=None,
        where=lambda req: req.token == PROJECT_TOKEN and req.operation == "graphql:RoadmapSnapshot",
    )
    fake.log.clear()
    run = sync_job_run(fake, SEED)
    assert [(e.operation, e.token) for e in fake.log.entries] == [
        ("graphql:RoadmapSnapshot", PROJECT_TOKEN),
        ("graphql:RoadmapSnapshot", TOKEN),
        ("graphql:RoadmapSnapshot", TOKEN),
        ("graphql:RoadmapBoard", PROJECT_TOKEN),
    ]
    assert fake.log.writes == 0
    assert run.report.remaining == 0
    assert run.report.board_remaining == 0


def test_a_tick_reads_the_readme_and_issues_in_one_document_a_page(
    fake: FakeGitHubServer,
) -> None:
    sync_job_run(fake, SEED, project=None)
    repo = fake.state.repo(REPO)
    (issue,) = [i for i in repo.issues.values() if marker_id(i.body) == "algorithms"]
    fake.state.update_issue(
        issue, fake.state.tokens[TOKEN], state="closed", state_reason="completed"
    )
    fake.log.clear()
    run = sync_job_run(fake, SEED, project=None, event_reopened=())
    assert fake.log.operations() == [
        "graphql:RoadmapSnapshot",
        "graphql:RoadmapSnapshot",
        "repos/create-or-update-file-contents",
    ]
    assert run.report.boxes == 1


def test_a_readme_longer_than_github_gives_in_graphql_is_read_whole(
    fake_github: FakeGitHubServer,
) -> None:
    """GitHub cuts Blob.text at 512,000 bytes: the README is then read through the Contents
    API, and the tick written over the whole file, never over the cut text."""
    tail = "\n<!-- " + "x" * (TEXT_LIMIT + 10) + " -->\nThe last line.\n"
    set_up(fake_github, files={"README.md": README_TEXT + tail})
    sync_job_run(fake_github, SMALL, project=None)
    repo = fake_github.state.repo(REPO)
    assert fake_github.log.count("repos/get-content") == 1
    (issue,) = [i for i in repo.issues.values() if marker_id(i.body) == "algorithms"]
    fake_github.state.update_issue(
        issue, fake_github.state.tokens[TOKEN], state="closed", state_reason="completed"
    )
    run = sync_job_run(fake_github, SMALL, project=None, event_reopened=())
    assert run.report.boxes == 1
    text = repo.file_text("README.md")
    assert text.endswith(tail)
    assert len(text.encode()) > TEXT_LIMIT


def test_an_issue_whose_label_was_taken_off_is_found_without_a_listing_of_its_own(
    fake: FakeGitHubServer,
) -> None:
    sync_job_run(fake, SMALL, project=None)
    repo = fake.state.repo(REPO)
    (issue,) = [i for i in repo.issues.values() if marker_id(i.body) == "algorithms"]
    issue.labels = [label for label in issue.labels if label.name != "roadmap"]
    count = len(repo.issues)
    fake.log.clear()
    run = sync_job_run(fake, SMALL, project=None)
    assert len(repo.issues) == count  # not created twice
    assert "issues/list-for-repo" not in fake.log.operations()[:2]
    assert fake.log.operations()[0] == "graphql:RoadmapSnapshot"
    assert "roadmap" in {label.name for label in issue.labels}  # its label put back
    assert run.report.remaining == 0


def test_a_board_the_token_cannot_find_is_reported_by_the_board_step(
    fake: FakeGitHubServer, board: Project
) -> None:
    """An error of the board's part does not stop the issues: the board step reads the
    board itself and says what is wrong, as without the snapshot."""
    with pytest.raises(GitHubError) as caught:
        sync_job_run(fake, SMALL, project="learner/7", board_token=None)
    assert str(caught.value).startswith("the Projects board learner/7 was not found")
    assert len(fake.state.repo(REPO).issues) == len(SMALL)
    assert fake.log.operations()[0] == "graphql:RoadmapSnapshot"
    assert fake.log.count("graphql:RoadmapBoard") >= 1


def test_after_a_write_the_gateway_reads_links_and_markers_afresh(
    fake: FakeGitHubServer,
) -> None:
    """The snapshot serves dependencies() and marker_issues() only while nothing has been
    written since it was read; after a write, a new snapshot is read."""
    sync_job_run(fake, SMALL, project=None)
    with client_for(fake) as client:
        gateway = GitHubGateway(client, *REPO.split("/"))
        observed = gateway.observe()
        fake.log.clear()
        assert gateway.dependencies(observed).dependencies is not None
        assert len(gateway.marker_issues()) == len(SMALL)
        assert fake.log.operations() == []  # both from the snapshot just read
        gateway.update_label(LabelSpec(MANAGED_LABEL, "ededed", "mine"))
        assert len(gateway.marker_issues()) == len(SMALL)
        gateway.dependencies(observed)
        assert fake.log.operations() == [
            "issues/update-label",
            "graphql:RoadmapSnapshot",
            "graphql:RoadmapSnapshot",
        ]
