"""In-memory state of the fake GitHub: HTTP-agnostic, deterministic, one lock.

Everything a REST handler or a GraphQL resolver changes goes through the methods of
:class:`State`, which also apply GitHub's permission rules, so both APIs behave alike.
Errors are raised as :class:`FakeError` subclasses; the REST layer turns them into status
codes and bodies, the GraphQL layer into ``errors`` entries with a ``type``.

Tests may read and change the state directly (``fake.state.repo("o/r").issues[1].title``);
hold ``state.lock`` while doing so if a request could be in flight.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PERMISSIONS = ("none", "read", "triage", "write", "maintain", "admin")
EPOCH_START = 1735689600  # 2025-01-01T00:00:00Z
SUB_ISSUES_PER_PARENT = 100
SUB_ISSUE_NESTING_LEVELS = 8
DEFAULT_LABEL_COLOR = "ededed"


def level(permission: str) -> int:
    return PERMISSIONS.index(permission)


def blob_sha(content: bytes) -> str:
    """The git blob sha1 of ``content``, as GitHub reports it for a file."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


# --------------------------------------------------------------------------- errors


class FakeError(Exception):
    status = 400
    gql_type = "UNPROCESSABLE"

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class BadRequest(FakeError):
    status = 400


class Unauthorized(FakeError):
    status = 401
    gql_type = "FORBIDDEN"


class Forbidden(FakeError):
    status = 403
    gql_type = "FORBIDDEN"


class NotFound(FakeError):
    status = 404
    gql_type = "NOT_FOUND"


class Conflict(FakeError):
    status = 409
    gql_type = "UNPROCESSABLE"


class Gone(FakeError):
    status = 410
    gql_type = "UNPROCESSABLE"


class Unprocessable(FakeError):
    """422. With ``errors`` the REST body is GitHub's "Validation Failed" shape."""

    status = 422
    gql_type = "UNPROCESSABLE"


def validation_failed(resource: str, field_: str, code: str, **extra: Any) -> Unprocessable:
    err = {"resource": resource, "code": code, "field": field_, **extra}
    return Unprocessable("Validation Failed", [err])


# --------------------------------------------------------------------------- clock


class Clock:
    """Deterministic time: every change advances it by one second."""

    def __init__(self, start: int = EPOCH_START):
        self.now = start

    def tick(self) -> str:
        self.now += 1
        return self.iso()

    def iso(self, t: int | None = None) -> str:
        t = self.now if t is None else t
        return dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- objects


@dataclass(eq=False)
class User:
    id: int
    node_id: str
    login: str
    type: str = "User"  # "User" | "Organization" | "Bot"
    name: str | None = None
    email: str | None = None
    created_at: str = "2020-01-01T00:00:00Z"

    @property
    def GQL_TYPE(self) -> str:
        return {"Organization": "Organization", "Bot": "Bot"}.get(self.type, "User")


@dataclass(eq=False)
class Token:
    """An access token. ``repos`` maps "owner/name" (any case) to a permission."""

    value: str
    user: User
    repos: dict[str, str] = field(default_factory=dict)
    is_actions_token: bool = False
    # classic PAT scopes (sent back in x-oauth-scopes); None = fine-grained / app token
    scopes: set[str] | None = None
    core_limit: int = 5000
    core_used: int = 0
    graphql_limit: int = 5000
    graphql_used: int = 0

    @property
    def kind_label(self) -> str:
        return "integration" if self.is_actions_token else "personal access token"

    def has_scope(self, scope: str) -> bool:
        """Classic scopes: ``project`` implies ``read:project``, ``repo`` implies ``public_repo``."""
        if self.scopes is None:
            return False
        implied = {"read:project": {"project"}, "public_repo": {"repo"}}
        return scope in self.scopes or bool(implied.get(scope, set()) & self.scopes)


@dataclass(eq=False)
class Label:
    id: int
    node_id: str
    repo: Repository
    name: str
    color: str = DEFAULT_LABEL_COLOR
    description: str | None = None
    default: bool = False
    created_at: str = ""
    GQL_TYPE = "Label"


