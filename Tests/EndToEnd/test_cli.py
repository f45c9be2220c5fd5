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
