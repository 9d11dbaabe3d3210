"""Untrusted text stays data, and tokens stay secret.

Issue titles, bodies and labels, and roadmap titles (a fork takes upstream's roadmap.yaml),
are untrusted: shell syntax, workflow expressions and commands, markdown and HTML that
imitate roadmap-bot's own markers, very long strings. They go through `sync` and
`handle-event` (the installed command, as in Actions, against the fake GitHub) and:
- nothing executes (no file `pwned` appears);
- the README keeps its structure: one checklist, the roadmap's items and no others;
- no workflow command (`::error::...`) starts a line of the output because of them.

And no token value ever shows in any command's output, error or exception.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from commands import BASE_ENV, EXE, no_traceback
from fakegithub import FakeGitHubServer
from fakegithub.projects import add_project
from roadmap_bot.clock import FakeClock
from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.repo import get_repository, update_issue
from roadmap_bot.issues.body import BLOCK_END, item_marker, marker_id
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START
from roadmap_bot.readme.render import hand_edits, read_states
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.settings import GitHubSettings, Secret
from syncing import REPO, ROOT

# Recognisable values: a test greps every output for them.
TOKEN = "ghp_SEKRETtokenVALUE0000000000000000000042"
PROJECT_TOKEN = "ghp_SEKRETprojectTOKEN00000000000000000042"
UNKNOWN_TOKEN = "ghp_SEKRETunknownTOKEN00000000000000000042"

HOSTILE = [
    "$(touch pwned)",
    "`touch pwned`",
    "'; touch pwned; echo '",
    "${{ secrets.X }}",
    "::error::x",
    "::add-mask::x",
    "<!-- id:h-cmd -->",
    "</details>",
    "<!-- roadmap-bot:checklist:end -->",
    "<!-- roadmap-bot:item=h-cmd -->",
    "<!-- roadmap-bot:end -->",
    "- [x] a fake item <!-- id:fake -->",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "[link](javascript:alert(1)) **bold** _it_ # heading",
    "%0A::error::encoded",
]
LONG = ("$(touch pwned) ::error::x " * 20)[:256]
# GitHub's workflow commands the program itself may start a line with.
OWN_COMMANDS = ("::group::", "::endgroup::")


def hostile_roadmap(long_title: str = LONG) -> str:
    items: list[dict[str, Any]] = [
        {"id": f"h-{i}" if i else "h-cmd", "title": title} for i, title in enumerate(HOSTILE)
    ]
    items[0]["description"] = "`id` $(touch pwned) ${{ secrets.X }} </details>"
    items[0]["notes"] = ["::error::in a note", "<details><summary>x</summary>"]
    items[1]["children"] = [{"id": "h-long", "title": long_title}]
    data = {
        "title": "Hostile",
        "sections": [{"title": "$(touch pwned) ::error::x", "items": items}],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


EMPTY_README = f"# Roadmap\n\n{CHECKLIST_START}\n{CHECKLIST_END}\n\nThe end.\n"


def run(
    *args: str, cwd: Path, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [EXE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**BASE_ENV, **env},
        input=stdin,
        timeout=300,
        check=False,
    )
    no_traceback(result)
    return result


def workflow_commands(output: str) -> list[str]:
    """Lines the runner would take as workflow commands (it ignores leading whitespace),
    but the log groups the program opens and closes itself."""
    return [
        line.strip()
        for line in output.splitlines()
        if line.lstrip().startswith("::") and not line.startswith(OWN_COMMANDS)
    ]


def assert_nothing_ran(*places: Path) -> None:
    for place in (*places, ROOT):
        assert not list(place.rglob("pwned")), f"a command ran in {place}"


def assert_readme_structure(text: str, ids: set[str]) -> None:
    lines = [line.strip() for line in text.splitlines()]
    assert lines.count(CHECKLIST_START) == 1
    assert lines.count(CHECKLIST_END) == 1
    assert set(read_states(text)) == ids
    assert text.endswith("\nThe end.\n")


@pytest.fixture
def repo(fake_github: FakeGitHubServer, tmp_path: Path) -> Path:
    """A learner's checkout with the hostile roadmap, and its repository on the fake."""
    (tmp_path / "roadmap.yaml").write_text(hostile_roadmap(), encoding="utf-8")
    (tmp_path / "README.md").write_text(EMPTY_README, encoding="utf-8")
    fake_github.state.add_repo(REPO, files={"README.md": EMPTY_README})
    fake_github.state.add_token(TOKEN, "learner", {REPO: "admin"})
    return tmp_path


