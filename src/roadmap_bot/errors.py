"""The project's errors. Each carries its exit code and a message that says what to do.

They are raised where a fault is found and turned into a message and an exit code once,
at the command line's edge (cli.py). No traceback reaches a user.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_OUT_OF_DATE = 1
EXIT_BAD_INPUT = 2
EXIT_GITHUB = 3


class RoadmapBotError(Exception):
    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """One fault in an input file, with where it is."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    where: str  # path inside the document, e.g. sections[0].items[2].difficulty
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}:{where} {self.message}"


class InputFileError(RoadmapBotError):
    """A file the user wrote (roadmap.yaml, README.md) is malformed: every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class RoadmapFileError(InputFileError):
    """roadmap.yaml is malformed."""


class ReadmeError(InputFileError):
    """README.md cannot be read as a roadmap checklist, or does not match roadmap.yaml."""


class ItemNotFoundError(RoadmapBotError):
    """An item id that roadmap.yaml or the README does not have."""


class GitHubError(RoadmapBotError):
    """GitHub refused or failed, with what the user can do about it."""

    exit_code = EXIT_GITHUB
