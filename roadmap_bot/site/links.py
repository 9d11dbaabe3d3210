"""Which links the page may carry: roadmap text is untrusted (a fork takes upstream's
roadmap as it comes), so only http(s) URLs become links; anything else stays text."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None.

    Whitespace and control characters anywhere refuse it: browsers strip some of them
    before reading the scheme (" javascript:…"), so none is let through.
    """
    if not url or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host, for one
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
