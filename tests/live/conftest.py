"""The live tests' one exception to the loopback-only network guard of tests/conftest.py."""

from __future__ import annotations

import pytest

from fakegithub import netguard


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in tests/conftest.py, except in a module that declares ``REACHES_GITHUB = True``
    (test_live_github.py, which runs only with a token: it is skipped everywhere else)."""
    if getattr(request.module, "REACHES_GITHUB", False) is True:
        return
    netguard.install(monkeypatch)
