/*
 * fuzz_targets.h: the bodies of the libFuzzer harnesses, shared by the
 * harnesses (tests/fuzz/fuzz_*.c, built with clang by `make fuzz`) and by
 * tests/test_fuzz_regressions.c (built with gcc by `make check`), which
 * replays every seed and every regression input through them.
 *
 * Each fuzz_*_one function takes arbitrary bytes, runs them through one
 * part of the library, frees everything and checks what must hold for
 * any input.  @return 0, or 1 with the broken property in fuzz_failure.
 * Out of memory is not a failure: the input is passed over.
 */
#ifndef FUZZ_TARGETS_H
#define FUZZ_TARGETS_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "input/input.h"
#include "query/query.h"

#include "../jsonok.h"

/* Inputs over 1 MiB are passed over (the run script caps at 64 KiB). */
#define FUZZ_MAX_INPUT	((size_t)1 << 20)

/* Every harness includes all of this and uses only part of it. */
#define FUZZ_FN		static __attribute__((unused))

static char fuzz_failure[1024];

FUZZ_FN int fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Record a broken property. @return 1. */
FUZZ_FN int
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fuzz_failure, sizeof(fuzz_failure), fmt, ap);
	va_end(ap);
	return 1;
}

/*
 * A harness found a broken property: report it and crash, so that
 * libFuzzer saves the input as a crash-* artifact like any other crash.
 */
FUZZ_FN void
fuzz_broken(const char *harness)
{
	fprintf(stderr, "%s: property violated: %s\n", harness, fuzz_failure);
	__builtin_trap();
}

/*
 * FUZZ_ENTRY(name) is the whole libFuzzer entry point of the harness
 * fuzz_<name>.c: it runs fuzz_<name>_one and crashes on a broken
 * property.  One definition, so the five harnesses cannot drift apart.
 */
#define FUZZ_ENTRY(name)						\
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);		\
									\
