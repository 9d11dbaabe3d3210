"""Helpers for tests that sync a roadmap against the fake GitHub, and read what it holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fakegithub import FakeGitHubServer
from fakegithub.projects import Item, Project, add_project
from roadmap_bot.board.settings import BoardSettings, parse_project
from roadmap_bot.clock import FakeClock
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.projects import ProjectsGateway
from roadmap_bot.githubapi.repo_gateway import GitHubGateway
from roadmap_bot.githubapi.stats import RequestStats
from roadmap_bot.issues.body import marker_id
from roadmap_bot.jobs.board_step import BoardJob
from roadmap_bot.jobs.issues_step import SyncOutcome, run_sync
from roadmap_bot.jobs.runner import JobReport, readme_job, sync_job
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.settings import GitHubSettings, Secret

ROOT = Path(__file__).parent.parent
REPO = "learner/roadmap"
TOKEN = "ghp_learnerToken0000000000000000000001"


def seed_roadmap() -> Roadmap:
    return load_roadmap(ROOT / "roadmap.yaml")


def set_up(fake: FakeGitHubServer, *, permission: str = "admin", **repo: Any) -> None:
    fake.state.add_repo(REPO, **repo)
    fake.state.add_token(TOKEN, "learner", {REPO: permission})


def client_for(
    fake: FakeGitHubServer, *, clock: FakeClock | None = None, max_wait: float = 120.0
) -> GitHubClient:
    settings = GitHubSettings(
        repository=REPO,
        token=Secret(TOKEN),
        api_url=fake.url,
        graphql_url=fake.graphql_url,
        write_interval=1.0,
        max_wait=max_wait,
    )
    return GitHubClient(settings, clock or FakeClock())


@dataclass
class Run:
    outcome: SyncOutcome
    client: GitHubClient
    lines: list[str] = field(default_factory=list)


def sync(
    fake: FakeGitHubServer,
    roadmap: Roadmap,
    *,
    max_writes: int | None = None,
    dry_run: bool = False,
    clock: FakeClock | None = None,
    max_wait: float = 120.0,
) -> Run:
    lines: list[str] = []
    with client_for(fake, clock=clock, max_wait=max_wait) as client:
        gateway = GitHubGateway(client, *REPO.split("/"))
        outcome = run_sync(
            roadmap, gateway, gateway, lines.append, dry_run=dry_run, max_writes=max_writes
        )
    return Run(outcome, client, lines)


def snapshot(fake: FakeGitHubServer) -> dict[str, Any]:
    """Everything sync is responsible for, in a comparable form."""
    repo = fake.state.repo(REPO)
    issues = {}
    for issue in repo.issues.values():
        item_id = marker_id(issue.body)
        key = item_id if item_id else f"#{issue.number}"
        assert key not in issues, f"two issues for {key}"
        issues[key] = {
            "title": issue.title,
            "state": issue.state,
            "state_reason": issue.state_reason,
            "labels": sorted(issue.label_names),
            "milestone": issue.milestone.title if issue.milestone else None,
            "parent": marker_id(issue.parent.body) if issue.parent else None,
            "comments": len(issue.comments),
            "blocked_by": sorted(marker_id(b.body) or f"#{b.number}" for b in issue.blocked_by),
        }
    return {
        "issues": issues,
        "labels": {lb.name: (lb.color, lb.description) for lb in repo.labels},
        "milestones": sorted(m.title for m in repo.milestones.values()),
    }


# --- the Projects board ----------------------------------------------------------------------

PROJECT_TOKEN = "ghp_learnerProjectToken00000000000000001"
README_TEXT = (ROOT / "README.md").read_text(encoding="utf-8")


def set_up_board(
    fake: FakeGitHubServer,
    owner: str = "learner",
    *,
    scopes: Iterable[str] = ("repo", "project"),
    **board: Any,
) -> Project:
    """A board of ``owner`` (a user, or an organization made beforehand with add_org), and
    ROADMAP_PROJECT_TOKEN: a classic token of the learner with ``scopes``."""
    fake.state.add_token(PROJECT_TOKEN, "learner", {REPO: "admin"}, scopes=set(scopes))
    return add_project(fake.state, owner, **board)


def own_card(fake: FakeGitHubServer, board: Project, *, section: int | None = None) -> Item:
    """An issue of the learner's own (not from the roadmap) as a card on ``board``; in the
    board's ``section``-th Section option when given."""
    state = fake.state
    issue = state.create_issue(
        state.repo(REPO), state.tokens[TOKEN], "My own", body="Not from the roadmap"
    )
    card = Item(state.new_id(), f"PVTI_own{issue.number}", board, issue, "", "")
    state.register(card)
    board.items.append(card)
    if section is not None:
        field_ = board.field("Section")
        card.values[field_] = field_.options[section]
    return card


def options_replaced(fake: FakeGitHubServer) -> Callable[[object], bool]:
    """A fault's condition: true once an updateProjectV2Field has acted (GitHub has
    replaced an option list, clearing the values), for a crash just after it."""
    return lambda _request: any(
        e.acted and "updateProjectV2Field" in (e.graphql_fields or ()) for e in fake.log.entries
    )


@dataclass
class JobRun:
    report: JobReport
    lines: list[str]
    stats: RequestStats  # the issues' client
    board_stats: RequestStats | None  # the board's own client, when it has one


