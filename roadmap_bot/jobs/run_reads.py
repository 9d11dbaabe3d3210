"""What a run has read, kept for reuse: the sync's observer (the snapshot's issues serve
its observation) and the README step's store, primed with the README and the listing
read with it. A read is reused only while it still stands (runner.py decides when)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from roadmap_bot.errors import RateLimitedError, RoadmapBotError
from roadmap_bot.issues.observed import ObservedIssue, ObservedState
from roadmap_bot.jobs.ports import RepositoryPort, Snapshot


def read_first(gateway: RepositoryPort) -> tuple[str, str] | Exception:
    """The README (text, sha), or the error reading it gave, to raise where the README
    is handled (after the issues, as before)."""
    try:
        return gateway.read_readme()
    except (RoadmapBotError, RateLimitedError) as error:
        return error


class Recorder:
    """The sync's observer, keeping what it listed: the snapshot's issues serve the
    observation (the gateway keeps the rest of the snapshot for the links and markers)."""

    def __init__(self, gateway: RepositoryPort, snapshot: Snapshot) -> None:
        self.gateway = gateway
        self.snapshot = snapshot
        self.observed: ObservedState | None = None
        self.strays = False

    def observe(self) -> ObservedState:
        self.observed = self.snapshot.observed
        return self.observed

    def complete(
        self, observed: ObservedState, *, labels: bool = True, milestones: bool = True
    ) -> ObservedState:
        self.observed = self.gateway.complete(observed, labels=labels, milestones=milestones)
        return self.observed

    def sub_issue_numbers(self, parent_number: int) -> list[int]:
        return self.gateway.sub_issue_numbers(parent_number)

    def dependencies(self, observed: ObservedState) -> ObservedState:
        self.observed = self.gateway.dependencies(observed)  # the snapshot's, unless stale
        return self.observed

    def marker_issues(self) -> list[ObservedIssue]:
        self.strays = True
        return self.gateway.marker_issues()  # the snapshot's, unless stale

    def listing(self) -> list[ObservedIssue] | None:
        """The issues with the bot's label, as listed (None when more were read)."""
        if self.observed is None or self.strays:
            return None
        return list(self.observed.issues)


class Primed:
    """bring_readme_in_line's store, primed with what this run read already: the first
    attempt reuses them, a retry (stale sha) reads both again. Keeps the last listing and
    the issues the README changed, for the board."""

    def __init__(
        self,
        gateway: RepositoryPort,
        readme: tuple[str, str] | Exception | None = None,
        listing: list[ObservedIssue] | None = None,
    ) -> None:
        self.gateway = gateway
        self._readme = readme
        self._listing = listing
        self.last_listing: list[ObservedIssue] | None = None
        self.changed: dict[int, dict[str, object]] = {}

    def read_readme(self) -> tuple[str, str]:
        primed, self._readme = self._readme, None
        if isinstance(primed, Exception):
            raise primed
        return primed if primed is not None else self.gateway.read_readme()

    def list_managed_issues(self) -> list[ObservedIssue]:
        primed, self._listing = self._listing, None
        self.last_listing = primed if primed is not None else self.gateway.list_managed_issues()
        return self.last_listing

    def write_readme(self, text: str, sha: str, message: str) -> None:
        self.gateway.write_readme(text, sha, message)

    def propose_readme(self, text: str, message: str) -> str:
        return self.gateway.propose_readme(text, message)

    def update_issue(self, number: int, fields: dict[str, object]) -> None:
        self.gateway.update_issue(number, fields)
        self.changed[number] = fields

    def has_comment(self, number: int, marker: str) -> bool:
        return self.gateway.has_comment(number, marker)

    def create_comment(self, number: int, body: str) -> None:
        self.gateway.create_comment(number, body)

    def issues(self) -> list[ObservedIssue]:
        """The issues as they stand now: the latest listing (one is made if none was),
        with the changes the README made since."""
        issues = self.last_listing if self.last_listing is not None else self._listing
        if issues is None:
            issues = self.gateway.list_managed_issues()
        return [with_fields(issue, self.changed.get(issue.number)) for issue in issues]


def with_fields(issue: ObservedIssue, fields: Mapping[str, object] | None) -> ObservedIssue:
    if not fields or "state" not in fields:
        return issue
    reason = fields.get("state_reason")
    return dataclasses.replace(
        issue, state=str(fields["state"]), state_reason=str(reason) if reason else None
    )
