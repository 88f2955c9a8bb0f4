/* SPDX-License-Identifier: MIT */
/*
 * Event coding over the dependency tree: triggers from the event lexicon,
 * their source and target actors, mode, reported speech, date, place and
 * casualties.
 *
 * Per sentence:
 *   1. actors (qasid_actors_match), date expressions, casualty counts and
 *      places (at a locative preposition) are found on its words;
 *   2. each verb or noun whose lemma is a trigger is tried against its
 *      patterns (the longest whose words follow it within its subtree wins);
 *      a trigger inside the complement of another (threatened to *break*
 *      relations, urged X to *attack*) is part of that event, not one of its
 *      own;
 *   3. the arguments: nsubj the source, obj (iobj first) or a prepositional
 *      object the target; nsubj:pass the target and the "by" phrase the
 *      source of a passive; a trigger with no subject borrows it from the
 *      verb it is conjoined to or controlled by, or from the noun of its
 *      relative clause; conjoined arguments give one event per pair;
 *   4. an argument's actor: the dictionary's match in its noun phrase (a
 *      named actor over a bare role, a role composed with a country named
 *      in the phrase: "officials in Arnor"), else the entity's, from its
 *      other mentions, role and affiliation (pronouns reach their antecedent);
 *   5. mode from negation, modals, conditions and the verb governing the
 *      trigger (threaten, plan, urge); a conflict event that will happen
 *      "if" becomes a threat (CAMEO 138x); background from past dates and
 *      the past perfect.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../doc/doc.h"
#include "../quote/quote.h"
#include "event.h"

#define MAX_ARGS 8

typedef struct ev_ctx {
	qasid_doc *doc;
	const qasid_verbs *verbs;
	const qasid_actors *actors;
	const qasid_gazetteer *gaz;
	unsigned flags;      /* QASID_EVENTS_* */
	int32_t art_date;
	char dateline[4];    /* the country of the article's dateline, or "" */
	size_t n;            /* tokens */
	char *wbuf;          /* token texts, NUL-terminated */
	const char **words;  /* per token, into wbuf */
	char (*low)[EVT_LEMMA_MAX];
	uint32_t *kid0, *kids; /* children of token i: kids[kid0[i] .. kid0[i+1]) */
	int32_t *ent;        /* entity of each token, or -1 */
	int32_t *quote;      /* quote whose content holds each token, or -1 */
	int32_t *sent;       /* sentence of each token */
	int32_t *role_of;    /* arguments flagged ARG_ROLE: the token whose role they take */
	unsigned char *in_dl; /* 1 for the words of a dateline ("BAGHDAD, Iraq -") */
	/* per-entity actor, computed on demand */
	struct ent_actor {
		int done;
		char code[32];
	} *eact;
	/* per-sentence scratch */
	uint32_t sent_n;     /* tokens of the sentence being coded */
	qasid_actor_match *am;
	size_t n_am, cap_am;
	int32_t *tok_am;     /* actor match covering each token of the sentence, or -1 */
	qasid_when *wh;
	size_t n_wh, cap_wh;
	qasid_count *ct;
	size_t n_ct, cap_ct;
	struct plc {
		uint32_t first, n;
		qasid_place p;
	} *pl;
	size_t n_pl, cap_pl;
	/* triggers of the sentence */
	struct trig {
		uint32_t tok, last; /* trigger token, last token of its pattern */
		uint32_t span0;     /* first token of the trigger's words */
		int32_t pat;
		int32_t code_from; /* a pattern whose code replaces pat's, or -1 */
		int dropped;
	} *tr;
	size_t n_tr, cap_tr;
	uint8_t *used;       /* tokens consumed by a verb pattern */
} ev_ctx;

static int is_word(const ev_ctx *x, uint32_t i, const char *w)
{
	return i < x->n && !strcmp(x->low[i], w);
}

static const char *upos(const ev_ctx *x, uint32_t i)
{
	return x->doc->pos.n ? x->doc->pos.v[i].upos : "";
}

static const char *xpos(const ev_ctx *x, uint32_t i)
{
	return x->doc->pos.n ? x->doc->pos.v[i].xpos : "";
}

static const char *rel(const ev_ctx *x, uint32_t i)
{
	return x->doc->deps.v[i].rel;
}

static int rel_is(const ev_ctx *x, uint32_t i, const char *r)
{
	const char *s = rel(x, i);
	size_t n = strlen(r);

	return !strncmp(s, r, n) && (s[n] == '\0' || s[n] == ':');
}

static int32_t head(const ev_ctx *x, uint32_t i)
{
	return x->doc->deps.v[i].head;
}

/* Is j in the subtree of t (t itself included)? */
static int in_subtree(const ev_ctx *x, uint32_t j, uint32_t t)
{
	int32_t h = (int32_t)j;
	int steps = 0;

	while (h >= 0 && steps++ < 512) {
		if ((uint32_t)h == t)
			return 1;
		h = head(x, (uint32_t)h);
	}
	return 0;
}

/* The first child of t with relation r (subtypes match r's base), or -1. */
static int32_t child(const ev_ctx *x, uint32_t t, const char *r)
{
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++)
		if (rel_is(x, x->kids[k], r))
			return (int32_t)x->kids[k];
	return -1;
}

static int32_t child_exact(const ev_ctx *x, uint32_t t, const char *r)
{
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++)
		if (!strcmp(rel(x, x->kids[k]), r))
			return (int32_t)x->kids[k];
	return -1;
}

/* The word of t's case (or mark) child, or "". */
static const char *case_of(const ev_ctx *x, uint32_t t)
{
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++)
		if (rel_is(x, x->kids[k], "case") || rel_is(x, x->kids[k], "mark"))
			return x->low[x->kids[k]];
	return "";
}

static int has_child_word(const ev_ctx *x, uint32_t t, const char *r, const char *const *wl)
{
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++)
		if (rel_is(x, x->kids[k], r) && evt_in(x->low[x->kids[k]], wl) >= 0)
			return 1;
	return 0;
}

static int speech_frame(const ev_ctx *x, uint32_t t);
static uint32_t first_of(const ev_ctx *x, uint32_t t);

/* ---- setup -------------------------------------------------------------- */

static void ctx_free(ev_ctx *x)
{
	qs_free(x->wbuf);
	qs_free(x->words);
	qs_free(x->low);
	qs_free(x->kid0);
	qs_free(x->kids);
	qs_free(x->ent);
	qs_free(x->quote);
	qs_free(x->sent);
	qs_free(x->role_of);
	qs_free(x->eact);
	qs_free(x->am);
	qs_free(x->tok_am);
	qs_free(x->wh);
	qs_free(x->ct);
	qs_free(x->pl);
	qs_free(x->tr);
	qs_free(x->used);
	qs_free(x->in_dl);
}

/* Token i of doc lower-cased (ASCII), cut to fit low. */
static void lower_token(const qasid_doc *doc, size_t i, char low[EVT_LEMMA_MAX])
{
	const qasid_span *t = &doc->tokens.v[i];
	size_t len = t->end - t->start, k;

	for (k = 0; k < len && k < EVT_LEMMA_MAX - 1; k++)
		low[k] = (char)tolower((unsigned char)doc->text.data[t->start + k]);
	low[k] = '\0';
}

static int ctx_init(ev_ctx *x)
{
	qasid_doc *doc = x->doc;
	size_t n = doc->tokens.n, len = 0, i;
	const char *text = doc->text.data;
	char *p;

	x->n = n;
	for (i = 0; i < n; i++)
		len += doc->tokens.v[i].end - doc->tokens.v[i].start + 1;
	x->wbuf = qs_malloc(len + 1);
	x->words = qs_malloc((n + 1) * sizeof *x->words);
	x->low = qs_malloc((n + 1) * sizeof *x->low);
	x->kid0 = qs_malloc((n + 2) * sizeof *x->kid0);
	x->kids = qs_malloc((n + 1) * sizeof *x->kids);
	x->ent = qs_malloc((n + 1) * sizeof *x->ent);
	x->quote = qs_malloc((n + 1) * sizeof *x->quote);
	x->sent = qs_malloc((n + 1) * sizeof *x->sent);
	x->role_of = qs_malloc((n + 1) * sizeof *x->role_of);
	x->tok_am = qs_malloc((n + 1) * sizeof *x->tok_am);
	x->used = qs_malloc(n + 1);
	x->in_dl = qs_malloc(n + 1);
	x->eact = qs_malloc((doc->entities.n + 1) * sizeof *x->eact);
	if (!x->wbuf || !x->words || !x->low || !x->kid0 || !x->kids || !x->ent || !x->quote ||
	    !x->sent || !x->role_of || !x->tok_am || !x->used || !x->in_dl || !x->eact)
		return QASID_ENOMEM;
	memset(x->eact, 0, (doc->entities.n + 1) * sizeof *x->eact);
	memset(x->used, 0, n + 1);
	memset(x->in_dl, 0, n + 1);
	p = x->wbuf;
	for (i = 0; i < n; i++) {
		uint32_t a = doc->tokens.v[i].start, b = doc->tokens.v[i].end;

		memcpy(p, text + a, b - a);
		p[b - a] = '\0';
		x->words[i] = p;
		lower_token(doc, i, x->low[i]);
		p += b - a + 1;
		x->ent[i] = x->quote[i] = x->sent[i] = x->role_of[i] = -1;
	}
	/* children, in token order */
	memset(x->kid0, 0, (n + 2) * sizeof *x->kid0);
	for (i = 0; i < n; i++)
		if (doc->deps.v[i].head >= 0)
			x->kid0[doc->deps.v[i].head + 2]++;
	for (i = 0; i < n; i++)
		x->kid0[i + 2] += x->kid0[i + 1];
	for (i = 0; i < n; i++)
		if (doc->deps.v[i].head >= 0)
			x->kids[x->kid0[doc->deps.v[i].head + 1]++] = (uint32_t)i;
	/* sentences */
	for (i = 0; i < doc->sentences.n; i++) {
		const qasid_sentence *s = &doc->sentences.v[i];

		for (uint32_t t = s->first_token; t < s->first_token + s->n_tokens && t < n; t++)
			x->sent[t] = (int32_t)i;
	}
	/* entity mentions and quote contents, by cleaned-text spans */
	for (i = 0; i < doc->ementions.n; i++) {
		const qasid_entity_mention *m = &doc->ementions.v[i];
		size_t lo = 0, hi = n;

		while (lo < hi) { /* first token ending after the mention's start */
			size_t mid = (lo + hi) / 2;

			if (doc->tokens.v[mid].end <= m->span.start)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && doc->tokens.v[lo].start < m->span.end; lo++)
			if (x->ent[lo] < 0)
				x->ent[lo] = (int32_t)m->entity;
	}
	for (i = 0; i < doc->quotes.n; i++) {
		const qasid_quote *q = &doc->quotes.v[i];

		for (uint32_t k = 0; k < q->n_parts; k++) {
			size_t lo = 0, hi = n;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (doc->tokens.v[mid].end <= q->content[k].start)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < n && doc->tokens.v[lo].start < q->content[k].end; lo++)
				if (x->quote[lo] < 0)
					x->quote[lo] = (int32_t)i;
		}
	}
	return QASID_OK;
}

#define GROW(x, arr, ncap, need)                                                     \
	((need) <= (x)->ncap ? QASID_OK                                               \
	                     : grow_arr((void **)&(x)->arr, &(x)->ncap, (need), sizeof *(x)->arr))

static int grow_arr(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;
	void *q;

	while (c < need)
		c *= 2;
	if (!(q = qs_realloc(*p, c * elem)))
		return QASID_ENOMEM;
	*p = q;
	*cap = c;
	return QASID_OK;
}

/* ---- actors ------------------------------------------------------------- */

/* Does a code start with a three-letter country and nothing else ("PAK")? */
static int bare_country(const char *c)
{
	return strlen(c) == 3 && isupper((unsigned char)c[0]) && strcmp(c, "---");
}

/* Composes a country ("PAK") with a role code ("---GOV" or "GOV"). */
static void compose(char *out, size_t cap, const char *country, const char *role)
{
	const char *r = !strncmp(role, "---", 3) ? role + 3 : role;
	size_t nc = strnlen(country, 3), nr = strlen(r);

	if (cap == 0)
		return;
	if (nc >= cap)
		nc = cap - 1;
	if (nr >= cap - nc)
		nr = cap - nc - 1;
	memmove(out, country, nc);
	memmove(out + nc, r, nr);
	out[nc + nr] = '\0';
}

/* Words of a string as the matcher wants them: split at spaces, hyphens, and "'s". */
static size_t split_words(char *s, const char **w, size_t cap)
{
	size_t n = 0;
	char *p = s;

	while (*p && n + 3 < cap) {
		char *a;

		while (*p == ' ' || *p == ',' || *p == '(' || *p == ')')
			*p++ = '\0';
		if (!*p)
			break;
		a = p;
		while (*p && *p != ' ' && *p != '-' && *p != ',' && *p != '(' && *p != ')')
			p++;
		if (p - a > 2 && p[-2] == '\'' && p[-1] == 's') {
			p[-2] = '\0';
			w[n++] = a;
			w[n++] = "'s";
		} else if (p > a) {
			char c = *p;

			*p = '\0';
			w[n++] = a;
			if (c == '-') {
				w[n++] = "-";
				p++;
				continue;
			}
			if (c)
				p++;
			continue;
		}
		if (*p == '-') {
			*p++ = '\0';
			w[n++] = "-";
		}
	}
	return n;
}

/*
 * The best actor code among matches ms[0..n): a named actor that is not a
 * bare country first, else a composed one, else a role composed with a
 * country of the list, else the country, else the role alone.
 */
static void best_code(const qasid_actor_match *ms, size_t n, int32_t prefer_tok, char *out,
                      size_t cap)
{
	const qasid_actor_match *named = NULL, *comp = NULL, *country = NULL, *agent = NULL;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const qasid_actor_match *m = &ms[i];
		int covers = prefer_tok >= 0 && (uint32_t)prefer_tok >= m->first &&
		             (uint32_t)prefer_tok < m->first + m->n;

		if (m->kind == QASID_COMPOSED) {
			if (!comp || covers)
				comp = m;
		} else if (m->kind == QASID_AGENT) {
			/* a role names the phrase only as its head ("officials in Arnor"),
			   not as a modifier ("diplomatic ties with Gondor") */
			if ((!agent && prefer_tok < 0) || covers)
				agent = m;
		} else if (m->is_country || bare_country(m->code)) {
			if (!country || covers)
				country = m;
		} else if (!named || covers) {
			named = m;
		}
	}
	/* "Iraqi Kurds": the state, not the people's own code (KUR) */
	if (named && country && bare_country(named->code))
		named = NULL;
	if (comp && (!named || !(prefer_tok >= 0 && (uint32_t)prefer_tok >= named->first &&
	                         (uint32_t)prefer_tok < named->first + named->n)))
		snprintf(out, cap, "%s", comp->code);
	else if (named)
		snprintf(out, cap, "%s", named->code);
	else if (agent && country)
		compose(out, cap, country->code, agent->code);
	else if (country)
		snprintf(out, cap, "%s", country->code);
	else if (agent)
		snprintf(out, cap, "%s", agent->code);
}

/* The actor of a string (a role or an affiliation): its best code, or "". */
/* A one-word match of a capital standing for its government ("Washington": USAGOV). */
static int capital_match(const qasid_actor_match *m)
{
	size_t n = strlen(m->code);

	return m->kind == QASID_ACTOR && m->n == 1 && n == 6 && !strcmp(m->code + 3, "GOV");
}

