"""A stateful fake GitHub (REST + GraphQL) for tests, served over HTTP on 127.0.0.1.

See README.md in this folder for the API tests use.
"""

from .app import FakeGitHub, LoggedRequest, Request, RequestLog, Response, Violation
from .faults import Fault, Faults
from .server import FakeGitHubServer
from .state import State, blob_sha

__all__ = [
    "FakeGitHub",
    "FakeGitHubServer",
    "Fault",
    "Faults",
    "LoggedRequest",
    "Request",
    "RequestLog",
    "Response",
    "State",
    "Violation",
    "blob_sha",
]
