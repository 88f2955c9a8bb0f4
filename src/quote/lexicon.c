/* SPDX-License-Identifier: MIT */
/*
 * Word lists of the quote and entity stages: speech and belief verbs with
 * their inflections, pronouns, titles, words for unnamed sources and
 * groups. The verb table lists lemmas; the -s, -ed and -ing forms are made
 * by rule, with irregular ones written out ("say said saying"). The sorted
 * table is built once, on first use, and then only read.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"

#define S QL_SPEECH
#define B QL_BELIEF
#define A QL_ADDR

/* lemma [past [ing [3sg]]], flags */
static const struct {
	const char *forms;
	unsigned bits;
} verbs[] = {
	{"say said saying says", S}, {"tell told telling", S | A}, {"add", S},
	{"note", S}, {"warn", S | A}, {"vow", S}, {"insist", S}, {"emphasize", S},
	{"emphasise", S}, {"stress", S}, {"claim", S | QL_NOUN_OK}, {"argue", S},
	{"explain", S}, {"declare", S}, {"announce", S}, {"state", S}, {"write wrote writing", S},
	{"tweet tweeted tweeting", S}, {"post", S}, {"report", S}, {"reply replied", S},
	{"respond", S}, {"answer", S}, {"ask", S | A}, {"assert", S}, {"allege", S},
	{"admit admitted admitting", S}, {"acknowledge", S}, {"concede", S}, {"confirm", S},
	{"deny denied", S}, {"promise", S | A}, {"pledge", S}, {"predict", S}, {"suggest", S},
	{"mention", S}, {"recall", S}, {"remark", S}, {"comment", S}, {"observe", S},
	{"point pointed pointing", S}, {"contend", S}, {"maintain", S}, {"reiterate", S},
	{"repeat", S}, {"continue", S | QL_WEAK}, {"conclude", S}, {"complain", S}, {"lament", S},
	{"joke", S}, {"quip quipped quipping", S}, {"boast", S}, {"brag bragged bragging", S},
	{"assure", S | A}, {"remind", S | A}, {"inform", S | A}, {"urge", S | A},
	{"caution", S | A}, {"advise", S | A}, {"threaten", S}, {"demand", S}, {"charge", S},
	{"accuse", S}, {"counter", S}, {"retort", S}, {"scoff", S}, {"shout", S}, {"yell", S},
	{"write", S}, {"testify testified", S}, {"disclose", S}, {"reveal", S}, {"indicate", S},
	{"signal signaled signaling", S}, {"estimate", S}, {"speculate", S}, {"agree agreed agreeing", S},
	{"disagree disagreed disagreeing", S}, {"echo echoed echoing echoes", S}, {"describe", S},
	{"recount", S}, {"propose", S}, {"hint", S}, {"muse", S}, {"chant", S}, {"cry cried", S},
	{"conclude", S}, {"proclaim", S}, {"publish", S}, {"wonder", S}, {"question", S},
	{"think thought", B}, {"believe", B}, {"know knew knowing knows", B}, {"feel felt", B},
	{"hope", B}, {"fear", B}, {"expect", B}, {"doubt", B}, {"worry worried", B},
	{"find found", B}, {"show showed showing shows", B}, {"suspect", B}, {"understand understood", B},
	{"realize", B}, {"assume", B}, {"recognize", B}, {"guess", B}, {"imagine", B},
	{"predict", B}, {"want", B}, {"plan planned planning", B}, {"prefer preferred preferring", B},
	{"decide", B}, {"conclude", B}, {"learn", B}, {"determine", B}, {"reckon", B},
	{"call", S}, {"pose", S | QL_WEAK}, {"seek sought", S},
};

#undef S
#undef B
#undef A

typedef struct lex_ent {
	char w[QV_LOW];
	unsigned bits;
} lex_ent;