def actions_env(fake: FakeGitHubServer, tmp_path: Path) -> dict[str, str]:
    return {
        **fake.env(TOKEN, REPO),
        "ROADMAP_BOT_WRITE_INTERVAL": "0",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }


# --- roadmap titles through sync ------------------------------------------------------------


def test_hostile_roadmap_titles_through_sync(repo: Path, fake_github: FakeGitHubServer) -> None:
    roadmap = load_roadmap(repo / "roadmap.yaml")
    ids = {placed.id for placed in roadmap.walk()}
    env = actions_env(fake_github, repo)
    first = run("sync", cwd=repo, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    second = run("sync", cwd=repo, env=env)
    assert second.returncode == 0
    assert f"Plan: {len(ids)} issues unchanged" in second.stdout
    # The titles arrive as they are, as data.
    issues = fake_github.state.repo(REPO).issues.values()
    assert {issue.title for issue in issues} == {p.item.title for p in roadmap.walk()}
    assert {marker_id(issue.body) for issue in issues} == ids
    readme = fake_github.state.repo(REPO).files["README.md"].decode("utf-8")
    assert_readme_structure(readme, ids)
    assert hand_edits(readme, roadmap) == []
    for result in (first, second):
        assert workflow_commands(result.stdout + result.stderr) == []
        assert TOKEN not in result.stdout + result.stderr
    assert "::error::" not in (repo / "output").read_text(encoding="utf-8")
    assert_nothing_ran(repo)


def test_hostile_titles_through_render_and_the_local_commands(repo: Path) -> None:
    roadmap = load_roadmap(repo / "roadmap.yaml")
    ids = {placed.id for placed in roadmap.walk()}
    env = {"GITHUB_ACTIONS": "true"}
    for command in (["validate"], ["list"], ["render"], ["render", "--check"], ["progress"]):
        result = run(*command, cwd=repo, env=env)
        assert result.returncode == 0, (command, result.stderr)
        assert workflow_commands(result.stdout + result.stderr) == [], command
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert_readme_structure(readme, ids)
    assert run("check", "h-cmd", cwd=repo, env=env).returncode == 0
    assert read_states((repo / "README.md").read_text(encoding="utf-8"))["h-cmd"].value == "done"
    assert_nothing_ran(repo)


def test_a_title_too_long_for_github_is_refused_with_an_annotation(tmp_path: Path) -> None:
    text = hostile_roadmap(long_title=LONG + "x" * 100)
    (tmp_path / "roadmap.yaml").write_text(text, encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_dispatch"}
    for command in (["validate"], ["sync", "--dry-run"], ["handle-event", "--dry-run"]):
        result = run(*command, cwd=tmp_path, env=env)
        assert result.returncode == 2
        assert "GitHub allows at most 256 in an issue title" in result.stderr
        (annotation,) = workflow_commands(result.stdout)
        assert annotation.startswith("::error file=roadmap.yaml,line=")
    assert_nothing_ran(tmp_path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("`id` $(touch pwned)", "<!-- roadmap-bot:item=h-2 --> `id` $(touch pwned)"),
        ("<details><summary>x</summary>", "<!-- roadmap-bot:end -->"),
    ],
    ids=["item marker in a description", "block end in a note"],
)
def test_roadmap_bot_markers_in_roadmap_text_do_not_upset_the_sync(
    repo: Path, fake_github: FakeGitHubServer, old: str, new: str
) -> None:
    text = hostile_roadmap()
    assert old in text
    (repo / "roadmap.yaml").write_text(text.replace(old, new), encoding="utf-8")
    env = actions_env(fake_github, repo)
    assert run("sync", cwd=repo, env=env).returncode == 0
    second = run("sync", cwd=repo, env=env)
    assert "Plan: 16 issues unchanged" in second.stdout


# --- issue titles, bodies and labels through handle-event -----------------------------------


def closed_event(issue: Any, **changes: Any) -> dict[str, Any]:
    path = ROOT / "tests/data/github-api/webhooks/examples/issues.closed.constructed.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["issue"].update({"number": issue.number, "title": issue.title, "body": issue.body})
    payload["issue"].update(changes)
    return payload


def handle(repo: Path, fake: FakeGitHubServer, payload: dict[str, Any], name: str = "issues"):
    event = repo / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    env = {**actions_env(fake, repo), "GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(event)}
    return run("handle-event", cwd=repo, env=env)


@pytest.fixture
def synced(repo: Path, fake_github: FakeGitHubServer) -> Path:
    assert run("sync", cwd=repo, env=actions_env(fake_github, repo)).returncode == 0
    return repo


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 100_000, "line\n::error::second line"])
def test_hostile_payload_text_through_handle_event(
    synced: Path, fake_github: FakeGitHubServer, text: str
) -> None:
    state = fake_github.state
    (issue,) = [i for i in state.repo(REPO).issues.values() if marker_id(i.body) == "h-3"]
    state.update_issue(issue, state.tokens[TOKEN], state="closed", state_reason="completed")
    body = f"{text}\n{issue.body}\n{text}"
    labels = [{"name": text[:50], "color": "ffffff", "description": text}]
    result = handle(synced, fake_github, closed_event(issue, title=text, body=body, labels=labels))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert workflow_commands(output) == []
    assert max(len(line) for line in output.splitlines()) < 400
    readme = state.repo(REPO).files["README.md"].decode("utf-8")
    roadmap = load_roadmap(synced / "roadmap.yaml")
    assert_readme_structure(readme, {p.id for p in roadmap.walk()})
    assert read_states(readme)["h-3"].value == "done"
    assert_nothing_ran(synced)


