"""The parts of the live test (test_live_github.py) that need no network: its settings
from the environment, the roadmaps and README it writes, the `issues` payload it hands
`roadmap-bot handle-event`, what it expects GitHub to hold afterwards, and a small REST
and GraphQL client of its own (the standard library only, so that what it checks does
not go through the code under test).

test_live_helpers.py tests all but the client's network calls, on every run.
"""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap_bot.roadmap.model import Roadmap

TOKEN_VAR = "ROADMAP_BOT_LIVE_TOKEN"
REPO_VAR = "ROADMAP_BOT_LIVE_REPO"
PROJECT_VAR = "ROADMAP_BOT_LIVE_PROJECT"
# The test writes into the repository it is given, and leaves it for deletion: it must be
# a scratch repository, named so.
SCRATCH_PREFIX = "roadmap-bot-live"
DEFAULT_API_URL = "https://api.github.com"
SKIP_REASON = (
    f"skipped: no {TOKEN_VAR} (these tests run against the real GitHub only with a token; "
    "see docs/live-tests.md)"
)
_REPO_RE = re.compile(r"^(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+)$")
_BOARD_RE = re.compile(
    r"^https?://[^/\s]+/(?P<kind>users|orgs)/(?P<login>[A-Za-z0-9_.-]+)/projects/(?P<number>\d+)/?$"
)


class LiveConfigError(Exception):
    """The live test's environment is incomplete or unsafe; the message says what to set."""


# --- settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    url: str
    kind: str  # users | orgs
    login: str
    number: int


@dataclass(frozen=True)
class LiveConfig:
    token: str = field(repr=False)
    repository: str  # OWNER/NAME of the scratch repository
    api_url: str = DEFAULT_API_URL
    graphql_url: str = DEFAULT_API_URL + "/graphql"
    board: Board | None = None


def skip_reason(env: Mapping[str, str]) -> str | None:
    """Why the live tests do not run here, or None when they do."""
    return None if env.get(TOKEN_VAR, "").strip() else SKIP_REASON


def parse_board(url: str) -> Board:
    match = _BOARD_RE.match(url.strip())
    if not match:
        raise LiveConfigError(
            f"{PROJECT_VAR}: '{url}' is not a board's URL such as "
            "https://github.com/users/NAME/projects/1 (or .../orgs/NAME/projects/1)"
        )
    return Board(url.strip().rstrip("/"), match["kind"], match["login"], int(match["number"]))


def live_config(env: Mapping[str, str]) -> LiveConfig:
    """The live test's settings: ROADMAP_BOT_LIVE_TOKEN, ROADMAP_BOT_LIVE_REPO (a scratch
    repository whose name starts with roadmap-bot-live), ROADMAP_BOT_LIVE_PROJECT (a board's
    URL, optional) and GITHUB_API_URL (GitHub Enterprise Server; api.github.com otherwise)."""
    token = env.get(TOKEN_VAR, "").strip()
    if not token:
        raise LiveConfigError(SKIP_REASON)
    repository = env.get(REPO_VAR, "").strip()
    if not repository:
        raise LiveConfigError(
            f"{REPO_VAR} is not set: create a scratch repository (gh repo create "
            f"{SCRATCH_PREFIX}-$USER --private) and set {REPO_VAR}=OWNER/NAME"
        )
    match = _REPO_RE.match(repository)
    if not match:
        raise LiveConfigError(f"{REPO_VAR}: '{repository}' is not OWNER/NAME")
    if not match["name"].lower().startswith(SCRATCH_PREFIX):
        raise LiveConfigError(
            f"{REPO_VAR}: '{repository}' does not look like a scratch repository: the live "
            f"test creates and closes issues in it, so its name must start with "
            f"'{SCRATCH_PREFIX}'"
        )
    api_url = (env.get("GITHUB_API_URL") or DEFAULT_API_URL).strip().rstrip("/")
    graphql_url = (env.get("GITHUB_GRAPHQL_URL") or "").strip().rstrip("/")
    if not graphql_url:
        graphql_url = (
            api_url[: -len("/v3")] + "/graphql"
            if api_url.endswith("/api/v3")
            else api_url + "/graphql"
        )
    project = env.get(PROJECT_VAR, "").strip()
    return LiveConfig(
        token=token,
        repository=repository,
        api_url=api_url,
        graphql_url=graphql_url,
        board=parse_board(project) if project else None,
    )


