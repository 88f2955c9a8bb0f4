#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measures the glued-word step (src/clean/glue.c) through the real binary.

False splits: every sentence of CoNLL-2003 (train+dev+test, tokens joined by
spaces) and of UD English EWT (train+dev+test, the "# text" lines) goes
through `qasid extract` as one JSONL record; these texts are clean, so every
"glue" warning is counted as a false split, per 100,000 corpus tokens. Two
figures for each corpus:

  in-lexicon  the compiled-in lexicon, built from all corpora (this one too);
  held-out    a lexicon rebuilt without the corpus measured
              (tools/build_lexicon.py --exclude NAME), loaded through the
              QASID_LEXICON environment variable.

Recall: the glued examples below, each alone in a record, must come out as
exactly their two halves.

    tools/glue_false_splits.py                 # needs build/qasid (make)
    tools/glue_false_splits.py --show 50       # list more of the splits

Python 3 standard library only.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Glued pairs as markup stripping makes them: (glued, first half, second half).
POSITIVES = [
    ("Pakistanover", "Pakistan", "over"),
    ("theBaloch", "the", "Baloch"),
    ("Intelligenceassessments", "Intelligence", "assessments"),
    ("Linethat", "Line", "that"),
    ("Kabulon", "Kabul", "on"),
    ("militantsattacked", "militants", "attacked"),
    ("Talibanfighters", "Taliban", "fighters"),
    ("ministersaid", "minister", "said"),
    ("theTaliban", "the", "Taliban"),
    ("Afghanistanand", "Afghanistan", "and"),
    ("securityforces", "security", "forces"),
    ("Islamabadhas", "Islamabad", "has"),
    ("governmentofficials", "government", "officials"),
    ("borderregion", "border", "region"),
    ("peacetalks", "peace", "talks"),
    ("refugeecamps", "refugee", "camps"),
    ("ofPakistan", "of", "Pakistan"),
    ("inKabul", "in", "Kabul"),
    ("suicidebomber", "suicide", "bomber"),
    ("armychief", "army", "chief"),
    ("Waziristanprovince", "Waziristan", "province"),
    ("Baluchistanwhere", "Baluchistan", "where"),
    ("attackswere", "attacks", "were"),
    ("policesaid", "police", "said"),
    ("provincialgovernment", "provincial", "government"),
    ("killedthree", "killed", "three"),
]


def conll_sentences(root):
    """Sentences of CoNLL-2003 as token lists."""
    for part in ("train", "dev", "test"):
        sent = []
        with open(os.path.join(root, "conll2003", part + ".txt"), encoding="utf-8") as f:
            for line in f:
                tok = line.split(" ", 1)[0].strip()
                if tok == "-DOCSTART-":
                    continue
                if not tok:
                    if sent:
                        yield sent
                    sent = []
                    continue
                sent.append(tok)
        if sent:
            yield sent


def conll_records(root):
    for sent in conll_sentences(root):
        yield " ".join(sent), len(sent)


def ewt_records(root):
    """(# text line, number of word lines) for each EWT sentence."""
    for part in ("train", "dev", "test"):
        text, n = None, 0
        path = os.path.join(root, "ud-english-ewt", "en_ewt-ud-%s.conllu" % part)
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("# text = "):
                    text = line[9:].rstrip("\n")
                elif line.strip() == "":
                    if text is not None:
                        yield text, n
                    text, n = None, 0
                elif line[0].isdigit() and line.split("\t", 1)[0].isdigit():
                    n += 1
        if text is not None:
            yield text, n


def polnear_records(root):
    """Paragraphs of the PolNeAR articles (not used to tune the rules: a
    check on text the thresholds never saw), tokens counted by whitespace."""
    for part in ("train", "dev", "annotator-training"):
        for path in sorted(glob.glob(os.path.join(root, "polnear", part, "text", "*.txt"))):
            with open(path, encoding="utf-8") as f:
                for para in f.read().split("\n"):
                    if para.strip():
                        yield para, len(para.split())


CORPORA = {"conll": conll_records, "ewt": ewt_records, "polnear": polnear_records}


