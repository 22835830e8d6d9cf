"""The workflows in .github/workflows/ against the CI rules of docs/publishing-model.md §2, and
proof that the two linters `make lint` runs over them (actionlint, zizmor) really flag what
they are there for, so a silently disabled check cannot pass for a clean one.

The structural rules are read from the YAML (and, for the version comments, from its lines):
every `uses:` pinned to a full commit SHA with a `# v...` comment; `permissions: {}` at the top
and a commented scope per job; no privileged trigger; no `${{` inside `run:`; secrets only in
the production jobs, each workflow in its own never-cancelled concurrency group; every
checkout without persisted credentials; every install from the hash-locked requirements
(also in the Makefile and .ci/); the publishing App's token created after the install and
handed only to the named steps that push or store a secret; the PR comment job running the
base branch's code with the check job's artifact outside its checkout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.config import load_config

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\b")
SECRETS = re.compile(r"\bsecrets\b")
PIP_INSTALL = re.compile(r"\b(?:pip3?|uv pip)\s+install\b")
APP_TOKEN = "steps.app.outputs.token"  # noqa: S105 - an expression, not a token
STORE_TOKEN = "steps.store.outputs.token"  # noqa: S105 - the App token that writes secrets
REFRESH_STEP = "Refresh rotating tokens"
# The only steps that get the publishing App's push token (contents): they push to main.
TOKEN_STEPS = {
    "publish.yml": {"Publish"},
    "inbox.yml": {"Fetch comments, send approved answers"},
    "report.yml": {"Push the report"},
}
INSTALL = "bash .ci/install .venv requirements/runtime.lock.txt"
PRIVILEGED = {"pull_request_target", "workflow_run"}

BAD = """\
name: bad
on:
  pull_request_target:
  workflow_run:
    workflows: [x]
    types: [completed]
permissions: write-all
jobs:
  j:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - {uses: actions/cache@v4}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo $TOKEN
        env:
          TOKEN: ${{ secrets.TOKEN }}
