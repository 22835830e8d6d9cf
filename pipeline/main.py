"""The `pipeline` command: argument parsing, dispatch and the one error boundary."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from pipeline.errors import PipelineError

EXIT_INTERNAL = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Alur terbit berbasis Git untuk kantor layanan informasi publik "
        "(website, Facebook, Instagram, X, TikTok).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    check = sub.add_parser("check", help="periksa tulisan: kelengkapan, media, teks per platform")
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="folder atau index.md (bawaan: content/)"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text untuk orang, json untuk CI"
    )
    check.add_argument(
        "--lang",
        choices=("id", "en"),
        default=None,
        help="bahasa pesan (bawaan: dari office.yml, atau id)",
    )
    check.add_argument("--jobs", type=int, default=None, help="jumlah pekerja paralel")

    render = sub.add_parser(
        "render", help="buat variasi media untuk setiap platform di build/media/ (SOP 1.5)"
    )
    render.add_argument(
        "paths", nargs="*", metavar="PATH", help="folder atau index.md (bawaan: content/)"
    )
    render.add_argument("--jobs", type=int, default=None, help="jumlah pekerja paralel")
    render.add_argument(
        "--preview", action="store_true", help="tulis pratinjau ujicoba unggah di build/preview/"
    )
    render.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa pesan")

    samples = sub.add_parser(
        "samples", help="tulisan contoh bawaan: 'pipeline samples remove' menghapusnya (sekali)"
    )
    ssub = samples.add_subparsers(dest="samples_command", required=True, metavar="LANGKAH")
    remove = ssub.add_parser(
        "remove", help="hapus tulisan contoh dan media contohnya; tulisan kantor dibiarkan"
    )
    remove.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa pesan")

    new = sub.add_parser("new", help="buat folder tulisan baru dari templat")
    new.add_argument("title", help="judul tulisan, dalam tanda kutip")
    new.add_argument("--date", default=None, help="tanggal YYYY-MM-DD (bawaan: hari ini)")
    new.add_argument("--root", default="content", help="folder konten (bawaan: content)")

    ident = sub.add_parser(
        "id", help="id baru untuk tulisan (tanpa PATH: cetak satu; dengan PATH: isi yang kosong)"
    )
    ident.add_argument("paths", nargs="*", metavar="PATH", help="folder atau index.md")

    run = sub.add_parser(
        "run", help="jalankan seluruh alur pada konten: check, render, pratinjau ujicoba unggah"
    )
    run.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa pesan")

    publish = sub.add_parser(
        "publish", help="unggah tulisan yang siap ke website dan media sosial (SOP 1.6-1.7)"
    )
    publish.add_argument(
        "paths", nargs="*", metavar="PATH", help="folder atau index.md (bawaan: content/)"
    )
    publish.add_argument(
        "--trial",
        nargs="?",
        const="requests",
        choices=("requests", "private"),
        default=None,
        help="ujicoba: tanpa argumen tidak mengirim apa pun (permintaan ditulis ke build/trial/); "
        "'private' membuat unggahan privat (TikTok SELF_ONLY, Facebook tidak terbit)",
    )
    publish.add_argument(
        "--no-push", action="store_true", help="tulis records/ di folder kerja, tanpa git push"
    )
    publish.add_argument(
        "--platform", action="append", default=[], help="hanya platform ini (boleh berulang)"
    )
    publish.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa pesan")

    resolve = sub.add_parser(
        "resolve", help="catat keputusan petugas untuk unggahan yang 'perlu keputusan'"
    )
    resolve.add_argument("post", help="path index.md tulisan, seperti di log")
    resolve.add_argument("platform", help="facebook, instagram, x, tiktok")
    resolve.add_argument(
        "--as",
        dest="decision",
        required=True,
        choices=("published", "retry", "keep"),
        help="published: sudah terbit (isi --url); retry: pasti tidak ada, unggah lagi; "
        "keep: biarkan unggahan yang ada (perubahan tulisan tidak diunggah)",
    )
    resolve.add_argument("--url", default="", help="tautan unggahan di platform")
    resolve.add_argument("--id", dest="remote_id", default="", help="id unggahan di platform")
    resolve.add_argument("--no-push", action="store_true", help="tanpa git push")

    inbox = sub.add_parser(
        "inbox", help="komentar masuk (SOP 2): ambil, inventaris, laporan harian, jawaban"
    )
    isub = inbox.add_subparsers(dest="inbox_command", required=True, metavar="LANGKAH")
    fetch = isub.add_parser("fetch", help="ambil komentar baru dari semua tulisan terbit")
    fetch.add_argument("--no-push", action="store_true", help="tulis ke records/ tanpa push")
    fetch.add_argument(
        "--send",
        action="store_true",
        help="lalu kirim jawaban yang disetujui di proses yang sama (token X diperbarui sekali)",
    )
    isub.add_parser("inventory", help="daftar inventaris komentar: build/inbox/inventaris.md")
    digest = isub.add_parser("digest", help="laporan respon netizen harian untuk atasan")
    digest.add_argument("--day", default=None, help="YYYY-MM-DD (bawaan: hari ini, zona kantor)")
    draft = isub.add_parser("draft", help="mulai jawaban untuk satu komentar (lalu buka PR)")
    draft.add_argument("comment_id", help="id komentar dari inventaris")
    draft.add_argument("--platform", default=None, help="bila id sama di dua platform")
    draft.add_argument(
        "--kebijakan", action="store_true", help="pertanyaan kebijakan: perlu persetujuan Kepala"
    )
    send = isub.add_parser("send", help="kirim jawaban yang sudah disetujui (dipakai CI)")
    send.add_argument("--no-push", action="store_true", help="tulis ke records/ tanpa push")

    tokens_cmd = sub.add_parser(
        "tokens", help="token X dan TikTok yang berputar (dipakai CI, langkah tersendiri)"
    )
    tsub = tokens_cmd.add_subparsers(dest="tokens_command", required=True, metavar="LANGKAH")
    trefresh = tsub.add_parser(
        "refresh", help="perbarui token yang perlu dan simpan (hanya langkah dengan izin secrets)"
    )
    trefresh.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa pesan")

    codeowners = sub.add_parser(
        "codeowners", help="tulis .github/CODEOWNERS dari roles di office.yml"
    )
    codeowners.add_argument(
        "--check", action="store_true", help="hanya periksa apakah CODEOWNERS sudah sesuai"
    )

    audit = sub.add_parser(
        "audit",
        help="jejak audit dari Git: penulis, disposisi, merge, tautan, waktu per langkah SOP",
    )
    audit.add_argument(
        "post", nargs="?", default=None, metavar="PATH", help="index.md atau folder satu tulisan"
    )
    audit.add_argument(
        "--month",
        default=None,
        metavar="YYYY-MM",
        help="semua tulisan yang tercatat di log bulan ini",
    )
    audit.add_argument("--lang", choices=("id", "en"), default=None, help="bahasa laporan")

    report = sub.add_parser(
        "report", help="laporan bulanan: unggahan, komentar, waktu langkah SOP (dari records/)"
    )
    report.add_argument("month", metavar="YYYY-MM", help="bulan laporan, mis. 2026-11")

    setup = sub.add_parser(
        "setup", help="tampilkan (dan dengan --apply terapkan) pengaturan GitHub kantor ini"
    )
    setup.add_argument("--apply", action="store_true", help="kirim ke GitHub (GITHUB_TOKEN admin)")
    setup.add_argument("--app-id", type=int, default=0, help="id GitHub App penerbit (bypass)")

    sub.add_parser(
        "comment",
        help="kirim/perbarui komentar hasil pemeriksaan di pull request (dipakai workflow check)",
    )

    schema = sub.add_parser("schema", help="tulis JSON Schema tulisan dan office.yml")
    schema.add_argument("--out", default="schema", help="folder tujuan (bawaan: schema)")
    schema.add_argument(
        "--check", action="store_true", help="hanya periksa apakah file schema sudah terbaru"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except PipelineError as exc:
        print(f"pipeline: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "pipeline: kesalahan internal (bug). Laporkan ke admin teknis beserta pesan di atas.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "check":
        from pipeline.commands import check

        return check.run(args.paths, fmt=args.format, lang=args.lang, jobs=args.jobs)
    if args.command == "render":
        from pipeline.commands import render

        return render.run(args.paths, jobs=args.jobs, preview=args.preview, lang=args.lang)
    if args.command == "samples":
        from pipeline.commands import samples

        return samples.remove(lang=args.lang)
    if args.command == "new":
        from pipeline.commands import new

        return new.run(args.title, date=args.date, root=args.root)
    if args.command == "id":
        from pipeline.commands import ident

        return ident.run(args.paths)
    if args.command == "run":
        from pipeline.commands import run

        return run.run(lang=args.lang)
    if args.command == "publish":
        from pipeline.commands import publish

        return publish.run(
            args.paths,
            trial_mode=args.trial,
            push=not args.no_push,
            platforms=args.platform,
            lang=args.lang,
        )
    if args.command == "resolve":
        from pipeline.commands import publish

        return publish.resolve(
            args.post,
            args.platform,
            args.decision,
            url=args.url,
            remote_id=args.remote_id,
            push=not args.no_push,
        )
    if args.command == "inbox":
        from pipeline.commands import answer
        from pipeline.commands import inbox as inbox_command

        if args.inbox_command in ("fetch", "send"):
            # Rotating tokens (X, TikTok), before any call: a refresh token is good for one
            # refresh, so the first command of a job that needs a new access token refreshes
            # and the later ones take the pair from the run cache (pipeline/publish/tokens.py).
            env = _refreshed_env()
            if args.inbox_command == "send":
                return answer.send(push=not args.no_push, env=env)
            if not args.send:
                return inbox_command.fetch(push=not args.no_push, env=env)
            try:
                status = inbox_command.fetch(push=not args.no_push, env=env)
            except PipelineError as exc:  # the answers are still sent
                print(f"pipeline: {exc}", file=sys.stderr)
                status = 1
            return max(status, answer.send(push=not args.no_push, env=env))
        if args.inbox_command == "inventory":
            return inbox_command.inventory()
        if args.inbox_command == "digest":
            return inbox_command.digest(day=args.day)
        if args.inbox_command == "draft":
            return answer.draft(args.comment_id, policy=args.kebijakan, platform=args.platform)
        raise AssertionError(args.inbox_command)  # pragma: no cover - argparse choices
    if args.command == "tokens":
        from pipeline.commands import tokens as tokens_command

        return tokens_command.refresh(lang=args.lang)
    if args.command == "codeowners":
        from pipeline.github import codeowners

        return codeowners.run(check=args.check)
    if args.command == "audit":
        from pipeline.commands import audit

        return audit.run(args.post, month=args.month, lang=args.lang)
    if args.command == "report":
        from pipeline.commands import report

        return report.run(args.month)
    if args.command == "setup":
        from pipeline.github import setup

        return setup.run(apply=args.apply, app_id=args.app_id)
    if args.command == "comment":
        from pipeline.github import comment

        return comment.run()
    from pipeline.commands import schema

    return schema.run(out=args.out, check_only=args.check)


def _refreshed_env() -> dict[str, str]:
    """The environment with usable access tokens where a refresh token is configured: from
    the run cache, the stored expiry, or one refresh whose new token is stored at once (as
    `pipeline publish` does)."""
    import os
    from pathlib import Path

    from pipeline.config import load_config
    from pipeline.publish import tokens

    env = dict(os.environ)
    config, _ = load_config(Path.cwd())
    tokens.refresh_all(env, config, Path.cwd(), sys.stdout)
    return env
