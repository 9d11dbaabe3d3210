"""Branches other than the default, git data (trees, commits, refs), pull requests, and
a protected default branch: what a README change needs when it must go through a pull
request (issue 13, section 3).

The default branch stays the repository's ``files`` and ``commits`` (state.py); other
branches, the trees and commits made through the git data API, and pull requests live in
a :class:`GitStore` per repository (:func:`store`). Handlers register with rest.handles.

GitHub's answers copied here, with where they were seen:
- a ruleset requiring pull requests refuses a Contents API write with 409 "Repository rule
  violations found\\n\\nChanges must be made through a pull request." (the wording GitHub's
  REST answers carry for rulesets; issue 13 quotes it);
- classic branch protection refuses it with 409 "Changes must be made through a pull
  request." (the sentence git prints after "GH006: Protected branch update failed", and
  that GitHub's rules API reports as the pull_request rule's details; seen in public
  tests that fake this answer, e.g. a 409 with exactly this text);
- pulls/create with a workflow's GITHUB_TOKEN when the repository does not let Actions
  create pull requests: 403 {"message": "GitHub Actions is not permitted to create or
  approve pull requests.", "documentation_url": ".../pulls/pulls#create-a-pull-request",
  "status": "403"} (danielroe/uppt issue 11; peter-evans/create-pull-request issue 3979:
  new repositories have the setting off);
- PATCH of a ref that does not exist: 422 "Reference does not exist"; POST of one that
  does: 422 "Reference already exists" (GitHub's git refs answers).
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field
from typing import Any

from . import rest
from . import state as st
from .rest import Ctx, Reply, handles, repo_json, user_json
from .state import Commit, Conflict, Forbidden, NotFound, Repository, Unprocessable, blob_sha

RULESET_MESSAGE = "Repository rule violations found\n\nChanges must be made through a pull request."
CLASSIC_MESSAGE = "Changes must be made through a pull request."
ACTIONS_MAY_NOT_MESSAGE = "GitHub Actions is not permitted to create or approve pull requests."


@dataclass(eq=False)
class Pull:
    number: int
    id: int
    title: str
    body: str | None
    head: str  # branch name
    base: str
    user: st.User
    state: str = "open"
    created_at: str = ""
    updated_at: str = ""


@dataclass
class GitStore:
    protection: str | None = None  # None | "ruleset" | "classic"
    actions_may_open_pulls: bool = False  # off in new repositories since 2022
    branches: dict[str, str] = field(default_factory=dict)  # name -> commit sha
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)
    commits: dict[str, Commit] = field(default_factory=dict)
    pulls: list[Pull] = field(default_factory=list)


_STORES: weakref.WeakKeyDictionary[Repository, GitStore] = weakref.WeakKeyDictionary()


def store(repo: Repository) -> GitStore:
    return _STORES.setdefault(repo, GitStore())


def tree_sha(files: dict[str, bytes]) -> str:
    """The fake's tree id: the same text state.py hashes for the default branch."""
    lines = "".join(f"{p}\0{blob_sha(c)}\n" for p, c in sorted(files.items()))
    return hashlib.sha1(lines.encode()).hexdigest()


def _commit(repo: Repository, sha: str) -> Commit:
    found = store(repo).commits.get(sha) or next((c for c in repo.commits if c.sha == sha), None)
    if found is None:
        raise NotFound("Not Found")
    return found


def _tree(repo: Repository, sha: str) -> dict[str, bytes]:
    git = store(repo)
    if sha in git.trees:
        return git.trees[sha]
    for commit in [*repo.commits, *git.commits.values()]:
        if commit.tree_sha == sha:
            return commit.files
    raise Unprocessable("Invalid tree info", [{"resource": "Tree", "code": "invalid"}])


def _branch_head(repo: Repository, name: str) -> str | None:
    if name == repo.default_branch:
        return repo.head_sha if repo.commits else None
    return store(repo).branches.get(name)


# --------------------------------------------------------------------------- JSON shapes


def _ref_json(ctx: Ctx, repo: Repository, name: str, sha: str) -> dict[str, Any]:
    api = f"{ctx.api}/repos/{repo.full_name}/git"
    return {
        "ref": f"refs/heads/{name}",
        "node_id": f"REF_kwDOFAKE{hashlib.sha1(name.encode()).hexdigest()[:12]}",
        "url": f"{api}/refs/heads/{name}",
        "object": {"type": "commit", "sha": sha, "url": f"{api}/commits/{sha}"},
    }


