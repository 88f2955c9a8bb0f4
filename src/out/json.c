/* SPDX-License-Identifier: MIT */
/*
 * The JSON form of a document. Spans are written as Unicode code point
 * offsets into the input text, end exclusive. Field names are stable:
 *   id, title, date, source, url   metadata (null when unknown)
 *   text                           the input text (after UTF-8 repair)
 *   paragraphs, sentences, tokens  lists of {"start", "end"}; a token whose
 *                                  cleaned form differs from its input slice
 *                                  also has "norm" (e.g. "'s" for "’s")
 *                                  and, when a POS model ran, "pos" (UPOS)
 *                                  and "xpos" (Penn Treebank), and when a
 *                                  parser ran, "head" (index of the head
 *                                  token in "tokens", -1 for a root) and
 *                                  "deprel" (UD relation)
 *   entities                       entities across the article: id, type,
 *                                  name, role, affiliation, unnamed, start,
 *                                  end, text (first mention), mentions
 *   quotes                         id, kind, content, cue, source, speaker,
 *                                  addressee_span, addressee, text
 *   events                         id, source, target (actor codes), their
 *                                  entities and spans, cameo, plover, mode,
 *                                  background, reported, quote, claimant,
 *                                  date, date_last, date_precision,
 *                                  date_span, place, fatalities, injuries,
 *                                  trigger, start, end, text (the sentence)
 *   dropped                        text removed as scraping debris
 *   warnings                       soft problems: kind, start, end, message
 */
#include <stdio.h>
#include <string.h>

#include "../doc/doc.h"

#define FLUSH_AT 65536

typedef struct jw {
	buf out;
	qasid_write_fn w;
	void *ud;
	int rc;
	int pretty;
	int depth;
	int first;  /* nothing written yet at this level */
} jw;

static void jw_flush(jw *j)
{
	if (!j->rc && j->out.len && j->w(j->ud, j->out.data, j->out.len))
		j->rc = QASID_EIO;
	j->out.len = 0;
}

static void raw(jw *j, const char *s, size_t n)
{
	if (j->rc)
		return;
	if (buf_append(&j->out, s, n))
		j->rc = QASID_ENOMEM;
	else if (j->out.len >= FLUSH_AT)
		jw_flush(j);
}

static void lit(jw *j, const char *s)
{
	raw(j, s, strlen(s));
}

/* The escaped body of a JSON string, without the quote marks. */
static void str_body(jw *j, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		const char *e = NULL;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		raw(j, s + run, i - run);
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
			e = esc;
		}
		lit(j, e);
		run = i + 1;
	}
	raw(j, s + run, n - run);
}

static void str(jw *j, const char *s, size_t n)
{
	raw(j, "\"", 1);
	str_body(j, s, n);
	raw(j, "\"", 1);
}

static void newline(jw *j)
{
	int i;

	if (!j->pretty)
		return;
	raw(j, "\n", 1);
	for (i = 0; i < j->depth; i++)
		raw(j, "  ", 2);
}

static void sep(jw *j)
{
	if (!j->first)
		raw(j, ",", 1);
	j->first = 0;
}

