/* SPDX-License-Identifier: MIT */
/*
 * Scraping debris: what is dropped, what is reported (input spans), what
 * must stay, and inputs that could make the pass slow or unsafe.
 */
#include <stdlib.h>

#include "test.h"

/* The input text covered by diagnostic d, in a static buffer. */
static const char *diag_slice(const qasid_doc *doc, const qasid_diag *d)
{
	static char b[4096];
	size_t len, n = d->input.end - d->input.start;
	const char *in = qasid_doc_input(doc, &len);

	if (d->input.end > len || d->input.start > d->input.end)
		return "(bad span)";
	if (n >= sizeof b)
		n = sizeof b - 1;
	memcpy(b, in + d->input.start, n);
	b[n] = '\0';
	return b;
}

static size_t n_debris(const qasid_doc *doc)
{
	const qasid_diag *d = qasid_doc_diags(doc);
	size_t i, k = 0;

	for (i = 0; i < qasid_doc_n_diags(doc); i++)
		k += d[i].kind == QASID_DIAG_DEBRIS;
	return k;
}

/* The index of the sentence whose input text is want, or -1. */
static long find_sentence(const qasid_doc *doc, const char *want)
{
	const qasid_sentence *s = qasid_doc_sentences(doc);
	size_t i;

	for (i = 0; i < qasid_doc_n_sentences(doc); i++)
		if (!strcmp(t_input_slice(doc, s[i].span), want))
			return (long)i;
	return -1;
}

static void append(char **p, size_t *n, const char *s, size_t len)
{
	char *q = realloc(*p, *n + len + 1);

	if (!q)
		abort();
	memcpy(q + *n, s, len);
	*n += len;
	q[*n] = '\0';
	*p = q;
}

/* Golden output: the cleaned text, then each drop as "what: input text". */
static char *debris_of(const char *input)
{
	qasid_doc *doc = t_doc(input);
	const qasid_diag *d;
	const char *text;
	char *out = NULL;
	size_t len, n = 0, i;
	int first = 1;

	if (!doc)
		return NULL;
	text = qasid_doc_text(doc, &len);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	append(&out, &n, text, len);
	d = qasid_doc_diags(doc);
	for (i = 0; i < qasid_doc_n_diags(doc); i++) {
		const char *s;

		if (d[i].kind != QASID_DIAG_DEBRIS)
			continue;
		if (first)
			append(&out, &n, "\n-- dropped", 11);
		first = 0;
		append(&out, &n, "\n", 1);
		append(&out, &n, d[i].what, strlen(d[i].what));
		append(&out, &n, ": ", 2);
		s = diag_slice(doc, &d[i]);
		append(&out, &n, s, strlen(s));
	}
	qasid_doc_free(doc);
	return out;
}

static void golden_cases(void)
{
	CHECK(t_golden("tests/golden/debris/cases.txt", debris_of) > 0);
}

static const char *caption_article =
	"Pakistani soldiers patrol near the Afghan border in North Waziristan.\n"
	"\n"
	"Pakistan\xE2\x80\x99s army said on Saturday that eight militants were killed.\n"
	"\n"
	"Pakistani soldiers patrol near the Afghan border in North Waziristan. "
	"(photo credit: REUTERS/Fayaz Aziz)\n"
	"\n"
	"\xE2\x80\x9CWe will respond,\xE2\x80\x9D a spokesman said.\n";