static void string_actor(ev_ctx *x, const char *s, char *out, size_t cap)
{
	char tmp[256];
	const char *w[96];
	qasid_actor_match ms[16];
	size_t n, nm = 0;

	out[0] = '\0';
	if (!s)
		return;
	snprintf(tmp, sizeof tmp, "%s", s);
	n = split_words(tmp, w, 96);
	if (!n)
		return;
	qasid_actors_match(x->actors, w, n, x->art_date, ms, 16, &nm);
	if (nm > 16)
		nm = 16;
	/* a capital that only begins the name: "Paris Club", "London Stock Exchange" */
	for (size_t j = 0; j < nm;)
		if (capital_match(&ms[j]) && ms[j].first + 1 < n && isupper((unsigned char)w[ms[j].first + 1][0]))
			ms[j] = ms[--nm];
		else
			j++;
	best_code(ms, nm, -1, out, cap);
}

/* Combines two codes: a role with a country, else the first that is set. */
static void merge_codes_into(char *out, size_t cap, const char *a, const char *b);

/* The same; out may be a or b. */
static void merge_codes(char *out, size_t cap, const char *a, const char *b)
{
	char ca[32], cb[32], r[32];

	snprintf(ca, sizeof ca, "%s", a);
	snprintf(cb, sizeof cb, "%s", b);
	merge_codes_into(r, sizeof r, ca, cb);
	snprintf(out, cap, "%s", r);
}

static void merge_codes_into(char *out, size_t cap, const char *a, const char *b)
{
	if (a[0] && b[0]) {
		/* the same role, once with its country: "---GOV" and "AFGGOV" */
		if (!strncmp(a, "---", 3) && strncmp(b, "---", 3) && strlen(b) > 3 && !strcmp(a + 3, b + 3)) {
			snprintf(out, cap, "%s", b);
			return;
		}
		if (!strncmp(b, "---", 3) && strncmp(a, "---", 3) && strlen(a) > 3 && !strcmp(a + 3, b + 3)) {
			snprintf(out, cap, "%s", a);
			return;
		}
		if (!strncmp(a, "---", 3) && bare_country(b)) {
			compose(out, cap, b, a);
			return;
		}
		if (!strncmp(b, "---", 3) && bare_country(a)) {
			compose(out, cap, a, b);
			return;
		}
		/* a role or a country alone is weaker than a full code, but keeps what
		   it says: its role ("---GOV" with PAKMIL is PAKGOV), its country
		   ("ERI" is not overridden by BREGOV) */
		if (!strncmp(a, "---", 3) && strncmp(b, "---", 3) && !bare_country(b) &&
		    isupper((unsigned char)b[0])) {
			compose(out, cap, b, a);
			return;
		}
		if (bare_country(a) && strncmp(b, "---", 3) && !bare_country(b)) {
			snprintf(out, cap, "%s", !strncmp(a, b, 3) ? b : a);
			return;
		}
	}
	snprintf(out, cap, "%s", a[0] ? a : b);
}

/*
 * The country of the article's dateline: a place in capitals opening one of
 * its first paragraphs, then a dash, a comma or a bracket ("ISLAMABAD --",
 * "KABUL, April 9 (Reuters) -", "KABUL (AP) -"), named by the actor dictionary (capitals stand for
 * their governments) or the gazetteer.
 */
static void find_dateline(ev_ctx *x)
{
	const qasid_doc *doc = x->doc;
	size_t t = 0;

	for (size_t p = 0; p < doc->paragraphs.n && p < 3; p++) {
		size_t k, n = 0;
		char name[96] = "", code[32];

		while (t < x->n && doc->tokens.v[t].start < doc->paragraphs.v[p].start)
			t++;
		for (k = t; k < x->n && k < t + 3; k++) {
			const char *w = x->words[k];
			size_t i;

			for (i = 0; w[i] && (isupper((unsigned char)w[i]) || w[i] == '.'); i++)
				;
			if (w[i] || i < 3)
				break;
			n++;
		}
		if (!n || k >= x->n ||
		    (strcmp(x->words[k], "--") && strcmp(x->words[k], "-") && strcmp(x->words[k], ",") &&
		     strcmp(x->words[k], "(")))
			continue;
		for (k = t; k < t + n; k++) {
			size_t len = strlen(name);

			snprintf(name + len, sizeof name - len, "%s%s", len ? " " : "", x->low[k]);
		}
		string_actor(x, name, code, sizeof code);
		if (code[0] && strncmp(code, "---", 3)) {
			snprintf(x->dateline, sizeof x->dateline, "%.3s", code);
			return;
		}
		if (x->gaz) {
			qasid_place pl[1];
			size_t len = 0;

			if (qasid_gazetteer_lookup(x->gaz, x->words + t, n, 0, &len, pl, 1) && len == n &&
			    pl[0].country[0]) {
				snprintf(x->dateline, sizeof x->dateline, "%s", pl[0].country);
				return;
			}
		}
		return;
	}
}

/*
 * Marks the datelines opening paragraphs ("WASHINGTON, Sept. 30, 2004 --",
 * "BAGHDAD, Iraq -", "Reuters -"): the place a story was filed from is no
 * actor of its events. The words keep no entity and match no actor.
 */
static int mark_datelines(ev_ctx *x)
{
	quo_view v;
	int rc = qv_build(&v, x->doc);

	if (rc)
		return rc;
	for (size_t p = 0, t = 0; p < x->doc->paragraphs.n; p++) {
		uint32_t a, hi, e;

		while (t < x->n && x->doc->tokens.v[t].start < x->doc->paragraphs.v[p].start)
			t++;
		if (t >= x->n)
			break;
		if (x->sent[t] < 0)
			continue;
		a = (uint32_t)t;
		hi = (uint32_t)x->doc->sentences.v[x->sent[a]].first_token +
		     x->doc->sentences.v[x->sent[a]].n_tokens;
		e = qv_after_dateline(x->doc, &v, a, hi);
		for (uint32_t k = a; k < e; k++) {
			x->in_dl[k] = 1;
			x->ent[k] = -1;
		}
	}
	qv_fini(&v);
	return QASID_OK;
}

/* The actor of entity e: from its mentions, role and affiliation (cached). */
static const char *entity_actor(ev_ctx *x, int32_t e)
{
	const qasid_entity *en;
	char code[32] = "", tmp[32];

	if (e < 0 || (size_t)e >= x->doc->entities.n)
		return "";
	if (x->eact[e].done)
		return x->eact[e].code;
	x->eact[e].done = 1;
	en = &x->doc->entities.v[e];
	/* the mentions: a dictionary match inside any of them */
	for (uint32_t k = 0; k < en->n_mentions; k++) {
		const qasid_entity_mention *m = &x->doc->ementions.v[en->mentions[k]];
		char span[256];
		size_t len = m->span.end - m->span.start;

		if (m->kind == QASID_MENTION_PRONOUN || len >= sizeof span)
			continue;
		memcpy(span, x->doc->text.data + m->span.start, len);
		span[len] = '\0';
		string_actor(x, span, tmp, sizeof tmp);
		merge_codes(code, sizeof code, code, tmp);
	}
	string_actor(x, en->role, tmp, sizeof tmp);
	merge_codes(code, sizeof code, code, tmp);
	string_actor(x, en->affiliation, tmp, sizeof tmp);
	merge_codes(code, sizeof code, code, tmp);
	/* a role with no country ("Defense Minister Khawaja Asif") in a story
	 * filed from ISLAMABAD: Pakistan's */
	if (!strncmp(code, "---", 3) && code[3] && x->dateline[0]) {
		compose(tmp, sizeof tmp, x->dateline, code);
		snprintf(code, sizeof code, "%s", tmp);
	}
	if (!strcmp(code, "---") || code[0] == '\0') {
		x->eact[e].code[0] = '\0';
		return "";
	}
	snprintf(x->eact[e].code, sizeof x->eact[e].code, "%s", code);
	return x->eact[e].code;
}

/* Relations that leave a noun phrase (clauses, coordination). */
static int np_stop(const ev_ctx *x, uint32_t k)
{
	static const char *const stop[] = {"acl", "advcl", "ccomp", "parataxis", "conj", "cc",
	                                   "punct", "xcomp", "csubj", "dep", NULL};
	const char *r = rel(x, k);
	char base[24];
	size_t n = strcspn(r, ":");

	if (n >= sizeof base)
		return 0;
	memcpy(base, r, n);
	base[n] = '\0';
	return evt_in(base, stop) >= 0;
}

/* Prepositions of time: "ties with Gxndor, years after Calenardhon crowds burned ...". */
static const char *const time_case[] = {"after", "before", "since", "during", "until", "till",
                                        "following", "amid", NULL};

/*
 * Collects the noun phrase of a (its subtree without clauses, conjuncts and
 * phrases of time) into toks, breadth first: the words nearest the head come
 * first.
 */
static size_t np_tokens(const ev_ctx *x, uint32_t a, uint32_t *toks, size_t cap)
{
	size_t n = 0, next = 0;

	toks[n++] = a;
	while (next < n) {
		uint32_t t = toks[next++];

		for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1] && n < cap; k++) {
			uint32_t c = x->kids[k];

			if (np_stop(x, c) || ((rel_is(x, c, "nmod") || rel_is(x, c, "obl")) &&
			                      evt_in(case_of(x, c), time_case) >= 0))
				continue;
			toks[n++] = c;
		}
	}
	return n;
}

static const char *const locative_case[] = {"in", "at", "near", "inside", "outside", "across",
                                            "throughout", "around", "within", NULL};

/* Is t inside a locative phrase ("in Cairo") below head a? */
static int in_locative(const ev_ctx *x, uint32_t t, uint32_t a)
{
	int32_t h = (int32_t)t;

	for (int steps = 0; h >= 0 && (uint32_t)h != a && steps < 32; steps++) {
		if ((rel_is(x, (uint32_t)h, "nmod") || rel_is(x, (uint32_t)h, "obl")) &&
		    evt_in(case_of(x, (uint32_t)h), locative_case) >= 0)
			return 1;
		h = head(x, (uint32_t)h);
	}
	return 0;
}

static const char *const first_person[] = {"we", "our", "us", NULL};
static const char *const third_person[] = {"it", "they", "he", "she", NULL};

/*
 * The actor of the argument headed by token a (sentence tokens from first):
 * fills code and the span of words that named it; returns 1 when found.
 */
