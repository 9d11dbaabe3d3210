"""The progress page as HTML: one self-contained index.html (style and charts inline, no
script, nothing fetched) under a strict Content-Security-Policy it sets itself.

Jinja2 escapes every value (autoescape on): roadmap text is untrusted. The stylesheet is
the package's own file, put inline and allowed by its SHA-256 hash, so the policy needs no
'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

import jinja2

from roadmap_bot.site.view import PageView

PAGE_FILE = "index.html"


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this inline stylesheet."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str) -> str:
    """Nothing may load, run or be sent anywhere; only the page's own stylesheet applies."""
    return (
        f"default-src 'none'; style-src {style_hash(css)}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("roadmap_bot.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(page: PageView) -> str:
    environment = _environment()
    loader = environment.loader
    assert loader is not None
    css, _, _ = loader.get_source(environment, "style.css")
    template = environment.get_template("page.html.j2")
    return template.render(page=page, css=css, csp=content_security_policy(css))