static void caption_pair_dropped(void)
{
	qasid_doc *doc = t_doc(caption_article);
	const qasid_diag *d;
	const char *text;

	CHECK(doc);
	text = qasid_doc_text(doc, NULL);
	CHECK_STR(text, "Pakistan's army said on Saturday that eight militants were killed.\n\n"
	                "\"We will respond,\" a spokesman said.\n");
	CHECK(qasid_doc_n_diags(doc) == 3);
	d = qasid_doc_diags(doc);
	CHECK(d[0].kind == QASID_DIAG_DEBRIS && d[1].kind == QASID_DIAG_DEBRIS &&
	      d[2].kind == QASID_DIAG_DEBRIS);
	CHECK_STR(d[0].what, "duplicated photo caption");
	CHECK_STR(diag_slice(doc, &d[0]),
	          "Pakistani soldiers patrol near the Afghan border in North Waziristan.");
	CHECK(d[0].input.start == 0);
	CHECK_STR(d[1].what, "duplicated photo caption");
	CHECK_STR(diag_slice(doc, &d[1]),
	          "Pakistani soldiers patrol near the Afghan border in North Waziristan.");
	CHECK(d[1].input.start > d[0].input.end);
	CHECK_STR(d[2].what, "photo credit");
	CHECK_STR(diag_slice(doc, &d[2]), "(photo credit: REUTERS/Fayaz Aziz)");
	/* The body around maps back to the input, curly quotes and all. */
	CHECK(qasid_doc_n_sentences(doc) == 2);
	CHECK(find_sentence(doc, "Pakistan\xE2\x80\x99s army said on Saturday that eight "
	                         "militants were killed.") == 0);
	CHECK(find_sentence(doc, "\xE2\x80\x9CWe will respond,\xE2\x80\x9D a spokesman said.") == 1);
	CHECK(qasid_doc_n_paragraphs(doc) == 2);
	CHECK_STR(t_tok(doc, 0), "Pakistan");
	qasid_doc_free(doc);
}

static void caption_once(void)
{
	qasid_doc *doc;
	const qasid_diag *d;

	/* Without a credit it may be body text: it stays. */
	doc = t_doc("Pakistani soldiers patrol near the Afghan border in North Waziristan.\n\n"
	            "The army said eight militants were killed.");
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	CHECK(qasid_doc_n_sentences(doc) == 2);
	qasid_doc_free(doc);

	/* Ending with a credit parenthesis it is clearly a caption. */
	doc = t_doc("The army said eight militants were killed.\n"
	            "Afghan men wait at the closed Torkham crossing. (AP Photo/Shafiullah Kakar)\n"
	            "Traders said thousands of trucks were stranded.");
	CHECK(doc);
	CHECK_STR(qasid_doc_text(doc, NULL), "The army said eight militants were killed.\n"
	                                     "Traders said thousands of trucks were stranded.");
	CHECK(n_debris(doc) == 2);
	d = qasid_doc_diags(doc);
	CHECK_STR(d[0].what, "photo caption");
	CHECK_STR(diag_slice(doc, &d[0]), "Afghan men wait at the closed Torkham crossing.");
	CHECK_STR(d[1].what, "photo credit");
	CHECK_STR(diag_slice(doc, &d[1]), "(AP Photo/Shafiullah Kakar)");
	CHECK(find_sentence(doc, "Traders said thousands of trucks were stranded.") == 1);
	qasid_doc_free(doc);

	/* A credit mid-line, or a "(Reuters)" dateline, is not a caption's end. */
	doc = t_doc("ISLAMABAD (Reuters) - The photo (Getty Images) went viral, officials said.\n\n"
	            "Officials in Islamabad declined to comment (Reuters)");
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	qasid_doc_free(doc);
}

static void long_line_with_credit_kept(void)
{
	char *text = malloc(4000);
	qasid_doc *doc;
	size_t n = 0;

	CHECK(text);
	while (n < 3000) {
		memcpy(text + n, "The army said the strikes would go on. ", 39);
		n += 39;
	}
	strcpy(text + n, "(Getty Images)");
	doc = t_doc(text);
	free(text);
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	qasid_doc_free(doc);
}

static void quote_once_kept(void)
{
	static const char *in =
		"\xE2\x80\x9CWe will not allow our soil to be used against any country,\xE2\x80\x9D "
		"Asif said.\n\n"
		"\xE2\x80\x9COur patience has limits, and the world should know it.\xE2\x80\x9D\n"
		"Khawaja Muhammad Asif\n\n"
		"He said the army would act.";
	qasid_doc *doc = t_doc(in);

	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	CHECK(qasid_doc_n_sentences(doc) == 4);
	qasid_doc_free(doc);
}

