"""Helpers for messages: "did you mean" for typos, and untrusted text made safe to show.

Roadmap titles, issue titles and GitHub's answers are untrusted: logs and summaries show
them through one_line (quoted: quoted_line), never raw; a problem in the user's own file
shows the value through quote, which escapes invisible characters instead of dropping them."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

# Values longer than this are cut in messages, so one problem stays one readable line.
QUOTE_MAX_LENGTH = 60


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like word (ignoring case), or None when none is close."""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" to append to a message, or "" when nothing is close."""
    match = closest(word, choices)
    return f"; did you mean {quote(match)}?" if match is not None else ""


def one_line(text: object, limit: int | None = None) -> str:
    """Untrusted text made printable on one line: control and format characters dropped,
    whitespace runs made one space, cut to limit characters with an ellipsis."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    flat = " ".join(kept.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def quote(value: str, max_length: int = QUOTE_MAX_LENGTH) -> str:
    """A value of the user's own file in single quotes, for a problem in that file: on one
    line, cut if long, and every invisible character shown as an escape (a tab is \\t), since
    that character may be the very problem. Logs use one_line, which drops them."""
    text = "".join(char if char.isprintable() else _escape(char) for char in value)
    if len(text) > max_length:
        text = text[: max_length - 3] + "..."
    return f"'{text}'"


def _escape(char: str) -> str:
    return repr(char)[1:-1]


def quoted_line(text: object, limit: int | None = None) -> str:
    """one_line in single quotes."""
    return "'" + one_line(text, limit) + "'"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 item", "2 items" ("1 child", "3 children" with ``many``)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
