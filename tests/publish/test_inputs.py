"""The publish step takes what the build job checked and rendered (build/publish-inputs.json):
it compares hashes, refuses what differs or is missing, and decodes no media file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.commands.publish import collect
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.publish import inputs, mediatype
from tests.conftest import BUILD_ENV, PROJECT
from tests.publish.conftest import BLOCKED, DECODERS, SNIFFED, decoder_blockers

SITE = "https://bpsip-jabar.example"
PANEN = "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
NOW = datetime.fromisoformat(BUILD_ENV["PIPELINE_NOW"])  # the clock the site was built with


@pytest.fixture
def built(sample_site: Path, tmp_path: Path) -> Path:
    """What the publish job has: the checkout and the build job's artifact (hard links: a
    test that changes a file replaces it, never writes through the link)."""
    source = sample_site.parent
    root = tmp_path / "repo"
    shutil.copytree(source / "content", root / "content", copy_function=os.link)
    shutil.copy(source / "office.yml", root / "office.yml")
    shutil.copytree(source / "build" / "media", root / "build" / "media", copy_function=os.link)
    for name in ("site-pages.json", "publish-inputs.json"):
        shutil.copy(source / "build" / name, root / "build" / name)
    return root


def replace(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


def found(root: Path) -> tuple[list[str], dict[str, str], set[str]]:
    config, _ = load_config(root)
    got = collect(root, config, SITE, [], [], NOW)
    refused = {m.post: m.what for m in got.missing if not m.platform}
    held = {got.known.current.get(h, h) for h in got.held}  # identities -> paths now
    return sorted({j.post for j in got.jobs}), refused, held


def test_every_checked_post_is_published_from_the_hand_off(built: Path) -> None:
    posts, refused, _ = found(built)
    assert PANEN in posts and refused == {}
    entry = inputs.load(built)[PANEN]
    assert entry.verdict == "ok" and f"{PANEN.removesuffix('index.md')}panen-1.jpg" in entry.sources
    video = next(
        v
        for e in inputs.load(built).values()
        for v in e.variants
        if v.kind == "video" and v.platform == "tiktok"
    )
    assert video.seconds and video.width and video.mime == "video/mp4"


def test_a_source_changed_after_the_build_is_refused(built: Path) -> None:
    photo = built / PANEN.replace("index.md", "panen-2.jpg")
    replace(photo, photo.read_bytes()[:-10] + b"\xff\xd9" * 5)
    posts, refused, held = found(built)
    assert PANEN not in posts and PANEN in held and posts
    assert "panen-2.jpg" in refused[PANEN] and "berbeda" in refused[PANEN]


def test_an_edited_text_or_an_added_media_item_is_refused(built: Path) -> None:
    index = built / PANEN
    replace(index, index.read_bytes().replace(b"title: ", b"title: Ralat ", 1))
    _, refused, _ = found(built)
    assert "index.md" in refused[PANEN]


def test_a_rendered_file_that_differs_from_the_build_is_refused(built: Path) -> None:
    entry = inputs.load(built)[PANEN]
    photo = next(v for v in entry.variants if v.platform == "facebook").files[0]
    replace(built / photo.path, b"\xff\xd8 not what the build made")
    posts, refused, held = found(built)
    assert PANEN not in posts and PANEN in held
    assert photo.path in refused[PANEN]


def test_without_the_hand_off_nothing_is_published(built: Path) -> None:
    (built / inputs.FILE).unlink()
    posts, refused, _ = found(built)
    assert posts == [] and PANEN in refused and "publish-inputs.json" in refused[PANEN]


def test_a_damaged_hand_off_is_an_error_not_a_guess(built: Path) -> None:
    data = json.loads((built / inputs.FILE).read_text(encoding="utf-8"))
    data["posts"][PANEN]["variants"][0]["files"] = "oops"
    (built / inputs.FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"publish-inputs\.json"):
        found(built)


def test_a_post_that_failed_check_in_the_build_is_held(built: Path) -> None:
    data = json.loads((built / inputs.FILE).read_text(encoding="utf-8"))
    data["posts"][PANEN]["verdict"] = "errors"
    (built / inputs.FILE).write_text(json.dumps(data), encoding="utf-8")
    posts, refused, held = found(built)
    assert PANEN not in posts and PANEN in held and PANEN not in refused


PROBE = """
import sys
from pathlib import Path
from pipeline.commands.publish import collect
from datetime import datetime
from pipeline.config import load_config
root = Path(sys.argv[1])
config, _ = load_config(root)
now = datetime.fromisoformat(sys.argv[2])
got = collect(root, config, "https://bpsip-jabar.example", [], [], now)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {decoders})
print(len(got.jobs), len(got.missing), loaded)
"""


def test_publishing_imports_no_media_decoder(built: Path, tmp_path: Path) -> None:
    """Each decoder module is replaced by one that fails on import: collecting every job of
    the sample content still works, and none of them is in sys.modules."""
    blocked = decoder_blockers(tmp_path / "blocked")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked), str(PROJECT)])}
    sanity = subprocess.run(
        [sys.executable, "-c", "import PIL"], env=env, capture_output=True, text=True, check=False
    )
    assert BLOCKED in sanity.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.replace("{decoders}", repr(set(DECODERS))),
            str(built),
            str(NOW),
        ],
        env=env,
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    jobs, missing, loaded = done.stdout.split(" ", 2)
    assert int(jobs) > 10 and missing == "0" and loaded.strip() == "[]"


@pytest.mark.parametrize(
    "path",
    [".git/config", "build/media/../../.git/config", "/etc/passwd", "content/posts/x/a.jpg"],
)
def test_a_rendered_file_outside_build_media_is_refused(tmp_path: Path, path: str) -> None:
    """The publish job uploads what the hand-off names: never the checkout's credentials."""
    variant = {"platform": "x", "target": "photo", "file": "a.jpg", "kind": "image"}
    variant["files"] = [{"path": path, "sha256": "0" * 64, "bytes": 1}]  # type: ignore[assignment]
    entry = {"verdict": "ok", "sources": {}, "variants": [variant]}
    (tmp_path / "build").mkdir()
    (tmp_path / inputs.FILE).write_text(
        json.dumps({"version": inputs.VERSION, "posts": {PANEN: entry}}), encoding="utf-8"
    )
    with pytest.raises(PipelineError, match=r"publish-inputs\.json"):
        inputs.load(tmp_path)
    variant["files"] = [{"path": "build/media/x/2026/11/p/a.photo.jpg", "sha256": "0", "bytes": 1}]  # type: ignore[assignment]
    (tmp_path / inputs.FILE).write_text(
        json.dumps({"version": inputs.VERSION, "posts": {PANEN: entry}}), encoding="utf-8"
    )
    assert inputs.load(tmp_path)[PANEN].variants[0].files[0].bytes == 1


