"""Serve a :class:`~fakegithub.app.FakeGitHub` over real HTTP on 127.0.0.1.

    with FakeGitHubServer() as gh:                 # or FakeGitHubServer(prefix="/api/v3")
        gh.state.add_repo("octo/roadmap", files={"README.md": "# Roadmap\n"})
        gh.state.add_token("t0k", "octo")
        g = gh.client("t0k")                       # PyGithub, retry=None
        ...
        assert gh.log.count("issues/create") == 1

Requests are answered one at a time under the state lock; connections are HTTP/1.1
keep-alive, as PyGithub and requests expect.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import github

from .app import FakeGitHub, Request, Response
from .state import State


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakegithub"
    sys_version = ""
    timeout = 30
    wbufsize = -1  # buffer the answer: headers and body leave in one write (no Nagle stall)

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        resp: Response = fake.handle(Request(self.command, self.path, headers, body))
        if resp.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(resp.status)
        payload = resp.body if resp.body is not None else b""
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


class FakeGitHubServer:
    """Context manager running the fake on ``127.0.0.1:<free port>`` in a daemon thread."""

    def __init__(
        self,
        fake: FakeGitHub | None = None,
        *,
        prefix: str = "",
        state: State | None = None,
        validate_responses: bool = True,
    ) -> None:
        self.fake = fake or FakeGitHub(state, prefix=prefix, validate_responses=validate_responses)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> FakeGitHubServer:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self.fake  # type: ignore[attr-defined]
        port = self._httpd.server_address[1]
        self.fake.base_url = f"http://127.0.0.1:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},  # shutdown() waits up to one poll interval
            name=f"fakegithub:{port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGitHubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- shortcuts
    @property
    def url(self) -> str:
        """REST base URL (with the Enterprise prefix, if any): PyGithub's ``base_url``."""
        return self.fake.api_url

    @property
    def graphql_url(self) -> str:
        return self.fake.graphql_url

    @property
    def web_url(self) -> str:
        return self.fake.base_url

    @property
    def state(self) -> State:
        return self.fake.state

    @property
    def faults(self):
        return self.fake.faults

    @property
    def log(self):
        return self.fake.log

    @property
    def violations(self):
        return self.fake.violations

    def take_violations(self):
        return self.fake.take_violations()

    def env(self, token: str, repository: str | None = None) -> dict[str, str]:
        """Environment for running ``roadmap-bot`` in a subprocess against this fake."""
        env = {
            "GITHUB_TOKEN": token,
            "GITHUB_API_URL": self.url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_SERVER_URL": self.web_url,
        }
        if repository:
            env["GITHUB_REPOSITORY"] = repository
        return env

    def client(self, token: str | None, **kwargs: Any):
        """A PyGithub client on this fake: no retries and no throttling (PyGithub waits
        0.25 s between requests and 1 s between writes by default) unless given."""
        kwargs.setdefault("retry", None)
        kwargs.setdefault("seconds_between_requests", None)
        kwargs.setdefault("seconds_between_writes", None)
        auth = github.Auth.Token(token) if token else None
        return github.Github(auth=auth, base_url=self.url, **kwargs)
