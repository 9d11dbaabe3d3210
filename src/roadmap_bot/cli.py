"""The `roadmap-bot` command: parses options, wires the parts, turns errors into exit codes.

No logic lives here: each command calls the library and prints what it returns.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

import click

from roadmap_bot import listing
from roadmap_bot.actions import ActionsEnv
from roadmap_bot.board_settings import BoardSettings, board_settings
from roadmap_bot.board_sync import SKIPPED_MESSAGE, BoardJob
from roadmap_bot.checklist_line import ItemState
from roadmap_bot.clock import SystemClock
from roadmap_bot.doctor import doctor_inputs, run_doctor
from roadmap_bot.errors import (
    EXIT_BAD_INPUT,
    EXIT_OUT_OF_DATE,
    GitHubError,
    InputFileError,
    ItemNotFoundError,
    RoadmapBotError,
)
from roadmap_bot.event_payload import read_event_payload
from roadmap_bot.events import decide
from roadmap_bot.githubapi.client import TOKEN_MISSING_MESSAGE, GitHubClient
from roadmap_bot.githubapi.gateway import GitHubGateway
from roadmap_bot.githubapi.projects import ProjectsGateway
from roadmap_bot.item_states import desired_states
from roadmap_bot.model import Roadmap
from roadmap_bot.observed import ObservedState
from roadmap_bot.plan import match_issues, plan
from roadmap_bot.progress import (
    as_job_summary,
    as_json,
    as_markdown,
    as_text,
    compute_progress,
    refresh_progress_block,
)
from roadmap_bot.progress_bar import ProgressPrinter
from roadmap_bot.readme_import import import_readme
from roadmap_bot.readme_render import read_states, set_item_state, states_for, update_readme
from roadmap_bot.roadmap_file import dump_roadmap, load_roadmap
from roadmap_bot.runner import JobReport, readme_job, sync_job
from roadmap_bot.settings import GitHubSettings, github_settings
from roadmap_bot.suggest import did_you_mean
from roadmap_bot.sync import print_plan
from roadmap_bot.textfile import read_text, write_text

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INTERNAL = 70


class _Group(click.Group):
    """Turns the project's errors into a message on stderr and an exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapBotError as error:
            if isinstance(error, InputFileError):
                # FILE:LINE:COLUMN lines, for editors; in GitHub Actions each problem is also
                # an annotation on its file and line.
                click.echo(str(error), err=True)
                ActionsEnv.from_env(os.environ).annotate(error.problems, click.echo)
            else:
                click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `roadmap-bot list | head`): not an error of ours.
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            if os.environ.get("ROADMAP_BOT_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in roadmap-bot; set ROADMAP_BOT_DEBUG=1 for the traceback.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def roadmap_option(function: F) -> F:
    return click.option(
        "--roadmap",
        "roadmap_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default="roadmap.yaml",
        show_default=True,
        help="The roadmap file.",
    )(function)


def readme_option(function: F) -> F:
    return click.option(
        "--readme",
        "readme_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default="README.md",
        show_default=True,
        help="The README holding the checklist.",
    )(function)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="roadmap-bot")
def main() -> None:
    """Turn a learning roadmap into GitHub issues, and tick the README as they close."""


@main.command()
@roadmap_option
def validate(roadmap_path: Path) -> None:
    """Check roadmap.yaml and report every problem at once.

    Each problem reads FILE:LINE:COLUMN: where: what is wrong. Exit code 2 when any.

    \b
    Example:
      roadmap-bot validate --roadmap roadmap.yaml
    """
    roadmap = load_roadmap(roadmap_path)
    count = len(roadmap)
    click.echo(f"{roadmap_path}: OK ({len(roadmap.sections)} sections, {count} items)")


@main.command(name="list")
@roadmap_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def list_items(roadmap_path: Path, output_format: str) -> None:
    """Print every item in file order.

    \b
    Example:
      roadmap-bot list --format json
    """
    roadmap = load_roadmap(roadmap_path)
    if output_format == "json":
        click.echo(json.dumps(listing.as_records(roadmap), ensure_ascii=False, indent=2))
    else:
        click.echo(listing.as_table(roadmap))


