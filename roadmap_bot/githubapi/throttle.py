"""How long to wait: write spacing, rate-limit answers and back-off after transient failures.

Creations (issues, comments, labels...: writes that are not idempotent) have a spacing of
their own: 0 until GitHub refuses one for speed, then 3 s (about 20 a minute: checkmarx-ltd/
cx-flow pull request 1078 found GitHub refusing after ~20 quick creations and ~3 s between
them enough), doubled on each later refusal, so that a run slows down instead of being
refused again and again.

Every wait goes through the injected :class:`~roadmap_bot.clock.Clock`, so tests of rate
limits run in milliseconds; every wait is counted in the client's stats.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from typing import Any

from roadmap_bot.clock import Clock
from roadmap_bot.errors import RateLimitedError
from roadmap_bot.githubapi.errors import RATE_LIMITED_AGAIN_MESSAGE, message_of
from roadmap_bot.githubapi.graphql import GraphQLErrorInfo
from roadmap_bot.githubapi.stats import RequestStats

# 5xx, timeouts, connection errors on reads and idempotent writes: waits between tries.
TRANSIENT_BACKOFF: tuple[float, ...] = (1.0, 2.0, 4.0)  # 4 tries in all
# Rate-limit answers to one request before giving up (each one waited for first).
MAX_RATE_LIMIT_TRIES = 5
# A secondary rate limit without Retry-After: wait 60 s, then 120 s, 240 s...
SECONDARY_BACKOFF_START = 60.0
# Spacing of creations after GitHub refused one for speed: 3 s, then 6 s, 12 s... at most 60 s.
CREATION_INTERVAL_START = 3.0
CREATION_INTERVAL_MAX = 60.0
# A 422 that is GitHub's secondary limit on a creation endpoint: the descriptions list "the
# endpoint has been spammed" for 422; the body then says the content was submitted too quickly.
_SPAM_TEXTS = ("spammed", "submitted too quickly")


class Throttle:
    """The waits of one client: spaced writes, rate limits, back-off."""

    def __init__(
        self, clock: Clock, stats: RequestStats, *, write_interval: float, max_wait: float
    ) -> None:
        self.clock = clock
        self.stats = stats
        self.write_interval = write_interval
        self.max_wait = max_wait
        self._last_write_at: float | None = None
        self._last_creation_at: float | None = None
        self.creation_interval = 0.0
        self.creations_refused = 0

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        self.stats.seconds_waited += seconds
        self.clock.sleep(seconds)

    def space_write(self, *, creation: bool = False) -> None:
        """Wait until a write may go: ``write_interval`` after the previous write and, for a
        creation, ``creation_interval`` after the previous creation."""
        due = []
        if self._last_write_at is not None and self.write_interval > 0:
            due.append(self._last_write_at + self.write_interval)
        if creation and self._last_creation_at is not None and self.creation_interval > 0:
            due.append(self._last_creation_at + self.creation_interval)
        if due:
            self.sleep(max(due) - self.clock.now())

    def wrote(self, *, creation: bool = False) -> None:
        self._last_write_at = self.clock.now()
        if creation:
            self._last_creation_at = self._last_write_at

    def slow_creations(self) -> None:
        """GitHub refused a creation for speed: space the later ones further apart."""
        self.creations_refused += 1
        self.creation_interval = min(
            max(self.creation_interval * 2, CREATION_INTERVAL_START), CREATION_INTERVAL_MAX
        )

    def back_off(self, failures: int) -> bool:
        """Wait before try ``failures + 1``; False when the tries are spent."""
        if failures > len(TRANSIENT_BACKOFF):
            return False
        self.stats.retries += 1
        self.sleep(TRANSIENT_BACKOFF[failures - 1])
        return True

    def wait_for_rate_limit(self, wait: float, hits: int) -> None:
        """Wait ``wait`` seconds, or stop the run when that is too long or too often."""
        wait = max(wait, 0.0)
        if wait > self.max_wait:
            raise RateLimitedError(wait, self.clock.now() + wait)
        if hits >= MAX_RATE_LIMIT_TRIES:
            message = RATE_LIMITED_AGAIN_MESSAGE.format(hits=hits)
            raise RateLimitedError(wait, self.clock.now() + wait, message)
        self.stats.retries += 1
        self.sleep(wait)

    def rest_wait(
        self, status: int, headers: Mapping[str, str], data: Any, secondary_backoffs: int
    ) -> tuple[float | None, bool]:
        """(seconds to wait, whether it is a secondary back-off), or (None, False)."""
        if status == 422 and _is_spam_refusal(data):
            return SECONDARY_BACKOFF_START * 2**secondary_backoffs, True
        if status not in (403, 429):
            return None, False
        retry_after = self._retry_after(headers)
        if retry_after is not None:
            return retry_after, False
        if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
            return self._until_reset(headers), False
        message = message_of(data).lower()
        if status == 429 or "secondary rate limit" in message or "abuse" in message:
            return SECONDARY_BACKOFF_START * 2**secondary_backoffs, True
        return None, False

    def graphql_wait(
        self, headers: Mapping[str, str], data: dict[str, Any], secondary_backoffs: int
    ) -> float | None:
        errors = data.get("errors") or ()
        if not any(GraphQLErrorInfo.from_json(e).throttled for e in errors):
            return None
        lower: dict[str, str] = {k.lower(): str(v) for k, v in headers.items()}
        retry_after = self._retry_after(lower)
        if retry_after is not None:
            return retry_after
        if lower.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in lower:
            return self._until_reset(lower)
        return float(SECONDARY_BACKOFF_START * 2**secondary_backoffs)

    def _retry_after(self, headers: Mapping[str, str]) -> float | None:
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return SECONDARY_BACKOFF_START
        return max(when.timestamp() - self.clock.now(), 0.0)

    def _until_reset(self, headers: Mapping[str, str]) -> float:
        try:
            reset = float(headers["x-ratelimit-reset"])
        except ValueError:
            return SECONDARY_BACKOFF_START
        return max(reset - self.clock.now(), 0.0) + 1.0


def _is_spam_refusal(data: Any) -> bool:
    texts = [message_of(data)]
    errors = data.get("errors") if isinstance(data, dict) else None
    for error in errors if isinstance(errors, list) else ():
        texts.append(str(error.get("message", "")) if isinstance(error, dict) else str(error))
    return any(spam in text.lower() for text in texts for spam in _SPAM_TEXTS)
