"""The website on loopback: serves a built `site/` folder (a stand-in for GitHub Pages).

`hide(path, times)` answers 404 for a path the first `times` requests, as a deploy still in
progress would; `swap(path, data)` serves other bytes than the folder holds (a stale cache).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from pipeline.publish.standins.server import Reply, Request, StandIn


class Site(StandIn):
    name = "site"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.hidden: dict[str, int] = {}
        self.swapped: dict[str, bytes] = {}
        self.route("GET", r"/.*", self._get)
        self.route("HEAD", r"/.*", self._get)

    def hide(self, path: str, times: int = 1) -> None:
        self.hidden[path] = times

    def swap(self, path: str, data: bytes) -> None:
        self.swapped[path] = data

    def _get(self, request: Request) -> Reply:
        path = request.path
        if self.hidden.get(path, 0) > 0:
            self.hidden[path] -= 1
            return Reply(404, b"Not Found", {"Content-Type": "text/plain"})
        if path in self.swapped:
            return Reply(200, self.swapped[path], {"Content-Type": _type(path)})
        target = (self.folder / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.folder) or not target.is_file():
            return Reply(404, b"Not Found", {"Content-Type": "text/plain"})
        return Reply(200, target.read_bytes(), {"Content-Type": _type(target.name)})


def _type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