/* Words that count or group the real head: "tens of thousands of students". */
static const char *const quantity_heads[] = {
	"tens", "thousands", "hundreds", "dozens", "scores", "millions", "dozen", "hundred",
	"thousand", "million", "number", "numbers", "lot", "lots", "majority", "group", "groups",
	"crowd", "crowds", "team", "members", "member", "some", "many", "most", "all", "several",
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", NULL};

/* The head of the phrase once its counting words are passed. */
static uint32_t real_head(const ev_ctx *x, uint32_t a)
{
	for (int steps = 0; steps < 4 && evt_in(x->low[a], quantity_heads) >= 0; steps++) {
		uint32_t next = a;

		for (uint32_t k = x->kid0[a]; k < x->kid0[a + 1]; k++)
			if (rel_is(x, x->kids[k], "nmod") && !strcmp(case_of(x, x->kids[k]), "of")) {
				next = x->kids[k];
				break;
			}
		if (next == a)
			break;
		a = next;
	}
	return a;
}

/*
 * A span that opens a bracket it does not close ends at the closing one when
 * that is the next token: "militants of the banned Tehreek-e-Taliban
 * Pakistan (TTP)" names its acronym last, inside the brackets.
 */
static void close_bracket(const ev_ctx *x, uint32_t first, uint32_t last, qasid_span *span)
{
	int depth = 0;

	for (uint32_t i = span->start; i < span->end; i++) {
		char c = x->doc->text.data[i];

		depth += c == '(' || c == '[';
		depth -= (c == ')' || c == ']') && depth > 0;
	}
	if (depth > 0 && last + 1 < first + x->sent_n) {
		const qasid_span *t = &x->doc->tokens.v[last + 1];

		if (t->end == t->start + 1 && (x->doc->text.data[t->start] == ')' ||
		                               x->doc->text.data[t->start] == ']'))
			span->end = t->end;
	}
}

/*
 * Is actor match m a capital that only begins another name: "Washington"
 * of "The Washington Post", "Moscow" of "Moscow Times"? The name goes on
 * with a capitalised word of the same entity.
 */
static int in_name(const ev_ctx *x, uint32_t first, int32_t m)
{
	uint32_t last = first + x->am[m].first + x->am[m].n - 1;
	int32_t e = x->ent[last];

	/* a capital standing for its government: "Washington", not "US" of "US Secretary" */
	if (!capital_match(&x->am[m]))
		return 0;
	return e >= 0 && last + 1 < x->n && x->ent[last + 1] == e &&
	       isupper((unsigned char)x->words[last + 1][0]) &&
	       strcmp(x->doc->entities.v[e].type, "LOC") && strcmp(x->doc->entities.v[e].type, "PER");
}

/*
 * Is word k inside the "of" phrase of a head that does harm to it: "the
 * kidnappers of two Chinese engineers" are no Chinese?
 */
static int victim_of(const ev_ctx *x, uint32_t k, uint32_t a)
{
	static const char *const harm_doers[] = {
		"kidnappers", "kidnapper", "captors", "captor", "abductors", "killers", "killer",
		"attackers", "attacker", "assailants", "murderers", "murderer", "hijackers",
		"assassins", "assassin", NULL};

	if (k == a || evt_in(x->low[a], harm_doers) < 0)
		return 0;
	for (int32_t h = (int32_t)k; h >= 0 && (uint32_t)h != a; h = head(x, (uint32_t)h))
		if (head(x, (uint32_t)h) == (int32_t)a && rel_is(x, (uint32_t)h, "nmod") &&
		    !strcmp(case_of(x, (uint32_t)h), "of"))
			return 1;
	return 0;
}

static int arg_actor(ev_ctx *x, uint32_t first, uint32_t a, char *code, size_t cap,
                     qasid_span *span, int32_t *entity)
{
	uint32_t toks[256];
	size_t nt, nm = 0;
	qasid_actor_match ms[16];
	int32_t ent = -1;

	code[0] = '\0';
	span->start = span->end = 0;
	*entity = -1;
	/* a dateline the parser took into the phrase: "BAGHDAD - Gunmen ambushed" */
	for (uint32_t k = a + 1; x->in_dl[a] && k < first + x->sent_n; k++)
		if (!x->in_dl[k] && in_subtree(x, k, a) && strcmp(upos(x, k), "PUNCT")) {
			a = k;
			break;
		}
	a = real_head(x, a);
	nt = np_tokens(x, a, toks, 256);
	/*
	 * Names the parser left outside the phrase: "Arnor President
	 * Umbardacil" cut before "President" (words just before the phrase, with
	 * no punctuation between, that are names or adjectives of a name).
	 */
	{
		uint32_t lo = a;

		for (size_t i = 0; i < nt; i++)
			lo = toks[i] < lo ? toks[i] : lo;
		while (lo > first && nt < 256 && x->tok_am[lo - 1 - first] >= 0 &&
		       (!strcmp(upos(x, lo - 1), "PROPN") || !strcmp(upos(x, lo - 1), "ADJ") ||
		        !strcmp(upos(x, lo - 1), "NOUN")) &&
		       !strcmp(upos(x, a), "PROPN") && head(x, lo - 1) != (int32_t)a &&
		       !in_subtree(x, a, lo - 1))
			toks[nt++] = --lo;
	}
	{
		/* does a role name the phrase's head ("officials in Arnor")? */
		int32_t hm = x->tok_am[a - first];
		int head_role = hm >= 0 && x->am[hm].kind != QASID_ACTOR;

		for (size_t i = 0; i < nt && nm < 16; i++) {
			int32_t m = x->tok_am[toks[i] - first];
			size_t j;

			if (m < 0 || in_name(x, first, m) || victim_of(x, toks[i], a))
				continue;
			/* a place the phrase is in ("protesters in Cairo") is no actor of its
			   own; it only gives a role its country */
			int loc = toks[i] != a && in_locative(x, toks[i], a);

			if (loc && !head_role)
				continue;
			for (j = 0; j < nm; j++) /* each match once */
				if (ms[j].first == x->am[m].first)
					break;
			if (j < nm)
				continue;
			ms[nm] = x->am[m];
			/* ... as its country: "protesters in Cairo" EGYOPP, not EGYGOV */
			if (loc && ms[nm].kind == QASID_ACTOR && isupper((unsigned char)ms[nm].code[0]) &&
			    strlen(ms[nm].code) >= 3) {
				ms[nm].code[3] = '\0';
				ms[nm].is_country = 1;
			}
			nm++;
		}
	}
	/* the entity named by the head, else by any token of the phrase */
	ent = x->ent[a];
	/* "we", "our forces" inside a quote: the speaker's side */
	for (size_t i = 0; ent < 0 && i < nt; i++)
		if (evt_in(x->low[toks[i]], first_person) >= 0 && x->quote[toks[i]] >= 0 &&
		    (toks[i] == a || x->tok_am[a - first] >= 0)) /* "we", "our forces"; not "our soil" */
			ent = x->doc->quotes.v[x->quote[toks[i]]].speaker;
	for (size_t i = 0; ent < 0 && i < nt; i++)
		if ((!strcmp(upos(x, toks[i]), "PROPN") || !strcmp(upos(x, toks[i]), "PRON")) &&
		    !in_locative(x, toks[i], a))
			ent = x->ent[toks[i]];
	*entity = ent;
	if (nm) {
		/* a person's title names the person: "President Umbardacil" */
		best_code(ms, nm, (int32_t)(a - first), code, cap);
		/* a bare role ("officials") may take its country from the entity */
		if (!strncmp(code, "---", 3) || bare_country(code)) {
			char c2[32];

			merge_codes(c2, sizeof c2, code, entity_actor(x, ent));
			snprintf(code, cap, "%s", c2);
		}
		/* ... or from a place named in the phrase ("Darfur rebels", "police in Cairo") */
		if (!strncmp(code, "---", 3) && x->gaz)
			for (size_t i = 0; i < nt; i++) {
				qasid_place pl[2];
				size_t len = 0;

				if (!isupper((unsigned char)x->words[toks[i]][0]) ||
				    !qasid_gazetteer_lookup(x->gaz, x->words + first, x->sent_n, toks[i] - first,
				                            &len, pl, 2) || !len)
					continue;
				compose(code, cap, pl[0].country, code);
				break;
			}
		{
			uint32_t lo = UINT32_MAX, hi = 0, last = 0;

			for (size_t j = 0; j < nm; j++) {
				uint32_t s = x->doc->tokens.v[first + ms[j].first].start;
				uint32_t l = first + ms[j].first + ms[j].n - 1;

				lo = s < lo ? s : lo;
				if (x->doc->tokens.v[l].end > hi)
					hi = x->doc->tokens.v[l].end, last = l;
			}
			span->start = lo;
			span->end = hi;
			close_bracket(x, first, last, span);
		}
		return code[0] != '\0';
	}
	if (ent >= 0) {
		const char *c = entity_actor(x, ent);

		if (*c) {
			snprintf(code, cap, "%s", c);
			span->start = x->doc->tokens.v[a].start;
			span->end = x->doc->tokens.v[a].end;
			return 1;
		}
	}
	/* "Ethiopia indicated it would act": "it" is the subject of the clause above */
	if (evt_in(x->low[a], third_person) >= 0 && head(x, a) >= 0) {
		int32_t v = head(x, a), h = v >= 0 ? head(x, (uint32_t)v) : -1;

		if (h >= 0 && (rel_is(x, (uint32_t)v, "ccomp") || rel_is(x, (uint32_t)v, "advcl") ||
		               rel_is(x, (uint32_t)v, "conj"))) {
			int32_t s = child_exact(x, (uint32_t)h, "nsubj");

			/* ... but not "we" or "you": "if they do not act, we will" */
			if (s >= 0 && (uint32_t)s != a && evt_in(x->low[s], third_person) < 0 &&
			    evt_in(x->low[s], first_person) < 0 &&
			    evt_in(x->low[s], (const char *const[]){"i", "me", "you", NULL}) < 0 &&
			    arg_actor(x, first, (uint32_t)s, code, cap, span, entity)) {
				span->start = x->doc->tokens.v[a].start;
				span->end = x->doc->tokens.v[a].end;
				return 1;
			}
		}
	}
	return 0;
}

/* ---- arguments ---------------------------------------------------------- */

static const char *const rel_prons[] = {"who", "which", "that", "whom", NULL};

/* Adds a and its conjuncts to args. */
/* An argument that takes its role from another token (x->role_of): "the
   ambassadors of Arnor, Osgiliath and Gondor" give Osgiliath's ambassadors. */
#define ARG_ROLE 0x80000000u

static int is_conj_word(const ev_ctx *x, uint32_t k)
{
	return rel_is(x, k, "conj") && strcmp(upos(x, k), "VERB") && strcmp(upos(x, k), "AUX");
}

/* Adds the conjuncts of c (not c) as arguments taking their role from a. */
static size_t add_role_conj(ev_ctx *x, uint32_t c, uint32_t a, uint32_t *args, size_t n)
{
	for (uint32_t k = x->kid0[c]; k < x->kid0[c + 1] && n < MAX_ARGS; k++)
		if (is_conj_word(x, x->kids[k])) {
			x->role_of[x->kids[k]] = (int32_t)a;
			args[n++] = x->kids[k] | ARG_ROLE;
			n = add_role_conj(x, x->kids[k], a, args, n);
		}
	return n;
}

/* Adds a and its conjuncts to args; a role's list of countries is distributed. */
static size_t add_conj(ev_ctx *x, int32_t a, uint32_t *args, size_t n)
{
	int32_t m;

	if (a < 0 || n >= MAX_ARGS)
		return n;
	args[n++] = (uint32_t)a;
	for (uint32_t k = x->kid0[a]; k < x->kid0[a + 1] && n < MAX_ARGS; k++)
		if (is_conj_word(x, x->kids[k]))
			n = add_conj(x, (int32_t)x->kids[k], args, n);
	/* "ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in Arnor and Gondor" */
	m = x->tok_am[(uint32_t)a - first_of(x, (uint32_t)a)];
	if (m >= 0 && x->am[m].kind != QASID_ACTOR)
		for (uint32_t k = x->kid0[a]; k < x->kid0[a + 1] && n < MAX_ARGS; k++) {
			uint32_t c = x->kids[k];

			if ((rel_is(x, c, "nmod") || rel_is(x, c, "compound")) &&
			    x->tok_am[c - first_of(x, c)] >= 0)
				n = add_role_conj(x, c, (uint32_t)a, args, n);
		}
	return n;
}

static int32_t by_agent(const ev_ctx *x, uint32_t t);

/*
 * Does nothing an object could be follow verb t: punctuation, a
 * preposition or conjunction, a time ("kidnapped Tuesday in Afghanistan",
 * "killed in a suicide bombing"), or the sentence's end? Not "killed 24
 * Islamic militants".
 */
static int no_object_after(const ev_ctx *x, uint32_t t)
{
	static const char *const times[] = {"yesterday", "today", "tonight", "last", "earlier",
	                                    "overnight", "this", NULL};
	uint32_t k = t + 1;

	while (k < x->n && x->sent[k] == x->sent[t] && !strcmp(upos(x, k), "ADV"))
		k++;
	if (k >= x->n || x->sent[k] != x->sent[t])
		return 1;
	return !strcmp(upos(x, k), "PUNCT") || !strcmp(upos(x, k), "ADP") ||
	       !strcmp(upos(x, k), "SCONJ") || !strcmp(upos(x, k), "CCONJ") ||
	       evt_weekday(x->low[k]) >= 0 || evt_in(x->low[k], times) >= 0;
}

/* Verbs of harm that take an object whenever they are active. */
static const char *const harm_participles[] = {
	"killed", "kidnapped", "abducted", "wounded", "injured", "executed", "beheaded",
	"arrested", "detained", "captured", "tortured", "murdered", "assassinated", NULL};

static int is_passive(const ev_ctx *x, uint32_t t)
{
	int32_t h = head(x, t);

	/* "Israel is opposed to mediation": an attitude of its subject, not a passive */
	if (!strcmp(x->low[t], "opposed") && by_agent(x, t) < 0)
		return 0;
	if (child(x, t, "aux:pass") >= 0 || child_exact(x, t, "nsubj:pass") >= 0)
		return 1;
	/*
	 * A verb of harm with a subject but no object and no auxiliary is a
	 * participle the parser took for a finite verb, and its subject
	 * suffered it: "a Turkish engineer kidnapped Tuesday ... was found
	 * dead", "with five Iraqis killed in a suicide bombing"
	 */
	if (child_exact(x, t, "nsubj") >= 0 && child_exact(x, t, "obj") < 0 &&
	    child(x, t, "aux") < 0 && child(x, t, "cop") < 0 &&
	    evt_in(x->low[t], harm_participles) >= 0 && no_object_after(x, t))
		return 1;
	/* "was beaten and executed": a participle joined to a passive */
	if (h >= 0 && rel_is(x, t, "conj") && !strcmp(xpos(x, t), "VBN") &&
	    child_exact(x, t, "nsubj") < 0 && child_exact(x, t, "obj") < 0 &&
	    (child(x, (uint32_t)h, "aux:pass") >= 0 || child_exact(x, (uint32_t)h, "nsubj:pass") >= 0))
		return 1;
	/*
	 * "militants killed by troops" is passive; but a participle hung on a
	 * noun that is the sentence's root is the parser's miss of the main
	 * verb ("Iraqi troops fired on protesters")
	 */
	return !strcmp(xpos(x, t), "VBN") && rel_is(x, t, "acl") && child_exact(x, t, "obj") < 0 &&
	       !(h >= 0 && head(x, (uint32_t)h) < 0 && by_agent(x, t) < 0);
}

/* The subject of verb t, looking up through conjunction, control and relative clauses. */
static int32_t subject_of(const ev_ctx *x, uint32_t t, int *passive, int depth)
{
	int32_t s = child_exact(x, t, "nsubj"), h;

	/* a dateline the parser made a second subject: "LANDSTUHL, Germany - Four US servicemen" */
	for (uint32_t k = x->kid0[t]; s >= 0 && x->in_dl[s] && k < x->kid0[t + 1]; k++)
		if (!x->in_dl[x->kids[k]] && !strcmp(rel(x, x->kids[k]), "nsubj"))
			s = (int32_t)x->kids[k];

	if (s < 0)
		s = child_exact(x, t, "nsubj:pass");
	if (s < 0)
		s = child_exact(x, t, "csubj");
	if (s >= 0 && evt_in(x->low[s], rel_prons) >= 0 && rel_is(x, t, "acl") && head(x, t) >= 0)
		return head(x, t); /* the militants who attacked */
	if (s >= 0)
		return s;
	if (depth > 4 || (h = head(x, t)) < 0)
		return -1;
	if (rel_is(x, t, "conj") || rel_is(x, t, "advcl") || rel_is(x, t, "xcomp")) {
		int p2 = 0;

		if (rel_is(x, t, "xcomp")) { /* urged Islamabad to resolve: the object controls */
			int32_t o = child_exact(x, (uint32_t)h, "iobj");

			if (o < 0)
				o = child_exact(x, (uint32_t)h, "obj");
			if (o >= 0)
				return o;
		}
		s = subject_of(x, (uint32_t)h, &p2, depth + 1);
		if (rel_is(x, t, "conj") && p2 && !is_passive(x, t))
			return -1; /* X was attacked and killed Y: not X's */
		return p2 && !rel_is(x, t, "conj") ? -1 : s;
	}
	if (rel_is(x, t, "acl") && !(*passive)) /* militants attacking the base */
		return h;
	return -1;
}

/* Prepositions that introduce a target. */
static const char *const target_preps[] = {"with", "against", "at", "on", "to", "toward",
                                           "towards", "into", "upon", "over", "for", "from",
                                           "about", "in", "of", "between", NULL};

/* Looks for a target among the prepositional objects of t (obl, nmod). */
static int arg_actor(ev_ctx *x, uint32_t first, uint32_t a, char *code, size_t cap,
                     qasid_span *span, int32_t *entity);

/* "in central London", "at Kabul": a capital where something happened, not its government. */
static int capital_as_place(const ev_ctx *x, uint32_t first, uint32_t c)
{
	static const char *const where[] = {"in", "at", "near", NULL};
	int32_t m = x->tok_am[c - first];
	size_t n;

	if (m < 0 || evt_in(case_of(x, c), where) < 0 || x->am[m].kind != QASID_ACTOR)
		return 0;
	n = strlen(x->am[m].code);
	return n == 6 && !strcmp(x->am[m].code + 3, "GOV");
}

/*
 * A target among the prepositional phrases below t (obl, nmod), nearest
 * first, within t's own phrase or clause: "with Gondor" in "restore ties
 * with Gondor", "fired shells at Seoul". With want_actor, only one that
 * names an actor.
 */
static int32_t prep_target(ev_ctx *x, uint32_t t, uint32_t first, int want_actor)
{
	uint32_t q[64];
	size_t nq = 0, next = 0;
	int32_t weak = -1; /* a phrase with an actor somewhere inside, not at its head */

	q[nq++] = t;
	while (next < nq) {
		uint32_t u = q[next++];

		for (uint32_t k = x->kid0[u]; k < x->kid0[u + 1]; k++) {
			uint32_t c = x->kids[k];
			char code[32];
			qasid_span sp;
			int32_t e;

			/* a participle on the object leads on ("the roads leading into Mordor") */
			int lead = u != t && !strcmp(rel(x, c), "acl") && !strcmp(xpos(x, c), "VBG");

			if ((np_stop(x, c) && !rel_is(x, c, "conj") && !lead) ||
			    (u == t && (rel_is(x, c, "nsubj") || rel_is(x, c, "csubj"))))
				continue; /* other clauses; the subject's own phrases */
			if ((rel_is(x, c, "obl") || rel_is(x, c, "nmod")) && !rel_is(x, c, "obl:agent") &&
			    strcmp(rel(x, c), "obl:tmod") && strcmp(rel(x, c), "nmod:poss") &&
			    evt_in(case_of(x, c), target_preps) >= 0) {
				if (!want_actor)
					return (int32_t)c;
				if (arg_actor(x, first, c, code, sizeof code, &sp, &e) &&
				    !capital_as_place(x, first, c)) {
					/* "ties with Mordor, Rohan and Bree": go on to the names */
					if (x->tok_am[c - first] >= 0 || x->ent[c] >= 0)
						return (int32_t)c;
					if (weak < 0)
						weak = (int32_t)c;
				}
			}
			/* deeper only through the object and target phrases, not "after ...",
			   "during ..." */
			if (nq < 64 && next < 16 && !rel_is(x, c, "conj") &&
			    (rel_is(x, c, "obj") || rel_is(x, c, "iobj") || rel_is(x, c, "compound") || lead ||
			     ((rel_is(x, c, "obl") || rel_is(x, c, "nmod")) &&
			      (evt_in(case_of(x, c), target_preps) >= 0 || !*case_of(x, c)))))
				q[nq++] = c;
		}
	}
	return weak;
}

/* The "by" agent of a passive verb or an event noun. */
static int32_t by_agent(const ev_ctx *x, uint32_t t)
{
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++) {
		uint32_t c = x->kids[k];

		if ((rel_is(x, c, "obl") || rel_is(x, c, "nmod")) && !strcmp(case_of(x, c), "by"))
			return (int32_t)c;
	}
	return -1;
}

