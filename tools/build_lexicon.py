#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds data/lexicon-en.tsv, the lexicon of the glued-word repair step
(src/clean/glue.c), from the corpora in ../shared/data and a spelling word
list.

Words are maximal runs of letters; only all-ASCII runs are kept, counted
case-insensitively. Sources:

    news      news-text/*.jsonl.gz (title and text)
    polnear   polnear/{train,dev,annotator-training}/text/*.txt
    conll     conll2003/{train,dev,test}.txt (first column, no -DOCSTART-)
    ewt       ud-english-ewt/*.conllu (the "# text = " sentence lines)
    wordlist  /usr/share/dict/{american,british}-english (Debian wamerican,
              wbritish; SCOWL): words known to exist, with no count

Each line of the output is

    word<TAB>count<TAB>lower<TAB>left<TAB>right<TAB>rightp

(trailing zero columns left out: a word alone is known, nothing more),
word lowercased; count its occurrences in the corpora in any case (0 for a
word only in the word list); lower those written in lower case. The last
three say how often the word forms longer words, counted over the compound
base (words seen twice or more, or in the word list): left = how many base
words are word+X, right = how many are X+word, rightp = how many are P+word
with P a proper noun of 5 letters or more (mostly capitalised). Both X and
P must be base words of 3 letters or more. "over" has a high right (takeover,
turnover, ...), so "walkover" is not split; "pakistan" has left 0.

After the words come collocations, lines "word word<TAB>count": two content
words (not in STOP, 3 letters or more, each seen PAIR_WORD_MIN times) seen
next to each other, separated by spaces only, PAIR_MIN times or more
("security forces", "peace talks"): evidence that "securityforces" is a
glued pair.

    tools/build_lexicon.py                     # all sources -> data/lexicon-en.tsv
    tools/build_lexicon.py --exclude conll -o /tmp/lex-no-conll.tsv

Then tools/gen_lexicon.py turns the TSV into src/clean/lexicon_data.c.
Python 3 standard library only.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import re

SOURCES = ("news", "polnear", "conll", "ewt", "wordlist")
WORDLISTS = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")
WORD = re.compile(r"[^\W\d_]+")
CHUNK = re.compile(r"\S+")
BASE_MIN = 2    # corpus count that makes a word part of the compound base
PART_MIN = 3    # shortest compound part
PROPER_MIN = 5  # shortest proper noun counted in rightp
PAIR_MIN = 3    # fewest occurrences of a collocation kept
PAIR_WORD_MIN = 10  # fewest occurrences of each of its words
# Function words: collocations with them are not kept (the glue step has
# other evidence for them, and they would make most of the list).
STOP = set("""a about after against all also an and are as at be been before but by can
could during for from has have he her him his i if in into is it its my no not of on
or our said says she should so than that the their them then there these they this
those to was we were when where which while who will with would you your""".split())


def texts_news(root):
    for path in sorted(glob.glob(os.path.join(root, "news-text", "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                for k in ("title", "text"):
                    if isinstance(rec.get(k), str):
                        yield rec[k]


def texts_polnear(root):
    for part in ("train", "dev", "annotator-training"):
        for path in sorted(glob.glob(os.path.join(root, "polnear", part, "text", "*.txt"))):
            with open(path, encoding="utf-8") as f:
                yield f.read()


def texts_conll(root):
    for part in ("train", "dev", "test"):
        with open(os.path.join(root, "conll2003", part + ".txt"), encoding="utf-8") as f:
            sent = []
            for line in f:
                tok = line.split(" ", 1)[0].strip()
                if tok == "-DOCSTART-":
                    continue
                if tok:
                    sent.append(tok)
                elif sent:
                    yield " ".join(sent)
                    sent = []
            if sent:
                yield " ".join(sent)


def texts_ewt(root):
    for path in sorted(glob.glob(os.path.join(root, "ud-english-ewt", "*.conllu"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("# text = "):
                    yield line[9:]


READERS = {"news": texts_news, "polnear": texts_polnear, "conll": texts_conll, "ewt": texts_ewt}


def words_of(text):
    """(word, start, end) for the ASCII words of text, as glue.c sees them:
    none inside an address (a chunk between spaces with '@', "://" or
    "www.") or a dotted name ("example.com", "U.S."). A non-ASCII word
    yields (None, start, end)."""
    for chunk in CHUNK.finditer(text):
        c = chunk.group(0)
        addr = "@" in c or "://" in c or "www." in c.lower()
        for m in WORD.finditer(c):
            s, e = m.span()
            w = m.group(0)
            dotted = ((s >= 2 and c[s - 1] == "." and c[s - 2].isalnum()) or
                      (e + 1 < len(c) and c[e] == "." and c[e + 1].isalnum()))
            ok = w.isascii() and not addr and not dotted
            yield (w if ok else None), chunk.start() + s, chunk.start() + e


def count(root, sources):
    """Word counts, lower-case counts, bigram counts and words per source."""
    total = collections.Counter()
    lower = collections.Counter()
    pairs = collections.Counter()
    per_source = {}
    for src in sources:
        n = 0
        for text in READERS[src](root):
            prev, prev_end = None, -1
            for w, start, end in words_of(text):
                if w is None:
                    prev = None
                    continue
                n += 1
                lw = w.lower()
                total[lw] += 1
                if w == lw:
                    lower[lw] += 1
                gap = text[prev_end:start]
                if prev and gap and gap.strip(" \t") == "":
                    pairs[(prev, lw)] += 1
                prev, prev_end = lw, end
        per_source[src] = n
    return total, lower, pairs, per_source


def collocations(total, pairs):
    """Pairs of content words seen together often enough to be evidence."""
    return {p: c for p, c in pairs.items()
            if c >= PAIR_MIN and p[0] not in STOP and p[1] not in STOP and
            len(p[0]) >= PART_MIN and len(p[1]) >= PART_MIN and
            total[p[0]] >= PAIR_WORD_MIN and total[p[1]] >= PAIR_WORD_MIN}


def read_wordlists(paths):
    words = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w.isascii() and w.isalpha():
                    words.add(w.lower())
    return words


def productivity(total, lower, listed):
    """left, right and rightp counts (see the module comment)."""
    base = {w for w, c in total.items() if c >= BASE_MIN} | listed
    left = collections.Counter()
    right = collections.Counter()
    rightp = collections.Counter()
    for w in base:
        for k in range(PART_MIN, len(w) - PART_MIN + 1):
            a, b = w[:k], w[k:]
            if a in base and b in base:
                left[a] += 1
                right[b] += 1
                if len(a) >= PROPER_MIN and total[a] >= BASE_MIN and lower[a] * 5 < total[a]:
                    rightp[b] += 1
    return left, right, rightp


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"),
                    help="the shared folder holding data/ (default ../shared)")
    ap.add_argument("-o", "--output", default=os.path.join(here, "..", "data", "lexicon-en.tsv"),
                    help="output TSV (default data/lexicon-en.tsv)")
    ap.add_argument("--exclude", default="",
                    help="comma-separated sources to leave out: " + ",".join(SOURCES))
    ap.add_argument("--wordlist", action="append",
                    help="a word list, one word a line (repeatable; default: %s)" %
                    " and ".join(WORDLISTS))
    ap.add_argument("--min-count", type=int, default=1,
                    help="drop corpus words seen fewer times (default 1: keep all)")
    args = ap.parse_args()

    excluded = [s for s in args.exclude.split(",") if s]
    for s in excluded:
        if s not in SOURCES:
            ap.error("unknown source '%s' (%s)" % (s, ", ".join(SOURCES)))
    sources = [s for s in SOURCES if s not in excluded and s != "wordlist"]
    lists = []
    if "wordlist" not in excluded:
        lists = args.wordlist or list(WORDLISTS)
        for p in lists:
            if not os.path.exists(p):
                ap.error("%s missing: apt-get install wamerican wbritish, pass --wordlist, "
                         "or --exclude wordlist" % p)
    root = os.path.join(args.shared, "data")
    total, lower, pairs, per_source = count(root, sources)
    pairs = collocations(total, pairs)
    listed = read_wordlists(lists)
    left, right, rightp = productivity(total, lower, listed)

    kept = {w for w, c in total.items() if c >= args.min_count} | listed
    rows = sorted(kept, key=lambda w: (-total[w], w))
    with open(args.output, "w", encoding="ascii", newline="\n") as f:
        f.write("# qasid glue lexicon (src/clean/glue.c): "
                "word<TAB>count<TAB>lower<TAB>left<TAB>right<TAB>rightp, then \"word word<TAB>count\"\n")
        f.write("# sources: %s; word lists: %s; min count %d\n" % (
            ",".join(sources), " ".join(os.path.basename(p) for p in lists) or "none",
            args.min_count))
        f.write("# rebuild: tools/build_lexicon.py%s%s && tools/gen_lexicon.py\n" % (
            " --exclude " + ",".join(excluded) if excluded else "",
            " --min-count %d" % args.min_count if args.min_count != 1 else ""))
        for w in rows:
            cols = [total[w], lower[w], left[w], right[w], rightp[w]]
            while cols and cols[-1] == 0:
                cols.pop()
            f.write("\t".join([w] + [str(c) for c in cols]) + "\n")
        for p in sorted(pairs, key=lambda p: (-pairs[p], p)):
            f.write("%s %s\t%d\n" % (p[0], p[1], pairs[p]))
    for s in sources:
        print("%-8s %9d words" % (s, per_source[s]))
    print("word lists: %d words" % len(listed))
    print("%d collocations (two content words seen together %d times or more)" % (
        len(pairs), PAIR_MIN))
    print("%d corpus words (%d kept, count >= %d) + %d only in word lists = %d entries, "
          "%d bytes -> %s" % (len(total), sum(1 for w in total if total[w] >= args.min_count),
                              args.min_count, len(listed - set(total)), len(rows),
                              os.path.getsize(args.output), args.output))


if __name__ == "__main__":
    main()
