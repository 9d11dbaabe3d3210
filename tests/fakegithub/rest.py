"""REST handlers of the fake GitHub, one per operation of openapi-subset.json.

Handlers get a :class:`Ctx` (state, token, typed parameters, validated JSON body, base URLs)
and return a :class:`Reply`. They raise :mod:`state` errors for GitHub's error answers.
Routing and validation happen in :mod:`app` before a handler runs; an operation of the
subset without a handler here answers 501 and is recorded as a gap of the fake.

To add an operation: write ``@handles("operation/id") def _(ctx): ...``.
"""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import dependencies
from . import state as st
from .state import (
    Comment,
    Commit,
    Issue,
    Label,
    Milestone,
    NotFound,
    Repository,
    State,
    Token,
    Unprocessable,
    User,
)


@dataclass
class Ctx:
    state: State
    token: Token | None
    api: str  # REST base URL, e.g. http://127.0.0.1:PORT or http://127.0.0.1:PORT/api/v3
    web: str  # "html" base URL, e.g. http://127.0.0.1:PORT
    path: str  # request path without the prefix and query
    params: dict[str, Any]  # typed path and query parameters
    query: dict[str, list[str]]  # raw query parameters
    body: Any

    def repo(self) -> Repository:
        return self.state.find_repo(self.params["owner"], self.params["repo"], self.token)

    def issue(self) -> Issue:
        return self.state.get_issue(self.repo(), self.params["issue_number"])


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON-able, or None for no body
    headers: dict[str, str] = field(default_factory=dict)


HANDLERS: dict[str, Callable[[Ctx], Reply]] = {}


def handles(operation_id: str) -> Callable[[Callable[[Ctx], Reply]], Callable[[Ctx], Reply]]:
    def deco(fn: Callable[[Ctx], Reply]) -> Callable[[Ctx], Reply]:
        HANDLERS[operation_id] = fn
        return fn

    return deco


# --------------------------------------------------------------------------- JSON shapes


def q(s: str) -> str:
    return urllib.parse.quote(s, safe="")


def user_json(ctx: Ctx, u: User | None) -> dict[str, Any] | None:
    if u is None:
        return None
    api = f"{ctx.api}/users/{u.login}"
    return {
        "login": u.login,
        "id": u.id,
        "node_id": u.node_id,
        "avatar_url": f"{ctx.web}/avatars/{u.login}",
        "gravatar_id": "",
        "url": api,
        "html_url": f"{ctx.web}/{u.login}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": u.type,
        "site_admin": False,
        "user_view_type": "public",
    }