"""


def load(text: str) -> dict[str, Any]:
    """A workflow as data. PyYAML reads the key `on` as True (YAML 1.1); put it back."""
    doc = yaml.safe_load(text)
    assert isinstance(doc, dict)
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def triggers(doc: dict[str, Any]) -> set[str]:
    on = doc.get("on")
    if isinstance(on, str):
        return {on}
    return set(on or ())


def steps(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in doc["jobs"].items() for step in job.get("steps", [])]


def all_uses(doc: dict[str, Any]) -> list[str]:
    uses = [step["uses"] for _, step in steps(doc) if "uses" in step]
    return uses + [job["uses"] for job in doc["jobs"].values() if "uses" in job]


def unpinned(text: str) -> list[str]:
    """Every `uses:` that is not owner/repo@<40-hex SHA> followed by a `# vX.Y.Z` comment,
    and any `uses:` the line scan could not see (flow style), which would escape the rule."""
    found, seen = [], 0
    for number, line in enumerate(text.splitlines(), 1):
        match = USES_LINE.match(line)
        if match is None:
            continue
        seen += 1
        if not PINNED.match(match["ref"]) or not VERSION_COMMENT.match(match["rest"]):
            found.append(f"line {number}: {line.strip()}")
    if seen != len(all_uses(load(text))):
        found.append(f"{len(all_uses(load(text)))} uses: in the YAML, {seen} on their own line")
    return found


def expressions_in_run(doc: dict[str, Any]) -> list[str]:
    return [
        f"{job}: {step.get('name', step['run'])!r}"
        for job, step in steps(doc)
        if "run" in step and "${{" in step["run"]
    ]


def uncommented_scopes(text: str) -> list[str]:
    """Granted scopes (`name: read|write` under a `permissions:` key) without a `# why`."""
    found, block = [], None
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip())
        if block is not None and line.strip() and indent <= block:
            block = None
        if re.match(r"^\s*permissions:\s*(#.*)?$", line):
            block = indent
        elif (
            block is not None
            and re.match(r"^\s+[a-z-]+:\s*(read|write)\b", line)
            and "#" not in line
        ):
            found.append(f"line {number}: {line.strip()}")
    return found


def jobs_with_secrets(doc: dict[str, Any]) -> list[str]:
    found = [name for name, job in doc["jobs"].items() if SECRETS.search(json.dumps(job))]
    rest = {key: value for key, value in doc.items() if key != "jobs"}
    return found + (["(workflow level)"] if SECRETS.search(json.dumps(rest)) else [])


def workflows() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(WORKFLOWS.glob("*"))}


def test_the_workflows_and_no_other() -> None:
    assert set(workflows()) == {"check.yml", "publish.yml", "ci.yml", "inbox.yml", "report.yml"}


@pytest.mark.parametrize("name", sorted(workflows()))
def test_every_action_is_pinned_to_a_full_sha_with_its_version(name: str) -> None:
    assert unpinned(workflows()[name]) == []


def test_one_action_one_sha_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for text in workflows().values():
        for uses in all_uses(load(text)):
            action, sha = uses.split("@")
            pins.setdefault(action, set()).add(sha)
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("name", sorted(workflows()))
def test_least_privilege(name: str) -> None:
    text = workflows()[name]
    doc = load(text)
    assert doc.get("permissions") == {}, "permissions: {} at the top"
    for job_name, job in doc["jobs"].items():
        assert "permissions" in job, f"{job_name}: no permissions of its own"
    assert uncommented_scopes(text) == []


@pytest.mark.parametrize("name", sorted(workflows()))
def test_no_privileged_trigger_and_no_expression_in_run(name: str) -> None:
    doc = load(workflows()[name])
    assert triggers(doc) & PRIVILEGED == set()
    assert expressions_in_run(doc) == []


@pytest.mark.parametrize("name", sorted(workflows()))
def test_checkouts_keep_no_credentials_and_nothing_is_cached(name: str) -> None:
    for job, step in steps(load(workflows()[name])):
        uses = step.get("uses", "")
        assert not uses.startswith("actions/cache"), job
        assert "cache" not in step.get("with", {}), f"{job}: {uses} with a cache"
        if uses.startswith("actions/checkout"):
            assert step["with"]["persist-credentials"] is False, f"{name} {job}"
            assert "token" not in step["with"], f"{name} {job}: the job's own read token only"
        assert "continue-on-error" not in step, f"{name} {job}"


def unlocked_installs(text: str) -> list[str]:
    """`pip install` lines that could take something the hash-locked lock does not name:
    each must be hash-checked (`--require-hashes`) or install no dependency (`--no-deps`),
    and a requirements file must be one of the locks."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if not PIP_INSTALL.search(line) or line.lstrip().startswith("#"):
            continue
        files = re.findall(r"(?:^|\s)-r\s*(\S+)", line)
        if not ({"--require-hashes", "--no-deps"} & set(line.split())) or any(
            "lock" not in f and f != '"$lock"' for f in files
        ):
            found.append(f"line {number}: {line.strip()}")
    return found


def test_every_install_takes_the_hash_locked_requirements() -> None:
    for path in [ROOT / "Makefile", ROOT / ".ci" / "run", ROOT / ".ci" / "install"]:
        assert unlocked_installs(path.read_text(encoding="utf-8")) == [], path.name
    for name, text in workflows().items():
        assert unlocked_installs(text) == [], name
        for job, body in load(text)["jobs"].items():
            runs = [s.get("run", "") for s in body.get("steps", [])]
            uses_venv = [i for i, run in enumerate(runs) if ".venv/bin/" in run]
            installs = [i for i, run in enumerate(runs) if run.strip() == INSTALL]
            if uses_venv:  # installed once, from the runtime lock, before anything runs
                assert installs and installs[0] < uses_venv[0], f"{name} {job}"
    install = (ROOT / ".ci" / "install").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps --only-binary :all:" in install
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "bash .ci/install $(VENV) requirements/dev.lock.txt" in makefile


