"""SOP step times: standards from office.yml, scheduled posts, steps that cannot be measured."""

from __future__ import annotations

from pipeline.audit import timeline
from pipeline.audit.trail import Channel, Disposition, Publication, Pull, Trail
from pipeline.config import Config, Sop1, TimeStandards, WorkingHours


def publication(**kw: object) -> Publication:
    fields: dict[str, object] = {
        "platform": "facebook",
        "remote_id": "1",
        "url": "https://facebook.example/1",
        "logged_at": "2026-11-23T03:01:00Z",
        "live_at": "2026-11-23T03:00:00Z",
        "commit": "",
        "pr": 1,
        "approvers": (),
        "planned_at": "",
        "by": "",
        **kw,
    }
    return Publication(**fields)  # type: ignore[arg-type]


def a_trail(*pubs: Publication, opened: str = "2026-11-23T01:00:00Z") -> Trail:
    review = Disposition(
        pr=1,
        reviewer="kb",
        jabatan=("kepala_balai",),
        verdict="sesuai",
        reason="",
        at="2026-11-23T01:30:00Z",
        commit="",
    )
    pull = Pull(
        number=1,
        opened_at=opened,
        merged_at="2026-11-23T02:00:00Z",
        merge_commit="",
        dispositions=(review,),
    )
    channel = Channel(platform="facebook", status="published", message="", publications=pubs)
    return Trail(post="p/index.md", title="", writer=None, pulls=(pull,), channels=(channel,))


def test_standards_come_from_office_yml() -> None:
    assert timeline.standards(Config()) == {"disposition": 40, "post": 25, "report_links": 5}
    config = Config(
        time_standards=TimeStandards(
            sop1=Sop1(post="1d", filter="1h"),
            working_hours=WorkingHours(start="08:00", end="16:00"),
        )
    )
    assert timeline.working_day(config) == 480
    assert timeline.standards(config) == {"disposition": 80, "post": 480, "report_links": 5}


def test_the_three_steps() -> None:
    steps = timeline.steps(a_trail(publication()), Config())
    assert [(s.name, s.platform, s.seconds, s.over) for s in steps] == [
        ("disposition", "", 1800.0, False),
        ("post", "facebook", 3600.0, True),
        ("report_links", "facebook", 60.0, False),
    ]


def test_a_scheduled_post_starts_its_clock_at_publish_at() -> None:
    pub = publication(planned_at="2026-11-23T09:50:00+07:00")
    post = timeline.steps(a_trail(pub), Config())[1]
    assert post.start == "2026-11-23T09:50:00+07:00"
    assert post.seconds == 600.0 and not post.over


def test_steps_without_a_start_or_end_are_not_measured() -> None:
    pub = publication(live_at="")  # the platform reported no time
    steps = timeline.steps(a_trail(pub, opened=""), Config())
    assert [s.seconds for s in steps] == [None, 3660.0, None]
    assert [s.over for s in steps] == [False, True, False]


def test_the_first_publication_is_timed() -> None:
    early = publication(logged_at="2026-11-23T02:10:00Z", live_at="2026-11-23T02:09:00Z")
    steps = timeline.steps(a_trail(publication(), early), Config())
    assert steps[1].end == "2026-11-23T02:09:00Z"


def test_parse_refuses_times_without_a_zone() -> None:
    assert timeline.parse("2026-11-23T02:00:00") is None
    assert timeline.parse("kemarin") is None
    assert timeline.parse("2026-11-23T02:00:00Z") is not None
    local = timeline.local("2026-11-23T02:00:00Z", "+07:00")
    assert local is not None and local.isoformat() == "2026-11-23T09:00:00+07:00"
