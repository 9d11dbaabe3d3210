"""The event payload GitHub Actions hands a run, read from GITHUB_EVENT_PATH."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from roadmap_bot.errors import RoadmapBotError


def read_event_payload(env: Mapping[str, str]) -> Any:
    """The payload as JSON data ({} when no path is set: a run by hand)."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoadmapBotError(f"GITHUB_EVENT_PATH: {path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RoadmapBotError(
            f"GITHUB_EVENT_PATH: {path}: not a JSON event payload ({error})"
        ) from None
