"""The README on GitHub follows the issues, by commit: events, races, hand ticks, healing.

Runs the same jobs the `handle-event` command runs, against the fake GitHub over HTTP.
"""

from __future__ import annotations

import base64
import threading

import pytest

from fakegithub import FakeGitHubServer, blob_sha
from roadmap_bot.githubapi.contents import BOT_COMMITTER
from roadmap_bot.githubapi.repo_gateway import GitHubGateway
from roadmap_bot.issues.body import marker_id
from roadmap_bot.jobs.readme_step import COMPLETED_COMMENT
from roadmap_bot.jobs.runner import readme_job, sync_job
from roadmap_bot.readme.render import read_states
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Roadmap
from roadmap_bot.roadmap.states import ItemState
from roadmaps import with_item
from syncing import REPO, ROOT, TOKEN, client_for, set_up

ROADMAP = load_roadmap(ROOT / "roadmap.yaml")
SMALL = Roadmap(ROADMAP.title, ROADMAP.sections[:2])
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_on_github(fake: FakeGitHubServer) -> str:
    return fake.state.repo(REPO).files["README.md"].decode("utf-8")


def gateway(fake: FakeGitHubServer) -> GitHubGateway:
    return GitHubGateway(client_for(fake), *REPO.split("/"))


def run_sync(fake: FakeGitHubServer, roadmap: Roadmap = SMALL) -> None:
    sync_job(
        roadmap,
        gateway(fake),
        lambda _line: None,
        readme_path="README.md",
        dry_run=False,
        max_writes=None,
    )


def run_event(fake: FakeGitHubServer, roadmap: Roadmap = SMALL) -> list[str]:
    lines: list[str] = []
    readme_job(roadmap, gateway(fake), lines.append, readme_path="README.md")
    return lines


def issue_for(fake: FakeGitHubServer, item_id: str):
    (issue,) = [i for i in fake.state.repo(REPO).issues.values() if marker_id(i.body) == item_id]
    return issue


def close(fake: FakeGitHubServer, item_id: str, reason: str = "completed") -> None:
    token = fake.state.tokens[TOKEN]
    fake.state.update_issue(issue_for(fake, item_id), token, state="closed", state_reason=reason)


def reopen(fake: FakeGitHubServer, item_id: str) -> None:
    token = fake.state.tokens[TOKEN]
    fake.state.update_issue(issue_for(fake, item_id), token, state="open", state_reason="reopened")


def push_readme(fake: FakeGitHubServer, text: str, message: str = "Edit README") -> None:
    """A commit by the learner."""
    repo = fake.state.repo(REPO)
    fake.state.put_file(
        repo,
        fake.state.tokens[TOKEN],
        "README.md",
        base64.b64encode(text.encode()).decode(),
        message,
        sha=blob_sha(repo.files["README.md"]),
    )


