"""Time of `roadmap-bot import` and `init --dry-run` as whole processes on the longest
real checklist README of tests/data/checklists (not part of the tests).

    python benchmarks/bench_import.py

Runs the installed command in a subprocess five times each and prints the median and the
slowest run, with the README's line count and the time of the import alone (in-process).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from roadmap_bot.readme.importer import import_readme

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "roadmap-bot"
RUNS = 5


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(EXE), *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    readmes = sorted((ROOT / "tests" / "data" / "checklists").glob("*/README.md"))
    longest = max(readmes, key=lambda p: len(p.read_text(encoding="utf-8").splitlines()))
    text = longest.read_text(encoding="utf-8")
    start = time.perf_counter()
    imported = import_readme(text)
    alone = time.perf_counter() - start
    print(f"{longest.parent.name}: {len(text.splitlines())} lines, {len(imported.roadmap)} items")
    print(f"import_readme() alone: {alone:.3f} s")
    with tempfile.TemporaryDirectory() as folder:
        fork = Path(folder)
        shutil.copyfile(longest, fork / "README.md")
        for name, args in (
            ("roadmap-bot import README.md", ["import", "README.md"]),
            ("roadmap-bot init --dry-run", ["init", "--dry-run"]),
            ("roadmap-bot --version (start-up alone)", ["--version"]),
        ):
            times = [timed(args, fork) for _ in range(RUNS)]
            print(f"{name}: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s")


if __name__ == "__main__":
    main()
