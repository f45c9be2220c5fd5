"""Editor configs that this machine cannot run (Helix, Sublime Text): parsed and checked for what those
editors need, so a typo cannot ship."""
import json
import re
import tomllib

from conftest import HERE

EDITORS = HERE.parent.parent / "editors"


def test_helix_languages_toml():
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text())
    server = config["language-server"]["trackspec"]
    assert server["command"] == "trackspec" and server["args"] == ["lsp"]
    (json_language,) = [l for l in config["language"] if l["name"] == "json"]
    assert json_language["language-servers"][0] == "trackspec"
    (yaml_language,) = [l for l in config["language"] if l["name"] == "yaml"]
    assert yaml_language["language-servers"][0] == "trackspec"


def test_sublime_lsp_client_settings():
    text = (EDITORS / "sublime" / "LSP-trackspec.sublime-settings").read_text()
    settings = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.M))
    assert settings["command"] == ["trackspec", "lsp"]
    assert settings["selector"] == "source.json | source.yaml"
    assert settings["enabled"] is True
    assert set(settings) <= {"enabled", "command", "selector", "initializationOptions", "settings", "env"}


def test_pre_commit_hook_runs_as_pre_commit_would():
    """pre-commit runs `entry` with the staged files appended (pass_filenames: true): exit 1 blocks the commit."""
    import shlex
    import subprocess

    from conftest import BINARY, EXAMPLES

    text = (HERE.parent.parent / ".pre-commit-hooks.yaml").read_text()
    entry = re.search(r"^\s*entry:\s*(.+)$", text, flags=re.M).group(1).strip()
    assert re.search(r"^\s*pass_filenames:\s*true$", text, flags=re.M) and re.search(r"^\s*types_or:\s*\[json, yaml\]$", text, flags=re.M)
    command = shlex.split(entry)
    assert command[0] == "trackspec"
    clean = [str(EXAMPLES / "rudderstack" / "ecommerce.tracking-plan.json"), str(EXAMPLES / "rudderstack" / "web-source.connection.json")]
    broken = clean + [str(EXAMPLES / "rudderstack" / "web-source-broken.connection.json")]
    assert subprocess.run([BINARY, *command[1:], *clean], capture_output=True, timeout=60).returncode == 0
    run = subprocess.run([BINARY, *command[1:], *broken], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "rudderstack/config-value-invalid" in run.stdout
