"""The wiring of the real objects: clients, the repository gateway, the board job."""

from __future__ import annotations

import dataclasses
from contextlib import ExitStack
from pathlib import Path

from roadmap_bot.board.settings import BoardSettings
from roadmap_bot.clock import SystemClock
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi.board_reads import BoardReader
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import TOKEN_MISSING_MESSAGE
from roadmap_bot.githubapi.projects import ProjectsGateway
from roadmap_bot.githubapi.repo_gateway import GitHubGateway
from roadmap_bot.jobs.board_step import BoardJob
from roadmap_bot.settings import GitHubSettings


def build_client(settings: GitHubSettings, stack: ExitStack) -> GitHubClient:
    """The repository's client, closed with ``stack``."""
    return stack.enter_context(GitHubClient(settings, SystemClock()))


def require_token(settings: GitHubSettings) -> None:
    """Fail at once, not after the first requests, when GitHub would need a token."""
    if settings.token is None:
        raise GitHubError(TOKEN_MISSING_MESSAGE.format(token_name="GITHUB_TOKEN"))


def build_gateway(
    settings: GitHubSettings,
    client: GitHubClient,
    readme_path: Path,
    board_job: BoardJob | None = None,
) -> GitHubGateway:
    """The repository's gateway, with ``board_job``'s reader: one document a page reads
    the issues, the README and the board's cards."""
    reader = None
    if board_job is not None and isinstance(board_job.gateway, BoardReader):
        reader = board_job.gateway
    return GitHubGateway(
        client,
        settings.owner,
        settings.name,
        readme_path=readme_path.as_posix(),
        board_reader=reader,
    )


def build_board_job(
    board: BoardSettings, settings: GitHubSettings, client: GitHubClient, stack: ExitStack
) -> BoardJob | None:
    """The board's job: through a client of its own when it has a token of its own."""
    if not board.enabled:
        return None
    if board.own_token:
        board_settings_ = dataclasses.replace(settings, token=board.token)
        client = stack.enter_context(
            GitHubClient(board_settings_, SystemClock(), token_name=board.token_name)
        )
    gateway = ProjectsGateway(client, settings.repository)
    return BoardJob(board, gateway, settings.owner, shares_issue_token=not board.own_token)