int									\
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
{									\
	if (fuzz_##name##_one(data, size) != 0)				\
		fuzz_broken("fuzz_" #name);				\
	return 0;							\
}

/* @return a NUL-terminated copy of data, or NULL. */
FUZZ_FN char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A stream reading data[0..size): fmemopen over a private copy, which
 * *copy receives and the caller frees after fclose. */
FUZZ_FN FILE *
fuzz_open_bytes(const void *data, size_t size, char **copy)
{
	FILE *fp;

	/* fmemopen wants a writable buffer of at least one byte. */
	if ((*copy = malloc(size + 1)) == NULL)
		return NULL;
	if (size > 0)
		memcpy(*copy, data, size);
	(*copy)[size] = '\0';
	if ((fp = fmemopen(*copy, size, "r")) == NULL &&
	    (fp = fmemopen(*copy, 1, "r")) != NULL)
		(void)fgetc(fp);	/* glibc < 2.22 refuses size 0 */
	if (fp == NULL) {
		free(*copy);
		*copy = NULL;
	}
	return fp;
}

/* An output stream into memory. */
struct fuzz_out {
	FILE *fp;
	char *buf;
	size_t len;
};

FUZZ_FN int
fuzz_out_open(struct fuzz_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->fp = open_memstream(&o->buf, &o->len);
	return o->fp == NULL ? -1 : 0;
}

/* Close the stream; buf then holds len bytes and a NUL. @return 0 or -1. */
FUZZ_FN int
fuzz_out_close(struct fuzz_out *o)
{
	int rc = 0;

	if (o->fp != NULL && fclose(o->fp) != 0)
		rc = -1;
	o->fp = NULL;
	if (o->buf == NULL)
		rc = -1;
	return rc;
}

FUZZ_FN void
fuzz_out_free(struct fuzz_out *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	free(o->buf);
	o->fp = NULL;
	o->buf = NULL;
}

/* Read a C string to its end so that ASan checks every byte of it.
 * @return its length. */
FUZZ_FN size_t
fuzz_touch(const char *s)
{
	volatile char sink = 0;
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		sink ^= s[n];
	(void)sink;
	return n;
}

FUZZ_FN void
fuzz_touch_n(const char *s, size_t len)
{
	volatile char sink = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sink ^= s[i];
	(void)sink;
}

FUZZ_FN int
fuzz_same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* ------------------------------------------------------------ results */

/* A few results built by hand, for the filter harness. */
static const struct cbs_config fuzz_cfg_a[] = {
	{ "goos", "linux", 1 },
	{ "goarch", "amd64", 1 },
	{ "pkg", "example.com/codec", 1 },
	{ "cpu", "Example CPU @ 3.00GHz", 1 },
	{ ".file", "old", 0 },
};

static const struct cbs_config fuzz_cfg_b[] = {
	{ "goos", "darwin", 1 },
	{ "note", "a b:c", 1 },
	{ ".file", "new", 0 },
};

static const struct cbs_value fuzz_vals_a[] = {
	{ 1.7212e-06, "sec/op", 1721.2, "ns/op" },
	{ 512, "B/op", 512, NULL },
	{ 6, "allocs/op", 6, NULL },
	{ 5.8e8, "B/s", 580, "MB/s" },
};

static const struct cbs_value fuzz_vals_b[] = {
	{ 12, "text-bytes", 12, NULL },
	{ NAN, "sec/op", NAN, "ns/op" },
};

static const struct cbs_result fuzz_results[] = {
	{ "Encode/format=json-8", 20, 1000, fuzz_cfg_a, 5, fuzz_vals_a, 4,
	    "old.txt", 7 },
	{ "Hash/size=1k/x-y-16", 19, 50, fuzz_cfg_b, 3, fuzz_vals_b, 2,
	    "new.txt", 1 },
	{ "Bare", 4, 1, NULL, 0, NULL, 0, "x", 2 },
	{ "", 0, 1, fuzz_cfg_b, 1, fuzz_vals_b, 1, "x", 3 },
};

/*
 * Text that the projection harness reads through the reader into its
 * group, as two files.
 */
static const char fuzz_bench_old[] =
    "goos: linux\n"
    "goarch: amd64\n"
    "pkg: example.com/codec\n"
    "BenchmarkEncode/format=json-8  1000  1721 ns/op  512 B/op  "
    "6 allocs/op\n"
    "BenchmarkEncode/format=json-8  1000  1730 ns/op  512 B/op  "
    "6 allocs/op\n"
    "BenchmarkEncode/format=gob-4   500   3075 ns/op  1024 B/op  "
    "12 allocs/op\n"
    "BenchmarkHash/size=1k-8  10000  310.9 ns/op  3293 MB/s\n"
    "BenchmarkHash/size=64k-8  100  19120 ns/op  3427 MB/s\n"
    "pkg: example.com/other\n"
    "BenchmarkLookup/n=16  1  12 ns/op\n";

static const char fuzz_bench_new[] =
    "goos: linux\n"
    "goarch: amd64\n"
    "pkg: example.com/codec\n"
    "Unit text-bytes assume=exact\n"
    "BenchmarkEncode/format=json-8  1000  1419 ns/op  512 B/op  "
    "6 allocs/op\n"
    "BenchmarkEncode/format=json-8  1000  1425 ns/op  512 B/op  "
    "6 allocs/op\n"
    "BenchmarkEncode/format=gob-4   500   3096 ns/op  1024 B/op  "
    "12 allocs/op\n"
    "BenchmarkHash/size=1k-8  10000  308.4 ns/op  3320 MB/s\n"
    "BenchmarkBinary/cmd=go  1  12000000 text-bytes\n"
    "pkg: example.com/other\n"
    "BenchmarkLookup/n=16  1  13 ns/op\n";

/* ------------------------------------------------------------ filter */

FUZZ_FN int
fuzz_filter_one(const uint8_t *data, size_t size)
{
	struct cbs_filter *f = NULL;
	unsigned char keep[8], keep2[8];
	char err[2048], *q;
	size_t i, k;
	int rc, pass, pass2, any, fail = 0;

	if (size > FUZZ_MAX_INPUT || (q = fuzz_strndup(data, size)) == NULL)
		return 0;
	err[0] = '\0';
	rc = cbs_filter_parse(q, &f, err, sizeof(err));
	if (rc != 0) {
		if (rc == CBS_EINVAL && (err[0] == '\0' ||
		    fuzz_touch(err) >= sizeof(err)))
			fail = fuzz_fail("filter %d without a message", rc);
		else if (rc != CBS_EINVAL && rc != CBS_ENOMEM)
			fail = fuzz_fail("filter: unexpected code %d", rc);
		free(q);
		return fail;
	}
	for (i = 0; i < sizeof(fuzz_results) / sizeof(fuzz_results[0]) &&
	    !fail; i++) {
		const struct cbs_result *r = &fuzz_results[i];

		memset(keep, 0xAA, sizeof(keep));
		memset(keep2, 0x55, sizeof(keep2));
		pass = cbs_filter_apply(f, r, keep);
		/* A second run agrees. */
		pass2 = cbs_filter_apply(f, r, keep2);
		for (any = 0, k = 0; k < r->nvalues; k++) {
			if (keep[k] > 1 || keep[k] != keep2[k])
				fail = fuzz_fail("filter: keep[%zu] %u, then "
				    "%u", k, keep[k], keep2[k]);
			any |= keep[k];
		}
		if (pass != pass2 || (pass != 0 && pass != 1))
			fail = fuzz_fail("filter: passes %d, then %d", pass,
			    pass2);
		if (r->nvalues > 0 && pass != any)
			fail = fuzz_fail("filter: passes %d but keeps %s "
			    "value", pass, any ? "a" : "no");
	}
	cbs_filter_free(f);
	free(q);
	return fail;
}

/* ------------------------------------------------------------ projection */

/*
 * Check the fields of a successful projection parse of expr.  Offsets
 * may point past expr (upstream counts a quoted key's unescaped bytes,
 * and an invalid byte unescapes to three), so they go through
 * cbs_syntax_error, which must clamp them.
 */
FUZZ_FN int
fuzz_check_fields(const char *expr, const struct cbs_proj_field *fields,
    size_t n)
{
	char msg[512];
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (fields[i].key == NULL)
			return fuzz_fail("projection: field %zu without a key",
			    i);
		fuzz_touch(fields[i].key);
		cbs_syntax_error(msg, sizeof(msg), expr, fields[i].key_off,
		    "key");
		fuzz_touch(msg);
		if (fields[i].order != NULL) {
			fuzz_touch(fields[i].order);
			cbs_syntax_error(msg, sizeof(msg), expr,
			    fields[i].order_off, "order");
			fuzz_touch(msg);
		}
		if (fields[i].nfixed > 0 && fields[i].fixed == NULL)
			return fuzz_fail("projection: %zu fixed values, no "
			    "array", fields[i].nfixed);
		for (k = 0; k < fields[i].nfixed; k++)
			fuzz_touch(fields[i].fixed[k]);
	}
	return 0;
}

static int
fuzz_group_add_cb(const struct cbs_result *r, void *ctx)
{
	return cbs_group_add(ctx, r);
}

/* Read a fixed text into g as file label. @return 0 or an error. */
FUZZ_FN int
fuzz_read_text(struct cbs_reader *rd, struct cbs_group *g, const char *text,
    const char *label)
{
	char err[256], *copy;
	FILE *fp;
	int rc;

	if ((fp = fuzz_open_bytes(text, strlen(text), &copy)) == NULL)
		return CBS_ENOMEM;
	rc = cbs_reader_read(rd, fp, label, label, fuzz_group_add_cb, NULL, g,
	    err, sizeof(err));
	fclose(fp);
	free(copy);
	return rc;
}

/*
 * The whole input as one projection, then split at '\n' into -table,
 * -row, -col, -ignore and -filter for a group over fixed results, whose
 * tables are built and printed.
 */
FUZZ_FN int
fuzz_projection_one(const uint8_t *data, size_t size)
{
	const char *part[5] = { NULL, NULL, NULL, NULL, NULL };
	struct cbs_proj_field *fields = NULL;
	struct cbs_group_opts opts;
	struct cbs_table_opts topts;
	struct cbs_arena *a = NULL;
	struct cbs_intern *t = NULL;
	struct cbs_reader *rd = NULL;
	struct cbs_group *g = NULL;
	struct cbs_tables *tables;
	struct fuzz_out out = { NULL, NULL, 0 };
	size_t nfields = 0, np;
	char err[2048], *s, *p, *nl;
	int rc, fail = 0;

	if (size > FUZZ_MAX_INPUT || (s = fuzz_strndup(data, size)) == NULL)
		return 0;
	err[0] = '\0';
	rc = cbs_projection_parse(s, &fields, &nfields, err, sizeof(err));
	if (rc == 0)
		fail = fuzz_check_fields(s, fields, nfields);
	else if (rc == CBS_EINVAL && err[0] == '\0')
		fail = fuzz_fail("projection: error without a message");
	else if (rc != CBS_EINVAL && rc != CBS_ENOMEM)
		fail = fuzz_fail("projection: unexpected code %d", rc);
	cbs_projection_fields_free(fields, nfields);
	if (fail)
		goto out;

	for (np = 0, p = s; np < 5 && p != NULL; np++) {
		part[np] = p;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p = nl;
	}
	memset(&opts, 0, sizeof(opts));
	opts.table = part[0];
	opts.row = part[1];
	opts.col = part[2];
	opts.ignore = part[3];
	opts.filter = part[4];
	if ((a = cbs_arena_new()) == NULL || (t = cbs_intern_new(a)) == NULL ||
	    (rd = cbs_reader_new(a, t)) == NULL)
		goto out;
	err[0] = '\0';
	rc = cbs_group_new(a, t, &opts, &g, err, sizeof(err));
	if (rc != 0) {
		if (rc == CBS_EINVAL && strncmp(err, "parsing -", 9) != 0)
			fail = fuzz_fail("group: message \"%s\"", err);
		else if (rc != CBS_EINVAL && rc != CBS_ENOMEM)
			fail = fuzz_fail("group: unexpected code %d", rc);
		g = NULL;
		goto out;
	}
	if (fuzz_read_text(rd, g, fuzz_bench_old, "old") != 0 ||
	    fuzz_read_text(rd, g, fuzz_bench_new, "new") != 0)
		goto out;
	memset(&topts, 0, sizeof(topts));
	topts.confidence = 0.95;
	topts.alpha = 0.05;
	topts.units = rd;
	if (cbs_tables_build(g, &topts, &tables) != 0 ||
	    fuzz_out_open(&out) != 0)
		goto out;
	rc = cbs_format_text(tables, out.fp);
	if (fuzz_out_close(&out) == 0 && rc != 0 && rc != CBS_ENOMEM)
		fail = fuzz_fail("projection: text output failed: %d", rc);
out:
	fuzz_out_free(&out);
	cbs_group_free(g);
	cbs_reader_free(rd);
	cbs_intern_free(t);
	cbs_arena_free(a);
	free(s);
	return fail;
}

/* ------------------------------------------------------------ reader */

#define FUZZ_MAX_UNITS 32

struct fuzz_reader_ctx {
	const char *units[FUZZ_MAX_UNITS];	/* interned: outlive results */
	size_t nunits;
	size_t nresults;
	size_t ndiags;
	int line0_ok;		/* JSON entries have no line of their own */
	int fail;
};

static const char *const fuzz_keys[] = {
	".name", ".fullname", "/gomaxprocs", "/size", "/format", ".file",
	"goos", "pkg", "cpu", "x",
};

/* Touch every field of a result and check what the header promises. */
static int
fuzz_on_result(const struct cbs_result *r, void *ctx)
{
	struct fuzz_reader_ctx *c = ctx;
	const char *val;
	size_t i, k, n;

	c->nresults++;
	if (r->name == NULL || fuzz_touch(r->name) != r->name_len)
		c->fail = fuzz_fail("reader: name length %zu is not %zu",
		    r->name ? strlen(r->name) : 0, r->name_len);
	if (cbs_name_base_len(r->name, r->name_len) > r->name_len ||
	    cbs_name_strip_procs_len(r->name, r->name_len) > r->name_len)
		c->fail = fuzz_fail("reader: name part past the name");
	fuzz_touch(r->path);
	if (r->line == 0 && !c->line0_ok)
		c->fail = fuzz_fail("reader: line 0");
	for (i = 0; i < r->nconfig; i++) {
		fuzz_touch(r->config[i].key);
		if (fuzz_touch(r->config[i].value) == 0)
			c->fail = fuzz_fail("reader: config %s is empty",
			    r->config[i].key);
	}
	if (r->nvalues == 0)
		c->fail = fuzz_fail("reader: result without values");
	for (i = 0; i < r->nvalues; i++) {
		const struct cbs_value *v = &r->values[i];

		if (fuzz_touch(v->unit) == 0)
			c->fail = fuzz_fail("reader: empty unit");
		if (v->orig_unit != NULL)
			fuzz_touch(v->orig_unit);
		else if (!fuzz_same_bits(v->value, v->orig_value))
			c->fail = fuzz_fail("reader: value changed, unit not");
		for (k = 0; k < c->nunits && c->units[k] != v->unit; k++)
			;
		if (k == c->nunits && c->nunits < FUZZ_MAX_UNITS)
			c->units[c->nunits++] = v->unit;
	}
	for (k = 0; k < sizeof(fuzz_keys) / sizeof(fuzz_keys[0]); k++) {
		n = cbs_extract(r, fuzz_keys[k], &val);
		fuzz_touch_n(val, n);
	}
	return 0;
}

static void
fuzz_on_diag(const struct cbs_diag *d, void *ctx)
{
	struct fuzz_reader_ctx *c = ctx;

	c->ndiags++;
	fuzz_touch(d->file);
	if (d->msg == NULL)
		c->fail = fuzz_fail("reader: diagnostic without a message");
	fuzz_touch(d->msg);
	if (d->line == 0 && !c->line0_ok)
		c->fail = fuzz_fail("reader: diagnostic at line 0");
}

/* The bytes as one file, read twice (unit metadata accumulates). */
FUZZ_FN int
fuzz_reader_one(const uint8_t *data, size_t size)
{
	struct fuzz_reader_ctx c;
	struct cbs_arena *a = NULL;
	struct cbs_intern *t = NULL;
	struct cbs_reader *r = NULL;
	char err[1024], *copy = NULL;
	const char *m;
	FILE *fp = NULL;
	size_t i, pass;
	int rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((a = cbs_arena_new()) == NULL || (t = cbs_intern_new(a)) == NULL ||
	    (r = cbs_reader_new(a, t)) == NULL)
		goto out;
	for (pass = 0; pass < 2 && !c.fail; pass++) {
		if ((fp = fuzz_open_bytes(data, size, &copy)) == NULL)
			goto out;
		err[0] = '\0';
		rc = cbs_reader_read(r, fp, pass ? "b.txt" : "a.txt",
		    pass ? "" : "a", fuzz_on_result, fuzz_on_diag, &c, err,
		    sizeof(err));
		fclose(fp);
		free(copy);
		if (rc == CBS_EPARSE || rc == CBS_EIO) {
			if (err[0] == '\0')
				c.fail = fuzz_fail("reader: error %d without "
				    "a message", rc);
			break;
		}
		if (rc != 0 && rc != CBS_ENOMEM)
			c.fail = fuzz_fail("reader: unexpected code %d", rc);
		if (rc != 0)
			break;
	}
	for (i = 0; i < c.nunits && !c.fail; i++) {
		if ((m = cbs_reader_unit_meta(r, c.units[i], "assume")) != NULL)
			fuzz_touch(m);
		if ((m = cbs_reader_unit_meta(r, c.units[i], "better")) != NULL)
			fuzz_touch(m);
		rc = cbs_unit_better(r, c.units[i]);
		if (rc != CBS_BETTER_LOWER && rc != CBS_BETTER_HIGHER &&
		    rc != CBS_BETTER_UNKNOWN)
			c.fail = fuzz_fail("reader: better is %d", rc);
	}
out:
	cbs_reader_free(r);
	cbs_intern_free(t);
	cbs_arena_free(a);
	return c.fail;
}

/* ------------------------------------------------------------ inputs */

/*
 * The bytes read as format fmt, then again with detection (as a second
 * file of the same reader).  Results and diagnostics get the reader's
 * checks; an error must come with a message naming the file.
 */
FUZZ_FN int
fuzz_input_one(const uint8_t *data, size_t size, enum cbs_input_format fmt)
{
	static const char *const path[] = { "in.json", "auto.json" };
	struct fuzz_reader_ctx c;
	struct cbs_arena *a = NULL;
	struct cbs_intern *t = NULL;
	struct cbs_reader *r = NULL;
	char err[1024], *copy = NULL;
	FILE *fp = NULL;
	size_t pass;
	int rc;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memset(&c, 0, sizeof(c));
	c.line0_ok = fmt != CBS_INPUT_TEST2JSON;
	if ((a = cbs_arena_new()) == NULL || (t = cbs_intern_new(a)) == NULL ||
	    (r = cbs_reader_new(a, t)) == NULL)
		goto out;
	for (pass = 0; pass < 2 && !c.fail; pass++) {
		if ((fp = fuzz_open_bytes(data, size, &copy)) == NULL)
			goto out;
		err[0] = '\0';
		rc = cbs_reader_read_input(r, fp, pass ? CBS_INPUT_AUTO : fmt,
		    path[pass], "x", fuzz_on_result, fuzz_on_diag, &c, err,
		    sizeof(err));
		fclose(fp);
		free(copy);
		if ((rc == CBS_EPARSE || rc == CBS_EIO) &&
		    strncmp(err, path[pass], strlen(path[pass])) != 0)
			c.fail = fuzz_fail("%s: error %d, message \"%s\"",
			    cbs_input_format_name(fmt), rc, err);
		else if (rc != 0 && rc != CBS_EPARSE && rc != CBS_EIO &&
		    rc != CBS_ENOMEM)
			c.fail = fuzz_fail("%s: unexpected code %d",
			    cbs_input_format_name(fmt), rc);
		/* Detection may find Go text, whose lines are numbered. */
		c.line0_ok = 1;
	}
out:
	cbs_reader_free(r);
	cbs_intern_free(t);
	cbs_arena_free(a);
	return c.fail;
}

FUZZ_FN int
fuzz_test2json_one(const uint8_t *data, size_t size)
{
	return fuzz_input_one(data, size, CBS_INPUT_TEST2JSON);
}

FUZZ_FN int
fuzz_gbench_one(const uint8_t *data, size_t size)
{
	return fuzz_input_one(data, size, CBS_INPUT_GBENCH);
}

FUZZ_FN int
fuzz_hyperfine_one(const uint8_t *data, size_t size)
{
	return fuzz_input_one(data, size, CBS_INPUT_HYPERFINE);
}

/* ------------------------------------------------------------ units */

/* Is s Go's spelling of a finite number: digits, '.', 'e', '-', '+'? */
static int
fuzz_is_plain_number(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789.e+-") == strlen(s);
}

/*
 * The significant digits of a number as Go prints it ("-0.00123",
 * "1.5e+07") into d without trailing zeros, and the decimal exponent of
 * the first.  @return the number of digits.
 */
static size_t
fuzz_go_digits(const char *buf, char *d, size_t cap, int *exp10)
{
	const char *p = buf;
	size_t nd = 0, total = 0;
	int intdigits = 0, point = 0, lead = 0;

	if (*p == '-')
		p++;
	for (; *p != '\0' && *p != 'e'; p++) {
		if (*p == '.') {
			point = 1;
			continue;
		}
		if (total == 0 && *p == '0') {
			lead += point;
			continue;
		}
		total++;
		if (nd + 1 < cap)
			d[nd++] = *p;
		intdigits += !point;
	}
	*exp10 = intdigits > 0 ? intdigits - 1 : -(lead + 1);
	if (*p == 'e')
		*exp10 += atoi(p + 1);
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	d[nd] = '\0';
	return nd;
}

/*
 * cbs_fmt_go_float must print the shortest digits that read back as v,
 * the nearest such when there are several.
 */
static int
fuzz_check_go_float(double v)
{
	char buf[64], d[40], cand[64];
	const char *p;
	double back;
	size_t nd = 0;
	int exp10 = 0, rc, i, up;

	cbs_fmt_go_float(v, buf, sizeof(buf));
	if (isnan(v))
		return strcmp(buf, "NaN") == 0 ? 0 :
		    fuzz_fail("go float: NaN printed as %s", buf);
	if (isinf(v))
		return strcmp(buf, v > 0 ? "+Inf" : "-Inf") == 0 ? 0 :
		    fuzz_fail("go float: Inf printed as %s", buf);
	if (!fuzz_is_plain_number(buf))
		return fuzz_fail("go float: %a printed as \"%s\"", v, buf);
	rc = cbs_parse_go_float(buf, strlen(buf), &back);
	if (rc != 0 || !fuzz_same_bits(back, v))
		return fuzz_fail("go float: %a printed as %s reads back as "
		    "%a (rc %d)", v, buf, back, rc);
	nd = fuzz_go_digits(buf, d, sizeof(d), &exp10);
	if (nd > 17)
		return fuzz_fail("go float: %s has %zu digits", buf, nd);
	if (nd < 2)
		return 0;
	/* No decimal with one digit fewer may read back as v. */
	for (up = 0; up < 2; up++) {
		char m[40];

		memcpy(m, d, nd - 1);
		m[nd - 1] = '\0';
		for (i = (int)nd - 2; up && i >= 0; i--) {
			if (m[i] != '9') {
				m[i]++;
				break;
			}
			m[i] = '0';
		}
		if (up && i < 0)
			snprintf(cand, sizeof(cand), "1e%d", exp10 + 1);
		else
			snprintf(cand, sizeof(cand), "%c.%se%d", m[0], m + 1,
			    exp10);
		if (fuzz_same_bits(strtod(cand, NULL), fabs(v)))
			return fuzz_fail("go float: %a printed as %s, but %s "
			    "is shorter", v, buf, cand);
	}
	/* Nearest: the correctly rounded nd digits win if they read back. */
	snprintf(cand, sizeof(cand), "%.*e", (int)nd - 1, fabs(v));
	if (fuzz_same_bits(strtod(cand, NULL), fabs(v))) {
		char cd[40];
		size_t n = 0;

		for (p = cand; *p != 'e'; p++)
			if (*p >= '0' && *p <= '9' && n < 39)
				cd[n++] = *p;
		while (n > 1 && cd[n - 1] == '0')
			n--;
		cd[n] = '\0';
		if (strcmp(cd, d) != 0)
			return fuzz_fail("go float: %a printed as %s, nearer "
			    "is %s", v, buf, cand);
	}
	return 0;
}

/*
 * The bytes as a unit (up to the first NUL) for tidying and classing, as
 * a Go float literal, and as raw doubles for scaling and printing.
 */
FUZZ_FN int
fuzz_units_one(const uint8_t *data, size_t size)
{
	double vals[64], v, factor;
	struct cbs_scaler sc;
	char out[1024], small[8], buf[600], tiny[4], *s;
	size_t n, i, k;
	int rc, fail = 0;

	if (size > FUZZ_MAX_INPUT || (s = fuzz_strndup(data, size)) == NULL)
		return 0;
	factor = cbs_unit_tidy(s, out, sizeof(out));
	if (memchr(out, '\0', sizeof(out)) == NULL)
		fail = fuzz_fail("tidy: output not terminated");
	if (!fail && !fuzz_same_bits(cbs_unit_tidy(s, small, sizeof(small)),
	    factor))
		fail = fuzz_fail("tidy: factor depends on the buffer");
	if (!fail && memchr(small, '\0', sizeof(small)) == NULL)
		fail = fuzz_fail("tidy: short output not terminated");
	/* Tidying is idempotent (unless the output was cut short). */
	if (!fail && strlen(out) < sizeof(buf) - 1 &&
	    !fuzz_same_bits(cbs_unit_tidy(out, buf, sizeof(buf)), 1.0))
		fail = fuzz_fail("tidy: \"%s\" tidies \"%s\" again", s, out);
	rc = (int)cbs_unit_class_of(s);
	if (rc != CBS_UNIT_DECIMAL && rc != CBS_UNIT_BINARY)
		fail = fuzz_fail("class %d", rc);

	rc = cbs_parse_go_float((const char *)data, size, &v);
	if (rc < 0 || rc > 2)
		fail = fuzz_fail("parse go float: code %d", rc);
	if (!fail && rc == 0)
		fail = fuzz_check_go_float(v);

	n = size / sizeof(double);
	if (n > sizeof(vals) / sizeof(vals[0]))
		n = sizeof(vals) / sizeof(vals[0]);
	for (i = 0; i < n; i++)
		memcpy(&vals[i], data + i * sizeof(double), sizeof(double));
	for (i = 0; i < n && !fail; i++)
		fail = fuzz_check_go_float(vals[i]);
	for (k = 0; k < 2 && !fail; k++) {
		sc = cbs_unit_common_scale(vals, n, k ? CBS_UNIT_BINARY :
		    CBS_UNIT_DECIMAL);
		if (sc.prefix == NULL || sc.prec < 0 || sc.prec > 20 ||
		    !(sc.factor > 0))
			fail = fuzz_fail("scale: prec %d factor %g", sc.prec,
			    sc.factor);
		for (i = 0; i < n && !fail; i++) {
			cbs_unit_format(sc, vals[i], buf, sizeof(buf));
			if (memchr(buf, '\0', sizeof(buf)) == NULL ||
			    strlen(buf) >= sizeof(buf) - 1)
				fail = fuzz_fail("format: %a too long", vals[i]);
			cbs_unit_format(sc, vals[i], tiny, sizeof(tiny));
			if (memchr(tiny, '\0', sizeof(tiny)) == NULL)
				fail = fuzz_fail("format: not terminated");
			cbs_fmt_go_float(vals[i], tiny, sizeof(tiny));
			if (memchr(tiny, '\0', sizeof(tiny)) == NULL)
				fail = fuzz_fail("go float: not terminated");
		}
	}
	free(s);
	return fail;
}

/* ------------------------------------------------------------ output checks */

/* @return the number of CSV records in s, or -1 if it is malformed. */
static long
fuzz_csv_records(const char *s, size_t len)
{
	size_t i = 0;
	long records = 0;
	int field_start = 1;

	while (i < len) {
		if (field_start && s[i] == '"') {
			for (i++;; i++) {
				if (i >= len)
					return -1;
				if (s[i] != '"')
					continue;
				if (i + 1 < len && s[i + 1] == '"') {
					i++;
					continue;
				}
				break;
			}
			i++;
			if (i >= len || (s[i] != ',' && s[i] != '\n'))
				return -1;
			continue;
		}
		if (s[i] == '"')
			return -1;
		if (s[i] == '\r' && !field_start)
			return -1;
		field_start = s[i] == ',' || s[i] == '\n';
		if (s[i] == '\n')
			records++;
		i++;
	}
	return len > 0 && s[len - 1] != '\n' ? -1 : records;
}

/* The records cbs_format_csv writes for ts. */
static long
fuzz_csv_expected(const struct cbs_tables *ts)
{
	const struct cbs_table *t, *prev = NULL;
	size_t i, k;
	long n = 0;

	for (i = 0; i < ts->ntables; i++, prev = t) {
		t = &ts->tables[i];
		n += i > 0;
		for (k = 0; k < t->nkey; k++)
			n += prev == NULL ||
			    strcmp(cbs_table_key_value(prev, k),
			    cbs_table_key_value(t, k)) != 0;
		n += (long)t->ncol_fields + 1 + (long)t->nrows + 1;
	}
	return n;
}

/*
 * Text output: a line may end in white space only when it is a table's
 * "key: value" configuration line (values keep their blanks).
 */
static int
fuzz_check_text(const struct cbs_tables *ts, const char *s, size_t len)
{
	const char *line = s, *nl, *end = s + len;
	size_t i, k, n, klen;
	int ok;

	if (len > 0 && s[len - 1] != '\n')
		return fuzz_fail("text: no final newline");
	for (; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = (size_t)(nl - line);
		if (n == 0 || (line[n - 1] != ' ' && line[n - 1] != '\t'))
			continue;
		for (ok = 0, i = 0; i < ts->ntables && !ok; i++) {
			const struct cbs_table *t = &ts->tables[i];

			for (k = 0; k < t->nkey && !ok; k++) {
				const char *v = cbs_table_key_value(t, k);

				klen = strlen(t->key_names[k]);
				ok = n == klen + 2 + strlen(v) &&
				    memcmp(line, t->key_names[k], klen) == 0 &&
				    memcmp(line + klen, ": ", 2) == 0 &&
				    memcmp(line + klen + 2, v, n - klen - 2) == 0;
			}
		}
		if (!ok)
			return fuzz_fail("text: trailing blank in \"%.*s\"",
			    (int)(n > 200 ? 200 : n), line);
	}
	return 0;
}

/* Markdown: the rows of a table have as many unescaped '|' as its
 * header. */
static int
fuzz_check_markdown(const char *s, size_t len)
{
	const char *line = s, *nl, *end = s + len;
	size_t i, n, bars, want = 0;
	int in_table = 0;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		n = (size_t)(nl - line);
		if (n == 0 || line[0] != '|') {
			in_table = 0;
			continue;
		}
		for (bars = 0, i = 0; i < n; i++) {
			if (line[i] == '\\')
				i++;
			else if (line[i] == '|')
				bars++;
		}
		if (!in_table) {
			want = bars;
			in_table = 1;
		} else if (bars != want)
			return fuzz_fail("markdown: %zu cells, header has %zu: "
			    "\"%.*s\"", bars, want, (int)(n > 200 ? 200 : n),
			    line);
	}
	return 0;
}

