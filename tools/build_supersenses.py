#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds data/supersenses-en.txt: WordNet's coarse classes of English words.

WordNet files every synset in one of 45 lexicographer files ("supersenses":
verb.communication, verb.cognition, noun.person, noun.feeling, ...). For each
word of qasid's news vocabulary (the single words of data/lexicon-en.tsv,
lower-cased), this writes the lexicographer files of its two most frequent
noun senses and its two most frequent verb senses, reaching the base form
through WordNet's exception lists and detachment rules (as WordNet's
morphy does). The quote model uses them so that a cue word never seen in
training ("bemoaned", "disdain") weighs like the seen words of its class.

Source: Debian's wordnet-base (/usr/share/wordnet, WordNet 3.0).

Output lines: WORD<TAB>NOUN<TAB>VERB, where NOUN and VERB are the
lexicographer file numbers (03-28 nouns, 29-43 verbs) of the first two
senses, comma-separated and without repeats, or "-". Sorted by word; words
with neither are left out.

Usage: tools/build_supersenses.py [--wordnet DIR] [--lexicon data/lexicon-en.tsv]
                                  [-o data/supersenses-en.txt]
"""
import argparse
import os
import re

RULES = {
    "noun": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
             ("shes", "sh"), ("men", "man"), ("ies", "y")],
    "verb": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
             ("ing", "e"), ("ing", "")],
}


def records(root, name):
    """The lines of a WordNet database file, its licence header (indented) left out."""
    with open(os.path.join(root, name), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line


def read_index(root, pos):
    """lemma -> synset offsets, most frequent sense first."""
    out = {}
    for line in records(root, "index." + pos):
        col = line.split()
        n_sense, n_ptr = int(col[2]), int(col[3])
        out[col[0]] = col[4 + n_ptr + 2:4 + n_ptr + 2 + n_sense]
    return out


def read_lexfiles(root, pos):
    """synset offset -> lexicographer file number (two digits)."""
    return {col[0]: col[1] for col in (line.split(" ", 2) for line in records(root, "data." + pos))}


def read_exc(root, pos):
    out = {}
    with open(os.path.join(root, pos + ".exc"), encoding="latin-1") as f:
        for line in f:
            col = line.split()
            if len(col) >= 2:
                out.setdefault(col[0], col[1:])
    return out


def bases(word, pos, index, exc):
    """The base forms of word in WordNet (the word itself first)."""
    found = []
    for b in [word] + exc.get(word, []):
        if b in index and b not in found:
            found.append(b)
    for suf, rep in RULES[pos]:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            b = word[:len(word) - len(suf)] + rep
            if b in index and b not in found:
                found.append(b)
    return found


def classes(word, pos, index, exc, lexfile):
    out = []
    for b in bases(word, pos, index, exc):
        for off in index[b]:
            lf = lexfile[off]
            if lf not in out:
                out.append(lf)
            break  # each base form's first sense, then ...
    if len(out) < 2:  # ... the word's second sense
        for b in bases(word, pos, index, exc)[:1]:
            for off in index[b][1:2]:
                if lexfile[off] not in out:
                    out.append(lexfile[off])
    return out[:2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--lexicon", default="data/lexicon-en.tsv")
    ap.add_argument("-o", "--output", default="data/supersenses-en.txt")
    a = ap.parse_args()
    words = set()
    with open(a.lexicon, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w = line.split("\t", 1)[0]
            if re.fullmatch(r"[A-Za-z][A-Za-z'-]*", w):
                words.add(w.lower())
    tab = {}
    for pos in ("noun", "verb"):
        tab[pos] = (read_index(a.wordnet, pos), read_exc(a.wordnet, pos),
                    read_lexfiles(a.wordnet, pos))
    n = 0
    with open(a.output, "w", encoding="utf-8") as out:
        out.write("# qasid supersenses: WORD<TAB>NOUN<TAB>VERB (WordNet 3.0 lexicographer file\n"
                  "# numbers of the first two senses). Built by tools/build_supersenses.py from\n"
                  "# Debian's wordnet-base. Do not edit: rebuild.\n")
        for w in sorted(words):
            key = w.replace("-", "_")
            cols = []
            for pos in ("noun", "verb"):
                index, exc, lexfile = tab[pos]
                c = classes(key, pos, index, exc, lexfile)
                cols.append(",".join(c) if c else "-")
            if cols != ["-", "-"]:
                out.write("%s\t%s\t%s\n" % (w, cols[0], cols[1]))
                n += 1
    print("%s: %d words" % (a.output, n))


if __name__ == "__main__":
    main()
