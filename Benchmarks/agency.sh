#!/usr/bin/env bash
# Agency-scale benchmark (issue 16): a store of 10 million posts dealt to 1,000 accounts, on SQLite or
# PostgreSQL, and the rate of importing one more account's export into it.
#
#   Benchmarks/agency.sh seed DATABASE [POSTS] [ACCOUNTS]   # seeds an empty store: wall time, peak memory, size
#   Benchmarks/agency.sh import DATABASE [POSTS] [RUNS]     # imports a POSTS-post Instagram export RUNS times,
#                                                           # each as a new account (agency-N-RUN): posts a second
#
# DATABASE is a SQLite path or a postgres:// URL (e.g. a cluster from `TMPDIR=/work/bench scripts/postgres start`).
# `import` adds its accounts to the store: run it on a copy to keep the seeded store as it was. Big files
# belong outside the repository (BENCH_DIR, default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:-} database=${2:-}
[[ -n $command && -n $database ]] || { sed -n 5,6p "$0" >&2; exit 64; }
for product in creator creator-bench; do
  swift build -c release --traits Postgres --product "$product" >/dev/null
done
bin=$PWD/.build/release
work=${BENCH_DIR:-/tmp}

# Runs a command under /usr/bin/time -v, its output to $work/agency-run.log; sets wall (seconds) and peak (MB).
timed() {
  /usr/bin/time -v "$@" >"$work/agency-run.log" 2>"$work/agency-time.log" || {
    cat "$work/agency-run.log" "$work/agency-time.log" >&2
    exit 1
  }
  read -r wall peak < <(python3 - "$work/agency-time.log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(clock.split(":"))))
peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
print(f"{seconds:.2f} {peak:.0f}")
PY
  )
}

case $command in
seed)
  posts=${3:-10000000} accounts=${4:-1000}
  timed "$bin/creator-bench" seed "$database" "$posts" "$accounts"
  cat "$work/agency-run.log"
  echo "wall $wall s, peak memory $peak MB"
  if [[ $database == postgres://* || $database == postgresql://* ]]; then
    psql "$database" -Atc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
  else
    echo "file size: $(du -h "$database" | cut -f1)"
  fi
  ;;
import)
  posts=${3:-10000} runs=${4:-3}
  export_dir=$work/agency-export-$posts
  [[ -d $export_dir ]] || "$bin/creator-bench" generate "$export_dir" "$posts" >/dev/null
  stamp=$(date +%s)
  for run in $(seq "$runs"); do
    timed "$bin/creator" import "$export_dir" --database "$database" --account "agency-$stamp-$run"
    python3 -c "print(f'run $run: {$wall:.2f} s, {$posts / $wall:,.0f} posts a second, peak $peak MB')"
  done
  ;;
*)
  sed -n 5,6p "$0" >&2
  exit 64
  ;;
esac
