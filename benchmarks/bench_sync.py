"""Requests and time of `roadmap-bot sync` against the fake GitHub (not part of the tests).

    python benchmarks/bench_sync.py            # seed, 1,000 and 5,000 items
    python benchmarks/bench_sync.py --quick    # seed only

Runs the installed command in a subprocess with --write-interval 0 against the fake
GitHub of tests/ on 127.0.0.1, and prints a markdown table: requests (reads, writes) and
seconds for a first sync and a no-op re-sync, the command's peak memory, and the time a
real run would take under GitHub's published limits. Then parse-and-plan time for 10,000
items and the requests one issue event costs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakegithub import FakeGitHubServer  # noqa: E402
from roadmap_bot.issues.observed import ObservedState  # noqa: E402
from roadmap_bot.issues.plan import plan  # noqa: E402
from roadmap_bot.readme.markers import CHECKLIST_END, CHECKLIST_START  # noqa: E402
from roadmap_bot.readme.render import update_readme  # noqa: E402
from roadmap_bot.roadmap.file import dump_roadmap, load_roadmap, parse_roadmap  # noqa: E402
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section  # noqa: E402
from syncing import modelled_seconds  # noqa: E402

REPO = "bench/roadmap"
TOKEN = "ghp_benchmarkToken000000000000000000001"
# Runs the command's entry point and records its peak memory (VmHWM: this process's own,
# unlike ru_maxrss, which a spawned child inherits from its parent).
MEASURED = """
import os, sys
from roadmap_bot.cli.main import main
sys.argv = ["roadmap-bot", *sys.argv[1:]]
try:
    main()
finally:
    with open("/proc/self/status") as status:
        hwm = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["BENCH_HWM_FILE"], "w") as out:
        out.write(hwm)
"""


def generated(items: int) -> Roadmap:
    """Sections of 20 top-level items, each a parent of four children (100 items)."""
    sections, count, n = [], 0, 0
    while count < items:
        section_items = []
        while len(section_items) < 20 and count < items:
            children = tuple(
                Item(
                    id=f"item-{n}-{c}",
                    title=f"Topic {n}.{c}",
                    difficulty=Difficulty.MEDIUM,
                    importance=1,
                )
                for c in range(min(4, items - count - 1))
            )
            section_items.append(
                Item(
                    id=f"item-{n}",
                    title=f"Topic {n}",
                    difficulty=Difficulty.EASY,
                    importance=n % 4,
                    description="Learn what it is, when to use it, and how.",
                    children=children,
                )
            )
            count += 1 + len(children)
            n += 1
        sections.append(Section(f"Section {len(sections) + 1}", tuple(section_items)))
    return Roadmap(f"Generated roadmap of {items} items", tuple(sections))


@dataclass
class Run:
    reads: int
    writes: int
    modelled: float  # seconds under GitHub's published limits
    seconds: float
    cpu_seconds: float
    peak_mib: float
    exit_code: int


def run_command(args: list[str], env: dict[str, str], fake: FakeGitHubServer) -> Run:
    fake.log.clear()
    with tempfile.NamedTemporaryFile("r", suffix=".hwm") as hwm:
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", MEASURED, *args],
            env={**os.environ, **env, "BENCH_HWM_FILE": hwm.name},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        peak_kib = int(Path(hwm.name).read_text() or 0)
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The command's own CPU time: wall time also holds the fake GitHub's work.
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    seconds = time.perf_counter() - started
    return Run(
        fake.log.reads,
        fake.log.writes,
        modelled_seconds(fake.log.entries),
        seconds,
        cpu,
        peak_kib / 1024,
        result.returncode,
    )


def bench_roadmap(name: str, roadmap: Roadmap) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, FakeGitHubServer(validate_responses=False) as fake:
        workdir = Path(tmp)
        (workdir / "roadmap.yaml").write_text(dump_roadmap(roadmap), encoding="utf-8")
        readme = update_readme(
            f"# {roadmap.title}\n\n{CHECKLIST_START}\n{CHECKLIST_END}\n", roadmap
        )
        fake.state.add_repo(REPO, files={"README.md": readme})
        fake.state.add_token(TOKEN, "bench", {REPO: "admin"}, rate_limit=10**9)
        env = {**fake.env(TOKEN, REPO), "ROADMAP_BOT_WRITE_INTERVAL": "0"}
        sync = ["sync", "--roadmap", str(workdir / "roadmap.yaml")]
        first = run_command(sync, env, fake)
        again = run_command(sync, env, fake)
        for label, run in (("first sync", first), ("no-op re-sync", again)):
            model = f"{run.modelled / 60:.1f} min" if run.writes else "0 s (no writes)"
            rows.append(
                f"| {name} | {label} | {run.reads} | {run.writes} | {run.seconds:.1f} | "
                f"{run.cpu_seconds:.1f} | "
                f"{run.peak_mib:.0f} | {model} |"
            )
            assert run.exit_code == 0, f"{name} {label} exited {run.exit_code}"
        # One issue event: close an issue, then the handler's requests.
        issue = next(i for i in fake.state.repo(REPO).issues.values() if not i.sub_issues)
        fake.state.update_issue(
            issue, fake.state.tokens[TOKEN], state="closed", state_reason="completed"
        )
        event = workdir / "event.json"
        event.write_text(
            json.dumps(
                {
                    "action": "closed",
                    "issue": {
                        "number": issue.number,
                        "title": issue.title,
                        "body": issue.body,
                        "state": "closed",
                        "state_reason": "completed",
                    },
                }
            )
        )
        tick = run_command(
            ["handle-event", "--roadmap", str(workdir / "roadmap.yaml")],
            {**env, "GITHUB_EVENT_NAME": "issues", "GITHUB_EVENT_PATH": str(event)},
            fake,
        )
        rows.append(
            f"| {name} | one issue event (tick) | {tick.reads} | {tick.writes} | "
            f"{tick.seconds:.1f} | {tick.cpu_seconds:.1f} | {tick.peak_mib:.0f} | "
            f"{tick.modelled:.0f} s |"
        )
    return rows


def parse_and_plan(items: int = 10_000) -> tuple[float, float]:
    text = dump_roadmap(generated(items))
    best_parse = best_plan = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        roadmap = parse_roadmap(text, "roadmap.yaml")
        parsed = time.perf_counter()
        plan(roadmap, ObservedState())
        best_parse = min(best_parse, parsed - started)
        best_plan = min(best_plan, time.perf_counter() - parsed)
    return best_parse, best_plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the seed only")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print()
    print(
        "| roadmap | run | reads | writes | seconds (write interval 0) | CPU seconds "
        "| peak MiB | under GitHub's limits |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    cases = [("seed (168 items)", load_roadmap(ROOT / "roadmap.yaml"))]
    if not args.quick:
        cases += [("1,000 items", generated(1000)), ("5,000 items", generated(5000))]
    for name, roadmap in cases:
        for row in bench_roadmap(name, roadmap):
            print(row, flush=True)
    parse, planned = parse_and_plan()
    print()
    print(
        f"parse 10,000 items: {parse:.2f} s; plan them: {planned:.2f} s; "
        f"together {parse + planned:.2f} s (target: under 1 s)"
    )


if __name__ == "__main__":
    main()
