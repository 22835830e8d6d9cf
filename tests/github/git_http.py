"""A Git smart-HTTP server on loopback: Git's own `git http-backend` (git-http-backend(1))
behind a WSGI wrapper that wants HTTP Basic authentication with one password, as GitHub wants
an App installation token as the password of `x-access-token`. It records the Authorization
header of every request, so a test can tell what was sent, and with which credentials."""

from __future__ import annotations

import base64
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


class _Threaded(WSGIServer):
    daemon_threads = True


class GitHTTP:
    def __init__(self, projects: Path, *, user: str, password: str) -> None:
        self.projects = projects
        wanted = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.wanted = f"Basic {wanted}"
        self.seen: list[str] = []  # the Authorization header of each request ("" if none)
        self.server = make_server("127.0.0.1", 0, self._app, handler_class=_Quiet)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> GitHTTP:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        given = str(environ.get("HTTP_AUTHORIZATION", ""))
        self.seen.append(given)
        if given != self.wanted:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"')])
            return [b""]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        cgi = {
            "PATH": "/usr/bin:/bin",
            "GIT_PROJECT_ROOT": str(self.projects),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REMOTE_USER": "x-access-token",
            "REMOTE_ADDR": "127.0.0.1",
            "PATH_INFO": str(environ.get("PATH_INFO", "")),
            "QUERY_STRING": str(environ.get("QUERY_STRING", "")),
            "REQUEST_METHOD": str(environ.get("REQUEST_METHOD", "GET")),
            "CONTENT_TYPE": str(environ.get("CONTENT_TYPE", "")),
            "CONTENT_LENGTH": str(len(body)),
            "GIT_PROTOCOL": str(environ.get("HTTP_GIT_PROTOCOL", "")),
            "HTTP_CONTENT_ENCODING": str(environ.get("HTTP_CONTENT_ENCODING", "")),
        }
        done = subprocess.run(
            ["git", "http-backend"], input=body, capture_output=True, env=cgi, check=False
        )
        head, _, payload = done.stdout.partition(b"\r\n\r\n")
        status, headers = "200 OK", []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            elif name:
                headers.append((name, value.strip()))
        start_response(status, headers)
        return [payload]
