"""Sub-issue links through REST: link a child under its parent, move it to its place, list
a parent's children, unlink (an already gone link is fine)."""

from __future__ import annotations

from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError, ValidationFailedError
from roadmap_bot.githubapi.rest import repo_path


def add_sub_issue(
    client: GitHubClient,
    owner: str,
    name: str,
    parent_number: int,
    child_id: int,
    *,
    replace_parent: bool = True,
) -> None:
    """Make the issue with database id ``child_id`` (not its number) a sub-issue of
    ``parent_number``. Already its sub-issue (e.g. a retry after a lost answer): fine."""
    path = f"{repo_path(owner, name)}/issues/{int(parent_number)}/sub_issues"
    body = {"sub_issue_id": int(child_id), "replace_parent": bool(replace_parent)}
    try:
        client.write("POST", path, body, idempotent=True)
    except ValidationFailedError as exc:
        if "duplicate sub-issue" not in str(exc).lower():
            raise


def reprioritize_sub_issue(
    client: GitHubClient,
    owner: str,
    name: str,
    parent_number: int,
    child_id: int,
    anchor_id: int,
    *,
    after: bool,
) -> None:
    """Move the sub-issue ``child_id`` (a database id) right after (or before) another."""
    path = f"{repo_path(owner, name)}/issues/{int(parent_number)}/sub_issues/priority"
    key = "after_id" if after else "before_id"
    client.write(
        "PATCH", path, {"sub_issue_id": int(child_id), key: int(anchor_id)}, idempotent=True
    )


def list_sub_issue_numbers(
    client: GitHubClient, owner: str, name: str, parent_number: int
) -> list[int]:
    path = f"{repo_path(owner, name)}/issues/{int(parent_number)}/sub_issues"
    return [int(raw["number"]) for raw in client.paginate(path, {})]


def remove_sub_issue(
    client: GitHubClient, owner: str, name: str, parent_number: int, child_id: int
) -> None:
    """Detach a sub-issue from its parent; not (or no longer) its sub-issue: fine, whatever
    status GitHub refuses it with (404, 422, 400...): the parent's sub-issues tell."""
    path = f"{repo_path(owner, name)}/issues/{int(parent_number)}/sub_issue"
    try:
        client.write("DELETE", path, {"sub_issue_id": int(child_id)}, idempotent=True)
    except GitHubAPIError as error:
        if error.status in (401, 403):
            raise
        listing = f"{repo_path(owner, name)}/issues/{int(parent_number)}/sub_issues"
        if any(int(child["id"]) == int(child_id) for child in client.paginate(listing)):
            raise
