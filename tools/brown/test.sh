#!/bin/sh
# SPDX-License-Identifier: MIT
# Sanity test of tools/brown on a synthetic corpus whose words come in four
# kinds with distinct contexts (determiner noun verb determiner noun .): with
# five classes (one goes to the sentence boundary), each kind must end up
# alone in its class, and two runs must give the same bytes.
# Usage: tools/brown/test.sh [BROWN_BINARY]   (default build/tools/brown)
set -eu
brown=${1:-build/tools/brown}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/corpus.txt" <<'PY'
import random, sys
rng = random.Random(7)
det = ["the", "a", "this", "every", "that"]
noun = ["dog", "cat", "man", "city", "car", "bank", "court", "army"]
verb = ["sees", "likes", "buys", "hits", "calls", "moves"]
with open(sys.argv[1], "w") as f:
	for _ in range(3000):
		f.write("%s %s %s %s %s .\n" % (rng.choice(det), rng.choice(noun),
		        rng.choice(verb), rng.choice(det), rng.choice(noun)))
PY
"$brown" -q -c 5 -m 1 -o "$tmp/a.txt" "$tmp/corpus.txt"
"$brown" -q -c 5 -m 1 -o "$tmp/b.txt" "$tmp/corpus.txt"
cmp -s "$tmp/a.txt" "$tmp/b.txt" || { echo "brown test: two runs differ"; exit 1; }

python3 - "$tmp/a.txt" <<'PY'
import sys
kinds = {"det": "the a this every that", "noun": "dog cat man city car bank court army",
         "verb": "sees likes buys hits calls moves", "end": "."}
path = {}
for line in open(sys.argv[1]):
	bits, word, count = line.rstrip("\n").split("\t")
	assert set(bits) <= {"0", "1"} and bits and int(count) > 0, line
	path[word] = bits
seen = {}
for kind, words in kinds.items():
	paths = {path[w] for w in words.split()}
	if len(paths) != 1:
		sys.exit("brown test: %s words split over %s" % (kind, sorted(paths)))
	seen[kind] = paths.pop()
if len(set(seen.values())) != len(seen):
	sys.exit("brown test: kinds share a class: %s" % seen)
print("brown test: ok (%d words, classes %s)" % (len(path), seen))
PY
