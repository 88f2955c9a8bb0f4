#!/usr/bin/env python3
"""PolNeAR attributions as qasid tokens: the training data of the quote model.

Usage: tools/quote_gold.py --qasid build/qasid --polnear ../shared/data/polnear/train \
           -o build/polnear-train.jsonl

Each article's text goes through `qasid extract --tokens` (for qasid's own
tokens); its brat relations (the first annotator's file in name order, as
tools/score_quotes.py reads them) become lists of token indices: one JSON
line per article, {"id", "text", "rels": [{"cue": [...], "content": [...],
"source": [...]}]}, a token belonging to a span when their characters
overlap. `qasid train quotes` reads this file and runs the same pipeline over
the same text, so its token numbers agree. Only the split given is read; the
output is deterministic.
"""
import argparse
import json
import os
import subprocess
import sys


def read_ann(path):
    spans, rels = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(parts) >= 2:
                head = parts[1].split(" ", 1)
                if len(head) < 2:
                    continue
                frags = []
                for frag in head[1].split(";"):
                    a = frag.split()
                    if len(a) == 2 and a[0].isdigit() and a[1].isdigit():
                        frags.append((int(a[0]), int(a[1])))
                spans[parts[0]] = frags
            elif line.startswith("E") and len(parts) >= 2:
                roles = {}
                for item in parts[1].split():
                    if ":" in item:
                        role, tid = item.split(":", 1)
                        roles[role.rstrip("0123456789")] = tid
                rels.append(roles)
    out = []
    for roles in rels:
        got = {k: spans.get(roles.get(k), []) for k in ("Content", "Cue", "Source")}
        if got["Content"]:
            out.append(got)
    return out


def tokens_in(frags, toks):
    return [i for i, (s, e) in enumerate(toks) if any(s < fe and e > fs for fs, fe in frags)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qasid", required=True)
    ap.add_argument("--polnear", required=True)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    tdir, adir = os.path.join(a.polnear, "text"), os.path.join(a.polnear, "attributions")
    anns = sorted(os.listdir(adir))
    names, texts = [], {}
    for name in sorted(os.listdir(tdir)):
        if name.endswith(".txt"):
            stem = name[:-4]
            names.append(stem)
            with open(os.path.join(tdir, name), encoding="utf-8") as f:
                texts[stem] = f.read()
    payload = "".join(json.dumps({"id": n, "text": texts[n]}) + "\n" for n in names)
    proc = subprocess.run([a.qasid, "extract", "--tokens", "--no-quote-model", "--format", "jsonl",
                           "-"],
                          input=payload.encode(), stdout=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit("quote_gold: qasid exited with %d" % proc.returncode)
    toks = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        toks[rec["id"]] = [(t["start"], t["end"]) for t in rec["tokens"]]
    n_rels = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for stem in names:
            mine = [x for x in anns if x.startswith(stem + "_") and x.endswith(".ann")]
            rels = []
            for r in read_ann(os.path.join(adir, mine[0])) if mine else []:
                rels.append({"cue": tokens_in(r["Cue"], toks[stem]),
                             "content": tokens_in(r["Content"], toks[stem]),
                             "source": tokens_in(r["Source"], toks[stem])})
            n_rels += len(rels)
            out.write(json.dumps({"id": stem, "text": texts[stem], "rels": rels},
                                 ensure_ascii=False) + "\n")
    print("quote_gold: %d articles, %d relations" % (len(names), n_rels), file=sys.stderr)


if __name__ == "__main__":
    main()