@dataclass(eq=False)
class Milestone:
    id: int
    node_id: str
    repo: Repository
    number: int
    title: str
    state: str = "open"
    description: str | None = None
    due_on: str | None = None
    creator: User | None = None
    created_at: str = ""
    updated_at: str = ""
    closed_at: str | None = None
    GQL_TYPE = "Milestone"

    @property
    def open_issues(self) -> int:
        return sum(
            1 for i in self.repo.issues.values() if i.milestone is self and i.state == "open"
        )

    @property
    def closed_issues(self) -> int:
        return sum(
            1 for i in self.repo.issues.values() if i.milestone is self and i.state == "closed"
        )


@dataclass(eq=False)
class Comment:
    id: int
    node_id: str
    issue: Issue
    body: str
    user: User
    created_at: str
    updated_at: str
    GQL_TYPE = "IssueComment"


@dataclass(eq=False)
class Issue:
    id: int
    node_id: str
    repo: Repository
    number: int
    title: str
    body: str | None
    user: User
    created_at: str
    updated_at: str
    state: str = "open"
    state_reason: str | None = None
    labels: list[Label] = field(default_factory=list)
    milestone: Milestone | None = None
    assignees: list[User] = field(default_factory=list)
    parent: Issue | None = None
    sub_issues: list[Issue] = field(default_factory=list)
    # The issues this one is blocked by, oldest dependency first (see dependencies.py).
    blocked_by: list[Issue] = field(default_factory=list, repr=False, compare=False)
    comments: list[Comment] = field(default_factory=list)
    closed_at: str | None = None
    closed_by: User | None = None
    GQL_TYPE = "Issue"

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]

    def depth(self) -> int:
        """Number of ancestors."""
        d, p = 0, self.parent
        while p is not None:
            d, p = d + 1, p.parent
        return d

    def height(self) -> int:
        """Levels in this issue's sub-tree, itself included."""
        return 1 + max((c.height() for c in self.sub_issues), default=0)

    def ancestors(self) -> Iterable[Issue]:
        p = self.parent
        while p is not None:
            yield p
            p = p.parent


@dataclass
class Commit:
    sha: str
    message: str
    author: dict[str, str]
    committer: dict[str, str]
    changed_paths: list[str]
    parents: list[str]
    tree_sha: str
    pushed_by: str | None  # token user login
    by_actions_token: bool  # pushes with a repository GITHUB_TOKEN start no workflow runs
    files: dict[str, bytes] = field(repr=False, default_factory=dict)  # snapshot after commit


@dataclass(eq=False)
class Repository:
    id: int
    node_id: str
    owner: User
    name: str
    private: bool = False
    has_issues: bool = True
    has_projects: bool = True
    default_branch: str = "main"
    description: str | None = None
    created_at: str = ""
    issues: dict[int, Issue] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)
    milestones: dict[int, Milestone] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    commits: list[Commit] = field(default_factory=list)
    next_number: int = 1  # issues (and pull requests) share one sequence
    next_milestone: int = 1
    GQL_TYPE = "Repository"

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"

    @property
    def head_sha(self) -> str:
        return self.commits[-1].sha if self.commits else "0" * 40

    def label(self, name: str) -> Label | None:
        low = name.lower()
        return next((lb for lb in self.labels if lb.name.lower() == low), None)

    def file_text(self, path: str) -> str:
        return self.files[path].decode("utf-8")


# --------------------------------------------------------------------------- state


