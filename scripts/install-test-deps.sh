#!/usr/bin/env bash
# Installs the test-only tools that are not Swift packages, when missing:
#   Debian: json-schema-test-suite (the official JSON-Schema-Test-Suite), neovim, emacs-nox + elpa-eglot + elpa-lsp-mode +
#           elpa-company + elpa-yaml-mode (real LSP
#           clients), nodejs (runs the VS Code extension's offline tests), python3-venv (when python3 cannot make a
#           virtual environment, as Debian's cannot without it)
#   PyPI:   pytest-lsp (a real LSP client for the end-to-end tests), jsonsubschema (the subschema oracle), rfc3987 and
#           rfc3339-validator (let Python jsonschema check the uri and date-time formats when it re-checks witnesses),
#           into the project's own virtual environment .venv (git-ignored): Debian's python3 refuses `pip install` outside one
#           (externally-managed-environment), and nothing is installed for the user or the system.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
[ -d /usr/share/json-schema-test-suite/tests ] || apt_packages+=(json-schema-test-suite)
command -v nvim >/dev/null 2>&1 || apt_packages+=(neovim)
command -v emacs >/dev/null 2>&1 || apt_packages+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || apt_packages+=(elpa-eglot)
# yaml-mode for Emacs 28 (Emacs 29 has yaml-ts-mode): the YAML setup the Emacs README describes is tested.
dpkg -s elpa-yaml-mode >/dev/null 2>&1 || apt_packages+=(elpa-yaml-mode)
# lsp-mode and company-mode (lsp-mode's completion front end): the README's lsp-mode setup is tested too.
dpkg -s elpa-lsp-mode >/dev/null 2>&1 || apt_packages+=(elpa-lsp-mode)
dpkg -s elpa-company >/dev/null 2>&1 || apt_packages+=(elpa-company)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
if [ ! -x .venv/bin/python ] && ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  apt_packages+=(python3-venv)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# A virtual environment that lost its interpreter (python3 upgraded or replaced) is made anew.
if [ -d .venv ] && ! .venv/bin/python -c "import sys" >/dev/null 2>&1; then rm -rf .venv; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
if ! .venv/bin/python -c "import pytest_lsp, jsonsubschema, rfc3987, rfc3339_validator, yaml" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/EndToEnd/requirements.txt
fi
