#!/usr/bin/env bash
# End-to-end tests: the built binary driven by pytest-lsp (PyPI) and Neovim (Debian), `iglu pull` against a
# local HTTP server, every server message validated against the LSP 3.17 meta model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
swift build --product trackspec
export TRACKSPEC_BIN="$PWD/.build/debug/trackspec"
cd Tests/EndToEnd
python3 -m pytest -q "$@"
