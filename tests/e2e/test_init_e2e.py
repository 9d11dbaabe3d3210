"""End to end: `roadmap-bot init` in a fork of each real checklist README (tests/data/
checklists), then validate, render --check and sync --dry-run, and a sync against the fake
GitHub that creates the finished items' issues closed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commands import no_traceback, run
from fakegithub import FakeGitHubServer
from roadmap_bot.issues.body import marker_id
from roadmap_bot.readme.adopt import WORKFLOW_PATH
from roadmap_bot.readme.render import read_states
from syncing import REPO, ROOT, TOKEN, set_up

CHECKLISTS = sorted((ROOT / "tests" / "data" / "checklists").iterdir())


def fork_of(name: str, tmp_path: Path) -> Path:
    shutil.copyfile(
        ROOT / "tests" / "data" / "checklists" / name / "README.md", tmp_path / "README.md"
    )
    return tmp_path


def files(fork: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(fork)): p.read_bytes() for p in sorted(fork.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", [path.name for path in CHECKLISTS])
def test_init_then_validate_render_check_and_sync_dry_run(name: str, tmp_path: Path) -> None:
    fork = fork_of(name, tmp_path)
    original = (fork / "README.md").read_bytes()
    dry = run("init", "--dry-run", cwd=fork)
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: nothing written" in dry.stdout
    assert files(fork) == {"README.md": original}
    done = run("init", cwd=fork)
    assert done.returncode == 0, done.stderr
    assert "wrote roadmap.yaml" in done.stdout
    assert "Next:" in done.stdout
    assert (fork / WORKFLOW_PATH).is_file()
    for command in (["validate"], ["render", "--check"], ["sync", "--dry-run"]):
        result = run(*command, cwd=fork, env={"GITHUB_TOKEN": ""})
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        no_traceback(result)
    after = files(fork)
    again = run("init", cwd=fork)
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout
    assert files(fork) == after


def test_init_refuses_a_readme_without_a_checklist(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# My notes\n\nNo boxes here.\n", encoding="utf-8")
    result = run("init", cwd=tmp_path)
    assert result.returncode != 0
    assert "README.md:1:1: no checklist items" in result.stderr
    no_traceback(result)
    assert files(tmp_path) == {"README.md": b"# My notes\n\nNo boxes here.\n"}


def test_init_keeps_an_existing_roadmap_yaml_unless_forced(tmp_path: Path) -> None:
    fork = fork_of("api-security-checklist", tmp_path)
    (fork / "roadmap.yaml").write_text("title: Mine\nsections: []\n", encoding="utf-8")
    result = run("init", cwd=fork)
    assert result.returncode != 0
    assert "pass --force" in result.stderr
    assert (fork / "roadmap.yaml").read_text(encoding="utf-8") == "title: Mine\nsections: []\n"
    assert run("init", "--force", cwd=fork).returncode == 0


def test_sync_dry_run_after_init_plans_finished_items_closed(tmp_path: Path) -> None:
    fork = fork_of("container-security-checklist", tmp_path)
    assert run("init", cwd=fork).returncode == 0
    plan = run("sync", "--dry-run", cwd=fork, env={"GITHUB_TOKEN": ""})
    assert plan.returncode == 0, plan.stderr
    closed = [line for line in plan.stdout.splitlines() if line.endswith(", closed as completed")]
    assert len(closed) == 57


def test_init_then_sync_against_the_fake(fake_github: FakeGitHubServer, tmp_path: Path) -> None:
    fork = fork_of("container-security-checklist", tmp_path)
    assert run("init", cwd=fork).returncode == 0
    readme = (fork / "README.md").read_text(encoding="utf-8")
    set_up(fake_github, files={"README.md": readme})
    env = {**fake_github.env(TOKEN, REPO), "ROADMAP_BOT_WRITE_INTERVAL": "0"}
    first = run("sync", cwd=fork, env=env)
    assert first.returncode == 0, first.stderr
    issues = fake_github.state.repo(REPO).issues.values()
    states = {marker_id(i.body): (i.state, i.state_reason) for i in issues}
    assert len(states) == 57
    assert set(states.values()) == {("closed", "completed")}
    on_github = fake_github.state.repo(REPO).files["README.md"].decode("utf-8")
    assert read_states(on_github) == read_states(readme)
    fake_github.log.clear()
    second = run("sync", cwd=fork, env=env)
    assert second.returncode == 0, second.stderr
    assert "Plan: 57 issues unchanged\n" in second.stdout  # nothing to create or change
    assert fake_github.log.writes == 0