@pytest.fixture
def fake(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    set_up(fake_github, files={"README.md": README})
    run_sync(fake_github)
    return fake_github


def changed_lines(before: str, after: str) -> list[str]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    return [y for x, y in zip(a, b, strict=True) if x != y]


def test_first_sync_commits_the_readme_once_and_then_nothing(fake: FakeGitHubServer) -> None:
    commits = fake.state.repo(REPO).commits
    assert len(commits) == 2  # the initial one, then the checksums and recorded states
    run_sync(fake)
    run_event(fake)
    assert len(fake.state.repo(REPO).commits) == 2


def test_closing_an_issue_ticks_its_box_in_one_commit(fake: FakeGitHubServer) -> None:
    before = readme_on_github(fake)
    close(fake, "commenting")
    run_event(fake)
    after = readme_on_github(fake)
    assert read_states(after)["commenting"] is ItemState.DONE
    commit = fake.state.repo(REPO).commits[-1]
    assert commit.message == f"Tick 'Commenting' (#{issue_for(fake, 'commenting').number})"
    assert commit.committer["name"] == BOT_COMMITTER["name"]
    assert commit.changed_paths == ["README.md"]
    changed = changed_lines(before, after)
    item_lines = [line for line in changed if "<!-- id:" in line]
    assert item_lines == [
        "  - [x] 🟢 Commenting: Learn how to write effective comments. <!-- id:commenting done -->"
    ]
    # The rest are the progress block's lines.
    start = after.index("<!-- roadmap-bot:progress:start -->")
    end = after.index("<!-- roadmap-bot:progress:end -->")
    assert all(line in after[start:end] for line in changed if line not in item_lines)


def test_not_planned_strikes_through_and_reopen_unticks(fake: FakeGitHubServer) -> None:
    close(fake, "commenting", "not_planned")
    run_event(fake)
    assert read_states(readme_on_github(fake))["commenting"] is ItemState.SKIPPED
    assert "~~🟢 Commenting:" in readme_on_github(fake)
    reopen(fake, "commenting")
    run_event(fake)
    assert read_states(readme_on_github(fake))["commenting"] is ItemState.TODO
    assert fake.state.repo(REPO).commits[-1].message.startswith("Untick 'Commenting'")


def test_a_stale_sha_is_read_again(fake: FakeGitHubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    close(fake, "commenting")
    real_write = GitHubGateway.write_readme
    raced = []

    def someone_else_commits_first(self: GitHubGateway, text: str, sha: str, message: str) -> None:
        if not raced:
            raced.append(True)
            push_readme(fake, readme_on_github(fake) + "\nA note of mine.\n", "My note")
        real_write(self, text, sha, message)

    monkeypatch.setattr(GitHubGateway, "write_readme", someone_else_commits_first)
    lines = run_event(fake)
    after = readme_on_github(fake)
    assert after.endswith("\nA note of mine.\n")
    assert read_states(after)["commenting"] is ItemState.DONE
    assert any("changed while this run worked on it" in line for line in lines)


def test_twenty_concurrent_closes_end_with_twenty_ticks(fake: FakeGitHubServer) -> None:
    items = [p.id for p in SMALL.walk() if not p.item.children][:20]
    assert len(items) == 20
    errors: list[BaseException] = []

    def handler(item_id: str) -> None:
        try:
            close(fake, item_id)
            run_event(fake)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=handler, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    states = read_states(readme_on_github(fake))
    assert [item for item in items if states[item] is not ItemState.DONE] == []


def test_five_reopens_racing_fifteen_closes(fake: FakeGitHubServer) -> None:
    items = [p.id for p in SMALL.walk() if not p.item.children][:20]
    for item in items[:5]:
        close(fake, item)
    run_event(fake)

    def handler(item_id: str, reopening: bool) -> None:
        (reopen if reopening else close)(fake, item_id)
        run_event(fake)

    threads = [threading.Thread(target=handler, args=(item, i < 5)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    states = read_states(readme_on_github(fake))
    assert [states[item] for item in items] == [ItemState.TODO] * 5 + [ItemState.DONE] * 15


def test_a_box_ticked_by_hand_closes_the_issue(fake: FakeGitHubServer) -> None:
    text = readme_on_github(fake).replace(
        "- [ ] 🟢 Commenting: Learn how to write effective comments. <!-- id:commenting -->",
        "- [x] 🟢 Commenting: Learn how to write effective comments. <!-- id:commenting -->",
    )
    push_readme(fake, text, "I learnt commenting")
    run_sync(fake)
    issue = issue_for(fake, "commenting")
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert "<!-- id:commenting done -->" in readme_on_github(fake)


def test_the_last_child_closed_closes_the_parent_once_with_one_comment(
    fake: FakeGitHubServer,
) -> None:
    parent = "foundational-concepts"
    children = [c.id for c in SMALL.items_by_id()[parent].item.children]
    for child in children[:-1]:
        close(fake, child)
    run_event(fake)
    assert read_states(readme_on_github(fake))[parent] is ItemState.TODO
    assert issue_for(fake, parent).state == "open"
    close(fake, children[-1], "not_planned")
    run_event(fake)
    issue = issue_for(fake, parent)
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert [c.body for c in issue.comments] == [COMPLETED_COMMENT]
    assert read_states(readme_on_github(fake))[parent] is ItemState.DONE
    commits = fake.state.repo(REPO).commits
    assert [c.message for c in commits[-2:]] == [
        "Tick 1, skip 1",
        f"Record 'Foundational Concepts' (#{issue.number}) as done",
    ]
    # A child reopened later: the parent's issue, and so its box, stay as they are.
    reopen(fake, children[0])
    run_event(fake)
    assert issue_for(fake, parent).state == "closed"
    states = read_states(readme_on_github(fake))
    assert (states[parent], states[children[0]]) == (ItemState.DONE, ItemState.TODO)
    # Closed again: the parent is closed already, no second comment.
    close(fake, children[0])
    run_event(fake)
    assert len(issue_for(fake, parent).comments) == 1


def test_closing_a_parent_ticks_its_box_whatever_its_children(fake: FakeGitHubServer) -> None:
    close(fake, "foundational-concepts")
    run_event(fake)
    states = read_states(readme_on_github(fake))
    assert states["foundational-concepts"] is ItemState.DONE
    children = SMALL.items_by_id()["foundational-concepts"].item.children
    assert {states[c.id] for c in children} == {ItemState.TODO}


def test_a_parent_ticked_and_unticked_by_hand_closes_and_reopens_its_issue(
    fake: FakeGitHubServer,
) -> None:
    line = next(
        line
        for line in readme_on_github(fake).splitlines()
        if "<!-- id:foundational-concepts -->" in line
    )
    push_readme(fake, readme_on_github(fake).replace(line, line.replace("- [ ]", "- [x]", 1)))
    run_sync(fake)
    issue = issue_for(fake, "foundational-concepts")
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    assert read_states(readme_on_github(fake))["foundational-concepts"] is ItemState.DONE
    assert fake.state.repo(REPO).commits[-1].message == "Tick 1 from hand edits in README.md"
    line = next(
        line for line in readme_on_github(fake).splitlines() if "id:foundational-concepts" in line
    )
    push_readme(fake, readme_on_github(fake).replace(line, line.replace("- [x]", "- [ ]", 1)))
    run_sync(fake)
    assert issue_for(fake, "foundational-concepts").state == "open"
    assert read_states(readme_on_github(fake))["foundational-concepts"] is ItemState.TODO


def test_a_missed_event_is_healed_by_the_next_sync(fake: FakeGitHubServer) -> None:
    close(fake, "commenting")
    close(fake, "algorithms", "not_planned")
    run_sync(fake)
    states = read_states(readme_on_github(fake))
    assert (states["commenting"], states["algorithms"]) == (ItemState.DONE, ItemState.SKIPPED)


def test_an_item_added_by_hand_in_the_readme_stops_with_its_line(fake: FakeGitHubServer) -> None:
    text = readme_on_github(fake).replace(
        "## Database Management\n\n", "## Database Management\n\n- [ ] 🟢 Redis\n", 1
    )
    push_readme(fake, text)
    with pytest.raises(Exception, match=r"README.md:\d+:1: 'Redis' was added or changed by hand"):
        run_event(fake)
    assert readme_on_github(fake) == text


def test_no_readme_in_the_repository_is_a_notice(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github)
    lines = run_event(fake_github)
    assert lines == ["README.md is not in the repository: no ticks to keep"]


def test_readme_without_checklist_is_a_notice(fake_github: FakeGitHubServer) -> None:
    set_up(fake_github, files={"README.md": "# My notes\n"})
    assert run_event(fake_github) == ["README.md has no roadmap checklist: no ticks to keep"]


def test_the_job_reports_a_burn_up_and_links_the_page(fake: FakeGitHubServer) -> None:
    """The close dates come with the listing the README job makes; the progress block
    links to the page the workflow passes, and keeps the link on later runs."""
    assert readme_job(SMALL, gateway(fake), lambda _: None, readme_path="README.md").burnup is None
    close(fake, "commenting")
    fake.state.clock.now += 2 * 86_400
    close(fake, "refactoring", "not_planned")
    page = "https://learner.github.io/roadmap/"
    report = readme_job(
        SMALL, gateway(fake), lambda _: None, readme_path="README.md", page_url=page
    )
    assert report.burnup is not None
    days = [issue_for(fake, item_id).closed_at[:10] for item_id in ("commenting", "refactoring")]
    assert [(d.isoformat(), n) for d, n in report.burnup.points] == [(days[0], 1), (days[1], 2)]
    assert report.burnup.undated == 0
    assert f"📈 [The progress page]({page})" in readme_on_github(fake)
    commits = len(fake.state.repo(REPO).commits)
    run_event(fake)
    assert len(fake.state.repo(REPO).commits) == commits
    assert f"📈 [The progress page]({page})" in readme_on_github(fake)


def test_a_dry_run_shows_the_readme_commit_it_would_make(fake: FakeGitHubServer) -> None:
    close(fake, "commenting")
    before = readme_on_github(fake)
    commits = len(fake.state.repo(REPO).commits)
    fake.log.clear()
    lines: list[str] = []
    sync_job(
        SMALL,
        gateway(fake),
        lines.append,
        readme_path="README.md",
        dry_run=True,
        max_writes=None,
    )
    assert fake.log.writes == 0
    assert (readme_on_github(fake), len(fake.state.repo(REPO).commits)) == (before, commits)
    number = issue_for(fake, "commenting").number
    assert f"README.md: would commit \"Tick 'Commenting' (#{number})\"" in lines
    changed = [line for line in lines if line.startswith("  +") and "id:commenting" in line]
    assert changed == [
        "  +  - [x] 🟢 Commenting: Learn how to write effective comments. <!-- id:commenting done -->"
    ]


def test_complete_with_children_false_leaves_the_parent_to_the_learner(
    fake: FakeGitHubServer,
) -> None:
    own_pace = with_item(SMALL, "foundational-concepts", complete_with_children=False)
    for child in own_pace.items_by_id()["foundational-concepts"].item.children:
        close(fake, child.id)
        run_event(fake, own_pace)
    issue = issue_for(fake, "foundational-concepts")
    assert (issue.state, issue.comments) == ("open", [])
    assert read_states(readme_on_github(fake))["foundational-concepts"] is ItemState.TODO
