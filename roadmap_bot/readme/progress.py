"""Progress through the roadmap, counted once and shown for a terminal, markdown, JSON,
the Actions job summary and the README's progress block.

Every item counts once, parents and group headings included (as the README shows one box
for each). As roadmap.sh counts, a skipped item is progress: percent is
(done + skipped) / total; the skipped are shown apart. Percentages are rounded down, so
100% means nothing is left. Pure, and deterministic (no dates), so re-rendering the README
block changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_bot.readme.burnup import BurnUp, mermaid_burnup
from roadmap_bot.readme.markers import PROGRESS_END, PROGRESS_START, find_block, missing_progress
from roadmap_bot.readme.render import states_for
from roadmap_bot.roadmap.model import (
    DIFFICULTY_EMOJI,
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    STAR,
    Difficulty,
    PlacedItem,
    Roadmap,
)
from roadmap_bot.roadmap.next_up import as_markdown_list
from roadmap_bot.roadmap.states import ItemState

NONE_KEY = "none"
DIFFICULTY_KEYS = (*(d.value for d in Difficulty), NONE_KEY)
IMPORTANCE_KEYS = (*(str(n) for n in range(IMPORTANCE_MAX, IMPORTANCE_MIN - 1, -1)), NONE_KEY)
TEXT_BAR_WIDTH = 20
MARKDOWN_BAR_WIDTH = 10


@dataclass(frozen=True)
class Tally:
    """The items of one group: a section, a difficulty, an importance, or all of them."""

    key: str  # section title, difficulty value, importance digit, "none" or "overall"
    total: int = 0
    done: int = 0
    skipped: int = 0

    @property
    def todo(self) -> int:
        return self.total - self.done - self.skipped

    @property
    def finished(self) -> int:
        """Done or skipped: what counts as progress."""
        return self.done + self.skipped

    @property
    def percent(self) -> float:
        return 100.0 * self.finished / self.total if self.total else 0.0

    @property
    def whole_percent(self) -> int:
        """Rounded down: 100 only when nothing is left."""
        return self.finished * 100 // self.total if self.total else 0

    def add(self, state: ItemState) -> Tally:
        return Tally(
            self.key,
            self.total + 1,
            self.done + (state is ItemState.DONE),
            self.skipped + (state is ItemState.SKIPPED),
        )


@dataclass(frozen=True)
class Progress:
    title: str
    overall: Tally
    sections: tuple[Tally, ...]  # roadmap order
    difficulty: tuple[Tally, ...]  # easy, medium, hard, none
    importance: tuple[Tally, ...]  # 3, 2, 1, 0, none


def compute_progress(roadmap: Roadmap, states: Mapping[str, ItemState]) -> Progress:
    """Progress from each item's state (the README's, or from the issues); TODO when absent.

    States may be keyed by an item's previous id (a README not yet rendered after a rename).
    """
    known = states_for(roadmap, states)
    overall = Tally("overall")
    sections = {section.title: Tally(section.title) for section in roadmap.sections}
    by_difficulty = {key: Tally(key) for key in DIFFICULTY_KEYS}
    by_importance = {key: Tally(key) for key in IMPORTANCE_KEYS}
    for placed in roadmap.walk():
        state = known.get(placed.id, ItemState.TODO)
        item = placed.item
        overall = overall.add(state)
        sections[placed.section.title] = sections[placed.section.title].add(state)
        difficulty = item.difficulty.value if item.difficulty else NONE_KEY
        by_difficulty[difficulty] = by_difficulty[difficulty].add(state)
        importance = NONE_KEY if item.importance is None else str(item.importance)
        by_importance[importance] = by_importance[importance].add(state)
    return Progress(
        roadmap.title,
        overall,
        tuple(sections.values()),
        tuple(by_difficulty.values()),
        tuple(by_importance.values()),
    )


# --- labels -------------------------------------------------------------------------------


def difficulty_label(key: str, *, emoji: bool) -> str:
    if key == NONE_KEY:
        return "No difficulty"
    difficulty = Difficulty(key)
    name = difficulty.value.capitalize()
    return f"{DIFFICULTY_EMOJI[difficulty]} {name}" if emoji else name


def importance_label(key: str, *, emoji: bool) -> str:
    if key == NONE_KEY:
        return "No importance"
    stars = int(key)
    if emoji:
        return STAR * stars if stars else "No stars"
    return f"{stars} star" + ("" if stars == 1 else "s")


def bar(tally: Tally, width: int, full: str, empty: str) -> str:
    filled = tally.finished * width // tally.total if tally.total else 0
    return full * filled + empty * (width - filled)


# --- text ---------------------------------------------------------------------------------


def _text_table(heading: str, rows: Iterable[tuple[str, Tally]]) -> list[str]:
    rows = list(rows)
    head = (heading, "Done", "Skipped", "To do", "Total")
    width = max(len(heading), *(len(name) for name, _ in rows)) if rows else len(heading)
    numbers = [len(column) for column in head[1:]]
    lines = [
        f"{head[0]:<{width}}  "
        + "  ".join(f"{column:>{w}}" for column, w in zip(head[1:], numbers, strict=True))
        + "  Progress"
    ]
    for name, tally in rows:
        values = (tally.done, tally.skipped, tally.todo, tally.total)
        lines.append(
            f"{name:<{width}}  "
            + "  ".join(f"{value:>{w}}" for value, w in zip(values, numbers, strict=True))
            + f"  [{bar(tally, TEXT_BAR_WIDTH, '#', '-')}] {tally.whole_percent:>3}%"
        )
    return lines


def as_text(progress: Progress) -> str:
    """For a terminal: aligned columns and a bar like [##########----------]  50%."""
    overall = progress.overall
    lines = [
        progress.title,
        f"Overall: [{bar(overall, TEXT_BAR_WIDTH, '#', '-')}] {overall.whole_percent}%  "
        f"{overall.done} done, {overall.skipped} skipped, {overall.todo} to do "
        f"of {overall.total} items",
        "",
    ]
    lines += _text_table("Section", ((t.key, t) for t in progress.sections))
    lines.append("")
    lines += _text_table(
        "Difficulty",
        ((difficulty_label(t.key, emoji=False), t) for t in progress.difficulty if t.total),
    )
    lines.append("")
    lines += _text_table(
        "Importance",
        ((importance_label(t.key, emoji=False), t) for t in progress.importance if t.total),
    )
    return "\n".join(lines) + "\n"


# --- markdown -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _markdown_bar(tally: Tally) -> str:
    return f"{bar(tally, MARKDOWN_BAR_WIDTH, '█', '░')} {tally.whole_percent}%"


def _markdown_table(heading: str, rows: Iterable[tuple[str, Tally]]) -> list[str]:
    lines = [
        f"| {heading} | Done | Skipped | To do | Progress |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| {_cell(name)} | {t.done} / {t.total} | {t.skipped} | {t.todo} | {_markdown_bar(t)} |"
        for name, t in rows
    ]
    return lines


def overall_line(progress: Progress) -> str:
    overall = progress.overall
    return (
        f"**Overall:** {_markdown_bar(overall)} · {overall.done} of {overall.total} done, "
        f"{overall.skipped} skipped, {overall.todo} to do"
    )


def as_markdown(progress: Progress, *, breakdown: bool = False) -> str:
    """An overall line and a table by section; with breakdown, by difficulty and importance too."""
    lines = [overall_line(progress), ""]
    lines += _markdown_table("Section", ((t.key, t) for t in progress.sections))
    if breakdown:
        lines.append("")
        lines += _markdown_table(
            "Difficulty",
            ((difficulty_label(t.key, emoji=True), t) for t in progress.difficulty if t.total),
        )
        lines.append("")
        lines += _markdown_table(
            "Importance",
            ((importance_label(t.key, emoji=True), t) for t in progress.importance if t.total),
        )
    return "\n".join(lines) + "\n"


# --- json ---------------------------------------------------------------------------------


def _tally_json(tally: Tally) -> dict[str, int | float]:
    return {
        "total": tally.total,
        "done": tally.done,
        "skipped": tally.skipped,
        "todo": tally.todo,
        "percent": round(tally.percent, 1),
    }


def as_dict(progress: Progress) -> dict[str, object]:
    return {
        "title": progress.title,
        "overall": _tally_json(progress.overall),
        "sections": [{"title": t.key, **_tally_json(t)} for t in progress.sections],
        "difficulty": {t.key: _tally_json(t) for t in progress.difficulty},
        "importance": {t.key: _tally_json(t) for t in progress.importance},
    }


def as_json(progress: Progress) -> str:
    """Stable keys: title, overall, sections (a list, roadmap order), difficulty (easy,
    medium, hard, none), importance ("3".."0", none); each count has total, done, skipped,
    todo and percent (one decimal, skipped counted as progress)."""
    return json.dumps(as_dict(progress), indent=2, ensure_ascii=False) + "\n"


# --- job summary --------------------------------------------------------------------------


def mermaid_pie(progress: Progress) -> list[str]:
    """A Mermaid pie of done / skipped / to do; empty slices left out (none when no items)."""
    overall = progress.overall
    slices = [("Done", overall.done), ("Skipped", overall.skipped), ("To do", overall.todo)]
    if not overall.total:
        return []
    return [
        "```mermaid",
        "pie showData",
        "    title Roadmap progress",
        *(f'    "{name}" : {count}' for name, count in slices if count),
        "```",
    ]


def as_job_summary(
    progress: Progress,
    changes: list[str],
    burnup: BurnUp | None = None,
    stopped: str | None = None,
    next_up: Sequence[PlacedItem] = (),
) -> str:
    """For GITHUB_STEP_SUMMARY: the tables, a pie chart, the burn-up when close dates are
    known, what to learn next, and what this run changed; first, when the run stopped
    early, ``stopped``: why, and what is left."""
    lines = [f"## {_cell(progress.title)}: progress", ""]
    if stopped:
        lines += [f"> {' '.join(stopped.split())}", ""]
    lines += as_markdown(progress, breakdown=True).splitlines()
    pie = mermaid_pie(progress)
    if pie:
        lines += ["", *pie]
    if burnup is not None:
        lines += ["", *mermaid_burnup(burnup)]
    if next_up:
        lines += ["", "### Learn next", "", *as_markdown_list(next_up)]
    lines += ["", "### What this run changed", ""]
    if changes:
        lines += [f"- {' '.join(change.split())}" for change in changes]
    else:
        lines.append("Nothing: everything was already in step.")
    return "\n".join(lines) + "\n"


# --- the README block ---------------------------------------------------------------------


PAGE_LINK_TEXT = "📈 [The progress page]({url}): the roadmap as a map, and what to take next"
# An http(s) URL that stays one markdown link target: no spaces, parentheses or <>.
PAGE_URL_RE = re.compile(r"https?://[^\s()<>]+")
_PAGE_LINK_RE = re.compile(r"^📈 \[The progress page\]\((?P<url>" + PAGE_URL_RE.pattern + r")\)")


def page_link_in(block: list[str]) -> str | None:
    """The progress page's URL that a progress block links to, if it does."""
    return next((m.group("url") for line in block if (m := _PAGE_LINK_RE.match(line))), None)


def refresh_progress_block(
    readme_text: str,
    roadmap: Roadmap,
    states: Mapping[str, ItemState],
    filename: str,
    page_url: str | None = None,
) -> str:
    """The README's progress block brought in line with ``states``; a README without one
    (the block is optional) as it is. ``page_url`` as for update_progress_block."""
    if find_block(readme_text.splitlines(), PROGRESS_START, PROGRESS_END) is None:
        return readme_text
    progress = compute_progress(roadmap, states)
    return update_progress_block(readme_text, progress, filename, page_url)


def update_progress_block(
    readme_text: str, progress: Progress, filename: str = "README.md", page_url: str | None = None
) -> str:
    """The README with the markdown rendering between the progress markers; every byte
    outside them kept (a CRLF file stays CRLF). The same progress gives the same text.

    page_url: the progress page the block links to; "" for no link; None keeps the link
    the block has (a `render` on a laptop leaves the workflow's link alone).
    """
    lines = readme_text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    bounds = find_block(bare, PROGRESS_START, PROGRESS_END)
    if bounds is None:
        raise missing_progress(bare, filename)
    newline = "\r\n" if "\r\n" in readme_text else "\n"
    first, last = bounds
    if page_url is None:
        page_url = page_link_in(bare[first:last]) or ""
    # Blank lines around the table: the marker comments must not run into it.
    block = ["", *as_markdown(progress).splitlines(), ""]
    if page_url:
        block += [PAGE_LINK_TEXT.format(url=page_url), ""]
    return "".join(lines[:first] + [line + newline for line in block] + lines[last:])
