"""Bring README.md on GitHub in line with the roadmap's issues, by commit.

Read the README (with its blob sha) first, then list the issues, then write with that
sha: when the commit lands, no other run wrote in between, and this run's listing is
newer than any earlier writer's. A stale sha (409, or 422 for a missing one): read,
list and compute again, a bounded number of times. A default branch that takes changes only
through a pull request: the change goes to roadmap-bot's branch and its one pull request.
"""

from __future__ import annotations

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
from roadmap_bot.readme.reconcile import Reconciliation, reconcile
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState

MAX_TRIES = 6


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
    echo: Callable[[str], None],
    page_url: str | None = None,
) -> ReadmeOutcome:
    for attempt in range(1, MAX_TRIES + 1):
        text, sha = store.read_readme()
        issues = match_issues(roadmap, tuple(store.list_managed_issues()))
        result = reconcile(text, roadmap, issues, filename, page_url)
        for change in result.issue_changes:
            store.update_issue(change.number, change.fields())
            verb = "reopened" if change.state is ItemState.TODO else "closed"
            echo(f"{filename}: box of '{change.item_id}' changed by hand: {verb} #{change.number}")
        for notice in result.notices:
            echo(f"notice: {notice}")
        if result.text == text:
            return ReadmeOutcome(result, committed=False, tries=attempt, issues=issues)
        try:
            store.write_readme(result.text, sha, result.commit_message())
        except StaleFileError:
            echo(f"{filename} changed while this run worked on it; reading it again")
            continue
        except ProtectedBranchError:
            return _proposed(result, issues, store, attempt)
        return ReadmeOutcome(result, committed=True, tries=attempt, issues=issues)
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
