#!/usr/bin/env python3
"""How far PolNeAR's annotators agree with each other, scored as qasid is scored.

PolNeAR had some articles annotated by up to six annotators, to check their
agreement (attributions/<name>_<annotator>.ann, several per text). This
script takes, for each such article, the first annotator's file (name
order, the one ../shared/tools/score_quotes.py takes as the gold) as the
gold and each other annotator's file in turn as a prediction, and scores
them with score_quotes.py itself (content overlap and exact, source, cue).
That is the human ceiling the quote targets are read against.

With --qasid BIN, qasid's quotes on the same articles are scored against
each annotator's file as the gold, beside the annotators scored against
each other with the same gold: use it on dev only (qasid's quote model is
trained on train's first annotator).

Usage:
  tools/polnear_agreement.py [--shared ../shared] [--split train --split dev]
  tools/polnear_agreement.py --split dev --qasid build/qasid
Python 3, standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def multi_annotated(split):
    """{article stem: [its .ann files, name order]} for articles with two or more."""
    anns = sorted(os.listdir(os.path.join(split, "attributions")))
    out = {}
    for name in sorted(os.listdir(os.path.join(split, "text"))):
        if not name.endswith(".txt"):
            continue
        stem = name[:-4]
        mine = [a for a in anns if a.startswith(stem + "_") and a.endswith(".ann")]
        if len(mine) >= 2:
            out[stem] = mine
    return out


def spans(frags):
    return [{"start": a, "end": b} for a, b in frags] if frags else None


def as_prediction(sq, path):
    """An annotator's file as qasid's "quotes" list."""
    return [{"content": spans(r["content"]), "source": spans(r["source"]), "cue": spans(r["cue"])}
            for r in sq.read_ann(path)]


def score(scorer, articles, gold_of, pred_of):
    """Scores pred_of(split, stem) against gold_of(split, stem) (an .ann name) with the scorer;
    returns its JSON result."""
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "text"))
        os.makedirs(os.path.join(d, "attributions"))
        with open(os.path.join(d, "pred.jsonl"), "w", encoding="utf-8") as f:
            for split, stem in articles:
                os.symlink(os.path.abspath(os.path.join(split, "text", stem + ".txt")),
                           os.path.join(d, "text", stem + ".txt"))
                g = gold_of(split, stem)
                os.symlink(os.path.abspath(os.path.join(split, "attributions", g)),
                           os.path.join(d, "attributions", g))
                f.write(json.dumps({"id": stem, "quotes": pred_of(split, stem)}) + "\n")
        out = subprocess.run([sys.executable, scorer, "--gold", d, "--pred",
                              os.path.join(d, "pred.jsonl"), "--json"],
                             check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
    return json.loads(out)


def line(label, res):
    s = "%-28s %6.2f %6.2f %6.2f %6.2f" % (label, res["content_overlap"]["f1"],
                                          res["content_exact"]["f1"], res["source"]["f1"],
                                          res["cue"]["f1"])
    if "pred" in res["content_overlap"]:
        s += "   (%d relations, gold %d)" % (res["content_overlap"]["pred"],
                                            res["content_overlap"]["gold"])
    return s


def qasid_quotes(binary, texts):
    payload = "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items())
    proc = subprocess.run([binary, "extract", "--format", "jsonl", "-"], input=payload,
                          stdout=subprocess.PIPE, universal_newlines=True)
    if proc.returncode not in (0, 1):
        sys.exit("polnear_agreement: qasid exited with %d" % proc.returncode)
    return {str(r["id"]): r.get("quotes") or [] for r in map(json.loads, proc.stdout.splitlines())}


def mean(rows, key):
    return sum(r[key]["f1"] for r in rows) / len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--split", action="append", help="train, dev or annotator-training "
                    "(default: train and dev)")
    ap.add_argument("--qasid", help="also score this qasid binary's quotes against each annotator")
    args = ap.parse_args()
    polnear = os.path.join(args.shared, "data", "polnear")
    scorer = os.path.join(args.shared, "tools", "score_quotes.py")
    if not os.path.isdir(polnear) or not os.path.exists(scorer):
        sys.exit("polnear_agreement: %s or %s not found (--shared)" % (polnear, scorer))
    sys.path.insert(0, os.path.dirname(scorer))
    import score_quotes as sq

    multi = {}
    for split in args.split or ["train", "dev"]:
        d = os.path.join(polnear, split)
        for stem, anns in multi_annotated(d).items():
            multi[(d, stem)] = anns
    if not multi:
        sys.exit("polnear_agreement: no article with two annotators' files")
    width = max(len(a) for a in multi.values())
    print("%d articles with several annotators' files (up to %d)" % (len(multi), width))
    print("%-28s %6s %6s %6s %6s" % ("", "cont.", "exact", "source", "cue"))
    golds = range(width) if args.qasid else range(1)
    pred = None
    if args.qasid:
        texts = {}
        for split, stem in multi:
            with open(os.path.join(split, "text", stem + ".txt"), encoding="utf-8") as f:
                texts[stem] = f.read()
        pred = qasid_quotes(args.qasid, texts)
    for g in golds:
        rows = []
        for k in range(width):
            if k == g:
                continue
            arts = [a for a in multi if len(multi[a]) > max(k, g)]
            res = score(scorer, arts, lambda s, t: multi[(s, t)][g],
                        lambda s, t: as_prediction(sq, os.path.join(s, "attributions", multi[(s, t)][k])))
            rows.append(res)
            print(line("annotator %d against %d" % (k + 1, g + 1), res))
        print(line("annotators, mean F1", {key: {"f1": mean(rows, key)} for key in
                                           ("content_overlap", "content_exact", "source", "cue")}))
        if pred is not None:
            arts = [a for a in multi if len(multi[a]) > g]
            print(line("qasid against %d" % (g + 1), score(scorer, arts, lambda s, t: multi[(s, t)][g],
                                                           lambda s, t: pred.get(t, []))))


if __name__ == "__main__":
    main()
