"""Emacs 28 (Debian, batch) with Debian's Eglot 1.9 and editors/emacs/trackspec.el: diagnostics and a hover."""
import json
import os
import shutil
import subprocess

import pytest

import quickfix_cases
from completion_cases import SOURCE, YAML_CASES, check_results, write_workspace
from conftest import EXAMPLES, HERE, readme_editor_env, rudder_cli_project, write_catalog_and_plan

EMACS = shutil.which("emacs")


# Emacs activates installed packages (Debian's elpa-eglot, elpa-yaml-mode) before it reads a user's init file;
# batch Emacs does not, so the init file the tests load starts by doing it.
PACKAGES = "(package-initialize)\n"


EGLOT, LSP_MODE = 0, 1  # the README's elisp blocks: step 3 (Eglot), then lsp-mode's


def run_emacs(tmp_path, script, client=EGLOT, **variables):
    """Batch Emacs with the init file editors/emacs/README.md shows for the client (trackspec on PATH), then SCRIPT
    from Tests/EndToEnd/emacs; `variables` are passed as TRACKSPEC_* environment variables."""
    assert EMACS, "emacs is not installed: run scripts/e2e.sh, which installs emacs-nox, elpa-eglot, elpa-lsp-mode and elpa-yaml-mode"
    env = readme_editor_env(tmp_path, "emacs", "elisp", PACKAGES, index=client)
    env.update({"TRACKSPEC_" + k.upper(): str(v) for k, v in variables.items()})
    run = subprocess.run([EMACS, "--batch", "-l", env["TRACKSPEC_INIT"], "-l", str(HERE / "emacs" / script)], env=env,
                         timeout=180, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def test_eglot_shows_diagnostics_and_hover(tmp_path):
    target = tmp_path / "web-source-broken.connection.json"
    text = (EXAMPLES / "rudderstack" / "web-source-broken.connection.json").read_text()
    target.write_text(text)
    lines = text.split("\n")
    hover_line = next(i for i, l in enumerate(lines) if "propagateValidationErrors" in l)
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "eglot.el", file=target, emacs_out=out, hover_line=hover_line, hover_character=lines[hover_line].index("propagate") + 3)
    result = json.loads(out.read_text())
    assert result["mode"] == "js-mode"
    texts = [d["text"] for d in result["diagnostics"]]
    assert len(texts) == 6, texts
    assert any("JSON boolean" in t for t in texts)
    assert "context.violationErrors" in result["hover"]
    # js-mode's own M-. (js-find-symbol) is replaced by xref, which asks the server, in managed buffers.
    assert result["meta-dot"] == "xref-find-definitions"


def run_completion(tmp_path, cases_list=None, client=EGLOT):
    """completion.el on the cases: each buffer's text after the accepted completions."""
    cases = write_workspace(tmp_path, cases_list)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "completion.el", client, cases=tmp_path / "cases.json", emacs_out=out)
    results = json.loads(out.read_text())
    assert all(r["managed"] for r in results), "every buffer connected to trackspec"
    return results


def test_eglot_completion_at_point_inserts_valid_text(tmp_path):
    """completion-at-point (M-TAB) in every completion position users hit, the first candidate accepted from
    *Completions* (or the sole one): the buffer holds the expected, valid JSON (Eglot filters by the symbol
    at point and then applies the edit; whole-URI items used to give `"iglu:iglu:com."`)."""
    check_results(run_completion(tmp_path), "Emacs")


def test_eglot_completion_in_yaml_leaves_the_expected_text(tmp_path):
    """#37: the YAML cases (snowplow-cli's notation) in yaml-mode with Eglot's default completion styles; the case
    that types on after the completion is Neovim's (its indent rules), left out here."""
    cases = [c for c in YAML_CASES if len(c) == 5]
    check_results(run_completion(tmp_path, cases), "Emacs", cases)


def test_eglot_completes_a_key_inside_closed_quotes(tmp_path):
    """#37: a key typed between quotes an editor paired (`"sta"`): Eglot replaces the symbol, then applies the
    `: ` after the closing quote where the server says, in the line as it is after the replacement (the server
    moves that edit by what the replacement added; unmoved, it used to land inside the key)."""
    cases = [("key in closed quotes", "closed.scenario.json", '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "sta‸"\n}\n', 1,
              '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": \n}\n')]
    (result,) = run_completion(tmp_path, cases)
    assert result["text"] == cases[0][4], result


def test_lsp_mode_completion_in_json_leaves_the_expected_text(tmp_path):
    """#37: the same JSON cases through lsp-mode 8 (Debian's elpa-lsp-mode) set up as the README's lsp-mode block."""
    check_results(run_completion(tmp_path, client=LSP_MODE), "Emacs + lsp-mode")


def test_lsp_mode_completion_in_yaml_leaves_the_expected_text(tmp_path):
    cases = [c for c in YAML_CASES if len(c) == 5]
    check_results(run_completion(tmp_path, cases, client=LSP_MODE), "Emacs + lsp-mode", cases)


