#!/usr/bin/env bash
# Build the one-folder bundle on this (Linux) machine and run --self-test from it, offscreen.
# Usage: installer/build_bundle.sh [PYTHON]   (default: .venv/bin/python, created by `python3 dev.py test`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-$root/.venv/bin/python}"
"$python" -m pip install -q --disable-pip-version-check "pyinstaller>=6.10"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$work/dist" --workpath "$work/build" "$root/installer/smartro_desk.spec"
bundle="$work/dist/smartro_desk"
QT_QPA_PLATFORM=offscreen SMARTRO_DESK_HOME="$work/home" "$bundle/smartro-desk-cli" --version
QT_QPA_PLATFORM=offscreen SMARTRO_DESK_HOME="$work/home" "$bundle/smartro-desk-cli" --self-test
echo "bundle self-test passed ($(du -sh "$bundle" | cut -f1))"
