/* SPDX-License-Identifier: MIT */
/*
 * The token view shared by the entity and quote stages, and the pairing of
 * quote marks into quoted stretches.
 *
 * Quote marks lose their direction in the cleaned text (“ and ” both become
 * "), so the direction is read from the input character when it is curly or
 * a guillemet, else guessed from the spaces around the mark. Marks pair
 * within a paragraph; a paragraph that opens a quote and does not close it
 * continues into the next when that one opens with a quote mark (the news
 * convention for multi-paragraph quotes), else the quote ends with its
 * paragraph, so an unbalanced mark never swallows the rest of the article.
 */
#include <ctype.h>
#include <string.h>

#include "../clean/lexicon.h"
#include "../core/utf8.h"
#include "quote.h"

void qv_fini(quo_view *v)
{
	qs_free(v->t);
	qs_free(v->sent_first);
	VEC_FREE(&v->dq);
	qs_free(v->ner_ent);
	memset(v, 0, sizeof *v);
}

/* Direction of the quote mark at cleaned byte b: 1 open, -1 close, 0 unknown; *hard when sure. */
static int mark_dir(const qasid_doc *doc, uint32_t b, uint32_t end, int *hard)
{
	uint32_t in = doc->src_start.v[b];
	const unsigned char *p = (const unsigned char *)doc->input.data + in;
	size_t left = doc->input.len - in;
	const char *t = doc->text.data;
	int32_t cp = 0;
	int before_space, after_space;

	*hard = 0;
	if (left && utf8_decode(p, left, &cp)) {
		*hard = 1;
		switch (cp) {
		case 0x201C: case 0x2018: case 0x201E: case 0x00AB: case 0x201A: return 1;
		case 0x201D: case 0x2019: case 0x00BB: return -1;
		default: *hard = 0;
		}
	}
	before_space = b == 0 || isspace((unsigned char)t[b - 1]) || strchr("([{-/", t[b - 1]);
	after_space = end >= doc->text.len || isspace((unsigned char)t[end]) ||
	              strchr(".,;:!?)]}-", t[end]);
	if (before_space && !after_space)
		return 1;
	if (after_space && !before_space)
		return -1;
	return 0;
}

/*
 * Is token i the first of three apostrophes that close a single and a double
 * quote at once ("'Kosovo is a special case,''' Mr. Putin said")? The first
 * closes the single quote; the other two stand for the double mark.
 */
static int closing_triple(const qasid_doc *doc, uint32_t i)
{
	int hard;

	return qv_lone_apos(doc, i, 0) && !(qv_lone_apos(doc, i, 1) && qv_lone_apos(doc, i - 1, 0)) &&
	       qv_lone_apos(doc, i + 1, 1) && qv_lone_apos(doc, i + 2, 1) &&
	       mark_dir(doc, doc->tokens.v[i].start, doc->tokens.v[i + 2].end, &hard) == -1;
}

/*
 * Marks the labels in capitals opening paragraphs ("BENENSON: ...") whose
 * last word ends another such label too: a transcript names each speaker
 * again; a dateline ("GAZA CITY: ...") is not repeated so. At most
 * QV_MAX_LABELS labels are compared.
 */
#define QV_MAX_LABELS 512
static void mark_relabels(quo_view *v)
{
	uint32_t i, f, n = 0, a, b, last[QV_MAX_LABELS];

	for (i = 0; i < v->n && n < QV_MAX_LABELS; i++) {
		if (i > 0 && v->t[i].para == v->t[i - 1].para)
			continue;
		for (f = i; f < i + 3 && f + 1 < v->n && v->t[f + 1].para == v->t[i].para &&
		            v->t[f].cap && qv_no_lower(&v->t[f]);
		     f++)
			if (qv_is(v, f + 1, ":")) {
				last[n++] = f;
				break;
			}
	}
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			if (!strcmp(v->t[last[a]].low, v->t[last[b]].low))
				v->t[last[a]].relabel = v->t[last[b]].relabel = 1;
}

static void lower_copy(char *dst, const char *s, uint32_t n)
{
	uint32_t i;

	if (n >= QV_LOW)
		n = QV_LOW - 1;
	for (i = 0; i < n; i++)
		dst[i] = (char)tolower((unsigned char)s[i]);
	dst[n] = '\0';
}

static int push_dq(quo_view *v, uint32_t open, uint32_t close, int closed)
{
	qv_dq q = {open, close, open + 1, closed ? close - 1 : close, 0, 0};
	uint32_t i;

	if (q.last + 1 < q.first || q.last >= v->n)
		return QASID_OK;
	for (i = q.first; i <= q.last && i < v->n; i++)
		if (!qv_punct(v, i))
			q.n_words++;
	if (!q.n_words)
		return QASID_OK;
	if (closed && close + 1 < v->n && v->t[close + 1].qmark == 0 && v->t[close + 1].len == 1 &&
	    v->t[close + 1].s[0] == '\'' && v->t[close].s[0] == '\'')
		q.close = close + 1; /* the second half of a '' mark */
	return VEC_PUSH(&v->dq, q);
}

