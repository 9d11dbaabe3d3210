"""Issue dependencies ("blocked by" / "blocking") in the fake's state, with GitHub's rules.

GitHub's documented rules: people with at least triage permission create dependencies
(docs.github.com, "Creating issue dependencies": "People with at least triage permissions
for a repository can create issue dependencies"), and an issue links "up to 50 issues for
each relationship type" (GitHub changelog, 2025-08-21, "Dependencies on issues are now
generally available", https://github.blog/changelog/2025-08-21-dependencies-on-issues/):
at most 50 issues block one issue, and one issue blocks at most 50. GitHub does not
document the words of its refusals; the messages here are the fake's own.

Only ``Issue.blocked_by`` is stored; what an issue blocks is found by looking.
"""

from __future__ import annotations

from typing import Any

from .state import Issue, NotFound, State, Token, Unprocessable

DEPENDENCIES_PER_RELATIONSHIP = 50


def blocking(state: State, issue: Issue) -> list[Issue]:
    """The issues ``issue`` blocks (in any repository), in the order they were created."""
    found = [
        other
        for repo in state.repos.values()
        for other in repo.issues.values()
        if issue in other.blocked_by
    ]
    return sorted(found, key=lambda other: other.id)


def add_blocked_by(state: State, issue: Issue, token: Token | None, blocker: Issue) -> None:
    state.require(issue.repo, token, "triage")
    if not state.can_see(blocker.repo, token):
        raise NotFound("Not Found")
    if blocker is issue:
        raise Unprocessable("An issue cannot be blocked by itself.")
    if blocker in issue.blocked_by:
        raise Unprocessable(f"Issue #{issue.number} is already blocked by this issue.")
    cap = DEPENDENCIES_PER_RELATIONSHIP
    if len(issue.blocked_by) >= cap:
        raise Unprocessable(f"An issue can be blocked by at most {cap} issues.")
    if len(blocking(state, blocker)) >= cap:
        raise Unprocessable(f"An issue can block at most {cap} issues.")
    issue.blocked_by.append(blocker)
    issue.updated_at = state.clock.tick()


def remove_blocked_by(state: State, issue: Issue, token: Token | None, blocker: Issue) -> None:
    state.require(issue.repo, token, "triage")
    if blocker not in issue.blocked_by:
        raise NotFound(f"Issue #{issue.number} is not blocked by this issue.")
    issue.blocked_by.remove(blocker)
    issue.updated_at = state.clock.tick()


def summary(state: State, issue: Issue) -> dict[str, int]:
    """GitHub's issue_dependencies_summary: open blockers and blocked, and all of them."""
    blocks = blocking(state, issue)
    return {
        "blocked_by": sum(1 for other in issue.blocked_by if other.state == "open"),
        "blocking": sum(1 for other in blocks if other.state == "open"),
        "total_blocked_by": len(issue.blocked_by),
        "total_blocking": len(blocks),
    }


def summary_graphql(state: State, issue: Issue) -> dict[str, Any]:
    counts = summary(state, issue)
    return {
        "blockedBy": counts["blocked_by"],
        "blocking": counts["blocking"],
        "totalBlockedBy": counts["total_blocked_by"],
        "totalBlocking": counts["total_blocking"],
    }
