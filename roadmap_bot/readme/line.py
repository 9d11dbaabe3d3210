"""The grammar of one checklist line, shared by the README importer, renderer and ticker.

    - [ ] 🟢⭐⭐ **Title**: description <!-- id:item-id -->
    - [x] ~~🟡⭐ Title: description~~ <!-- id:item-id -->     (skipped)

A line is: indent, bullet, box, marks (difficulty emoji, one ⭐ per importance point),
the title (plain, **bold** or a [link](url)), an optional ": description", and the
item's id in a hidden HTML comment, which is how every other part finds the line.

These are the lines roadmap-bot renders; the importer also reads the box styles of
other READMEs (boxes.py). A title that is a link keeps brackets and parentheses nested
in it, and a bold title ending in a colon ("**Doctype:** text") renders back as it was.

The comment also records the state roadmap-bot last agreed with GitHub
(`<!-- id:helm done -->`; no word: to do). A box that differs from it was changed by
hand; a box that matches it while the issue differs follows the issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_bot.roadmap.model import DIFFICULTY_EMOJI, STAR, Difficulty
from roadmap_bot.roadmap.states import ItemState

# The seed README went through a wrong encoding (UTF-8 read as Windows-1254): these are
# how its marks arrive. A star lost all but its first byte, so "â" right after a
# difficulty mark (or another star) is one star.
_MOJIBAKE_DIFFICULTY = {
    "ğŸŸ¢": Difficulty.EASY,
    "ğŸŸ¡": Difficulty.MEDIUM,
    "ğŸ”´": Difficulty.HARD,
}
_DIFFICULTY_BY_MARK = {
    **{emoji: difficulty for difficulty, emoji in DIFFICULTY_EMOJI.items()},
    **_MOJIBAKE_DIFFICULTY,
}
_DIFFICULTY_RE = re.compile("|".join(re.escape(mark) for mark in _DIFFICULTY_BY_MARK))
_STAR_RE = re.compile("⭐\ufe0f?")
_MOJIBAKE_STAR = "â"

CHECKBOX_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<bullet>[-*+])[ \t]+\[(?P<mark>[ xX])\](?P<space>[ \t]+)(?P<text>.*?)"
    r"(?P<trail>[ \t]*)$"
)
ID_COMMENT_RE = re.compile(
    r"[ \t]*<!--[ \t]*id:(?P<id>[^\s<>]+?)(?:[ \t]+(?P<base>done|skipped))?[ \t]*-->$"
)
_STRIKE_RE = re.compile(r"^~~(?P<inner>.+)~~$")
_STRUCK_TITLE_RE = re.compile(r"^~~(?P<inner>[^~]+)~~(?P<remark>[ \t:].*)$")


def id_comment(item_id: str, recorded: ItemState = ItemState.TODO) -> str:
    word = "" if recorded is ItemState.TODO else f" {recorded.value}"
    return f"<!-- id:{item_id}{word} -->"


def indent_width(indent: str) -> int:
    return len(indent.expandtabs(4))


@dataclass(frozen=True)
class ParsedText:
    """What an item line says, after the box."""

    title: str
    description: str
    difficulty: Difficulty | None
    importance: int | None
    url: str | None
    item_id: str | None
    skipped: bool
    # The state last agreed with GitHub, from the id comment.
    recorded: ItemState = ItemState.TODO


def split_id(text: str) -> tuple[str, str | None, ItemState]:
    """(the words before the id comment, the id, the recorded state)."""
    match = ID_COMMENT_RE.search(text)
    if not match:
        return text, None, ItemState.TODO
    recorded = ItemState(match.group("base")) if match.group("base") else ItemState.TODO
    return text[: match.start()], match.group("id"), recorded


def parse_marks(text: str) -> tuple[Difficulty | None, int | None, str]:
    """Difficulty and importance marks at the start of text, and the rest."""
    difficulty = None
    stars = 0
    rest = text.lstrip()
    match = _DIFFICULTY_RE.match(rest)
    if match:
        difficulty = _DIFFICULTY_BY_MARK[match.group()]
        rest = rest[match.end() :]
    while True:
        star = _STAR_RE.match(rest)
        if star:
            rest = rest[star.end() :]
        elif difficulty is not None and rest.startswith(_MOJIBAKE_STAR):
            rest = rest[len(_MOJIBAKE_STAR) :]
        else:
            break
        stars += 1
    if difficulty is None and stars == 0:
        return None, None, text.strip()
    return difficulty, stars, rest.strip()


def _bold_span(text: str) -> tuple[str, str] | None:
    """("inner", "rest") when text starts with **inner**."""
    if not text.startswith("**"):
        return None
    end = text.find("**", 2)
    if end <= 2:
        return None
    while text[end + 2 : end + 3] == "*":  # "**A***" is A* in bold
        end += 1
    return text[2:end], text[end + 2 :]


def split_link(text: str) -> tuple[str, str, str] | None:
    """(label, url, rest) when text starts with a [label](url) link. Brackets in the
    label and parentheses in the URL may nest; a backslash escapes the next character."""
    end = _closing(text, 0, "[", "]")
    if end is None or text[end + 1 : end + 2] != "(":
        return None
    close = _closing(text, end + 1, "(", ")")
    if close is None:
        return None
    url = text[end + 2 : close]
    if not url or any(char.isspace() for char in url):
        return None
    return text[1:end], url, text[close + 1 :]


def _closing(text: str, start: int, opening: str, closing: str) -> int | None:
    """Where the bracket opened at text[start] closes, or None."""
    if text[start : start + 1] != opening:
        return None
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _whole_link(text: str) -> tuple[str, str] | None:
    link = split_link(text.strip())
    if link is None or link[2].strip() or not link[0].strip():
        return None
    return link[0].strip(), link[1]


def _split_plain(text: str) -> tuple[str, str]:
    if ": " in text:
        title, description = text.split(": ", 1)
        return title.strip(), description.strip()
    if text.endswith(":"):
        return text[:-1].strip(), ""
    return text.strip(), ""


def split_title(text: str) -> tuple[str, str, str | None]:
    """(title, description, url) from the words after the marks."""
    bold = _bold_span(text)
    if bold is not None:
        inner, rest = bold
        rest = rest.strip()
        if rest.startswith(":"):
            title, description = inner, rest[1:].strip()
        elif not rest and ": " in inner and _whole_link(inner) is None:
            # "**Git Flow: Familiarize yourself ...**": the whole line in bold.
            title, description = _split_plain(inner)
        else:
            title, description = inner, rest
        link = _whole_link(title)
        if link:
            return link[0], description, link[1]
        return title.strip(), description, None
    leading = split_link(text)
    if leading and leading[0].strip():
        # "[ABC: Always Be Coding](https://...)": the link is the title, colons and all.
        label, url, rest = leading
        rest = rest.strip()
        return label.strip(), rest[1:].strip() if rest.startswith(":") else rest, url
    title, description = _split_plain(text)
    return title.strip(), description, None


def is_struck(words: str) -> bool:
    """Whether words (stripped) are struck through, ~~like this~~: a skipped item."""
    return _STRIKE_RE.match(words) is not None


def parse_item_text(text: str) -> ParsedText:
    body, item_id, recorded = split_id(text)
    body = body.strip()
    strike = _STRIKE_RE.match(body)
    remark = ""
    if strike is None:
        # "~~Title~~ Too costly for now": the title struck, with why after it.
        strike = _STRUCK_TITLE_RE.match(body)
        remark = strike.group("remark").strip().lstrip(":").strip() if strike else ""
    skipped = strike is not None
    if strike:
        body = strike.group("inner").strip()
    difficulty, importance, rest = parse_marks(body)
    title, description, url = split_title(rest)
    description = f"{description} {remark}".strip() if remark else description
    return ParsedText(title, description, difficulty, importance, url, item_id, skipped, recorded)


def _needs_bold(title: str) -> bool:
    return ": " in title or title.endswith(":") or title.startswith(("[", "~~", "*"))


def _separator(shown: str, description: str) -> str:
    """'**Doctype:** text' reads back as it was; other titles take ': ' before the text."""
    return " " if shown.endswith(":**") and not description.startswith(":") else ": "


def format_item_text(
    *,
    title: str,
    description: str,
    difficulty: Difficulty | None,
    importance: int | None,
    url: str | None,
    bold: bool,
) -> str:
    """The words of an item line after the box, without its id comment."""
    marks = (DIFFICULTY_EMOJI[difficulty] if difficulty else "") + STAR * (importance or 0)
    shown = f"[{title}]({url})" if url else title
    # A link's brackets already tell its title from the text after it; bold inside the
    # title cannot be wrapped in bold again ("**a **b****" reads as "a ").
    if (bold or (_needs_bold(title) and not url)) and "**" not in title:
        shown = f"**{shown}**"
        # A colon inside the bold title needs one after it, or it would read as a split.
        if not description and ": " in title and not url:
            shown += ":"
    text = f"{marks} {shown}" if marks else shown
    return f"{text}{_separator(shown, description)}{description}" if description else text


def format_line(
    indent: str,
    state: ItemState,
    text: str,
    item_id: str,
    recorded: ItemState = ItemState.TODO,
) -> str:
    box = " " if state is ItemState.TODO else "x"
    shown = f"~~{text}~~" if state is ItemState.SKIPPED else text
    return f"{indent}- [{box}] {shown} {id_comment(item_id, recorded)}"


def line_state(mark: str, skipped: bool) -> ItemState:
    if skipped:
        return ItemState.SKIPPED
    return ItemState.TODO if mark == " " else ItemState.DONE
