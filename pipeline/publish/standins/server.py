"""A loopback HTTP server that stands in for a platform's API, with fault injection.

Each stand-in (`graph`, `x`, `tiktok`, `site`) registers routes that behave like the documented
API (asynchronous processing, chunked uploads, error bodies in the platform's own shape). Tests
and `pipeline publish --trial` run the real publishing code against them. Faults are queued per
route: a status with a body and headers (429 with reset headers, 5xx, an expired token), a
connection dropped *after* the request was processed (the client sees a timeout but the post
exists), or a delay longer than the client's read timeout.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    form: dict[str, str] = field(default_factory=dict)  # urlencoded or multipart text fields
    files: dict[str, bytes] = field(default_factory=dict)  # multipart file parts
    json: Any = None
    match: re.Match[str] | None = None

    def field(self, name: str, default: str | None = None) -> str | None:
        """A parameter from the query, the form or a JSON object, in that order."""
        if name in self.query:
            return self.query[name]
        if name in self.form:
            return self.form[name]
        if isinstance(self.json, dict) and name in self.json:
            value = self.json[name]
            return value if isinstance(value, str) else json.dumps(value)
        return default

    def bearer(self) -> str:
        auth = self.headers.get("authorization", "")
        for scheme in ("Bearer ", "OAuth "):
            if auth.startswith(scheme):
                return auth[len(scheme) :]
        return self.field("access_token") or ""


@dataclass(slots=True)
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes
    headers: dict[str, str] = field(default_factory=dict)


FaultKind = Literal["status", "drop_after", "drop_before", "delay"]


@dataclass(slots=True)
class Fault:
    method: str
    pattern: re.Pattern[str]
    kind: FaultKind
    times: int = 1
    reply: Reply | None = None
    seconds: float = 0.0
    skip: int = 0  # let this many matching requests through first


Handler = Callable[[Request], Reply]


class StandIn:
    """Routes, a request log and a fault queue on 127.0.0.1, on a free port."""

    name = "standin"

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.faults: list[Fault] = []
        self.seen: list[Request] = []
        self.lock = threading.RLock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- setup --------------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(pattern + r"/?$"), handler))

    def fault(
        self,
        method: str,
        pattern: str,
        kind: FaultKind,
        *,
        times: int = 1,
        skip: int = 0,
        status: int = 500,
        body: Any = None,
        headers: dict[str, str] | None = None,
        seconds: float = 0.0,
    ) -> None:
        reply = Reply(status, body if body is not None else {}, headers or {})
        with self.lock:
            self.faults.append(
                Fault(method, re.compile(pattern), kind, times, reply, seconds, skip)
            )

    @property
    def url(self) -> str:
        assert self.server is not None  # noqa: S101 - start() first
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        standin = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in one go: no 40 ms stall

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _serve(self) -> None:
                standin._handle(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def count(self, method: str, pattern: str) -> int:
        rx = re.compile(pattern + r"/?$")
        return sum(1 for r in self.seen if r.method == method and rx.match(r.path))

    # --- serving ------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        split = urlsplit(h.path)
        length = int(h.headers.get("content-length") or 0)
        body = h.rfile.read(length) if length else b""
        request = Request(
            method=h.command,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in h.headers.items()},
            body=body,
        )
        _parse_body(request)
        with self.lock:
            self.seen.append(request)
            fault = self._take_fault(request)
        if fault is not None and fault.kind == "drop_before":
            h.close_connection = True
            h.connection.shutdown(2)
            return
        if fault is not None and fault.kind == "status" and fault.reply is not None:
            self._send(h, fault.reply)
            return
        reply = self._dispatch(request)
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        if fault is not None and fault.kind == "drop_after":
            h.close_connection = True
            h.connection.shutdown(2)
            return
        self._send(h, reply)

    def _take_fault(self, request: Request) -> Fault | None:
        for fault in self.faults:
            if fault.method in (request.method, "*") and fault.pattern.search(request.path):
                if fault.skip:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _dispatch(self, request: Request) -> Reply:
        for method, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                request.match = match
                with self.lock:
                    return handler(request)
        return Reply(404, {"error": {"message": f"no route {request.method} {request.path}"}})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            payload = reply.body
            ctype = reply.headers.get("Content-Type", "application/octet-stream")
        else:
            payload = json.dumps(reply.body if reply.body is not None else {}).encode()
            ctype = "application/json"
        try:
            h.send_response(reply.status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(payload)))
            for key, value in reply.headers.items():
                if key.lower() != "content-type":
                    h.send_header(key, value)
            h.end_headers()
            if h.command != "HEAD":
                h.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _parse_body(request: Request) -> None:
    ctype = request.headers.get("content-type", "")
    if not request.body:
        return
    if ctype.startswith("application/json"):
        try:
            request.json = json.loads(request.body)
        except ValueError:
            request.json = None
    elif ctype.startswith("application/x-www-form-urlencoded"):
        request.form = dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
    elif ctype.startswith("multipart/form-data"):
        head = f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + request.body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            if not isinstance(name, str):
                continue
            if part.get_filename() is not None:
                request.files[name] = payload
            else:
                request.form[name] = payload.decode("utf-8")


def error_reply(status: int, message: str, **fields: Any) -> Reply:
    """A Graph-shaped error (`{"error": {...}}`); X and TikTok stand-ins shape their own."""
    return Reply(status, {"error": {"message": message, **fields}})


def graph_token_error() -> Reply:
    return error_reply(
        400,
        "Error validating access token: Session has expired.",
        type="OAuthException",
        code=190,
        error_subcode=463,
    )