class State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self._next_id = 1000
        self.users: dict[str, User] = {}
        self.repos: dict[str, Repository] = {}
        self.tokens: dict[str, Token] = {}
        self.nodes: dict[str, Any] = {}
        self.issues_by_id: dict[int, Issue] = {}
        # room for other parts of the fake (e.g. projects.py keeps its boards here)
        self.extensions: dict[str, Any] = {}

    # ----------------------------------------------------------------- ids
    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def new_node(self, prefix: str, db_id: int) -> str:
        return f"{prefix}_kwDOFAKE{db_id}"

    def register(self, obj: Any) -> Any:
        self.nodes[obj.node_id] = obj
        return obj

    # ----------------------------------------------------------------- setup API
    def add_user(
        self, login: str, *, type: str = "User", name: str | None = None, email: str | None = None
    ) -> User:
        with self.lock:
            existing = self.users.get(login.lower())
            if existing is not None:
                return existing
            uid = self.new_id()
            prefix = {"Organization": "O_kgDO", "Bot": "BOT_kgDO"}.get(type, "U_kgDO")
            user = User(uid, f"{prefix}FAKE{uid}", login, type, name, email)
            self.users[login.lower()] = user
            return self.register(user)

    def add_org(self, login: str) -> User:
        return self.add_user(login, type="Organization")

    def user(self, login: str) -> User:
        return self.users[login.lower()]

    def add_repo(
        self,
        full_name: str,
        *,
        private: bool = False,
        has_issues: bool = True,
        has_projects: bool = True,
        default_branch: str = "main",
        description: str | None = None,
        files: dict[str, bytes | str] | None = None,
    ) -> Repository:
        """Add ``owner/name`` (creating the owner user). ``files`` become the first commit."""
        with self.lock:
            owner_login, name = full_name.split("/")
            owner = self.users.get(owner_login.lower()) or self.add_user(owner_login)
            rid = self.new_id()
            repo = Repository(
                rid,
                self.new_node("R", rid).replace("_kwDO", "_kgDO"),
                owner,
                name,
                private=private,
                has_issues=has_issues,
                has_projects=has_projects,
                default_branch=default_branch,
                description=description,
                created_at=self.clock.tick(),
            )
            self.repos[full_name.lower()] = repo
            self.register(repo)
            if files:
                encoded = {p: c.encode() if isinstance(c, str) else c for p, c in files.items()}
                self._commit(
                    repo, encoded, "Initial commit", None, None, pushed_by=None, by_actions=False
                )
            return repo

    def add_token(
        self,
        value: str,
        login: str,
        repos: dict[str, str] | None = None,
        *,
        is_actions_token: bool = False,
        scopes: Iterable[str] | None = None,
        rate_limit: int | None = None,
    ) -> Token:
        """Register a token for ``login`` with a permission per repository.

        Permissions: "admin", "maintain", "write", "triage", "read", "none". The owner of a
        repository is its admin; a public repository is readable by every token.
        ``is_actions_token`` makes it behave as a workflow's GITHUB_TOKEN
        ("Resource not accessible by integration", no access to user-owned boards).
        ``scopes`` are classic PAT scopes (e.g. {"repo", "project"}).
        """
        with self.lock:
            if is_actions_token and login.lower() not in self.users:
                user = self.add_user(login, type="Bot")
            else:
                user = self.add_user(login)
            for perm in (repos or {}).values():
                level(perm)  # raises on a typo
            limit = rate_limit if rate_limit is not None else (1000 if is_actions_token else 5000)
            token = Token(
                value,
                user,
                {k.lower(): v for k, v in (repos or {}).items()},
                is_actions_token=is_actions_token,
                scopes=set(scopes) if scopes is not None else None,
                core_limit=limit,
                graphql_limit=limit,
            )
            self.tokens[value] = token
            return token

    def repo(self, full_name: str) -> Repository:
        return self.repos[full_name.lower()]

    def issue(self, full_name: str, number: int) -> Issue:
        return self.repo(full_name).issues[number]

    # ----------------------------------------------------------------- permissions
    def permission(self, repo: Repository, token: Token | None) -> str:
        if token is None:
            return "none" if repo.private else "read"
        explicit = token.repos.get(repo.full_name.lower())
        if explicit is not None:
            if explicit == "none" and not repo.private:
                return "read"
            return explicit
        if token.user is repo.owner:
            return "admin"
        return "none" if repo.private else "read"

    def can_see(self, repo: Repository, token: Token | None) -> bool:
        return level(self.permission(repo, token)) >= level("read")

    def find_repo(self, owner: str, name: str, token: Token | None) -> Repository:
        repo = self.repos.get(f"{owner}/{name}".lower())
        if repo is None or not self.can_see(repo, token):
            raise NotFound("Not Found")
        return repo

    def require(self, repo: Repository, token: Token | None, needed: str, what: str = "") -> None:
        """Raise GitHub's 403 when ``token`` has less than ``needed`` on ``repo``."""
        if not self.can_see(repo, token):
            raise NotFound("Not Found")
        if level(self.permission(repo, token)) >= level(needed):
            return
        if token is None:
            raise Unauthorized("Requires authentication")
        if token.is_actions_token:
            raise Forbidden("Resource not accessible by integration")
        if needed == "admin":
            raise Forbidden("Must have admin rights to Repository.")
        raise Forbidden(
            f"Must have {needed if needed != 'write' else 'push'} access to repository."
        )

    def has_push(self, repo: Repository, token: Token | None) -> bool:
        return level(self.permission(repo, token)) >= level("write")

    def _issues_enabled(self, repo: Repository) -> None:
        if not repo.has_issues:
            raise Gone("Issues are disabled for this repo")

    def actor_user(self, token: Token | None) -> User:
        if token is None:
            raise Unauthorized("Requires authentication")
        return token.user

    # ----------------------------------------------------------------- labels
    def _label_color(self, color: str | None, resource: str = "Label") -> str:
        if color is None:
            return DEFAULT_LABEL_COLOR
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise validation_failed(resource, "color", "invalid")
        return color.lower()

    def create_label(
        self,
        repo: Repository,
        token: Token | None,
        name: str,
        color: str | None = None,
        description: str | None = None,
    ) -> Label:
        self.require(repo, token, "write")
        if not name or not name.strip():
            raise validation_failed("Label", "name", "missing_field")
        if repo.label(name) is not None:
            raise validation_failed("Label", "name", "already_exists")
        if description is not None and len(description) > 100:
            raise validation_failed("Label", "description", "invalid")
        return self._new_label(repo, name, self._label_color(color), description)

    def _new_label(
        self, repo: Repository, name: str, color: str = DEFAULT_LABEL_COLOR, description=None
    ) -> Label:
        lid = self.new_id()
        label = Label(
            lid,
            self.new_node("LA", lid),
            repo,
            name,
            color,
            description,
            created_at=self.clock.tick(),
        )
        repo.labels.append(label)
        return self.register(label)

    def get_label(self, repo: Repository, name: str) -> Label:
        label = repo.label(name)
        if label is None:
            raise NotFound("Not Found")
        return label

    def update_label(
        self,
        repo: Repository,
        token: Token | None,
        name: str,
        new_name: str | None = None,
        color: str | None = None,
        description: str | None = None,
        *,
        description_given: bool = False,
    ) -> Label:
        self.require(repo, token, "write")
        label = self.get_label(repo, name)
        if new_name is not None and new_name != label.name:
            other = repo.label(new_name)
            if other is not None and other is not label:
                raise validation_failed("Label", "name", "already_exists")
            label.name = new_name
        if color is not None:
            label.color = self._label_color(color)
        if description_given:
            if description is not None and len(description) > 100:
                raise validation_failed("Label", "description", "invalid")
            label.description = description
        self.clock.tick()
        return label

    def delete_label(self, repo: Repository, token: Token | None, name: str) -> None:
        self.require(repo, token, "write")
        label = self.get_label(repo, name)
        repo.labels.remove(label)
        for issue in repo.issues.values():
            if label in issue.labels:
                issue.labels.remove(label)
        self.nodes.pop(label.node_id, None)
        self.clock.tick()

    def _labels_by_name(self, repo: Repository, names: Iterable[str]) -> list[Label]:
        """Existing labels by name (any case); missing ones are created, as GitHub does."""
        out: list[Label] = []
        for name in names:
            if not name or not str(name).strip():
                raise validation_failed("Label", "name", "missing_field")
            label = repo.label(str(name)) or self._new_label(repo, str(name))
            if label not in out:
                out.append(label)
        return out

    # ----------------------------------------------------------------- milestones
    def create_milestone(
        self,
        repo: Repository,
        token: Token | None,
        title: str,
        state: str = "open",
        description: str | None = None,
        due_on: str | None = None,
    ) -> Milestone:
        self.require(repo, token, "write")
        if not title:
            raise validation_failed("Milestone", "title", "missing_field")
        if any(m.title == title for m in repo.milestones.values()):
            raise validation_failed("Milestone", "title", "already_exists")
        mid = self.new_id()
        now = self.clock.tick()
        ms = Milestone(
            mid,
            self.new_node("MI", mid),
            repo,
            repo.next_milestone,
            title,
            state,
            description,
            due_on,
            token.user if token else None,
            now,
            now,
            now if state == "closed" else None,
        )
        repo.next_milestone += 1
        repo.milestones[ms.number] = ms
        return self.register(ms)

    def get_milestone(self, repo: Repository, number: int) -> Milestone:
        ms = repo.milestones.get(number)
        if ms is None:
            raise NotFound("Not Found")
        return ms

    def update_milestone(
        self, repo: Repository, token: Token | None, number: int, **changes: Any
    ) -> Milestone:
        self.require(repo, token, "write")
        ms = self.get_milestone(repo, number)
        title = changes.get("title")
        if title is not None and title != ms.title:
            if any(m.title == title for m in repo.milestones.values()):
                raise validation_failed("Milestone", "title", "already_exists")
            ms.title = title
        if "description" in changes:
            ms.description = changes["description"]
        if "due_on" in changes:
            ms.due_on = changes["due_on"]
        now = self.clock.tick()
        if "state" in changes and changes["state"] != ms.state:
            ms.state = changes["state"]
            ms.closed_at = now if ms.state == "closed" else None
        ms.updated_at = now
        return ms

    def delete_milestone(self, repo: Repository, token: Token | None, number: int) -> None:
        self.require(repo, token, "write")
        ms = self.get_milestone(repo, number)
        for issue in repo.issues.values():
            if issue.milestone is ms:
                issue.milestone = None
        del repo.milestones[number]
        self.nodes.pop(ms.node_id, None)
        self.clock.tick()

    def _milestone_ref(self, repo: Repository, value: Any) -> Milestone | None:
        if value is None:
            return None
        if isinstance(value, Milestone):
            return value
        if isinstance(value, str) and not value.isdigit():
            raise validation_failed("Issue", "milestone", "invalid", value=value)
        ms = repo.milestones.get(int(value))
        if ms is None:
            raise validation_failed("Issue", "milestone", "invalid", value=value)
        return ms

    # ----------------------------------------------------------------- issues
    def get_issue(self, repo: Repository, number: int) -> Issue:
        self._issues_enabled(repo)
        issue = repo.issues.get(number)
        if issue is None:
            raise NotFound("Not Found")
        return issue

    def create_issue(
        self,
        repo: Repository,
        token: Token | None,
        title: Any,
        body: str | None = None,
        labels: Iterable[str] | None = None,
        milestone: Any = None,
        assignees: Iterable[str] | None = None,
        parent: Issue | None = None,
    ) -> Issue:
        """GitHub's rule: without push access labels, milestone and assignees are silently
        dropped. A parent needs push access on the parent's repository."""
        self._issues_enabled(repo)
        if not self.can_see(repo, token):
            raise NotFound("Not Found")
        user = self.actor_user(token)
        if token is not None and token.is_actions_token:
            self.require(repo, token, "write")
        if title is None or str(title).strip() == "":
            raise validation_failed("Issue", "title", "missing_field")
        push = self.has_push(repo, token)
        label_objs: list[Label] = []
        ms = None
        users: list[User] = []
        if push:
            ms = self._milestone_ref(repo, milestone)
            users = self._assignees(repo, assignees or [])
        if parent is not None:
            self.require(parent.repo, token, "write")
            self._check_can_add_child(parent, None)
        if push:  # after all checks: creating labels is a side effect
            label_objs = self._labels_by_name(repo, labels or [])
        iid = self.new_id()
        now = self.clock.tick()
        issue = Issue(
            iid,
            self.new_node("I", iid),
            repo,
            repo.next_number,
            str(title),
            body,
            user,
            now,
            now,
            labels=label_objs,
            milestone=ms,
            assignees=users,
        )
        repo.next_number += 1
        repo.issues[issue.number] = issue
        self.issues_by_id[iid] = issue
        self.register(issue)
        if parent is not None:
            issue.parent = parent
            parent.sub_issues.append(issue)
        return issue

    def _assignees(self, repo: Repository, logins: Iterable[str]) -> list[User]:
        users = []
        for login in logins:
            user = self.users.get(str(login).lower())
            if user is None:
                raise validation_failed("Issue", "assignees", "invalid", value=login)
            users.append(user)
        return users

    def update_issue(self, issue: Issue, token: Token | None, **changes: Any) -> Issue:
        """``changes``: title, body, state, state_reason, milestone (number/None), labels
        (names, replace all), assignees (logins). Label, milestone and assignee changes are
        silently dropped without push access (GitHub's documented rule)."""
        repo = issue.repo
        self._issues_enabled(repo)
        user = self.actor_user(token)
        if token is not None and token.is_actions_token:
            self.require(repo, token, "write")
        elif user is not issue.user:
            self.require(repo, token, "triage")
        push = self.has_push(repo, token)
        if changes.get("title") is not None and str(changes["title"]).strip() == "":
            raise validation_failed("Issue", "title", "missing_field")
        if push and "milestone" in changes:
            new_ms = self._milestone_ref(repo, changes["milestone"])
        else:
            new_ms = issue.milestone
        if push and changes.get("assignees") is not None:
            new_assignees = self._assignees(repo, changes["assignees"])
        else:
            new_assignees = issue.assignees
        state = changes.get("state")
        reason = changes.get("state_reason")
        if state == "closed" and reason == "reopened":
            raise validation_failed("Issue", "state_reason", "invalid", value=reason)
        if state == "open" and reason not in (None, "reopened"):
            raise validation_failed("Issue", "state_reason", "invalid", value=reason)
        # all checks passed: apply
        now = self.clock.tick()
        if changes.get("title") is not None:
            issue.title = str(changes["title"])
        if "body" in changes:
            issue.body = changes["body"]
        issue.milestone = new_ms
        issue.assignees = new_assignees
        if push and changes.get("labels") is not None:
            issue.labels = self._labels_by_name(repo, changes["labels"])
        if state is not None and state != issue.state:
            issue.state = state
            if state == "closed":
                issue.state_reason = reason or "completed"
                issue.closed_at = now
                issue.closed_by = user
            else:
                issue.state_reason = "reopened"
                issue.closed_at = None
        issue.updated_at = now
        return issue

    def add_labels(self, issue: Issue, token: Token | None, names: Iterable[str]) -> Issue:
        self._issues_enabled(issue.repo)
        self.require(issue.repo, token, "write")
        for label in self._labels_by_name(issue.repo, names):
            if label not in issue.labels:
                issue.labels.append(label)
        issue.updated_at = self.clock.tick()
        return issue

    def set_labels(self, issue: Issue, token: Token | None, names: Iterable[str]) -> Issue:
        self._issues_enabled(issue.repo)
        self.require(issue.repo, token, "write")
        issue.labels = self._labels_by_name(issue.repo, names)
        issue.updated_at = self.clock.tick()
        return issue

    def remove_label(self, issue: Issue, token: Token | None, name: str) -> Issue:
        self._issues_enabled(issue.repo)
        self.require(issue.repo, token, "write")
        label = next((lb for lb in issue.labels if lb.name.lower() == name.lower()), None)
        if label is None:
            raise NotFound("Label does not exist")
        issue.labels.remove(label)
        issue.updated_at = self.clock.tick()
        return issue

    def add_comment(self, issue: Issue, token: Token | None, body: str) -> Comment:
        self._issues_enabled(issue.repo)
        user = self.actor_user(token)
        if token is not None and token.is_actions_token:
            self.require(issue.repo, token, "write")
        if not body:
            raise validation_failed("IssueComment", "body", "missing_field")
        cid = self.new_id()
        now = self.clock.tick()
        comment = Comment(cid, self.new_node("IC", cid), issue, body, user, now, now)
        issue.comments.append(comment)
        issue.updated_at = now
        return self.register(comment)

    def find_comment(self, repo: Repository, comment_id: int) -> Comment:
        for issue in repo.issues.values():
            for c in issue.comments:
                if c.id == comment_id:
                    return c
        raise NotFound("Not Found")

    def update_comment(self, comment: Comment, token: Token | None, body: str) -> Comment:
        user = self.actor_user(token)
        if user is not comment.user:
            self.require(comment.issue.repo, token, "write")
        comment.body = body
        comment.updated_at = self.clock.tick()
        return comment

    # ----------------------------------------------------------------- sub-issues
    def issue_by_db_id(self, db_id: int, token: Token | None) -> Issue:
        issue = self.issues_by_id.get(db_id)
        if issue is None or not self.can_see(issue.repo, token):
            raise NotFound("Not Found")
        return issue

    def _check_can_add_child(self, parent: Issue, child: Issue | None) -> None:
        if len(parent.sub_issues) >= SUB_ISSUES_PER_PARENT:
            raise Unprocessable(
                f"Parent issue cannot have more than {SUB_ISSUES_PER_PARENT} sub-issues."
            )
        height = child.height() if child is not None else 1
        if parent.depth() + 1 + height - 1 > SUB_ISSUE_NESTING_LEVELS:
            raise Unprocessable(
                f"Sub-issues cannot be nested more than {SUB_ISSUE_NESTING_LEVELS} levels deep."
            )

    def add_sub_issue(
        self, parent: Issue, token: Token | None, child: Issue, replace_parent: bool = False
    ) -> Issue:
        self._issues_enabled(parent.repo)
        self.require(parent.repo, token, "write")
        if child is parent or child in parent.ancestors():
            raise Unprocessable("An issue cannot be a sub-issue of itself or of its sub-issues.")
        if child.parent is parent:
            raise Unprocessable("Issue may not contain duplicate sub-issues.")
        if child.parent is not None and not replace_parent:
            raise Unprocessable("Sub-issue may only have one parent.")
        if child.repo.owner is not parent.repo.owner:
            raise Unprocessable("Sub-issues must belong to the same owner as the parent issue.")
        self._check_can_add_child(parent, child)
        if child.parent is not None:
            child.parent.sub_issues.remove(child)
        child.parent = parent
        parent.sub_issues.append(child)
        now = self.clock.tick()
        parent.updated_at = child.updated_at = now
        return parent

    def remove_sub_issue(self, parent: Issue, token: Token | None, child: Issue) -> Issue:
        self._issues_enabled(parent.repo)
        self.require(parent.repo, token, "write")
        if child.parent is not parent:
            raise NotFound("Not Found")
        parent.sub_issues.remove(child)
        child.parent = None
        now = self.clock.tick()
        parent.updated_at = child.updated_at = now
        return parent

    def reprioritize_sub_issue(
        self,
        parent: Issue,
        token: Token | None,
        child: Issue,
        after: Issue | None = None,
        before: Issue | None = None,
    ) -> Issue:
        self._issues_enabled(parent.repo)
        self.require(parent.repo, token, "write")
        if (after is None) == (before is None):
            raise Unprocessable("Exactly one of after_id or before_id must be provided.")
        anchor = after or before
        if child.parent is not parent or anchor is None or anchor.parent is not parent:
            raise Unprocessable(
                "The sub-issue and the anchor must both be sub-issues of the issue."
            )
        if anchor is child:
            raise Unprocessable("A sub-issue cannot be positioned relative to itself.")
        parent.sub_issues.remove(child)
        idx = parent.sub_issues.index(anchor)
        parent.sub_issues.insert(idx + 1 if after is not None else idx, child)
        parent.updated_at = self.clock.tick()
        return parent

    # ----------------------------------------------------------------- files and commits
    def _commit(
        self,
        repo: Repository,
        changes: dict[str, bytes | None],
        message: str,
        author: dict[str, str] | None,
        committer: dict[str, str] | None,
        *,
        pushed_by: User | None,
        by_actions: bool,
    ) -> Commit:
        date = self.clock.tick()
        for path, content in changes.items():
            if content is None:
                repo.files.pop(path, None)
            else:
                repo.files[path] = content
        default_id = {
            "name": pushed_by.name or pushed_by.login if pushed_by else "GitHub",
            "email": (pushed_by.email if pushed_by else None) or "noreply@github.com",
        }
        committer = {**default_id, "date": date, **(committer or {})}
        author = {**committer, **(author or {})}
        tree = hashlib.sha1(
            "".join(f"{p}\0{blob_sha(c)}\n" for p, c in sorted(repo.files.items())).encode()
        ).hexdigest()
        parents = [repo.head_sha] if repo.commits else []
        sha = hashlib.sha1(
            f"tree {tree}\nparent {' '.join(parents)}\n{author}\n{committer}\n\n{message}".encode()
        ).hexdigest()
        commit = Commit(
            sha,
            message,
            author,
            committer,
            sorted(changes),
            parents,
            tree,
            pushed_by.login if pushed_by else None,
            by_actions,
            dict(repo.files),
        )
        repo.commits.append(commit)
        return commit

    def _check_branch(self, repo: Repository, branch: str | None) -> None:
        if branch is not None and branch != repo.default_branch:
            raise NotFound(f"Branch {branch} not found")

    def put_file(
        self,
        repo: Repository,
        token: Token | None,
        path: str,
        content_b64: str,
        message: str,
        sha: str | None = None,
        branch: str | None = None,
        author: dict[str, str] | None = None,
        committer: dict[str, str] | None = None,
    ) -> tuple[bool, Commit]:
        """Create or update one file on the default branch. Returns (created, commit)."""
        self.require(repo, token, "write")
        self._check_branch(repo, branch)
        try:
            content = base64.b64decode(re.sub(r"\s", "", content_b64), validate=True)
        except ValueError:
            raise Unprocessable("content is not valid Base64") from None
        existing = repo.files.get(path)
        if existing is not None:
            if sha is None:
                raise Unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.')
            if sha != blob_sha(existing):
                raise Conflict(f"{path} does not match {sha}")
        if not path or path.endswith("/") or any(p.startswith(path + "/") for p in repo.files):
            raise Unprocessable("path is invalid")
        commit = self._commit(
            repo,
            {path: content},
            message,
            author,
            committer,
            pushed_by=token.user if token else None,
            by_actions=bool(token and token.is_actions_token),
        )
        return existing is None, commit

    def delete_file(
        self,
        repo: Repository,
        token: Token | None,
        path: str,
        message: str,
        sha: str,
        branch: str | None = None,
        author: dict[str, str] | None = None,
        committer: dict[str, str] | None = None,
    ) -> Commit:
        self.require(repo, token, "write")
        self._check_branch(repo, branch)
        existing = repo.files.get(path)
        if existing is None:
            raise NotFound("Not Found")
        if sha != blob_sha(existing):
            raise Conflict(f"{path} does not match {sha}")
        return self._commit(
            repo,
            {path: None},
            message,
            author,
            committer,
            pushed_by=token.user if token else None,
            by_actions=bool(token and token.is_actions_token),
        )

    def files_at(self, repo: Repository, ref: str | None) -> dict[str, bytes]:
        if ref is None or ref in (repo.default_branch, f"refs/heads/{repo.default_branch}"):
            return repo.files
        for commit in repo.commits:
            if commit.sha == ref or (len(ref) >= 7 and commit.sha.startswith(ref)):
                return commit.files
        raise NotFound(f"No commit found for the ref {ref}")

    # ----------------------------------------------------------------- repositories
    def update_repo(self, repo: Repository, token: Token | None, **changes: Any) -> Repository:
        self.require(repo, token, "admin")
        for key in ("has_issues", "has_projects", "description", "private", "default_branch"):
            if key in changes:
                setattr(repo, key, changes[key])
        if "name" in changes and changes["name"] != repo.name:
            del self.repos[repo.full_name.lower()]
            repo.name = changes["name"]
            self.repos[repo.full_name.lower()] = repo
        self.clock.tick()
        return repo
