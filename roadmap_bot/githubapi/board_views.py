"""A board that opens ready: the two views roadmap-bot adds, once, to a board it sets up.

A new board shows one table, "View 1". GitHub's REST API creates views
(``projects/create-view-for-user``: POST /users/{user_id}/projectsV2/{number}/views, and
``projects/create-view-for-org``: POST /orgs/{org}/projectsV2/{number}/views; fields named
by their database ids). roadmap-bot adds a board view with the Status columns, grouped by
Section, and a table sorted by importance (the Importance options run most important first,
so ascending order puts the most important items on top). It does so only in the run that
creates its fields on the board (board/apply.py): a board it set up, never again, and never
a view the learner made or changed. A view is a creation, sent once: a lost answer or a
refusal is reported, not retried (the board works without its views).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from roadmap_bot.board.model import IMPORTANCE, SECTION, STATUS, BoardField
from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.githubapi.client import GitHubClient

BOARD_VIEW = "Roadmap board"
TABLE_VIEW = "By importance"


def views_path(data: Mapping[str, Any] | None, ref: ProjectRef) -> str | None:
    """The REST path of the board's views, from the board read's ``owner``."""
    owner = (data or {}).get("owner")
    if not isinstance(owner, Mapping):
        return None
    if owner.get("__typename") == "Organization":
        login = urllib.parse.quote(str(owner.get("login") or ref.owner), safe="")
        return f"/orgs/{login}/projectsV2/{ref.number}/views"
    if owner.get("__typename") == "User" and isinstance(owner.get("databaseId"), int):
        return f"/users/{owner['databaseId']}/projectsV2/{ref.number}/views"
    return None


def wanted_views(fields: Sequence[BoardField]) -> list[dict[str, Any]]:
    """The bodies of the two views, for the fields the board has (by name)."""
    ids = {f.name: f.database_id for f in fields if f.database_id is not None}
    views: list[dict[str, Any]] = []
    if STATUS in ids:
        board: dict[str, Any] = {
            "name": BOARD_VIEW,
            "layout": "board",
            "vertical_group_by": [ids[STATUS]],
        }
        if SECTION in ids:
            board["group_by"] = [ids[SECTION]]
        views.append(board)
    if IMPORTANCE in ids:
        views.append({"name": TABLE_VIEW, "layout": "table", "sort_by": [[ids[IMPORTANCE], "asc"]]})
    return views


def add_views(
    client: GitHubClient, path: str, fields: Sequence[BoardField], limit: int | None = None
) -> list[str]:
    """Create the views (at most ``limit``); the names of those GitHub made. Stops at the
    first refusal."""
    made: list[str] = []
    for body in wanted_views(fields)[:limit]:
        client.write("POST", path, body, idempotent=False)
        made.append(str(body["name"]))
    return made
