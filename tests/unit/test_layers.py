"""The layers, enforced by folder, so that a new module is covered the day it is written:

- only `roadmap_bot/githubapi/` talks to GitHub (PyGithub, requests, urllib3, sockets);
- only `roadmap_bot/cli/` imports click, and nothing imports the command line;
- the stage folders (roadmap, readme, issues, board, jobs, site) import neither the GitHub layer
  nor the command line: they reach GitHub through the ports beside them;
- the GitHub adapters import ports and models, never an executor or a job;
- only the command line reads the environment.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "roadmap_bot"
STAGES = ("roadmap", "readme", "issues", "board", "jobs", "site")
SHARED = ("__init__.py", "errors.py", "clock.py", "settings.py", "text.py", "textfile.py")
FOLDERS = (*STAGES, "githubapi", "cli")
TALKS_TO_GITHUB = ("github", "requests", "urllib3", "http", "socket")
EXECUTORS = ("roadmap_bot.issues.apply", "roadmap_bot.board.apply", "roadmap_bot.jobs")
MODULES = sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}: relative import; write roadmap_bot.… in full")
    return names


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def folder_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else ""


def _ids(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def test_every_module_is_in_a_layer() -> None:
    loose = [
        _ids(p)
        for p in MODULES
        if folder_of(p) not in FOLDERS and not (folder_of(p) == "" and p.name in SHARED)
    ]
    assert loose == []
    assert {folder_of(p) for p in MODULES} >= set(FOLDERS)


@pytest.mark.parametrize("path", MODULES, ids=_ids)
def test_only_the_github_layer_talks_to_github(path: Path) -> None:
    if folder_of(path) == "githubapi":
        return
    found = {n for n in imports_of(path) if _within(n, (*TALKS_TO_GITHUB, "roadmap_bot.githubapi"))}
    if folder_of(path) == "cli":  # the command line wires the real objects, nothing more
        found = {n for n in found if not n.startswith("roadmap_bot.githubapi")}
    assert found == set()


@pytest.mark.parametrize("path", MODULES, ids=_ids)
def test_only_the_command_line_knows_click(path: Path) -> None:
    if folder_of(path) == "cli":
        return
    found = {n for n in imports_of(path) if _within(n, ("click", "roadmap_bot.cli"))}
    assert found == set()


@pytest.mark.parametrize("path", [p for p in MODULES if folder_of(p) == "githubapi"], ids=_ids)
def test_the_github_adapters_import_no_executor(path: Path) -> None:
    found = {n for n in imports_of(path) if _within(n, EXECUTORS)}
    assert found == set()


@pytest.mark.parametrize("path", [p for p in MODULES if folder_of(p) == "roadmap"], ids=_ids)
def test_the_roadmap_stage_stands_alone(path: Path) -> None:
    later = tuple(f"roadmap_bot.{stage}" for stage in STAGES if stage != "roadmap")
    assert {n for n in imports_of(path) if _within(n, later)} == set()


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
    readers = sorted(_ids(p) for p in MODULES if reads_environment(p))
    assert readers
    assert [r for r in readers if not r.startswith("cli/")] == []
