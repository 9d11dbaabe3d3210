"""The documentation keeps up with the program: every command, option, input, output and
doctor message is documented, and every command's --help has an example."""

from __future__ import annotations

import re
import string
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from roadmap_bot.cli import doctor_texts
from roadmap_bot.cli.main import main

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
COMMANDS = main.list_commands(click.Context(main))
# Options every command that reads the files takes, described once at the top of cli.md.
SHARED_OPTIONS = ("--roadmap", "--readme")
LINK_RE = re.compile(r"\]\((?!https?://|#|mailto:)(?P<target>[^)#\s]+)(?:#[^)]*)?\)")


def test_the_shared_options_are_described_once() -> None:
    intro = (DOCS / "cli.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    for option in SHARED_OPTIONS:
        assert f"`{option} FILE`" in intro


def cli_section(name: str) -> str:
    """The part of docs/cli.md about one command: from its heading to the next heading."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    heading = f"### `roadmap-bot {name}`\n"
    assert heading in text, f"docs/cli.md has no section '{heading.strip()}'"
    after = text.split(heading, 1)[1]
    return re.split(r"^#{1,3} ", after, maxsplit=1, flags=re.MULTILINE)[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section_with_an_example(name: str) -> None:
    section = cli_section(name)
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    examples = [
        line for block in blocks for line in block.splitlines() if f"roadmap-bot {name}" in line
    ]
    assert examples, f"docs/cli.md: no example of `roadmap-bot {name}`"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    section = cli_section(name)
    command = main.get_command(click.Context(main), name)
    assert command is not None
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            long = max(param.opts, key=len)
            if long in SHARED_OPTIONS:
                continue
            assert f"`{long}" in section, f"docs/cli.md, {name}: {long} is not documented"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_help_has_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert re.search(r"^\s+Examples?\b.*:$", result.output, flags=re.MULTILINE), name
    assert f"roadmap-bot {name}" in result.output.split("Example", 1)[1]


def shown(template: str) -> str:
    """A message as the docs show it: its fields left as {name}, escaped braces undone."""
    fields = {f: "{" + f + "}" for _, f, _, _ in string.Formatter().parse(template) if f}
    return template.format(**fields)


@pytest.mark.parametrize("name", sorted(doctor_texts.MESSAGES))
def test_troubleshooting_explains_every_doctor_message(name: str) -> None:
    text = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    assert shown(doctor_texts.MESSAGES[name]) in text, f"docs/troubleshooting.md lacks {name}"


def test_every_doctor_message_is_in_the_list() -> None:
    constants = {
        name
        for name, value in vars(doctor_texts).items()
        if name.isupper() and isinstance(value, str) and value not in doctor_texts.CHECK_NAMES
    }
    assert constants - {"ANNOTATION_TITLE"} == set(doctor_texts.MESSAGES)


def test_action_reference_lists_every_input_and_output() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    text = (DOCS / "action.md").read_text(encoding="utf-8")
    for name, spec in action["inputs"].items():
        default = str(spec["default"])
        row = next((line for line in text.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert row, f"docs/action.md: no row for the input {name}"
        assert (f"`{default}`" if default else "empty") in row, name
    for name in action["outputs"]:
        assert f"| `{name}` |" in text, f"docs/action.md: no row for the output {name}"


def test_action_reference_names_the_pinned_commits() -> None:
    text = (DOCS / "action.md").read_text(encoding="utf-8")
    sources = [ROOT / "action.yml", *(ROOT / ".github" / "workflows").glob("*.yml")]
    for path in sources:
        for name, sha, version in re.findall(
            r"uses: ([\w-]+/[\w-]+)@([0-9a-f]{40}) # (v[\d.]+)", path.read_text(encoding="utf-8")
        ):
            assert f"| `{name}` | {version} | `{sha}` |" in text, (path.name, name)


def test_readme_walks_a_fork_through_the_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Track your progress\n", 1)[1].split("\n## ", 1)[0]
    workflow = yaml.safe_load((ROOT / ".github/workflows/roadmap.yml").read_text("utf-8"))
    for needed in (
        "Settings** -> **General**\n   -> **Features** -> tick **Issues**",
        "**Actions** tab",
        "`project` scope",
        "`ROADMAP_PROJECT_TOKEN`",
        "`ROADMAP_PROJECT`",
        f"**Actions** -> **{workflow['name']}** -> **Run workflow**",
        "nightly",
    ):
        assert needed in section, needed


@pytest.mark.parametrize(
    "page",
    [
        DOCS / "README.md",
        DOCS / "action.md",
        DOCS / "cli.md",
        DOCS / "troubleshooting.md",
        ROOT / "README.md",
    ],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_links_between_pages_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if page.name == "README.md" and page.parent == DOCS:
        # The index names pages others write too; check the ones of this part.
        targets = {"action.md", "cli.md", "troubleshooting.md"}
        assert targets <= set(LINK_RE.findall(text))
        return
    for target in LINK_RE.findall(text):
        assert (page.parent / target).exists(), f"{page.name}: broken link to {target}"
