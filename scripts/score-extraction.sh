#!/usr/bin/env bash
# Scores chipwatch's article extractor on a local copy of the public benchmark
# scrapinghub/article-extraction-benchmark (181 pages), with the benchmark's own evaluate.py, beside
# the published peers, on all pages, on the tuned part and on the held-out part
# (scripts/extraction-holdout.txt). Needs java and python3; nothing is fetched.
#
#   git clone https://github.com/scrapinghub/article-extraction-benchmark /tmp/aeb
#   scripts/score-extraction.sh /tmp/aeb [--per-page] [--keep DIR]
#
# Exit status 1 when a page came out empty without a warning on stderr.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/ground-truth.json" ] || [ ! -f "$1/evaluate.py" ] || [ ! -d "$1/html" ]; then
  echo "usage: $0 PATH-TO-article-extraction-benchmark [--per-page] [--keep DIR]" >&2
  echo "  PATH must hold ground-truth.json, evaluate.py and html/*.html.gz" >&2
  exit 2
fi
bench="$(cd "$1" && pwd)"
shift
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${CHIPWATCH_JAR:-$home/app/target/chipwatch.jar}"
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$home" && mvn -B -q -pl app -am package -DskipTests 1>&2)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(git -C "$home" describe --always --dirty 2>/dev/null || echo dev)"
start=$(date +%s%N)
# one JVM for every page; a failed page prints its reason on stderr and is scored as empty
java -Dchipwatch.home="$home" -jar "$jar" extract "$bench"/html/*.html.gz >"$work/extract.jsonl" 2>"$work/extract.err" || true
end=$(date +%s%N)
pages=$(ls "$bench"/html/*.html.gz | wc -l)
echo "chipwatch $version: extracted $pages pages in $(( (end - start) / 1000000 )) ms wall (one JVM, start-up included)"
grep -c . "$work/extract.err" >/dev/null && { echo "stderr of chipwatch extract:"; sed 's/^/  /' "$work/extract.err"; }
python3 "$home/scripts/score_extraction.py" --benchmark "$bench" --extracted "$work/extract.jsonl" \
  --stderr "$work/extract.err" --holdout "$home/scripts/extraction-holdout.txt" --version "$version" "$@"
