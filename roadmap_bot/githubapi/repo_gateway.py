"""The sync gateway (roadmap_bot.issues.ports) over one repository: reads and writes through
the client, with the "did GitHub already do it?" checks that make a retry safe."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.errors import LostAnswerError, RoadmapBotError
from roadmap_bot.githubapi import (
    contents,
    dependencies,
    readme_pull,
    repo,
    repo_labels,
    snapshot,
    sub_issues,
)
from roadmap_bot.githubapi.board_reads import BoardReader
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import NotFoundError, ValidationFailedError
from roadmap_bot.issues.labels import MANAGED_LABEL, LabelSpec
from roadmap_bot.issues.observed import (
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedState,
)
from roadmap_bot.issues.ports import CreatedIssue, IssueRef, LinkChange

T = TypeVar("T")


class GitHubGateway:
    def __init__(
        self,
        client: GitHubClient,
        owner: str,
        name: str,
        *,
        readme_path: str = "README.md",
        board_reader: BoardReader | None = None,
    ) -> None:
        """``board_reader``: the board's reader (through this client when one token
        reaches both, else through the board's own), so that the snapshot reads the
        board's cards with the issues."""
        self.client = client
        self.owner = owner
        self.name = name
        self.readme_path = readme_path
        self.board_reader = board_reader
        self._repository_id = ""  # its node id, once read
        # The last snapshot, with the count of writes when it was read.
        self._snapshot: tuple[snapshot.SnapshotAnswer, int] | None = None

    def _call(self, function: Callable[..., T], *args: object, **kwargs: object) -> T:
        return function(self.client, self.owner, self.name, *args, **kwargs)

    # --- reads ---------------------------------------------------------------------------

    def writes(self) -> int:
        return self.client.stats.writes

    def read_snapshot(self, board: ProjectRef | None = None) -> snapshot.SnapshotAnswer:
        """The issues, their links, the README and (``board``) the board's cards: one
        request a page of 100 issues."""
        answer = None
        if board is not None and self.board_reader is not None:
            if self.board_reader.client is self.client:
                answer = self._read_by(self.client, (self.board_reader, board))
            else:
                answer = self._read_with_the_boards_token(self.board_reader, board)
        if answer is None:
            answer = self._read_by(self.client, None)
        self._repository_id = answer.repository_id or self._repository_id
        self._snapshot = (answer, self.writes())
        return answer

    def _read_by(
        self, client: GitHubClient, board: tuple[BoardReader, ProjectRef] | None
    ) -> snapshot.SnapshotAnswer:
        return snapshot.read_snapshot(
            client,
            self.owner,
            self.name,
            label=MANAGED_LABEL,
            readme_path=self.readme_path,
            board=board,
        )

    def _read_with_the_boards_token(
        self, reader: BoardReader, board: ProjectRef
    ) -> snapshot.SnapshotAnswer | None:
        """With a board token of its own, that token reads the issues too (it reaches the
        repository: a board token needs `repo` for a private one), so the cards come in
        the same pages. Whatever goes wrong (it cannot see the repository, a rate limit,
        a bad token) and the repository's own token reads them; the board step then says
        what is wrong with the board's."""
        try:
            return self._read_by(reader.client, (reader, board))
        except RoadmapBotError:
            return None

    def _current(self) -> snapshot.SnapshotAnswer | None:
        """The last snapshot, while nothing has been written since."""
        if self._snapshot is not None and self._snapshot[1] == self.writes():
            return self._snapshot[0]
        return None

    def observe(self) -> ObservedState:
        return self.read_snapshot().observed

    def complete(
        self, observed: ObservedState, *, labels: bool = True, milestones: bool = True
    ) -> ObservedState:
        return replace(
            observed,
            labels=tuple(self._call(repo_labels.read_labels)) if labels else observed.labels,
            milestones=tuple(self._call(repo_labels.read_milestones))
            if milestones
            else observed.milestones,
            complete=True,
        )

    def dependencies(self, observed: ObservedState) -> ObservedState:
        """The links read with ``observed`` (same snapshot, nothing written since), else
        those of a snapshot read now."""
        current = self._current()
        if current is None or observed.issues is not current.observed.issues:
            current = self.read_snapshot()
        return replace(observed, dependencies=current.links)

    def marker_issues(self) -> list[ObservedIssue]:
        """The last snapshot's, while nothing has been written since, else a new one's."""
        return list((self._current() or self.read_snapshot()).markers)

    def sub_issue_numbers(self, parent_number: int) -> list[int]:
        return self._call(sub_issues.list_sub_issue_numbers, parent_number)

    def list_managed_issues(self) -> list[ObservedIssue]:
        return self._call(repo.list_issues, MANAGED_LABEL)

    # --- the README, through the Contents API ---------------------------------------------

    def read_readme(self) -> tuple[str, str]:
        file = self._call(contents.read_file, self.readme_path)
        return file.text, file.sha

    def write_readme(self, text: str, sha: str, message: str) -> None:
        file = contents.RemoteFile(self.readme_path, "", sha)
        self._call(contents.write_file, file, text, message)

    def propose_readme(self, text: str, message: str) -> str:
        """The README change on roadmap-bot's branch, in its one pull request: the URL."""
        default_branch = self._call(repo.get_repository).default_branch
        return self._call(readme_pull.propose_file, default_branch, self.readme_path, text, message)

    def repository_node_id(self) -> str:
        if not self._repository_id:
            self._repository_id = self._call(repo.get_repository).node_id
        return self._repository_id

    def find_issue_by_marker(self, marker: str) -> ObservedIssue | None:
        return self._call(repo.find_issue_by_marker, MANAGED_LABEL, marker)

    def has_comment(self, number: int, marker: str) -> bool:
        return any(marker in c.body for c in self._call(repo.list_comments, number))

    # --- creates: a lost answer or a second try finds what the first one made ------------

    def create_label(self, spec: LabelSpec) -> ObservedLabel:
        try:
            return self._call(
                repo_labels.create_label, spec.name, spec.color, description=spec.description
            )
        except (LostAnswerError, ValidationFailedError) as error:
            if isinstance(error, ValidationFailedError) and "already_exists" not in (
                error.error_codes
            ):
                raise
            # It exists (made by the lost request, or by a hand): make it what we want.
            try:
                return self._call(
                    repo_labels.update_label,
                    spec.name,
                    color=spec.color,
                    description=spec.description,
                )
            except NotFoundError:
                if not isinstance(error, LostAnswerError):
                    raise
            # The request whose answer was lost made nothing: send it again, once.
            return self._call(
                repo_labels.create_label, spec.name, spec.color, description=spec.description
            )

    def create_milestone(self, title: str, description: str) -> ObservedMilestone:
        try:
            return self._call(repo_labels.create_milestone, title, description=description)
        except (LostAnswerError, ValidationFailedError) as error:
            if isinstance(error, ValidationFailedError) and "already_exists" not in (
                error.error_codes
            ):
                raise
            existing = self._call(repo_labels.read_milestones)
            found = [m for m in existing if m.title == title]
            if found:
                return found[0]
            if not isinstance(error, LostAnswerError):
                raise
            # The request whose answer was lost made nothing: send it again, once.
            return self._call(repo_labels.create_milestone, title, description=description)

    def create_issue(
        self,
        *,
        repository_id: str,
        title: str,
        body: str,
        label_ids: list[str],
        milestone_id: str | None,
        parent_id: str | None,
        project_ids: Sequence[str] = (),
    ) -> CreatedIssue:
        issue = repo.create_issue(
            self.client,
            repository_id,
            title,
            body,
            label_ids,
            milestone_id,
            parent_id,
            project_ids=project_ids,
        )
        return CreatedIssue(
            IssueRef(issue.number, issue.id, issue.node_id),
            issue.labels,
            issue.milestone_number,
            issue.parent_number,
        )

    def create_comment(self, number: int, body: str) -> None:
        try:
            self._call(repo.create_comment, number, body)
        except LostAnswerError:
            # Posted or not? Look; if not, post it again, once (a second lost answer stops
            # the run, and the caller's marker check on the next run decides).
            if not any(body == c.body for c in self._call(repo.list_comments, number)):
                self._call(repo.create_comment, number, body)

    # --- updates: idempotent, retried by the client --------------------------------------

    def update_label(self, spec: LabelSpec) -> None:
        self._call(
            repo_labels.update_label, spec.name, color=spec.color, description=spec.description
        )

    def set_milestone_state(self, number: int, state: str) -> None:
        self._call(repo_labels.update_milestone, number, state=state)

    def update_issue(self, number: int, fields: dict[str, object]) -> None:
        self._call(repo.update_issue, number, **fields)

    def add_labels(self, number: int, names: list[str]) -> None:
        self._call(repo.add_labels, number, names)

    def remove_label(self, number: int, name: str) -> None:
        self._call(repo.remove_label, number, name)

    def set_parent(self, parent_number: int, child_id: int) -> None:
        self._call(sub_issues.add_sub_issue, parent_number, child_id, replace_parent=True)

    def place_sub_issue(
        self, parent_number: int, child_id: int, anchor_id: int, *, after: bool
    ) -> None:
        self._call(
            sub_issues.reprioritize_sub_issue, parent_number, child_id, anchor_id, after=after
        )

    def remove_parent(self, parent_number: int, child_id: int) -> None:
        self._call(sub_issues.remove_sub_issue, parent_number, child_id)

    def change_links(self, changes: list[LinkChange]) -> None:
        dependencies.change_links(self.client, changes)
