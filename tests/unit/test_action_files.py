"""action.yml and .github/workflows/, linted for structure and safety in Python.

(.ci/run also runs zizmor and check-jsonschema on them.) What is checked here:
- no `run:` script holds an expression (`${{ ... }}`): inputs and event data reach
  scripts only through `env:`, so no title or input can become shell code;
- every action from elsewhere is pinned to a full commit SHA, its version in a comment;
- the permissions and triggers the learner's workflow needs, and no more;
- the action's inputs, outputs and CLI options agree with the program.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from roadmap_bot.cli.main import main
from roadmap_bot.jobs.report import JobReport

ROOT = Path(__file__).parents[2]
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ALL_FILES = [ACTION, *WORKFLOWS]
USES_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$", re.MULTILINE)
PINNED_RE = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT_RE = re.compile(r"^\s+#\s+v\d+(\.\d+)*\s*$")

INPUTS = {
    "token",
    "project-token",
    "project",
    "create-project",
    "roadmap",
    "readme",
    "dry-run",
    "max-writes",
    "pages-url",
    "site",
}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if path == ACTION:
        return list(data["runs"]["steps"])
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def action_steps() -> dict[str, dict[str, Any]]:
    return {step.get("id", step.get("name")): step for step in steps_of(ACTION)}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_no_expression_inside_a_run_script(path: Path) -> None:
    for step in steps_of(path):
        script = step.get("run")
        if script is not None:
            assert "${{" not in script, f"{path.name}: {step.get('name')}: pass it through env:"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_actions_from_elsewhere_are_pinned_to_a_commit(path: Path) -> None:
    found = USES_RE.findall(path.read_text(encoding="utf-8"))
    assert found
    for ref, rest in found:
        if ref.startswith("./"):
            continue
        assert PINNED_RE.match(ref), f"{path.name}: {ref} is not pinned to a full commit SHA"
        comment = rest.split("#", 1)
        assert len(comment) == 2, f"{path.name}: {ref} needs its version in a comment"
        assert VERSION_COMMENT_RE.match("  #" + comment[1]), f"{path.name}: {rest!r}"


def test_the_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in ALL_FILES:
        for ref, rest in USES_RE.findall(path.read_text(encoding="utf-8")):
            if "@" in ref:
                name, sha = ref.split("@")
                pins.setdefault(name, set()).add(f"{sha}{rest}")
    assert pins
    assert all(len(shas) == 1 for shas in pins.values()), pins


# GitHub removed Node 20 from its runners in September 2026: these are the Node 24 releases
# of the actions the project uses, as its issues name them (docs/action.md).
NODE24_PINS = {
    "actions/checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "actions/setup-python": "5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0",
    "actions/upload-pages-artifact": "fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0",
    "actions/deploy-pages": "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_actions_are_node24_releases(path: Path) -> None:
    for ref, rest in USES_RE.findall(path.read_text(encoding="utf-8")):
        if ref.startswith("./"):
            continue
        name, sha = ref.split("@")
        assert name in NODE24_PINS, f"{path.name}: {name} is not a checked Node 24 release"
        assert f"{sha}{rest}".strip() == NODE24_PINS[name], f"{path.name}: {ref}{rest}"


def test_docs_name_the_pins() -> None:
    docs = (ROOT / "docs" / "action.md").read_text(encoding="utf-8")
    for name, pin in NODE24_PINS.items():
        sha, version = pin.split(" # ")
        assert f"| `{name}` | {version} | `{sha}` |" in docs


# --- action.yml -----------------------------------------------------------------------------


def test_action_inputs_are_documented_with_their_defaults() -> None:
    inputs = load(ACTION)["inputs"]
    assert set(inputs) == INPUTS
    for name, spec in inputs.items():
        assert "default" in spec, name
        assert spec.get("required") is False, name
        assert "Default:" in spec["description"], name
    assert inputs["token"]["default"] == "${{ github.token }}"
    assert inputs["roadmap"]["default"] == "roadmap.yaml"
    assert inputs["readme"]["default"] == "README.md"
    assert inputs["dry-run"]["default"] == "false"


def test_action_outputs_are_those_the_program_writes() -> None:
    outputs = load(ACTION)["outputs"]
    assert set(outputs) == set(JobReport().outputs())
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
        assert spec["description"]


def test_action_is_composite_with_branding() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert set(action["branding"]) == {"icon", "color"}
    assert action["name"]
    assert action["description"]


def test_action_runs_doctor_then_handle_event() -> None:
    scripts = [step["run"] for step in steps_of(ACTION) if "run" in step]
    commands = [re.findall(r"\b(doctor|handle-event)\b", script) for script in scripts]
    assert [c for c in commands if c] == [["doctor"], ["handle-event"]]
    assert "run" in action_steps()
    assert "handle-event" in action_steps()["run"]["run"]


def test_every_input_reaches_the_program_through_env() -> None:
    passed: set[str] = set()
    for step in steps_of(ACTION):
        for value in (step.get("env") or {}).values():
            passed |= set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", str(value)))
    assert passed == INPUTS


def test_the_token_inputs_become_the_variables_the_program_reads() -> None:
    env = action_steps()["run"]["env"]
    assert env["GITHUB_TOKEN"] == "${{ inputs.token }}"
    assert env["ROADMAP_PROJECT_TOKEN"] == "${{ inputs.project-token }}"
    assert env["ROADMAP_PROJECT"] == "${{ inputs.project }}"
    assert env["ROADMAP_CREATE_PROJECT"] == "${{ inputs.create-project }}"
    assert env["ROADMAP_PAGES_URL"] == "${{ inputs.pages-url }}"


@pytest.mark.parametrize("command", ["doctor", "handle-event"])
def test_the_options_the_action_passes_exist(command: str) -> None:
    found = main.get_command(click.Context(main), command)
    assert found is not None
    params = found.params
    known = {opt for p in params if isinstance(p, click.Option) for opt in p.opts}
    used = set()
    for step in steps_of(ACTION):
        if "run" in step and command in step["run"]:
            used |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", step["run"]))
    assert used
    assert used <= known | {"--quiet", "--disable-pip-version-check"}


def test_every_step_of_the_action_names_its_shell() -> None:
    for step in steps_of(ACTION):
        if "run" in step:
            assert step["shell"] == "bash"


# --- the learner's workflow -----------------------------------------------------------------


def learner_workflow() -> dict[str, Any]:
    return load(ROOT / ".github" / "workflows" / "roadmap.yml")


def test_learner_workflow_triggers() -> None:
    on = learner_workflow()["on"]
    assert set(on) == {"push", "workflow_dispatch", "issues", "schedule"}
    assert set(on["push"]["paths"]) == {"roadmap.yaml", "README.md"}
    assert set(on["issues"]["types"]) == {"closed", "reopened"}
    (schedule,) = on["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"], "once a day"
    assert minute.isdigit()
    assert hour.isdigit()


def test_learner_workflow_permissions_are_exactly_what_it_needs() -> None:
    workflow = learner_workflow()
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert set(jobs) == {"roadmap", "pages"}
    assert jobs["roadmap"]["permissions"] == {"contents": "write", "issues": "write"}
    # Only the job that publishes the page may deploy to Pages, and it writes nothing else.
    assert jobs["pages"]["permissions"] == {
        "contents": "read",
        "issues": "read",
        "pages": "write",
        "id-token": "write",
    }


def test_learner_workflow_never_runs_twice_at_once() -> None:
    concurrency = learner_workflow()["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    # One group for every run of the repository: nothing per run, ref or event in it.
    assert "${{" not in concurrency["group"]


PAGES_OPT_IN = "vars.ROADMAP_PAGES == 'true'"


def test_learner_workflow_uses_this_action_with_the_board_settings() -> None:
    job = learner_workflow()["jobs"]["roadmap"]
    checkout, action = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False
    assert action["uses"] == "./"
    assert action["with"] == {
        "project-token": "${{ secrets.ROADMAP_PROJECT_TOKEN }}",
        "project": "${{ vars.ROADMAP_PROJECT }}",
        "pages-url": (
            f"${{{{ {PAGES_OPT_IN} && format('https://{{0}}.github.io/{{1}}/', "
            "github.repository_owner, github.event.repository.name) || '' }}"
        ),
    }


def test_learner_workflow_publishes_the_page_only_when_asked() -> None:
    job = learner_workflow()["jobs"]["pages"]
    assert job["if"] == PAGES_OPT_IN
    assert job["needs"] == "roadmap"  # after the sync, which may commit the README
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    checkout, make, upload, deploy = job["steps"]
    assert checkout["with"] == {
        "persist-credentials": False,
        "ref": "${{ github.event.repository.default_branch }}",
    }
    # The action itself makes the page, so a fork that does not carry roadmap-bot's code
    # (one made with `init`, naming the action) publishes it too.
    assert make == {"uses": "./", "with": {"site": "${{ runner.temp }}/roadmap-site"}}
    steps = {step["name"]: step for step in load(ACTION)["runs"]["steps"] if "name" in step}
    page = steps["Make the progress page (roadmap-bot site)"]
    assert page["if"] == "inputs.site != ''"
    assert 'roadmap-bot" site' in page["run"]
    assert '--out "$ARG_SITE" --repo "$GITHUB_REPOSITORY"' in page["run"]
    assert page["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    for sync_step in ("Check the set-up (roadmap-bot doctor)", "Run roadmap-bot"):
        assert steps[sync_step]["if"] == "inputs.site == ''"
    assert upload["uses"] == (
        "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9"
    )
    assert upload["with"] == {"path": "${{ runner.temp }}/roadmap-site"}
    assert deploy == {
        "id": "deployment",
        "uses": "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128",
    }
    text = (ROOT / ".github" / "workflows" / "roadmap.yml").read_text(encoding="utf-8")
    assert "upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0" in text
    assert "deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0" in text


# --- the project's CI -----------------------------------------------------------------------


def ci_workflow() -> dict[str, Any]:
    return load(ROOT / ".github" / "workflows" / "ci.yml")


def test_ci_permissions_are_read_only_and_per_job() -> None:
    workflow = ci_workflow()
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, name
        assert set(job["permissions"].values()) <= {"read"}, name


def test_ci_runs_the_checks_and_the_action_in_a_dry_run() -> None:
    jobs = ci_workflow()["jobs"]
    runs = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert ".ci/run" in runs
    used = [step for job in jobs.values() for step in job["steps"] if step.get("uses") == "./"]
    assert [step["with"]["dry-run"] for step in used] == ["true"]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for needed in (
        "ruff check",
        "ruff format --check",
        "roadmap-bot render --check",
        "zizmor --offline",
        "--builtin-schema vendor.github-workflows",
        "--builtin-schema vendor.github-actions",
        "pytest",
    ):
        assert needed in script, needed


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for step in steps_of(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
