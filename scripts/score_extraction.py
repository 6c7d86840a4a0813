#!/usr/bin/env python3
"""Scores `chipwatch extract` output on a local copy of scrapinghub/article-extraction-benchmark.

The figures come from the benchmark's own evaluate.py, run unchanged on chipwatch's output written in
the benchmark's output format ({"version": ..., "output": {id: {"articleBody": text}}}), beside the
published outputs of the peers shipped in its output/ folder. evaluate.py scores every file in
output/ against ground-truth.json in its working directory and requires the same ids in both, so each
split (all pages, the tuned part, the held-out part) gets a scratch directory with the ground truth
and every output cut down to that split's ids.

Called by scripts/score-extraction.sh; stdlib only.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PEERS = ["readability_js", "trafilatura", "go_trafilatura", "rs_trafilatura"]


def main():
    args = parse_args()
    bench = args.benchmark.resolve()
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf8"))
    holdout = [line.strip() for line in args.holdout.read_text(encoding="utf8").splitlines()
               if line.strip() and not line.startswith("#")]
    missing = [i for i in holdout if i not in truth]
    if missing:
        sys.exit(f"held-out ids not in ground-truth.json: {missing[:3]}")
    prediction = read_extracted(args.extracted)
    warned = warned_inputs(args.stderr)
    failed = {i for i in truth if i not in prediction and i in warned}
    absent = [i for i in truth if i not in prediction and i not in failed]
    if absent:
        sys.exit(f"{len(absent)} benchmark pages missing from the extract output, e.g. {absent[0]}")
    for i in failed:
        prediction[i] = {"articleBody": ""}
    empty = sorted(i for i, p in prediction.items() if not p["articleBody"].strip())
    silent = [i for i in empty if i not in warned and i not in failed]

    if args.keep:
        write_output(args.keep / "chipwatch.json", prediction, args.version)
    tuned = [i for i in truth if i not in set(holdout)]
    splits = [("all pages", list(truth)), ("tuned part", tuned), ("held-out part", holdout)]
    for name, ids in splits:
        print(f"\n== {name}: {len(ids)} pages ==", flush=True)
        evaluate(bench, truth, prediction, ids, args.version, args.n_bootstrap)
    print(f"\nempty pages: {len(empty)} (errors: {len(failed)}, "
          f"warned on stderr: {len([i for i in empty if i in warned])}, silent: {len(silent)})")
    if args.per_page:
        per_page(bench, truth, prediction, tuned)
    return 1 if silent else 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--benchmark", type=Path, required=True, help="local copy of article-extraction-benchmark")
    p.add_argument("--extracted", type=Path, required=True, help="stdout of chipwatch extract (JSON lines)")
    p.add_argument("--stderr", type=Path, required=True, help="stderr of the same run (warnings and errors)")
    p.add_argument("--holdout", type=Path, required=True, help="ids of the held-out pages, one a line")
    p.add_argument("--version", default="", help="version label for the output file")
    p.add_argument("--n-bootstrap", type=int, default=1000, help="evaluate.py bootstrap rounds")
    p.add_argument("--keep", type=Path, help="also write chipwatch.json (benchmark output format) into this folder")
    p.add_argument("--per-page", action="store_true",
                   help="print per-page F1 of the TUNED part (held-out pages are never listed one by one)")
    return p.parse_args()


def page_id(source):
    return Path(source).name.split(".")[0]


def read_extracted(path):
    prediction = {}
    for line in path.read_text(encoding="utf8").splitlines():
        if line.strip():
            record = json.loads(line)
            prediction[page_id(record["source"])] = {"articleBody": record.get("text") or ""}
    return prediction


def warned_inputs(path):
    """Inputs named on a 'chipwatch extract: INPUT: ...' line of stderr (warnings and errors)."""
    warned = set()
    for line in path.read_text(encoding="utf8", errors="replace").splitlines():
        m = re.match(r"chipwatch extract: (?:warning: )?(\S+?): ", line)
        if m:
            warned.add(page_id(m.group(1)))
    return warned


def write_output(path, prediction, version):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": version, "output": prediction}, sort_keys=True, ensure_ascii=False, indent=4),
                    encoding="utf8")


def load_peer(path):
    data = json.loads(path.read_text(encoding="utf8"))
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        return data["output"], data.get("version") or ""
    return data, ""


def evaluate(bench, truth, prediction, ids, version, n_bootstrap):
    with tempfile.TemporaryDirectory(prefix="chipwatch-score-") as tmp:
        work = Path(tmp)
        (work / "ground-truth.json").write_text(json.dumps({i: truth[i] for i in ids}), encoding="utf8")
        write_output(work / "output" / "chipwatch.json", {i: prediction[i] for i in ids}, version)
        for peer in PEERS:
            source = bench / "output" / f"{peer}.json"
            if source.exists():
                output, peer_version = load_peer(source)
                write_output(work / "output" / f"{peer}.json", {i: output[i] for i in ids}, peer_version)
        subprocess.run([sys.executable, str(bench / "evaluate.py"), "--n-bootstrap", str(n_bootstrap)], cwd=work, check=True)


def per_page(bench, truth, prediction, ids):
    sys.path.insert(0, str(bench))
    import evaluate  # the benchmark's own shingle matching
    rows = []
    for i in ids:
        tp, fp, fn = evaluate.string_shingle_matching(true=truth[i].get("articleBody", ""), pred=prediction[i]["articleBody"])
        p = evaluate.precision_score(tp, fp, fn)
        r = evaluate.recall_score(tp, fp, fn)
        rows.append((2 * p * r / (p + r) if p + r else 0.0, p, r, i))
    print("\nper page (tuned part only), worst first:  F1  precision  recall  id")
    for f1, p, r, i in sorted(rows):
        print(f"  {f1:.3f}  {p:.3f}  {r:.3f}  {i}")


if __name__ == "__main__":
    sys.exit(main())
