"""The only place that talks to GitHub: :mod:`.client` (transport, throttling, rate limits,
retries, errors) and :mod:`.repo` (typed reads and writes on one repository)."""

from __future__ import annotations

from roadmap_bot.githubapi.client import (
    GitHubAPIError,
    GitHubClient,
    GitHubUnavailableError,
    GraphQLErrorInfo,
    GraphQLQueryError,
    GraphQLResult,
    IssuesDisabledError,
    LostAnswerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestStats,
    ValidationFailedError,
)
from roadmap_bot.githubapi.repo import IssueComment, RepositoryInfo

__all__ = [
    "GitHubAPIError",
    "GitHubClient",
    "GitHubUnavailableError",
    "GraphQLErrorInfo",
    "GraphQLQueryError",
    "GraphQLResult",
    "IssueComment",
    "IssuesDisabledError",
    "LostAnswerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RepositoryInfo",
    "RequestStats",
    "ValidationFailedError",
]
