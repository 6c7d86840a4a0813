#!/usr/bin/env python3
"""What feedparser itself recovers from each test file of a local feedparser checkout.

Usage: feedparser-reference.py FEEDPARSER_CHECKOUT > reference.json

Writes one JSON object: for every .xml file under tests/illformed, tests/entities and tests/wellformed
(path relative to the checkout), feedparser's bozo flag, its number of entries, and their titles and
links. The feed-corpus scorer (scripts/score-feeds.sh) compares chipwatch's items with these.

It imports feedparser from the checkout. feedparser needs sgmllib (Debian: python3-sgmllib3k; PyPI:
sgmllib3k or feedparser-sgmllib); 'requests' is only needed for fetching URLs, which this never does,
so a stand-in is used when it is missing.
"""
import json
import os
import sys
import types


def main(checkout):
    sys.path.insert(0, checkout)
    try:
        import requests  # noqa: F401
    except ModuleNotFoundError:
        stub = types.ModuleType("requests")
        stub.RequestException = type("RequestException", (Exception,), {})
        stub.get = lambda *a, **k: (_ for _ in ()).throw(stub.RequestException("no fetching in the reference run"))
        sys.modules["requests"] = stub
    try:
        import feedparser_sgmllib  # noqa: F401
    except ModuleNotFoundError:
        import sgmllib
        sys.modules["feedparser_sgmllib"] = sgmllib
    import feedparser

    out = {}
    for part in ("illformed", "entities", "wellformed"):
        top = os.path.join(checkout, "tests", part)
        for folder, _, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith(".xml"):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    data = f.read()
                key = os.path.relpath(path, checkout).replace(os.sep, "/")
                try:
                    r = feedparser.parse(data)
                    out[key] = {"bozo": bool(r.bozo), "entries": len(r.entries),
                                "titles": [e.get("title", "") for e in r.entries],
                                "links": [e.get("link", "") for e in r.entries]}
                except Exception as e:  # a crash is a result too
                    out[key] = {"error": repr(e)}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
