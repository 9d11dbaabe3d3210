"""A README on a protected default branch (issue 13, section 3), against the fake GitHub
over HTTP: the change goes to roadmap-bot's one branch and one pull request, updated by
later ticks; Actions refused the right to open pull requests loses nothing and names the
setting. Also: Contents API answers classified by GitHub's exact messages, and a sub-issue
link already gone whatever status GitHub answers with."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from fakegithub import FakeGitHubServer
from fakegithub.gitdata import readme_on, store
from roadmap_bot.clock import FakeClock
from roadmap_bot.errors import StaleFileError
from roadmap_bot.githubapi import contents, sub_issues
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError
from roadmap_bot.githubapi.readme_pull import BOT_BRANCH
from roadmap_bot.issues.body import marker_id
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.settings import GitHubSettings, Secret
from syncing import README_TEXT, REPO, TOKEN, seed_roadmap, set_up, sync_job_run

SEED = seed_roadmap()
SMALL = Roadmap(SEED.title, SEED.sections[:2])
SETTING = (
    'Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create '
    'and approve pull requests"'
)


@contextmanager
def github(protection: str | None) -> Iterator[FakeGitHubServer]:
    with FakeGitHubServer() as fake:
        set_up(fake, files={"README.md": README_TEXT})
        store(fake.state.repo(REPO)).protection = protection
        yield fake
        violations = fake.take_violations()
        assert not violations, "\n".join(str(v) for v in violations)


def close(fake: FakeGitHubServer, item_id: str) -> None:
    repository = fake.state.repo(REPO)
    issue = next(i for i in repository.issues.values() if marker_id(i.body) == item_id)
    with fake.state.lock:
        fake.state.update_issue(
            issue, fake.state.tokens[TOKEN], state="closed", state_reason="completed"
        )


@functools.cache
def readme_after(closed: tuple[str, ...]) -> str:
    """The README an unprotected repository holds after a first sync and these closes."""
    with github(None) as fake:
        sync_job_run(fake, SMALL, project=None)
        for item_id in closed:
            close(fake, item_id)
        sync_job_run(fake, SMALL, project=None)
        return fake.state.repo(REPO).files["README.md"].decode("utf-8")


FIRST = SMALL.sections[0].items[0].id


@pytest.mark.parametrize("protection", ["ruleset", "classic"])
def test_a_protected_branch_gets_one_pull_request_updated_by_later_ticks(protection: str) -> None:
    with github(protection) as fake:
        repository = fake.state.repo(REPO)
        run = sync_job_run(fake, SMALL, project=None)
        pulls = store(repository).pulls
        assert len(pulls) == 1
        url = f"{fake.url}/{REPO}/pull/{pulls[0].number}"
        assert any(url in line for line in run.lines)
        assert any(url in change for change in run.report.changes)
        assert run.report.remaining == 0
        assert repository.files["README.md"].decode("utf-8") == README_TEXT  # main untouched
        assert readme_on(repository, BOT_BRANCH) == readme_after(())

        close(fake, FIRST)  # a tick: the same branch and pull request, the newer README
        run = sync_job_run(fake, SMALL, project=None)
        assert len(store(repository).pulls) == 1
        assert any(url in line for line in run.lines)
        assert readme_on(repository, BOT_BRANCH) == readme_after((FIRST,))
        assert set(store(repository).branches) == {BOT_BRANCH}


def test_actions_not_allowed_to_open_pull_requests_names_the_setting_and_loses_nothing() -> None:
    with github("ruleset") as fake:
        repository = fake.state.repo(REPO)
        fake.state.tokens[TOKEN].is_actions_token = True
        run = sync_job_run(fake, SMALL, project=None)
        assert not store(repository).pulls
        assert any(SETTING in line for line in run.lines)
        # The issues are done; the README change waits, and the run says it stopped short.
        assert run.report.stopped
        notice = run.report.stop_notice()
        assert notice is not None
        assert SETTING in notice
        assert readme_on(repository, BOT_BRANCH) == readme_after(())  # kept on the branch
        store(repository).actions_may_open_pulls = True  # the learner ticks the box
        run = sync_job_run(fake, SMALL, project=None)
        assert len(store(repository).pulls) == 1
        assert (run.report.remaining, run.report.stopped) == (0, False)


def test_a_lost_answer_to_opening_the_pull_request_opens_one() -> None:
    with github("classic") as fake:
        fake.faults.lose_answer(operation="pulls/create")
        run = sync_job_run(fake, SMALL, project=None)
        assert run.report.remaining == 0
        assert len(store(fake.state.repo(REPO)).pulls) == 1


# --- the Contents API, by GitHub's exact messages -------------------------------------------------


def client(fake: FakeGitHubServer, repository: str, token: str) -> GitHubClient:
    settings = GitHubSettings(
        repository=repository,
        token=Secret(token),
        api_url=fake.url,
        graphql_url=fake.graphql_url,
        write_interval=0.0,
    )
    return GitHubClient(settings, FakeClock())


MARSHA_TOKEN = "ghp_marshaToken000000000000000000000001"


def test_an_owner_named_marsha_does_not_make_a_refusal_stale() -> None:
    """A 422 "path is invalid" on marsha's repository: one PUT, GitHub's message."""
    with FakeGitHubServer() as fake:
        fake.state.add_repo("marsha/roadmap", files={"README.md": README_TEXT})
        fake.state.add_token(MARSHA_TOKEN, "marsha", {"marsha/roadmap": "admin"})
        fake.faults.status(
            422,
            body={"message": "path is invalid", "status": "422"},
            operation="repos/create-or-update-file-contents",
        )
        with client(fake, "marsha/roadmap", MARSHA_TOKEN) as c:
            file = contents.read_file(c, "marsha", "roadmap", "README.md")
            with pytest.raises(GitHubAPIError) as raised:
                contents.write_file(c, "marsha", "roadmap", file, "new", "msg")
        assert not isinstance(raised.value, StaleFileError)
        assert "path is invalid" in str(raised.value)
        assert fake.log.count(operation="repos/create-or-update-file-contents") == 1


def test_a_file_changed_meanwhile_is_stale() -> None:
    with FakeGitHubServer() as fake:
        set_up(fake, files={"README.md": README_TEXT})
        owner, name = REPO.split("/")
        with client(fake, REPO, TOKEN) as c:
            file = contents.read_file(c, owner, name, "README.md")
            contents.write_file(c, owner, name, file, "one", "first")
            with pytest.raises(StaleFileError):
                contents.write_file(c, owner, name, file, "two", "second")


# --- a sub-issue link already gone ----------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 422, 400])
def test_removing_a_sub_issue_link_already_gone_is_fine_whatever_the_status(status: int) -> None:
    with FakeGitHubServer() as fake:
        set_up(fake)
        state = fake.state
        repository = state.repo(REPO)
        parent = state.create_issue(repository, state.tokens[TOKEN], "parent")
        child = state.create_issue(repository, state.tokens[TOKEN], "child")
        state.add_sub_issue(parent, state.tokens[TOKEN], child)
        owner, name = REPO.split("/")
        # GitHub acts, then answers ``status``: the link is gone, the answer says otherwise.
        fake.faults.lose_answer(status, operation="issues/remove-sub-issue")
        with client(fake, REPO, TOKEN) as c:
            sub_issues.remove_sub_issue(c, owner, name, parent.number, child.id)
            assert child.parent is None
            # Still linked and refused: raised.
            state.add_sub_issue(parent, state.tokens[TOKEN], child)
            fake.faults.status(422, operation="issues/remove-sub-issue")
            with pytest.raises(GitHubAPIError):
                sub_issues.remove_sub_issue(c, owner, name, parent.number, child.id)
