/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "core.h"

const char *qasid_strerror(int code)
{
	switch (code) {
	case QASID_OK: return "success";
	case QASID_ENOMEM: return "out of memory";
	case QASID_EIO: return "input/output error";
	case QASID_EFORMAT: return "bad input format";
	case QASID_EMODEL: return "bad model file";
	case QASID_EINVAL: return "invalid argument";
	case QASID_EDB: return "database error";
	case QASID_ETOOBIG: return "input too large";
	default: return "unknown error";
	}
}

int err_set(qasid_err *err, int code, long line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}
