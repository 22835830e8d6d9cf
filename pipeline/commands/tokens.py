"""`pipeline tokens refresh`: refresh the rotating tokens (X, TikTok) that need it and store
them, nothing else. In CI it is its own step, the only one holding the token that may write
environment secrets (PIPELINE_SECRETS_TOKEN); the run cache it writes in $RUNNER_TEMP gives the
later steps of the job (publish, inbox) the new pair, so they present no refresh token and
hold no store token (pipeline/publish/tokens.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from pipeline.config import load_config
from pipeline.publish import tokencache, tokens


def refresh(*, lang: str | None = None, out: TextIO | None = None) -> int:
    root = Path.cwd()
    config, _ = load_config(root)
    env = dict(os.environ)
    try:
        tokens.refresh_all(env, config, root, out or sys.stdout, lang=lang)
    finally:  # later steps of the job read the access tokens, never a refresh token
        if tokencache.job_scoped(env):
            tokencache.RunCache(tokencache.path_for(env)).seal()
    return 0