def test_the_install_rules_catch_an_unlocked_install() -> None:
    bad = "pip install -e .\npython -m pip install -r requirements.txt --require-hashes\n"
    assert len(unlocked_installs(bad)) == 2
    assert unlocked_installs("uv pip install httpx\n") == ["line 1: uv pip install httpx"]


@pytest.mark.parametrize("name", sorted(TOKEN_STEPS))
def test_the_app_token_exists_after_the_install_and_only_in_named_steps(name: str) -> None:
    doc = load(workflows()[name])
    (job,) = [j for j in doc["jobs"].values() if any(s.get("id") == "app" for s in j["steps"])]
    others = [j for j in doc["jobs"].values() if j is not job]
    assert APP_TOKEN not in json.dumps(others)
    names = [s.get("name", s.get("uses", "")) for s in job["steps"]]
    holders = {
        s.get("name") for s in job["steps"] if APP_TOKEN in json.dumps(s) and s.get("id") != "app"
    }
    assert holders == TOKEN_STEPS[name]
    made = next(i for i, s in enumerate(job["steps"]) if s.get("id") == "app")
    assert names.index("Install (hash-locked, requirements/runtime.lock.txt)") < made
    assert "token" not in json.dumps(job.get("env", {})).lower()
    token_env = {k for s in job["steps"] for k, v in s.get("env", {}).items() if APP_TOKEN in v}
    assert token_env == {"PIPELINE_PUSH_TOKEN"}


