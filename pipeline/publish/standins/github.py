"""GitHub's REST API on loopback, the parts the publish step reads and writes: the pull
request a commit came from and its reviews, a workflow run (REST API, "REST API endpoints for
workflow runs" > "Get a workflow run", read 2026-12-03: 200 with the run object; 404 for a run
it does not hold; 403 "Resource not accessible by integration" for a token without `actions:
read`, as "Troubleshooting the REST API" describes a missing permission), and
environment secrets (public key, sealed PUT), which this stand-in really unseals; the
repository settings `pipeline setup` applies, environments with their deployment branch
policies as GitHub documents them (REST API, "REST API endpoints for deployment environments":
"Create or update an environment"; "REST API endpoints for deployment branch policies": list,
create, delete; read 2026-12-03). And `POST
/graphql` for website comments (Giscus): the queries and the mutation `pipeline.inbox.website`
sends, told apart by their operation name, over discussions, comments, replies and deleted
comments (a deleted one with replies stays as a placeholder with `deletedAt`, like GitHub's)."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from typing import Any

from nacl import encoding, public

from pipeline.publish.standins.server import Reply, Request, StandIn

REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
GQL_REPO = "bpsip-jabar/situs"
GQL_CATEGORY = "DIC_kwDOkomentar"
# The job token and the App token together, as the workflows ask for them.
FULL = {"contents": "write", "secrets": "write", "environments": "write", "actions": "read"}
LEVEL = {"read": 1, "write": 2}


class GitHubStandIn(StandIn):
    name = "github"

    def __init__(
        self,
        *,
        token: str = "gh-token",  # noqa: S107 - a stand-in credential
        permissions: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.token = token
        # The installation token's repository permissions (what create-github-app-token's
        # `permission-*` inputs asked for); environment secrets need two of them.
        self.permissions = dict(permissions if permissions is not None else FULL)
        self.secret_times: dict[str, str] = {}  # name -> updated_at
        self.pulls: dict[str, list[dict[str, Any]]] = {}  # commit -> pulls
        self.reviews: dict[int, list[dict[str, Any]]] = {}
        self.runs: dict[int, dict[str, Any]] = {}  # run id -> status, conclusion, run_attempt
        self.secrets: dict[str, str] = {}  # name -> unsealed value
        self.comments: dict[int, dict[str, Any]] = {}  # id -> {"issue", "body"}
        self.read_only = False  # a fork's token: writes answer 403
        self.applied: list[tuple[str, str, Any]] = []  # repository settings: (method, path, body)
        self.environments: dict[str, dict[str, Any]] = {}  # name -> deployment_branch_policy
        self.branch_policies: dict[str, list[dict[str, Any]]] = {}  # environment -> policies
        self.key, self.key_id = public.PrivateKey.generate(), "k1"
        self.route("GET", REPO + r"/commits/(?P<sha>\w+)/pulls", self._pulls)
        self.route("GET", REPO + r"/pulls/(?P<n>\d+)/reviews", self._reviews)
        self.route("GET", REPO + r"/actions/runs/(?P<run>\d+)", self._run)
        self.route("GET", REPO + r"/issues/(?P<n>\d+)/comments", self._comments)
        self.route("PUT", REPO + r"/environments/(?P<env>[^/]+)", self._environment)
        policies = REPO + r"/environments/(?P<env>[^/]+)/deployment-branch-policies"
        self.route("GET", policies, self._policies)
        self.route("POST", policies, self._add_policy)
        self.route("DELETE", policies + r"/(?P<id>\d+)", self._delete_policy)
        self.route("POST", REPO + r"/rulesets", self._settings)
        self.route("POST", REPO + r"/pages", self._pages)
        self.route("POST", REPO + r"/issues/(?P<n>\d+)/comments", self._comment)
        self.route("PATCH", REPO + r"/issues/comments/(?P<id>\d+)", self._edit)
        self.route("GET", REPO + r"/environments/(?P<env>[^/]+)/secrets/public-key", self._key)
        self.route("PUT", REPO + r"/environments/(?P<env>[^/]+)/secrets/(?P<name>\w+)", self._put)
        self.route("GET", REPO + r"/environments/(?P<env>[^/]+)/secrets/(?P<name>\w+)", self._meta)
        self.route("POST", r"/graphql", self._graphql)
        # Discussions (GraphQL): id -> {title, category, repo}; comments: id -> {discussion,
        # reply_to, body, author, created_at, deleted_at, minimized}
        self.discussions: dict[str, dict[str, Any]] = {}
        self.discussion_comments: dict[str, dict[str, Any]] = {}
        self.bot = "github-actions"  # the author of what the token writes

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

    def run(
        self, ident: int, status: str = "in_progress", *, attempt: int = 1, conclusion: str = ""
    ) -> None:
        """Workflow run `ident`, at its latest attempt, as GitHub reports it. `status`: queued,
        in_progress, waiting, requested, pending or completed (then with a `conclusion`)."""
        self.runs[ident] = {
            "status": status,
            "conclusion": conclusion or None,
            "run_attempt": attempt,
        }

    def _run(self, request: Request) -> Reply:
        """GitHub's "Get a workflow run": the run object with the fields of the documented example
        (tests/publish/data/docs/github/workflow-run.json), pull requests left out."""
        assert request.match is not None  # noqa: S101 - routed
        if denied := self._allowed(request, "read", ("actions",)):
            return denied
        ident = int(request.match["run"])
        run = self.runs.get(ident)
        if run is None:
            return Reply(404, {"message": "Not Found"})
        repo = f"{request.match['owner']}/{request.match['repo']}"
        api = f"https://api.github.com/repos/{repo}/actions/runs/{ident}"
        attempt = int(run["run_attempt"])
        return Reply(
            200,
            {
                "id": ident,
                "name": "publish",
                "node_id": f"WFR_{ident}",
                "head_branch": "main",
                "path": ".github/workflows/publish.yml@main",
                "run_number": ident % 1000,
                "event": "push",
                "display_title": "publish",
                "status": run["status"],
                "conclusion": run["conclusion"],
                "workflow_id": 159038,
                "url": api,
                "html_url": f"https://github.com/{repo}/actions/runs/{ident}",
                "pull_requests": [],
                "created_at": "2026-11-25T02:00:00Z",
                "updated_at": "2026-11-25T02:05:00Z",
                "run_attempt": attempt,
                "run_started_at": "2026-11-25T02:00:05Z",
                "jobs_url": f"{api}/jobs",
                "logs_url": f"{api}/logs",
                "cancel_url": f"{api}/cancel",
                "rerun_url": f"{api}/rerun",
                "previous_attempt_url": f"{api}/attempts/{attempt - 1}" if attempt > 1 else None,
                "workflow_url": f"https://api.github.com/repos/{repo}/actions/workflows/159038",
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

    def _environment(self, request: Request) -> Reply:
        """PUT an environment: created or updated; `deployment_branch_policy` is null (any
        branch) or both booleans, and exactly one of them true (else 422)."""
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        assert request.match is not None  # noqa: S101 - routed
        body = request.json if isinstance(request.json, dict) else {}
        policy = body.get("deployment_branch_policy")
        if policy is not None:
            flags = (policy.get("protected_branches"), policy.get("custom_branch_policies"))
            if not all(isinstance(f, bool) for f in flags) or flags[0] == flags[1]:
                return Reply(422, {"message": "Validation Failed"})
        name = request.match["env"]
        self.environments[name] = dict(policy) if policy else {}
        self.applied.append((request.method, request.path, request.json))
        return Reply(200, {"name": name, "deployment_branch_policy": policy})

    def _custom(self, name: str) -> bool:
        return bool(self.environments.get(name, {}).get("custom_branch_policies"))

    def _policies(self, request: Request) -> Reply:
        assert request.match is not None  # noqa: S101 - routed
        name = request.match["env"]
        if name not in self.environments:
            return Reply(404, {"message": "Not Found"})
        rows = self.branch_policies.get(name, [])
        return Reply(200, {"total_count": len(rows), "branch_policies": rows})

    def _add_policy(self, request: Request) -> Reply:
        """200 with the policy; 303 when the same name pattern exists; 404 when the
        environment's custom_branch_policies is false (GitHub's documented answers)."""
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        assert request.match is not None  # noqa: S101 - routed
        name = request.match["env"]
        if not self._custom(name):
            return Reply(404, {"message": "Not Found"})
        body = request.json if isinstance(request.json, dict) else {}
        pattern, kind = body.get("name"), body.get("type", "branch")
        if not isinstance(pattern, str) or not pattern or kind not in ("branch", "tag"):
            return Reply(422, {"message": "Validation Failed"})
        rows = self.branch_policies.setdefault(name, [])
        if any(row["name"] == pattern and row["type"] == kind for row in rows):
            return Reply(303, {})
        ident = 900 + sum(len(r) for r in self.branch_policies.values())
        row = {"id": ident, "node_id": f"MDE2OkdhdGVCcmFuY2hQb2xpY3k{ident}", "name": pattern}
        rows.append(row | {"type": kind})
        self.applied.append((request.method, request.path, request.json))
        return Reply(200, rows[-1])

    def _delete_policy(self, request: Request) -> Reply:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        assert request.match is not None  # noqa: S101 - routed
        rows = self.branch_policies.get(request.match["env"], [])
        kept = [row for row in rows if row["id"] != int(request.match["id"])]
        if len(kept) == len(rows):
            return Reply(404, {"message": "Not Found"})
        self.branch_policies[request.match["env"]] = kept
        self.applied.append((request.method, request.path, None))
        return Reply(204, b"")

    def _pages(self, request: Request) -> Reply:
        if any(path.endswith("/pages") for _, path, _ in self.applied):
            return Reply(409, {"message": "GitHub Pages is already enabled."})
        return self._settings(request)

    # Environment secrets. GitHub REST API, "REST API endpoints for GitHub Actions Secrets"
    # (read 2026-12-03): "Get an environment public key", "Get an environment secret" (name,
    # created_at, updated_at; never the value) and "Create or update an environment secret"
    # (201 created, 204 updated) each need the repository permissions "Environments" AND
    # "Secrets", read for the GETs and write for the PUT; without them: 403 "Resource not
    # accessible by integration".
    def _allowed(
        self, request: Request, level: str, needs: tuple[str, ...] = ("environments", "secrets")
    ) -> Reply | None:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        for name in needs:
            if LEVEL.get(self.permissions.get(name, ""), 0) < LEVEL[level]:
                return Reply(403, {"message": "Resource not accessible by integration"})
        return None

    def _key(self, request: Request) -> Reply:
        if denied := self._allowed(request, "read"):
            return denied
        key = self.key.public_key.encode(encoding.Base64Encoder).decode()
        return Reply(200, {"key_id": self.key_id, "key": key})

    def rotate_key(self) -> None:
        """GitHub replaced the environment's key pair: a value sealed with the old one is
        refused (422, as any invalid request body)."""
        self.key, self.key_id = public.PrivateKey.generate(), f"k{int(self.key_id[1:]) + 1}"

    def _meta(self, request: Request) -> Reply:
        if denied := self._allowed(request, "read"):
            return denied
        assert request.match is not None  # noqa: S101 - routed
        name = request.match["name"]
        if name not in self.secrets:
            return Reply(404, {"message": "Not Found"})
        when = self.secret_times[name]
        return Reply(200, {"name": name, "created_at": when, "updated_at": when})

    def _put(self, request: Request) -> Reply:
        if denied := self._allowed(request, "write"):
            return denied
        assert request.match is not None  # noqa: S101 - routed
        body = request.json or {}
        sealed = base64.b64decode(str(body.get("encrypted_value", "")))
        if body.get("key_id") != self.key_id or not re.fullmatch(r"\w+", request.match["name"]):
            return Reply(422, {"message": "Invalid request"})
        name = request.match["name"]
        existed = name in self.secrets
        self.secrets[name] = public.SealedBox(self.key).decrypt(sealed).decode()
        self.secret_times[name] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Reply(204 if existed else 201, b"")

    # --- GraphQL: discussions (Giscus) ----------------------------------------------------
    def add_discussion(
        self, title: str, *, category: str = GQL_CATEGORY, repo: str = GQL_REPO
    ) -> str:
        ident = f"D_kwDO{len(self.discussions) + 1:04d}"
        self.discussions[ident] = {"title": title, "category": category, "repo": repo}
        return ident

    def add_discussion_comment(
        self, discussion: str, body: str, author: str = "warga", *, reply_to: str | None = None
    ) -> str:
        ident = f"DC_kwDO{len(self.discussion_comments) + 1:04d}-x"
        minute = len(self.discussion_comments)
        self.discussion_comments[ident] = {
            "discussion": discussion,
            "reply_to": reply_to,
            "body": body,
            "author": author,
            "created_at": f"2026-11-26T{minute // 60:02d}:{minute % 60:02d}:00Z",
            "deleted_at": None,
            "minimized": False,
        }
        return ident

    def delete_discussion_comment(self, ident: str) -> None:
        """Gone from GitHub; a comment with replies stays as a `deletedAt` placeholder."""
        if any(c["reply_to"] == ident for c in self.discussion_comments.values()):
            self.discussion_comments[ident] |= {"deleted_at": "2026-11-27T00:00:00Z", "body": ""}
        else:
            del self.discussion_comments[ident]

    def discussion_replies(self, ident: str) -> list[dict[str, Any]]:
        return [
            {"id": i, **c} for i, c in self.discussion_comments.items() if c["reply_to"] == ident
        ]

    def _graphql(self, request: Request) -> Reply:
        if not self._authed(request):
            return Reply(401, {"message": "Bad credentials"})
        body = request.json if isinstance(request.json, dict) else {}
        query = str(body.get("query", ""))
        given = body.get("variables")
        variables: dict[str, Any] = given if isinstance(given, dict) else {}
        match = re.match(r"\s*(query|mutation)\s+(\w+)", query)
        handler = {
            "Discussions": self._gql_discussions,
            "DiscussionComments": self._gql_more,
            "Comment": self._gql_comment,
            "Reply": self._gql_reply,
        }.get(match[2] if match else "")
        if handler is None:
            return Reply(200, {"errors": [{"message": "unsupported by the stand-in"}]})
        return Reply(200, handler(variables))

    def _gql_node(self, ident: str, replies: int = 0) -> dict[str, Any]:
        c = self.discussion_comments[ident]
        number = ident.split("_kwDO")[1][:4]
        node: dict[str, Any] = {
            "id": ident,
            "body": c["body"],
            "createdAt": c["created_at"],
            "url": f"https://github.com/{GQL_REPO}/discussions/1#discussioncomment-{number}",
            "isMinimized": c["minimized"],
            "deletedAt": c["deleted_at"],
            "author": {"login": c["author"]},
        }
        if replies:
            rows = self.discussion_replies(ident)[:replies]
            node["replies"] = {"nodes": [self._gql_node(r["id"]) for r in rows]}
        return node

    def _gql_comments(self, discussion: str, variables: dict[str, Any]) -> dict[str, Any]:
        rows = [
            i
            for i, c in self.discussion_comments.items()
            if c["discussion"] == discussion and c["reply_to"] is None
        ]
        return _page(
            [self._gql_node(i, int(variables.get("replies") or 0)) for i in rows],
            int(variables.get("comments") or 100),
            variables.get("commentsAfter"),
        )

    def _gql_discussions(self, variables: dict[str, Any]) -> dict[str, Any]:
        repo = f"{variables.get('owner')}/{variables.get('name')}"
        if repo not in {d["repo"] for d in self.discussions.values()} and repo != GQL_REPO:
            return {
                "data": {"repository": None},
                "errors": [{"type": "NOT_FOUND", "message": f"Could not resolve to {repo}"}],
            }
        rows = [
            {
                "id": i,
                "title": d["title"],
                "url": f"https://github.com/{repo}/discussions/{n}",
                "comments": self._gql_comments(i, variables),
            }
            for n, (i, d) in enumerate(self.discussions.items(), 1)
            if d["repo"] == repo and d["category"] == variables.get("category")
        ]
        page = _page(rows, int(variables.get("first") or 50), variables.get("after"))
        return {"data": {"repository": {"discussions": page}}}

    def _gql_more(self, variables: dict[str, Any]) -> dict[str, Any]:
        ident = str(variables.get("discussion"))
        if ident not in self.discussions:
            return {"data": {"node": None}, "errors": [{"type": "NOT_FOUND", "message": "?"}]}
        comments = self._gql_comments(ident, variables)
        return {"data": {"node": {"id": ident, "comments": comments}}}

    def _gql_comment(self, variables: dict[str, Any]) -> dict[str, Any]:
        ident = str(variables.get("comment"))
        if ident not in self.discussion_comments:
            return {
                "data": {"node": None},
                "errors": [
                    {"type": "NOT_FOUND", "message": f"Could not resolve to a node {ident}"}
                ],
            }
        c = self.discussion_comments[ident]
        count = int(variables.get("replies") or 100)
        node = self._gql_node(ident, count) | {"discussion": {"id": c["discussion"]}}
        parent = c["reply_to"]
        node["replyTo"] = self._gql_node(parent, count) if parent else None
        return {"data": {"node": node}}

    def _gql_reply(self, variables: dict[str, Any]) -> dict[str, Any]:
        if self.read_only:
            return {
                "data": {"addDiscussionComment": None},
                "errors": [
                    {"type": "FORBIDDEN", "message": "Resource not accessible by integration"}
                ],
            }
        parent = self.discussion_comments.get(str(variables.get("replyTo")))
        if parent is None or parent["deleted_at"]:
            return {
                "data": {"addDiscussionComment": None},
                "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a node"}],
            }
        if parent["reply_to"] is not None:
            return {
                "data": {"addDiscussionComment": None},
                "errors": [
                    {
                        "type": "UNPROCESSABLE",
                        "message": "Parent comment is already in a thread, cannot reply to it",
                    }
                ],
            }
        ident = self.add_discussion_comment(
            str(variables.get("discussion")),
            str(variables.get("body", "")),
            self.bot,
            reply_to=str(variables.get("replyTo")),
        )
        made = self._gql_node(ident)
        return {"data": {"addDiscussionComment": {"comment": {"id": ident, "url": made["url"]}}}}


def _page(rows: list[dict[str, Any]], first: int, after: Any) -> dict[str, Any]:
    """A connection page: `first` rows after the cursor (the index of the last row shown)."""
    start = int(after) + 1 if isinstance(after, str) and after.isdigit() else 0
    shown = rows[start : start + first]
    end = start + len(shown) - 1
    more = start + len(shown) < len(rows)
    return {
        "nodes": shown,
        "pageInfo": {"hasNextPage": more, "endCursor": str(end) if shown else None},
    }
