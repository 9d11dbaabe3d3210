"""Tests of the fake GitHub itself (tests/fakegithub): REST and GraphQL over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import socket
from typing import Any

import pytest
import requests

import github
from fakegithub import FakeGitHubServer, State, blob_sha
from fakegithub import openapi as oa
from fakegithub.netguard import NetworkBlockedError
from fakegithub.rest import Ctx, issue_json

OWNER, NAME = "octo", "roadmap"
REPO = f"{OWNER}/{NAME}"
ADMIN = "ghp_admin"
READER = "ghp_reader"
ACTIONS_READ = "ghs_actions_read"
ACTIONS_WRITE = "ghs_actions_write"


@pytest.fixture
def gh(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    s = fake_github.state
    s.add_repo(REPO, files={"README.md": "# Roadmap\n\n- [ ] one\n"})
    s.add_token(ADMIN, OWNER, scopes={"repo", "project"})
    s.add_token(READER, "reader", {REPO: "read"})
    s.add_token(ACTIONS_READ, "github-actions[bot]", {REPO: "read"}, is_actions_token=True)
    s.add_token(ACTIONS_WRITE, "github-actions[bot]", {REPO: "write"}, is_actions_token=True)
    return fake_github


def call(
    gh: FakeGitHubServer,
    method: str,
    path: str,
    token: str | None = ADMIN,
    body: Any = None,
    **kw: Any,
) -> requests.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    return requests.request(method, gh.url + path, headers=headers, json=body, timeout=5, **kw)


def gql(gh: FakeGitHubServer, query: str, variables: dict | None = None, token: str = ADMIN):
    r = requests.post(
        gh.graphql_url,
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"bearer {token}"},
        timeout=5,
    )
    assert r.status_code == 200, r.text
    return r.json()


def kinds(gh: FakeGitHubServer) -> list[str]:
    return [v.kind for v in gh.take_violations()]


# --------------------------------------------------------------------------- REST basics


def test_repo_get_has_permissions_node_id_and_headers(gh: FakeGitHubServer) -> None:
    r = call(gh, "GET", f"/repos/{REPO}")
    assert r.status_code == 200
    data = r.json()
    assert data["node_id"] == gh.state.repo(REPO).node_id
    assert data["has_issues"] is True
    assert data["permissions"]["admin"] is True
    assert data["url"] == f"{gh.url}/repos/{REPO}"
    for h in ("limit", "remaining", "used", "reset", "resource"):
        assert f"x-ratelimit-{h}" in r.headers
    assert r.headers["x-oauth-scopes"] == "project, repo"
    reader = call(gh, "GET", f"/repos/{REPO}", READER).json()
    assert reader["permissions"] == {
        "admin": False,
        "maintain": False,
        "push": False,
        "triage": False,
        "pull": True,
    }


def test_pygithub_round_trip(gh: FakeGitHubServer) -> None:
    g = gh.client(ADMIN)
    repo = g.get_repo(REPO)
    ms = repo.create_milestone("Basics", description="first")
    issue = repo.create_issue("Learn HTTP", body="body", labels=["difficulty: easy"], milestone=ms)
    assert [lb.name for lb in issue.labels] == ["difficulty: easy"]
    assert issue.milestone.number == ms.number
    assert issue.html_url == f"{gh.web_url}/{REPO}/issues/1"
    issue.edit(state="closed", state_reason="not_planned")
    assert (issue.state, issue.state_reason) == ("closed", "not_planned")
    assert repo.get_milestone(ms.number).closed_issues == 1
    issue.create_comment("done")
    assert [c.body for c in issue.get_comments()] == ["done"]
    assert g.get_user().login == OWNER
    assert g.get_rate_limit().resources.core.limit == 5000
    # the created label got GitHub's default colour
    assert repo.get_label("Difficulty: Easy").color == "ededed"
    # a list answer carries the full objects: PyGithub must not fetch each again
    gh.log.clear()
    listed = list(repo.get_issues(state="all"))
    assert listed[0].milestone.title == "Basics"
    assert listed[0].user.login == OWNER
    assert [e.operation for e in gh.log] == ["issues/list-for-repo"]


def test_pagination_with_link_header(gh: FakeGitHubServer) -> None:
    repo = gh.state.repo(REPO)
    token = gh.state.tokens[ADMIN]
    for n in range(65):
        gh.state.create_issue(repo, token, f"t{n}")
    r = call(gh, "GET", f"/repos/{REPO}/issues", params={"state": "all"})
    assert len(r.json()) == 30
    assert r.json()[0]["number"] == 65  # created, desc by default
    assert r.links["next"]["url"] == f"{gh.url}/repos/{REPO}/issues?state=all&page=2"
    assert r.links["last"]["url"].endswith("page=3")
    r3 = requests.get(
        r.links["last"]["url"], headers={"Authorization": f"token {ADMIN}"}, timeout=5
    )
    assert len(r3.json()) == 5
    assert set(r3.links) == {"prev", "first"}
    big = call(gh, "GET", f"/repos/{REPO}/issues", params={"per_page": 500, "direction": "asc"})
    assert len(big.json()) == 65
    assert big.json()[0]["number"] == 1
    gh.log.clear()
    numbers = [i.number for i in gh.client(ADMIN, per_page=20).get_repo(REPO).get_issues()]
    assert numbers == list(range(65, 0, -1))
    assert gh.log.count("issues/list-for-repo") == 4


def test_issue_list_filters(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    ms = s.create_milestone(repo, token, "S1")
    a = s.create_issue(repo, token, "a", labels=["x", "Y"], milestone=ms.number)
    s.create_issue(repo, token, "b", labels=["x"])
    c = s.create_issue(repo, token, "c")
    s.update_issue(c, token, state="closed")

    def numbers(**params: Any) -> list[int]:
        r = call(gh, "GET", f"/repos/{REPO}/issues", params=params)
        assert r.status_code == 200, r.text
        return [i["number"] for i in r.json()]

    assert numbers() == [2, 1]
    assert numbers(state="closed") == [3]
    assert numbers(state="all", direction="asc") == [1, 2, 3]
    assert numbers(labels="x,y") == [a.number]  # all must match, any case
    assert numbers(labels="x") == [2, 1]
    assert numbers(milestone=str(ms.number)) == [1]
    assert numbers(milestone="none", state="all") == [3, 2]
    assert numbers(milestone="*") == [1]


# --------------------------------------------------------------------------- contract


def test_operation_not_in_subset_is_404_and_a_violation(gh: FakeGitHubServer) -> None:
    r = call(gh, "GET", f"/repos/{REPO}/releases")  # repos/list-releases: left out
    assert r.status_code == 404
    assert r.headers["x-ratelimit-resource"] == "core"
    assert r.json()["message"] == "Not Found"
    assert "documentation_url" in r.json()
    r = call(gh, "DELETE", f"/repos/{REPO}/git/refs/heads/x")  # git/delete-ref: left out
    assert r.status_code == 404
    assert kinds(gh) == ["unknown-route", "unknown-route"]


def test_unknown_body_key_is_422(gh: FakeGitHubServer) -> None:
    r = call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "t", "labelz": ["x"]})
    assert r.status_code == 422
    assert r.json()["message"].startswith("Invalid request.\n\n")
    assert '"labelz" is not a permitted key' in r.json()["message"]
    assert not gh.state.repo(REPO).issues
    # nested objects too: the committer of a contents PUT
    readme = call(gh, "GET", f"/repos/{REPO}/contents/README.md").json()
    r = call(
        gh,
        "PUT",
        f"/repos/{REPO}/contents/README.md",
        body={
            "message": "m",
            "content": base64.b64encode(b"x").decode(),
            "sha": readme["sha"],
            "committer": {"name": "a", "email": "a@b", "login": "nope"},
        },
    )
    assert r.status_code == 422
    assert "committer" in r.json()["message"]
    assert kinds(gh) == ["invalid-body", "invalid-body"]


def test_missing_required_and_wrong_types(gh: FakeGitHubServer) -> None:
    r = call(gh, "POST", f"/repos/{REPO}/issues", body={"body": "no title"})
    assert r.status_code == 422
    assert '"title" wasn\'t supplied' in r.json()["message"]
    r = call(gh, "PATCH", f"/repos/{REPO}/issues/1", body={"state": "done"})
    assert r.status_code == 422
    r = call(gh, "GET", f"/repos/{REPO}/issues/abc")
    assert r.status_code == 422
    assert "issue_number" in r.json()["message"]
    r = call(gh, "GET", f"/repos/{REPO}/issues", params={"bogus": "1"})
    assert r.status_code == 422
    assert "'bogus'" in r.json()["message"]
    r = call(gh, "GET", f"/repos/{REPO}/issues", params={"state": "done"})
    assert r.status_code == 422
    r = requests.post(
        f"{gh.url}/repos/{REPO}/issues",
        data=b"{not json",
        headers={"Authorization": f"token {ADMIN}"},
        timeout=5,
    )
    assert r.status_code == 400
    assert r.json()["message"] == "Problems parsing JSON"
    assert kinds(gh) == [
        "invalid-body",
        "invalid-body",
        "invalid-params",
        "invalid-params",
        "invalid-params",
        "invalid-json",
    ]


def test_nullable_is_honoured(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    ms = s.create_milestone(repo, token, "S1")
    issue = s.create_issue(repo, token, "a", milestone=ms.number)
    r = call(gh, "PATCH", f"/repos/{REPO}/issues/1", body={"milestone": None, "body": None})
    assert r.status_code == 200, r.text
    assert issue.milestone is None
    assert issue.body is None


def test_add_labels_bare_array_is_rejected_object_form_works(gh: FakeGitHubServer) -> None:
    """The subset's add-labels body is oneOf [object with labels]: PyGithub's
    Issue.add_to_labels sends a bare array, which the description does not allow."""
    schema = oa.operation_by_id("issues/add-labels").body_schema
    assert schema is not None
    assert "oneOf" in schema
    issue = gh.client(ADMIN).get_repo(REPO).create_issue("t")
    with pytest.raises(github.GithubException) as exc:
        issue.add_to_labels("bug")
    assert exc.value.status == 422
    assert kinds(gh) == ["invalid-body"]
    r = call(gh, "POST", f"/repos/{REPO}/issues/1/labels", body={"labels": ["bug", "Docs"]})
    assert r.status_code == 200
    assert [(lb["name"], lb["color"]) for lb in r.json()] == [("bug", "ededed"), ("Docs", "ededed")]
    r = call(gh, "PUT", f"/repos/{REPO}/issues/1/labels", body={"labels": ["docs"]})
    assert [lb["name"] for lb in r.json()] == ["Docs"]
    r = call(gh, "DELETE", f"/repos/{REPO}/issues/1/labels/DOCS")
    assert r.status_code == 200
    assert r.json() == []
    assert call(gh, "DELETE", f"/repos/{REPO}/issues/1/labels/docs").status_code == 404


def test_response_validator_catches_a_broken_answer(gh: FakeGitHubServer) -> None:
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[ADMIN], "t")
    ctx = Ctx(s, s.tokens[ADMIN], gh.url, gh.web_url, "/", {}, {}, None)
    good = issue_json(ctx, issue)
    op = oa.operation_by_id("issues/get")
    assert oa.validate_response(op, 200, good) == []
    bad = dict(good)
    del bad["url"]
    bad["state_reason"] = "finished"
    problems = oa.validate_response(op, 200, bad)
    assert any("'url' is a required property" in p for p in problems)
    assert any("state_reason" in p for p in problems)


# --------------------------------------------------------------------------- labels, milestones


def test_labels_crud(gh: FakeGitHubServer) -> None:
    r = call(gh, "POST", f"/repos/{REPO}/labels", body={"name": "Bug", "color": "ff0000"})
    assert r.status_code == 201
    assert r.headers["Location"] == f"{gh.url}/repos/{REPO}/labels/Bug"
    r = call(gh, "POST", f"/repos/{REPO}/labels", body={"name": "bug"})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"resource": "Label", "code": "already_exists", "field": "name"}]
    r = call(gh, "POST", f"/repos/{REPO}/labels", body={"name": "x", "color": "#ff0000"})
    assert r.status_code == 422
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[ADMIN], "t", labels=["bug"])
    name = "difficulty: easy 🟢"
    assert call(gh, "POST", f"/repos/{REPO}/labels", body={"name": name}).status_code == 201
    r = call(
        gh,
        "PATCH",
        f"/repos/{REPO}/labels/{requests.utils.quote(name, safe='')}",
        body={"new_name": "easy", "description": "d"},
    )
    assert r.json()["name"] == "easy"
    assert r.json()["description"] == "d"
    r = call(gh, "PATCH", f"/repos/{REPO}/labels/BUG", body={"new_name": "defect"})
    assert issue.label_names == ["defect"]
    assert call(gh, "DELETE", f"/repos/{REPO}/labels/defect").status_code == 204
    assert issue.label_names == []
    assert call(gh, "GET", f"/repos/{REPO}/labels/defect").status_code == 404
    assert [lb["name"] for lb in call(gh, "GET", f"/repos/{REPO}/labels").json()] == ["easy"]


def test_milestones(gh: FakeGitHubServer) -> None:
    r = call(gh, "POST", f"/repos/{REPO}/milestones", body={"title": "S1", "description": "d"})
    assert r.status_code == 201
    assert r.json()["number"] == 1
    r = call(gh, "POST", f"/repos/{REPO}/milestones", body={"title": "S1"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "already_exists"
    call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "a", "milestone": 1})
    r = call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "b", "milestone": 9})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "milestone"
    r = call(gh, "PATCH", f"/repos/{REPO}/milestones/1", body={"state": "closed"})
    assert r.json()["state"] == "closed"
    assert r.json()["open_issues"] == 1
    assert [m["title"] for m in call(gh, "GET", f"/repos/{REPO}/milestones").json()] == []
    listed = call(gh, "GET", f"/repos/{REPO}/milestones", params={"state": "all"}).json()
    assert [m["title"] for m in listed] == ["S1"]


# --------------------------------------------------------------------------- permissions


def test_bad_credentials_and_anonymous_writes(gh: FakeGitHubServer) -> None:
    r = call(gh, "GET", f"/repos/{REPO}", "nope")
    assert r.status_code == 401
    assert r.json()["message"] == "Bad credentials"
    with pytest.raises(github.BadCredentialsException):
        gh.client("nope").get_repo(REPO)
    assert call(gh, "GET", f"/repos/{REPO}", None).status_code == 200  # public
    assert call(gh, "POST", f"/repos/{REPO}/issues", None, {"title": "t"}).status_code == 401
    r = requests.post(gh.graphql_url, json={"query": "{ viewer { login } }"}, timeout=5)
    assert r.status_code == 401


def test_read_access_drops_labels_and_milestone_on_create(gh: FakeGitHubServer) -> None:
    s = gh.state
    s.create_milestone(s.repo(REPO), s.tokens[ADMIN], "S1")
    r = call(
        gh, "POST", f"/repos/{REPO}/issues", READER, {"title": "t", "labels": ["x"], "milestone": 1}
    )
    assert r.status_code == 201
    assert r.json()["labels"] == []
    assert r.json()["milestone"] is None
    assert s.repo(REPO).label("x") is None  # not even created
    r = call(gh, "POST", f"/repos/{REPO}/issues/1/labels", READER, {"labels": ["x"]})
    assert r.status_code == 403
    assert r.json()["message"] == "Must have push access to repository."
    r = call(gh, "POST", f"/repos/{REPO}/issues", ACTIONS_READ, {"title": "t"})
    assert r.status_code == 403
    assert r.json()["message"] == "Resource not accessible by integration"
    r = call(gh, "POST", f"/repos/{REPO}/issues", ACTIONS_WRITE, {"title": "t", "labels": ["x"]})
    assert r.status_code == 201
    assert [lb["name"] for lb in r.json()["labels"]] == ["x"]
    s.add_repo("someone/secret", private=True)
    assert call(gh, "GET", "/repos/someone/secret").status_code == 404
    assert call(gh, "GET", "/repos/someone/secret/issues").status_code == 404


def test_issues_disabled_is_410(gh: FakeGitHubServer) -> None:
    gh.state.repo(REPO).has_issues = False
    for method, path, body in [
        ("GET", f"/repos/{REPO}/issues", None),
        ("POST", f"/repos/{REPO}/issues", {"title": "t"}),
        ("GET", f"/repos/{REPO}/issues/1", None),
    ]:
        r = call(gh, method, path, body=body)
        assert r.status_code == 410, (method, path)
        assert r.json()["message"] == "Issues are disabled for this repo"
    assert call(gh, "GET", f"/repos/{REPO}").json()["has_issues"] is False


# --------------------------------------------------------------------------- sub-issues


def test_sub_issues(gh: FakeGitHubServer) -> None:
    repo = gh.client(ADMIN).get_repo(REPO)
    parent, a, b, other = (repo.create_issue(t) for t in ("P", "A", "B", "Q"))
    parent.add_sub_issue(a)  # PyGithub sends a.id
    parent.add_sub_issue(b.id)
    # the number is not the id
    r = call(
        gh,
        "POST",
        f"/repos/{REPO}/issues/{parent.number}/sub_issues",
        body={"sub_issue_id": a.number},
    )
    assert r.status_code == 404
    r = call(
        gh, "POST", f"/repos/{REPO}/issues/{other.number}/sub_issues", body={"sub_issue_id": a.id}
    )
    assert r.status_code == 422
    assert "only have one parent" in r.json()["message"]
    r = call(
        gh,
        "POST",
        f"/repos/{REPO}/issues/{other.number}/sub_issues",
        body={"sub_issue_id": a.id, "replace_parent": True},
    )
    assert r.status_code == 201
    assert r.json()["number"] == other.number
    assert r.json()["sub_issues_summary"] == {"total": 1, "completed": 0, "percent_completed": 0}
    got = call(gh, "GET", f"/repos/{REPO}/issues/{a.number}/parent").json()
    assert got["number"] == other.number
    child = call(gh, "GET", f"/repos/{REPO}/issues/{a.number}").json()
    assert child["parent_issue_url"] == f"{gh.url}/repos/{REPO}/issues/{other.number}"
    assert call(gh, "GET", f"/repos/{REPO}/issues/{parent.number}/parent").status_code == 404
    # order and reprioritize
    c = repo.create_issue("C")
    parent.add_sub_issue(c)
    r = call(
        gh,
        "PATCH",
        f"/repos/{REPO}/issues/{parent.number}/sub_issues/priority",
        body={"sub_issue_id": c.id, "before_id": b.id},
    )
    assert r.status_code == 200
    assert [i.title for i in parent.get_sub_issues()] == ["C", "B"]
    r = call(
        gh,
        "DELETE",
        f"/repos/{REPO}/issues/{parent.number}/sub_issue",
        body={"sub_issue_id": c.id},
    )
    assert r.status_code == 200
    assert gh.state.issue(REPO, c.number).parent is None
    # cycles
    r = call(
        gh, "POST", f"/repos/{REPO}/issues/{b.number}/sub_issues", body={"sub_issue_id": parent.id}
    )
    assert r.status_code == 422


def test_sub_issue_limits(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    parent = s.create_issue(repo, token, "P")
    for n in range(100):
        s.create_issue(repo, token, f"c{n}", parent=parent)
    extra = s.create_issue(repo, token, "extra")
    r = call(
        gh,
        "POST",
        f"/repos/{REPO}/issues/{parent.number}/sub_issues",
        body={"sub_issue_id": extra.id},
    )
    assert r.status_code == 422
    assert "100 sub-issues" in r.json()["message"]
    # eight levels of nesting below a root
    chain = [s.create_issue(repo, token, "L0")]
    for n in range(1, 9):
        chain.append(s.create_issue(repo, token, f"L{n}", parent=chain[-1]))
    deeper = s.create_issue(repo, token, "L9")
    r = call(
        gh,
        "POST",
        f"/repos/{REPO}/issues/{chain[-1].number}/sub_issues",
        body={"sub_issue_id": deeper.id},
    )
    assert r.status_code == 422
    assert "8 levels" in r.json()["message"]
    assert deeper.parent is None


# --------------------------------------------------------------------------- contents


def test_contents_get_put_and_conflicts(gh: FakeGitHubServer) -> None:
    original = b"# Roadmap\n\n- [ ] one\n"
    real_sha = hashlib.sha1(b"blob %d\0" % len(original) + original).hexdigest()
    assert blob_sha(original) == real_sha
    repo = gh.client(ADMIN).get_repo(REPO)
    content = repo.get_contents("README.md")
    assert content.sha == real_sha
    assert content.decoded_content == original
    ticked = original.replace(b"[ ]", b"[x]")
    res = repo.update_file("README.md", "Tick one", ticked, content.sha)
    assert res["content"].sha == blob_sha(ticked)
    commit = gh.state.repo(REPO).commits[-1]
    assert commit.message == "Tick one"
    assert commit.changed_paths == ["README.md"]
    assert commit.committer["name"] == OWNER
    assert not commit.by_actions_token
    assert gh.state.repo(REPO).files["README.md"] == ticked
    # stale sha: 409 with GitHub's message
    with pytest.raises(github.GithubException) as exc:
        repo.update_file("README.md", "again", original, content.sha)
    assert exc.value.status == 409
    assert exc.value.data["message"] == f"README.md does not match {content.sha}"
    # no sha on an existing file: 422
    r = call(
        gh,
        "PUT",
        f"/repos/{REPO}/contents/README.md",
        ACTIONS_WRITE,
        {"message": "m", "content": base64.b64encode(b"x").decode()},
    )
    assert r.status_code == 422
    assert r.json()["message"] == 'Invalid request.\n\n"sha" wasn\'t supplied.'
    # a new file: 201; pushed with the actions token
    r = call(
        gh,
        "PUT",
        f"/repos/{REPO}/contents/docs/new.md",
        ACTIONS_WRITE,
        {"message": "add", "content": base64.b64encode(b"new").decode()},
    )
    assert r.status_code == 201
    assert gh.state.repo(REPO).commits[-1].by_actions_token
    assert call(gh, "GET", f"/repos/{REPO}/contents/nope.md").status_code == 404
    listing = call(gh, "GET", f"/repos/{REPO}/contents/").json()
    assert [(e["name"], e["type"]) for e in listing] == [("README.md", "file"), ("docs", "dir")]
    old = call(gh, "GET", f"/repos/{REPO}/contents/README.md", params={"ref": commit.parents[0]})
    assert base64.b64decode(old.json()["content"]) == original
    assert (
        call(
            gh, "PUT", f"/repos/{REPO}/contents/x", READER, {"message": "m", "content": ""}
        ).status_code
        == 403
    )


# --------------------------------------------------------------------------- faults


def test_lost_answer_leaves_the_issue_created(gh: FakeGitHubServer) -> None:
    gh.faults.lose_answer(502, operation="issues/create")
    repo = gh.client(ADMIN).get_repo(REPO)
    with pytest.raises(github.GithubException) as exc:
        repo.create_issue("once")
    assert exc.value.status == 502
    assert [i.title for i in gh.state.repo(REPO).issues.values()] == ["once"]
    entry = gh.log.find("issues/create")[0]
    assert (entry.status, entry.fault, entry.acted) == (502, "status", True)
    repo.create_issue("twice")  # the fault fired once
    assert len(gh.state.repo(REPO).issues) == 2


def test_pygithub_default_retry_duplicates_a_post_whose_answer_was_lost(
    gh: FakeGitHubServer,
) -> None:
    """Why the product must not use PyGithub's default retry for creations."""
    gh.faults.lose_answer(502, operation="issues/create")
    g = gh.client(ADMIN, retry=github.GithubRetry(total=2, backoff_factor=0))
    issue = g.get_repo(REPO).create_issue("once?")
    assert issue.number == 2
    assert [i.title for i in gh.state.repo(REPO).issues.values()] == ["once?", "once?"]
    assert gh.log.count("issues/create") == 2


