/* SPDX-License-Identifier: MIT */
/*
 * qasid: news articles in, sourced event data out.
 *
 * This is the only public header. Every symbol starts qasid_ or QASID_.
 *
 * Memory: a qasid_doc owns everything produced while processing it. Every
 * pointer returned by a qasid_doc_* accessor is owned by the document and
 * stays valid until qasid_doc_reset or qasid_doc_free, unless said otherwise.
 * All heap memory goes through the allocator set with qasid_set_allocator.
 *
 * Errors: fallible functions return QASID_OK (0) or a negative QASID_E* code;
 * qasid_strerror turns a code into text. Functions that take a qasid_err fill
 * it with a message and the place of the problem. The library never prints
 * and never exits.
 *
 * Offsets: inside the library, spans are byte offsets into the cleaned text,
 * end exclusive. qasid_doc_input_span maps them back to the input text, and
 * the JSON writer converts them to Unicode code points of the input text, the
 * unit a Python user slices by.
 */
#ifndef QASID_H
#define QASID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QASID_VERSION "0.1.0"

/* Status codes. */
enum {
	QASID_OK = 0,
	QASID_ENOMEM = -1,  /* out of memory */
	QASID_EIO = -2,     /* read or write failed */
	QASID_EFORMAT = -3, /* input is not in the expected format */
	QASID_EMODEL = -4,  /* model file missing, corrupt or wrong version */
	QASID_EINVAL = -5,  /* invalid argument */
	QASID_EDB = -6,     /* database error */
	QASID_ETOOBIG = -7  /* input larger than the configured limit */
};

/* Returns a static string describing code. */
const char *qasid_strerror(int code);

/* Where and what went wrong: filled by functions that take one. */
typedef struct qasid_err {
	int code;
	long line;      /* 1-based line or record number, 0 if none */
	char msg[256];
} qasid_err;

/*
 * Allocator hook, in the manner of lua_Alloc: realloc(ptr, size) semantics,
 * with size 0 meaning free. Returning NULL for size > 0 is an allocation
 * failure, which the library reports as QASID_ENOMEM. Passing NULL restores
 * the C library allocator. Not thread-safe: set it before any other call.
 */
typedef void *(*qasid_alloc_fn)(void *ud, void *ptr, size_t size);
void qasid_set_allocator(qasid_alloc_fn fn, void *ud);

/* A byte range [start, end) of the cleaned text. */
typedef struct qasid_span {
	uint32_t start;
	uint32_t end;
} qasid_span;

/* A sentence: its span and its tokens [first_token, first_token + n_tokens). */
typedef struct qasid_sentence {
	qasid_span span;
	uint32_t first_token;
	uint32_t n_tokens;
} qasid_sentence;

/* Kinds of soft problems recorded on a document. */
typedef enum qasid_diag_kind {
	QASID_DIAG_UTF8 = 1,      /* invalid UTF-8 replaced by U+FFFD */
	QASID_DIAG_NUL,           /* NUL byte replaced by a space */
	QASID_DIAG_DEBRIS,        /* scraping debris dropped from the text */
	QASID_DIAG_GLUE,          /* glued words split */
	QASID_DIAG_FIELD,         /* a metadata field was unusable and ignored */
	QASID_DIAG_TRUNCATED      /* more diagnostics than the cap; the rest dropped */
} qasid_diag_kind;

/*
 * A soft problem. span is in input bytes (the span of the input text it
 * concerns); what is a short static description.
 */
typedef struct qasid_diag {
	qasid_diag_kind kind;
	qasid_span input;
	const char *what;
} qasid_diag;

/* Metadata fields of an article. */
typedef enum qasid_field {
	QASID_FIELD_ID = 0,
	QASID_FIELD_TITLE,
	QASID_FIELD_DATE,
	QASID_FIELD_SOURCE,
	QASID_FIELD_URL,
	QASID_N_FIELDS
} qasid_field;

