"""The layers, enforced: the pure core imports nothing that talks to GitHub, and the GitHub
layer never imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "roadmap_bot"
# The core: pure modules (text and data in, text and data out), and the executors that
# write only through a protocol (gateway.Gateway, board_apply.BoardWriter, ReadmeStore).
PURE = [
    "model",
    "errors",
    "suggest",
    "roadmap_file",
    "checklist_line",
    "readme_markers",
    "readme_import",
    "readme_render",
    "readme_sync",
    "issue_body",
    "labels",
    "observed",
    "plan",
    "item_states",
    "progress",
    "events",
    "listing",
    "gateway",
    "board",
    "board_note",
    "board_plan",
    "board_settings",
    "board_apply",
    "board_sync",
    "apply",
    "sync",
    "readme_commit",
]
TALKS_TO_GITHUB = ("github", "requests", "urllib3", "roadmap_bot.githubapi", "http", "socket")
COMMAND_LINE = ("click", "roadmap_bot.cli", "roadmap_bot.runner")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("module", PURE)
def test_the_pure_core_does_not_talk_to_github(module: str) -> None:
    found = {n for n in imports_of(PACKAGE / f"{module}.py") if _within(n, TALKS_TO_GITHUB)}
    assert found == set()


@pytest.mark.parametrize("module", PURE)
def test_the_pure_core_knows_nothing_of_the_command_line(module: str) -> None:
    found = {n for n in imports_of(PACKAGE / f"{module}.py") if _within(n, COMMAND_LINE)}
    assert found == set()


@pytest.mark.parametrize("path", sorted((PACKAGE / "githubapi").glob("*.py")), ids=lambda p: p.name)
def test_the_github_layer_never_imports_the_command_line(path: Path) -> None:
    found = {n for n in imports_of(path) if _within(n, COMMAND_LINE)}
    assert found == set()


def reads_environment(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
        and node.attr in ("environ", "getenv")
        for node in ast.walk(tree)
    )


def test_only_the_command_line_reads_the_environment() -> None:
    readers = sorted(p.name for p in PACKAGE.rglob("*.py") if reads_environment(p))
    assert readers == ["cli.py"]
