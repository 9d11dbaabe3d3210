"""Which Projects (v2) board to keep in step, and with which token.

Read once from the options and the environment (``ROADMAP_PROJECT``,
``ROADMAP_CREATE_PROJECT``, ``ROADMAP_PROJECT_TOKEN`` falling back to ``GITHUB_TOKEN``),
like :mod:`roadmap_bot.settings`. Pure: nothing here talks to GitHub.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.settings import Secret

PROJECT_TOKEN_ENV = "ROADMAP_PROJECT_TOKEN"
PROJECT_ENV = "ROADMAP_PROJECT"
CREATE_PROJECT_ENV = "ROADMAP_CREATE_PROJECT"
DEFAULT_WEB_URL = "https://github.com"
# GitHub logins: letters, digits and single hyphens, at most 39 characters.
_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_SHORT_RE = re.compile(rf"^(?P<owner>{_LOGIN})/(?P<number>[0-9]+)$")
_PATH_RE = re.compile(
    rf"^/(?P<kind>users|orgs)/(?P<owner>{_LOGIN})/projects/(?P<number>[0-9]+)(?:/.*)?$"
)
_CLASSIC_RE = re.compile(rf"^/{_LOGIN}/[A-Za-z0-9_.-]+/projects(?:/.*)?$")

NOT_A_BOARD_MESSAGE = (
    "{source}: '{value}' does not name a Projects board: give its URL "
    "(https://github.com/users/NAME/projects/NUMBER or "
    "https://github.com/orgs/NAME/projects/NUMBER, as the board's page shows it) or "
    "OWNER/NUMBER (e.g. octocat/1)"
)
CLASSIC_PROJECT_MESSAGE = (
    "{source}: '{value}' is a repository's classic project; roadmap-bot keeps a Projects "
    "board (https://github.com/users/NAME/projects/NUMBER): create one from your profile's "
    "Projects tab and give its URL"
)
BOTH_GIVEN_MESSAGE = (
    "--project and --create-project both name the board: pass --project for an existing "
    "board, or --create-project TITLE to find or create one by its title"
)


@dataclass(frozen=True)
class ProjectRef:
    """A board: its owner's login and its number (``kind`` "users", "orgs", or None when
    given as OWNER/NUMBER, which may be either)."""

    owner: str
    number: int
    kind: str | None = None

    def url(self, web_url: str = DEFAULT_WEB_URL) -> str:
        kind = self.kind or "users"
        return f"{web_url.rstrip('/')}/{kind}/{self.owner}/projects/{self.number}"

    def __str__(self) -> str:
        if self.kind is None:
            return f"{self.owner}/{self.number}"
        return self.url()


def parse_project(value: str, source: str = "--project") -> ProjectRef:
    """A board from its URL (any host: GitHub Enterprise Server too) or OWNER/NUMBER."""
    text = value.strip()
    short = _SHORT_RE.match(text)
    if short:
        return ProjectRef(short["owner"], _number(short["number"], text, source))
    parsed = urllib.parse.urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        path = urllib.parse.unquote(parsed.path).rstrip("/")
        match = _PATH_RE.match(path)
        if match:
            number = _number(match["number"], text, source)
            return ProjectRef(match["owner"], number, match["kind"])
        if _CLASSIC_RE.match(path) and not path.startswith(("/users/", "/orgs/")):
            raise RoadmapBotError(CLASSIC_PROJECT_MESSAGE.format(source=source, value=text))
    raise RoadmapBotError(NOT_A_BOARD_MESSAGE.format(source=source, value=text))


def _number(digits: str, value: str, source: str) -> int:
    number = int(digits)
    if number < 1:
        raise RoadmapBotError(NOT_A_BOARD_MESSAGE.format(source=source, value=value))
    return number


@dataclass(frozen=True)
class BoardSettings:
    """The board (or the title to find or create one by), and the token for it."""

    project: ProjectRef | None = None
    create_title: str | None = None
    token: Secret | None = field(default=None, repr=False)
    # The environment variable the token came from, for messages.
    token_name: str = PROJECT_TOKEN_ENV

    @property
    def enabled(self) -> bool:
        return self.project is not None or self.create_title is not None

    @property
    def own_token(self) -> bool:
        """Whether the board has a token of its own (a second client is needed)."""
        return self.token_name == PROJECT_TOKEN_ENV

    def describe(self) -> str:
        if self.project is not None:
            return str(self.project)
        return f"'{self.create_title}'"


def board_settings(
    env: Mapping[str, str],
    *,
    project: str | None = None,
    create_project: str | None = None,
    default_title: str = "Roadmap",
) -> BoardSettings:
    """The board from --project / --create-project, else ROADMAP_PROJECT /
    ROADMAP_CREATE_PROJECT ("true" creates one titled ``default_title``, "false" or empty
    none, anything else is the title). A project given explicitly wins over the other."""
    project = (project or "").strip() or None
    create_project = (create_project or "").strip() or None
    if project and create_project:
        raise RoadmapBotError(BOTH_GIVEN_MESSAGE)
    ref: ProjectRef | None = None
    title: str | None = None
    if project:
        ref = parse_project(project, "--project")
    elif create_project:
        title = create_project
    elif (env.get(PROJECT_ENV) or "").strip():
        ref = parse_project(env[PROJECT_ENV], PROJECT_ENV)
    else:
        title = _create_title(env.get(CREATE_PROJECT_ENV) or "", default_title)
    token = env.get(PROJECT_TOKEN_ENV) or None
    token_name = PROJECT_TOKEN_ENV
    if token is None:
        token = env.get("GITHUB_TOKEN") or None
        token_name = "GITHUB_TOKEN"
    return BoardSettings(
        project=ref,
        create_title=title,
        token=Secret(token) if token else None,
        token_name=token_name,
    )


def _create_title(value: str, default_title: str) -> str | None:
    text = value.strip()
    if text.lower() in ("", "false", "no", "0"):
        return None
    if text.lower() in ("true", "yes", "1"):
        return default_title
    return text
