#!/usr/bin/env bash
# The test suite, twice: on the embedded defaults (SQLite, in-memory channel
# layer, local-memory cache), then on PostgreSQL and Redis. Also lint, mypy and the
# Django checks. Used by `make test` and by CI.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PYTHONPATH=site
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
failed=0

step() { echo; echo "== $*"; }
run_pytest() {
  # pytest exits 5 when it collects no test: that is a failure here too.
  "$PY" -m pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then echo "pytest collected no tests"; fi
  return $rc
}

step "ruff check and ruff format --check"
.venv/bin/ruff check . && .venv/bin/ruff format --check . || failed=1

step "mypy on the pure packages (site/common, assembly/selection, analysis/themes.py, deliberation/opinion)"
.venv/bin/mypy || failed=1

step "manage.py check, makemigrations --check"
DJANGO_SETTINGS_MODULE=config.settings.dev "$PY" manage.py check || failed=1
DJANGO_SETTINGS_MODULE=config.settings.dev CIVIC_VAR_DIR=$(mktemp -d) \
  "$PY" manage.py makemigrations --check --dry-run || failed=1

step "manage.py check --deploy under production settings"
DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY="$(head -c 48 /dev/urandom | base64)" \
  DJANGO_ALLOWED_HOSTS=example.org DATABASE_URL="$PG_URL" REDIS_URL="$REDIS" \
  WAGTAILADMIN_BASE_URL=https://example.org \
  "$PY" manage.py check --deploy --fail-level WARNING || failed=1

step "tests on embedded defaults (SQLite, in-memory channel layer)"
(unset DATABASE_URL REDIS_URL; CIVIC_TEST_BACKEND=embedded run_pytest -q "$@") || failed=1

step "tests on PostgreSQL and Redis"
if "$PY" scripts/services_ready.py "$PG_URL" "$REDIS"; then
  (export DATABASE_URL="$PG_URL" REDIS_URL="$REDIS" CIVIC_TEST_BACKEND=services
   run_pytest -q "$@") || failed=1
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL or Redis is not reachable, and CI needs both: failing."
  failed=1
else
  echo "SKIPPED: PostgreSQL ($PG_URL) or Redis ($REDIS) is not reachable on this machine."
  echo "Start them, or set TEST_DATABASE_URL / TEST_REDIS_URL, to run the second pass."
fi

exit $failed
