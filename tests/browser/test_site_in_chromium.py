"""The progress page in a real browser: headless Chromium loads what `roadmap-bot site`
wrote, as a learner's browser would (file://, the page's own CSP in force)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

from browser.chromium import needs_chromium
from browser.png import decode
from commands import run
from roadmap_bot.readme.render import read_states
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.states import ItemState
from syncing import ROOT

pytestmark = needs_chromium

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}
TICKED = ("programming-logic", "helm", "docker-volumes")
SKIPPED = "algorithms"


@dataclass
class Learner:
    """A fork's files, the site made from them, and what the browser did with it."""

    folder: Path
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    @property
    def roadmap(self) -> Path:
        return self.folder / "roadmap.yaml"

    @property
    def readme(self) -> Path:
        return self.folder / "README.md"

    @property
    def index(self) -> Path:
        return self.folder / "site" / "index.html"

    def command(self, *args: str) -> str:
        result = run(*args, "--roadmap", str(self.roadmap), "--readme", str(self.readme))
        assert result.returncode == 0, result.stderr
        return result.stdout

    def make_site(self) -> None:
        self.command("site", "--out", str(self.index.parent))

    def open(self, context: BrowserContext, viewport: dict[str, int] = DESKTOP) -> Page:
        page = context.new_page()
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.console.append(_said(message)))
        # Anything but the page itself is refused (and recorded above).
        page.route("**/*", _only_the_page(self.index.as_uri()))
        page.goto(self.index.as_uri())
        return page


def _said(message: ConsoleMessage) -> str:
    return f"{message.type}: {message.text}"


def _only_the_page(url: str):  # type: ignore[no-untyped-def]
    def handle(route, request: Request) -> None:  # type: ignore[no-untyped-def]
        if request.url == url:
            route.continue_()
        else:
            route.abort()

    return handle


def a_fork(folder: Path) -> Learner:
    """The shipped roadmap and README with a few items ticked and one skipped, and its site."""
    shutil.copy(ROOT / "roadmap.yaml", folder / "roadmap.yaml")
    shutil.copy(ROOT / "README.md", folder / "README.md")
    fork = Learner(folder)
    for item_id in TICKED:
        fork.command("check", item_id)
    fork.command("check", SKIPPED, "--skip")
    fork.make_site()
    return fork


@pytest.fixture(scope="module")
def shared_fork(tmp_path_factory: pytest.TempPathFactory) -> Learner:
    return a_fork(tmp_path_factory.mktemp("fork"))


def watched(fork: Learner) -> Iterator[Learner]:
    fork.requests.clear()
    fork.console.clear()
    yield fork
    # Nothing but the page was asked for, and the browser reported nothing wrong
    # (a blocked style or a violated policy shows here).
    assert fork.requests
    assert set(fork.requests) == {fork.index.as_uri()}
    assert fork.console == []


@pytest.fixture
def learner(shared_fork: Learner) -> Iterator[Learner]:
    """The fork, read only."""
    yield from watched(shared_fork)


@pytest.fixture
def own_learner(tmp_path: Path) -> Iterator[Learner]:
    """A fork of the test's own, to change."""
    yield from watched(a_fork(tmp_path))


def rendered(page: Page) -> dict[str, object]:
    """What the rendered DOM shows: sections, cards with their state and visible words."""
    return page.evaluate(
        """() => ({
          sections: [...document.querySelectorAll('[data-section]')].map(s => ({
            title: s.querySelector('h2').innerText,
            percent: s.dataset.percent,
            items: [...s.querySelectorAll('[data-item-id]')].map(c => c.dataset.itemId),
          })),
          cards: Object.fromEntries([...document.querySelectorAll('[data-item-id]')].map(c => [
            c.dataset.itemId,
            {state: c.dataset.state,
             word: c.querySelector('.state').innerText.trim(),
             visible: c.getBoundingClientRect().height > 0,
             colour: getComputedStyle(c).borderLeftColor},
          ])),
          overall: document.getElementById('overall').dataset.percent,
          shown: document.querySelector('#overall .percent').innerText,
        })"""
    )


WORDS = {"done": "✓ DONE", "skipped": "⤼ SKIPPED", "todo": "○ TO DO"}


def test_every_section_and_item_is_shown_with_its_state(
    browser: BrowserContext, learner: Learner
) -> None:
    page = learner.open(browser)
    dom = rendered(page)
    roadmap = load_roadmap(learner.roadmap)
    states = read_states(learner.readme.read_text(encoding="utf-8"))
    assert [s["title"] for s in dom["sections"]] == [s.title for s in roadmap.sections]
    assert [item for s in dom["sections"] for item in s["items"]] == [p.id for p in roadmap.walk()]
    cards = dom["cards"]
    for placed in roadmap.walk():
        state = states.get(placed.id, ItemState.TODO).value
        card = cards[placed.id]
        assert (card["state"], card["word"], card["visible"]) == (state, WORDS[state], True)
    # Colour tells the states apart too (and never alone: the word above).
    colours = {cards[i]["colour"] for i in (TICKED[0], SKIPPED, "version-control")}
    assert len(colours) == 3
    page.close()


