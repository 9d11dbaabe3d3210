"""What a sync reads before it plans, in as few requests as GitHub allows: ONE GraphQL
document a page of 100 issues.

Each page holds issues of the repository (open and closed, oldest first), each with its
labels, milestone, parent and "blocked by" links; the first page holds the repository's
id, labels and milestones, and the README too; with a board, the first page holds the
board's fields, and every issue brings its card (``projectItems``): the document is then
sent with the board's token (repo_gateway.py), which reaches the repository too. A no-op
re-sync of the shipped roadmap (168 items, a board) costs 2 requests; 1,000 items cost 10.

Every issue is read, not only those bearing the bot's label: an issue whose label was
taken off is then found by its marker without a listing of its own before creating (a
fork holds the roadmap's issues and few others; a repository with many more pays a page
for each 100 of them).

The README's text is taken only when it is the file byte for byte: GitHub cuts ``Blob.text``
at 512,000 bytes (``isTruncated``) and gives none for a binary file, so when the text is
missing, cut, or not ``byteSize`` bytes long, ``readme`` is None and the caller reads the
file through the Contents API. A GitHub without issue dependencies (GitHub Enterprise
Server before them) is read again without the links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roadmap_bot.board.model import ObservedBoard
from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.githubapi import dependencies
from roadmap_bot.githubapi.board_documents import (
    BOARD_FIELDS,
    CARDS_FRAGMENTS,
    CARDS_PER_ISSUE,
    FIELD_FRAGMENT,
)
from roadmap_bot.githubapi.board_reads import BoardReader
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import (
    ISSUES_DISABLED_MESSAGE,
    REPO_NOT_FOUND_MESSAGE,
    GitHubAPIError,
    GraphQLQueryError,
    IssuesDisabledError,
    NotFoundError,
)
from roadmap_bot.githubapi.graphql import NOT_FOUND, GraphQLErrorInfo, GraphQLResult
from roadmap_bot.githubapi.repo import issue_from_graphql
from roadmap_bot.githubapi.rest import label_from_json
from roadmap_bot.issues.body import marker_id
from roadmap_bot.issues.observed import (
    ObservedDependencies,
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedState,
)

ISSUES_PER_PAGE = 100
LABELS_PER_ISSUE = 100
LIST_PAGE = 100  # the repository's labels and milestones: beyond, they are listed over REST
_MILESTONE = "id number title description state issues(states: [OPEN], first: 1) { totalCount }"

_ISSUE = f"""
        id databaseId number title body state stateReason url createdAt closedAt
        labels(first: {LABELS_PER_ISSUE}) {{ nodes {{ id name color description }} }}
        milestone {{ {_MILESTONE} }}
        parent {{ number }}"""
_LINKS = f"""
        issueDependenciesSummary {{ totalBlockedBy totalBlocking }}
        blockedBy(first: {dependencies.LINKS_PER_ISSUE}) {{ nodes {{ id }} }}"""
_CARDS = f"""
        projectItems(first: {CARDS_PER_ISSUE}) {{ nodes {{ ...Card }} }}"""
_REPOSITORY = f"""
    id
    hasIssuesEnabled
    labels(first: {LIST_PAGE}) {{
      pageInfo {{ hasNextPage }}
      nodes {{ id name color description }}
    }}
    milestones(first: {LIST_PAGE}, states: [OPEN, CLOSED]) {{
      pageInfo {{ hasNextPage }}
      nodes {{ {_MILESTONE} }}
    }}"""
_README = """
    readme: object(expression: $readme) {
      __typename
      ... on Blob { oid byteSize text isBinary isTruncated }
    }"""


@dataclass(frozen=True)
class SnapshotAnswer:
    """The snapshot as read (jobs/ports.py: Snapshot says what each part is)."""

    observed: ObservedState
    links: ObservedDependencies | None
    readme: tuple[str, str] | None
    board: ObservedBoard | None
    markers: tuple[ObservedIssue, ...]  # every issue with an item marker, any label
    repository_id: str


def document(*, first: bool, links: bool, board: bool) -> str:
    """The page's GraphQL document: the README and the board's fields on the first page."""
    declared = "$owner: String!, $name: String!, $after: String"
    if first:
        declared += ", $readme: String!"
    if first and board:
        declared += ", $login: String!, $number: Int!"
    issue = _ISSUE + (_LINKS if links else "") + (_CARDS if board else "")
    return (
        f"query RoadmapSnapshot({declared}) {{\n"
        "  repository(owner: $owner, name: $name) {"
        + (_REPOSITORY + _README if first else "")
        + f"""
    issues(first: {ISSUES_PER_PAGE}, after: $after, states: [OPEN, CLOSED],
           orderBy: {{field: CREATED_AT, direction: ASC}}) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{{issue}
      }}
    }}
  }}
