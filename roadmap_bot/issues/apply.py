"""Carry out a sync plan, serially, within a write budget, so that a rerun can resume it.

Every action is written so that doing it twice, or crashing half-way and planning again,
ends in the same state: creates are checked for before being sent again, labels are
added by name, and parents are set with "replace".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from roadmap_bot.errors import GitHubError, LostAnswerError, RateLimitedError
from roadmap_bot.issues import plan as P
from roadmap_bot.issues.body import fill_numbers, item_marker
from roadmap_bot.issues.labels import REMOVED_LABEL
from roadmap_bot.issues.milestones import CloseMilestone, ReopenMilestone
from roadmap_bot.issues.observed import ObservedMilestone, ObservedState
from roadmap_bot.issues.order import PlaceSubIssue
from roadmap_bot.issues.ports import (
    LINKS_PER_REQUEST,
    CreatedIssue,
    Gateway,
    IssueRef,
    LinkChange,
)
from roadmap_bot.roadmap.states import ItemState


@dataclass
class ApplyResult:
    done: int = 0
    remaining: int = 0
    stopped: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(P.KINDS, 0))
    notes: list[str] = field(default_factory=list)


Progress = Callable[[int, int, P.Action], None]
# Sends of one createIssue, each after looking for the issue the last one may have made:
# as many tries as the client gives a request it may send again (githubapi.client).
CREATE_TRIES = 4


class _Resolver:
    """Names in the plan (label names, milestone titles, item ids) to GitHub's ids."""

    def __init__(
        self,
        observed: ObservedState,
        plan: P.Plan,
        board_ids: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self._board_ids = board_ids
        self._project_ids: Sequence[str] | None = None
        self.labels = {label.name.lower(): label.node_id for label in observed.labels}
        self.milestones = {m.title: m for m in observed.milestones}
        self.issues = {
            item_id: IssueRef(issue.number, issue.id, issue.node_id)
            for item_id, issue in plan.issues.items()
        }
        self._repository_id: str | None = None

    def project_ids(self) -> Sequence[str]:
        """The boards a new issue goes onto in its createIssue (asked once, when needed)."""
        if self._project_ids is None:
            self._project_ids = tuple(self._board_ids()) if self._board_ids else ()
        return self._project_ids

    def fill(self, body: str) -> str:
        """body with the numbers of the required issues known by now."""
        return fill_numbers(body, {item_id: ref.number for item_id, ref in self.issues.items()})

    def repository_id(self, gateway: Gateway) -> str:
        if self._repository_id is None:
            self._repository_id = gateway.repository_node_id()
        return self._repository_id


def apply_plan(
    plan: P.Plan,
    observed: ObservedState,
    gateway: Gateway,
    *,
    max_writes: int | None = None,
    progress: Progress | None = None,
    board_ids: Callable[[], Sequence[str]] | None = None,
) -> ApplyResult:
    """``board_ids``: the boards (node ids) new issues go onto in their createIssue."""
    result = ApplyResult()
    resolver = _Resolver(observed, plan, board_ids)
    total = len(plan.actions)
    start_writes = gateway.writes()
    index = 0
    while index < total:
        if max_writes is not None and gateway.writes() - start_writes >= max_writes:
            result.stopped = f"reached --max-writes {max_writes}"
            result.remaining = total - index
            return result
        batch = _links_from(plan.actions, index) or [plan.actions[index]]
        if progress:
            for offset, action in enumerate(batch):
                progress(index + offset + 1, total, action)
        try:
            if len(batch) == 1 and not isinstance(batch[0], LINKS):
                _carry_out(batch[0], gateway, resolver, result)
            else:
                gateway.change_links([_link(action, resolver) for action in batch])
        except RateLimitedError as stop:
            result.stopped = stop.message
            result.remaining = total - index
            return result
        for action in batch:
            result.done += 1
            result.counts[action.kind] += 1
        index += len(batch)
    return result


LINKS = (P.AddBlockedBy, P.RemoveBlockedBy)


def _links_from(actions: tuple[P.Action, ...], start: int) -> list[P.Action]:
    """The "blocked by" changes from ``start`` on, as many as one request carries."""
    batch: list[P.Action] = []
    for action in actions[start : start + LINKS_PER_REQUEST]:
        if not isinstance(action, LINKS):
            break
        batch.append(action)
    return batch


def _link(action: P.Action, resolver: _Resolver) -> LinkChange:
    if isinstance(action, P.AddBlockedBy):
        issue, blocking = resolver.issues[action.item_id], resolver.issues[action.blocking_item_id]
        return LinkChange(issue.node_id, blocking.node_id, linked=True)
    assert isinstance(action, P.RemoveBlockedBy)
    return LinkChange(action.issue_id, action.blocking_id, linked=False)


def _carry_out(
    action: P.Action, gateway: Gateway, resolver: _Resolver, result: ApplyResult
) -> None:
    if isinstance(action, P.CreateLabel):
        label = gateway.create_label(action.spec)
        resolver.labels[label.name.lower()] = label.node_id
    elif isinstance(action, P.UpdateLabel):
        gateway.update_label(action.spec)
    elif isinstance(action, P.CreateMilestone):
        milestone = gateway.create_milestone(action.title, P.MILESTONE_DESCRIPTION)
        resolver.milestones[milestone.title] = milestone
    elif isinstance(action, (ReopenMilestone, CloseMilestone)):
        state = "open" if isinstance(action, ReopenMilestone) else "closed"
        gateway.set_milestone_state(action.number, state)
    elif isinstance(action, P.CreateIssue):
        _create_issue(action, gateway, resolver, result)
    elif isinstance(action, P.UpdateIssue):
        fields: dict[str, object] = {}
        if action.title is not None:
            fields["title"] = action.title
        if action.body is not None:
            fields["body"] = resolver.fill(action.body)
        if action.milestone is not None:
            fields["milestone"] = resolver.milestones[action.milestone].number
        if action.reopen:
            fields.update(state="open", state_reason="reopened")
        gateway.update_issue(action.number, fields)
    elif isinstance(action, P.AddLabels):
        gateway.add_labels(action.number, list(action.names))
    elif isinstance(action, P.RemoveLabel):
        gateway.remove_label(action.number, action.name)
    elif isinstance(action, P.SetParent):
        parent = resolver.issues[action.parent_item_id]
        gateway.set_parent(parent.number, resolver.issues[action.item_id].id)
    elif isinstance(action, PlaceSubIssue):
        issues = resolver.issues
        anchor = action.after_item_id or action.before_item_id or ""
        gateway.place_sub_issue(
            issues[action.parent_item_id].number,
            issues[action.item_id].id,
            issues[anchor].id,
            after=action.after_item_id is not None,
        )
    elif isinstance(action, P.RemoveParent):
        gateway.remove_parent(action.parent_number, resolver.issues[action.item_id].id)
    elif isinstance(action, P.FillNumbers):
        gateway.update_issue(
            resolver.issues[action.item_id].number, {"body": resolver.fill(action.body)}
        )
    elif isinstance(action, P.CloseRemoved):
        # The comment first, checked for, so that a rerun after a crash posts it once.
        if not gateway.has_comment(action.number, P.REMOVED_COMMENT_MARKER):
            gateway.create_comment(action.number, P.REMOVED_COMMENT)
        gateway.add_labels(action.number, [REMOVED_LABEL])
        gateway.update_issue(action.number, {"state": "closed", "state_reason": "not_planned"})


def _create_issue(
    action: P.CreateIssue, gateway: Gateway, resolver: _Resolver, result: ApplyResult
) -> None:
    milestone = resolver.milestones.get(action.milestone)
    parent = resolver.issues.get(action.parent_item_id) if action.parent_item_id else None
    label_ids = [resolver.labels[name.lower()] for name in action.labels]
    created: CreatedIssue | None = None
    for _attempt in range(CREATE_TRIES):
        try:
            created = gateway.create_issue(
                repository_id=resolver.repository_id(gateway),
                title=action.title,
                body=resolver.fill(action.body),
                label_ids=label_ids,
                milestone_id=milestone.node_id if milestone else None,
                parent_id=parent.node_id if parent else None,
                project_ids=resolver.project_ids(),
            )
            break
        except LostAnswerError:
            # GitHub may have created it before the answer was lost: look before resending.
            found = gateway.find_issue_by_marker(item_marker(action.item_id))
            if found is not None:
                created = CreatedIssue(
                    IssueRef(found.number, found.id, found.node_id),
                    found.labels,
                    found.milestone_number,
                    found.parent_number,
                )
                result.notes.append(
                    f"GitHub's answer to creating #{found.number} [{action.item_id}] was lost; "
                    "found the issue, not sent again"
                )
                break
    if created is None:
        raise GitHubError(
            f"GitHub did not answer {CREATE_TRIES} times while creating the issue for "
            f"[{action.item_id}]; "
            "run sync again later: nothing will be duplicated"
        )
    resolver.issues[action.item_id] = created.ref
    _complete(action, created, gateway, milestone, parent)
    if action.state is not ItemState.TODO:
        # GitHub creates issues open. Should this stop (a rate limit), the README's box,
        # ticked but not yet recorded as agreed, closes the issue in the next README step.
        reason = "not_planned" if action.state is ItemState.SKIPPED else "completed"
        gateway.update_issue(created.ref.number, {"state": "closed", "state_reason": reason})


def _complete(
    action: P.CreateIssue,
    created: CreatedIssue,
    gateway: Gateway,
    milestone: ObservedMilestone | None,
    parent: IssueRef | None,
) -> None:
    """GitHub silently drops labels, milestone (and so on) for tokens without push access:
    check what the answer holds and set what is missing, one write each."""
    number = created.ref.number
    missing = [name for name in action.labels if name not in created.labels]
    if missing:
        gateway.add_labels(number, missing)
    if milestone is not None and created.milestone_number != milestone.number:
        gateway.update_issue(number, {"milestone": milestone.number})
    if parent is not None and created.parent_number != parent.number:
        gateway.set_parent(parent.number, created.ref.id)
