"""Progress of a long run: a bar that redraws itself on a terminal, plain lines elsewhere
(an Actions log keeps every line, and a carriage return would only clutter it)."""

from __future__ import annotations

from typing import TextIO

from roadmap_bot.issues.plan import Action

BAR_WIDTH = 24


class ProgressPrinter:
    def __init__(self, stream: TextIO, *, terminal: bool | None = None) -> None:
        self.stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self._drawn = False

    def __call__(self, index: int, total: int, action: Action) -> None:
        if not self.terminal:
            print(f"[{index}/{total}] {action.describe()}", file=self.stream, flush=True)
            return
        filled = BAR_WIDTH * index // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        text = f"\r[{bar}] {index}/{total} {action.describe()}"[:120]
        self.stream.write(text.ljust(121))
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