static void key(jw *j, const char *k)
{
	sep(j);
	newline(j);
	str(j, k, strlen(k));
	raw(j, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
}

static void jopen(jw *j, const char *c)
{
	lit(j, c);
	j->depth++;
	j->first = 1;
}

static void jclose(jw *j, const char *c, int had_items)
{
	j->depth--;
	if (had_items)
		newline(j);
	lit(j, c);
	j->first = 0;
}

static void opt_str(jw *j, const char *k, const char *v)
{
	key(j, k);
	if (v)
		str(j, v, strlen(v));
	else
		lit(j, "null");
}

/* Writes "start": s, "end": e for an input byte span, in code points. */
static void cp_span(jw *j, const qasid_doc *doc, qasid_span in)
{
	char b[64];

	snprintf(b, sizeof b, j->pretty ? "\"start\": %lu, \"end\": %lu" : "\"start\":%lu,\"end\":%lu",
	         (unsigned long)qasid_doc_input_cp(doc, in.start),
	         (unsigned long)qasid_doc_input_cp(doc, in.end));
	lit(j, b);
}

/* A list of cleaned-text spans, one per line when pretty. */
static void span_list(jw *j, const qasid_doc *doc, const char *k, const qasid_span *v, size_t n,
                      size_t stride, int norm)
{
	size_t i;

	key(j, k);
	jopen(j, "[");
	for (i = 0; i < n; i++) {
		const qasid_span *s = (const qasid_span *)((const char *)v + i * stride);
		qasid_span in = qasid_doc_input_span(doc, *s);

		sep(j);
		newline(j);
		lit(j, "{");
		cp_span(j, doc, in);
		if (norm && (in.end - in.start != s->end - s->start ||
		             memcmp(doc->input.data + in.start, doc->text.data + s->start,
		                    s->end - s->start) != 0)) {
			lit(j, j->pretty ? ", \"norm\": " : ",\"norm\":");
			str(j, doc->text.data + s->start, s->end - s->start);
		}
		if (norm && qasid_doc_pos(doc)) { /* tokens: part-of-speech tags */
			const qasid_pos *p = &doc->pos.v[i];

			lit(j, j->pretty ? ", \"pos\": " : ",\"pos\":");
			str(j, p->upos, strlen(p->upos));
			lit(j, j->pretty ? ", \"xpos\": " : ",\"xpos\":");
			str(j, p->xpos, strlen(p->xpos));
		}
		if (norm && qasid_doc_deps(doc)) { /* tokens: the dependency tree */
			const qasid_dep *d = &doc->deps.v[i];
			char num[16];

			snprintf(num, sizeof num, "%ld", (long)d->head);
			lit(j, j->pretty ? ", \"head\": " : ",\"head\":");
			lit(j, num);
			lit(j, j->pretty ? ", \"deprel\": " : ",\"deprel\":");
			str(j, d->rel, strlen(d->rel));
		}
		lit(j, "}");
	}
	jclose(j, "]", n > 0);
}

static const char *diag_kind(qasid_diag_kind k)
{
	switch (k) {
	case QASID_DIAG_UTF8: return "utf8";
	case QASID_DIAG_NUL: return "nul";
	case QASID_DIAG_DEBRIS: return "debris";
	case QASID_DIAG_GLUE: return "glue";
	case QASID_DIAG_FIELD: return "field";
	case QASID_DIAG_TRUNCATED: return "truncated";
	}
	return "other";
}

/* ", \"k\": " inside an object. */
static void field_key(jw *j, const char *k)
{
	lit(j, j->pretty ? ", " : ",");
	str(j, k, strlen(k));
	lit(j, j->pretty ? ": " : ":");
}

/* ", \"k\": " then a string or null. */
static void field_str(jw *j, const char *k, const char *v)
{
	field_key(j, k);
	if (v)
		str(j, v, strlen(v));
	else
		lit(j, "null");
}

/* ", \"k\": {start, end}", or null for an empty span. */
static void field_span(jw *j, const qasid_doc *doc, const char *k, qasid_span s)
{
	field_key(j, k);
	if (s.end <= s.start) {
		lit(j, "null");
		return;
	}
	lit(j, "{");
	cp_span(j, doc, qasid_doc_input_span(doc, s));
	lit(j, "}");
}

static void field_id(jw *j, const char *k, char prefix, long id)
{
	char b[32];

	snprintf(b, sizeof b, "\"%c%ld\"", prefix, id + 1);
	field_key(j, k);
	lit(j, id >= 0 ? b : "null");
}

static const char *mention_kind(qasid_mention_kind k)
{
	return k == QASID_MENTION_PRONOUN ? "pronoun" : k == QASID_MENTION_NOMINAL ? "nominal" : "name";
}

/*
 * Entities: {id "E1", type, name, role, affiliation, unnamed, start, end,
 * text (of the first mention), mentions [{start, end, text, kind}]}.
 */
static void write_entities(jw *j, const qasid_doc *doc)
{
	size_t i, k;

	key(j, "entities");
	jopen(j, "[");
	for (i = 0; i < doc->entities.n; i++) {
		const qasid_entity *e = &doc->entities.v[i];
		char b[32];

		if (!e->n_mentions)
			continue;
		sep(j);
		newline(j);
		snprintf(b, sizeof b, "E%zu", i + 1);
		lit(j, j->pretty ? "{\"id\": " : "{\"id\":");
		str(j, b, strlen(b));
		field_str(j, "type", e->type);
		field_str(j, "name", e->name);
		field_str(j, "role", e->role);
		field_str(j, "affiliation", e->affiliation);
		lit(j, e->unnamed ? (j->pretty ? ", \"unnamed\": true" : ",\"unnamed\":true")
		                  : (j->pretty ? ", \"unnamed\": false" : ",\"unnamed\":false"));
		for (k = 0; k < e->n_mentions; k++) {
			const qasid_entity_mention *m = &doc->ementions.v[e->mentions[k]];
			qasid_span in = qasid_doc_input_span(doc, m->span);

			if (k == 0) {
				lit(j, j->pretty ? ", " : ",");
				cp_span(j, doc, in);
				lit(j, j->pretty ? ", \"text\": " : ",\"text\":");
				str(j, doc->input.data + in.start, in.end - in.start);
				lit(j, j->pretty ? ", \"mentions\": [" : ",\"mentions\":[");
			}
			lit(j, k ? (j->pretty ? ", {" : ",{") : "{");
			cp_span(j, doc, in);
			lit(j, j->pretty ? ", \"text\": " : ",\"text\":");
			str(j, doc->input.data + in.start, in.end - in.start);
			field_str(j, "kind", mention_kind(m->kind));
			lit(j, "}");
		}
		lit(j, "]}");
	}
	jclose(j, "]", doc->entities.n > 0);
}

/*
 * Quotes: {id "Q1", kind, content (a span, or a list of spans for a split
 * quote), cue, source, addressee_span (spans or null), speaker, addressee
 * (entity ids or null), text (the content parts joined by " ... ")}.
 */
static void write_quotes(jw *j, const qasid_doc *doc)
{
	size_t i, k;

	key(j, "quotes");
	jopen(j, "[");
	for (i = 0; i < doc->quotes.n; i++) {
		const qasid_quote *q = &doc->quotes.v[i];
		static const char *kinds[] = {"", "direct", "indirect", "mixed"};
		char b[32];

		sep(j);
		newline(j);
		snprintf(b, sizeof b, "Q%zu", i + 1);
		lit(j, j->pretty ? "{\"id\": " : "{\"id\":");
		str(j, b, strlen(b));
		field_str(j, "kind", kinds[q->kind <= 3 ? q->kind : 0]);
		if (q->n_parts == 1) {
			field_span(j, doc, "content", q->content[0]);
		} else {
			lit(j, j->pretty ? ", \"content\": [" : ",\"content\":[");
			for (k = 0; k < q->n_parts; k++) {
				lit(j, k ? (j->pretty ? ", {" : ",{") : "{");
				cp_span(j, doc, qasid_doc_input_span(doc, q->content[k]));
				lit(j, "}");
			}
			lit(j, "]");
		}
		field_span(j, doc, "cue", q->cue);
		field_span(j, doc, "source", q->source);
		field_id(j, "speaker", 'E', q->speaker);
		field_span(j, doc, "addressee_span", q->addressee_span);
		field_id(j, "addressee", 'E', q->addressee);
		lit(j, j->pretty ? ", \"text\": \"" : ",\"text\":\"");
		for (k = 0; k < q->n_parts; k++) {
			qasid_span in = qasid_doc_input_span(doc, q->content[k]);

			if (k)
				lit(j, " ... ");
			str_body(j, doc->input.data + in.start, in.end - in.start);
		}
		lit(j, "\"}");
	}
	jclose(j, "]", doc->quotes.n > 0);
}

static void field_bool(jw *j, const char *k, int v)
{
	field_key(j, k);
	lit(j, v ? "true" : "false");
}

static void field_num(jw *j, const char *k, long v, int null_if_negative)
{
	char b[32];

	snprintf(b, sizeof b, "%ld", v);
	field_key(j, k);
	lit(j, v < 0 && null_if_negative ? "null" : b);
}

/* A span with its text: {"start", "end", "text"}, or null. */
static void field_span_text(jw *j, const qasid_doc *doc, const char *k, qasid_span s)
{
	qasid_span in;

	field_key(j, k);
	if (s.end <= s.start) {
		lit(j, "null");
		return;
	}
	in = qasid_doc_input_span(doc, s);
	lit(j, "{");
	cp_span(j, doc, in);
	lit(j, j->pretty ? ", \"text\": " : ",\"text\":");
	str(j, doc->input.data + in.start, in.end - in.start);
	lit(j, "}");
}

static void write_casualties(jw *j, const qasid_doc *doc, const qasid_event *e, const char *k,
                             qasid_count_kind kind)
{
	int n = 0;

	lit(j, j->pretty ? ", " : ",");
	str(j, k, strlen(k));
	lit(j, j->pretty ? ": [" : ":[");
	for (uint32_t i = 0; i < e->n_casualties; i++) {
		const qasid_casualty *c = &e->casualties[i];
		char b[32];

		if (c->kind != kind)
			continue;
		lit(j, n++ ? (j->pretty ? ", {" : ",{") : "{");
		snprintf(b, sizeof b, "%ld", c->low);
		lit(j, j->pretty ? "\"low\": " : "\"low\":");
		lit(j, b);
		field_num(j, "best", c->best, 0);
		field_num(j, "high", c->high, 1);
		field_str(j, "side", c->side[0] ? c->side : NULL);
		lit(j, j->pretty ? ", " : ",");
		cp_span(j, doc, qasid_doc_input_span(doc, c->span));
		lit(j, "}");
	}
	lit(j, "]");
}

static const char *precision_name(qasid_precision p)
{
	switch (p) {
	case QASID_PREC_DAY: return "day";
	case QASID_PREC_WEEK: return "week";
	case QASID_PREC_MONTH: return "month";
	case QASID_PREC_YEAR: return "year";
	case QASID_PREC_NONE: break;
	}
	return "article";
}

static const char *place_kind(qasid_place_kind k)
{
	return k == QASID_COUNTRY ? "country" : k == QASID_REGION ? "region" : k == QASID_CITY ? "city" : "unlisted";
}

/*
 * Events: {id "V1", source, target (actor codes or null), source_entity,
 * target_entity (entity ids or null), source_span, target_span, cameo,
 * plover, mode, background, reported, quote, claimant, date, date_last,
 * date_precision ("day", "week", "month", "year"; "article" when the text
 * names no date and the article's is used), date_span, place {name, kind,
 * country, admin1, admin1_name, lat, lon, start, end} or null, fatalities
 * and injuries [{low, best, high, side, start, end}], trigger {start, end,
 * text}, start, end and text of the sentence}.
 */
static void write_events(jw *j, const qasid_doc *doc)
{
	size_t i;

	key(j, "events");
	jopen(j, "[");
	for (i = 0; i < doc->events.n; i++) {
		const qasid_event *e = &doc->events.v[i];
		char b[32];
		qasid_span in;

		sep(j);
		newline(j);
		snprintf(b, sizeof b, "V%zu", i + 1);
		lit(j, j->pretty ? "{\"id\": " : "{\"id\":");
		str(j, b, strlen(b));
		field_str(j, "source", e->source[0] ? e->source : NULL);
		field_str(j, "target", e->target[0] ? e->target : NULL);
		field_id(j, "source_entity", 'E', e->source_entity);
		field_id(j, "target_entity", 'E', e->target_entity);
		field_span_text(j, doc, "source_span", e->source_span);
		field_span_text(j, doc, "target_span", e->target_span);
		field_str(j, "cameo", e->cameo);
		field_str(j, "plover", e->plover);
		field_str(j, "mode", qasid_mode_name(e->mode));
		field_bool(j, "background", e->background);
		field_bool(j, "reported", e->quote >= 0);
		field_id(j, "quote", 'Q', e->quote);
		field_id(j, "claimant", 'E', e->claimant);
		qasid_date_format(e->date, b);
		field_str(j, "date", e->date == QASID_NO_DATE ? NULL : b);
		qasid_date_format(e->date_last, b);
		field_str(j, "date_last", e->date_last == QASID_NO_DATE ? NULL : b);
		field_str(j, "date_precision", e->date == QASID_NO_DATE ? NULL : precision_name(e->precision));
		field_span_text(j, doc, "date_span", e->date_span);
		lit(j, j->pretty ? ", \"place\": " : ",\"place\":");
		if (e->has_place) {
			const qasid_place *p = &e->place;

			lit(j, j->pretty ? "{\"name\": " : "{\"name\":");
			str(j, p->name, strlen(p->name));
			field_str(j, "kind", place_kind(p->kind));
			field_str(j, "country", p->country[0] ? p->country : NULL);
			field_str(j, "admin1", p->admin1 && *p->admin1 ? p->admin1 : NULL);
			field_str(j, "admin1_name", p->admin1_name && *p->admin1_name ? p->admin1_name : NULL);
			if (p->kind == QASID_CITY) {
				snprintf(b, sizeof b, "%.5f", p->lat);
				lit(j, j->pretty ? ", \"lat\": " : ",\"lat\":");
				lit(j, b);
				snprintf(b, sizeof b, "%.5f", p->lon);
				lit(j, j->pretty ? ", \"lon\": " : ",\"lon\":");
				lit(j, b);
			}
			lit(j, j->pretty ? ", " : ",");
			cp_span(j, doc, qasid_doc_input_span(doc, e->place_span));
			lit(j, "}");
		} else {
			lit(j, "null");
		}
		write_casualties(j, doc, e, "fatalities", QASID_KILLED);
		write_casualties(j, doc, e, "injuries", QASID_INJURED);
		field_span_text(j, doc, "trigger", e->trigger);
		in = qasid_doc_input_span(doc, e->sentence);
		lit(j, j->pretty ? ", " : ",");
		cp_span(j, doc, in);
		lit(j, j->pretty ? ", \"text\": " : ",\"text\":");
		str(j, doc->input.data + in.start, in.end - in.start);
		lit(j, "}");
	}
	jclose(j, "]", doc->events.n > 0);
}

int qasid_doc_write_json(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud)
{
	jw j = {{0}, w, ud, QASID_OK, (flags & QASID_JSON_PRETTY) != 0, 0, 1};
	size_t i, nd = 0;

	jopen(&j, "{");
	for (i = 0; i < QASID_N_FIELDS; i++)
		opt_str(&j, qasid_field_name((qasid_field)i), doc->field[i]);
	key(&j, "text");
	str(&j, doc->input.data ? doc->input.data : "", doc->input.len);
	span_list(&j, doc, "paragraphs", doc->paragraphs.v, doc->paragraphs.n, sizeof(qasid_span), 0);
	span_list(&j, doc, "sentences", doc->sentences.n ? &doc->sentences.v[0].span : NULL,
	          doc->sentences.n, sizeof(qasid_sentence), 0);
	if (flags & QASID_JSON_TOKENS)
		span_list(&j, doc, "tokens", doc->tokens.v, doc->tokens.n, sizeof(qasid_span), 1);
	write_entities(&j, doc);
	write_quotes(&j, doc);
	write_events(&j, doc);
	key(&j, "dropped");
	jopen(&j, "[");
	for (i = 0; i < doc->diags.n; i++) {
		const qasid_diag *d = &doc->diags.v[i];

		if (d->kind != QASID_DIAG_DEBRIS)
			continue;
		sep(&j);
		newline(&j);
		lit(&j, "{");
		cp_span(&j, doc, d->input);
		lit(&j, j.pretty ? ", \"what\": " : ",\"what\":");
		str(&j, d->what, strlen(d->what));
		lit(&j, "}");
		nd++;
	}
	jclose(&j, "]", nd > 0);
	key(&j, "warnings");
	jopen(&j, "[");
	for (i = nd = 0; i < doc->diags.n; i++) {
		const qasid_diag *d = &doc->diags.v[i];

		if (d->kind == QASID_DIAG_DEBRIS)
			continue;
		sep(&j);
		newline(&j);
		lit(&j, j.pretty ? "{\"kind\": " : "{\"kind\":");
		str(&j, diag_kind(d->kind), strlen(diag_kind(d->kind)));
		lit(&j, j.pretty ? ", " : ",");
		cp_span(&j, doc, d->input);
		lit(&j, j.pretty ? ", \"message\": " : ",\"message\":");
		str(&j, d->what, strlen(d->what));
		lit(&j, "}");
		nd++;
	}
	jclose(&j, "]", nd > 0);
	jclose(&j, "}", 1);
	jw_flush(&j);
	buf_fini(&j.out);
	return j.rc;
}
