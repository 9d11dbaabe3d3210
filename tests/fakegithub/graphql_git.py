"""GraphQL for a repository's files: ``Repository.object(expression: "REV:PATH")`` answering
a Blob (``oid``, ``byteSize``, ``text``, ``isBinary``, ``isTruncated``), as GitHub does.

GitHub cuts ``Blob.text`` at exactly 512,000 bytes and says so with ``isTruncated`` (the
limit is not documented; measured and reported in sveltia/sveltia-cms issue 950, 2026-09,
and orbiting/backends pull request 116), gives no text for a binary blob, and answers
null for a revision or path that does not exist.
"""

from __future__ import annotations

from typing import Any

from . import state as st
from .graphql import attr_fields, resolver
from .state import NotFound, Repository

TEXT_LIMIT = 512_000


class Blob:
    GQL_TYPE = "Blob"

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.oid = st.blob_sha(content)


@resolver("Repository", "object")
def _object(repo: Repository, info: Any, expression: str | None = None, oid: str | None = None):
    if expression is None or ":" not in expression:
        return None  # a commit or tree by revision alone: not needed by the project
    revision, path = expression.split(":", 1)
    files = (
        repo.files if revision in ("HEAD", "") else _files_at(info.context.state, repo, revision)
    )
    content = (files or {}).get(path.strip("/"))
    return None if content is None else Blob(content)


def _files_at(state: st.State, repo: Repository, revision: str) -> dict[str, bytes] | None:
    try:
        return state.files_at(repo, revision)
    except NotFound:
        return None


def _text(blob: Blob) -> str | None:
    if b"\0" in blob.content:
        return None
    cut = blob.content[:TEXT_LIMIT]
    return cut.decode("utf-8", errors="ignore")


attr_fields(
    "Blob",
    {
        "oid": "oid",
        "abbreviatedOid": lambda b: b.oid[:7],
        "byteSize": lambda b: len(b.content),
        "isBinary": lambda b: b"\0" in b.content,
        "isTruncated": lambda b: len(b.content) > TEXT_LIMIT,
        "text": _text,
    },
)