def _tree_json(ctx: Ctx, repo: Repository, sha: str, files: dict[str, bytes]) -> dict[str, Any]:
    api = f"{ctx.api}/repos/{repo.full_name}/git"
    return {
        "sha": sha,
        "url": f"{api}/trees/{sha}",
        "truncated": False,
        "tree": [
            {
                "path": path,
                "mode": "100644",
                "type": "blob",
                "sha": blob_sha(content),
                "size": len(content),
                "url": f"{api}/blobs/{blob_sha(content)}",
            }
            for path, content in sorted(files.items())
        ],
    }


def _side(ctx: Ctx, repo: Repository, branch: str) -> dict[str, Any]:
    return {
        "label": f"{repo.owner.login}:{branch}",
        "ref": branch,
        "repo": repo_json(ctx, repo),
        "sha": _branch_head(repo, branch) or "0" * 40,
        "user": user_json(ctx, repo.owner),
    }


def pull_json(ctx: Ctx, repo: Repository, pull: Pull, *, full: bool) -> dict[str, Any]:
    api = f"{ctx.api}/repos/{repo.full_name}"
    html = f"{ctx.web}/{repo.full_name}/pull/{pull.number}"
    out: dict[str, Any] = {
        "url": f"{api}/pulls/{pull.number}",
        "id": pull.id,
        "node_id": f"PR_kwDOFAKE{pull.id}",
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": f"{api}/issues/{pull.number}",
        "commits_url": f"{api}/pulls/{pull.number}/commits",
        "review_comments_url": f"{api}/pulls/{pull.number}/comments",
        "review_comment_url": f"{api}/pulls/comments{{/number}}",
        "comments_url": f"{api}/issues/{pull.number}/comments",
        "statuses_url": f"{api}/statuses/{_branch_head(repo, pull.head)}",
        "number": pull.number,
        "state": pull.state,
        "locked": False,
        "title": pull.title,
        "user": user_json(ctx, pull.user),
        "body": pull.body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": pull.created_at,
        "updated_at": pull.updated_at,
        "closed_at": None,
        "merged_at": None,
        "merge_commit_sha": None,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _side(ctx, repo, pull.head),
        "base": _side(ctx, repo, pull.base),
        "_links": {
            name: {"href": href}
            for name, href in (
                ("self", f"{api}/pulls/{pull.number}"),
                ("html", html),
                ("issue", f"{api}/issues/{pull.number}"),
                ("comments", f"{api}/issues/{pull.number}/comments"),
                ("review_comments", f"{api}/pulls/{pull.number}/comments"),
                ("review_comment", f"{api}/pulls/comments{{/number}}"),
                ("commits", f"{api}/pulls/{pull.number}/commits"),
                ("statuses", f"{api}/statuses/{_branch_head(repo, pull.head)}"),
            )
        },
        "author_association": "OWNER" if pull.user is repo.owner else "CONTRIBUTOR",
        "auto_merge": None,
        "draft": False,
    }
    if full:
        out.update(
            merged=False,
            mergeable=True,
            rebaseable=True,
            mergeable_state="clean",
            merged_by=None,
            comments=0,
            review_comments=0,
            maintainer_can_modify=False,
            commits=1,
            additions=1,
            deletions=1,
            changed_files=1,
        )
    return out


# --------------------------------------------------------------------------- handlers

_contents_put = rest.HANDLERS["repos/create-or-update-file-contents"]


