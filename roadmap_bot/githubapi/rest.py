"""What every REST resource module shares: paths with their segments encoded, and
GitHub's JSON for labels and milestones as data."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from roadmap_bot.issues.observed import ObservedLabel, ObservedMilestone


def path_segment(segment: str) -> str:
    """A path segment, percent-encoded (label names hold ':' and spaces)."""
    return urllib.parse.quote(str(segment), safe="")


def repo_path(owner: str, name: str) -> str:
    return f"/repos/{path_segment(owner)}/{path_segment(name)}"


def label_from_json(raw: Mapping[str, Any], *, node_id_key: str = "node_id") -> ObservedLabel:
    """A label as REST answers it (GraphQL's: ``node_id_key="id"``)."""
    return ObservedLabel(
        name=str(raw["name"]),
        color=str(raw.get("color") or "").lstrip("#").lower(),
        description=str(raw.get("description") or ""),
        node_id=str(raw.get(node_id_key) or ""),
    )


def milestone_from_json(raw: Mapping[str, Any]) -> ObservedMilestone:
    return ObservedMilestone(
        number=int(raw["number"]),
        title=str(raw["title"]),
        state=str(raw.get("state") or "open"),
        description=str(raw.get("description") or ""),
        node_id=str(raw.get("node_id") or ""),
        open_issues=int(raw.get("open_issues") or 0),
    )
