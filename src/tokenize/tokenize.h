/* SPDX-License-Identifier: MIT */
/*
 * Tokenizer and sentence splitter over the cleaned text, following the
 * conventions of UD English EWT (the parser's training data): punctuation
 * split off; clitics split ("Google's" -> "Google" "'s", "don't" -> "do"
 * "n't"); hyphenated compounds split ("long-term" -> "long" "-" "term") except
 * after prefixes ("co-workers", "e-mail"); numbers, abbreviations, URLs and
 * e-mail addresses whole.
 */
#ifndef QASID_TOKENIZE_H
#define QASID_TOKENIZE_H

#include "../doc/doc.h"

/* Fills doc->tokens and doc->paragraphs from doc->text. */
QASID_INTERNAL int tok_run(qasid_doc *doc);
/* Fills doc->sentences from doc->tokens (may split a final period off). */
QASID_INTERNAL int tok_split_sentences(qasid_doc *doc);

/* Abbreviation tables (abbrev.c); s[0..n) without the final period. */
QASID_INTERNAL int tok_is_abbrev(const char *s, size_t n);
/* Abbreviations that usually precede a name or number, never end a sentence. */
QASID_INTERNAL int tok_is_title_abbrev(const char *s, size_t n);
/* Prefixes that stay joined to the word after a hyphen ("co-workers"). */
QASID_INTERNAL int tok_is_hyphen_prefix(const char *s, size_t n);
/* Common sentence starters ("The", "He", ...), for boundaries after abbreviations. */
QASID_INTERNAL int tok_is_starter(const char *s, size_t n);

#endif
