"""Bring README.md and the roadmap's issues in line, both ways. Pure.

Each item line records the state roadmap-bot last agreed with GitHub. Against it:
- the box differs, the issue does not: the learner ticked (or unticked) by hand, and the
  issue follows (closed as completed, closed as not planned for a skip, or reopened);
- the issue differs, the box does not: the box follows the issue;
- both differ and disagree: the issue wins (GitHub keeps who closed what, and when).
Parents and leaves alike. Then a parent whose last open child has just finished has its
issue closed as completed (issues/states.py: parents_to_complete), and its box ticks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.errors import ReadmeError
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.issues.states import FINISHED, desired_states, issue_state, parents_to_complete
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
from roadmap_bot.text import plural, quote

VERBS = {ItemState.DONE: "Tick", ItemState.TODO: "Untick", ItemState.SKIPPED: "Skip"}


@dataclass(frozen=True)
class IssueChange:
    """A box changed by hand in the README, to carry to the item's issue; or (with
    ``for_children``) a parent whose children are all finished, closed as completed."""

    item_id: str
    number: int
    state: ItemState
    for_children: bool = False

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
    # Issues that were done or skipped when last agreed and are open now, whoever
    # reopened them (the bot's own reopens start no further run): their cards leave Done.
    reopened: tuple[int, ...] = ()
    filename: str = "README.md"
    records: tuple[BoxChange, ...] = ()  # boxes already right whose state is now recorded

    @property
    def completions(self) -> tuple[IssueChange, ...]:
        """Parents to close for their children, once this README commit has landed."""
        return tuple(c for c in self.issue_changes if c.for_children)

    def commit_message(self) -> str:
        """What the commit changes, e.g. "Tick 'Helm' (#140)", "Tick 3, untick 1 from
        hand edits in README.md"."""
        parts = []
        boxes = self.box_changes
        if len(boxes) == 1:
            only = boxes[0]
            suffix = f" (#{only.number})" if only.number else ""
            parts.append(f"{VERBS[only.after]} {quote(only.title)}{suffix}")
        elif boxes:
            parts.append(_tally([b.after for b in boxes]))
        hand = [c.state for c in self.issue_changes if not c.for_children]
        if hand:
            parts.append(f"{_tally(hand)} from hand edits in {self.filename}")
        if self.rendered:
            parts.append("render the checklist from roadmap.yaml")
        if not parts and len(self.records) == 1:
            only = self.records[0]
            parts.append(f"record {quote(only.title)} (#{only.number}) as {only.after.value}")
        elif not parts and self.records:
            parts.append(f"record the states of {plural(len(self.records), 'issue')}")
        elif not parts:
            parts.append("update the progress block")
        message = "; ".join(parts)
        return message[0].upper() + message[1:]


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
        if box is base or box is on_github:
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
    # A parent whose box the learner just changed by hand keeps what they chose.
    closable = set(effective) - {change.item_id for change in issue_changes}
    completing = parents_to_complete(roadmap, final, recorded, closable)
    for item_id in completing:
        issue_changes.append(
            IssueChange(item_id, effective[item_id].number, ItemState.DONE, for_children=True)
        )
        final[item_id] = ItemState.DONE
    reopened = tuple(
        issue.number
        for item_id, issue in issues_by_item.items()
        if recorded.get(item_id, ItemState.TODO) in FINISHED
        and final.get(item_id) is ItemState.TODO
    )
    new_text = rendered_text
    box_changes: list[BoxChange] = []
    records: list[BoxChange] = []  # boxes already right, their state now recorded
    for placed in roadmap.walk():
        state = final[placed.id]
        has_issue = placed.id in issues_by_item
        before = boxes.get(placed.id, ItemState.TODO)
        settled = recorded.get(placed.id, ItemState.TODO) is state or not has_issue
        if before is state and settled:
            continue
        # A parent to complete is ticked but not recorded until its issue is closed: the
        # run whose commit lands closes it (readme_step); a run that reads the commit
        # first takes the tick for one by hand and closes it all the same.
        record = has_issue and placed.id not in completing
        new_text = set_item_state(new_text, placed.id, state, filename, record=record).text
        issue = issues_by_item.get(placed.id)
        number = issue.number if issue else None
        change = BoxChange(placed.id, placed.item.title, before, state, number)
        (box_changes if before is not state else records).append(change)
    new_text = refresh_progress_block(new_text, roadmap, final, filename, page_url)
    return Reconciliation(
        new_text,
        tuple(issue_changes),
        tuple(box_changes),
        tuple(notices),
        rendered=rendered_text != text,
        states=final,
        reopened=reopened,
        filename=filename,
        records=tuple(records),
    )


def _tally(states: list[ItemState]) -> str:
    """ "tick 3, untick 1" (in VERBS order, lower case)."""
    counts = [(verb.lower(), sum(s is state for s in states)) for state, verb in VERBS.items()]
    return ", ".join(f"{verb} {n}" for verb, n in counts if n)


def _issue_state_of(state: ItemState) -> tuple[str, str]:
    """The issue's state and state_reason that show a box's state on GitHub."""
    if state is ItemState.TODO:
        return "open", "reopened"
    return "closed", "not_planned" if state is ItemState.SKIPPED else "completed"


def _as_state(issue: ObservedIssue, state: ItemState) -> ObservedIssue:
    github_state, reason = _issue_state_of(state)
    return dataclasses.replace(issue, state=github_state, state_reason=reason)
