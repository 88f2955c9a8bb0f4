#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds qasid's table of CAMEO event codes and their PLOVER types.

    tools/build_cameo.py [--tsv ../shared/data/event-validation/cameo/cameo_eventcodes.tsv]

writes data/cameo-en.tsv: code, root, name, quad class, Goldstein score,
PLOVER event type and PLOVER mode, one code per line, from the merged table
in ../shared/data/event-validation (GDELT's CAMEO names and Goldstein
scores, and the CAMEO-to-PLOVER table of the PLOVER manual, 2021).

Two decisions of ours: roots 01 (statements) have no PLOVER type, and root
02 (appeal) takes PLOVER's REQUEST, into which PLOVER folded CAMEO's appeals.
Where the PLOVER table was written against older CAMEO numbering (the
DEMAND family 101-108, see the data README), the type is kept (all are
REQUEST) and the mode dropped. And 163 (impose embargo, boycott or
sanctions), which the table puts under COERCE, is SANCTION: the PLOVER
manual's SANCTION is the withdrawal of cooperation, sanctions and embargoes
among it, and the PLOVER gold sentences type imposed sanctions so. The
manual's own definitions also decide three more: resignations (0831) are
RETREAT ("RETREAT also covers resignations of government officials", mode
resign), easing a curfew or a state of emergency (0813, 0814) is CONCEDE
(its CONCEDE lists "remove curfews" among the easing of administrative
restrictions, the family 081 the table itself puts under CONCEDE), and an
occupation (192) is ASSAULT (its THREATEN: a threat to occupy "is distinct
from ASSAULT, which refers to military occupations that have been or are
being carried out").
Deterministic.
"""
import argparse
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "shared", "data", "event-validation", "cameo",
                       "cameo_eventcodes.tsv")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--tsv", default=DEFAULT)
    ap.add_argument("-o", default=os.path.join(HERE, "..", "data", "cameo-en.tsv"))
    a = ap.parse_args()
    rows = []
    with open(a.tsv, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            code, root = r["code"], r["root_code"]
            plover, mode = r["plover_event"], r["plover_mode"]
            if root == "02":
                plover, mode = "REQUEST", ""
            if code == "163":
                plover = "SANCTION"
            if code == "0831":
                plover, mode = "RETREAT", "resign"
            if code in ("0813", "0814"):
                plover, mode = "CONCEDE", ""
            if code == "192":
                plover, mode = "ASSAULT", "territory"
            if code[:3] in ("101", "102", "103", "104", "105", "106", "107", "108") and \
                    r["plover_table_cameo_name"] != r["name"]:
                mode = ""
            name = " ".join(r["name"].split())
            rows.append((code, root, name, r["quad_class"], r["goldstein"], plover, mode))
    with open(a.o, "w", encoding="utf-8") as out:
        out.write("# CAMEO event codes with PLOVER types: written by tools/build_cameo.py; do not edit.\n")
        out.write("# code\troot\tname\tquad_class\tgoldstein\tplover\tplover_mode\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    print("%s: %d codes" % (a.o, len(rows)))


if __name__ == "__main__":
    main()