def test_percentages_are_those_of_progress_json(browser: BrowserContext, learner: Learner) -> None:
    page = learner.open(browser)
    dom = rendered(page)
    progress = json.loads(learner.command("progress", "--format", "json"))
    assert dom["overall"] == f"{progress['overall']['percent']:.1f}"
    finished = progress["overall"]["done"] + progress["overall"]["skipped"]
    assert dom["shown"] == f"{finished * 100 // progress['overall']['total']}%"
    assert [s["percent"] for s in dom["sections"]] == [
        f"{s['percent']:.1f}" for s in progress["sections"]
    ]
    page.close()


def test_ticked_items_show_done_after_the_page_is_made_again(
    browser: BrowserContext, own_learner: Learner
) -> None:
    learner = own_learner
    page = learner.open(browser)
    before = rendered(page)
    assert before["cards"]["core-python"]["state"] == "todo"
    learner.command("check", "core-python")
    learner.command("check", "docstrings")
    learner.make_site()
    page.reload()
    after = rendered(page)
    assert after["cards"]["core-python"]["word"] == "✓ DONE"
    assert after["cards"]["docstrings"]["state"] == "done"
    assert float(after["overall"]) > float(before["overall"])
    # Two open items fewer in "next up": they were its first candidates.
    next_up = page.evaluate(
        "[...document.querySelectorAll('[data-next-id]')].map(c => c.dataset.nextId)"
    )
    assert "core-python" not in next_up
    assert "docstrings" not in next_up
    page.close()


WIDER_THAN_THE_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > width + 0.5 || r.left < -0.5); })
    .map(e => e.tagName + '.' + e.className.baseVal ?? e.className);
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "375x800"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_are_drawn_and_nothing_is_wider_than_the_screen(
    browser: BrowserContext, learner: Learner, viewport: dict[str, int], scheme: str, tmp_path: Path
) -> None:
    page = learner.open(browser, viewport)
    page.emulate_media(color_scheme=scheme)
    assert page.evaluate(WIDER_THAN_THE_VIEWPORT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot = tmp_path / f"{viewport['width']}-{scheme}.png"
    image = decode(page.screenshot(path=str(shot)))
    assert (image.width, image.height) == (viewport["width"], viewport["height"])
    colours = image.colours()
    background, most = colours.most_common(1)[0]
    # Not blank: the background leaves room for text and bars, in many colours.
    assert most < 0.9 * len(image.pixels)
    assert len(colours) > 50
    dark = sum(background) / 3 < 128
    assert dark is (scheme == "dark")
    page.close()


def test_print_hides_the_navigation_and_keeps_the_cards(
    browser: BrowserContext, learner: Learner
) -> None:
    page = learner.open(browser)
    page.emulate_media(media="print", color_scheme="dark")
    shown = page.evaluate(
        """() => ({
          chips: getComputedStyle(document.querySelector('.chips')).display,
          cards: [...document.querySelectorAll('[data-item-id]')].filter(c => c.getBoundingClientRect().height > 0).length,
          background: getComputedStyle(document.body).backgroundColor,
        })"""
    )
    assert shown == {"chips": "none", "cards": 168, "background": "rgb(255, 255, 255)"}
    assert page.pdf()[:5] == b"%PDF-"
    page.close()


def test_a_hostile_roadmap_runs_nothing_and_fetches_nothing(
    browser: BrowserContext, tmp_path: Path
) -> None:
    fork = Learner(tmp_path)
    fork.roadmap.write_text(
        "title: '<script>alert(1)</script>'\n"
        "sections:\n"
        "  - title: '</style><img src=https://evil.example/x.png onerror=alert(2)>'\n"
        "    items:\n"
        "      - id: evil\n"
        "        title: '{{ 7 * 7 }}<iframe src=https://evil.example/></iframe>'\n"
        "        description: '<link rel=stylesheet href=https://evil.example/s.css>'\n"
        "        url: 'javascript:alert(3)'\n"
        "        links:\n"
        "          - title: '<svg onload=alert(4)>'\n"
        "            url: 'JavaScript:alert(5)'\n",
        encoding="utf-8",
    )
    fork.readme.write_text(
        "<!-- roadmap-bot:checklist:start -->\n<!-- roadmap-bot:checklist:end -->\n",
        encoding="utf-8",
    )
    fork.command("render")
    fork.make_site()
    dialogs: list[str] = []
    page = fork.open(browser)
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.click("#item-evil a, #item-evil .title", timeout=2_000)
    shown = page.evaluate(
        """() => ({
          title: document.querySelector('h1').innerText,
          card: document.querySelector('#item-evil .title').innerText,
          elements: document.querySelectorAll('script, img, iframe, link[rel=stylesheet]').length,
          hrefs: [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href')),
        })"""
    )
    assert shown == {
        "title": "<script>alert(1)</script>",
        "card": "{{ 7 * 7 }}<iframe src=https://evil.example/></iframe>",
        "elements": 0,
        "hrefs": ["#section-1"],
    }
    assert dialogs == []
    assert set(fork.requests) == {fork.index.as_uri()}
    assert fork.console == []
    page.close()
