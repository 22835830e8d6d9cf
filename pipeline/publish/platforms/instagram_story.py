"""Instagram Stories: the `instagram` account, settings and container flow with
`media_type=STORIES`, for a post whose `social.instagram.story` is true. The media is the
rendered 9:16 story variant (an image, or a video of at most 60 s).

A story has no caption, so a lost answer cannot be matched by text: `find` proves nothing
(`RELIABLE_LISTING` is false for it) and a person checks the account instead of a repost.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.publish.api import Api
from pipeline.publish.base import Job, Remote
from pipeline.publish.platforms import instagram

NAME = "instagram_story"
PULLS_FROM_URL = True
ENV = instagram.ENV
BASES = instagram.BASES
Settings = instagram.Settings
settings = instagram.settings
preflight = instagram.preflight
publish = instagram.publish  # the story variant's target makes the container a STORIES one
classify = instagram.classify
refused = instagram.refused


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    return []
