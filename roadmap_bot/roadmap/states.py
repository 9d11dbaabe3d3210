"""The three states of an item's box, issue and card: to do, done, skipped."""

from __future__ import annotations

import enum


class ItemState(str, enum.Enum):
    TODO = "todo"
    DONE = "done"
    SKIPPED = "skipped"