def repo_json(ctx: Ctx, repo: Repository) -> dict[str, Any]:
    api = f"{ctx.api}/repos/{repo.full_name}"
    perm = st.level(ctx.state.permission(repo, ctx.token))
    open_count = sum(1 for i in repo.issues.values() if i.state == "open")
    out: dict[str, Any] = {
        "id": repo.id,
        "node_id": repo.node_id,
        "name": repo.name,
        "full_name": repo.full_name,
        "owner": user_json(ctx, repo.owner),
        "private": repo.private,
        "visibility": "private" if repo.private else "public",
        "html_url": f"{ctx.web}/{repo.full_name}",
        "description": repo.description,
        "fork": False,
        "url": api,
        "homepage": None,
        "language": None,
        "forks_count": 0,
        "forks": 0,
        "stargazers_count": 0,
        "watchers_count": 0,
        "watchers": 0,
        "size": sum(len(c) for c in repo.files.values()) // 1024,
        "default_branch": repo.default_branch,
        "open_issues_count": open_count,
        "open_issues": open_count,
        "is_template": False,
        "topics": [],
        "has_issues": repo.has_issues,
        "has_projects": repo.has_projects,
        "has_wiki": False,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "mirror_url": None,
        "license": None,
        "pushed_at": repo.created_at,
        "created_at": repo.created_at,
        "updated_at": repo.created_at,
        "network_count": 0,
        "subscribers_count": 0,
        "allow_forking": True,
        "web_commit_signoff_required": False,
        "clone_url": f"{ctx.web}/{repo.full_name}.git",
        "git_url": f"git://fake/{repo.full_name}.git",
        "ssh_url": f"git@fake:{repo.full_name}.git",
        "svn_url": f"{ctx.web}/{repo.full_name}",
    }
    for name, suffix in [
        ("archive_url", "/{archive_format}{/ref}"),
        ("assignees_url", "/assignees{/user}"),
        ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"),
        ("collaborators_url", "/collaborators{/collaborator}"),
        ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"),
        ("compare_url", "/compare/{base}...{head}"),
        ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"),
        ("deployments_url", "/deployments"),
        ("downloads_url", "/downloads"),
        ("events_url", "/events"),
        ("forks_url", "/forks"),
        ("git_commits_url", "/git/commits{/sha}"),
        ("git_refs_url", "/git/refs{/sha}"),
        ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"),
        ("issue_comment_url", "/issues/comments{/number}"),
        ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"),
        ("keys_url", "/keys{/key_id}"),
        ("labels_url", "/labels{/name}"),
        ("languages_url", "/languages"),
        ("merges_url", "/merges"),
        ("milestones_url", "/milestones{/number}"),
        ("notifications_url", "/notifications{?since,all,participating}"),
        ("pulls_url", "/pulls{/number}"),
        ("releases_url", "/releases{/id}"),
        ("stargazers_url", "/stargazers"),
        ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"),
        ("subscription_url", "/subscription"),
        ("tags_url", "/tags"),
        ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ]:
        out[name] = api + suffix
    if ctx.token is not None:
        out["permissions"] = {
            "admin": perm >= st.level("admin"),
            "maintain": perm >= st.level("maintain"),
            "push": perm >= st.level("write"),
            "triage": perm >= st.level("triage"),
            "pull": perm >= st.level("read"),
        }
    return out


def label_json(ctx: Ctx, label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "node_id": label.node_id,
        "url": f"{ctx.api}/repos/{label.repo.full_name}/labels/{q(label.name)}",
        "name": label.name,
        "color": label.color,
        "default": label.default,
        "description": label.description,
    }


def milestone_json(ctx: Ctx, ms: Milestone | None) -> dict[str, Any] | None:
    if ms is None:
        return None
    api = f"{ctx.api}/repos/{ms.repo.full_name}/milestones/{ms.number}"
    return {
        "url": api,
        "html_url": f"{ctx.web}/{ms.repo.full_name}/milestone/{ms.number}",
        "labels_url": f"{api}/labels",
        "id": ms.id,
        "node_id": ms.node_id,
        "number": ms.number,
        "state": ms.state,
        "title": ms.title,
        "description": ms.description,
        "creator": user_json(ctx, ms.creator),
        "open_issues": ms.open_issues,
        "closed_issues": ms.closed_issues,
        "created_at": ms.created_at,
        "updated_at": ms.updated_at,
        "closed_at": ms.closed_at,
        "due_on": ms.due_on,
    }


def issue_url(ctx: Ctx, issue: Issue) -> str:
    return f"{ctx.api}/repos/{issue.repo.full_name}/issues/{issue.number}"


