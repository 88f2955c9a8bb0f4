/* SPDX-License-Identifier: MIT */
/*
 * A readable summary of a document: metadata, counts, the quotes under
 * their speakers (with role and affiliation), the events as one line each
 * (who did what to whom, with the words behind each actor), one sentence
 * per line.
 */
#include <stdio.h>
#include <string.h>

#include "../doc/doc.h"

/* Appends a span of the cleaned text on one line. */
static int put_span(buf *b, const qasid_doc *doc, qasid_span s)
{
	int rc = QASID_OK;
	uint32_t k;

	for (k = s.start; k < s.end && rc == QASID_OK; k++)
		rc = buf_putc(b, doc->text.data[k] == '\n' ? ' ' : doc->text.data[k]);
	return rc;
}

static int put_quote(buf *b, const qasid_doc *doc, const qasid_quote *q)
{
	static const char *kinds[] = {"", "direct", "indirect", "mixed"};
	int rc = buf_printf(b, "  %-8s ", kinds[q->kind <= 3 ? q->kind : 0]);
	uint32_t k;

	for (k = 0; k < q->n_parts; k++) {
		if (k)
			rc |= buf_append(b, " ... ", 5);
		rc |= put_span(b, doc, q->content[k]);
	}
	if (q->cue.end > q->cue.start) {
		rc |= buf_append(b, "  (", 3);
		rc |= put_span(b, doc, q->cue);
		if (q->addressee_span.end > q->addressee_span.start) {
			rc |= buf_append(b, " -> ", 4);
			rc |= put_span(b, doc, q->addressee_span);
		}
		rc |= buf_putc(b, ')');
	}
	return rc | buf_putc(b, '\n');
}

/* Each speaker with role, then the quotes; quotes without a speaker last. */
static int put_quotes(buf *b, const qasid_doc *doc)
{
	size_t e, i;
	int rc = QASID_OK;

	if (!doc->quotes.n)
		return rc;
	rc |= buf_printf(b, "\n%zu quotes\n", doc->quotes.n);
	for (e = 0; e <= doc->entities.n && rc == QASID_OK; e++) {
		int32_t want = e < doc->entities.n ? (int32_t)e : -1;
		int first = 1;

		for (i = 0; i < doc->quotes.n; i++) {
			const qasid_quote *q = &doc->quotes.v[i];

			if (q->speaker != want)
				continue;
			if (first) {
				if (want >= 0) {
					const qasid_entity *en = &doc->entities.v[want];

					rc |= buf_printf(b, "\n%s", en->name);
					if (en->role || en->affiliation)
						rc |= buf_printf(b, " (%s%s%s)", en->role ? en->role : "",
						                 en->role && en->affiliation ? ", " : "",
						                 en->affiliation ? en->affiliation : "");
					rc |= buf_printf(b, "%s\n", en->unnamed ? " [unnamed]" : "");
				} else {
					rc |= buf_printf(b, "\n(speaker unknown)\n");
				}
				first = 0;
			}
			rc |= put_quote(b, doc, q);
		}
	}
	return rc;
}

/* The sentence number of a cleaned-text offset (1-based). */
static size_t sentence_no(const qasid_doc *doc, uint32_t at)
{
	size_t i;

	for (i = 0; i < doc->sentences.n; i++)
		if (doc->sentences.v[i].span.end > at)
			return i + 1;
	return doc->sentences.n;
}

static int put_actor(buf *b, const qasid_doc *doc, const char *code, qasid_span s)
{
	int rc = buf_printf(b, "%s", code[0] ? code : "?");

	if (s.end > s.start) {
		rc |= buf_append(b, " \"", 2);
		rc |= put_span(b, doc, s);
		rc |= buf_putc(b, '"');
	}
	return rc;
}

/*
 * Events, one line each:
 *   V1 [3] 2023-04-08 PAKMIL "Pakistani" killed (190 ASSAULT) PAKINS "TTP"; asserted; ...
 */
