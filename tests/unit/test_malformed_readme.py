"""Malformed README files, each with the exact message and exit code it must produce.

tests/data/malformed/readme/<command>-<case>.md is run through `roadmap-bot <command>`
(against roadmap.yaml in the same folder); <case>.expected holds the exit code on its
first line, then stderr, with the file's path written as {file}.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_bot.cli.main import main

FOLDER = Path(__file__).parents[1] / "data" / "malformed" / "readme"
CASES = sorted(FOLDER.glob("*.md"))
# What each command is asked, for a README at {file}.
ARGS = {
    "import": ["import", "{file}"],
    "render": ["render", "--readme", "{file}", "--roadmap", "{roadmap}"],
    "check": ["check", "shell", "--readme", "{file}", "--roadmap", "{roadmap}"],
}


def run_case(path: Path, tmp_path: Path) -> tuple[int, str, bytes]:
    readme = tmp_path / path.name
    shutil.copy(path, readme)
    command = path.name.split("-", 1)[0]
    args = [a.format(file=readme, roadmap=FOLDER / "roadmap.yaml") for a in ARGS[command]]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stderr.replace(str(readme), "{file}"), readme.read_bytes()


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_malformed_readme(path: Path, tmp_path: Path) -> None:
    code, stderr, after = run_case(path, tmp_path)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    first, _, message = expected.partition("\n")
    assert (f"exit {code}", stderr) == (first, message)
    assert "Traceback" not in stderr
    # A refused README is left exactly as it was.
    assert after == path.read_bytes()