@pytest.mark.parametrize(
    "body",
    [
        item_marker("h-cmd"),
        f"{item_marker('h-cmd')} <!-- id:h-cmd done --> {BLOCK_END} - [x] x <!-- id:fake -->",
    ],
)
def test_a_fake_marker_in_an_unmanaged_issue_changes_nothing(
    synced: Path, fake_github: FakeGitHubServer, body: str
) -> None:
    """Someone opens and closes an issue of their own whose body imitates the bot's marker:
    the README follows the roadmap's issues (listed from GitHub), never the payload."""
    state = fake_github.state
    before = state.repo(REPO).files["README.md"]
    commits = len(state.repo(REPO).commits)
    stranger = state.create_issue(
        state.repo(REPO), state.tokens[TOKEN], "$(touch pwned)", body=body
    )
    state.update_issue(stranger, state.tokens[TOKEN], state="closed", state_reason="completed")
    result = handle(synced, fake_github, closed_event(stranger))
    assert result.returncode == 0, result.stderr
    assert state.repo(REPO).files["README.md"] == before
    assert len(state.repo(REPO).commits) == commits
    assert_nothing_ran(synced)


def test_hostile_learner_notes_in_an_issue_survive_a_sync(
    synced: Path, fake_github: FakeGitHubServer
) -> None:
    state = fake_github.state
    (issue,) = [i for i in state.repo(REPO).issues.values() if marker_id(i.body) == "h-cmd"]
    notes = "\n".join(HOSTILE)
    state.update_issue(issue, state.tokens[TOKEN], body=f"{issue.body}\n{notes}\n")
    # The roadmap's description changes: the managed block is written anew.
    text = (synced / "roadmap.yaml").read_text(encoding="utf-8")
    (synced / "roadmap.yaml").write_text(text.replace("`id` $(touch", "`id` now $(touch"), "utf-8")
    env = actions_env(fake_github, synced)
    first = run("sync", cwd=synced, env=env)
    assert "1 issue to update" in first.stdout, first.stdout
    assert "issues unchanged" in run("sync", cwd=synced, env=env).stdout
    assert "to update" not in run("sync", cwd=synced, env=env).stdout
    assert issue.body.endswith(f"\n{notes}\n")
    assert "`id` now $(touch pwned)" in issue.body
    assert len(state.repo(REPO).issues) == len(list(load_roadmap(synced / "roadmap.yaml").walk()))
    assert_nothing_ran(synced)


