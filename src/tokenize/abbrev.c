/* SPDX-License-Identifier: MIT */
/*
 * Word lists for the tokenizer and the sentence splitter. Lookups ignore
 * case unless a list says otherwise. Each list is sorted case-insensitively
 * (checked by a test) and searched with bsearch.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tokenize.h"

typedef struct key {
	const char *s;
	size_t n;
} key;

static int cmp_ci(const void *a, const void *b)
{
	const key *k = a;
	const char *w = *(const char *const *)b;
	size_t wn = strlen(w);
	int c = strncasecmp(k->s, w, k->n < wn ? k->n : wn);

	if (c)
		return c;
	return k->n < wn ? -1 : k->n > wn;
}

/*
 * Found in list, ignoring case, except that an entry written with a capital
 * ("Ill", "Mass") matches only a capitalised word: "ill." ends a sentence.
 */
static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	key k = {s, len};
	const char *const *hit = bsearch(&k, list, n, sizeof *list, cmp_ci);

	if (!hit)
		return 0;
	return !((*hit)[0] >= 'A' && (*hit)[0] <= 'Z') || (s[0] >= 'A' && s[0] <= 'Z');
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Titles: followed by a name, so their period never ends a sentence. */
static const char *const titles[] = {
	"Adm", "Atty", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Dr", "Fr", "Gen", "Gov",
	"Hon", "Insp", "Lieut", "Lt", "Maj", "Messrs", "Mme", "Mr", "Mrs", "Ms", "Msgr",
	"Pres", "Prof", "Pte", "Pvt", "Rep", "Rev", "Sen", "Sgt", "Sr", "Supt"};

/* Other abbreviations that keep their period (a sentence may end after them). */
static const char *const abbrevs[] = {
	"Adm", "al", "Ala", "approx", "Apr", "Ariz", "Ark", "Assn", "Atty", "Aug", "Ave",
	"Bhd", "Blvd", "Bros", "Calif", "cf", "Cie", "Cmdr", "Co", "Colo", "Conn", "Corp",
	"cu", "Dec", "Del", "Dept", "Dist", "Dr", "ed", "eds", "Esq", "est", "etc", "Feb",
	"Fig", "Fla", "ft", "Ga", "gal", "Hon", "Hwy", "i.e", "Ill", "Inc", "Ind", "Jan",
	"Jr", "Jul", "Jun", "Kan", "Ky", "La", "lb", "lbs", "Ln", "Ltd", "Mar", "Mass", "Md",
	"Messrs", "Mich", "Minn", "Miss", "mln", "Mo", "Mont", "Mt", "Neb", "Nev", "Nov", "Oct", "Okla", "Ont", "Ore", "oz", "Pa", "pp", "Prop", "Pty", "Rd",
	"Rs", "Sep", "Sept", "Sr", "St", "Ste", "Tenn", "Tex", "Va", "viz", "vol", "vols",
	"vs", "Vt", "Wash", "Wis", "Wyo", "yr", "yrs"};

/* Prefixes that stay joined across a hyphen, as EWT keeps them. */
static const char *const prefixes[] = {
	"anti", "bi", "co", "counter", "cyber", "de", "e", "ex", "extra", "hyper", "inter",
	"intra", "macro", "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non",
	"over", "pan", "para", "post", "pre", "pro", "pseudo", "re", "semi", "socio", "sub",
	"super", "trans", "tri", "ultra"};

static const char *const starters[] = {
	"A", "After", "All", "Also", "An", "And", "Another", "As", "At", "But", "By",
	"During", "Each", "For", "From", "He", "Her", "Here", "His", "However", "I", "If",
	"In", "It", "Its", "Many", "Meanwhile", "Most", "My", "No", "Now", "On", "One", "Our",
	"She", "Since", "So", "Some", "Such", "That", "The", "Their", "Then", "There",
	"These", "They", "This", "Those", "Thus", "To", "Two", "We", "What", "When", "Where",
	"While", "Who", "With", "Yet", "You", "Your"};

int tok_is_title_abbrev(const char *s, size_t n)
{
	return in_list(titles, N(titles), s, n);
}

int tok_is_abbrev(const char *s, size_t n)
{
	return in_list(titles, N(titles), s, n) || in_list(abbrevs, N(abbrevs), s, n);
}

int tok_is_hyphen_prefix(const char *s, size_t n)
{
	return in_list(prefixes, N(prefixes), s, n);
}

int tok_is_starter(const char *s, size_t n)
{
	/* Case matters here: a capital is the signal. */
	return n > 0 && s[0] >= 'A' && s[0] <= 'Z' && in_list(starters, N(starters), s, n);
}

/* For the tests: each list is sorted as bsearch needs. */
QASID_INTERNAL int tok_lists_sorted(void);
int tok_lists_sorted(void)
{
	const char *const *lists[] = {titles, abbrevs, prefixes, starters};
	size_t sizes[] = {N(titles), N(abbrevs), N(prefixes), N(starters)}, l, i;

	for (l = 0; l < N(lists); l++)
		for (i = 1; i < sizes[l]; i++)
			if (strcasecmp(lists[l][i - 1], lists[l][i]) >= 0)
				return 0;
	return 1;
}
