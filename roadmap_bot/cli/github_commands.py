"""Commands that talk to GitHub: sync, handle-event, doctor, progress (--from-github)."""

import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import click

from roadmap_bot.board.settings import BoardSettings, board_settings
from roadmap_bot.cli.actions import ActionsEnv
from roadmap_bot.cli.build import build_board_job, build_client, build_gateway, require_token
from roadmap_bot.cli.doctor import doctor_inputs, run_doctor
from roadmap_bot.cli.options import (
    pages_url_from,
    project_options,
    readme_option,
    roadmap_option,
)
from roadmap_bot.cli.progress_bar import ProgressPrinter
from roadmap_bot.clock import SystemClock
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.projects import ProjectsGateway
from roadmap_bot.issues.matching import match_issues
from roadmap_bot.issues.observed import EMPTY_REPOSITORY
from roadmap_bot.issues.plan import plan
from roadmap_bot.issues.states import desired_states
from roadmap_bot.jobs.board_step import SKIPPED_MESSAGE
from roadmap_bot.jobs.event_payload import read_event_payload
from roadmap_bot.jobs.events import decide
from roadmap_bot.jobs.issues_step import print_plan
from roadmap_bot.jobs.report import JobReport
from roadmap_bot.jobs.runner import readme_job, sync_job
from roadmap_bot.readme.progress import (
    as_job_summary,
    as_json,
    as_markdown,
    as_text,
    compute_progress,
)
from roadmap_bot.readme.render import read_states, states_for
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.settings import GitHubSettings, github_settings
from roadmap_bot.text import plural
from roadmap_bot.textfile import read_text


def local_box_states(roadmap: Roadmap, readme_path: Path) -> dict[str, ItemState]:
    """The boxes of the checked-out README: what a sync creates closed when GitHub's copy
    cannot be read (a dry run reads none)."""
    if not readme_path.is_file():
        return {}
    return states_for(roadmap, read_states(read_text(readme_path)))


def finish_job(report: JobReport, actions: ActionsEnv, roadmap_title: str) -> None:
    actions.set_outputs(report.outputs())
    notice = report.stop_notice()
    if notice is not None:
        click.echo(notice)
    if report.progress is not None:
        actions.add_summary(
            as_job_summary(report.progress, report.changes, report.burnup, notice, report.next_up)
        )
    elif report.changes or notice:
        head = f"**{notice}**\n\n" if notice else ""
        lines = "".join(f"- {c}\n" for c in report.changes)
        actions.add_summary(f"## {roadmap_title}\n\n{head}{lines}")


def _run_sync(
    roadmap: Roadmap,
    settings: GitHubSettings,
    readme_path: Path,
    *,
    dry_run: bool,
    max_writes: int | None,
    board: BoardSettings | None = None,
) -> JobReport:
    actions = ActionsEnv.from_env(os.environ)
    with ExitStack() as stack:
        client = build_client(settings, stack)
        board_job = build_board_job(board or BoardSettings(), settings, client, stack)
        gateway = build_gateway(settings, client, readme_path, board_job)
        printer = ProgressPrinter(sys.stdout)
        started = time.monotonic()
        with actions.group("Sync roadmap.yaml to issues", click.echo):
            report = sync_job(
                roadmap,
                gateway,
                click.echo,
                readme_path=readme_path.as_posix(),
                dry_run=dry_run,
                max_writes=max_writes,
                progress=printer,
                board=board_job,
                page_url=pages_url_from(os.environ),
                readme_states=local_box_states(roadmap, readme_path),
            )
        printer.finish()
        stats = client.stats
        board_gateway = board_job.gateway if board_job is not None else None
        if isinstance(board_gateway, ProjectsGateway) and board_gateway.client is not client:
            board_stats = board_gateway.client.stats
            click.echo(
                f"GitHub requests with the board's token ({board_gateway.client.token_name}): "
                f"{plural(board_stats.reads, 'read')}, {plural(board_stats.writes, 'write')}"
            )
        click.echo(
            f"GitHub requests: {plural(stats.reads, 'read')}, {plural(stats.writes, 'write')}"
            f" in {time.monotonic() - started:.1f} s"
            f" (waited {stats.seconds_waited:.0f} s for GitHub)"
        )
    finish_job(report, actions, roadmap.title)
    return report


