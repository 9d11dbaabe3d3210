"""README.md (or any text file) through the Contents API: read with its blob sha, write
with that sha so that a change made meanwhile is refused (409) rather than overwritten."""

from __future__ import annotations

import base64
import urllib.parse
from dataclasses import dataclass

from roadmap_bot.errors import StaleFileError
from roadmap_bot.githubapi.client import GitHubClient
from roadmap_bot.githubapi.errors import GitHubAPIError, ValidationFailedError
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
    except ValidationFailedError as error:
        if '"sha"' in str(error.data) or "sha" in str(error).lower():
            raise StaleFileError(str(error)) from None
        raise
    except GitHubAPIError as error:
        if error.status == 409:
            raise StaleFileError(str(error)) from None
        raise
    return str(raw["content"]["sha"])
