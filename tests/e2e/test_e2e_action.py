"""End to end: action.yml's own steps, run as the runner runs a composite action, against
the fake GitHub.

Each `run:` step of action.yml runs in `bash --noprofile --norc -eo pipefail` with its
`env:` (expressions resolved from the inputs, as the runner does), GITHUB_OUTPUT and the
other variables the runner sets. `uses:` steps (setup-python) are left out, and the
install step is replaced by a venv that is this test environment: the installed
`roadmap-bot` is what runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from commands import BASE_ENV
from fakegithub import FakeGitHubServer
from fakegithub.projects import add_project
from roadmap_bot.issues.body import item_marker
from syncing import REPO, ROOT, TOKEN, set_up

ACTION = ROOT / "action.yml"
EXE = shutil.which("roadmap-bot", path=str(Path(sys.executable).parent))
EXPRESSION = re.compile(r"\$\{\{\s*(?P<expr>[^}]+?)\s*\}\}")
INSTALL_STEP = "Install roadmap-bot"
# The one form of `if:` action.yml uses: an input empty or not.
CONDITION = re.compile(r"^inputs\.(?P<name>[\w-]+) (?P<op>==|!=) ''$")
PROJECT_TOKEN = "ghp_boardToken00000000000000000000000001"


@dataclass
class ActionRun:
    ok: bool
    outputs: dict[str, str]
    logs: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "\n".join(self.logs)


def _parse_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def run_action(
    work: Path,
    env: dict[str, str],
    inputs: dict[str, str] | None = None,
    *,
    event_name: str = "workflow_dispatch",
    payload: dict[str, Any] | None = None,
) -> ActionRun:
    """Run action.yml's steps with `with:` inputs, in work (the checkout)."""
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=work.parent))
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    given = inputs or {}
    assert set(given) <= set(action["inputs"]), "unknown input"
    github_token = env["GITHUB_TOKEN"]
    values = {
        name: given.get(name, str(spec.get("default", "")))
        for name, spec in action["inputs"].items()
    }
    values = {k: github_token if v == "${{ github.token }}" else v for k, v in values.items()}
    runner_temp = scratch / "runner"
    (runner_temp / "roadmap-bot-venv" / "bin").mkdir(parents=True, exist_ok=True)
    assert EXE is not None
    (runner_temp / "roadmap-bot-venv" / "bin" / "roadmap-bot").symlink_to(EXE)
    event = scratch / "event.json"
    event.write_text(json.dumps(payload or {}), encoding="utf-8")
    step_outputs: dict[str, dict[str, str]] = {}
    logs: list[str] = []

    def resolve(value: object) -> str:
        def one(match: re.Match[str]) -> str:
            expr = match["expr"]
            if expr.startswith("inputs."):
                return values[expr.removeprefix("inputs.")]
            if expr == "github.action_path":
                return str(ROOT)
            if expr == "steps.python.outputs.python-path":
                return sys.executable
            raise AssertionError(f"the test runner does not know {expr}")

        return EXPRESSION.sub(one, str(value))

    def runs(condition: str | None) -> bool:
        if condition is None:
            return True
        match = CONDITION.match(condition)
        assert match, f"the harness reads no condition {condition!r}"
        empty = values[match["name"]] == ""
        return empty if match["op"] == "==" else not empty

    for index, step in enumerate(action["runs"]["steps"]):
        if "uses" in step or step.get("name") == INSTALL_STEP or not runs(step.get("if")):
            continue
        output = scratch / f"output-{index}"
        script = scratch / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        step_env = {
            **BASE_ENV,
            **{k: v for k, v in env.items() if k != "GITHUB_TOKEN"},
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(scratch / "summary.md"),
            "RUNNER_TEMP": str(runner_temp),
            "ROADMAP_BOT_WRITE_INTERVAL": "0",
            **{k: resolve(v) for k, v in (step.get("env") or {}).items()},
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            capture_output=True,
            text=True,
            cwd=work,
            env=step_env,
            timeout=300,
            check=False,
        )
        logs.append(result.stdout + result.stderr)
        if "id" in step:
            step_outputs[step["id"]] = _parse_outputs(output)
        if result.returncode != 0:
            return ActionRun(False, {}, logs)
    outputs = {
        name: EXPRESSION.sub(
            lambda m: step_outputs.get(m["expr"].split(".")[1], {}).get(
                m["expr"].split(".")[-1], ""
            ),
            spec["value"],
        )
        for name, spec in action["outputs"].items()
    }
    return ActionRun(True, outputs, logs)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The checked-out repository."""
    (tmp_path / "work").mkdir()
    shutil.copy(ROOT / "roadmap.yaml", tmp_path / "work")
    shutil.copy(ROOT / "README.md", tmp_path / "work")
    return tmp_path / "work"


@pytest.fixture
def env(fake_github: FakeGitHubServer) -> dict[str, str]:
    set_up(fake_github, files={"README.md": (ROOT / "README.md").read_text(encoding="utf-8")})
    return fake_github.env(TOKEN, REPO)


def test_a_first_run_creates_everything(
    work: Path, env: dict[str, str], fake_github: FakeGitHubServer
) -> None:
    run = run_action(work, env)
    assert run.ok, run.log
    # Updated: 36 "blocked by" links, and 4 bodies naming a requirement made after them.
    assert run.outputs == {
        "created": "168",
        "updated": "0",
        "closed": "0",
        "reopened": "0",
        "remaining": "0",
        "without-issue": "0",
        "labels": "8",
        "milestones": "12",
        "boxes": "0",
        "board": "0",
        "board-remaining": "0",
        "stopped": "false",
        "progress": "0",
    }
    assert len(fake_github.state.repo(REPO).issues) == 168
    doctor_log, sync_log = run.logs
    assert "All checks passed" in doctor_log
    assert "::group::Sync roadmap.yaml to issues" in sync_log
    assert TOKEN not in run.log


def test_a_dry_run_writes_nothing(
    work: Path, env: dict[str, str], fake_github: FakeGitHubServer
) -> None:
    run = run_action(work, env, {"dry-run": "true"})
    assert run.ok, run.log
    assert run.outputs["created"] == "0"
    assert run.outputs["remaining"] == run.outputs["without-issue"] == "168"
    assert run.outputs["stopped"] == "false"
    assert fake_github.log.writes == 0


def test_max_writes_leaves_the_rest_for_the_next_run(work: Path, env: dict[str, str]) -> None:
    run = run_action(work, env, {"max-writes": "40"})
    assert run.ok, run.log
    assert int(run.outputs["remaining"]) > 0
    assert run.outputs["stopped"] == "true"
    again = run_action(work, env)
    assert again.ok, again.log
    assert again.outputs["remaining"] == "0"
    assert int(run.outputs["created"]) + int(again.outputs["created"]) == 168


def test_a_closed_issue_ticks_the_readme(
    work: Path, env: dict[str, str], fake_github: FakeGitHubServer
) -> None:
    assert run_action(work, env).ok
    repo = fake_github.state.repo(REPO)
    issue = next(i for i in repo.issues.values() if item_marker("helm") in (i.body or ""))
    state = fake_github.state
    state.update_issue(issue, state.tokens[TOKEN], state="closed", state_reason="completed")
    payload = {
        "action": "closed",
        "issue": {"number": issue.number, "title": issue.title, "body": issue.body},
    }
    run = run_action(work, env, event_name="issues", payload=payload)
    assert run.ok, run.log
    assert repo.commits[-1].message == f"Tick 'Helm' (#{issue.number})"
    assert run.outputs["created"] == "0"


def test_the_site_input_makes_the_page_instead_of_syncing(
    work: Path, env: dict[str, str], fake_github: FakeGitHubServer
) -> None:
    assert run_action(work, env).ok
    writes = len(fake_github.state.repo(REPO).commits)
    site = work.parent / "site-out"
    run = run_action(work, env, {"site": str(site)})
    assert run.ok, run.log
    assert len(run.logs) == 1  # no doctor, no sync: the page alone
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Helm" in page
    assert f"/{REPO}/issues/" in page  # each card links to its issue: the issues were read
    assert len(fake_github.state.repo(REPO).commits) == writes


def test_a_failing_check_stops_the_run_before_anything_is_written(
    work: Path, fake_github: FakeGitHubServer
) -> None:
    set_up(fake_github, has_issues=False)
    run = run_action(work, fake_github.env(TOKEN, REPO))
    assert not run.ok
    assert len(run.logs) == 1, "handle-event must not run"
    assert "::error title=roadmap-bot doctor::issues: Issues are disabled" in run.log
    assert fake_github.log.writes == 0


def test_a_wrong_dry_run_value_is_refused(
    work: Path, env: dict[str, str], fake_github: FakeGitHubServer
) -> None:
    run = run_action(work, env, {"dry-run": "yes please"})
    assert not run.ok
    assert "::error title=roadmap-bot::the dry-run input must be true or false" in run.log
    assert fake_github.log.writes == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "$(touch pwned)",
        "`touch pwned`",
        '"; touch pwned; echo "',
        "x\ntouch pwned",
        "${{ secrets.X }}",
    ],
)
def test_inputs_are_data_never_shell(
    tmp_path: Path, work: Path, env: dict[str, str], hostile: str
) -> None:
    for name in ("roadmap", "readme", "max-writes", "project"):
        run = run_action(work, env, {name: hostile})
        assert not run.ok, name
        assert not list(tmp_path.rglob("pwned")), name
        assert not list(ROOT.glob("pwned"))


def test_a_board_through_the_inputs(work: Path, fake_github: FakeGitHubServer) -> None:
    """The learner's workflow passes the secret ROADMAP_PROJECT_TOKEN and the variable
    ROADMAP_PROJECT: every roadmap issue gets a card on the board."""
    set_up(fake_github, files={"README.md": (ROOT / "README.md").read_text(encoding="utf-8")})
    board = add_project(fake_github.state, "learner", title="My roadmap")
    fake_github.state.add_token(PROJECT_TOKEN, "learner", scopes={"project"})
    inputs = {
        "project": f"{fake_github.web_url}/users/learner/projects/{board.number}",
        "project-token": PROJECT_TOKEN,
    }
    run = run_action(work, fake_github.env(TOKEN, REPO), inputs)
    assert run.ok, run.log
    assert "OK   board: ROADMAP_PROJECT_TOKEN reaches the board" in run.logs[0]
    assert len(board.items) == 168
    assert PROJECT_TOKEN not in run.log
