"""What the jobs need from one repository on GitHub: the issue stage's ports and the README
store, as one protocol (githubapi.repo_gateway.GitHubGateway implements it)."""

from __future__ import annotations

from typing import Protocol

from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.ports import Gateway, Observer
from roadmap_bot.jobs.readme_step import ReadmeStore


class RepositoryPort(Gateway, Observer, ReadmeStore, Protocol):
    """Issues, labels, milestones and the README of one repository."""

    def list_managed_issues(self) -> list[ObservedIssue]: ...
