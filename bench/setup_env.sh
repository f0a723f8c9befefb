#!/bin/sh
# Creates bench/.venv/ (idempotent): numpy, llvmlite, numba, matplotlib from
# bench/requirements.txt, and numjit itself installed editable from this checkout.
# Numba and matplotlib live here only, never in numjit's dependencies.
# Usage: sh bench/setup_env.sh [python3]
set -e
PY="${1:-python3}"
cd "$(dirname "$0")/.."
VENV=bench/.venv
STAMP="$VENV/.installed"
if [ -f "$STAMP" ] && [ "$STAMP" -nt bench/requirements.txt ] && [ "$STAMP" -nt pyproject.toml ]; then
    exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -r bench/requirements.txt
"$VENV/bin/python" -m pip install -q -e . >"$VENV/pip-numjit.log" 2>&1 || { cat "$VENV/pip-numjit.log"; exit 1; }
touch "$STAMP"