"""
        + (BOARD_FIELDS if first and board else "")
        + "}\n"
        + (CARDS_FRAGMENTS if board else "")
        + (FIELD_FRAGMENT if first and board else "")
    )


def read_snapshot(
    client: GitHubClient,
    owner: str,
    name: str,
    *,
    label: str,
    readme_path: str,
    board: tuple[BoardReader, ProjectRef] | None = None,
) -> SnapshotAnswer:
    """Every page of the snapshot. A board part that fails in any way (the token cannot
    see the board, lacks its scope, or an issue came back empty because of its cards) is
    dropped: the issues are read again without it, and the board step reads the board on
    its own and says what is wrong."""
    if board is not None:
        try:
            answer = _read_any_github(client, owner, name, label, readme_path, board)
        except GraphQLQueryError:
            answer = None  # refused outright, e.g. a classic token without `read:project`
        if answer is not None:
            return answer
    answer = _read_any_github(client, owner, name, label, readme_path, None)
    if answer is None:  # pragma: no cover - _read returns None only with a board
        raise AssertionError("a snapshot without a board is always whole")
    return answer


def _read_any_github(
    client: GitHubClient,
    owner: str,
    name: str,
    label: str,
    readme_path: str,
    board: tuple[BoardReader, ProjectRef] | None,
) -> SnapshotAnswer | None:
    """With the links; without them on a GitHub that has no issue dependencies."""
    try:
        return _read(client, owner, name, label, readme_path, board, links=True)
    except GraphQLQueryError as error:
        if not dependencies.lacks_dependencies(error):
            raise
    return _read(client, owner, name, label, readme_path, board, links=False)


def _read(
    client: GitHubClient,
    owner: str,
    name: str,
    label: str,
    readme_path: str,
    board: tuple[BoardReader, ProjectRef] | None,
    *,
    links: bool,
) -> SnapshotAnswer | None:
    """The pages read; None when the board's part failed (then read again without it)."""
    nodes: list[Mapping[str, Any]] = []
    after: str | None = None
    head: Mapping[str, Any] = {}  # the first page's repository
    board_answer: GraphQLResult | None = None
    while True:
        first = after is None
        variables: dict[str, Any] = {"owner": owner, "name": name, "after": after}
        if first:
            variables["readme"] = f"HEAD:{readme_path.lstrip('/')}"
        if first and board is not None:
            variables.update(login=board[1].owner, number=board[1].number)
        query = document(first=first, links=links, board=board is not None)
        result = client.graphql(query, variables, mutation=False)
        if not _raise_repository_errors(client, result, f"{owner}/{name}") and board:
            return None
        repository = (result.data or {}).get("repository") or {}
        if first:
            head, board_answer = repository, result
            if head.get("hasIssuesEnabled") is False:
                raise IssuesDisabledError(
                    client.texts.fmt(ISSUES_DISABLED_MESSAGE, repository=f"{owner}/{name}")
                )
        issues = repository.get("issues") or {}
        page_nodes = list(issues.get("nodes") or ())
        if not all(isinstance(n, Mapping) and n.get("id") for n in page_nodes):
            if board:
                return None
            # An issue left out would be created again: never plan on a partial listing.
            raise GitHubAPIError(
                "GitHub's answer left out some issues (null in the listing); run sync again",
                verb="POST",
                path="graphql",
            )
        nodes += page_nodes
        page = issues.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            break
        after = str(page["endCursor"])
    observed_board = None
    if board is not None and board_answer is not None:
        reader, ref = board
        observed_board = reader.board_of_snapshot(board_answer, ref, nodes)
    wanted = label.lower()
    ours = [n for n in nodes if wanted in _label_names(n)]
    marked = [n for n in nodes if marker_id(str(n.get("body") or ""))]
    return SnapshotAnswer(
        observed=_observed(head, ours),
        links=_links(ours) if links else None,
        readme=_readme_of(head.get("readme")),
        board=observed_board,
        markers=tuple(issue_from_graphql(node) for node in marked),
        repository_id=str(head.get("id") or ""),
    )


