/* SPDX-License-Identifier: MIT */
/*
 * Entities: named mentions clustered across the article, then speakers and
 * addressees of quotes attached to them.
 *
 * Names: a person's full name opens an entity; the surname or first name
 * alone joins the entity last mentioned that has it ("Asif" after "Khawaja
 * Muhammad Asif"); other names join on the same words, and an acronym joins
 * the name it abbreviates ("Tehreek-e-Taliban Pakistan (TTP)", or any later
 * "TTP" whose letters are the initials of a named group). Roles and
 * affiliations come from a title before the name ("Defense Minister
 * Khawaja Muhammad Asif", "Stein spokeswoman Melezia Figueroa"), an
 * apposition after it ("Ali Maisam Nazary, head of foreign relations for
 * the National Resistance Front of Afghanistan") or a relative clause
 * ("who serves as the director-general of ...").
 *
 * Speakers: a pronoun joins the person (he, she) or group (they) last
 * mentioned before it; "the minister" joins the person with that role; any
 * other noun phrase ("a senior intelligence official") becomes an entity of
 * its own, marked unnamed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quote.h"

#define MAX_NAME 160
#define NO_TOK_E UINT32_MAX
#define MAX_LOOK 1000 /* entities looked back at, so huge articles stay linear */

/* Copies the cleaned text of tokens [a, b] (possessive 's dropped) into the arena. */
static char *tok_text(qasid_doc *doc, const quo_view *v, uint32_t a, uint32_t b)
{
	uint32_t s, e;

	while (b > a && (!strcmp(v->t[b].xpos, "POS") || !strcmp(v->t[b].low, "'s") ||
	                 qv_punct(v, b)))
		b--;
	while (a < b && qv_punct(v, a))
		a++;
	s = doc->tokens.v[a].start;
	e = doc->tokens.v[b].end;
	if (e - s > MAX_NAME)
		e = s + MAX_NAME;
	return ar_strndup(&doc->ar, doc->text.data + s, e - s);
}

static int new_entity(qasid_doc *doc, const char *type, const char *name, int unnamed, int32_t *out)
{
	qasid_entity e;
	int rc;

	memset(&e, 0, sizeof e);
	snprintf(e.type, sizeof e.type, "%s", type);
	e.name = name;
	e.unnamed = unnamed;
	if ((rc = VEC_PUSH(&doc->entities, e)))
		return rc;
	if ((rc = VEC_PUSH(&doc->esex, (doc_sex){0}))) {
		doc->entities.n--;
		return rc;
	}
	*out = (int32_t)doc->entities.n - 1;
	return QASID_OK;
}

/*
 * Does word a (titles before it aside) start a clause where a speaker
 * stands: at the sentence start, after punctuation, a quote mark, "but" or
 * "and", or right after a speech cue ("said Christoph Caselitz")? Not as an
 * object ("... met Yasser Arafat, legislators said").
 */
static int opens_clause(const quo_view *v, uint32_t a)
{
	uint32_t lo = qv_sfirst(v, v->t[a].sent);

	while (a > lo && v->t[a - 1].cap && v->t[a - 1].word & QW_TITLE)
		a--;
	if (a == lo)
		return 1;
	a--;
	return qv_punct(v, a) || v->t[a].qmark || qv_is(v, a, "but") || qv_is(v, a, "and") ||
	       v->t[a].cue & QL_SPEECH;
}

/* Does a tagged person's name stand in words [a, b]? */
static int has_person(const quo_view *v, uint32_t a, uint32_t b)
{
	for (; a <= b; a++)
		if (qv_tagged(v, a, "PER"))
			return 1;
	return 0;
}

/*
 * Are words [a, b] a tagged name and nothing else, but a leading article,
 * capitalised words before it and an acronym in brackets: "the EEF", "Oil
 * & Natural Gas Corp (ONGC)", "Grand Ayatollah Ali al-Sistani"?
 */
static int bare_name(const quo_view *v, uint32_t a, uint32_t b)
{
	int in_brackets = 0, tagged = 0;

	if (a <= b && (qv_is(v, a, "the") || qv_is(v, a, "a") || qv_is(v, a, "an")))
		a++;
	for (; a <= b; a++) {
		if (qv_is(v, a, "("))
			in_brackets = 1;
		else if (qv_is(v, a, ")"))
			in_brackets = 0;
		else if (v->t[a].ner >= 0)
			tagged = 1;
		else if (!in_brackets && (tagged || !v->t[a].cap))
			return 0;
	}
	return tagged;
}

/*
 * May the words [a, b) between two modifying names join them into one
 * affiliation: none, or at most four without a comma or a speaker noun
 * ("Afghan Taliban", "Tory and Lib Dem", "Commission for Racial Equality
 * (CRE)"; not "UN commissioner for human rights and Irish")?
 */
static int joins(const quo_view *v, uint32_t a, uint32_t b)
{
	if (b < a || b - a > 4)
		return 0;
	for (; a < b; a++)
		if ((qv_punct(v, a) && !qv_is(v, a, "(")) || v->t[a].word & (QW_TITLE | QW_SOURCE | QW_GROUP))
			return 0;
	return 1;
}

/* Does hay hold the n bytes at w, case aside? */
static int holds_ci(const char *hay, const char *w, size_t n)
{
	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, w, n))
			return 1;
	return 0;
}

/*
 * May entity e be the one of a title modified by words [a, b]: it has no
 * affiliation, or its role or affiliation holds them ("the Tory leader" is
 * not the Liberal Democrat leader)?
 */
static int same_side(const qasid_doc *doc, const qasid_entity *e, uint32_t a, uint32_t b)
{
	uint32_t s = doc->tokens.v[a].start;
	size_t n = doc->tokens.v[b].end - s;

	return !e->affiliation || holds_ci(e->role, doc->text.data + s, n) ||
	       holds_ci(e->affiliation, doc->text.data + s, n);
}

/* The entity of a mention of tokens [a, b] added lately, or -1. */
static int32_t span_entity(const qasid_doc *doc, uint32_t a, uint32_t b)
{
	uint32_t s = doc->tokens.v[a].start, e = doc->tokens.v[b].end;
	size_t i;

	for (i = doc->ementions.n; i-- > 0 && i + 64 >= doc->ementions.n;)
		if (doc->ementions.v[i].span.start == s && doc->ementions.v[i].span.end == e)
			return (int32_t)doc->ementions.v[i].entity;
	return -1;
}

/*
 * Adds (by 1) or takes away (by -1) what mention em says of its entity's
 * sex: a pronoun "he" or "she", or a word such as "Mr" or "spokeswoman"
 * just before or in a name (qv_tok.sex).
 */
static void count_sex(qasid_doc *doc, const quo_view *v, const qasid_entity_mention *em, int by)
{
	doc_sex *x = &doc->esex.v[em->entity];
	uint32_t t = qv_token_at(v, em->span.start), k, m = 0, f = 0;

	if (t >= v->n)
		return;
	if (em->kind == QASID_MENTION_PRONOUN) {
		x->pron_m += (uint32_t)by * (qv_is(v, t, "he") || qv_is(v, t, "him") || qv_is(v, t, "his"));
		x->pron_f += (uint32_t)by * (qv_is(v, t, "she") || qv_is(v, t, "her"));
		return;
	}
	for (k = t > 0 ? t - 1 : t; k < v->n && k < t + 8 &&
	                            (k <= t || doc->tokens.v[k].start < em->span.end); k++) {
		m += v->t[k].sex == 'm';
		f += v->t[k].sex == 'f';
	}
	x->name_m += (uint32_t)by * m;
	x->name_f += (uint32_t)by * f;
}

static int add_mention(qasid_doc *doc, const quo_view *v, uint32_t a, uint32_t b, int32_t ent,
                       qasid_mention_kind kind)
{
	qasid_entity_mention m;
	int rc;

	m.span.start = doc->tokens.v[a].start;
	m.span.end = doc->tokens.v[b].end;
	m.entity = (uint32_t)ent;
	m.kind = kind;
	if (span_entity(doc, a, b) >= 0) /* one mention per span */
		return QASID_OK;
	if ((rc = VEC_PUSH(&doc->ementions, m)))
		return rc;
	doc->entities.v[ent].n_mentions++;
	count_sex(doc, v, &m, 1);
	return QASID_OK;
}

void ent_move_mention(qasid_doc *doc, const quo_view *v, size_t k, uint32_t to)
{
	qasid_entity_mention *em = &doc->ementions.v[k];

	count_sex(doc, v, em, -1);
	doc->entities.v[em->entity].n_mentions--;
	em->entity = to;
	doc->entities.v[to].n_mentions++;
	count_sex(doc, v, em, 1);
}

/*
 * "Mr", "Mrs.", "Dr": a word of address before a name, no role and no part
 * of it ("Lord", "Sir" and "Dame" are: "Lord Falconer", "Lord Chancellor").
 */
static int honorific(const quo_view *v, uint32_t i)
{
	static const char *const words[] = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr",
	                                    "dr.", "prof", "prof.", NULL};

	return v->t[i].cap && qv_in(v, i, words);
}

