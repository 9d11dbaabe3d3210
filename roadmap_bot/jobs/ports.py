"""What the jobs need from one repository on GitHub: the issue stage's ports and the README
store, as one protocol (githubapi.repo_gateway.GitHubGateway implements it)."""

from __future__ import annotations

from typing import Protocol

from roadmap_bot.board.model import ObservedBoard
from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.issues.ports import Gateway, Observer
from roadmap_bot.jobs.readme_step import ReadmeStore


class Snapshot(Protocol):
    """What a run reads before it plans, all at once (githubapi/snapshot.py)."""

    @property
    def observed(self) -> ObservedState:
        """The issues bearing the bot's label, with the labels and milestones they carry
        (``complete`` False); ``dependencies`` not set (see ``links``)."""
        ...

    @property
    def readme(self) -> tuple[str, str] | None:
        """The README (text, blob sha), or None: read it through the Contents API."""
        ...

    @property
    def board(self) -> ObservedBoard | None:
        """The board with the issues' cards, when it was read along (None otherwise)."""
        ...


class RepositoryPort(Gateway, Observer, ReadmeStore, Protocol):
    """Issues, labels, milestones and the README of one repository."""

    def list_managed_issues(self) -> list[ObservedIssue]: ...

    def read_snapshot(self, board: ProjectRef | None = None) -> Snapshot:
        """The issues, the README and, when the same token reaches it, the board
        (``board``): one request a page of 100 issues. Until the next write, the gateway
        answers ``dependencies`` and ``marker_issues`` from it too."""
        ...
