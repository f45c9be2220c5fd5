"""`trackspec iglu pull` end to end against a real HTTP server on 127.0.0.1."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from conftest import BINARY, HERE, SHARED, shared_path

FIXTURE = SHARED / "fixtures" / "iglu-central"


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    shared_path("fixtures/iglu-central")
    tmp = tmp_path_factory.mktemp("registry")
    port_file, marker = tmp / "port", tmp / "stalled"
    process = subprocess.Popen([sys.executable, str(HERE / "iglu_test_server.py"), str(FIXTURE), str(port_file), str(marker)])
    deadline = time.time() + 20
    while not port_file.exists():
        assert time.time() < deadline, "test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port_file.read_text()}", marker
    process.kill()
    process.wait()


def workspace(tmp_path, base, references, repositories):
    (tmp_path / "trackspec.json").write_text(json.dumps({"iglu": {"cache": ["iglu"], "resolver": "resolver.json"}}))
    (tmp_path / "resolver.json").write_text(json.dumps({
        "schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
        "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
            {"name": name, "priority": i, "vendorPrefixes": prefixes, "connection": {"http": {"uri": base + path, **({"apikey": key} if key else {})}}}
            for i, (name, path, prefixes, key) in enumerate(repositories)]}}))
    for i, ref in enumerate(references):
        (tmp_path / f"scenario-{i}.json").write_text(json.dumps({"name": f"s{i}", "event": {"source": ref, "schema": {"type": "object"}}}))
    return tmp_path


def pull(cwd, *args, timeout=120):
    return subprocess.run([BINARY, "iglu", "pull", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def cached_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_pull_fetches_references_and_newer_versions(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, [
        "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0",
        "iglu:com.snowplowanalytics.snowplow/no_such_schema/jsonschema/1-0-0",
        "iglu:com.acme/thing/jsonschema/1-0-0",
        "iglu:com.acme/liar/jsonschema/1-0-0",
    ], [("Static", "/static", ["com.snowplowanalytics"], None), ("Acme server", "/server", ["com.acme"], "secret")])
    result = pull(ws, "--timeout", "5")
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fetched   iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0 from Static" in lines
    # The newer version was found by probing the static registry.
    assert "fetched   iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1 from Static" in lines
    assert "not found iglu:com.snowplowanalytics.snowplow/no_such_schema/jsonschema/1-0-0 (asked Static, Acme server)" in lines
    # The Iglu Server's list endpoint (with the API key) gave the newer versions.
    for v in ("1-0-0", "1-0-1", "1-0-2"):
        assert f"fetched   iglu:com.acme/thing/jsonschema/{v} from Acme server" in lines
    assert any(l.startswith("rejected  iglu:com.acme/liar/jsonschema/1-0-0 from Acme server: the downloaded schema describes itself as iglu:com.acme/other") for l in lines), lines
    files = cached_files(ws / "iglu")
    assert files == [
        "schemas/com.acme/thing/jsonschema/1-0-0", "schemas/com.acme/thing/jsonschema/1-0-1", "schemas/com.acme/thing/jsonschema/1-0-2",
        "schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0", "schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1",
    ]
    for v in ("1-0-0", "1-0-1"):
        rel = f"schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/{v}"
        assert (ws / "iglu" / rel).read_bytes() == (FIXTURE / rel).read_bytes()
    listing = subprocess.run([BINARY, "iglu", "list", "--check"], cwd=ws, capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stdout
    assert "iglu:com.acme/thing/jsonschema  1-0-0 1-0-1 1-0-2" in listing.stdout.splitlines()
    # A second pull finds everything cached and fetches nothing new.
    again = pull(ws, "--timeout", "5")
    assert "cached    iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0" in again.stdout.splitlines()
    assert not any(l.startswith("fetched") for l in again.stdout.splitlines())
    assert cached_files(ws / "iglu") == files


def test_slow_repository_times_out(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, ["iglu:com.slow/anything/jsonschema/1-0-0"], [("Slow", "/slow", [], None)])
    result = pull(ws, "--timeout", "1")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "error     iglu:com.slow/anything/jsonschema/1-0-0 from Slow: timed out after 1 s", result.stdout
    # (The server answers 404 after 5 s: "timed out" rather than "not found" shows the deadline was enforced.)


def test_oversized_response_is_refused(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, ["iglu:com.big/x/jsonschema/1-0-0"], [("Big", "/big", [], None)])
    result = pull(ws, "--timeout", "20")
    assert result.returncode == 1
    assert "over the 8388608-byte limit" in result.stdout, result.stdout
    assert cached_files(ws) == sorted(["resolver.json", "scenario-0.json", "trackspec.json"])


def test_kill_during_pull_leaves_no_partial_file(registry, tmp_path):
    base, marker = registry
    if marker.exists():
        marker.unlink()
    ws = workspace(tmp_path, base, ["iglu:com.stall/x/jsonschema/1-0-0"], [("Stall", "/stall", [], None)])
    process = subprocess.Popen([BINARY, "iglu", "pull", "--timeout", "60"], cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while not marker.exists():
        assert time.time() < deadline, "the pull never reached the stalled response"
        time.sleep(0.05)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    leftovers = [p for p in (ws / "iglu").rglob("*") if p.is_file()] if (ws / "iglu").exists() else []
    assert leftovers == []


def test_apikey_is_not_sent_to_another_host_on_redirect(registry, tmp_path):
    base, marker = registry
    for f in marker.parent.glob(marker.name + ".apikey-*"):
        f.unlink()
    ws = workspace(tmp_path, base, ["iglu:com.acme/thing/jsonschema/1-0-0"], [("Moved", "/redirect", ["com.acme"], "secret")])
    result = pull(ws, "--timeout", "5", "--max-versions", "0")
    assert "fetched   iglu:com.acme/thing/jsonschema/1-0-0 from Moved" in result.stdout.splitlines(), result.stdout + result.stderr
    # The other host got the request, without the key.
    assert (marker.parent / (marker.name + ".apikey-127.0.0.2")).read_text().split() == ["none"]
    # A redirect within the same origin keeps it.
    ws2 = tmp_path / "same"
    ws2.mkdir()
    workspace(ws2, base, ["iglu:com.acme/thing/jsonschema/1-0-1"], [("Same", "/redirect-same", ["com.acme"], "secret")])
    result = pull(ws2, "--timeout", "5", "--max-versions", "0")
    assert "fetched   iglu:com.acme/thing/jsonschema/1-0-1 from Same" in result.stdout.splitlines(), result.stdout + result.stderr
    assert (marker.parent / (marker.name + ".apikey-127.0.0.1")).read_text().split() == ["secret"]


def test_unannounced_huge_body_stops_at_the_cap_with_bounded_memory(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, ["iglu:com.huge/x/jsonschema/1-0-0"], [("Huge", "/huge", [], None)])
    process = subprocess.Popen([BINARY, "iglu", "pull", "--timeout", "60"], cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    out = process.stdout.read().decode()
    assert os.waitstatus_to_exitcode(status) == 1, out
    assert "over the 8388608-byte limit" in out, out
    # ru_maxrss is in KiB on Linux: well under 1 GB (it peaked between 59 MB and 2 GB before the fix).
    print(f"peak resident memory of the pull: {usage.ru_maxrss} KiB")
    assert usage.ru_maxrss < 100 * 1024, f"peak {usage.ru_maxrss} KiB"
    assert cached_files(ws) == sorted(["resolver.json", "scenario-0.json", "trackspec.json"])


def test_listed_versions_are_bounded_and_the_rest_said(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, ["iglu:com.acme/many/jsonschema/1-0-0"], [("Many", "/many", ["com.acme"], None)])
    result = pull(ws, "--timeout", "5", "--max-versions", "10")
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped   989 more versions of iglu:com.acme/many/jsonschema from Many: at most 10 newer versions are fetched per family (--max-versions)" in lines
    assert len(cached_files(ws / "iglu")) == 11
    assert "schemas/com.acme/many/jsonschema/1-0-999" in cached_files(ws / "iglu")


def test_schema_without_self_is_not_cached(registry, tmp_path):
    base, _ = registry
    ws = workspace(tmp_path, base, ["iglu:com.acme/noself/jsonschema/1-0-0"], [("NoSelf", "/noself", [], None)])
    result = pull(ws, "--timeout", "5")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("rejected  iglu:com.acme/noself/jsonschema/1-0-0 from NoSelf: the downloaded schema has no 'self' block"), result.stdout
    assert not (ws / "iglu").exists() or cached_files(ws / "iglu") == []


def test_pull_writes_nothing_outside_the_cache_folder(registry, tmp_path):
    """No URL cache in ~/.cache, no cookie store in ~/.local/share: a fresh HOME stays empty."""
    base, _ = registry
    home = tmp_path / "home"
    home.mkdir()
    ws = tmp_path / "ws"
    ws.mkdir()
    workspace(ws, base, ["iglu:com.acme/thing/jsonschema/1-0-0"], [("Acme server", "/server", ["com.acme"], "secret")])
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local" / "share"))
    result = subprocess.run([BINARY, "iglu", "pull", "--timeout", "5"], cwd=ws, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fetched   iglu:com.acme/thing/jsonschema/1-0-2 from Acme server" in result.stdout.splitlines()
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []
    # The scratch folder Foundation was pointed at is gone too: the cache holds schemas only.
    assert sorted(str(p.relative_to(ws / "iglu")) for p in (ws / "iglu").iterdir()) == ["schemas"]
