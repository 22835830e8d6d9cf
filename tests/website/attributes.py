"""Every attribute of every start tag in a page, for tests that look for event handlers or
meta tags in what the build wrote."""

from __future__ import annotations

from html.parser import HTMLParser


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend((tag, k, v or "") for k, v in attrs)
