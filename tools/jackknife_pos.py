#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Jackknifed POS tags for training the parser.

The parser must learn from tags as wrong as the ones it will see. A tagger
trained on the whole training set tags that set almost perfectly, so each of
K folds (every K-th sentence) is tagged by a tagger trained on the other
folds, and the folds are put back in their order:

    tools/jackknife_pos.py QASID TRAIN.conllu DEV.conllu CLUSTERS K OUT.conllu [POS-OPTIONS...]

Deterministic: the same inputs give the same file.
"""
import os
import subprocess
import sys
import tempfile


def sentences(path):
    block = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            block.append(line)
            if line.strip() == "":
                yield block
                block = []
    if block:
        yield block


def main():
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    qasid, train, dev, clusters, k, out = sys.argv[1:7]
    extra = sys.argv[7:]
    k = int(k)
    sents = list(sentences(train))
    with tempfile.TemporaryDirectory(prefix="qasid-jk-") as tmp:
        tagged = [None] * len(sents)
        for fold in range(k):
            rest = os.path.join(tmp, "rest.conllu")
            held = os.path.join(tmp, "held.conllu")
            model = os.path.join(tmp, "pos.qm")
            with open(rest, "w", encoding="utf-8") as r, open(held, "w", encoding="utf-8") as h:
                for i, s in enumerate(sents):
                    (h if i % k == fold else r).writelines(s)
            cmd = [qasid, "train", "pos", "--train", rest, "--dev", dev, "--clusters", clusters,
                   "-o", model, "-q"] + extra
            print("jackknife: fold %d of %d: %s" % (fold + 1, k, " ".join(cmd)), file=sys.stderr)
            subprocess.run(cmd, check=True)
            res = subprocess.run([qasid, "tag", "--pos", "-m", model, held], check=True,
                                 stdout=subprocess.PIPE)
            blocks = list(sentences_from_text(res.stdout.decode("utf-8")))
            idx = [i for i in range(len(sents)) if i % k == fold]
            if len(blocks) != len(idx):
                sys.exit("jackknife: fold %d: %d sentences back, %d sent" % (fold, len(blocks), len(idx)))
            for i, b in zip(idx, blocks):
                tagged[i] = b
        with open(out, "w", encoding="utf-8") as o:
            for b in tagged:
                o.writelines(b)


def sentences_from_text(text):
    block = []
    for line in text.splitlines(keepends=True):
        block.append(line)
        if line.strip() == "":
            yield block
            block = []
    if block:
        yield block


if __name__ == "__main__":
    main()
