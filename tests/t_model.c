/* SPDX-License-Identifier: MIT */
/*
 * Model files: the container round trip, and every way a file can be bad
 * (truncated, corrupted, wrong version, wrong task, chunk outside the file)
 * giving QASID_EMODEL with a message that names the file.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../src/model/model.h"
#include "test.h"

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A small valid file in b: chunks ABCD (numbers) and STRS (strings). */
static int sample(buf *b)
{
	mdl_w w;
	int rc;

	mdl_w_init(&w);
	mdl_w_begin(&w, "ABCD");
	mdl_w_u8(&w, 7);
	mdl_w_u16(&w, 0xBEEF);
	mdl_w_u32(&w, 0xDEADBEEF);
	mdl_w_u64(&w, 0x0123456789ABCDEFULL);
	mdl_w_f32(&w, 1.5f);
	mdl_w_end(&w);
	mdl_w_begin(&w, "STRS");
	mdl_w_str(&w, "hello");
	mdl_w_str(&w, "");
	mdl_w_end(&w);
	rc = mdl_w_build(&w, "TEST", b);
	mdl_w_fini(&w);
	return rc;
}

/* Recomputes the CRC so that only the change under test is wrong. */
static void fix_crc(unsigned char *d, size_t n)
{
	put32(d + n - 4, mdl_crc32(0, d, n - 4));
}

static void t_crc(void)
{
	CHECK(mdl_crc32(0, "123456789", 9) == 0xCBF43926u);
	CHECK(mdl_crc32(0, "", 0) == 0);
}

static void t_round_trip(void)
{
	buf b = {0};
	mdl_file m;
	const unsigned char *p;
	size_t n;
	mdl_rd r;
	qasid_err err = {0};

	CHECK(sample(&b) == QASID_OK);
	CHECK(memcmp(b.data, "QSDM", 4) == 0);
	CHECK(mdl_open_mem(&m, b.data, b.len, "x.qm", "TEST", &err) == QASID_OK);
	CHECK_STR(m.tag, "TEST");
	CHECK(m.version == MDL_VERSION && m.n_chunks == 2);
	CHECK(mdl_chunk(&m, "ABCD", &p, &n, &err) == QASID_OK);
	CHECK((size_t)(p - m.data) % 8 == 0);
	mdl_rd_init(&r, p, n);
	CHECK(mdl_u8(&r) == 7);
	CHECK(mdl_u16(&r) == 0xBEEF);
	CHECK(mdl_u32(&r) == 0xDEADBEEFu);
	CHECK(mdl_u64(&r) == 0x0123456789ABCDEFULL);
	CHECK(mdl_f32(&r) == 1.5f);
	CHECK(!r.bad && r.p == r.end);
	mdl_u8(&r);
	CHECK(r.bad);
	CHECK(mdl_chunk(&m, "STRS", &p, &n, &err) == QASID_OK);
	mdl_rd_init(&r, p, n);
	CHECK_STR(mdl_str(&r), "hello");
	CHECK_STR(mdl_str(&r), "");
	CHECK(mdl_str(&r) == NULL && r.bad);
	CHECK(mdl_chunk(&m, "NONE", &p, &n, &err) == QASID_EMODEL);
	CHECK(strstr(err.msg, "x.qm") && strstr(err.msg, "NONE"));
	mdl_close(&m);
	buf_fini(&b);
}

static void t_truncated(void)
{
	buf b = {0};
	mdl_file m;
	size_t n;

	CHECK(sample(&b) == QASID_OK);
	for (n = 0; n < b.len; n++) {
		qasid_err err = {0};

		CHECK_MSG(mdl_open_mem(&m, b.data, n, "models/t.qm", "TEST", &err) == QASID_EMODEL,
		          "a file cut to %zu bytes was accepted", n);
		CHECK_MSG(strncmp(err.msg, "models/t.qm: ", 13) == 0, "message: %s", err.msg);
	}
	buf_fini(&b);
}

static void t_corrupted(void)
{
	buf b = {0};
	mdl_file m;
	size_t i;

	CHECK(sample(&b) == QASID_OK);
	for (i = 0; i < b.len; i++) {
		qasid_err err = {0};

		b.data[i] ^= 0x10;
		CHECK_MSG(mdl_open_mem(&m, b.data, b.len, "c.qm", "TEST", &err) == QASID_EMODEL,
		          "a flipped bit at byte %zu was accepted", i);
		b.data[i] ^= 0x10;
	}
	{
		qasid_err err = {0};

		b.data[40] ^= 1;
		CHECK(mdl_open_mem(&m, b.data, b.len, "c.qm", "TEST", &err) == QASID_EMODEL);
		CHECK(strstr(err.msg, "c.qm: corrupt model file (checksum"));
	}
	buf_fini(&b);
}

