"""Neovim's built-in LSP client (Debian's 0.7.2, headless) against the server: raw, and through the
editors/neovim module set up as its README says."""
import json
import os
import shutil
import subprocess

import quickfix_cases
from completion_cases import CASES, YAML_CASES, check_results, write_workspace
from conftest import EXAMPLES, HERE, readme_editor_env, rudder_cli_project, traced_command, write_catalog_and_plan

NVIM = shutil.which("nvim")


def run_nvim(tmp_path, script, timeout=180, **variables):
    """Headless Neovim started with the init.lua editors/neovim/README.md shows (`-u`, as a user's own; trackspec
    on PATH), then SCRIPT from Tests/EndToEnd/neovim; `variables` are passed as TRACKSPEC_* environment variables."""
    assert NVIM, "nvim is not installed: run scripts/e2e.sh, which installs it"
    env = readme_editor_env(tmp_path, "neovim", "lua")
    env.update({"TRACKSPEC_" + k.upper(): str(v) for k, v in variables.items()})
    run = subprocess.run([NVIM, "--headless", "-n", "-i", "NONE", "-u", env["TRACKSPEC_INIT"], "-c", "luafile " + str(HERE / "neovim" / script)],
                         env=env, timeout=timeout, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    return run


def test_neovim_receives_diagnostics_for_an_example(tmp_path):
    assert NVIM, "nvim is not installed: run scripts/e2e.sh, which installs it"
    source = EXAMPLES / "snowplow" / "checkout-broken.scenario.json"
    target = tmp_path / "checkout-broken.scenario.json"
    shutil.copy(source, target)
    out = tmp_path / "diagnostics.json"
    env = dict(os.environ, TRACKSPEC_CMD="\t".join(traced_command()), TRACKSPEC_FILE=str(target), TRACKSPEC_NVIM_OUT=str(out))
    subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", "luafile " + str(HERE / "neovim" / "diagnostics.lua")],
                   env=env, timeout=120, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    result = json.loads(out.read_text())
    assert result["ok"], result
    got = [(d["lnum"], d["col"], d["end_col"], d["code"], d["severity"]) for d in result["diagnostics"]]
    # Lines and columns as Neovim shows them (0-based); severity 1 = error.
    assert got == [
        (5, 2, 34, "json/comment", 1),
        (7, 23, 24, "json/trailing-comma", 1),
        # Copied away from Examples/iglu, the file's Iglu sources are not in any cache.
        (9, 14, 92, "snowplow/source-not-found", 1),
        (13, 47, 49, "json/invalid-number", 1),
        (19, 2, 10, "json/duplicate-key", 2),
        (22, 17, 80, "snowplow/source-not-found", 1),
        (22, 102, 118, "json/missing-comma", 1),
    ]
    assert all(d["source"] == "trackspec" for d in result["diagnostics"])
    assert result["cleared"], "diagnostics did not clear after the buffer was fixed"


def run_module_on_connection(tmp_path, target, lines, key_line, filetype):
    """plugin.lua on a broken connection whose `key_line` has an empty key `""` inside the identify settings:
    the module attaches, the connection's diagnostics arrive, completion there offers identify's settings and
    a hover on propagateValidationErrors documents it. Returns the script's result for further checks."""
    target.write_text("\n".join(lines))
    hover_line = next(i for i, l in enumerate(lines) if "propagateValidationErrors" in l)
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "plugin.lua", file=target, nvim_out=out, line=key_line, character=str(lines[key_line].index('""') + 1), hover_line=hover_line, hover_character=str(lines[hover_line].index("propagate") + 3))
    result = json.loads(out.read_text())
    assert result["filetype"] == filetype and result["attached"] and result["ok"], result
    assert "rudderstack/config-value-invalid" in result["codes"] and "rudderstack/config-event-type-invalid" in result["codes"]
    labels = [c["label"] for c in result["completion"]]
    assert labels == ["unplannedProperties", "anyOtherViolation", "propagateValidationErrors"], result["completion"]
    assert "context.violationErrors" in result["hover"]
    return result


