"""X media: `media_type` from the file's own bytes and `media_category` from the media (X API
v2 "Initialize media upload" and "Chunked Media Upload", section "Media categories"), real
files (ffmpeg, Pillow) against the stand-in, which checks both against the bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image

from pipeline.publish import mediatype
from pipeline.publish.api import Api, _message
from pipeline.publish.base import Media, PublishError, Verdict
from pipeline.publish.platforms import x
from pipeline.publish.standins.x import XStandIn
from tests.publish.conftest import MemoryMarks, make_api, make_job, media_file

TOKEN = "x-access-token"  # noqa: S105 - the stand-in's test token
INIT = "/2/media/upload/initialize"


@pytest.fixture
def standin() -> Iterator[XStandIn]:
    with XStandIn(processing_polls=1, check_after_secs=3) as server:
        yield server


@pytest.fixture
def api() -> Iterator[Api]:
    client = make_api("x", TOKEN, x.classify)
    yield client
    client.close()


def settings(standin: XStandIn) -> x.Settings:
    from pipeline.config import Account

    env = {"X_ACCESS_TOKEN": TOKEN, "PIPELINE_X_URL": standin.url}
    return x.settings(env, Account(enabled=True, username="bpsipjabar"))


def clip(folder: Path, name: str) -> Media:
    """A real half-second H.264 clip; the container follows the name (.mp4 or .mov)."""
    out = folder / name
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi"]
    command += ["-i", "color=c=green:s=64x64:d=0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p"]
    subprocess.run([*command, "-y", str(out)], check=True)
    return media_file(folder, name, out.read_bytes(), kind="video", target="video")


def picture(folder: Path, name: str, *, frames: int = 1, fmt: str | None = None) -> Media:
    images = [Image.new("RGB", (16, 16), (40 * i, 90, 20)) for i in range(frames)]
    path = folder / name
    extra = {"save_all": True, "append_images": images[1:], "duration": 100} if frames > 1 else {}
    images[0].save(path, format=fmt, **extra)
    return media_file(folder, name, path.read_bytes(), alt=f"alt {name}")


def inits(standin: XStandIn) -> list[dict[str, object]]:
    return [r.json for r in standin.seen if r.method == "POST" and r.path == INIT]


@pytest.mark.parametrize(
    ("name", "media_type"), [("klip.mp4", "video/mp4"), ("klip.mov", "video/quicktime")]
)
def test_video_type_comes_from_the_container(
    standin: XStandIn, api: Api, tmp_path: Path, name: str, media_type: str
) -> None:
    remote = x.publish(
        api, settings(standin), make_job("x", media=(clip(tmp_path, name),)), MemoryMarks()
    )
    assert inits(standin)[0] == {
        "media_type": media_type,
        "total_bytes": (tmp_path / name).stat().st_size,
        "media_category": "tweet_video",
    }
    (media_id,) = standin.posts[remote.id].media_ids
    assert standin.media[media_id].media_type == media_type


def test_a_mov_named_mp4_is_still_quicktime(standin: XStandIn, api: Api, tmp_path: Path) -> None:
    real = clip(tmp_path, "asli.mov")
    renamed = media_file(tmp_path, "nama.mp4", real.path.read_bytes(), kind="video", target="video")
    x.publish(api, settings(standin), make_job("x", media=(renamed,)), MemoryMarks())
    assert inits(standin)[0]["media_type"] == "video/quicktime"


@pytest.mark.parametrize(
    ("name", "fmt", "frames", "media_type", "category"),
    [
        ("foto.jpg", "JPEG", 1, "image/jpeg", "tweet_image"),
        ("foto.png", "PNG", 1, "image/png", "tweet_image"),
        ("foto.webp", "WEBP", 1, "image/webp", "tweet_image"),
        ("diam.gif", "GIF", 1, "image/gif", "tweet_image"),
        ("gerak.gif", "GIF", 3, "image/gif", "tweet_gif"),
        ("salah-nama.jpg", "PNG", 1, "image/png", "tweet_image"),
    ],
)
def test_image_type_and_category_come_from_the_bytes(
    standin: XStandIn,
    api: Api,
    tmp_path: Path,
    name: str,
    fmt: str,
    frames: int,
    media_type: str,
    category: str,
) -> None:
    item = picture(tmp_path, name, frames=frames, fmt=fmt)
    remote = x.publish(api, settings(standin), make_job("x", media=(item,)), MemoryMarks())
    sent = inits(standin)[0]
    assert (sent["media_type"], sent["media_category"]) == (media_type, category)
    (media_id,) = standin.posts[remote.id].media_ids
    assert standin.media[media_id].alt == f"alt {name}"  # alt text: images and GIFs alike


@pytest.mark.parametrize(
    ("name", "make", "media_type", "category"),
    [
        ("klip.mov", lambda d: clip(d, "klip.mov"), "video/quicktime", "tweet_video"),
        ("gerak.gif", lambda d: picture(d, "gerak.gif", frames=3), "image/gif", "tweet_gif"),
        ("diam.gif", lambda d: picture(d, "diam.gif"), "image/gif", "tweet_image"),
        ("png.jpg", lambda d: picture(d, "png.jpg", fmt="PNG"), "image/png", "tweet_image"),
    ],
)
def test_publishing_parses_no_media_and_sends_what_the_build_recorded(
    standin: XStandIn,
    api: Api,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: Any,
    media_type: str,
    category: str,
) -> None:
    """The build job sniffed the file (`Media.mime`, `Media.animated`, in the hand-off with
    its sha256); the publish path, which holds the token, never calls the sniffer on it. Only
    the stand-in (X itself) may look at the bytes it received."""
    item = make(tmp_path)
    assert (item.mime, item.animated) == (media_type, category == "tweet_gif")

    def refuse(real: Any) -> Any:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if not caller.startswith("pipeline.publish.standins."):
                raise AssertionError(f"{caller} sniffed media in the publish job")
            return real(*args, **kwargs)

        return guarded

    for function in ("sniff", "sniff_bytes", "gif_frames", "gif_frames_bytes"):
        monkeypatch.setattr(mediatype, function, refuse(getattr(mediatype, function)))
    remote = x.publish(api, settings(standin), make_job("x", media=(item,)), MemoryMarks())
    sent = inits(standin)[0]
    assert (sent["media_type"], sent["media_category"]) == (media_type, category)
    (media_id,) = standin.posts[remote.id].media_ids
    assert standin.media[media_id].media_type == media_type


def test_processing_waits_check_after_secs(standin: XStandIn, api: Api, tmp_path: Path) -> None:
    """ "Chunked Media Upload", step 4: wait `check_after_secs` before each STATUS."""
    x.publish(
        api, settings(standin), make_job("x", media=(clip(tmp_path, "k.mp4"),)), MemoryMarks()
    )
    assert api.waited == [3.0, 3.0]  # after FINALIZE, then after the in_progress STATUS


def test_an_animated_gif_goes_alone(standin: XStandIn, api: Api, tmp_path: Path) -> None:
    media = (picture(tmp_path, "g.gif", frames=2), picture(tmp_path, "f.jpg", fmt="JPEG"))
    with pytest.raises(PublishError) as caught:
        x.publish(api, settings(standin), make_job("x", media=media), MemoryMarks())
    assert caught.value.verdict is Verdict.PERMANENT and caught.value.code == "shape"
    assert standin.seen == []  # refused before any request


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("teks.jpg", b"bukan gambar sama sekali", "media_type"),
        ("foto.bmp", b"BM" + bytes(100), "media_type"),
        ("foto.mp4", b"\x00\x00\x00\x18ftypheic" + bytes(100), "media_type"),  # HEIC, not video
        ("besar.jpg", b"\xff\xd8\xff\xe0" + bytes(5 * 1024 * 1024), "media_size"),
    ],
)
def test_what_x_would_refuse_is_refused_before_sending(
    standin: XStandIn, api: Api, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    item = media_file(tmp_path, name, data)
    with pytest.raises(PublishError) as caught:
        x.publish(api, settings(standin), make_job("x", media=(item,)), MemoryMarks())
    assert caught.value.verdict is Verdict.PERMANENT and caught.value.code == code
    assert name in caught.value.message
    assert standin.seen == []


# --- the documentation's own example answers ----------------------------------------------
DOCS = Path(__file__).parents[1] / "data" / "docs" / "x"


def doc(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return body


def test_the_documented_initialize_answer_gives_the_media_id(
    standin: XStandIn, api: Api, tmp_path: Path
) -> None:
    standin.fault(
        "POST", INIT, "status", status=200, body=doc("media_upload_initialize_response.json")
    )
    marks = MemoryMarks()
    with pytest.raises(PublishError):  # the example id is unknown to the stand-in's APPEND
        item = picture(tmp_path, "f.jpg", fmt="JPEG")
        x.publish(api, settings(standin), make_job("x", media=(item,)), marks)
    assert marks.saved[0] == ("media.0", "1880028106020515840")


def test_the_documented_finalize_answer_asks_for_a_wait() -> None:
    info = doc("media_upload_finalize_response.json")["data"]["processing_info"]
    assert info["state"] == "pending" and x._after(info) == 1.0


def test_the_documented_error_is_a_refusal_in_xs_own_words() -> None:
    body = doc("error_invalid_request.json")
    assert x.classify(400, body) is None  # not auth, not a limit: the generic 4xx refusal
    assert _message(400, body) == "HTTP 400: The 'query' parameter is required."