@pytest.mark.parametrize("number", ["1e400", "Infinity", "-Infinity"])
def test_a_hand_off_with_a_number_no_file_has_is_an_error_not_a_crash(
    tmp_path: Path, number: str
) -> None:
    variant = '{"platform": "x", "target": "photo", "file": "a.jpg", "kind": "image", "files": '
    variant += f'[{{"path": "build/media/a.jpg", "sha256": "0", "bytes": {number}}}]}}'
    entry = f'{{"verdict": "ok", "sources": {{}}, "variants": [{variant}]}}'
    (tmp_path / "build").mkdir()
    (tmp_path / inputs.FILE).write_text(
        f'{{"version": {inputs.VERSION}, "posts": {{"{PANEN}": {entry}}}}}', encoding="utf-8"
    )
    with pytest.raises(PipelineError, match=r"publish-inputs\.json"):
        inputs.load(tmp_path)


def test_a_hand_off_nested_too_deep_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / inputs.FILE).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(PipelineError, match=r"publish-inputs\.json"):
        inputs.load(tmp_path)


@pytest.mark.parametrize("link", ["file", "folder", "media"])
def test_a_symlink_in_build_media_is_never_uploaded(tmp_path: Path, link: str) -> None:
    """The hand-off names build/media/x/a.jpg with the bytes of the checkout's .git/config: a
    link there (the file, a folder on the way, build/media itself) is refused, not followed."""
    secret = tmp_path / ".git" / "config"
    secret.parent.mkdir()
    secret.write_bytes(b"[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.jpg").symlink_to(secret)
    media = tmp_path / "build" / "media"
    if link == "file":
        (media / "x").mkdir(parents=True)
        (media / "x" / "a.jpg").symlink_to(secret)
    elif link == "folder":
        media.mkdir(parents=True)
        (media / "x").symlink_to(outside)
    else:
        media.parent.mkdir()
        (outside / "x").mkdir()
        (outside / "x" / "a.jpg").write_bytes(secret.read_bytes())
        media.symlink_to(outside)
    data = secret.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    files = (inputs.Output(path="build/media/x/a.jpg", sha256=digest, bytes=len(data)),)
    rendered = inputs.Rendered(
        platform="x", target="photo", file="a.jpg", kind="image", files=files
    )
    assert inputs.mismatch(tmp_path, rendered) == "build/media/x/a.jpg"


