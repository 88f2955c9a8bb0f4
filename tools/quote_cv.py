#!/usr/bin/env python3
"""Two-fold cross-validation of the quote model on PolNeAR train.

Usage:
  quote_cv.py --qasid BIN --polnear DIR --gold-jsonl FILE --work DIR [-- TRAIN OPTIONS]

FILE is what tools/quote_gold.py writes for DIR (build/polnear-train.jsonl).
Its articles are split by odd and even line; for each half a quote model is
trained on the other half (`BIN train quotes --train HALF -o MODEL` plus the
options after "--"), every article of the half is run through
`BIN extract --quote-model MODEL`, and ../shared/tools/score_quotes.py scores
it. Prints each half's figures and the pooled content overlap, content exact
and source F1 (counts summed over both halves). Dev is never read.
"""
import argparse
import json
import os
import subprocess
import sys

KEYS = ("content_overlap", "content_exact", "source")


def split(gold_jsonl, polnear, work):
    """Writes work/train{0,1}.jsonl and work/held{0,1}/{text,attributions}."""
    with open(gold_jsonl, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    ids = [json.loads(l)["id"] for l in lines]
    for half in (0, 1):
        with open(os.path.join(work, "train%d.jsonl" % half), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for i, l in enumerate(lines) if i % 2 != half))
        held = {ids[i] for i in range(len(ids)) if i % 2 == half}
        for sub in ("text", "attributions"):
            d = os.path.join(work, "held%d" % half, sub)
            os.makedirs(d, exist_ok=True)
            for name in os.listdir(os.path.join(polnear, sub)):
                base = name[:-4] if sub == "text" else name.rsplit("_", 1)[0]
                dst = os.path.join(d, name)
                if base in held and not os.path.lexists(dst):
                    os.symlink(os.path.abspath(os.path.join(polnear, sub, name)), dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qasid", required=True)
    ap.add_argument("--polnear", required=True, help="PolNeAR train: text/ and attributions/")
    ap.add_argument("--gold-jsonl", required=True, help="tools/quote_gold.py output for it")
    ap.add_argument("--work", required=True, help="a directory for the halves and models")
    ap.add_argument("--scorer", default=None, help="score_quotes.py (default: beside ../shared)")
    ap.add_argument("train_opts", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    opts = [o for o in a.train_opts if o != "--"]
    scorer = a.scorer or os.path.join(os.path.dirname(os.path.abspath(a.polnear)), "..", "..",
                                      "tools", "score_quotes.py")
    os.makedirs(a.work, exist_ok=True)
    split(a.gold_jsonl, a.polnear, a.work)
    pooled = {k: [0.0, 0, 0] for k in KEYS}
    for half in (0, 1):
        model = os.path.join(a.work, "quote%d.qm" % half)
        subprocess.run([a.qasid, "train", "quotes", "-q", "--train",
                        os.path.join(a.work, "train%d.jsonl" % (half)), "-o", model] + opts,
                       check=True)
        wrap = os.path.join(a.work, "qasid%d.sh" % half)
        with open(wrap, "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\nsub=$1; shift\nexec "%s" "$sub" --quote-model "%s" "$@"\n' %
                    (os.path.abspath(a.qasid), os.path.abspath(model)))
        os.chmod(wrap, 0o755)
        out = subprocess.run([sys.executable, scorer, "--gold",
                              os.path.join(a.work, "held%d" % half), "--qasid", wrap, "--json"],
                             check=True, capture_output=True, text=True).stdout
        d = json.loads(out)
        print("half %d (%d articles): %s" % (half, d["articles"], " / ".join(
            "%.2f" % d[k]["f1"] for k in KEYS)))
        for k in KEYS:
            pooled[k][0] += d[k]["p"] * d[k]["pred"] / 100.0
            pooled[k][1] += d[k]["pred"]
            pooled[k][2] += d[k]["gold"]
    print("pooled F1, content overlap / content exact / source: %s" % " / ".join(
        "%.2f" % (200.0 * tp / (np + ng) if np + ng else 0.0) for tp, np, ng in
        (pooled[k] for k in KEYS)))


if __name__ == "__main__":
    main()