static int put_events(buf *b, const qasid_doc *doc)
{
	size_t i;
	int rc = QASID_OK;

	if (!doc->events.n)
		return rc;
	rc |= buf_printf(b, "\n%zu events\n", doc->events.n);
	for (i = 0; i < doc->events.n && rc == QASID_OK; i++) {
		const qasid_event *e = &doc->events.v[i];
		char d[16];

		qasid_date_format(e->date, d);
		rc |= buf_printf(b, "  V%zu [%zu] %s%s ", i + 1, sentence_no(doc, e->trigger.start), d,
		                 e->precision == QASID_PREC_NONE && e->date != QASID_NO_DATE ? "*" : "");
		rc |= put_actor(b, doc, e->source, e->source_span);
		rc |= buf_putc(b, ' ');
		rc |= put_span(b, doc, e->trigger);
		rc |= buf_printf(b, " (%s %s) ", e->cameo, e->plover ? e->plover : "-");
		rc |= put_actor(b, doc, e->target, e->target_span);
		rc |= buf_printf(b, "; %s%s", qasid_mode_name(e->mode), e->background ? ", background" : "");
		if (e->has_place && e->place.country[0])
			rc |= buf_printf(b, "; in %s (%s)", e->place.name, e->place.country);
		else if (e->has_place)
			rc |= buf_printf(b, "; in %s", e->place.name);
		for (uint32_t k = 0; k < e->n_casualties; k++) {
			const qasid_casualty *c = &e->casualties[k];

			rc |= buf_printf(b, "; %s %ld%s%s", c->kind == QASID_KILLED ? "killed" : "injured",
			                 c->best, c->side[0] ? " " : "", c->side);
		}
		if (e->quote >= 0) {
			rc |= buf_printf(b, "; reported");
			if (e->claimant >= 0 && (size_t)e->claimant < doc->entities.n)
				rc |= buf_printf(b, " by %s", doc->entities.v[e->claimant].name);
		}
		rc |= buf_putc(b, '\n');
	}
	return rc;
}

int qasid_doc_write_text(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud)
{
	buf b = {0};
	size_t i, k;
	int rc = QASID_OK;

	for (i = 0; i < QASID_N_FIELDS; i++)
		if (doc->field[i])
			rc |= buf_printf(&b, "%-8s %s\n", qasid_field_name((qasid_field)i), doc->field[i]);
	rc |= buf_printf(&b, "%zu paragraphs, %zu sentences, %zu tokens\n", doc->paragraphs.n,
	                 doc->sentences.n, doc->tokens.n);
	for (i = 0; i < doc->diags.n; i++) {
		const qasid_diag *d = &doc->diags.v[i];

		rc |= buf_printf(&b, "note: %s (input bytes %u-%u)\n", d->what, (unsigned)d->input.start,
		                 (unsigned)d->input.end);
	}
	rc |= put_quotes(&b, doc);
	rc |= put_events(&b, doc);
	for (i = 0; i < doc->sentences.n && rc == QASID_OK; i++) {
		const qasid_sentence *s = &doc->sentences.v[i];

		rc |= buf_printf(&b, "\n[%zu] ", i + 1);
		if (flags & QASID_JSON_TOKENS) {
			for (k = 0; k < s->n_tokens; k++) {
				const qasid_span *t = &doc->tokens.v[s->first_token + k];

				rc |= buf_append(&b, k ? " | " : "", k ? 3 : 0);
				rc |= buf_append(&b, doc->text.data + t->start, t->end - t->start);
			}
		} else {
			for (k = s->span.start; k < s->span.end; k++)
				rc |= buf_putc(&b, doc->text.data[k] == '\n' ? ' ' : doc->text.data[k]);
		}
		rc |= buf_putc(&b, '\n');
	}
	if (rc)
		rc = QASID_ENOMEM;
	else if (b.len && w(ud, b.data, b.len))
		rc = QASID_EIO;
	buf_fini(&b);
	return rc;
}
