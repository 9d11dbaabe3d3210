"""Projects (v2) boards through GraphQL: read a board in bulk, write in batches (the
documents themselves are in board_documents.py).

Reads:
- :data:`READ_BOARD_QUERY`: the board (fields with their options) and the cards of the
  roadmap's issues with their values, in ONE request: the issues are looked up by node id
  (``nodes(ids:)``, 100 a list, up to :data:`ISSUES_PER_READ` per request) and each gives
  its ``projectItems``; the card values come by field name (``fieldValueByName``). Cards of
  issues that are not the roadmap's are never read.
- :data:`FIND_BOARDS_QUERY`: an owner's boards by title, for ``--create-project``.

Writes are many aliased mutations per request (:func:`batch_document`): cards added
together, values set together. GitHub's secondary limits count requests (a mutation
request costs 5 points, 2,000 a minute) and ask for a pause between writes, which the
client keeps. ``addProjectV2ItemById``, ``updateProjectV2ItemFieldValue``,
``clearProjectV2ItemFieldValue`` and ``updateProjectV2Field`` (every existing option sent
with its id, so GitHub keeps it and the cards keep their values) are idempotent (adding an
issue already on the board gives its card back), so the client may send them again after a
lost answer; ``createProjectV2Field`` and ``createProjectV2`` are not: after a lost
answer the board is read again before anything is sent twice.

An HTTP 200 answer with ``errors`` is read per mutation (each error's ``path`` names its
alias): FORBIDDEN and INSUFFICIENT_SCOPES stop with a message naming the token to make;
NOT_FOUND and UNPROCESSABLE come back as failures of that one mutation (the caller plans
again from what the board holds); RATE_LIMITED is waited for by the client, which then
sends the whole request again (safe: see above).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from roadmap_bot.board.model import (
    BoardField,
    BoardItem,
    BoardOption,
    BoardValue,
    FieldSpec,
    ObservedBoard,
    OptionSpec,
)
from roadmap_bot.board.ports import BatchFailure, BatchOutcome, ValueWrite
from roadmap_bot.board.settings import PROJECT_ENV, PROJECT_TOKEN_ENV, ProjectRef
from roadmap_bot.errors import GitHubError, LostAnswerError
from roadmap_bot.githubapi import board_views
from roadmap_bot.githubapi.board_documents import (
    ADD_CARD_SELECTION,
    CARDS_FRAGMENTS,
    CLEAR_VALUE_SELECTION,
    CREATE_BOARD_MUTATION,
    CREATE_FIELD_SELECTION,
    FIELD_FRAGMENT,
    FIELDS_QUERY,
    FIND_BOARDS_QUERY,
    IDS_PER_LIST,
    ISSUE_CARDS_SELECTION,
    ISSUES_PER_READ,
    LINK_BOARD_MUTATION,
    READ_BOARD_QUERY,
    READ_CARDS_QUERY,
    REPLACE_OPTIONS_MUTATION,
    SET_VALUE_SELECTION,
    VALUE_ALIASES,
    batch_document,
)
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GraphQLQueryError
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

OPTION_INPUT = "ProjectV2SingleSelectFieldOptionInput"
OPTION_IDS_UNSUPPORTED = (
    "this GitHub's GraphQL API does not take option ids (" + OPTION_INPUT + ".id; GitHub "
    "Enterprise Server before it added them): replacing the options of the board {board} "
    "there would clear every card's value of the field, so roadmap-bot leaves the field as "
    "it is. Add the options {options} by hand (the field's settings on the board); the next "
    "run sets the cards."
)

# --------------------------------------------------------------------------- JSON -> data


def _field(raw: Mapping[str, Any]) -> BoardField | None:
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
    return [f for f in (_field(raw) for raw in nodes) if f is not None]


def _card(raw: Mapping[str, Any]) -> BoardItem:
    values = {}
    for alias, field_name in VALUE_ALIASES.items():
        value = raw.get(alias)
        if isinstance(value, Mapping) and value.get("optionId"):
            values[field_name] = BoardValue(str(value["optionId"]), str(value.get("name") or ""))
    content = raw.get("content") if isinstance(raw.get("content"), Mapping) else {}
    return BoardItem(str(raw["id"]), str((content or {}).get("id") or ""), values)


def _option_input(option: OptionSpec) -> dict[str, str]:
    sent = {"name": option.name, "color": option.color, "description": option.description}
    if option.id:
        sent["id"] = option.id  # keeps the option, and every card's value on it
    return sent


def _alias_index(error: GraphQLErrorInfo, prefix: str) -> int | None:
    if not error.path or not isinstance(error.path[0], str):
        return None
    head = error.path[0]
    if head.startswith(prefix) and head[len(prefix) :].isdigit():
        return int(head[len(prefix) :])
    return None


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# --------------------------------------------------------------------------- the gateway


class ProjectsGateway:
    """One board, through one client (the board's token): implements board_sync's
    BoardGateway."""

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
            if not key.startswith("issues") or not isinstance(nodes, list):
                continue
            for issue in nodes:
                if not isinstance(issue, Mapping) or not issue.get("id"):
                    continue
                for raw in (issue.get("projectItems") or {}).get("nodes") or ():
                    if (raw.get("project") or {}).get("id") == project_id:
                        card = _card(raw)
                        cards[str(issue["id"])] = BoardItem(card.id, str(issue["id"]), card.values)
        return cards

    def fields(self, project_id: str) -> list[BoardField]:
        result = self._graphql(
            FIELDS_QUERY, {"project": project_id}, mutation=False, idempotent=True
        )
        self._no_path_errors(result, mutation=False)
        return _fields_of((result.data or {}).get("node") or {})

    # --- --create-project ------------------------------------------------------------

    def find_or_create_board(self, owner: str, title: str) -> tuple[ProjectRef, bool]:
        """The owner's board of that title (linked to the repository if it is not), else
        a new one, linked. Returns (the board, whether it was created)."""
        self.board_label = f"'{title}' of {owner}"
        found, owner_id, repository_id = self._find_board(owner, title)
        if found is not None:
            linked = {r.get("id") for r in (found.get("repositories") or {}).get("nodes") or ()}
            if repository_id not in linked:
                self._graphql(
                    LINK_BOARD_MUTATION,
                    {"input": {"projectId": found["id"], "repositoryId": repository_id}},
                    mutation=True,
                    idempotent=True,
                )
            return ProjectRef(owner, int(found["number"])), False
        for attempt in range(2):
            try:
                result = self._graphql(
                    CREATE_BOARD_MUTATION,
                    {"input": {"ownerId": owner_id, "title": title, "repositoryId": repository_id}},
                    mutation=True,
                    idempotent=False,
                )
                break
            except LostAnswerError:
                found, _owner_id, _repository_id = self._find_board(owner, title)
                if found is not None:
                    return ProjectRef(owner, int(found["number"])), True
                if attempt:
                    raise
                # The request whose answer was lost made nothing: send it again, once.
        if result.errors:
            self.client.raise_for_graphql_errors(result, mutation=True)
        created = ((result.data or {}).get("createProjectV2") or {}).get("projectV2") or {}
        return ProjectRef(owner, int(created["number"])), True

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

    # --- writes -------------------------------------------------------------------------

    def _batch(
        self,
        name: str,
        prefix: str,
        mutations: Sequence[tuple[str, str, Mapping[str, Any]]],
        fragments: str,
        *,
        idempotent: bool,
        read: Callable[[Mapping[str, Any]], T | None],
    ) -> BatchOutcome[T]:
        """One request of many mutations, each (input type, selection template, input),
        aliased ``prefix`` + its index; ``read`` turns an answer into a result."""
        aliases = [f"{prefix}{i}" for i in range(len(mutations))]
        parts = [(a, m[0], m[1]) for a, m in zip(aliases, mutations, strict=True)]
        variables = {a: dict(m[2]) for a, m in zip(aliases, mutations, strict=True)}
        query = batch_document(name, parts, fragments)
        result = self._graphql(query, variables, mutation=True, idempotent=idempotent)
        self._no_path_errors(result, mutation=True)
        data = result.data or {}
        failures: list[BatchFailure] = []
        failed: set[int] = set()
        for error in result.errors:
            index = _alias_index(error, prefix)
            if index is not None and index not in failed:
                failed.add(index)
                failures.append(BatchFailure(index, error.kind, error.message))
        results = tuple(
            None if i in failed or not data.get(alias) else read(data[alias])
            for i, alias in enumerate(aliases)
        )
        return BatchOutcome(results, tuple(failures))

    def create_fields(self, project_id: str, specs: Sequence[FieldSpec]) -> list[BoardField]:
        wanted = {spec.name.casefold() for spec in specs}
        todo = list(specs)
        for _attempt in range(2):
            outcome = self._create_fields(project_id, todo)
            if all(f is not None for f in outcome.results) and len(todo) == len(specs):
                return [f for f in outcome.results if f is not None]
            # A field made by a request whose answer was lost ("Name has already been
            # taken"), or not made at all: the board says which; the missing ones are
            # sent again, once.
            have = [f for f in self.fields(project_id) if f.name.casefold() in wanted]
            if len(have) >= len(specs):
                return have
            known = {f.name.casefold() for f in have}
            todo = [spec for spec in specs if spec.name.casefold() not in known]
        problems = "; ".join(f.message for f in outcome.failures) or "no answer"
        raise GitHubError(
            f"GitHub did not create the board's fields ({problems}); run again: fields "
            "that exist are not created twice"
        )

    def _create_fields(
        self, project_id: str, specs: Sequence[FieldSpec]
    ) -> BatchOutcome[BoardField]:
        mutations = [
            (
                "CreateProjectV2FieldInput!",
                CREATE_FIELD_SELECTION,
                {
                    "projectId": project_id,
                    "dataType": "SINGLE_SELECT",
                    "name": spec.name,
                    "singleSelectOptions": [_option_input(o) for o in spec.options],
                },
            )
            for spec in specs
        ]
        try:
            return self._batch(
                "RoadmapCreateFields",
                "f",
                mutations,
                FIELD_FRAGMENT,
                idempotent=False,
                read=lambda raw: _field(raw.get("projectV2Field") or {}),
            )
        except LostAnswerError:
            return BatchOutcome(tuple(None for _ in specs), ())

    def replace_options(self, field_id: str, options: Sequence[OptionSpec]) -> BoardField:
        sent = [_option_input(o) for o in options]
        try:
            result = self._graphql(
                REPLACE_OPTIONS_MUTATION,
                {"input": {"fieldId": field_id, "singleSelectOptions": sent}},
                mutation=True,
                idempotent=True,
            )
        except GraphQLQueryError as error:
            if not any("id" in o for o in sent) or OPTION_INPUT not in str(error):
                raise
            # An older schema (GitHub Enterprise Server) without option ids: replacing the
            # list there would clear every card's value of the field. Refuse, change nothing.
            names = ", ".join(f"'{o.name}'" for o in options if not o.id)
            raise GitHubError(
                OPTION_IDS_UNSUPPORTED.format(board=self.board_label, options=names)
            ) from None
        if result.errors:
            self.client.raise_for_graphql_errors(result, mutation=True)
        raw = ((result.data or {}).get("updateProjectV2Field") or {}).get("projectV2Field") or {}
        updated = _field(raw)
        if updated is None:
            raise GitHubError("GitHub's answer to updateProjectV2Field holds no field")
        return updated

    def add_views(self, fields: Sequence[BoardField], limit: int | None) -> list[str]:
        if self.views_path is None:
            return []
        return board_views.add_views(self.client, self.views_path, fields, limit)

    def add_cards(self, project_id: str, content_ids: Sequence[str]) -> BatchOutcome[BoardItem]:
        mutations = [
            (
                "AddProjectV2ItemByIdInput!",
                ADD_CARD_SELECTION,
                {"projectId": project_id, "contentId": content_id},
            )
            for content_id in content_ids
        ]
        return self._batch(
            "RoadmapAddCards",
            "a",
            mutations,
            CARDS_FRAGMENTS,
            idempotent=True,
            read=lambda raw: _card(raw["item"]) if raw.get("item") else None,
        )

    def write_values(self, project_id: str, writes: Sequence[ValueWrite]) -> BatchOutcome[bool]:
        mutations: list[tuple[str, str, Mapping[str, Any]]] = []
        for write in writes:
            target = {"projectId": project_id, "itemId": write.item_id, "fieldId": write.field_id}
            if write.option_id is None:
                mutations.append(
                    ("ClearProjectV2ItemFieldValueInput!", CLEAR_VALUE_SELECTION, target)
                )
            else:
                value = {**target, "value": {"singleSelectOptionId": write.option_id}}
                mutations.append(
                    ("UpdateProjectV2ItemFieldValueInput!", SET_VALUE_SELECTION, value)
                )
        return self._batch(
            "RoadmapSetValues",
            "v",
            mutations,
            "",
            idempotent=True,
            read=lambda raw: bool(raw.get("projectV2Item")),
        )
