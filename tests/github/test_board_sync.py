"""The Projects board kept in step, against the stateful fake GitHub over HTTP.

runner.sync_job (issues, README, board) and readme_job (an issue event) with a board,
through tests/syncing.py. Assertions are on what the fake's board holds afterwards, and on
the requests it counted.
"""

from __future__ import annotations

import base64

import pytest

from fakegithub import FakeGitHubServer, blob_sha
from fakegithub.project_views import views_of
from fakegithub.projects import Item, Option, Project, _new_field, add_project
from roadmap_bot.board import apply as board_apply
from roadmap_bot.board import model as B
from roadmap_bot.clock import FakeClock
from roadmap_bot.errors import GitHubError
from roadmap_bot.githubapi import board_reads
from roadmap_bot.issues.body import marker_id
from roadmap_bot.jobs.board_step import SKIPPED_MESSAGE
from roadmap_bot.roadmap.model import Item as RoadmapItem
from roadmap_bot.roadmap.model import Roadmap, Section
from roadmaps import with_item
from syncing import (
    PROJECT_TOKEN,
    README_TEXT,
    REPO,
    TOKEN,
    board_snapshot,
    modelled_seconds,
    own_card,
    seed_roadmap,
    set_up,
    set_up_board,
    sync_job_run,
)

SEED = seed_roadmap()
SMALL = Roadmap(SEED.title, SEED.sections[:2])
TINY = Roadmap(SEED.title, SEED.sections[:1])


