"""Speaking to GitHub Actions: log groups, error annotations, step outputs, job summary.

Outside Actions (GITHUB_ACTIONS unset) groups and annotations are plain text, and there is
nowhere to write outputs or a summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from roadmap_bot.errors import Problem

Echo = Callable[[str], None]


def _escape_data(text: str) -> str:
    """Workflow-command data: %, CR and LF escaped, so text can never end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class ActionsEnv:
    active: bool = False
    output_path: str | None = None
    summary_path: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ActionsEnv:
        return cls(
            active=env.get("GITHUB_ACTIONS") == "true",
            output_path=env.get("GITHUB_OUTPUT") or None,
            summary_path=env.get("GITHUB_STEP_SUMMARY") or None,
        )

    @contextmanager
    def group(self, title: str, echo: Echo) -> Iterator[None]:
        echo(f"::group::{_escape_data(title)}" if self.active else f"== {title}")
        try:
            yield
        finally:
            if self.active:
                echo("::endgroup::")

    def annotate(self, problems: Iterable[Problem], echo: Echo) -> None:
        """An error annotation on each problem's file and line (Actions shows them on the
        diff)."""
        if not self.active:
            return
        for problem in problems:
            file = _escape_property(problem.file)
            props = f"file={file},line={problem.line},col={problem.column}"
            message = f"{problem.where}: {problem.message}" if problem.where else problem.message
            echo(f"::error {props}::{_escape_data(message)}")

    def set_outputs(self, values: Mapping[str, object]) -> None:
        if not self.output_path:
            return
        with Path(self.output_path).open("a", encoding="utf-8") as out:
            for name, value in values.items():
                out.write(f"{name}={' '.join(str(value).split())}\n")

    def add_summary(self, markdown: str) -> None:
        if not self.summary_path:
            return
        with Path(self.summary_path).open("a", encoding="utf-8") as out:
            out.write(markdown)
