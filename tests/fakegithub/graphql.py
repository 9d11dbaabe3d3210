"""GraphQL endpoint of the fake GitHub.

Documents are parsed and validated with graphql-core against GitHub's published schema
(tests/data/github-api/graphql/schema.graphql, built once per process), then executed with
resolvers from a registry keyed by (GraphQL type name, field name).

Extending (e.g. the Projects v2 part, see projects.py)::

    from fakegithub.graphql import resolver, attr_fields, connection, GqlError

    @resolver("Mutation", "addProjectV2ItemById")
    def _add_item(_root, info, input):        # arguments by their GraphQL names
        ctx = info.context                    # GqlCtx: state, token, api, web
        ...
        return {"item": item}                 # dicts resolve by key

    attr_fields("ProjectV2", {"id": "node_id", "number": "number", "title": "title"})

Objects returned for an interface or union (``node``, ``Actor``...) need a ``GQL_TYPE``
attribute (or a ``"__typename"`` key) naming their concrete type, and, to be reachable by
``node(id:)``, a ``node_id`` registered with ``state.register(obj)``; add a
``VISIBILITY[type_name]`` check when it is not simply "can the token see ``obj.repo``".
A field without a resolver answers an error and records a contract violation of kind
``unimplemented``, so a test never passes on a field the fake does not really answer.
"""

from __future__ import annotations

import base64
import functools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    build_schema,
    execute_sync,
    parse,
    validate,
)

from . import state as st
from .openapi import GRAPHQL_SCHEMA_PATH
from .rest import rate_buckets
from .state import Issue, Label, Milestone, Repository, State, Token, User


@functools.cache
def schema() -> GraphQLSchema:
    """GitHub's schema. ``assume_valid``: graphql-core >= 3.3 rejects GitHub's SDL for
    harmless deprecation mismatches between interfaces and implementations."""
    return build_schema(
        GRAPHQL_SCHEMA_PATH.read_text(encoding="utf-8"), assume_valid=True, assume_valid_sdl=True
    )


# --------------------------------------------------------------------------- errors


class GqlError(Exception):
    """A GitHub-style GraphQL error: ``{"type": ..., "message": ..., "path": ...}``."""

    def __init__(self, type_: str, message: str):
        super().__init__(message)
        self.type = type_
        self.message = message


class Unimplemented(Exception):
    pass


def not_found(message: str) -> GqlError:
    return GqlError("NOT_FOUND", message)


# --------------------------------------------------------------------------- registry


@dataclass
class GqlCtx:
    state: State
    token: Token | None
    api: str
    web: str
    violations: list[dict[str, Any]] = field(default_factory=list)


Resolver = Callable[..., Any]
RESOLVERS: dict[tuple[str, str], Resolver] = {}
VISIBILITY: dict[str, Callable[[GqlCtx, Any], bool]] = {}


def resolver(type_name: str, field_name: str) -> Callable[[Resolver], Resolver]:
    def deco(fn: Resolver) -> Resolver:
        RESOLVERS[(type_name, field_name)] = fn
        return fn

    return deco


def attr_fields(type_name: str, mapping: dict[str, str | Callable[[Any], Any]]) -> None:
    """Register simple fields: a GraphQL field name to an attribute name or a function."""
    for gql_name, how in mapping.items():
        if callable(how):
            RESOLVERS[(type_name, gql_name)] = lambda obj, _info, _f=how, **_a: _f(obj)
        else:
            RESOLVERS[(type_name, gql_name)] = lambda obj, _info, _n=how, **_a: getattr(obj, _n)


def _field_resolver(source: Any, info: Any, **args: Any) -> Any:
    fn = RESOLVERS.get((info.parent_type.name, info.field_name))
    if fn is not None:
        return fn(source, info, **args)
    if isinstance(source, dict) and info.field_name in source:
        return source[info.field_name]
    raise Unimplemented(f"fakegithub does not implement {info.parent_type.name}.{info.field_name}")


def _type_resolver(value: Any, _info: Any, _abstract: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("__typename")
    return getattr(value, "GQL_TYPE", None)


# --------------------------------------------------------------------------- helpers


def encode_cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])
    except Exception:
        raise GqlError(
            "INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor."
        ) from None


