"""The publish run: decide from the log, check tokens, then each (post, platform) through the
state machine of docs/publishing-model.md §4.3, each platform on its own.

Order: plan every pair from the log → stop here if publishing is paused → preflight every
token a pending pair needs (a dead token stops the run before any side effect) → the website
(proof that the deploy is live) → media URLs that platforms fetch → each pair: claim (CAS),
reconcile if an earlier request is in doubt, publish (resuming from checkpoints), and record.
"""

from __future__ import annotations

import hashlib
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import httpx

from pipeline import jsonl, messages
from pipeline.config import Account, Config
from pipeline.errors import PipelineError, Problem
from pipeline.publish import budget, claims, provenance, records
from pipeline.publish.all_platforms import PLATFORMS, RELIABLE_LISTING
from pipeline.publish.api import Api, Timing
from pipeline.publish.base import Job, PublishError, Remote, Verdict, account_hint
from pipeline.publish.ledger import Ledger
from pipeline.publish.provenance import RunInfo

KILL = "PIPELINE_KILL_AT"  # fault injection for the test suite: "<platform>:<point>[:<n>]"


def kill_point(platform: str, point: str, count: dict[str, int]) -> None:
    """Die like a killed runner (no cleanup, no flush) at a named point, when asked to.

    Points: claimed, sent (a create/publish request answered, its id not yet saved),
    checkpoint (an id saved and pushed), published (read back, not yet logged), log (the
    publication committed but not pushed)."""
    wanted = os.environ.get(KILL, "")
    if not wanted.startswith(f"{platform}:{point}"):
        return
    parts = wanted.split(":")
    count[point] = count.get(point, 0) + 1
    if count[point] == (int(parts[2]) if len(parts) > 2 else 1):
        os._exit(137)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    post: str
    platform: str
    status: str  # published, already, waiting, paused, failed, unknown, deferred, needs_human
    url: str = ""
    message: str = ""
    hint: str = ""


class LogMarks:
    """Checkpoints of one pair, written to the log (and pushed) the moment they are saved."""

    def __init__(self, runner: Runner, job: Job, values: Mapping[str, str]) -> None:
        self.runner = runner
        self.job = job
        self.values = dict(values)

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def save(self, name: str, value: str) -> None:
        self.values[name] = value
        self.runner.log(self.job, "checkpoint", name=name, value=value)
        self.runner.kill(self.job.platform, "checkpoint")

    def sending(self, op: str, url: str) -> None:
        path = httpx.URL(url).path
        self.runner.log(self.job, "checkpoint", name=records.SENDING, value=f"{op} {path}")


