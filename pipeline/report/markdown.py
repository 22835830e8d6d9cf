"""The report's site page, `content/laporan/<yyyy>-<mm>.md`, in Bahasa Indonesia.

Titles and links come from the log and may hold anything: every value is escaped as the
"Tautan unggahan" page does it (pipeline/website/links.py), so nothing in a title turns into
Markdown or HTML, and only https links become links.
"""

from __future__ import annotations

import html

from pipeline.report.data import NAMES, Report, Timing

CHARTS = (
    ("unggahan-mingguan", "Grafik batang: jumlah unggahan per platform per minggu"),
    ("waktu-sop", "Grafik batang: waktu setiap langkah SOP dibandingkan dengan mutu bakunya"),
)


def chart_name(month: str, key: str) -> str:
    return f"{month}-{key}.svg"


def number(value: float | None, decimals: int = 1) -> str:
    """12.5 -> '12,5'; 12.0 -> '12'; None -> '–' (Indonesian decimal comma)."""
    if value is None:
        return "–"
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def share(t: Timing) -> str:
    if t.share is None:
        return "–"
    return f"{number(t.share * 100, 0)}% ({t.within} dari {t.count})"


def money(value: float) -> str:
    return "US$" + f"{value:.3f}".replace(".", ",")


def render(report: Report) -> str:
    month = report.month
    lines = [
        "---",
        f"title: {report.title}",
        "---",
        "",
        f"# {report.title}",
        "",
        f"Laporan berkala layanan informasi melalui media sosial untuk bulan {report.period}, "
        f"dibuat dari catatan `records/` di repositori. Waktu dalam {report.zone}.",
        "",
        "## Ringkasan",
        "",
        "| Butir | Jumlah |",
        "|---|---:|",
        f"| Unggahan | {len(report.publications)} |",
        f"| Unggahan gagal | {report.failed} |",
        f"| Unggahan ditunda dan dicoba lagi | {report.deferred} |",
        f"| Hasil unggahan tidak pasti | {report.unknown} |",
        f"| Hasil tidak pasti yang sudah dicocokkan | {report.reconciled} |",
        f"| Menunggu keputusan petugas | {report.needs_human} |",
        f"| Unggahan uji coba | {report.trials} |",
        f"| Komentar diterima | {report.received} |",
        f"| Komentar dijawab | {report.answered} |",
        f"| Komentar dieskalasi (pertanyaan kebijakan) | {report.escalated} |",
        f"| Komentar hilang sebelum dijawab | {report.gone} |",
        f"| Jawaban ditolak platform | {report.refused} |",
        f"| Biaya X | {money(report.x_cost_usd)} |",
        "",
        "## Unggahan per platform",
        "",
        f"![{_alt(CHARTS[0][1])}]({chart_name(month, CHARTS[0][0])})",
        "",
    ]
    if not report.publications:
        lines += ["Tidak ada unggahan pada bulan ini.", ""]
    else:
        lines += ["| Platform | Unggahan |", "|---|---:|"]
        for platform in report.platforms:
            count = sum(1 for p in report.publications if p.platform == platform)
            lines.append(f"| {_name(platform)} | {count} |")
        lines.append("")
    for platform in report.platforms:
        lines += [f"### {_name(platform)}", "", "| Waktu | Berita | Tautan |", "|---|---|---|"]
        for pub in report.publications:
            if pub.platform != platform:
                continue
            when = _cell(pub.at_local[:16].replace("T", " "))
            title = _cell(pub.title)
            story = f"[{title}]({_url(pub.page)})" if pub.page.startswith("https://") else title
            link = (
                f"[{_cell(_short(pub.url))}]({_url(pub.url)})"
                if pub.url.startswith("https://")
                else "–"
            )
            lines.append(f"| {when} | {story} | {link} |")
        lines.append("")
    r = report.response
    lines += [
        "## Komentar dan tanggapan (SOP 2)",
        "",
        f"Komentar yang diterima pada bulan ini: {report.received}; dijawab {report.answered}; "
        f"dieskalasi ke Kepala Balai sebagai pertanyaan kebijakan {report.escalated}; hilang "
        f"sebelum dijawab {report.gone}; jawaban ditolak platform {report.refused}.",
        "",
        f"Waktu tanggapan (dari komentar sampai jawaban terkirim, dalam menit kerja): median "
        f"{number(r.median)} menit, persentil 90 {number(r.p90)} menit; dalam mutu baku "
        f"{r.standard} menit: {share(r)}.",
        "",
        "## Waktu langkah SOP terhadap mutu baku",
        "",
        f"![{_alt(CHARTS[1][1])}]({chart_name(month, CHARTS[1][0])})",
        "",
        "Langkah SOP 1 diukur dalam menit jam dinding (malam dan akhir pekan ikut terhitung), "
        "seperti pada audit; langkah SOP 2 dalam menit kerja (hanya jam dan hari kerja).",
        "",
        "| Langkah | Mutu baku (menit) | Diukur | Median (menit) | Persentil 90 (menit) "
        "| Dalam mutu baku |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in (*report.sop1, *report.sop2, r):
        lines.append(
            f"| {_cell(t.label)} | {t.standard} | {t.count} | {number(t.median)} "
            f"| {number(t.p90)} | {share(t)} |"
        )
    lines += [
        "",
        "## Biaya X",
        "",
        f"Biaya unggahan ke X pada bulan ini: {money(report.x_cost_usd)}.",
        "",
    ]
    return "\n".join(lines)


def _name(platform: str) -> str:
    return NAMES.get(platform) or _cell(platform)


def _alt(text: str) -> str:
    return _cell(text)


def _cell(text: str) -> str:
    """Plain text in a table cell: HTML escaped, no Markdown syntax, no pipes or newlines."""
    text = html.escape(" ".join(text.split()), quote=False)
    for char in "\\|[]()*_`<>!#":
        text = text.replace(char, "\\" + char)
    return text


def _url(url: str) -> str:
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _short(url: str) -> str:
    return url.removeprefix("https://").removeprefix("www.")[:60]
