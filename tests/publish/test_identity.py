"""A post is one post wherever its folder goes: real Git repositories, real `pipeline render`,
`mkdocs build` and `pipeline publish` processes against the loopback stand-ins, as the publish
end-to-end test does. Published posts are moved (a date fix, a slug rename, another year),
moved and edited, renamed with their id changed or removed, and copied as a template; after
each round nothing new may appear on any platform unless a new post was meant, and the log
keeps one identity per post."""

# ruff: noqa: F811 - `world` is the end-to-end test's fixture, imported by name

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.publish import records
from pipeline.publish.standins.site import Site
from tests.conftest import BUILD_ENV, PROJECT, build_site
from tests.publish.conftest import clone, git
from tests.publish.test_publish_e2e import (  # noqa: F401 - fixtures
    SOCIAL,
    log,
    origin,
    posts_on,
    publish,
    world,
)

POSTS = "content/posts"
PANEN = f"{POSTS}/2026/11/panen-raya-padi-inpari-32"
VIDEO = f"{POSTS}/2026/11/video-demplot-jajar-legowo"
BIMTEK = f"{POSTS}/2026/11/bimtek-gap-hortikultura-lembang"
INFO = f"{POSTS}/2026/11/infografis-sni-benih-padi"


def cli(where: Path, world: dict[str, object], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**dict(world["env"]), **BUILD_ENV}  # type: ignore[call-overload]
    if args[0] == "render":  # the build job decodes media; only publish runs without decoders
        env["PYTHONPATH"] = str(Path(__file__).parents[2])
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def workspace(world: dict[str, object]) -> Path:
    """A writer's clone of the remote, with the last build's artefacts (as CI keeps them)."""
    world["works"] = int(str(world.get("works", 0))) + 1
    where = Path(str(world["tmp"])) / f"work{world['works']}"
    work = clone(Path(str(world["bare"])), where)
    built = Path(str(world["built"]))
    shutil.copy(built / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(built / "overrides", work / "overrides")
    shutil.copytree(built / "build", work / "build", ignore=shutil.ignore_patterns("publish"))
    return work


def move(work: Path, source: str, target: str) -> None:
    (work / target).parent.mkdir(parents=True, exist_ok=True)
    git(work, "mv", source, target)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def the_id(index: Path) -> str:
    line = next(r for r in index.read_text(encoding="utf-8").splitlines() if r.startswith("id:"))
    return line.removeprefix("id:").strip()


def push(work: Path, message: str) -> None:
    git(work, "add", "-A", "content")
    git(work, "commit", "-qm", message)
    git(work, "push", "-q", "origin", "main")


def build(work: Path, world: dict[str, object]) -> None:
    """`pipeline render` then the site, as the build job does; the site stand-in serves it."""
    rendered = cli(work, world, "render")
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    build_site(work)
    world["built"] = work
    site: Site = world["site"]  # type: ignore[assignment]
    site.folder = (work / "site").resolve()


def counts(world: dict[str, object]) -> dict[str, int]:
    return {p: posts_on(world, p) for p in SOCIAL}


def test_moved_renamed_edited_and_copied_posts_are_never_published_twice(
    world: dict[str, object],
) -> None:
    first = publish(world)
    assert first.returncode == 0, first.stdout + first.stderr
    before = counts(world)
    idents = {ident for ident, _ in log(world)}
    work = workspace(world)

    # Round 1: a date fix, a slug rename, a move to another year, and a move with an edit.
    move(work, PANEN, f"{POSTS}/2026/10/panen-raya-padi-inpari-32")
    edit(work / POSTS / "2026/10/panen-raya-padi-inpari-32/index.md", "2026-11-18", "2026-10-18")
    move(work, VIDEO, f"{POSTS}/2026/11/demplot-legowo-ciasem")
    move(work, BIMTEK, f"{POSTS}/2025/11/bimtek-gap-hortikultura-lembang")
    move(work, INFO, f"{POSTS}/2026/12/infografis-sni-benih-padi")
    moved_info = work / POSTS / "2026/12/infografis-sni-benih-padi/index.md"
    edit(moved_info, "Benih bermutu adalah", "Ralat: benih bermutu adalah")
    push(work, "posts moved")
    build(work, world)
    second = publish(world)
    out = second.stdout + second.stderr
    assert counts(world) == before, out  # nothing new on any platform
    state = log(world)
    assert {ident for ident, _ in state} == idents, out  # still one identity per post
    panen = f"{POSTS}/2026/10/panen-raya-padi-inpari-32/index.md"
    pairs = [p for p in state.values() if p.post == panen]
    assert {p.platform for p in pairs} >= {"website", *SOCIAL}
    assert all(p.status == "published" for p in pairs), pairs
    assert f"{PANEN}/index.md" in pairs[0].paths  # the move is on record
    info = [p for p in state.values() if p.post.startswith(f"{POSTS}/2026/12/infografis")]
    social = [p for p in info if p.platform != "website"]
    assert any(p.status == "needs_human" for p in social), info  # the edit: a person decides
    assert "diubah setelah terbit" in second.stdout
    assert "dihapus dari Git" not in second.stdout, second.stdout
    # The site's link page names the moved post's page where it is now, never the old one.
    pages = json.loads((work / "build" / "site-pages.json").read_text(encoding="utf-8"))
    links = (work / "site" / "tautan-unggahan" / "index.html").read_text(encoding="utf-8")
    assert urlsplit(pages[panen]).path.strip("/") in links
    assert "2026/11/18/" not in links

    # Round 2: a rename with the id changed; a post copied as the template of a new one.
    work2 = workspace(world)
    renamed = work2 / POSTS / "2026/10/panen-raya"
    move(work2, f"{POSTS}/2026/10/panen-raya-padi-inpari-32", str(renamed.relative_to(work2)))
    edit(renamed / "index.md", the_id(renamed / "index.md"), "id-ditulis-ulang-oleh-penulis")
    copy = work2 / POSTS / "2026/11/demplot-kedua"
    shutil.copytree(work2 / POSTS / "2026/11/demplot-legowo-ciasem", copy)
    edit(copy / "index.md", the_id(copy / "index.md"), "demplot-kedua-2026")
    edit(copy / "index.md", "title: Melihat", "title: Demplot kedua, melihat")
    edit(copy / "index.md", "Dua baris tanaman, lalu", "Demplot kedua. Dua baris tanaman, lalu")
    edit(copy / "index.md", 'caption: "Dua baris', 'caption: "Demplot kedua. Dua baris')
    push(work2, "a rename with a new id, and a copy as a template")
    build(work2, world)
    third = publish(world)
    out = third.stdout + third.stderr
    state = log(world)
    new = {k: p for k, p in state.items() if k[0] not in idents}
    renamed_pairs = [p for p in new.values() if p.post.startswith(f"{POSTS}/2026/10/panen-raya/")]
    assert renamed_pairs and all(
        p.status == "needs_human" for p in renamed_pairs if p.platform != "website"
    ), out
    assert "id lamanya" in third.stdout
    made = [p for p in new.values() if p.post.startswith(f"{POSTS}/2026/11/demplot-kedua/")]
    made_social = {p.platform for p in made if p.status == "published"} - {"website"}
    assert made_social >= {"facebook", "x", "tiktok"}, out  # a new post is a new post
    grown = {p: counts(world)[p] - before[p] for p in SOCIAL}
    expected = {p: sum(1 for q in made_social if q.removesuffix("_story") == p) for p in SOCIAL}
    assert grown == expected, out  # only the copy, once; the renamed post not again
    # The person decides it is a new post on X after all: the pair is published (X's own
    # lookup finds the identical live post and takes it instead of posting it a second time).
    desk = clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "desk")
    renamed_index = f"{POSTS}/2026/10/panen-raya/index.md"
    decided = cli(desk, world, "resolve", renamed_index, "x", "--as", "retry")
    assert decided.returncode == 0, decided.stdout + decided.stderr
    x_before = posts_on(world, "x")
    again = publish(world)
    decision = next(p for p in log(world).values() if p.post == renamed_index and p.platform == "x")
    assert decision.status == "published" and decision.url, again.stdout
    assert posts_on(world, "x") <= x_before + 1, again.stdout
    assert counts(world)["facebook"] == before["facebook"] + grown["facebook"]

    # Round 3: a rename with the id deleted: `check` refuses it, naming the file and the fix,
    # and a publish run from the last build sends nothing.
    work3 = workspace(world)
    moved = work3 / POSTS / "2025/12/bimtek-gap"
    move(work3, f"{POSTS}/2025/11/bimtek-gap-hortikultura-lembang", str(moved.relative_to(work3)))
    edit(moved / "index.md", f"id: {the_id(moved / 'index.md')}\n", "")
    push(work3, "a rename with the id deleted")
    checked = cli(work3, world, "check", str(moved.relative_to(work3)))
    assert checked.returncode == 1
    assert "2025/12/bimtek-gap/index.md" in checked.stdout and "pipeline id" in checked.stdout
    after = counts(world)
    fourth = publish(world)
    assert counts(world) == after, fourth.stdout + fourth.stderr
    assert "bimtek" in fourth.stdout and "tidak ada lagi di Git" in fourth.stdout