class Runner:
    def __init__(
        self,
        config: Config,
        env: Mapping[str, str],
        ledger: Ledger,
        run: RunInfo,
        *,
        now: datetime | None = None,
        timing: Timing | None = None,
        transport: httpx.BaseTransport | None = None,
        say: Callable[[str], None] = print,
        modules: Mapping[str, ModuleType] | None = None,
    ) -> None:
        self.config = config
        self.env = env
        self.ledger = ledger
        self.info = run
        self.now = now or datetime.now(UTC)
        self.timing = timing or Timing()
        self.transport = transport
        self.say = say
        self.modules = modules or PLATFORMS
        self.settings: dict[str, Any] = {}
        self.apis: list[Api] = []
        self.extra: dict[str, dict[str, Any]] = {}  # per-platform fields for published events
        self.kills: dict[str, int] = {}
        self.me = claims.here(env)  # written into every claim: who holds it
        self.verdicts: dict[str, claims.Liveness] = {}  # {holder: whether it is alive}
        self.takeovers: dict[tuple[str, str], dict[str, str]] = {}  # claims of dead holders
        self.lang: str = config.office.language
        self.sources: dict[str, provenance.Provenance] = {}
        self.traces: dict[tuple[str, str], list[dict[str, Any]]] = {}  # for the trial
        self.history: dict[str, set[str]] = {}  # {post id: paths Git says it had before}
        # platform -> no calls before (a throttle's regain time, a daily cap), this run and
        # the next ones (the `until` of its `deferred` events)
        self.held_until: dict[str, datetime] = {}
        self._started = datetime.now(UTC)
        offset = self.now.astimezone().strftime("%z")
        self.offset = _ZONES.get(config.office.timezone, offset)

    # --- the run --------------------------------------------------------------------------
    def run(
        self, jobs: list[Job], present: set[str], held: set[str] | None = None
    ) -> list[Outcome]:
        """`present`: the identity of every post in the repository; `held`: identities of
        posts present but not publishable now (a draft, or blocked by `pipeline check`)."""
        # A post still where it was when it was published before ids existed: its old
        # events (path only) belong to its id.
        known = {j.post: j.post_id for j in jobs if j.post_id}
        self.ledger.aliases = {**known, **self.ledger.aliases}
        reading = self.ledger.reading()
        state = self.moved(jobs, records.fold(reading.events, self.ledger.aliases))
        outcomes: list[Outcome] = []
        todo: list[Job] = []
        for job in jobs:
            pair = state.get((job.ident, job.platform))
            decided = (
                self.held(job, reading.damage, pair)
                or self.decide(job, pair)
                or self.lookalike(job, pair, state, present)
            )
            if decided is None:
                todo.append(job)
            else:
                outcomes.append(decided)
        outcomes += self.removed(state, present, held or set())
        if self.config.publishing.paused or self.env.get("PIPELINE_PUBLISHING") == "paused":
            return outcomes + [self._out(j, "paused", "publishing.paused") for j in todo]
        # A platform that asked for no calls until a time (a throttle's regain time, a daily
        # cap), in an earlier run: its pairs wait, and it is not even preflighted.
        self.honour_holds(state)
        outcomes += [self.wait(j, state) for j in todo if j.platform in self.held_until]
        todo = [j for j in todo if j.platform not in self.held_until]
        down = self.preflight({j.platform for j in todo})
        for job in [j for j in todo if j.platform in down]:
            if job.platform in self.held_until:  # preflight hit a throttle or a cap: on record
                outcomes.append(self.wait(job, state, down[job.platform]))
            else:
                outcomes.append(
                    self._out(
                        job, "deferred", down[job.platform], "dicoba lagi pada jalan berikutnya"
                    )
                )
        todo = [j for j in todo if j.platform not in down]
        todo.sort(key=lambda j: (list(self.modules).index(j.platform), j.post))
        todo, waiting = self.budget(todo)
        outcomes += waiting
        dead: set[str] = set()
        for job in todo:
            if job.platform in dead:
                outcomes.append(
                    self._out(job, "deferred", "token", account_hint(job.platform, job.account))
                )
                continue
            if job.platform in self.held_until:  # the platform asked for no calls until then
                outcomes.append(self.wait(job, state))
                continue
            outcome = self.pair(job)
            if outcome.message.startswith("REAUTH"):
                dead.add(job.platform)
            outcomes.append(outcome)
        for api in self.apis:
            api.close()
        return outcomes

    def wait(
        self, job: Job, state: Mapping[tuple[str, str], records.Pair], why: str = ""
    ) -> Outcome:
        """A pair of a platform on hold (`held_until`): deferred, its `until` on record once per
        pair and hold (the next runs make no call to the platform before then)."""
        until = _utc(self.held_until[job.platform])
        note = self.held_note(job.platform)
        pair = state.get((job.ident, job.platform))
        if pair is None or pair.status != "deferred" or pair.until != until:
            self.log(job, "deferred", message=why or note, until=until)  # once per hold
        return self._out(job, "deferred", why or note, note)

    def held(
        self, job: Job, damage: Iterable[jsonl.Damage], pair: records.Pair | None = None
    ) -> Outcome | None:
        """A damaged log line that may be about this pair (its post, under any path it was
        logged at, its id and its platform, as far as the line still shows them) holds the
        pair for a person: the lost line may have been its publication. Every other pair goes
        on."""
        names = {job.post, *(pair.paths if pair is not None else ())}
        found = [
            d.where
            for d in damage
            if d.may_concern(platform=job.platform)
            and d.hints.get("post", job.post) in names
            and (not job.post_id or d.hints.get("post_id", job.post_id) == job.post_id)
        ]
        if not found:
            return None
        held = Problem(code="LOG_PAIR_HELD", path="", params={"where": ", ".join(found)})
        message, fix = messages.text(held, self.lang)
        return self._out(job, "needs_human", message, fix)

    def moved(
        self, jobs: list[Job], state: dict[tuple[str, str], records.Pair]
    ) -> dict[tuple[str, str], records.Pair]:
        """A post whose folder or file was moved or renamed keeps its pairs (same id); the
        move is logged (`moved`, once per pair) so every reader names the post where it is."""
        events = [
            {
                "event": "moved",
                "post": job.post,
                "post_id": job.post_id,
                "platform": job.platform,
                "from": pair.post,
                "run": self.info.run,
                **records.stamp(datetime.now(UTC), self.offset),
            }
            for job in jobs
            if job.post_id
            and (pair := state.get((job.ident, job.platform))) is not None
            and pair.post != job.post
        ]
        if not events:
            return state
        self.ledger.write(events)
        for event in events:
            self.say(f"dipindah: {event['from']} -> {event['post']} [{event['platform']}]")
        return self.ledger.state()

    def lookalike(
        self,
        job: Job,
        pair: records.Pair | None,
        state: Mapping[tuple[str, str], records.Pair],
        present: set[str],
    ) -> Outcome | None:
        """The second line of defence, for a post whose id was removed or changed: before a
        post that is new to the log goes out, compare it with what is already live on the
        platform. The same text and media as another post, or the text or the media of a
        post that is gone from Git, or a path Git says this post had: a person decides."""
        if job.platform == "website":
            return None  # the site has one page per post: nothing there can be doubled
        if pair is not None and (
            pair.status in ("published", "needs_human")
            or _in_flight(pair)
            or pair.cleared == job.content_sha256
        ):
            return None
        media = tuple(m.sha256 for m in job.media)
        before = self.history.get(job.ident, set())
        for (ident, platform), other in sorted(state.items()):
            if platform != job.platform or ident == job.ident or other.status != "published":
                continue
            gone = ident not in present
            same = other.published_sha256 == job.content_sha256
            text = bool(job.text) and other.text_sha256 == job.text_sha256
            pictures = bool(media) and other.media_sha256 == media
            if same or (gone and (text or pictures or bool(other.paths & before))):
                what = "isi sama" if same else "teks atau media sama"
                return self.human(
                    job,
                    "lookalike",
                    f"{what} dengan unggahan {other.url} dari {other.post} (id {ident}): "
                    f"bila ini tulisan yang sama, kembalikan id lamanya di front matter; bila "
                    f"tulisan baru, 'pipeline resolve {job.post} {job.platform} --as retry'",
                    pair,
                )
        return None

    def decide(self, job: Job, pair: records.Pair | None) -> Outcome | None:
        """None when the pair needs work; else why not."""
        if pair is not None and pair.status == "published":
            if pair.published_sha256 == job.content_sha256:
                if job.platform == "website" and job.link and pair.url != job.link:
                    return None  # moved: the page has a new address; check it is live
                return self._out(job, "already", url=pair.url)
            return self.human(
                job,
                "edited",
                f"diubah setelah terbit ({pair.url}): putuskan "
                "ubah/hapus/unggah ulang secara manual",
                pair,
            )
        if pair is not None and pair.status == "needs_human":
            return self._out(job, "needs_human", pair.message)
        if pair is not None and pair.content_sha256 != job.content_sha256 and _in_flight(pair):
            ids = ", ".join(f"{k}={v}" for k, v in sorted(pair.marks.items())) or "tanpa id"
            return self.human(
                job,
                "edited_in_flight",
                f"diubah saat unggahan sebelumnya belum pasti ({ids}): periksa akun, lalu "
                "'pipeline resolve'",
                pair,
            )
        if (
            pair is not None
            and pair.status == "failed"
            and pair.content_sha256 == (job.content_sha256)
        ):
            return self._out(job, "failed", pair.message)
        if job.publish_at is not None and job.publish_at > self.now:
            when = records.minute(job.publish_at, self.offset)  # in the office's time zone
            return self._out(job, "waiting", f"terbit {when} {self.config.zone_name}")
        if (
            job.publish_at is not None
            and self.now - job.publish_at > timedelta(days=self.config.publishing.max_age_days)
            and (pair is None or pair.status == "planned")
        ):
            return self.human(
                job,
                "too_old",
                f"publish_at {job.publish_at.isoformat()} lebih "
                f"dari {self.config.publishing.max_age_days} hari lalu",
                pair,
            )
        if pair is not None and pair.status in ("claimed", "checkpoint"):
            return self.claimed(job, pair)
        return None

    def claimed(self, job: Job, pair: records.Pair) -> Outcome | None:
        """Someone else's claim holds until its lease ends, unless its holder is known to be
        dead (pipeline/publish/claims.py): then it is taken over at once, and the usual
        reconciliation looks on the platform before anything is sent again. None: take over."""
        holder = claims.parse(pair.holder)
        mine = holder == self.me if holder is not None else pair.claimed_by == self.info.run
        if mine:
            return None
        at = datetime.fromisoformat(pair.claimed_at.replace("Z", "+00:00"))
        until = at + timedelta(minutes=self.config.publishing.lease_minutes)
        if datetime.now(UTC) >= until:  # claims are stamped in real time
            return None
        key = repr(holder or pair.claimed_by)
        if key not in self.verdicts:
            self.verdicts[key] = claims.judge(holder, self.me, self.env)
        verdict = self.verdicts[key]
        if verdict.state == "dead":
            if (job.ident, job.platform) not in self.takeovers:  # said once, in the plan
                problem = Problem(code=verdict.code, path="", params=dict(verdict.params or {}))
                message, fix = messages.text(problem, self.lang)
                self.say(f"{job.platform:<9} {job.post}: {message} ({fix})")
            self.takeovers[(job.ident, job.platform)] = {
                "from": pair.claimed_by,
                "reason": verdict.code,
            }
            return None
        local = records.minute(until, self.offset)
        params = {
            **(verdict.params or {}),
            "holder": holder.label() if holder is not None else pair.claimed_by,
            "until": f"{local} {self.config.zone_name}",
        }
        code = verdict.code if verdict.code == "CLAIM_UNCHECKED" else "CLAIM_BUSY"
        message, fix = messages.text(Problem(code=code, path="", params=params), self.lang)
        return self._out(job, "busy", message, fix)

    def removed(
        self,
        state: Mapping[tuple[str, str], records.Pair],
        present: set[str],
        held: set[str],
    ) -> list[Outcome]:
        """Pairs whose post is gone from Git, or drafted or blocked, while something is on
        the platform or may be: a person retracts or checks; nothing is lost silently."""
        outs = []
        for (ident, platform), pair in sorted(state.items()):
            post_id = "" if "/" in ident else ident
            job = Job(
                post=pair.post,
                post_id=post_id,
                platform=platform,
                account="",
                title="",
                text="",
                link="",
            )
            if ident not in present and pair.status == "published" and platform != "website":
                gone = f"tulisan ber-id {ident} tidak ada lagi di Git (dihapus, atau id-nya diubah)"
                message = (
                    f"{gone if post_id else 'tulisan dihapus dari Git'}; "
                    f"tarik manual di {platform}: {pair.url}"
                )
                outs.append(self.human(job, "removed", message, pair))
            elif (ident not in present or ident in held) and _in_flight(pair):
                message = (
                    f"tulisan dihapus/draf/bermasalah saat unggahan di {platform} belum pasti: "
                    "periksa akun, lalu 'pipeline resolve'"
                )
                outs.append(self.human(job, "removed_in_flight", message, pair))
        return outs

    def human(self, job: Job, reason: str, message: str, pair: records.Pair | None) -> Outcome:
        if pair is None or pair.status != "needs_human" or pair.message != message:
            self.log(job, "needs_human", reason=reason, message=message)
        return self._out(job, "needs_human", message)

    # --- tokens ---------------------------------------------------------------------------
    def preflight(self, platforms: Iterable[str]) -> dict[str, str]:
        """Check every token a pending pair needs, before any side effect. A dead token (or a
        missing or damaged secret) stops the whole run: no partial fan-out. A platform that
        does not answer is only put off: {platform: why}."""
        dead: list[str] = []
        down: dict[str, str] = {}
        for name in [p for p in self.modules if p in set(platforms)]:
            module = self.modules[name]
            account = self.account(name)
            try:
                settings = module.settings(self.env, account)
                self.settings[name] = settings
                module.preflight(self.api(name), settings)
            except PublishError as exc:
                if exc.verdict in (Verdict.RETRY, Verdict.UNKNOWN):
                    down[name] = f"{name} tidak menjawab: {exc.message}"
                    note = self.until_note(name, self.hold(name, exc.retry_after))  # a throttle
                    if note:
                        down[name] += f"; {note}"
                    continue
                if exc.verdict is Verdict.THROTTLED:  # a cap: not a dead token
                    note = self.until_note(name, self.throttle(name, exc))
                    down[name] = f"{name}: {exc.message}; {note}"
                    continue
                label = account.username or account.account_id or name
                if exc.problem is not None:  # a catalogue message, in the office's language
                    said, fix = messages.text(exc.problem, self.config.office.language)
                    exc = PublishError(exc.verdict, said, hint=fix, code=exc.code)
                dead.append(
                    f"{name} ({label}): {exc.message}; {exc.hint or account_hint(name, label)}"
                )
        if dead:
            raise PipelineError(
                "token tidak berlaku; tidak ada yang diunggah:\n  " + "\n  ".join(dead)
            )
        return down

    def budget(self, todo: list[Job]) -> tuple[list[Job], list[Outcome]]:
        """State X's cost for the batch against the monthly cap, and Instagram's remaining
        daily quota; what does not fit waits for a later run (deferred, not failed)."""
        held: list[Outcome] = []
        cost = getattr(self.modules.get("x"), "cost", None)
        xs = [j for j in todo if j.platform == "x"]
        if xs and cost is not None:
            spent = budget.x_spent(self.ledger.events(), self.now.astimezone(UTC).strftime("%Y-%m"))
            cap = self.config.publishing.x_monthly_cap_usd
            self.say(
                f"X: biaya batch ini USD {sum(cost(j) for j in xs):.3f}; bulan ini USD "
                f"{spent:.3f} dari batas USD {cap:.2f}"
            )
            _, over = budget.within_cap(xs, cost, spent, cap)
            held += [
                self._out(
                    j,
                    "deferred",
                    "batas biaya X bulan ini tercapai",
                    "naikkan publishing.x_monthly_cap_usd atau tunggu",
                )
                for j in over
            ]
        quota = getattr(self.modules.get("instagram"), "quota", None)
        igs = [j for j in todo if j.platform in ("instagram", "instagram_story")]
        if igs and quota is not None:
            name = igs[0].platform  # both share the account and its quota
            try:
                used, total = quota(self.api(name), self.settings[name])
            except (PublishError, ValueError, TypeError) as exc:
                why = exc.message if isinstance(exc, PublishError) else type(exc).__name__
                held += [
                    self._out(
                        j,
                        "deferred",
                        f"kuota Instagram tidak terbaca: {why}",
                        "dicoba lagi pada jalan berikutnya",
                    )
                    for j in igs
                ]
                igs, used, total = [], 0, 0
            left = max(0, total - used)
            if igs:
                self.say(
                    f"Instagram: kuota 24 jam tersisa {left} dari {total}; batch ini {len(igs)}"
                )
            held += [
                self._out(
                    j,
                    "deferred",
                    "kuota harian Instagram habis",
                    "dicoba lagi pada jalan berikutnya",
                )
                for j in igs[left:]
            ]
        waiting = {(o.post, o.platform) for o in held}
        return [j for j in todo if (j.post, j.platform) not in waiting], held

    def account(self, name: str) -> Account:
        if name == "website":
            return Account(enabled=True, account_id=self.config.office.site_url.rstrip("/"))
        value = getattr(self.config.platforms, name.removesuffix("_story"), None)
        return value if isinstance(value, Account) else Account()

    def api(self, name: str, marks: LogMarks | None = None) -> Api:
        module = self.modules[name]
        settings = self.settings.get(name)
        token = getattr(settings, "token", None) or getattr(settings, "access", None)
        api = Api(
            name,
            token=token,
            classify=module.classify,
            timing=self.timing,
            transport=self.transport,
            before_send=marks.sending if marks else None,
            after_send=(lambda op, url: self.kill(name, "sent")) if marks else None,
            refused=getattr(module, "refused", None),
        )
        self.apis.append(api)
        return api

    # --- one pair -------------------------------------------------------------------------
    def pair(self, job: Job, tries: int = 3) -> Outcome:
        reading = self.ledger.reading()  # again: another run may have written since
        pair = records.fold(reading.events, self.ledger.aliases).get((job.ident, job.platform))
        decided = self.held(job, reading.damage, pair) or self.decide(job, pair)
        if decided is not None:  # someone else moved it while we worked on others
            return decided
        same = pair is not None and pair.content_sha256 == job.content_sha256
        marks = LogMarks(self, job, pair.marks if pair is not None and same else {})
        if getattr(self.modules[job.platform], "PULLS_FROM_URL", False):
            problem = self.check_media(job)
            if problem:
                self.log(job, "deferred", message=problem)
                return self._out(job, "deferred", problem, "tunggu deploy situs, lalu ulangi")
        took = self.takeovers.pop((job.ident, job.platform), None)
        if not self.log(job, "claimed", cas=True, holder=self.me.fields(), took_over=took):
            if tries <= 1:
                return self._out(job, "deferred", "log berubah terus; dicoba jalan berikutnya")
            return self.pair(job, tries - 1)  # the log moved: re-read, re-decide
        self.kill(job.platform, "claimed")
        module = self.modules[job.platform]
        api = self.api(job.platform, marks)
        self.traces[(job.post, job.platform)] = api.trace
        settings = self.settings[job.platform]
        try:
            if pair is not None and same and (pair.in_doubt or pair.status == "unknown"):
                claimed = datetime.fromisoformat(pair.claimed_at.replace("Z", "+00:00"))
                settled = (datetime.now(UTC) - claimed).total_seconds() >= self.timing.settle_s
                try:
                    found = self.reconcile(job, api, pair.claimed_at, decide_absent=settled)
                except PublishError as exc:  # the lookup failed: the doubt remains
                    return self.failure(job, api, exc, pair, lookup=True)
                if found is not None:
                    return found
            remote = module.publish(api, settings, job, marks)
        except PublishError as exc:
            return self.failure(job, api, exc, pair)
        except Exception as exc:  # a bug or an answer we did not expect: maybe it happened
            # Where, not what: an exception's text may quote a header (a token).
            where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
            print(f"{type(exc).__name__} in {job.platform}:\n{where}", file=sys.stderr)
            self.log(job, "unknown", message=f"internal: {type(exc).__name__}")
            return self._out(
                job,
                "unknown",
                f"kesalahan internal: {type(exc).__name__}",
                "laporkan ke admin teknis; jalan berikutnya mencocokkan ulang",
            )
        self.kill(job.platform, "published")
        return self.published(job, remote)

    def check_media(self, job: Job) -> str:
        """Media a platform fetches by URL must be on the site, whole, before any container:
        status 200, the expected size and sha256 (docs/publishing-model.md §4.7)."""
        api = self.api("website")
        wanted = [(m.url, m.size, m.sha256) for m in job.media]
        for item in job.media:
            if item.cover is not None and item.cover_url:
                data = item.cover.read_bytes()
                wanted.append((item.cover_url, len(data), hashlib.sha256(data).hexdigest()))
        for url, size, digest in wanted:
            try:
                got = api.request("GET", url, op="read", raw=True).content
            except PublishError as exc:
                return f"{url}: {exc.message}"
            if len(got) != size or hashlib.sha256(got).hexdigest() != digest:
                return f"{url}: isi berbeda dari hasil render ({len(got)} byte, harus {size})"
        return ""

    def reconcile(
        self, job: Job, api: Api, claimed_at: str, *, decide_absent: bool = True
    ) -> Outcome | None:
        """An earlier request may have created the post: look for it by text hash. "Not
        found" decides only once the claim has settled (listings lag behind creates); until
        then the pair stays in doubt and nothing is sent."""
        since = datetime.fromisoformat(claimed_at.replace("Z", "+00:00")) - timedelta(minutes=10)
        found = self.modules[job.platform].find(api, self.settings[job.platform], job, since)
        if len(found) == 1:
            self.log(job, "reconciled", result="found", remote_id=found[0].id)
            return self.published(job, found[0], reconciled=True)
        if len(found) > 1:
            ids = ", ".join(r.url or r.id for r in found)
            return self.human(job, "several", f"{len(found)} unggahan cocok: {ids}", None)
        if not decide_absent:
            return self._out(job, "unknown", "belum terlihat di platform; dicocokkan lagi nanti")
        if not RELIABLE_LISTING.get(job.platform, False):
            return self.human(
                job,
                "unproven",
                "permintaan terkirim tanpa jawaban dan platform "
                "tidak dapat membuktikan tidak ada unggahan: periksa akun",
                None,
            )
        self.log(job, "reconciled", result="absent")
        return None

    def failure(
        self,
        job: Job,
        api: Api,
        exc: PublishError,
        pair: records.Pair | None,
        *,
        lookup: bool = False,
    ) -> Outcome:
        fields: dict[str, Any] = {
            "message": exc.message,
            "hint": exc.hint,
            "code": exc.code,
            "status": exc.status,
        }
        if (
            not lookup
            and exc.verdict is not Verdict.UNKNOWN
            and (exc.code == "not_sent" or (exc.status is not None and exc.status < 500))
        ):
            fields["refused"] = True  # a definite answer: the request in doubt did nothing
        if lookup and exc.verdict is not Verdict.REAUTH:  # never "failed": the doubt remains
            self.log(job, "deferred", **{**fields, "message": f"rekonsiliasi: {exc.message}"})
            return self._out(job, "deferred", f"rekonsiliasi: {exc.message}", exc.hint)
        if exc.verdict is Verdict.PERMANENT:
            self.log(job, "failed", **fields)
            return self._out(job, "failed", exc.message, exc.hint)
        if exc.verdict is Verdict.UNKNOWN:
            self.log(job, "unknown", **fields)
            state = self.ledger.state()[(job.ident, job.platform)]
            try:
                found = self.reconcile(job, api, state.claimed_at, decide_absent=False)
            except PublishError:
                found = None  # the lookup failed too: the next run looks again
            if found is not None and found.status != "unknown":
                return found
            if state.attempts >= 3:
                return self.human(job, "unknown", exc.message, None)
            return self._out(job, "unknown", exc.message, exc.hint)
        if exc.verdict is Verdict.REAUTH:
            self.log(job, "deferred", **fields)
            return self._out(
                job, "deferred", f"REAUTH {exc.message}", account_hint(job.platform, job.account)
            )
        if exc.verdict is Verdict.THROTTLED:
            until = self.throttle(job.platform, exc)
        else:
            until = self.hold(job.platform, exc.retry_after)
        if until:
            fields["until"] = until
        self.log(job, "deferred", retry_after=exc.retry_after, **fields)
        note = self.until_note(job.platform, until)
        said = f"{exc.message}; {note}" if note else exc.message
        return self._out(job, "deferred", said, note or exc.hint)

    def clock(self) -> datetime:
        """Now, on the run's clock (`self.now` at the start, moving in real time)."""
        return self.now + (datetime.now(UTC) - self._started)

    def hold(self, platform: str, seconds: float | None) -> str:
        """A platform that asked for no calls for `seconds` (a throttle's wait): the UTC time
        until which its pairs wait, this run and the next ones ('' when it named no wait)."""
        if seconds is None or seconds <= 0:
            return ""
        return self.hold_until(platform, self.clock() + timedelta(seconds=seconds))

    def throttle(self, platform: str, exc: PublishError) -> str:
        """A platform's cap is reached (`Verdict.THROTTLED`): no calls before `exc.until`, or,
        when the platform names no time, the next midnight in the office's time zone (a daily
        cap). The UTC time, as `hold`."""
        return self.hold_until(platform, exc.until or next_midnight(self.clock(), self.offset))

    def honour_holds(self, state: Mapping[tuple[str, str], records.Pair]) -> None:
        """The holds earlier runs put on record (`deferred` with `until`), in force now."""
        for platform, moment in holds(state, self.clock()).items():
            self.hold_until(platform, moment)

    def held_note(self, platform: str) -> str:
        """The note of a platform on hold (`until_note` of its `held_until`)."""
        return self.until_note(platform, _utc(self.held_until[platform]))

    def hold_until(self, platform: str, until: datetime) -> str:
        self.held_until[platform] = max(until, self.held_until.get(platform, until))
        return _utc(self.held_until[platform])

    def until_note(self, platform: str, until: str) -> str:
        """'batas tiktok tercapai: ditunda sampai 2026-12-04 00:00 WIB' for a deferral with a
        time ('' without one), in the office's language (PAIR_HELD_UNTIL)."""
        moment = _parse_until(until)
        if moment is None:
            return ""
        return records.held_note(platform, moment, self.offset, self.config.zone_name, self.lang)

    def source(self, post: str) -> provenance.Provenance:
        if post not in self.sources:
            self.sources[post] = provenance.for_post(self.ledger.root, self.env, post)
        return self.sources[post]

    def dispositions(self, job: Job) -> None:
        """The reviews of the post's pull request, each logged once (by review id)."""
        logged = {
            e.get("review_id")
            for e in self.ledger.events()
            if e.get("event") in ("disposition", "outsider_review") and e.get("post") == job.post
        }
        new = [
            {**d, "run": self.info.run, **records.stamp(datetime.now(UTC), self.offset)}
            for d in provenance.dispositions(self.config, job.post, self.source(job.post))
            if d["review_id"] not in logged
        ]
        if new:
            self.ledger.write(new)

    def published(self, job: Job, remote: Remote, *, reconciled: bool = False) -> Outcome:
        self.log(
            job,
            "published",
            before_push=lambda: self.kill(job.platform, "log"),
            remote_id=remote.id,
            url=remote.url,
            title=job.title,
            remote_published_at=remote.published_at,
            reconciled=reconciled,
            text_sha256=job.text_sha256,
            planned_at=job.publish_at.isoformat() if job.publish_at else None,
            link=job.link,
            media=[{"file": m.path.name, "sha256": m.sha256, "bytes": m.size} for m in job.media],
            cost_usd=cost(job)
            if (cost := getattr(self.modules[job.platform], "cost", None))
            else None,
            **self.extra.get(job.platform, {}),
        )
        self.dispositions(job)
        self.say(f"{job.platform:<9} {job.post}: {remote.url}")
        return self._out(job, "published", url=remote.url)

    # --- the log ----------------------------------------------------------------------------
    def log(
        self,
        job: Job,
        event: str,
        *,
        cas: bool = False,
        before_push: Callable[[], None] | None = None,
        **fields: Any,
    ) -> bool:
        record: dict[str, Any] = {
            "event": event,
            "post": job.post,
            **({"post_id": job.post_id} if job.post_id else {}),
            "platform": job.platform,
            "account": job.account,
            "content_sha256": job.content_sha256,
            "key": job.key,
            "run": self.info.run,
            **records.stamp(datetime.now(UTC), self.offset),
        }
        if event in ("published", "needs_human", "failed") and job.title:
            source = self.source(job.post)
            record.update(
                commit=source.commit,
                pr=source.pr,
                approvers=source.approvers(self.config),
                workflow_run=self.info.run_url or self.info.run,
            )
        record.update({k: v for k, v in fields.items() if v not in (None, "")})
        return self.ledger.write([record], cas=cas, before_push=before_push)

    def kill(self, platform: str, point: str) -> None:
        kill_point(platform, point, self.kills)

    @staticmethod
    def _out(job: Job, status: str, message: str = "", hint: str = "", url: str = "") -> Outcome:
        return Outcome(
            post=job.post, platform=job.platform, status=status, url=url, message=message, hint=hint
        )


