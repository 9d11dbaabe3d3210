"""A repository's labels and milestones through REST: read, create, update (one request
each; a create is sent once, see repo.py)."""

from __future__ import annotations

from typing import Any

from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.rest import label_from_json, milestone_from_json, path_segment, repo_path
from roadmap_bot.issues.observed import ObservedLabel, ObservedMilestone


def read_labels(client: GitHubClient, owner: str, name: str) -> list[ObservedLabel]:
    return [label_from_json(raw) for raw in client.paginate(f"{repo_path(owner, name)}/labels")]


def read_milestones(client: GitHubClient, owner: str, name: str) -> list[ObservedMilestone]:
    path = f"{repo_path(owner, name)}/milestones"
    return [milestone_from_json(raw) for raw in client.paginate(path, {"state": "all"})]


def create_label(
    client: GitHubClient,
    owner: str,
    name: str,
    label_name: str,
    color: str,
    description: str = "",
) -> ObservedLabel:
    body: dict[str, Any] = {"name": label_name, "color": color.lstrip("#").lower()}
    if description:
        body["description"] = description
    raw = client.write("POST", f"{repo_path(owner, name)}/labels", body, idempotent=False)
    return label_from_json(raw)


def update_label(
    client: GitHubClient,
    owner: str,
    name: str,
    label_name: str,
    *,
    new_name: str | None = None,
    color: str | None = None,
    description: str | None = None,
) -> ObservedLabel:
    """Change what is given (``description=""`` clears it)."""
    body: dict[str, Any] = {}
    if new_name is not None:
        body["new_name"] = new_name
    if color is not None:
        body["color"] = color.lstrip("#").lower()
    if description is not None:
        body["description"] = description
    if not body:
        raise ValueError("update_label: nothing to change")
    path = f"{repo_path(owner, name)}/labels/{path_segment(label_name)}"
    return label_from_json(client.write("PATCH", path, body, idempotent=True))


def create_milestone(
    client: GitHubClient,
    owner: str,
    name: str,
    title: str,
    *,
    description: str = "",
    state: str = "open",
) -> ObservedMilestone:
    body: dict[str, Any] = {"title": title, "state": state}
    if description:
        body["description"] = description
    raw = client.write("POST", f"{repo_path(owner, name)}/milestones", body, idempotent=False)
    return milestone_from_json(raw)


def update_milestone(
    client: GitHubClient,
    owner: str,
    name: str,
    number: int,
    *,
    title: str | None = None,
    description: str | None = None,
    state: str | None = None,
) -> ObservedMilestone:
    body = {
        k: v
        for k, v in (("title", title), ("description", description), ("state", state))
        if v is not None
    }
    if not body:
        raise ValueError("update_milestone: nothing to change")
    path = f"{repo_path(owner, name)}/milestones/{int(number)}"
    return milestone_from_json(client.write("PATCH", path, body, idempotent=True))
