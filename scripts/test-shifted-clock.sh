#!/usr/bin/env bash
# `npm run test:clock`: the unit/integration suite and the browser end-to-end suite with the
# machine's clock moved by libfaketime, once for each shifted clock below. No test may depend on
# today's date, weekday, time zone or year, so each run must be as green as an unshifted one.
#
#   bash scripts/test-shifted-clock.sh            # both suites under both clocks
#   bash scripts/test-shifted-clock.sh unit       # vitest only (or: e2e)
#
# faketime's command line runs in offset mode (FAKETIME=+N seconds): every child process —
# worker processes, the harness, Chromium — inherits it, so they all agree on the time, and the
# clock keeps running from the start given. Chromium needs nothing special in this mode.
# Every run goes ahead even when an earlier one failed; the exit status is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
suites=${1:-all}

if ! command -v faketime >/dev/null; then
  echo "faketime is not installed: apt-get install -y faketime" >&2
  exit 1
fi

# label | TZ | start (read in that zone)
clocks=(
  "a Monday in the new year|${TZ:-UTC}|2027-01-04 08:00:00"
  "Sunday 23:59 at UTC-03:00, a minute before a new day and a new ISO week|America/Sao_Paulo|2026-12-06 23:59:00"
)

results=()
run() {
  local suite=$1 label=$2 zone=$3 start=$4
  shift 4
  echo "== ${suite}, ${label}: TZ=${zone} faketime '${start}' $*"
  if TZ="$zone" faketime "$start" "$@"; then results+=("passed  ${suite}, ${label}"); else results+=("FAILED  ${suite}, ${label}"); fi
}

if [[ $suites != unit ]]; then npm run build || exit 1; fi
for clock in "${clocks[@]}"; do
  IFS='|' read -r label zone start <<<"$clock"
  if [[ $suites != e2e ]]; then run unit "$label" "$zone" "$start" npx vitest run; fi
  if [[ $suites != unit ]]; then
    PLAYWRIGHT_OUTPUT_DIR="$PWD/test-results/e2e-clock" run e2e "$label" "$zone" "$start" npx playwright test -c test/e2e/playwright.config.ts
  fi
done

echo "== shifted-clock runs"
printf '%s\n' "${results[@]}"
! printf '%s\n' "${results[@]}" | grep -q '^FAILED'