def _label_names(node: Mapping[str, Any]) -> set[str]:
    return {str(raw["name"]).lower() for raw in (node.get("labels") or {}).get("nodes") or ()}


def _raise_repository_errors(client: GitHubClient, result: GraphQLResult, repository: str) -> bool:
    """Raise the errors of the repository's part (a repository GitHub cannot find, or the
    token cannot see, by the words the REST API's 404 gets). The board's (``owner``,
    ``projectItems``) are the board step's to report, from a read of its own: False when
    there are some."""

    def board_part(error: GraphQLErrorInfo) -> bool:
        path = [str(step) for step in error.path or ()]
        return bool(path) and (path[0] == "owner" or "projectItems" in path)

    def readme_part(error: GraphQLErrorInfo) -> bool:
        # A token that may not read files (a GitHub App without Contents): no README
        # here, the Contents API reads it with the repository's token.
        return [str(step) for step in error.path or ()][:2] == ["repository", "readme"]

    errors = tuple(e for e in result.errors if not board_part(e) and not readme_part(e))
    if (result.data or {}).get("repository") is None and any(e.kind == NOT_FOUND for e in errors):
        raise NotFoundError(
            client.texts.fmt(REPO_NOT_FOUND_MESSAGE, repository=repository),
            verb="POST",
            path="graphql",
            data=[e.message for e in errors],
        )
    if errors:
        client.raise_for_graphql_errors(GraphQLResult(result.data, errors), mutation=False)
    return not any(board_part(e) for e in result.errors)


def _readme_of(raw: Any) -> tuple[str, str] | None:
    """(text, blob sha) when GitHub gave the whole file, else None."""
    if not isinstance(raw, Mapping) or raw.get("__typename") != "Blob":
        return None
    text = raw.get("text")
    if raw.get("isTruncated") or raw.get("isBinary") or not isinstance(text, str):
        return None
    if len(text.encode("utf-8")) != raw.get("byteSize"):
        return None  # not the file byte for byte: read it through the Contents API
    return text, str(raw["oid"])


def _observed(head: Mapping[str, Any], ours: list[Mapping[str, Any]]) -> ObservedState:
    """The bot's issues; the repository's labels and milestones when each fits in one
    list (``complete``), else those seen on the issues."""
    listed_labels = head.get("labels") or {}
    listed_milestones = head.get("milestones") or {}
    complete = not (listed_labels.get("pageInfo") or {}).get("hasNextPage", True) and not (
        listed_milestones.get("pageInfo") or {}
    ).get("hasNextPage", True)
    label_nodes = list(listed_labels.get("nodes") or ()) if complete else []
    milestone_nodes = list(listed_milestones.get("nodes") or ()) if complete else []
    for node in ours:
        label_nodes += (node.get("labels") or {}).get("nodes") or ()
        milestone_nodes += [node["milestone"]] if node.get("milestone") else []
    labels: dict[str, ObservedLabel] = {}
    for raw in label_nodes:
        if raw:
            labels.setdefault(str(raw["name"]).lower(), label_from_json(raw, node_id_key="id"))
    milestones: dict[int, ObservedMilestone] = {}
    for raw in milestone_nodes:
        milestones.setdefault(int(raw["number"]), _milestone(raw))
    return ObservedState(
        labels=tuple(labels.values()),
        milestones=tuple(milestones.values()),
        issues=tuple(issue_from_graphql(node) for node in ours),
        complete=complete,
    )


def _links(ours: list[Mapping[str, Any]]) -> ObservedDependencies:
    blocked_by: dict[int, tuple[str, ...]] = {}
    total_blocking: dict[int, int] = {}
    total_blocked_by: dict[int, int] = {}
    for node in ours:
        number = int(node["number"])
        blocked_by[number] = dependencies.node_ids(node.get("blockedBy"))
        summary: Mapping[str, Any] = node.get("issueDependenciesSummary") or {}
        total_blocking[number] = int(summary.get("totalBlocking") or 0)
        total_blocked_by[number] = int(summary.get("totalBlockedBy") or 0)
    return ObservedDependencies(blocked_by, total_blocking, total_blocked_by)


def _milestone(raw: Mapping[str, Any]) -> ObservedMilestone:
    return ObservedMilestone(
        number=int(raw["number"]),
        title=str(raw.get("title") or ""),
        state=str(raw.get("state") or "OPEN").lower(),
        description=str(raw.get("description") or ""),
        node_id=str(raw.get("id") or ""),
        open_issues=int((raw.get("issues") or {}).get("totalCount") or 0),
    )
