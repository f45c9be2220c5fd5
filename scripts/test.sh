#!/usr/bin/env bash
# Every test: installs missing test-only tools, runs the Swift tests, the editor extension's offline tests,
# then the end-to-end tests with real clients (pytest-lsp, Neovim, Emacs/Eglot) and a real HTTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
swift test
bash scripts/editors.sh
bash scripts/e2e.sh
