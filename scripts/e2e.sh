#!/usr/bin/env bash
# End-to-end tests: the built binary driven by pytest-lsp (PyPI) and Neovim (Debian), `iglu pull` against a
# local HTTP server, every server message validated against the LSP 3.17 meta model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
swift build --product trackspec
export TRACKSPEC_BIN="$PWD/.build/debug/trackspec"
export PATH="$PWD/.venv/bin:$PATH"   # the project's virtual environment (scripts/install-test-deps.sh)
cd Tests/EndToEnd
python -m pytest -q "$@"
