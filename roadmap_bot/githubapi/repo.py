"""Typed operations on one repository's issues, labels and milestones, over a GitHubClient.

Reads: the issues over REST (with a label or all; sub-issue links come with each issue as
``parent_issue_url``), for what comes after a sync's first read (githubapi/snapshot.py).
Writes: one request each. Every request is valid against GitHub's REST description and
GraphQL schema (tests/data/github-api/).

Creates (issues, labels, milestones, comments) are sent once: after a
:class:`~roadmap_bot.githubapi.client.LostAnswerError` the caller looks (for an issue:
:func:`find_issue_by_marker`) before sending again. Updates are idempotent and retried.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError, NotFoundError
from roadmap_bot.githubapi.rest import path_segment, repo_path
from roadmap_bot.issues.observed import (
    ObservedIssue,
)

# GraphQL createIssue: labels, milestone and parent set in the one write. What GitHub
# answers tells what it did (labels are silently dropped without push access).
CREATE_ISSUE_MUTATION = """
mutation CreateIssue($input: CreateIssueInput!) {
  createIssue(input: $input) {
    issue {
      id
      databaseId
      number
      url
      title
      body
      state
      stateReason
      createdAt
      labels(first: 20) { nodes { name } }
      milestone { number }
      parent { number }
    }
  }
}
""".strip()

ISSUE_FIELDS = frozenset({"title", "body", "state", "state_reason", "milestone"})


@dataclass(frozen=True)
class RepositoryInfo:
    id: int
    node_id: str
    full_name: str
    has_issues: bool
    default_branch: str
    private: bool
    # admin, maintain, push, triage, pull (absent without a token)
    permissions: Mapping[str, bool] = field(default_factory=dict)

    @property
    def can_push(self) -> bool:
        """Whether the token may set labels and milestones (True when GitHub does not say)."""
        return bool(self.permissions.get("push", True))


@dataclass(frozen=True)
class IssueComment:
    id: int
    body: str
    user_login: str
    created_at: str


# --------------------------------------------------------------------------- JSON -> data


def _number_from_url(url: Any) -> int | None:
    if not url:
        return None
    last = urllib.parse.urlparse(str(url)).path.rstrip("/").rsplit("/", 1)[-1]
    return int(last) if last.isdigit() else None


def issue_from_json(raw: Mapping[str, Any]) -> ObservedIssue:
    labels = tuple(
        str(lb["name"]) if isinstance(lb, Mapping) else str(lb) for lb in raw.get("labels") or ()
    )
    milestone = raw.get("milestone")
    return ObservedIssue(
        number=int(raw["number"]),
        id=int(raw["id"]),
        node_id=str(raw.get("node_id") or ""),
        title=str(raw.get("title") or ""),
        body=str(raw.get("body") or ""),
        state=str(raw.get("state") or "open"),
        state_reason=raw.get("state_reason"),
        labels=labels,
        milestone_number=int(milestone["number"]) if milestone else None,
        parent_number=_number_from_url(raw.get("parent_issue_url")),
        created_at=str(raw.get("created_at") or ""),
        html_url=str(raw.get("html_url") or ""),
        closed_at=str(raw.get("closed_at") or ""),
        blocked_by_count=int(
            (raw.get("issue_dependencies_summary") or {}).get("total_blocked_by") or 0
        ),
    )


def issue_from_graphql(raw: Mapping[str, Any]) -> ObservedIssue:
    labels = tuple(str(n["name"]) for n in ((raw.get("labels") or {}).get("nodes") or ()) if n)
    milestone = raw.get("milestone")
    parent = raw.get("parent")
    reason = raw.get("stateReason")
    return ObservedIssue(
        number=int(raw["number"]),
        id=int(raw["databaseId"]),
        node_id=str(raw["id"]),
        title=str(raw.get("title") or ""),
        body=str(raw.get("body") or ""),
        state=str(raw.get("state") or "OPEN").lower(),
        state_reason=str(reason).lower() if reason else None,
        labels=labels,
        milestone_number=int(milestone["number"]) if milestone else None,
        parent_number=int(parent["number"]) if parent else None,
        created_at=str(raw.get("createdAt") or ""),
        html_url=str(raw.get("url") or ""),
        closed_at=str(raw.get("closedAt") or ""),
        blocked_by_count=int(
            (raw.get("issueDependenciesSummary") or {}).get("totalBlockedBy") or 0
        ),
    )


def _comment_from_json(raw: Mapping[str, Any]) -> IssueComment:
    user = raw.get("user") or {}
    return IssueComment(
        id=int(raw["id"]),
        body=str(raw.get("body") or ""),
        user_login=str(user.get("login") or ""),
        created_at=str(raw.get("created_at") or ""),
    )


# --------------------------------------------------------------------------- reads


def get_repository(client: GitHubClient, owner: str, name: str) -> RepositoryInfo:
    raw = client.get(repo_path(owner, name))
    return RepositoryInfo(
        id=int(raw["id"]),
        node_id=str(raw["node_id"]),
        full_name=str(raw.get("full_name") or f"{owner}/{name}"),
        has_issues=bool(raw.get("has_issues", True)),
        default_branch=str(raw.get("default_branch") or "main"),
        private=bool(raw.get("private", False)),
        permissions=dict(raw.get("permissions") or {}),
    )


def _issues_query(managed_label: str | None, direction: str) -> dict[str, Any]:
    params: dict[str, Any] = {"state": "all", "sort": "created", "direction": direction}
    if managed_label is not None:
        params["labels"] = managed_label
    return params


def _raw_issues(
    client: GitHubClient, owner: str, name: str, label: str | None
) -> Iterator[dict[str, Any]]:
    """GitHub's issue objects (open and closed, oldest first, pull requests left out),
    with ``label`` when given: one paginated listing."""
    path = f"{repo_path(owner, name)}/issues"
    return (
        raw
        for raw in client.paginate(path, _issues_query(label, "asc"))
        if "pull_request" not in raw
    )


def list_issues(
    client: GitHubClient, owner: str, name: str, label: str | None
) -> list[ObservedIssue]:
    """Every issue (open and closed, oldest first, pull requests left out), with ``label``
    when given: one paginated listing."""
    return [issue_from_json(raw) for raw in _raw_issues(client, owner, name, label)]


def find_issue_by_marker(
    client: GitHubClient, owner: str, name: str, managed_label: str | None, marker: str
) -> ObservedIssue | None:
    """The issue whose body holds ``marker``, among the 100 most recently created ones with
    ``managed_label``: the check to make after a LostAnswerError on a create.

    If none has it, the 100 most recent issues of any label are searched too (one more
    request), since GitHub silently drops the labels of a create without push access.
    Several matches (an earlier race): the oldest.
    """
    base = repo_path(owner, name)
    labels_to_try: list[str | None] = [managed_label] if managed_label is not None else []
    labels_to_try.append(None)
    for label in labels_to_try:
        page = client.get(f"{base}/issues", {**_issues_query(label, "desc"), "per_page": 100})
        found = [
            issue_from_json(raw)
            for raw in page or ()
            if "pull_request" not in raw and marker in str(raw.get("body") or "")
        ]
        if found:
            return min(found, key=lambda issue: issue.number)
    return None


def list_comments(client: GitHubClient, owner: str, name: str, number: int) -> list[IssueComment]:
    path = f"{repo_path(owner, name)}/issues/{int(number)}/comments"
    return [_comment_from_json(raw) for raw in client.paginate(path)]


# --------------------------------------------------------------------------- issue writes


def update_issue(
    client: GitHubClient, owner: str, name: str, number: int, **fields: Any
) -> ObservedIssue:
    """PATCH the given fields: title, body, state, state_reason, milestone (number or None)."""
    unknown = set(fields) - ISSUE_FIELDS
    if unknown:
        raise TypeError(f"update_issue: unknown fields {sorted(unknown)}")
    if not fields:
        raise ValueError("update_issue: nothing to change")
    path = f"{repo_path(owner, name)}/issues/{int(number)}"
    return issue_from_json(client.write("PATCH", path, fields, idempotent=True))


def add_labels(
    client: GitHubClient, owner: str, name: str, number: int, names: Iterable[str]
) -> tuple[str, ...]:
    """Add labels (``{"labels": [...]}``, not PyGithub's bare array); returns the issue's
    labels afterwards."""
    names = list(names)
    if not names:
        raise ValueError("add_labels: no labels")
    path = f"{repo_path(owner, name)}/issues/{int(number)}/labels"
    raw = client.write("POST", path, {"labels": names}, idempotent=True)
    return tuple(str(lb["name"]) if isinstance(lb, Mapping) else str(lb) for lb in raw or ())


def remove_label(client: GitHubClient, owner: str, name: str, number: int, label: str) -> None:
    """Remove one label from an issue; a label already gone (404) is fine."""
    path = f"{repo_path(owner, name)}/issues/{int(number)}/labels/{path_segment(label)}"
    with contextlib.suppress(NotFoundError):
        client.write("DELETE", path, None, idempotent=True)


def create_comment(
    client: GitHubClient, owner: str, name: str, number: int, body: str
) -> IssueComment:
    path = f"{repo_path(owner, name)}/issues/{int(number)}/comments"
    return _comment_from_json(client.write("POST", path, {"body": body}, idempotent=False))


def create_issue(
    client: GitHubClient,
    repository_node_id: str,
    title: str,
    body: str,
    label_ids: Iterable[str] = (),
    milestone_node_id: str | None = None,
    parent_node_id: str | None = None,
    *,
    project_ids: Iterable[str] = (),
) -> ObservedIssue:
    """Create an issue with its labels, milestone and parent in one GraphQL write.

    The answer says what GitHub did: compare its labels, milestone and parent with what
    was asked, and set what is missing separately (without push access GitHub drops them
    silently). Raises LostAnswerError when the answer was lost: look for the marker with
    :func:`find_issue_by_marker` before creating again.
    """
    payload: dict[str, Any] = {"repositoryId": repository_node_id, "title": title, "body": body}
    label_ids = list(label_ids)
    if label_ids:
        payload["labelIds"] = label_ids
    if milestone_node_id:
        payload["milestoneId"] = milestone_node_id
    if parent_node_id:
        payload["parentIssueId"] = parent_node_id
    project_ids = list(project_ids)
    if project_ids:
        payload["projectV2Ids"] = project_ids  # the card comes with the issue
    result = client.graphql(CREATE_ISSUE_MUTATION, {"input": payload}, mutation=True)
    client.raise_for_graphql_errors(result, mutation=True)
    issue = ((result.data or {}).get("createIssue") or {}).get("issue")
    if not issue:
        raise GitHubAPIError(
            "GitHub's answer to createIssue holds no issue", verb="POST", data=result.data
        )
    return issue_from_graphql(issue)
