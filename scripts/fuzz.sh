#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (Swift's -sanitize=fuzzer): each target in
# Sources/trackspec-fuzz for a bounded time, from a seed corpus built from Examples/ (and ../shared's
# fixtures and jsonsubschema pairs when present) and the inputs in Tests/FuzzCorpus/TARGET that once failed
# (add each new finding there). Crashes, hangs (>10 s per input) and inputs that take
# over 2 GiB are failures; the offending input is kept under .build-fuzz/artifacts/.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default: 60 s; targets json, analysis, compat, yaml, glob)
#
# TRACKSPEC_FUZZ_SEED fixes libFuzzer's random seed (CI uses 1: the same exploration for the same code).
# Run it longer to look harder, e.g. `bash scripts/fuzz.sh 3600 compat`. The corpus grows in
# .build-fuzz/corpus/TARGET and is reused by the next run. Replay an input in an ordinary build with
# `swift run trackspec-fuzz TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(json analysis compat yaml glob)

scratch=.build-fuzz
echo "== building trackspec-fuzz with -sanitize=fuzzer (scratch path $scratch)"
swift build -c release --scratch-path "$scratch" --product trackspec-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING 2>&1 | grep -E "error|warning: unre|Compiling trackspec_fuzz|Build complete" || true
binary="$scratch/release/trackspec-fuzz"
[ -x "$binary" ] || { echo "fuzz build failed" >&2; exit 1; }

shared=../shared
seeds="$scratch/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/json" "$seeds/analysis" "$seeds/compat" "$seeds/yaml" "$seeds/glob"
n=0
# JSON and analysis seeds: every example file; for analysis, each prefixed with the byte that picks a
# file name of its kind (see FuzzTarget.names).
while IFS= read -r -d '' f; do
  n=$((n + 1))
  cp "$f" "$seeds/json/example-$n"
  for k in 0 1 2 3 4 5 6 7; do
    { printf "\\x0$k"; cat "$f"; } > "$seeds/analysis/example-$n-$k"
  done
done < <(find Examples -name '*.json' -type f -print0)
# Iglu schemas as the analysis sees them in a registry layout (FuzzTarget.names[12]: byte 12).
while IFS= read -r -d '' f; do
  n=$((n + 1))
  { printf "\x0c"; cat "$f"; } > "$seeds/analysis/iglu-$n"
done < <(find Examples -path '*/schemas/*/*/jsonschema/*' -type f -print0)
if [ -d "$shared/fixtures/iglu-central/schemas" ]; then
  i=0
  while IFS= read -r -d '' f; do
    i=$((i + 1))
    [ "$i" -le 40 ] && cp "$f" "$seeds/json/iglu-$i"
    [ "$i" -le 20 ] && { printf "\x0c"; cat "$f"; } > "$seeds/analysis/iglu-central-$i"
  done < <(find "$shared/fixtures/iglu-central/schemas" -type f -print0)
fi
# YAML seeds: the official YAML test suite's inputs, the YAML examples and rudder-cli's catalogue.
if [ -d "$shared/yaml-test-suite" ]; then
  y=0
  while IFS= read -r -d '' f; do
    y=$((y + 1))
    cp "$f" "$seeds/yaml/suite-$y"
  done < <(find "$shared/yaml-test-suite" -name in.yaml -type f -print0)
fi
while IFS= read -r -d '' f; do
  n=$((n + 1))
  cp "$f" "$seeds/yaml/example-$n"
  for k in 8 9 10 11 13; do
    { printf "\\x$(printf '%02x' $k)"; cat "$f"; } > "$seeds/analysis/example-$n-$k"
  done
done < <(find Examples -name '*.yaml' -type f -print0)
[ -d "$shared/rudder-cli-rules/testdata" ] && cp "$shared"/rudder-cli-rules/testdata/*.yaml "$seeds/yaml/" 2>/dev/null || true
# Compat seeds: consecutive versions of each cached family, both directions, joined by a NUL byte.
pair=0
for dir in $(find Examples/iglu/schemas -mindepth 3 -maxdepth 3 -type d); do
  prev=""
  for v in $(ls "$dir" | sort -V); do
    if [ -n "$prev" ]; then
      pair=$((pair + 1))
      { cat "$dir/$prev"; printf '\0'; cat "$dir/$v"; } > "$seeds/compat/iglu-$pair-up"
      { cat "$dir/$v"; printf '\0'; cat "$dir/$prev"; } > "$seeds/compat/iglu-$pair-down"
    fi
    prev="$v"
  done
done
if [ -d "$shared/subschema" ]; then
  python3 - "$shared/subschema" "$seeds/compat" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[2])
count = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
    try:
        data = json.loads(f.read_text())
    except Exception:
        continue
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict) and "lhs" in item and "rhs" in item and count < 300:
            pair = json.dumps(item["lhs"]).encode() + b"\0" + json.dumps(item["rhs"]).encode()
            # Small pairs only: the few multi-kilobyte dataset schemas take seconds each and starve the round.
            if len(pair) > 4096:
                continue
            count += 1
            (out / f"pair-{count}").write_bytes(pair)
PY
fi

# Glob seeds: the default globs and the hostile shapes (exponential for a backtracking matcher) against paths.
g=0
for pattern in '**/*.{json,yaml,yml}' '**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*' 'node_modules/' '*a*a*a*a*a*a*a*a*a*b' \
  '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}' 'src/**/x.json' '[!.]*' '{a,{b,c}}/**'; do
  for path in 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' 'src/a/b/x.json' 'schemas/com.acme/x/jsonschema/1-0-0' 'abab/node_modules/x'; do
    g=$((g + 1))
    { printf '%s' "$pattern"; printf '\0'; printf '%s' "$path"; } > "$seeds/glob/seed-$g"
  done
done
# Inputs that once crashed or hung, kept as seeds so every round replays them first.
for target in json analysis compat glob; do
  [ -d "Tests/FuzzCorpus/$target" ] && cp Tests/FuzzCorpus/"$target"/* "$seeds/$target/" 2>/dev/null || true
done

status=0
for target in "${targets[@]}"; do
  corpus="$scratch/corpus/$target"
  artifacts="$scratch/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzzing '$target' for $seconds s (seeds: $(ls "$seeds/$target" | wc -l), corpus: $(ls "$corpus" | wc -l))"
  log="$scratch/fuzz-$target.log"
  set +e
  # SWIFT_BACKTRACE=enable=no: Swift's own crash reporter would take the signal before libFuzzer, which then
  # writes no crash-* input to replay.
  SWIFT_BACKTRACE=enable=no TRACKSPEC_FUZZ_TARGET="$target" TRACKSPEC_FUZZ_IGLU="$PWD/Examples/iglu" "$binary" "$corpus" "$seeds/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts" ${TRACKSPEC_FUZZ_SEED:+-seed="$TRACKSPEC_FUZZ_SEED"} > "$log" 2>&1
  code=$?
  set -e
  runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
  echo "   executions: ${runs:-?}, exit $code, corpus now $(ls "$corpus" | wc -l) inputs"
  if [ "$code" -ne 0 ]; then
    status=1
    echo "   FAILED: see $log and $artifacts" >&2
    grep -E "ERROR: libFuzzer|Fatal error|precondition|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
  fi
done
exit "$status"