def test_status_fault_does_not_act_and_counts_after(gh: FakeGitHubServer) -> None:
    gh.faults.status(503, method="POST", operation="issues/create", after=1, times=2)
    codes = [
        call(gh, "POST", f"/repos/{REPO}/issues", body={"title": str(n)}).status_code
        for n in range(4)
    ]
    assert codes == [201, 503, 503, 201]
    assert [i.title for i in gh.state.repo(REPO).issues.values()] == ["0", "3"]


def test_drop_connection(gh: FakeGitHubServer) -> None:
    gh.faults.drop(act=True, operation="issues/create")
    with pytest.raises(requests.ConnectionError):
        call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "t"})
    assert len(gh.state.repo(REPO).issues) == 1
    gh.faults.drop(act=False, operation="issues/create")
    with pytest.raises(requests.ConnectionError):
        call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "t2"})
    assert len(gh.state.repo(REPO).issues) == 1
    assert gh.log.entries[-1].status is None


def test_secondary_rate_limits(gh: FakeGitHubServer) -> None:
    gh.faults.secondary_rate_limit(retry_after=7, writes=True)
    r = call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "t"})
    assert r.status_code == 403
    assert r.headers["Retry-After"] == "7"
    assert r.json()["message"].startswith("You have exceeded a secondary rate limit")
    assert not gh.state.repo(REPO).issues
    gh.faults.secondary_rate_limit(status=429, retry_after=None, mutation="createIssue")
    node = gh.state.repo(REPO).node_id
    r = requests.post(
        gh.graphql_url,
        json={
            "query": f'mutation {{ createIssue(input: {{repositoryId: "{node}", title: "t"}}) {{ issue {{ number }} }} }}'
        },
        headers={"Authorization": f"bearer {ADMIN}"},
        timeout=5,
    )
    assert r.status_code == 429
    assert "Retry-After" not in r.headers
    gh.faults.secondary_rate_limit(operation="repos/get")
    client = gh.client(ADMIN)
    with pytest.raises(github.RateLimitExceededException):
        client.get_repo(REPO)