/* ---- mode --------------------------------------------------------------- */

static const char *const neg_words[] = {"not", "n't", "never", "no", "nt", NULL};
static const char *const will_words[] = {"will", "shall", "'ll", "wo", "going", NULL};
static const char *const hypo_words[] = {"would", "could", "might", "may", "can", "'d", NULL};
static const char *const must_words[] = {"should", "must", "ought", NULL};

/* "should have told readers": what ought to have been done and was not, no demand. */
static int counterfactual(const ev_ctx *x, uint32_t t)
{
	return has_child_word(x, t, "aux", must_words) &&
	       has_child_word(x, t, "aux", (const char *const[]){"have", NULL}) &&
	       !strcmp(xpos(x, t), "VBN");
}
static const char *const threat_verbs[] = {"threaten", "threatens", "threatened", "threatening",
                                           "warn", "warns", "warned", "warning", NULL};
static const char *const intent_heads[] = {
	"plan", "plans", "planned", "planning", "intend", "intends", "intended", "want", "wants",
	"wanted", "seek", "seeks", "sought", "aim", "aims", "aimed", "prepare", "prepares",
	"prepared", "preparing", "vow", "vows", "vowed", "pledge", "pledged", "pledges",
	"promise", "promised", "promises", "decide", "decided", "agree", "agreed", "agrees",
	"hope", "hopes", "hoped", "expect", "expects", "expected", "about", "ready", "set",
	"determined", "going", "try", "tried", "tries", "attempt", "attempted", "willing",
	"prepared", "committed", "eager", "keen", "offer", "offered", "offers", NULL};
static const char *const demand_heads[] = {
	"urge", "urged", "urges", "urging", "call", "called", "calls", "calling", "demand",
	"demanded", "demands", "demanding", "ask", "asked", "asks", "press", "pressed",
	"appeal", "appealed", "request", "requested", "insist", "insisted", "tell", "told",
	"order", "ordered", "orders", NULL};
static const char *const cond_marks[] = {"if", "unless", "should", NULL};
static const char *const refusal_heads[] = {"refuse", "refused", "refuses", "refusing", "decline",
                                            "declined", "declines", "fail", "failed", "fails",
                                            "reject", "rejected", "rejects", NULL};

/* Is t negated: "not", "never", and "no longer", "no more" (an adverb on its own "no")? */
static int negated(const ev_ctx *x, uint32_t t)
{
	static const char *const no_more[] = {"longer", "more", NULL};

	if (has_child_word(x, t, "advmod", neg_words) || has_child_word(x, t, "det", neg_words) ||
	    has_child_word(x, t, "neg", neg_words))
		return 1;
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++) {
		uint32_t c = x->kids[k];

		if (rel_is(x, c, "advmod") && evt_in(x->low[c], no_more) >= 0 &&
		    has_child_word(x, c, "advmod", (const char *const[]){"no", NULL}))
			return 1;
	}
	return 0;
}

static qasid_mode mode_at(const ev_ctx *x, uint32_t t, int *conditional, int depth)
{
	int32_t h = head(x, t);
	int fut = 0;

	*conditional = 0;
	if (negated(x, t))
		return QASID_MODE_NEGATED;
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++) {
		uint32_t c = x->kids[k];

		if (rel_is(x, c, "advcl") && evt_in(case_of(x, c), cond_marks) >= 0)
			*conditional = 1;
	}
	if (rel_is(x, t, "advcl") && evt_in(case_of(x, t), cond_marks) >= 0)
		return QASID_MODE_HYPOTHETICAL; /* the condition itself: "if they do not act" */
	if (has_child_word(x, t, "aux", hypo_words)) {
		/* "they said they would boycott": the past's future, not a supposition */
		if (!has_child_word(x, t, "aux", (const char *const[]){"could", "might", "may", "can", NULL}) &&
		    h >= 0 && rel_is(x, t, "ccomp") && speech_frame(x, (uint32_t)h) && !*conditional)
			fut = 1;
		/* "said they would meet him if ...": an act offered or threatened on a condition */
		else if (*conditional && h >= 0 && rel_is(x, t, "ccomp") && speech_frame(x, (uint32_t)h))
			return QASID_MODE_THREATENED;
		else
			return QASID_MODE_HYPOTHETICAL;
	}
	if (has_child_word(x, t, "aux", must_words))
		return counterfactual(x, t) ? QASID_MODE_HYPOTHETICAL : QASID_MODE_DEMANDED;
	if (has_child_word(x, t, "aux", will_words))
		fut = 1;
	/* the verb governing an infinitive or a clause */
	if (h >= 0 && (rel_is(x, t, "xcomp") || rel_is(x, t, "ccomp"))) {
		if (evt_in(x->low[h], threat_verbs) >= 0)
			return QASID_MODE_THREATENED;
		if (evt_in(x->low[h], demand_heads) >= 0)
			return QASID_MODE_DEMANDED;
		if (evt_in(x->low[h], intent_heads) >= 0 && rel_is(x, t, "xcomp"))
			return QASID_MODE_INTENDED;
		/* "declined to resign", "failed to reach agreement" */
		if (evt_in(x->low[h], refusal_heads) >= 0 && rel_is(x, t, "xcomp"))
			return QASID_MODE_NEGATED;
		if (has_child_word(x, (uint32_t)h, "advmod", neg_words) &&
		    rel_is(x, t, "xcomp"))
			return QASID_MODE_NEGATED;
		if (has_child_word(x, (uint32_t)h, "aux", hypo_words))
			return QASID_MODE_HYPOTHETICAL;
	}
	if (fut)
		return *conditional ? QASID_MODE_THREATENED : QASID_MODE_INTENDED;
	if (*conditional)
		return QASID_MODE_HYPOTHETICAL;
	/*
	 * an infinitive takes the mode of the verb it completes or serves, up
	 * the chain: "is willing to send material to help *defend* Saudi Arabia"
	 */
	if (h >= 0 && depth < 4 && x->sent[h] == x->sent[t] &&
	    (rel_is(x, t, "xcomp") || (rel_is(x, t, "advcl") && !strcmp(case_of(x, t), "to")))) {
		int c2 = 0;
		qasid_mode hm = mode_at(x, (uint32_t)h, &c2, depth + 1);

		if (hm != QASID_MODE_HYPOTHETICAL || !c2)
			return hm;
	}
	return QASID_MODE_ASSERTED;
}

static qasid_mode mode_of(const ev_ctx *x, uint32_t t, int *conditional)
{
	return mode_at(x, t, conditional, 0);
}

/* A conflict event threatened: the CAMEO 13x code for it (138x for force). */
static const char *threat_code(const char *cameo)
{
	if (!strncmp(cameo, "19", 2) || !strncmp(cameo, "15", 2))
		return "1384";
	if (!strncmp(cameo, "18", 2) || !strncmp(cameo, "20", 2))
		return "1383";
	if (!strncmp(cameo, "17", 2))
		return "137";
	if (!strncmp(cameo, "163", 3))
		return "1312";
	if (!strncmp(cameo, "16", 2))
		return "131";
	return NULL;
}

/* ---- one sentence ------------------------------------------------------- */

/* Is j in the clause of t: in its subtree, not inside a clause below it? */
static int in_clause(const ev_ctx *x, uint32_t j, uint32_t t)
{
	static const char *const clauses[] = {"ccomp", "advcl", "acl", "parataxis", "csubj", NULL};
	int32_t h = (int32_t)j;
	int steps = 0;

	while (h >= 0 && steps++ < 64) {
		char base[24];
		const char *r;
		size_t n;

		if ((uint32_t)h == t)
			return 1;
		r = rel(x, (uint32_t)h);
		n = strcspn(r, ":");
		if (n < sizeof base) {
			memcpy(base, r, n);
			base[n] = '\0';
			if (evt_in(base, clauses) >= 0)
				return 0;
		}
		h = head(x, (uint32_t)h);
	}
	return 0;
}

/* The first token of t's sentence. */
static uint32_t first_of(const ev_ctx *x, uint32_t t)
{
	return x->sent[t] >= 0 ? x->doc->sentences.v[x->sent[t]].first_token : t;
}

/* May word j of t's sentence hold a following word of t's patterns? */
static int after_reach(const ev_ctx *x, uint32_t j, uint32_t t)
{
	return in_clause(x, j, t) ||
	       (head(x, t) >= 0 && (rel_is(x, t, "compound") || rel_is(x, t, "amod")) &&
	        in_subtree(x, j, (uint32_t)head(x, t)));
}

static int bit(uint64_t set, uint32_t i)
{
	return i < 64 && (set >> i & 1);
}

static int glued(const evt_pattern *p, uint32_t i)
{
	return bit(p->glued, i);
}

/*
 * May token j hold a word glued to the one at token prev (j after it)? The
 * next token, or the one after a hyphen ("CEASE_FIRE": "cease-fire", which
 * the tokenizer may cut in three).
 */
static int glue_reach(const ev_ctx *x, uint32_t prev, uint32_t j)
{
	return j == prev + 1 || (j == prev + 2 && !strcmp(x->low[prev + 1], "-"));
}

/*
 * Is j a phrase of verb t's own, as a PETRARCH-2 pattern's unmarked word
 * wants it: its object, a particle or adverb ("called off", "put forward"),
 * a complement, the noun of a prepositional phrase on t itself (our parser
 * reads some objects so: "to wage war", "wage" a compound of "war"); or a
 * conjunct of one; or one of the verb of its infinitive complement ("vowed
 * to wage war": the complement is part of the event, as everywhere in the
 * coder)? Not a modifier, nor a word deeper in a phrase.
 */
static int verb_slot(const ev_ctx *x, uint32_t j, uint32_t t)
{
	static const char *const own[] = {"compound:prt", "obl:tmod", "obl:npmod", NULL};

	for (int steps = 0; steps < 8 && head(x, j) >= 0; steps++) {
		if (head(x, j) == (int32_t)t)
			return rel_is(x, j, "obj") || rel_is(x, j, "iobj") || rel_is(x, j, "advmod") ||
			       rel_is(x, j, "xcomp") || rel_is(x, j, "obl") || evt_in(rel(x, j), own) >= 0;
		if (rel_is(x, (uint32_t)head(x, j), "xcomp") &&
		    head(x, (uint32_t)head(x, j)) == (int32_t)t)
			return verb_slot(x, j, (uint32_t)head(x, j));
		if (!rel_is(x, j, "conj"))
			return 0;
		j = (uint32_t)head(x, j);
	}
	return 0;
}

/*
 * Is c a prepositional phrase (or "to" infinitive) in verb t's clause: on
 * t, or on the phrases below it, through no clause of its own?
 */
static int verb_pp(const ev_ctx *x, uint32_t c, uint32_t t)
{
	return c != t && in_clause(x, c, t);
}

/*
 * May token j hold following word k of a PETRARCH-2 pattern of trigger t,
 * by the word's role (event.h)? A preposition must be the case marker (or
 * t's particle) of a phrase in t's clause, a noun it governs a word of that
 * phrase, an unmarked word a phrase of t's own (verb_slot); a modifier
 * anything in the clause. Patterns of other dictionaries: any word.
 */
static int role_fits(const ev_ctx *x, const evt_pattern *p, uint32_t k, uint32_t j, uint32_t t)
{
	if (!p->phrases || bit(p->mod, k))
		return 1;
	if (bit(p->prep, k))
		/* the "to" of an infinitive only before its verb: "(TO FREEZE)" */
		return ((rel_is(x, j, "case") || (rel_is(x, j, "mark") && bit(p->ppnoun, k + 1))) &&
		        head(x, j) >= 0 &&
		        verb_pp(x, (uint32_t)head(x, j), t)) ||
		       (head(x, j) == (int32_t)t && !strcmp(rel(x, j), "compound:prt"));
	if (bit(p->ppnoun, k)) {
		uint32_t g = k;

		while (g > 1 && !bit(p->prep, g - 1) && (bit(p->mod, g - 1) || bit(p->ppnoun, g - 1)))
			g--;
		if (g > 1 && bit(p->prep, g - 1)) {
			const char *w = evt_verbs_word(x->verbs, p, g - 1);

			/* a word of the phrase the preposition governs ("ON &TIETYPES": "on cultural issues") */
			for (int32_t c = (int32_t)j; c >= 0 && c != (int32_t)t; c = head(x, (uint32_t)c)) {
				for (uint32_t m = x->kid0[c]; m < x->kid0[c + 1]; m++)
					if ((rel_is(x, x->kids[m], "case") || rel_is(x, x->kids[m], "mark")) &&
					    evt_word_is(x->verbs, x->low[x->kids[m]], w))
						return in_clause(x, j, (uint32_t)c) && verb_pp(x, (uint32_t)c, t);
			}
			return 0;
		}
	}
	return verb_slot(x, j, t);
}

/*
 * Following words k.. of p after token prev, in order, before end: the
 * first match of each word in turn, except that a word with a glued word
 * after it tries its later matches too when the rest fails there. Sets
 * *last to the last word's token.
 */
static int match_after(ev_ctx *x, const evt_pattern *p, uint32_t k, uint32_t prev, uint32_t t,
                       uint32_t end, uint32_t *last)
{
	if (k >= p->n_words) {
		*last = prev;
		return 1;
	}
	for (uint32_t j = prev + 1; j < end; j++) {
		if (glued(p, k) && j > prev + 2)
			break;
		if (glued(p, k) && !glue_reach(x, prev, j))
			continue;
		if (!after_reach(x, j, t) ||
		    !evt_word_is(x->verbs, x->low[j], evt_verbs_word(x->verbs, p, k)) ||
		    !role_fits(x, p, k, j, t))
			continue;
		if (match_after(x, p, k + 1, j, t, end, last))
			return 1;
		if (!glued(p, k + 1))
			return 0; /* a later match leaves the rest less room */
	}
	return 0;
}

/*
 * Words before p's trigger t, right to left from before-word k-1 (its
 * right neighbour at next): in t's clause, or the verbs t hangs from.
 */
