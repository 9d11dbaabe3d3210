"""Tests of the fake GitHub's Projects (v2) part (tests/fakegithub/projects.py)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from test_fakegithub import gql as gql_as

from fakegithub import FakeGitHubServer
from fakegithub.projects import Project, add_project

OWNER = "learner"
REPO = f"{OWNER}/roadmap"
PAT = "ghp_classic_project"  # classic PAT with the project scope
REPO_ONLY = "ghp_classic_repo_only"
ACTIONS = "ghs_actions"


@pytest.fixture
def gh(fake_github: FakeGitHubServer) -> FakeGitHubServer:
    s = fake_github.state
    s.add_repo(REPO)
    s.add_token(PAT, OWNER, scopes={"repo", "project"})
    s.add_token(REPO_ONLY, OWNER, scopes={"repo"})
    s.add_token(ACTIONS, "github-actions[bot]", {REPO: "write"}, is_actions_token=True)
    return fake_github


@pytest.fixture
def board(gh: FakeGitHubServer) -> Project:
    return add_project(gh.state, OWNER, title="Roadmap")


def gql(gh: FakeGitHubServer, query: str, variables: dict | None = None, token: str = PAT) -> Any:
    """test_fakegithub's gql, as the classic project token unless told otherwise."""
    return gql_as(gh, query, variables, token)


BOARD_Q = """
query($login: String!, $number: Int!) {
  user(login: $login) {
    projectV2(number: $number) {
      id title url
      fields(first: 50) { nodes {
        ... on ProjectV2FieldCommon { id name dataType }
        ... on ProjectV2SingleSelectField { options { id name color } } } }
      items(first: 100) { totalCount nodes { id content { ... on Issue { number } }
        fieldValues(first: 20) { nodes {
          ... on ProjectV2ItemFieldSingleSelectValue { name optionId field { ... on ProjectV2FieldCommon { name } } }
          ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } } } } } }
    }
  }
}"""

ADD = """mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id } } }"""
SET = """mutation($p: ID!, $i: ID!, $f: ID!, $o: String!) {
  updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: {singleSelectOptionId: $o}}) {
    projectV2Item { id } } }"""
CREATE_FIELD = """mutation($p: ID!, $name: String!, $opts: [ProjectV2SingleSelectFieldOptionInput!]) {
  createProjectV2Field(input: {projectId: $p, dataType: SINGLE_SELECT, name: $name, singleSelectOptions: $opts}) {
    projectV2Field { ... on ProjectV2SingleSelectField { id name options { id name } } } } }"""
UPDATE_FIELD = """mutation($f: ID!, $opts: [ProjectV2SingleSelectFieldOptionInput!]) {
  updateProjectV2Field(input: {fieldId: $f, singleSelectOptions: $opts}) {
    projectV2Field { ... on ProjectV2SingleSelectField { options { id name } } } } }"""


def opts(*names: str) -> list[dict[str, str]]:
    return [{"name": n, "color": "GRAY", "description": ""} for n in names]


def test_board_items_fields_and_values(gh: FakeGitHubServer, board: Project) -> None:
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[PAT], "Learn SQL")
    out = gql(
        gh, CREATE_FIELD, {"p": board.node_id, "name": "Difficulty", "opts": opts("Easy", "Hard")}
    )
    fld = out["data"]["createProjectV2Field"]["projectV2Field"]
    assert [o["name"] for o in fld["options"]] == ["Easy", "Hard"]
    item_id = gql(gh, ADD, {"p": board.node_id, "c": issue.node_id})["data"][
        "addProjectV2ItemById"
    ]["item"]["id"]
    # adding again gives the same item
    again = gql(gh, ADD, {"p": board.node_id, "c": issue.node_id})["data"]["addProjectV2ItemById"][
        "item"
    ]["id"]
    assert again == item_id
    hard = fld["options"][1]["id"]
    out = gql(gh, SET, {"p": board.node_id, "i": item_id, "f": fld["id"], "o": hard})
    assert "errors" not in out
    data = gql(gh, BOARD_Q, {"login": OWNER, "number": 1})["data"]["user"]["projectV2"]
    assert data["title"] == "Roadmap"
    names = [f["name"] for f in data["fields"]["nodes"]]
    assert names[:3] == ["Title", "Assignees", "Status"]
    assert "Difficulty" in names
    values = data["items"]["nodes"][0]["fieldValues"]["nodes"]
    assert {"text": "Learn SQL", "field": {"name": "Title"}} in values
    assert {"name": "Hard", "optionId": hard, "field": {"name": "Difficulty"}} in values
    assert board.items[0].value_of("Difficulty") == "Hard"
    # an option id of another field is refused
    status_opt = board.field("Status").options[0].id
    out = gql(gh, SET, {"p": board.node_id, "i": item_id, "f": fld["id"], "o": status_opt})
    assert out["data"]["updateProjectV2ItemFieldValue"] is None
    assert out["errors"][0]["type"] == "UNPROCESSABLE"
    # the issue knows its items
    q = '{ node(id: "%s") { ... on Issue { projectItems(first: 5) { nodes { project { title } } } } } }'
    out = gql(gh, q % issue.node_id)
    assert out["data"]["node"]["projectItems"]["nodes"] == [{"project": {"title": "Roadmap"}}]
    # a field name is unique
    out = gql(gh, CREATE_FIELD, {"p": board.node_id, "name": "difficulty", "opts": opts("X")})
    assert out["errors"][0]["message"] == "Name has already been taken"


