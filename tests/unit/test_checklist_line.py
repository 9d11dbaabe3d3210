"""The grammar of one checklist line: marks, titles, descriptions, ids, skipped items."""

from __future__ import annotations

import pytest

from roadmap_bot.readme.line import format_item_text, format_line, parse_item_text, parse_marks
from roadmap_bot.roadmap.model import Difficulty
from roadmap_bot.roadmap.states import ItemState


@pytest.mark.parametrize(
    ("text", "difficulty", "importance", "rest"),
    [
        ("🟢⭐⭐ Foundational", Difficulty.EASY, 2, "Foundational"),
        ("🟡 Commenting", Difficulty.MEDIUM, 0, "Commenting"),
        ("🔴⭐️⭐️⭐️ Git Flow", Difficulty.HARD, 3, "Git Flow"),
        ("ğŸŸ¢ââ Foundational", Difficulty.EASY, 2, "Foundational"),
        ("ğŸŸ¡â Algorithms", Difficulty.MEDIUM, 1, "Algorithms"),
        ("ğŸ”´âââ **Git Flow**", Difficulty.HARD, 3, "**Git Flow**"),
        ("ğŸŸ¢ Commenting", Difficulty.EASY, 0, "Commenting"),
        ("**Libraries**:", None, None, "**Libraries**:"),
        ("⭐ Only stars", None, 1, "Only stars"),
        # A title that starts with "â" is not a star when no difficulty mark comes before it.
        ("âme", None, None, "âme"),
    ],
)
def test_marks(text: str, difficulty: Difficulty | None, importance: int | None, rest: str) -> None:
    assert parse_marks(text) == (difficulty, importance, rest)


@pytest.mark.parametrize(
    ("text", "title", "description", "url"),
    [
        (
            "🟢 Commenting: Learn how to write effective comments.",
            "Commenting",
            "Learn how to write effective comments.",
            None,
        ),
        (
            "🟡⭐⭐ **Database Design**: Learn about design.",
            "Database Design",
            "Learn about design.",
            None,
        ),
        ("🟡⭐⭐ **Relational Databases**:", "Relational Databases", "", None),
        ("**Testing and Quality Assurance**", "Testing and Quality Assurance", "", None),
        ("Test Automation:", "Test Automation", "", None),
        ("🟡⭐ Pytest for automated testing.", "Pytest for automated testing.", "", None),
        (
            "🔴⭐⭐⭐ **Git Flow: Familiarize yourself. Learn concepts.**",
            "Git Flow",
            "Familiarize yourself. Learn concepts.",
            None,
        ),
        (
            "🟢 [Refactoring Guru](https://refactoring.guru/design-patterns): A website.",
            "Refactoring Guru",
            "A website.",
            "https://refactoring.guru/design-patterns",
        ),
        (
            "🟡⭐⭐ [Docker](#containerization-and-orchestration)",
            "Docker",
            "",
            "#containerization-and-orchestration",
        ),
        (
            "🟢⭐⭐ **Semantic Versioning**: Learn it. [SemVer](https://semver.org/)",
            "Semantic Versioning",
            "Learn it. [SemVer](https://semver.org/)",
            None,
        ),
        ("**A: B**:", "A: B", "", None),
    ],
)
def test_title_and_description(text: str, title: str, description: str, url: str | None) -> None:
    parsed = parse_item_text(text)
    assert (parsed.title, parsed.description, parsed.url) == (title, description, url)


def test_id_comment_and_skipped() -> None:
    parsed = parse_item_text("~~🟢⭐ Venv: A tool.~~ <!-- id:venv -->")
    assert parsed.item_id == "venv"
    assert parsed.skipped
    assert (parsed.title, parsed.difficulty, parsed.importance) == ("Venv", Difficulty.EASY, 1)


@pytest.mark.parametrize(
    "title", ["Plain", "Colon: inside", "Ends with colon:", "[Bracketed] start", "*star"]
)
@pytest.mark.parametrize("description", ["", "Some words: with a colon."])
@pytest.mark.parametrize("bold", [True, False])
def test_format_then_parse(title: str, description: str, bold: bool) -> None:
    text = format_item_text(
        title=title,
        description=description,
        difficulty=Difficulty.MEDIUM,
        importance=2,
        url=None,
        bold=bold,
    )
    parsed = parse_item_text(text)
    assert (parsed.title, parsed.description) == (title, description)


def test_format_line_states() -> None:
    assert format_line("  ", ItemState.TODO, "🟢 X", "x") == "  - [ ] 🟢 X <!-- id:x -->"
    assert format_line("", ItemState.DONE, "🟢 X", "x") == "- [x] 🟢 X <!-- id:x -->"
    assert format_line("", ItemState.SKIPPED, "🟢 X", "x") == "- [x] ~~🟢 X~~ <!-- id:x -->"
