#!/usr/bin/env bash
# Enrichment CPU per article, one commit against another (README, Performance, "Enrichment CPU: before and after").
#
#   scripts/enrich-cpu-compare.sh BASE_COMMIT            # BASE_COMMIT against this working tree
#   scripts/enrich-cpu-compare.sh 3f4f49f^               # before issue 11 against now
#
# Builds the bench jar (mvn -Pbench -pl bench -am package, offline) of both, in a detached worktree for the
# base, then runs scripts/EnrichCpuCompare.java against each jar, old and new alternating, ROUNDS times each:
# ops per CPU-second of one thread (the CpuTime method) of Enricher.enrich, event classification and the story
# decision, on 100 generated bench articles (dedup: 5,000) and on the 312 labelled articles of seeds/eval/dev,
# test and holdout (their text files only). Each version reads its own seeds/ (gazetteer and event rules are
# part of what it costs); the articles are the same for both: the bench articles are generated once, by the
# new version, and the eval articles are this tree's. Prints every run and a table of medians.
#
# Environment: ROUNDS (default 3), WARMUP_S / MEASURE_S (CPU seconds per op, default 4 / 6),
# WORK_DIR (default a new /tmp directory; results.tsv is kept there), BASE_TREE (an existing checkout of the
# base to use instead of a temporary worktree), MVN_FLAGS (default -o; empty for an online build),
# OLD_JAR / NEW_JAR (bench jars already built from the base and from this tree: skip that build).
set -euo pipefail

base=${1:?usage: $0 BASE_COMMIT}
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
work=${WORK_DIR:-$(mktemp -d /tmp/enrich-cpu-compare.XXXXXX)}
mkdir -p "$work"
mvn_flags=${MVN_FLAGS--o}
jvm=(java -Xms1g -Xmx1g -Dwarmup.s="${WARMUP_S:-4}" -Dmeasure.s="${MEASURE_S:-6}")

base_tree=${BASE_TREE:-}
if [ -z "$base_tree" ]; then
    base_tree="$work/base-tree"
    git -C "$repo" worktree add --detach "$base_tree" "$base" >&2
    trap 'git -C "$repo" worktree remove --force "$base_tree" >&2 || true' EXIT
fi

build() { # tree jar
    echo "building bench jar in $1" >&2
    (cd "$1" && mvn -B -q $mvn_flags -Pbench -pl bench -am package -DskipTests >&2)
    cp "$1/bench/target/benchmarks.jar" "$2"
}
if [ -n "${OLD_JAR:-}" ]; then cp "$OLD_JAR" "$work/old.jar"; else build "$base_tree" "$work/old.jar"; fi
if [ -n "${NEW_JAR:-}" ]; then cp "$NEW_JAR" "$work/new.jar"; else build "$repo" "$work/new.jar"; fi

harness="$repo/scripts/EnrichCpuCompare.java"
"${jvm[@]}" -cp "$work/new.jar" "$harness" dump "$repo/seeds" 5000 "$work/bench-articles.jsonl"
evals=("$repo/seeds/eval/dev" "$repo/seeds/eval/test" "$repo/seeds/eval/holdout")

results="$work/results.tsv"
: > "$results"
for r in $(seq 1 "$rounds"); do
    for v in old new; do
        tree=$([ "$v" = old ] && echo "$base_tree" || echo "$repo")
        echo "round $r, $v" >&2
        "${jvm[@]}" -cp "$work/$v.jar" "$harness" run "$tree/seeds" "$work/bench-articles.jsonl" "${evals[@]}" \
            | awk -v v="$v" -v r="$r" -F'\t' '{print v "\t" r "\t" $1 "\t" $2}' | tee -a "$results" >&2
    done
done

echo "base $(git -C "$base_tree" rev-parse --short HEAD) vs $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- . || echo ' + uncommitted changes'); $rounds rounds; $(nproc) cores; $(java -version 2>&1 | head -1)"
echo
echo "| op | old ops/CPU-s (median) | new ops/CPU-s (median) | new/old | old ms/article | new ms/article |"
echo "|---|---|---|---|---|---|"
sort -t$'\t' -k3,3 -k1,1 -k4,4g "$results" | awk -F'\t' '
    { key = $3 SUBSEP $1; vals[key, ++count[key]] = $4; if (!(($3) in seen)) { seen[$3] = 1; order[++ops] = $3 } }
    function median(key,   n) { n = count[key]; return n % 2 ? vals[key, (n + 1) / 2] : (vals[key, n / 2] + vals[key, n / 2 + 1]) / 2 }
    END {
        for (i = 1; i <= ops; i++) {
            o = median(order[i] SUBSEP "old"); n = median(order[i] SUBSEP "new")
            printf "| %s | %.0f | %.0f | %.2f | %.3f | %.3f |\n", order[i], o, n, n / o, 1000 / o, 1000 / n
        }
    }'