/* HTML: the input's text is escaped, so every '<' opens one of the
 * report's own tags, and no control byte but the newline is left. */
static int
fuzz_check_html(const char *s, size_t len)
{
	size_t i;
	char c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if ((unsigned char)c < 0x20 && c != '\n')
			return fuzz_fail("html: control byte 0x%02x at %zu",
			    (unsigned char)c, i);
		if (c == '<' && (i + 1 >= len || !(s[i + 1] == '/' ||
		    s[i + 1] == '!' || (s[i + 1] >= 'a' && s[i + 1] <= 'z'))))
			return fuzz_fail("html: stray '<' at %zu", i);
		if (c == '<' && len - i >= 7 && memcmp(s + i, "<script", 7) ==
		    0)
			return fuzz_fail("html: a script at %zu", i);
	}
	return 0;
}

/* The HTML report of ts as sorted by the gate g (or NULL). */
static int
fuzz_html(const struct cbs_tables *ts, const struct cbs_report_opts *ro)
{
	struct fuzz_out out = { NULL, NULL, 0 };
	int rc, fail = 0;

	if (fuzz_out_open(&out) != 0)
		return 0;
	rc = cbs_format_html(ts, ro, out.fp);
	if (fuzz_out_close(&out) != 0 || rc == CBS_ENOMEM)
		;	/* Out of memory: nothing to check. */
	else if (rc != 0)
		fail = fuzz_fail("html failed: %d", rc);
	else if (!cbs_utf8_valid(out.buf, out.len))
		fail = fuzz_fail("html: invalid UTF-8");
	else
		fail = fuzz_check_html(out.buf, out.len);
	fuzz_out_free(&out);
	return fail;
}