def test_primary_rate_limit(gh: FakeGitHubServer) -> None:
    gh.state.add_token("ghp_small", OWNER, rate_limit=2)
    remaining = [
        call(gh, "GET", f"/repos/{REPO}", "ghp_small").headers["x-ratelimit-remaining"]
        for _ in range(2)
    ]
    assert remaining == ["1", "0"]
    assert call(gh, "GET", "/rate_limit", "ghp_small").status_code == 200  # not counted
    r = call(gh, "GET", f"/repos/{REPO}", "ghp_small")
    assert r.status_code == 403
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert r.json()["message"].startswith("API rate limit exceeded")
    gh.faults.primary_rate_limit(reset_in=60, operation="issues/list-for-repo")
    r = call(gh, "GET", f"/repos/{REPO}/issues")
    assert r.status_code == 403
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert int(r.headers["x-ratelimit-reset"]) == gh.state.clock.now + 60


def test_refuse_all_after_writes(gh: FakeGitHubServer) -> None:
    call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "before"})
    gh.faults.refuse_all_after_writes(2)
    codes = [
        call(gh, "POST", f"/repos/{REPO}/issues", body={"title": str(n)}).status_code
        for n in range(3)
    ]
    assert codes == [201, 201, 503]
    assert call(gh, "GET", f"/repos/{REPO}").status_code == 503
    gh.faults.clear()
    assert call(gh, "GET", f"/repos/{REPO}").status_code == 200
    assert len(gh.state.repo(REPO).issues) == 3


