"""`roadmap-bot doctor` against the fake GitHub: each check, in order, OK or what to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commands import BASE_ENV, no_traceback, run
from fakegithub import FakeGitHubServer
from fakegithub.projects import add_project
from roadmap_bot.board.settings import board_settings
from roadmap_bot.cli import doctor as D
from roadmap_bot.cli import doctor_texts
from roadmap_bot.cli.actions import ActionsEnv
from roadmap_bot.clock import FakeClock
from syncing import REPO, ROOT, TOKEN, set_up

ACTIONS_TOKEN = "ghs_actionsToken000000000000000000000001"
PROJECT_TOKEN = "ghp_projectToken000000000000000000000001"
INTEGRATION_403 = {
    "message": "Resource not accessible by integration",
    "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
    "status": "403",
}


def doctor(
    env: dict[str, str],
    *,
    roadmap: Path = ROOT / "roadmap.yaml",
    readme: Path = ROOT / "README.md",
    repository: str | None = None,
    dry_run: bool = False,
    actions: bool = False,
) -> tuple[D.DoctorReport, list[str]]:
    lines: list[str] = []
    inputs = D.doctor_inputs(
        env, roadmap_path=roadmap, readme_path=readme, repository=repository, dry_run=dry_run
    )
    report = D.run_doctor(inputs, FakeClock(), lines.append, ActionsEnv(active=actions))
    return report, lines


def statuses(report: D.DoctorReport) -> dict[str, str]:
    return {check.name: check.status.value for check in report.checks}


def check(report: D.DoctorReport, name: str) -> D.Check:
    return next(c for c in report.checks if c.name == name)


@pytest.fixture
def ready(fake_github: FakeGitHubServer) -> dict[str, str]:
    """A learner's repository and a token of its owner: everything in place."""
    set_up(fake_github)
    return fake_github.env(TOKEN, REPO)


# --- all well -------------------------------------------------------------------------------


def test_all_checks_pass_in_order(ready: dict[str, str], fake_github: FakeGitHubServer) -> None:
    report, lines = doctor(ready)
    assert [c.name for c in report.checks] == list(doctor_texts.CHECK_NAMES)
    assert statuses(report) == {
        "token": "OK",
        "repository": "OK",
        "issues": "OK",
        "permissions": "OK",
        "board": "SKIP",
        "roadmap": "OK",
        "readme": "OK",
        "notifications": "NOTE",  # watch the fork as "Participating and @mentions"
    }
    assert "Participating and @mentions" in check(report, "notifications").message
    assert report.exit_code == 0
    assert lines[1] == "OK   token: " + D.TOKEN_OK.format(
        token_name="GITHUB_TOKEN", login="learner"
    )
    assert "OK   issues: " + D.ISSUES_OK.format(repository=REPO) in lines
    assert (
        "OK   roadmap: "
        + D.ROADMAP_OK.format(path=ROOT / "roadmap.yaml", sections="12 sections", items="168 items")
        in lines
    )
    assert lines[-1] == D.ALL_PASSED.format(repository=REPO)
    # Two reads (GET /user, GET the repository), no write.
    assert (fake_github.log.reads, fake_github.log.writes) == (2, 0)


def test_outside_actions_no_workflow_commands(ready: dict[str, str]) -> None:
    _, lines = doctor(ready)
    assert not [line for line in lines if line.startswith("::")]
    assert lines[0] == "== roadmap-bot doctor: check the set-up"


# --- the token ------------------------------------------------------------------------------


def test_no_token_fails_first_and_skips_the_github_checks(ready: dict[str, str]) -> None:
    env = {k: v for k, v in ready.items() if k != "GITHUB_TOKEN"}
    report, lines = doctor(env)
    assert statuses(report)["token"] == "FAIL"
    assert check(report, "token").message == D.TOKEN_MISSING.format(token_name="GITHUB_TOKEN")
    assert "${{ github.token }}" in check(report, "token").message
    for name in ("repository", "issues", "permissions"):
        assert check(report, name).message == D.NEEDS_TOKEN
    assert report.exit_code == 2
    assert lines[-1] == D.SOME_FAILED.format(failed=1, total=8)


def test_no_token_is_fine_for_a_dry_run(ready: dict[str, str]) -> None:
    env = {k: v for k, v in ready.items() if k != "GITHUB_TOKEN"}
    report, _ = doctor(env, dry_run=True)
    assert statuses(report)["token"] == "NOTE"
    assert report.exit_code == 0


