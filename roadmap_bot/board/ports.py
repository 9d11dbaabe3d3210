"""What the board stage needs from GitHub, as protocols (githubapi/projects.py implements
them), and the data that crosses them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from roadmap_bot.board.model import BoardField, BoardItem, FieldSpec, ObservedBoard, OptionSpec
from roadmap_bot.board.settings import ProjectRef

T = TypeVar("T")


@dataclass(frozen=True)
class ValueWrite:
    """One card's value: an option id, or None to clear it."""

    item_id: str
    field_id: str
    option_id: str | None


@dataclass(frozen=True)
class BatchFailure:
    index: int  # in the batch sent
    kind: str  # not_found, unprocessable, ... (githubapi.client's GraphQL error kinds)
    message: str


@dataclass(frozen=True)
class BatchOutcome(Generic[T]):
    """What GitHub answered to one batched request: a result per input (None where that
    mutation failed) and the failures, by index."""

    results: tuple[T | None, ...]
    failures: tuple[BatchFailure, ...] = ()


class BoardWriter(Protocol):
    """The writes that applying a board plan needs: one request each."""

    def writes(self) -> int: ...
    def create_fields(self, project_id: str, specs: Sequence[FieldSpec]) -> list[BoardField]:
        """Create the fields (a field that exists already, e.g. made by a request whose
        answer was lost, is returned as it is)."""
        ...

    def replace_options(self, field_id: str, options: Sequence[OptionSpec]) -> BoardField:
        """Replace the field's option list; an option with an id keeps it (and its values)."""
        ...

    def add_views(self, fields: Sequence[BoardField], limit: int | None) -> list[str]:
        """Add roadmap-bot's views (at most ``limit`` requests) to a board it has just set
        up; the names of those added."""
        ...

    def add_cards(self, project_id: str, content_ids: Sequence[str]) -> BatchOutcome[BoardItem]:
        """Add issues to the board; each answer holds the card with the values it has."""
        ...

    def write_values(self, project_id: str, writes: Sequence[ValueWrite]) -> BatchOutcome[bool]: ...


class BoardGateway(BoardWriter, Protocol):
    def read_board(self, ref: ProjectRef, content_ids: Sequence[str]) -> ObservedBoard: ...
    def find_or_create_board(self, owner: str, title: str) -> tuple[ProjectRef, bool]: ...
