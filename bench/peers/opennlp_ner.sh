#!/bin/sh
# Peer comparison: Apache OpenNLP's name finder beside qasid's NER, on the same
# CoNLL-2003 files and machine. Trains OpenNLP on train.txt (its conll03
# format, default settings), scores both on test.txt with the same scorer
# (../shared/tools/conlleval.py), and times both taggers on test.txt's
# sentences (qasid: `qasid tag --ner`; OpenNLP: TokenNameFinder, its own
# runtime figure, JVM start-up excluded). Prints F1 and tokens/s for both and
# the ratios. Not a test: run it by hand (it takes minutes).
#
#   bench/peers/opennlp_ner.sh [SHARED_DIR] [QASID_BIN] [MODEL]
#
# OPENNLP_MODEL=FILE reuses (or keeps) OpenNLP's model instead of retraining.
#
# Needs Debian's opennlp package (apt-get install opennlp; it installs when
# run as root) and python3.
set -eu
SHARED=${1:-../shared}
QASID=${2:-build/qasid}
MODEL=${3:-models/ner-en.qm}
DATA=$SHARED/data/conll2003
CONLLEVAL=$SHARED/tools/conlleval.py
W=$(mktemp -d /tmp/qasid-opennlp-XXXXXX)
trap 'rm -rf "$W"' EXIT

. "$(dirname "$0")/need_opennlp.sh"
need_opennlp opennlp_ner

tokens=$(awk 'NF && $1 != "-DOCSTART-"' "$DATA/test.txt" | wc -l)

# qasid
t0=$(date +%s.%N)
"$QASID" tag --ner -m "$MODEL" "$DATA/test.txt" >"$W/qasid.out"
t1=$(date +%s.%N)
q_f1=$(python3 "$CONLLEVAL" "$W/qasid.out" | awk '/^accuracy/ {print $NF}')
q_secs=$(echo "$t1 - $t0" | bc -l)

# OpenNLP: train with its defaults (maxent, 100 iterations), unless OPENNLP_MODEL
# names a model trained so before.
start=$(date +%s)
ONLP_MODEL=${OPENNLP_MODEL:-$W/en-ner.bin}
if [ ! -f "$ONLP_MODEL" ]; then
	opennlp TokenNameFinderTrainer.conll03 -model "$ONLP_MODEL" -lang eng -data "$DATA/train.txt" \
		-encoding UTF-8 -types per,loc,org,misc >"$W/train.log" 2>&1
fi
o_train=$(( $(date +%s) - start ))
# Tag test.txt sentence by sentence (tokens joined by spaces, documents apart).
awk 'BEGIN { s = "" }
     $1 == "-DOCSTART-" { if (s != "") print s; s = ""; print ""; next }
     NF == 0 { if (s != "") print s; s = ""; next }
     { s = s == "" ? $1 : s " " $1 }
     END { if (s != "") print s }' "$DATA/test.txt" >"$W/test.sent"
opennlp TokenNameFinder "$ONLP_MODEL" <"$W/test.sent" >"$W/opennlp.sent" 2>"$W/tag.log"
o_secs=$(grep -o 'Runtime: [0-9.]*s' "$W/tag.log" | tr -dc '0-9.')
# Back to CoNLL columns: gold tag, then OpenNLP's tag (IOB2), for conlleval.
python3 - "$DATA/test.txt" "$W/opennlp.sent" >"$W/opennlp.out" <<'PY'
import re, sys
gold = [l.split() for l in open(sys.argv[1], encoding="utf-8")]
TYPES = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "MISC": "MISC"}
pred = []
for line in open(sys.argv[2], encoding="utf-8"):
    toks = line.split()
    if not toks:
        continue
    tags, cur = [], None
    for t in toks:
        m = re.match(r"^<START:(\w+)>$", t)
        if m:
            cur, first = m.group(1).upper(), True
            continue
        if t == "<END>":
            cur = None
            continue
        tags.append("O" if cur is None else ("B-" if first else "I-") + TYPES.get(cur, cur))
        first = False
    pred.extend(tags)
k = 0
for g in gold:
    if not g or g[0] == "-DOCSTART-":
        print(" ".join(g))
        continue
    print(" ".join(g + [pred[k] if k < len(pred) else "O"]))
    k += 1
PY
o_f1=$(python3 "$CONLLEVAL" "$W/opennlp.out" | awk '/^accuracy/ {print $NF}')

printf 'CoNLL-2003 test.txt, %s tokens, one run each on this machine\n' "$tokens"
printf '%-10s %8s %14s   %s\n' tagger F1 tokens/s note
printf '%-10s %8s %14.0f   %s\n' qasid "$q_f1" "$(echo "$tokens / $q_secs" | bc -l)" \
	"qasid tag --ner, whole command (start-up and model load included)"
printf '%-10s %8s %14.0f   %s\n' OpenNLP "$o_f1" "$(echo "$tokens / $o_secs" | bc -l)" \
	"TokenNameFinder's own runtime (JVM start-up excluded); training took ${o_train} s"
printf 'ratio qasid/OpenNLP: F1 %+.2f points, speed %.1fx\n' "$(echo "$q_f1 - $o_f1" | bc -l)" \
	"$(echo "($tokens / $q_secs) / ($tokens / $o_secs)" | bc -l)"