def test_request_log_counters(gh: FakeGitHubServer) -> None:
    gh.log.clear()
    call(gh, "GET", f"/repos/{REPO}")
    call(gh, "POST", f"/repos/{REPO}/issues", body={"title": "t"})
    node = gh.state.repo(REPO).node_id
    gql(gh, "query Repo { viewer { login } }")
    gql(
        gh,
        f'mutation {{ createIssue(input: {{repositoryId: "{node}", title: "g"}}) {{ issue {{ id }} }} }}',
    )
    assert gh.log.reads == 2
    assert gh.log.writes == 2
    assert gh.log.graphql_mutations == 1
    assert gh.log.operations() == [
        "repos/get",
        "issues/create",
        "graphql:Repo",
        "graphql:createIssue",
    ]


# --------------------------------------------------------------------------- GraphQL


def test_graphql_invalid_document_answers_errors(gh: FakeGitHubServer) -> None:
    out = gql(gh, "{ viewer { loginz } }")
    assert "data" not in out
    assert out["errors"][0]["locations"] == [{"line": 1, "column": 12}]
    assert "loginz" in out["errors"][0]["message"]
    out = gql(gh, "{ viewer { login ")
    assert out["errors"][0]["message"].startswith("Syntax Error")
    assert kinds(gh) == ["invalid-graphql", "invalid-graphql"]
    # variables that do not match their declared types
    out = gql(
        gh,
        'query($n: Int!) { rateLimit { cost } repository(owner: "o", name: "r") { issue(number: $n) { id } } }',
        {"n": "x"},
    )
    assert "errors" in out
    assert kinds(gh) == ["invalid-graphql-variables"]
    with pytest.raises(github.GithubException):
        gh.client(ADMIN).requester.graphql_query("{ viewer { nope } }", {})
    assert kinds(gh) == ["invalid-graphql"]