def test_eglot_format_buffer_keeps_lines_and_uses_tabs(tmp_path):
    """eglot-format-buffer with indent-tabs-mode: the user's line breaks stay, spacing and indentation are
    normalised, indentation is made of tabs."""
    (tmp_path / "trackspec.json").write_text("{}")
    target = tmp_path / "catalog.json"
    target.write_text('{\n  "categories": [\n      {"id":"cat_a",   "name" : "A"},\n    {"id": "cat_b", "name": "B"}\n  ],\n\n\n'
                      '  "events": []\n}\n')
    out = tmp_path / "result.txt"
    run_emacs(tmp_path, "format.el", file=target, emacs_out=out)
    assert out.read_text() == ('{\n\t"categories": [\n\t\t{"id": "cat_a", "name": "A"},\n\t\t{"id": "cat_b", "name": "B"}\n\t],\n\n'
                               '\t"events": []\n}\n')


@pytest.mark.parametrize("client", [EGLOT, LSP_MODE], ids=["eglot", "lsp-mode"])
def test_the_readmes_setup_starts_trackspec_where_it_should_and_nowhere_else(tmp_path, client):
    """#37: `(trackspec-setup)` as the README says: a JavaScript buffer (js-mode, as JSON is on Emacs 28) does not
    get trackspec; a JSON tracking file does; an Iglu schema in a static registry (no extension) opens in a JSON
    mode and is checked instead of sitting in fundamental-mode."""
    (tmp_path / "trackspec.json").write_text("{}")
    (tmp_path / "app.js").write_text("const x = 1;\n")
    (tmp_path / "tap.scenario.json").write_text('{"name": "Tap"}\n')
    registry = tmp_path / "iglu" / "schemas" / "com.acme" / "tap" / "jsonschema"
    registry.mkdir(parents=True)
    (registry / "1-0-0").write_text('{"type": "object"}\n')
    (tmp_path / "tap.scenario.yaml").write_text("name: Tap\n")
    files = [tmp_path / "app.js", tmp_path / "tap.scenario.json", registry / "1-0-0", tmp_path / "tap.scenario.yaml"]
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "setup.el", client, files="\t".join(map(str, files)), emacs_out=out, root=tmp_path)
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
    write_catalog_and_plan(tmp_path)
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "disk_change.el", root=tmp_path, emacs_out=out)
    result = json.loads(out.read_text())
    assert result["managed"] is True and result["sed"] == 0, result
    assert result["before"] == 0, result
    assert result["seen"] is True and any("product_id" in t for t in result["texts"]), result
    assert result["modified"] is False, result


def run_quick_fixes(tmp_path, client):
    cases = quickfix_cases.write_workspace(tmp_path)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "quickfix.el", client, cases=tmp_path / "cases.json", emacs_out=out)
    return json.loads(out.read_text())


def test_eglot_quick_fixes_leave_the_expected_text(tmp_path):
    """#37: quick fixes chosen from `eglot-code-actions`' menu, JSON and YAML: the buffer text after Eglot applied
    each (YAML written as YAML: plain stays plain, quotes kept, block lists by lines at their indentation)."""
    quickfix_cases.check_results(run_quick_fixes(tmp_path, EGLOT), "Emacs + Eglot")


def test_lsp_mode_quick_fixes_leave_the_expected_text(tmp_path):
    quickfix_cases.check_results(run_quick_fixes(tmp_path, LSP_MODE), "Emacs + lsp-mode")


def test_eglot_references_symbols_and_rename_across_files(tmp_path):
    """#38: Eglot's xref (M-?, workspace symbols) and eglot-rename in a copy of the Examples' rudder-cli project, on
    `#property:product_id` in the open plan: every changed file's buffer holds the new id (visited, modified, not
    saved), the files on disk are untouched."""
    project, plan, line, col = rudder_cli_project(tmp_path)
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "navigation.el", file=project / "tracking-plan.yaml", line=line, col=col,
              new_name="product_sku", query="product_i", emacs_out=out)
    result = json.loads(out.read_text())
    assert result["managed"] is True, result
    assert sorted((r["file"], r["line"]) for r in result["references"]) == [("properties.yaml", 29), ("tracking-plan.yaml", 23)], result
    assert ("properties.yaml", 29) in [(s["file"], s["line"]) for s in result["symbols"]], result["symbols"]
    properties = (EXAMPLES / "rudderstack" / "rudder-cli" / "properties.yaml").read_text()
    assert result["buffers"]["properties.yaml"] == {"text": properties.replace("- id: product_id", "- id: product_sku"), "modified": True}
    assert result["buffers"]["tracking-plan.yaml"]["text"] == plan.replace('"#property:product_id"', '"#property:product_sku"')
    assert (project / "properties.yaml").read_text() == properties, "the server writes no file"
    assert "properties.yaml" in result["asked"], "Eglot asked before editing the file not open"


def test_lsp_mode_shows_the_code_lenses(tmp_path):
    """#38: lsp-mode's lenses over a rudder-cli properties file: the uses of each property, as the buffer shows them."""
    project, _, _, _ = rudder_cli_project(tmp_path)
    out = tmp_path / "result.json"
    run_emacs(tmp_path, "lens.el", LSP_MODE, file=project / "properties.yaml", emacs_out=out)
    lenses = json.loads(out.read_text())
    assert "used by 1 tracking plan · 1 reference" in lenses, lenses
    assert "2 references" in lenses, "payment_method: used twice by the custom type, in no plan"
