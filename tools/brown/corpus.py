#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the unlabeled English corpus for the word clusters (tools/brown).

Reads, from SHARED (default ../shared): news-text/*.jsonl.gz (title, text),
polnear/{train,dev,annotator-training}/text/*.txt, the tokens (first column
only, never the tags) of conll2003/train.txt, and the FORM column of
ud-english-ewt/en_ewt-ud-train.conllu (training splits only). Writes one sentence per line, tokens separated by
single spaces, case kept, to OUT (default stdout), and a summary to stderr.

Raw text is tokenized roughly as CoNLL-2003 and UD English are: punctuation
split off, clitics split ("Google's" -> "Google 's", "don't" -> "do n't"),
hyphenated words, numbers and dotted abbreviations ("U.S.") kept whole.
Python 3 standard library only; deterministic (files read in sorted order).
"""
import glob
import gzip
import hashlib
import html
import json
import os
import re
import sys
import unicodedata

PUNCT_ASCII = {
	"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
	"\u2039": "'", "\u203a": "'",
	"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
	"\u00ab": '"', "\u00bb": '"',
	"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
	"\u2014": " -- ", "\u2015": " -- ", "\u2026": "...",
	"\u00a0": " ", "\u202f": " ", "\u200b": "", "\u00ad": "", "\ufeff": "",
}
PUNCT_RE = re.compile("[" + "".join(PUNCT_ASCII) + "]")

# Abbreviations that keep their period (a small list; dotted initialisms such
# as "U.S." or "a.m." are matched by pattern).
ABBREVS = set("""Mr Mrs Ms Dr Prof St Sr Jr Gen Lt Col Maj Capt Sgt Cpl Adm Brig
Gov Sen Rep Rev Hon Pres Supt Insp Inc Corp Ltd Co Bros Jan Feb Mar Apr Jun Jul
Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun vs No Nos
Fig Mt Ft Ave Blvd Rd Dept Univ Assn Est approx etc Ala Ariz Ark Calif Colo
Conn Fla Ga Ill Kan Kans Ky Md Mass Mich Minn Mo Mont Neb Nev Okla Ore Pa Tenn
Tex Va Vt Wis Wyo""".split())

TOKEN_RE = re.compile(r"""
	  (?P<url>https?://\S+[^\s.,;:!?'")\]]|www\.\S+[^\s.,;:!?'")\]])
	| (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
	| (?P<initials>(?:[^\W\d_]\.){2,})
	| (?P<num>\d+(?:[.,:/]\d+)*(?:-?\w+)*)
	| (?P<word>\w+(?:[-'&.]\w+)*)
	| (?P<dots>\.{2,}|-{2,})
	| (?P<other>\S)
""", re.VERBOSE)

CLITIC_RE = re.compile(r"^(.+?)('s|'S|'re|'RE|'ve|'VE|'ll|'LL|'d|'D|'m|'M)$")
NT_RE = re.compile(r"^(.+)(n't|N'T)$")
ENDERS = {".", "!", "?"}


def normalize(text):
	text = unicodedata.normalize("NFC", text)
	return PUNCT_RE.sub(lambda m: PUNCT_ASCII[m.group(0)], text)


def split_word(w):
	"""Clitics off a word: ["do", "n't"], ["Google", "'s"] or [w]."""
	if "'" not in w:
		return [w]
	m = NT_RE.match(w)
	if m:
		return [m.group(1), m.group(2)]
	m = CLITIC_RE.match(w)
	if m:
		return [m.group(1), m.group(2)]
	return [w]


def tokenize(line):
	"""Tokens of one line of raw text."""
	out = []
	for m in TOKEN_RE.finditer(line):
		kind, tok = m.lastgroup, m.group(0)
		if kind == "word":
			# A word with internal periods that is not an initialism is split
			# before a capital ("end.The"), kept whole otherwise ("SPACE.com").
			parts = re.split(r"\.(?=[A-Z])", tok) if "." in tok else [tok]
			for i, p in enumerate(parts):
				if i:
					out.append(".")
				out.extend(split_word(p))
			nxt = line[m.end():m.end() + 1]
			if nxt == "." and parts[-1] in ABBREVS:
				out[-1] += "."
				# the period is consumed: skip it by marking
				out.append(None)
		else:
			out.append(tok)
	# drop the periods eaten by abbreviations
	toks = []
	skip = False
	for t in out:
		if t is None:
			skip = True
			continue
		if skip and t == ".":
			skip = False
			continue
		skip = False
		toks.append(t)
	return toks


def sentences(toks):
	"""Splits a token list after . ! ? followed by a capital or an opening
	quote or bracket; a closing quote (by parity) stays with its sentence."""
	start = 0
	quotes = 0
	for i, t in enumerate(toks):
		if t == '"':
			quotes += 1
		if t not in ENDERS or i + 1 >= len(toks):
			continue
		n = toks[i + 1]
		if n == '"' and quotes % 2 == 1:
			if i + 2 < len(toks):
				quotes += 1
				yield toks[start:i + 2]
				start = i + 2
			continue
		if n[0].isupper() or n[0] in "\"'(":
			yield toks[start:i + 1]
			start = i + 1
	if start < len(toks):
		yield toks[start:]


MARKUP_RE = re.compile(r"</?(?:tweet|a)\b[^>]*>")


def raw_text_sentences(text):
	text = MARKUP_RE.sub(" ", normalize(text))
	for line in text.split("\n"):
		line = line.strip()
		if line:
			yield from sentences(tokenize(line))


AG_FIX = [
	(re.compile(r"&lt;.*?&gt;"), " "),
	(re.compile(r" ?#39;| ?#146;| ?#145;"), "'"),
	(re.compile(r" ?#147;| ?#148;"), '"'),
	(re.compile(r" ?#36;"), "$"),
	(re.compile(r" ?#151;"), " -- "),
	(re.compile(r"\\"), " "),
]


def news_text(path):
	is_ag = "agnews" in os.path.basename(path)
	seen = set()
	with gzip.open(path, "rt", encoding="utf-8") as f:
		for line in f:
			rec = json.loads(line)
			body = rec.get("title", "") + "\n" + rec.get("text", "")
			key = hashlib.sha1(body.encode("utf-8")).digest()
			if key in seen:
				continue  # bbc has exact duplicate records
			seen.add(key)
			if is_ag:
				for rx, rep in AG_FIX:
					body = rx.sub(rep, body)
				body = html.unescape(body)
			yield from raw_text_sentences(body)


def polnear_text(path):
	with open(path, encoding="utf-8") as f:
		yield from raw_text_sentences(f.read())


def conll2003_tokens(path):
	"""Sentences of the first column; the tags are never read."""
	sent = []
	with open(path, encoding="utf-8", errors="replace") as f:
		for line in f:
			tok = line.split(" ", 1)[0].strip()
			if not tok or tok == "-DOCSTART-":
				if sent:
					yield sent
				sent = []
			else:
				sent.append(tok)
	if sent:
		yield sent


def conllu_forms(path):
	sent = []
	with open(path, encoding="utf-8") as f:
		for line in f:
			line = line.rstrip("\n")
			if not line:
				if sent:
					yield sent
				sent = []
				continue
			if line.startswith("#"):
				continue
			cols = line.split("\t")
			if len(cols) > 1 and cols[0].isdigit():  # words, not ranges or empty nodes
				sent.append(normalize(cols[1]))
	if sent:
		yield sent


def sources(shared):
	d = os.path.join(shared, "data")
	for p in sorted(glob.glob(os.path.join(d, "news-text", "*.jsonl.gz"))):
		yield p, news_text(p)
	for part in ("train", "dev", "annotator-training"):
		for p in sorted(glob.glob(os.path.join(d, "polnear", part, "text", "*.txt"))):
			yield p, polnear_text(p)
	# Training splits only: the dev and test text of the tagged corpora stays
	# unseen, so their scores are not flattered.
	p = os.path.join(d, "conll2003", "train.txt")
	yield p, conll2003_tokens(p)
	p = os.path.join(d, "ud-english-ewt", "en_ewt-ud-train.conllu")
	yield p, conllu_forms(p)


def main(argv):
	shared = argv[1] if len(argv) > 1 else "../shared"
	out = open(argv[2], "w", encoding="utf-8") if len(argv) > 2 else sys.stdout
	nsent = ntok = nfiles = 0
	per = {}
	for path, sents in sources(shared):
		nfiles += 1
		group = os.path.relpath(path, os.path.join(shared, "data")).split(os.sep)[0]
		for s in sents:
			s = [t for t in s if t and t.isprintable() and " " not in t]
			if not s:
				continue
			out.write(" ".join(s))
			out.write("\n")
			nsent += 1
			ntok += len(s)
			per[group] = per.get(group, 0) + len(s)
	if out is not sys.stdout:
		out.close()
	if nfiles == 0:
		sys.stderr.write("corpus.py: no input under %s/data\n" % shared)
		return 1
	detail = ", ".join("%s %d" % (k, per[k]) for k in sorted(per))
	sys.stderr.write("corpus.py: %d files, %d sentences, %d tokens (%s)\n"
	                 % (nfiles, nsent, ntok, detail))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
