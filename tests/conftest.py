"""Shared pytest fixtures."""

from __future__ import annotations

# ============================================================================ fake GitHub
# Fixtures of the fake GitHub (tests/fakegithub). Keep this block together; add other
# fixtures outside it.
from collections.abc import Iterator

import pytest

from fakegithub import FakeGitHubServer, netguard

_VIOLATIONS_OK = "fake_github_violations_ok"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_VIOLATIONS_OK}: the test sends requests GitHub's description rejects on purpose; "
        "the fake_github fixtures do not fail it for recorded contract violations",
    )


def _check_violations(server: FakeGitHubServer, request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker(_VIOLATIONS_OK) is not None:
        return
    violations = server.take_violations()
    if violations:
        pytest.fail(
            "the fake GitHub recorded contract violations (requests GitHub's published "
            "description rejects, or parts the fake does not implement):\n"
            + "\n".join(f"  {v}" for v in violations),
            pytrace=False,
        )


@pytest.fixture
def fake_github(request: pytest.FixtureRequest) -> Iterator[FakeGitHubServer]:
    """A fresh, empty fake GitHub (github.com layout) on 127.0.0.1.

    Set it up with ``fake_github.state.add_repo(...)`` / ``add_token(...)``. At teardown the
    test fails if a contract violation was recorded; a test that sends invalid requests on
    purpose calls ``fake_github.take_violations()`` (and may assert on them) or carries
    ``@pytest.mark.fake_github_violations_ok``.
    """
    with FakeGitHubServer() as server:
        yield server
        _check_violations(server, request)


@pytest.fixture
def fake_github_enterprise(request: pytest.FixtureRequest) -> Iterator[FakeGitHubServer]:
    """Like ``fake_github`` in GitHub Enterprise Server layout: REST under /api/v3,
    GraphQL at /api/graphql."""
    with FakeGitHubServer(prefix="/api/v3") as server:
        yield server
        _check_violations(server, request)


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may only reach 127.0.0.0/8, ::1 and unix sockets (in this process; a
    subprocess is not covered: point it at the fake with ``fake_github.env(...)``)."""
    netguard.install(monkeypatch)


# ======================================================================== end fake GitHub