static void pull_quote_dropped(void)
{
	static const char *in =
		"\xE2\x80\x9CWe will not allow our soil to be used against any country,\xE2\x80\x9D "
		"Asif said.\n\n"
		"The border was quiet on Sunday.\n\n"
		"\xE2\x80\x9CWe will not allow our soil to be used against any country\xE2\x80\x9D\n"
		"Khawaja Muhammad Asif\n\n"
		"Officials said talks would resume.";
	qasid_doc *doc = t_doc(in);
	const qasid_diag *d;

	CHECK(doc);
	CHECK_STR(qasid_doc_text(doc, NULL),
	          "\"We will not allow our soil to be used against any country,\" Asif said.\n\n"
	          "The border was quiet on Sunday.\n\n"
	          "Officials said talks would resume.");
	CHECK(n_debris(doc) == 2);
	d = qasid_doc_diags(doc);
	CHECK_STR(d[0].what, "pull-quote");
	CHECK_STR(diag_slice(doc, &d[0]), "\xE2\x80\x9CWe will not allow our soil to be used "
	                                  "against any country\xE2\x80\x9D");
	CHECK_STR(d[1].what, "pull-quote speaker line");
	CHECK_STR(diag_slice(doc, &d[1]), "Khawaja Muhammad Asif");
	CHECK(qasid_doc_n_paragraphs(doc) == 3);
	CHECK(find_sentence(doc, "Officials said talks would resume.") == 2);
	qasid_doc_free(doc);

	/* The pull-quote first, the body later; a name line that names no one near. */
	doc = t_doc("\xE2\x80\x9CThere can be no talks while attacks continue\xE2\x80\x9D\n\n"
	            "Border Trade\n\n"
	            "\xE2\x80\x9CThere can be no talks while attacks continue,\xE2\x80\x9D "
	            "the prime minister said.");
	CHECK(doc);
	CHECK_STR(qasid_doc_text(doc, NULL), "Border Trade\n\n"
	                                     "\"There can be no talks while attacks continue,\" "
	                                     "the prime minister said.");
	CHECK(n_debris(doc) == 1);
	qasid_doc_free(doc);
}

static void boilerplate_lines(void)
{
	static const char *in =
		"Analysts in Kabul said the fighting was the worst since February.\n"
		"Read more: Pakistan, Afghanistan trade fire at Torkham crossing\n"
		"Click here to get the app\n"
		"Follow us on Twitter\n"
		"For more stories from The Media Line go to themedialine.org";
	qasid_doc *doc = t_doc(in);
	const qasid_diag *d;

	CHECK(doc);
	CHECK_STR(qasid_doc_text(doc, NULL),
	          "Analysts in Kabul said the fighting was the worst since February.\n");
	CHECK(n_debris(doc) == 4);
	d = qasid_doc_diags(doc);
	CHECK_STR(d[0].what, "more-stories line");
	CHECK_STR(diag_slice(doc, &d[0]),
	          "Read more: Pakistan, Afghanistan trade fire at Torkham crossing");
	CHECK_STR(d[1].what, "boilerplate line");
	CHECK_STR(diag_slice(doc, &d[1]), "Click here to get the app");
	CHECK_STR(d[2].what, "boilerplate line");
	CHECK_STR(d[3].what, "more-stories line");
	CHECK_STR(diag_slice(doc, &d[3]),
	          "For more stories from The Media Line go to themedialine.org");
	qasid_doc_free(doc);

	/* Only whole lines: in a sentence, or a longer body line, they stay. */
	doc = t_doc("He told followers to click here and there.\n"
	            "Read more carefully, the judge told the court.\n"
	            "Readmore is the name of the firm.\n"
	            "For more than a decade, the crossing has been a flashpoint.\n"
	            "Advertisement revenue fell, the company said.");
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	qasid_doc_free(doc);
}

static void empty_and_blank(void)
{
	static const char *const ins[] = {"", "\n", "\n\n\n", "   \n\t\n", "x", "\"\"", "(", ")",
	                                   "(Getty Images)", "Photo:", "\"a\"\nB"};
	size_t i;

	for (i = 0; i < sizeof ins / sizeof ins[0]; i++) {
		qasid_doc *doc = t_doc(ins[i]);

		CHECK_MSG(doc, "input %zu", i);
		qasid_doc_free(doc);
	}
}

/* count copies of line (with its newline) in a malloc'd string. */
static char *repeat(const char *line, size_t count, size_t *len)
{
	size_t n = strlen(line), i;
	char *p = malloc(n * count + 1);

	if (!p)
		return NULL;
	for (i = 0; i < count; i++)
		memcpy(p + i * n, line, n);
	p[n * count] = '\0';
	*len = n * count;
	return p;
}