/* Strict JSON (RFC 8259) by jansson: tests/jsonok.h. */
static int
fuzz_check_json(const char *s, size_t len)
{
	char msg[256];

	if (jsonok_valid(s, len, msg, sizeof(msg)))
		return 0;
	return fuzz_fail("json: invalid: %s", msg);
}

/* ------------------------------------------------------------ check */

/*
 * Every field touched, and the line made whole in a buffer of the size
 * the library asks for; a line of another length is not counted, which
 * the callers' count checks report.
 */
static void
fuzz_on_regression(const struct cbs_regression *r, void *ctx)
{
	size_t *n = ctx, len = cbs_regression_line_size(r);
	char *line = malloc(len);

	if (line == NULL)
		return;
	if (strlen(cbs_regression_line(r, line, len)) + 1 == len)
		(*n)++;
	free(line);
	if (r->file != NULL)
		fuzz_touch(r->file);
	fuzz_touch(r->config);
	fuzz_touch(r->benchmark);
	fuzz_touch(r->unit);
	fuzz_touch(r->column);
	/* A run-wide line has no centres, change or test. */
	if (r->base != NULL)
		fuzz_touch(r->base);
	if (r->value != NULL)
		fuzz_touch(r->value);
	if (r->delta != NULL)
		fuzz_touch(r->delta);
	if (r->p != NULL)
		fuzz_touch(r->p);
}

