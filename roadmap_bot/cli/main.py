"""The `roadmap-bot` command: parses options, wires the parts, turns errors into exit codes.

The commands live in file_commands.py, github_commands.py and site_command.py; the
wiring in build.py.
No logic lives here: each command calls the library and prints what it returns.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from roadmap_bot.cli.actions import ActionsEnv
from roadmap_bot.cli.file_commands import (
    check,
    import_command,
    init,
    list_items,
    next_command,
    render,
    uncheck,
    validate,
)
from roadmap_bot.errors import InputFileError, RoadmapBotError

EXIT_INTERNAL = 70
# The commands that talk to GitHub, loaded when named: the GitHub client (PyGithub,
# requests) takes most of a second to import, which the file commands never need.
GITHUB_COMMANDS = {
    "sync": ("github_commands", "sync"),
    "handle-event": ("github_commands", "handle_event"),
    "doctor": ("github_commands", "doctor"),
    "progress": ("github_commands", "progress_command"),
    "site": ("site_command", "site"),
}


class _Group(click.Group):
    """Turns the project's errors into a message on stderr and an exit code, once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *GITHUB_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in GITHUB_COMMANDS and cmd_name not in self.commands:
            module_name, attribute = GITHUB_COMMANDS[cmd_name]
            module = importlib.import_module(f"roadmap_bot.cli.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RoadmapBotError as error:
            if isinstance(error, InputFileError):
                # FILE:LINE:COLUMN lines, for editors; in GitHub Actions each problem is also
                # an annotation on its file and line.
                click.echo(str(error), err=True)
                ActionsEnv.from_env(os.environ).annotate(error.problems, click.echo)
            else:
                click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `roadmap-bot list | head`): not an error of ours.
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            if os.environ.get("ROADMAP_BOT_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in roadmap-bot; set ROADMAP_BOT_DEBUG=1 for the traceback.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="roadmap-bot")
def main() -> None:
    """Turn a learning roadmap into GitHub issues, and tick the README as they close."""


for command in (
    validate,
    list_items,
    next_command,
    render,
    import_command,
    init,
    check,
    uncheck,
    next_command,
):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
