"""Throttling and failures as GitHub really answers them (issue 13, section 2), against the
stateful fake GitHub over HTTP with a FakeClock: each fault sends GitHub's own body (their
public sources are named in tests/fakegithub/faults.py).

Every scenario ends by comparing what the fake holds with what an uninterrupted run leaves;
``snapshot`` and ``board_snapshot`` refuse two issues or two cards for one item.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from fakegithub import FakeGitHubServer
from fakegithub.projects import Project
from roadmap_bot.clock import FakeClock
from roadmap_bot.githubapi.client import API_VERSION
from roadmap_bot.roadmap.model import Roadmap
from syncing import (
    README_TEXT,
    REPO,
    board_snapshot,
    seed_roadmap,
    set_up,
    set_up_board,
    snapshot,
    sync_job_run,
)

SEED = seed_roadmap()
SMALL = Roadmap(SEED.title, SEED.sections[:2])


@contextmanager
def github() -> Iterator[tuple[FakeGitHubServer, Project]]:
    with FakeGitHubServer() as fake:
        set_up(fake, files={"README.md": README_TEXT})
        board = set_up_board(fake)
        yield fake, board
        violations = fake.take_violations()
        assert not violations, "\n".join(str(v) for v in violations)


def world(fake: FakeGitHubServer, board: Project) -> dict[str, Any]:
    shot = snapshot(fake)  # asserts one issue per item
    shot["readme"] = fake.state.repo(REPO).files["README.md"].decode("utf-8")
    shot["board"] = board_snapshot(board)  # asserts one card per item
    return shot


@functools.cache
def reference(name: str) -> dict[str, Any]:
    with github() as (fake, board):
        run = sync_job_run(fake, SEED if name == "seed" else SMALL)
        assert run.report.remaining == 0
        return world(fake, board)


def refusals(fake: FakeGitHubServer, operation: str) -> int:
    return sum(1 for e in fake.log.entries if e.fault and e.operation == operation)


def no_bug(lines: list[str]) -> None:
    assert not [line for line in lines if "bug" in line.lower()], lines


# --- a creation limit of 20 a minute ------------------------------------------------------------


def test_a_first_sync_of_the_seed_under_a_creation_limit_finishes_exact() -> None:
    """createIssue refused with UNPROCESSABLE "was submitted too quickly" after 20 in a
    minute, for a minute: the run waits, slows its creations down, is not refused again."""
    with github() as (fake, board):
        clock = FakeClock()
        fake.faults.creation_limit(clock.now, per_minute=20, refuse_for=60.0)
        run = sync_job_run(fake, SEED, clock=clock)
        assert run.report.remaining == 0
        no_bug(run.lines)
        assert refusals(fake, "graphql:CreateIssue") == 1  # slowed down: not refused again
        assert 60.0 in clock.sleeps
        assert run.stats.retries >= 1
        got = world(fake, board)
    assert got == reference("seed")


def test_a_creation_limit_longer_than_the_run_may_wait_stops_cleanly_then_finishes() -> None:
    """Refused for ten minutes, with 120 s the longest wait allowed: the run stops cleanly
    (what is left in the summary, exit 0 from the command), later runs finish."""
    with github() as (fake, board):
        clock = FakeClock()
        fake.faults.creation_limit(clock.now, per_minute=20, refuse_for=600.0)
        run = sync_job_run(fake, SMALL, clock=clock, max_wait=120.0)
        assert run.report.remaining > 0
        assert max(clock.sleeps) <= 120.0
        assert any(line.startswith("Stopped early (GitHub's rate limit") for line in run.lines)
        no_bug(run.lines)
        world(fake, board)  # nothing twice
        runs = 1
        while run.report.remaining and runs < 5:  # the next scheduled runs, ten minutes apart
            clock.sleep(600.0)
            run = sync_job_run(fake, SMALL, clock=clock)
            no_bug(run.lines)
            runs += 1
        assert run.report.remaining == 0
        got = world(fake, board)
    assert got == reference("small")


@pytest.mark.parametrize("operation", ["issues/create-label", "issues/create-milestone"])
@pytest.mark.parametrize("spammed", [False, True], ids=["403-secondary", "422-spammed"])
def test_a_rest_creation_refused_for_speed_waits_a_minute_and_goes_on(
    operation: str, spammed: bool
) -> None:
    """403 without Retry-After ("temporarily blocked from content creation"), or the 422 the
    descriptions list ("the endpoint has been spammed"): at least a minute's wait."""
    with github() as (fake, board):
        clock = FakeClock()
        fake.faults.content_creation_limit(spammed=spammed, operation=operation, after=1)
        run = sync_job_run(fake, SMALL, clock=clock)
        assert run.report.remaining == 0
        no_bug(run.lines)
        assert refusals(fake, operation) == 1
        assert 60.0 in clock.sleeps
        got = world(fake, board)
    assert got == reference("small")


def test_repeated_secondary_refusals_wait_longer_each_time() -> None:
    with github() as (fake, board):
        clock = FakeClock()
        fake.faults.content_creation_limit(operation="issues/create-label", times=2)
        run = sync_job_run(fake, SMALL, clock=clock, max_wait=300.0)
        assert run.report.remaining == 0
        assert [s for s in clock.sleeps if s >= 60.0][:2] == [60.0, 120.0]
        got = world(fake, board)
    assert got == reference("small")


# --- GitHub failing while executing: data null, an error with no type ----------------------------

MUTATIONS = [
    "createIssue",
    "createProjectV2Field",
    "addProjectV2ItemById",
    "updateProjectV2ItemFieldValue",
]


@pytest.mark.parametrize("mutation", MUTATIONS)
@pytest.mark.parametrize("act", [True, False], ids=["acted", "did-nothing"])
def test_a_typeless_failure_after_a_mutation_duplicates_nothing(mutation: str, act: bool) -> None:
    with github() as (fake, board):
        fake.faults.typeless_failure(act=act, mutation=mutation, times=1)
        run = sync_job_run(fake, SMALL)
        assert run.report.remaining == 0
        no_bug(run.lines)
        assert sum(1 for e in fake.log.entries if e.fault) == 1
        got = world(fake, board)
    assert got == reference("small")


# --- documents too large: the batch is halved ---------------------------------------------------


@pytest.mark.parametrize(
    ("mutation", "validation_timeout"),
    [("addProjectV2ItemById", False), ("updateProjectV2ItemFieldValue", True)],
)
def test_a_batch_too_large_is_halved_and_sent_again(
    mutation: str, validation_timeout: bool
) -> None:
    with github() as (fake, board):
        fake.faults.too_large(over=20, mutation=mutation, validation_timeout=validation_timeout)
        run = sync_job_run(fake, SEED)
        assert run.report.remaining == 0
        no_bug(run.lines)
        assert any("too large" in line for line in run.lines)
        sent = [
            len(e.graphql_fields)
            for e in fake.log.entries
            if mutation in e.graphql_fields and not e.fault
        ]
        assert sent
        assert max(sent) <= 20
        got = world(fake, board)
    assert got == reference("seed")


# --- the REST version header ------------------------------------------------------------------


def test_every_rest_request_names_the_api_version() -> None:
    with github() as (fake, _board):
        sync_job_run(fake, SMALL)
        rest = [e for e in fake.log.entries if not (e.operation or "").startswith("graphql")]
        assert rest
        assert {e.api_version for e in rest} == {API_VERSION}