def test_a_rejected_token(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    report, _ = doctor(fake_github.env("ghp_revoked000000000000000000000000000000", REPO))
    assert check(report, "token").message == D.TOKEN_REJECTED.format(token_name="GITHUB_TOKEN")
    assert statuses(report)["repository"] == "SKIP"
    assert report.exit_code == 2


def test_the_workflow_token_is_valid_though_github_refuses_it_user(
    fake_github: FakeGitHubServer,
) -> None:
    """GitHub answers GET /user with 403 "Resource not accessible by integration" to a
    workflow's GITHUB_TOKEN: a good token, with no user behind it."""
    set_up(fake_github)
    fake_github.state.add_token(
        ACTIONS_TOKEN, "github-actions[bot]", {REPO: "write"}, is_actions_token=True
    )
    fake_github.faults.status(
        403, body=INTEGRATION_403, operation="users/get-authenticated", times=None
    )
    report, _ = doctor(fake_github.env(ACTIONS_TOKEN, REPO))
    assert check(report, "token").message == D.TOKEN_OK_INTEGRATION.format(
        token_name="GITHUB_TOKEN"
    )
    # What the job may write is not visible: say what the workflow needs.
    assert check(report, "permissions").status is D.Status.NOTE
    assert check(report, "permissions").message == D.PERMISSIONS_ACTIONS
    assert report.exit_code == 0


def test_a_bot_user_is_an_integration_token_too(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    fake_github.state.add_token(
        ACTIONS_TOKEN, "github-actions[bot]", {REPO: "write"}, is_actions_token=True
    )
    report, _ = doctor(fake_github.env(ACTIONS_TOKEN, REPO))
    assert check(report, "permissions").message == D.PERMISSIONS_ACTIONS


# --- the repository -------------------------------------------------------------------------


def test_no_repository(ready: dict[str, str]) -> None:
    env = {k: v for k, v in ready.items() if k != "GITHUB_REPOSITORY"}
    report, lines = doctor(env)
    assert statuses(report)["token"] == "OK"
    assert check(report, "repository").status is D.Status.FAIL
    assert "pass --repo OWNER/NAME" in check(report, "repository").message
    assert check(report, "issues").message == D.NEEDS_REPOSITORY
    assert report.exit_code == 2
    assert "unknown/unknown" not in "\n".join(lines)


def test_repository_from_the_option(ready: dict[str, str]) -> None:
    env = {k: v for k, v in ready.items() if k != "GITHUB_REPOSITORY"}
    report, _ = doctor(env, repository=REPO)
    assert report.exit_code == 0


def test_a_private_repository_the_token_cannot_see(fake_github: FakeGitHubServer) -> None:
    fake_github.state.add_repo(REPO, private=True)
    fake_github.state.add_token(TOKEN, "stranger")
    report, _ = doctor(fake_github.env(TOKEN, REPO))
    assert check(report, "repository").message == D.REPOSITORY_NOT_FOUND.format(repository=REPO)
    assert statuses(report)["issues"] == "SKIP"
    assert report.exit_code == 2


def test_issues_disabled_as_in_a_fresh_fork(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, has_issues=False)
    report, lines = doctor(fake_github.env(TOKEN, REPO), actions=True)
    assert check(report, "issues").message == D.ISSUES_DISABLED.format(repository=REPO)
    assert "Settings -> General -> Features -> Issues" in check(report, "issues").message
    # Not also "it can write issues": it cannot, until they are enabled.
    permissions = check(report, "permissions").message
    assert permissions == D.PERMISSIONS_OK_NO_ISSUES.format(repository=REPO)
    assert "can write issues" not in permissions
    assert report.exit_code == 2
    annotations = [line for line in lines if line.startswith("::error ")]
    assert annotations == [
        "::error title=roadmap-bot doctor::issues: " + D.ISSUES_DISABLED.format(repository=REPO)
    ]


def test_github_failing_is_exit_3(ready: dict[str, str], fake_github: FakeGitHubServer) -> None:
    fake_github.faults.status(503, operation="repos/get", times=None)
    report, _ = doctor(ready)
    assert check(report, "repository").message.startswith(D.GITHUB_FAILED.format(detail=""))
    assert report.exit_code == 3


# --- write access ---------------------------------------------------------------------------


@pytest.mark.parametrize("permission", ["read", "triage"])
def test_a_token_that_cannot_push(fake_github: FakeGitHubServer, permission: str) -> None:
    set_up(fake_github, permission=permission)
    report, _ = doctor(fake_github.env(TOKEN, REPO))
    permissions = check(report, "permissions")
    assert permissions.status is D.Status.FAIL
    assert permissions.message.startswith(f"the token cannot write to {REPO} (GitHub says: ")
    assert report.exit_code == 2
    # A dry run only reads.
    report, _ = doctor(fake_github.env(TOKEN, REPO), dry_run=True)
    assert check(report, "permissions").message == D.PERMISSIONS_DRY_RUN
    assert report.exit_code == 0


def test_a_collaborator_with_write_access(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, permission="write")
    report, _ = doctor(fake_github.env(TOKEN, REPO))
    assert check(report, "permissions").message == D.PERMISSIONS_OK.format(repository=REPO)


# --- the board ------------------------------------------------------------------------------


def shown(board: str) -> str:
    """How the board is named in messages before it is opened."""
    return board_settings({"ROADMAP_PROJECT": board}).describe()


@pytest.fixture
def board(fake_github: FakeGitHubServer) -> str:
    """The learner's board (title "My roadmap"), and a classic token that opens it."""
    add_project(fake_github.state, "learner", title="My roadmap")
    fake_github.state.add_token(PROJECT_TOKEN, "learner", scopes={"project"})
    return f"{fake_github.web_url}/users/learner/projects/1"


def test_a_board_that_opens(ready: dict[str, str], board: str) -> None:
    env = {**ready, "ROADMAP_PROJECT": board, "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    report, _ = doctor(env)
    assert check(report, "board").message == D.BOARD_OK.format(
        token_name="ROADMAP_PROJECT_TOKEN", board=board, title="My roadmap"
    )
    assert report.exit_code == 0


def test_a_board_given_as_an_option(ready: dict[str, str], board: str) -> None:
    env = {**ready, "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    lines: list[str] = []
    inputs = D.doctor_inputs(
        env, roadmap_path=ROOT / "roadmap.yaml", readme_path=ROOT / "README.md", project=board
    )
    report = D.run_doctor(inputs, FakeClock(), lines.append, ActionsEnv())
    assert check(report, "board").status is D.Status.OK


def test_a_board_without_a_token_of_its_own_in_a_workflow(
    fake_github: FakeGitHubServer, board: str
) -> None:
    """No ROADMAP_PROJECT_TOKEN: the board would get the workflow's GITHUB_TOKEN, which
    never reaches a board."""
    set_up(fake_github)
    fake_github.state.add_token(
        ACTIONS_TOKEN, "github-actions[bot]", {REPO: "write"}, is_actions_token=True
    )
    report, _ = doctor({**fake_github.env(ACTIONS_TOKEN, REPO), "ROADMAP_PROJECT": board})
    assert check(report, "board").message == D.BOARD_NO_TOKEN.format(board=shown(board))
    assert report.exit_code == 2


def test_a_board_without_any_token(ready: dict[str, str], board: str) -> None:
    env = {k: v for k, v in ready.items() if k != "GITHUB_TOKEN"}
    report, _ = doctor({**env, "ROADMAP_PROJECT": board}, dry_run=True)
    assert check(report, "board").message == D.BOARD_NO_TOKEN.format(board=shown(board))


def test_a_board_with_a_rejected_token(ready: dict[str, str], board: str) -> None:
    env = {**ready, "ROADMAP_PROJECT": board, "ROADMAP_PROJECT_TOKEN": "ghp_bad"}
    report, _ = doctor(env)
    assert check(report, "board").message == D.BOARD_TOKEN_REJECTED.format(
        token_name="ROADMAP_PROJECT_TOKEN"
    )
    assert report.exit_code == 2


def test_a_board_that_is_not_there(ready: dict[str, str], board: str) -> None:
    env = {**ready, "ROADMAP_PROJECT": board[:-1] + "7", "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    report, _ = doctor(env)
    assert check(report, "board").status is D.Status.FAIL
    assert "was not found" in check(report, "board").message
    assert report.exit_code == 2


def test_a_board_that_is_not_a_board_url(ready: dict[str, str]) -> None:
    report, _ = doctor({**ready, "ROADMAP_PROJECT": "https://example.com/nothing"})
    assert check(report, "board").status is D.Status.FAIL
    assert "does not name a Projects board" in check(report, "board").message


def test_a_board_to_create(ready: dict[str, str], fake_github: FakeGitHubServer) -> None:
    fake_github.state.add_token(PROJECT_TOKEN, "learner", scopes={"project"})
    env = {**ready, "ROADMAP_CREATE_PROJECT": "true", "ROADMAP_PROJECT_TOKEN": PROJECT_TOKEN}
    report, _ = doctor(env)
    assert check(report, "board").message == D.BOARD_WILL_CREATE.format(
        token_name="ROADMAP_PROJECT_TOKEN", login="learner", board="'Roadmap'"
    )
    assert report.exit_code == 0


# --- the files ------------------------------------------------------------------------------


BAD_ROADMAP = (
    "title: R\nsections:\n  - title: S\n    items:\n      - id: a\n        title: A\n"
    "        dificulty: easy\n      - id: A B\n        title: B\n"
)


def test_an_invalid_roadmap_is_listed_and_annotated(ready: dict[str, str], tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text(BAD_ROADMAP, encoding="utf-8")
    report, lines = doctor(ready, roadmap=roadmap, actions=True)
    failed = check(report, "roadmap")
    assert failed.message == D.ROADMAP_INVALID.format(path=roadmap, problems="2 problems")
    assert len(failed.details) == 2
    assert failed.details[0].startswith(f"{roadmap}:7:9: sections[0].items[0].dificulty:")
    annotations = [line for line in lines if line.startswith("::error file=")]
    assert len(annotations) == 2
    assert annotations[0].startswith(f"::error file={roadmap},line=7,col=9::")
    assert report.exit_code == 2


def test_a_missing_roadmap_says_check_out_first(ready: dict[str, str], tmp_path: Path) -> None:
    report, _ = doctor(ready, roadmap=tmp_path / "roadmap.yaml")
    message = check(report, "roadmap").message
    assert message == D.ROADMAP_UNREADABLE.format(
        detail=f"{tmp_path / 'roadmap.yaml'}: no such file"
    )
    assert "actions/checkout" in message


def test_a_readme_without_markers(ready: dict[str, str], tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# My roadmap\n\n- [ ] something\n", encoding="utf-8")
    report, _ = doctor(ready, readme=readme)
    assert check(report, "readme").message == D.README_NO_MARKERS.format(path=readme)
    assert report.exit_code == 2


def test_a_missing_readme(ready: dict[str, str], tmp_path: Path) -> None:
    report, _ = doctor(ready, readme=tmp_path / "README.md")
    assert check(report, "readme").message == D.README_UNREADABLE.format(
        detail=f"{tmp_path / 'README.md'}: no such file"
    )


def test_several_failures_are_all_reported(fake_github: FakeGitHubServer, tmp_path: Path) -> None:
    set_up(fake_github, has_issues=False, permission="read")
    readme = tmp_path / "README.md"
    readme.write_text("# nothing\n", encoding="utf-8")
    report, lines = doctor(fake_github.env(TOKEN, REPO), readme=readme)
    assert [c.name for c in report.failed] == ["issues", "permissions", "readme"]
    assert lines[-1] == D.SOME_FAILED.format(failed=3, total=8)


# --- the command ----------------------------------------------------------------------------


def test_the_command_passes(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    result = run("doctor", env=fake_github.env(TOKEN, REPO))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == D.ALL_PASSED.format(repository=REPO)
    assert TOKEN not in result.stdout + result.stderr


def test_the_command_fails_in_actions_with_annotations(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    set_up(fake_github, has_issues=False)
    shutil.copy(ROOT / "README.md", tmp_path)
    (tmp_path / "roadmap.yaml").write_text(BAD_ROADMAP, encoding="utf-8")
    result = run(
        "doctor", env={**fake_github.env(TOKEN, REPO), "GITHUB_ACTIONS": "true"}, cwd=tmp_path
    )
    assert result.returncode == 2
    no_traceback(result)
    out = result.stdout
    assert out.startswith("::group::roadmap-bot doctor: check the set-up\n")
    assert "::endgroup::" in out
    assert "::error file=roadmap.yaml,line=7,col=9::sections[0].items[0].dificulty: " in out
    assert "::error title=roadmap-bot doctor::issues: Issues are disabled" in out
    assert TOKEN not in out + result.stderr


def test_the_command_has_no_traceback_without_anything() -> None:
    result = run("doctor", env={**BASE_ENV})
    assert result.returncode == 2
    no_traceback(result)
    assert D.TOKEN_MISSING.format(token_name="GITHUB_TOKEN") in result.stdout
