"""Two SVG charts written by hand (no plotting library, no fonts to embed, no timestamps), so
the same figures always give the same bytes: posts per platform per ISO week (grouped bars) and
each SOP step's median and 90th percentile against its standard (bars with a standard line).

Each chart has a <title> and a <desc> that says in words what the bars show, for screen
readers and for anyone reading the file itself. Every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pipeline.report.data import NAMES, Report, Timing

WIDTH = 720
FONT = 'font-family="sans-serif" font-size="12"'
COLORS = {
    "website": "#4d4d4d",
    "facebook": "#1f5fbf",
    "instagram": "#b8327a",
    "x": "#111111",
    "tiktok": "#1a9e8f",
}
OTHER = "#8c6d1f"
MEDIAN, P90, STANDARD = "#2f6f3e", "#a9cdb2", "#c0392b"


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no '-0', no trailing '.0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _id(value: float) -> str:
    """A number in a sentence, Indonesian style: 9.5 -> '9,5'."""
    return _n(value).replace(".", ",")


def _t(text: str) -> str:
    return escape(text, quote=True)


def _open(height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{_t(title)}</title>',
        f'<desc id="{ident}-d">{_t(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _nice(top: float) -> int:
    """A round axis maximum at or above `top` (at least 1)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top <= step * 5:
            return step * 5
    return int(top) + 1


def weekly_posts(report: Report) -> str:
    """Grouped bars: one group per ISO week, one bar per platform."""
    height, left, right, top, bottom = 320, 48, 16, 40, 72
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    platforms = report.platforms
    peak = max((c for w in report.weeks for c in w.counts), default=0)
    axis = _nice(max(peak, 1))
    parts = []
    for week in report.weeks:
        counts = ", ".join(
            f"{NAMES.get(p, p)} {c}" for p, c in zip(platforms, week.counts, strict=True)
        )
        parts.append(f"{week.label}: {counts or 'tidak ada unggahan'}")
    desc = (
        f"Jumlah unggahan per platform per minggu ISO, {report.period}. " + "; ".join(parts) + "."
    )
    out = _open(height, "mingguan", f"Unggahan per platform per minggu, {report.period}", desc)
    out.append(f'<g {FONT} fill="#222222">')
    for tick in range(0, axis + 1, max(axis // 5, 1)):
        y = top + plot_h - plot_h * tick / axis
        out.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{WIDTH - right}" y2="{_n(y)}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
        out.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{tick}</text>')
    groups = max(len(report.weeks), 1)
    group_w = plot_w / groups
    bar_w = (group_w * 0.8) / max(len(platforms), 1)
    for index, week in enumerate(report.weeks):
        x0 = left + group_w * index + group_w * 0.1
        for slot, (platform, count) in enumerate(zip(platforms, week.counts, strict=True)):
            bar_h = plot_h * count / axis
            x, y = x0 + bar_w * slot, top + plot_h - bar_h
            name = NAMES.get(platform, platform)
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w - 2)}" height="{_n(bar_h)}" '
                f'fill="{COLORS.get(platform, OTHER)}">'
                f"<title>{_t(f'{week.label}, {name}: {count}')}</title></rect>"
            )
        out.append(
            f'<text x="{_n(left + group_w * (index + 0.5))}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{_t(week.label)}</text>'
        )
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" '
        'stroke="#222222" stroke-width="1"/>'
    )
    x = float(left)
    for platform in platforms:
        name = NAMES.get(platform, platform)
        out.append(
            f'<rect x="{_n(x)}" y="{height - 30}" width="12" height="12" '
            f'fill="{COLORS.get(platform, OTHER)}"/>'
        )
        out.append(f'<text x="{_n(x + 16)}" y="{height - 20}">{_t(name)}</text>')
        x += 24 + 8 * len(name)
    out.append(f'<text x="{left}" y="{top - 16}">Jumlah unggahan</text>')
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def step_times(report: Report) -> str:
    """Horizontal bars per SOP step: median (dark), 90th percentile (light), standard (line)."""
    rows: Sequence[Timing] = (*report.sop1, *report.sop2, report.response)
    left, right, top, row_h = 230, 24, 48, 34
    height = top + row_h * len(rows) + 56
    plot_w = WIDTH - left - right
    peak = max([t.standard for t in rows] + [t.p90 for t in rows if t.p90 is not None], default=1.0)
    axis = _nice(max(peak, 1))
    words = []
    for t in rows:
        if t.count:
            words.append(
                f"{t.label}: median {_id(t.median or 0)} menit, persentil 90 {_id(t.p90 or 0)} "
                f"menit, standar {t.standard} menit, {t.within} dari {t.count} dalam standar"
            )
        else:
            words.append(f"{t.label}: tidak ada data, standar {t.standard} menit")
    desc = f"Waktu langkah SOP dibandingkan dengan mutu baku, {report.period}. " + "; ".join(words)
    out = _open(height, "sop", f"Waktu langkah SOP terhadap mutu baku, {report.period}", desc + ".")
    out.append(f'<g {FONT} fill="#222222">')
    bottom = top + row_h * len(rows)
    for tick in range(0, axis + 1, max(axis // 5, 1)):
        x = left + plot_w * tick / axis
        out.append(
            f'<line x1="{_n(x)}" y1="{top - 6}" x2="{_n(x)}" y2="{bottom}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
        out.append(f'<text x="{_n(x)}" y="{bottom + 16}" text-anchor="middle">{tick}</text>')
    for index, t in enumerate(rows):
        y = top + row_h * index
        out.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{_t(t.label)}</text>')
        if t.p90 is not None:
            out.append(
                f'<rect x="{left}" y="{y + 6}" width="{_n(plot_w * min(t.p90, axis) / axis)}" '
                f'height="18" fill="{P90}"><title>persentil 90: {_id(t.p90)} menit</title></rect>'
            )
        if t.median is not None:
            out.append(
                f'<rect x="{left}" y="{y + 10}" width="{_n(plot_w * min(t.median, axis) / axis)}" '
                f'height="10" fill="{MEDIAN}"><title>median: {_id(t.median)} menit</title></rect>'
            )
        else:
            out.append(f'<text x="{left + 4}" y="{y + 18}" fill="#666666">tidak ada data</text>')
        sx = left + plot_w * t.standard / axis
        out.append(
            f'<line x1="{_n(sx)}" y1="{y + 2}" x2="{_n(sx)}" y2="{y + 28}" stroke="{STANDARD}" '
            f'stroke-width="2"><title>standar: {t.standard} menit</title></line>'
        )
    unit = "Menit (SOP 1: menit jam dinding; SOP 2: menit kerja)"
    out.append(f'<text x="{left}" y="{top - 16}">{unit}</text>')
    legend_y = height - 22
    out += [
        f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="{MEDIAN}"/>',
        f'<text x="{left + 16}" y="{legend_y}">median</text>',
        f'<rect x="{left + 80}" y="{legend_y - 10}" width="12" height="12" fill="{P90}"/>',
        f'<text x="{left + 96}" y="{legend_y}">persentil 90</text>',
        f'<line x1="{left + 190}" y1="{legend_y - 10}" x2="{left + 190}" y2="{legend_y + 2}" '
        f'stroke="{STANDARD}" stroke-width="2"/>',
        f'<text x="{left + 198}" y="{legend_y}">mutu baku (standar)</text>',
        "</g>",
        "</svg>",
        "",
    ]
    return "\n".join(out)
