#!/usr/bin/env bash
# Installs the test-only tools that are not Swift packages, when missing:
#   Debian: json-schema-test-suite (the official JSON-Schema-Test-Suite), neovim, emacs-nox + elpa-eglot (real LSP
#           clients), nodejs (runs the VS Code extension's offline tests)
#   PyPI:   pytest-lsp (a real LSP client for the end-to-end tests), jsonsubschema (the subschema oracle), rfc3987
#           (lets Python jsonschema check the uri format when it re-checks witnesses)
set -euo pipefail

apt_packages=()
[ -d /usr/share/json-schema-test-suite/tests ] || apt_packages+=(json-schema-test-suite)
command -v nvim >/dev/null 2>&1 || apt_packages+=(neovim)
command -v emacs >/dev/null 2>&1 || apt_packages+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || apt_packages+=(elpa-eglot)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if ! python3 -c "import pytest_lsp, jsonsubschema, rfc3987" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check -r "$(dirname "$0")/../Tests/EndToEnd/requirements.txt"
fi