static int match_before(ev_ctx *x, const evt_pattern *p, uint32_t k, uint32_t next, uint32_t t)
{
	uint32_t right = k == p->n_before ? 0 : p->n_words + k; /* the neighbour's glue bit */

	if (k == 0)
		return 1;
	for (uint32_t j = next; j > first_of(x, t);) {
		j--;
		if (glued(p, right) && j + 2 < next)
			break;
		if (glued(p, right) && !glue_reach(x, j, next))
			continue;
		if ((!in_clause(x, j, t) && !in_subtree(x, t, j)) ||
		    !evt_word_is(x->verbs, x->low[j], evt_verbs_word(x->verbs, p, p->n_words + k - 1)))
			continue;
		if (match_before(x, p, k - 1, j, t))
			return 1;
		if (!glued(p, p->n_words + k - 1))
			return 0;
	}
	return 0;
}

/* Does pattern p match at trigger t? Sets *last to its last word's token. */
static int pattern_matches(ev_ctx *x, const evt_pattern *p, uint32_t t, uint32_t end,
                           uint32_t *last)
{
	*last = t;
	return match_after(x, p, 1, t, t, end, last) && match_before(x, p, p->n_before, t, t);
}

static const char *const locative[] = {"in", "at", "near", "from", "across", "outside",
                                       "inside", "into", "around", "within", "throughout",
                                       "along", NULL};

/*
 * A place no gazetteer holds ("in South Waziristan", "near Wana"): a name the
 * tagger read as a location, from its first word at t, that names no actor;
 * its canonical name is the entity's. Country, region and coordinates stay
 * unknown. Not after "from", which tells where a thing came from.
 */
static int unlisted_place(const ev_ctx *x, uint32_t first, uint32_t t, uint32_t end, size_t *len,
                          qasid_place *pl)
{
	const qasid_entity *en;
	int32_t e = x->ent[t];
	uint32_t k = t;

	/* not an actor's name ("the same from Kabul": its government) */
	if (e < 0 || (t > 0 && x->ent[t - 1] == e) || x->tok_am[t - first] >= 0)
		return 0;
	en = &x->doc->entities.v[e];
	if (strcmp(en->type, "LOC") || !en->name || !*en->name)
		return 0;
	while (k < end && x->ent[k] == e)
		k++;
	memset(pl, 0, sizeof *pl);
	pl->kind = QASID_UNLISTED;
	pl->name = en->name;
	pl->admin1 = pl->admin1_name = "";
	*len = k - t;
	return 1;
}

static int find_places(ev_ctx *x, uint32_t first, uint32_t n)
{
	x->n_pl = 0;
	if (!x->gaz)
		return QASID_OK;
	for (uint32_t i = 0; i < n; i++) {
		qasid_place pl[4];
		size_t len = 0, np;
		uint32_t t = first + i, b = i;

		if (!isupper((unsigned char)x->words[t][0]))
			continue;
		while (b > 0 && (is_word(x, first + b - 1, "the") || !strcmp(upos(x, first + b - 1), "PROPN") ||
		                 !strcmp(upos(x, first + b - 1), "ADJ")) && i - b < 4)
			b--;
		if (b == 0 || evt_in(x->low[first + b - 1], locative) < 0)
			continue;
		np = qasid_gazetteer_lookup(x->gaz, x->words + first, n, i, &len, pl, 4);
		if ((!np || !len) && (!strcmp(x->low[first + b - 1], "from") ||
		                      !unlisted_place(x, first, t, first + n, &len, pl)))
			continue;
		if (GROW(x, pl, cap_pl, x->n_pl + 1))
			return QASID_ENOMEM;
		x->pl[x->n_pl].first = t;
		x->pl[x->n_pl].n = (uint32_t)len;
		x->pl[x->n_pl].p = pl[0];
		x->n_pl++;
		i += (uint32_t)len - 1;
	}
	return QASID_OK;
}

static int kind_rank(qasid_place_kind k)
{
	/* a name no gazetteer lists is a district or a town more often than not */
	return k == QASID_CITY ? 4 : k == QASID_UNLISTED ? 3 : k == QASID_REGION ? 2 : 1;
}

/* The sentence of the event: date, place, casualties; then pushes it. */
static int push_event(ev_ctx *x, qasid_event *ev, uint32_t first, uint32_t n, uint32_t trig,
                      int nominal)
{
	size_t i;
	int best = -1, best_in = 0;

	/* date: an expression in the trigger's subtree, else the sentence's first */
	for (i = 0; i < x->n_wh; i++) {
		int in = in_subtree(x, first + x->wh[i].first, trig);
		int32_t h = head(x, first + x->wh[i].first);

		if (x->wh[i].precision == QASID_PREC_NONE)
			continue;
		/* "..., the military said on Sunday": when it was said, not done */
		if (!in && h >= 0 && (speech_frame(x, (uint32_t)h) ||
		                      (head(x, (uint32_t)h) >= 0 && speech_frame(x, (uint32_t)head(x, (uint32_t)h)))))
			continue;
		if (best < 0 || (in && !best_in)) {
			best = (int)i;
			best_in = in;
		}
	}
	if (best >= 0) {
		const qasid_when *w = &x->wh[best];

		ev->date = w->date;
		ev->date_last = w->last;
		ev->precision = w->precision;
		ev->date_span.start = x->doc->tokens.v[first + w->first].start;
		ev->date_span.end = x->doc->tokens.v[first + w->first + w->n - 1].end;
		/* a date well before the article's: background */
		if (x->art_date != QASID_NO_DATE && w->last != QASID_NO_DATE &&
		    w->last < x->art_date - 31)
			ev->background = 1;
		if (w->first > 0 && is_word(x, first + w->first - 1, "since"))
			ev->background = 1;
	} else {
		ev->date = x->art_date;
		ev->date_last = x->art_date;
		ev->precision = QASID_PREC_NONE;
	}
	/* place: the most specific in the trigger's subtree, else in the sentence */
	best = -1;
	best_in = 0;
	for (i = 0; i < x->n_pl; i++) {
		int in = in_subtree(x, x->pl[i].first, trig) ||
		         (nominal && head(x, trig) >= 0 && in_subtree(x, x->pl[i].first, (uint32_t)head(x, trig)));
		uint32_t a = x->pl[i].first - first;

		/* a place that is an argument's actor is not where it happened */
		if (ev->source_span.end > ev->source_span.start &&
		    x->doc->tokens.v[first + a].start >= ev->source_span.start &&
		    x->doc->tokens.v[first + a].end <= ev->source_span.end)
			continue;
		if (best < 0 || (in && !best_in) ||
		    (in == best_in && kind_rank(x->pl[i].p.kind) > kind_rank(x->pl[best].p.kind))) {
			best = (int)i;
			best_in = in;
		}
	}
	if (best >= 0) {
		ev->has_place = 1;
		ev->place = x->pl[best].p;
		ev->place_span.start = x->doc->tokens.v[x->pl[best].first].start;
		ev->place_span.end = x->doc->tokens.v[x->pl[best].first + x->pl[best].n - 1].end;
	}
	(void)n;
	return VEC_PUSH(&x->doc->events, *ev);
}

static int violent(const char *cameo)
{
	return !strncmp(cameo, "18", 2) || !strncmp(cameo, "19", 2) || !strncmp(cameo, "20", 2) ||
	       !strncmp(cameo, "138", 3) || !strncmp(cameo, "17", 2);
}

/*
 * Casualty counts of the sentence go to its violent events (those from e0
 * on): each count to the event whose trigger is nearest its cue (all the
 * events of that trigger, one per actor pair).
 */
static void add_casualties(ev_ctx *x, uint32_t first, size_t e0)
{
	qasid_event *evs = x->doc->events.v;
	size_t ne = x->doc->events.n;

	for (size_t i = 0; i < x->n_ct; i++) {
		const qasid_count *c = &x->ct[i];
		uint32_t cue = first + c->cue, num = first + c->first + c->n - 1, best_tok = UINT32_MAX;
		uint32_t best_d = UINT32_MAX;
		int32_t noun = head(x, num);
		qasid_casualty k;
		qasid_span sp;
		int32_t ent;

		for (size_t e = e0; e < ne; e++) {
			uint32_t t = evs[e].first_token, d = t > cue ? t - cue : cue - t;

			if (violent(evs[e].cameo) && d < best_d) {
				best_d = d;
				best_tok = t;
			}
		}
		if (best_tok == UINT32_MAX)
			continue;
		memset(&k, 0, sizeof k);
		k.kind = c->kind;
		k.low = c->low;
		k.best = c->best;
		k.high = c->high;
		k.span.start = x->doc->tokens.v[first + c->first].start;
		k.span.end = x->doc->tokens.v[num].end;
		/* the side: the actor of the counted noun ("eight TTP militants") */
		if (noun < 0 || x->sent[noun] != x->sent[num] || !strcmp(upos(x, num), "NOUN") ||
		    !strcmp(upos(x, num), "PRON"))
			noun = (int32_t)num;
		if (!arg_actor(x, first, (uint32_t)noun, k.side, sizeof k.side, &sp, &ent)) {
			/* "killed two": the victims are the object, that is the target */
			for (size_t e = e0; e < ne; e++)
				if (evs[e].first_token == best_tok && child_exact(x, best_tok, "obj") == noun &&
				    evs[e].target[0]) {
					snprintf(k.side, sizeof k.side, "%s", evs[e].target);
					break;
				}
		}
		for (size_t e = e0; e < ne; e++) {
			qasid_casualty ke = k;

			if (evs[e].first_token != best_tok || evs[e].n_casualties >= QASID_EVENT_MAX_CASUALTIES)
				continue;
			/* "two soldiers of the elite Special Services Group" (---MIL) beside
			   PAKMIL: the side of the same role */
			if (!strncmp(ke.side, "---", 3) && ke.side[3]) {
				const char *sides[2] = {evs[e].source, evs[e].target};

				for (int q = 0; q < 2; q++)
					if (strlen(sides[q]) >= 6 && !strcmp(sides[q] + 3, ke.side + 3)) {
						snprintf(ke.side, sizeof ke.side, "%s", sides[q]);
						break;
					}
			}
			evs[e].casualties[evs[e].n_casualties++] = ke;
		}
	}
}

/* CAMEO root of a code as a number (19 for "1951"). */
static int root_of(const char *c)
{
	return (c[0] - '0') * 10 + (c[1] - '0');
}

/*
 * Can subjects joined by "and" be doing it to each other (trigger word t):
 * consulting and cooperating (CAMEO 03 to 06), or fighting with a verb or
 * noun that takes two sides? "Israel and Lebanon renewed negotiations" and
 * "rebels and troops clashed" can, and so can what they share ("postponed
 * their meeting"); "Brazil and France called for new efforts" and "U.S.
 * and Iraqi forces launched a major assault" cannot.
 */
static int reciprocal(const ev_ctx *x, const char *c, uint32_t t)
{
	static const char *const two_sided[] = {"clash", "clashed", "clashes", "clashing",
	                                        "fight", "fought", "fighting", "battle", "battled",
	                                        "battles", "battling", "skirmish", "skirmished",
	                                        "skirmishes", "exchange", "exchanged", NULL};
	int r = root_of(c);

	if ((r >= 3 && r <= 6) || (r == 19 && evt_in(x->low[t], two_sided) >= 0))
		return 1;
	/* what the two share: "Gondor and Osgiliath have postponed their meeting" */
	for (uint32_t k = x->kid0[t]; k < x->kid0[t + 1]; k++)
		if (rel_is(x, x->kids[k], "obj"))
			for (uint32_t j = x->kid0[x->kids[k]]; j < x->kid0[x->kids[k] + 1]; j++)
				if (rel_is(x, x->kids[j], "nmod:poss") && is_word(x, x->kids[j], "their"))
					return 1;
	return 0;
}

/*
 * An intended cooperative act is an expression of intent (CAMEO 03): "will
 * visit" 036, "is ready to provide aid" 033, "will release" 0353. NULL when
 * the code is not a cooperative one.
 */
static const char *intent_code(const char *c)
{
	static const struct {
		const char *from, *to;
	} map[] = {{"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"},
	           {"081", "0351"}, {"082", "0352"}, {"084", "0353"}, {"085", "0354"},
	           {"086", "0355"}, {"087", "0356"}, {"045", "039"},  {"046", "039"},
	           {"04", "036"},   {"05", "032"},   {"06", "031"},   {"07", "033"},
	           {"08", "035"}};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strncmp(c, map[i].from, strlen(map[i].from)))
			return map[i].to;
	return NULL;
}

/* A cooperative act refused ("will not accept", "refused to meet"): CAMEO 12. */
static const char *reject_code(const char *c)
{
	/* a concession refused, as the codebook pairs them ("084 Return, release",
	   "1243 Refuse to release persons or property") */
	static const struct {
		const char *from, *to;
	} yield[] = {{"0831", "1231"}, {"0832", "1232"}, {"0833", "1233"}, {"0834", "1234"},
	             {"081", "1241"},  {"082", "1242"},  {"083", "123"},   {"084", "1243"},
	             {"085", "1244"},  {"086", "1245"},  {"087", "1246"}};

	for (size_t i = 0; i < sizeof yield / sizeof yield[0]; i++)
		if (!strncmp(c, yield[i].from, strlen(yield[i].from)))
			return yield[i].to;
	switch (root_of(c)) {
	case 3: case 5: return "120";
	case 4: return "125";
	case 6: return "121";
	case 7: return "122";
	case 8: return "124";
	}
	return NULL;
}

/* A cooperative act someone says another must do: a demand (CAMEO 10). */
static const char *demand_code(const char *c)
{
	switch (root_of(c)) {
	case 3: return "100"; /* "X must agree to changes" */
	case 4: return "108";
	case 5: return "102";
	case 6: return "100";
	case 7: return "103";
	case 8: return !strncmp(c, "087", 3) ? "107" : "100";
	}
	return NULL;
}

/* Verbs whose object noun is the event: "carried out an attack", "launched strikes". */
static const char *const light_verbs[] = {
	"carry", "carried", "carries", "carrying", "launch", "launched", "launches", "launching",
	"conduct", "conducted", "conducts", "conducting", "stage", "staged", "stages", "staging",
	"mount", "mounted", "mounts", "wage", "waged", "wages", "waging", "unleash", "unleashed",
	"begin", "began", "begun", "begins", "start", "started", "starts", "continue", "continued",
	"intensify", "intensified", "step", "stepped", "execute", "executed", "perpetrate",
	"perpetrated", "commit", "committed", "claim", "claimed", "hold", "held", "holds",
	"make", "made", "makes", "pay", "paid", "order", "ordered", "renew", "renewed", "resume",
	"resumed", "resumes", "open", "opened", "opens", "undertake", "undertook", "undertaken",
	"give", "gave", "given", "gives", "deliver", "delivered", "issue", "issued", "issues",
	"announce", "announced", "announces", "declare", "declared", "declares", "hold", NULL};

/* arg_actor, for an argument that may take its role from another (ARG_ROLE). */
static int role_arg_actor(ev_ctx *x, uint32_t first, uint32_t a, char *code, size_t cap,
                          qasid_span *span, int32_t *entity)
{
	char role[32];
	qasid_span rs;
	int32_t re;
	uint32_t tok = a & ~ARG_ROLE;

	if (!arg_actor(x, first, tok, code, cap, span, entity))
		return 0;
	if ((a & ARG_ROLE) && bare_country(code) && x->role_of[tok] >= 0 &&
	    arg_actor(x, first, (uint32_t)x->role_of[tok], role, sizeof role, &rs, &re) &&
	    strlen(role) > 3) {
		char c[32];

		snprintf(c, sizeof c, "%s", code);
		compose(code, cap, c, role + 3); /* ARN + "GOV" of ARNGOV */
	}
	return 1;
}

