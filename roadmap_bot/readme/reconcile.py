"""Bring README.md and the roadmap's issues in line, both ways. Pure.

Each item line records the state roadmap-bot last agreed with GitHub. Against it:
- the box differs, the issue does not: the learner ticked (or unticked) by hand, and the
  issue follows (closed as completed, closed as not planned for a skip, or reopened);
- the issue differs, the box does not: the box follows the issue;
- both differ and disagree: the issue wins (GitHub keeps who closed what, and when).
A parent that completes with its children follows them, whatever its own box says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.errors import ReadmeError
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import desired_states, issue_state
from roadmap_bot.readme.progress import refresh_progress_block
from roadmap_bot.readme.render import (
    hand_edits,
    read_recorded,
    read_states,
    set_item_state,
    states_for,
    update_readme,
)
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState

VERBS = {ItemState.DONE: "Tick", ItemState.TODO: "Untick", ItemState.SKIPPED: "Skip"}


@dataclass(frozen=True)
class IssueChange:
    """A box changed by hand in the README, to carry to the item's issue."""

    item_id: str
    number: int
    state: ItemState

    def fields(self) -> dict[str, object]:
        state, reason = _issue_state_of(self.state)
        return {"state": state, "state_reason": reason}


@dataclass(frozen=True)
class BoxChange:
    item_id: str
    title: str
    before: ItemState
    after: ItemState
    number: int | None


@dataclass(frozen=True)
class Reconciliation:
    text: str
    issue_changes: tuple[IssueChange, ...]
    box_changes: tuple[BoxChange, ...]
    notices: tuple[str, ...]
    rendered: bool  # the checklist was rendered anew from roadmap.yaml
    states: dict[str, ItemState]

    def commit_message(self) -> str:
        boxes = self.box_changes
        if len(boxes) == 1:
            only = boxes[0]
            suffix = f" (#{only.number})" if only.number else ""
            return f'{VERBS[only.after]} "{only.title}"{suffix}'
        if boxes:
            counts = {verb: sum(b.after is s for b in boxes) for s, verb in VERBS.items()}
            parts = [f"{verb.lower()} {n}" for verb, n in counts.items() if n]
            return f"Roadmap progress: {', '.join(parts)} items"
        if not self.rendered:
            # Only the states agreed with GitHub were written (after `init`, say).
            return "Roadmap: record the issues' states in the checklist"
        return "Render the roadmap checklist from roadmap.yaml"


def reconcile(
    text: str,
    roadmap: Roadmap,
    issues_by_item: Mapping[str, ObservedIssue],
    filename: str = "README.md",
    page_url: str | None = None,
) -> Reconciliation:
    """The README and issue changes that put both sides in line (page_url: the progress
    page the progress block links to, as refresh_progress_block takes it).

    Raises ReadmeError when the checklist was edited by hand (items added, renamed or
    removed there): those changes belong in roadmap.yaml and are never overwritten.
    """
    problems = hand_edits(text, roadmap, filename)
    if problems:
        raise ReadmeError(problems)
    rendered_text = update_readme(text, roadmap, filename)
    boxes = states_for(roadmap, read_states(rendered_text))
    recorded = states_for(roadmap, read_recorded(rendered_text))
    derived = {p.id for p in roadmap.walk() if p.item.children and p.item.complete_with_children}
    effective: dict[str, ObservedIssue] = {}
    issue_changes: list[IssueChange] = []
    notices: list[str] = []
    for placed in roadmap.walk():
        issue = issues_by_item.get(placed.id)
        if issue is None:
            continue
        box = boxes.get(placed.id, ItemState.TODO)
        base = recorded.get(placed.id, ItemState.TODO)
        on_github = issue_state(issue)
        effective[placed.id] = issue
        if box is base or box is on_github or placed.id in derived:
            continue
        if on_github is base:
            issue_changes.append(IssueChange(placed.id, issue.number, box))
            effective[placed.id] = _as_state(issue, box)
        else:
            notices.append(
                f"'{placed.item.title}' changed in the README ({box.value}) and on "
                f"#{issue.number} ({on_github.value}): the issue wins"
            )
    final = desired_states(roadmap, effective, fallback=boxes)
    new_text = rendered_text
    box_changes = []
    for placed in roadmap.walk():
        state = final[placed.id]
        has_issue = placed.id in issues_by_item
        before = boxes.get(placed.id, ItemState.TODO)
        settled = recorded.get(placed.id, ItemState.TODO) is state or not has_issue
        if before is state and settled:
            continue
        new_text = set_item_state(new_text, placed.id, state, filename, record=has_issue).text
        if before is not state:
            issue = issues_by_item.get(placed.id)
            number = issue.number if issue else None
            box_changes.append(BoxChange(placed.id, placed.item.title, before, state, number))
    new_text = refresh_progress_block(new_text, roadmap, final, filename, page_url)
    return Reconciliation(
        new_text,
        tuple(issue_changes),
        tuple(box_changes),
        tuple(notices),
        rendered=rendered_text != text,
        states=final,
    )


def _issue_state_of(state: ItemState) -> tuple[str, str]:
    """The issue's state and state_reason that show a box's state on GitHub."""
    if state is ItemState.TODO:
        return "open", "reopened"
    return "closed", "not_planned" if state is ItemState.SKIPPED else "completed"


def _as_state(issue: ObservedIssue, state: ItemState) -> ObservedIssue:
    github_state, reason = _issue_state_of(state)
    return dataclasses.replace(issue, state=github_state, state_reason=reason)