def test_graphql_create_issue_with_parent_labels_and_milestone(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    parent = s.create_issue(repo, token, "P")
    label = s.create_label(repo, token, "easy")
    ms = s.create_milestone(repo, token, "S1")
    doc = """
    mutation Create($input: CreateIssueInput!) {
      createIssue(input: $input) {
        issue { id number title parent { number } labels(first: 10) { nodes { name } }
                milestone { title } repository { nameWithOwner } state stateReason }
      }
    }"""
    variables = {
        "input": {
            "repositoryId": repo.node_id,
            "title": "child",
            "body": "b",
            "labelIds": [label.node_id],
            "milestoneId": ms.node_id,
            "parentIssueId": parent.node_id,
        }
    }
    _, data = gh.client(ADMIN).requester.graphql_query(doc, variables)
    issue = data["data"]["createIssue"]["issue"]
    assert issue["parent"] == {"number": parent.number}
    assert issue["labels"]["nodes"] == [{"name": "easy"}]
    assert issue["milestone"] == {"title": "S1"}
    assert (issue["state"], issue["stateReason"]) == ("OPEN", None)
    assert s.issue(REPO, issue["number"]).parent is parent
    assert (
        call(gh, "GET", f"/repos/{REPO}/issues/{issue['number']}/parent").json()["number"]
        == parent.number
    )
    # without push access labels and milestone are dropped, as in REST
    variables["input"].pop("parentIssueId")
    out = gql(gh, doc, variables, token=READER)
    dropped = out["data"]["createIssue"]["issue"]
    assert dropped["labels"]["nodes"] == []
    assert dropped["milestone"] is None
    # the repository GITHUB_TOKEN with read access may not create at all
    out = gql(gh, doc, variables, token=ACTIONS_READ)
    assert out["data"] == {"createIssue": None}
    assert out["errors"][0]["type"] == "FORBIDDEN"


def test_graphql_not_found(gh: FakeGitHubServer) -> None:
    out = gql(gh, '{ node(id: "I_nope") { id } }')
    assert out["data"] == {"node": None}
    assert out["errors"] == [
        {
            "message": "Could not resolve to a node with the global id of 'I_nope'",
            "locations": [{"line": 1, "column": 3}],
            "path": ["node"],
            "type": "NOT_FOUND",
        }
    ]
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[ADMIN], "t")
    out = gql(
        gh, f'{{ nodes(ids: ["{issue.node_id}", "x"]) {{ __typename ... on Issue {{ number }} }} }}'
    )
    assert out["data"]["nodes"] == [{"__typename": "Issue", "number": 1}, None]
    assert out["errors"][0]["path"] == ["nodes", 1]
    out = gql(gh, '{ repository(owner: "octo", name: "roadmap") { issue(number: 7) { id } } }')
    assert out["data"] == {"repository": {"issue": None}}
    assert out["errors"][0]["type"] == "NOT_FOUND"
    out = gql(gh, '{ repository(owner: "octo", name: "nope") { id } }')
    assert (
        out["errors"][0]["message"]
        == "Could not resolve to a Repository with the name 'octo/nope'."
    )
    with pytest.raises(github.UnknownObjectException):
        gh.client(ADMIN).requester.graphql_query('{ node(id: "zz") { id } }', {})
    # an object in a repository the token cannot see does not exist for it
    secret_repo = s.add_repo("someone/secret", private=True)
    secret = s.create_issue(secret_repo, s.add_token("ghp_someone", "someone"), "hidden")
    out = gql(gh, f'{{ node(id: "{secret.node_id}") {{ id }} }}')
    assert out["errors"][0]["type"] == "NOT_FOUND"


