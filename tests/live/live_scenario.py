"""The live test's scenario, run by test_live_github.py against the real GitHub and
rehearsed by test_live_helpers.py against the fake GitHub (tests/fakegithub), so that the
scenario itself is known to be right before a token ever runs it.

The installed `roadmap-bot` does the work, in subprocesses; the checks read GitHub through
the test's own client (live_support.GitHub).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from live_support import (
    NEW_TITLE,
    README,
    REMOVED_ID,
    REMOVED_LABEL,
    RENAMED_ID,
    ROADMAP_V1,
    ROADMAP_V2,
    GitHub,
    IssueState,
    LiveConfig,
    by_item,
    command_env,
    eventually,
    expected_boxes,
    expected_cards,
    expected_issues,
    issues_payload,
    own_box,
    parse_outputs,
    request_counts,
)

from roadmap_bot.issues.body import marker_id
from roadmap_bot.readme.render import read_recorded, read_states
from roadmap_bot.roadmap.file import parse_roadmap
from roadmap_bot.roadmap.model import Roadmap

EXE = shutil.which("roadmap-bot", path=str(Path(sys.executable).parent)) or "roadmap-bot"
OPEN: IssueState = ("open", None)


@dataclass
class Scratch:
    """The scratch repository, the roadmap file on this machine, and the bot's runs."""

    config: LiveConfig
    github: GitHub
    folder: Path
    # More environment for each run (the rehearsal: no pause between writes).
    extra_env: dict[str, str] = field(default_factory=dict)
    timeout: float = 900.0
    runs: int = 0

    @property
    def board(self) -> bool:
        return self.config.board is not None

    def write_roadmap(self, text: str) -> Roadmap:
        (self.folder / "roadmap.yaml").write_text(text, encoding="utf-8")
        return parse_roadmap(text, "roadmap.yaml")

    def bot(self, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], dict]:
        """Run `roadmap-bot ARGS --roadmap roadmap.yaml`: (the process, its step outputs)."""
        self.runs += 1
        outputs = self.folder / f"outputs-{self.runs}"
        outputs.touch()
        result = subprocess.run(
            [EXE, *args, "--roadmap", "roadmap.yaml"],
            capture_output=True,
            text=True,
            cwd=self.folder,
            env=command_env(
                self.config,
                os.environ,
                board=self.board,
                GITHUB_OUTPUT=str(outputs),
                **self.extra_env,
                **env,
            ),
            timeout=self.timeout,
            check=False,
        )
        shown = f"$ roadmap-bot {' '.join(args)}\n{result.stdout}{result.stderr}"
        print(shown)  # in the test's report when it fails
        assert result.returncode == 0, shown
        assert "Traceback" not in result.stdout + result.stderr, shown
        return result, parse_outputs(outputs.read_text(encoding="utf-8"))

    def sync(self) -> dict[str, str]:
        """Sync until nothing remains (GitHub's limits may stop a first sync early)."""
        for _ in range(3):
            _, outputs = self.bot("sync")
            if outputs.get("remaining") == "0":
                return outputs
        raise AssertionError(f"sync still has work left after three runs: {outputs}")

    def sync_writes_nothing(self) -> None:
        result, outputs = self.bot("sync")
        counts = request_counts(result.stdout)
        assert counts, result.stdout
        assert all(writes == 0 for _, writes in counts), result.stdout
        assert (outputs["created"], outputs["updated"], outputs["closed"]) == ("0", "0", "0")

    def event(self, number: int, action: str) -> None:
        """Hand `roadmap-bot handle-event` the `issues` event GitHub would send."""
        gh = self.github
        issue = gh.rest("GET", gh.repo_path(f"/issues/{number}"))
        repository = gh.rest("GET", gh.repo_path())
        payload = issues_payload(action, issue, repository, gh.rest("GET", "/user"))
        path = self.folder / f"event-{self.runs}.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        self.bot("handle-event", GITHUB_EVENT_NAME="issues", GITHUB_EVENT_PATH=str(path))

    def issues(self) -> dict[str, Any]:
        return by_item(self.github.roadmap_issues(), marker_id)