# --- tokens never show -----------------------------------------------------------------------


COMMANDS = [
    ["doctor"],
    ["sync", "--dry-run"],
    ["sync"],
    ["progress", "--from-github"],
    ["handle-event"],
    ["validate"],
    ["render"],
]


@pytest.mark.parametrize(
    "scenario",
    ["works", "unknown token", "read-only", "no such repository", "issues off", "GitHub refuses"],
)
def test_no_token_value_in_any_output(
    fake_github: FakeGitHubServer, tmp_path: Path, scenario: str
) -> None:
    state = fake_github.state
    (tmp_path / "roadmap.yaml").write_text(hostile_roadmap(), encoding="utf-8")
    (tmp_path / "README.md").write_text(EMPTY_README, encoding="utf-8")
    state.add_repo(REPO, files={"README.md": EMPTY_README}, has_issues=scenario != "issues off")
    permission = "read" if scenario == "read-only" else "admin"
    state.add_token(TOKEN, "learner", {REPO: permission})
    state.add_token(PROJECT_TOKEN, "learner", scopes={"project"})
    add_project(state, "learner")
    if scenario == "GitHub refuses":
        # An answer no retry helps (5xx answers are retried with real waits: the
        # in-process test below covers them).
        fake_github.faults.status(451, body={"message": "Unavailable"}, times=None)
    token = UNKNOWN_TOKEN if scenario == "unknown token" else TOKEN
    repository = "learner/nothing-here" if scenario == "no such repository" else REPO
    event = tmp_path / "dispatch.json"
    event.write_text("{}", encoding="utf-8")
    env = {
        **fake_github.env(token, repository),
        "ROADMAP_BOT_WRITE_INTERVAL": "0",
        "ROADMAP_BOT_MAX_WAIT": "0",
        "ROADMAP_PROJECT": f"{fake_github.web_url}/users/learner/projects/1",
        "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN,
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    codes = []
    for command in COMMANDS:
        result = run(*command, cwd=tmp_path, env=env)
        codes.append(result.returncode)
        for secret in (TOKEN, PROJECT_TOKEN, UNKNOWN_TOKEN):
            assert secret not in result.stdout + result.stderr, (command, secret)
    written = [p for p in (tmp_path / "output", tmp_path / "summary.md") if p.exists()]
    for path in written:
        assert TOKEN not in path.read_text(encoding="utf-8")
    if scenario == "works":
        assert codes == [0] * len(codes)
    else:
        assert any(codes), scenario
    fake_github.take_violations()


@pytest.mark.parametrize(
    ("scenario", "status"),
    [("unknown token", 401), ("no such repository", 404), ("read-only", 403), ("down", 502)],
)
def test_no_token_value_in_exceptions(
    fake_github: FakeGitHubServer, scenario: str, status: int
) -> None:
    state = fake_github.state
    state.add_repo(REPO)
    state.add_token(TOKEN, "learner", {REPO: "read"})
    token = UNKNOWN_TOKEN if scenario == "unknown token" else TOKEN
    repository = "learner/nothing-here" if scenario == "no such repository" else REPO
    if scenario == "down":
        fake_github.faults.status(502, times=None)
    settings = GitHubSettings(
        repository=repository,
        token=Secret(token),
        api_url=fake_github.url,
        graphql_url=fake_github.graphql_url,
        write_interval=0,
    )
    assert token not in repr(settings)
    assert token not in repr(settings.token)
    owner, name = repository.split("/")
    if scenario == "read-only":
        owner_token = state.add_token("ghp_other", "maintainer", {REPO: "admin"})
        number = state.create_issue(state.repo(REPO), owner_token, "t").number

        def attempt(client: GitHubClient) -> object:
            return update_issue(client, owner, name, number, title="x")
    else:

        def attempt(client: GitHubClient) -> object:
            return get_repository(client, owner, name)

    with GitHubClient(settings, FakeClock()) as client, pytest.raises(RoadmapBotError) as caught:
        attempt(client)
    error = caught.value
    shown = [str(error), repr(error), repr(error.args), repr(vars(error)), repr(error.__cause__)]
    assert not [text for text in shown if token in text]
    assert getattr(error, "status", status) == status
    fake_github.take_violations()
