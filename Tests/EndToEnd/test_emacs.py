"""Emacs 28 (Debian, batch) with Debian's Eglot 1.9 and editors/emacs/trackspec.el: diagnostics and a hover."""
import json
import os
import shutil
import subprocess

from completion_cases import check_results, write_workspace
from conftest import EXAMPLES, HERE, traced_command, write_catalog_and_plan

EMACS = shutil.which("emacs")


def test_eglot_shows_diagnostics_and_hover(tmp_path):
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox and elpa-eglot"
    target = tmp_path / "web-source-broken.connection.json"
    text = (EXAMPLES / "rudderstack" / "web-source-broken.connection.json").read_text()
    target.write_text(text)
    lines = text.split("\n")
    hover_line = next(i for i, l in enumerate(lines) if "propagateValidationErrors" in l)
    out = tmp_path / "result.json"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_FILE=str(target), TRACKSPEC_EMACS_OUT=str(out),
               TRACKSPEC_EMACS=str(HERE.parent.parent / "editors" / "emacs"),
               TRACKSPEC_HOVER_LINE=str(hover_line), TRACKSPEC_HOVER_CHARACTER=str(lines[hover_line].index("propagate") + 3))
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "eglot.el")], env=env, timeout=120,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["mode"] == "js-mode"
    texts = [d["text"] for d in result["diagnostics"]]
    assert len(texts) == 6, texts
    assert any("JSON boolean" in t for t in texts)
    assert "context.violationErrors" in result["hover"]
    # js-mode's own M-. (js-find-symbol) is replaced by xref, which asks the server, in managed buffers.
    assert result["meta-dot"] == "xref-find-definitions"


def test_eglot_completion_at_point_inserts_valid_text(tmp_path):
    """completion-at-point (M-TAB) in every completion position users hit, the first candidate accepted from
    *Completions* (or the sole one): the buffer holds the expected, valid JSON (Eglot filters by the symbol
    at point and then applies the edit; whole-URI items used to give `"iglu:iglu:com."`)."""
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox and elpa-eglot"
    cases = write_workspace(tmp_path)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    out = tmp_path / "result.json"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_CASES=str(tmp_path / "cases.json"),
               TRACKSPEC_EMACS_OUT=str(out), TRACKSPEC_EMACS=str(HERE.parent.parent / "editors" / "emacs"))
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "completion.el")], env=env, timeout=180,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(out.read_text())
    assert all(r["managed"] for r in results), "every buffer managed by Eglot"
    check_results(results, "Emacs")


def test_eglot_format_buffer_keeps_lines_and_uses_tabs(tmp_path):
    """eglot-format-buffer with indent-tabs-mode: the user's line breaks stay, spacing and indentation are
    normalised, indentation is made of tabs."""
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox and elpa-eglot"
    (tmp_path / "trackspec.json").write_text("{}")
    target = tmp_path / "catalog.json"
    target.write_text('{\n  "categories": [\n      {"id":"cat_a",   "name" : "A"},\n    {"id": "cat_b", "name": "B"}\n  ],\n\n\n'
                      '  "events": []\n}\n')
    out = tmp_path / "result.txt"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_FILE=str(target), TRACKSPEC_EMACS_OUT=str(out),
               TRACKSPEC_EMACS=str(HERE.parent.parent / "editors" / "emacs"))
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "format.el")], env=env, timeout=120,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_text() == ('{\n\t"categories": [\n\t\t{"id": "cat_a", "name": "A"},\n\t\t{"id": "cat_b", "name": "B"}\n\t],\n\n'
                               '\t"events": []\n}\n')


def test_the_readmes_setup_starts_trackspec_where_it_should_and_nowhere_else(tmp_path):
    """#37: `(trackspec-setup)` as the README says: a JavaScript buffer (js-mode, as JSON is on Emacs 28) does not
    get trackspec; a JSON tracking file does; an Iglu schema in a static registry (no extension) opens in a JSON
    mode and is checked instead of sitting in fundamental-mode."""
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox and elpa-eglot"
    (tmp_path / "trackspec.json").write_text("{}")
    (tmp_path / "app.js").write_text("const x = 1;\n")
    (tmp_path / "tap.scenario.json").write_text('{"name": "Tap"}\n')
    registry = tmp_path / "iglu" / "schemas" / "com.acme" / "tap" / "jsonschema"
    registry.mkdir(parents=True)
    (registry / "1-0-0").write_text('{"type": "object"}\n')
    (tmp_path / "tap.scenario.yaml").write_text("name: Tap\n")
    files = [tmp_path / "app.js", tmp_path / "tap.scenario.json", registry / "1-0-0", tmp_path / "tap.scenario.yaml"]
    out = tmp_path / "result.json"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_FILES="\t".join(map(str, files)),
               TRACKSPEC_EMACS_OUT=str(out), TRACKSPEC_EMACS=str(HERE.parent.parent / "editors" / "emacs"))
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "setup.el")], env=env, timeout=180,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    results = {r["file"]: r for r in json.loads(out.read_text())}
    assert results["app.js"]["managed"] is False, results
    assert results["tap.scenario.json"]["managed"] is True, results
    assert results["1-0-0"]["mode"] in ("js-mode", "js-json-mode"), results
    assert results["1-0-0"]["managed"] is True, results
    # YAML in yaml-mode (Debian's elpa-yaml-mode on Emacs 28), where C-M-i completes from the server.
    assert results["tap.scenario.yaml"]["mode"] == "yaml-mode", results
    assert results["tap.scenario.yaml"]["managed"] is True, results
    assert results["tap.scenario.yaml"]["c-m-i"] == "completion-at-point", results


def test_eglot_sees_sed_i_on_another_file_without_saving(tmp_path):
    """#37: Eglot 1.9 drops renamed files from its watcher, and `sed -i` renames a new file over the old one: the
    server watches the workspace itself, so the open plan's diagnostics follow the catalog changed on disk."""
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox and elpa-eglot"
    write_catalog_and_plan(tmp_path)
    out = tmp_path / "result.json"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_ROOT=str(tmp_path), TRACKSPEC_EMACS_OUT=str(out),
               TRACKSPEC_EMACS=str(HERE.parent.parent / "editors" / "emacs"))
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "disk_change.el")], env=env, timeout=120,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["managed"] is True and result["sed"] == 0, result
    assert result["before"] == 0, result
    assert result["seen"] is True and any("product_id" in t for t in result["texts"]), result
    assert result["modified"] is False, result