def test_graphql_nodes_and_issue_connection(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    for n in range(5):
        s.create_issue(repo, token, f"t{n}", labels=["managed"] if n % 2 == 0 else [])
    s.update_issue(repo.issues[5], token, state="closed", state_reason="not_planned")
    q = """query($after: String) { repository(owner: "octo", name: "roadmap") {
        issues(first: 2, after: $after, labels: ["managed"], states: [OPEN, CLOSED]) {
          totalCount pageInfo { hasNextPage endCursor } nodes { number state stateReason } } } }"""
    page1 = gql(gh, q)["data"]["repository"]["issues"]
    assert page1["totalCount"] == 3
    assert [n["number"] for n in page1["nodes"]] == [1, 3]
    assert page1["pageInfo"]["hasNextPage"] is True
    page2 = gql(gh, q, {"after": page1["pageInfo"]["endCursor"]})["data"]["repository"]["issues"]
    assert page2["nodes"] == [{"number": 5, "state": "CLOSED", "stateReason": "NOT_PLANNED"}]
    assert page2["pageInfo"]["hasNextPage"] is False
    out = gql(gh, '{ repository(owner: "octo", name: "roadmap") { issues { totalCount } } }')
    assert out["errors"][0]["type"] == "MISSING_PAGINATION_BOUNDARIES"
    out = gql(
        gh, '{ repository(owner: "octo", name: "roadmap") { labels(first: 101) { totalCount } } }'
    )
    assert out["errors"][0]["type"] == "EXCESSIVE_PAGINATION"
    out = gql(gh, "{ viewer { login } rateLimit { cost remaining resetAt } }")
    assert out["data"]["viewer"] == {"login": OWNER}
    assert out["data"]["rateLimit"]["cost"] == 1


def test_graphql_sub_issue_mutations(gh: FakeGitHubServer) -> None:
    s = gh.state
    repo, token = s.repo(REPO), s.tokens[ADMIN]
    p, a, b = (s.create_issue(repo, token, t) for t in "PAB")
    add = "mutation($i: ID!, $s: ID!) { addSubIssue(input: {issueId: $i, subIssueId: $s}) { issue { subIssues(first: 5) { nodes { title } } subIssuesSummary { total } } subIssue { parent { title } } } }"
    out = gql(gh, add, {"i": p.node_id, "s": a.node_id})
    assert out["data"]["addSubIssue"]["subIssue"] == {"parent": {"title": "P"}}
    out = gql(gh, add, {"i": b.node_id, "s": a.node_id})
    assert out["data"]["addSubIssue"] is None
    assert out["errors"][0]["type"] == "UNPROCESSABLE"
    rm = "mutation($i: ID!, $s: ID!) { removeSubIssue(input: {issueId: $i, subIssueId: $s}) { issue { subIssuesSummary { total } } } }"
    out = gql(gh, rm, {"i": p.node_id, "s": a.node_id})
    assert out["data"]["removeSubIssue"]["issue"]["subIssuesSummary"] == {"total": 0}


def test_graphql_field_the_fake_lacks_is_a_violation(gh: FakeGitHubServer) -> None:
    out = gql(gh, '{ repository(owner: "octo", name: "roadmap") { stargazerCount } }')
    assert "fakegithub does not implement Repository.stargazerCount" in out["errors"][0]["message"]
    assert kinds(gh) == ["unimplemented"]


# --------------------------------------------------------------------------- modes, guards


def test_enterprise_prefix(fake_github_enterprise: FakeGitHubServer) -> None:
    gh = fake_github_enterprise
    gh.state.add_repo(REPO)
    gh.state.add_token(ADMIN, OWNER)
    assert gh.url.endswith("/api/v3")
    assert gh.graphql_url.endswith("/api/graphql")
    g = gh.client(ADMIN)
    issue = g.get_repo(REPO).create_issue("t")
    assert issue.url == f"{gh.url}/repos/{REPO}/issues/1"
    assert issue.html_url == f"{gh.web_url}/{REPO}/issues/1"
    _, data = g.requester.graphql_query("{ viewer { login } }", {})
    assert data["data"]["viewer"]["login"] == OWNER
    r = requests.get(
        f"{gh.web_url}/repos/{REPO}", headers={"Authorization": f"token {ADMIN}"}, timeout=5
    )
    assert r.status_code == 404
    r = requests.post(f"{gh.web_url}/graphql", json={"query": "{ viewer { login } }"}, timeout=5)
    assert r.status_code == 404
    assert [v.kind for v in gh.take_violations()] == ["unknown-route", "unknown-route"]


def test_deterministic_ids_and_times() -> None:
    def run() -> list[Any]:
        s = State()
        repo = s.add_repo(REPO)
        token = s.add_token(ADMIN, OWNER)
        i = s.create_issue(repo, token, "t", labels=["x"])
        return [repo.node_id, i.id, i.node_id, i.created_at, i.labels[0].node_id]

    first = run()
    assert first == run()
    assert first[3] == "2025-01-01T00:00:03Z"


def test_network_guard_refuses_non_loopback() -> None:
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)
    with pytest.raises(NetworkBlockedError):
        requests.get("https://api.github.com/", timeout=0.1)
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        socket.create_connection(srv.getsockname(), timeout=1).close()