/* A title, a role or a source noun: "Minister", "spokesman", "officials". */
static int person_noun(const quo_view *v, uint32_t i)
{
	return (v->t[i].word & (QW_TITLE | QW_ROLE | QW_SOURCE | QW_GROUP)) || honorific(v, i);
}

/* An untagged capitalised word that may carry on a name: not a title ("Iraqi President"). */
static int name_word(const quo_view *v, uint32_t i)
{
	return v->t[i].ner < 0 && v->t[i].cap && !strcmp(v->t[i].upos, "PROPN") &&
	       !person_noun(v, i);
}

/*
 * Name tokens of NER mention m, without leading titles ("Mr", "Gov."). A
 * title before "of" is the name of an office ("Bishop of Durham"); a group's
 * name keeps a single title word ("Premier League", "General Motors"), not
 * two ("Attorney General Jerry Kilgore" tagged as one group).
 */
static void name_tokens(const quo_view *v, const qasid_mention *m, uint32_t *a, uint32_t *b)
{
	uint32_t k;

	*a = m->first_token;
	*b = m->first_token + m->n_tokens - 1;
	while (*b > *a && (!strcmp(v->t[*b].xpos, "POS") || qv_punct(v, *b)))
		(*b)--;
	for (k = *a; k < *b && (v->t[k].word & QW_TITLE || honorific(v, k)) && !qv_is(v, k + 1, "of");
	     k++)
		;
	if (!strcmp(m->type, "PER") || k - *a >= 2 || (k > *a && honorific(v, *a)))
		*a = k;
}

/* Is tagged mention m titles alone, and no person ("Brig.-Gen." MISC; not "King")? */
static int title_only(const quo_view *v, const qasid_mention *m)
{
	if (!strcmp(m->type, "PER"))
		return 0;
	for (uint32_t i = m->first_token; i < m->first_token + m->n_tokens; i++)
		if (!(v->t[i].word & QW_TITLE || honorific(v, i) || qv_punct(v, i)))
			return 0;
	return 1;
}

/* Tokens touching without a space: "Tehreek" "-" "e" "-" "Taliban". */
static int touching(const qasid_doc *doc, uint32_t i)
{
	return doc->tokens.v[i].end == doc->tokens.v[i + 1].start;
}

/* Is one of the first two WordNet noun senses of t a person ("correspondent", "publisher")? */
static int wn_person(const qv_tok *t)
{
	return QS_NOUN1(t->senses) == QS_NOUN_PERSON || QS_NOUN2(t->senses) == QS_NOUN_PERSON;
}

/*
 * Where the role starts in words [a, b] of a group's name tagged as one with
 * a person after it ("United Nations Secretary General Kofi Annan", "New Home
 * Secretary Charles Clarke"): capitalised titles and the common words before
 * them, then names that are no common words ("Association of Chief Police
 * Officers" is a group). NO_TOK_E if none; *name is where the name starts.
 */
static uint32_t split_title(const quo_view *v, const char *type, uint32_t a, uint32_t b,
                            uint32_t *name)
{
	uint32_t t0 = a, k;

	if (!strcmp(type, "PER"))
		return NO_TOK_E;
	while (t0 <= b && !(v->t[t0].cap && v->t[t0].word & QW_TITLE))
		t0++;
	for (k = t0; k <= b && v->t[k].cap && v->t[k].word & QW_TITLE; k++)
		;
	if (t0 == a || k > b || qv_is(v, t0 + 1, "of") || qv_is(v, t0 - 1, "of") ||
	    qv_is(v, t0 - 1, "&") || qv_is(v, t0 - 1, "and"))
		return NO_TOK_E;
	*name = k;
	for (; k <= b; k++)
		if (!v->t[k].cap || strcmp(v->t[k].upos, "PROPN") || v->t[k].word & QW_TITLE ||
		    qv_mostly_lower(&v->t[k], 0))
			return NO_TOK_E;
	while (t0 > a && v->t[t0 - 1].cap && qv_mostly_lower(&v->t[t0 - 1], 0))
		t0--;
	return t0;
}

/*
 * A lower-case part of a name after a hyphen ("Shui-bian", "Yuan-tseh",
 * "Moo-hyun"): a short word WordNet lacks, not "led" or "based".
 */
static int syllable(const quo_view *v, uint32_t i)
{
	const qv_tok *t = &v->t[i];

	if (t->cap || t->senses || t->len > 5)
		return 0;
	for (uint32_t k = 0; k < t->len; k++)
		if (t->s[k] < 'a' || t->s[k] > 'z')
			return 0;
	return 1;
}

/* Extends a name leftwards over a hyphenated part the tagger left out. */
static uint32_t hyphen_start(const quo_view *v, uint32_t a)
{
	while (a >= 2 && qv_glued_hyphen(v, a - 1) && v->t[a - 2].ner < 0 && !qv_punct(v, a - 2))
		a -= 2;
	return a;
}

/* Do the letters of acronym acr equal the initials of the capitalised words of name? */
static int abbreviates(const char *acr, const char *name)
{
	char ini[16];
	size_t n = 0, k = 0;
	const char *p = name;

	while (*p) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (isupper((unsigned char)*p) && n < sizeof ini - 1)
			ini[n++] = *p;
		while (*p && (isalnum((unsigned char)*p) || *p == '\''))
			p++;
	}
	ini[n] = '\0';
	for (p = acr; *p; p++)
		if (isupper((unsigned char)*p))
			k++;
		else if (*p != '.' && *p != '-')
			return 0;
	if (k < 2 || n < 2)
		return 0;
	{ /* compare upper-case letters of acr with the initials */
		char a[16];
		size_t j = 0;

		for (p = acr; *p && j < sizeof a - 1; p++)
			if (isupper((unsigned char)*p))
				a[j++] = *p;
		a[j] = '\0';
		return !strcmp(a, ini);
	}
}

static int is_acronym(const quo_view *v, uint32_t a, uint32_t b)
{
	uint32_t i;

	if (a != b || v->t[a].len < 2 || v->t[a].len > 8)
		return 0;
	for (i = 0; i < v->t[a].len; i++)
		if (!isupper((unsigned char)v->t[a].s[i]) && v->t[a].s[i] != '.')
			return 0;
	return 1;
}