def check_github(scratch: Scratch, roadmap: Roadmap, states: dict[str, IssueState]) -> None:
    """Issues, labels, milestones, sub-issues, README ticks and board as they should be."""
    gh = scratch.github
    issues = scratch.issues()
    expected = expected_issues(roadmap)
    assert set(expected) <= set(issues), f"items without an issue: {set(expected) - set(issues)}"
    numbers = {item_id: issues[item_id]["number"] for item_id in expected}
    for item_id, want in expected.items():
        issue = issues[item_id]
        where = f"#{issue['number']} ({item_id})"
        assert issue["title"] == want.title, where
        assert {label["name"] for label in issue["labels"]} == want.labels, where
        assert (issue["milestone"] or {}).get("title") == want.milestone, where
        actual = (issue["state"], issue.get("state_reason"))
        assert own_box(actual) == own_box(states.get(item_id, OPEN)), where
    repo_labels = {label["name"] for label in gh.get_all(gh.repo_path("/labels"))}
    assert set().union(*(want.labels for want in expected.values())) <= repo_labels
    milestones = {m["title"] for m in gh.get_all(gh.repo_path("/milestones"), state="all")}
    assert {section.title for section in roadmap.sections} <= milestones
    for item_id in expected:
        children = {i for i, other in expected.items() if other.parent == item_id}
        if children:
            listed = gh.get_all(gh.repo_path(f"/issues/{numbers[item_id]}/sub_issues"))
            assert {sub["number"] for sub in listed} == {numbers[c] for c in children}, item_id

    found = gh.read_file("README.md")
    assert found is not None, "README.md is gone"
    readme = found[0]
    boxes = {item_id: state.value for item_id, state in read_states(readme).items()}
    assert boxes == expected_boxes(roadmap, states), readme
    recorded = {item_id: state.value for item_id, state in read_recorded(readme).items()}
    assert recorded == boxes, "each line records the state agreed with GitHub"

    if scratch.config.board is not None:
        cards = gh.board_cards(scratch.config.board)
        for item_id, want in expected_cards(roadmap, states).items():
            card = cards.get(numbers[item_id])
            assert card is not None, f"#{numbers[item_id]} ({item_id}) is not on the board"
            for field_name, value in want.items():
                assert card.get(field_name) == value, (item_id, field_name, card)


def run_scenario(scratch: Scratch) -> None:
    """Sync, a second sync that writes nothing, close as completed, close as not planned,
    reopen (each followed by the `issues` event), then a rename and a removal."""
    gh, config = scratch.github, scratch.config
    repository = gh.rest("GET", gh.repo_path())
    assert repository["has_issues"], f"{config.repository}: enable Issues (Settings)"
    assert gh.roadmap_issues() == [], (
        f"{config.repository} is not fresh: use a new scratch repository"
    )
    gh.write_file("README.md", README, "roadmap-bot live test: a README with the markers")

    # The first sync creates everything; a second one writes nothing.
    roadmap = scratch.write_roadmap(ROADMAP_V1)
    outputs = scratch.sync()
    assert outputs["progress"] == "0"
    states: dict[str, IssueState] = {}
    eventually(lambda: check_github(scratch, roadmap, states))
    scratch.sync_writes_nothing()
    number = {item_id: issue["number"] for item_id, issue in scratch.issues().items()}

    # Closed as completed: ticked. A parent waits for all its children.
    gh.set_issue_state(number["git"], "closed", "completed")
    scratch.event(number["git"], "closed")
    states["git"] = ("closed", "completed")
    assert expected_boxes(roadmap, states)["tools"] == "todo"
    eventually(lambda: check_github(scratch, roadmap, states))

    # Closed as not planned: struck through. It was the parent's last open child (one done):
    # the bot closes the parent's issue as completed, and its box ticks.
    gh.set_issue_state(number["docker"], "closed", "not_planned")
    scratch.event(number["docker"], "closed")
    states["docker"] = ("closed", "not_planned")
    states["tools"] = ("closed", "completed")
    assert expected_boxes(roadmap, states)["tools"] == "done"
    eventually(lambda: check_github(scratch, roadmap, states))

    # Reopened: unticked; the parent's issue, closed, stays closed (docs/sync.md).
    gh.set_issue_state(number["git"], "open", "reopened")
    scratch.event(number["git"], "reopened")
    states["git"] = ("open", "reopened")
    eventually(lambda: check_github(scratch, roadmap, states))

    # roadmap.yaml renames one item and removes another: the issue is renamed; the removed
    # item's issue is closed as not planned, labelled and commented; the ticks stay.
    roadmap = scratch.write_roadmap(ROADMAP_V2)
    outputs = scratch.sync()
    assert outputs["closed"] == "1"
    eventually(lambda: check_github(scratch, roadmap, states))
    issues = scratch.issues()
    assert issues[RENAMED_ID]["title"] == NEW_TITLE
    removed = issues[REMOVED_ID]
    assert (removed["state"], removed["state_reason"]) == ("closed", "not_planned")
    assert REMOVED_LABEL in {label["name"] for label in removed["labels"]}
    assert removed["comments"] >= 1
    found = gh.read_file("README.md")
    assert found is not None
    assert REMOVED_ID not in read_states(found[0])
    scratch.sync_writes_nothing()