static lex_ent *table;
static size_t n_table;
static lex_ent *wtable; /* words[], sorted, each word once */
static size_t n_wtable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct {
	const char *w;
	unsigned bits;
} words[] = {
	{"he", QW_PRON_PER}, {"she", QW_PRON_PER}, {"him", QW_PRON_PER}, {"her", QW_PRON_PER},
	{"they", QW_PRON_PL}, {"them", QW_PRON_PL}, {"we", QW_PRON_PL}, {"i", QW_PRON_PER},
	{"it", QW_PRON_IT},
	{"who", QW_REL}, {"which", QW_REL},
	{"what", QW_WH}, {"how", QW_WH}, {"whether", QW_WH}, {"why", QW_WH}, {"when", QW_WH},
	{"where", QW_WH}, {"if", QW_WH},
	{"has", QW_AUXADV}, {"have", QW_AUXADV}, {"had", QW_AUXADV}, {"also", QW_AUXADV},
	{"later", QW_AUXADV}, {"reportedly", QW_AUXADV}, {"repeatedly", QW_AUXADV},
	{"previously", QW_AUXADV}, {"once", QW_AUXADV}, {"recently", QW_AUXADV},
	{"then", QW_AUXADV}, {"again", QW_AUXADV}, {"would", QW_AUXADV}, {"will", QW_AUXADV},
	{"did", QW_AUXADV}, {"does", QW_AUXADV}, {"do", QW_AUXADV}, {"often", QW_AUXADV},
	{"publicly", QW_AUXADV}, {"privately", QW_AUXADV}, {"flatly", QW_AUXADV},
	{"even", QW_AUXADV}, {"just", QW_AUXADV}, {"first", QW_AUXADV}, {"initially", QW_AUXADV},
	{"frequently", QW_AUXADV}, {"explicitly", QW_AUXADV}, {"openly", QW_AUXADV},
	{"may", QW_AUXADV}, {"might", QW_AUXADV}, {"could", QW_AUXADV}, {"still", QW_AUXADV},
	{"president", QW_TITLE}, {"minister", QW_TITLE}, {"secretary", QW_TITLE},
	{"spokesman", QW_TITLE | QW_SOURCE}, {"spokeswoman", QW_TITLE | QW_SOURCE},
	{"spokesperson", QW_TITLE | QW_SOURCE}, {"senator", QW_TITLE}, {"sen.", QW_TITLE},
	{"rep.", QW_TITLE}, {"gov.", QW_TITLE}, {"governor", QW_TITLE}, {"mayor", QW_TITLE},
	{"chairman", QW_TITLE}, {"chairwoman", QW_TITLE}, {"director", QW_TITLE},
	{"chief", QW_TITLE}, {"leader", QW_TITLE}, {"head", QW_TITLE}, {"general", QW_TITLE},
	{"gen.", QW_TITLE}, {"brig.-gen.", QW_TITLE}, {"col.", QW_TITLE}, {"lt.", QW_TITLE},
	{"ambassador", QW_TITLE}, {"judge", QW_TITLE}, {"justice", QW_TITLE},
	{"commander", QW_TITLE}, {"prime", QW_TITLE}, {"vice", QW_TITLE}, {"candidate", QW_TITLE},
	{"nominee", QW_TITLE}, {"pollster", QW_TITLE | QW_SOURCE}, {"strategist", QW_TITLE | QW_SOURCE},
	{"adviser", QW_TITLE | QW_SOURCE}, {"advisor", QW_TITLE | QW_SOURCE},
	{"aide", QW_TITLE | QW_SOURCE}, {"manager", QW_TITLE}, {"analyst", QW_TITLE | QW_SOURCE},
	{"professor", QW_TITLE}, {"host", QW_TITLE}, {"dr.", QW_TITLE}, {"king", QW_TITLE},
	{"queen", QW_TITLE}, {"prince", QW_TITLE}, {"sheikh", QW_TITLE}, {"ceo", QW_TITLE},
	{"founder", QW_TITLE}, {"speaker", QW_TITLE}, {"attorney", QW_TITLE},
	{"official", QW_SOURCE}, {"officials", QW_SOURCE}, {"source", QW_SOURCE},
	{"sources", QW_SOURCE}, {"expert", QW_SOURCE}, {"experts", QW_SOURCE},
	{"analysts", QW_SOURCE}, {"witness", QW_SOURCE}, {"witnesses", QW_SOURCE},
	{"residents", QW_SOURCE}, {"observers", QW_SOURCE}, {"critics", QW_SOURCE},
	{"aides", QW_SOURCE}, {"advisers", QW_SOURCE}, {"supporters", QW_SOURCE},
	{"officer", QW_SOURCE}, {"diplomat", QW_SOURCE}, {"diplomats", QW_SOURCE},
	{"officers", QW_SOURCE}, {"ministers", QW_SOURCE}, {"leaders", QW_SOURCE},
	{"spokesmen", QW_SOURCE}, {"commanders", QW_SOURCE}, {"lawmakers", QW_SOURCE},
	{"legislators", QW_SOURCE}, {"economists", QW_SOURCE}, {"executives", QW_SOURCE},
	{"investigators", QW_SOURCE}, {"prosecutors", QW_SOURCE}, {"activists", QW_SOURCE},
	{"chiefs", QW_SOURCE}, {"opponents", QW_SOURCE}, {"authorities", QW_GROUP},
	{"rebels", QW_GROUP}, {"militants", QW_GROUP}, {"insurgents", QW_GROUP},
	{"fighters", QW_GROUP}, {"guerrillas", QW_GROUP}, {"separatists", QW_GROUP},
	{"troops", QW_GROUP}, {"soldiers", QW_GROUP}, {"forces", QW_GROUP}, {"gunmen", QW_GROUP},
	{"kidnappers", QW_GROUP}, {"protesters", QW_GROUP}, {"demonstrators", QW_GROUP},
	{"envoy", QW_TITLE}, {"negotiator", QW_TITLE}, {"mediator", QW_TITLE},
	{"commissioner", QW_TITLE},
	/* titles our corpora mostly capitalise, so role_noun (view.c) misses them */
	{"premier", QW_TITLE}, {"pope", QW_TITLE}, {"emir", QW_TITLE}, {"sultan", QW_TITLE},
	{"ayatollah", QW_TITLE}, {"cardinal", QW_TITLE}, {"archbishop", QW_TITLE},
	{"bishop", QW_TITLE}, {"rabbi", QW_TITLE}, {"imam", QW_TITLE}, {"mullah", QW_TITLE},
	{"taoiseach", QW_TITLE}, {"reverend", QW_TITLE}, {"rev.", QW_TITLE}, {"rev", QW_TITLE},
	{"mp", QW_TITLE}, {"mep", QW_TITLE}, {"mps", QW_SOURCE},
	{"meps", QW_SOURCE},
	/* words that tell a person's sex ("chairman" does not: women chair too) */
	{"mr", QW_MALE}, {"mr.", QW_MALE}, {"sir", QW_MALE}, {"lord", QW_MALE}, {"king", QW_MALE},
	{"prince", QW_MALE}, {"duke", QW_MALE}, {"sheikh", QW_MALE}, {"spokesman", QW_MALE},
	{"businessman", QW_MALE}, {"actor", QW_MALE}, {"mrs", QW_FEMALE}, {"mrs.", QW_FEMALE},
	{"ms", QW_FEMALE}, {"ms.", QW_FEMALE}, {"miss", QW_FEMALE}, {"dame", QW_FEMALE},
	{"lady", QW_FEMALE}, {"queen", QW_FEMALE}, {"princess", QW_FEMALE}, {"duchess", QW_FEMALE},
	{"spokeswoman", QW_FEMALE}, {"chairwoman", QW_FEMALE}, {"congresswoman", QW_FEMALE},
	{"businesswoman", QW_FEMALE}, {"actress", QW_FEMALE}, {"father", QW_MALE_KIN},
	{"son", QW_MALE_KIN}, {"brother", QW_MALE_KIN}, {"husband", QW_MALE_KIN},
	{"uncle", QW_MALE_KIN}, {"nephew", QW_MALE_KIN}, {"widower", QW_MALE_KIN},
	{"mother", QW_FEMALE_KIN}, {"daughter", QW_FEMALE_KIN}, {"sister", QW_FEMALE_KIN},
	{"wife", QW_FEMALE_KIN}, {"aunt", QW_FEMALE_KIN}, {"niece", QW_FEMALE_KIN},
	{"widow", QW_FEMALE_KIN},
	/* roles WordNet files elsewhere or lacks: "Franz Ferdinand frontman Alex Kapranos", "Second seed" */
	{"frontman", QW_TITLE}, {"frontwoman", QW_TITLE}, {"co-chairman", QW_TITLE},
	{"co-founder", QW_TITLE}, {"seed", QW_TITLE}, {"prop", QW_TITLE}, {"fly-half", QW_TITLE},
	{"scrum-half", QW_TITLE}, {"half", QW_TITLE}, {"centre", QW_TITLE},
	{"nephew", QW_KIN}, {"niece", QW_KIN}, {"son", QW_KIN}, {"daughter", QW_KIN},
	{"wife", QW_KIN}, {"husband", QW_KIN}, {"brother", QW_KIN}, {"sister", QW_KIN},
	{"father", QW_KIN}, {"mother", QW_KIN}, {"widow", QW_KIN}, {"cousin", QW_KIN},
	{"uncle", QW_KIN}, {"aunt", QW_KIN}, {"family", QW_KIN}, {"relatives", QW_KIN},
	{"parents", QW_KIN}, {"children", QW_KIN}, {"friend", QW_KIN}, {"friends", QW_KIN},
	{"lawyer", QW_KIN}, {"lawyers", QW_KIN}, {"attorneys", QW_KIN}, {"doctor", QW_KIN},
	{"doctors", QW_KIN}, {"spouse", QW_KIN}, {"biographer", QW_KIN},
	{"campaign", QW_GROUP}, {"government", QW_GROUP}, {"party", QW_GROUP},
	{"ministry", QW_GROUP}, {"department", QW_GROUP}, {"committee", QW_GROUP},
	{"poll", QW_GROUP}, {"polls", QW_GROUP}, {"survey", QW_GROUP}, {"study", QW_GROUP},
	{"report", QW_GROUP}, {"statement", QW_GROUP}, {"group", QW_GROUP}, {"army", QW_GROUP},
	{"military", QW_GROUP}, {"police", QW_GROUP}, {"agency", QW_GROUP},
	{"court", QW_GROUP}, {"tribunal", QW_GROUP}, {"council", QW_GROUP},
	{"commission", QW_GROUP}, {"parliament", QW_GROUP},
	{"cabinet", QW_GROUP}, {"administration", QW_GROUP}, {"regime", QW_GROUP},
	{"delegation", QW_GROUP}, {"navy", QW_GROUP}, {"coalition", QW_GROUP},
	{"newspaper", QW_GROUP}, {"media", QW_GROUP}, {"panel", QW_GROUP}, {"board", QW_GROUP},
	{"jury", QW_GROUP},
};