def sync_job_run(
    fake: FakeGitHubServer,
    roadmap: Roadmap,
    *,
    project: str | None = "learner/1",
    create_project: str | None = None,
    board_token: str | None = PROJECT_TOKEN,
    board_token_name: str = "ROADMAP_PROJECT_TOKEN",
    clock: FakeClock | None = None,
    max_writes: int | None = None,
    dry_run: bool = False,
    max_wait: float = 120.0,
    event_reopened: tuple[int, ...] | None = None,
) -> JobRun:
    """runner.sync_job (or, with ``event_reopened``, readme_job for an issue event) with
    the board ``project`` (None with no create_project: no board), its token
    ROADMAP_PROJECT_TOKEN (``board_token``, through a client of its own, named
    ``board_token_name``; None: the issues' client, as GITHUB_TOKEN)."""
    lines: list[str] = []
    clock = clock or FakeClock()
    with ExitStack() as stack:
        client = stack.enter_context(client_for(fake, clock=clock, max_wait=max_wait))
        board_client = client
        settings = BoardSettings(
            project=parse_project(project) if project else None,
            create_title=create_project,
            token=Secret(board_token or TOKEN),
            token_name=board_token_name if board_token else "GITHUB_TOKEN",
        )
        if board_token is not None:
            board_settings = dataclasses.replace(client.settings, token=Secret(board_token))
            board_client = stack.enter_context(
                GitHubClient(board_settings, clock, token_name=board_token_name)
            )
        job = None
        board_gateway = ProjectsGateway(board_client, REPO)
        if settings.enabled:
            job = BoardJob(
                settings,
                board_gateway,
                REPO.split("/", maxsplit=1)[0],
                shares_issue_token=board_client is client,  # as cli/build.py decides
            )
        # As cli/build.py wires it: the board read with the issues.
        reader = board_gateway if job is not None else None
        gateway = GitHubGateway(client, *REPO.split("/"), board_reader=reader)
        if event_reopened is not None:
            report = readme_job(
                roadmap,
                gateway,
                lines.append,
                readme_path=gateway.readme_path,
                board=job,
                reopened=event_reopened,
            )
        else:
            report = sync_job(
                roadmap,
                gateway,
                lines.append,
                readme_path=gateway.readme_path,
                dry_run=dry_run,
                max_writes=max_writes,
                board=job,
            )
    board_stats = board_client.stats if board_client is not client else None
    return JobRun(report, lines, client.stats, board_stats)


def board_snapshot(board: Project) -> dict[str, Any]:
    """The board in a comparable form: fields with their options, and every card's values
    (by the item id in its issue's marker, else by issue number)."""
    cards: dict[str, dict[str, Any]] = {}
    for item in board.items:
        key = marker_id(item.content.body) or f"#{item.content.number}"
        assert key not in cards, f"two cards for {key}"
        cards[key] = {f.name: (v.name if hasattr(v, "name") else v) for f, v in item.values.items()}
    return {
        "fields": {
            f.name: [(o.name, o.color) for o in f.options]
            for f in board.fields
            if f.data_type == "SINGLE_SELECT"
        },
        "cards": cards,
    }


# --- time under GitHub's published limits -----------------------------------------------------

WRITE_SPACING = 1.0  # seconds between writes, REST or GraphQL mutations
CREATIONS_PER_MINUTE = 80
CREATIONS_PER_HOUR = 500
GRAPHQL_POINTS_PER_MINUTE = 2_000
MUTATION_POINTS = 5  # a GraphQL request with mutations, however many
QUERY_POINTS = 1
# Requests that create content (counted by the creation limits), by the fake's log name.
CREATING = frozenset(
    {
        "graphql:CreateIssue",
        "graphql:RoadmapAddCards",
        "graphql:RoadmapCreateFields",
        "graphql:RoadmapCreateBoard",
        "issues/create",
        "issues/create-label",
        "issues/create-milestone",
        "issues/create-comment",
        "repos/create-or-update-file-contents",
    }
)


def modelled_seconds(entries: Iterable[Any]) -> float:
    """When the last of these requests (the fake's log, in order) could be answered under
    GitHub's published secondary limits: 1 s between writes; 80 creations in any minute
    and 500 in any hour; 2,000 GraphQL points in any minute (5 a mutation request, 1 a
    query). Reads and answers take no time: the limits alone."""
    now = 0.0
    last_write: float | None = None
    creations: list[float] = []
    points: list[tuple[float, int]] = []
    for entry in entries:
        if entry.status is None or entry.status >= 300:
            continue
        at = now
        if entry.is_write and last_write is not None:
            at = max(at, last_write + WRITE_SPACING)
        creating = entry.operation in CREATING
        graphql = (entry.operation or "").startswith("graphql:")
        cost = MUTATION_POINTS if entry.is_write else QUERY_POINTS
        while True:  # the latest of the limits' earliest times
            earliest = at
            if creating and len(creations) >= CREATIONS_PER_MINUTE:
                earliest = max(earliest, creations[-CREATIONS_PER_MINUTE] + 60)
            if creating and len(creations) >= CREATIONS_PER_HOUR:
                earliest = max(earliest, creations[-CREATIONS_PER_HOUR] + 3600)
            if graphql:
                window = [(t, p) for t, p in points if t > earliest - 60]
                if sum(p for _t, p in window) + cost > GRAPHQL_POINTS_PER_MINUTE:
                    earliest = window[0][0] + 60
            if earliest == at:
                break
            at = earliest
        if creating:
            creations.append(at)
        if graphql:
            points.append((at, cost))
        if entry.is_write:
            last_write = at
        now = at
    return now
