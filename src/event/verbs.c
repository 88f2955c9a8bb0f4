/* SPDX-License-Identifier: MIT */
/*
 * The event lexicon: triggers (verb and noun lemmas) with the words that
 * must follow them and a CAMEO code, irregular forms, and the CAMEO table
 * with PLOVER types.
 *
 * Format (data/verbs-en.txt; README.md, "Events"):
 *   # comment
 *   CODE : pattern | pattern      verb triggers ("190 : attack | open fire")
 *   CODE n : pattern | pattern    noun triggers ("195 n : airstrike")
 *   @ lemma : form | form         irregular forms ("@ fight : fought")
 * A pattern's first word is the trigger's lemma; the others must follow it
 * in the same clause, in order, gaps allowed. CODE may be a pair
 * "042:043": the event, and its reverse (target to source) with the second
 * code.
 *
 * PETRARCH and TABARI verb dictionaries (CAMEO.2.0.txt and the validation
 * suites' files) are read too, told from their "--- VERB [CODE] ---" block
 * headers: each verb of a block (with its {irregular forms}) gets the
 * block's code; each "- ... * ... [CODE]" pattern becomes a pattern of ours
 * from the words after the verb (synsets "&NAME" expanded, actor slots
 * $ + % dropped); words before the verb ("- NOT * [120]") must come before
 * it in its clause or in the verbs above it. As there, words joined by "_"
 * must be consecutive ("DEATH_TOTAL"), as must a synset member's words,
 * while a space lets others come between ("DEATH TOLL": "death and injury
 * toll"). Codes that are not CAMEO numbers are left out; "[---]" patterns code
 * nothing, as there, and so does a verb line's own "[---]" (a bare pattern
 * that codes nothing). A compound verb "+CALL_OFF {+CALLED_OFF}" is its
 * verb followed at once by the rest. In a dictionary whose patterns mark
 * their phrases, "(TO BORDER)" and "{MOCK ATTACK}" (PETRARCH-2's), each
 * word keeps its role there (pv_words, evt_pattern in event.h).
 *
 * A hash table maps a trigger (with its kind) to a chain of patterns, and
 * an irregular form to its lemma.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"

#include "verbs_data.h" /* generated from data/verbs-en.txt and data/cameo-en.tsv (Makefile) */

#define PV_MAX_WORDS 24 /* words of one pattern */
/* a word's role in a PETRARCH-2 phrase, marked before it until add_pattern */
#define PV_PREP '('   /* the preposition of "(TO BORDER)" */
#define PV_PPNOUN '<' /* a noun it governs */
#define PV_MOD '{'    /* a modifier: "MOCK" of "{MOCK ATTACK}", "CEASE" of "CEASE_FIRE" */
/* kinds of pattern (add_pattern) */
#define PK_PETRARCH 1
#define PK_PHRASES 2

typedef struct cameo_row {
	char code[8];
	const char *name;
	const char *plover;
} cameo_row;

struct qasid_verbs {
	arena mem;
	VEC(evt_pattern) pats;
	VEC(const char *) words;
	int32_t *heads; /* chains of patterns by trigger and kind */
	size_t n_heads;
	struct irr {
		const char *form, *lemma;
		int32_t next;
	} *irr;
	size_t n_irr, cap_irr;
	int32_t *irr_heads; /* n_heads of them */
	VEC(cameo_row) cameo;
	VEC(const char *) srcs;
};

