"""The built binary as a newcomer runs it: pointing `check` at an Iglu cache, help and exit codes."""
import json
import os
import shutil
import subprocess

from conftest import BINARY, EXAMPLES


def run(*args, cwd, env=None):
    return subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def rules(result):
    return [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]


def test_check_iglu_cache_resolves_a_source(tmp_path):
    shutil.copy(EXAMPLES / "snowplow" / "button-tap.scenario.json", tmp_path / "tap.json")
    alone = run("check", "--format", "json", "tap.json", cwd=tmp_path)
    assert alone.returncode == 1
    assert rules(alone) == ["snowplow/source-not-found"]
    cached = run("check", "--format", "json", "--iglu-cache", str(EXAMPLES / "iglu"), "tap.json", cwd=tmp_path)
    assert cached.returncode == 0, cached.stdout + cached.stderr
    # Resolved: now judged against the cached versions (1-0-1, the latest, rejects "swipe").
    assert rules(cached) == ["snowplow/schema-incompatible"]
    # The same through the environment, with a leading ~ expanded.
    home = tmp_path / "home"
    shutil.copytree(EXAMPLES / "iglu", home / "iglu")
    env = dict(os.environ, HOME=str(home), TRACKSPEC_IGLU_CACHE="~/iglu")
    via_env = run("check", "--format", "json", "tap.json", cwd=tmp_path, env=env)
    assert via_env.returncode == 0 and rules(via_env) == ["snowplow/schema-incompatible"], via_env.stdout + via_env.stderr


def test_help_and_mistakes(tmp_path):
    help = run("iglu", "--help", cwd=tmp_path)
    assert help.returncode == 0 and help.stdout.startswith("USAGE: trackspec iglu pull") and help.stderr == ""
    typo = run("iglu", "lst", cwd=tmp_path)
    assert typo.returncode == 2 and typo.stderr.startswith("trackspec iglu: unknown command 'lst'; did you mean 'list'?")


def test_a_folder_that_cannot_be_listed_is_named_not_skipped_silently():
    """#36 item 4: a folder `check` cannot list is named on stderr, and the count says what was read. Root lists
    every folder whatever its mode, so as root the check runs as `nobody` (setpriv), as a CI user would."""
    import tempfile
    base = tempfile.mkdtemp(prefix="trackspec-unlistable-", dir="/tmp")
    try:
        os.chmod(base, 0o755)
        for folder in ("ok", "locked"):
            os.makedirs(os.path.join(base, folder))
            with open(os.path.join(base, folder, "plan.json"), "w") as f:
                f.write('{"a": 1}\n')
        with open(os.path.join(base, "trackspec.json"), "w") as f:
            f.write('{"include": ["**/*.json"]}\n')
        os.chmod(os.path.join(base, "ok"), 0o755)
        os.chmod(os.path.join(base, "ok", "plan.json"), 0o644)
        os.chmod(os.path.join(base, "trackspec.json"), 0o644)
        os.chmod(os.path.join(base, "locked"), 0o000)
        # The binary as a user other than root can run it: a copy in the world-readable folder (its Swift
        # libraries are found by absolute run paths).
        binary = os.path.join(base, "trackspec")
        shutil.copy(BINARY, binary)
        os.chmod(binary, 0o755)
        command = [binary, "check", "."]
        if os.geteuid() == 0:
            assert shutil.which("setpriv"), "setpriv (util-linux) is needed to run the check as another user"
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        r = subprocess.run(command, cwd=base, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "trackspec: warning: skipped locked: cannot list the folder: Permission denied" in r.stderr, r.stderr
        # trackspec.json and ok/plan.json: what was read, not what was skipped.
        assert r.stdout.strip() == "All checks passed (2 files checked).", r.stdout
    finally:
        os.chmod(os.path.join(base, "locked"), 0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_refs_prints_every_definition_and_use():
    """#38: `trackspec refs` follows the design's graph as the server's references do: a rudder-cli property from its
    URN, every version of an Iglu data structure with the version each use names; JSON for scripts; exit 1 when
    nothing names the symbol, 2 for what is not a symbol."""
    run = subprocess.run([BINARY, "refs", "#property:product_id", str(EXAMPLES / "rudderstack" / "rudder-cli")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().split("\n")
    assert len(lines) == 2 and "properties.yaml:29:11: definition" in lines[0] and "tracking-plan.yaml:23:25: use" in lines[1], lines
    run = subprocess.run([BINARY, "refs", "--format", "json", "iglu:com.snowplowanalytics.snowplow/link_click", str(EXAMPLES / "snowplow")],
                         capture_output=True, text=True, timeout=60)
    report = json.loads(run.stdout)
    uses = [r for r in report["references"] if not r["definition"]]
    assert report["symbol"] == "iglu:com.snowplowanalytics.snowplow/link_click"
    assert {r["detail"] for r in uses} == {"1-0-0", "1-0-1"} and any(r["path"].endswith("checkout.yaml") for r in uses), uses
    assert any(r["definition"] for r in report["references"]), "the cached versions are its definitions"
    assert subprocess.run([BINARY, "refs", "#property:nope", str(EXAMPLES / "rudderstack" / "rudder-cli")], capture_output=True, timeout=60).returncode == 1
    assert subprocess.run([BINARY, "refs", "product_id"], capture_output=True, timeout=60).returncode == 2