def concurrency_groups(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = [doc["concurrency"]] if "concurrency" in doc else []
    return found + [job["concurrency"] for job in doc["jobs"].values() if "concurrency" in job]


def test_each_workflow_has_its_own_concurrency_group() -> None:
    """A group shared by two workflows lets GitHub cancel one's waiting run when the other
    queues (the monthly report, an answer send): each workflow has its own; the log's pushes
    are kept safe by the Ledger's compare-and-swap (tests/publish/test_ledger_race.py)."""
    owners: dict[str, set[str]] = {}
    for name, text in workflows().items():
        for group in concurrency_groups(load(text)):
            owners.setdefault(group["group"].split("${{")[0], set()).add(name)
    assert {group: names for group, names in owners.items() if len(names) > 1} == {}
    for name in ("publish.yml", "inbox.yml", "report.yml"):
        groups = concurrency_groups(load(workflows()[name]))
        assert groups and all(g["cancel-in-progress"] is False for g in groups), name


def test_the_comment_job_runs_the_base_branchs_code_and_reads_the_artifact_as_data() -> None:
    job = load(workflows()["check.yml"])["jobs"]["comment"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    download = next(s for s in job["steps"] if "download-artifact" in s.get("uses", ""))
    folder = download["with"]["path"]
    assert folder.startswith("${{ runner.temp }}/"), "outside the checkout of trusted code"
    post = next(s for s in job["steps"] if "pipeline comment" in s.get("run", ""))
    assert post["env"]["PIPELINE_ARTIFACT"] == folder
    check = load(workflows()["check.yml"])["jobs"]["check"]
    ran = " ".join(s.get("run", "") for s in check["steps"])
    assert "pipeline check --format json > build/check/findings.json" in ran
    upload = next(s for s in check["steps"] if "upload-artifact" in s.get("uses", ""))
    assert "build/check" in upload["with"]["path"].split()


def test_secrets_only_in_the_publish_job() -> None:
    found = {name: jobs_with_secrets(load(text)) for name, text in workflows().items()}
    assert found == {
        "check.yml": [],
        "ci.yml": [],
        "publish.yml": ["publish"],
        "inbox.yml": ["inbox"],
        "report.yml": ["report"],  # only the App's key, to push the report
    }
    inbox = load(workflows()["inbox.yml"])["jobs"]["inbox"]
    assert inbox["environment"] == "production"
    assert inbox["concurrency"] == {"group": "inbox-production", "cancel-in-progress": False}


def test_publish_job_runs_in_production_one_at_a_time_never_cancelled() -> None:
    doc = load(workflows()["publish.yml"])
    job = doc["jobs"]["publish"]
    assert job["environment"] == "production"
    assert job["concurrency"] == {"group": "publish-production", "cancel-in-progress": False}
    assert doc["concurrency"]["cancel-in-progress"] is False
    # office.yml's lease must outlive the job; config.py checks lease > job_timeout_minutes.
    config, _ = load_config(ROOT)
    assert job["timeout-minutes"] == config.publishing.job_timeout_minutes
    assert job["needs"] == "deploy" and doc["jobs"]["deploy"]["needs"] == "build"


def test_publish_job_may_read_whether_a_claims_run_has_ended() -> None:
    """The job asks GitHub whether the run that left a claim has ended ("Get a workflow run":
    "Actions" repository permission, read): `actions: read` and no more. Only the publish job
    takes claims over."""
    for name, text in workflows().items():
        for job_name, job in load(text)["jobs"].items():
            wanted = "read" if (name, job_name) == ("publish.yml", "publish") else None
            assert job["permissions"].get("actions") == wanted, (name, job_name)


def test_publish_triggers() -> None:
    on = load(workflows()["publish.yml"])["on"]
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"], "paths-ignore": ["records/**"]}
    minutes = on["schedule"][0]["cron"].split()[0].split(",")
    assert len(minutes) == 4 and "0" not in minutes, "every 15 minutes, off the hour"


def test_publish_rebuilds_from_main_and_hands_the_same_media_to_the_publish_job() -> None:
    jobs = load(workflows()["publish.yml"])["jobs"]
    ran = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    for command in ("pipeline check", "pipeline render", "mkdocs build --strict"):
        assert command in ran
    upload = next(s for s in jobs["build"]["steps"] if s.get("with", {}).get("name"))
    download = next(s for s in jobs["publish"]["steps"] if "download-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == download["with"]["name"] == "publish-inputs"
    assert upload["with"]["path"].split() == [
        "build/media",
        "build/site-pages.json",
        "build/publish-inputs.json",
    ]


def test_production_builds_no_sample_and_publishes_what_the_build_checked() -> None:
    """The build job makes no sample media and builds the site as production (samples
    refused); the publish job runs no check, render or media script of its own."""
    jobs = load(workflows()["publish.yml"])["jobs"]
    for name in ("build", "publish"):
        ran = " ".join(s.get("run", "") for s in jobs[name]["steps"])
        assert "make_sample_media" not in ran
    site = next(s for s in jobs["build"]["steps"] if "mkdocs build" in s.get("run", ""))
    assert site["env"]["PIPELINE_PRODUCTION"] == "1"
    ran = " ".join(s.get("run", "") for s in jobs["publish"]["steps"])
    for command in ("pipeline check", "pipeline render", "mkdocs"):
        assert command not in ran


def test_check_runs_on_pull_requests_and_only_the_comment_job_writes() -> None:
    doc = load(workflows()["check.yml"])
    assert triggers(doc) == {"pull_request"}
    writes = {
        name: scope
        for name, job in doc["jobs"].items()
        for scope, level in job["permissions"].items()
        if level == "write"
    }
    assert writes == {"comment": "pull-requests"}
    comment = doc["jobs"]["comment"]
    step = next(s for s in comment["steps"] if "pipeline comment" in s.get("run", ""))
    assert step["env"]["PIPELINE_PR"] == "${{ github.event.pull_request.number }}"
    ran = " ".join(s.get("run", "") for s in doc["jobs"]["check"]["steps"])
    for command in ("pipeline check", "pipeline render --preview", "mkdocs build --strict"):
        assert command in ran
    assert "pipeline publish --trial" in ran
    # The comment points at the artifact by name (pipeline/github/comment.py): one name.
    names = {
        step["with"]["name"]
        for _, step in steps(doc)
        if step.get("uses", "").startswith(("actions/upload-artifact", "actions/download-artifact"))
    }
    assert names == {"pratinjau"}


def test_required_status_check_is_the_check_job() -> None:
    ruleset = json.loads((ROOT / ".github" / "rulesets" / "main.json").read_text())
    rules = {rule["type"]: rule.get("parameters", {}) for rule in ruleset["rules"]}
    assert set(rules) == {"deletion", "non_fast_forward", "pull_request", "required_status_checks"}
    checks = rules["required_status_checks"]
    job_name = load(workflows()["check.yml"])["jobs"]["check"]["name"]
    assert checks["required_status_checks"] == [{"context": job_name, "integration_id": 15368}]
    assert checks["strict_required_status_checks_policy"] is True
    review = rules["pull_request"]
    assert review["required_approving_review_count"] == 1
    assert review["dismiss_stale_reviews_on_push"] is True
    assert review["require_code_owner_review"] is True
    assert review["require_last_push_approval"] is True
    assert ruleset["bypass_actors"] == [
        {"actor_id": 0, "actor_type": "Integration", "bypass_mode": "always"}
    ]


def test_the_rules_catch_a_bad_workflow() -> None:
    doc = load(BAD)
    assert triggers(doc) & PRIVILEGED == PRIVILEGED
    assert doc["permissions"] != {}
    assert len(unpinned(BAD)) == 3  # a tag, a SHA without its comment, a flow-style uses
    assert len(expressions_in_run(doc)) == 1
    assert jobs_with_secrets(doc) == ["j"]
    assert jobs_with_secrets(load("on: push\nenv: {A: '${{ secrets.A }}'}\njobs: {}\n")) == [
        "(workflow level)"
    ]
    assert uncommented_scopes("jobs:\n  j:\n    permissions:\n      contents: write\n") == [
        "line 4: contents: write"
    ]


def _tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{name} missing: pip install -e '.[dev]' (or make test)"
    return str(path)


def test_actionlint_passes_and_flags_untrusted_input_and_shell_problems(tmp_path: Path) -> None:
    base = [_tool("actionlint"), f"-shellcheck={_tool('shellcheck')}", "-pyflakes=", "-oneline"]
    clean = subprocess.run(
        [*base, *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD, encoding="utf-8")
    done = subprocess.run([*base, str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in done.stdout
    assert "SC2086" in done.stdout, "shellcheck is not running inside actionlint"


def test_zizmor_auditor_passes_offline_and_flags_a_bad_workflow(tmp_path: Path) -> None:
    base = [_tool("zizmor"), "--offline", "--no-progress", "--persona", "auditor"]
    clean = subprocess.run(
        [*base, str(ROOT / ".github")], capture_output=True, text=True, check=False
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD, encoding="utf-8")
    done = subprocess.run(
        [*base, "--format", "json", str(bad)], capture_output=True, text=True, check=False
    )
    found = {finding["ident"] for finding in json.loads(done.stdout)}
    assert {
        "dangerous-triggers",
        "template-injection",
        "unpinned-uses",
        "artipacked",
        "excessive-permissions",
        "secrets-outside-env",
    } <= found


def test_dependabot_updates_actions_and_the_python_locks_after_a_cooldown() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["cooldown"]["default-days"] >= 7
    assert updates["pip"]["versioning-strategy"] == "increase-if-necessary"


def test_a_job_that_may_store_a_rotated_token_asks_for_exactly_what_the_store_needs() -> None:
    """GitHub REST API, "Create or update an environment secret": the repository permissions
    Secrets AND Environments (write). That App token is its own (`store`), asks for exactly
    those, and goes to one step, `pipeline tokens refresh`, before the step that handles
    writers' media or commenters' text (which gets the push token, contents only, and no store
    token). Every rotating platform gets its client secret and stored expiry there."""
    for name in ("publish.yml", "inbox.yml"):
        doc = load(workflows()[name])
        (job,) = [j for j in doc["jobs"].values() if any(s.get("id") == "app" for s in j["steps"])]
        steps = job["steps"]
        asked = {
            s["id"]: {k: v for k, v in s["with"].items() if k.startswith("permission-")}
            for s in steps
            if s.get("id") in ("app", "store")
        }
        assert asked == {
            "app": {"permission-contents": "write"},
            "store": {"permission-secrets": "write", "permission-environments": "write"},
        }, name
        names = [s.get("name", s.get("uses", "")) for s in steps]
        holders = [s.get("name") for s in steps if STORE_TOKEN in json.dumps(s)]
        assert holders == [REFRESH_STEP], name
        refresh = steps[names.index(REFRESH_STEP)]
        assert refresh["run"] == ".venv/bin/pipeline tokens refresh", name
        assert refresh["env"]["PIPELINE_SECRETS_TOKEN"] == "${{ %s }}" % STORE_TOKEN  # noqa: UP031
        pushers = [i for i, s in enumerate(steps) if APP_TOKEN in json.dumps(s.get("env", {}))]
        assert pushers and names.index(REFRESH_STEP) < min(pushers), name
        assert "PIPELINE_SECRETS_TOKEN" not in json.dumps([steps[i] for i in pushers]), name
        assert names.index("Install (hash-locked, requirements/runtime.lock.txt)") < names.index(
            next(s.get("name") for s in steps if s.get("id") == "store")
        )
        env = refresh["env"]
        for key in ("X_CLIENT_SECRET", "X_ACCESS_TOKEN_EXPIRES_AT", "X_REFRESH_TOKEN"):
            assert env[key] == "${{ secrets.%s }}" % key, name  # noqa: UP031 - GitHub's braces
        spendable = {k for k in env if k.endswith(("_REFRESH_TOKEN", "_CLIENT_SECRET"))}
        assert spendable, name
        for i in pushers:  # the step with writers' media or commenters' text
            later = set(steps[i]["env"])
            assert not spendable & later, (name, spendable & later)
            for key in env:  # the access tokens it may use when nothing was refreshed
                if key.endswith(("_ACCESS_TOKEN", "_ACCESS_TOKEN_EXPIRES_AT")):
                    assert key in later, (name, key)
        if "TIKTOK_REFRESH_TOKEN" in env:
            assert "TIKTOK_ACCESS_TOKEN_EXPIRES_AT" in env, name


def test_a_job_that_may_refresh_records_its_start_before_anything_else() -> None:
    """A job's secrets are the values when it started; checkout, install and downloads take
    minutes. Its first step writes the start time, which pipeline/publish/tokens.py compares
    with the refresh token's `updated_at` (a rotation by another workflow in between)."""
    for name in ("publish.yml", "inbox.yml"):
        doc = load(workflows()[name])
        jobs = [j for j in doc["jobs"].values() if REFRESH_STEP in json.dumps(j["steps"])]
        assert jobs, name
        for job in jobs:
            first = job["steps"][0]
            assert first["run"] == 'echo "PIPELINE_JOB_STARTED=$(date -u +%s)" >> "$GITHUB_ENV"'
            assert set(first) == {"name", "run"}, name


def test_every_secret_a_workflow_reads_is_one_pipeline_setup_names() -> None:
    from pipeline.github.setup import SECRETS, WRITTEN

    used = set()
    for text in workflows().values():
        used |= set(re.findall(r"secrets\.([A-Z0-9_]+)", text))
    assert used - {"GITHUB_TOKEN"} <= {*SECRETS, *WRITTEN}
