"""The reply routes added onto the Graph and X stand-ins behave like the platforms."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.replies import (
    NOT_SUMMONED,
    GraphReplies,
    XReplies,
    add_replies,
    add_x_replies,
)
from pipeline.publish.standins.x import XStandIn

PAGE = {"Authorization": "Bearer page-token"}
IG = {"Authorization": "Bearer ig-token"}
XAUTH = {"Authorization": "Bearer x-access-token"}


@pytest.fixture(scope="module")
def graph() -> Iterator[GraphReplies]:
    with GraphStandIn(fetch=False) as server:
        yield add_replies(server)


@pytest.fixture(scope="module")
def x() -> Iterator[XReplies]:
    with XStandIn() as server:
        yield add_x_replies(server)


def test_facebook_comment_read_reply_and_delete(graph: GraphReplies) -> None:
    url = graph.graph.url + "/v25.0"
    cid = graph.add_comment("facebook", "Kapan?", post_id="100200300_5")
    got = httpx.get(f"{url}/{cid}", params={"fields": "id,message"}, headers=PAGE).json()
    assert got == {"id": cid, "message": "Kapan?"}
    made = httpx.post(f"{url}/{cid}/comments", data={"message": "Besok."}, headers=PAGE)
    assert made.status_code == 200
    listed = httpx.get(f"{url}/{cid}/comments", params={"fields": "id,message,from"}, headers=PAGE)
    (reply,) = listed.json()["data"]
    assert reply["message"] == "Besok." and reply["from"]["id"] == graph.graph.page_id
    graph.delete(cid)
    gone = httpx.get(f"{url}/{cid}", headers=PAGE)
    assert gone.status_code == 400
    assert gone.json()["error"]["code"] == 100 and gone.json()["error"]["error_subcode"] == 33
    assert httpx.post(f"{url}/{cid}/comments", data={"message": "x"}, headers=PAGE).is_error


def test_graph_tokens_are_still_checked_and_other_ids_fall_through(graph: GraphReplies) -> None:
    url = graph.graph.url + "/v25.0"
    cid = graph.add_comment("facebook", "Halo")
    assert httpx.get(f"{url}/{cid}").json()["error"]["code"] == 190
    post = graph.graph.add_post("Tulisan lama")
    got = httpx.get(f"{url}/{post}", params={"fields": "id,message"}, headers=PAGE)
    assert got.json()["id"] == post  # the stand-in's own GET /{id}


def test_instagram_replies_attach_to_the_top_level_comment_and_not_to_hidden(
    graph: GraphReplies,
) -> None:
    url = graph.graph.url + "/v25.0"
    top = graph.add_comment("instagram", "Bagus")
    under = graph.add_comment("instagram", "Setuju", parent=top)
    assert httpx.post(
        f"{url}/{under}/replies", data={"message": "Terima kasih"}, headers=IG
    ).is_success
    texts = [r["text"] for r in graph.replies(top)]
    assert texts == ["Setuju", "Terima kasih"]
    got = httpx.get(f"{url}/{top}", params={"fields": "id,text,hidden"}, headers=IG).json()
    assert got == {"id": top, "text": "Bagus", "hidden": False}
    graph.hide(top)
    refused = httpx.post(f"{url}/{top}/replies", data={"message": "Halo"}, headers=IG)
    assert refused.status_code == 400


def test_x_refuses_a_reply_when_not_summoned(x: XReplies) -> None:
    ours = x.x.add_post("Panen")
    cid = x.add_comment("@bpsipjabar kapan?", conversation_id=ours.id)
    body = {"text": "Desember.", "reply": {"in_reply_to_tweet_id": cid}}
    x.summoned = False
    refused = httpx.post(f"{x.x.url}/2/tweets", json=body, headers=XAUTH)
    assert refused.status_code == 403
    assert refused.json() == {
        "title": "Forbidden",
        "detail": NOT_SUMMONED,
        "type": "about:blank",
        "status": 403,
    }
    x.summoned = True
    made = httpx.post(f"{x.x.url}/2/tweets", json=body, headers=XAUTH)
    assert made.status_code == 201
    reply = made.json()["data"]["id"]
    found = httpx.get(
        f"{x.x.url}/2/tweets/search/recent",
        params={
            "query": f"conversation_id:{ours.id} from:bpsipjabar",
            "tweet.fields": "referenced_tweets",
        },
        headers=XAUTH,
    ).json()
    assert [(t["id"], t["referenced_tweets"][0]["id"]) for t in found["data"]] == [(reply, cid)]
    assert httpx.get(f"{x.x.url}/2/tweets/{cid}", headers=XAUTH).json()["data"]["id"] == cid
    x.delete(cid)
    assert "errors" in httpx.get(f"{x.x.url}/2/tweets/{cid}", headers=XAUTH).json()


def test_x_posts_that_are_not_replies_still_reach_the_stand_in(x: XReplies) -> None:
    made = httpx.post(f"{x.x.url}/2/tweets", json={"text": "Kiriman biasa"}, headers=XAUTH)
    assert made.status_code == 201 and made.json()["data"]["id"] in x.x.created
    assert httpx.post(f"{x.x.url}/2/tweets", json={"text": "x"}).status_code == 401
