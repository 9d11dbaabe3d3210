"""Issue dependencies ("blocked by") over GraphQL: read with the issues (snapshot.py asks
for each issue's ``blockedBy``), and added or removed up to 50 in one request of aliased
``addBlockedBy`` / ``removeBlockedBy`` mutations.

GitHub links at most 50 issues to one issue in each direction (changelog, 2025-08-21,
"Dependencies on issues are now generally available"), so one ``blockedBy(first: 100)``
holds every link of an issue. Changes whose answer was lost, or that GitHub refuses, are
checked against the issues' links (one read) before anything else: a link already there
(a retry, or the learner's own hand) is what was wanted, and a link already gone as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from roadmap_bot.errors import LostAnswerError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GraphQLQueryError, ValidationFailedError
from roadmap_bot.githubapi.graphql import GraphQLResult
from roadmap_bot.issues.ports import LinkChange

# More than GitHub's cap of 50 per issue: one page holds them all.
LINKS_PER_ISSUE = 100

BLOCKED_BY_QUERY = f"""
query RoadmapBlockedBy($ids: [ID!]!) {{
  nodes(ids: $ids) {{
    ... on Issue {{ id blockedBy(first: {LINKS_PER_ISSUE}) {{ nodes {{ id }} }} }}
  }}
}}
""".strip()

# One aliased field per change: ALIAS, FIELD (addBlockedBy or removeBlockedBy), INPUT type.
_CHANGE = "  ALIAS: FIELD(input: $ALIAS) { issue { id } }\n"
_FIELDS = {
    True: ("addBlockedBy", "AddBlockedByInput!"),
    False: ("removeBlockedBy", "RemoveBlockedByInput!"),
}


# Fields a GitHub without issue dependencies (GitHub Enterprise Server before them) does not
# know: GitHub says "Field 'blockedBy' doesn't exist on type 'Issue'".
_DEPENDENCY_FIELDS = ("'blockedBy'", "'issueDependenciesSummary'")


def lacks_dependencies(error: GraphQLQueryError) -> bool:
    """Whether GitHub refused the read because it has no issue dependencies."""
    return any(field in str(error) for field in _DEPENDENCY_FIELDS)


def blocked_by(client: GitHubClient, issue_ids: Sequence[str]) -> dict[str, set[str]]:
    """The node ids of the issues that block each issue of ``issue_ids`` (node ids)."""
    result = client.graphql(BLOCKED_BY_QUERY, {"ids": list(issue_ids)}, mutation=False)
    client.raise_for_graphql_errors(result, mutation=False)
    nodes = (result.data or {}).get("nodes") or ()
    return {str(node["id"]): set(node_ids(node.get("blockedBy"))) for node in nodes if node}


def change_links(client: GitHubClient, changes: Sequence[LinkChange]) -> None:
    """Make each change in one request of aliased mutations. A change GitHub refuses, or
    all of them when the answer is lost, is checked against the issues' links: one
    already as wanted is fine; after a lost answer the rest is sent once more."""
    todo = list(changes)
    for attempt in range(2):
        try:
            refused = _send(client, todo)
        except LostAnswerError:
            todo = _not_yet(client, todo)
            if todo and attempt:
                raise
            if todo:
                continue
            return
        still = _not_yet(client, list(refused)) if refused else []
        if still:
            words = "; ".join(refused[change] for change in still)
            raise ValidationFailedError(f'GitHub refused a "blocked by" change: {words}')
        return


def _send(client: GitHubClient, changes: Sequence[LinkChange]) -> dict[LinkChange, str]:
    """Send the changes; the ones GitHub refused come back, each with GitHub's words."""
    aliases = {f"l{i}": change for i, change in enumerate(changes)}
    declared = ", ".join(f"${a}: {_FIELDS[c.linked][1]}" for a, c in aliases.items())
    body = "".join(
        _CHANGE.replace("ALIAS", a).replace("FIELD", _FIELDS[c.linked][0])
        for a, c in aliases.items()
    )
    variables = {
        a: {"issueId": c.issue_id, "blockingIssueId": c.blocking_id} for a, c in aliases.items()
    }
    document = f"mutation RoadmapChangeLinks({declared}) {{\n{body}}}"
    result = client.graphql(document, variables, mutation=True)
    stray = tuple(e for e in result.errors if not e.path or e.path[0] not in aliases)
    if stray:
        client.raise_for_graphql_errors(GraphQLResult(result.data, stray), mutation=True)
    refused: dict[LinkChange, str] = {}
    for error in result.errors:
        refused.setdefault(aliases[str(error.path[0])], error.message)
    return refused


def _not_yet(client: GitHubClient, changes: Sequence[LinkChange]) -> list[LinkChange]:
    """The changes that GitHub's links do not show yet."""
    links = blocked_by(client, list(dict.fromkeys(change.issue_id for change in changes)))
    return [
        change
        for change in changes
        if (change.blocking_id in links.get(change.issue_id, set())) != change.linked
    ]


def node_ids(connection: Mapping[str, Any] | None) -> tuple[str, ...]:
    return tuple(str(node["id"]) for node in (connection or {}).get("nodes") or () if node)