/* Is e a named entity (not a pronoun's or an unnamed source's)? */
static int named_entity(const ev_ctx *x, int32_t e)
{
	return e >= 0 && (size_t)e < x->doc->entities.n && !x->doc->entities.v[e].unnamed &&
	       x->doc->entities.v[e].name && isupper((unsigned char)x->doc->entities.v[e].name[0]);
}

/* Nouns that name what someone said, as the object of a reply. */
static const char *const said_nouns[] = {
	"accusation", "accusations", "allegation", "allegations", "claim", "claims", "charge",
	"charges", "demand", "demands", "proposal", "proposals", "offer", "criticism", "remarks",
	"remark", "statement", "request", "ultimatum", "warning", "threat", "threats", NULL};

/*
 * "The Afghan Taliban government rejected the accusation": the accusation
 * is what an earlier speaker said, so the target is that speaker's actor,
 * the last quoted before the sentence whose actor is not the source's.
 * Only for "the" (this, these, that, such) and one of said_nouns.
 */
static int said_target(ev_ctx *x, uint32_t ta, const char *source, char *code, size_t cap,
                       qasid_span *span, int32_t *entity)
{
	uint32_t start = x->doc->sentences.v[x->sent[ta]].span.start;

	if (evt_in(x->low[ta], said_nouns) < 0 ||
	    !has_child_word(x, ta, "det", (const char *const[]){"the", "this", "these", "that",
	                                                        "those", "such", NULL}))
		return 0;
	for (size_t k = x->doc->quotes.n; k-- > 0;) {
		const qasid_quote *q = &x->doc->quotes.v[k];
		const char *c;

		if (q->content[0].start >= start || q->speaker < 0)
			continue;
		c = entity_actor(x, q->speaker);
		if (!*c || !strcmp(c, source))
			continue;
		snprintf(code, cap, "%s", c);
		span->start = x->doc->tokens.v[ta].start;
		span->end = x->doc->tokens.v[ta].end;
		*entity = q->speaker;
		return 1;
	}
	return 0;
}

/* One event of trigger tr from argument tokens sa and ta (UINT32_MAX: none). */
/*
 * Is the phrase headed by a a natural hazard ("Hurricane Ivan", "the
 * earthquake", "floods") or an accident ("A bus ... collided with a truck
 * ..., killing at least seven people", "the crash"; not "house", which is
 * as often a parliament's)? What it does is no event between actors.
 */
static int hazard(const ev_ctx *x, uint32_t a)
{
	static const char *const accidents[] = {
		"building", "roof", "wall", "bridge", "dam", "train", "bus", "ferry", "boat",
		"truck", "lorry", "crash", "collapse", "accident", "blaze", "derailment", NULL};

	static const char *const words[] = {
		"hurricane", "hurricanes", "typhoon", "typhoons", "cyclone", "cyclones", "storm",
		"storms", "tornado", "tornadoes", "earthquake", "earthquakes", "quake", "quakes",
		"aftershock", "aftershocks", "tsunami", "tsunamis", "flood", "floods", "flooding",
		"floodwaters", "landslide", "landslides", "mudslide", "mudslides", "avalanche",
		"avalanches", "wildfire", "wildfires", "drought", "eruption", "volcano", "blizzard",
		"monsoon", "heatwave", NULL};
	uint32_t toks[16];
	size_t nt = np_tokens(x, a, toks, 16);

	if (evt_in(x->low[a], accidents) >= 0) /* the head only: "a bus bomb" is a bomb */
		return 1;
	for (size_t i = 0; i < nt; i++)
		if ((toks[i] == a || rel_is(x, toks[i], "compound")) && evt_in(x->low[toks[i]], words) >= 0)
			return 1;
	return 0;
}

static int emit_pair(ev_ctx *x, const struct trig *tr, uint32_t first, uint32_t n, uint32_t sa,
                     uint32_t ta, const char *cameo, qasid_mode mode, int nominal, int need_both)
{
	qasid_event ev;
	uint32_t t = tr->tok;
	int32_t se = -1, te = -1;

	if (sa != UINT32_MAX && hazard(x, sa & ~ARG_ROLE))
		return QASID_OK;

	memset(&ev, 0, sizeof ev);
	snprintf(ev.cameo, sizeof ev.cameo, "%s", cameo);
	/*
	 * CAMEO codes an announced act as the act (mode says it is intended), as
	 * PETRARCH does; PLOVER types an announced cooperative act as AGREE, and
	 * one offered on a condition ("would meet him if") too.
	 */
	ev.plover = qasid_cameo_plover(x->verbs, mode == QASID_MODE_INTENDED && intent_code(cameo)
	                                             ? intent_code(cameo)
	                                             : ev.cameo);
	/* ... and an act agreed to ("agreed to a ceasefire") as AGREE */
	if (!strncmp(x->low[t], "agree", 5) && root_of(cameo) >= 4 && root_of(cameo) <= 8)
		ev.plover = qasid_cameo_plover(x->verbs, "030");
	/* ... and an announced or conditional act of conflict as THREATEN */
	if ((mode == QASID_MODE_INTENDED || mode == QASID_MODE_THREATENED) &&
	    root_of(cameo) >= 14 && root_of(cameo) <= 20)
		ev.plover = qasid_cameo_plover(x->verbs, "130");
	if (sa != UINT32_MAX)
		role_arg_actor(x, first, sa, ev.source, sizeof ev.source, &ev.source_span, &se);
	if (ta != UINT32_MAX &&
	    !role_arg_actor(x, first, ta, ev.target, sizeof ev.target, &ev.target_span, &te) &&
	    !(x->flags & QASID_EVENTS_DYADS))
		said_target(x, ta & ~ARG_ROLE, ev.source, ev.target, sizeof ev.target, &ev.target_span,
		            &te);
	if ((need_both || (x->flags & QASID_EVENTS_DYADS)) && (!ev.source[0] || !ev.target[0]))
		return QASID_OK;
	/* someone must have done it: an actor code, else a named entity */
	if (!ev.source[0] && !ev.target[0] && !named_entity(x, se) && !named_entity(x, te))
		return QASID_OK;
	/* no actor acts on itself ("Bree's Prime Minister will meet Bree leaders" is not coded) */
	if (ev.source[0] && !strcmp(ev.source, ev.target))
		return QASID_OK;
	/* nor twice the same way from one trigger, nor again with an actor less */
	for (size_t i = x->doc->events.n; i-- > 0 && x->doc->events.v[i].first_token == t;) {
		qasid_event *o = &x->doc->events.v[i];

		if (strcmp(o->cameo, ev.cameo))
			continue;
		if ((!strcmp(o->source, ev.source) || !ev.source[0]) &&
		    (!strcmp(o->target, ev.target) || !ev.target[0]))
			return QASID_OK;
		if ((!strcmp(o->source, ev.source) || !o->source[0]) &&
		    (!strcmp(o->target, ev.target) || !o->target[0])) {
			/* this one says more: it takes the other's place */
			memmove(o, o + 1, (x->doc->events.n - i - 1) * sizeof *o);
			x->doc->events.n--;
		}
	}
	ev.source_entity = se;
	ev.target_entity = te;
	ev.trigger.start = x->doc->tokens.v[tr->span0 < t ? tr->span0 : t].start;
	ev.trigger.end = x->doc->tokens.v[tr->last].end;
	ev.sentence = x->doc->sentences.v[x->sent[t]].span;
	ev.first_token = t;
	ev.mode = mode;
	ev.quote = x->quote[t];
	ev.claimant = ev.quote >= 0 ? x->doc->quotes.v[ev.quote].speaker : -1;
	/* the past perfect: background ("the TTP had grown bolder") */
	if (has_child_word(x, t, "aux", (const char *const[]){"had", "'d", NULL}) &&
	    mode == QASID_MODE_ASSERTED)
		ev.background = 1;
	/* what an anniversary marks: "on the first anniversary of Saddam Hussein's arrest" */
	if (nominal && head(x, t) >= 0 && rel_is(x, t, "nmod") &&
	    (is_word(x, (uint32_t)head(x, t), "anniversary") ||
	     is_word(x, (uint32_t)head(x, t), "anniversaries")))
		ev.background = 1;
	/* an onlooker's "will": a prediction, not an intention */
	if (ev.mode == QASID_MODE_INTENDED && ev.claimant >= 0 && ev.source[0] &&
	    strcmp(entity_actor(x, ev.claimant), ev.source) &&
	    !has_child_word(x, t, "nsubj", (const char *const[]){"we", "i", NULL}))
		ev.mode = QASID_MODE_HYPOTHETICAL;
	return push_event(x, &ev, first, n, t, nominal);
}

/*
 * Does the noun phrase of a name armed units ("NATO peacekeeping troops", "a
 * first patch of Bangladeshi troops")? Their arrival is a deployment, not a visit.
 */
static int armed_units(const ev_ctx *x, uint32_t a)
{
	static const char *const units[] = {
		"troops", "troop", "soldiers", "forces", "peacekeepers", "contingent", "battalion",
		"battalions", "brigade", "units", "warships", "deployment", "reinforcements",
		"paratroopers", "marines", "tanks", NULL};
	uint32_t toks[64];
	size_t nt = np_tokens(x, a, toks, 64);

	for (size_t i = 0; i < nt; i++)
		if (evt_in(x->low[toks[i]], units) >= 0)
			return 1;
	return 0;
}

/* Who does the act an event noun names: "Pakistan's attack", "attack by", "a Pakistani airstrike". */
static int32_t noun_agent(const ev_ctx *x, uint32_t t, uint32_t first)
{
	int32_t s = child_exact(x, t, "nmod:poss");

	if (s < 0)
		s = by_agent(x, t);
	for (uint32_t k = x->kid0[t]; s < 0 && k < x->kid0[t + 1]; k++) {
		uint32_t c = x->kids[k];

		if ((rel_is(x, c, "amod") || rel_is(x, c, "compound")) && x->tok_am[c - first] >= 0)
			s = (int32_t)c;
	}
	return s;
}

/*
 * The object of t when it is an event noun of verbal or material conflict
 * (CAMEO 11-20: "attacks", "aggression", "interference"): -1 if none.
 */
static int32_t hostile_object(const ev_ctx *x, uint32_t t)
{
	int32_t o = child_exact(x, t, "obj");

	for (size_t i = 0; o >= 0 && i < x->n_tr; i++) {
		const evt_pattern *p = evt_verbs_pattern(x->verbs, x->tr[i].pat);

		if (x->tr[i].tok == (uint32_t)o && p->noun && root_of(p->code) >= 11)
			return o;
	}
	return -1;
}

