"""Every word of the audit report, in Bahasa Indonesia and English."""

from __future__ import annotations

from collections.abc import Mapping

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title_month": "Audit jejak unggahan bulan {scope}",
        "title_post": "Audit jejak unggahan: {scope}",
        "source": "Sumber: riwayat Git dan `records/uploads/` pada commit {head}.",
        # Commit times prove nothing; reviews come from the log (docs/publishing-model.md §2.11).
        "trust": "Waktu commit adalah klaim klien Git, bukan bukti; waktu peninjauan dan PR "
        "berasal dari GitHub melalui log CI.",
        "clock": "Durasi dihitung dalam menit jam dinding, bukan menit kerja: malam dan akhir "
        "pekan ikut terhitung; '1d' = {day} menit (satu hari kerja menurut office.yml).",
        "unsaved": "⚠ records/ berubah di folder kerja dan belum di-commit: audit ini membaca "
        "isi folder kerja, yang belum tercatat di Git.",
        "summary": "Ringkasan",
        "post": "Tulisan",
        "writer": "Penulis",
        "pr": "PR",
        "head_ok": "Persetujuan Kepala Balai",
        "published_on": "Terbit di",
        "findings": "Temuan",
        "all_findings": "Daftar temuan",
        "count": "Jumlah temuan: {n}.",
        "none": "Tidak ada temuan.",
        "no_posts": "Tidak ada tulisan di log untuk cakupan ini.",
        "file": "Berkas",
        "added_in": "commit {sha}, {at}",
        "unknown": "tidak diketahui (tidak ada di riwayat Git)",
        "pull": "PR {pr}: dibuka {opened}, digabung {merged}, merge commit {sha}",
        "no_pull": "tanpa PR",
        "dispositions": "Disposisi",
        "no_dispositions": "Tidak ada disposisi tercatat.",
        "outsiders": "Tinjauan dari luar `roles` office.yml (bukan disposisi, tidak dihitung "
        "sebagai persetujuan): ",
        "reviewer": "Peninjau",
        "jabatan": "Jabatan",
        "verdict": "Putusan",
        "time": "Waktu",
        "commit": "Commit",
        "reason": "Alasan",
        "uploads": "Unggahan",
        "platform": "Platform",
        "status": "Status",
        "link": "Tautan",
        "id": "Id",
        "live_at": "Terbit di platform",
        "logged_at": "Dicatat di log",
        "by_hand": "dicatat oleh {by}",
        "steps": "Waktu per langkah SOP",
        "step": "Langkah",
        "start": "Mulai",
        "end": "Selesai",
        "duration": "Durasi",
        "standard": "Mutu baku",
        "result": "Hasil",
        "minutes": "{n} menit",
        "within": "✅ sesuai",
        "over": "❌ melebihi",
        "unmeasured": "– tidak terukur",
        "yes": "ya",
        "no": "tidak",
        "disposition": "Disposisi (S1.2-1.3)",
        "post_step": "Unggah (S1.6)",
        "report_links": "Lapor tautan (S1.7)",
    },
    "en": {
        "title_month": "Publication audit trail, month {scope}",
        "title_post": "Publication audit trail: {scope}",
        "source": "Source: the Git history and `records/uploads/` at commit {head}.",
        "trust": "Commit times are what the Git client claimed, not proof; review and PR times "
        "come from GitHub through the CI log.",
        "clock": "Durations are wall-clock minutes, not working minutes: nights and weekends "
        "count; '1d' = {day} minutes (one working day per office.yml).",
        "unsaved": "⚠ records/ has uncommitted changes in the working folder: this audit read "
        "them, and they are not in Git yet.",
        "summary": "Summary",
        "post": "Post",
        "writer": "Writer",
        "pr": "PR",
        "head_ok": "Head's approval",
        "published_on": "Published on",
        "findings": "Findings",
        "all_findings": "List of findings",
        "count": "Findings: {n}.",
        "none": "No findings.",
        "no_posts": "No posts in the log for this scope.",
        "file": "File",
        "added_in": "commit {sha}, {at}",
        "unknown": "unknown (not in the Git history)",
        "pull": "PR {pr}: opened {opened}, merged {merged}, merge commit {sha}",
        "no_pull": "no PR",
        "dispositions": "Dispositions",
        "no_dispositions": "No disposition on record.",
        "outsiders": "Reviews by people outside office.yml `roles` (not a disposition, never "
        "counted as approval): ",
        "reviewer": "Reviewer",
        "jabatan": "Role",
        "verdict": "Verdict",
        "time": "Time",
        "commit": "Commit",
        "reason": "Reason",
        "uploads": "Publications",
        "platform": "Platform",
        "status": "Status",
        "link": "Link",
        "id": "Id",
        "live_at": "Live on platform",
        "logged_at": "Logged",
        "by_hand": "recorded by {by}",
        "steps": "Time per SOP step",
        "step": "Step",
        "start": "Start",
        "end": "End",
        "duration": "Duration",
        "standard": "Standard",
        "result": "Result",
        "minutes": "{n} min",
        "within": "✅ within",
        "over": "❌ over",
        "unmeasured": "– not measurable",
        "yes": "yes",
        "no": "no",
        "disposition": "Disposition (S1.2-1.3)",
        "post_step": "Posting (S1.6)",
        "report_links": "Link report (S1.7)",
    },
}

