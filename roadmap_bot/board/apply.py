"""Carry out a board plan in batches, planning again from what GitHub answers after each
stage, so that a crash, a rate limit or a rerun never duplicates a card and always ends
with every value set.

Stages, each planned from the board as it stands after the previous one:
1. fields: the missing fields in one request; then, per field that needs an option, the
   option list is replaced in one request, every existing option sent with its id
   (ProjectV2SingleSelectFieldOptionInput.id) so that GitHub keeps it and every card keeps
   its value: nothing to read first, note or put back;
   A board on which roadmap-bot creates its fields is one it sets up: it then adds, once,
   its two views (githubapi/board_views.py);
2. cards: the missing issues added, many per request (adding an issue already on the
   board gives its card back: no duplicate, ever);
3. values: set and cleared, many per request.
Each request is one write for the client's spacing and the --max-writes budget.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from roadmap_bot.board.model import (
    SECTION,
    BoardItem,
    BoardValue,
    DesiredCard,
    FieldSpec,
    ObservedBoard,
)
from roadmap_bot.board.plan import (
    AddCard,
    CreateField,
    ReplaceOptions,
    SetValue,
    plan_adds,
    plan_fields,
    plan_values,
)
from roadmap_bot.board.ports import BatchFailure, BatchOutcome, BoardWriter, ValueWrite
from roadmap_bot.errors import DocumentTooLargeError, GitHubError, RateLimitedError

T = TypeVar("T")
R = TypeVar("R")
Echo = Callable[[str], None]

# Mutations per request. GitHub documents no cap on aliased mutations, but a request must
# finish within its 10-second timeout and its secondary limits count requests (5 points a
# mutation request, 2,000 points a minute), not mutations: 50 keeps a request small
# (about 10 KB of variables) and quick, and a first sync of the seed needs about 18.
# A batch GitHub finds too large (resource limits, a validation timeout) is halved and sent
# again; its mutations (add a card, set or clear a value) are safe to send twice.
BATCH_SIZE = 50


@dataclass
class BoardResult:
    fields: int = 0
    added: int = 0
    set: int = 0
    cleared: int = 0
    stopped: str | None = None
    remaining: int = 0
    failures: list[str] = field(default_factory=list)
    requests: int = 0  # write requests sent


class _Stop(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def apply_board(
    cards: Sequence[DesiredCard],
    specs: Sequence[FieldSpec],
    board: ObservedBoard,
    writer: BoardWriter,
    echo: Echo,
    *,
    max_writes: int | None = None,
    batch_size: int | None = None,
) -> tuple[BoardResult, ObservedBoard]:
    """Apply; returns the result and the board as this run knows it afterwards."""
    run = _Run(writer, echo, max_writes, batch_size or BATCH_SIZE, board)
    try:
        run.fields(specs)
        run.cards(cards)
        run.values(cards, specs)
    except _Stop as stop:
        run.result.stopped = stop.reason
        run.result.remaining = _remaining(cards, specs, run.board)
    except RateLimitedError as stop:
        run.result.stopped = stop.message
        run.result.remaining = _remaining(cards, specs, run.board)
    run.result.requests = writer.writes() - run.start
    return run.result, run.board


def _remaining(
    cards: Sequence[DesiredCard], specs: Sequence[FieldSpec], board: ObservedBoard
) -> int:
    fields, _ = plan_fields(specs, board)
    adds = plan_adds(cards, board)
    values, _ = plan_values(cards, specs, board)
    return len(fields) + len(adds) + len(values)


class _Run:
    def __init__(
        self,
        writer: BoardWriter,
        echo: Echo,
        max_writes: int | None,
        batch_size: int,
        board: ObservedBoard,
    ) -> None:
        self.writer = writer
        self.echo = echo
        self.max_writes = max_writes
        self.batch_size = max(1, batch_size)
        self.board = board
        self.result = BoardResult()
        self.start = writer.writes()

    def _spent(self) -> int:
        return self.writer.writes() - self.start

    def _budget(self) -> None:
        if self.max_writes is not None and self._spent() >= self.max_writes:
            raise _Stop(f"reached --max-writes {self.max_writes}")

    def _batches(self, items: Sequence[T]) -> list[Sequence[T]]:
        return [items[i : i + self.batch_size] for i in range(0, len(items), self.batch_size)]

    def _sent(
        self, items: Sequence[T], send: Callable[[Sequence[T]], R]
    ) -> Iterator[tuple[Sequence[T], R]]:
        """Each batch of ``items`` with what ``send`` answered; a batch GitHub finds too
        large halves the batch size, and what is left is sent again in smaller batches."""
        left = list(items)
        while left:
            batch = left[: self.batch_size]
            self._budget()
            try:
                outcome = send(batch)
            except DocumentTooLargeError:
                if len(batch) == 1:
                    raise
                self.batch_size = max(1, len(batch) // 2)
                self.echo(
                    f"board: GitHub found a batch too large; sending {self.batch_size} a request"
                )
                continue
            left = left[len(batch) :]
            yield batch, outcome

    # --- stage 1: fields --------------------------------------------------------------------

    def fields(self, specs: Sequence[FieldSpec]) -> None:
        changes, _warnings = plan_fields(specs, self.board)
        creates = [c.spec for c in changes if isinstance(c, CreateField)]
        if creates:
            self._budget()
            made = self.writer.create_fields(self.board.project_id, creates)
            names = {f.name.casefold() for f in made}
            kept = tuple(f for f in self.board.fields if f.name.casefold() not in names)
            self.board = dataclasses.replace(self.board, fields=(*kept, *made))
            self.result.fields += len(made)
            self.echo(f"board: created fields {', '.join(f.name for f in made)}")
            if any(f.name == SECTION for f in made):
                self._views()  # a board roadmap-bot sets up: its views, once
        for change in changes:
            if isinstance(change, ReplaceOptions):
                self._replace(change)

    def _views(self) -> None:
        self._budget()
        try:
            left = None if self.max_writes is None else self.max_writes - self._spent()
            names = self.writer.add_views(self.board.fields, left)
        except RateLimitedError:
            raise
        except GitHubError as error:
            self.echo(
                f"board: roadmap-bot's views were not added ({error}); the board works without them"
            )
            return
        if names:
            self.echo("board: added the views " + ", ".join(f"'{name}'" for name in names))

    def _replace(self, change: ReplaceOptions) -> None:
        old = self.board.field(change.field_name)
        assert old is not None
        self._budget()
        new = self.writer.replace_options(change.field_id, change.options)
        self.result.fields += 1
        self.echo(f"board: {change.describe()}")
        fields = tuple(new if f.id == old.id else f for f in self.board.fields)
        # Options sent with their id keep it, and their cards keep their values; a value on
        # an option GitHub did not keep (none expected) is gone, and planned again.
        new_ids = {o.id for o in new.options}
        items = {}
        for key, item in self.board.items.items():
            value = item.value(change.field_name)
            if value is not None and value.option_id not in new_ids:
                kept = {k: v for k, v in item.values.items() if k != change.field_name}
                items[key] = dataclasses.replace(item, values=kept)
            else:
                items[key] = item
        self.board = dataclasses.replace(self.board, fields=fields, items=items)

    # --- stage 2: cards -----------------------------------------------------------------------

    def cards(self, cards: Sequence[DesiredCard]) -> None:
        adds = plan_adds(cards, self.board)

        def send(batch: Sequence[AddCard]) -> BatchOutcome[BoardItem]:
            return self.writer.add_cards(self.board.project_id, [a.issue_node_id for a in batch])

        for batch, outcome in self._sent(adds, send):
            items = dict(self.board.items)
            for add, item in zip(batch, outcome.results, strict=True):
                if item is not None:
                    items[add.issue_node_id] = item
                    self.result.added += 1
            self.board = dataclasses.replace(self.board, items=items)
            self._note_failures(outcome.failures, [a.describe() for a in batch])
            self.echo(f"board: added {self.result.added} of {len(adds)} cards")

    # --- stage 3: values ----------------------------------------------------------------------

    def values(self, cards: Sequence[DesiredCard], specs: Sequence[FieldSpec]) -> None:
        planned, _warnings = plan_values(cards, specs, self.board)
        writes: list[tuple[SetValue, ValueWrite]] = []
        for change in planned:
            write = self._resolve(change)
            if write is not None:
                writes.append((change, write))
        total = len(writes)
        done = 0

        def send(batch: Sequence[tuple[SetValue, ValueWrite]]) -> BatchOutcome[bool]:
            return self.writer.write_values(self.board.project_id, [w for _c, w in batch])

        for batch, outcome in self._sent(writes, send):
            items = dict(self.board.items)
            for (change, write), ok in zip(batch, outcome.results, strict=True):
                if not ok:
                    continue
                items[change.issue_node_id] = _with_value(
                    items[change.issue_node_id], self.board, change.field, write.option_id
                )
                if write.option_id is None:
                    self.result.cleared += 1
                else:
                    self.result.set += 1
            self.board = dataclasses.replace(self.board, items=items)
            self._note_failures(outcome.failures, [c.describe() for c, _w in batch])
            done += len(batch)
            self.echo(f"board: wrote {done} of {total} values")

    def _resolve(self, change: SetValue) -> ValueWrite | None:
        item = self.board.items.get(change.issue_node_id)
        board_field = self.board.field(change.field)
        if item is None or board_field is None:
            return None  # its add or its field failed: noted already
        if change.option is None:
            return ValueWrite(item.id, board_field.id, None)
        option = board_field.option_named(change.option)
        if option is None:
            self.result.failures.append(
                f"{change.describe()}: the field has no such option (changed meanwhile?)"
            )
            return None
        return ValueWrite(item.id, board_field.id, option.id)

    def _note_failures(self, failures: Sequence[BatchFailure], what: Sequence[str]) -> None:
        for failure in failures:
            self.result.failures.append(f"{what[failure.index]}: {failure.message}")


def _with_value(
    item: BoardItem, board: ObservedBoard, field_name: str, option_id: str | None
) -> BoardItem:
    values = dict(item.values)
    if option_id is None:
        values.pop(field_name, None)
    else:
        board_field = board.field(field_name)
        option = board_field.option_by_id(option_id) if board_field else None
        values[field_name] = BoardValue(option_id, option.name if option else "")
    return dataclasses.replace(item, values=values)
