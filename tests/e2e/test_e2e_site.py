"""End to end: `roadmap-bot site` (and the README's link to the page) as the installed
command, on files and against the fake GitHub."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from commands import no_traceback, run
from fakegithub import FakeGitHubServer
from roadmap_bot.issues.body import item_marker
from roadmap_bot.readme.progress import PAGE_LINK_TEXT
from syncing import REPO, ROOT, TOKEN, set_up

DAY = 86_400


def files(tmp_path: Path) -> tuple[Path, Path]:
    roadmap, readme = tmp_path / "roadmap.yaml", tmp_path / "README.md"
    shutil.copy(ROOT / "roadmap.yaml", roadmap)
    shutil.copy(ROOT / "README.md", readme)
    return roadmap, readme


def test_site_offline_on_the_seed(tmp_path: Path) -> None:
    roadmap, readme = files(tmp_path)
    for item_id in ("programming-logic", "helm"):
        assert (
            run("check", item_id, "--roadmap", str(roadmap), "--readme", str(readme)).returncode
            == 0
        )
    out = tmp_path / "out" / "site"
    result = run("site", "--out", str(out), "--roadmap", str(roadmap), "--readme", str(readme))
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    size = len(html.encode())
    assert result.stdout == (
        f"{out / 'index.html'}: 168 items in 12 sections, 1% finished ({size // 1024} KB)\n"
    )
    assert size < 500_000
    assert 'data-item-id="helm" data-state="done"' in html
    assert 'id="burnup"' not in html  # no close dates offline
    assert list(out.iterdir()) == [out / "index.html"]  # self-contained: nothing beside it


def test_site_reads_issue_links_and_close_dates_from_one_listing(
    fake_github: FakeGitHubServer, tmp_path: Path
) -> None:
    roadmap, readme = files(tmp_path)
    set_up(fake_github, files={"README.md": readme.read_text(encoding="utf-8")})
    env = {**fake_github.env(TOKEN, REPO), "ROADMAP_BOT_WRITE_INTERVAL": "0"}
    assert run("sync", "--roadmap", str(roadmap), env=env).returncode == 0
    state = fake_github.state
    repo, token = state.repo(REPO), state.tokens[TOKEN]
    for item_id in ("helm", "docker-volumes", "programming-logic"):
        issue = next(i for i in repo.issues.values() if item_marker(item_id) in (i.body or ""))
        state.clock.now += 3 * DAY
        state.update_issue(issue, token, state="closed", state_reason="completed")
    # The README follows the issues (as the workflow's sync does before the page is made).
    assert run("sync", "--roadmap", str(roadmap), env=env).returncode == 0
    readme.write_bytes(repo.files["README.md"])
    fake_github.log.clear()

    out = tmp_path / "site"
    args = ("site", "--out", str(out), "--roadmap", str(roadmap), "--readme", str(readme))
    result = run(*args, "--repo", REPO, env={**env, "GITHUB_REPOSITORY": ""})

    assert result.returncode == 0, result.stderr
    assert "168 linked to their issues, 1% finished" in result.stdout
    # One paginated listing of the managed issues, no request per item, nothing written.
    assert {e.operation for e in fake_github.log} == {"issues/list-for-repo"}
    assert len(fake_github.log) == 2  # 168 issues: two pages of 100
    html = (out / "index.html").read_text(encoding="utf-8")
    helm = next(i for i in repo.issues.values() if item_marker("helm") in (i.body or ""))
    assert f'href="{fake_github.web_url}/{REPO}/issues/{helm.number}"' in html
    assert f"#{helm.number}<" in html
    assert 'id="burnup"' in html
    assert "3 so far" in html
    assert len(set(re.findall(r'href="[^"]*/issues/\d+"', html))) == 168  # each its own


def test_site_needs_a_token_with_repo(tmp_path: Path) -> None:
    roadmap, readme = files(tmp_path)
    result = run(
        "site",
        "--out",
        str(tmp_path / "s"),
        "--roadmap",
        str(roadmap),
        "--readme",
        str(readme),
        "--repo",
        REPO,
    )
    assert result.returncode != 0
    assert "GITHUB_TOKEN" in result.stderr
    no_traceback(result)
    assert not (tmp_path / "s").exists()


def test_site_into_a_file_says_so(tmp_path: Path) -> None:
    roadmap, readme = files(tmp_path)
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    common = ("--roadmap", str(roadmap), "--readme", str(readme))
    result = run("site", "--out", str(tmp_path / "taken"), *common)
    assert result.returncode == 2
    assert f"Directory '{tmp_path / 'taken'}' is a file." in result.stderr
    below = tmp_path / "taken" / "site"
    result = run("site", "--out", str(below), *common)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {below / 'index.html'}: cannot write the page: Not a directory\n"
    )


def test_site_of_a_hostile_roadmap_is_inert(tmp_path: Path) -> None:
    roadmap, readme = tmp_path / "roadmap.yaml", tmp_path / "README.md"
    roadmap.write_text(
        "title: '<script>alert(1)</script>'\n"
        "sections:\n"
        "  - title: '{{ 7 * 7 }}'\n"
        "    items:\n"
        "      - id: evil\n"
        "        title: '<img src=x onerror=alert(2)>'\n"
        "        url: 'javascript:alert(3)'\n"
        "        links:\n"
        "          - title: click\n"
        "            url: 'JAVASCRIPT:alert(4)'\n",
        encoding="utf-8",
    )
    readme.write_text(
        "<!-- roadmap-bot:checklist:start -->\n<!-- roadmap-bot:checklist:end -->\n",
        encoding="utf-8",
    )
    assert run("render", "--roadmap", str(roadmap), "--readme", str(readme)).returncode == 0
    result = run("site", "--out", str(tmp_path), "--roadmap", str(roadmap), "--readme", str(readme))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html.lower()
    assert "{{ 7 * 7 }}" in html


def test_render_links_the_progress_block_to_the_page(tmp_path: Path) -> None:
    roadmap, readme = files(tmp_path)
    args = ("render", "--roadmap", str(roadmap), "--readme", str(readme))
    page = "https://learner.github.io/roadmap/"
    assert run(*args, env={"ROADMAP_PAGES_URL": page}).returncode == 0
    link = PAGE_LINK_TEXT.format(url=page)
    assert link in readme.read_text(encoding="utf-8")
    # Unset: kept (and render --check agrees); empty: taken out.
    assert run(*args, "--check").returncode == 0
    assert run(*args, env={"ROADMAP_PAGES_URL": ""}).returncode == 0
    assert readme.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")
    bad = run(*args, env={"ROADMAP_PAGES_URL": "javascript:alert(1)"})
    assert bad.returncode == 2
    assert bad.stderr == (
        "error: ROADMAP_PAGES_URL: 'javascript:alert(1)' is not an http(s) URL (such as "
        "https://octocat.github.io/roadmap/); leave it empty for no link\n"
    )
    assert json.loads(run("progress", "--format", "json", "--readme", str(readme)).stdout)
