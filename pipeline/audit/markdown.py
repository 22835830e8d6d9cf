"""The audit as Markdown for people: a summary table, then each post, then every finding.

Whatever came from users or platforms (titles, names, review text, ids, links, messages) is
escaped: it cannot add Markdown, HTML, images, mentions or table cells.
"""

from __future__ import annotations

from pipeline.audit.cells import decimal, escape, link, pr, sha, short, when
from pipeline.audit.findings import Finding
from pipeline.audit.scope import MONTH, Audit, Entry
from pipeline.audit.timeline import Step
from pipeline.audit.trail import Channel, Publication
from pipeline.audit.words import FINDINGS, JABATAN, status, step, verdict, words


def render(audit: Audit, lang: str = "id") -> str:
    w = words(lang)
    title = w["title_month" if MONTH.fullmatch(audit.scope) else "title_post"]
    out = [f"# {title.format(scope=escape(audit.scope))}", ""]
    out += [w["source"].format(head=sha(audit.head)), w["trust"]]
    out += [w["clock"].format(day=audit.day_minutes)]
    if audit.unsaved:
        out += ["", w["unsaved"]]
    out += ["", f"## {w['summary']}", ""]
    if not audit.entries:
        return "\n".join([*out, w["no_posts"], ""])
    out += _table(
        [w["post"], w["writer"], w["pr"], w["head_ok"], w["published_on"], w["findings"]],
        [_summary(entry, lang) for entry in audit.entries],
    )
    total = len(audit.findings)
    out += ["", w["count"].format(n=total) if total else w["none"]]
    for entry in audit.entries:
        out += ["", *_post(entry, audit, lang)]
    out += ["", f"## {w['all_findings']}", ""]
    out += [
        f"{n}. **{f.code}** {escape(short(f.post))}"
        + (f" [{escape(f.platform)}]" if f.platform else "")
        + f": {finding_text(f, lang)}"
        for n, f in enumerate(audit.findings, 1)
    ] or [w["none"]]
    return "\n".join(out) + "\n"


def finding_text(finding: Finding, lang: str) -> str:
    params = {k: escape(v) for k, v in finding.params.items()}
    for key in ("approved", "merged", "missing"):
        if key in finding.params:
            params[key] = sha(finding.params[key])
    if "step" in finding.params:
        params["step"] = step(lang, finding.params["step"])
    if "state" in finding.params:
        params["state"] = status(lang, finding.params["state"])
    if "minutes" in finding.params:
        params["minutes"] = decimal(finding.params["minutes"], lang)
    code = "CHANGED_UNKNOWN" if "missing" in finding.params else finding.code
    return FINDINGS.get(lang, FINDINGS["id"])[code].format(**params)


def _summary(entry: Entry, lang: str) -> list[str]:
    w, trail = words(lang), entry.trail
    writer = escape(trail.writer.name) if trail.writer else "–"
    pulls = ", ".join(pr(p.number) for p in trail.pulls) or "–"
    approved = w["yes"] if any(entry.approved.values()) else w["no"]
    live = [c.platform for c in trail.channels if c.publications]
    codes = ", ".join(dict.fromkeys(f.code for f in entry.findings)) or "–"
    return [escape(short(trail.post)), writer, pulls, approved, escape(", ".join(live)), codes]


def _post(entry: Entry, audit: Audit, lang: str) -> list[str]:
    w, trail = words(lang), entry.trail
    heading = escape(short(trail.post)) + (f": {escape(trail.title)}" if trail.title else "")
    out = [f"## {heading}", "", f"- {w['file']}: {escape(trail.post)}"]
    if trail.writer is None:
        out.append(f"- {w['writer']}: {w['unknown']}")
    else:
        who = f"{escape(trail.writer.name)} ({escape(trail.writer.email)})"
        added = w["added_in"].format(sha=sha(trail.writer.sha), at=when(trail.writer.at, audit))
        out.append(f"- {w['writer']}: {who}, {added}")
    for pull in trail.pulls:
        opened, merged = when(pull.opened_at, audit), when(pull.merged_at, audit)
        merge = sha(pull.merge_commit)
        out.append(
            "- " + w["pull"].format(pr=pr(pull.number), opened=opened, merged=merged, sha=merge)
        )
    out += ["", f"**{w['dispositions']}**", ""]
    rows = [
        [
            pr(d.pr),
            escape(d.reviewer),
            ", ".join(JABATAN.get(j, escape(j)) for j in d.jabatan) or "–",
            escape(verdict(lang, d.verdict)),
            when(d.at, audit),
            sha(d.commit),
            escape(d.reason) if d.reason else "–",
        ]
        for pull in trail.pulls
        for d in pull.dispositions
    ]
    heads = [w["pr"], w["reviewer"], w["jabatan"], w["verdict"], w["time"], w["commit"]]
    out += _table([*heads, w["reason"]], rows) if rows else [w["no_dispositions"]]
    outsiders = [
        f"{pr(d.pr)} {escape(d.reviewer)} ({escape(verdict(lang, d.verdict))}, {when(d.at, audit)})"
        for pull in trail.pulls
        for d in pull.outsiders
    ]
    if outsiders:
        out += ["", w["outsiders"] + "; ".join(outsiders)]
    out += ["", f"**{w['uploads']}**", ""]
    heads = [w["platform"], w["status"], w["link"], w["id"], w["live_at"], w["logged_at"]]
    rows = [row for channel in trail.channels for row in _channel(channel, audit, lang)]
    out += _table([*heads, w["commit"]], rows) if rows else ["–"]
    out += ["", f"**{w['steps']}**", ""]
    heads = [w["step"], w["platform"], w["start"], w["end"], w["duration"], w["standard"]]
    rows = [_step(s, audit, lang) for s in entry.steps]
    out += _table([*heads, w["result"]], rows) if rows else ["–"]
    out += ["", f"**{w['findings']}**", ""]
    found = [
        f"- **{f.code}**"
        + (f" [{escape(f.platform)}]" if f.platform else "")
        + f": {finding_text(f, lang)}"
        for f in entry.findings
    ]
    return out + (found or [w["none"]])


def _channel(channel: Channel, audit: Audit, lang: str) -> list[list[str]]:
    rows = [_publication(p, audit, lang) for p in channel.publications]
    if channel.status != "published" or not rows:
        label = status(lang, channel.status)
        label += f": {escape(channel.message)}" if channel.message else ""
        rows.append([escape(channel.platform), label, "–", "–", "–", "–", "–"])
    return rows


def _publication(p: Publication, audit: Audit, lang: str) -> list[str]:
    label = status(lang, "published")
    if p.by:
        label += " (" + words(lang)["by_hand"].format(by=escape(p.by)) + ")"
    return [
        escape(p.platform),
        label,
        link(p.url),
        escape(p.remote_id),
        when(p.live_at, audit),
        when(p.logged_at, audit),
        sha(p.commit),
    ]


def _step(s: Step, audit: Audit, lang: str) -> list[str]:
    w, seconds = words(lang), s.seconds
    took = "–" if seconds is None else w["minutes"].format(n=decimal(f"{seconds / 60:.1f}", lang))
    result = w["unmeasured"] if seconds is None else w["over" if s.over else "within"]
    where = escape(s.platform) if s.platform else pr(s.pr)
    standard = w["minutes"].format(n=s.standard)
    return [
        step(lang, s.name),
        where,
        when(s.start, audit),
        when(s.end, audit),
        took,
        standard,
        result,
    ]


def _table(heads: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(heads) + " |",
        "|" + "---|" * len(heads),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