def connection(items: list[Any], info: Any, args: dict[str, Any], max_page: int = 100) -> dict:
    """A GitHub connection over ``items``: first/after/last/before, nodes, edges,
    pageInfo, totalCount; with GitHub's rules on missing and excessive page sizes."""
    name = info.field_name
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GqlError(
            "MISSING_PAGINATION_BOUNDARIES",
            f"You must provide a `first` or `last` value to properly paginate the `{name}` connection.",
        )
    for arg, value in (("first", first), ("last", last)):
        if value is not None and value > max_page:
            raise GqlError(
                "EXCESSIVE_PAGINATION",
                f"Requesting {value} records on the `{name}` connection exceeds the `{arg}` limit of {max_page} records.",
            )
        if value is not None and value < 0:
            raise GqlError(
                "INVALID_PAGINATION",
                f"`{arg}` on the `{name}` connection cannot be less than zero.",
            )
    start, end = 0, len(items)
    if args.get("after"):
        start = decode_cursor(args["after"]) + 1
    if args.get("before"):
        end = min(end, decode_cursor(args["before"]))
    idx = list(range(start, max(start, end)))
    if first is not None:
        idx = idx[:first]
    if last is not None:
        idx = idx[-last:] if last else []
    edges = [{"cursor": encode_cursor(i), "node": items[i]} for i in idx]
    return {
        "nodes": [items[i] for i in idx],
        "edges": edges,
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": bool(idx) and idx[-1] < len(items) - 1,
            "hasPreviousPage": bool(idx) and idx[0] > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def visible(ctx: GqlCtx, obj: Any) -> bool:
    check = VISIBILITY.get(getattr(obj, "GQL_TYPE", ""))
    if check is not None:
        return check(ctx, obj)
    if isinstance(obj, Repository):
        return ctx.state.can_see(obj, ctx.token)
    repo = getattr(obj, "repo", None)
    if repo is None and hasattr(obj, "issue"):
        repo = obj.issue.repo
    if repo is not None:
        return ctx.state.can_see(repo, ctx.token)
    return True


def node_or_error(ctx: GqlCtx, node_id: str, *types: type) -> Any:
    obj = ctx.state.nodes.get(node_id)
    if obj is None or (types and not isinstance(obj, types)) or not visible(ctx, obj):
        raise not_found(f"Could not resolve to a node with the global id of '{node_id}'")
    return obj


def enum_up(value: str | None) -> str | None:
    return value.upper() if value is not None else None


# --------------------------------------------------------------------------- Query


@resolver("Query", "viewer")
def _viewer(_root: Any, info: Any) -> User:
    return info.context.state.actor_user(info.context.token)


@resolver("Query", "rateLimit")
def _rate_limit(_root: Any, info: Any, dryRun: bool = False) -> dict[str, Any]:
    ctx: GqlCtx = info.context
    g = rate_buckets(ctx.state, ctx.token)["graphql"]
    return {
        "cost": 1,
        "limit": g["limit"],
        "remaining": g["remaining"],
        "used": g["used"],
        "nodeCount": 1,
        "resetAt": ctx.state.clock.iso(g["reset"]),
    }


@resolver("Query", "node")
def _node(_root: Any, info: Any, id: str) -> Any:
    return node_or_error(info.context, id)


@resolver("Query", "nodes")
def _nodes(_root: Any, info: Any, ids: list[str]) -> list[Any]:
    out: list[Any] = []
    for node_id in ids:
        try:
            out.append(node_or_error(info.context, node_id))
        except GqlError as e:
            out.append(e)
    return out


@resolver("Query", "repository")
def _repository(
    _root: Any, info: Any, owner: str, name: str, followRenames: bool = True
) -> Repository:
    ctx: GqlCtx = info.context
    repo = ctx.state.repos.get(f"{owner}/{name}".lower())
    if repo is None or not ctx.state.can_see(repo, ctx.token):
        raise not_found(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
    return repo


@resolver("Query", "user")
def _user(_root: Any, info: Any, login: str) -> User:
    u = info.context.state.users.get(login.lower())
    if u is None or u.type != "User":
        raise not_found(f"Could not resolve to a User with the login of '{login}'.")
    return u


@resolver("Query", "organization")
def _organization(_root: Any, info: Any, login: str) -> User:
    u = info.context.state.users.get(login.lower())
    if u is None or u.type != "Organization":
        raise not_found(f"Could not resolve to an Organization with the login of '{login}'.")
    return u


# --------------------------------------------------------------------------- object types


def _user_fields(type_name: str) -> None:
    attr_fields(
        type_name,
        {
            "id": "node_id",
            "login": "login",
            "databaseId": "id",
            "name": "name",
            "email": lambda u: u.email or "",
            "createdAt": "created_at",
        },
    )
    resolver(type_name, "url")(lambda u, info: f"{info.context.web}/{u.login}")
    resolver(type_name, "resourcePath")(lambda u, _info: f"/{u.login}")
    resolver(type_name, "avatarUrl")(
        lambda u, info, size=None: f"{info.context.web}/avatars/{u.login}"
    )


for _t in ("User", "Organization", "Bot"):
    _user_fields(_t)


attr_fields(
    "Repository",
    {
        "id": "node_id",
        "databaseId": "id",
        "name": "name",
        "nameWithOwner": "full_name",
        "owner": "owner",
        "isPrivate": "private",
        "hasIssuesEnabled": "has_issues",
        "hasProjectsEnabled": "has_projects",
        "description": "description",
        "createdAt": "created_at",
        "visibility": lambda r: "PRIVATE" if r.private else "PUBLIC",
        "isArchived": lambda r: False,
        "isFork": lambda r: False,
        "defaultBranchRef": lambda r: {
            "__typename": "Ref",
            "name": r.default_branch,
            "prefix": "refs/heads/",
            "id": f"REF_kwDOFAKE{r.id}",
        },
    },
)
resolver("Repository", "url")(lambda r, info: f"{info.context.web}/{r.full_name}")
resolver("Repository", "resourcePath")(lambda r, _info: f"/{r.full_name}")


@resolver("Repository", "viewerPermission")
def _viewer_permission(repo: Repository, info: Any) -> str | None:
    perm = info.context.state.permission(repo, info.context.token)
    return None if perm == "none" else perm.upper()


@resolver("Repository", "issue")
def _repo_issue(repo: Repository, info: Any, number: int) -> Issue:
    issue = repo.issues.get(number)
    if not repo.has_issues:
        raise GqlError("UNPROCESSABLE", "Issues are disabled for this repo")
    if issue is None:
        raise not_found(f"Could not resolve to an Issue with the number of {number}.")
    return issue


_ISSUE_ORDER = {"CREATED_AT": "created_at", "UPDATED_AT": "updated_at"}


def _order_issues(issues: list[Issue], order: dict[str, str] | None) -> list[Issue]:
    if not order:
        return sorted(issues, key=lambda i: i.number)
    fld, direction = order["field"], order["direction"]
    if fld == "COMMENTS":

        def key(i: Issue) -> Any:
            return (len(i.comments), i.number)

    else:

        def key(i: Issue) -> Any:
            return (getattr(i, _ISSUE_ORDER[fld]), i.number)

    return sorted(issues, key=key, reverse=direction == "DESC")


@resolver("Repository", "issues")
def _repo_issues(repo: Repository, info: Any, **args: Any) -> dict:
    issues = list(repo.issues.values()) if repo.has_issues else []
    states = args.get("states")
    if states:
        issues = [i for i in issues if i.state.upper() in states]
    labels = args.get("labels")
    if labels:  # GitHub: any of the labels
        wanted = {name.lower() for name in labels}
        issues = [i for i in issues if wanted & {n.lower() for n in i.label_names}]
    fb = args.get("filterBy") or {}
    if fb.get("states"):
        issues = [i for i in issues if i.state.upper() in fb["states"]]
    if fb.get("labels"):
        wanted = {name.lower() for name in fb["labels"]}
        issues = [i for i in issues if wanted & {n.lower() for n in i.label_names}]
    if fb.get("milestoneNumber"):
        mn = fb["milestoneNumber"]
        if mn == "*":
            issues = [i for i in issues if i.milestone is not None]
        elif mn == "none":
            issues = [i for i in issues if i.milestone is None]
        else:
            issues = [i for i in issues if i.milestone and str(i.milestone.number) == mn]
    if fb.get("createdBy"):
        issues = [i for i in issues if i.user.login.lower() == fb["createdBy"].lower()]
    if fb.get("since"):
        issues = [i for i in issues if i.updated_at >= fb["since"]]
    return connection(_order_issues(issues, args.get("orderBy")), info, args)


@resolver("Repository", "label")
def _repo_label(repo: Repository, _info: Any, name: str) -> Label | None:
    return repo.label(name)


@resolver("Repository", "labels")
def _repo_labels(repo: Repository, info: Any, **args: Any) -> dict:
    labels = list(repo.labels)
    if args.get("query"):
        needle = args["query"].lower()
        labels = [lb for lb in labels if needle in lb.name.lower()]
    order = args.get("orderBy")
    if order:
        key = (
            (lambda lb: lb.name.lower()) if order["field"] == "NAME" else (lambda lb: lb.created_at)
        )
        labels.sort(key=key, reverse=order["direction"] == "DESC")
    return connection(labels, info, args)


@resolver("Repository", "milestone")
def _repo_milestone(repo: Repository, _info: Any, number: int) -> Milestone | None:
    return repo.milestones.get(number)


@resolver("Repository", "milestones")
def _repo_milestones(repo: Repository, info: Any, **args: Any) -> dict:
    items = sorted(repo.milestones.values(), key=lambda m: m.number)
    if args.get("states"):
        items = [m for m in items if m.state.upper() in args["states"]]
    if args.get("query"):
        items = [m for m in items if args["query"].lower() in m.title.lower()]
    order = args.get("orderBy")
    if order:
        keys = {
            "CREATED_AT": lambda m: m.created_at,
            "UPDATED_AT": lambda m: m.updated_at,
            "NUMBER": lambda m: m.number,
            "DUE_DATE": lambda m: (m.due_on is None, m.due_on or ""),
        }
        items.sort(key=keys[order["field"]], reverse=order["direction"] == "DESC")
    return connection(items, info, args)


attr_fields(
    "Issue",
    {
        "id": "node_id",
        "databaseId": "id",
        "fullDatabaseId": lambda i: str(i.id),
        "number": "number",
        "title": "title",
        "body": lambda i: i.body or "",
        "state": lambda i: i.state.upper(),
        "closed": lambda i: i.state == "closed",
        "closedAt": "closed_at",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "author": "user",
        "milestone": "milestone",
        "parent": "parent",
        "repository": "repo",
        "locked": lambda i: False,
        "subIssuesSummary": lambda i: {
            "total": len(i.sub_issues),
            "completed": sum(1 for c in i.sub_issues if c.state == "closed"),
            "percentCompleted": (
                sum(1 for c in i.sub_issues if c.state == "closed") * 100 // len(i.sub_issues)
                if i.sub_issues
                else 0
            ),
        },
    },
)
resolver("Issue", "stateReason")(lambda i, _info, enableDuplicate=False: enum_up(i.state_reason))
resolver("Issue", "url")(lambda i, info: f"{info.context.web}/{i.repo.full_name}/issues/{i.number}")
resolver("Issue", "resourcePath")(lambda i, _info: f"/{i.repo.full_name}/issues/{i.number}")
resolver("Issue", "labels")(lambda i, info, **a: connection(list(i.labels), info, a))
resolver("Issue", "subIssues")(lambda i, info, **a: connection(list(i.sub_issues), info, a))
resolver("Issue", "assignees")(lambda i, info, **a: connection(list(i.assignees), info, a))
resolver("Issue", "comments")(lambda i, info, **a: connection(list(i.comments), info, a))
resolver("Issue", "viewerCanUpdate")(
    lambda i, info: (
        st.level(info.context.state.permission(i.repo, info.context.token)) >= st.level("triage")
    )
)

attr_fields(
    "IssueComment",
    {
        "id": "node_id",
        "databaseId": "id",
        "body": "body",
        "author": "user",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "issue": "issue",
    },
)

attr_fields(
    "Label",
    {
        "id": "node_id",
        "name": "name",
        "color": "color",
        "description": "description",
        "isDefault": "default",
        "createdAt": "created_at",
        "updatedAt": "created_at",
        "repository": "repo",
    },
)
resolver("Label", "url")(
    lambda lb, info: f"{info.context.web}/{lb.repo.full_name}/labels/{lb.name}"
)

attr_fields(
    "Milestone",
    {
        "id": "node_id",
        "number": "number",
        "title": "title",
        "description": "description",
        "state": lambda m: m.state.upper(),
        "closed": lambda m: m.state == "closed",
        "closedAt": "closed_at",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "dueOn": "due_on",
        "creator": "creator",
        "repository": "repo",
        "progressPercentage": lambda m: (
            100.0 * m.closed_issues / (m.open_issues + m.closed_issues)
            if (m.open_issues + m.closed_issues)
            else 0.0
        ),
    },
)
resolver("Milestone", "url")(
    lambda m, info: f"{info.context.web}/{m.repo.full_name}/milestone/{m.number}"
)


@resolver("Milestone", "issues")
def _milestone_issues(ms: Milestone, info: Any, **args: Any) -> dict:
    issues = [i for i in ms.repo.issues.values() if i.milestone is ms]
    if args.get("states"):
        issues = [i for i in issues if i.state.upper() in args["states"]]
    return connection(_order_issues(issues, args.get("orderBy")), info, args)


# --------------------------------------------------------------------------- mutations


def _issue_node(ctx: GqlCtx, node_id: str) -> Issue:
    return node_or_error(ctx, node_id, Issue)


@resolver("Mutation", "createIssue")
def _create_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    repo = node_or_error(ctx, input["repositoryId"], Repository)
    labels = [node_or_error(ctx, lid, Label) for lid in input.get("labelIds") or []]
    for lb in labels:
        if lb.repo is not repo:
            raise not_found(f"Could not resolve to a node with the global id of '{lb.node_id}'")
    ms = None
    if input.get("milestoneId"):
        ms = node_or_error(ctx, input["milestoneId"], Milestone)
        if ms.repo is not repo:
            raise not_found(f"Could not resolve to a node with the global id of '{ms.node_id}'")
    assignees = [node_or_error(ctx, uid, User).login for uid in input.get("assigneeIds") or []]
    parent = _issue_node(ctx, input["parentIssueId"]) if input.get("parentIssueId") else None
    if input.get("projectIds"):
        raise Unimplemented("fakegithub does not implement classic projects (projectIds)")
    # projectV2Ids (schema of 2026-06-26): the new issue goes onto these boards in the same
    # request; every board is resolved (and the token's access checked) before anything acts.
    boards = RESOLVE_BOARDS(ctx, input["projectV2Ids"]) if input.get("projectV2Ids") else []
    issue = ctx.state.create_issue(
        repo,
        ctx.token,
        input["title"],
        input.get("body"),
        labels=[lb.name for lb in labels],
        milestone=ms,
        assignees=assignees,
        parent=parent,
    )
    for board in boards:
        ADD_TO_BOARD(ctx, board, issue)
    return {"clientMutationId": input.get("clientMutationId"), "issue": issue}


# createIssue(projectV2Ids:) hooks, set by projects.py: the boards of these node ids (access
# checked: raises GitHub's error), and adding an issue to one.
def _no_boards(_ctx: GqlCtx, _ids: list[str]) -> list[Any]:
    raise Unimplemented("fakegithub.projects is not loaded: no createIssue(projectV2Ids:)")


RESOLVE_BOARDS: Callable[[GqlCtx, list[str]], list[Any]] = _no_boards


def _no_board(_ctx: GqlCtx, _board: Any, _issue: Issue) -> Any:
    raise Unimplemented("fakegithub.projects is not loaded: no createIssue(projectV2Ids:)")


ADD_TO_BOARD: Callable[[GqlCtx, Any, Issue], Any] = _no_board


@resolver("Mutation", "updateIssue")
def _update_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    issue = _issue_node(ctx, input["id"])
    changes: dict[str, Any] = {}
    if "title" in input and input["title"] is not None:
        changes["title"] = input["title"]
    if "body" in input:
        changes["body"] = input["body"]
    if input.get("state"):
        changes["state"] = input["state"].lower()
    if "labelIds" in input and input["labelIds"] is not None:
        changes["labels"] = [node_or_error(ctx, x, Label).name for x in input["labelIds"]]
    if "milestoneId" in input:
        changes["milestone"] = (
            node_or_error(ctx, input["milestoneId"], Milestone) if input["milestoneId"] else None
        )
    if "assigneeIds" in input and input["assigneeIds"] is not None:
        changes["assignees"] = [node_or_error(ctx, x, User).login for x in input["assigneeIds"]]
    if input.get("projectIds"):
        raise Unimplemented("fakegithub does not implement updateIssue(projectIds:)")
    ctx.state.update_issue(issue, ctx.token, **changes)
    return {
        "clientMutationId": input.get("clientMutationId"),
        "issue": issue,
        "actor": ctx.token.user,
    }


@resolver("Mutation", "closeIssue")
def _close_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    issue = _issue_node(ctx, input["issueId"])
    reason = (input.get("stateReason") or "COMPLETED").lower()
    ctx.state.update_issue(issue, ctx.token, state="closed", state_reason=reason)
    return {"clientMutationId": input.get("clientMutationId"), "issue": issue}


@resolver("Mutation", "reopenIssue")
def _reopen_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    issue = _issue_node(ctx, input["issueId"])
    ctx.state.update_issue(issue, ctx.token, state="open")
    return {"clientMutationId": input.get("clientMutationId"), "issue": issue}


def _sub_issue_from_input(ctx: GqlCtx, input: dict[str, Any]) -> Issue:
    if input.get("subIssueId"):
        return _issue_node(ctx, input["subIssueId"])
    url = input.get("subIssueUrl")
    if url:
        prefix = f"{ctx.web}/"
        if url.startswith(prefix):
            parts = url[len(prefix) :].split("/")
            if len(parts) == 4 and parts[2] == "issues" and parts[3].isdigit():
                repo = ctx.state.repos.get(f"{parts[0]}/{parts[1]}".lower())
                if repo is not None and ctx.state.can_see(repo, ctx.token):
                    issue = repo.issues.get(int(parts[3]))
                    if issue is not None:
                        return issue
        raise not_found(f"Could not resolve to an Issue with the URL of '{url}'.")
    raise GqlError("UNPROCESSABLE", "Either subIssueId or subIssueUrl must be provided.")


@resolver("Mutation", "addSubIssue")
def _add_sub_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    parent = _issue_node(ctx, input["issueId"])
    child = _sub_issue_from_input(ctx, input)
    ctx.state.add_sub_issue(parent, ctx.token, child, bool(input.get("replaceParent")))
    return {"clientMutationId": input.get("clientMutationId"), "issue": parent, "subIssue": child}


@resolver("Mutation", "removeSubIssue")
def _remove_sub_issue(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    parent = _issue_node(ctx, input["issueId"])
    child = _issue_node(ctx, input["subIssueId"])
    ctx.state.remove_sub_issue(parent, ctx.token, child)
    return {"clientMutationId": input.get("clientMutationId"), "issue": parent, "subIssue": child}


@resolver("Mutation", "reprioritizeSubIssue")
def _reprioritize(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    parent = _issue_node(ctx, input["issueId"])
    child = _issue_node(ctx, input["subIssueId"])
    after = _issue_node(ctx, input["afterId"]) if input.get("afterId") else None
    before = _issue_node(ctx, input["beforeId"]) if input.get("beforeId") else None
    ctx.state.reprioritize_sub_issue(parent, ctx.token, child, after, before)
    return {"clientMutationId": input.get("clientMutationId"), "issue": parent}


@resolver("Mutation", "addLabelsToLabelable")
def _add_labels(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    issue = _issue_node(ctx, input["labelableId"])
    labels = [node_or_error(ctx, x, Label) for x in input["labelIds"]]
    ctx.state.add_labels(issue, ctx.token, [lb.name for lb in labels])
    return {"clientMutationId": input.get("clientMutationId"), "labelable": issue}


@resolver("Mutation", "removeLabelsFromLabelable")
def _remove_labels(_root: Any, info: Any, input: dict[str, Any]) -> dict:
    ctx: GqlCtx = info.context
    issue = _issue_node(ctx, input["labelableId"])
    labels = [node_or_error(ctx, x, Label) for x in input["labelIds"]]
    remaining = [lb.name for lb in issue.labels if lb not in labels]
    ctx.state.set_labels(issue, ctx.token, remaining)
    return {"clientMutationId": input.get("clientMutationId"), "labelable": issue}


# --------------------------------------------------------------------------- running


@dataclass
class Prepared:
    document: DocumentNode
    operation: OperationDefinitionNode | None
    operation_name: str | None
    variables: dict[str, Any] | None
    kind: str  # "query" | "mutation" | "subscription"
    root_fields: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.operation is not None and self.operation.name is not None:
            return f"graphql:{self.operation.name.value}"
        return f"graphql:{self.root_fields[0] if self.root_fields else 'unknown'}"


def _error_json(error: GraphQLError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    orig = error.original_error
    if isinstance(orig, GqlError):
        out["type"] = orig.type
    elif isinstance(orig, st.FakeError):
        out["type"] = orig.gql_type
        out["message"] = orig.message
    return out


@functools.lru_cache(maxsize=1024)
def checked(source: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """A document parsed and validated against the schema (None with the syntax error when
    it does not parse). Validation is most of the fake's time, and a client sends the same
    few documents again and again: each is checked once (execution never changes it)."""
    try:
        document = parse(source)
    except GraphQLError as e:
        return None, (e,)
    return document, tuple(validate(schema(), document))


def prepare(body: Any) -> Prepared | list[dict[str, Any]]:
    """Parse and validate a request body; GitHub-style ``errors`` on failure."""
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return [{"message": "A query attribute must be specified and must be a string."}]
    variables = body.get("variables")
    if variables is not None and not isinstance(variables, dict):
        return [{"message": "Variables are invalid JSON."}]
    document, errors = checked(body["query"])
    if document is None or errors:
        return [_error_json(e) for e in errors]
    name = body.get("operationName")
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        op = next((o for o in ops if o.name and o.name.value == name), None)
    else:
        op = ops[0] if len(ops) == 1 else None
    if op is None:
        msg = (
            f"Unknown operation named '{name}'."
            if name
            else "An operation name is required when the document has several operations."
        )
        return [{"message": msg}]
    fields = tuple(sel.name.value for sel in op.selection_set.selections if hasattr(sel, "name"))
    kind = {
        OperationType.QUERY: "query",
        OperationType.MUTATION: "mutation",
        OperationType.SUBSCRIPTION: "subscription",
    }[op.operation]
    return Prepared(document, op, name, variables, kind, fields)


def run(prepared: Prepared, ctx: GqlCtx) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute; returns (response JSON, violations). Variable errors are violations."""
    violations: list[dict[str, Any]] = []
    result = execute_sync(
        schema(),
        prepared.document,
        context_value=ctx,
        variable_values=prepared.variables,
        operation_name=prepared.operation_name,
        field_resolver=_field_resolver,
        type_resolver=_type_resolver,
    )
    if result.data is None and result.errors and all(not e.path for e in result.errors):
        # request errors (variables that do not coerce): the caller's fault
        errors = [_error_json(e) for e in result.errors]
        violations.append({"kind": "invalid-graphql-variables", "errors": errors})
        return {"errors": errors}, violations
    out: dict[str, Any] = {"data": result.data}
    if result.errors:
        out["errors"] = []
        for e in result.errors:
            out["errors"].append(_error_json(e))
            orig = e.original_error
            if isinstance(orig, Unimplemented):
                violations.append({"kind": "unimplemented", "message": str(orig)})
            elif orig is not None and not isinstance(orig, GqlError | st.FakeError):
                violations.append(
                    {
                        "kind": "fake-bug",
                        "message": "".join(
                            traceback.format_exception(type(orig), orig, orig.__traceback__)
                        ),
                    }
                )
    return out, violations


def install_extensions() -> None:
    """Import optional resolver modules (the Projects v2 part) so they register."""
    # Both import this module: imported here, once it is defined.
    from . import graphql_dependencies, graphql_git  # noqa: F401, PLC0415

    try:
        from . import projects  # noqa: F401, PLC0415 - projects imports this module
    except ImportError as e:  # pragma: no cover - only while projects.py does not exist
        if "projects" not in str(e):
            raise


install_extensions()
