"""A README change proposed through a pull request, for a default branch that takes changes
only that way (a ruleset or branch protection).

One branch of roadmap-bot's own, ``roadmap-bot/readme``, holds the change as one commit on
top of the default branch (git data API: a tree over the default branch's tree, a commit,
the ref created or moved there); one open pull request from it is looked for and opened
only when there is none. Later ticks move the same branch, so the same pull request shows
the newest README: never a second branch, never a second pull request.

Every write here is safe to send twice (trees and commits are content-addressed, the ref is
set, not appended to), except opening the pull request: a lost answer is checked by listing
the open pull requests of the branch before opening one again.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from roadmap_bot.errors import LostAnswerError, PullRequestsNotAllowedError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.contents import BOT_COMMITTER
from roadmap_bot.githubapi.errors import GitHubAPIError, PermissionDeniedError, message_of

BOT_BRANCH = "roadmap-bot/readme"
PULL_TITLE = "roadmap-bot: tick the README"
PULL_BODY = (
    "The default branch takes changes only through a pull request, so roadmap-bot proposes "
    "its README changes here. Merge it when you like: later runs update this pull request "
    "(branch `roadmap-bot/readme`) rather than opening another."
)
ACTIONS_MAY_NOT_TEXT = "not permitted to create or approve pull requests"
ACTIONS_MAY_NOT_MESSAGE = (
    "GitHub Actions may not open pull requests on {repository}, and its default branch "
    "takes changes only through one: the README change waits on branch "
    f"`{BOT_BRANCH}`. Allow it in Settings → Actions → General → Workflow permissions → "
    '"Allow GitHub Actions to create and approve pull requests" (and give the workflow '
    "`permissions: pull-requests: write`); the next run opens the pull request."
)
NO_PULL_PERMISSION_MESSAGE = (
    "the token ({token_name}) may not open a pull request on {repository} (GitHub: "
    "{detail}): give the workflow `permissions: pull-requests: write`, or use a token "
    "with Pull requests: Read and write. The README change waits on branch "
    f"`{BOT_BRANCH}`; the next run opens the pull request."
)


def _base(owner: str, name: str) -> str:
    return f"/repos/{urllib.parse.quote(owner, safe='')}/{urllib.parse.quote(name, safe='')}"


def propose_file(
    client: GitHubClient,
    owner: str,
    name: str,
    default_branch: str,
    path: str,
    text: str,
    message: str,
) -> str:
    """Put ``text`` at ``path`` on roadmap-bot's branch (one commit on the default branch)
    and return the URL of the open pull request that proposes it."""
    base = _base(owner, name)
    head = client.get(f"{base}/git/ref/heads/{urllib.parse.quote(default_branch)}")
    head_sha = str(head["object"]["sha"])
    tree_sha = str(client.get(f"{base}/git/commits/{head_sha}")["tree"]["sha"])
    entry = {"path": path.lstrip("/"), "mode": "100644", "type": "blob", "content": text}
    tree = client.write(
        "POST", f"{base}/git/trees", {"base_tree": tree_sha, "tree": [entry]}, idempotent=True
    )
    commit = client.write(
        "POST",
        f"{base}/git/commits",
        {
            "message": message,
            "tree": tree["sha"],
            "parents": [head_sha],
            "author": BOT_COMMITTER,
            "committer": BOT_COMMITTER,
        },
        idempotent=True,
    )
    _set_branch(client, base, str(commit["sha"]))
    return _open_pull(client, owner, name, default_branch)


def _set_branch(client: GitHubClient, base: str, sha: str) -> None:
    """Point roadmap-bot's branch at ``sha``, making the branch when it does not exist."""
    try:
        client.write(
            "PATCH",
            f"{base}/git/refs/heads/{BOT_BRANCH}",
            {"sha": sha, "force": True},
            idempotent=True,
        )
    except GitHubAPIError as error:
        if error.status not in (404, 422) or "does not exist" not in message_of(error.data):
            raise
        body = {"ref": f"refs/heads/{BOT_BRANCH}", "sha": sha}
        client.write("POST", f"{base}/git/refs", body, idempotent=True)


def _open_pull(client: GitHubClient, owner: str, name: str, default_branch: str) -> str:
    base = _base(owner, name)
    found = _find_pull(client, owner, name)
    if found is not None:
        return found
    body = {"title": PULL_TITLE, "head": BOT_BRANCH, "base": default_branch, "body": PULL_BODY}
    try:
        raw: Any = client.write("POST", f"{base}/pulls", body, idempotent=False)
    except LostAnswerError:
        found = _find_pull(client, owner, name)
        if found is not None:
            return found
        raw = client.write("POST", f"{base}/pulls", body, idempotent=False)
    except PermissionDeniedError as error:
        detail = message_of(error.data)
        repository = f"{owner}/{name}"
        if ACTIONS_MAY_NOT_TEXT in detail.lower():
            raise PullRequestsNotAllowedError(
                ACTIONS_MAY_NOT_MESSAGE.format(repository=repository)
            ) from None
        raise PullRequestsNotAllowedError(
            client.texts.fmt(NO_PULL_PERMISSION_MESSAGE, repository=repository, detail=detail)
        ) from None
    return str(raw["html_url"])


def _find_pull(client: GitHubClient, owner: str, name: str) -> str | None:
    params = {"head": f"{owner}:{BOT_BRANCH}", "state": "open"}
    for pull in client.paginate(f"{_base(owner, name)}/pulls", params):
        return str(pull["html_url"])
    return None