/* Pairs the double quote marks, paragraph by paragraph. */
static int pair_double(quo_view *v)
{
	uint32_t i;
	int64_t open = -1;
	int depth = 0, rc;

	for (i = 0; i < v->n; i++) {
		qv_tok *t = &v->t[i];
		int last_of_para = i + 1 == v->n || v->t[i + 1].para != t->para;

		if (t->qmark == 1) {
			if (open < 0) {
				if (t->qdir >= 0) {
					open = i;
					depth = 0;
				}
			} else if (t->qdir == 1 && t->qhard && i > (uint32_t)open + 1) {
				depth++; /* a sure opener inside a quote: a nested quote */
			} else if (depth > 0) {
				depth--;
			} else {
				if ((rc = push_dq(v, (uint32_t)open, i, 1)))
					return rc;
				open = -1;
			}
		}
		if (last_of_para && open >= 0) {
			/* continues when the next paragraph opens with a mark */
			if (i + 1 < v->n && v->t[i + 1].qmark == 1 && v->t[i + 1].qdir >= 0) {
				i++;
				depth = 0;
				continue;
			}
			if ((rc = push_dq(v, (uint32_t)open, i, 0)))
				return rc;
			open = -1;
		}
	}
	return QASID_OK;
}

/* Pairs single quote marks: sure opener and closer in one sentence. */
static int pair_single(quo_view *v)
{
	uint32_t i, k;
	int rc;

	for (i = 0; i < v->n; i++) {
		if (v->t[i].qmark != 2 || v->t[i].qdir != 1 || v->t[i].inq >= 0)
			continue;
		for (k = i + 1; k < v->n && k < i + 200 && v->t[k].sent == v->t[i].sent; k++)
			if (v->t[k].qmark == 2 && v->t[k].qdir == -1)
				break;
		if (k < v->n && k < i + 200 && v->t[k].sent == v->t[i].sent && v->t[k].qmark == 2) {
			if ((rc = push_dq(v, i, k, 1)))
				return rc;
			i = k;
		}
	}
	return QASID_OK;
}

/*
 * Does the word name a person by what they do ("chancellor", "sprinter")?
 * WordNet's first noun sense is noun.person, and the corpora of the glue
 * lexicon write it in lower case at least half the time, which surnames
 * ("Blair", "Smith": noun.person too) never are, or seldom enough to tell.
 */
static int role_noun(const qv_tok *t)
{
	return QS_NOUN1(t->senses) == QS_NOUN_PERSON && qv_mostly_lower(t, 1);
}

int qv_tagged(const quo_view *v, uint32_t k, const char *type)
{
	return v->t[k].ner >= 0 && !strcmp(v->doc->mentions.v[v->t[k].ner].type, type);
}

int qv_mostly_lower(const qv_tok *t, int unknown)
{
	const lex_part *lp = lex_find(&lex_en, lex_hash(t->low, strlen(t->low)));

	return lp ? lp->lower * 2 >= lp->count : unknown; /* "housebuilder": too rare to tell */
}

