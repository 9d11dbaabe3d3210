"""What to learn next: open items whose requirements are finished, in a teacher's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_bot.cli.main import main
from roadmap_bot.readme.render import read_states, set_item_state, states_for
from roadmap_bot.roadmap.file import load_roadmap, parse_roadmap
from roadmap_bot.roadmap.model import Difficulty, Item, Roadmap, Section
from roadmap_bot.roadmap.next_up import as_text, next_items, open_requirements, ready_items
from roadmap_bot.roadmap.states import ItemState

ROOT = Path(__file__).parents[2]
DONE, SKIPPED, TODO = ItemState.DONE, ItemState.SKIPPED, ItemState.TODO


def _roadmap(*items: Item) -> Roadmap:
    return Roadmap("R", (Section("S", items),))


def _ids(items: list) -> list[str]:
    return [placed.id for placed in items]


def test_most_important_first_then_easier_then_roadmap_order() -> None:
    roadmap = _roadmap(
        Item("a", "A", Difficulty.HARD, 3),
        Item("b", "B", Difficulty.EASY, 1),
        Item("c", "C", Difficulty.EASY, 3),
        Item("d", "D", None, 3),
        Item("e", "E", Difficulty.MEDIUM, None),
        Item("f", "F", Difficulty.EASY, 1),
    )
    assert _ids(next_items(roadmap, {}, 10)) == ["c", "a", "d", "b", "f", "e"]
    assert _ids(next_items(roadmap, {}, 2)) == ["c", "a"]


def test_an_item_waits_for_its_requirements_and_its_parents() -> None:
    roadmap = _roadmap(
        Item("docker", "Docker", Difficulty.EASY, 2),
        Item(
            "kubernetes",
            "Kubernetes",
            requires=("docker",),
            children=(Item("pods", "Pods", Difficulty.EASY, 3),),
        ),
        Item("helm", "Helm", Difficulty.HARD, 3, requires=("pods", "docker")),
    )
    assert _ids(next_items(roadmap, {}, 5)) == ["docker"]
    assert _ids(next_items(roadmap, {"docker": SKIPPED}, 5)) == ["pods"]
    assert _ids(next_items(roadmap, {"docker": DONE, "pods": DONE}, 5)) == ["helm"]
    by_id = roadmap.items_by_id()
    assert open_requirements(by_id["pods"], by_id, {}) == ["docker"]


def test_a_parent_that_requires_its_own_child_does_not_make_the_child_wait_for_itself() -> None:
    roadmap = _roadmap(
        Item(
            "kubernetes",
            "Kubernetes",
            requires=("pods",),
            complete_with_children=False,
            children=(
                Item("pods", "Pods"),
                Item("helm", "Helm", children=(Item("charts", "Charts"),)),
            ),
        ),
    )
    # Pods' siblings (and their children) do wait for it, as Kubernetes does.
    assert _ids(ready_items(roadmap, {})) == ["pods"]
    assert _ids(ready_items(roadmap, {"pods": DONE})) == ["kubernetes", "charts"]


def test_done_skipped_and_parents_finished_by_children_are_not_suggested() -> None:
    roadmap = _roadmap(
        Item("a", "A", importance=3),
        Item("b", "B", importance=2),
        Item("group", "Group", children=(Item("c", "C"),)),
        Item("own", "Own work", children=(Item("d", "D"),), complete_with_children=False),
    )
    assert _ids(ready_items(roadmap, {"a": DONE, "b": SKIPPED})) == ["c", "own", "d"]
    assert next_items(roadmap, {}, 0) == []


def test_next_on_the_seed_with_a_few_items_done_lists_no_item_with_an_open_requirement() -> None:
    roadmap = load_roadmap(ROOT / "roadmap.yaml")
    finished = {"version-control": DONE, "core-python": DONE, "unit-testing": SKIPPED}
    by_id = roadmap.items_by_id()
    waiting = {p.id for p in roadmap.walk() if open_requirements(p, by_id, finished)}
    # The shipped roadmap has requirements, and some are still open here.
    assert {"docker-compose", "helm", "kubernetes-fundamentals"} <= waiting
    suggested = ready_items(roadmap, finished)
    assert suggested
    for placed in suggested:
        assert finished.get(placed.id, TODO) is TODO
        assert open_requirements(placed, by_id, finished) == []
    # Finishing a requirement makes what waited for it ready.
    assert "version-control-systems" in _ids(suggested)
    compose_child = "build-and-deploy-a-multi-container-application"  # waits via its parent
    assert compose_child not in _ids(suggested)
    unblocked = ready_items(roadmap, {**finished, "docker-basics": DONE})
    assert compose_child in _ids(unblocked)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    roadmap = tmp_path / "roadmap.yaml"
    readme = tmp_path / "README.md"
    roadmap.write_text((ROOT / "roadmap.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for item_id in ("docker-basics", "core-python"):
        text = set_item_state(text, item_id, DONE, "README.md").text
    readme.write_text(text, encoding="utf-8")
    return roadmap, readme


def test_next_command_reads_the_readme_states(files: tuple[Path, Path]) -> None:
    roadmap_path, readme_path = files
    args = ["next", "--roadmap", str(roadmap_path), "--readme", str(readme_path)]
    result = CliRunner().invoke(main, [*args, "--count", "40", "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    roadmap = load_roadmap(roadmap_path)
    states = states_for(roadmap, read_states(readme_path.read_text(encoding="utf-8")))
    assert answer["ready"] == len(ready_items(roadmap, states))
    ids = [record["id"] for record in answer["items"]]
    assert len(ids) == 40
    assert "docker-basics" not in ids
    assert "object-oriented-programming-oop" in ids
    text = CliRunner().invoke(main, [*args, "--count", "3"])
    assert text.exit_code == 0
    assert text.output.startswith(f"Learn next (3 of {answer['ready']} ready):\n")
    assert len(text.output.splitlines()) == 4


def test_text_escapes_control_characters_in_titles() -> None:
    roadmap = parse_roadmap(
        'title: R\nsections:\n  - title: S\n    items:\n      - id: a\n        title: "A\\e[2J"\n',
        "r.yaml",
    )
    result = next_items(roadmap, {}, 1)
    assert "\x1b" not in as_text(result, 1)
    assert "A\\x1b[2J" in as_text(result, 1)
