#!/usr/bin/env bash
# The README's test command. On a fresh Debian 12 machine with only the .NET SDK it installs what the suite needs,
# builds the solution and runs every test project. Extra arguments go to `dotnet test` (e.g. --filter ...).
# The suite starts its own PostgreSQL and RabbitMQ on loopback; nothing needs to be running beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(rabbitmq-server postgresql chromium fonts-noto-cjk python3-pika)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "tests/run.sh: need root or sudo to install ${missing[*]}" >&2; exit 1
  fi
  # Debian's packages start their own services on install; in a container without an init system that start may
  # fail. The suite runs its own servers on their own ports, so keep the packages from starting anything.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod +x "$policy"
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build CaseFlow.sln -c Release -nologo -v quiet

results=$(mktemp -d)
# Browser screenshots and other artifacts the tests keep.
export CASEFLOW_ARTIFACTS="${CASEFLOW_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$CASEFLOW_ARTIFACTS"
set +e
# A test that hangs is stopped after 10 minutes and named, instead of holding the run until CI gives up.
dotnet test CaseFlow.sln -c Release --no-build -nologo --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --logger "console;verbosity=minimal" "$@"
status=$?
set -e

# One closing line over all test assemblies, summed from the TRX counters.
passed=0 failed=0 skipped=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  # xunit's skipped tests are counted in total but neither executed nor failed.
  skipped=$((skipped + $(get total) - $(get executed)))
done
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$total" -eq 0 ]; then echo "tests/run.sh: no test ran" >&2; exit 1; fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
