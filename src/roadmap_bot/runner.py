"""The jobs the commands run on GitHub: sync (issues, then the README), and the README
alone for an issue closed or reopened. Each returns a report for the step outputs and
the job summary; the CLI does the printing setup and the exit codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from roadmap_bot import plan as P
from roadmap_bot.checklist_line import ItemState
from roadmap_bot.errors import ReadmeError
from roadmap_bot.githubapi.client import NotFoundError
from roadmap_bot.githubapi.gateway import GitHubGateway
from roadmap_bot.model import Roadmap
from roadmap_bot.progress import Progress, compute_progress
from roadmap_bot.readme_commit import bring_readme_in_line
from roadmap_bot.sync import result_summary, run_sync

Echo = Callable[[str], None]
PAST = {ItemState.DONE: "ticked", ItemState.TODO: "unticked", ItemState.SKIPPED: "skipped"}


@dataclass
class JobReport:
    created: int = 0
    updated: int = 0
    closed: int = 0
    remaining: int = 0
    changes: list[str] = field(default_factory=list)
    progress: Progress | None = None

    def outputs(self) -> dict[str, object]:
        percent = self.progress.overall.whole_percent if self.progress else ""
        return {
            "created": self.created,
            "updated": self.updated,
            "closed": self.closed,
            "remaining": self.remaining,
            "progress": percent,
        }


def sync_job(
    roadmap: Roadmap,
    gateway: GitHubGateway,
    echo: Echo,
    *,
    dry_run: bool,
    max_writes: int | None,
    progress: Callable[[int, int, P.Action], None] | None = None,
) -> JobReport:
    outcome = run_sync(
        roadmap, gateway, gateway, echo, dry_run=dry_run, max_writes=max_writes, progress=progress
    )
    report = JobReport()
    if outcome.result is None:
        counts = outcome.plan.counts()
        report.remaining = counts["create"] + counts["update"] + counts["close"]
        return report
    result = outcome.result
    echo(result_summary(result))
    report.created = result.counts["create"]
    report.updated = result.counts["update"]
    report.closed = result.counts["close"]
    report.remaining = result.remaining
    report.changes = [
        f"{n} {what}" for what, n in (("created", report.created), ("updated", report.updated)) if n
    ]
    if report.closed:
        report.changes.append(f"{report.closed} closed (removed from roadmap.yaml)")
    readme = readme_job(roadmap, gateway, echo)
    report.changes += readme.changes
    report.progress = readme.progress
    return report


def readme_job(roadmap: Roadmap, gateway: GitHubGateway, echo: Echo) -> JobReport:
    """The README brought in line with every roadmap issue (never just the one that fired)."""
    report = JobReport()
    try:
        outcome = bring_readme_in_line(roadmap, gateway, gateway.readme_path, echo)
    except NotFoundError:
        echo(f"{gateway.readme_path} is not in the repository: no ticks to keep")
        return report
    except ReadmeError as error:
        if "no roadmap checklist markers" in str(error):
            echo(f"{gateway.readme_path} has no roadmap checklist: no ticks to keep")
            return report
        raise
    result = outcome.reconciliation
    report.progress = compute_progress(roadmap, result.states)
    report.changes = [
        f"{box.title}: {PAST[box.after]} in {gateway.readme_path}" for box in result.box_changes
    ]
    report.changes += [
        f"#{c.number} {'reopened' if c.state is ItemState.TODO else 'closed'}: its box was "
        f"changed by hand in {gateway.readme_path}"
        for c in result.issue_changes
    ]
    if outcome.committed:
        echo(f'{gateway.readme_path}: committed "{result.commit_message()}"')
    else:
        echo(f"{gateway.readme_path}: already in line with the issues")
    return report