/* -check over bytes: tables written by benchstat or cbenchstat. */
FUZZ_FN int
fuzz_check_bytes(const void *data, size_t size, const char *path)
{
	struct cbs_gate_opts o = { 5, 0.01, 0.95, 1, 1, 0 };
	char err[1024], *copy;
	size_t n = 0;
	FILE *fp;
	long rc;

	if ((fp = fuzz_open_bytes(data, size, &copy)) == NULL)
		return 0;
	err[0] = '\0';
	/* Strict: every line reported, regression or inconclusive, fails. */
	rc = cbs_check_read(fp, path, &o, fuzz_on_regression, &n, err,
	    sizeof(err));
	fclose(fp);
	free(copy);
	if (rc >= 0 && (size_t)rc != n)
		return fuzz_fail("check: %ld regressions, %zu reported", rc,
		    n);
	if (rc < 0 && rc != CBS_ENOMEM && rc != CBS_EIO && rc != CBS_EPARSE)
		return fuzz_fail("check: unexpected code %ld", rc);
	if (rc < 0 && err[0] == '\0')
		return fuzz_fail("check: error %ld without a message", rc);
	return 0;
}

FUZZ_FN int
fuzz_check_one(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return 0;
	return fuzz_check_bytes(data, size, "fuzz.diff");
}

