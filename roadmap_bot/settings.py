"""The environment, read once into a typed settings object and passed in.

Nothing deeper in the program reads os.environ. Tokens never show in a repr or a log.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from roadmap_bot.errors import RoadmapBotError

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_WRITE_INTERVAL = 1.0
# A rate-limit wait longer than this stops the run cleanly; the next run resumes.
DEFAULT_MAX_WAIT = 120.0
_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class Secret(str):
    """A token: usable as a string, hidden in repr() and f-string debugging."""

    def __repr__(self) -> str:
        return "Secret('***')"


def graphql_url_for(api_url: str) -> str:
    """GitHub's GraphQL endpoint for a REST base: api.github.com/graphql, or
    HOST/api/graphql on GitHub Enterprise Server (REST at HOST/api/v3)."""
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base[: -len("/v3")] + "/graphql"
    return base + "/graphql"


@dataclass(frozen=True)
class GitHubSettings:
    repository: str  # OWNER/NAME
    token: Secret | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    graphql_url: str = ""
    write_interval: float = DEFAULT_WRITE_INTERVAL
    max_wait: float = DEFAULT_MAX_WAIT

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repository.split("/", 1)[1]


def parse_repository(value: str, source: str) -> str:
    value = value.strip()
    if not _REPO_RE.match(value):
        raise RoadmapBotError(f"{source}: '{value}' is not OWNER/NAME (e.g. octocat/roadmap)")
    return value


def github_settings(
    env: Mapping[str, str],
    *,
    repository: str | None = None,
    write_interval: float | None = None,
) -> GitHubSettings:
    """Settings from the environment (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL,
    GITHUB_GRAPHQL_URL, ROADMAP_BOT_WRITE_INTERVAL, ROADMAP_BOT_MAX_WAIT) and options."""
    if repository:
        repo = parse_repository(repository, "--repo")
    elif env.get("GITHUB_REPOSITORY"):
        repo = parse_repository(env["GITHUB_REPOSITORY"], "GITHUB_REPOSITORY")
    else:
        raise RoadmapBotError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    api_url = (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    token = env.get("GITHUB_TOKEN") or None
    return GitHubSettings(
        repository=repo,
        token=Secret(token) if token else None,
        api_url=api_url,
        graphql_url=(env.get("GITHUB_GRAPHQL_URL") or graphql_url_for(api_url)).rstrip("/"),
        write_interval=_seconds(
            write_interval, env, "ROADMAP_BOT_WRITE_INTERVAL", DEFAULT_WRITE_INTERVAL
        ),
        max_wait=_seconds(None, env, "ROADMAP_BOT_MAX_WAIT", DEFAULT_MAX_WAIT),
    )


def _seconds(option: float | None, env: Mapping[str, str], name: str, default: float) -> float:
    if option is not None:
        value = option
    elif env.get(name):
        try:
            value = float(env[name])
        except ValueError:
            raise RoadmapBotError(f"{name}: '{env[name]}' is not a number of seconds") from None
    else:
        return default
    if value < 0:
        raise RoadmapBotError(f"{name}: seconds cannot be negative ({value})")
    return value
