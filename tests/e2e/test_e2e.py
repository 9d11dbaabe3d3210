"""End to end: the installed `roadmap-bot` command in a subprocess, on files and against the
fake GitHub over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from commands import SEED, no_traceback, run
from fakegithub import FakeGitHubServer
from roadmap_bot.issues.body import item_marker
from roadmap_bot.readme.importer import import_readme
from roadmap_bot.roadmap.file import dump_roadmap, load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmaps import with_item
from syncing import (
    PROJECT_TOKEN,
    REPO,
    ROOT,
    TOKEN,
    options_replaced,
    own_card,
    set_up,
    set_up_board,
)

# --- files ----------------------------------------------------------------------------------


def test_validate_the_shipped_roadmap() -> None:
    result = run("validate")
    assert (result.returncode, result.stdout) == (0, "roadmap.yaml: OK (12 sections, 168 items)\n")


def test_list_json_agrees_with_the_seed_item_by_item() -> None:
    result = run("list", "--format", "json")
    assert result.returncode == 0
    listed = json.loads(result.stdout)
    seed = import_readme(SEED.read_text(encoding="utf-8")).roadmap
    expected = [
        {
            "section": p.section.title,
            "title": p.item.title,
            "parent": p.parent_id,
            "depth": p.depth,
            "difficulty": p.item.difficulty.value if p.item.difficulty else None,
            "importance": p.item.importance,
        }
        for p in seed.walk()
    ]
    keys = ("section", "title", "parent", "depth", "difficulty", "importance")
    assert [{k: row[k] for k in keys} for row in listed] == expected
    assert len(listed) == 168
    assert {"id", "title", "section", "parent", "depth", "difficulty", "importance"} <= set(
        listed[0]
    )


def test_import_of_the_seed_gives_the_shipped_roadmap_yaml(tmp_path: Path) -> None:
    """All but the prerequisites (`requires`), which a checklist cannot hold: the shipped
    roadmap.yaml is the import with them added, and nothing else changed."""
    out = tmp_path / "roadmap.yaml"
    result = run("import", str(SEED), "-o", str(out))
    assert result.returncode == 0, result.stderr
    shipped = load_roadmap(ROOT / "roadmap.yaml")
    without = shipped
    for placed in shipped.walk():
        without = with_item(without, placed.id, requires=())
    assert out.read_text(encoding="utf-8") == dump_roadmap(without)
    assert sum(len(placed.item.requires) for placed in shipped.walk()) == 36
    again = run("import", str(SEED), "-o", str(out))
    assert again.returncode == 2
    assert "exists; pass --force" in again.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "title: R\nsections:\n  - title: S\n    items:\n      - id: a\n        title: A\n        dificulty: easy\n",
            "roadmap.yaml:7:9: sections[0].items[0].dificulty: unknown key 'dificulty'; did you mean 'difficulty'?",
        ),
        ("", "roadmap.yaml:1:1: the file is empty"),
        ("title: [unclosed\n", "roadmap.yaml:"),
    ],
)
def test_malformed_roadmap_exit_2_with_position(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "roadmap.yaml").write_text(content, encoding="utf-8")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    no_traceback(result)


def test_not_utf8_roadmap(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_bytes(b"title: caf\xe9\n")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("roadmap.yaml:1:")
    assert "UTF-8" in result.stderr
    no_traceback(result)


def test_check_and_uncheck_change_one_line(tmp_path: Path) -> None:
    shutil.copy(ROOT / "roadmap.yaml", tmp_path)
    readme = (ROOT / "README.md").read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / "README.md").write_bytes(readme)
    result = run("check", "docker-basics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ticked = (tmp_path / "README.md").read_bytes()
    differing = [
        (a, b) for a, b in zip(readme.split(b"\r\n"), ticked.split(b"\r\n"), strict=True) if a != b
    ]
    assert len(differing) == 1
    assert differing[0][1] == differing[0][0].replace(b"- [ ]", b"- [x]", 1)
    again = run("check", "docker-basics", cwd=tmp_path)
    assert "already ticked" in again.stdout
    assert (tmp_path / "README.md").read_bytes() == ticked
    assert run("uncheck", "docker-basics", cwd=tmp_path).returncode == 0
    assert (tmp_path / "README.md").read_bytes() == readme


def test_check_unknown_id_exit_2_file_untouched(tmp_path: Path) -> None:
    shutil.copy(ROOT / "roadmap.yaml", tmp_path)
    shutil.copy(ROOT / "README.md", tmp_path)
    result = run("check", "docker-basic", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: roadmap.yaml: no item with id 'docker-basic'; did you mean 'docker-basics'?\n"
    )
    assert (tmp_path / "README.md").read_bytes() == (ROOT / "README.md").read_bytes()


def test_render_check_exits_1_when_out_of_date(tmp_path: Path) -> None:
    shutil.copy(ROOT / "README.md", tmp_path)
    text = (
        (ROOT / "roadmap.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Helm\n", "title: Helm Charts\n")
    )
    (tmp_path / "roadmap.yaml").write_text(text, encoding="utf-8")
    assert run("render", "--check", cwd=tmp_path).returncode == 1
    assert (tmp_path / "README.md").read_bytes() == (ROOT / "README.md").read_bytes()
    assert run("render", cwd=tmp_path).returncode == 0
    assert "Helm Charts" in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert run("render", "--check", cwd=tmp_path).returncode == 0


# Updates of a first sync of the seed: 36 "blocked by" links (one per requirement) and 4
# bodies that name a requirement made after them.
FIRST_UPDATES = 36 + 4


def test_dry_run_offline_without_a_token() -> None:
    result = run("sync", "--dry-run")
    assert result.returncode == 0
    assert (
        "Plan (dry run): 168 issues to create, 8 labels to create or update, "
        "12 milestones to create, 0 issues unchanged"
    ) in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Board: skipped (no board named")


def test_dry_run_offline_checks_the_board_option() -> None:
    named = run("sync", "--dry-run", "--project", "https://github.com/users/octocat/projects/1")
    assert named.returncode == 0, named.stderr
    last = named.stdout.splitlines()[-1]
    assert (
        last
        == "Board https://github.com/users/octocat/projects/1: not read offline (it needs a token)"
    )
    wrong = run("sync", "--dry-run", "--project", "octocat")
    assert wrong.returncode == 2
    assert "--project: 'octocat' does not name a Projects board" in wrong.stderr
    no_traceback(wrong)


# --- against the fake GitHub ----------------------------------------------------------------


def github_env(fake: FakeGitHubServer) -> dict[str, str]:
    return {**fake.env(TOKEN, REPO), "ROADMAP_BOT_WRITE_INTERVAL": "0"}


def test_sync_then_resync_against_the_fake(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, files={"README.md": (ROOT / "README.md").read_text(encoding="utf-8")})
    env = github_env(fake_github)
    first = run("sync", env=env)
    assert first.returncode == 0, first.stderr
    assert (
        "Done: 168 issues created, 8 labels created or updated, 12 milestones created; "
        "no issue left to create or change."
    ) in first.stdout
    assert len(fake_github.state.repo(REPO).issues) == 168
    fake_github.log.clear()
    second = run("sync", env=env)
    assert second.returncode == 0, second.stderr
    assert "Plan: 168 issues unchanged" in second.stdout
    assert fake_github.log.writes == 0
    assert TOKEN not in first.stdout + first.stderr + second.stdout + second.stderr


def test_sync_max_writes_then_finish(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    env = github_env(fake_github)
    first = run("sync", "--max-writes", "50", env=env)
    assert first.returncode == 0, first.stderr
    assert "Stopped early (reached --max-writes 50)" in first.stdout
    # 50 writes: 8 labels, 12 milestones, 30 issues; the 138 others are said to be left,
    # and 4 of the 30 made still wait for their "blocked by" links (roadmap.yaml's requires).
    assert "30 issues created" in first.stdout
    assert "142 issues still to create or change (138 items still without an issue)" in (
        first.stdout
    )
    assert "This run stopped early: issues: reached --max-writes 50." in first.stdout
    second = run("sync", env=env)
    assert second.returncode == 0
    assert len(fake_github.state.repo(REPO).issues) == 168


def test_sync_without_token_or_repository_says_what_to_set() -> None:
    result = run("sync", env={"GITHUB_REPOSITORY": REPO})
    assert result.returncode == 3
    assert "GITHUB_TOKEN is not set" in result.stderr
    no_traceback(result)
    result = run("sync", env={"GITHUB_TOKEN": "x"})
    assert result.returncode == 2
    assert "no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY" in result.stderr


def test_handle_event_closed_issue_ticks_the_readme(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    set_up(fake_github, files={"README.md": (ROOT / "README.md").read_text(encoding="utf-8")})
    env = github_env(fake_github)
    assert run("sync", env=env).returncode == 0
    repo = fake_github.state.repo(REPO)
    issue = next(i for i in repo.issues.values() if item_marker("helm") in (i.body or ""))
    fake_github.state.update_issue(
        issue, fake_github.state.tokens[TOKEN], state="closed", state_reason="completed"
    )
    payload = json.loads(
        (
            ROOT / "tests/data/github-api/webhooks/examples/issues.closed.constructed.json"
        ).read_text()
    )
    payload["issue"].update(number=issue.number, title=issue.title, body=issue.body)
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload))
    outputs = tmp_path / "outputs"
    summary = tmp_path / "summary.md"
    result = run(
        "handle-event",
        env={
            **env,
            "GITHUB_EVENT_NAME": "issues",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(outputs),
            "GITHUB_STEP_SUMMARY": str(summary),
        },
    )
    assert result.returncode == 0, result.stderr
    assert repo.commits[-1].message == f"Tick 'Helm' (#{issue.number})"
    assert "- [x] 🔴⭐⭐ **Helm**" in repo.files["README.md"].decode()
    assert "progress=0\n" in outputs.read_text()
    assert "```mermaid\npie showData\n" in summary.read_text()
    # Helm's close date makes the burn-up beside the pie.
    closed_on = issue.closed_at[:10]
    assert f'xychart-beta\n    title "Items finished over time"\n    x-axis ["{closed_on}"]' in (
        summary.read_text()
    )
    assert "::group::" in result.stdout


def test_handle_event_for_an_unmanaged_issue_is_a_notice(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    set_up(fake_github)
    event = tmp_path / "event.json"
    shutil.copy(
        ROOT / "tests/data/github-api/webhooks/examples/issues.closed.constructed.json", event
    )
    result = run(
        "handle-event",
        env={
            **github_env(fake_github),
            "GITHUB_EVENT_NAME": "issues",
            "GITHUB_EVENT_PATH": str(event),
        },
    )
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert fake_github.log.writes == 0
    assert load_roadmap(ROOT / "roadmap.yaml")


def test_progress_from_github_counts_the_issues(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    env = {**github_env(fake_github), "GITHUB_REPOSITORY": ""}
    assert run("sync", "--repo", REPO, env=env).returncode == 0
    repo = fake_github.state.repo(REPO)
    token = fake_github.state.tokens[TOKEN]
    for item_id, reason in (("helm", "completed"), ("commenting", "not_planned")):
        issue = next(i for i in repo.issues.values() if item_marker(item_id) in (i.body or ""))
        fake_github.state.update_issue(issue, token, state="closed", state_reason=reason)
    result = run("progress", "--from-github", "--repo", REPO, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    overall = json.loads(result.stdout)["overall"]
    assert (overall["done"], overall["skipped"], overall["todo"]) == (1, 1, 166)


def test_a_crash_while_a_section_is_added_to_the_board_loses_no_value(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    """The board of a learner who has an issue of their own on it, in a Section; the
    roadmap gains a section; the run dies just after GitHub replaced the Section options.
    Every option was sent with its id, so GitHub cleared no value; the rerun finishes."""
    set_up(fake_github, files={"README.md": (ROOT / "README.md").read_text(encoding="utf-8")})
    board = set_up_board(fake_github)
    seed = load_roadmap(ROOT / "roadmap.yaml")
    small, bigger = tmp_path / "small.yaml", tmp_path / "bigger.yaml"
    small.write_text(dump_roadmap(Roadmap(seed.title, seed.sections[:2])), encoding="utf-8")
    bigger.write_text(dump_roadmap(Roadmap(seed.title, seed.sections[:3])), encoding="utf-8")
    env = {**github_env(fake_github), "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    sync = ("sync", "--project", "learner/1", "--roadmap")
    assert run(*sync, str(small), env=env).returncode == 0
    card = own_card(fake_github, board, section=1)
    fake_github.faults.status(503, where=options_replaced(fake_github), times=None)
    crashed = run(*sync, str(bigger), env=env)
    assert crashed.returncode != 0
    no_traceback(crashed)
    assert card.value_of("Section") == seed.sections[1].title  # the option kept its id
    fake_github.faults.clear()
    rerun = run(*sync, str(bigger), env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert card.value_of("Section") == seed.sections[1].title
    assert board.readme is None
    assert PROJECT_TOKEN not in crashed.stdout + crashed.stderr + rerun.stdout + rerun.stderr
