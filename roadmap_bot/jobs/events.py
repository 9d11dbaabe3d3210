"""What to do for a GitHub event: a pure function from (event name, payload) to a Decision.

- `push` (to the default branch), `workflow_dispatch`, `schedule`: sync the roadmap.
- `issues` `closed` or `reopened`, for an issue with roadmap-bot's marker in its body:
  reconcile, that is bring the whole README in line with all roadmap issues (events race
  and get cancelled, so the handler never applies just the one that fired).
- Everything else: ignore, with a one-line notice saying why.

Payload text (titles, bodies, refs, even the event name) is untrusted: it is only ever
data. Reasons show it on one line, control characters dropped and long text cut, so a
printed reason can never start a workflow command (`::...`) or a second log line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from roadmap_bot.issues.body import marker_id
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import one_line, quoted_line

DecisionKind = Literal["sync", "reconcile", "ignore"]
SYNC_EVENTS = ("push", "workflow_dispatch", "schedule")
RECONCILE_ACTIONS = ("closed", "reopened")
TITLE_LIMIT = 60
TEXT_LIMIT = 40


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    reason: str  # one line, for the log
    # For an issues event (when the payload has them):
    issue_number: int | None = None
    # The title on one line (control characters dropped), not cut: data, never a command.
    issue_title: str | None = None
    item_id: str | None = None
    action: str | None = None
    # What the item's box should show after a closed or reopened event.
    state: ItemState | None = None


def _quoted(text: object) -> str:
    return quoted_line(text, TEXT_LIMIT)


def decide(event_name: str, payload: Mapping[str, Any]) -> Decision:
    """What the event asks of roadmap-bot. Never raises on a malformed payload."""
    if not isinstance(event_name, str) or not event_name.strip():
        return Decision("ignore", "no event name (GITHUB_EVENT_NAME is empty): nothing to do")
    if not isinstance(payload, Mapping):
        return Decision(
            "ignore",
            f"the {_quoted(event_name)} event's payload is not a JSON object "
            f"(got {type(payload).__name__}): nothing to do",
        )
    if event_name == "push":
        return _decide_push(payload)
    if event_name in SYNC_EVENTS:
        return Decision("sync", f"{event_name}: sync the roadmap")
    if event_name == "issues":
        return _decide_issue(payload)
    return Decision(
        "ignore",
        f"event {_quoted(event_name)} is not one roadmap-bot acts on: nothing to do",
    )


def _decide_push(payload: Mapping[str, Any]) -> Decision:
    ref = payload.get("ref")
    shown = _quoted(ref) if isinstance(ref, str) else "an unknown ref"
    if payload.get("deleted") is True:
        return Decision("ignore", f"push deleted {shown}: nothing to sync")
    repository = payload.get("repository")
    default = repository.get("default_branch") if isinstance(repository, Mapping) else None
    if isinstance(ref, str) and isinstance(default, str) and ref != f"refs/heads/{default}":
        return Decision(
            "ignore",
            f"push to {shown}, not the default branch {_quoted(default)}: nothing to sync",
        )
    return Decision("sync", f"push to {shown}: sync the roadmap")


def _decide_issue(payload: Mapping[str, Any]) -> Decision:
    issue = payload.get("issue")
    if not isinstance(issue, Mapping):
        return Decision("ignore", "issues event without an issue in its payload: nothing to do")
    number = issue.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        return Decision("ignore", "issues event whose issue has no number: nothing to do")
    raw_title = issue.get("title")
    title = one_line(raw_title) if isinstance(raw_title, str) else ""
    named = f'issue #{number} "{one_line(title, TITLE_LIMIT)}"'
    raw_action = payload.get("action")
    action = raw_action if isinstance(raw_action, str) else None
    body = issue.get("body")
    item_id = marker_id(body if isinstance(body, str) else None)
    facts: dict[str, Any] = {
        "issue_number": number,
        "issue_title": title,
        "item_id": item_id,
        "action": action,
    }
    if action not in RECONCILE_ACTIONS:
        what = f"action {_quoted(action)}" if action is not None else "no action"
        return Decision(
            "ignore",
            f"{named}: {what} does not change progress (only closed and reopened do)",
            **facts,
        )
    if item_id is None:
        return Decision(
            "ignore",
            f"{named} is not a roadmap item (no roadmap-bot marker in its body): nothing to do",
            **facts,
        )
    if action == "reopened":
        return Decision(
            "reconcile", f"{named} reopened: '{item_id}' unticked", state=ItemState.TODO, **facts
        )
    reason = issue.get("state_reason")
    if reason == "not_planned":
        return Decision(
            "reconcile",
            f"{named} closed as not planned: '{item_id}' skipped",
            state=ItemState.SKIPPED,
            **facts,
        )
    how = "as completed" if reason == "completed" else _closed_how(reason)
    return Decision(
        "reconcile", f"{named} closed {how}: '{item_id}' ticked", state=ItemState.DONE, **facts
    )


def _closed_how(reason: object) -> str:
    if reason is None:
        return "(no reason given)"
    return f"({one_line(reason).replace('_', ' ')})"
