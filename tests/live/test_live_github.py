"""Against the real GitHub: the installed `roadmap-bot` syncs a small roadmap into a scratch
repository (children, a grandchild), ticks, strikes and unticks its README on `issues`
events, follows a rename and a removal; the test checks issues, labels, milestones,
sub-issues, README ticks and (with a board) the board's cards through GitHub's own API.
The scenario is live_scenario.run_scenario, rehearsed on every run against the fake GitHub
by test_live_helpers.py.

Runs only when ROADMAP_BOT_LIVE_TOKEN is set, and is skipped, saying so, everywhere else.
The scratch repository (ROADMAP_BOT_LIVE_REPO) and board (ROADMAP_BOT_LIVE_PROJECT,
optional) are created and deleted around it by .github/workflows/live.yml, or by hand as
docs/live-tests.md shows: the test changes nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from live_scenario import Scratch, run_scenario
from live_support import SKIP_REASON, GitHub, LiveConfig, LiveConfigError, live_config, skip_reason

# tests/live/conftest.py lets this module, and only it, past the loopback-only network guard.
REACHES_GITHUB = True
pytestmark = pytest.mark.skipif(skip_reason(os.environ) is not None, reason=SKIP_REASON)


@pytest.fixture(scope="module")
def config() -> LiveConfig:
    try:
        return live_config(os.environ)
    except LiveConfigError as error:
        pytest.fail(str(error), pytrace=False)


def test_sync_ticks_renames_and_removals_on_github(config: LiveConfig, tmp_path: Path) -> None:
    run_scenario(Scratch(config, GitHub(config), tmp_path))