def test_update_field_overwrites_options_and_clears_values(
    gh: FakeGitHubServer, board: Project
) -> None:
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[PAT], "t")
    out = gql(gh, CREATE_FIELD, {"p": board.node_id, "name": "Section", "opts": opts("A", "B")})
    fld = out["data"]["createProjectV2Field"]["projectV2Field"]
    item_id = gql(gh, ADD, {"p": board.node_id, "c": issue.node_id})["data"][
        "addProjectV2ItemById"
    ]["item"]["id"]
    gql(gh, SET, {"p": board.node_id, "i": item_id, "f": fld["id"], "o": fld["options"][0]["id"]})
    out = gql(gh, UPDATE_FIELD, {"f": fld["id"], "opts": opts("A", "C")})
    new = out["data"]["updateProjectV2Field"]["projectV2Field"]["options"]
    assert [o["name"] for o in new] == ["A", "C"]
    assert new[0]["id"] != fld["options"][0]["id"]  # every option is new
    assert board.items[0].value_of("Section") is None
    # boards that keep option ids by name keep the values of kept options
    board.keep_option_ids_by_name = True
    gql(gh, SET, {"p": board.node_id, "i": item_id, "f": fld["id"], "o": new[0]["id"]})
    out = gql(gh, UPDATE_FIELD, {"f": fld["id"], "opts": opts("A", "D")})
    kept = out["data"]["updateProjectV2Field"]["projectV2Field"]["options"]
    assert kept[0]["id"] == new[0]["id"]
    assert board.items[0].value_of("Section") == "A"
    gql(gh, UPDATE_FIELD, {"f": fld["id"], "opts": opts("D")})
    assert board.items[0].value_of("Section") is None


def test_update_field_keeps_options_sent_with_their_id(
    gh: FakeGitHubServer, board: Project
) -> None:
    """ProjectV2SingleSelectFieldOptionInput.id: "Include this to preserve the option's
    identity during updates, preventing item field values from being cleared."""
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[PAT], "t")
    out = gql(gh, CREATE_FIELD, {"p": board.node_id, "name": "Section", "opts": opts("A", "B")})
    fld = out["data"]["createProjectV2Field"]["projectV2Field"]
    item_id = gql(gh, ADD, {"p": board.node_id, "c": issue.node_id})["data"][
        "addProjectV2ItemById"
    ]["item"]["id"]
    a_id = fld["options"][0]["id"]
    gql(gh, SET, {"p": board.node_id, "i": item_id, "f": fld["id"], "o": a_id})
    sent = [{**opts("A renamed")[0], "id": a_id}, *opts("C")]
    out = gql(gh, UPDATE_FIELD, {"f": fld["id"], "opts": sent})
    new = out["data"]["updateProjectV2Field"]["projectV2Field"]["options"]
    assert [(o["name"], o["id"] == a_id) for o in new] == [("A renamed", True), ("C", False)]
    assert board.items[0].value_of("Section") == "A renamed"
    out = gql(gh, UPDATE_FIELD, {"f": fld["id"], "opts": [{**opts("X")[0], "id": "nope"}]})
    assert out["errors"][0]["type"] == "NOT_FOUND"


def test_access_rules(gh: FakeGitHubServer, board: Project) -> None:
    q = 'query { user(login: "learner") { projectV2(number: 1) { id } } }'
    assert gql(gh, q)["data"]["user"]["projectV2"]["id"] == board.node_id
    out = gql(gh, q, token=ACTIONS)
    assert out["data"]["user"]["projectV2"] is None
    assert out["errors"][0]["type"] == "FORBIDDEN"
    assert out["errors"][0]["message"] == "Resource not accessible by integration"
    out = gql(gh, q, token=REPO_ONLY)
    assert out["errors"][0]["type"] == "INSUFFICIENT_SCOPES"
    out = gql(gh, q.replace("number: 1", "number: 9"))
    assert out["errors"][0]["type"] == "NOT_FOUND"
    # someone else's private board does not exist for this token; an org board with us as writer does
    add_project(gh.state, "stranger")
    gh.state.add_org("acme")
    org_board = add_project(gh.state, "acme", collaborators={OWNER: "write"})
    out = gql(gh, '{ user(login: "stranger") { projectV2(number: 1) { id } } }')
    assert out["errors"][0]["type"] == "NOT_FOUND"
    out = gql(gh, '{ organization(login: "acme") { projectV2(number: 1) { id title } } }')
    assert out["data"]["organization"]["projectV2"]["id"] == org_board.node_id
    # write needs write on the board
    ro_board = add_project(gh.state, "acme", collaborators={OWNER: "read"})
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[PAT], "t")
    out = gql(gh, ADD, {"p": ro_board.node_id, "c": issue.node_id})
    assert out["errors"][0]["type"] == "FORBIDDEN"