@handles("repos/create-or-update-file-contents")
def _protected_put(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    rule = store(repo).protection
    if rule is not None and ctx.body.get("branch") in (None, repo.default_branch):
        ctx.state.require(repo, ctx.token, "write")
        raise Conflict(RULESET_MESSAGE if rule == "ruleset" else CLASSIC_MESSAGE)
    return _contents_put(ctx)


def _heads(ref: str) -> str:
    if not ref.startswith("heads/"):
        raise NotFound("Not Found")
    return ref[len("heads/") :]


@handles("git/get-ref")
def _get_ref(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    name = _heads(ctx.params["ref"])
    sha = _branch_head(repo, name)
    if sha is None:
        raise NotFound("Not Found")
    return Reply(200, _ref_json(ctx, repo, name, sha))


@handles("git/get-commit")
def _get_commit(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    return Reply(200, rest.commit_json(ctx, repo, _commit(repo, ctx.params["commit_sha"])))


@handles("git/create-tree")
def _create_tree(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state.require(repo, ctx.token, "write")
    base = ctx.body.get("base_tree")
    files = dict(_tree(repo, base)) if base else {}
    for entry in ctx.body["tree"]:
        path = entry["path"]
        if entry.get("sha", "") is None:
            files.pop(path, None)
        elif "content" in entry:
            files[path] = entry["content"].encode("utf-8")
        else:
            raise Unprocessable("fakegithub: only trees of inline content are implemented")
    sha = tree_sha(files)
    store(repo).trees[sha] = files
    return Reply(201, _tree_json(ctx, repo, sha, files))


@handles("git/create-commit")
def _create_commit(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state.require(repo, ctx.token, "write")
    b = ctx.body
    files = _tree(repo, b["tree"])
    parents = list(b.get("parents") or [])
    for parent in parents:
        _commit(repo, parent)
    date = ctx.state.clock.tick()
    committer = {"name": "GitHub", "email": "noreply@github.com", "date": date}
    committer.update(b.get("committer") or {})
    author = {**committer, **(b.get("author") or {})}
    text = f"tree {b['tree']}\nparent {' '.join(parents)}\n{author}\n{committer}\n\n{b['message']}"
    sha = hashlib.sha1(text.encode()).hexdigest()
    pushed_by = ctx.token.user.login if ctx.token else None
    by_actions = bool(ctx.token and ctx.token.is_actions_token)
    commit = Commit(
        sha, b["message"], author, committer, [], parents, b["tree"], pushed_by, by_actions, files
    )
    store(repo).commits[sha] = commit
    return Reply(201, rest.commit_json(ctx, repo, commit))


@handles("git/create-ref")
def _create_ref(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state.require(repo, ctx.token, "write")
    ref, sha = ctx.body["ref"], ctx.body["sha"]
    if not ref.startswith("refs/heads/") or ref.count("/") < 2:
        raise Unprocessable("Reference name must start with 'refs/' and have at least two slashes.")
    name = ref[len("refs/heads/") :]
    if _branch_head(repo, name) is not None:
        raise Unprocessable("Reference already exists")
    _commit(repo, sha)
    store(repo).branches[name] = sha
    return Reply(201, _ref_json(ctx, repo, name, sha))


@handles("git/update-ref")
def _update_ref(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state.require(repo, ctx.token, "write")
    name = _heads(ctx.params["ref"])
    if name == repo.default_branch:
        raise Unprocessable("fakegithub: updating the default branch by ref is not implemented")
    git = store(repo)
    if name not in git.branches:
        raise Unprocessable("Reference does not exist")
    sha = ctx.body["sha"]
    _commit(repo, sha)
    if not ctx.body.get("force") and git.branches[name] not in _commit(repo, sha).parents:
        raise Unprocessable("Update is not a fast forward")
    git.branches[name] = sha
    return Reply(200, _ref_json(ctx, repo, name, sha))


@handles("pulls/list")
def _list_pulls(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    wanted_state = ctx.params.get("state", "open")
    head = ctx.params.get("head")
    base = ctx.params.get("base")
    pulls = [
        p
        for p in store(repo).pulls
        if wanted_state in ("all", p.state)
        and (head is None or head == f"{repo.owner.login}:{p.head}")
        and (base is None or base == p.base)
    ]
    pulls.sort(key=lambda p: p.number, reverse=True)
    return rest.paginate(ctx, pulls, lambda p: pull_json(ctx, repo, p, full=False))


@handles("pulls/create")
def _create_pull(ctx: Ctx) -> Reply:
    repo = ctx.repo()
    ctx.state.require(repo, ctx.token, "write")
    git = store(repo)
    token = ctx.token
    assert token is not None
    if token.is_actions_token and not git.actions_may_open_pulls:
        raise Forbidden(ACTIONS_MAY_NOT_MESSAGE)
    b = ctx.body
    head, base = b["head"].split(":")[-1], b["base"]
    errors = []
    if _branch_head(repo, head) is None:
        errors.append({"resource": "PullRequest", "field": "head", "code": "invalid"})
    if _branch_head(repo, base) is None:
        errors.append({"resource": "PullRequest", "field": "base", "code": "invalid"})
    if errors:
        raise Unprocessable("Validation Failed", errors)
    if any(p.head == head and p.base == base and p.state == "open" for p in git.pulls):
        message = f"A pull request already exists for {repo.owner.login}:{head}."
        raise Unprocessable(
            "Validation Failed",
            [{"resource": "PullRequest", "code": "custom", "message": message}],
        )
    number = repo.next_number
    repo.next_number += 1
    now = ctx.state.clock.tick()
    pull = Pull(
        number, ctx.state.new_id(), b.get("title") or head, b.get("body"), head, base,
        token.user, created_at=now, updated_at=now,
    )  # fmt: skip
    git.pulls.append(pull)
    body = pull_json(ctx, repo, pull, full=True)
    return Reply(201, body, {"Location": body["url"]})


def readme_on(repo: Repository, branch: str, path: str = "README.md") -> str | None:
    """The text of ``path`` at the head of ``branch`` (for tests)."""
    sha = _branch_head(repo, branch)
    if sha is None:
        return None
    content = _commit(repo, sha).files.get(path)
    return None if content is None else content.decode("utf-8")
