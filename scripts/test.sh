#!/usr/bin/env bash
# Every test: installs missing test-only tools (scripts/install-test-deps.sh: Debian packages, and PyPI ones into
# the project's .venv), builds warning-free, runs the Swift tests, the editor extension's offline tests, then
# the end-to-end tests with real clients (pytest-lsp, Neovim, Emacs/Eglot) and a real HTTP server.
# The tests read the read-only material in ../shared (or TRACKSPEC_SHARED_DIR): see README, "Test fixtures".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
# A new compiler warning fails the run. (A build only shows warnings for what it compiles: CI builds from a
# clean clone, so there it is all of them.)
mkdir -p .build
swift build --build-tests 2>&1 | tee .build/test-build.log
if grep -E "(^|: )warning: " .build/test-build.log; then
  echo "error: the build has warnings (above); the project builds warning-free" >&2
  exit 1
fi
swift test --skip-build
bash scripts/editors.sh
bash scripts/e2e.sh