def run_qasid(binary, texts, lexicon=None):
    """Runs qasid extract over texts; yields (text, output record) pairs."""
    env = dict(os.environ)
    env.pop("QASID_LEXICON", None)
    if lexicon:
        env["QASID_LEXICON"] = lexicon
    data = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
    p = subprocess.run([binary, "extract", "--input", "jsonl", "--format", "jsonl", "--tokens"],
                       input=data.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env)
    if p.returncode != 0:
        sys.exit("qasid extract failed (exit %d): %s" % (
            p.returncode, p.stderr.decode("utf-8", "replace").strip()))
    out = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line.strip()]
    if len(out) != len(texts):
        sys.exit("qasid extract wrote %d records for %d" % (len(out), len(texts)))
    return zip(texts, out)


def splits_of(text, rec):
    """Each glue warning as "first+second" (the tokens inside its span)."""
    for w in rec.get("warnings", []):
        if w.get("kind") != "glue":
            continue
        s, e = w["start"], w["end"]
        toks = [text[t["start"]:t["end"]] for t in rec.get("tokens", [])
                if t["start"] >= s and t["end"] <= e]
        yield "+".join(toks) if toks else text[s:e]


def false_splits(binary, root, corpus, lexicon):
    records = list(CORPORA[corpus](root))
    texts = [t for t, _ in records]
    n_tokens = sum(n for _, n in records)
    seen = collections.Counter()
    for text, rec in run_qasid(binary, texts, lexicon):
        for s in splits_of(text, rec):
            seen[s] += 1
    return n_tokens, seen


def report(label, n_tokens, seen, show):
    n = sum(seen.values())
    print("%-22s %8d tokens %5d splits %7.2f per 100k" % (label, n_tokens, n, n * 1e5 / n_tokens))
    if show and seen:
        items = ["%s:%d" % kv for kv in seen.most_common(show)]
        print("    " + " ".join(items) + (" ..." if len(seen) > show else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qasid", default=os.path.join(HERE, "..", "build", "qasid"),
                    help="the qasid binary (default build/qasid)")
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared"),
                    help="the shared folder holding data/ (default ../shared)")
    ap.add_argument("--corpus", default="conll,ewt", help="corpora to measure: conll, ewt, polnear (default conll,ewt)")
    ap.add_argument("--no-heldout", action="store_true", help="skip the held-out figures")
    ap.add_argument("--show", type=int, default=30, help="splits listed per corpus (default 30)")
    args = ap.parse_args()

    root = os.path.join(args.shared, "data")
    corpora = [c for c in args.corpus.split(",") if c]
    for c in corpora:
        if c not in CORPORA:
            ap.error("unknown corpus '%s'" % c)
    with tempfile.TemporaryDirectory(prefix="qasid-glue-") as tmp:
        for c in corpora:
            n_tokens, seen = false_splits(args.qasid, root, c, None)
            report("%s in-lexicon" % c, n_tokens, seen, args.show)
            if args.no_heldout:
                continue
            lex = os.path.join(tmp, "lexicon-no-%s.tsv" % c)
            subprocess.run([sys.executable, os.path.join(HERE, "build_lexicon.py"),
                            "--shared", args.shared, "--exclude", c, "-o", lex],
                           check=True, stdout=subprocess.DEVNULL)
            n_tokens, seen = false_splits(args.qasid, root, c, lex)
            report("%s held-out" % c, n_tokens, seen, args.show)

    ok, missed = 0, []
    for (glued, a, b), (text, rec) in zip(POSITIVES, run_qasid(args.qasid, [p[0] for p in POSITIVES])):
        toks = [text[t["start"]:t["end"]] for t in rec.get("tokens", [])]
        if toks == [a, b]:
            ok += 1
        else:
            missed.append("%s->%s" % (glued, "+".join(toks)))
    print("positives: %d/%d split correctly (%.0f%%)" % (ok, len(POSITIVES), 100.0 * ok / len(POSITIVES)))
    if missed:
        print("    missed: " + " ".join(missed))


if __name__ == "__main__":
    main()
