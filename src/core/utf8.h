/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding and repair. */
#ifndef QASID_UTF8_H
#define QASID_UTF8_H

#include "core.h"

/*
 * Decodes one code point of valid UTF-8 at s (n > 0 bytes available).
 * Returns its length in bytes (1 to 4) and stores it in *cp; on an invalid
 * sequence returns 0. Overlongs, surrogates and values above U+10FFFF are
 * invalid.
 */
QASID_INTERNAL int utf8_decode(const unsigned char *s, size_t n, int32_t *cp);
/* Encodes cp into out (4 bytes available); returns the length. */
QASID_INTERNAL int utf8_encode(int32_t cp, char *out);

/* Called for each repaired range of the input: [start, end) bytes. */
typedef int (*utf8_report_fn)(void *ud, qasid_diag_kind kind, size_t start, size_t end);

/*
 * Appends s to out with each maximal invalid sequence replaced by U+FFFD and
 * each NUL byte by a space, calling report for each repair with the offsets
 * of the repaired range in the output. Returns QASID_OK or QASID_ENOMEM.
 */
QASID_INTERNAL int utf8_repair(buf *out, const char *s, size_t len, utf8_report_fn report,
                               void *ud);

#endif