int qv_build(quo_view *v, const qasid_doc *doc)
{
	uint32_t i, s, p = 0, m;
	int have_pos = doc->pos.n == doc->tokens.n && doc->tokens.n > 0, rc;

	memset(v, 0, sizeof *v);
	v->doc = doc;
	v->n = (uint32_t)doc->tokens.n;
	v->n_sent = (uint32_t)doc->sentences.n;
	v->t = qs_malloc((v->n + 1) * sizeof *v->t);
	v->sent_first = qs_malloc((v->n_sent + 1) * sizeof *v->sent_first);
	if (!v->t || !v->sent_first) {
		qv_fini(v);
		return QASID_ENOMEM;
	}
	memset(v->t, 0, (v->n + 1) * sizeof *v->t);
	for (s = 0; s < v->n_sent; s++) {
		const qasid_sentence *se = &doc->sentences.v[s];

		v->sent_first[s] = se->first_token;
		for (i = se->first_token; i < se->first_token + se->n_tokens && i < v->n; i++)
			v->t[i].sent = s;
	}
	v->sent_first[v->n_sent] = v->n;
	for (i = 0; i < v->n; i++) {
		qv_tok *t = &v->t[i];
		const qasid_span *sp = &doc->tokens.v[i];
		int hard = 0;

		t->s = doc->text.data + sp->start;
		t->len = sp->end - sp->start;
		lower_copy(t->low, t->s, t->len);
		t->upos = have_pos ? doc->pos.v[i].upos : "";
		t->cluster = have_pos ? doc->pos.v[i].cluster : 0;
		t->senses = qs_senses(t->low);
		t->xpos = have_pos ? doc->pos.v[i].xpos : "";
		while (p + 1 < doc->paragraphs.n && sp->start >= doc->paragraphs.v[p].end)
			p++;
		t->para = p;
		t->ner = -1;
		t->inq = -1;
		t->cap = isupper((unsigned char)t->s[0]) != 0;
		if ((t->len == 1 && t->s[0] == '"') ||
		    (t->len == 2 && (!memcmp(t->s, "``", 2) || !memcmp(t->s, "''", 2))))
			t->qmark = 1; /* '' and `` stand for double marks in some papers */
		else if (t->len == 1 && (t->s[0] == '\'' || t->s[0] == '`'))
			t->qmark = strcmp(t->xpos, "POS") ? 2 : 0;
		if (t->qmark == 2 && qv_lone_apos(doc, i, 1) && v->t[i - 1].qmark == 2 &&
		    qv_lone_apos(doc, i - 1, 0) && !closing_triple(doc, i - 1)) {
			/* '' split in two tokens: the first stands for a double mark */
			qv_tok *f = &v->t[i - 1];

			f->qmark = 1;
			f->qdir = (int8_t)mark_dir(doc, doc->tokens.v[i - 1].start, sp->end, &hard);
			f->qhard = (uint8_t)hard;
			t->qmark = 0;
		} else if (t->qmark) {
			t->qdir = (int8_t)mark_dir(doc, sp->start, sp->end, &hard);
			t->qhard = (uint8_t)hard;
			if (!hard && t->qmark == 2)
				t->qdir = 0; /* straight single marks: apostrophes too often */
			if (hard && t->qmark == 2 && t->qdir == -1 && i + 1 < v->n &&
			    doc->tokens.v[i + 1].start == sp->end &&
			    isalnum((unsigned char)doc->text.data[sp->end]))
				t->qmark = 0; /* ’ glued to a word: an apostrophe */
		}
		t->cue = (uint16_t)quo_cue_bits(t->low);
		t->word = (uint16_t)quo_word_bits(t->low);
		if (role_noun(t))
			t->word |= QW_ROLE;
		/* "Mrs", "spokeswoman"; kin words in lower case only ("Big Brother" is a show) */
		t->sex = t->word & QW_MALE || (t->word & QW_MALE_KIN && !t->cap)       ? 'm'
		         : t->word & QW_FEMALE || (t->word & QW_FEMALE_KIN && !t->cap) ? 'f'
		                                                                       : 0;
	}
	for (m = 0; m < doc->mentions.n; m++) {
		const qasid_mention *mn = &doc->mentions.v[m];

		for (i = mn->first_token; i < mn->first_token + mn->n_tokens && i < v->n; i++) {
			v->t[i].ner = (int32_t)m;
			/* a word of a name is no cue: "the United States", "Islamic State" */
			if (v->t[i].cap && !strcmp(v->t[i].upos, "PROPN"))
				v->t[i].cue = 0;
		}
	}
	for (i = 2; i < v->n; i++)
		if (qv_glued_hyphen(v, i - 1))
			v->t[i].cue = 0; /* "so-called", "self-proclaimed": a modifier, no cue */
	mark_relabels(v);
	if ((rc = pair_double(v)) || (rc = pair_single(v))) {
		qv_fini(v);
		return rc;
	}
	/* Mark contents, outer quotes first (double marks were paired first). */
	for (m = 0; m < v->dq.n; m++) {
		qv_dq *q = &v->dq.v[m];

		if (v->t[q->open].inq >= 0) { /* nested inside an earlier quote */
			q->used = 1;
			continue;
		}
		for (i = q->open; i <= q->close && i < v->n; i++)
			if (v->t[i].inq < 0)
				v->t[i].inq = (int32_t)m;
	}
	return QASID_OK;
}

uint32_t qv_token_at(const quo_view *v, uint32_t pos)
{
	const qasid_doc *doc = v->doc;
	uint32_t lo = 0, hi = v->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (doc->tokens.v[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && doc->tokens.v[lo].start == pos ? lo : v->n;
}

int qv_opens_sentence(const quo_view *v, uint32_t k)
{
	uint32_t lo = qv_sfirst(v, v->t[k].sent), j;

	for (j = lo; j < k && j < lo + 6; j++) { /* "On Monday," */
		if (!strcmp(v->t[j].upos, "VERB") || !strcmp(v->t[j].upos, "AUX"))
			break;
		if (v->t[j].len == 1 && v->t[j].s[0] == ',') {
			lo = j + 1;
			break;
		}
	}
	for (j = lo; j < k; j++) {
		const qv_tok *t = &v->t[j];

		if (!(t->cap || t->word & (QW_TITLE | QW_ROLE | QW_KIN | QW_SOURCE) ||
		      !strcmp(t->upos, "NOUN") || !strcmp(t->upos, "ADJ") || !strcmp(t->upos, "DET") ||
		      !strcmp(t->xpos, "POS")))
			return 0;
	}
	return 1;
}
