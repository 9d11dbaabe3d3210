"""After `init`, the first sync creates the issues of finished items closed, against the
fake GitHub over HTTP: ticked ones completed, ticked and struck ones not planned; the
README keeps its ticks, and a sync stopped between creating and closing an issue loses
nothing."""

from __future__ import annotations

import re

from fakegithub import FakeGitHubServer
from roadmap_bot.githubapi.repo_gateway import GitHubGateway
from roadmap_bot.issues.body import marker_id
from roadmap_bot.jobs.runner import sync_job
from roadmap_bot.readme.adopt import Adoption, adopt
from roadmap_bot.readme.render import read_recorded, read_states
from roadmap_bot.roadmap.states import ItemState
from syncing import REPO, ROOT, client_for, set_up

CHECKLIST = ROOT / "tests" / "data" / "checklists" / "api-security-checklist" / "README.md"


def learner_copy() -> Adoption:
    """A learner's fork of the real API security checklist (MIT): four boxes ticked, the
    fifth ticked and struck through, by hand, before `init`."""
    text = CHECKLIST.read_text(encoding="utf-8")
    boxes = iter(["- [x]"] * 4 + ["- [x] ~~"])
    ticked = re.sub(r"^- \[ \] ", lambda m: next(boxes, m.group()[:-1]) + " ", text, flags=re.M)
    ticked = ticked.replace("~~ ", "~~", 1)
    line = next(x for x in ticked.splitlines() if x.startswith("- [x] ~~"))
    ticked = ticked.replace(line, line + "~~", 1)
    return adopt(ticked)


def run(fake: FakeGitHubServer, adoption: Adoption) -> list[str]:
    lines: list[str] = []
    with client_for(fake) as client:
        sync_job(
            adoption.roadmap,
            GitHubGateway(client, *REPO.split("/")),
            lines.append,
            readme_path="README.md",
            dry_run=False,
            max_writes=None,
        )
    return lines


def issues_by_item(fake: FakeGitHubServer) -> dict[str, tuple[str, str | None]]:
    issues = fake.state.repo(REPO).issues.values()
    return {marker_id(i.body) or "": (i.state, i.state_reason) for i in issues}


def readme_on_github(fake: FakeGitHubServer) -> str:
    return fake.state.repo(REPO).files["README.md"].decode("utf-8")


def expected(adoption: Adoption) -> dict[str, tuple[str, str | None]]:
    shown = {
        ItemState.TODO: ("open", None),
        ItemState.DONE: ("closed", "completed"),
        ItemState.SKIPPED: ("closed", "not_planned"),
    }
    return {item_id: shown[state] for item_id, state in adoption.states.items()}


def test_the_first_sync_creates_finished_items_closed(fake_github: FakeGitHubServer) -> None:
    adoption = learner_copy()
    assert adoption.count(ItemState.DONE) == 4
    assert adoption.count(ItemState.SKIPPED) == 1
    set_up(fake_github, files={"README.md": adoption.readme_text})
    run(fake_github, adoption)
    assert issues_by_item(fake_github) == expected(adoption)
    readme = readme_on_github(fake_github)
    assert read_states(readme) == adoption.states
    # The README now records what GitHub agreed to; the next sync changes nothing.
    assert read_recorded(readme) == adoption.states
    lines = run(fake_github, adoption)
    assert f"Plan: {len(adoption.states)} issues unchanged" in lines  # nothing to write
    assert readme_on_github(fake_github) == readme


def test_a_sync_stopped_before_closing_loses_no_tick(fake_github: FakeGitHubServer) -> None:
    adoption = learner_copy()
    set_up(fake_github, files={"README.md": adoption.readme_text})
    # Every issue update is refused for an hour: the first finished item's issue is
    # created, then its close is stopped, and so is the README step's.
    fake_github.faults.secondary_rate_limit(retry_after=3600, method="PATCH", times=None)
    run(fake_github, adoption)
    created = issues_by_item(fake_github)
    assert len(created) == 1
    (state,) = created.values()
    assert state == ("open", None)
    assert read_states(readme_on_github(fake_github)) == adoption.states
    fake_github.faults.clear()
    run(fake_github, adoption)
    assert issues_by_item(fake_github) == expected(adoption)
    assert read_states(readme_on_github(fake_github)) == adoption.states
