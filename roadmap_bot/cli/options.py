"""The options several commands share: the roadmap, the README, the board."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


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
