"""What a run says it did (issue 12): the step outputs and the job summary of the seed's
first sync, whole and stopped by a rate limit, read from the files GitHub Actions gives
the step, against what the fake then holds. `roadmap-bot sync` runs in a subprocess, as
the workflow runs it, with the board."""

from __future__ import annotations

from pathlib import Path

from commands import run
from fakegithub import FakeGitHubServer
from fakegithub.projects import Project
from roadmap_bot.issues.labels import STANDARD_LABELS
from syncing import PROJECT_TOKEN, README_TEXT, REPO, TOKEN, seed_roadmap, set_up, set_up_board

SEED = seed_roadmap()
ITEMS = sum(1 for _ in SEED.walk())
LONG = 3600  # Retry-After beyond the run's longest wait: the run stops


def sync(fake: FakeGitHubServer, tmp_path: Path) -> tuple[str, dict[str, str], str]:
    """stdout and stderr, the step outputs, the job summary."""
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    for path in (outputs, summary):
        path.unlink(missing_ok=True)
    env = {
        **fake.env(TOKEN, REPO),
        "ROADMAP_PROJECT": "learner/1",
        "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN,
        "ROADMAP_BOT_WRITE_INTERVAL": "0",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    result = run("sync", env=env)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Traceback" not in out
    lines = outputs.read_text(encoding="utf-8").splitlines()
    return out, dict(line.split("=", 1) for line in lines), summary.read_text(encoding="utf-8")


def board_values(board: Project) -> int:
    return sum(len(card.values) for card in board.items)


def test_a_whole_first_sync_says_exactly_what_it_made(tmp_path: Path) -> None:
    with FakeGitHubServer() as fake:
        set_up(fake, files={"README.md": README_TEXT})
        board = set_up_board(fake)
        out, outputs, summary = sync(fake, tmp_path)
        repo = fake.state.repo(REPO)
        issues, milestones = len(repo.issues), len(repo.milestones)
        bot_fields = 3
        assert issues == ITEMS == 168
        assert outputs == {
            "created": str(issues),
            "updated": "0",
            "closed": "0",
            "reopened": "0",
            "remaining": "0",
            "without-issue": "0",
            "labels": str(len(STANDARD_LABELS)),
            "milestones": str(milestones),
            "boxes": "0",
            "board": str(bot_fields + len(board.items) + board_values(board)),
            "board-remaining": "0",
            "stopped": "false",
            "progress": "0",
        }
        assert f"- {issues} issues created\n" in summary
        assert f"- {len(STANDARD_LABELS)} labels created or updated\n" in summary
        assert f"- {milestones} milestones created\n" in summary
        assert (
            f"- board: 3 fields created or extended, {len(board.items)} cards added, "
            f"{board_values(board)} values set\n"
        ) in summary
        assert "stopped early" not in summary.lower()
        assert "stopped early" not in out.lower()
        # The plan and the run agree on the board's values.
        plan_line = next(line for line in out.splitlines() if line.startswith("Board plan"))
        assert f"{board_values(board)} values to set" in plan_line
        assert not fake.take_violations()


def test_a_first_sync_stopped_by_a_rate_limit_says_it_stopped_and_what_is_left(
    tmp_path: Path,
) -> None:
    with FakeGitHubServer() as fake:
        set_up(fake, files={"README.md": README_TEXT})
        board = set_up_board(fake)
        fake.faults.secondary_rate_limit(retry_after=LONG, writes=True, after=60, times=None)
        out, outputs, summary = sync(fake, tmp_path)
        repo = fake.state.repo(REPO)
        made = len(repo.issues)
        assert 0 < made < ITEMS
        left = ITEMS - made
        assert outputs["stopped"] == "true"
        assert outputs["created"] == str(made)
        assert (outputs["updated"], outputs["closed"], outputs["reopened"]) == ("0", "0", "0")
        assert outputs["without-issue"] == str(left)
        # Remaining: the items without an issue, and the issues made that still wait for
        # their "blocked by" links (the shipped roadmap has requirements): the next run
        # updates exactly those.
        waiting = int(outputs["remaining"]) - left
        assert waiting >= 0
        assert outputs["labels"] == str(len(STANDARD_LABELS))
        assert outputs["milestones"] == str(len(repo.milestones))
        assert outputs["board"] == "0"
        assert board.items == []
        said = f"{left} items still without an issue"
        assert "This run stopped early: issues: GitHub's rate limit" in out
        assert said in out
        assert "> This run stopped early: issues: GitHub's rate limit" in summary
        assert said in summary
        assert f"- {made} issues created\n" in summary
        # The next run finishes, and says so.
        fake.faults.clear()
        out, outputs, summary = sync(fake, tmp_path)
        assert outputs["stopped"] == "false"
        assert outputs["created"] == str(left)
        assert outputs["updated"] == str(waiting)
        assert (outputs["remaining"], outputs["without-issue"]) == ("0", "0")
        assert "stopped early" not in summary.lower()
        assert len(repo.issues) == ITEMS
        assert not fake.take_violations()
