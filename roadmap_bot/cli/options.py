"""The options several commands share: the roadmap, the README, the board; and the
progress page's URL for the README."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.readme.progress import PAGE_URL_RE

F = TypeVar("F", bound=Callable[..., Any])

PAGES_URL_VARIABLE = "ROADMAP_PAGES_URL"


def pages_url_from(env: Mapping[str, str]) -> str | None:
    """The progress page the README's progress block links to: $ROADMAP_PAGES_URL.
    Unset: the block keeps the link it has; empty: no link; else an http(s) URL."""
    value = env.get(PAGES_URL_VARIABLE)
    if value is None:
        return None
    value = value.strip()
    if value and not PAGE_URL_RE.fullmatch(value):
        raise RoadmapBotError(
            f"{PAGES_URL_VARIABLE}: '{value}' is not an http(s) URL (such as "
            "https://octocat.github.io/roadmap/); leave it empty for no link"
        )
    return value


def roadmap_option(function: F) -> F:
    return click.option(
        "--roadmap",
        "roadmap_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default="roadmap.yaml",
        show_default=True,
        help="The roadmap file.",
    )(function)


def readme_option(function: F) -> F:
    return click.option(
        "--readme",
        "readme_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default="README.md",
        show_default=True,
        help="The README holding the checklist.",
    )(function)


def project_options(function: F) -> F:
    function = click.option(
        "--create-project",
        metavar="TITLE",
        help="Find the owner's board of this title, or create it (linked to the repository). "
        "Default: $ROADMAP_CREATE_PROJECT.",
    )(function)
    return click.option(
        "--project",
        metavar="URL|OWNER/NUMBER",
        help="The Projects board to keep in step (https://github.com/users/NAME/projects/N). "
        "Default: $ROADMAP_PROJECT; token: $ROADMAP_PROJECT_TOKEN, else $GITHUB_TOKEN.",
    )(function)