def command_env(
    config: LiveConfig, base: Mapping[str, str], *, board: bool = False, **extra: str
) -> dict[str, str]:
    """The environment of one `roadmap-bot` run: the caller's, without anything of GitHub
    Actions or roadmap-bot (a live run inside a workflow must not pass on its own event),
    then the scratch repository and the token."""
    env = {
        key: value
        for key, value in base.items()
        if not key.startswith(("GITHUB_", "ROADMAP_", "RUNNER_", "ACTIONS_"))
    }
    env.update(
        GITHUB_TOKEN=config.token,
        GITHUB_REPOSITORY=config.repository,
        GITHUB_API_URL=config.api_url,
        GITHUB_GRAPHQL_URL=config.graphql_url,
    )
    if board and config.board is not None:
        env.update(ROADMAP_PROJECT=config.board.url, ROADMAP_PROJECT_TOKEN=config.token)
    env.update(extra)
    return env


# --- what the test writes ---------------------------------------------------------------------

# Children, a grandchild, an item without difficulty or importance, and two items that the
# second version renames and removes.
ROADMAP_V1 = """\
title: roadmap-bot live test
sections:
  - title: Basics
    items:
      - id: tools
        title: Tools
        difficulty: easy
        importance: 2
        children:
          - id: git
            title: Git
            difficulty: easy
            importance: 3
          - id: docker
            title: Docker
            difficulty: medium
            importance: 1
            description: Containers.
            children:
              - id: compose
                title: Compose
                difficulty: medium
                importance: 0
      - id: solo
        title: Solo
        difficulty: hard
  - title: Extras
    items:
      - id: reading
        title: Reading list
      - id: gone
        title: Going away
        difficulty: easy
        importance: 1
"""
RENAMED_ID, OLD_TITLE, NEW_TITLE = "reading", "Reading list", "Further reading"
REMOVED_ID = "gone"
ROADMAP_V2 = ROADMAP_V1.replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}").replace(
    """      - id: gone
        title: Going away
        difficulty: easy
        importance: 1
""",
    "",
)
README = """\
# roadmap-bot live test

A scratch repository of roadmap-bot's live test (tests/live): it is deleted when the test
ends.

## Progress

<!-- roadmap-bot:progress:start -->
<!-- roadmap-bot:progress:end -->

## Roadmap

<!-- roadmap-bot:checklist:start -->
<!-- roadmap-bot:checklist:end -->
"""


# --- the event GitHub would send --------------------------------------------------------------


def issues_payload(
    action: str, issue: Mapping[str, Any], repository: Mapping[str, Any], sender: Mapping[str, Any]
) -> dict[str, Any]:
    """The `issues` webhook payload GitHub sends for an issue closed or reopened: the issue
    as the REST API shows it after the change, the repository and the user who acted."""
    state = issue.get("state")
    if action == "closed" and (state != "closed" or not issue.get("closed_at")):
        raise ValueError(f"a 'closed' event needs a closed issue, got state {state!r}")
    if action == "reopened" and state != "open":
        raise ValueError(f"a 'reopened' event needs an open issue, got state {state!r}")
    if action not in ("closed", "reopened"):
        raise ValueError(f"the live test sends closed and reopened events, not {action!r}")
    return {
        "action": action,
        "issue": dict(issue),
        "repository": dict(repository),
        "sender": dict(sender),
    }


# --- what GitHub should hold ------------------------------------------------------------------

MANAGED_LABEL = "roadmap"
REMOVED_LABEL = "roadmap: removed"

# An issue's (state, state_reason), as GitHub lists it.
IssueState = tuple[str, str | None]


@dataclass(frozen=True)
class ExpectedIssue:
    title: str
    labels: frozenset[str]
    milestone: str
    parent: str | None  # the parent item's id


def expected_issues(roadmap: Roadmap) -> dict[str, ExpectedIssue]:
    """Each item's issue, as docs/sync.md describes it."""
    out = {}
    for placed in roadmap.walk():
        item = placed.item
        labels = {MANAGED_LABEL}
        if item.difficulty is not None:
            labels.add(f"difficulty: {item.difficulty.value}")
        if item.importance is not None:
            labels.add(f"importance: {item.importance}")
        out[placed.id] = ExpectedIssue(
            item.title, frozenset(labels), placed.section.title, placed.parent_id
        )
    return out


def own_box(state: IssueState) -> str:
    """An issue alone: open is todo, closed as not planned skipped, closed otherwise done."""
    status, reason = state
    if status != "closed":
        return "todo"
    return "skipped" if reason == "not_planned" else "done"


