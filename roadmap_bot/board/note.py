"""The note of values to put back, kept in the board's own README while an option list is
being replaced.

GitHub's ``updateProjectV2Field`` replaces a field's whole option list, and may give every
option a new id and clear the value each card holds in that field. Before that write, the
values of the cards roadmap-bot cannot work out again from the roadmap (the learner's own
cards, the learner's options on roadmap cards) are written into a hidden note at the end of
the board's README; once they are put back, the note is taken out. A run cut short between
the two (a crash, a cancel, lost answers, a rate limit) leaves the note, and the next run
puts the values back from it first. The README is read with the board, so a run with
nothing pending pays nothing for this.

Pure: the note in and out of a README's text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

TAG = "roadmap-bot:pending-values"
# Markdown hides an HTML comment: the learner's README looks the same with the note in it.
EXPLANATION = (
    "roadmap-bot is changing the options of a field of this board and putting back the\n"
    "values cards held in it. It takes this note out itself when it is done (on its next\n"
    "run at the latest); please leave it until then."
)
_NOTE = re.compile(r"(?:\r?\n\r?\n)?<!-- " + re.escape(TAG) + r"\b.*?-->(?:\r?\n)?", re.DOTALL)


@dataclass(frozen=True)
class PendingValues:
    """The values cards held in a field just before its option list was replaced: card
    (project item) id -> option name. ``damaged``: a note was found but could not be read
    (edited by hand), so nothing can be put back from it."""

    field_name: str
    values: Mapping[str, str] = field(default_factory=dict)
    damaged: bool = False


def note_in(readme: str, pending: PendingValues) -> str:
    """The README with the note of ``pending`` at its end (replacing any older note)."""
    grouped: dict[str, list[str]] = {}
    for item_id, option in sorted(pending.values.items()):
        grouped.setdefault(option, []).append(item_id)
    data = json.dumps(
        {"field": pending.field_name, "values": grouped},
        ensure_ascii=True,
        sort_keys=True,
        separators=(",", ":"),  # compact: a board may have hundreds of cards
    )
    # Inside JSON strings only: the comment can then never be closed early by a name.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e")
    note = f"<!-- {TAG}\n{EXPLANATION}\n{data}\n-->"
    kept = without_note(readme)
    return f"{kept}\n\n{note}" if kept else note


def without_note(readme: str) -> str:
    return _NOTE.sub("", readme)


def read_note(readme: str) -> PendingValues | None:
    """The values the README's note holds; None when it holds no note."""
    found = _NOTE.search(readme)
    if found is None:
        return None
    lines = [line.strip() for line in found.group(0).splitlines()]
    data = next((line for line in reversed(lines) if line.startswith("{")), "")
    try:
        parsed = json.loads(data)
    except ValueError:
        return PendingValues("", damaged=True)
    name = parsed.get("field") if isinstance(parsed, dict) else None
    grouped = parsed.get("values") if isinstance(parsed, dict) else None
    if not isinstance(name, str) or not isinstance(grouped, dict):
        return PendingValues("", damaged=True)
    values: dict[str, str] = {}
    for option, item_ids in grouped.items():
        if not isinstance(item_ids, list) or not all(isinstance(i, str) for i in item_ids):
            return PendingValues("", damaged=True)
        values.update(dict.fromkeys(item_ids, option))
    return PendingValues(name, values)