@click.command()
@roadmap_option
@readme_option
@click.option("--repo", "repository", metavar="OWNER/NAME", help="Default: $GITHUB_REPOSITORY.")
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option(
    "--max-writes",
    type=click.IntRange(min=0),
    help="Stop cleanly after this many writes; the next run goes on.",
)
@click.option(
    "--write-interval",
    type=click.FloatRange(min=0),
    help="Seconds between writes (default 1.0, or $ROADMAP_BOT_WRITE_INTERVAL).",
)
@project_options
def sync(
    roadmap_path: Path,
    readme_path: Path,
    repository: str | None,
    dry_run: bool,
    max_writes: int | None,
    write_interval: float | None,
    project: str | None,
    create_project: str | None,
) -> None:
    """Keep one GitHub issue per roadmap item, then the README's ticks, in step.

    Issues get labels for difficulty and importance, a milestone per section, and
    children become sub-issues. Only what differs is written; a run stopped by
    --max-writes or a rate limit is finished by the next one, with nothing duplicated.
    Then README.md on GitHub is brought in line with the issues (by commit), then the
    Projects board, when one is named: every issue a card with Difficulty, Importance,
    Section and Status (docs/board.md).

    Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_GRAPHQL_URL, and for
    the board ROADMAP_PROJECT, ROADMAP_CREATE_PROJECT and ROADMAP_PROJECT_TOKEN.
    Without a token, --dry-run plans against an empty repository, offline.

    \b
    Examples:
      roadmap-bot sync --dry-run
      GITHUB_TOKEN=... roadmap-bot sync --repo octocat/roadmap
      roadmap-bot sync --project https://github.com/users/octocat/projects/1
    """
    roadmap = load_roadmap(roadmap_path)
    env = dict(os.environ)
    # Checked first: a mistyped --project is an error, with a token or without.
    board = board_settings(
        env, project=project, create_project=create_project, default_title=roadmap.title
    )
    if dry_run and not env.get("GITHUB_TOKEN"):
        click.echo("No GITHUB_TOKEN: planning against an empty repository, offline.")
        states = local_box_states(roadmap, readme_path)
        print_plan(plan(roadmap, EMPTY_REPOSITORY, states), click.echo, header="Plan (dry run)")
        click.echo(
            f"Board {board.describe()}: not read offline (it needs a token)"
            if board.enabled
            else SKIPPED_MESSAGE
        )
        return
    settings = github_settings(env, repository=repository, write_interval=write_interval)
    require_token(settings)
    _run_sync(roadmap, settings, readme_path, dry_run=dry_run, max_writes=max_writes, board=board)


@click.command(name="handle-event")
@roadmap_option
@readme_option
@click.option("--dry-run", is_flag=True, help="For sync events: print the plan, write nothing.")
@click.option("--max-writes", type=click.IntRange(min=0), help="As for sync.")
@project_options
def handle_event(
    roadmap_path: Path,
    readme_path: Path,
    dry_run: bool,
    max_writes: int | None,
    project: str | None,
    create_project: str | None,
) -> None:
    """Do what a GitHub Actions event asks: the action's entry point.

    Reads GITHUB_EVENT_NAME and GITHUB_EVENT_PATH. push, workflow_dispatch and schedule
    run sync; an issue of the roadmap closed or reopened brings README.md in line with
    all roadmap issues (ticked, struck through when closed as not planned, or unticked),
    and moves the issue's card on the board, when one is named (Done on close, Todo on
    reopen); anything else is noted and ignored.

    \b
    Example (what the workflow runs):
      GITHUB_EVENT_NAME=issues GITHUB_EVENT_PATH=event.json roadmap-bot handle-event
    """
    env = dict(os.environ)
    decision = decide(env.get("GITHUB_EVENT_NAME", ""), read_event_payload(env))
    click.echo(decision.reason)
    if decision.kind == "ignore":
        return
    roadmap = load_roadmap(roadmap_path)
    settings = github_settings(env)
    require_token(settings)
    board = board_settings(
        env, project=project, create_project=create_project, default_title=roadmap.title
    )
    if decision.kind == "sync":
        _run_sync(
            roadmap, settings, readme_path, dry_run=dry_run, max_writes=max_writes, board=board
        )
        return
    actions = ActionsEnv.from_env(env)
    number = decision.issue_number
    reopened = (number,) if decision.action == "reopened" and number is not None else ()
    with ExitStack() as stack:
        client = build_client(settings, stack)
        board_job = build_board_job(board, settings, client, stack)
        gateway = build_gateway(settings, client, readme_path, board_job)
        with actions.group(f"Bring {readme_path} in line with the issues", click.echo):
            report = readme_job(
                roadmap,
                gateway,
                click.echo,
                readme_path=readme_path.as_posix(),
                board=board_job,
                reopened=reopened,
                page_url=pages_url_from(env),
            )
    finish_job(report, actions, roadmap.title)