static uint32_t hash_word(const char *s, unsigned salt)
{
	uint32_t h = 2166136261u ^ salt;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int cmp_cameo(const void *a, const void *b)
{
	return strcmp(((const cameo_row *)a)->code, ((const cameo_row *)b)->code);
}

static const cameo_row *cameo_find(const qasid_verbs *v, const char *code)
{
	cameo_row key;

	if (!code || strlen(code) >= sizeof key.code || !v->cameo.n)
		return NULL;
	strcpy(key.code, code);
	return bsearch(&key, v->cameo.v, v->cameo.n, sizeof key, cmp_cameo);
}

/* Reads the built-in CAMEO table (tab-separated, '#' comments). */
static int load_cameo(qasid_verbs *v, qasid_err *err)
{
	char *text = ar_strndup(&v->mem, (const char *)evt_cameo_tsv, strlen((const char *)evt_cameo_tsv));
	char *line, *next;

	if (!text)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	for (line = text; line && *line; line = next) {
		char *f[8];
		int nf = 0;
		cameo_row r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		f[nf++] = line;
		for (char *p = line; *p && nf < 8; p++)
			if (*p == '\t') {
				*p = '\0';
				f[nf++] = p + 1;
			}
		if (nf < 7 || strlen(f[0]) >= sizeof r.code)
			continue;
		strcpy(r.code, f[0]);
		r.name = f[2];
		r.plover = *f[5] ? f[5] : NULL;
		if (VEC_PUSH(&v->cameo, r))
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	qsort(v->cameo.v, v->cameo.n, sizeof *v->cameo.v, cmp_cameo);
	return QASID_OK;
}

const char *qasid_cameo_name(const qasid_verbs *v, const char *code)
{
	const cameo_row *r = v ? cameo_find(v, code) : NULL;

	return r ? r->name : NULL;
}

const char *qasid_cameo_plover(const qasid_verbs *v, const char *code)
{
	char c[8];
	size_t n;
	const cameo_row *r;

	if (!v || !code || (n = strlen(code)) < 2 || n > 4)
		return NULL;
	memcpy(c, code, n + 1);
	/* The code itself, then its base code (0874 -> 087), then the root's (080). */
	if ((r = cameo_find(v, c)) && r->plover)
		return r->plover;
	if (n == 4) {
		c[3] = '\0';
		if ((r = cameo_find(v, c)) && r->plover)
			return r->plover;
	}
	c[2] = '0';
	c[3] = '\0';
	r = cameo_find(v, c);
	return r ? r->plover : NULL;
}

static int grow_heads(qasid_verbs *v)
{
	size_t n = 4096, i;

	v->heads = qs_malloc(n * sizeof *v->heads);
	v->irr_heads = qs_malloc(n * sizeof *v->irr_heads);
	if (!v->heads || !v->irr_heads)
		return QASID_ENOMEM;
	for (i = 0; i < n; i++)
		v->heads[i] = v->irr_heads[i] = -1;
	v->n_heads = n;
	return QASID_OK;
}

int qasid_verbs_new(qasid_verbs **out, int builtin, qasid_err *err)
{
	qasid_verbs *v = qs_malloc(sizeof *v);
	int rc;

	*out = NULL;
	if (!v)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(v, 0, sizeof *v);
	ar_init(&v->mem);
	if (grow_heads(v)) {
		qasid_verbs_free(v);
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	if ((rc = load_cameo(v, err)) ||
	    (builtin && (rc = qasid_verbs_add_text(v, "builtin:verbs-en.txt",
	                                           (const char *)evt_verbs_en,
	                                           strlen((const char *)evt_verbs_en), err)))) {
		qasid_verbs_free(v);
		return rc;
	}
	*out = v;
	return QASID_OK;
}

void qasid_verbs_free(qasid_verbs *v)
{
	if (!v)
		return;
	VEC_FREE(&v->pats);
	VEC_FREE(&v->words);
	VEC_FREE(&v->cameo);
	VEC_FREE(&v->srcs);
	qs_free(v->heads);
	qs_free(v->irr_heads);
	qs_free(v->irr);
	ar_fini(&v->mem);
	qs_free(v);
}

size_t qasid_verbs_size(const qasid_verbs *v)
{
	return v ? v->pats.n : 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int add_irregular(qasid_verbs *v, const char *lemma, const char *form)
{
	uint32_t h = hash_word(form, 0) & (uint32_t)(v->n_heads - 1);

	if (v->n_irr == v->cap_irr) {
		size_t cap = v->cap_irr ? 2 * v->cap_irr : 256;
		void *p = qs_realloc(v->irr, cap * sizeof *v->irr);

		if (!p)
			return QASID_ENOMEM;
		v->irr = p;
		v->cap_irr = cap;
	}
	v->irr[v->n_irr].form = form;
	v->irr[v->n_irr].lemma = lemma;
	v->irr[v->n_irr].next = v->irr_heads[h];
	v->irr_heads[h] = (int32_t)v->n_irr++;
	return QASID_OK;
}

/* Reads "190" or "042:043" (n bytes) into code and code2; 0, or -1 when malformed. */
static int parse_codes(const char *s, size_t n, char *code, char *code2)
{
	size_t a = 0, k;

	code[0] = code2[0] = '\0';
	for (int part = 0; part < 2; part++) {
		char *dst = part ? code2 : code;

		for (k = 0; a + k < n && isdigit((unsigned char)s[a + k]); k++)
			;
		if (k < 2 || k > 4)
			return -1;
		memcpy(dst, s + a, k);
		dst[k] = '\0';
		a += k;
		if (a == n)
			return 0;
		if (s[a] != ':' || part)
			return -1;
		a++;
	}
	return -1;
}

/*
 * Adds one pattern: trigger lemma words[0], following words, codes. A
 * word may open with its role in a PETRARCH-2 phrase (PV_PREP, PV_MOD,
 * PV_PPNOUN; else a head), then '_' when glued to the word before. kind:
 * PK_PETRARCH for a pattern of a PETRARCH or TABARI dictionary, with
 * PK_PHRASES when the words have their roles as PETRARCH-2 annotates them.
 */
static int add_pattern(qasid_verbs *v, const char *const *words, size_t nw,
                       const char *const *before, size_t nb, const char *code, const char *code2,
                       int noun, int kind, uint32_t src, uint32_t line)
{
	evt_pattern p;
	uint32_t h;

	if (!nw)
		return QASID_OK;
	memset(&p, 0, sizeof p);
	p.word0 = (uint32_t)v->words.n;
	if (nw + nb > 64)
		return QASID_EFORMAT;
	for (size_t i = 0; i < nw + nb; i++) {
		char low[EVT_LEMMA_MAX], *copy;
		const char *w = i < nw ? words[i] : before[i - nw];
		size_t n;

		if (w[0] == PV_PREP && w[1]) {
			p.prep |= (uint64_t)1 << i;
			w++;
		} else if (w[0] == PV_MOD && w[1]) {
			p.mod |= (uint64_t)1 << i;
			w++;
		} else if (w[0] == PV_PPNOUN && w[1]) {
			p.ppnoun |= (uint64_t)1 << i;
			w++;
		}
		if (w[0] == '_' && w[1]) { /* PETRARCH "A_B": right after the word before */
			p.glued |= (uint64_t)1 << i;
			w++;
		}
		n = strlen(w);

		if (n >= EVT_LEMMA_MAX)
			return QASID_EFORMAT;
		for (size_t k = 0; k <= n; k++)
			low[k] = (char)tolower((unsigned char)w[k]);
		if (!(copy = ar_strndup(&v->mem, low, n)) || VEC_PUSH(&v->words, copy))
			return QASID_ENOMEM;
	}
	snprintf(p.code, sizeof p.code, "%s", code);
	snprintf(p.code2, sizeof p.code2, "%s", code2);
	p.n_words = (uint32_t)nw;
	p.n_before = (uint32_t)nb;
	p.noun = (uint8_t)noun;
	p.petrarch = (uint8_t)((kind & PK_PETRARCH) != 0);
	p.phrases = (uint8_t)((kind & PK_PHRASES) != 0);
	p.src = src;
	p.line = line;
	h = hash_word(v->words.v[p.word0], (unsigned)noun) & (uint32_t)(v->n_heads - 1);
	p.next = v->heads[h];
	if (VEC_PUSH(&v->pats, p))
		return QASID_ENOMEM;
	v->heads[h] = (int32_t)v->pats.n - 1;
	return QASID_OK;
}

/* ---- PETRARCH / TABARI verb dictionaries -------------------------------- */

#define PV_MAX_VERBS 64

typedef struct pv_synset {
	char name[48];
	char *members[64]; /* words separated by spaces */
	int n;
} pv_synset;

typedef struct pv_state {
	qasid_verbs *v;
	uint32_t src;
	pv_synset *syn;
	size_t n_syn, cap_syn;
	char code[8], code2[8]; /* the block's */
	int has_code;
	char *verbs[PV_MAX_VERBS]; /* the block's verbs, words separated by spaces */
	int n_verbs;
	size_t n_skipped;
	int phrases; /* the dictionary marks phrases, "(TO BORDER)", "{MOCK ATTACK}" (PETRARCH-2) */
} pv_state;

/* Cuts "#" comments and "<!-- -->" parts out of a line (in place). */
static void pv_uncomment(char *l)
{
	char *c = strchr(l, '#'), *o;

	if (c)
		*c = '\0';
	while ((o = strstr(l, "<!--"))) {
		char *e = strstr(o, "-->");

		if (!e) {
			*o = '\0';
			break;
		}
		memmove(o, e + 3, strlen(e + 3) + 1);
	}
}

/* "[032:033]" -> codes; 1 when a CAMEO code, 0 for "[---]", -1 otherwise. */
static int pv_codes(const char *br, char *code, char *code2)
{
	char c[16];
	size_t n = strcspn(br, "]");

	code[0] = code2[0] = '\0';
	if (n >= sizeof c)
		return -1;
	memcpy(c, br, n);
	c[n] = '\0';
	if (!strcmp(trim(c), "---"))
		return 0;
	return parse_codes(trim(c), strlen(trim(c)), code, code2) ? -1 : 1;
}

/* The synset called name; a final "_" (no plurals) is no part of the name. */
static const pv_synset *pv_find(const pv_state *st, const char *name)
{
	size_t n = strlen(name);

	if (n && name[n - 1] == '_')
		n--;
	for (size_t i = 0; i < st->n_syn; i++) {
		size_t m = strlen(st->syn[i].name);

		if (m && st->syn[i].name[m - 1] == '_')
			m--;
		if (m == n && !strncasecmp(st->syn[i].name, name, n))
			return &st->syn[i];
	}
	return NULL;
}

/* Is c a word's role mark (add_pattern)? */
static int pv_is_role(char c)
{
	return c == PV_PREP || c == PV_MOD || c == PV_PPNOUN;
}

/* Is w a synset, "&NAME", or "_&NAME" when it follows the word before at once (after its role)? */
static int pv_is_synset(const char *w)
{
	if (pv_is_role(w[0]))
		w++;
	return w[0] == '&' || (w[0] == '_' && w[1] == '&');
}

/* Is the n-byte word at w an actor slot ($ + % ^)? */
static int pv_is_slot(const char *w, size_t n)
{
	return n == 1 && strchr("$+%^", w[0]) != NULL;
}

/*
 * A copy of the n bytes at w, after its role mark (0: a head) and a '_'
 * when glued; NULL when out of memory.
 */
static char *pv_word(pv_state *st, const char *w, size_t n, int glued, char role)
{
	char *out = ar_alloc(&st->v->mem, n + 3), *p = out;

	if (!out)
		return NULL;
	if (role)
		*p++ = role;
	if (glued)
		*p++ = '_';
	memcpy(p, w, n);
	p[n] = '\0';
	return out;
}

/*
 * Adds verb (words) + words[k..n) with synsets expanded (depth-first, at
 * most 64 expansions per pattern).
 */
static int pv_expand(pv_state *st, const char **w, size_t nw, const char *const *rest, size_t nr,
                     const char *const *before, size_t nb, const char *code, const char *code2,
                     uint32_t line, int *budget)
{
	if (--*budget < 0)
		return QASID_OK;
	while (nr && !pv_is_synset(rest[0])) {
		if (nw < PV_MAX_WORDS)
			w[nw++] = rest[0];
		rest++;
		nr--;
	}
	if (!nr)
		return add_pattern(st->v, w, nw, before, nb, code, code2, 0,
		                   PK_PETRARCH | (st->phrases ? PK_PHRASES : 0), st->src,
		                   line);
	{
		char role = pv_is_role(rest[0][0]) ? rest[0][0] : 0;
		int glued = rest[0][role != 0] == '_';
		const pv_synset *sy = pv_find(st, rest[0] + (role != 0) + 1 + glued);
		int rc;

		if (!sy)
			return pv_expand(st, w, nw, rest + 1, nr - 1, before, nb, code, code2, line, budget);
		/*
		 * a member's words are consecutive; its first follows as the
		 * synset did; a member of several words is a noun phrase, its
		 * last word the head (the synset's role), the others modifiers
		 */
		for (int m = 0; m < sy->n; m++) {
			char mb[256], *save = NULL, *t, *mw[PV_MAX_WORDS];
			const char *ww[PV_MAX_WORDS];
			size_t n2 = nw, nm = 0;

			memcpy(ww, w, nw * sizeof *w);
			snprintf(mb, sizeof mb, "%s", sy->members[m]);
			for (t = strtok_r(mb, " ", &save); t; t = strtok_r(NULL, " ", &save))
				if (t[0] != '&' && nm < PV_MAX_WORDS)
					mw[nm++] = t;
			for (size_t k = 0; k < nm; k++) {
				char r = role;

				if (k + 1 < nm && (role == 0 || role == PV_PPNOUN))
					r = PV_MOD;
				else if (k > 0 && role == PV_PREP)
					r = PV_MOD;
				if (n2 < PV_MAX_WORDS &&
				    !(ww[n2++] = pv_word(st, mw[k], strlen(mw[k]), k > 0 || glued, r)))
					return QASID_ENOMEM;
			}
			if ((rc = pv_expand(st, ww, n2, rest + 1, nr - 1, before, nb, code, code2, line,
			                    budget)))
				return rc;
		}
	}
	return QASID_OK;
}

/*
 * Splits a PETRARCH phrase into words. A space lets other words come
 * between two words in the sentence, "_" makes them consecutive (the rule
 * of the TABARI and PETRARCH dictionaries: "DEATH TOLL" matches "death and
 * injury toll", "DEATH_TOTAL" only "death total"); a word that must follow
 * the one before it at once comes out with a leading '_' ("*_AND": "_AND"
 * right after the verb). A synset keeps the longest prefix that names one
 * ("&TIETYPES_MEMOS": "&TIETYPES", "_MEMOS"). The actor slots $ + % ^ are
 * dropped; a slot breaks a join. *tail is set when s ends in "_" right
 * after a word ("FAILED_TO_" before "*": the verb comes next).
 *
 * With roles (a dictionary that marks its phrases), each word also gets
 * its role there, as PETRARCH-2 reads them: "(TO BORDER)" a prepositional
 * phrase, its first word the preposition (PV_PREP), the others the nouns
 * it governs (PV_PPNOUN); "{MOCK ATTACK}" a noun phrase whose last word is
 * its head and the others modifiers (PV_MOD), as is each word of "A_B"
 * but the last; any other word is the head of a phrase of the verb's own.
 * Returns how many words, or (size_t)-1 when out of memory.
 */
static size_t pv_words(pv_state *st, char *s, char **out, size_t cap, int *tail, int roles)
{
	char spaced[1600], *tok[PV_MAX_WORDS * 2], *save = NULL;
	size_t n = 0, nt = 0, k = 0;
	int in_pp = 0, pp_first = 0, in_np = 0;

	*tail = 0;
	/* brackets become tokens of their own */
	for (const char *p = s; *p && k + 4 < sizeof spaced; p++)
		if (strchr("(){}", *p)) {
			spaced[k++] = ' ';
			spaced[k++] = *p;
			spaced[k++] = ' ';
		} else {
			spaced[k++] = *p;
		}
	spaced[k] = '\0';
	for (char *c = strtok_r(spaced, " \t", &save); c && nt < sizeof tok / sizeof tok[0];
	     c = strtok_r(NULL, " \t", &save))
		tok[nt++] = c;
	for (size_t i = 0; i < nt; i++) {
		char *c = tok[i];
		int glued = 0, closes_np = i + 1 < nt && !strcmp(tok[i + 1], "}");

		switch (c[0] && !c[1] ? c[0] : 0) {
		case '(': in_pp = pp_first = 1; continue;
		case ')': in_pp = pp_first = 0; continue;
		case '{': in_np = 1; continue;
		case '}': in_np = 0; continue;
		}
		*tail = 0;
		for (; *c == '_'; c++)
			glued = 1;
		while (*c) {
			size_t len = strcspn(c, "_");

			if (*c == '&') { /* the longest prefix that names a synset */
				for (size_t m = strlen(c); m > 1; m--) {
					char name[64];

					if (c[m] != '\0' && c[m] != '_')
						continue;
					if (m - 1 >= sizeof name)
						continue;
					memcpy(name, c + 1, m - 1);
					name[m - 1] = '\0';
					if (pv_find(st, name)) {
						len = m;
						break;
					}
				}
			}
			if (len && pv_is_slot(c, len)) {
				glued = 0;
			} else if (len) {
				int last = !c[len] || (c[len] == '_' && !c[len + 1]);
				char role = 0;

				if (!roles)
					role = 0;
				else if (in_pp && pp_first)
					role = PV_PREP;
				else if (!last || (in_np && !closes_np))
					role = PV_MOD;
				else if (in_pp)
					role = PV_PPNOUN;
				pp_first = 0;
				if (n < cap && !(out[n++] = pv_word(st, c, len, glued, role)))
					return (size_t)-1;
				glued = 1;
			}
			c += len;
			if (*c == '_') {
				c++;
				*tail = !*c && glued;
			}
		}
	}
	return n;
}

/* A pattern line "- words * words [CODE]" for each verb of the block. */
static int pv_pattern(pv_state *st, char *l, uint32_t line)
{
	char *br = strrchr(l, '['), *star, code[8], code2[8], *before[PV_MAX_WORDS],
	     *after[PV_MAX_WORDS];
	size_t nb, na;
	int kind, verb_glued, tail;

	if (!br || !(star = strchr(l + 1, '*')) || star > br) {
		st->n_skipped++;
		return QASID_OK;
	}
	kind = pv_codes(br + 1, code, code2);
	if (kind < 0) {
		st->n_skipped++;
		return QASID_OK;
	}
	*br = '\0';
	*star = '\0';
	nb = pv_words(st, l + 1, before, PV_MAX_WORDS, &verb_glued, 0);
	na = pv_words(st, star + 1, after, PV_MAX_WORDS, &tail, st->phrases);
	if (nb == (size_t)-1 || na == (size_t)-1)
		return QASID_ENOMEM;
	/* words before the verb ("NOT *"): plain words only, no synsets */
	for (size_t i = 0; i < nb; i++)
		if (pv_is_synset(before[i]) || strlen(before[i]) >= EVT_LEMMA_MAX) {
			st->n_skipped++;
			return QASID_OK;
		}
	for (int i = 0; i < st->n_verbs; i++) {
		char vb[128], *vw[8];
		const char *w[PV_MAX_WORDS];
		size_t nv;
		int budget = 64, rc;

		snprintf(vb, sizeof vb, "%s", st->verbs[i]);
		nv = pv_words(st, vb, vw, 8, &tail, 0);
		if (nv == (size_t)-1)
			return QASID_ENOMEM;
		for (size_t k = 0; k < nv; k++)
			w[k] = vw[k];
		/* "FAILED_TO_*": the verb right after the words before it */
		if (nv && verb_glued && !(w[0] = pv_word(st, vw[0], strlen(vw[0]), 1, 0)))
			return QASID_ENOMEM;
		if (nv && (rc = pv_expand(st, w, nv, (const char *const *)after, na,
		                          (const char *const *)before, nb, code, code2, line, &budget)))
			return rc;
	}
	return QASID_OK;
}

/* A verb line of a block: "HURRY {HURRIES HURRYING HURRIED}" or "ARM_". */
static int pv_verb(pv_state *st, char *l, uint32_t line)
{
	char *brace = strchr(l, '{'), *bracket = strchr(l, '['), *w[8], tmp[256];
	char code[8], code2[8];
	int own = -1; /* the verb line's own code: 1 a CAMEO code, 0 "[---]", -1 none */
	int tail;
	size_t n;
	const char *ww[8];

	if (st->n_verbs == PV_MAX_VERBS)
		return QASID_OK;
	if (bracket) { /* "HOLD {HOLDS HELD} [---]": overrides the block's code */
		own = pv_codes(bracket + 1, code, code2);
		*bracket = '\0';
	}
	if (brace)
		*brace = '\0';
	snprintf(tmp, sizeof tmp, "%s", l);
	n = pv_words(st, tmp, w, 8, &tail, 0);
	if (n == (size_t)-1)
		return QASID_ENOMEM;
	if (!n || w[0][0] == '_')
		return QASID_OK;
	{
		char joined[128] = "";
		size_t jl = 0;
		char *lemma;

		for (size_t k = 0; k < n && jl + 1 < sizeof joined; k++) {
			int m = snprintf(joined + jl, sizeof joined - jl, "%s%s", k ? " " : "", w[k]);

			if (m < 0 || (size_t)m >= sizeof joined - jl)
				break; /* a verb phrase longer than any real one: cut */
			jl += (size_t)m;
		}
		if (!(st->verbs[st->n_verbs] = ar_strndup(&st->v->mem, joined, strlen(joined))))
			return QASID_ENOMEM;
		st->n_verbs++;
		for (char *p = w[0]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!(lemma = ar_strndup(&st->v->mem, w[0], strlen(w[0]))))
			return QASID_ENOMEM;
		if (brace) { /* irregular forms of the first word */
			char *end = strchr(brace + 1, '}'), *save = NULL;

			if (end)
				*end = '\0';
			for (char *f = strtok_r(brace + 1, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
				char *copy;

				/* "+CALLED_OFF": the form of the verb is the word after '+' */
				if (f[0] == '+')
					f++;
				f[strcspn(f, "_")] = '\0';
				for (char *p = f; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				if (strlen(f) < EVT_LEMMA_MAX && strcmp(f, lemma) &&
				    ((copy = ar_strndup(&st->v->mem, f, strlen(f))) == NULL ||
				     add_irregular(st->v, lemma, copy)))
					return QASID_ENOMEM;
			}
		}
	}
	for (size_t k = 0; k < n; k++)
		ww[k] = w[k];
	/* a line's own "[---]" is a bare pattern that codes nothing: it hides other files' */
	if (own >= 0)
		return add_pattern(st->v, ww, n, NULL, 0, code, code2, 0, PK_PETRARCH, st->src, line);
	if (own == -1 && st->has_code)
		return add_pattern(st->v, ww, n, NULL, 0, st->code, st->code2, 0, PK_PETRARCH, st->src,
		                   line);
	return QASID_OK;
}

/* The line at line (up to end) copied into l without comments, trimmed; *next is the line after. */
static char *pv_line(char *line, char *end, char **next, char *l, size_t cap)
{
	*next = memchr(line, '\n', (size_t)(end - line));
	snprintf(l, cap, "%.*s", (int)((*next ? *next : end) - line), line);
	if (*next)
		(*next)++;
	pv_uncomment(l);
	return trim(l);
}

static int is_petrarch(const char *text, size_t len)
{
	const char *p = text;

	while (p && p < text + len) {
		if (!strncmp(p, "---", 3) && p[3] == ' ')
			return 1;
		p = memchr(p, '\n', (size_t)(text + len - p));
		if (p)
			p++;
	}
	return 0;
}

static int add_petrarch(qasid_verbs *v, char *text, size_t len, uint32_t src, qasid_err *err,
                        const char *name)
{
	pv_state st;
	char *line, *next;
	uint32_t lineno = 0;
	int rc = QASID_OK, in_block = 0, in_syn = 0;
	pv_synset *cur = NULL;

	memset(&st, 0, sizeof st);
	st.v = v;
	st.src = src;
	/* pass 1: synsets ("&NAME" then "+MEMBER" lines); whether patterns mark phrases */
	for (line = text; line && line < text + len; line = next) {
		char l[512], *s = pv_line(line, text + len, &next, l, sizeof l);

		if (s[0] == '-' && s[1] != '-' && strcspn(s, "({") < strcspn(s, "["))
			st.phrases = 1;
		if (s[0] == '&' && isalpha((unsigned char)s[1])) {
			if (st.n_syn == st.cap_syn) {
				size_t cap = st.cap_syn ? 2 * st.cap_syn : 64;
				void *p = qs_realloc(st.syn, cap * sizeof *st.syn);

				if (!p) {
					rc = QASID_ENOMEM;
					break;
				}
				st.syn = p;
				st.cap_syn = cap;
			}
			cur = &st.syn[st.n_syn++];
			memset(cur, 0, sizeof *cur);
			snprintf(cur->name, sizeof cur->name, "%.*s", (int)strcspn(s + 1, " \t"), s + 1);
		} else if (s[0] == '+' && cur && cur->n < 64) {
			char *m = trim(s + 1);

			for (char *p = m; *p; p++)
				if (*p == '_')
					*p = ' ';
			if (*m && !(cur->members[cur->n++] = ar_strndup(&v->mem, trim(m), strlen(trim(m)))))
				rc = QASID_ENOMEM;
		} else if (*s) {
			cur = NULL;
		}
	}
	/* pass 2: verb blocks */
	for (line = text; !rc && line && line < text + len; line = next) {
		char l[512], *s = pv_line(line, text + len, &next, l, sizeof l);

		lineno++;
		if (!*s)
			continue;
		if (!strncmp(s, "---", 3) && s[3] == ' ') {
			char *br = strchr(s, '[');

			in_block = 1;
			st.n_verbs = 0;
			st.has_code = br && pv_codes(br + 1, st.code, st.code2) == 1;
			continue;
		}
		/* a synset's "+MEMBER" lines follow its "&NAME" */
		if (s[0] == '&')
			in_syn = 1;
		else if (s[0] != '+')
			in_syn = 0;
		if (!in_block || in_syn || s[0] == '<')
			continue;
		if (s[0] == '-')
			rc = pv_pattern(&st, s, lineno);
		else if (s[0] == '+' && isalpha((unsigned char)s[1]))
			rc = pv_verb(&st, s + 1, lineno); /* "+CALL_OFF": the verb, then its particle */
		else if (isalpha((unsigned char)s[0]))
			rc = pv_verb(&st, s, lineno);
	}
	qs_free(st.syn);
	if (rc)
		return err_set(err, rc, lineno, "%s:%u: %s", name, lineno, qasid_strerror(rc));
	return QASID_OK;
}

/* One line "CODE [n] : patterns" or "@ lemma : forms"; 0, or -1 with why set. */
static int add_line(qasid_verbs *v, char *line, uint32_t src, uint32_t lineno, const char **why)
{
	char *colon = strchr(line, ':'), *head, *rest, *item, *save = NULL;
	int noun = 0;
	char code[8] = "", code2[8] = "";

	if (!colon) {
		*why = "no ':' between the code and the patterns";
		return -1;
	}
	*colon = '\0';
	head = trim(line);
	rest = colon + 1;
	if (head[0] == '@') {
		const char *lemma;
		char *l = trim(head + 1);

		for (char *p = l; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!*l || strchr(l, ' ') || !(lemma = ar_strndup(&v->mem, l, strlen(l)))) {
			*why = "'@' wants one lemma before ':'";
			return -1;
		}
		for (item = strtok_r(rest, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
			char *f = trim(item), *copy;

			for (char *p = f; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			if (!*f)
				continue;
			if (strchr(f, ' ') || strlen(f) >= EVT_LEMMA_MAX) {
				*why = "an irregular form is one word";
				return -1;
			}
			if (!(copy = ar_strndup(&v->mem, f, strlen(f))) || add_irregular(v, lemma, copy)) {
				*why = "out of memory";
				return -1;
			}
		}
		return 0;
	}
	{
		size_t n = strcspn(head, " \t");
		char c[16];

		if (n >= sizeof c || parse_codes(memcpy(c, head, n), n, code, code2)) {
			*why = "a CAMEO code has 2 to 4 digits (or is a pair, 042:043)";
			return -1;
		}
		head = trim(head + n);
		if (!strcmp(head, "n"))
			noun = 1;
		else if (*head) {
			*why = "after the code, only 'n' (noun triggers) may come before ':'";
			return -1;
		}
	}
	for (item = strtok_r(rest, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
		const char *w[PV_MAX_WORDS];
		char *pat = trim(item), *ws = NULL;
		size_t nw = 0;
		int rc;

		for (char *t = strtok_r(pat, " \t", &ws); t; t = strtok_r(NULL, " \t", &ws))
			if (nw < PV_MAX_WORDS)
				w[nw++] = t;
		if (!nw)
			continue;
		if ((rc = add_pattern(v, w, nw, NULL, 0, code, code2, noun, 0, src, lineno))) {
			*why = rc == QASID_ENOMEM ? "out of memory" : "a word is too long";
			return -1;
		}
	}
	return 0;
}

int qasid_verbs_add_text(qasid_verbs *v, const char *name, const char *text, size_t len,
                         qasid_err *err)
{
	char *copy = ar_strndup(&v->mem, text, len), *line, *next, *nm;
	uint32_t lineno = 0, src;

	if (!copy || !(nm = ar_strndup(&v->mem, name, strlen(name))) || VEC_PUSH(&v->srcs, nm))
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	src = (uint32_t)v->srcs.n - 1;
	if (is_petrarch(copy, len))
		return add_petrarch(v, copy, len, src, err, name);
	for (line = copy; line && line < copy + len; line = next) {
		const char *why = NULL;
		char *s;

		lineno++;
		next = memchr(line, '\n', (size_t)(copy + len - line));
		if (next)
			*next++ = '\0';
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (add_line(v, s, src, lineno, &why))
			return err_set(err, strcmp(why, "out of memory") ? QASID_EFORMAT : QASID_ENOMEM,
			               lineno, "%s:%u: %s", name, lineno, why);
	}
	return QASID_OK;
}

int qasid_verbs_add_file(qasid_verbs *v, const char *path, qasid_err *err)
{
	char *data;
	size_t len;
	int rc = file_read_all(path, &data, &len, err);

	if (!rc && memchr(data, '\0', len))
		rc = err_set(err, QASID_EFORMAT, 0, "%s: a NUL byte: not a lexicon", path);
	if (!rc)
		rc = qasid_verbs_add_text(v, path, data, len, err);
	qs_free(data);
	return rc;
}

int32_t evt_verbs_first(const qasid_verbs *v, const char *lemma, int noun)
{
	uint32_t h = hash_word(lemma, (unsigned)noun) & (uint32_t)(v->n_heads - 1);
	int32_t i;

	for (i = v->heads[h]; i >= 0; i = v->pats.v[i].next)
		if (v->pats.v[i].noun == noun && !strcmp(v->words.v[v->pats.v[i].word0], lemma))
			return i;
	return -1;
}

int32_t evt_verbs_next(const qasid_verbs *v, int32_t i)
{
	const evt_pattern *p = &v->pats.v[i];
	const char *w = v->words.v[p->word0];

	for (i = p->next; i >= 0; i = v->pats.v[i].next)
		if (v->pats.v[i].noun == p->noun && !strcmp(v->words.v[v->pats.v[i].word0], w))
			return i;
	return -1;
}

const evt_pattern *evt_verbs_pattern(const qasid_verbs *v, int32_t i)
{
	return &v->pats.v[i];
}

const char *evt_verbs_word(const qasid_verbs *v, const evt_pattern *p, uint32_t k)
{
	return v->words.v[p->word0 + k];
}

const char *evt_verbs_irregular(const qasid_verbs *v, const char *form)
{
	uint32_t h = hash_word(form, 0) & (uint32_t)(v->n_heads - 1);
	int32_t i;

	for (i = v->irr_heads[h]; i >= 0; i = v->irr[i].next)
		if (!strcmp(v->irr[i].form, form))
			return v->irr[i].lemma;
	return NULL;
}

const char *evt_verbs_origin(const qasid_verbs *v, const evt_pattern *p)
{
	return p->src < v->srcs.n ? v->srcs.v[p->src] : "";
}

/* Adds base to cands unless full or there already. */
static void cand_add(char cands[][EVT_LEMMA_MAX], int *n, const char *s, size_t len,
                     const char *suffix)
{
	size_t sl = strlen(suffix);

	if (*n >= EVT_MAX_CANDS || len == 0 || len + sl >= EVT_LEMMA_MAX)
		return;
	memcpy(cands[*n], s, len);
	memcpy(cands[*n] + len, suffix, sl + 1);
	for (int i = 0; i < *n; i++)
		if (!strcmp(cands[i], cands[*n]))
			return;
	(*n)++;
}

static int ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n > k + 1 && !memcmp(s + n - k, suf, k);
}

int evt_lemma_candidates(const qasid_verbs *v, const char *low, char cands[][EVT_LEMMA_MAX])
{
	size_t n = strlen(low);
	int k = 0;
	const char *irr;

	if (n == 0 || n >= EVT_LEMMA_MAX)
		return 0;
	cand_add(cands, &k, low, n, "");
	if ((irr = evt_verbs_irregular(v, low)))
		cand_add(cands, &k, irr, strlen(irr), "");
	if (ends(low, n, "ies") || ends(low, n, "ied"))
		cand_add(cands, &k, low, n - 3, "y");
	/* -es after a sibilant or o only ("passes", "fixes", "watches", "goes"; not "departes") */
	if (ends(low, n, "es") && n > 3 &&
	    (strchr("sxzo", low[n - 3]) || (n > 4 && (low[n - 3] == 'h' && strchr("cs", low[n - 4])))))
		cand_add(cands, &k, low, n - 2, "");
	if (ends(low, n, "s") && !ends(low, n, "ss"))
		cand_add(cands, &k, low, n - 1, "");
	if (ends(low, n, "ed")) {
		cand_add(cands, &k, low, n - 2, "");
		cand_add(cands, &k, low, n - 1, ""); /* used -> use */
		if (n > 4 && low[n - 3] == low[n - 4])
			cand_add(cands, &k, low, n - 3, ""); /* stopped -> stop */
	}
	if (ends(low, n, "ing")) {
		cand_add(cands, &k, low, n - 3, "");
		cand_add(cands, &k, low, n - 3, "e");
		if (n > 5 && low[n - 4] == low[n - 5])
			cand_add(cands, &k, low, n - 4, "");
	}
	return k;
}

int32_t evt_verbs_lookup(const qasid_verbs *v, const char *low, int noun, char lemma[EVT_LEMMA_MAX])
{
	char c[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n = evt_lemma_candidates(v, low, c), i;

	for (i = 0; i < n; i++) {
		int32_t p = evt_verbs_first(v, c[i], noun);

		if (p >= 0) {
			memcpy(lemma, c[i], EVT_LEMMA_MAX);
			return p;
		}
	}
	return -1;
}

/* The first pattern of candidate it->i or a later one, or -1. */
static int32_t iter_from(const qasid_verbs *v, evt_iter *it)
{
	for (; it->i < it->n; it->i++) {
		int32_t p = evt_verbs_first(v, it->cand[it->i], it->noun);

		if (p >= 0)
			return p;
	}
	return -1;
}

int32_t evt_iter_first(const qasid_verbs *v, evt_iter *it, const char *low, int noun)
{
	it->n = evt_lemma_candidates(v, low, it->cand);
	it->i = 0;
	it->noun = noun;
	return iter_from(v, it);
}

int32_t evt_iter_next(const qasid_verbs *v, evt_iter *it, int32_t pi)
{
	int32_t p = evt_verbs_next(v, pi);

	if (p >= 0)
		return p;
	it->i++;
	return iter_from(v, it);
}

int evt_word_is(const qasid_verbs *v, const char *low, const char *lemma)
{
	char c[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n = evt_lemma_candidates(v, low, c), i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i], lemma))
			return 1;
	return 0;
}
