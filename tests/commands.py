"""The installed `roadmap-bot` command, run in a subprocess with a clean environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXE = shutil.which("roadmap-bot", path=str(Path(sys.executable).parent)) or "roadmap-bot"
SEED = ROOT / "tests" / "data" / "seed" / "roadmap-README.md"
# A clean environment: nothing of the developer's GitHub settings leaks into a test.
BASE_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("GITHUB_", "ROADMAP_", "RUNNER_"))
}


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**BASE_ENV, **(env or {})},
        timeout=300,
        check=False,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
