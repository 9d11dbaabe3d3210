"""Commands on the local files: validate, list, render, import, init, check, uncheck,
next."""

import difflib
import json
import os
import re
import sys
from importlib import resources
from pathlib import Path

import click

from roadmap_bot.cli.options import pages_url_from, readme_option, roadmap_option
from roadmap_bot.errors import (
    EXIT_OUT_OF_DATE,
    ItemNotFoundError,
    RoadmapBotError,
)
from roadmap_bot.readme.adopt import (
    ACTION_PLACEHOLDER,
    WORKFLOW_PATH,
    Adoption,
    adopt,
    learner_workflow,
)
from roadmap_bot.readme.importer import import_readme
from roadmap_bot.readme.progress import (
    refresh_progress_block,
)
from roadmap_bot.readme.render import read_states, set_item_state, states_for, update_readme
from roadmap_bot.roadmap import listing, next_up
from roadmap_bot.roadmap.file import dump_roadmap, load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.text import did_you_mean, plural
from roadmap_bot.textfile import read_text, write_text


@click.command()
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
    sections = plural(len(roadmap.sections), "section")
    click.echo(f"{roadmap_path}: OK ({sections}, {plural(count, 'item')})")


@click.command(name="list")
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


@click.command()
@roadmap_option
@readme_option
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 when the README is out of date."
)
def render(roadmap_path: Path, readme_path: Path, check: bool) -> None:
    """Write the checklist of roadmap.yaml into README.md, keeping every tick.

    Only the parts between the roadmap-bot markers change: the checklist, and the
    progress block when the README has one. $ROADMAP_PAGES_URL, when set, is the
    progress page the block links to (empty: no link); unset, the block keeps its link.

    \b
    Examples:
      roadmap-bot render
      roadmap-bot render --check     # in CI: fails when README.md is out of date
    """
    roadmap = load_roadmap(roadmap_path)
    old = read_text(readme_path)
    new = render_readme(old, roadmap, str(readme_path), pages_url_from(os.environ))
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


@click.command(name="import")
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
    for warning in imported.warnings:
        click.echo(f"warning: {warning}", err=True)
    text = dump_roadmap(imported.roadmap)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise RoadmapBotError(f"{output} exists; pass --force to overwrite it")
    write_text(output, text)
    count = len(imported.roadmap)
    click.echo(f"{output}: {len(imported.roadmap.sections)} sections, {count} items", err=True)


def render_readme(text: str, roadmap: Roadmap, filename: str, page_url: str | None = None) -> str:
    """The checklist rendered from roadmap.yaml, and the progress block to match."""
    text = update_readme(text, roadmap, filename)
    states = states_for(roadmap, read_states(text))
    return refresh_progress_block(text, roadmap, states, filename, page_url)


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


@click.command()
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


@click.command()
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


ACTION_RE = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[A-Za-z0-9_.-]+")
INIT_NEXT = """Next:
  1. Look at the result (`git diff`); tailor roadmap.yaml if you like, then `roadmap-bot render`.
{action}  {n}. Commit and push; in the fork on GitHub enable Issues (Settings) and Actions
     (the Actions tab), then run the Roadmap workflow once: it creates one issue per item,
     the finished ones closed (docs/roadmap-format.md, "From any checklist")."""
INIT_ACTION = (
    "  2. In {workflow}, replace {placeholder} with the roadmap-bot action's\n"
    "     repository and commit (docs/action.md), or run init again with --action.\n"
)


