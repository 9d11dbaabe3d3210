"""Issue dependencies ("blocked by") over GraphQL: read in bulk with the bot's issues, one
page of 100 issues a request, and added or removed one link a write.

GitHub links at most 50 issues to one issue in each direction (changelog, 2025-08-21,
"Dependencies on issues are now generally available"), so one ``blockedBy(first: 100)``
holds every link of an issue. A write whose answer was lost, or that GitHub refuses, is
checked against the issue's links before anything else: a link already there (a retry, or
the learner's own hand) is what was wanted, and a link already gone as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from roadmap_bot.errors import LostAnswerError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GraphQLQueryError, NotFoundError, ValidationFailedError
from roadmap_bot.issues.observed import ObservedDependencies

ISSUES_PER_PAGE = 100
# More than GitHub's cap of 50 per issue: one page holds them all.
LINKS_PER_ISSUE = 100

DEPENDENCIES_QUERY = f"""
query RoadmapDependencies($owner: String!, $name: String!, $label: String!, $after: String) {{
  repository(owner: $owner, name: $name) {{
    issues(first: {ISSUES_PER_PAGE}, after: $after, labels: [$label], states: [OPEN, CLOSED]) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{
        number
        issueDependenciesSummary {{ totalBlockedBy totalBlocking }}
        blockedBy(first: {LINKS_PER_ISSUE}) {{ nodes {{ id }} }}
      }}
    }}
  }}
}}
""".strip()

BLOCKED_BY_QUERY = f"""
query RoadmapBlockedBy($id: ID!) {{
  node(id: $id) {{
    ... on Issue {{ blockedBy(first: {LINKS_PER_ISSUE}) {{ nodes {{ id }} }} }}
  }}
}}
""".strip()

ADD_BLOCKED_BY_MUTATION = """
mutation RoadmapAddBlockedBy($input: AddBlockedByInput!) {
  addBlockedBy(input: $input) { issue { id } }
}
""".strip()

REMOVE_BLOCKED_BY_MUTATION = """
mutation RoadmapRemoveBlockedBy($input: RemoveBlockedByInput!) {
  removeBlockedBy(input: $input) { issue { id } }
}
""".strip()


# Fields a GitHub without issue dependencies (GitHub Enterprise Server before them) does not
# know: GitHub says "Field 'blockedBy' doesn't exist on type 'Issue'".
_DEPENDENCY_FIELDS = ("'blockedBy'", "'issueDependenciesSummary'")


def lacks_dependencies(error: GraphQLQueryError) -> bool:
    """Whether GitHub refused the read because it has no issue dependencies."""
    return any(field in str(error) for field in _DEPENDENCY_FIELDS)


def read_dependencies(
    client: GitHubClient, owner: str, name: str, label: str
) -> ObservedDependencies | None:
    """The links of every issue bearing ``label``: one request per 100 issues; None on a
    GitHub without issue dependencies."""
    try:
        return _read(client, owner, name, label)
    except GraphQLQueryError as error:
        if lacks_dependencies(error):
            return None
        raise


def _read(client: GitHubClient, owner: str, name: str, label: str) -> ObservedDependencies:
    blocked_by: dict[int, tuple[str, ...]] = {}
    total_blocking: dict[int, int] = {}
    total_blocked_by: dict[int, int] = {}
    after: str | None = None
    while True:
        variables = {"owner": owner, "name": name, "label": label, "after": after}
        result = client.graphql(DEPENDENCIES_QUERY, variables, mutation=False)
        client.raise_for_graphql_errors(result, mutation=False)
        issues = ((result.data or {}).get("repository") or {}).get("issues") or {}
        for node in issues.get("nodes") or ():
            number = int(node["number"])
            blocked_by[number] = _ids(node.get("blockedBy"))
            summary: Mapping[str, Any] = node.get("issueDependenciesSummary") or {}
            total_blocking[number] = int(summary.get("totalBlocking") or 0)
            total_blocked_by[number] = int(summary.get("totalBlockedBy") or 0)
        page = issues.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            break
        after = str(page["endCursor"])
    return ObservedDependencies(blocked_by, total_blocking, total_blocked_by)


def blocked_by(client: GitHubClient, issue_id: str) -> tuple[str, ...]:
    """The node ids of the issues that block the issue ``issue_id`` (a node id)."""
    result = client.graphql(BLOCKED_BY_QUERY, {"id": issue_id}, mutation=False)
    client.raise_for_graphql_errors(result, mutation=False)
    return _ids(((result.data or {}).get("node") or {}).get("blockedBy"))


def add_blocked_by(client: GitHubClient, issue_id: str, blocking_id: str) -> None:
    """Mark the issue ``issue_id`` as blocked by ``blocking_id`` (node ids)."""
    _link(client, ADD_BLOCKED_BY_MUTATION, issue_id, blocking_id, wanted=True)


def remove_blocked_by(client: GitHubClient, issue_id: str, blocking_id: str) -> None:
    """Take the "blocked by" link between two issues away (node ids)."""
    _link(client, REMOVE_BLOCKED_BY_MUTATION, issue_id, blocking_id, wanted=False)


def _link(
    client: GitHubClient, mutation: str, issue_id: str, blocking_id: str, *, wanted: bool
) -> None:
    variables = {"input": {"issueId": issue_id, "blockingIssueId": blocking_id}}

    def done() -> bool:
        """Whether the link is as wanted (by the lost request, an earlier run, by hand)."""
        return (blocking_id in blocked_by(client, issue_id)) == wanted

    for attempt in range(2):
        try:
            result = client.graphql(mutation, variables, mutation=True)
            client.raise_for_graphql_errors(result, mutation=True)
            return
        except LostAnswerError:
            if done():
                return
            if attempt:
                raise
            # The write did not happen: send it once more.
        except (ValidationFailedError, NotFoundError):
            if done():
                return
            raise


def _ids(connection: Mapping[str, Any] | None) -> tuple[str, ...]:
    return tuple(str(node["id"]) for node in (connection or {}).get("nodes") or () if node)
