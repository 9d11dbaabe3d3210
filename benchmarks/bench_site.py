"""Time of `roadmap-bot site` as a whole process (start-up, reading, rendering, writing),
on the seed and on a roadmap of 1,000 items (not part of the tests).

    python benchmarks/bench_site.py

Runs the installed command in a subprocess, offline, three times each, and prints a
markdown table of the best and the slowest wall-clock time and the page's size. The
1,000 items: 20 sections of 10 items with 4 children each, every third one ticked.
Targets: under 2 s for 1,000 items; under 500 KB for the seed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roadmap_bot.readme.render import set_item_state, update_readme  # noqa: E402
from roadmap_bot.roadmap.file import dump_roadmap  # noqa: E402
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section  # noqa: E402
from roadmap_bot.roadmap.states import ItemState  # noqa: E402

EXE = Path(sys.executable).parent / "roadmap-bot"
RUNS = 3
TARGET_SECONDS = 2.0
TARGET_BYTES = 500_000
DIFFICULTIES = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


def big_roadmap() -> Roadmap:
    def item(item_id: str, n: int, children: tuple[Item, ...] = ()) -> Item:
        return Item(
            item_id,
            f"Topic {item_id.replace('-', ' ')}",
            DIFFICULTIES[n % 3],
            n % 4,
            description=f"Learn what topic {n} is about, and practise it on a small project.",
            children=children,
        )

    sections = []
    for s in range(20):
        items = []
        for i in range(10):
            children = tuple(item(f"s{s}-i{i}-c{c}", c + i) for c in range(4))
            items.append(item(f"s{s}-i{i}", i, children))
        sections.append(Section(f"Section {s + 1}", tuple(items)))
    return Roadmap("A thousand items", tuple(sections))


def write_big(folder: Path) -> tuple[Path, Path]:
    roadmap = big_roadmap()
    assert len(roadmap) == 1_000
    roadmap_path, readme_path = folder / "roadmap.yaml", folder / "README.md"
    roadmap_path.write_text(dump_roadmap(roadmap), encoding="utf-8")
    text = update_readme(
        "<!-- roadmap-bot:checklist:start -->\n<!-- roadmap-bot:checklist:end -->\n", roadmap
    )
    for n, placed in enumerate(roadmap.walk()):
        if n % 3 == 0:
            text = set_item_state(text, placed.id, ItemState.DONE).text
    readme_path.write_text(text, encoding="utf-8")
    return roadmap_path, readme_path


def timed(roadmap: Path, readme: Path, out: Path) -> tuple[list[float], int]:
    seconds = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(
            [
                str(EXE),
                "site",
                "--out",
                str(out),
                "--roadmap",
                str(roadmap),
                "--readme",
                str(readme),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    return seconds, (out / "index.html").stat().st_size


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [
            (
                "seed (168 items)",
                *timed(ROOT / "roadmap.yaml", ROOT / "README.md", folder / "seed"),
            ),
            ("1,000 items", *timed(*write_big(folder), folder / "big")),
        ]
    print("| roadmap | best | slowest | page size |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds, size in rows:
        print(f"| {name} | {min(seconds):.2f} s | {max(seconds):.2f} s | {size / 1024:.0f} KB |")
    slowest_big = max(rows[1][1])
    print(
        f"\n1,000 items: slowest {slowest_big:.2f} s (target under {TARGET_SECONDS:.0f} s); "
        f"seed page {rows[0][2] / 1024:.0f} KB (target under {TARGET_BYTES // 1000} KB)"
    )


if __name__ == "__main__":
    main()
