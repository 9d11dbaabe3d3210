"""Helpers for messages: "did you mean" for typos, and user values quoted for display."""

from __future__ import annotations

import difflib
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


def quote(value: str, max_length: int = QUOTE_MAX_LENGTH) -> str:
    """value in single quotes, on one line (control characters escaped), cut if long."""
    text = "".join(char if char.isprintable() else _escape(char) for char in value)
    if len(text) > max_length:
        text = text[: max_length - 3] + "..."
    return f"'{text}'"


def _escape(char: str) -> str:
    return repr(char)[1:-1]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 item", "2 items" ("1 child", "3 children" with ``many``)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
