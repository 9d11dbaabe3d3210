"""The progress page as HTML: the numbers of `progress`, links http(s) only, hostile roadmap
text inert, a strict Content-Security-Policy that allows exactly the page's own style.
No network, no browser (tests/browser/ loads the page in Chromium)."""

from __future__ import annotations

import base64
import datetime
import hashlib
from html.parser import HTMLParser

import pytest

from roadmap_bot.readme.progress import compute_progress
from roadmap_bot.roadmap.file import load_roadmap
from roadmap_bot.roadmap.model import Difficulty, Item, Link, Roadmap, Section
from roadmap_bot.roadmap.states import ItemState
from roadmap_bot.site.links import safe_url
from roadmap_bot.site.page import content_security_policy, render_page
from roadmap_bot.site.view import IssueRef, page_view
from syncing import ROOT

TODAY = datetime.date(2026, 3, 10)
DONE, SKIPPED = ItemState.DONE, ItemState.SKIPPED


class Parsed(HTMLParser):
    """Every start tag with its attributes, the text of each <style>, all text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)

    def with_attr(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if name in attrs]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b#c", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("https://example.org/\nx", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//example.org/no-scheme", False),
        ("/relative", False),
        ("https://", False),
        ("https://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links(url: str | None, kept: bool) -> None:
    assert safe_url(url) == (url if kept else None)


HOSTILE = Roadmap(
    '<script>alert("title")</script>',
    (
        Section(
            "</style><script>alert(1)</script>",
            (
                Item(
                    "a",
                    "{{ 7 * 7 }} {% raw %}<img src=x onerror=alert(1)>",
                    Difficulty.EASY,
                    3,
                    description='"><script>alert(2)</script>',
                    url="javascript:alert(3)",
                    notes=("<iframe src=https://evil.example>",),
                    links=(
                        Link("<b>bold</b>", " javascript:alert(4)"),
                        Link("data", "data:text/html,<script>alert(5)</script>"),
                        Link("quote", 'https://ok.example/"onmouseover="alert(6)'),
                    ),
                ),
                Item("b", "B", url="JAVASCRIPT:alert(7)"),
            ),
        ),
    ),
)


def test_hostile_roadmap_text_is_inert() -> None:
    issues = {"b": IssueRef(9, "javascript:alert(8)", "")}
    html = render_page(page_view(HOSTILE, {}, issues, TODAY, "javascript:alert(9)"))
    parsed = Parsed(html)
    assert [tag for tag, _ in parsed.tags if tag in ("script", "img", "iframe", "b")] == []
    assert parsed.with_attr("onerror") + parsed.with_attr("onmouseover") == []
    hrefs = [attrs["href"] for attrs in parsed.with_attr("href")]
    assert all(href.startswith(("https://", "#")) for href in hrefs), hrefs
    assert 'https://ok.example/"onmouseover="alert(6)' in hrefs
    text = "".join(parsed.text)
    # Shown as the text it is, template syntax and markup alike.
    assert "{{ 7 * 7 }} {% raw %}<img src=x onerror=alert(1)>" in text
    assert '<script>alert("title")</script>' in text
    assert "</style><script>alert(1)</script>" in text
    assert "<iframe src=https://evil.example>" in text
    assert "49" not in text
    # The links that are not http(s) stay as their titles, not links.
    assert "<b>bold</b>" in text
    assert "#9" not in text  # an issue whose URL is not http(s) is not linked
    assert len(parsed.styles) == 1


def test_the_policy_allows_exactly_the_page_style() -> None:
    html = render_page(page_view(HOSTILE, {}, {}, TODAY))
    parsed = Parsed(html)
    (style,) = parsed.styles
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    metas = [a for tag, a in parsed.tags if tag == "meta" and "http-equiv" in a]
    assert metas == [
        {"http-equiv": "Content-Security-Policy", "content": content_security_policy(style)}
    ]
    policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
    assert policy == {
        "default-src": "'none'",
        "style-src": f"'sha256-{digest}'",
        "img-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    # The policy comes before anything it governs.
    names = [tag for tag, _ in parsed.tags]
    assert names.index("meta") < names.index("style")
    assert "style" not in {name for _, attrs in parsed.tags for name in attrs}


def seed_states() -> tuple[Roadmap, dict[str, ItemState]]:
    seed = load_roadmap(ROOT / "roadmap.yaml")
    ids = [p.id for p in seed.walk()]
    return seed, {**dict.fromkeys(ids[:30:3], DONE), **dict.fromkeys(ids[31:40:4], SKIPPED)}


def test_the_page_has_the_numbers_of_progress() -> None:
    seed, states = seed_states()
    progress = compute_progress(seed, states)
    page = page_view(seed, states, {}, TODAY)
    assert page.overall == progress.overall
    assert [s.tally for s in page.sections] == list(progress.sections)
    parsed = Parsed(render_page(page))
    overall = next(a for a in parsed.with_attr("id") if a["id"] == "overall")
    assert overall["data-percent"] == f"{progress.overall.percent:.1f}"
    sections = parsed.with_attr("data-section")
    assert [(a["data-section"], int(a["data-done"]), int(a["data-skipped"])) for a in sections] == [
        (t.key, t.done, t.skipped) for t in progress.sections
    ]
    cards = {a["data-item-id"]: a["data-state"] for a in parsed.with_attr("data-item-id")}
    assert cards == {p.id: states.get(p.id, ItemState.TODO).value for p in seed.walk()}


def test_the_seed_page_is_small() -> None:
    seed, states = seed_states()
    issues = {
        p.id: IssueRef(n, f"https://github.com/learner/roadmap/issues/{n}", "2026-03-01T00:00:00Z")
        for n, p in enumerate(seed.walk(), start=1)
    }
    html = render_page(page_view(seed, states, issues, TODAY))
    assert len(html.encode()) < 500_000


def test_cards_link_to_their_issues_and_keep_their_own_link() -> None:
    roadmap = Roadmap(
        "R", (Section("S", (Item("a", "A", url="https://docs.example/a"), Item("b", "B"))),)
    )
    issues = {"a": IssueRef(12, "https://github.com/learner/roadmap/issues/12", "")}
    parsed = Parsed(render_page(page_view(roadmap, {}, issues, TODAY)))
    hrefs = [attrs["href"] for attrs in parsed.with_attr("href")]
    assert "https://github.com/learner/roadmap/issues/12" in hrefs
    assert "https://docs.example/a" in hrefs
    assert "#12" in "".join(parsed.text)


def test_burn_up_drawn_only_with_close_dates() -> None:
    roadmap = Roadmap("R", (Section("S", (Item("a", "A"), Item("b", "B"), Item("c", "C"))),))
    states = {"a": DONE, "b": SKIPPED}
    without = render_page(page_view(roadmap, states, {}, TODAY))
    assert 'id="burnup"' not in without
    issues = {
        "a": IssueRef(1, "https://github.com/l/r/issues/1", "2026-03-01T10:00:00Z"),
        "b": IssueRef(2, "https://github.com/l/r/issues/2", "2026-03-05T10:00:00Z"),
    }
    page = page_view(roadmap, states, issues, TODAY)
    assert page.burnup is not None
    assert (page.burnup.finished, page.burnup.total) == (2, 3)
    labels = [tick.label for tick in page.burnup.x_ticks]
    assert labels == ["2026-02-28", "2026-03-05", "2026-03-10"]
    html = render_page(page)
    assert 'id="burnup"' in html
    assert "2 so far" in html
