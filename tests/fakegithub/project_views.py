"""Projects (v2) views through REST: ``projects/create-view-for-user`` and
``projects/create-view-for-org`` (GitHub's REST description, added 2026-12-04). A board
starts with one table, "View 1"; each request adds one view. Field ids in the body are the
fields' database ids (GraphQL ``databaseId``); one the board lacks is refused with 422.
Handlers register with rest.handles; views live on the board (:func:`views_of`)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from . import graphql as gql
from .projects import Project, boards, check_access
from .rest import Ctx, Reply, handles, user_json
from .state import Forbidden, NotFound, Unprocessable, User


@dataclass
class View:
    id: int
    number: int
    name: str
    layout: str
    creator: User
    created_at: str
    filter: str | None = None
    visible_fields: list[int] = field(default_factory=list)
    sort_by: list[list[Any]] = field(default_factory=list)
    group_by: list[int] = field(default_factory=list)
    vertical_group_by: list[int] = field(default_factory=list)


_VIEWS: weakref.WeakKeyDictionary[Project, list[View]] = weakref.WeakKeyDictionary()


def views_of(project: Project) -> list[View]:
    """The board's views; a new board has its one default table, "View 1"."""
    if project not in _VIEWS:
        _VIEWS[project] = [View(1, 1, "View 1", "table", project.owner, project.created_at)]
    return _VIEWS[project]


def _board(ctx: Ctx, owner: User | None, number: int) -> Project:
    if owner is None:
        raise NotFound("Not Found")
    project = next((p for p in boards(ctx.state).of(owner) if p.number == number), None)
    if project is None:
        raise NotFound("Not Found")
    try:
        check_access(gql.GqlCtx(ctx.state, ctx.token, ctx.api, ctx.web), project, "write")
    except gql.GqlError as error:
        if error.type == "NOT_FOUND":
            raise NotFound("Not Found") from None
        raise Forbidden(error.message) from None
    return project


def _create(ctx: Ctx, project: Project, path_owner: str) -> Reply:
    b = ctx.body
    known = {f.id for f in project.fields}
    sort_ids = [pair[0] for pair in b.get("sort_by") or ()]
    wanted = [
        *(b.get("visible_fields") or ()),
        *sort_ids,
        *(b.get("group_by") or ()),
        *(b.get("vertical_group_by") or ()),
    ]
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise Unprocessable(
            "Validation Failed",
            [
                {
                    "resource": "ProjectV2View",
                    "code": "invalid",
                    "message": f"Unknown field {unknown[0]}",
                }
            ],
        )
    if any(pair[1] not in ("asc", "desc") for pair in b.get("sort_by") or ()):
        raise Unprocessable("Validation Failed", [{"resource": "ProjectV2View", "code": "invalid"}])
    views = views_of(project)
    assert ctx.token is not None
    view = View(
        ctx.state.new_id(),
        max(v.number for v in views) + 1,
        b["name"],
        b["layout"],
        ctx.token.user,
        ctx.state.clock.tick(),
        b.get("filter"),
        list(b.get("visible_fields") or ()),
        [list(pair) for pair in b.get("sort_by") or ()],
        list(b.get("group_by") or ()),
        list(b.get("vertical_group_by") or ()),
    )
    views.append(view)
    html = f"{ctx.web}/{path_owner}/projects/{project.number}/views/{view.number}"
    body = {
        "id": view.id,
        "number": view.number,
        "name": view.name,
        "layout": view.layout,
        "node_id": f"PVTV_kwDOFAKE{view.id}",
        "project_url": f"{ctx.api}/{path_owner}/projectsV2/{project.number}",
        "html_url": html,
        "creator": user_json(ctx, view.creator),
        "created_at": view.created_at,
        "updated_at": view.created_at,
        "filter": view.filter,
        "visible_fields": view.visible_fields,
        "sort_by": view.sort_by,
        "group_by": view.group_by,
        "vertical_group_by": view.vertical_group_by,
    }
    return Reply(201, body)


@handles("projects/create-view-for-user")
def _create_for_user(ctx: Ctx) -> Reply:
    user_id = str(ctx.params["user_id"])
    owner = next(
        (u for u in ctx.state.users.values() if str(u.id) == user_id and u.type == "User"),
        None,
    )
    project = _board(ctx, owner, int(ctx.params["project_number"]))
    return _create(ctx, project, f"users/{user_id}")


@handles("projects/create-view-for-org")
def _create_for_org(ctx: Ctx) -> Reply:
    login = str(ctx.params["org"]).lower()
    owner = ctx.state.users.get(login)
    if owner is not None and owner.type != "Organization":
        owner = None
    project = _board(ctx, owner, int(ctx.params["project_number"]))
    return _create(ctx, project, f"orgs/{owner.login if owner else login}")