def test_neovim_module_diagnostics_completion_and_hover(tmp_path):
    lines = (EXAMPLES / "rudderstack" / "web-source-broken.connection.json").read_text().split("\n")
    # Cursor: a new key inside "identify": {...} — replace that line's object with an open one.
    identify = next(i for i, l in enumerate(lines) if '"identify"' in l)
    lines[identify] = '    "identify": {"": "forward"},'
    result = run_module_on_connection(tmp_path, tmp_path / "web-source-broken.connection.json", lines, identify, "json")
    assert all(c["format"] in (None, 1) and "$" not in (c["newText"] or "") for c in result["completion"]), "plain text, no snippets"
    # What the README promises on attach: omnifunc, and buffer-local K / gd / quick fixes / format.
    assert result["omnifunc"] == "v:lua.vim.lsp.omnifunc"
    assert result["maps"] == {"K": "trackspec: hover", "gd": "trackspec: go to definition",
                              "<leader>ca": "trackspec: quick fixes", "<leader>f": "trackspec: format"}, result["maps"]


def run_omnifunc(tmp_path, cases_list):
    """omnifunc.lua over the cases (see completion_cases): the buffer texts Neovim leaves."""
    cases = write_workspace(tmp_path, cases_list)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "omnifunc.lua", cases=tmp_path / "cases.json", nvim_out=out)
    return json.loads(out.read_text())


def test_neovim_omnifunc_inserts_valid_text(tmp_path):
    """<C-x><C-o> through the omnifunc the module sets, first item accepted, in every completion position
    users hit: the buffer holds the expected, valid JSON (Neovim 0.7 inserts `newText` from the edit's start
    and filters by the typed text; quotes in the wrong place used to give `"status": ""draft""`)."""
    check_results(run_omnifunc(tmp_path, CASES), "Neovim")


def test_neovim_formatting_keeps_lines_and_uses_tabs(tmp_path):
    """Formatting from Neovim with noexpandtab: the user's line breaks stay (the catalog keeps its 21 lines,
    it used to become 62), indentation is made of tabs; a file with a syntax error is left alone and a
    message says why."""
    (tmp_path / "trackspec.json").write_text("{}")
    catalog = (EXAMPLES / "rudderstack" / "catalog.json").read_text()
    (tmp_path / "catalog.json").write_text(catalog)
    (tmp_path / "broken.json").write_text('{\n  "a": [1, 2,],\n      "b": 3\n}\n')
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "format.lua", nvim_out=out, files="\t".join([str(tmp_path / "catalog.json"), str(tmp_path / "broken.json")]), expandtab="0", shiftwidth="4")
    result = json.loads(out.read_text())
    formatted, broken = result["results"]
    # The catalog indented by depth with tabs: two spaces per level became a tab, and the five-space
    # continuation lines inside the events (members of an object at depth 2) three tabs.
    expected = "\n".join(("\t" * ((len(line) - len(line.lstrip(" "))) // 2) if line.startswith("  ") and not line.startswith("     ") else
                          "\t\t\t" if line.startswith("     ") else "") + line.lstrip(" ") for line in catalog.rstrip("\n").split("\n"))
    assert formatted["text"] == expected
    assert json.loads(formatted["text"]) == json.loads(catalog)
    assert broken["text"] == '{\n  "a": [1, 2,],\n      "b": 3\n}', "left alone"
    assert any("did not format broken.json" in m and "syntax error" in m for m in result["messages"]), result["messages"]


def test_neovim_module_on_a_yaml_file(tmp_path):
    """The YAML copy of a connection (as rudder-cli users keep it) in Neovim with filetype=yaml: the module
    attaches, the diagnostics are the JSON original's, completion and hover work."""
    lines = (EXAMPLES / "yaml" / "rudderstack" / "web-source-broken.connection.yaml").read_text().split("\n")
    identify = next(i for i, l in enumerate(lines) if l.strip() == "identify:")
    lines[identify] = '  identify: {"": forward}'
    del lines[identify + 1]
    run_module_on_connection(tmp_path, tmp_path / "web-source-broken.connection.yaml", lines, identify, "yaml")


def test_neovim_omnifunc_in_yaml_files(tmp_path):
    """<C-x><C-o> in YAML tracking files (filetype=yaml): plain keys and values, Iglu URI segments in a plain
    scalar, keys found from indentation; the buffer holds the expected YAML."""
    check_results(run_omnifunc(tmp_path, YAML_CASES), "Neovim", YAML_CASES)


def test_neovim_sees_another_files_change_on_disk_without_writing(tmp_path):
    """#37: Neovim 0.7 cannot watch files for the server; another program's `sed -i` on a catalog file (a new
    file renamed over the old one) still updates the open plan's diagnostics, with no `:w`: the server
    watches the workspace itself."""
    write_catalog_and_plan(tmp_path)
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "disk_change.lua", root=tmp_path, nvim_out=out)
    result = json.loads(out.read_text())
    assert result["attached"] and result["sed"] == 0, result
    assert result["before"] == 0, result
    assert result["seen"] and result["codes"] == ["rudderstack/reference-unresolved"], result
    assert result["modified"] is False, result