static int same_word_ci(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Is word w (len n) one of the words of name? */
static int name_has_word(const char *name, const char *w, size_t n)
{
	const char *p = name;

	while (*p) {
		size_t m = strcspn(p, " ");

		if (same_word_ci(p, m, w, n))
			return 1;
		p += m;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Does the word at w make another office of a title ("shadow", "deputy", "prime", "third")? */
static int office_word(const char *w, size_t n)
{
	static const char *const words[] = {"shadow", "deputy", "vice", "former", "ex", "assistant",
	                                    "junior", "acting", "prime", "first", "top", "second",
	                                    "third", "fourth", "fifth", "sixth", "seventh", "eighth",
	                                    "ninth", "tenth", NULL};

	for (size_t j = 0; words[j]; j++)
		if (same_word_ci(w, n, words[j], strlen(words[j])))
			return 1;
	return 0;
}

/*
 * Has role a capitalised word, an office's name ("Home Secretary", "Solicitor
 * General"), that words [first, head + 1] lack?
 */
static int role_extra(const char *role, const quo_view *v, uint32_t first, uint32_t head)
{
	for (const char *p = role; *p;) {
		size_t m = strcspn(p, " -");
		uint32_t k;

		for (k = first; k <= head + 1 && k < v->n && !same_word_ci(p, m, v->t[k].s, v->t[k].len);
		     k++)
			;
		if (m && (k > head + 1 || k >= v->n) && *p >= 'A' && *p <= 'Z' &&
		    !office_word(p, m))
			return 1;
		p += m;
		while (*p == ' ' || *p == '-')
			p++;
	}
	return 0;
}

/*
 * Is the role written by the words from first to head, its head word ("the
 * chancellor", "the 60-year-old actor"), one that a person was given
 * ("Chancellor", "Hollywood actor")? Not another office of that name: an
 * office_word in one must be in the other.
 */
static int holds_role(const char *role, const quo_view *v, uint32_t first, uint32_t head)
{
	const char *p = role;
	int found = 0;
	uint32_t k;

	while (*p) {
		size_t m = strcspn(p, " -");

		found |= same_word_ci(p, m, v->t[head].s, v->t[head].len);
		if (office_word(p, m)) {
			for (k = first; k < head && !same_word_ci(p, m, v->t[k].s, v->t[k].len); k++)
				;
			if (k == head)
				return 0;
		}
		p += m;
		while (*p == ' ' || *p == '-')
			p++;
	}
	for (k = first; k < head; k++)
		if (office_word(v->t[k].s, v->t[k].len) && !name_has_word(role, v->t[k].s, v->t[k].len))
			return 0;
	/* "the foreign secretary" is no "Home Secretary" ("the state's attorney general" may be) */
	if (found && role_extra(role, v, first, head))
		for (k = first + 1; k < head; k++)
			if ((!strcmp(v->t[k].upos, "ADJ") || !strcmp(v->t[k].upos, "NOUN")) &&
			    strcmp(v->t[k + 1].xpos, "POS") &&
			    !name_has_word(role, v->t[k].s, v->t[k].len))
				return 0;
	return found;
}

/*
 * Is name a short form of the organisation full: its words before "of"
 * ("Reserve Bank" of "Reserve Bank of Australia"), or the one word there
 * ("the Bank", "the Ministry" of "Ministry of Defence")?
 */
static int org_short(const char *full, const char *name)
{
	const char *of = strstr(full, " of ");
	size_t n = strlen(name), m;

	if (!of || !n)
		return 0;
	m = (size_t)(of - full);
	if (m == n && !strncasecmp(full, name, n))
		return 1;
	return m > n && full[m - n - 1] == ' ' && !strncasecmp(full + m - n, name, n) &&
	       !strchr(name, ' ');
}

/* The length of name without a closing company form (", Inc.", " Co.", " plc"). */
static size_t corp_base(const char *name)
{
	static const char *const forms[] = {"co.", "co", "corp.", "corp", "inc.", "inc", "ltd.",
	                                    "ltd", "plc", "llc", "ag", "sa", "nv", "company",
	                                    "corporation", "incorporated", "limited", NULL};
	size_t n = strlen(name);
	const char *sp = strrchr(name, ' ');

	if (!sp || sp == name)
		return n;
	for (int k = 0; forms[k]; k++)
		if (!strcasecmp(sp + 1, forms[k])) {
			n = (size_t)(sp - name);
			return n > 1 && name[n - 1] == ',' ? n - 1 : n;
		}
	return n;
}

/* "Coca-Cola Co." and "Coca-Cola": one company, named with and without its form. */
static int same_company(const char *a, const char *b)
{
	size_t na = corp_base(a), nb = corp_base(b);

	return na == nb && na > 0 && (na < strlen(a) || nb < strlen(b)) && !strncasecmp(a, b, na);
}

/*
 * The entity whose name this one continues, or -1; with sex ('m', 'f'), not
 * a person the text calls the other sex.
 */
static int32_t find_name(const qasid_doc *doc, const char *type, const char *name, int single,
                         const quo_view *v, int sex)
{
	size_t i;
	int32_t best = -1;

	for (i = doc->entities.n; i-- > 0 && i + MAX_LOOK >= doc->entities.n;) {
		const qasid_entity *e = &doc->entities.v[i];

		if (e->unnamed)
			continue;
		/* "Mr Clinton" is no one the text calls Mrs or "wife" */
		if (sex && v && !strcmp(e->type, "PER")) {
			int es = ent_sex(doc, (uint32_t)i, 0);

			if (es && es != sex)
				continue;
		}
		if (!strcasecmp(e->name, name))
			return (int32_t)i;
		if (!strcmp(type, "PER") && !strcmp(e->type, "PER")) {
			if (single && name_has_word(e->name, name, strlen(name)) && best < 0)
				best = (int32_t)i;
			if (!single && strchr(e->name, ' ') == NULL &&
			    name_has_word(name, e->name, strlen(e->name)) && best < 0)
				best = (int32_t)i; /* "Asif" first, "Khawaja Asif" later */
		}
		if ((abbreviates(name, e->name) || abbreviates(e->name, name)) && strcmp(type, "PER") &&
		    strcmp(e->type, "PER")) /* people have no acronyms: "US" is no Ulrich Schulte */
			best = best < 0 ? (int32_t)i : best;
		if (!strcmp(type, "ORG") && !strcmp(e->type, "ORG") &&
		    (org_short(e->name, name) || same_company(e->name, name)) && best < 0)
			best = (int32_t)i;
	}
	return best;
}

/* Does the word at s name a company by its kind ("firm", "airline", "group")? */
static int company_noun(const char *s, size_t n)
{
	static const char *const words[] = {
	        "company", "firm", "group", "giant", "maker", "manufacturer", "operator",
	        "retailer", "chain", "carrier", "airline", "bank", "lender", "insurer", "broker",
	        "brewer", "publisher", "broadcaster", "supermarket", "conglomerate", "producer",
	        "supplier", "provider", "miner", "club", NULL};

	for (size_t i = 0; words[i]; i++)
		if (same_word_ci(s, n, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* Is the last word of role one of company_noun's, and head's when head is not generic? */
static int company_role(const char *role, const quo_view *v, uint32_t head)
{
	const char *w = strrchr(role, ' ');

	w = w ? w + 1 : role;
	if (!company_noun(w, strlen(w)))
		return 0;
	return qv_is(v, head, "company") || qv_is(v, head, "firm") || qv_is(v, head, "group") ||
	       same_word_ci(w, strlen(w), v->t[head].s, v->t[head].len);
}

/*
 * The role of an organisation from its kind written in lower case before
 * its name: "airline Lufthansa", "e-mail management firm Email Systems",
 * "state-controlled oil company Rosneft".
 */
static void company_kind(qasid_doc *doc, const quo_view *v, uint32_t a, qasid_entity *e)
{
	uint32_t lo = qv_sfirst(v, v->t[a].sent), k = a;

	if (e->role || a == lo || v->t[a - 1].cap || !company_noun(v->t[a - 1].s, v->t[a - 1].len))
		return;
	while (k > lo && k + 3 > a && !v->t[k - 1].cap &&
	       (!strcmp(v->t[k - 1].upos, "NOUN") || !strcmp(v->t[k - 1].upos, "ADJ")))
		k--; /* at most three words: "e-mail management firm" */
	e->role = tok_text(doc, v, k, a - 1);
}

/*
 * Is organisation ent named before byte pos at least as often as any other
 * named organisation? ("the company" is the one the article is about, not
 * "rival giant Shell" in a report on Unilever.) 1 if so, -1 if not, 0 when
 * ent is not named before pos.
 */
static int most_named(const qasid_doc *doc, uint32_t ent, uint32_t pos)
{
	uint32_t *n = qs_zalloc(doc->entities.n * sizeof *n);
	int rc = 1;

	if (!n)
		return -1; /* out of memory: say no */
	for (size_t i = 0; i < doc->ementions.n; i++) {
		const qasid_entity_mention *m = &doc->ementions.v[i];
		const qasid_entity *e = &doc->entities.v[m->entity];

		if (m->span.start < pos && (m->entity == ent || (!e->unnamed && !strcmp(e->type, "ORG"))))
			n[m->entity]++;
	}
	if (!n[ent])
		rc = 0;
	for (size_t k = 0; k < doc->entities.n && rc > 0; k++)
		if (n[k] > n[ent])
			rc = -1;
	qs_free(n);
	return rc;
}

/* Role and affiliation of a person from a title before a name. */
static void title_before(qasid_doc *doc, const quo_view *v, uint32_t a, qasid_entity *e)
{
	static const char *const address[] = {"sir", "dame", "lord", "lady", NULL};
	uint32_t i = a, lo = qv_sfirst(v, v->t[a].sent), k, aff_a = NO_TOK_E, aff_b = 0;
	int has_title = 0, common = 0, ne_title = 0;

	while (i > lo) {
		const qv_tok *t = &v->t[i - 1];

		if (has_title && i - 1 > lo && qv_glued_hyphen(v, i - 1) && v->t[i - 2].cap) {
			i--; /* "Director-General" */
			continue;
		}
		if (i - 1 > lo + 2 && qv_is(v, i - 1, ")") && qv_is(v, i - 3, "(") && v->t[i - 2].ner >= 0 &&
		    v->t[i - 4].ner >= 0 && strcmp(v->doc->mentions.v[v->t[i - 4].ner].type, "PER")) {
			i -= 3; /* "International Atomic Energy Agency (IAEA) Director-General" */
			continue;
		}
		if (t->ner >= 0 && strcmp(v->doc->mentions.v[t->ner].type, "PER") &&
		    !title_only(v, &v->doc->mentions.v[t->ner])) {
			if (aff_a == NO_TOK_E && t->cap &&
			    (t->word & QW_TITLE || (ne_title && qv_mostly_lower(t, 0)))) {
				has_title = ne_title = 1; /* "New Home Secretary" tagged as one group */
			} else {
				if (aff_a == NO_TOK_E)
					aff_b = i - 1;
				aff_a = i - 1;
			}
		} else if (t->word & QW_TITLE ||
		           (t->word & QW_ROLE && (!strcmp(t->upos, "NOUN") || !strcmp(t->upos, "PROPN"))) ||
		           (!t->cap && !strcmp(t->upos, "NOUN") && QS_NOUN2(t->senses) == QS_NOUN_PERSON)) {
			has_title = 1; /* a person's second sense will do here: "star", "agent", "fan" */
		} else if (has_title && !t->cap &&
		           ((!strcmp(t->xpos, "NN") && QS_NOUN1(t->senses) != QS_NOUN_TIME) ||
		            (!strcmp(t->xpos, "JJ") && !qv_is(v, i - 1, "last") &&
		             !qv_is(v, i - 1, "next")))) {
			; /* the title's modifiers: "junior foreign minister", "opposition leader" */
		} else if (!(t->cap && (!strcmp(t->upos, "PROPN") || !strcmp(t->upos, "NOUN") ||
		                         !strcmp(t->upos, "ADJ"))) &&
		           !(!strcmp(t->upos, "NOUN") && a - i < 2) && strcmp(t->xpos, "POS")) {
			break;
		} else if (!t->cap && !strcmp(t->upos, "NOUN") && !has_title) {
			common = 1; /* a noun next to the name: "this year Amanda", "seed beat Rafael" */
		}
		if (t->ner >= 0 && !strcmp(v->doc->mentions.v[t->ner].type, "PER"))
			break;
		i--;
	}
	if (i == a || common || (!has_title && !strcmp(v->t[a - 1].upos, "PROPN")))
		return;
	/* role: the title words after the affiliation */
	k = aff_a != NO_TOK_E ? aff_b + 1 : i;
	if (k + 2 < a && qv_is(v, k, "(") && qv_is(v, k + 2, ")"))
		k += 3;
	while (k < a && (!strcmp(v->t[k].xpos, "POS") || qv_punct(v, k)))
		k++;
	while (a > k && (honorific(v, a - 1) || qv_in(v, a - 1, address)))
		a--; /* "United boss Sir Alex Ferguson": the role is "boss" */
	if (k < a && !e->role)
		e->role = tok_text(doc, v, k, a - 1);
	if (aff_a != NO_TOK_E && !e->affiliation)
		e->affiliation = tok_text(doc, v, aff_a, aff_b);
}

/*
 * Role and affiliation from an apposition that opens the sentence before the
 * name a..b: "The UN special representative for Darfur, Jan Pronk, says".
 * The phrase has a person's noun, no verb and no other person; a group or
 * place opening it is the affiliation.
 */
static void apposition_before(qasid_doc *doc, const quo_view *v, uint32_t a, uint32_t b,
                              qasid_entity *e)
{
	uint32_t lo = qv_sfirst(v, v->t[a].sent), i, start = lo + 1;
	int person = 0;

	if (e->role || a < lo + 3 || a - lo > 14 || !qv_is(v, a - 1, ",") || b + 1 >= v->n ||
	    !qv_is(v, b + 1, ",") || !(qv_is(v, lo, "the") || qv_is(v, lo, "a") || qv_is(v, lo, "an")))
		return;
	for (i = start; i < a - 1; i++) {
		const qv_tok *t = &v->t[i];

		if (!strcmp(t->upos, "VERB") || !strcmp(t->upos, "AUX") || !strcmp(t->upos, "PRON") ||
		    t->qmark || (qv_punct(v, i) && !qv_is(v, i, "-")) ||
		    (t->ner >= 0 && !strcmp(v->doc->mentions.v[t->ner].type, "PER")))
			return;
		person |= (t->word & (QW_TITLE | QW_ROLE)) || (!strcmp(t->upos, "NOUN") &&
		                                                QS_NOUN1(t->senses) == QS_NOUN_PERSON);
	}
	if (!person)
		return;
	if (v->t[start].ner >= 0) { /* "The UN ...", "The BBC's ..." */
		const qasid_mention *m = &v->doc->mentions.v[v->t[start].ner];
		uint32_t end = m->first_token + m->n_tokens;

		if (m->first_token != start || end >= a - 1)
			return;
		if (!e->affiliation)
			e->affiliation = tok_text(doc, v, start, end - 1);
		start = end;
		if (!strcmp(v->t[start].xpos, "POS"))
			start++;
	}
	if (start < a - 1)
		e->role = tok_text(doc, v, start, a - 2);
}

/* Role and affiliation from an apposition or relative clause after token b. */
static void apposition(qasid_doc *doc, const quo_view *v, uint32_t b, qasid_entity *e)
{
	uint32_t hi = qv_send(v, v->t[b].sent), i = b + 1, k, start, prep = 0, end;

	if (i >= hi || !qv_is(v, i, ","))
		return;
	i++;
	if (qv_is(v, i, "who")) {
		i++;
		if (!(qv_is(v, i, "is") || qv_is(v, i, "was") || qv_is(v, i, "serves") ||
		      qv_is(v, i, "served") || qv_is(v, i, "heads") || qv_is(v, i, "leads")))
			return;
		i++;
		if (qv_is(v, i, "as"))
			i++;
	}
	if (qv_is(v, i, "a") || qv_is(v, i, "an") || qv_is(v, i, "the"))
		i++;
	start = i;
	for (k = i; k < hi && k < i + 16; k++) {
		if (qv_is(v, k, ",") || qv_is(v, k, ".") || qv_is(v, k, ";") || qv_is(v, k, "--") ||
		    qv_is(v, k, ")"))
			break;
		if (!strcmp(v->t[k].upos, "VERB") || !strcmp(v->t[k].upos, "AUX") || v->t[k].qmark ||
		    qv_tagged(v, k, "PER"))
			return;
		if (k > start && (qv_is(v, k, "of") || qv_is(v, k, "for") || qv_is(v, k, "at")) &&
		    (!prep || (v->t[prep + 1].ner < 0 && !(qv_is(v, prep + 1, "the") && v->t[prep + 2].ner >= 0) &&
		               (v->t[k + 1].ner >= 0 || (qv_is(v, k + 1, "the") && v->t[k + 2].ner >= 0)))))
			prep = k; /* the preposition before a name: "head of relations for the NRF" */
	}
	end = k;
	if (end <= start || !(v->t[start].word & QW_TITLE || !strcmp(v->t[start].upos, "NOUN") ||
	                      !strcmp(v->t[start].upos, "ADJ") || v->t[start].ner >= 0))
		return;
	{
		uint32_t j, has_noun = 0;

		for (j = start; j < (prep ? prep : end); j++)
			has_noun |= !strcmp(v->t[j].upos, "NOUN") || (v->t[j].word & QW_TITLE) != 0;
		if (!has_noun)
			return;
	}
	if (!e->role)
		e->role = tok_text(doc, v, start, (prep ? prep : end) - 1);
	if (prep && prep + 1 < end && !e->affiliation) {
		uint32_t a = prep + 1;

		if (qv_is(v, a, "the") && a + 1 < end && v->t[a + 1].ner >= 0)
			a++;
		e->affiliation = tok_text(doc, v, a, end - 1);
	}
}

int ent_run(qasid_doc *doc, quo_view *v)
{
	size_t m;
	int rc;

	v->ner_ent = qs_malloc((doc->mentions.n + 1) * sizeof *v->ner_ent);
	if (!v->ner_ent)
		return QASID_ENOMEM;
	for (m = 0; m < doc->mentions.n; m++) {
		const qasid_mention *mn = &doc->mentions.v[m];
		uint32_t a, b;
		char *name;
		int32_t ent;
		int single, sex = 0;
		const char *type;
		uint32_t t0, name_a;

		/* the second half of a person's hyphenated name, tagged apart ("Kilroy" "-" "Silk") */
		if (mn->first_token >= 2 && qv_glued_hyphen(v, mn->first_token - 1) &&
		    v->t[mn->first_token - 2].ner >= 0 && (size_t)v->t[mn->first_token - 2].ner < m &&
		    !strcmp(doc->mentions.v[v->t[mn->first_token - 2].ner].type, "PER") &&
		    v->ner_ent[v->t[mn->first_token - 2].ner] >= 0) {
			v->ner_ent[m] = v->ner_ent[v->t[mn->first_token - 2].ner];
			continue;
		}
		if (title_only(v, mn)) { /* no name: a title before one, "Retired Brig.-Gen." */
			v->ner_ent[m] = -1;
			continue;
		}
		/* "Mr Pound", "Ms Essex": whatever the tagger says, a person */
		type = (mn->first_token > 0 && honorific(v, mn->first_token - 1) &&
		        v->t[mn->first_token - 1].sent == v->t[mn->first_token].sent) ||
		               (mn->n_tokens > 1 && honorific(v, mn->first_token))
		           ? "PER"
		           : mn->type;

		name_tokens(v, mn, &a, &b);
		t0 = split_title(v, type, a, b, &name_a);
		if (t0 != NO_TOK_E) { /* "United Nations Secretary General Kofi Annan" as one group */
			type = "PER";
			a = name_a;
		}
		if (a == mn->first_token)
			a = hyphen_start(v, a);
		/* a surname the tagger left out: "Khawaja Muhammad" "Asif" */
		while (!strcmp(type, "PER") && b + 1 < v->n && b + 1 == mn->first_token + mn->n_tokens &&
		       v->t[b + 1].ner < 0 && v->t[b + 1].cap && !strcmp(v->t[b + 1].upos, "PROPN") &&
		       v->t[b + 1].sent == v->t[b].sent && b + 1 < mn->first_token + mn->n_tokens + 2 &&
		       !qv_weekday(v, b + 1)) /* "Muqtada al-Sadr Monday" */
			b++;
		/* ... or joined by a hyphen: "Robert Kilroy-Silk", "Chen Shui-bian" */
		while (!strcmp(type, "PER") && b + 2 < v->n && qv_glued_hyphen(v, b + 1) &&
		       ((v->t[b + 2].cap && !strcmp(v->t[b + 2].upos, "PROPN")) || syllable(v, b + 2))) {
			const qasid_mention *next = v->t[b + 2].ner >= 0 ? &doc->mentions.v[v->t[b + 2].ner] : NULL;

			b += 2; /* the whole name tagged after it: "Jean-Marc de la Sabliere" */
			if (next && next->first_token == b && !strcmp(next->type, "PER"))
				b = next->first_token + next->n_tokens - 1;
		}
		if (!(name = tok_text(doc, v, a, b)))
			return QASID_ENOMEM;
		single = a == b || !strchr(name, ' '); /* "Kilroy-Silk" is one word */
		/* "Mr Blair" after "Tony Blair": the honorific tells the sex */
		for (uint32_t k = mn->first_token; k < a && !sex; k++)
			sex = honorific(v, k) ? v->t[k].sex : 0;
		ent = find_name(doc, type, name, single, v, sex);
		/* "Full Name (ACR)": the acronym joins the name before it */
		if (ent < 0 && is_acronym(v, a, b) && a >= 2 && qv_is(v, a - 1, "(") &&
		    v->t[a - 2].ner >= 0 && v->ner_ent[v->t[a - 2].ner] >= 0)
			ent = v->ner_ent[v->t[a - 2].ner];
		if (ent < 0 && (rc = new_entity(doc, type, name, 0, &ent)))
			return rc;
		v->ner_ent[m] = ent;
		if ((rc = add_mention(doc, v, a < mn->first_token ? a : mn->first_token,
		                      b > mn->first_token + mn->n_tokens - 1 ? b
		                                                             : mn->first_token + mn->n_tokens - 1,
		                      ent,
		                      QASID_MENTION_NAME)))
			return rc;
		{
			qasid_entity *e = &doc->entities.v[ent];

			if (!single && strlen(name) > strlen(e->name) && !strcmp(e->type, type))
				e->name = name; /* the longest form is the canonical name */
			if (is_acronym(v, a, b) && !strcmp(e->type, "PER") && strcmp(type, "PER"))
				snprintf(e->type, sizeof e->type, "%s", type); /* people have no acronyms */
			if (!strcmp(e->type, "ORG"))
				company_kind(doc, v, mn->first_token, e);
			if (v->t[a].word & QW_TITLE && a < b && qv_is(v, a + 1, "of") && !e->role)
				e->role = tok_text(doc, v, a, a); /* "Bishop of Durham" is "the Bishop" */
			if (!strcmp(e->type, "PER")) {
				uint32_t r = t0 != NO_TOK_E ? t0 : mn->first_token;

				while (r < a && honorific(v, r))
					r++;
				if (a > r && !e->role) /* title inside the mention: "Gov. Pence" */
					e->role = tok_text(doc, v, r, a - 1);
				if (t0 != NO_TOK_E && t0 > mn->first_token && !e->affiliation)
					e->affiliation = tok_text(doc, v, mn->first_token, t0 - 1);
				title_before(doc, v, mn->first_token, e);
				apposition_before(doc, v, mn->first_token, b, e);
			}
			apposition(doc, v, b > mn->first_token + mn->n_tokens - 1 ? b : mn->first_token + mn->n_tokens - 1, e);
		}
	}
	v->n_ner = doc->ementions.n;
	return QASID_OK;
}

static int wanted(const qasid_doc *doc, uint32_t ent, int want_per)
{
	const qasid_entity *e = &doc->entities.v[ent];
	size_t n = e->name ? strlen(e->name) : 0;
	int per = !strcmp(e->type, "PER") && !(e->unnamed && n && e->name[n - 1] == 's');

	return want_per ? per : !strcmp(e->type, "ORG") || (e->unnamed && !per);
}

/*
 * The entity of the last mention before byte pos that is a person (or a
 * group). The tagger's mentions come first in the list, in text order; the
 * ones added for speakers follow. Both are searched backwards a bounded way.
 */
/* Is the token starting at byte pos inside a direct quote? */
static int quoted_at(const quo_view *v, uint32_t pos)
{
	uint32_t t = qv_token_at(v, pos);

	return t < v->n && v->t[t].inq >= 0;
}

int ent_sex(const qasid_doc *doc, uint32_t ent, int pronouns)
{
	const doc_sex *x = &doc->esex.v[ent];
	uint32_t m = x->name_m + (pronouns ? x->pron_m : 0), f = x->name_f + (pronouns ? x->pron_f : 0);

	return m && !f ? 'm' : f && !m ? 'f' : 0;
}

/*
 * A pronoun outside quote marks never takes its person from inside them:
 * in ""I love Larry," he said", he is not Larry. And "she" is no one the
 * text calls "Mr" (sex: 'm' for he, 'f' for she, 0 for either); what other
 * pronouns were taken to mean is no evidence here, lest one error make more.
 */
static int candidate(const qasid_doc *doc, const quo_view *v, const qasid_entity_mention *m,
                     int outside, int want_per, int sex)
{
	if (!wanted(doc, m->entity, want_per) || (outside && quoted_at(v, m->span.start)))
		return 0;
	if (sex) {
		int es = ent_sex(doc, m->entity, 0);

		return !es || es == sex;
	}
	return 1;
}

/* Is mention m, not of ent, a candidate that opens its sentence? */
static int subject_candidate(const qasid_doc *doc, const quo_view *v, const qasid_entity_mention *m,
                             int32_t ent, int outside, int want_per, int sex)
{
	uint32_t k;

	return (int32_t)m->entity != ent && (k = qv_token_at(v, m->span.start)) < v->n &&
	       qv_opens_sentence(v, k) && candidate(doc, v, m, outside, want_per, sex);
}

size_t ent_first_mention_at(const qasid_doc *doc, const quo_view *v, uint32_t pos)
{
	size_t lo = 0, hi = v->n_ner;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (doc->ementions.v[mid].span.start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The entity of the first tagger mention from byte from to byte pos, not of
 * ent, that opens its sentence and is a candidate; else -1.
 */
static int32_t sentence_opener(const qasid_doc *doc, const quo_view *v, uint32_t from, uint32_t pos,
                               int32_t ent, int outside, int want_per, int sex)
{
	for (size_t i = ent_first_mention_at(doc, v, from);
	     i < v->n_ner && doc->ementions.v[i].span.start < pos; i++)
		if (subject_candidate(doc, v, &doc->ementions.v[i], ent, outside, want_per, sex))
			return (int32_t)doc->ementions.v[i].entity;
	return -1;
}

/*
 * The person opening the sentence of the mention of ent at byte pos, when
 * that sentence is the one before the pronoun at byte at or its own, and ent
 * no speaker yet; else ent: in "Mr Blair has been closer to President Bush
 * than any other leader. He said ...", he is Blair.
 */
static int32_t subject_before(const qasid_doc *doc, const quo_view *v, int32_t ent, uint32_t pos,
                              uint32_t at, int outside, int want_per, int sex)
{
	uint32_t t = qv_token_at(v, pos), u = qv_token_at(v, at), from;
	int32_t opener;
	size_t i;

	if (t >= v->n || u >= v->n || v->t[t].sent + 1 < v->t[u].sent)
		return ent; /* only in the sentence before or this one */
	for (i = doc->quotes.n; i-- > 0 && i + 64 >= doc->quotes.n;)
		if (doc->quotes.v[i].speaker == ent)
			return ent; /* a speaker already: "..., Charles Kennedy has said. ... he added" */
	from = doc->tokens.v[qv_sfirst(v, v->t[t].sent)].start;
	/* the tagger's mentions, in text order, from the sentence start; then
	   the last ones added for speakers */
	if ((opener = sentence_opener(doc, v, from, pos, ent, outside, want_per, sex)) >= 0)
		return opener;
	for (i = doc->ementions.n > v->n_ner + 64 ? doc->ementions.n - 64 : v->n_ner;
	     i < doc->ementions.n; i++) {
		const qasid_entity_mention *m = &doc->ementions.v[i];

		if (m->span.start >= from && m->span.start < pos &&
		    subject_candidate(doc, v, m, ent, outside, want_per, sex))
			return (int32_t)m->entity;
	}
	return ent;
}

/*
 * The group or firm named first in sentence s before position pos, when it
 * opens the sentence: what "it" speaks for ("The United Nations released its
 * report, and it said"; "Deutsche Bank is involved ... It had agreed").
 */
static int32_t opening_group(const qasid_doc *doc, const quo_view *v, uint32_t s, uint32_t pos)
{
	return sentence_opener(doc, v, doc->tokens.v[qv_sfirst(v, s)].start, pos, -1,
	                       !quoted_at(v, pos), 0, 0);
}

static int32_t recent(const qasid_doc *doc, const quo_view *v, uint32_t pos, int want_per, int sex)
{
	size_t lo = ent_first_mention_at(doc, v, pos), i, k;
	int32_t best = -1;
	uint32_t best_pos = 0;
	int outside = !quoted_at(v, pos);

	for (i = lo, k = 0; i-- > 0 && k < 64; k++)
		if (candidate(doc, v, &doc->ementions.v[i], outside, want_per, sex)) {
			best = (int32_t)doc->ementions.v[i].entity;
			best_pos = doc->ementions.v[i].span.start;
			break;
		}
	for (i = doc->ementions.n, k = 0; i-- > v->n_ner && k < 64; k++) {
		const qasid_entity_mention *m = &doc->ementions.v[i];

		if (m->span.start < pos && (best < 0 || m->span.start > best_pos) &&
		    candidate(doc, v, m, outside, want_per, sex)) {
			best = (int32_t)m->entity;
			best_pos = m->span.start;
		}
	}
	return best < 0 || !want_per ? best
	                             : subject_before(doc, v, best, best_pos, pos, outside, want_per, sex);
}

/* Is word k a document that speaks for its author ("statement", "report", "poll")? */
static int document(const quo_view *v, uint32_t k)
{
	static const char *const documents[] = {"statement", "statements", "report", "study", "poll",
	                                        "polls", "survey", NULL};

	return qv_in(v, k, documents);
}

/*
 * Is the name at word n the object of the preposition at word p, with only
 * a determiner, an adjective, a number, a title or a possessive between,
 * or nouns after a determiner ("for Foreign Minister Alexander Downer", "of
 * 14-year-old Stefan Pakeerah", "to the rebel Shiite leader Muqtada
 * al-Sadr")? Not a name in apposition to a phrase that goes on ("a
 * spokesman for sport Hugh Robertson", "A lawyer for the victims, Eduardo
 * Contreras").
 */
static int object_of(const quo_view *v, uint32_t p, uint32_t n)
{
	int det = p + 1 < n && qv_pos(v, p + 1, "DET"); /* "to the rebel Shiite leader Muqtada al-Sadr" */

	for (uint32_t k = p + 1; k < n; k++)
		if (!(qv_pos(v, k, "DET") || qv_pos(v, k, "ADJ") || qv_pos(v, k, "NUM") ||
		      v->t[k].word & QW_TITLE || honorific(v, k) || !strcmp(v->t[k].xpos, "POS") ||
		      (qv_pos(v, k, "PROPN") && v->t[k].cap) || (det && qv_pos(v, k, "NOUN"))))
			return 0;
	return 1;
}

/*
 * Does the tagged name at word i only modify a speaker noun of the phrase
 * [first, last]? The noun after it, with no punctuation but a possessive
 * between: for a MISC name a title, a source or a group ("The Australian
 * government", "Afghan officials"), for any other a title or a source ("The
 * TV host", "a Hamas official", "Libya's oil minister"; but "the ISPR
 * statement" is ISPR's, "Hamas militants" Hamas, and "Ivory Coast rebels"
 * Ivory Coast, whose actor the event coder gives them). Or a title or
 * source before an "of", "for" or "in" that comes before it: "Critics of
 * the Computer Implemented Inventions Directive", "a spokesman for the
 * ministry", "officials in Washington" (not "the kidnappers of a French
 * journalist"). Any name, a person's too, only modifies as the possessor
 * of a person, a kin or a group that is no document: "Yasser Arafat's
 * nephew", "Trump's campaign", "Microsoft's lawyers" (but "Arafat's
 * statement" is Arafat's). Else a person's name never only modifies.
 */
static int name_modifier(const qasid_doc *doc, const quo_view *v, uint32_t first, uint32_t i,
                         uint32_t last)
{
	unsigned want = QW_TITLE | QW_SOURCE;
	const qasid_mention *m = &doc->mentions.v[v->t[i].ner];
	const char *type = m->type;
	uint32_t k = m->first_token + m->n_tokens;

	if (k < last && !strcmp(v->t[k].xpos, "POS") && v->t[k + 1].ner >= 0 &&
	    strcmp(doc->mentions.v[v->t[k + 1].ner].type, "PER"))
		return 1; /* "Lord Woolf's Sentencing Guidelines Council" is the council */
	if (k < last && !strcmp(v->t[k].xpos, "POS"))
		for (k++; k <= last && !qv_punct(v, k); k++)
			if (v->t[k].ner < 0 && !strcmp(v->t[k].upos, "NOUN")) {
				if (!document(v, k) && (v->t[k].word & (QW_TITLE | QW_SOURCE | QW_KIN | QW_GROUP) ||
				                        QS_NOUN1(v->t[k].senses) == QS_NOUN_PERSON))
					return 1; /* "Osama bin Laden's chief deputy" */
				break;
			}
	{
		/* a person only after those who speak for or about him: "A
		   spokesman for Foreign Minister Alexander Downer", "aides to Bush" */
		static const char *const preps[] = {"of", "for", "in", "to", "from", "at", NULL};
		int per = !strcmp(type, "PER");
		unsigned pwant = per ? QW_SOURCE | QW_KIN : want | QW_GROUP | QW_ROLE;

		for (k = first + 1; k < i; k++) {
			if (qv_in(v, k, preps) && v->t[k - 1].ner < 0 &&
			    !strcmp(v->t[k - 1].upos, "NOUN") && v->t[k - 1].word & pwant &&
			    !document(v, k - 1) && /* "A report in the Telegraph" is the Telegraph's */
			    (!per || object_of(v, k, m->first_token)))
				return 1;
			/* "the Polish Defense Ministry in Warsaw": the ministry's place */
			if ((qv_is(v, k, "in") || qv_is(v, k, "at")) && k + 1 == m->first_token &&
			    !strcmp(type, "LOC") && qv_tagged(v, k - 1, "ORG"))
				return 1;
		}
	}
	if (!strcmp(type, "PER"))
		return 0;
	for (k = i + 1; k <= last; k++) {
		if (v->t[k].ner >= 0)
			continue;
		if (qv_glued_hyphen(v, k))
			continue; /* "Iraq's US-backed leader" */
		if (qv_punct(v, k) && strcmp(v->t[k].xpos, "POS"))
			return 0; /* "Fathi Bin Shatwan, Libya's oil minister": a name of its own */
		/* a MISC name modifies any common noun: "European editorials", "Iraqi negotiator";
		   any name a group noun after "a": "A Senate panel" (not "the Novosti news agency") */
		if (!strcmp(v->t[k].upos, "NOUN") &&
		    (v->t[k].word & (want | QW_ROLE) || (!strcmp(type, "MISC") && !v->t[k].cap) ||
		     (!v->t[k].cap && wn_person(&v->t[k]) && /* "publisher" */
		      strcmp(v->t[m->first_token + m->n_tokens].xpos, "POS")) ||
		     (v->t[k].word & QW_GROUP && m->first_token == first + 1 && !document(v, k) &&
		      !document(v, last) && (qv_is(v, first, "a") || qv_is(v, first, "an")))))
			return 1;
	}
	return 0;
}

/* Where the plain noun phrase ending at word e starts: "many US lawmakers", "the critics". */
static uint32_t nominal_start(const quo_view *v, uint32_t e)
{
	uint32_t k = e, s = v->t[e].sent;

	while (k > 0 && v->t[k - 1].sent == s &&
	       (!strcmp(v->t[k - 1].upos, "NOUN") || !strcmp(v->t[k - 1].upos, "ADJ") ||
	        !strcmp(v->t[k - 1].upos, "PROPN") || !strcmp(v->t[k - 1].upos, "NUM")))
		k--;
	if (k > 0 && v->t[k - 1].sent == s && !strcmp(v->t[k - 1].upos, "DET"))
		k--;
	return k;
}

/*
 * A place or nationality that is only part of a group's name within
 * [first, last] ("Japan Airlines", "Agence France-Presse", "Israeli Army
 * Radio"): the whole run of capitalised words, or none.
 */
static int glued_name(const qasid_doc *doc, const quo_view *v, const qasid_mention *m,
                      uint32_t first, uint32_t last, uint32_t *ga, uint32_t *gb)
{
	uint32_t a = m->first_token, b = m->first_token + m->n_tokens - 1;

	if (strcmp(m->type, "LOC") && strcmp(m->type, "MISC"))
		return 0;
	for (uint32_t k = a; k <= b; k++)
		if (person_noun(v, k)) /* "Attorney General Jerry" */
			return 0;
	for (;;) {
		if (b + 1 <= last && name_word(v, b + 1))
			b++;
		else if (b + 2 <= last && qv_glued_hyphen(v, b + 1) && name_word(v, b + 2))
			b += 2;
		else
			break;
	}
	while (a > first && name_word(v, a - 1) && !qv_is(v, a - 1, "the"))
		a--;
	if (b < last && (person_noun(v, b + 1) || (qv_is(v, b + 1, "-") && touching(doc, b))))
		return 0; /* "Indonesian Economics Minister": a person's affiliation; "U.S. AC-130" */
	*ga = a;
	*gb = b;
	return a < m->first_token || b > m->first_token + m->n_tokens - 1;
}

/*
 * The type of an unnamed source [first, head] by its words: a group ("the
 * ministry"), a person ("a spokesman for the firm", "people", and any head
 * WordNet does not know as a noun), a firm ("the airline"), or else a thing
 * that speaks, MISC ("new figures", "the lawsuit"), which "he" and "she" do
 * not stand for.
 */
static const char *unnamed_type(const quo_view *v, uint32_t first, uint32_t head)
{
	const qv_tok *h = &v->t[head];

	if (h->word & QW_GROUP)
		return "ORG";
	for (uint32_t k = first; k <= head; k++) {
		const qv_tok *t = &v->t[k];

		if (!strcmp(t->upos, "NOUN") &&
		    (t->word & (QW_TITLE | QW_SOURCE | QW_ROLE | QW_KIN) || wn_person(t)) &&
		    (k == head || strcmp(v->t[k + 1].xpos, "POS"))) /* not "the commissioner's office" */
			return "PER";
	}
	if (company_noun(h->s, h->len))
		return "ORG";
	if (!QS_NOUN1(h->senses) || h->cap || QS_NOUN1(h->senses) == QS_NOUN_TOPS ||
	    QS_NOUN1(h->senses) == QS_NOUN_GROUP || QS_NOUN2(h->senses) == QS_NOUN_GROUP)
		return "PER"; /* "people", "groups" */
	for (uint32_t b = 0; b < h->len; b++)
		if (h->s[b] >= '0' && h->s[b] <= '9')
			return "PER"; /* "the 31-year-old" */
	return "MISC";
}

int32_t ent_attach(qasid_doc *doc, const quo_view *v, uint32_t first, uint32_t last, int *rc)
{
	uint32_t i, head = NO_TOK_E;
	uint32_t mod_a = NO_TOK_E, mod_b = NO_TOK_E; /* the names that only modify, from first to last */
	int32_t ent = -1;
	char *name;
	int person;

	*rc = QASID_OK;
	/*
	 * "Grahame Russell, who lost his son Philip when ...": a relative clause
	 * describes the phrase's head, and no name in it is the speaker (an
	 * apposition, "a spokesman, Zabihullah Mujahid", names the head: it stays)
	 */
	for (i = first + 1; i < last; i++)
		if (qv_is(v, i, ",") && v->t[i + 1].word & QW_REL) {
			last = i - 1;
			break;
		}
	/*
	 * with no person named in it, what follows a comma only describes the
	 * head: "A spokesman for DaimlerChrysler, parent company of Mercedes
	 * Benz", "Ulrich Schulte-Strathaus, secretary general of the ..."
	 */
	if (!has_person(v, first, last))
		for (i = first + 1; i < last; i++)
			if (qv_is(v, i, ",")) {
				if (!bare_name(v, i + 1, last)) /* but "The firm, Paion": the name */
					last = i - 1;
				break;
			}
	/* a dateline opening the paragraph: "Reuters - Iraqi kidnappers ...", "NEW YORK - Investors" */
	if (v->t[first].ner >= 0 && (first == 0 || v->t[first - 1].para != v->t[first].para)) {
		const qasid_mention *m = &doc->mentions.v[v->t[first].ner];
		uint32_t k = m->first_token + m->n_tokens;

		if (m->first_token == first && strcmp(m->type, "PER") && k + 1 <= last &&
		    (qv_is(v, k, "-") || qv_is(v, k, "--")) &&
		    doc->tokens.v[k - 1].end < doc->tokens.v[k].start) /* not "U.S.-China" */
			first = k + 1;
	}
	/* the same phrase given again (two quotes of one source): its entity */
	if ((ent = span_entity(doc, first, last)) >= 0)
		return ent;
	person = has_person(v, first, last);
	/*
	 * an apposition to a person just before it, who opens the sentence or
	 * follows the cue: "Patricia Sanders, [spokeswoman for the DEC] said",
	 * "said Christoph Caselitz, [president of the division]" (not "... met
	 * Yasser Arafat, [legislators] said")
	 */
	if (first >= 2 && qv_is(v, first - 1, ",") && v->t[first - 2].ner >= 0 && v->ner_ent &&
	    v->ner_ent[v->t[first - 2].ner] >= 0 &&
	    !strcmp(doc->mentions.v[v->t[first - 2].ner].type, "PER") &&
	    opens_clause(v, doc->mentions.v[v->t[first - 2].ner].first_token) && !person) {
		ent = v->ner_ent[v->t[first - 2].ner];
		*rc = add_mention(doc, v, first, last, ent, QASID_MENTION_NOMINAL);
		return ent;
	}
	/*
	 * a tagged name inside the phrase: the rightmost, a person first; not one
	 * that only modifies the noun after it (name_modifier), which is then
	 * the affiliation of the phrase's own entity
	 */
	for (i = last + 1; i-- > first;) {
		uint32_t ga, gb;

		if (v->t[i].ner >= 0 && v->ner_ent && ent < 0 && mod_b == NO_TOK_E && !person &&
		    glued_name(doc, v, &doc->mentions.v[v->t[i].ner], first, last, &ga, &gb)) {
			if (!(name = tok_text(doc, v, ga, gb))) {
				*rc = QASID_ENOMEM;
				return -1;
			}
			if ((ent = find_name(doc, "ORG", name, 0, v, 0)) < 0 &&
			    (*rc = new_entity(doc, "ORG", name, 0, &ent)))
				return -1;
			*rc = add_mention(doc, v, first, last, ent, QASID_MENTION_NAME);
			return ent;
		}
		if (v->t[i].ner >= 0 && v->ner_ent && name_modifier(doc, v, first, i, last)) {
			const qasid_mention *m = &doc->mentions.v[v->t[i].ner];

			if (mod_b == NO_TOK_E) { /* and the untagged proper nouns after it: "Japan Airlines" */
				for (mod_b = m->first_token + m->n_tokens - 1;
				     mod_b < last && v->t[mod_b + 1].ner < 0 && v->t[mod_b + 1].cap &&
				     !strcmp(v->t[mod_b + 1].upos, "PROPN");)
					mod_b++;
				if (mod_b < last && qv_is(v, mod_b + 1, ")"))
					mod_b++; /* "(CRE)" */
				mod_a = m->first_token;
			} else if (m->first_token + m->n_tokens <= mod_a && mod_b + 1 < last &&
			           !strcmp(v->t[m->first_token + m->n_tokens].xpos, "POS") &&
			           qv_is(v, mod_b + 1, "-")) {
				mod_a = m->first_token; /* "Iraq's US-backed leader": the owner */
				mod_b = m->first_token + m->n_tokens - 1;
			} else if (joins(v, m->first_token + m->n_tokens, mod_a)) {
				mod_a = m->first_token; /* "Afghan Taliban", "Department for Work and Pensions" */
			}
			continue;
		}
		if (v->t[i].ner >= 0 && v->ner_ent && v->ner_ent[v->t[i].ner] >= 0) {
			int32_t e = v->ner_ent[v->t[i].ner];

			if (ent < 0 || !strcmp(doc->mentions.v[v->t[i].ner].type, "PER")) {
				if (ent >= 0 && strcmp(doc->entities.v[ent].type, "PER") &&
				    !strcmp(doc->entities.v[e].type, "PER")) {
					ent = e;
					break;
				}
				if (ent < 0)
					ent = e;
			}
		}
		if (i == 0)
			break;
	}
	if (ent >= 0) {
		*rc = add_mention(doc, v, first, last, ent, QASID_MENTION_NAME);
		return ent;
	}
	if (first == last && v->t[first].word & (QW_PRON_PER | QW_PRON_PL | QW_PRON_IT | QW_REL)) {
		int per = (v->t[first].word & QW_PRON_PER) != 0;

		if (!strcmp(v->t[first].low, "i") || !strcmp(v->t[first].low, "we"))
			return -1;
		if (v->t[first].word & QW_PRON_IT) {
			uint32_t here = doc->tokens.v[first].start, s = v->t[first].sent;

			ent = opening_group(doc, v, s, here);
			if (ent < 0 && s > 0 && qv_sfirst(v, s) == first) /* "It added" */
				ent = opening_group(doc, v, s - 1, here);
		} else if (v->t[first].word & QW_REL) {
			uint32_t j = first > 0 && qv_is(v, first - 1, ",") ? first - 1 : first;

			/* "Army reservists who refused", "an Iraqi group which said": the
			   people or group just before it */
			if (j > 0 && v->t[j - 1].ner < 0 &&
			    !strcmp(v->t[j - 1].upos, "NOUN") && v->t[j - 1].sent == v->t[first].sent)
				return ent_attach(doc, v, nominal_start(v, j - 1), j - 1, rc);
			ent = recent(doc, v, doc->tokens.v[first].start, 1, 0) >= 0 && qv_is(v, first, "who")
			              ? recent(doc, v, doc->tokens.v[first].start, 1, 0)
			              : recent(doc, v, doc->tokens.v[first].start, 0, 0);
		} else {
			int sex = qv_is(v, first, "he") || qv_is(v, first, "him")    ? 'm'
			          : qv_is(v, first, "she") || qv_is(v, first, "her") ? 'f'
			                                                             : 0;

			ent = recent(doc, v, doc->tokens.v[first].start, per, sex);
		}
		if (ent >= 0)
			*rc = add_mention(doc, v, first, last, ent, QASID_MENTION_PRONOUN);
		return ent;
	}
	/* head word: a speaker noun before "of", "for" or "in", else the last noun */
	for (i = first + 1; i < last && mod_b != NO_TOK_E; i++)
		if ((qv_is(v, i, "of") || qv_is(v, i, "for") || qv_is(v, i, "in") || qv_is(v, i, "to")) &&
		    !strcmp(v->t[i - 1].upos, "NOUN") &&
		    (v->t[i - 1].word & (QW_TITLE | QW_SOURCE) ||
		     (v->t[i - 1].word & (QW_GROUP | QW_KIN) && !v->t[i - 1].cap))) {
			head = i - 1;
			break;
		}
	for (i = last + 1; head == NO_TOK_E && i-- > first;) {
		if (!strcmp(v->t[i].upos, "NOUN") || !strcmp(v->t[i].upos, "PROPN") || !v->t[i].upos[0]) {
			head = i;
			break;
		}
		if (i == 0)
			break;
	}
	if (head == NO_TOK_E)
		return -1;
	/* "the minister": the person with that role */
	if (qv_is(v, first, "the") &&
	    (v->t[head].word & QW_TITLE || (v->t[head].word & QW_ROLE && !strcmp(v->t[head].xpos, "NN")))) {
		for (i = doc->entities.n; i-- > 0 && i + MAX_LOOK >= doc->entities.n;) {
			const qasid_entity *e = &doc->entities.v[i];

			if (e->role && !e->unnamed && holds_role(e->role, v, first, head) &&
			    (mod_b == NO_TOK_E || same_side(doc, e, mod_a, mod_b))) {
				*rc = add_mention(doc, v, first, last, (int32_t)i, QASID_MENTION_NOMINAL);
				return (int32_t)i;
			}
		}
	}
	/*
	 * "The court": the group last named with that word last ("the US
	 * Supreme Court"); not "the party", which is as often one named by
	 * its acronym ("UKIP") as the last "... Party"
	 */
	if (qv_is(v, first, "the") && head == first + 1 && head == last &&
	    v->t[head].word & QW_GROUP && !qv_is(v, head, "party") && !document(v, head)) {
		for (i = doc->entities.n; i-- > 0 && i + MAX_LOOK >= doc->entities.n;) {
			const qasid_entity *e = &doc->entities.v[i];
			const char *sp = e->name ? strrchr(e->name, ' ') : NULL;

			if (!e->unnamed && !strcmp(e->type, "ORG") && sp &&
			    same_word_ci(sp + 1, strlen(sp + 1), v->t[head].s, v->t[head].len)) {
				*rc = add_mention(doc, v, first, last, (int32_t)i, QASID_MENTION_NOMINAL);
				return (int32_t)i;
			}
		}
	}
	/* "the company", "the airline": the organisation last named with a company's kind */
	if (qv_is(v, first, "the") && !strcmp(v->t[head].xpos, "NN") &&
	    company_noun(v->t[head].s, v->t[head].len)) {
		for (i = doc->entities.n; i-- > 0 && i + MAX_LOOK >= doc->entities.n;) {
			const qasid_entity *e = &doc->entities.v[i];

			if (!e->unnamed && !strcmp(e->type, "ORG") && e->role &&
			    company_role(e->role, v, head) && mod_b == NO_TOK_E) { /* not "The Spanish group" */
				int most = most_named(doc, (uint32_t)i, doc->tokens.v[first].start);

				if (!most)
					continue; /* not named before it */
				if (most < 0)
					break;
				*rc = add_mention(doc, v, first, last, (int32_t)i, QASID_MENTION_NOMINAL);
				return (int32_t)i;
			}
		}
	}
	for (i = last; i > head && (!strcmp(v->t[i].upos, "VERB") || !strcmp(v->t[i].upos, "AUX") ||
	                            !strcmp(v->t[i].upos, "PART") || !strcmp(v->t[i].upos, "ADV"));)
		i--; /* a verb the source span ran on to is no part of the name */
	if (!(name = tok_text(doc, v, first, i))) {
		*rc = QASID_ENOMEM;
		return -1;
	}
	{
		int named = v->t[first].cap && v->t[head].cap && !strcmp(v->t[head].upos, "PROPN") &&
		            !(v->t[head].word & (QW_SOURCE | QW_GROUP | QW_TITLE)) && mod_b == NO_TOK_E;

		if (named) {
			ent = find_name(doc, "PER", name, first == last, v, 0);
			if (ent < 0)
				*rc = new_entity(doc, "PER", name, 0, &ent);
		} else {
			for (i = doc->entities.n; i-- > 0 && i + MAX_LOOK >= doc->entities.n;) /* same words: same source */
				if (doc->entities.v[i].unnamed && !strcasecmp(doc->entities.v[i].name, name) &&
				    !(qv_is(v, first, "a") || qv_is(v, first, "an"))) {
					ent = (int32_t)i;
					break;
				}
			if (ent < 0)
				*rc = new_entity(doc, unnamed_type(v, first, head), name, 1, &ent);
		}
	}
	if (*rc)
		return -1;
	if (mod_b != NO_TOK_E && doc->entities.v[ent].unnamed && !doc->entities.v[ent].affiliation) {
		if (!(doc->entities.v[ent].affiliation = tok_text(doc, v, mod_a, mod_b))) {
			*rc = QASID_ENOMEM;
			return -1;
		}
	}
	*rc = add_mention(doc, v, first, last, ent, QASID_MENTION_NOMINAL);
	return ent;
}

int ent_led_by(qasid_doc *doc, const quo_view *v, int32_t ent, uint32_t a, uint32_t b)
{
	static const char *const led[] = {"led", "headed", "run", NULL};
	qasid_entity *e;

	if (ent < 0 || a + 2 > b || !qv_in(v, a, led) || !qv_is(v, a + 1, "by"))
		return QASID_OK;
	e = &doc->entities.v[ent];
	if (!e->unnamed || e->affiliation)
		return QASID_OK;
	for (uint32_t k = a + 2; k <= b && k < a + 6; k++)
		if (v->t[k].ner >= 0) {
			const qasid_mention *m = &doc->mentions.v[v->t[k].ner];
			uint32_t end = m->first_token + m->n_tokens - 1;

			while (end < b && (v->t[end + 1].ner >= 0 || v->t[end + 1].cap ||
			                   qv_is(v, end + 1, "-") ||
			                   (end + 2 <= b && qv_is(v, end + 2, "-") && touching(doc, end + 1))))
				end++; /* "Abu Musab" "al-Zarqawi" tagged as two */
			e->affiliation = tok_text(doc, v, k, end < b ? end : b);
			return e->affiliation ? QASID_OK : QASID_ENOMEM;
		}
	return QASID_OK;
}

static int cmp_mention(const void *a, const void *b)
{
	const qasid_entity_mention *p = a, *q = b;

	if (p->span.start != q->span.start)
		return p->span.start < q->span.start ? -1 : 1;
	return (p->span.end > q->span.end) - (p->span.end < q->span.end);
}

int ent_finish(qasid_doc *doc)
{
	size_t i, at = 0;
	int rc;

	if (doc->ementions.n > 1)
		qsort(doc->ementions.v, doc->ementions.n, sizeof *doc->ementions.v, cmp_mention);
	if ((rc = VEC_RESERVE(&doc->emap, doc->ementions.n + 1)))
		return rc;
	doc->emap.n = doc->ementions.n;
	for (i = 0; i < doc->entities.n; i++) {
		doc->entities.v[i].mentions = doc->emap.v + at;
		at += doc->entities.v[i].n_mentions;
		doc->entities.v[i].n_mentions = 0;
	}
	for (i = 0; i < doc->ementions.n; i++) {
		qasid_entity *e = &doc->entities.v[doc->ementions.v[i].entity];

		((uint32_t *)e->mentions)[e->n_mentions++] = (uint32_t)i;
	}
	return QASID_OK;
}

size_t qasid_doc_n_entities(const qasid_doc *doc)
{
	return doc->entities.n;
}

const qasid_entity *qasid_doc_entities(const qasid_doc *doc)
{
	return doc->entities.v;
}

size_t qasid_doc_n_entity_mentions(const qasid_doc *doc)
{
	return doc->ementions.n;
}

const qasid_entity_mention *qasid_doc_entity_mentions(const qasid_doc *doc)
{
	return doc->ementions.v;
}
