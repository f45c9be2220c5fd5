#!/usr/bin/env bash
# End-to-end tests with real clients: pytest-lsp (PyPI) and Neovim (Debian). Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c "import pytest_lsp" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check -r Tests/EndToEnd/requirements.txt
fi
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
  fi
fi

swift build --product trackspec
export TRACKSPEC_BIN="$PWD/.build/debug/trackspec"
cd Tests/EndToEnd
python3 -m pytest -q "$@"
