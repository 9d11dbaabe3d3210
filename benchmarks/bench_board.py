"""Requests and modelled time of `roadmap-bot sync` with a Projects board, against the fake
GitHub (not part of the tests).

    python benchmarks/bench_board.py

Runs the installed command in a subprocess (--project, ROADMAP_PROJECT_TOKEN,
--write-interval 0) against the fake GitHub of tests/ on 127.0.0.1 with the seed roadmap:
a first sync onto an empty board, a no-op re-sync, then a roadmap.yaml with a new section
(two items) while the board holds an issue of the learner's own in a Section: the Section
options are replaced with their ids (no value is cleared); then a first sync and a no-op
re-sync of 1,000 generated items with a board.
Each is run twice: with two tokens (GITHUB_TOKEN for the issues, ROADMAP_PROJECT_TOKEN for
the board, which also reads the issues, the README and the cards in one GraphQL document a
page) and with one token that reaches both (the same document, through it).
Prints a markdown table of the requests (issues' token, board's token), the board's
mutations, and the time the run would take under GitHub's published limits (1 s between
writes, 80 creations a minute, 2,000 GraphQL points a minute with 5 a mutation request):
tests/syncing.py's modelled_seconds.
The target for the first sync: at most 4 minutes. A second table puts the request counts
beside those before issue 13 (docs/performance.md of 2026-11-28) and issue 13's goals.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sync import generated  # noqa: E402

from fakegithub import FakeGitHubServer  # noqa: E402
from roadmap_bot.roadmap.file import dump_roadmap, load_roadmap  # noqa: E402
from roadmap_bot.roadmap.model import Item as RoadmapItem  # noqa: E402
from roadmap_bot.roadmap.model import Roadmap, Section  # noqa: E402
from syncing import (  # noqa: E402
    PROJECT_TOKEN,
    README_TEXT,
    REPO,
    TOKEN,
    modelled_seconds,
    own_card,
    set_up,
    set_up_board,
)

EXE = Path(sys.executable).parent / "roadmap-bot"
TARGET_SECONDS = 240
# Requests in all before issue 13 (docs/performance.md, 2026-11-28), and issue 13's goals.
# 1,000 items: 13 requests without the board (bench_sync.py: 10 pages of issues, the README,
# labels and milestones listed since some labels are on no issue), plus the board's 2 reads.
BEFORE = {"first sync": 216, "no-op re-sync": 4, "a new section": 28, "1,000: no-op re-sync": 15}
GOAL = {"no-op re-sync": "2", "a new section": "at most 12", "1,000: no-op re-sync": "10"}


def run(
    fake: FakeGitHubServer,
    workdir: Path,
    roadmap: Path = ROOT / "roadmap.yaml",
    *,
    one_token: bool = False,
) -> dict[str, float]:
    """One sync; ``one_token``: the learner's token reaches the repository and the board
    (no ROADMAP_PROJECT_TOKEN), else GITHUB_TOKEN for the issues, a token for the board."""
    fake.log.clear()
    env = {
        **fake.env(PROJECT_TOKEN if one_token else TOKEN, REPO),
        "ROADMAP_BOT_WRITE_INTERVAL": "0",
        "PATH": str(EXE.parent),
    }
    if not one_token:
        env["ROADMAP_PROJECT_TOKEN"] = PROJECT_TOKEN
    url = f"{fake.web_url}/users/learner/projects/1"
    done = subprocess.run(
        [str(EXE), "sync", "--project", url, "--roadmap", str(roadmap)],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    entries = fake.log.entries
    # The snapshot (issues, README and cards, githubapi/snapshot.py) counts with the issues,
    # whichever token sent it; the board's own reads and mutations apart.
    board = [
        e for e in entries if e.token == PROJECT_TOKEN and e.operation != "graphql:RoadmapSnapshot"
    ]
    board = board if not one_token else []
    return {
        "requests": len(entries),
        "issue_requests": len(entries) - len(board),
        "board_reads": sum(1 for e in board if not e.is_write),
        "board_mutation_requests": sum(1 for e in board if e.is_write),
        "modelled": modelled_seconds(entries),
    }


def measure(*, one_token: bool) -> dict[str, dict[str, float]]:
    """The four runs of the module's docstring, in one of the two token set-ups."""
    with tempfile.TemporaryDirectory() as tmp, FakeGitHubServer(validate_responses=False) as fake:
        set_up(fake, files={"README.md": README_TEXT})
        board = set_up_board(fake)
        first = run(fake, Path(tmp), one_token=one_token)
        again = run(fake, Path(tmp), one_token=one_token)
        own_card(fake, board, section=1)
        bigger = roadmap_with_a_new_section(Path(tmp))
        section = run(fake, Path(tmp), bigger, one_token=one_token)
    with tempfile.TemporaryDirectory() as tmp, FakeGitHubServer(validate_responses=False) as fake:
        set_up(fake, files={"README.md": README_TEXT})
        set_up_board(fake)
        path = Path(tmp) / "roadmap.yaml"
        path.write_text(dump_roadmap(generated(1000)), encoding="utf-8")
        run(fake, Path(tmp), path, one_token=one_token)
        thousand = run(fake, Path(tmp), path, one_token=one_token)
    return {
        "first sync": first,
        "no-op re-sync": again,
        "a new section": section,
        "1,000: no-op re-sync": thousand,
    }


def main() -> None:
    two = measure(one_token=False)
    one = measure(one_token=True)
    print(
        "| seed (168 items) with a board, two tokens | requests | issues, README, cards | "
        "board reads | board mutation requests | under GitHub's limits |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label in ("first sync", "no-op re-sync", "a new section"):
        r = two[label]
        print(
            f"| {label} | {r['requests']} | {r['issue_requests']} | {r['board_reads']} | "
            f"{r['board_mutation_requests']} | {r['modelled'] / 60:.1f} min |"
        )
    first = two["first sync"]["modelled"]
    verdict = "within" if first <= TARGET_SECONDS else "OVER"
    print(f"\nfirst sync: {first:.0f} s modelled, {verdict} the 4-minute target")
    print(
        "\n| with a board | requests, one token | requests, two tokens | before issue 13 "
        "| issue 13's goal |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for label in two:
        print(
            f"| {label} | {one[label]['requests']} | {two[label]['requests']} | "
            f"{BEFORE[label]} | {GOAL.get(label, '-')} |"
        )


def roadmap_with_a_new_section(workdir: Path) -> Path:
    seed = load_roadmap(ROOT / "roadmap.yaml")
    items = (RoadmapItem("bench-one", "Bench one"), RoadmapItem("bench-two", "Bench two"))
    path = workdir / "roadmap.yaml"
    bigger = Roadmap(seed.title, (*seed.sections, Section("Benchmarks", items)))
    path.write_text(dump_roadmap(bigger), encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