UPDATE_PROJECT = """mutation($input: UpdateProjectV2Input!) {
  updateProjectV2(input: $input) { projectV2 { id title readme shortDescription } } }"""


def test_update_project_sets_and_empties_the_readme(gh: FakeGitHubServer, board: Project) -> None:
    q = '{ user(login: "learner") { projectV2(number: 1) { readme } } }'
    assert gql(gh, q)["data"]["user"]["projectV2"]["readme"] is None
    out = gql(gh, UPDATE_PROJECT, {"input": {"projectId": board.node_id, "readme": "# Mine"}})
    assert out["data"]["updateProjectV2"]["projectV2"]["readme"] == "# Mine"
    assert out["data"]["updateProjectV2"]["projectV2"]["title"] == "Roadmap"  # not given: kept
    assert gql(gh, q)["data"]["user"]["projectV2"]["readme"] == "# Mine"
    gql(gh, UPDATE_PROJECT, {"input": {"projectId": board.node_id, "readme": ""}})
    assert board.readme is None
    out = gql(gh, UPDATE_PROJECT, {"input": {"projectId": board.node_id, "title": " "}})
    assert out["errors"][0]["type"] == "UNPROCESSABLE"
    assert board.title == "Roadmap"
    out = gql(gh, UPDATE_PROJECT, {"input": {"projectId": board.node_id, "readme": 3}})
    assert "errors" in out
    assert board.readme is None
    gh.take_violations()  # (the fake records the invalid document as a contract violation)
    gh.state.add_org("acme")
    ro_board = add_project(gh.state, "acme", collaborators={OWNER: "read"})
    out = gql(gh, UPDATE_PROJECT, {"input": {"projectId": ro_board.node_id, "readme": "x"}})
    assert out["errors"][0]["type"] == "FORBIDDEN"
    assert ro_board.readme is None


CREATE_ON_BOARD = """mutation($r: ID!, $p: [ID!]) {
  createIssue(input: {repositoryId: $r, title: "t", projectV2Ids: $p}) {
    issue { number projectItems(first: 5) { totalCount } } } }"""


def test_create_issue_with_project_v2_ids(gh: FakeGitHubServer, board: Project) -> None:
    repo = gh.state.repo(REPO)
    out = gql(gh, CREATE_ON_BOARD, {"r": repo.node_id, "p": [board.node_id]})
    assert out["data"]["createIssue"]["issue"]["projectItems"]["totalCount"] == 1
    assert [i.content.title for i in board.items] == ["t"]


def test_create_issue_on_a_board_the_token_cannot_reach_creates_nothing(
    gh: FakeGitHubServer, board: Project
) -> None:
    repo = gh.state.repo(REPO)
    before = len(repo.issues)
    out = gql(gh, CREATE_ON_BOARD, {"r": repo.node_id, "p": [board.node_id]}, token=ACTIONS)
    assert out["errors"][0]["type"] == "FORBIDDEN"
    assert len(repo.issues) == before


def test_delete_and_clear(gh: FakeGitHubServer, board: Project) -> None:
    s = gh.state
    issue = s.create_issue(s.repo(REPO), s.tokens[PAT], "t")
    item_id = gql(gh, ADD, {"p": board.node_id, "c": issue.node_id})["data"][
        "addProjectV2ItemById"
    ]["item"]["id"]
    status = board.field("Status")
    gql(gh, SET, {"p": board.node_id, "i": item_id, "f": status.node_id, "o": status.options[2].id})
    assert board.items[0].value_of("Status") == "Done"
    q = "mutation($p: ID!, $i: ID!, $f: ID!) { clearProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f}) { projectV2Item { id } } }"
    gql(gh, q, {"p": board.node_id, "i": item_id, "f": status.node_id})
    assert board.items[0].value_of("Status") is None
    q = "mutation($p: ID!, $i: ID!) { deleteProjectV2Item(input: {projectId: $p, itemId: $i}) { deletedItemId } }"
    assert (
        gql(gh, q, {"p": board.node_id, "i": item_id})["data"]["deleteProjectV2Item"][
            "deletedItemId"
        ]
        == item_id
    )
    assert board.items == []


def test_rest_projects_operations_are_not_implemented(gh: FakeGitHubServer) -> None:
    r = requests.get(
        f"{gh.url}/users/{OWNER}/projectsV2", headers={"Authorization": f"token {PAT}"}, timeout=5
    )
    assert r.status_code == 501
    assert [v.kind for v in gh.take_violations()] == ["unimplemented"]