static void million_identical_lines(void)
{
	size_t len;
	char *in;
	qasid_doc *doc;

	/* Short and creditless: hashed into one group, all kept. */
	in = repeat("Torkham clash!\n", 1000000, &len);
	CHECK(in);
	doc = t_doc(in);
	free(in);
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	CHECK(qasid_doc_n_paragraphs(doc) == 1);
	qasid_doc_free(doc);

	/* A caption with its credit, a million times: all dropped, diagnostics capped. */
	in = repeat("Troops at Torkham (AP Photo)\n", 1000000, &len);
	CHECK(in);
	doc = t_doc(in);
	free(in);
	CHECK(doc);
	CHECK(qasid_doc_n_diags(doc) == 101);
	CHECK(qasid_doc_diags(doc)[100].kind == QASID_DIAG_TRUNCATED);
	CHECK_STR(qasid_doc_text(doc, NULL), "");
	CHECK(qasid_doc_n_sentences(doc) == 0);
	qasid_doc_free(doc);

	/* A long line many times is a template, not a scraped copy: kept. */
	in = repeat("The crossing was closed after an exchange of fire.\n", 100000, &len);
	CHECK(in);
	doc = t_doc(in);
	free(in);
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	CHECK(qasid_doc_text(doc, NULL)[len - 1] == '\n');
	qasid_doc_free(doc);
}

static void many_quote_lines(void)
{
	size_t n = 200000, i, len = 0;
	char *in = malloc(n * 64);
	qasid_doc *doc;

	/* Each line could be a pull-quote: the searches are bounded by a budget. */
	CHECK(in);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(in + len, "\"one two three four five six %zu\"\n", i);
	doc = t_doc(in);
	free(in);
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	qasid_doc_free(doc);
}

static void one_huge_line(void)
{
	size_t n = 8u << 20, i;
	char *in = malloc(n + 1);
	qasid_doc *doc;

	CHECK(in);
	in[0] = '"';
	for (i = 1; i < n; i++)
		in[i] = i % 7 == 0 ? ' ' : 'a';
	in[n - 1] = '"';
	in[n] = '\0';
	doc = t_doc(in);
	free(in);
	CHECK(doc);
	CHECK(n_debris(doc) == 0);
	qasid_doc_free(doc);
}

static long fail_at, n_calls, n_live;

/* Fails allocation number fail_at; counts live blocks. */
static void *failing_alloc(void *ud, void *ptr, size_t size)
{
	void *p;

	(void)ud;
	if (size == 0) {
		n_live -= ptr != NULL;
		free(ptr);
		return NULL;
	}
	if (++n_calls == fail_at)
		return NULL;
	p = realloc(ptr, size);
	n_live += p && !ptr;
	return p;
}

static void allocation_failures(void)
{
	char *in = t_read_file("tests/golden/debris/cases.txt", NULL);
	long n;
	int rc = QASID_ENOMEM;

	CHECK(in);
	qasid_set_allocator(failing_alloc, NULL);
	for (n = 1; n < 10000 && rc != QASID_OK; n++) {
		qasid_doc *doc = NULL;

		fail_at = n;
		n_calls = n_live = 0;
		rc = qasid_doc_new(&doc);
		if (rc == QASID_OK)
			rc = qasid_doc_set_text(doc, in, strlen(in));
		if (rc == QASID_OK)
			rc = qasid_process(doc, NULL, NULL);
		if (rc == QASID_OK && n_debris(doc) < 10)
			rc = QASID_EINVAL;
		qasid_doc_free(doc);
		if ((rc != QASID_OK && rc != QASID_ENOMEM) || n_live != 0)
			break;
	}
	qasid_set_allocator(NULL, NULL);
	free(in);
	CHECK_MSG(rc == QASID_OK, "allocation %ld failed: rc %d", n - 1, rc);
	CHECK_MSG(n_live == 0, "allocation %ld failed: %ld blocks leaked", n - 1, n_live);
}

const t_case t_debris_cases[] = {
	{"golden_cases", golden_cases},
	{"caption_pair_dropped", caption_pair_dropped},
	{"caption_once", caption_once},
	{"long_line_with_credit_kept", long_line_with_credit_kept},
	{"quote_once_kept", quote_once_kept},
	{"pull_quote_dropped", pull_quote_dropped},
	{"boilerplate_lines", boilerplate_lines},
	{"empty_and_blank", empty_and_blank},
	{"million_identical_lines", million_identical_lines},
	{"many_quote_lines", many_quote_lines},
	{"one_huge_line", one_huge_line},
	{"allocation_failures", allocation_failures},
	{NULL, NULL}};
