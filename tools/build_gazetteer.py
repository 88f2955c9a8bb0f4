#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds data/gazetteer-en.txt, the gazetteer of the NER tagger.

Lines are CATEGORY<TAB>PHRASE, sorted; `qasid train ner --gazetteer` reads them
and stores them in the model (matching ignores case). Sources, all free:

  * GeoNames tables in ../shared/data/gazetteer (CC BY 4.0): countries and
    capitals (countryInfo), first-level regions (admin1), cities (cities15000:
    name, ASCII name, and for cities over a million their ASCII alternate names);
  * Debian's iso-codes (/usr/share/iso-codes/json): countries, former
    countries, subdivisions, currencies, languages;
  * Debian's wordnet-base (/usr/share/wordnet): capitalised nouns by lexicographer
    file (people, places, groups, languages, events, ...) and capitalised
    adjectives (nationalities, religions);
  * Debian's miscfiles (/usr/share/dict/propernames.gz): first names;
  * Debian's wamerican (/usr/share/dict/american-english): capitalised words.

Usage: tools/build_gazetteer.py [--shared ../shared] [-o data/gazetteer-en.txt]
"""
import argparse
import gzip
import json
import os
import re
import sys

WN_LEXFILE = {
    "18": "wn-person",
    "15": "wn-location",
    "17": "wn-location",  # noun.object: rivers, mountains, islands
    "14": "wn-group",
    "10": "wn-communication",  # languages, books, newspapers
    "11": "wn-event",
    "06": "wn-artifact",
    "28": "wn-time",
}

CONTINENTS = ["Africa", "Antarctica", "Asia", "Australia", "Europe", "North America",
              "South America", "Oceania", "Central America", "Latin America", "Middle East",
              "Caribbean", "Scandinavia", "Balkans", "Caucasus", "Central Asia",
              "Southeast Asia", "East Asia", "South Asia", "Eastern Europe", "Western Europe",
              "Gulf", "Pacific", "Atlantic", "Mediterranean", "Arctic"]

PHRASE_OK = re.compile(r"^[^\s,;()\[\]/\"]+( [^\s,;()\[\]/\"]+){0,7}$")


def add(out, cat, phrase):
    phrase = " ".join(phrase.replace("_", " ").split())
    if not phrase or not PHRASE_OK.match(phrase):
        return
    if not any(ch.isalpha() for ch in phrase):
        return
    out.add((cat, phrase))


def geonames(out, shared):
    base = os.path.join(shared, "data", "gazetteer")
    with open(os.path.join(base, "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            col = line.rstrip("\n").split("\t")
            if len(col) > 5:
                add(out, "geo-country", col[4])
                if col[5]:
                    add(out, "geo-capital", col[5])
    with open(os.path.join(base, "admin1CodesASCII.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            col = line.rstrip("\n").split("\t")
            if len(col) > 2:
                add(out, "geo-region", col[1])
                add(out, "geo-region", col[2])
    with gzip.open(os.path.join(base, "cities15000.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            col = line.rstrip("\n").split("\t")
            if len(col) < 15:
                continue
            pop = int(col[14] or 0)
            cat = "geo-city" if pop >= 100000 else "geo-town"
            add(out, cat, col[1])
            add(out, cat, col[2])
            if pop >= 1000000:
                for alt in col[3].split(","):
                    if alt.isascii() and alt[:1].isupper():
                        add(out, "geo-city", alt)
    for c in CONTINENTS:
        add(out, "geo-area", c)


def iso_codes(out, root="/usr/share/iso-codes/json"):
    def load(name, key):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            return json.load(f)[key]

    for c in load("iso_3166-1.json", "3166-1"):
        for k in ("name", "official_name", "common_name"):
            if k in c:
                add(out, "iso-country", c[k])
    for c in load("iso_3166-3.json", "3166-3"):
        add(out, "iso-former-country", c["name"])
    for c in load("iso_3166-2.json", "3166-2"):
        add(out, "iso-subdivision", c["name"])
    for c in load("iso_4217.json", "4217"):
        add(out, "iso-currency", c["name"])
    for c in load("iso_639-2.json", "639-2"):
        for name in c["name"].split(";"):
            add(out, "iso-language", name.strip())


def wordnet(out, root="/usr/share/wordnet"):
    with open(os.path.join(root, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            col = line.split(" ")
            lexfile, n = col[1], int(col[3], 16)
            lemmas = [col[4 + 2 * i] for i in range(n)]
            instance = " @i " in line.split("|")[0]
            cat = WN_LEXFILE.get(lexfile, "wn-other")
            for lemma in lemmas:
                lemma = re.sub(r"\(.*\)$", "", lemma)
                if not lemma[:1].isupper():
                    continue
                if cat == "wn-person":
                    add(out, "wn-person-name" if instance else "wn-person-class", lemma)
                    words = lemma.split("_")
                    if instance and len(words) > 1 and words[-1][:1].isupper():
                        add(out, "wn-surname", words[-1])
                else:
                    add(out, cat, lemma)
    with open(os.path.join(root, "data.adj"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            col = line.split(" ")
            n = int(col[3], 16)
            for i in range(n):
                lemma = re.sub(r"\(.*\)$", "", col[4 + 2 * i])
                if lemma[:1].isupper():
                    add(out, "wn-adjective", lemma)


def dicts(out):
    path = "/usr/share/dict/propernames.gz"
    if os.path.exists(path):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                add(out, "first-name", line.strip())
    path = "/usr/share/dict/american-english"
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w[:1].isupper() and not w.endswith("'s"):
                    add(out, "dict-proper", w)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("-o", "--output", default=os.path.join(os.path.dirname(__file__), "..", "data",
                                                           "gazetteer-en.txt"))
    a = ap.parse_args()
    out = set()
    geonames(out, a.shared)
    iso_codes(out)
    wordnet(out)
    dicts(out)
    cats = sorted({c for c, _ in out})
    if len(cats) > 32:
        sys.exit("too many categories: %d" % len(cats))
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("# qasid NER gazetteer: CATEGORY<TAB>PHRASE. Built by tools/build_gazetteer.py\n")
        f.write("# from GeoNames (CC BY 4.0, www.geonames.org), Debian iso-codes, WordNet 3.0,\n")
        f.write("# miscfiles and wamerican. Do not edit: rebuild.\n")
        for c, p in sorted(out):
            f.write("%s\t%s\n" % (c, p))
    counts = {}
    for c, _ in out:
        counts[c] = counts.get(c, 0) + 1
    print("%s: %d entries in %d categories: %s" % (a.output, len(out), len(cats),
          ", ".join("%s %d" % (c, counts[c]) for c in cats)), file=sys.stderr)


if __name__ == "__main__":
    main()