static void t_wrong_version_and_task(void)
{
	buf b = {0};
	mdl_file m;
	qasid_err err = {0};

	CHECK(sample(&b) == QASID_OK);
	put32((unsigned char *)b.data + 4, MDL_VERSION + 1);
	fix_crc((unsigned char *)b.data, b.len);
	CHECK(mdl_open_mem(&m, b.data, b.len, "v.qm", "TEST", &err) == QASID_EMODEL);
	{
		char want[100];

		snprintf(want, sizeof want, "v.qm: model format version %u, but this qasid reads version %u",
		         MDL_VERSION + 1, MDL_VERSION);
		CHECK_MSG(strstr(err.msg, want), "message: %s", err.msg);
	}
	put32((unsigned char *)b.data + 4, MDL_VERSION);
	fix_crc((unsigned char *)b.data, b.len);
	CHECK(mdl_open_mem(&m, b.data, b.len, "v.qm", "NER1", &err) == QASID_EMODEL);
	CHECK_MSG(strstr(err.msg, "a TEST model, but a NER1 model is needed"), "message: %s", err.msg);
	memcpy(b.data, "QSDX", 4);
	CHECK(mdl_open_mem(&m, b.data, b.len, "v.qm", NULL, &err) == QASID_EMODEL);
	CHECK(strstr(err.msg, "not a qasid model file"));
	buf_fini(&b);
}

static void t_chunk_outside(void)
{
	buf b = {0};
	mdl_file m;
	qasid_err err = {0};
	unsigned char *d;

	CHECK(sample(&b) == QASID_OK);
	d = (unsigned char *)b.data;
	put32(d + MDL_HEADER + 8, (uint32_t)b.len); /* first chunk's size: past the end */
	fix_crc(d, b.len);
	CHECK(mdl_open_mem(&m, d, b.len, "o.qm", "TEST", &err) == QASID_EMODEL);
	CHECK_MSG(strstr(err.msg, "chunk ABCD") && strstr(err.msg, "outside the file"), "message: %s",
	          err.msg);
	put32(d + MDL_HEADER + 8, 4);
	put32(d + MDL_HEADER + 4, 0xFFFFFFF0u); /* offset: far away */
	fix_crc(d, b.len);
	CHECK(mdl_open_mem(&m, d, b.len, "o.qm", "TEST", &err) == QASID_EMODEL);
	put32(d + 12, 1000); /* chunk count */
	fix_crc(d, b.len);
	CHECK(mdl_open_mem(&m, d, b.len, "o.qm", "TEST", &err) == QASID_EMODEL);
	buf_fini(&b);
}

static void t_missing_file(void)
{
	mdl_file m;
	qasid_err err = {0};

	CHECK(mdl_open(&m, "/nonexistent/models/ner-en.qm", "NER1", &err) == QASID_EMODEL);
	CHECK(strstr(err.msg, "/nonexistent/models/ner-en.qm: cannot open model"));
}

static void t_save_and_open(void)
{
	char path[] = "/tmp/qasid-model-XXXXXX";
	int fd = mkstemp(path);
	mdl_w w;
	mdl_file m;
	qasid_err err = {0};

	CHECK(fd >= 0);
	close(fd);
	mdl_w_init(&w);
	mdl_w_begin(&w, "ONE ");
	mdl_w_str(&w, "payload");
	mdl_w_end(&w);
	CHECK(mdl_w_save(&w, "TEST", path, &err) == QASID_OK);
	mdl_w_fini(&w);
	CHECK(mdl_open(&m, path, "TEST", &err) == QASID_OK);
	CHECK(mdl_has_chunk(&m, "ONE ") && !mdl_has_chunk(&m, "TWO "));
	mdl_close(&m);
	remove(path);
}

const t_case t_model_cases[] = {
	{"crc32", t_crc},
	{"round trip", t_round_trip},
	{"truncated", t_truncated},
	{"corrupted", t_corrupted},
	{"wrong version and task", t_wrong_version_and_task},
	{"chunk outside the file", t_chunk_outside},
	{"missing file", t_missing_file},
	{"save and open", t_save_and_open},
	{NULL, NULL}};