def issue_json(ctx: Ctx, issue: Issue) -> dict[str, Any]:
    api = issue_url(ctx, issue)
    completed = sum(1 for c in issue.sub_issues if c.state == "closed")
    total = len(issue.sub_issues)
    association = "OWNER" if issue.repo.owner is issue.user else "NONE"
    out: dict[str, Any] = {
        "url": api,
        "repository_url": f"{ctx.api}/repos/{issue.repo.full_name}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": f"{ctx.web}/{issue.repo.full_name}/issues/{issue.number}",
        "timeline_url": f"{api}/timeline",
        "id": issue.id,
        "node_id": issue.node_id,
        "number": issue.number,
        "title": issue.title,
        "user": user_json(ctx, issue.user),
        "labels": [label_json(ctx, lb) for lb in issue.labels],
        "state": issue.state,
        "state_reason": issue.state_reason,
        "locked": False,
        "active_lock_reason": None,
        "assignee": user_json(ctx, issue.assignees[0]) if issue.assignees else None,
        "assignees": [user_json(ctx, u) for u in issue.assignees],
        "milestone": milestone_json(ctx, issue.milestone),
        "comments": len(issue.comments),
        "created_at": issue.created_at,
        "updated_at": issue.updated_at,
        "closed_at": issue.closed_at,
        "closed_by": user_json(ctx, issue.closed_by),
        "author_association": association,
        "body": issue.body,
        "reactions": {
            "url": f"{api}/reactions",
            "total_count": 0,
            "+1": 0,
            "-1": 0,
            "laugh": 0,
            "confused": 0,
            "heart": 0,
            "hooray": 0,
            "eyes": 0,
            "rocket": 0,
        },
        "sub_issues_summary": {
            "total": total,
            "completed": completed,
            "percent_completed": (completed * 100 // total) if total else 0,
        },
        "issue_dependencies_summary": dependencies.summary(ctx.state, issue),
        "performed_via_github_app": None,
        "type": None,
    }
    if issue.parent is not None:
        out["parent_issue_url"] = issue_url(ctx, issue.parent)
    return out


def comment_json(ctx: Ctx, c: Comment) -> dict[str, Any]:
    repo = c.issue.repo
    return {
        "id": c.id,
        "node_id": c.node_id,
        "url": f"{ctx.api}/repos/{repo.full_name}/issues/comments/{c.id}",
        "html_url": f"{ctx.web}/{repo.full_name}/issues/{c.issue.number}#issuecomment-{c.id}",
        "issue_url": issue_url(ctx, c.issue),
        "body": c.body,
        "user": user_json(ctx, c.user),
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "author_association": "OWNER" if c.user is repo.owner else "NONE",
        "performed_via_github_app": None,
    }


def content_json(ctx: Ctx, repo: Repository, path: str, content: bytes, ref: str | None) -> dict:
    sha = st.blob_sha(content)
    api = f"{ctx.api}/repos/{repo.full_name}/contents/{urllib.parse.quote(path)}"
    ref_q = f"?ref={q(ref or repo.default_branch)}"
    html = f"{ctx.web}/{repo.full_name}/blob/{ref or repo.default_branch}/{path}"
    git = f"{ctx.api}/repos/{repo.full_name}/git/blobs/{sha}"
    b64 = base64.b64encode(content).decode()
    return {
        "type": "file",
        "encoding": "base64",
        "size": len(content),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": "\n".join(b64[i : i + 60] for i in range(0, len(b64), 60)) + "\n",
        "sha": sha,
        "url": api + ref_q,
        "git_url": git,
        "html_url": html,
        "download_url": f"{ctx.web}/raw/{repo.full_name}/{repo.default_branch}/{path}",
        "_links": {"self": api + ref_q, "git": git, "html": html},
    }


def dir_entry_json(ctx: Ctx, repo: Repository, path: str, kind: str, content: bytes | None):
    api = f"{ctx.api}/repos/{repo.full_name}/contents/{urllib.parse.quote(path)}"
    html = f"{ctx.web}/{repo.full_name}/{'blob' if kind == 'file' else 'tree'}/main/{path}"
    sha = st.blob_sha(content) if content is not None else "0" * 40
    git = f"{ctx.api}/repos/{repo.full_name}/git/{'blobs' if kind == 'file' else 'trees'}/{sha}"
    return {
        "type": kind,
        "size": len(content) if content is not None else 0,
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "url": api,
        "git_url": git,
        "html_url": html,
        "download_url": f"{ctx.web}/raw/{repo.full_name}/main/{path}" if kind == "file" else None,
        "_links": {"self": api, "git": git, "html": html},
    }


def commit_json(ctx: Ctx, repo: Repository, c: Commit) -> dict[str, Any]:
    api = f"{ctx.api}/repos/{repo.full_name}/git/commits/{c.sha}"
    return {
        "sha": c.sha,
        "node_id": f"C_kwDOFAKE{c.sha[:12]}",
        "url": api,
        "html_url": f"{ctx.web}/{repo.full_name}/commit/{c.sha}",
        "author": dict(c.author),
        "committer": dict(c.committer),
        "message": c.message,
        "tree": {
            "sha": c.tree_sha,
            "url": f"{ctx.api}/repos/{repo.full_name}/git/trees/{c.tree_sha}",
        },
        "parents": [
            {
                "sha": p,
                "url": f"{ctx.api}/repos/{repo.full_name}/git/commits/{p}",
                "html_url": f"{ctx.web}/{repo.full_name}/commit/{p}",
            }
            for p in c.parents
        ],
        "verification": {
            "verified": False,
            "reason": "unsigned",
            "signature": None,
            "payload": None,
            "verified_at": None,
        },
    }


# --------------------------------------------------------------------------- pagination


def paginate(ctx: Ctx, items: list[Any], render: Callable[[Any], Any]) -> Reply:
    """GitHub page-number pagination with an RFC 5988 ``Link`` header."""
    per_page = ctx.params.get("per_page", 30)
    per_page = max(1, min(100, per_page))
    page = max(1, ctx.params.get("page", 1))
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    headers = {}
    links = []

    def url(n: int) -> str:
        query = {k: v[-1] for k, v in ctx.query.items()}
        query["page"] = str(n)
        return f"{ctx.api}{ctx.path}?{urllib.parse.urlencode(query)}"

    if page > 1:
        links.append(f'<{url(page - 1)}>; rel="prev"')
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
        links.append(f'<{url(last)}>; rel="last"')
    if page > 1:
        links.append(f'<{url(1)}>; rel="first"')
    if links:
        headers["Link"] = ", ".join(links)
    return Reply(200, [render(x) for x in chunk], headers)


def _created(body: Any, location: str) -> Reply:
    return Reply(201, body, {"Location": location})


# --------------------------------------------------------------------------- users, limits


@handles("users/get-authenticated")
def _get_user(ctx: Ctx) -> Reply:
    if ctx.token is None:
        raise st.Unauthorized("Requires authentication")
    u = ctx.token.user
    out = user_json(ctx, u) or {}
    out.update(
        {
            "user_view_type": "private",
            "name": u.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": u.email,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "notification_email": u.email,
            "public_repos": sum(1 for r in ctx.state.repos.values() if r.owner is u),
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": u.created_at,
            "updated_at": u.created_at,
            "private_gists": 0,
            "total_private_repos": 0,
            "owned_private_repos": 0,
            "disk_usage": 0,
            "collaborators": 0,
            "two_factor_authentication": True,
        }
    )
    return Reply(200, out)


def rate_buckets(state: State, token: Token | None) -> dict[str, dict[str, int]]:
    reset = state.clock.now - state.clock.now % 3600 + 3600
    if token is None:
        core = {"limit": 60, "used": 0, "remaining": 60, "reset": reset}
        return {"core": core, "graphql": {**core, "limit": 0, "remaining": 0}}
    return {
        "core": {
            "limit": token.core_limit,
            "used": token.core_used,
            "remaining": max(0, token.core_limit - token.core_used),
            "reset": reset,
        },
        "graphql": {
            "limit": token.graphql_limit,
            "used": token.graphql_used,
            "remaining": max(0, token.graphql_limit - token.graphql_used),
            "reset": reset,
        },
    }


@handles("rate-limit/get")
def _rate_limit(ctx: Ctx) -> Reply:
    b = rate_buckets(ctx.state, ctx.token)
    other = {"limit": 30, "used": 0, "remaining": 30, "reset": b["core"]["reset"]}
    return Reply(
        200,
        {
            "resources": {"core": b["core"], "graphql": b["graphql"], "search": other},
            "rate": b["core"],
        },
    )


# --------------------------------------------------------------------------- repositories


@handles("repos/get")
def _repo_get(ctx: Ctx) -> Reply:
    return Reply(200, repo_json(ctx, ctx.repo()))


@handles("repos/update")
def _repo_update(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    changes = {k: v for k, v in ctx.body.items() if v is not None}
    return Reply(200, repo_json(ctx, ctx.state.update_repo(repo, ctx.token, **changes)))


# --------------------------------------------------------------------------- issues


def _sort_issues(issues: list[Issue], sort: str, direction: str) -> list[Issue]:
    keys = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (len(i.comments), i.number),
    }
    return sorted(issues, key=keys[sort], reverse=direction == "desc")


@handles("issues/list-for-repo")
def _issues_list(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state._issues_enabled(repo)
    p = ctx.params
    state = p.get("state", "open")
    issues = [i for i in repo.issues.values() if state in ("all", i.state)]
    if p.get("labels"):
        wanted = [w.strip().lower() for w in p["labels"].split(",") if w.strip()]
        issues = [i for i in issues if all(w in {n.lower() for n in i.label_names} for w in wanted)]
    ms = p.get("milestone")
    if ms is not None:
        if ms == "*":
            issues = [i for i in issues if i.milestone is not None]
        elif ms == "none":
            issues = [i for i in issues if i.milestone is None]
        elif ms.isdigit():
            issues = [
                i for i in issues if i.milestone is not None and i.milestone.number == int(ms)
            ]
        else:
            issues = []
    assignee = p.get("assignee")
    if assignee == "none":
        issues = [i for i in issues if not i.assignees]
    elif assignee == "*":
        issues = [i for i in issues if i.assignees]
    elif assignee is not None:
        issues = [
            i for i in issues if any(u.login.lower() == assignee.lower() for u in i.assignees)
        ]
    if p.get("creator") is not None:
        issues = [i for i in issues if i.user.login.lower() == p["creator"].lower()]
    if p.get("since") is not None:
        issues = [i for i in issues if i.updated_at >= p["since"]]
    issues = _sort_issues(issues, p.get("sort", "created"), p.get("direction", "desc"))
    return paginate(ctx, issues, lambda i: issue_json(ctx, i))


def _label_names(raw: list[Any]) -> list[str]:
    return [x if isinstance(x, str) else x.get("name", "") for x in raw]


@handles("issues/create")
def _issue_create(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    b = ctx.body
    assignees = list(b.get("assignees") or [])
    if b.get("assignee"):
        assignees.append(b["assignee"])
    issue = ctx.state.create_issue(
        repo,
        ctx.token,
        b.get("title"),
        b.get("body"),
        labels=_label_names(b.get("labels") or []),
        milestone=b.get("milestone"),
        assignees=assignees,
    )
    return _created(issue_json(ctx, issue), issue_url(ctx, issue))


@handles("issues/get")
def _issue_get(ctx: Ctx) -> Reply:
    return Reply(200, issue_json(ctx, ctx.issue()))


@handles("issues/update")
def _issue_update(ctx: Ctx) -> Reply:
    issue = ctx.issue()
    b = ctx.body
    changes: dict[str, Any] = {}
    for key in ("title", "body", "state", "state_reason"):
        if key in b:
            changes[key] = b[key]
    if "milestone" in b:
        changes["milestone"] = b["milestone"]
    if "labels" in b and b["labels"] is not None:
        changes["labels"] = _label_names(b["labels"])
    if "assignees" in b and b["assignees"] is not None:
        changes["assignees"] = b["assignees"]
    elif "assignee" in b:
        changes["assignees"] = [b["assignee"]] if b["assignee"] else []
    ctx.state.update_issue(issue, ctx.token, **changes)
    return Reply(200, issue_json(ctx, issue))


@handles("issues/list-labels-on-issue")
def _issue_labels(ctx: Ctx) -> Reply:
    return paginate(ctx, list(ctx.issue().labels), lambda lb: label_json(ctx, lb))


@handles("issues/add-labels")
def _issue_add_labels(ctx: Ctx) -> Reply:
    issue = ctx.issue()
    ctx.state.add_labels(issue, ctx.token, _label_names((ctx.body or {}).get("labels") or []))
    return Reply(200, [label_json(ctx, lb) for lb in issue.labels])


@handles("issues/set-labels")
def _issue_set_labels(ctx: Ctx) -> Reply:
    issue = ctx.issue()
    ctx.state.set_labels(issue, ctx.token, _label_names((ctx.body or {}).get("labels") or []))
    return Reply(200, [label_json(ctx, lb) for lb in issue.labels])


@handles("issues/remove-all-labels")
def _issue_remove_all_labels(ctx: Ctx) -> Reply:
    ctx.state.set_labels(ctx.issue(), ctx.token, [])
    return Reply(204)


@handles("issues/remove-label")
def _issue_remove_label(ctx: Ctx) -> Reply:
    issue = ctx.issue()
    ctx.state.remove_label(issue, ctx.token, ctx.params["name"])
    return Reply(200, [label_json(ctx, lb) for lb in issue.labels])


# --------------------------------------------------------------------------- labels


@handles("issues/list-labels-for-repo")
def _labels_list(ctx: Ctx) -> Reply:
    return paginate(ctx, list(ctx.repo().labels), lambda lb: label_json(ctx, lb))


@handles("issues/create-label")
def _label_create(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    b = ctx.body
    label = ctx.state.create_label(
        repo, ctx.token, b.get("name"), b.get("color"), b.get("description")
    )
    return _created(label_json(ctx, label), label_json(ctx, label)["url"])


@handles("issues/get-label")
def _label_get(ctx: Ctx) -> Reply:
    return Reply(200, label_json(ctx, ctx.state.get_label(ctx.repo(), ctx.params["name"])))


@handles("issues/update-label")
def _label_update(ctx: Ctx) -> Reply:
    b = ctx.body or {}
    label = ctx.state.update_label(
        ctx.repo(),
        ctx.token,
        ctx.params["name"],
        new_name=b.get("new_name"),
        color=b.get("color"),
        description=b.get("description"),
        description_given="description" in b,
    )
    return Reply(200, label_json(ctx, label))


@handles("issues/delete-label")
def _label_delete(ctx: Ctx) -> Reply:
    ctx.state.delete_label(ctx.repo(), ctx.token, ctx.params["name"])
    return Reply(204)


# --------------------------------------------------------------------------- milestones


@handles("issues/list-milestones")
def _milestones_list(ctx: Ctx) -> Reply:
    p = ctx.params
    state = p.get("state", "open")
    items = [m for m in ctx.repo().milestones.values() if state in ("all", m.state)]
    sort = p.get("sort", "due_on")
    if sort == "completeness":

        def key(m: Milestone) -> tuple:
            total = m.open_issues + m.closed_issues
            return (m.closed_issues / total if total else 0.0, m.number)

    else:

        def key(m: Milestone) -> tuple:
            return ((m.due_on is None, m.due_on or ""), m.number)

    items.sort(key=key, reverse=p.get("direction", "asc") == "desc")
    return paginate(ctx, items, lambda m: milestone_json(ctx, m))


@handles("issues/create-milestone")
def _milestone_create(ctx: Ctx) -> Reply:
    b = ctx.body
    ms = ctx.state.create_milestone(
        ctx.repo(),
        ctx.token,
        b.get("title"),
        b.get("state", "open"),
        b.get("description"),
        b.get("due_on"),
    )
    body = milestone_json(ctx, ms)
    return _created(body, body["url"] if body else "")


@handles("issues/get-milestone")
def _milestone_get(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    return Reply(
        200, milestone_json(ctx, ctx.state.get_milestone(repo, ctx.params["milestone_number"]))
    )


@handles("issues/update-milestone")
def _milestone_update(ctx: Ctx) -> Reply:
    ms = ctx.state.update_milestone(
        ctx.repo(), ctx.token, ctx.params["milestone_number"], **(ctx.body or {})
    )
    return Reply(200, milestone_json(ctx, ms))


@handles("issues/delete-milestone")
def _milestone_delete(ctx: Ctx) -> Reply:
    ctx.state.delete_milestone(ctx.repo(), ctx.token, ctx.params["milestone_number"])
    return Reply(204)


# --------------------------------------------------------------------------- comments


@handles("issues/list-comments")
def _comments_list(ctx: Ctx) -> Reply:
    comments = list(ctx.issue().comments)
    if ctx.params.get("since"):
        comments = [c for c in comments if c.updated_at >= ctx.params["since"]]
    return paginate(ctx, comments, lambda c: comment_json(ctx, c))


@handles("issues/create-comment")
def _comment_create(ctx: Ctx) -> Reply:
    c = ctx.state.add_comment(ctx.issue(), ctx.token, ctx.body.get("body"))
    body = comment_json(ctx, c)
    return _created(body, body["url"])


@handles("issues/update-comment")
def _comment_update(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state._issues_enabled(repo)
    c = ctx.state.find_comment(repo, ctx.params["comment_id"])
    ctx.state.update_comment(c, ctx.token, ctx.body.get("body"))
    return Reply(200, comment_json(ctx, c))


# --------------------------------------------------------------------------- sub-issues


@handles("issues/list-sub-issues")
def _sub_issues_list(ctx: Ctx) -> Reply:
    return paginate(ctx, list(ctx.issue().sub_issues), lambda i: issue_json(ctx, i))


@handles("issues/get-parent")
def _get_parent(ctx: Ctx) -> Reply:
    issue = ctx.issue()
    if issue.parent is None or not ctx.state.can_see(issue.parent.repo, ctx.token):
        raise NotFound("Not Found")
    return Reply(200, issue_json(ctx, issue.parent))


@handles("issues/add-sub-issue")
def _sub_issue_add(ctx: Ctx) -> Reply:
    parent = ctx.issue()
    child = ctx.state.issue_by_db_id(ctx.body["sub_issue_id"], ctx.token)
    ctx.state.add_sub_issue(
        parent, ctx.token, child, replace_parent=bool(ctx.body.get("replace_parent"))
    )
    return _created(issue_json(ctx, parent), f"{issue_url(ctx, parent)}/sub_issues")


@handles("issues/remove-sub-issue")
def _sub_issue_remove(ctx: Ctx) -> Reply:
    parent = ctx.issue()
    child = ctx.state.issue_by_db_id(ctx.body["sub_issue_id"], ctx.token)
    ctx.state.remove_sub_issue(parent, ctx.token, child)
    return Reply(200, issue_json(ctx, parent), {"Location": f"{issue_url(ctx, parent)}/sub_issue"})


@handles("issues/reprioritize-sub-issue")
def _sub_issue_priority(ctx: Ctx) -> Reply:
    parent = ctx.issue()
    b = ctx.body

    def find(key: str) -> Issue | None:
        if b.get(key) is None:
            return None
        try:
            return ctx.state.issue_by_db_id(b[key], ctx.token)
        except NotFound:
            raise Unprocessable(f"{key} does not refer to a sub-issue of this issue.") from None

    child = find("sub_issue_id")
    assert child is not None
    ctx.state.reprioritize_sub_issue(parent, ctx.token, child, find("after_id"), find("before_id"))
    return Reply(200, issue_json(ctx, parent))


# --------------------------------------------------------------------------- contents


@handles("repos/get-content")
def _content_get(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ref = ctx.params.get("ref")
    files = ctx.state.files_at(repo, ref)
    path = ctx.params.get("path", "").strip("/")
    if path in files:
        return Reply(200, content_json(ctx, repo, path, files[path], ref))
    prefix = path + "/" if path else ""
    entries: dict[str, str] = {}
    for p in files:
        if p.startswith(prefix):
            rest = p[len(prefix) :]
            name = rest.split("/", 1)[0]
            entries[name] = "dir" if "/" in rest else "file"
    if not entries:
        raise NotFound("Not Found")
    return Reply(
        200,
        [
            dir_entry_json(ctx, repo, prefix + n, k, files.get(prefix + n))
            for n, k in sorted(entries.items())
        ],
    )


@handles("repos/create-or-update-file-contents")
def _content_put(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    b = ctx.body
    path = ctx.params["path"].strip("/")
    created, commit = ctx.state.put_file(
        repo,
        ctx.token,
        path,
        b["content"],
        b["message"],
        sha=b.get("sha"),
        branch=b.get("branch"),
        author=b.get("author"),
        committer=b.get("committer"),
    )
    body = {
        "content": content_json(ctx, repo, path, repo.files[path], None),
        "commit": commit_json(ctx, repo, commit),
    }
    return Reply(201 if created else 200, body)


@handles("repos/delete-file")
def _content_delete(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    b = ctx.body
    commit = ctx.state.delete_file(
        repo,
        ctx.token,
        ctx.params["path"].strip("/"),
        b["message"],
        b["sha"],
        branch=b.get("branch"),
        author=b.get("author"),
        committer=b.get("committer"),
    )
    return Reply(200, {"content": None, "commit": commit_json(ctx, repo, commit)})