/* ------------------------------------------------------------ pipeline */

struct fuzz_pipe {
	struct cbs_group *g;
	struct cbs_arena *a;		/* holds the kept diags' messages */
	struct cbs_diag *diags;
	size_t ndiags, capdiags;
};

static int
fuzz_pipe_result(const struct cbs_result *r, void *ctx)
{
	struct fuzz_pipe *p = ctx;

	return cbs_group_add(p->g, r);
}

static void
fuzz_pipe_diag(const struct cbs_diag *d, void *ctx)
{
	struct fuzz_pipe *p = ctx;
	struct cbs_diag *nd;
	const char *msg;
	size_t ncap;

	if (p->ndiags == p->capdiags) {
		ncap = p->capdiags ? p->capdiags * 2 : 8;
		if ((nd = realloc(p->diags, ncap * sizeof(*nd))) == NULL)
			return;
		p->diags = nd;
		p->capdiags = ncap;
	}
	/* d->msg lives for the call only, as the command knows too. */
	if ((msg = cbs_arena_strndup(p->a, d->msg, strlen(d->msg))) == NULL)
		return;
	p->diags[p->ndiags] = *d;
	p->diags[p->ndiags++].msg = msg;
}

/* Print ts in every format and check each output. */
static int
fuzz_format_all(const struct cbs_tables *ts, const struct fuzz_pipe *p)
{
	struct fuzz_out out = { NULL, NULL, 0 }, warn = { NULL, NULL, 0 };
	struct cbs_report_opts ro;
	long got, want;
	int k, rc = 0, fail = 0;

	memset(&ro, 0, sizeof(ro));
	ro.alpha = 0.05;
	ro.confidence = 0.95;
	ro.has_threshold = 1;
	ro.threshold = 5;
	ro.gate_geomean = 1;
	ro.diags = p->diags;
	ro.ndiags = p->ndiags;
	if ((fail = fuzz_html(ts, &ro)) != 0)
		return fail;
	for (k = 0; k < 4 && !fail; k++) {
		if (fuzz_out_open(&out) != 0 || fuzz_out_open(&warn) != 0)
			break;
		switch (k) {
		case 0:
			rc = cbs_format_text(ts, out.fp);
			break;
		case 1:
			rc = cbs_format_csv(ts, out.fp, warn.fp);
			break;
		case 2:
			rc = cbs_format_markdown(ts, &ro, out.fp);
			break;
		default:
			rc = cbs_format_json(ts, &ro, out.fp);
			break;
		}
		if (fuzz_out_close(&out) != 0 || fuzz_out_close(&warn) != 0 ||
		    rc == CBS_ENOMEM) {
			/* Out of memory: nothing to check. */
		} else if (rc != 0)
			fail = fuzz_fail("format %d failed: %d", k, rc);
		else if (k >= 2 && !cbs_utf8_valid(out.buf, out.len))
			/* Text and CSV keep the input's bytes, as upstream
			 * does; Markdown and JSON must stay UTF-8. */
			fail = fuzz_fail("format %d: invalid UTF-8", k);
		else if (k == 0) {
			if ((fail = fuzz_check_text(ts, out.buf, out.len)) ==
			    0)
				fail = fuzz_check_bytes(out.buf, out.len,
				    "out.txt");
		} else if (k == 1) {
			got = fuzz_csv_records(out.buf, out.len);
			want = fuzz_csv_expected(ts);
			if (got != want)
				fail = fuzz_fail("csv: %ld records, want %ld",
				    got, want);
		} else if (k == 2)
			fail = fuzz_check_markdown(out.buf, out.len);
		else
			fail = fuzz_check_json(out.buf, out.len);
		fuzz_out_free(&out);
		fuzz_out_free(&warn);
	}
	fuzz_out_free(&out);
	fuzz_out_free(&warn);
	return fail;
}

