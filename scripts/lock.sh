#!/usr/bin/env bash
# Recompiles the hash-locked requirements from the pinned direct dependencies in
# requirements*.txt. `make install` and CI install only from the .lock files, with
# --require-hashes, so every package (transitive ones included) is the file we checked.
# --universal resolves for every platform and Python 3.11 marker a council may run on,
# so the same lock serves Linux, macOS and Windows. Run after changing requirements*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
for name in requirements-pip requirements requirements-dev; do
  "$UV" pip compile --quiet --universal --generate-hashes --python-version 3.11 \
    --custom-compile-command "scripts/lock.sh" "$name.txt" -o "$name.lock"
done