def test_neovim_quick_fixes_leave_the_expected_text(tmp_path):
    """#37: quick fixes chosen from Neovim's code action menu, JSON and YAML: the buffer text after Neovim applied
    each (YAML written as YAML: plain stays plain, quotes kept, block lists by lines at their indentation)."""
    cases = quickfix_cases.write_workspace(tmp_path)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "quickfix.lua", cases=tmp_path / "cases.json", nvim_out=out)
    quickfix_cases.check_results(json.loads(out.read_text()), "Neovim")


def test_neovim_references_symbols_and_rename_across_files(tmp_path):
    """#38: in a copy of the Examples' rudder-cli project, on `#property:product_id` in the tracking plan: the quickfix
    list of references names the definition and the use, workspace symbols find the property, and rename leaves every
    changed file's buffer with the new id (loaded, modified, not saved) and the files on disk untouched."""
    project, plan, line, col = rudder_cli_project(tmp_path)
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "navigation.lua", file=project / "tracking-plan.yaml", line=line, col=col,
             new_name="product_sku", query="product_i", lens_file=project / "properties.yaml", nvim_out=out)
    result = json.loads(out.read_text())
    assert result["attached"], result
    # The lens over `product_id`'s definition (line 29, 0-based 28), as Neovim displays it.
    assert {"line": 28, "title": "used by 1 tracking plan · 1 reference"} in result["lenses"], result["lenses"]
    assert sorted((r["file"], r["lnum"]) for r in result["references"]) == [("properties.yaml", 29), ("tracking-plan.yaml", 23)], result["references"]
    assert ("properties.yaml", 29) in [(s["file"], s["lnum"]) for s in result["symbols"]], result["symbols"]
    properties = (EXAMPLES / "rudderstack" / "rudder-cli" / "properties.yaml").read_text()
    assert result["buffers"]["properties.yaml"] == {"text": properties.replace("- id: product_id", "- id: product_sku"), "modified": True}
    assert result["buffers"]["tracking-plan.yaml"]["text"] == plan.replace('"#property:product_id"', '"#property:product_sku"')
    assert (project / "properties.yaml").read_text() == properties, "the server writes no file"


def test_neovim_naming_fix_renames_an_id_in_every_file(tmp_path):
    """#39: on a rudder-cli property id that breaks the workspace's snake_case, the fix chosen from Neovim's code action
    menu is the workspace rename: the properties buffer and the tracking plan (loaded, modified, unsaved) both get the
    conforming id."""
    from test_hygiene import EVENTS, PLAN, PROPERTIES
    (tmp_path / "trackspec.json").write_text(json.dumps({"rules": {"hygiene/naming-convention": "info"}}))
    (tmp_path / "props.yaml").write_text(PROPERTIES)
    (tmp_path / "plan.yaml").write_text(PLAN)
    (tmp_path / "events.yaml").write_text(EVENTS)
    line = PROPERTIES.split("\n").index("    - id: productSku")
    (tmp_path / "cases.json").write_text(json.dumps([{"file": str(tmp_path / "props.yaml"), "line": line, "col": 12, "pick": "with every reference"}]))
    out = tmp_path / "result.json"
    run_nvim(tmp_path, "quickfix.lua", cases=tmp_path / "cases.json", nvim_out=out)
    [result] = json.loads(out.read_text())
    assert result["text"] == PROPERTIES.replace("id: productSku", "id: product_sku"), result
    assert result["others"] == {"plan.yaml": PLAN.replace("#property:productSku", "#property:product_sku")}, result
    assert (tmp_path / "plan.yaml").read_text() == PLAN, "the file on disk is the user's to save"
