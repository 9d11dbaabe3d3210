"""Which board, which token: --project / --create-project and the environment; and the
command line's board options."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from fakegithub import FakeGitHubServer
from roadmap_bot.board.settings import (
    BOTH_GIVEN_MESSAGE,
    ProjectRef,
    board_settings,
    parse_project,
)
from roadmap_bot.cli.main import main
from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.jobs.board_step import SKIPPED_MESSAGE
from syncing import PROJECT_TOKEN, README_TEXT, REPO, ROOT, TOKEN, set_up, set_up_board


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://github.com/users/octocat/projects/1", ProjectRef("octocat", 1, "users")),
        ("https://github.com/orgs/acme-co/projects/12/", ProjectRef("acme-co", 12, "orgs")),
        (
            "https://github.com/users/octocat/projects/3/views/2?q=x",
            ProjectRef("octocat", 3, "users"),
        ),
        ("http://ghe.example.com/orgs/acme/projects/4", ProjectRef("acme", 4, "orgs")),
        ("  octocat/7 ", ProjectRef("octocat", 7)),
    ],
)
def test_a_board_by_url_or_owner_and_number(value: str, expected: ProjectRef) -> None:
    assert parse_project(value) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("octocat", "does not name a Projects board"),
        ("octocat/roadmap", "does not name a Projects board"),
        ("octocat/0", "does not name a Projects board"),
        ("-bad/1", "does not name a Projects board"),
        ("https://github.com/octocat", "does not name a Projects board"),
        ("https://github.com/users/octocat/projects/x", "does not name a Projects board"),
        ("ftp://github.com/users/octocat/projects/1", "does not name a Projects board"),
        ("https://github.com/octocat/roadmap/projects/1", "a repository's classic project"),
    ],
)
def test_anything_else_is_a_clear_error(value: str, says: str) -> None:
    with pytest.raises(RoadmapBotError) as caught:
        parse_project(value, "ROADMAP_PROJECT")
    assert str(caught.value).startswith(f"ROADMAP_PROJECT: '{value}' ")
    assert says in str(caught.value)
    assert "OWNER/NUMBER" in str(caught.value) or "classic" in str(caught.value)


def test_where_the_board_and_its_token_come_from() -> None:
    env = {"GITHUB_TOKEN": "ghs_x", "ROADMAP_PROJECT": "octocat/1"}
    s = board_settings(env)
    assert (s.project, s.create_title, s.token_name, s.own_token) == (
        ProjectRef("octocat", 1),
        None,
        "GITHUB_TOKEN",
        False,
    )
    s = board_settings({**env, "ROADMAP_PROJECT_TOKEN": "ghp_p"}, project="acme/2")
    assert (s.project, s.token_name, s.own_token) == (
        ProjectRef("acme", 2),
        "ROADMAP_PROJECT_TOKEN",
        True,
    )
    assert "ghp_p" not in repr(s)
    s = board_settings({"ROADMAP_CREATE_PROJECT": "true"}, default_title="My roadmap")
    assert (s.project, s.create_title) == (None, "My roadmap")
    assert board_settings({"ROADMAP_CREATE_PROJECT": "Learning"}).create_title == "Learning"
    assert not board_settings({"ROADMAP_CREATE_PROJECT": "false"}).enabled
    assert not board_settings({}).enabled
    # An explicit option wins over the environment; both options at once is an error.
    s = board_settings(env, create_project="Mine")
    assert (s.project, s.create_title) == (None, "Mine")
    s = board_settings({"ROADMAP_PROJECT": "octocat/1", "ROADMAP_CREATE_PROJECT": "true"})
    assert (s.project, s.create_title) == (ProjectRef("octocat", 1), None)
    with pytest.raises(RoadmapBotError, match="both name the board"):
        board_settings(env, project="a/1", create_project="T")
    assert "--create-project TITLE" in BOTH_GIVEN_MESSAGE


# --- the command line ------------------------------------------------------------------------


def cli(fake: FakeGitHubServer, *args: str, **env: str):
    runner = CliRunner()
    environment = {
        **fake.env(TOKEN, REPO),
        "ROADMAP_BOT_WRITE_INTERVAL": "0",
        "ROADMAP_PROJECT": "",
        "ROADMAP_PROJECT_TOKEN": "",
        "ROADMAP_CREATE_PROJECT": "",
        "GITHUB_EVENT_NAME": "",
        **env,
    }
    roadmap = str(ROOT / "roadmap.yaml")
    return runner.invoke(main, [*args, "--roadmap", roadmap], env=environment)


def test_sync_without_a_board_says_it_was_skipped(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, files={"README.md": README_TEXT})
    result = cli(fake_github, "sync", "--dry-run")
    assert result.exit_code == 0, result.output
    assert SKIPPED_MESSAGE in result.output.splitlines()


def test_sync_with_a_board_by_option_and_its_own_token(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, files={"README.md": README_TEXT})
    board = set_up_board(fake_github)
    url = f"{fake_github.web_url}/users/learner/projects/1"
    result = cli(fake_github, "sync", "--project", url, ROADMAP_PROJECT_TOKEN=PROJECT_TOKEN)
    assert result.exit_code == 0, result.output
    assert len(board.items) == 168
    # 19 batched writes, and the two views of a board roadmap-bot sets up; its 2 reads:
    # the snapshot of the empty repository with the board's fields, the board after the
    # issues were made.
    assert "GitHub requests with the board's token (ROADMAP_PROJECT_TOKEN): 2 reads, 21 writes" in (
        result.output
    )


def test_handle_event_moves_the_card(fake_github: FakeGitHubServer, tmp_path) -> None:
    set_up(fake_github, files={"README.md": README_TEXT})
    board = set_up_board(fake_github)
    env = {"ROADMAP_PROJECT": "learner/1", "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    assert cli(fake_github, "sync", **env).exit_code == 0
    card = board.items[0]
    issue = card.content
    fake_github.state.update_issue(
        issue, fake_github.state.tokens[TOKEN], state="closed", state_reason="completed"
    )
    event = tmp_path / "event.json"
    facts = {"number": issue.number, "title": issue.title, "body": issue.body}
    payload = {"action": "closed", "issue": {**facts, "state_reason": "completed"}}
    event.write_text(json.dumps(payload))
    result = cli(
        fake_github,
        "handle-event",
        GITHUB_EVENT_NAME="issues",
        GITHUB_EVENT_PATH=str(event),
        **env,
    )
    assert result.exit_code == 0, result.output
    assert card.value_of("Status") == "Done"
    fake_github.state.update_issue(issue, fake_github.state.tokens[TOKEN], state="open")
    event.write_text(json.dumps({"action": "reopened", "issue": facts}))
    result = cli(
        fake_github,
        "handle-event",
        GITHUB_EVENT_NAME="issues",
        GITHUB_EVENT_PATH=str(event),
        **env,
    )
    assert result.exit_code == 0, result.output
    assert card.value_of("Status") == "Todo"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--project", "nonsense"], "--project: 'nonsense' does not name a Projects board"),
        (["--project", "a/1", "--create-project", "T"], "both name the board"),
    ],
)
def test_bad_board_options_exit_2(
    fake_github: FakeGitHubServer, args: list[str], says: str
) -> None:
    set_up(fake_github)
    result = cli(fake_github, "sync", *args)
    assert result.exit_code == 2
    assert says in result.output


def test_a_bad_roadmap_project_variable_exits_2(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    result = cli(fake_github, "sync", ROADMAP_PROJECT="https://github.com/octocat/r/projects/1")
    assert result.exit_code == 2
    assert (
        "ROADMAP_PROJECT: 'https://github.com/octocat/r/projects/1' is a repository's classic project"
        in result.output
    )