/* Emits the events of trigger tr (one per source and target pair). */
static int code_trigger(ev_ctx *x, const struct trig *tr, uint32_t first, uint32_t n)
{
	const evt_pattern *p = evt_verbs_pattern(x->verbs, tr->pat);
	uint32_t t = tr->tok;
	uint32_t src[MAX_ARGS], tgt[MAX_ARGS];
	size_t ns = 0, ng = 0;
	int passive = 0, cond = 0;
	qasid_mode mode;
	char cameo[8];
	int rc;

	snprintf(cameo, sizeof cameo, "%s",
	         evt_verbs_pattern(x->verbs, tr->code_from >= 0 ? tr->code_from : tr->pat)->code);
	if (!p->noun) {
		int32_t s, o;

		passive = is_passive(x, t);
		s = subject_of(x, t, &passive, 0);
		if (passive) {
			int32_t ag = by_agent(x, t);

			if (ag < 0 && rel_is(x, t, "conj") && head(x, t) >= 0) /* "beaten and executed by" */
				ag = by_agent(x, (uint32_t)head(x, t));
			/* "until their demands are met": a passive "met" is no meeting */
			if (ag < 0 && !strcmp(evt_verbs_word(x->verbs, p, 0), "meet"))
				return QASID_OK;

			if (s >= 0)
				ng = add_conj(x, s, tgt, ng);
			if (ag >= 0)
				ns = add_conj(x, ag, src, ns);
			if (s < 0 && rel_is(x, t, "acl") && head(x, t) >= 0) /* militants killed by */
				ng = add_conj(x, head(x, t), tgt, ng);
		} else {
			if (s >= 0)
				ns = add_conj(x, s, src, ns);
			/* a list the parser cut in two: "Mordor, Rohan, Arnor and Bree welcomed" */
			for (uint32_t k = x->kid0[t]; s >= 0 && head(x, (uint32_t)s) == (int32_t)t &&
			                              k < x->kid0[t + 1]; k++)
				if (x->kids[k] != (uint32_t)s && !strcmp(rel(x, x->kids[k]), "nsubj"))
					ns = add_conj(x, (int32_t)x->kids[k], src, ns);
			o = child_exact(x, t, "iobj");
			if (o < 0)
				o = child_exact(x, t, "obj");
			if (o >= 0) {
				uint32_t ot[1];
				char c[32];
				qasid_span sp;
				int32_t e;

				int32_t pv = prep_target(x, t, first, 1);
				char pc[32] = "";

				ot[0] = (uint32_t)o;
				if (pv >= 0)
					arg_actor(x, first, (uint32_t)pv, pc, sizeof pc, &sp, &e);
				if (arg_actor(x, first, ot[0], c, sizeof c, &sp, &e) &&
				    (x->tok_am[o - first] >= 0 || x->ent[o] >= 0 ||
				     prep_target(x, (uint32_t)o, first, 1) < 0) &&
				    /* "offered its troops to Lebanon": a bare role yields to a country */
				    !(!strncmp(c, "---", 3) && pc[0] && strncmp(pc, "---", 3)))
					ng = add_conj(x, o, tgt, ng);
				else if (!strncmp(c, "---", 3) && pc[0] && strncmp(pc, "---", 3)) {
					ng = add_conj(x, pv, tgt, ng);
				} else {
					/* "restore ties with Gondor": the object's own prepositional phrase */
					int32_t pt = prep_target(x, (uint32_t)o, first, 1);

					if (pt < 0)
						pt = prep_target(x, t, first, 1);
					if (pt >= 0)
						ng = add_conj(x, pt, tgt, ng);
					else if (evt_in(x->low[o], said_nouns) >= 0)
						ng = add_conj(x, o, tgt, ng); /* "rejected the accusation": said_target */
				}
			} else {
				int32_t pt = prep_target(x, t, first, 1);

				/* a light verb's noun: "carried out attacks on" */
				if (pt < 0 && tr->last != t)
					pt = prep_target(x, tr->last, first, 1);
				if (pt >= 0)
					ng = add_conj(x, pt, tgt, ng);
			}
			/* "Gollum allowed that Mordor isn't ...": the clause's subject */
			if (!ng && (o = child(x, t, "ccomp")) >= 0) {
				int32_t cs = child_exact(x, (uint32_t)o, "nsubj");
				char c[32];
				qasid_span sp;
				int32_t e;

				if (cs >= 0 && arg_actor(x, first, (uint32_t)cs, c, sizeof c, &sp, &e))
					ng = add_conj(x, cs, tgt, ng);
			}
			/* "threatened to attack Israel": the complement's target */
			if (!ng && (o = child(x, t, "xcomp")) >= 0 && !strcmp(upos(x, (uint32_t)o), "VERB")) {
				int32_t g = child_exact(x, (uint32_t)o, "obj");

				if (g < 0)
					g = prep_target(x, (uint32_t)o, first, 1);
				if (g >= 0)
					ng = add_conj(x, g, tgt, ng);
				/* and a threat of force is a threat of force (CAMEO 138x) */
				for (size_t i = 0; i < x->n_tr && !strncmp(cameo, "13", 2); i++)
					if (x->tr[i].tok == (uint32_t)o && threat_code(evt_verbs_pattern(x->verbs, x->tr[i].pat)->code))
						snprintf(cameo, sizeof cameo, "%s",
						         threat_code(evt_verbs_pattern(x->verbs, x->tr[i].pat)->code));
			}
		}
	} else {
		/* nominal: "Pakistan's attack", "a Pakistani airstrike on", "attack by" */
		int32_t s = noun_agent(x, t, first), g;

		if (s >= 0)
			ns = add_conj(x, s, src, ns);
		g = prep_target(x, t, first, 1);
		if (g >= 0 && g != s)
			ng = add_conj(x, g, tgt, ng);
		/* a light verb's object: "militants carried out an attack" */
		if (!ns && head(x, t) >= 0 && (rel_is(x, t, "obj") || rel_is(x, t, "obl")) &&
		    evt_in(x->low[head(x, t)], light_verbs) >= 0) {
			int pz = 0;
			int32_t hs = subject_of(x, (uint32_t)head(x, t), &pz, 0);

			if (hs >= 0 && !pz)
				ns = add_conj(x, hs, src, ns);
		}
	}
	/* "peacekeeping troops arrived in Bosnia": a deployment (154), not a visit (042) */
	if (!p->noun && !strcmp(cameo, "042") && ns && src[0] != UINT32_MAX && armed_units(x, src[0]))
		snprintf(cameo, sizeof cameo, "154");
	mode = mode_of(x, t, &cond);
	if (p->noun && head(x, t) >= 0 && x->sent[head(x, t)] == x->sent[t]) {
		/* "no talks were held", "threatened an attack" */
		int c2 = 0;
		qasid_mode hm = mode_of(x, (uint32_t)head(x, t), &c2);

		if (mode == QASID_MODE_ASSERTED && hm != QASID_MODE_ASSERTED)
			mode = hm;
		if (evt_in(x->low[head(x, t)], threat_verbs) >= 0)
			mode = QASID_MODE_THREATENED;
	}
	if (mode == QASID_MODE_THREATENED && cond) {
		const char *tc = threat_code(cameo);

		if (tc)
			snprintf(cameo, sizeof cameo, "%s", tc);
		/* a cooperative act on a condition is offered ("would meet him if ...") */
		else if (root_of(cameo) <= 9 &&
		         !(head(x, t) >= 0 && evt_in(x->low[head(x, t)], threat_verbs) >= 0))
			mode = QASID_MODE_INTENDED;
	} else if (mode == QASID_MODE_NEGATED && reject_code(cameo) &&
	           (has_child_word(x, t, "aux", will_words) ||
	            has_child_word(x, t, "aux", (const char *const[]){"would", NULL}) ||
	            (head(x, t) >= 0 && rel_is(x, t, "xcomp")))) {
		int32_t o = root_of(cameo) == 8 ? hostile_object(x, t) : -1;

		/* the refusal is the act: coded 12x, it is asserted, not negated again */
		snprintf(cameo, sizeof cameo, "%s", reject_code(cameo));
		mode = QASID_MODE_ASSERTED;
		if (o >= 0) {
			/*
			 * "will no longer tolerate attacks": refusing to bear another's
			 * hostile act warns of what will follow (CAMEO 130, "Threaten,
			 * not specified below"); its target is who does that act
			 */
			int32_t a = noun_agent(x, (uint32_t)o, first);

			snprintf(cameo, sizeof cameo, "130");
			ng = a >= 0 ? add_conj(x, a, tgt, 0) : 0;
		}
	} else if (mode == QASID_MODE_DEMANDED && !p->noun && demand_code(cameo) &&
	           has_child_word(x, t, "aux", must_words) && head(x, t) >= 0 &&
	           rel_is(x, t, "ccomp")) {
		/* "Chirac said Iraq must cooperate": Chirac's demand of Iraq */
		int pz = 0;
		int32_t hs = subject_of(x, (uint32_t)head(x, t), &pz, 0), ts = child_exact(x, t, "nsubj");

		if (hs >= 0 && ts >= 0) {
			snprintf(cameo, sizeof cameo, "%s", demand_code(cameo));
			ns = add_conj(x, hs, src, 0);
			ng = add_conj(x, ts, tgt, 0);
		}
	}
	if (!ns)
		src[ns++] = UINT32_MAX;
	if (!ng && ns > 1 && reciprocal(x, cameo, t)) {
		/* "Israel and Lebanon renewed negotiations": each with the others */
		for (size_t i = 0; i < ns; i++)
			for (size_t j = 0; j < ns; j++)
				if (i != j && (rc = emit_pair(x, tr, first, n, src[i], src[j], cameo, mode, p->noun, 1)))
					return rc;
		return QASID_OK;
	}
	if (!ng)
		tgt[ng++] = UINT32_MAX;
	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < ng; j++) {
			if ((rc = emit_pair(x, tr, first, n, src[i], tgt[j], cameo, mode, p->noun, 0)))
				return rc;
			/* a pair code ("042:043"): the reverse event too, target to source */
			if (p->code2[0] && !strcmp(cameo, p->code) && src[i] != UINT32_MAX &&
			    tgt[j] != UINT32_MAX &&
			    (rc = emit_pair(x, tr, first, n, tgt[j], src[i], p->code2, mode, p->noun, 1)))
				return rc;
		}
	return QASID_OK;
}

/*
 * A verb that only frames what it reports ("said", "indicated", "believes"):
 * not one that is an act of its own ("accused", "warned", "urged").
 */
static int speech_frame(const ev_ctx *x, uint32_t t)
{
	static const char *const neutral[] = {
		"say", "tell", "state", "report", "add", "note", "indicate", "announce", "declare",
		"explain", "believe", "think", "reveal", "confirm", "stress", "reiterate", "assert",
		"suggest", "write", "argue", "disclose", "remark", "observe", "comment", "mention",
		"know", "learn", "hear", "feel", "emphasize", "emphasise", "acknowledge", "admit",
		"recall", "quote", "cite", "describe", "maintain", "affirm", "show", NULL};
	char c[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n;

	if (!(quo_cue_bits(x->low[t]) & (QL_SPEECH | QL_BELIEF)))
		return 0;
	n = evt_lemma_candidates(x->verbs, x->low[t], c);
	for (int i = 0; i < n; i++)
		if (evt_in(c[i], neutral) >= 0)
			return 1;
	return 0;
}

/*
 * A trigger that only frames what it reports: a speech verb matched by its
 * bare lemma ("declared"), not by a pattern that names an act of its own
 * ("declared a unilateral ceasefire").
 */
static int frame_trigger(const ev_ctx *x, const struct trig *tr)
{
	const evt_pattern *p = evt_verbs_pattern(x->verbs, tr->pat);

	return p->n_words + p->n_before <= 1 && speech_frame(x, tr->tok);
}

/* Does the noun phrase of t name an actor ("a Russian airstrike")? */
static int np_has_actor(const ev_ctx *x, uint32_t first, uint32_t t)
{
	uint32_t toks[64];
	size_t nt = np_tokens(x, t, toks, 64);

	for (size_t i = 0; i < nt; i++)
		if (x->tok_am[toks[i] - first] >= 0)
			return 1;
	return 0;
}

/* Relations by which a trigger is the content of another ("threatened to break"). */
static int embedded(const ev_ctx *x, uint32_t t, uint32_t *by)
{
	/* the nearest trigger up the chain, dropped or not */
	int32_t h = (int32_t)t;
	int steps = 0;

	while (steps++ < 8 && head(x, (uint32_t)h) >= 0) {
		const char *r = rel(x, (uint32_t)h);

		/* complements, arguments, and infinitives on them ("a U.N. presence to
		   protect them"); not relative clauses, which tell events of their own */
		if (strncmp(r, "xcomp", 5) && strncmp(r, "ccomp", 5) && strncmp(r, "csubj", 5) &&
		    strncmp(r, "advcl", 5) && strncmp(r, "obj", 3) && strncmp(r, "obl", 3) &&
		    strncmp(r, "nmod", 4) && strcmp(r, "acl"))
			return 0;
		h = head(x, (uint32_t)h);
		for (size_t i = 0; i < x->n_tr; i++)
			if (x->tr[i].tok == (uint32_t)h) {
				*by = (uint32_t)i;
				return 1;
			}
	}
	return 0;
}

/*
 * "The administration declared that China must drop barriers": a demand
 * (CAMEO 100) of the speaker on the clause's subject, whatever the clause's
 * verb, when that verb is no trigger of its own (a trigger is recoded by
 * code_trigger) and the frame is no other event.
 */
static int modal_demands(ev_ctx *x, uint32_t first, uint32_t n)
{
	for (uint32_t c = first; c < first + n; c++) {
		int32_t v = head(x, c), s, o;
		int pz = 0, other = 0;
		struct trig tr;

		if (v < 0 || !rel_is(x, c, "ccomp") || strcmp(upos(x, c), "VERB") ||
		    !has_child_word(x, c, "aux", must_words) || counterfactual(x, c) ||
		    !speech_frame(x, (uint32_t)v))
			continue;
		for (size_t i = 0; i < x->n_tr; i++)
			if (x->tr[i].tok == c || (x->tr[i].tok == (uint32_t)v && !x->tr[i].dropped &&
			                          root_of(evt_verbs_pattern(x->verbs, x->tr[i].pat)->code) != 1))
				other = 1;
		if (other || (s = subject_of(x, (uint32_t)v, &pz, 0)) < 0 ||
		    (o = child_exact(x, c, "nsubj")) < 0)
			continue;
		memset(&tr, 0, sizeof tr);
		tr.tok = tr.span0 = tr.last = c;
		tr.pat = -1;
		tr.code_from = -1;
		/* the frame itself ("declared", 010) is then no event */
		for (size_t e = x->doc->events.n; e-- > 0 && x->doc->events.v[e].sentence.start ==
		                                                 x->doc->sentences.v[x->sent[c]].span.start;)
			if (x->doc->events.v[e].first_token == (uint32_t)v && root_of(x->doc->events.v[e].cameo) == 1) {
				memmove(&x->doc->events.v[e], &x->doc->events.v[e + 1],
				        (x->doc->events.n - e - 1) * sizeof *x->doc->events.v);
				x->doc->events.n--;
			}
		{
			int rc = emit_pair(x, &tr, first, n, (uint32_t)s, (uint32_t)o, "100",
			                   QASID_MODE_ASSERTED, 0, 0);

			if (rc)
				return rc;
		}
	}
	return QASID_OK;
}

/*
 * "If they do not act, we will.": a "will" whose verb is left out, on a
 * condition that another fails to act (negated, or "unless"), is a warning
 * of what will follow: CAMEO 130, "Threaten, not specified below", mode
 * threatened, as "will strike ... if" is (CAMEO 138x). The source is the
 * subject of "will", the target the condition's subject. A "will" with its
 * verb is a trigger's or no event; one on a condition met ("if they agree,
 * we will") is an offer.
 */
static int elided_threats(ev_ctx *x, uint32_t first, uint32_t n)
{
	for (uint32_t v = first; v < first + n; v++) {
		int32_t s, c = -1, g;
		struct trig tr;
		int rc;

		if (strcmp(upos(x, v), "AUX") || evt_in(x->low[v], will_words) < 0 ||
		    rel_is(x, v, "aux") || rel_is(x, v, "cop") || (s = child_exact(x, v, "nsubj")) < 0)
			continue;
		for (uint32_t k = x->kid0[v]; c < 0 && k < x->kid0[v + 1]; k++) {
			uint32_t a = x->kids[k];
			const char *m = case_of(x, a);

			if (rel_is(x, a, "advcl") &&
			    (!strcmp(m, "unless") || (!strcmp(m, "if") && negated(x, a))))
				c = (int32_t)a;
		}
		if (c < 0)
			continue;
		g = child_exact(x, (uint32_t)c, "nsubj");
		memset(&tr, 0, sizeof tr);
		tr.tok = tr.span0 = tr.last = v;
		tr.pat = -1;
		tr.code_from = -1;
		if ((rc = emit_pair(x, &tr, first, n, (uint32_t)s, g >= 0 ? (uint32_t)g : UINT32_MAX,
		                    "130", QASID_MODE_THREATENED, 0, 0)))
			return rc;
	}
	return QASID_OK;
}

/*
 * How a pattern ranks among those that match at one trigger: the longest
 * wins; but of a PETRARCH-2 dictionary's, one that goes on from the verb's
 * object wins over one that goes on from a prepositional phrase only, as
 * PETRARCH-2 matches the verb's objects first ("- * STRIKE" over "- * (IN
 * &DETENTION)" in "staged a hunger strike in prison").
 */
static uint32_t pattern_rank(const evt_pattern *p)
{
	uint32_t n = p->n_words + p->n_before;

	if (p->phrases && p->n_words > 1 && !bit(p->prep, 1))
		n += 64;
	return n;
}

/*
 * Is t in a clause that modifies a noun (a relative clause, a participle:
 * "nationals suspected by the West"), at any depth? PETRARCH codes the
 * verbs of the sentence's clauses, not those inside its noun phrases.
 */
static int noun_clause(const ev_ctx *x, uint32_t t)
{
	int steps = 0;

	for (int32_t h = (int32_t)t; h >= 0 && steps++ < 64; h = head(x, (uint32_t)h))
		if (rel_is(x, (uint32_t)h, "acl"))
			return 1;
	return 0;
}

static int code_sentence(ev_ctx *x, uint32_t first, uint32_t n)
{
	int rc;
	evt_iter it;

	if (n == 0)
		return QASID_OK;
	x->sent_n = n;
	if ((rc = GROW(x, am, cap_am, n + 8)) || (rc = GROW(x, wh, cap_wh, n + 8)) ||
	    (rc = GROW(x, ct, cap_ct, n + 8)))
		return rc;
	qasid_actors_match(x->actors, x->words + first, n, x->art_date, x->am, x->cap_am, &x->n_am);
	if (x->n_am > x->cap_am)
		x->n_am = x->cap_am;
	for (uint32_t i = 0; i < n; i++)
		x->tok_am[i] = -1;
	for (size_t m = 0; m < x->n_am; m++)
		for (uint32_t k = 0; k < x->am[m].n && x->am[m].first + k < n; k++)
			if (!x->in_dl[first + x->am[m].first + k]) /* "WASHINGTON --" did nothing */
				x->tok_am[x->am[m].first + k] = (int32_t)m;
	qasid_dates_find(x->words + first, n, x->art_date, x->wh, x->cap_wh, &x->n_wh);
	if (x->n_wh > x->cap_wh)
		x->n_wh = x->cap_wh;
	qasid_counts_find(x->words + first, x->doc->pos.n ? x->doc->pos.v + first : NULL, n, x->ct,
	                  x->cap_ct, &x->n_ct);
	if (x->n_ct > x->cap_ct)
		x->n_ct = x->cap_ct;
	if ((rc = find_places(x, first, n)))
		return rc;
	/* triggers: verbs first (their patterns consume nouns), then nouns */
	x->n_tr = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0; i < n; i++) {
			uint32_t t = first + i, last, best_last = t;
			const char *u = upos(x, t);
			int noun = pass == 1;
			int32_t pi, best = -1;
			uint32_t best_n = 0;

			if (x->used[t])
				continue;
			/* nouns; and a modifier that opens a noun pattern ("roadside bomb") */
			int modifier = noun && (!strcmp(u, "ADJ") || !strcmp(u, "NOUN")) &&
			               (rel_is(x, t, "amod") || rel_is(x, t, "compound")) && head(x, t) >= 0;

			if (noun ? strcmp(u, "NOUN") && !modifier : strcmp(u, "VERB"))
				continue;
			/*
			 * The last file that names this trigger holds its patterns;
			 * when none of them matches there (a PETRARCH verb whose
			 * block has no code of its own, and none of its patterns
			 * here), the file before it is asked, and so on.
			 */
			for (uint32_t below = UINT32_MAX; best < 0;) {
				uint32_t src = 0;
				int named = 0;

				for (pi = evt_iter_first(x->verbs, &it, x->low[t], noun); pi >= 0;
				     pi = evt_iter_next(x->verbs, &it, pi)) {
					uint32_t s = evt_verbs_pattern(x->verbs, pi)->src;

					if (s < below && (!named || s > src)) {
						src = s;
						named = 1;
					}
				}
				if (!named)
					break;
				for (pi = evt_iter_first(x->verbs, &it, x->low[t], noun); pi >= 0;
				     pi = evt_iter_next(x->verbs, &it, pi)) {
					const evt_pattern *p = evt_verbs_pattern(x->verbs, pi);
					uint32_t rank = pattern_rank(p);

					if (p->src == src && rank > best_n &&
					    (!modifier || p->n_words > 1 || !strcmp(u, "NOUN")) &&
					    pattern_matches(x, p, t, first + n, &last)) {
						best = pi;
						best_n = rank;
						best_last = last;
					}
				}
				below = src;
			}
			/* no pattern, or one that codes nothing (PETRARCH "[---]") */
			if (best < 0 || !evt_verbs_pattern(x->verbs, best)->code[0])
				continue;
			if (evt_verbs_pattern(x->verbs, best)->petrarch && noun_clause(x, t))
				continue;
			if ((rc = GROW(x, tr, cap_tr, x->n_tr + 1)))
				return rc;
			x->tr[x->n_tr].tok = t;
			x->tr[x->n_tr].span0 = t;
			x->tr[x->n_tr].last = best_last;
			/* "a roadside bomb": the event is the head noun's, the span opens at the modifier */
			if (modifier && evt_verbs_pattern(x->verbs, best)->n_words > 1 &&
			    (uint32_t)head(x, t) <= best_last) {
				x->tr[x->n_tr].tok = (uint32_t)head(x, t);
				x->used[head(x, t)] = 1;
			}
			x->tr[x->n_tr].pat = best;
			x->tr[x->n_tr].dropped = 0;
			x->tr[x->n_tr].code_from = -1;
			x->n_tr++;
			/* the words of a verb pattern are not triggers of their own */
			if (!noun) {
				const evt_pattern *p = evt_verbs_pattern(x->verbs, best);
				uint32_t k = 1;

				for (uint32_t j = t + 1; j <= best_last && k < p->n_words; j++)
					if (evt_word_is(x->verbs, x->low[j], evt_verbs_word(x->verbs, p, k))) {
						x->used[j] = 1;
						k++;
					}
			}
		}
	/* a trigger in the complement or argument of another is part of it */
	for (size_t i = 0; i < x->n_tr; i++) {
		uint32_t by;

		if (embedded(x, x->tr[i].tok, &by) && by != i) {
			const evt_pattern *pi = evt_verbs_pattern(x->verbs, x->tr[i].pat);
			const evt_pattern *pb = evt_verbs_pattern(x->verbs, x->tr[by].pat);

			/*
			 * "announced it will return weapons", "X will abandon ties, an
			 * official said": the statement is the frame, what it reports
			 * the event
			 */
			if ((!pi->noun || (rel_is(x, x->tr[i].tok, "obj") &&
			                   head(x, x->tr[i].tok) == (int32_t)x->tr[by].tok)) &&
			    root_of(pi->code) != 1 &&
			    (root_of(pb->code) == 1 || frame_trigger(x, &x->tr[by]))) {
				/* ... and "announced a suspension of air links": the noun it announces */
				x->tr[by].dropped = 1;
				continue;
			}
			x->tr[i].dropped = 1;
			/*
			 * "killed in an airstrike": the more specific violent code; but
			 * coercion is no kind of attack ("struck on the anniversary of
			 * Saddam Hussein's arrest" stays an attack)
			 */
			if (pi->noun && violent(pi->code) && violent(pb->code) &&
			    (root_of(pi->code) == 17) == (root_of(pb->code) == 17) &&
			    pb->code[strlen(pb->code) - 1] == '0' && strcmp(pi->code, pb->code))
				x->tr[by].code_from = x->tr[i].pat;
		}
	}
	/*
	 * "..., a senior official said": a verb that only reports is no event
	 * of its own when the sentence has another verb trigger
	 */
	for (size_t i = 0; i < x->n_tr; i++) {
		if (x->tr[i].dropped || evt_verbs_pattern(x->verbs, x->tr[i].pat)->noun ||
		    !frame_trigger(x, &x->tr[i]))
			continue;
		for (size_t j = 0; j < x->n_tr; j++)
			if (j != i && !x->tr[j].dropped && !evt_verbs_pattern(x->verbs, x->tr[j].pat)->noun &&
			    !frame_trigger(x, &x->tr[j])) {
				x->tr[i].dropped = 1;
				break;
			}
	}
	/* "an airstrike killed 12": the noun is the event, the verb its outcome */
	for (size_t i = 0; i < x->n_tr; i++) {
		const evt_pattern *pi = evt_verbs_pattern(x->verbs, x->tr[i].pat);
		int32_t h = head(x, x->tr[i].tok);

		if (x->tr[i].dropped || !pi->noun || !rel_is(x, x->tr[i].tok, "nsubj") || h < 0 ||
		    !violent(pi->code) || !np_has_actor(x, first, x->tr[i].tok))
			continue; /* "a roadside bomb killed two soldiers": the killing stays */
		for (size_t j = 0; j < x->n_tr; j++)
			if (x->tr[j].tok == (uint32_t)h &&
			    violent(evt_verbs_pattern(x->verbs, x->tr[j].pat)->code))
				x->tr[j].dropped = 1;
	}
	{
		size_t e0 = x->doc->events.n;

		for (size_t i = 0; i < x->n_tr; i++)
			if (!x->tr[i].dropped && (rc = code_trigger(x, &x->tr[i], first, n)))
				return rc;
		if ((rc = modal_demands(x, first, n)) || (rc = elided_threats(x, first, n)))
			return rc;
		add_casualties(x, first, e0);
	}
	return QASID_OK;
}

