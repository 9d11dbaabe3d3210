"""`roadmap-bot site`: the progress page, from the files offline, with the issues' numbers,
links and close dates when it may read GitHub (one paginated listing, as sync makes)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path

import click

from roadmap_bot.cli.build import build_gateway, require_token
from roadmap_bot.cli.options import readme_option, roadmap_option
from roadmap_bot.clock import Clock, SystemClock
from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.issues.matching import match_issues
from roadmap_bot.readme.render import read_states, states_for
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.settings import GitHubSettings, github_settings
from roadmap_bot.site.page import PAGE_FILE, render_page
from roadmap_bot.site.view import IssueRef, page_view
from roadmap_bot.textfile import read_text, write_text

DEFAULT_SERVER_URL = "https://github.com"


def read_issue_refs(
    roadmap: Roadmap, settings: GitHubSettings, readme_path: Path, clock: Clock
) -> dict[str, IssueRef]:
    """Each item's issue: number, URL and close date, from one listing of the managed issues."""
    with GitHubClient(settings, clock) as client:
        listed = build_gateway(settings, client, readme_path).list_managed_issues()
    return {
        item_id: IssueRef(issue.number, issue.html_url, issue.closed_at)
        for item_id, issue in match_issues(roadmap, tuple(listed)).items()
    }


def repository_url(env: Mapping[str, str], repository: str) -> str:
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/")
    return f"{server}/{repository}"


@click.command(name="site")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write index.html into (made when missing).",
)
@roadmap_option
@readme_option
@click.option(
    "--repo",
    "repository",
    metavar="OWNER/NAME",
    help="Also read the issues (GITHUB_TOKEN): each card links to its issue, and the "
    "burn-up chart draws their close dates. Without it, offline.",
)
def site(out_dir: Path, roadmap_path: Path, readme_path: Path, repository: str | None) -> None:
    """Write the progress page: the roadmap as a map of what is done, and what is next.

    One self-contained index.html (no script, nothing fetched from anywhere), with the
    states of the README's boxes and the numbers `roadmap-bot progress` prints. The
    workflow publishes it to GitHub Pages when the variable ROADMAP_PAGES is true.

    \b
    Examples:
      roadmap-bot site --out _site
      GITHUB_TOKEN=... roadmap-bot site --out _site --repo octocat/roadmap
    """
    roadmap = load_roadmap(roadmap_path)
    states = states_for(roadmap, read_states(read_text(readme_path)))
    clock = SystemClock()
    issues: dict[str, IssueRef] = {}
    web_url = None
    if repository is not None:
        env = dict(os.environ)
        settings = github_settings(env, repository=repository)
        require_token(settings)
        issues = read_issue_refs(roadmap, settings, readme_path, clock)
        web_url = repository_url(env, settings.repository)
    today = datetime.datetime.fromtimestamp(clock.now(), datetime.timezone.utc).date()
    page = page_view(roadmap, states, issues, today, web_url)
    html = render_page(page)
    target = out_dir / PAGE_FILE
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_text(target, html)
    except OSError as error:
        raise RoadmapBotError(f"{target}: cannot write the page: {error.strerror}") from None
    overall = page.overall
    linked = f", {len(issues)} linked to their issues" if repository is not None else ""
    click.echo(
        f"{target}: {overall.total} items in {len(page.sections)} sections{linked}, "
        f"{overall.whole_percent}% finished ({len(html.encode()) // 1024} KB)"
    )