def test_check_refuses_two_posts_with_one_id_naming_both(world: dict[str, object]) -> None:
    work = workspace(world)
    copy = work / POSTS / "2026/11/salinan-panen"
    shutil.copytree(work / PANEN, copy)
    done = cli(work, world, "check", str(copy.relative_to(work)))
    assert done.returncode == 1
    assert "salinan-panen/index.md" in done.stdout and f"{PANEN}/index.md" in done.stdout
    assert "pipeline id" in done.stdout


def test_an_old_log_keyed_by_path_still_belongs_to_the_post(world: dict[str, object]) -> None:
    """Posts published before ids existed: their events carry a path only. After the post
    gets an id (and even after it is moved later), they are the same post's: nothing again."""
    first = publish(world)
    assert first.returncode == 0, first.stdout + first.stderr
    before = counts(world)
    work = clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "strip")
    for path in sorted((work / records.FOLDER).glob("*.jsonl")):
        rows = [json.loads(r) for r in path.read_text(encoding="utf-8").splitlines() if r]
        path.write_text(
            "".join(
                records.line({k: v for k, v in r.items() if k != "post_id"}) + "\n" for r in rows
            ),
            encoding="utf-8",
        )
    git(work, "add", "-A")
    git(work, "commit", "-qm", "a log from before ids")
    git(work, "push", "-q", "origin", "main")
    second = publish(world)
    assert counts(world) == before, second.stdout + second.stderr
    assert "✅ terbit" not in second.stdout and second.returncode == 0, second.stdout
    assert PROJECT.is_dir()
