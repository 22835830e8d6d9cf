"""Adversarial review, unit level: the retry classifier on publish requests, the ledger's
"nothing lost" promise on a failed push, and a malformed log line."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from pipeline.errors import PipelineError
from pipeline.publish import records
from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Verdict
from pipeline.publish.ledger import UNPUSHED, Ledger
from pipeline.publish.platforms import graph
from tests.publish.conftest import FAST, clone


@pytest.mark.parametrize(
    "error",
    [
        {"message": "An unknown error occurred", "code": 1},
        {"message": "Service temporarily unavailable", "code": 2, "is_transient": True},
        {"message": "Instagram server error", "code": -1, "error_subcode": 2207001},
        {"message": "Please retry", "code": 9999, "is_transient": True},
    ],
)
def test_a_graph_publish_answered_with_a_transient_400_is_not_sent_again(
    error: dict[str, object],
) -> None:
    """§4.4: "any error after media_publish was sent" is UNKNOWN. Graph's classifier says RETRY
    for codes 1/2, is_transient and IG 2207001/2207032/2207053, and `Api` only turns RETRY into
    UNKNOWN for a 5xx, so a 400 carrying them makes `Api` repeat the publish POST. If the
    first one went through (the error was about the answer), that is a second post."""
    published: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        published.append(1)  # the platform publishes, then reports an error
        if len(published) == 1:
            return httpx.Response(400, json={"error": error})
        return httpx.Response(200, json={"id": str(len(published))})

    api = Api(
        "instagram",
        token=Secret("t"),
        classify=graph.classify,
        timing=FAST,
        transport=httpx.MockTransport(handler),
        sleep=lambda s: None,
    )
    try:
        api.request("POST", "https://graph.example/v25.0/1/media_publish", op="publish")
    except PublishError as exc:
        assert exc.verdict is Verdict.UNKNOWN
    assert len(published) == 1, "the publish POST was sent again"


def test_a_push_that_fails_for_another_reason_still_spills(remote: Path, tmp_path: Path) -> None:
    """§4.6: if the log cannot be pushed, the remote id must be in two places (the artifact
    build/publish/unpushed.jsonl and the job summary). `_push` raises LedgerError directly on
    any error that is not a rejection (network down, 5xx from GitHub, auth), so `_spill` is
    skipped and the `published` event exists only in an ephemeral local commit."""
    root = clone(remote, tmp_path / "a")
    ledger = Ledger(root, sleep=lambda s: None)
    remote.rename(tmp_path / "gone.git")  # the remote stops answering
    event = {
        "event": "published",
        "post": "content/posts/2026/11/a/index.md",
        "platform": "x",
        "content_sha256": "c",
        "run": "r",
        "at_utc": "2026-11-25T02:00:00Z",
        "url": "https://x.com/a/status/1",
    }
    with pytest.raises(PipelineError):
        ledger.write([event])
    spilled = root / UNPUSHED
    assert spilled.is_file() and "status/1" in spilled.read_text()


def test_a_malformed_log_line_stops_with_a_pipeline_error(tmp_path: Path) -> None:
    """A truncated or hand-edited line (a killed local run, a merge of records/ on main) makes
    every later run, on every platform, die with a bare ValueError/KeyError, which
    `pipeline.main` reports as an internal bug with a traceback (exit 2) instead of a message
    naming the file and line (exit 1, §8)."""
    folder = tmp_path / records.FOLDER
    folder.mkdir(parents=True)
    (folder / "2026-11.jsonl").write_text('{"event": "claimed", "post": "p", "platfo\n')
    with pytest.raises(PipelineError):
        records.read(tmp_path)


def test_a_log_line_without_a_field_stops_with_a_pipeline_error(tmp_path: Path) -> None:
    folder = tmp_path / records.FOLDER
    folder.mkdir(parents=True)
    (folder / "2026-11.jsonl").write_text('{"event": "claimed", "platform": "x"}\n')
    with pytest.raises(PipelineError):
        records.fold(records.read(tmp_path))
