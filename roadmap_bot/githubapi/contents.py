"""README.md (or any text file) through the Contents API: read with its blob sha, write
with that sha so that a change made meanwhile is refused (409) rather than overwritten.

A refused write is classified by GitHub's exact messages, never by a word that a path or an
owner's name could hold (an owner named ``marsha`` holds "sha"):
- stale: 409 "README.md does not match <sha>" (the file changed since it was read), or
  422 with '"sha" wasn't supplied' (the file appeared since);
- protected: 409 "Repository rule violations found\n\nChanges must be made through a pull
  request." (a ruleset) or "Changes must be made through a pull request." (classic branch
  protection; the same sentence git prints after "GH006: Protected branch update failed"),
  or a message naming a protected branch ("Protected branch update failed for refs/heads/
  main.", as GitHub's git refs API answers);
- anything else is raised as GitHub said it.
"""

from __future__ import annotations

import base64
import urllib.parse
from dataclasses import dataclass

from roadmap_bot.errors import ProtectedBranchError, StaleFileError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError, ValidationFailedError, message_of
from roadmap_bot.textfile import decode_utf8

# Commits the workflow makes are signed as GitHub Actions' own bot user.
BOT_COMMITTER = {
    "name": "github-actions[bot]",
    "email": "41898282+github-actions[bot]@users.noreply.github.com",
}


@dataclass(frozen=True)
class RemoteFile:
    path: str
    text: str
    sha: str


def _path(owner: str, name: str, path: str) -> str:
    quoted = urllib.parse.quote(path.lstrip("/"), safe="/")
    return f"/repos/{owner}/{name}/contents/{quoted}"


def read_file(client: GitHubClient, owner: str, name: str, path: str) -> RemoteFile:
    raw = client.get(_path(owner, name, path))
    if not isinstance(raw, dict) or raw.get("type") != "file":
        raise GitHubAPIError(f"{path} on {owner}/{name} is not a file")
    data = base64.b64decode(raw.get("content") or "")
    return RemoteFile(path, decode_utf8(data, path), str(raw["sha"]))


def write_file(
    client: GitHubClient,
    owner: str,
    name: str,
    file: RemoteFile,
    new_text: str,
    message: str,
) -> str:
    """Commit new_text over file (as read); returns the new blob sha."""
    body = {
        "message": message,
        "content": base64.b64encode(new_text.encode("utf-8")).decode("ascii"),
        "sha": file.sha,
        "committer": BOT_COMMITTER,
        "author": BOT_COMMITTER,
    }
    try:
        raw = client.write("PUT", _path(owner, name, file.path), body, idempotent=True)
    except GitHubAPIError as error:
        raise _classified(error, file.path) from None
    return str(raw["content"]["sha"])


_PROTECTED_TEXTS = (
    "changes must be made through a pull request",
    "repository rule violations found",
    "protected branch",
)


def _classified(error: GitHubAPIError, path: str) -> Exception:
    """What a refused Contents API write means, by GitHub's own message."""
    message = message_of(error.data)
    low = message.lower()
    if error.status in (409, 422) and any(text in low for text in _PROTECTED_TEXTS):
        return ProtectedBranchError(f"{path}: the default branch is protected ({message})")
    if error.status == 409 and " does not match " in low:
        return StaleFileError(str(error))
    if isinstance(error, ValidationFailedError) and '"sha" wasn\'t supplied' in message:
        return StaleFileError(str(error))
    return error
