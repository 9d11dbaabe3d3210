"""Bring README.md on GitHub in line with the roadmap's issues, by commit.

Read the README (with its blob sha) first, then list the issues, then write with that
sha: when the commit lands, no other run wrote in between, and this run's listing is
newer than any earlier writer's. A stale sha (409, or 422 for a missing one): read,
list and compute again, a bounded number of times. A default branch that takes changes only
through a pull request: the change goes to roadmap-bot's branch and its one pull request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from roadmap_bot.errors import (
    GitHubError,
    ProtectedBranchError,
    PullRequestsNotAllowedError,
    StaleFileError,
)
from roadmap_bot.issues.matching import match_issues
from roadmap_bot.issues.observed import ObservedIssue
from roadmap_bot.readme.reconcile import IssueChange, Reconciliation, reconcile
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState

Echo = Callable[[str], None]
MAX_TRIES = 6
COMPLETED_COMMENT_MARKER = "<!-- roadmap-bot:completed-with-children -->"
COMPLETED_COMMENT = (
    "Every sub-issue of this item is now closed (at least one as completed), so "
    "roadmap-bot closed it as completed and ticked its box in the README. Reopen it if "
    "you are not done with it: roadmap-bot leaves it open. To keep a parent open until you "
    "close it yourself, set `complete_with_children: false` on it in `roadmap.yaml`.\n\n"
    f"{COMPLETED_COMMENT_MARKER}"
)


class ReadmeStore(Protocol):
    def read_readme(self) -> tuple[str, str]:
        """(text, sha) of the README on the default branch."""
        ...

    def write_readme(self, text: str, sha: str, message: str) -> None:
        """Commit text over the README read with sha; StaleFileError when it changed,
        ProtectedBranchError when the default branch takes changes only by pull request."""
        ...

    def propose_readme(self, text: str, message: str) -> str:
        """Propose text as the README in roadmap-bot's one pull request; its URL.
        PullRequestsNotAllowedError when the token may not open it."""
        ...

    def list_managed_issues(self) -> list[ObservedIssue]: ...

    def update_issue(self, number: int, fields: dict[str, object]) -> None: ...

    def has_comment(self, number: int, marker: str) -> bool: ...

    def create_comment(self, number: int, body: str) -> None: ...


@dataclass(frozen=True)
class ReadmeOutcome:
    reconciliation: Reconciliation
    committed: bool
    tries: int
    issues: Mapping[str, ObservedIssue]  # the roadmap's issues, by item id, as listed
    pull_request: str | None = None  # the URL, when the change went through one
    refused: str | None = None  # why the pull request could not be opened (nothing lost)


def bring_readme_in_line(
    roadmap: Roadmap,
    store: ReadmeStore,
    filename: str,
    echo: Echo,
    page_url: str | None = None,
) -> ReadmeOutcome:
    first: Reconciliation | None = None  # a commit that closed parents, then recorded
    for attempt in range(1, MAX_TRIES + 1):
        text, sha = store.read_readme()
        issues = match_issues(roadmap, tuple(store.list_managed_issues()))
        result = reconcile(text, roadmap, issues, filename, page_url)
        for change in result.issue_changes:
            if not change.for_children:
                carry_out(change, store, filename, echo)
        for notice in result.notices:
            echo(f"notice: {notice}")
        if result.text == text:
            return _outcome(
                first, result, committed=first is not None, tries=attempt, issues=issues
            )
        message = result.commit_message()
        try:
            store.write_readme(result.text, sha, message)
        except StaleFileError:
            echo(f"{filename} changed while this run worked on it; reading it again")
            continue
        except ProtectedBranchError:
            return _proposed(result, issues, store, attempt)
        echo(f'{filename}: committed "{message}"')
        if not result.completions:
            return _outcome(first, result, committed=True, tries=attempt, issues=issues)
        # This commit claimed the parents (a racing run now reads them as ticked): close
        # them, then go round once more to record them as agreed.
        for change in result.completions:
            carry_out(change, store, filename, echo)
        first = (
            result
            if first is None
            else _outcome(first, result, committed=True, tries=0, issues=issues).reconciliation
        )
    raise GitHubError(
        f"{filename} kept changing under this run ({MAX_TRIES} tries); run again: the next "
        "run brings it in line"
    )


def _proposed(
    result: Reconciliation,
    issues: Mapping[str, ObservedIssue],
    store: ReadmeStore,
    attempt: int,
) -> ReadmeOutcome:
    try:
        url = store.propose_readme(result.text, result.commit_message())
    except PullRequestsNotAllowedError as error:
        return ReadmeOutcome(
            result, committed=False, tries=attempt, issues=issues, refused=error.message
        )
    return ReadmeOutcome(result, committed=False, tries=attempt, issues=issues, pull_request=url)


def _outcome(
    first: Reconciliation | None,
    last: Reconciliation,
    *,
    committed: bool,
    tries: int,
    issues: Mapping[str, ObservedIssue],
) -> ReadmeOutcome:
    """The outcome of the run: with ``first`` (a commit that closed parents), the two
    commits' changes together, the states as the last one left them."""
    if first is None or first is last:
        return ReadmeOutcome(last, committed=committed, tries=tries, issues=issues)
    merged = dataclasses.replace(
        last,
        box_changes=first.box_changes + last.box_changes,
        issue_changes=first.issue_changes + last.issue_changes,
        notices=first.notices + last.notices,
        rendered=first.rendered or last.rendered,
        reopened=tuple(dict.fromkeys(first.reopened + last.reopened)),
    )
    return ReadmeOutcome(merged, committed=committed, tries=tries, issues=issues)


def carry_out(change: IssueChange, store: ReadmeStore, filename: str, echo: Echo) -> None:
    """One issue change: a hand edit's, or a parent closed for its children (the comment
    first, looked for, so that a rerun after a crash posts it once)."""
    if change.for_children:
        if not store.has_comment(change.number, COMPLETED_COMMENT_MARKER):
            store.create_comment(change.number, COMPLETED_COMMENT)
        store.update_issue(change.number, change.fields())
        echo(f"'{change.item_id}': every child is finished: closed #{change.number} as completed")
        return
    store.update_issue(change.number, change.fields())
    verb = "reopened" if change.state is ItemState.TODO else "closed"
    echo(f"{filename}: box of '{change.item_id}' changed by hand: {verb} #{change.number}")
