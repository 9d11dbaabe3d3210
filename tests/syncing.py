"""Helpers for tests that sync a roadmap against the fake GitHub, and read what it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fakegithub import FakeGitHubServer
from roadmap_bot.clock import FakeClock
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.gateway import GitHubGateway
from roadmap_bot.issue_body import marker_id
from roadmap_bot.model import Roadmap
from roadmap_bot.roadmap_file import load_roadmap
from roadmap_bot.settings import GitHubSettings, Secret
from roadmap_bot.sync import SyncOutcome, run_sync

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
        }
    return {
        "issues": issues,
        "labels": {lb.name: (lb.color, lb.description) for lb in repo.labels},
        "milestones": sorted(m.title for m in repo.milestones.values()),
    }