/* The field's name as used in JSON ("id", "title", ...), or NULL. */
const char *qasid_field_name(qasid_field f);

/* Processing options; fill with qasid_options_default, then change fields. */
typedef struct qasid_options {
	int nfc;          /* Unicode NFC (default 1) */
	int normalize;    /* quote, dash and space normalisation (default 1) */
	int debris;       /* drop scraping debris (default 1) */
	int glue;         /* split glued words (default 1) */
	size_t max_diags; /* cap on diagnostics per document (default 100) */
} qasid_options;

void qasid_options_default(qasid_options *opt);

typedef struct qasid_doc qasid_doc;

/* Creates an empty document. Free it with qasid_doc_free. */
int qasid_doc_new(qasid_doc **out);
void qasid_doc_free(qasid_doc *doc);
/* Empties a document for reuse, keeping its memory. */
void qasid_doc_reset(qasid_doc *doc);

/*
 * Sets the input text (len bytes, need not be NUL-terminated; copied).
 * Invalid UTF-8 is replaced by U+FFFD and NUL bytes by spaces, each noted as
 * a diagnostic. The repaired text is the document's input text: the text
 * output offsets refer to.
 */
int qasid_doc_set_text(qasid_doc *doc, const char *text, size_t len);
/* Sets a metadata field (copied; invalid UTF-8 repaired). */
int qasid_doc_set_field(qasid_doc *doc, qasid_field f, const char *val, size_t len);
/* A metadata field, or NULL when unset. */
const char *qasid_doc_field(const qasid_doc *doc, qasid_field f);

/*
 * Runs the pipeline on the document's text: cleaning, tokenization, sentence
 * splitting. opt may be NULL for the defaults.
 */
int qasid_process(qasid_doc *doc, const qasid_options *opt, qasid_err *err);

/* The input text (repaired UTF-8, NUL-terminated) and the cleaned text. */
const char *qasid_doc_input(const qasid_doc *doc, size_t *len);
const char *qasid_doc_text(const qasid_doc *doc, size_t *len);

/* Maps a span of the cleaned text to the span of input text it came from. */
qasid_span qasid_doc_input_span(const qasid_doc *doc, qasid_span clean);
/* Code point index of an input byte offset (which must be a char boundary). */
uint32_t qasid_doc_input_cp(const qasid_doc *doc, uint32_t input_byte);

size_t qasid_doc_n_tokens(const qasid_doc *doc);
const qasid_span *qasid_doc_tokens(const qasid_doc *doc);
size_t qasid_doc_n_sentences(const qasid_doc *doc);
const qasid_sentence *qasid_doc_sentences(const qasid_doc *doc);
size_t qasid_doc_n_paragraphs(const qasid_doc *doc);
const qasid_span *qasid_doc_paragraphs(const qasid_doc *doc);
size_t qasid_doc_n_diags(const qasid_doc *doc);
const qasid_diag *qasid_doc_diags(const qasid_doc *doc);

/* Output: bytes go to a writer callback, which returns 0 on success. */
typedef int (*qasid_write_fn)(void *ud, const char *bytes, size_t len);

enum {
	QASID_JSON_PRETTY = 1 << 0, /* indented, for people; else one line */
	QASID_JSON_TOKENS = 1 << 1  /* include the token list */
};

/*
 * Writes the document as one JSON object (no trailing newline). Spans are
 * Unicode code point offsets into the input text. Returns QASID_EIO if the
 * writer fails.
 */
int qasid_doc_write_json(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud);
/* Writes a readable plain-text summary of the document. */
int qasid_doc_write_text(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud);

/*
 * JSON Lines records: parses one line {"id","title","date","source","url",
 * "text"} into doc (reset first). Only "text" is required. On a malformed
 * line returns QASID_EFORMAT with err->msg saying why.
 */
int qasid_doc_from_jsonl(qasid_doc *doc, const char *line, size_t len, qasid_err *err);

#ifdef __cplusplus
}
#endif

#endif /* QASID_H */
