"""The live test's parts that need no network, on every run: its settings, the event it
sends, what it expects GitHub to hold (checked against roadmap-bot's own rules, so the two
cannot drift apart), and the whole scenario rehearsed against the fake GitHub."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from graphql import parse, validate
from live_scenario import Scratch, run_scenario
from live_support import (
    BOARD_QUERIES,
    DEFAULT_API_URL,
    NEW_TITLE,
    OLD_TITLE,
    PROJECT_VAR,
    README,
    REMOVED_ID,
    REMOVED_LABEL,
    RENAMED_ID,
    REPO_VAR,
    ROADMAP_V1,
    ROADMAP_V2,
    SKIP_REASON,
    TOKEN_VAR,
    Board,
    GitHub,
    LiveConfig,
    LiveConfigError,
    board_page,
    command_env,
    eventually,
    expected_boxes,
    expected_cards,
    expected_issues,
    issues_payload,
    live_config,
    next_link,
    parse_board,
    parse_outputs,
    request_counts,
    skip_reason,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from fakegithub import FakeGitHubServer
from fakegithub.graphql import schema as graphql_schema
from fakegithub.projects import add_project
from roadmap_bot.board import model as bot_board
from roadmap_bot.issues import labels as bot_labels
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import desired_states
from roadmap_bot.jobs.events import decide
from roadmap_bot.readme.render import read_states, update_readme
from roadmap_bot.roadmap.file import parse_roadmap
from roadmap_bot.roadmap.model import Roadmap

ROOT = Path(__file__).parent.parent.parent
API = ROOT / "tests" / "data" / "github-api"
TOKEN = "ghp_liveRehearsal000000000000000000000001"
SCRATCH = "learner/roadmap-bot-live-rehearsal"


def v1() -> Roadmap:
    return parse_roadmap(ROADMAP_V1, "roadmap.yaml")


def v2() -> Roadmap:
    return parse_roadmap(ROADMAP_V2, "roadmap.yaml")


# --- settings --------------------------------------------------------------------------------


def test_without_a_token_the_live_tests_are_skipped_and_say_why() -> None:
    assert skip_reason({}) == SKIP_REASON
    assert skip_reason({TOKEN_VAR: "  "}) == SKIP_REASON
    assert SKIP_REASON.startswith(f"skipped: no {TOKEN_VAR}")
    assert "docs/live-tests.md" in SKIP_REASON
    assert skip_reason({TOKEN_VAR: "ghp_x"}) is None
    with pytest.raises(LiveConfigError, match=TOKEN_VAR):
        live_config({})


def test_a_default_run_shows_the_live_test_as_skipped() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROADMAP_", "GITHUB_"))}
    live = Path(__file__).parent / "test_live_github.py"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "--no-header", str(live)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    flat = " ".join(result.stdout.split())
    assert re.search(
        rf"SKIPPED \[1\] tests/live/test_live_github.py:\d+: {re.escape(SKIP_REASON)}", flat
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, f"{REPO_VAR} is not set"),
        ({REPO_VAR: "no-slash"}, "is not OWNER/NAME"),
        ({REPO_VAR: "octocat/roadmap"}, "does not look like a scratch repository"),
        ({REPO_VAR: "octocat/roadmap-bot-live-1", PROJECT_VAR: "octocat/1"}, "not a board's URL"),
    ],
)
def test_incomplete_or_unsafe_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(LiveConfigError, match=message):
        live_config({TOKEN_VAR: "ghp_x", **env})


def test_settings_from_the_environment() -> None:
    config = live_config(
        {TOKEN_VAR: " ghp_x ", REPO_VAR: "octocat/roadmap-bot-live-42", PROJECT_VAR: ""}
    )
    assert config == LiveConfig("ghp_x", "octocat/roadmap-bot-live-42")
    assert (config.api_url, config.graphql_url) == (DEFAULT_API_URL, DEFAULT_API_URL + "/graphql")
    assert config.board is None
    assert "ghp_x" not in repr(config)
    enterprise = live_config(
        {
            TOKEN_VAR: "t",
            REPO_VAR: "o/roadmap-bot-live",
            "GITHUB_API_URL": "https://ghe.example/api/v3/",
            PROJECT_VAR: "https://ghe.example/orgs/acme/projects/7/",
        }
    )
    assert enterprise.api_url == "https://ghe.example/api/v3"
    assert enterprise.graphql_url == "https://ghe.example/api/graphql"
    assert enterprise.board == Board("https://ghe.example/orgs/acme/projects/7", "orgs", "acme", 7)


def test_board_urls() -> None:
    board = parse_board("https://github.com/users/octocat/projects/3")
    assert (board.kind, board.login, board.number) == ("users", "octocat", 3)
    for bad in (
        "https://github.com/octocat/projects/3",
        "octocat/3",
        "https://github.com/users/o/projects/x",
    ):
        with pytest.raises(LiveConfigError):
            parse_board(bad)


def test_each_run_gets_a_clean_environment_with_the_scratch_repository() -> None:
    config = LiveConfig(
        "ghp_x", "o/roadmap-bot-live", board=parse_board("https://github.com/users/o/projects/1")
    )
    base = {
        "PATH": "/bin",
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "GITHUB_EVENT_PATH": "/home/runner/event.json",
        "GITHUB_TOKEN": "ghs_actions",
        "ROADMAP_PROJECT": "elsewhere",
        TOKEN_VAR: "ghp_x",
        "RUNNER_TEMP": "/tmp",
    }
    env = command_env(config, base, GITHUB_OUTPUT="/tmp/out")
    assert env == {
        "PATH": "/bin",
        "GITHUB_TOKEN": "ghp_x",
        "GITHUB_REPOSITORY": "o/roadmap-bot-live",
        "GITHUB_API_URL": DEFAULT_API_URL,
        "GITHUB_GRAPHQL_URL": DEFAULT_API_URL + "/graphql",
        "GITHUB_OUTPUT": "/tmp/out",
    }
    with_board = command_env(config, base, board=True)
    assert with_board["ROADMAP_PROJECT"] == "https://github.com/users/o/projects/1"
    assert with_board["ROADMAP_PROJECT_TOKEN"] == "ghp_x"


# --- what the test writes ------------------------------------------------------------------


def test_the_roadmaps_have_children_a_rename_and_a_removal() -> None:
    first, second = v1(), v2()
    items = first.items_by_id()
    assert [c.id for c in items["tools"].item.children] == ["git", "docker"]
    assert items["compose"].depth == 2
    assert items["reading"].item.difficulty is None
    assert items[RENAMED_ID].item.title == OLD_TITLE
    assert second.items_by_id()[RENAMED_ID].item.title == NEW_TITLE
    assert set(items) - set(second.items_by_id()) == {REMOVED_ID}
    assert [p.id for p in first.walk() if p.id != REMOVED_ID] == [p.id for p in second.walk()]


def test_the_readme_has_the_markers_sync_renders_into() -> None:
    rendered = update_readme(README, v1())
    assert set(read_states(rendered)) == set(v1().items_by_id())


# --- the event -----------------------------------------------------------------------------


def _webhook_validator(action: str) -> jsonschema.protocols.Validator:
    folder = API / "webhooks" / "schemas"
    resources = []
    for path in folder.rglob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        name = path.relative_to(folder).as_posix()
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        resources += [(name, resource), (schema.get("$id", name), resource)]
    schema = json.loads((folder / "issues" / f"{action}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, registry=Registry().with_resources(resources))


def _example(name: str) -> dict[str, Any]:
    return json.loads((API / "webhooks" / "examples" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("example", "action", "state"),
    [
        ("issues.closed.constructed.json", "closed", "done"),
        ("issues.closed-not-planned.constructed.json", "closed", "skipped"),
        ("issues.reopened.json", "reopened", "todo"),
    ],
)
def test_the_event_is_the_payload_github_sends(example: str, action: str, state: str) -> None:
    sample = _example(example)
    issue = {
        **sample["issue"],
        "body": "Notes\n<!-- roadmap-bot:item=git -->\n<!-- roadmap-bot:end -->",
    }
    payload = issues_payload(action, issue, sample["repository"], sample["sender"])
    _webhook_validator(action).validate(payload)
    decision = decide("issues", payload)
    assert (decision.kind, decision.action, decision.issue_number) == (
        "reconcile",
        action,
        issue["number"],
    )
    assert decision.state is not None
    assert decision.state.value == state


def test_an_event_that_contradicts_its_issue_is_refused() -> None:
    sample = _example("issues.reopened.json")
    with pytest.raises(ValueError, match="closed issue"):
        issues_payload("closed", sample["issue"], sample["repository"], sample["sender"])
    closed = _example("issues.closed.constructed.json")
    with pytest.raises(ValueError, match="open issue"):
        issues_payload("reopened", closed["issue"], closed["repository"], closed["sender"])
    with pytest.raises(ValueError, match="not 'edited'"):
        issues_payload("edited", sample["issue"], sample["repository"], sample["sender"])


# --- what GitHub should hold -----------------------------------------------------------------


def test_expected_issues() -> None:
    expected = expected_issues(v1())
    assert expected["git"].labels == {"roadmap", "difficulty: easy", "importance: 3"}
    assert expected["git"].parent == "tools"
    assert expected["compose"].parent == "docker"
    assert expected["solo"].labels == {"roadmap", "difficulty: hard"}
    assert expected["reading"].labels == {"roadmap"}
    assert expected["reading"].milestone == "Extras"
    # The names are roadmap-bot's.
    used = set().union(*(issue.labels for issue in expected.values()))
    assert used <= set(bot_labels.OWNED_LABELS)
    assert REMOVED_LABEL == bot_labels.REMOVED_LABEL


_STATES = (("open", None), ("closed", "completed"), ("closed", "not_planned"))


def _observed(item_id: str, state: tuple[str, str | None]) -> ObservedIssue:
    return ObservedIssue(1, 1, f"I_{item_id}", item_id, "", state[0], state[1], (), None, None)


def test_expected_boxes_follow_roadmap_bots_rule_in_every_case() -> None:
    roadmap = v1()
    ids = [p.id for p in roadmap.walk()]
    for combination in itertools.product(_STATES, repeat=len(ids)):
        states = dict(zip(ids, combination, strict=True))
        ours = expected_boxes(roadmap, states)
        theirs = desired_states(roadmap, {i: _observed(i, s) for i, s in states.items()})
        assert ours == {i: s.value for i, s in theirs.items()}, states


def test_expected_boxes_by_hand() -> None:
    roadmap = v1()
    assert set(expected_boxes(roadmap, {}).values()) == {"todo"}
    boxes = expected_boxes(roadmap, {"git": ("closed", "completed")})
    assert (boxes["git"], boxes["tools"]) == ("done", "todo")
    # A parent shows its own issue (the bot closes it for its children: the scenario
    # records that as the parent's state).
    boxes = expected_boxes(
        roadmap, {"git": ("closed", "completed"), "docker": ("closed", "not_planned")}
    )
    assert (boxes["docker"], boxes["compose"], boxes["tools"]) == ("skipped", "todo", "todo")


def test_expected_cards_use_roadmap_bots_fields_and_options() -> None:
    cards = expected_cards(
        v1(), {"git": ("closed", "completed"), "solo": ("closed", "not_planned")}
    )
    assert cards["git"] == {
        bot_board.DIFFICULTY: bot_board.difficulty_option(
            v1().items_by_id()["git"].item.difficulty
        ),  # type: ignore[arg-type]
        bot_board.IMPORTANCE: bot_board.importance_option(3),
        bot_board.SECTION: "Basics",
        bot_board.STATUS: bot_board.DONE,
    }
    assert cards["compose"][bot_board.IMPORTANCE] == bot_board.importance_option(0)
    assert cards["compose"][bot_board.STATUS] == bot_board.TODO
    assert cards["reading"][bot_board.DIFFICULTY] is None
    assert bot_board.STATUS not in cards["solo"]


# --- reading what roadmap-bot and GitHub say --------------------------------------------------


def test_outputs_and_request_counts() -> None:
    assert parse_outputs("created=7\nremaining=0\nprogress=\ncreated=8\n") == {
        "created": "8",
        "remaining": "0",
        "progress": "",
    }
    stdout = (
        "== Sync roadmap.yaml to issues\n"
        "GitHub requests with the board's token (ROADMAP_PROJECT_TOKEN): 4 reads, 0 writes\n"
        "GitHub requests: 3 reads, 2 writes in 0.4 s (waited 0 s for GitHub)\n"
    )
    assert request_counts(stdout) == [(4, 0), (3, 2)]


def test_next_link() -> None:
    header = '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'
    assert next_link(header) == "https://api.github.com/x?page=2"
    assert next_link('<https://api.github.com/x?page=1>; rel="prev"') is None
    assert next_link(None) is None


def test_board_queries_are_valid_against_githubs_schema() -> None:
    for query in BOARD_QUERIES.values():
        assert validate(graphql_schema(), parse(query)) == []


def test_board_page() -> None:
    data = {
        "user": {
            "projectV2": {
                "items": {
                    "pageInfo": {"hasNextPage": True, "endCursor": "c2"},
                    "nodes": [
                        {
                            "content": {"number": 4},
                            "fieldValues": {
                                "nodes": [
                                    {},
                                    {"name": "Easy", "field": {"name": "Difficulty"}},
                                    {"name": "Done", "field": {"name": "Status"}},
                                ]
                            },
                        },
                        {"content": {}, "fieldValues": {"nodes": []}},
                    ],
                }
            }
        }
    }
    assert board_page(data) == ({4: {"Difficulty": "Easy", "Status": "Done"}}, "c2")


def test_eventually_retries_until_the_check_passes_or_time_is_up() -> None:
    now = [0.0]
    calls = []

    def check() -> None:
        calls.append(now[0])
        assert len(calls) >= 3

    def sleep(seconds: float) -> None:
        now[0] += seconds

    eventually(check, timeout=10, interval=2, clock=lambda: now[0], sleep=sleep)
    assert calls == [0.0, 2.0, 4.0]
    tries = []

    def never() -> None:
        tries.append(now[0])
        raise AssertionError("never")

    with pytest.raises(AssertionError, match="never"):
        eventually(never, timeout=3, interval=2, clock=lambda: now[0], sleep=sleep)
    assert tries == [4.0, 6.0, 8.0]


# --- the whole scenario, rehearsed against the fake GitHub -------------------------------------


def test_the_scenario_passes_against_the_fake_github(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    fake_github.state.add_repo(SCRATCH)
    fake_github.state.add_token(TOKEN, "learner", scopes={"repo", "project", "delete_repo"})
    board = add_project(fake_github.state, "learner", title="roadmap-bot live")
    config = LiveConfig(
        TOKEN,
        SCRATCH,
        api_url=fake_github.url,
        graphql_url=fake_github.graphql_url,
        board=parse_board(f"{fake_github.web_url}/users/learner/projects/{board.number}"),
    )
    scratch = Scratch(
        config,
        GitHub(config, sleep=lambda _: None),
        tmp_path,
        extra_env={"ROADMAP_BOT_WRITE_INTERVAL": "0"},
        timeout=120,
    )
    run_scenario(scratch)
    assert len(board.items) == len(v1())