@click.command()
@roadmap_option
@readme_option
@click.option("--repo", "repository", metavar="OWNER/NAME", help="Default: $GITHUB_REPOSITORY.")
@click.option(
    "--dry-run", is_flag=True, help="Check for a dry run: no token or write access needed."
)
@project_options
def doctor(
    roadmap_path: Path,
    readme_path: Path,
    repository: str | None,
    dry_run: bool,
    project: str | None,
    create_project: str | None,
) -> None:
    """Check that everything is in place, and say what to fix.

    In order: the token is set and valid, the repository is visible, Issues are enabled,
    the token can write issues and contents, the board opens with its token (--project or
    ROADMAP_PROJECT, ROADMAP_PROJECT_TOKEN), roadmap.yaml is valid, README.md has the
    checklist markers.
    Reads the same environment as sync; writes nothing. Exit code 2 when a check fails
    (3 when GitHub could not answer). The action runs it first.

    \b
    Examples:
      roadmap-bot doctor
      GITHUB_TOKEN=... roadmap-bot doctor --repo octocat/roadmap
    """
    inputs = doctor_inputs(
        dict(os.environ),
        roadmap_path=roadmap_path,
        readme_path=readme_path,
        repository=repository,
        project=project,
        create_project=create_project,
        dry_run=dry_run,
    )
    report = run_doctor(inputs, SystemClock(), click.echo, ActionsEnv.from_env(os.environ))
    sys.exit(report.exit_code)


@click.command(name="progress")
@roadmap_option
@readme_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--from-github",
    is_flag=True,
    help="Count from the issues on GitHub (GITHUB_TOKEN, GITHUB_REPOSITORY), not the README.",
)
@click.option(
    "--repo",
    "repository",
    metavar="OWNER/NAME",
    help="With --from-github; default: $GITHUB_REPOSITORY.",
)
def progress_command(
    roadmap_path: Path,
    readme_path: Path,
    output_format: str,
    from_github: bool,
    repository: str | None,
) -> None:
    """Show progress by section, difficulty and importance.

    Skipped items count as progress, as on roadmap.sh, and are shown apart.

    \b
    Examples:
      roadmap-bot progress
      roadmap-bot progress --format json
      GITHUB_TOKEN=... roadmap-bot progress --from-github --repo octocat/roadmap
    """
    roadmap = load_roadmap(roadmap_path)
    if from_github:
        settings = github_settings(dict(os.environ), repository=repository)
        require_token(settings)
        with GitHubClient(settings, SystemClock()) as client:
            gateway = build_gateway(settings, client, readme_path)
            issues = match_issues(roadmap, tuple(gateway.list_managed_issues()))
        states = desired_states(roadmap, issues)
    else:
        states = states_for(roadmap, read_states(read_text(readme_path)))
    progress = compute_progress(roadmap, states)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[output_format]
    click.echo(render(progress), nl=False)
