#!/usr/bin/env bash
# Re-resolve the pinned Windows lock FOR WINDOWS (not for the build host):
# a plain `pip download --platform win_amd64` evaluates markers for Linux and
# leaves out pywin32-ctypes, without which keyring has no Windows backend.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install -q uv
python3 -m uv pip compile requirements-windows.in \
  --python-platform windows --python-version 3.11 --generate-hashes \
  -o requirements-windows.txt
grep -q '^pywin32-ctypes==' requirements-windows.txt || { echo "pywin32-ctypes missing from the lock" >&2; exit 1; }