def test_the_build_records_each_files_sniffed_type_and_a_gifs_animation(
    built: Path, tmp_path: Path
) -> None:
    """The type is the file's own (never its name's), and it survives the hand-off; a hand-off
    written before types were sniffed (version 1) is refused: render again."""
    from PIL import Image

    from pipeline.render import handoff

    every = [v for e in inputs.load(built).values() for v in e.variants if v.files]
    assert every and all(v.mime == mediatype.sniff(built / v.files[0].path) for v in every)
    frames = [Image.new("RGB", (8, 8), (60 * i, 0, 0)) for i in range(3)]
    frames[0].save(tmp_path / "gerak.jpg", format="GIF", save_all=True, append_images=frames[1:])
    frames[0].save(tmp_path / "diam.gif", format="GIF")
    (tmp_path / "klip.mp4").write_bytes(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ")
    (tmp_path / "teks.png").write_bytes(b"bukan gambar")
    assert handoff.sniffed(tmp_path / "gerak.jpg") == {"mime": "image/gif", "animated": True}
    assert handoff.sniffed(tmp_path / "diam.gif") == {"mime": "image/gif", "animated": False}
    assert handoff.sniffed(tmp_path / "klip.mp4") == {"mime": "video/quicktime", "animated": False}
    assert handoff.sniffed(tmp_path / "teks.png") == {"mime": "", "animated": False}
    assert handoff.sniffed(tmp_path / "hilang.gif") == {"mime": "", "animated": False}

    data = (tmp_path / "gerak.jpg").read_bytes()
    files = (inputs.Output(path="build/media/x/a.jpg", sha256="0", bytes=len(data)),)
    entry = inputs.Entry(
        post=PANEN,
        verdict="ok",
        sources={},
        variants=(
            inputs.Rendered(
                platform="x",
                target="photo",
                file="a.gif",
                kind="image",
                files=files,
                mime="image/gif",
                animated=True,
            ),
        ),
    )
    inputs.write(tmp_path, [entry])
    (got,) = inputs.load(tmp_path)[PANEN].variants
    assert (got.mime, got.animated) == ("image/gif", True)
    old = json.loads((tmp_path / inputs.FILE).read_text(encoding="utf-8"))
    old["version"] = 1
    (tmp_path / inputs.FILE).write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"publish-inputs\.json.*pipeline render"):
        inputs.load(tmp_path)
    # rendering one other post over an old hand-off never relabels the old entries as new
    lain = "content/posts/2026/11/lain/index.md"
    other = inputs.Entry(post=lain, verdict="ok", sources={}, variants=())
    inputs.write(tmp_path, [other])
    assert set(inputs.load(tmp_path)) == {other.post}


def test_the_publish_process_cannot_sniff(tmp_path: Path) -> None:
    """The guard the end-to-end publish runs and the collection above run under is live."""
    blocked = decoder_blockers(tmp_path / "blocked")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked), str(PROJECT)])}
    code = "from pipeline.publish import mediatype; mediatype.sniff_bytes(b'GIF89a')"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and SNIFFED in done.stderr
