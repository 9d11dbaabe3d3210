"""The checks of `requires:` across items: each required id names an item, no item requires
itself or a parent that its own completion finishes, and no requirements go round in a
cycle. Each problem is reported where the requirement is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from yaml.error import Mark

from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.text import did_you_mean, quote


@dataclass(frozen=True)
class Use:
    """Where an id (a former id, a required id) is written, and the path of its item."""

    value: str
    mark: Mark
    where: str
    owner: str


class Reporter(Protocol):
    filename: str

    def report(self, mark: Mark, where: str, message: str) -> None: ...


class RequirementChecks:
    def __init__(self, reporter: Reporter, ids: Sequence[Use], previous_ids: Sequence[Use]):
        self.reporter = reporter
        # item path in the document -> its id, and the other way round
        self.id_at = {use.owner: use.value for use in ids}
        self.use_of = {use.value: use for use in ids}
        self.former = {use.value: self.id_at.get(use.owner, "") for use in previous_ids}

    def check(self, roadmap: Roadmap, requires: Sequence[Use]) -> None:
        parents = {placed.id: placed.parent_id for placed in roadmap.walk()}
        completes = {p.id: p.item.complete_with_children for p in roadmap.walk()}
        graph: dict[str, list[Use]] = {}
        seen: set[tuple[str, str]] = set()
        for use in sorted(requires, key=lambda use: (use.mark.line, use.mark.column)):
            owner = self.id_at.get(use.owner)
            if owner is None:
                continue  # the item's own id is wrong: reported already
            message = self._problem(owner, use.value, parents, completes, seen)
            if message:
                self.reporter.report(use.mark, use.where, message)
            else:
                graph.setdefault(owner, []).append(use)
            seen.add((owner, use.value))
        _inherit(graph, roadmap)
        for cycle in _cycles(graph):
            self._report_cycle(cycle)

    def _report_cycle(self, cycle: list[tuple[str, Use]]) -> None:
        names = []
        for item_id, use in cycle:
            owner = self.id_at[use.owner]
            names.append(
                quote(item_id)
                if owner == item_id
                else f"{quote(item_id)} (through its parent {quote(owner)})"
            )
        names.append(quote(cycle[0][0]))
        written = [use for item_id, use in cycle if self.id_at[use.owner] == item_id]
        first = (written or [cycle[0][1]])[0]
        self.reporter.report(
            first.mark,
            first.where,
            f"requirements go round in a cycle: {' → '.join(names)}; "
            "no item on it could ever be started: remove one of these requirements",
        )

    def _problem(
        self,
        owner: str,
        required: str,
        parents: dict[str, str | None],
        completes: dict[str, bool],
        seen: set[tuple[str, str]],
    ) -> str:
        name = f"required id {quote(required)}"
        if required == owner:
            return f"{name} is this item's own id: an item cannot require itself; remove it"
        if (owner, required) in seen:
            return f"{name} is listed twice; keep one"
        if required not in self.use_of:
            if self.former.get(required) == owner:
                return f"{name} is a former id of this item: an item cannot require itself"
            if required in self.former:
                current = quote(self.former[required])
                return f"{name} is a former id of {current}: write {current} instead"
            hint = did_you_mean(required, self.use_of) or "; no item has this id"
            return f"unknown {name}{hint}"
        ancestor = parents.get(owner)
        while ancestor is not None:
            if ancestor == required and completes.get(ancestor, True):
                return (
                    f"{name} is a parent of this item, finished only when its children are: "
                    "this item could never be started; remove it, or set "
                    "complete_with_children: false on the parent"
                )
            ancestor = parents.get(ancestor)
        return ""


def _inherit(graph: dict[str, list[Use]], roadmap: Roadmap) -> None:
    """A child waits for what its parents require (but for itself and its parents, as
    `roadmap-bot next` counts it): those requirements are steps from the child too."""
    own = {item_id: list(uses) for item_id, uses in graph.items()}
    by_id = roadmap.items_by_id()
    for placed in roadmap.walk():
        lineage, inherited = {placed.id}, list[Use]()
        parent = placed.parent
        while parent is not None:
            lineage.add(parent.id)
            inherited += own.get(parent.id, ())
            parent = by_id[parent.id].parent
        extra = [use for use in inherited if use.value not in lineage]
        if extra:
            graph.setdefault(placed.id, []).extend(extra)


def _cycles(graph: dict[str, list[Use]]) -> list[list[tuple[str, Use]]]:
    """One cycle (each step: an item and the requirement it waits by) per group of items
    that require each other round, found from the group's first item in file order."""
    cycles: list[list[tuple[str, Use]]] = []
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        path = _path_back(graph, start)
        if path is None:
            continue
        cycles.append(path)
        done.update(_reachable(graph, start) & _reaching(graph, start))
    return cycles


def _path_back(graph: dict[str, list[Use]], start: str) -> list[tuple[str, Use]] | None:
    """The steps along a shortest way from start back to start, if any."""
    # item -> (the item it was reached from, the requirement that leads here)
    came_by: dict[str, tuple[str, Use]] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for use in graph.get(node, ()):
                if use.value == start:
                    path, back = [(node, use)], node
                    while back != start:
                        step = came_by[back]
                        path.append(step)
                        back = step[0]
                    return path[::-1]
                if use.value not in came_by and use.value != start:
                    came_by[use.value] = (node, use)
                    following.append(use.value)
        frontier = following
    return None


def _reachable(graph: dict[str, list[Use]], start: str) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for use in graph.get(stack.pop(), ()):
            if use.value not in seen:
                seen.add(use.value)
                stack.append(use.value)
    return seen


def _reaching(graph: dict[str, list[Use]], start: str) -> set[str]:
    reverse: dict[str, list[str]] = {}
    for owner, uses in graph.items():
        for use in uses:
            reverse.setdefault(use.value, []).append(owner)
    seen, stack = {start}, [start]
    while stack:
        for owner in reverse.get(stack.pop(), ()):
            if owner not in seen:
                seen.add(owner)
                stack.append(owner)
    return seen
