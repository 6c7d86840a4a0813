#!/usr/bin/env bash
# Scores chipwatch's feed reader on local copies of two public test corpora (never committed here):
#   scripts/score-feeds.sh GOFEED_DIR FEEDPARSER_DIR
# GOFEED_DIR is a checkout of github.com/mmcdole/gofeed (its testdata/), FEEDPARSER_DIR one of
# github.com/kurtmckee/feedparser (its tests/). Either may be "-" to skip it. When python3 can run
# feedparser from FEEDPARSER_DIR (see scripts/feedparser-reference.py; $PYTHON picks the interpreter), chipwatch's items are also
# compared with what feedparser itself recovers. Figures on stdout; every miss with its reason in
# ingest/target/feed-corpus-score.txt. See README, "Feed parsing and recovery".
set -euo pipefail
if [ $# -ne 2 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gofeed="$1"
feedparser="$2"
props=()
[ "$gofeed" != "-" ] && props+=("-Dcorpus.gofeed=$(cd "$gofeed" && pwd)")
if [ "$feedparser" != "-" ]; then
  feedparser="$(cd "$feedparser" && pwd)"
  props+=("-Dcorpus.feedparser=$feedparser")
  mkdir -p "$home/ingest/target"
  reference="$home/ingest/target/feedparser-reference.json"
  referenced=""
  for python in ${PYTHON:-python3 /usr/bin/python3}; do
    if command -v "$python" >/dev/null && "$python" "$home/scripts/feedparser-reference.py" "$feedparser" > "$reference" 2> "$reference.log"; then
      props+=("-Dcorpus.feedparser.reference=$reference")
      referenced=yes
      break
    fi
  done
  if [ -z "$referenced" ]; then
    echo "score-feeds: feedparser itself cannot run here ($(tail -1 "$reference.log")); scoring against its Expect lines only" >&2
  fi
fi
cd "$home"
# -am builds model and broker first; -Dtest selects the scorer alone (it is not a default-build test).
mvn -B ${MAVEN_OPTS_EXTRA:-} -pl ingest -am test -Dtest=FeedCorpusScore -Dsurefire.failIfNoSpecifiedTests=false "${props[@]}" \
  > "$home/ingest/target/feed-corpus-score.log" 2>&1 || { tail -40 "$home/ingest/target/feed-corpus-score.log" >&2; exit 1; }
grep -v '  miss ' "$home/ingest/target/feed-corpus-score.txt"
