#!/usr/bin/env bash
# The VS Code extension's offline tests (no npm here): syntax check, then node's test runner with stubbed
# `vscode` and `vscode-languageclient`. Neovim and Emacs run in the end-to-end tests (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
node --check extension.js
node --test test/