static void add(const char *w, unsigned bits)
{
	size_t n = strlen(w);

	if (n == 0 || n >= QV_LOW)
		return;
	memcpy(table[n_table].w, w, n + 1);
	table[n_table++].bits = bits;
}

static int is_vowel(char c)
{
	return strchr("aeiou", c) != NULL;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const lex_ent *)a)->w, ((const lex_ent *)b)->w);
}

/* Sorts t and merges duplicates (a word listed twice keeps the union of its
 * bits); returns the new count. */
static size_t sort_dedup(lex_ent *t, size_t n)
{
	size_t i, k = 0;

	qsort(t, n, sizeof *t, cmp);
	for (i = 0; i < n; i++) {
		if (k && !strcmp(t[k - 1].w, t[i].w))
			t[k - 1].bits |= t[i].bits;
		else
			t[k++] = t[i];
	}
	return k;
}

/* dst = the first n bytes of stem, then suf (dropped when it would not fit). */
static void suffix(char *dst, const char *stem, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	if (n + m >= QV_LOW) {
		dst[0] = '\0';
		return;
	}
	memcpy(dst, stem, n);
	memcpy(dst + n, suf, m + 1);
}

static void build(void)
{
	size_t i, cap = sizeof verbs / sizeof verbs[0] * 4 + quo_n_learned_cues;

	table = malloc(cap * sizeof *table); /* process lifetime, not per document */
	if (!table)
		return;
	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		char f[4][QV_LOW] = {{0}};
		const char *p = verbs[i].forms;
		unsigned b = verbs[i].bits;
		int k = 0;
		size_t n;

		while (*p && k < 4) {
			size_t m = strcspn(p, " ");

			if (m < QV_LOW - 4)
				memcpy(f[k++], p, m);
			p += m + (p[m] == ' ');
		}
		n = strlen(f[0]);
		if (!n)
			continue;
		if (!f[1][0]) { /* past: e+d, consonant y -> ied, else ed */
			if (f[0][n - 1] == 'e')
				suffix(f[1], f[0], n, "d");
			else if (f[0][n - 1] == 'y' && n > 1 && !is_vowel(f[0][n - 2]))
				suffix(f[1], f[0], n - 1, "ied");
			else
				suffix(f[1], f[0], n, "ed");
		}
		if (!f[2][0]) { /* -ing: drop a silent e */
			if (f[0][n - 1] == 'e' && n > 2 && f[0][n - 2] != 'e')
				suffix(f[2], f[0], n - 1, "ing");
			else
				suffix(f[2], f[0], n, "ing");
		}
		if (!f[3][0]) { /* -s */
			char c = f[0][n - 1];

			if (c == 's' || c == 'x' || c == 'z' || (n > 1 && f[0][n - 2] == 'c' && c == 'h') ||
			    (n > 1 && f[0][n - 2] == 's' && c == 'h'))
				suffix(f[3], f[0], n, "es");
			else if (c == 'y' && n > 1 && !is_vowel(f[0][n - 2]))
				suffix(f[3], f[0], n - 1, "ies");
			else
				suffix(f[3], f[0], n, "s");
		}
		add(f[0], b | QL_PRES);
		add(f[1], b | QL_PART);
		add(f[2], b | QL_ING);
		add(f[3], b | QL_PRES);
	}
	for (i = 0; i < quo_n_learned_cues; i++) { /* learned words add to the list */
		const char *w = quo_learned_cues[i].w;
		size_t n = strlen(w);
		unsigned b = QL_SPEECH | QL_LEARNED;

		if (quo_learned_cues[i].rate < QUO_LEARNED_MIN || !strcmp(w, "according"))
			continue;
		if (n > 3 && !strcmp(w + n - 3, "ing"))
			b |= QL_ING;
		else if (n > 2 && !strcmp(w + n - 2, "ed"))
			b |= QL_PART;
		else
			b |= QL_PRES;
		add(w, b);
	}
	n_table = sort_dedup(table, n_table);
	wtable = malloc(sizeof words / sizeof words[0] * sizeof *wtable);
	if (!wtable)
		return;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i].w);

		if (n == 0 || n >= QV_LOW)
			continue;
		memcpy(wtable[n_wtable].w, words[i].w, n + 1);
		wtable[n_wtable++].bits = words[i].bits;
	}
	n_wtable = sort_dedup(wtable, n_wtable);
}

static unsigned find(const lex_ent *t, size_t n, const char *w)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t[mid].w, w);

		if (!c)
			return t[mid].bits;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

unsigned quo_cue_bits(const char *low)
{
	pthread_once(&once, build);
	return table ? find(table, n_table, low) : 0;
}

unsigned quo_word_bits(const char *low)
{
	size_t i;
	unsigned b = 0;

	pthread_once(&once, build);
	if (wtable)
		return find(wtable, n_wtable, low);
	for (i = 0; i < sizeof words / sizeof words[0]; i++) /* no memory for the table */
		if (words[i].w[0] == low[0] && !strcmp(words[i].w, low))
			b |= words[i].bits;
	return b;
}