HOLD_MAX = timedelta(days=2)  # a logged `until` further away than this is not believed


def _parse_until(text: str) -> datetime | None:
    """A logged `until` (UTC, `...Z`) as an aware time; None when absent or damaged."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _in_flight(pair: records.Pair) -> bool:
    """Something may exist on the platform for this pair that is not yet on record as
    published: an id was saved, or a request is in doubt, or the outcome was unknown."""
    ids = {k: v for k, v in pair.marks.items() if k != records.SENDING}
    return pair.status != "published" and (bool(ids) or pair.in_doubt or pair.status == "unknown")


def next_midnight(now: datetime, offset: str) -> datetime:
    """00:00 of the day after `now` in the zone `offset` ('+07:00')."""
    local = now.astimezone(records.zone(offset))
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def holds(state: Mapping[tuple[str, str], records.Pair], now: datetime) -> dict[str, datetime]:
    """{platform: until} for every platform one of whose pairs was deferred until a time
    after `now` (a damaged or absurdly far `until` holds nothing: a hand-edited line never
    blocks a platform for good)."""
    out: dict[str, datetime] = {}
    for (_, platform), pair in state.items():
        until = _parse_until(pair.until) if pair.status == "deferred" else None
        if until is not None and now < until <= now + HOLD_MAX:
            out[platform] = max(until, out.get(platform, until))
    return out


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ZONES = {"Asia/Jakarta": "+07:00", "Asia/Makassar": "+08:00", "Asia/Jayapura": "+09:00"}
