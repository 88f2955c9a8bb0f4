#!/bin/sh
# Peer comparison: Apache OpenNLP's part-of-speech tagger beside qasid's, on
# the same UD English EWT files and machine. Trains OpenNLP on EWT train
# (its conllu format, default settings: maxent, 100 iterations) once for
# UPOS and once for XPOS, tags EWT test's words (gold tokens, a sentence a
# line) and scores both taggers' tags against test's, word by word. Times:
# qasid's own figure from `qasid eval pos` (model loading excluded) and
# OpenNLP POSTagger's own runtime (JVM start-up excluded). Prints accuracy
# and words/s for both and the ratios. Not a test: run it by hand (training
# OpenNLP takes minutes).
#
#   bench/peers/opennlp_pos.sh [SHARED_DIR] [QASID_BIN] [MODEL]
#
# OPENNLP_POS_DIR=DIR keeps OpenNLP's two models there (en-pos-u.bin,
# en-pos-x.bin) and reuses them when present.
#
# Needs Debian's opennlp package (apt-get install opennlp; it installs when
# run as root) and python3.
set -eu
SHARED=${1:-../shared}
QASID=${2:-build/qasid}
MODEL=${3:-models/pos-en.qm}
EWT=$SHARED/data/ud-english-ewt
W=$(mktemp -d /tmp/qasid-opennlp-pos-XXXXXX)
trap 'rm -rf "$W"' EXIT
MODELS=${OPENNLP_POS_DIR:-$W}

. "$(dirname "$0")/need_opennlp.sh"
need_opennlp opennlp_pos

# qasid: its accuracy and its own words/s.
"$QASID" eval pos -m "$MODEL" "$EWT/en_ewt-ud-test.conllu" >"$W/qasid.txt"
q_upos=$(grep -o 'UPOS [0-9.]*' "$W/qasid.txt" | cut -d' ' -f2)
q_xpos=$(grep -o 'XPOS [0-9.]*' "$W/qasid.txt" | cut -d' ' -f2)
q_wps=$(grep -o '[0-9]* words/s' "$W/qasid.txt" | cut -d' ' -f1)

# The test file's words, a sentence a line (multiword-token and empty-node lines left out).
awk -F'\t' '/^#/ { next }
     NF == 0 { if (s != "") print s; s = ""; next }
     $1 ~ /^[0-9]+$/ { s = s == "" ? $2 : s " " $2 }
     END { if (s != "") print s }' "$EWT/en_ewt-ud-test.conllu" >"$W/test.sent"
words=$(wc -w <"$W/test.sent")

# OpenNLP, UPOS (u) and XPOS (x): train unless kept, tag, time, score.
for set in u x; do
	m=$MODELS/en-pos-$set.bin
	start=$(date +%s)
	if [ -f "$m" ]; then
		echo "(reused)" >"$W/train-$set.secs"
	else
		opennlp POSTaggerTrainer.conllu -model "$m" -lang eng -tagset "$set" \
			-data "$EWT/en_ewt-ud-train.conllu" -encoding UTF-8 >"$W/train-$set.log" 2>&1
		echo "$(( $(date +%s) - start )) s" >"$W/train-$set.secs"
	fi
	opennlp POSTagger "$m" <"$W/test.sent" >"$W/tagged-$set.txt" 2>"$W/tag-$set.log"
	grep -o 'Runtime: [0-9.]*s' "$W/tag-$set.log" | tr -dc '0-9.' >"$W/tag-$set.secs"
done
# Accuracy of each tag set: column 4 (UPOS) or 5 (XPOS) of test against OpenNLP's word_TAG.
python3 - "$EWT/en_ewt-ud-test.conllu" "$W/tagged-u.txt" "$W/tagged-x.txt" >"$W/onlp.acc" <<'PY'
import sys
gold = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
gold = [g for g in gold if len(g) == 10 and g[0].isdigit()]
for col, path in ((3, sys.argv[2]), (4, sys.argv[3])):
    pred = [w.rsplit("_", 1)[-1] for l in open(path, encoding="utf-8") for w in l.split()]
    if len(pred) != len(gold):
        sys.exit("opennlp_pos: %s has %d words, the test file %d" % (path, len(pred), len(gold)))
    print("%.2f" % (100.0 * sum(p == g[col] for p, g in zip(pred, gold)) / len(gold)))
PY
o_upos=$(sed -n 1p "$W/onlp.acc")
o_xpos=$(sed -n 2p "$W/onlp.acc")
o_wps=$(echo "$words / $(cat "$W/tag-u.secs")" | bc -l)

printf 'UD English EWT test, %s words (gold tokens), one run each on this machine\n' "$words"
printf '%-10s %7s %7s %12s   %s\n' tagger UPOS XPOS words/s note
printf '%-10s %7s %7s %12s   %s\n' qasid "$q_upos" "$q_xpos" "$q_wps" \
	"qasid eval pos: both tags in one pass, model loading excluded"
printf '%-10s %7s %7s %12.0f   %s\n' OpenNLP "$o_upos" "$o_xpos" "$o_wps" \
	"POSTagger's own runtime for UPOS (JVM start-up excluded), one model a tag set; training took $(cat "$W/train-u.secs") (UPOS) and $(cat "$W/train-x.secs") (XPOS)"
printf 'ratio qasid/OpenNLP: UPOS %+.2f points, XPOS %+.2f points, speed %.1fx\n' \
	"$(echo "$q_upos - $o_upos" | bc -l)" "$(echo "$q_xpos - $o_xpos" | bc -l)" \
	"$(echo "$q_wps / $o_wps" | bc -l)"