@main.command()
@roadmap_option
@readme_option
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 when the README is out of date."
)
def render(roadmap_path: Path, readme_path: Path, check: bool) -> None:
    """Write the checklist of roadmap.yaml into README.md, keeping every tick.

    Only the parts between the roadmap-bot markers change: the checklist, and the
    progress block when the README has one.

    \b
    Examples:
      roadmap-bot render
      roadmap-bot render --check     # in CI: fails when README.md is out of date
    """
    roadmap = load_roadmap(roadmap_path)
    old = read_text(readme_path)
    new = render_readme(old, roadmap, str(readme_path))
    if new == old:
        click.echo(f"{readme_path} is up to date with {roadmap_path}")
        return
    if check:
        click.echo(
            f"{readme_path} is out of date with {roadmap_path}: run `roadmap-bot render`",
            err=True,
        )
        sys.exit(EXIT_OUT_OF_DATE)
    write_text(readme_path, new)
    click.echo(f"{readme_path}: checklist rendered from {roadmap_path}")


@main.command(name="import")
@click.argument("readme", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write roadmap.yaml here instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def import_command(readme: Path, output: Path | None, force: bool) -> None:
    """Turn a roadmap README's checklist into roadmap.yaml.

    Reads 🟢 🟡 🔴 and ⭐ marks, and also the damaged encoding of the seed README.

    \b
    Example:
      roadmap-bot import README.md -o roadmap.yaml
    """
    imported = import_readme(read_text(readme), str(readme))
    text = dump_roadmap(imported.roadmap)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise RoadmapBotError(f"{output} exists; pass --force to overwrite it")
    write_text(output, text)
    count = len(imported.roadmap)
    click.echo(f"{output}: {len(imported.roadmap.sections)} sections, {count} items", err=True)


def render_readme(text: str, roadmap: Roadmap, filename: str) -> str:
    """The checklist rendered from roadmap.yaml, and the progress block to match."""
    text = update_readme(text, roadmap, filename)
    states = states_for(roadmap, read_states(text))
    return refresh_progress_block(text, roadmap, states, filename)


def _set_state(roadmap_path: Path, readme_path: Path, item_id: str, state: ItemState) -> None:
    roadmap = load_roadmap(roadmap_path)
    items = roadmap.items_by_id()
    if item_id not in items:
        hint = did_you_mean(item_id, items)
        raise ItemNotFoundError(f"{roadmap_path}: no item with id '{item_id}'{hint}")
    title = items[item_id].item.title
    change = set_item_state(read_text(readme_path), item_id, state, str(readme_path))
    verb = {ItemState.DONE: "ticked", ItemState.TODO: "unticked", ItemState.SKIPPED: "skipped"}
    if not change.changed:
        click.echo(f"'{title}' is already {verb[state]} in {readme_path}; nothing changed")
        return
    write_text(readme_path, change.text)
    click.echo(f"{readme_path}:{change.line}: {verb[state]} '{title}'")


@main.command()
@click.argument("item_id")
@readme_option
@roadmap_option
@click.option("--skip", is_flag=True, help="Mark the item skipped (struck through) instead.")
def check(item_id: str, readme_path: Path, roadmap_path: Path, skip: bool) -> None:
    """Tick one item's checkbox in the README; exactly one line changes.

    \b
    Example:
      roadmap-bot check docker-basics
    """
    _set_state(roadmap_path, readme_path, item_id, ItemState.SKIPPED if skip else ItemState.DONE)


@main.command()
@click.argument("item_id")
@readme_option
@roadmap_option
def uncheck(item_id: str, readme_path: Path, roadmap_path: Path) -> None:
    """Untick one item's checkbox in the README; exactly one line changes.

    \b
    Example:
      roadmap-bot uncheck docker-basics
    """
    _set_state(roadmap_path, readme_path, item_id, ItemState.TODO)


def _require_token(settings: GitHubSettings) -> None:
    """Fail at once, not after the first requests, when GitHub would need a token."""
    if settings.token is None:
        raise GitHubError(TOKEN_MISSING_MESSAGE.format(token_name="GITHUB_TOKEN"))


def _gateway(settings: GitHubSettings, client: GitHubClient, readme_path: Path) -> GitHubGateway:
    return GitHubGateway(client, settings.owner, settings.name, readme_path=readme_path.as_posix())


def _finish_job(report: JobReport, actions: ActionsEnv, roadmap_title: str) -> None:
    actions.set_outputs(report.outputs())
    if report.progress is not None:
        actions.add_summary(as_job_summary(report.progress, report.changes))
    elif report.changes:
        actions.add_summary(f"## {roadmap_title}\n\n" + "".join(f"- {c}\n" for c in report.changes))


def project_options(function: F) -> F:
    function = click.option(
        "--create-project",
        metavar="TITLE",
        help="Find the owner's board of this title, or create it (linked to the repository). "
        "Default: $ROADMAP_CREATE_PROJECT.",
    )(function)
    return click.option(
        "--project",
        metavar="URL|OWNER/NUMBER",
        help="The Projects board to keep in step (https://github.com/users/NAME/projects/N). "
        "Default: $ROADMAP_PROJECT; token: $ROADMAP_PROJECT_TOKEN, else $GITHUB_TOKEN.",
    )(function)


def _board_job(
    board: BoardSettings, settings: GitHubSettings, client: GitHubClient, stack: ExitStack
) -> BoardJob | None:
    """The board's job: through a client of its own when it has a token of its own."""
    if not board.enabled:
        return None
    if board.own_token:
        board_settings_ = dataclasses.replace(settings, token=board.token)
        client = stack.enter_context(
            GitHubClient(board_settings_, SystemClock(), token_name=board.token_name)
        )
    return BoardJob(board, ProjectsGateway(client, settings.repository), settings.owner)


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
        client = stack.enter_context(GitHubClient(settings, SystemClock()))
        board_job = _board_job(board or BoardSettings(), settings, client, stack)
        gateway = _gateway(settings, client, readme_path)
        printer = ProgressPrinter(sys.stdout)
        started = time.monotonic()
        with actions.group("Sync roadmap.yaml to issues", click.echo):
            report = sync_job(
                roadmap,
                gateway,
                click.echo,
                dry_run=dry_run,
                max_writes=max_writes,
                progress=printer,
                board=board_job,
            )
        printer.finish()
        stats = client.stats
        board_gateway = board_job.gateway if board_job is not None else None
        if isinstance(board_gateway, ProjectsGateway) and board_gateway.client is not client:
            board_stats = board_gateway.client.stats
            click.echo(
                f"GitHub requests for the board ({board_gateway.client.token_name}): "
                f"{board_stats.reads} reads, {board_stats.writes} writes"
            )
        click.echo(
            f"GitHub requests: {stats.reads} reads, {stats.writes} writes"
            f" in {time.monotonic() - started:.1f} s"
            f" (waited {stats.seconds_waited:.0f} s for GitHub)"
        )
    _finish_job(report, actions, roadmap.title)
    return report


@main.command()
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
        print_plan(plan(roadmap, ObservedState()), click.echo, header="Plan (dry run)")
        click.echo(
            f"Board {board.describe()}: not read offline (it needs a token)"
            if board.enabled
            else SKIPPED_MESSAGE
        )
        return
    settings = github_settings(env, repository=repository, write_interval=write_interval)
    _require_token(settings)
    _run_sync(roadmap, settings, readme_path, dry_run=dry_run, max_writes=max_writes, board=board)


@main.command(name="handle-event")
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
    _require_token(settings)
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
        client = stack.enter_context(GitHubClient(settings, SystemClock()))
        board_job = _board_job(board, settings, client, stack)
        gateway = _gateway(settings, client, readme_path)
        with actions.group(f"Bring {readme_path} in line with the issues", click.echo):
            report = readme_job(roadmap, gateway, click.echo, board=board_job, reopened=reopened)
    _finish_job(report, actions, roadmap.title)


@main.command()
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


@main.command(name="progress")
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
        _require_token(settings)
        with GitHubClient(settings, SystemClock()) as client:
            gateway = _gateway(settings, client, readme_path)
            issues = match_issues(roadmap, tuple(gateway.list_managed_issues()))
        states = desired_states(roadmap, issues)
    else:
        states = states_for(roadmap, read_states(read_text(readme_path)))
    progress = compute_progress(roadmap, states)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[output_format]
    click.echo(render(progress), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["EXIT_BAD_INPUT", "main"]