@click.command()
@readme_option
@roadmap_option
@click.option(
    "--action",
    default=ACTION_PLACEHOLDER,
    show_default=True,
    help="The roadmap-bot action for the workflow, OWNER/REPOSITORY@COMMIT-SHA.",
)
@click.option("--force", is_flag=True, help="Replace an existing roadmap.yaml.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def init(readme_path: Path, roadmap_path: Path, action: str, force: bool, dry_run: bool) -> None:
    """Turn the checklist README of a fork into a tracked roadmap, ticks kept.

    Run in the root of the fork. Writes roadmap.yaml from the README's checklist, puts
    the checklist back in place rendered from it (between roadmap-bot markers, every
    other line kept), adds a progress block above it, and writes the workflow
    (.github/workflows/roadmap.yml) when there is none. A ticked box is done, a ticked
    and struck one skipped: the first sync creates their issues closed. Run twice, the
    second run changes nothing.

    \b
    Examples:
      roadmap-bot init --dry-run
      roadmap-bot init --action octocat/roadmap-bot@<commit-sha>
    """
    if not ACTION_RE.fullmatch(action):
        raise RoadmapBotError(
            f"--action {action!r} does not name an action: use OWNER/REPOSITORY@COMMIT-SHA"
        )
    old = read_text(readme_path)
    adoption = adopt(old, str(readme_path))
    roadmap_exists = roadmap_path.exists()
    if adoption.replaced is not None and roadmap_exists and not force:
        raise RoadmapBotError(
            f"{roadmap_path} exists but {readme_path} has no roadmap-bot markers: pass "
            f"--force to replace {roadmap_path} with the README's checklist"
        )
    workflow = Path(WORKFLOW_PATH)
    writes: list[tuple[Path, str]] = []
    if adoption.readme_text != old:
        writes.append((readme_path, adoption.readme_text))
    if not roadmap_exists or adoption.replaced is not None:
        writes.append((roadmap_path, adoption.roadmap_text))
    if not workflow.exists():
        writes.append((workflow, learner_workflow(_workflow_template(), action)))
    for warning in adoption.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not writes:
        click.echo(
            f"{readme_path} is tracked already ({roadmap_path}, markers, {workflow}): nothing to do"
        )
        return
    _report_init(adoption, readme_path, roadmap_path, writes, dry_run=dry_run)
    if dry_run:
        diff = difflib.unified_diff(
            old.splitlines(keepends=True),
            adoption.readme_text.splitlines(keepends=True),
            str(readme_path),
            f"{readme_path} (after init)",
        )
        click.echo("".join(diff), nl=False)
        return
    for path, text in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text)
    steps = INIT_ACTION.format(workflow=workflow, placeholder=ACTION_PLACEHOLDER)
    uses_placeholder = any(path == workflow for path, _ in writes) and action == ACTION_PLACEHOLDER
    click.echo(
        INIT_NEXT.format(action=steps if uses_placeholder else "", n=3 if uses_placeholder else 2)
    )


def _report_init(
    adoption: Adoption,
    readme_path: Path,
    roadmap_path: Path,
    writes: list[tuple[Path, str]],
    *,
    dry_run: bool,
) -> None:
    """What init does (or would do), in a few lines."""
    verb = "would write" if dry_run else "wrote"
    roadmap = adoption.roadmap
    done, skipped = adoption.count(ItemState.DONE), adoption.count(ItemState.SKIPPED)
    sections = plural(len(roadmap.sections), "section")
    click.echo(
        f"{readme_path}: {plural(len(roadmap), 'item')} in {sections}, "
        f"{done} done and {skipped} skipped"
    )
    for path, _ in writes:
        if path == readme_path and adoption.replaced is not None:
            first, last = adoption.replaced
            click.echo(
                f"  {verb} {path}: lines {first}-{last} replaced by the checklist rendered "
                "from roadmap.yaml (ticks kept), a progress block added; every other line kept"
            )
        elif path == roadmap_path:
            click.echo(f"  {verb} {path}: the roadmap, one item per box")
        else:
            click.echo(f"  {verb} {path}")
    if dry_run:
        click.echo("Dry run: nothing written. The README would change as follows:")


def _workflow_template() -> str:
    return (resources.files("roadmap_bot") / "templates" / "learner-workflow.yml").read_text(
        encoding="utf-8"
    )


@click.command(name="next")
@roadmap_option
@readme_option
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many items to show.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def next_command(roadmap_path: Path, readme_path: Path, count: int, output_format: str) -> None:
    """Show what to learn next: open items whose requirements are all done or skipped.

    Most important first, easier first among equals, roadmap order last. The states are
    the README's ticks; nothing is written and GitHub is not asked.

    \b
    Examples:
      roadmap-bot next
      roadmap-bot next --count 10 --format json
    """
    roadmap = load_roadmap(roadmap_path)
    states = states_for(roadmap, read_states(read_text(readme_path)))
    ready = next_up.ready_items(roadmap, states)
    shown = ready[:count]
    if output_format == "json":
        records = {"ready": len(ready), "items": next_up.as_records(shown)}
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        click.echo(next_up.as_text(shown, len(ready)), nl=False)
