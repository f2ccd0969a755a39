#!/usr/bin/env bash
# Batch benchmark: 500 hashtag requests against a loopback stub model that answers after 200 ms, at
# concurrency 16 (ideal: 500 / 16 x 0.2 s = 6.25 s); then a batch killed with SIGKILL halfway and rerun, to
# show the rerun sends no request for an item that had finished.
#
#   Benchmarks/batch.sh [POSTS] [CONCURRENCY] [DELAY]
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-500} concurrency=${2:-16} delay=${3:-0.2}
swift build -c release --product creator >/dev/null
creator=$PWD/.build/release/creator
work=$(mktemp -d)
trap 'kill $stub 2>/dev/null || true; rm -rf "$work"' EXIT
python3 scripts/stub-model-server.py --delay "$delay" --log "$work/requests.log" >"$work/port" &
stub=$!
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
export OPENAI_BASE_URL=http://127.0.0.1:$(head -1 "$work/port")/v1 CREATOR_CONFIG=$work/none.yaml
{
  echo "id,platform,account,topic,goal,notes"
  for i in $(seq "$posts"); do echo "post-$i,instagram,demo.bakery,Topic number $i for the bakery,reach,Note $i."; done
} >"$work/calendar.csv"
fixture=fixtures/business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv
run() { exec "$creator" batch "$work/calendar.csv" --task hashtags --concurrency "$concurrency" \
  --model openai-compatible:stub --database "$1" --output "$2"; }

"$creator" import "$fixture" --database "$work/a.sqlite" --timezone Europe/Stockholm >/dev/null
start=$(date +%s.%N)
(run "$work/a.sqlite" "$work/a.jsonl" 2>"$work/a.err")
end=$(date +%s.%N)
ideal=$(python3 -c "print($posts / $concurrency * $delay)")
python3 - "$start" "$end" "$ideal" "$posts" <<'PY'
import sys
start, end, ideal, posts = map(float, sys.argv[1:])
wall = end - start
print(f"{int(posts)} hashtag requests: {wall:.2f} s wall, ideal {ideal:.2f} s, ratio {wall / ideal:.3f}")
PY
tail -1 "$work/a.err"

# Killed halfway, then rerun.
"$creator" import "$fixture" --database "$work/b.sqlite" --timezone Europe/Stockholm >/dev/null
: >"$work/requests.log"
(run "$work/b.sqlite" "$work/b1.jsonl" 2>/dev/null) &
batch=$!
half=$((posts / 2))
lines() { [[ -f $work/b1.jsonl ]] && wc -l <"$work/b1.jsonl" || echo 0; }
while (($(lines) < half)); do sleep 0.05; done
kill -9 $batch
wait $batch 2>/dev/null || true
first_requests=$(wc -l <"$work/requests.log")
cp "$work/requests.log" "$work/first.log"
: >"$work/requests.log"
(run "$work/b.sqlite" "$work/b2.jsonl" 2>"$work/b2.err")
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
done_first = [json.loads(line) for line in open(f"{work}/b1.jsonl") if line.strip()]
finished = {item["brief_id"] for item in done_first if item["status"] == "done"}
rerun = [json.loads(line)["prompt"] for line in open(f"{work}/requests.log")]
def post_of(prompt):
    for word in prompt.split("Topic number ")[1:]:
        return "post-" + word.split()[0]
resent = [p for p in map(post_of, rerun) if p in finished]
second = [json.loads(line) for line in open(f"{work}/b2.jsonl") if line.strip()]
earlier = sum(item["status"] == "earlier" for item in second)
first_requests = sum(1 for _ in open(f"{work}/first.log"))
print(f"killed after {len(finished)} finished items ({first_requests} requests sent); "
      f"the rerun sent {len(rerun)} requests, {len(resent)} of them for finished items; "
      f"{earlier} items read back, {len(second)} in the rerun's output")
PY
tail -1 "$work/b2.err"