def expected_boxes(roadmap: Roadmap, states: Mapping[str, IssueState]) -> dict[str, str]:
    """What each README box shows (todo, done, skipped), by the rule docs/sync.md gives: a
    box shows its own issue, parents and leaves alike (a parent the bot closed for its
    children is in ``states`` as closed, as the scenario records it)."""
    return {placed.id: own_box(states.get(placed.id, ("open", None))) for placed in roadmap.walk()}


DIFFICULTY, IMPORTANCE, SECTION, STATUS = "Difficulty", "Importance", "Section", "Status"


def expected_cards(
    roadmap: Roadmap, states: Mapping[str, IssueState]
) -> dict[str, dict[str, str | None]]:
    """Each item's card on the board, as docs/board.md describes it: field name to the
    option it shows (None: none). Status is left out for an issue closed as not planned
    (roadmap-bot leaves that card alone). The test only ever reopens cards that were Done,
    and never moves one by hand, so an open issue's card is Todo."""
    cards: dict[str, dict[str, str | None]] = {}
    for placed in roadmap.walk():
        item = placed.item
        importance = item.importance
        card: dict[str, str | None] = {
            DIFFICULTY: item.difficulty.value.capitalize() if item.difficulty else None,
            IMPORTANCE: None if importance is None else f"{'⭐' * importance} {importance}".strip(),
            SECTION: placed.section.title,
        }
        box = own_box(states.get(placed.id, ("open", None)))
        if box != "skipped":
            card[STATUS] = "Done" if box == "done" else "Todo"
        cards[placed.id] = card
    return cards


# --- what roadmap-bot printed ------------------------------------------------------------------

# "1 read, 0 writes" or "2 reads, 1 write": the command's words are singular for one.
_REQUESTS_RE = re.compile(
    r"^GitHub requests\b.*?: (?P<reads>\d+) reads?, (?P<writes>\d+) writes?\b"
)


def parse_outputs(text: str) -> dict[str, str]:
    """Step outputs as written to GITHUB_OUTPUT (name=value lines; the last one wins)."""
    outputs = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep:
            outputs[name] = value
    return outputs


def request_counts(stdout: str) -> list[tuple[int, int]]:
    """(reads, writes) of each "GitHub requests: ..." line sync prints."""
    return [
        (int(m["reads"]), int(m["writes"]))
        for line in stdout.splitlines()
        if (m := _REQUESTS_RE.match(line.strip()))
    ]


# --- reading the board --------------------------------------------------------------------------

_BOARD_ITEMS = """
    projectV2(number: $number) {
      items(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          content { ... on Issue { number } }
          fieldValues(first: 30) {
            nodes {
              ... on ProjectV2ItemFieldSingleSelectValue {
                name
                field { ... on ProjectV2FieldCommon { name } }
              }
            }
          }
        }
      }
    }
"""
BOARD_QUERIES = {
    "users": "query LiveUserBoard($login: String!, $number: Int!, $cursor: String) {\n"
    f"  user(login: $login) {{{_BOARD_ITEMS}  }}\n}}\n",
    "orgs": "query LiveOrgBoard($login: String!, $number: Int!, $cursor: String) {\n"
    f"  organization(login: $login) {{{_BOARD_ITEMS}  }}\n}}\n",
}


def board_page(data: Mapping[str, Any]) -> tuple[dict[int, dict[str, str]], str | None]:
    """(issue number -> {field name: option name}, the next page's cursor) from an answer
    to one of BOARD_QUERIES."""
    owner = data.get("user") or data.get("organization") or {}
    project = owner.get("projectV2") or {}
    items = project.get("items") or {}
    cards: dict[int, dict[str, str]] = {}
    for node in items.get("nodes") or []:
        number = ((node or {}).get("content") or {}).get("number")
        if not isinstance(number, int):
            continue  # a draft, a pull request, an issue of another repository
        values = {}
        for value in (node.get("fieldValues") or {}).get("nodes") or []:
            name = ((value or {}).get("field") or {}).get("name")
            if name and "name" in value:
                values[name] = value["name"]
        cards[number] = values
    page = items.get("pageInfo") or {}
    return cards, page.get("endCursor") if page.get("hasNextPage") else None


# --- a small client of the test's own -----------------------------------------------------------


class GitHubCallError(Exception):
    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url}: {status} {body[:500]}")
        self.status = status