STATUS = {
    "id": {
        "published": "terbit",
        "planned": "belum diunggah",
        "claimed": "diklaim, belum selesai",
        "checkpoint": "sedang diunggah",
        "failed": "gagal",
        "unknown": "belum pasti",
        "deferred": "ditunda",
        "needs_human": "perlu keputusan",
    },
    "en": {
        "published": "published",
        "planned": "not published",
        "claimed": "claimed, unfinished",
        "checkpoint": "uploading",
        "failed": "failed",
        "unknown": "unknown",
        "deferred": "deferred",
        "needs_human": "needs a decision",
    },
}

FINDINGS = {
    "id": {
        "NO_HEAD_APPROVAL": "terbit tanpa persetujuan (sesuai) Kepala Balai pada PR {pr}",
        "CHANGED_AFTER_APPROVAL": "isi berubah setelah disetujui: commit {approved} → {merged} "
        "({files})",
        "CHANGED_UNKNOWN": "isi yang disetujui tidak dapat dibandingkan: commit {missing} tidak "
        "ada di riwayat Git (ambil refs/pull/*/head dari GitHub)",
        "LINK_MISSING": "tautan tidak tercatat (status: {state})",
        "PUBLISHED_TWICE": "terbit lebih dari sekali: {ids}",
        "OVER_TIME": "{step}: {minutes} menit, mutu baku {standard} menit",
    },
    "en": {
        "NO_HEAD_APPROVAL": "published without the head's approval (sesuai) on PR {pr}",
        "CHANGED_AFTER_APPROVAL": "content changed after approval: commit {approved} → "
        "{merged} ({files})",
        "CHANGED_UNKNOWN": "the approved content cannot be compared: commit {missing} is not in "
        "the Git history (fetch refs/pull/*/head from GitHub)",
        "LINK_MISSING": "no link on record (state: {state})",
        "PUBLISHED_TWICE": "published more than once: {ids}",
        "OVER_TIME": "{step}: {minutes} min, standard {standard} min",
    },
}


JABATAN = {
    "kepala_balai": "Kepala Balai",
    "kepala_sub_tu": "Kepala Sub TU",
    "kelompok_kerja": "Kelompok Kerja",
    "admin_medsos": "Admin Medsos",
    "pelaksana": "Pelaksana Penyedia Informasi",
    "pranata_humas": "Pranata Humas",
    "ketua_tim_kerja": "Ketua Tim Kerja",
    "kepala_bagian_umum": "Kepala Bagian Umum",
    "teknis": "Tim Teknis",
}


VERDICTS = {
    "en": {"sesuai": "sesuai (approved)", "tidak sesuai": "tidak sesuai (changes requested)"},
}


def verdict(lang: str, name: str) -> str:
    return VERDICTS.get(lang, {}).get(name, name)


def words(lang: str) -> Mapping[str, str]:
    return WORDS.get(lang, WORDS["id"])


def status(lang: str, name: str) -> str:
    return STATUS.get(lang, STATUS["id"]).get(name, name)


def step(lang: str, name: str) -> str:
    return words(lang)["post_step" if name == "post" else name]
