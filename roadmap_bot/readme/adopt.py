"""`roadmap-bot init`: a fork's checklist README adopted as a tracked roadmap. Pure.

From the README's text it computes what to write: roadmap.yaml from the checklist, the
README with the checklist's lines (and only those) replaced in place by the rendered
checklist between its markers, a progress block above it, and the learner's workflow.
Ticks are kept as the boxes' states; the id comments record nothing yet ("to do"), so
that the first sync, finding a box finished and its issue absent, creates the issue
closed, and, should it stop half-way, the README step closes it (a box that differs
from what it records is a learner's change, carried to the issue).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.errors import Problem
from roadmap_bot.readme.importer import import_readme
from roadmap_bot.readme.markers import (
    CHECKLIST_END,
    CHECKLIST_START,
    PROGRESS_END,
    PROGRESS_START,
    find_block,
)
from roadmap_bot.readme.progress import refresh_progress_block
from roadmap_bot.readme.render import render_checklist
from roadmap_bot.roadmap.dump import dump_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState

WORKFLOW_PATH = ".github/workflows/roadmap.yml"
# docs/action.md: a repository that does not carry the action names it so.
ACTION_PLACEHOLDER = "OWNER/REPOSITORY@COMMIT-SHA"
# How the project's own workflow refers to the action it carries.
_SELF_REFERENCE = (
    '      # The action of this very repository (zizmor suggests a newer "$/" spelling; "./"\n'
    "      # is the one every GitHub, Enterprise Server included, understands).\n"
    "      - uses: ./ # zizmor: ignore[self-repository]\n"
)


@dataclass(frozen=True)
class Adoption:
    roadmap: Roadmap
    states: Mapping[str, ItemState]
    roadmap_text: str
    readme_text: str
    warnings: tuple[Problem, ...]
    # The README's lines replaced (1-based, inclusive); None when it had its markers.
    replaced: tuple[int, int] | None

    def count(self, state: ItemState) -> int:
        return sum(1 for s in self.states.values() if s is state)


def adopt(readme_text: str, filename: str = "README.md") -> Adoption:
    """roadmap.yaml and the README for a checklist README; a README that carries the
    roadmap-bot markers already is kept as it is (its checklist gives the roadmap).

    Raises ReadmeError when the README holds no checklist it can read."""
    imported = import_readme(readme_text, filename)
    roadmap, states = imported.roadmap, imported.states
    roadmap_text = dump_roadmap(roadmap)
    if imported.region is None:
        return Adoption(roadmap, states, roadmap_text, readme_text, imported.warnings, None)
    start, end = imported.region
    lines = readme_text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in readme_text else "\n"
    block = [CHECKLIST_START, *render_checklist(roadmap, states), CHECKLIST_END]
    if find_block(readme_text.splitlines(), PROGRESS_START, PROGRESS_END) is None:
        block = [PROGRESS_START, PROGRESS_END, "", *block]
    if start == 0 and readme_text.startswith("\ufeff"):
        block[0] = "\ufeff" + block[0]
    after = lines[end:]
    if after and after[0].strip():
        block.append("")  # a blank line between the end marker and the text after it
    text = "".join(lines[:start]) + newline.join(block)
    if after or readme_text.endswith(("\n", "\r")):
        text += newline
    text += "".join(after)
    text = refresh_progress_block(text, roadmap, states, filename)
    return Adoption(roadmap, states, roadmap_text, text, imported.warnings, (start + 1, end))


def learner_workflow(template: str, action: str) -> str:
    """The project's own learner workflow, for a fork that does not carry the action."""
    if _SELF_REFERENCE not in template:
        raise ValueError("the workflow template no longer refers to the action as './'")
    # The sync job's reference with its comment, then the page job's, bare.
    workflow = template.replace(_SELF_REFERENCE, f"      - uses: {action}\n")
    return workflow.replace(
        _SELF_REFERENCE.splitlines(keepends=True)[-1], f"      - uses: {action}\n"
    )