@pytest.fixture
def fake(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    set_up(fake_github, files={"README.md": README_TEXT})
    return fake_github


@pytest.fixture
def board(fake: FakeGitHubServer) -> Project:
    return set_up_board(fake)


def issue_for(fake: FakeGitHubServer, item_id: str):
    (issue,) = [i for i in fake.state.repo(REPO).issues.values() if marker_id(i.body) == item_id]
    return issue


def card_for(board: Project, item_id: str):
    (card,) = [i for i in board.items if marker_id(i.content.body) == item_id]
    return card


def board_mutations(fake: FakeGitHubServer) -> int:
    return sum(1 for e in fake.log.entries if e.is_write and e.token == PROJECT_TOKEN and e.acted)


def close(fake: FakeGitHubServer, item_id: str, reason: str = "completed") -> None:
    fake.state.update_issue(
        issue_for(fake, item_id), fake.state.tokens[TOKEN], state="closed", state_reason=reason
    )


# --- first sync, re-sync ---------------------------------------------------------------------


def test_first_sync_puts_every_issue_on_an_empty_board(
    fake: FakeGitHubServer, board: Project
) -> None:
    run = sync_job_run(fake, SEED)
    assert run.report.remaining == 0
    assert len(board.items) == 168
    shot = board_snapshot(board)
    assert shot["fields"]["Difficulty"] == [
        ("Easy", "GREEN"),
        ("Medium", "YELLOW"),
        ("Hard", "RED"),
    ]
    assert [name for name, _c in shot["fields"]["Importance"]] == [
        "⭐⭐⭐ 3",
        "⭐⭐ 2",
        "⭐ 1",
        "0",
    ]
    assert [name for name, _c in shot["fields"]["Section"]] == [s.title for s in SEED.sections]
    assert shot["cards"]["helm"] == {
        "Difficulty": "Hard",
        "Importance": "⭐⭐ 2",
        "Section": "Containerization and Orchestration",
        "Status": "Todo",
    }
    # No difficulty or importance in the roadmap: no value on the board.
    assert shot["cards"]["libraries"] == {"Section": "Python Knowledge", "Status": "Todo"}
    # One request creates the fields, 4 add the cards (50 a request), 14 set 660 values.
    assert run.board_stats is not None
    assert run.board_stats.graphql_mutations == 1 + 4 + 14
    assert any(line.startswith("Board done: 3 fields, 168 cards added") for line in run.lines)
    # Issues, README and board, under GitHub's published limits: at most 4 minutes.
    assert modelled_seconds(fake.log.entries) <= 240
    assert "board: 3 fields created or extended, 168 cards added, 660 values set" in (
        run.report.changes
    )


def test_a_no_op_resync_makes_no_mutation_in_two_requests(
    fake: FakeGitHubServer, board: Project
) -> None:
    sync_job_run(fake, SEED)
    before = board_snapshot(board)
    fake.log.clear()
    run = sync_job_run(fake, SEED)
    assert fake.log.writes == 0
    assert fake.log.graphql_mutations == 0
    # Issues (with their labels, milestones and links), the README and the cards: the
    # board's token reads them all, 2 pages (githubapi/snapshot.py).
    assert [(e.operation, e.token) for e in fake.log.entries] == [
        ("graphql:RoadmapSnapshot", PROJECT_TOKEN)
    ] * 2
    assert board_snapshot(board) == before
    assert run.report.remaining == 0


def test_without_a_board_one_line_says_it_was_skipped(fake: FakeGitHubServer) -> None:
    run = sync_job_run(fake, SMALL, project=None)
    assert run.lines.count(SKIPPED_MESSAGE) == 1
    assert not any(line.startswith("Board") and line != SKIPPED_MESSAGE for line in run.lines)


def test_dry_run_reads_the_board_and_writes_nothing(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL, project=None)
    fake.log.clear()
    run = sync_job_run(fake, SMALL, dry_run=True)
    assert fake.log.writes == 0
    assert board.items == []
    header = next(line for line in run.lines if line.startswith("Board plan (dry run"))
    assert f"3 fields to create or extend, {len(SMALL)} cards to add" in header
    assert "  add #1 [foundational-concepts] to the board" in run.lines


# --- the learner's board ------------------------------------------------------------------------


def test_learner_fields_options_and_moved_cards_are_kept(
    fake: FakeGitHubServer, board: Project
) -> None:
    notes = _new_field(fake.state, board, "Notes", "TEXT")
    mood = _new_field(fake.state, board, "Mood", "SINGLE_SELECT", [("Keen", "PINK", "")])
    # The learner made Section first, with an option of their own.
    section = _new_field(fake.state, board, "Section", "SINGLE_SELECT", [("Extra", "GRAY", "")])
    sync_job_run(fake, SMALL, project=None)  # issues first, no board yet
    status = board.field("Status")
    in_progress = next(o for o in status.options if o.name == "In Progress")
    # The learner put one issue on the board, moved it, and gave it values of their own.
    moved = issue_for(fake, "algorithms")
    card = Item(fake.state.new_id(), "PVTI_learner1", board, moved, "", "")
    fake.state.register(card)
    board.items.append(card)
    card.values.update({status: in_progress, notes: "chapter 3", mood: mood.options[0]})
    close(fake, "commenting")  # closed as completed: Done
    close(fake, "naming-conventions", "not_planned")  # left alone
    sync_job_run(fake, SMALL)
    assert card_for(board, "algorithms").value_of("Status") == "In Progress"
    assert card_for(board, "algorithms").value_of("Notes") == "chapter 3"
    assert card_for(board, "algorithms").value_of("Mood") == "Keen"
    assert card_for(board, "algorithms").value_of("Difficulty") == "Medium"
    assert card_for(board, "commenting").value_of("Status") == "Done"
    assert card_for(board, "naming-conventions").value_of("Status") is None
    assert card_for(board, "data-structures").value_of("Status") == "Todo"
    assert [o.name for o in mood.options] == ["Keen"]
    assert [o.name for o in section.options] == [*(s.title for s in SMALL.sections), "Extra"]
    assert isinstance(section.options[-1], Option)
    assert len(board.items) == len(SMALL)
    fake.log.clear()
    sync_job_run(fake, SMALL)
    assert board_mutations(fake) == 0


def test_a_field_of_the_bots_name_that_is_not_a_single_select_is_left_alone(
    fake: FakeGitHubServer, board: Project
) -> None:
    _new_field(fake.state, board, "Difficulty", "TEXT")
    run = sync_job_run(fake, SMALL)
    assert board.field("Difficulty").data_type == "TEXT"
    assert card_for(board, "algorithms").value_of("Difficulty") is None
    assert card_for(board, "algorithms").value_of("Importance") == "⭐ 1"
    assert any("'Difficulty' is not a single select" in line for line in run.lines)


def test_a_stale_value_is_cleared_and_a_learner_option_kept(
    fake: FakeGitHubServer, board: Project
) -> None:
    sync_job_run(fake, SMALL)
    difficulty = board.field("Difficulty")
    own = Option("ab12cd34", "Unsure", "GRAY", "")
    difficulty.options.append(own)  # the learner's option
    card_for(board, "commenting").values[difficulty] = own
    # roadmap.yaml loses the difficulty of 'algorithms' and of 'commenting'
    changed = with_item(
        with_item(SMALL, "algorithms", difficulty=None), "commenting", difficulty=None
    )
    sync_job_run(fake, changed)
    assert card_for(board, "algorithms").value_of("Difficulty") is None
    assert card_for(board, "commenting").value_of("Difficulty") == "Unsure"
    assert [o.name for o in difficulty.options] == ["Easy", "Medium", "Hard", "Unsure"]


# --- a new section: the option list is replaced with its ids, every value survives -----------


def test_a_new_section_keeps_every_value_by_sending_the_option_ids(
    fake: FakeGitHubServer, board: Project
) -> None:
    """updateProjectV2Field with each existing option's id (schema of 2026-06-26): GitHub
    keeps the options, so no card loses its value; nothing is read first, noted in the
    board's README or put back, and the roadmap's cards are not set again."""
    sync_job_run(fake, SMALL)
    board.readme = "# My plan\n\nOne item a week.\n"
    card = own_card(fake, board, section=1)  # the learner's own issue, in a Section
    section_ids = [o.id for o in board.field("Section").options]
    before = board_snapshot(board)
    extra = Section(
        "Extra practice", (RoadmapItem("extra-one", "One"), RoadmapItem("extra-two", "Two"))
    )
    bigger = Roadmap(SEED.title, (*SMALL.sections, extra))  # a third section, 2 items
    fake.log.clear()
    run = sync_job_run(fake, bigger)
    after = board_snapshot(board)
    assert [name for name, _c in after["fields"]["Section"]] == [s.title for s in bigger.sections]
    assert [o.id for o in board.field("Section").options][:2] == section_ids
    for key, values in before["cards"].items():
        assert after["cards"][key] == values, key
    assert card.value_of("Section") == SEED.sections[1].title
    new_item = bigger.sections[2].items[0].id
    assert after["cards"][new_item]["Section"] == bigger.sections[2].title
    assert board.readme == "# My plan\n\nOne item a week.\n"
    board_ops = [e.operation for e in fake.log.entries if e.token == PROJECT_TOKEN]
    # The snapshot (1 page: the 44 issues and the learner's own), one read of the board
    # after the new issues were made, the option list, the 2 new cards, their values.
    assert board_ops == [
        "graphql:RoadmapSnapshot",
        "graphql:RoadmapBoard",
        "graphql:RoadmapFieldOptions",
        "graphql:RoadmapAddCards",
        "graphql:RoadmapSetValues",
    ]
    assert not any("put back" in line for line in run.lines)
    fake.log.clear()
    sync_job_run(fake, bigger)
    assert board_mutations(fake) == 0


# graphql-ruby's answer (GitHub's GraphQL server) to an input field the schema lacks, as an
# older GitHub Enterprise Server schema without ProjectV2SingleSelectFieldOptionInput.id
# would send it.
NO_OPTION_IDS = {
    "errors": [
        {
            "message": "Variable $input of type UpdateProjectV2FieldInput! was provided invalid "
            "value for singleSelectOptions.0.id (Field is not defined on "
            "ProjectV2SingleSelectFieldOptionInput)",
            "locations": [{"line": 1, "column": 28}],
            "extensions": {
                "value": None,
                "problems": [
                    {
                        "path": ["singleSelectOptions", 0, "id"],
                        "explanation": "Field is not defined on "
                        "ProjectV2SingleSelectFieldOptionInput",
                    }
                ],
            },
        }
    ]
}


def test_a_server_without_option_ids_is_refused_clearly_and_nothing_is_cleared(
    fake: FakeGitHubServer, board: Project
) -> None:
    sync_job_run(fake, SMALL)
    card = own_card(fake, board, section=1)
    section = board.field("Section")
    options = list(section.options)
    fake.faults.status(200, body=NO_OPTION_IDS, mutation="updateProjectV2Field", times=None)
    bigger = Roadmap(SEED.title, SEED.sections[:3])
    with pytest.raises(GitHubError) as refused:
        sync_job_run(fake, bigger)
    message = str(refused.value)
    assert "does not take option ids" in message
    assert f"'{SEED.sections[2].title}'" in message
    assert "leaves the field as it is" in message
    assert section.options == options  # not replaced: nothing was cleared
    assert card.value_of("Section") == SMALL.sections[1].title


def test_reordered_sections_reorder_the_options(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL)
    swapped = Roadmap(SMALL.title, (SMALL.sections[1], SMALL.sections[0]))
    sync_job_run(fake, swapped)
    names = [o.name for o in board.field("Section").options]
    assert names == [SMALL.sections[1].title, SMALL.sections[0].title]
    assert card_for(board, "algorithms").value_of("Section") == SMALL.sections[0].title
    fake.log.clear()
    sync_job_run(fake, swapped)
    assert board_mutations(fake) == 0


# --- whose board, and which token ---------------------------------------------------------------


def test_an_organizations_board(fake: FakeGitHubServer) -> None:
    fake.state.add_org("acme")
    board = set_up_board(fake, "acme", collaborators={"learner": "write"})
    sync_job_run(fake, SMALL, project="https://github.com/orgs/acme/projects/1")
    assert len(board.items) == len(SMALL)
    assert card_for(board, "algorithms").value_of("Difficulty") == "Medium"


def test_a_board_given_by_its_url(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL, project=f"{fake.web_url}/users/learner/projects/1/views/2")
    assert len(board.items) == len(SMALL)


def test_a_missing_board_says_what_to_check(fake: FakeGitHubServer, board: Project) -> None:
    with pytest.raises(GitHubError) as caught:
        sync_job_run(fake, SMALL, project="learner/7")
    message = str(caught.value)
    assert message.startswith("the Projects board learner/7 was not found, or the token in ")
    assert "ROADMAP_PROJECT_TOKEN" in message
    assert "classic personal access token with the `project` scope" in message
    assert PROJECT_TOKEN not in message


def test_someone_elses_private_board_is_missing(fake: FakeGitHubServer, board: Project) -> None:
    add_project(fake.state, "stranger")
    with pytest.raises(GitHubError, match="was not found, or the token in ROADMAP_PROJECT_TOKEN"):
        sync_job_run(fake, SMALL, project="stranger/1")


def test_the_workflow_token_for_a_users_board_names_the_token_to_make(
    fake: FakeGitHubServer, board: Project
) -> None:
    fake.state.add_token(
        "ghs_actions", "github-actions[bot]", {REPO: "write"}, is_actions_token=True
    )
    sync_job_run(fake, SMALL, project=None)
    with pytest.raises(GitHubError) as caught:
        sync_job_run(fake, SMALL, board_token="ghs_actions")
    message = str(caught.value)
    assert message.startswith(
        "the token in ROADMAP_PROJECT_TOKEN cannot reach the Projects board learner/1 "
        "(GitHub: Resource not accessible by integration)."
    )
    assert "A workflow's GITHUB_TOKEN can never reach a user's Projects board." in message
    assert "secret ROADMAP_PROJECT_TOKEN" in message
    assert "variable ROADMAP_PROJECT " in message
    assert board.items == []


def test_the_workflow_token_alone_says_where_to_put_a_board_token(
    fake: FakeGitHubServer, board: Project
) -> None:
    """No ROADMAP_PROJECT_TOKEN: the board falls back on GITHUB_TOKEN, the workflow's."""
    fake.state.add_token(
        "ghs_actions", "github-actions[bot]", {REPO: "write"}, is_actions_token=True
    )
    with pytest.raises(GitHubError) as caught:
        sync_job_run(fake, SMALL, board_token="ghs_actions", board_token_name="GITHUB_TOKEN")
    message = str(caught.value)
    assert message.startswith("the token in GITHUB_TOKEN cannot reach the Projects board")
    assert "A workflow's GITHUB_TOKEN can never reach a user's Projects board." in message
    assert "Store it as the repository secret ROADMAP_PROJECT_TOKEN" in message


def test_a_classic_token_without_the_project_scope(fake: FakeGitHubServer) -> None:
    set_up_board(fake, scopes=("repo",))
    with pytest.raises(GitHubError, match=r"cannot reach the Projects board .*INSUFFICIENT|scopes"):
        sync_job_run(fake, SMALL)


def test_a_board_the_token_may_only_read(fake: FakeGitHubServer) -> None:
    fake.state.add_org("acme")
    set_up_board(fake, "acme", collaborators={"learner": "read"})
    with pytest.raises(GitHubError) as caught:
        sync_job_run(fake, SMALL, project="acme/1")
    assert "can read the Projects board" in str(caught.value)
    assert "write access to the board" in str(caught.value)


# --- --create-project ---------------------------------------------------------------------------


def test_create_project_creates_links_and_then_finds_it(fake: FakeGitHubServer) -> None:
    fake.state.add_token(PROJECT_TOKEN, "learner", {REPO: "admin"}, scopes={"repo", "project"})
    add_project(fake.state, "learner", title="Something else")
    run = sync_job_run(fake, SMALL, project=None, create_project="My roadmap")
    boards = [p for p in fake.state.extensions["projects"].projects if p.title == "My roadmap"]
    assert len(boards) == 1
    created = boards[0]
    assert created.repositories == [fake.state.repo(REPO)]
    assert len(created.items) == len(SMALL)
    assert any(line.startswith("Board: created 'My roadmap'") for line in run.lines)
    again = sync_job_run(fake, SMALL, project=None, create_project="My roadmap")
    assert (
        len([p for p in fake.state.extensions["projects"].projects if p.title == "My roadmap"]) == 1
    )
    assert any(line.startswith("Board: found 'My roadmap'") for line in again.lines)


def test_create_project_links_a_found_board(fake: FakeGitHubServer) -> None:
    board = set_up_board(fake, title="Roadmap")
    sync_job_run(fake, SMALL, project=None, create_project="Roadmap")
    assert board.repositories == [fake.state.repo(REPO)]
    assert len(board.items) == len(SMALL)


def test_a_lost_answer_to_create_project_does_not_make_two(fake: FakeGitHubServer) -> None:
    fake.state.add_token(PROJECT_TOKEN, "learner", {REPO: "admin"}, scopes={"repo", "project"})
    fake.faults.lose_answer(502, mutation="createProjectV2")
    sync_job_run(fake, SMALL, project=None, create_project="Roadmap")
    boards = fake.state.extensions["projects"].projects
    assert [p.title for p in boards] == ["Roadmap"]
    assert len(boards[0].items) == len(SMALL)


# --- issue events ---------------------------------------------------------------------------------


def test_close_moves_the_card_to_done_and_reopen_back_to_todo(
    fake: FakeGitHubServer, board: Project
) -> None:
    sync_job_run(fake, SMALL)
    close(fake, "commenting")
    fake.log.clear()
    sync_job_run(fake, SMALL, event_reopened=())
    assert card_for(board, "commenting").value_of("Status") == "Done"
    assert board_mutations(fake) == 1
    issue = issue_for(fake, "commenting")
    fake.state.update_issue(issue, fake.state.tokens[TOKEN], state="open")
    sync_job_run(fake, SMALL, event_reopened=(issue.number,))
    assert card_for(board, "commenting").value_of("Status") == "Todo"
    # A sync alone never takes a card off Done for an open issue (the learner may have).
    status = board.field("Status")
    card_for(board, "algorithms").values[status] = status.options[2]
    sync_job_run(fake, SMALL)
    assert card_for(board, "algorithms").value_of("Status") == "Done"


def test_a_box_ticked_by_hand_moves_the_card(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL)
    readme = fake.state.repo(REPO).files["README.md"].decode()
    ticked = readme.replace("- [ ] 🟢 Commenting", "- [x] 🟢 Commenting")
    assert ticked != readme
    repo = fake.state.repo(REPO)
    content = base64.b64encode(ticked.encode()).decode()
    sha = blob_sha(repo.files["README.md"])
    fake.state.put_file(repo, fake.state.tokens[TOKEN], "README.md", content, "tick", sha=sha)
    sync_job_run(fake, SMALL)
    assert issue_for(fake, "commenting").state == "closed"
    assert card_for(board, "commenting").value_of("Status") == "Done"


# --- faults ---------------------------------------------------------------------------------------


def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(board_apply, "BATCH_SIZE", 4)


def test_crash_after_every_board_write_then_rerun(
    fake_github: FakeGitHubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash after k board writes, for every k (each time onto a new, empty board), then
    run again: the same board as one uninterrupted run, no card twice."""
    _small_batches(monkeypatch)
    set_up(fake_github, files={"README.md": README_TEXT})
    clean_board = set_up_board(fake_github)
    sync_job_run(fake_github, TINY, project=None)
    fake_github.log.clear()
    sync_job_run(fake_github, TINY)
    expected = board_snapshot(clean_board)
    writes = board_mutations(fake_github)
    assert writes >= 15  # 1 for the fields, 4 for the cards, the values 4 a request
    for k in range(writes):
        board = add_project(fake_github.state, "learner")
        project = f"learner/{board.number}"
        fake_github.faults.refuse_all_after_writes(k)
        with pytest.raises(GitHubError):
            sync_job_run(fake_github, TINY, project=project)
        fake_github.faults.clear()
        sync_job_run(fake_github, TINY, project=project)
        assert board_snapshot(board) == expected, k
        assert len(board.items) == len(TINY)


def test_a_lost_answer_to_a_batch_of_adds_duplicates_nothing(
    fake: FakeGitHubServer, board: Project
) -> None:
    fake.faults.lose_answer(502, mutation="addProjectV2ItemById")
    fake.faults.drop(act=True, mutation="updateProjectV2ItemFieldValue", after=2)
    sync_job_run(fake, SMALL)
    assert len(board.items) == len(SMALL)
    assert card_for(board, "algorithms").value_of("Section") == SMALL.sections[0].title
    fake.log.clear()
    sync_job_run(fake, SMALL)
    assert board_mutations(fake) == 0


def test_a_lost_answer_to_creating_the_fields_makes_them_once(
    fake: FakeGitHubServer, board: Project
) -> None:
    fake.faults.lose_answer(502, mutation="createProjectV2Field")
    sync_job_run(fake, SMALL)
    assert [f.name for f in board.fields].count("Section") == 1
    assert card_for(board, "algorithms").value_of("Difficulty") == "Medium"


def test_graphql_errors_in_a_200_answer_single_mutations_fail(
    fake: FakeGitHubServer, board: Project
) -> None:
    """Some mutations of a batch fail (NOT_FOUND, UNPROCESSABLE), the others act: the
    board is read again and the rest planned from it."""
    board.fail_next("addProjectV2ItemById", "NOT_FOUND", times=2)
    board.fail_next("updateProjectV2ItemFieldValue", "UNPROCESSABLE", times=3)
    run = sync_job_run(fake, SMALL)
    assert "board: some changes failed; reading the board again" in run.lines
    assert len(board.items) == len(SMALL)
    expected = board_snapshot(board)
    fake.log.clear()
    sync_job_run(fake, SMALL)
    assert board_mutations(fake) == 0
    assert board_snapshot(board) == expected


def test_mutations_that_keep_failing_stop_with_a_message(
    fake: FakeGitHubServer, board: Project
) -> None:
    board.fail_next("updateProjectV2ItemFieldValue", "UNPROCESSABLE", times=1000)
    with pytest.raises(GitHubError, match="board changes failed twice"):
        sync_job_run(fake, SMALL)
    assert len(board.items) == len(SMALL)  # what could be done was done


def test_graphql_rate_limited_in_a_200_answer_is_waited_for(
    fake: FakeGitHubServer, board: Project
) -> None:
    body = {
        "data": None,
        "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}],
    }
    fake.faults.status(200, body=body, mutation="addProjectV2ItemById", times=1)
    clock = FakeClock()
    sync_job_run(fake, SMALL, clock=clock)
    assert 60.0 in clock.sleeps
    assert len(board.items) == len(SMALL)


def test_a_long_rate_limit_stops_the_board_cleanly(fake: FakeGitHubServer, board: Project) -> None:
    fake.faults.secondary_rate_limit(
        retry_after=3600, mutation="updateProjectV2ItemFieldValue", after=1, times=None
    )
    run = sync_job_run(fake, SMALL)
    assert run.report.stopped
    assert run.report.board_remaining > 0
    assert run.report.remaining == 0  # every issue is in step: only the board is left
    assert any(line.startswith("Board stopped early") for line in run.lines)
    fake.faults.clear()
    run = sync_job_run(fake, SMALL)
    assert not run.report.stopped
    assert (run.report.remaining, run.report.board_remaining) == (0, 0)
    assert card_for(board, "algorithms").value_of("Section") == SMALL.sections[0].title


def test_max_writes_covers_the_board_too(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL, project=None)
    run = sync_job_run(fake, SMALL, max_writes=2)
    assert board_mutations(fake) == 2
    assert run.report.stopped
    assert run.report.board_remaining > 0
    sync_job_run(fake, SMALL)
    assert len(board.items) == len(SMALL)


def test_a_deleted_card_comes_back(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL)
    board.items.remove(card_for(board, "algorithms"))
    sync_job_run(fake, SMALL)
    assert card_for(board, "algorithms").value_of("Difficulty") == "Medium"
    assert card_for(board, "algorithms").value_of("Status") == "Todo"


def test_field_values_are_the_bots_own_spelling(board: Project) -> None:
    assert B.importance_option(0) == "0"
    assert B.importance_option(3) == "⭐⭐⭐ 3"


def test_many_issues_are_read_in_several_lists_and_requests(
    fake: FakeGitHubServer, board: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_reads, "IDS_PER_LIST", 10)
    monkeypatch.setattr(board_reads, "ISSUES_PER_READ", 20)
    sync_job_run(fake, SMALL)
    assert len(board.items) == len(SMALL)
    # After the issues were made, the board step reads the board and their cards itself.
    reads = [
        e.operation
        for e in fake.log.entries
        if e.token == PROJECT_TOKEN and not e.is_write and e.operation != "graphql:RoadmapSnapshot"
    ]
    assert reads == ["graphql:RoadmapBoard"] + ["graphql:RoadmapCards"] * 2  # 44 issues
    fake.log.clear()
    sync_job_run(fake, SMALL)
    assert board_mutations(fake) == 0


def test_a_private_repository_the_board_token_cannot_see(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, private=True)
    fake_github.state.add_token(PROJECT_TOKEN, "stranger", scopes={"project"})
    fake_github.state.add_user("learner")
    board = add_project(fake_github.state, "learner", collaborators={"stranger": "write"})
    with pytest.raises(GitHubError, match="needs the `repo` scope for a private repository"):
        sync_job_run(fake_github, TINY)
    assert board.items == []


def test_a_long_rate_limit_on_reading_the_board_stops_cleanly(
    fake: FakeGitHubServer, board: Project
) -> None:
    sync_job_run(fake, SMALL, project=None)
    # The board's token limited: its snapshot falls back to the issues' token, then the
    # board's own read meets the limit.
    fake.faults.primary_rate_limit(
        reset_in=3600, where=lambda req: req.token == PROJECT_TOKEN, times=None
    )
    run = sync_job_run(fake, SMALL)
    assert run.report.stopped
    assert run.report.board_remaining > 0
    assert any(line.startswith("Board stopped early") for line in run.lines)
    assert board.items == []


# --- a board that opens ready: roadmap-bot's two views, once ------------------------------------


def test_a_board_roadmap_bot_sets_up_gets_its_two_views_once(
    fake: FakeGitHubServer, board: Project
) -> None:
    run = sync_job_run(fake, SMALL)
    views = views_of(board)
    assert [(v.name, v.layout) for v in views] == [
        ("View 1", "table"),  # GitHub's own, untouched
        ("Roadmap board", "board"),
        ("By importance", "table"),
    ]
    status, section, importance = (board.field(n) for n in ("Status", "Section", "Importance"))
    assert views[1].vertical_group_by == [status.id]
    assert views[1].group_by == [section.id]
    assert views[2].sort_by == [[importance.id, "asc"]]
    assert "board: added the views 'Roadmap board', 'By importance'" in run.lines
    sync_job_run(fake, bigger_roadmap())  # a later change: no view again
    assert len(views_of(board)) == 3


def test_an_organization_board_gets_its_views_through_the_org_path(fake: FakeGitHubServer) -> None:
    fake.state.add_org("school")
    board = set_up_board(fake, "school", collaborators={"learner": "admin"})
    sync_job_run(fake, SMALL, project="school/1")
    assert [v.name for v in views_of(board)] == ["View 1", "Roadmap board", "By importance"]
    assert fake.log.count("projects/create-view-for-org") == 2


def test_a_refused_view_leaves_the_board_working(fake: FakeGitHubServer, board: Project) -> None:
    fake.faults.status(
        403,
        body={"message": "Resource not accessible by personal access token"},
        operation="projects/create-view-for-user",
    )
    run = sync_job_run(fake, SMALL)
    assert run.report.remaining == 0
    assert any("views were not added" in line for line in run.lines)
    assert len(board.items) == len(SMALL)


def test_a_board_the_learner_set_up_gets_no_view(fake: FakeGitHubServer, board: Project) -> None:
    sync_job_run(fake, SMALL, project=None)
    for name in ("Difficulty", "Importance", "Section"):  # the learner made the fields
        _new_field(fake.state, board, name, "SINGLE_SELECT", [("Mine", "GRAY", "")])
    sync_job_run(fake, SMALL)
    assert [v.name for v in views_of(board)] == ["View 1"]


def bigger_roadmap() -> Roadmap:
    return Roadmap(SEED.title, SEED.sections[:3])


def test_a_new_section_lists_neither_milestones_nor_labels(fake: FakeGitHubServer) -> None:
    """The first page of the snapshot holds the repository's labels and milestones, and
    every issue (a stray is seen by its marker): a new section reads nothing more before
    creating its milestone and issue."""
    sync_job_run(fake, SEED, project=None)
    extra = Section("Extra practice", (RoadmapItem("extra-one", "One"),))
    fake.log.clear()
    sync_job_run(fake, Roadmap(SEED.title, (*SEED.sections, extra)), project=None)
    operations = [e.operation for e in fake.log.entries]
    assert operations[:4] == [
        "graphql:RoadmapSnapshot",
        "graphql:RoadmapSnapshot",
        "issues/create-milestone",
        "graphql:CreateIssue",
    ]
    assert "issues/list-milestones" not in operations
    assert "issues/list-labels-for-repo" not in operations
    assert "repos/get" not in operations  # the repository's node id came with the snapshot
    assert operations.count("issues/create-milestone") == 1


# --- one token for the issues and the board: cards come with createIssue ----------------------


def test_with_one_token_new_issues_land_on_the_board_in_their_create(
    fake: FakeGitHubServer, board: Project
) -> None:
    """createIssue(projectV2Ids:): no addProjectV2ItemById at all, the same board."""
    run = sync_job_run(fake, SMALL, board_token=None)
    assert run.report.remaining == 0
    creates = [e for e in fake.log.entries if e.operation == "graphql:CreateIssue"]
    assert creates
    assert all(e.body["variables"]["input"]["projectV2Ids"] == [board.node_id] for e in creates)
    assert fake.log.count("graphql:RoadmapAddCards") == 0
    assert len(board.items) == len(SMALL)
    assert card_for(board, "algorithms").value_of("Difficulty") == "Medium"
    fake.log.clear()
    sync_job_run(fake, SMALL, board_token=None)
    assert fake.log.writes == 0


def test_with_two_tokens_new_issues_are_created_without_the_board(
    fake: FakeGitHubServer, board: Project
) -> None:
    """The issues' token may not reach the board: createIssue never names it."""
    sync_job_run(fake, SMALL)
    creates = [e for e in fake.log.entries if e.operation == "graphql:CreateIssue"]
    assert not any("projectV2Ids" in e.body["variables"]["input"] for e in creates)
    assert len(board.items) == len(SMALL)