int qasid_doc_events_find(qasid_doc *doc, const qasid_verbs *verbs, const qasid_actors *actors,
                          const qasid_gazetteer *gazetteer, unsigned flags, qasid_err *err)
{
	ev_ctx x;
	int rc = QASID_OK;
	const char *d;

	doc->events.n = 0;
	if (!verbs || !actors)
		return err_set(err, QASID_EINVAL, 0, "event coding needs a lexicon and actors");
	if (doc->tokens.n && doc->deps.n != doc->tokens.n)
		return err_set(err, QASID_EINVAL, 0, "event coding needs a parsed document");
	if (!doc->tokens.n)
		return QASID_OK;
	memset(&x, 0, sizeof x);
	x.doc = doc;
	x.verbs = verbs;
	x.actors = actors;
	x.gaz = gazetteer;
	x.flags = flags;
	x.art_date = QASID_NO_DATE;
	if ((d = doc->field[QASID_FIELD_DATE]) && qasid_date_parse(d, &x.art_date))
		x.art_date = QASID_NO_DATE;
	if ((rc = ctx_init(&x)) == QASID_OK) {
		find_dateline(&x);
		rc = mark_datelines(&x);
	}
	if (rc == QASID_OK)
		for (size_t s = 0; s < doc->sentences.n && rc == QASID_OK; s++) {
			const qasid_sentence *se = &doc->sentences.v[s];

			/* a run-on "sentence" of thousands of tokens is no sentence */
			if (se->n_tokens > EVT_MAX_SENTENCE)
				continue;
			rc = code_sentence(&x, se->first_token, se->n_tokens);
		}
	ctx_free(&x);
	if (rc)
		return err_set(err, rc, 0, "%s", qasid_strerror(rc));
	return QASID_OK;
}

/* Does token i carry a finite verb tag (a verb with tense, or a modal)? */
static int finite_tag(const qasid_doc *doc, size_t i)
{
	const char *t = doc->pos.v[i].xpos;

	return !strcmp(t, "VBD") || !strcmp(t, "VBZ") || !strcmp(t, "VBP") || !strcmp(t, "MD");
}

/*
 * Is the -ed verb at i, tagged a participle, the clause's finite verb? No
 * finite verb before it in its sentence, and none after it in its clause
 * (up to a comma or a word that opens another clause): "helicopters shelled
 * positions ..., officials said", not "the men arrested Monday were freed".
 */
static int lone_participle(const qasid_doc *doc, size_t i)
{
	static const char *const opens[] = {"that", "which", "who", "whom", "whose", "when",
	                                    "where", "because", "while", "as", "after", "before",
	                                    "if", "unless", "since", "although", "though", NULL};
	const qasid_sentence *se = NULL;
	size_t end;

	for (size_t k = 0; k < doc->sentences.n && !se; k++)
		if (i >= doc->sentences.v[k].first_token &&
		    i < doc->sentences.v[k].first_token + doc->sentences.v[k].n_tokens)
			se = &doc->sentences.v[k];
	if (!se)
		return 0;
	for (size_t j = se->first_token; j < i; j++)
		if (finite_tag(doc, j))
			return 0;
	end = se->first_token + se->n_tokens;
	for (size_t j = i + 1; j < end; j++) {
		char low[EVT_LEMMA_MAX];

		if (!strcmp(doc->pos.v[j].upos, "PUNCT") && strcmp(doc->pos.v[j].xpos, "HYPH"))
			break;
		lower_token(doc, j, low);
		if (evt_in(low, opens) >= 0)
			break;
		if (finite_tag(doc, j))
			return 0;
	}
	return 1;
}

/*
 * The tagger's commonest miss on news: a rare past-tense verb right after a
 * plural subject ("bulldozers demolished homes", "helicopters shelled
 * positions") read as an adjective or preposition, which the parser then
 * cannot undo. A word the event lexicon knows as a verb, in -ed form,
 * between a noun and the start of a noun phrase, is retagged VBD before
 * parsing. So is such a word tagged a participle (VBN) when nothing else in
 * its clause can be the clause's verb ("police in Jericho confiscated
 * weapons", "young Algerians blocked roads"). Returns how many were.
 */
size_t evt_repair_pos(qasid_doc *doc, const qasid_verbs *verbs)
{
	static const char *const np_start[] = {"det", "adj", "noun", "propn", "num", "pron", NULL};
	size_t n = doc->pos.n, fixed = 0;

	for (size_t i = 1; i + 1 < n; i++) {
		qasid_pos *p = &doc->pos.v[i];
		const qasid_span *t = &doc->tokens.v[i];
		char low[EVT_LEMMA_MAX], lemma[EVT_LEMMA_MAX];
		size_t len = t->end - t->start;
		int participle = !strcmp(p->upos, "VERB") && !strcmp(p->xpos, "VBN");

		if ((!strcmp(p->upos, "VERB") && !participle) || len < 4 || len >= EVT_LEMMA_MAX ||
		    (strcmp(p->upos, "ADJ") && strcmp(p->upos, "ADP") && strcmp(p->upos, "NOUN") &&
		     !participle))
			continue;
		if (strcmp(doc->pos.v[i - 1].xpos, "NNS") && strcmp(doc->pos.v[i - 1].xpos, "NNPS") &&
		    strcmp(doc->pos.v[i - 1].xpos, "NNP") && (!participle || strcmp(doc->pos.v[i - 1].xpos, "NN")))
			continue;
		if (evt_in(doc->pos.v[i + 1].upos, np_start) < 0)
			continue;
		lower_token(doc, i, low);
		if (strcmp(low + len - 2, "ed") || evt_verbs_lookup(verbs, low, 0, lemma) < 0)
			continue;
		if (participle && !lone_participle(doc, i))
			continue;
		snprintf(p->upos, sizeof p->upos, "VERB");
		snprintf(p->xpos, sizeof p->xpos, "VBD");
		fixed++;
	}
	return fixed;
}

/*
 * pattern_matches without the tree, over the sentence's lower-cased words
 * low[0..n): p's words after t in order, its words before t. Whatever
 * pattern_matches finds in a clause (a part of the sentence) this finds.
 */
static int may_match(const qasid_verbs *v, const evt_pattern *p, char (*low)[EVT_LEMMA_MAX],
                     uint32_t t, uint32_t n)
{
	uint32_t k = 1, j;

	for (j = t + 1; k < p->n_words && j < n; j++)
		if (evt_word_is(v, low[j], evt_verbs_word(v, p, k)))
			k++;
	if (k < p->n_words)
		return 0;
	for (k = p->n_before, j = t; k > 0 && j > 0;)
		if (evt_word_is(v, low[--j], evt_verbs_word(v, p, p->n_words + k - 1)))
			k--;
	return k == 0;
}

int evt_may_code(const qasid_doc *doc, const qasid_verbs *verbs, uint32_t first, uint32_t n)
{
	char low[EVT_MAX_SENTENCE][EVT_LEMMA_MAX];
	uint32_t i;

	/* the coder skips run-on sentences (and codes nothing outside sentences) */
	if (n > EVT_MAX_SENTENCE || first + n > doc->pos.n)
		return 0;
	for (i = 0; i < n; i++)
		lower_token(doc, first + i, low[i]);
	for (i = 0; i < n; i++) {
		const char *u = doc->pos.v[first + i].upos;
		evt_iter it;
		int verb = !strcmp(u, "VERB");

		/* "X said Y must ...": modal_demands codes it without a trigger */
		if (evt_in(low[i], must_words) >= 0)
			return 1;
		/* "If they do not act, we will.": elided_threats, a "will" before a stop */
		if (evt_in(low[i], will_words) >= 0 &&
		    (i + 1 == n || !strcmp(doc->pos.v[first + i + 1].upos, "PUNCT"))) {
			for (uint32_t j = 0; j < n; j++)
				if (evt_in(low[j], cond_marks) >= 0)
					return 1;
		}
		/* the trigger candidates of code_sentence: verbs; nouns and their modifiers */
		if (!verb && strcmp(u, "NOUN") && strcmp(u, "ADJ"))
			continue;
		for (int32_t pi = evt_iter_first(verbs, &it, low[i], !verb); pi >= 0;
		     pi = evt_iter_next(verbs, &it, pi))
			if (may_match(verbs, evt_verbs_pattern(verbs, pi), low, i, n))
				return 1;
	}
	return 0;
}

size_t qasid_doc_n_events(const qasid_doc *doc)
{
	return doc->events.n;
}

const qasid_event *qasid_doc_events(const qasid_doc *doc)
{
	return doc->events.v;
}

const char *qasid_mode_name(qasid_mode m)
{
	static const char *const names[] = {NULL, "asserted", "threatened", "intended",
	                                    "demanded", "hypothetical", "negated"};

	return (int)m >= 1 && (int)m <= 6 ? names[m] : NULL;
}
