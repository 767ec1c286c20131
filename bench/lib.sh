# Shared by the benchmark scripts: the machine line and the rows of the
# results table (bench/results collects them into bench/RESULTS.md).
# Every row: | figure | measured | baseline (same run) | ratio | target | met |

free_port() {  # a TCP port nobody listens on now (the kernel's pick), so that two runs never collide
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

machine() {
  local disk
  disk=$(df -T "${1:-.}" | awk 'NR == 2 {print $2}')
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r), $disk"
}

header() {
  echo "| figure | measured | baseline (same run) | ratio | target | met |"
  echo "|---|---|---|---|---|---|"
}

row() {  # figure measured baseline ratio target met
  printf '| %s | %s | %s | %s | %s | %s |\n' "$@"
}

ratio() {  # a b: a / b, two decimals (whole from 10 up, two digits below 0.1)
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a == "" || b + 0 == 0) { print "-"; exit }
    r = a / b
    if (r >= 10) printf "%.0f", r; else if (r >= 0.1) printf "%.2f", r; else printf "%.2g", r
  }'
}

at_least() {  # value min: yes when value >= min
  awk -v v="$1" -v m="$2" 'BEGIN { print (v + 0 >= m + 0) ? "yes" : "no" }'
}

at_most() {  # value max: yes when value <= max
  awk -v v="$1" -v m="$2" 'BEGIN { print (v + 0 <= m + 0) ? "yes" : "no" }'
}

# load_client's "key=value" output: field requests|rate|non2xx|errors|p50_ms|p99_ms
field() {
  sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p"
}

# The checkpoint key beside a ledger that books_ledger made (it writes no
# key; `aidledger init` and the service's first start would).
ensure_key() {  # aidledger-binary db
  local key id
  key="$(dirname "$2")/keys/checkpoint.key"
  [[ -e "$key" ]] && return 0
  id=$("$1" log --db "$2" | head -1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["entry"]["payload"]["ledger_id"])')
  "$1" keygen --out "$key" --name "aidledger/$id" >/dev/null
}

# The build the benchmarks run: BENCH_BUILD when set (already built, e.g. the
# test suite's, for the smoke run), else the Release build in build/bench,
# configured and built here (only the targets named, or everything). Prints
# the build folder.
bench_build() {  # [targets...]
  if [[ -n "${BENCH_BUILD:-}" ]]; then
    echo "$BENCH_BUILD"
    return
  fi
  cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DAIDLEDGER_WERROR=OFF >/dev/null
  cmake --build build/bench -j"$(nproc)" ${1:+--target "$@"} >/dev/null
  echo build/bench
}
