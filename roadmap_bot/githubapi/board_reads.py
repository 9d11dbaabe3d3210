"""Projects (v2) boards through GraphQL, the reading half (projects.py writes):

- :data:`READ_BOARD_QUERY`: the board (fields with their options) and the cards of the
  roadmap's issues with their values, in ONE request: the issues are looked up by node id
  (``nodes(ids:)``, 100 a list, up to :data:`ISSUES_PER_READ` per request) and each gives
  its ``projectItems``; the card values come by field name (``fieldValueByName``). Cards of
  issues that are not the roadmap's are never read.
- :data:`FIND_BOARDS_QUERY`: an owner's boards by title, for ``--create-project``.

Errors that no retry can fix (FORBIDDEN, INSUFFICIENT_SCOPES: the token cannot see or
change the board) stop with a message naming the token to make.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from roadmap_bot.board.model import (
    BoardField,
    BoardItem,
    BoardOption,
    BoardValue,
    ObservedBoard,
)
from roadmap_bot.board.settings import PROJECT_ENV, PROJECT_TOKEN_ENV, ProjectRef
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi import board_views
from roadmap_bot.githubapi.board_documents import (
    CARDS_FRAGMENTS,
    FIELDS_QUERY,
    FIND_BOARDS_QUERY,
    IDS_PER_LIST,
    ISSUE_CARDS_SELECTION,
    ISSUES_PER_READ,
    READ_BOARD_QUERY,
    READ_CARDS_QUERY,
    VALUE_ALIASES,
)
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.graphql import (
    FORBIDDEN,
    NOT_FOUND,
    RATE_LIMITED,
    GraphQLErrorInfo,
    GraphQLResult,
)

T = TypeVar("T")

# --------------------------------------------------------------------------- messages

TOKEN_ADVICE = (
    "Make a token that can: a classic personal access token with the `project` scope (and "
    "`repo` if the repository is private), or a GitHub App with Projects: Read and write "
    f"and Issues: Read. Store it as the repository secret {PROJECT_TOKEN_ENV}, and the "
    f"board's URL as the repository variable {PROJECT_ENV} (Settings -> Secrets and "
    "variables -> Actions)."
)
ACTIONS_TOKEN_NOTE = "A workflow's GITHUB_TOKEN can never reach a user's Projects board. "
BOARD_FORBIDDEN_MESSAGE = (
    "the token in {token_name} cannot reach the Projects board {board} (GitHub: {detail}). "
    "{note}" + TOKEN_ADVICE
)
BOARD_NOT_FOUND_MESSAGE = (
    "the Projects board {board} was not found, or the token in {token_name} cannot see it "
    "(GitHub: {detail}). Check the board's URL (its page shows it: "
    "https://github.com/users/NAME/projects/NUMBER) and that the token's user can open the "
    "board. " + TOKEN_ADVICE
)
BOARD_READ_ONLY_MESSAGE = (
    "the token in {token_name} can read the Projects board {board} but not change it "
    "(GitHub: {detail}): give the token's user write access to the board (the board's "
    "Settings -> Manage access), or use a token of the board's owner. " + TOKEN_ADVICE
)

# --------------------------------------------------------------------------- JSON -> data


def field_from_json(raw: Mapping[str, Any]) -> BoardField | None:
    if not raw or not raw.get("id"):
        return None
    database_id = raw.get("databaseId")
    return BoardField(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        data_type=str(raw.get("dataType") or ""),
        database_id=int(database_id) if isinstance(database_id, int) else None,
        options=tuple(
            BoardOption(
                str(o["id"]),
                str(o.get("name") or ""),
                str(o.get("color") or "GRAY"),
                str(o.get("description") or ""),
            )
            for o in raw.get("options") or ()
        ),
    )


def _fields_of(project: Mapping[str, Any]) -> list[BoardField]:
    """The fields of a board's ``fields { nodes }`` in GitHub's answer."""
    nodes = (project.get("fields") or {}).get("nodes") or ()
    return [f for f in (field_from_json(raw) for raw in nodes) if f is not None]


def card_from_json(raw: Mapping[str, Any]) -> BoardItem:
    values = {}
    for alias, field_name in VALUE_ALIASES.items():
        value = raw.get(alias)
        if isinstance(value, Mapping) and value.get("optionId"):
            values[field_name] = BoardValue(str(value["optionId"]), str(value.get("name") or ""))
    content = raw.get("content") if isinstance(raw.get("content"), Mapping) else {}
    return BoardItem(str(raw["id"]), str((content or {}).get("id") or ""), values)


def _cards_in(issues: Sequence[Any], project_id: str) -> dict[str, BoardItem]:
    """Issue node id -> its card on this board, from issues read with ``projectItems``."""
    cards: dict[str, BoardItem] = {}
    for issue in issues:
        if not isinstance(issue, Mapping) or not issue.get("id"):
            continue
        for raw in (issue.get("projectItems") or {}).get("nodes") or ():
            if (raw.get("project") or {}).get("id") == project_id:
                card = card_from_json(raw)
                cards[str(issue["id"])] = BoardItem(card.id, str(issue["id"]), card.values)
    return cards


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# --------------------------------------------------------------------------- the reader


class BoardReader:
    """One board, through one client (the board's token): the reads, and the error
    handling the writes share."""

    def __init__(self, client: GitHubClient, repository: str) -> None:
        self.client = client
        self.repository = repository  # OWNER/NAME, for --create-project's link
        self.board_label = ""
        self.views_path: str | None = None  # the board's REST views, once it has been read

    def writes(self) -> int:
        return self.client.stats.writes

    # --- errors -------------------------------------------------------------------------

    def _fmt(self, template: str, error: GraphQLErrorInfo) -> str:
        actions = "not accessible by integration" in error.message.lower()
        note = ACTIONS_TOKEN_NOTE if actions or self.client.token_name == "GITHUB_TOKEN" else ""
        return template.format(
            token_name=self.client.token_name,
            board=self.board_label or "(unnamed)",
            detail=error.message or error.type or "refused",
            note=note,
        )

    def _raise_access(self, result: GraphQLResult, *, mutation: bool) -> None:
        """Stop on errors that no retry can fix: the token cannot see or change the board."""
        for error in result.errors:
            if error.kind == FORBIDDEN:
                read_only = mutation and "permission to update" in error.message.lower()
                template = BOARD_READ_ONLY_MESSAGE if read_only else BOARD_FORBIDDEN_MESSAGE
                raise GitHubError(self._fmt(template, error))

    def _graphql(
        self, query: str, variables: Mapping[str, Any], *, mutation: bool, idempotent: bool
    ) -> GraphQLResult:
        result = self.client.graphql(query, variables, mutation=mutation, idempotent=idempotent)
        self._raise_access(result, mutation=mutation)
        return result

    def _no_path_errors(self, result: GraphQLResult, *, mutation: bool) -> None:
        """Errors that name no field (the whole request failed): raise them."""
        stray = tuple(e for e in result.errors if not e.path and e.kind != RATE_LIMITED)
        if stray:
            self.client.raise_for_graphql_errors(
                GraphQLResult(result.data, stray), mutation=mutation
            )

    # --- reads --------------------------------------------------------------------------

    def read_board(self, ref: ProjectRef, content_ids: Sequence[str]) -> ObservedBoard:
        """The board's fields and the cards of these issues, in one request (more when
        there are more than ISSUES_PER_READ issues)."""
        self.board_label = str(ref)
        first, rest = content_ids[:ISSUES_PER_READ], content_ids[ISSUES_PER_READ:]
        parts, variables = self._issue_lists(first)
        query = READ_BOARD_QUERY.replace(
            "VARIABLES", "".join(f", ${alias}: [ID!]!" for alias in variables)
        ).replace("SELECTIONS", parts) + (CARDS_FRAGMENTS if variables else "")
        result = self._graphql(
            query,
            {"login": ref.owner, "number": ref.number, **variables},
            mutation=False,
            idempotent=True,
        )
        project = self._project_of(result, ref)
        self.board_label = str(project.get("url") or ref)
        self.views_path = board_views.views_path(result.data, ref)
        cards = self._cards_of(result, str(project["id"]))
        for chunk in _chunks(rest, ISSUES_PER_READ):
            parts, variables = self._issue_lists(chunk)
            query = READ_CARDS_QUERY.replace(
                "VARIABLES", ", ".join(f"${alias}: [ID!]!" for alias in variables)
            ).replace("SELECTIONS", parts)
            more = self._graphql(query, variables, mutation=False, idempotent=True)
            cards.update(self._cards_of(more, str(project["id"])))
        return ObservedBoard(
            project_id=str(project["id"]),
            title=str(project.get("title") or ""),
            url=str(project.get("url") or ""),
            fields=tuple(_fields_of(project)),
            items=cards,
        )

    def board_of_snapshot(
        self, result: GraphQLResult, ref: ProjectRef, issue_nodes: Sequence[Mapping[str, Any]]
    ) -> ObservedBoard | None:
        """The board as githubapi/snapshot.py read it along with the issues (``result``:
        its first page; ``issue_nodes``: the issues of every page, with their cards), or
        None when it is not all there (the board step then reads it, and says what is
        wrong)."""
        owner = (result.data or {}).get("owner")
        project = owner.get("projectV2") if isinstance(owner, Mapping) else None
        if not isinstance(project, Mapping) or not project.get("id"):
            return None
        project_id = str(project["id"])
        self.board_label = str(project.get("url") or ref)
        self.views_path = board_views.views_path(result.data, ref)
        cards = _cards_in(issue_nodes, project_id)
        return ObservedBoard(
            project_id=project_id,
            title=str(project.get("title") or ""),
            url=str(project.get("url") or ""),
            fields=tuple(_fields_of(project)),
            items=cards,
        )

    @staticmethod
    def _issue_lists(content_ids: Sequence[str]) -> tuple[str, dict[str, list[str]]]:
        variables: dict[str, list[str]] = {}
        parts = ""
        for index, chunk in enumerate(_chunks(content_ids, IDS_PER_LIST)):
            alias = f"issues{index}"
            variables[alias] = list(chunk)
            parts += ISSUE_CARDS_SELECTION.replace("ALIAS", alias)
        return parts, variables

    def _project_of(self, result: GraphQLResult, ref: ProjectRef) -> Mapping[str, Any]:
        owner = (result.data or {}).get("owner")
        project = owner.get("projectV2") if isinstance(owner, Mapping) else None
        if isinstance(project, Mapping) and project.get("id"):
            return project
        owner_errors = [e for e in result.errors if e.path and e.path[0] == "owner"]
        error = (
            owner_errors[0]
            if owner_errors
            else GraphQLErrorInfo(
                f"no user or organization '{ref.owner}' with a board number {ref.number}",
                type="NOT_FOUND",
            )
        )
        if error.kind not in (NOT_FOUND, FORBIDDEN):
            self.client.raise_for_graphql_errors(GraphQLResult(None, (error,)), mutation=False)
        raise GitHubError(self._fmt(BOARD_NOT_FOUND_MESSAGE, error))

    def _cards_of(self, result: GraphQLResult, project_id: str) -> dict[str, BoardItem]:
        """Issue node id -> its card on this board. An issue that no longer exists
        (NOT_FOUND in its list) has none."""
        other = [
            e
            for e in result.errors
            if not (e.path and str(e.path[0]).startswith("issues") and e.kind == NOT_FOUND)
            and not (e.path and e.path[0] == "owner")
        ]
        if other:
            self.client.raise_for_graphql_errors(
                GraphQLResult(result.data, tuple(other)), mutation=False
            )
        cards: dict[str, BoardItem] = {}
        for key, nodes in (result.data or {}).items():
            if key.startswith("issues") and isinstance(nodes, list):
                cards.update(_cards_in(nodes, project_id))
        return cards

    def fields(self, project_id: str) -> list[BoardField]:
        result = self._graphql(
            FIELDS_QUERY, {"project": project_id}, mutation=False, idempotent=True
        )
        self._no_path_errors(result, mutation=False)
        return _fields_of((result.data or {}).get("node") or {})

    def _find_board(self, owner: str, title: str) -> tuple[Mapping[str, Any] | None, str, str]:
        repo_owner, repo_name = self.repository.split("/", 1)
        result = self._graphql(
            FIND_BOARDS_QUERY,
            {"login": owner, "title": title, "owner": repo_owner, "name": repo_name},
            mutation=False,
            idempotent=True,
        )
        if result.errors:
            self.client.raise_for_graphql_errors(result, mutation=False)
        data = result.data or {}
        found_owner = data.get("owner") or {}
        boards = (found_owner.get("projectsV2") or {}).get("nodes") or ()
        same = sorted(
            (b for b in boards if isinstance(b, Mapping) and b.get("title") == title),
            key=lambda b: int(b["number"]),
        )
        repository_id = str((data.get("repository") or {}).get("id") or "")
        return (same[0] if same else None), str(found_owner.get("id") or ""), repository_id
