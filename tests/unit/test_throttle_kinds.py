"""GitHub's throttling and failure answers, classified by their exact bodies (issue 13),
and the creation spacing that grows after each refusal."""

from __future__ import annotations

import pytest

from fakegithub.faults import (
    CONTENT_CREATION_MESSAGE,
    RESOURCE_LIMITS_ERROR,
    TOO_QUICK_ERROR,
    TYPELESS_MESSAGE,
    VALIDATION_TIMEOUT_ERROR,
)
from roadmap_bot.clock import FakeClock
from roadmap_bot.githubapi.graphql import (
    SERVER_FAILURE,
    TOO_LARGE,
    TOO_QUICK,
    UNPROCESSABLE,
    VALIDATION,
    GraphQLErrorInfo,
)
from roadmap_bot.githubapi.stats import RequestStats
from roadmap_bot.githubapi.throttle import Throttle


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (TOO_QUICK_ERROR, TOO_QUICK),
        ({"type": "UNPROCESSABLE", "message": "Title can't be blank"}, UNPROCESSABLE),
        ({"message": TYPELESS_MESSAGE}, SERVER_FAILURE),
        (RESOURCE_LIMITS_ERROR, TOO_LARGE),
        (VALIDATION_TIMEOUT_ERROR, TOO_LARGE),
        ({"message": "Field 'x' doesn't exist on type 'Issue'"}, VALIDATION),
    ],
)
def test_graphql_errors_are_classified_by_githubs_words(raw: dict[str, object], kind: str) -> None:
    assert GraphQLErrorInfo.from_json(raw).kind == kind


def throttle() -> tuple[Throttle, FakeClock]:
    clock = FakeClock()
    return Throttle(clock, RequestStats(), write_interval=1.0, max_wait=120.0), clock


def test_a_refused_creation_spaces_later_creations_further_apart() -> None:
    t, clock = throttle()
    assert t.creation_interval == 0.0
    t.slow_creations()
    t.wrote(creation=True)
    t.space_write(creation=True)
    assert clock.sleeps == [3.0]
    t.wrote(creation=True)
    t.space_write(creation=False)  # an update only keeps the write spacing
    assert clock.sleeps == [3.0, 1.0]
    t.slow_creations()
    assert t.creation_interval == 6.0
    for _ in range(10):
        t.slow_creations()
    assert t.creation_interval == 60.0


@pytest.mark.parametrize(
    ("status", "body", "waits"),
    [
        (403, {"message": CONTENT_CREATION_MESSAGE}, (60.0, 120.0)),
        (
            422,
            {"message": "Validation Failed", "errors": [{"message": "was submitted too quickly"}]},
            (60.0, 120.0),
        ),
        (422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}, None),
        (403, {"message": "Resource not accessible by integration"}, None),
    ],
)
def test_rest_secondary_limits_without_retry_after(
    status: int, body: dict[str, object], waits: tuple[float, float] | None
) -> None:
    t, _clock = throttle()
    first, secondary = t.rest_wait(status, {}, body, 0)
    second, _ = t.rest_wait(status, {}, body, 1)
    if waits is None:
        assert first is None
        assert not secondary
    else:
        assert secondary
        assert (first, second) == waits