def next_link(header: str | None) -> str | None:
    """The rel="next" URL of a Link header."""
    for part in (header or "").split(","):
        match = re.match(r'\s*<(?P<url>[^>]+)>\s*;\s*rel="next"', part)
        if match:
            return match["url"]
    return None


@dataclass
class GitHub:
    """REST (operations of tests/data/github-api/rest/openapi-subset.json only) and GraphQL,
    through urllib. Retries a 5xx or a dropped connection a few times (every call the test
    makes is safe to repeat)."""

    config: LiveConfig
    sleep: Callable[[float], None] = time.sleep
    attempts: int = 4

    def _send(self, method: str, url: str, body: Any = None) -> tuple[Any, Mapping[str, str]]:
        data = None if body is None else json.dumps(body).encode()
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.config.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "roadmap-bot-live-test",
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    raw = answer.read().decode()
                    return (json.loads(raw) if raw else None), dict(answer.headers)
            except urllib.error.HTTPError as error:
                text = error.read().decode(errors="replace")
                if error.code < 500 or attempt == self.attempts:
                    raise GitHubCallError(method, url, error.code, text) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == self.attempts:
                    raise
            self.sleep(2.0 * attempt)
        raise AssertionError("unreachable")

    def rest(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        url = f"{self.config.api_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        return self._send(method, url, body)[0]

    def get_all(self, path: str, **params: Any) -> list[Any]:
        """Every page of a listing."""
        url: str | None = f"{self.config.api_url}{path}?" + urllib.parse.urlencode(
            {"per_page": 100, **params}
        )
        out: list[Any] = []
        while url:
            page, headers = self._send("GET", url)
            out.extend(page)
            url = next_link(headers.get("Link") or headers.get("link"))
        return out

    def graphql(self, query: str, variables: Mapping[str, Any]) -> Any:
        answer, _ = self._send(
            "POST", self.config.graphql_url, {"query": query, "variables": variables}
        )
        if answer.get("errors"):
            raise GitHubCallError(
                "POST", self.config.graphql_url, 200, json.dumps(answer["errors"])
            )
        return answer["data"]

    # The few operations the test uses.

    def repo_path(self, rest: str = "") -> str:
        return f"/repos/{self.config.repository}{rest}"

    def read_file(self, path: str) -> tuple[str, str] | None:
        """(text, blob sha) of a file on the default branch, None when there is none."""
        try:
            answer = self.rest("GET", self.repo_path(f"/contents/{path}"))
        except GitHubCallError as error:
            if error.status == 404:
                return None
            raise
        return base64.b64decode(answer["content"]).decode(), answer["sha"]

    def write_file(self, path: str, text: str, message: str) -> None:
        body: dict[str, Any] = {
            "message": message,
            "content": base64.b64encode(text.encode()).decode(),
        }
        existing = self.read_file(path)
        if existing is not None:
            body["sha"] = existing[1]
        self.rest("PUT", self.repo_path(f"/contents/{path}"), body)

    def roadmap_issues(self) -> list[dict[str, Any]]:
        return self.get_all(self.repo_path("/issues"), state="all", labels=MANAGED_LABEL)

    def set_issue_state(self, number: int, state: str, reason: str) -> dict[str, Any]:
        body = {"state": state, "state_reason": reason}
        return self.rest("PATCH", self.repo_path(f"/issues/{number}"), body)

    def board_cards(self, board: Board) -> dict[int, dict[str, str]]:
        cards: dict[int, dict[str, str]] = {}
        cursor: str | None = None
        while True:
            variables = {"login": board.login, "number": board.number, "cursor": cursor}
            page, cursor = board_page(self.graphql(BOARD_QUERIES[board.kind], variables))
            cards.update(page)
            if cursor is None:
                return cards


def eventually(
    check: Callable[[], None],
    *,
    timeout: float = 30.0,
    interval: float = 3.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run check until it passes (GitHub's listings may lag a write by a moment); after
    timeout seconds its last AssertionError is raised."""
    deadline = clock() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if clock() >= deadline:
                raise
        sleep(interval)


def by_item(issues: Iterable[Mapping[str, Any]], marker: Callable[[str], str | None]) -> dict:
    """Issues by the item id of their marker (marker: roadmap_bot.issues.body.marker_id)."""
    out: dict[str, Mapping[str, Any]] = {}
    for issue in issues:
        item_id = marker(issue.get("body"))
        if item_id is not None:
            assert item_id not in out, f"two issues for item '{item_id}'"
            out[item_id] = issue
    return out