static int
fuzz_html_gated(const struct cbs_tables *ts, const struct cbs_gate *g,
    const struct fuzz_pipe *p)
{
	struct cbs_report_opts ro;

	memset(&ro, 0, sizeof(ro));
	ro.alpha = 0.05;
	ro.confidence = 0.95;
	ro.has_threshold = 1;
	ro.threshold = 5;
	ro.gate = g;
	ro.diags = p->diags;
	ro.ndiags = p->ndiags;
	ro.sort = CBS_SORT_CHANGE;
	return fuzz_html(ts, &ro);
}

/*
 * Two files split at the first NUL byte -> reader -> group (default
 * options) -> tables -> every format, the gate, the order by change
 * and the HTML report with the gate's verdicts.
 */
FUZZ_FN int
fuzz_pipeline_one(const uint8_t *data, size_t size)
{
	static const char *const label[] = { "old", "new" };
	const uint8_t *file[2], *nul;
	size_t len[2], i, nreg = 0;
	struct fuzz_pipe p;
	struct cbs_group_opts gopts;
	struct cbs_table_opts topts;
	struct cbs_arena *a = NULL;
	struct cbs_intern *t = NULL;
	struct cbs_reader *r = NULL;
	struct cbs_tables *ts;
	struct cbs_gate_opts gate_opts;
	struct cbs_gate *gate = NULL;
	struct cbs_gate_counts counts;
	char err[1024], *copy;
	FILE *fp;
	long nr;
	int rc, fail = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	memset(&p, 0, sizeof(p));
	memset(&gopts, 0, sizeof(gopts));	/* upstream's defaults */
	file[0] = data;
	len[0] = size;
	file[1] = NULL;
	len[1] = 0;
	if (size > 0 && (nul = memchr(data, '\0', size)) != NULL) {
		len[0] = (size_t)(nul - data);
		file[1] = nul + 1;
		len[1] = size - len[0] - 1;
	}
	if ((a = cbs_arena_new()) == NULL || (t = cbs_intern_new(a)) == NULL ||
	    (r = cbs_reader_new(a, t)) == NULL ||
	    cbs_group_new(a, t, &gopts, &p.g, err, sizeof(err)) != 0)
		goto out;
	p.a = a;
	for (i = 0; i < 2 && file[i] != NULL; i++) {
		if ((fp = fuzz_open_bytes(file[i], len[i], &copy)) == NULL)
			goto out;
		rc = cbs_reader_read(r, fp, label[i], label[i],
		    fuzz_pipe_result, fuzz_pipe_diag, &p, err, sizeof(err));
		fclose(fp);
		free(copy);
		if (rc != 0)
			goto out;	/* the command stops here too */
	}
	memset(&topts, 0, sizeof(topts));
	topts.confidence = 0.95;
	topts.alpha = 0.05;
	topts.units = r;
	topts.keep_run_order = 1;
	if (cbs_tables_build(p.g, &topts, &ts) != 0)
		goto out;
	if ((fail = fuzz_format_all(ts, &p)) != 0)
		goto out;
	memset(&gate_opts, 0, sizeof(gate_opts));
	gate_opts.threshold = 5;
	gate_opts.alpha = 0.01;
	gate_opts.confidence = 0.95;
	gate_opts.gate_geomean = 1;
	gate_opts.gate_leaks = 1;	/* leak.c reads every memory cell */
	if ((rc = cbs_gate_new(ts, &gate_opts, &gate)) != 0) {
		if (rc != CBS_ENOMEM)
			fail = fuzz_fail("gate: unexpected code %d", rc);
		goto out;
	}
	/* Worst first by the gate's verdicts, into the HTML report. */
	if ((rc = cbs_tables_sort(a, ts, gate, CBS_SORT_CHANGE)) != 0) {
		if (rc != CBS_ENOMEM)
			fail = fuzz_fail("sort: unexpected code %d", rc);
		goto out;
	}
	if ((fail = fuzz_html_gated(ts, gate, &p)) != 0)
		goto out;
	nr = cbs_gate_report(gate, ts, fuzz_on_regression, &nreg);
	cbs_gate_count(gate, &counts);
	if ((size_t)nr != counts.regression + counts.new_leaks ||
	    counts.new_leaks > counts.leaks ||
	    nreg < counts.regression + counts.inconclusive + counts.leaks)
		fail = fuzz_fail("gate: %ld failing, %zu regressions, %zu new "
		    "leaks of %zu, %zu lines", nr, counts.regression,
		    counts.new_leaks, counts.leaks, nreg);
out:
	cbs_gate_free(gate);
	free(p.diags);
	cbs_group_free(p.g);
	cbs_reader_free(r);
	cbs_intern_free(t);
	cbs_arena_free(a);
	return fail;
}

#endif /* FUZZ_TARGETS_H */
