"""Projects (v2) boards through GraphQL, the writing half (board_reads.py reads; the
documents themselves are in board_documents.py).

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
from typing import Any

from roadmap_bot.board.model import (
    BoardField,
    BoardItem,
    FieldSpec,
    OptionSpec,
)
from roadmap_bot.board.ports import BatchFailure, BatchOutcome, ValueWrite
from roadmap_bot.board.settings import ProjectRef
from roadmap_bot.errors import GitHubError, LostAnswerError
from roadmap_bot.githubapi import board_views
from roadmap_bot.githubapi.board_documents import (
    ADD_CARD_SELECTION,
    CARDS_FRAGMENTS,
    CLEAR_VALUE_SELECTION,
    CREATE_BOARD_MUTATION,
    CREATE_FIELD_SELECTION,
    FIELD_FRAGMENT,
    LINK_BOARD_MUTATION,
    REPLACE_OPTIONS_MUTATION,
    SET_VALUE_SELECTION,
    batch_document,
)
from roadmap_bot.githubapi.board_reads import BoardReader, T, card_from_json, field_from_json
from roadmap_bot.githubapi.errors import GraphQLQueryError
from roadmap_bot.githubapi.graphql import (
    GraphQLErrorInfo,
)

OPTION_INPUT = "ProjectV2SingleSelectFieldOptionInput"
OPTION_IDS_UNSUPPORTED = (
    "this GitHub's GraphQL API does not take option ids (" + OPTION_INPUT + ".id; GitHub "
    "Enterprise Server before it added them): replacing the options of the board {board} "
    "there would clear every card's value of the field, so roadmap-bot leaves the field as "
    "it is. Add the options {options} by hand (the field's settings on the board); the next "
    "run sets the cards."
)


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


# --------------------------------------------------------------------------- the gateway


class ProjectsGateway(BoardReader):
    """One board, through one client (the board's token): implements board_sync's
    BoardGateway (reads in BoardReader)."""

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
                read=lambda raw: field_from_json(raw.get("projectV2Field") or {}),
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
        updated = field_from_json(raw)
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
            read=lambda raw: card_from_json(raw["item"]) if raw.get("item") else None,
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
