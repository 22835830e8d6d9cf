"""GitHub's REST API on loopback, the parts the publish step reads and writes: the pull
request a commit came from and its reviews, whether a workflow run has finished, and
environment secrets (public key, sealed PUT), which this stand-in really unseals."""

from __future__ import annotations

import base64
import re
from typing import Any

from nacl import encoding, public

from pipeline.publish.standins.server import Reply, Request, StandIn

REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"


class GitHubStandIn(StandIn):
    name = "github"

    def __init__(self, *, token: str = "gh-token") -> None:  # noqa: S107 - a stand-in credential
        super().__init__()
        self.token = token
        self.pulls: dict[str, list[dict[str, Any]]] = {}  # commit -> pulls
        self.reviews: dict[int, list[dict[str, Any]]] = {}
        self.running: set[str] = set()  # run ids still in progress
        self.secrets: dict[str, str] = {}  # name -> unsealed value
        self.comments: dict[int, dict[str, Any]] = {}  # id -> {"issue", "body"}
        self.read_only = False  # a fork's token: writes answer 403
        self.applied: list[tuple[str, str, Any]] = []  # repository settings: (method, path, body)
        self.key = public.PrivateKey.generate()
        self.route("GET", REPO + r"/commits/(?P<sha>\w+)/pulls", self._pulls)
        self.route("GET", REPO + r"/pulls/(?P<n>\d+)/reviews", self._reviews)
        self.route("GET", REPO + r"/actions/runs/(?P<run>\d+)", self._run)
        self.route("GET", REPO + r"/issues/(?P<n>\d+)/comments", self._comments)
        self.route("PUT", REPO + r"/environments/(?P<env>[^/]+)", self._settings)
        self.route("POST", REPO + r"/rulesets", self._settings)
        self.route("POST", REPO + r"/pages", self._pages)
        self.route("POST", REPO + r"/issues/(?P<n>\d+)/comments", self._comment)
        self.route("PATCH", REPO + r"/issues/comments/(?P<id>\d+)", self._edit)
        self.route("GET", REPO + r"/environments/(?P<env>[^/]+)/secrets/public-key", self._key)
        self.route("PUT", REPO + r"/environments/(?P<env>[^/]+)/secrets/(?P<name>\w+)", self._put)

    def approve(self, commit: str, number: int, *reviewers: tuple[str, str]) -> None:
        """Commit `commit` was merged from PR `number`, approved by (login, commit) pairs."""
        self.merged(commit, number)
        for login, sha in reviewers:
            self.review(number, login, "APPROVED", sha)

    def merged(self, commit: str, number: int) -> None:
        self.pulls[commit] = [
            {
                "number": number,
                "created_at": "2026-11-24T23:30:00Z",
                "merged_at": "2026-11-25T02:00:00Z",
                "merge_commit_sha": commit,
            }
        ]

    def review(self, number: int, login: str, state: str, commit: str, body: str = "") -> None:
        """A review as GitHub lists it (ids in order, a minute apart)."""
        reviews = self.reviews.setdefault(number, [])
        reviews.append(
            {
                "id": 1000 + len(reviews),
                "user": {"login": login},
                "state": state,
                "body": body,
                "commit_id": commit,
                "submitted_at": f"2026-11-25T01:{len(reviews):02d}:00Z",
            }
        )

    def _authed(self, request: Request) -> bool:
        return request.bearer() == self.token

    def _pulls(self, request: Request) -> Reply:
        assert request.match is not None  # noqa: S101 - routed
        return Reply(200, self.pulls.get(request.match["sha"], []))

    def _reviews(self, request: Request) -> Reply:
        assert request.match is not None  # noqa: S101 - routed
        return Reply(200, self.reviews.get(int(request.match["n"]), []))

    def _run(self, request: Request) -> Reply:
        assert request.match is not None  # noqa: S101 - routed
        run = request.match["run"]
        done = run not in self.running
        return Reply(
            200,
            {
                "id": int(run),
                "status": "completed" if done else "in_progress",
                "conclusion": "failure" if done else None,
            },
        )

    def _comments(self, request: Request) -> Reply:
        assert request.match is not None  # noqa: S101 - routed
        issue = int(request.match["n"])
        page, size = int(request.query.get("page", "1")), int(request.query.get("per_page", "30"))
        rows = [{"id": i, **c} for i, c in self.comments.items() if c["issue"] == issue]
        return Reply(200, rows[(page - 1) * size : page * size])

    def _comment(self, request: Request) -> Reply:
        if not self._authed(request) or self.read_only:
            return Reply(403, {"message": "Resource not accessible by integration"})
        assert request.match is not None  # noqa: S101 - routed
        ident = 5000 + len(self.comments)
        body = str((request.json or {}).get("body", ""))
        self.comments[ident] = {"issue": int(request.match["n"]), "body": body}
        return Reply(201, {"id": ident})

    def _edit(self, request: Request) -> Reply:
        if not self._authed(request) or self.read_only:
            return Reply(403, {"message": "Resource not accessible by integration"})
        assert request.match is not None  # noqa: S101 - routed
        comment = self.comments.get(int(request.match["id"]))
        if comment is None:
            return Reply(404, {"message": "Not Found"})
        comment["body"] = str((request.json or {}).get("body", ""))
        return Reply(200, {"id": int(request.match["id"])})

    def _settings(self, request: Request) -> Reply:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        self.applied.append((request.method, request.path, request.json))
        return Reply(201 if request.method == "POST" else 200, {"id": len(self.applied)})

    def _pages(self, request: Request) -> Reply:
        if any(path.endswith("/pages") for _, path, _ in self.applied):
            return Reply(409, {"message": "GitHub Pages is already enabled."})
        return self._settings(request)

    def _key(self, request: Request) -> Reply:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        key = self.key.public_key.encode(encoding.Base64Encoder).decode()
        return Reply(200, {"key_id": "k1", "key": key})

    def _put(self, request: Request) -> Reply:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        assert request.match is not None  # noqa: S101 - routed
        body = request.json or {}
        sealed = base64.b64decode(str(body.get("encrypted_value", "")))
        if body.get("key_id") != "k1" or not re.fullmatch(r"\w+", request.match["name"]):
            return Reply(422, {"message": "Invalid request"})
        self.secrets[request.match["name"]] = public.SealedBox(self.key).decrypt(sealed).decode()
        return Reply(201, {})
