"""GraphQL for issue dependencies: Issue.blockedBy, Issue.blocking,
Issue.issueDependenciesSummary and the addBlockedBy / removeBlockedBy mutations, over the
rules in dependencies.py."""

from __future__ import annotations

from typing import Any

from . import dependencies
from .graphql import GqlCtx, connection, node_or_error, resolver, visible
from .state import Issue

_ORDER_DEFAULT = {"field": "DEPENDENCY_ADDED_AT", "direction": "DESC"}


def _ordered(items: list[Issue], order: dict[str, str] | None) -> list[Issue]:
    """GitHub orders dependencies by when they were added, newest first by default."""
    order = order or _ORDER_DEFAULT
    return items[::-1] if order["direction"] == "DESC" else items


@resolver("Issue", "blockedBy")
def _blocked_by(issue: Issue, info: Any, **args: Any) -> dict[str, Any]:
    ctx: GqlCtx = info.context
    shown = [other for other in issue.blocked_by if visible(ctx, other)]
    return connection(_ordered(shown, args.get("orderBy")), info, args)


@resolver("Issue", "blocking")
def _blocking(issue: Issue, info: Any, **args: Any) -> dict[str, Any]:
    ctx: GqlCtx = info.context
    shown = [other for other in dependencies.blocking(ctx.state, issue) if visible(ctx, other)]
    return connection(_ordered(shown, args.get("orderBy")), info, args)


@resolver("Issue", "issueDependenciesSummary")
def _summary(issue: Issue, info: Any) -> dict[str, Any]:
    return dependencies.summary_graphql(info.context.state, issue)


@resolver("Mutation", "addBlockedBy")
def _add_blocked_by(_root: Any, info: Any, input: dict[str, Any]) -> dict[str, Any]:
    ctx: GqlCtx = info.context
    issue = node_or_error(ctx, input["issueId"], Issue)
    blocker = node_or_error(ctx, input["blockingIssueId"], Issue)
    dependencies.add_blocked_by(ctx.state, issue, ctx.token, blocker)
    return {
        "clientMutationId": input.get("clientMutationId"),
        "issue": issue,
        "blockingIssue": blocker,
    }


@resolver("Mutation", "removeBlockedBy")
def _remove_blocked_by(_root: Any, info: Any, input: dict[str, Any]) -> dict[str, Any]:
    ctx: GqlCtx = info.context
    issue = node_or_error(ctx, input["issueId"], Issue)
    blocker = node_or_error(ctx, input["blockingIssueId"], Issue)
    dependencies.remove_blocked_by(ctx.state, issue, ctx.token, blocker)
    return {
        "clientMutationId": input.get("clientMutationId"),
        "issue": issue,
        "blockingIssue": blocker,
    }
