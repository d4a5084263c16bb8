/*
 * test_keyvals.c: projection keys with many values (keyvals.c keeps
 * those in tries that share nodes between keys) must read back exactly
 * what was projected, whatever the sharing.
 *
 * Results carry up to 300 configuration keys that appear over time (so
 * keys grow from flat arrays through tries of one and two levels), with
 * one value or many changed or deleted between results.  Each distinct
 * configuration is a table; the tables' key values, read back through
 * cbs_table_key_value, must be exactly the configurations fed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"

#define NKEYS 300
#define NRESULTS 700
#define BUF_SIZE 32768

static uint64_t rng = 0x9e3779b97f4a7c15u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* "k=v\n" for each set key in name order: one configuration. */
static char *
describe(const char *const *names, const char *const *vals, size_t n)
{
	char *buf = malloc(BUF_SIZE), *o = buf;
	size_t i, j, *ord = malloc((n + 1) * sizeof(*ord)), t;

	assert_non_null(buf);
	assert_non_null(ord);
	for (i = 0; i < n; i++)
		ord[i] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[ord[j - 1]],
		    names[ord[j]]) > 0; j--) {
			t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	*o = '\0';
	for (i = 0; i < n; i++)
		if (vals[ord[i]] != NULL && vals[ord[i]][0] != '\0')
			o += sprintf(o, "%s=%s\n", names[ord[i]],
			    vals[ord[i]]);
	free(ord);
	return buf;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_keys_read_back(void **state)
{
	static const char *const choices[] = { "", "a", "b", "c", "dd" };
	struct cbs_arena *arena = cbs_arena_new();
	struct cbs_intern *strings;
	struct cbs_group *group;
	struct cbs_group_opts go;
	struct cbs_table_opts to;
	struct cbs_tables *ts;
	struct cbs_config cfg[NKEYS];
	struct cbs_value v;
	struct cbs_result r;
	const char *names[NKEYS], *vals[NKEYS], *tv[NKEYS];
	char *want[NRESULTS], *got[NRESULTS], err[256], name[32];
	size_t nwant = 0, i, k, nk, ncfg, live = 8;
	int rc;

	(void)state;
	assert_non_null(arena);
	strings = cbs_intern_new(arena);
	assert_non_null(strings);
	memset(&go, 0, sizeof(go));
	rc = cbs_group_new(arena, strings, &go, &group, err, sizeof(err));
	assert_int_equal(rc, 0);
	for (k = 0; k < NKEYS; k++) {
		snprintf(name, sizeof(name), "key%zu", k);
		names[k] = cbs_intern(strings, name, strlen(name));
		vals[k] = "";
	}
	for (i = 0; i < NRESULTS; i++) {
		/* New keys keep appearing for the first half. */
		if (live < NKEYS && i < NRESULTS / 2)
			live += 1 + rnd(2);
		if (live > NKEYS)
			live = NKEYS;
		nk = rnd(10) == 0 ? 1 + rnd((unsigned)live) : 1;
		while (nk-- > 0) {
			k = rnd((unsigned)live);
			vals[k] = choices[rnd(LEN(choices))];
		}
		for (ncfg = 0, k = 0; k < live; k++) {
			if (vals[k][0] == '\0')
				continue;
			cfg[ncfg].key = names[k];
			cfg[ncfg].value = cbs_intern(strings, vals[k],
			    strlen(vals[k]));
			cfg[ncfg++].is_file = 1;
		}
		want[nwant++] = describe(names, vals, live);
		memset(&v, 0, sizeof(v));
		v.value = v.orig_value = (double)i;
		v.unit = cbs_intern(strings, "sec/op", 6);
		memset(&r, 0, sizeof(r));
		r.name = "X";
		r.name_len = 1;
		r.iters = 1;
		r.config = cfg;
		r.nconfig = ncfg;
		r.values = &v;
		r.nvalues = 1;
		r.path = "in";
		r.line = i + 1;
		assert_int_equal(cbs_group_add(group, &r), 0);
	}
	/* Distinct configurations, one table each. */
	qsort(want, nwant, sizeof(*want), cmp_str);
	for (i = 1, k = 1; i < nwant; i++) {
		if (strcmp(want[i], want[k - 1]) == 0) {
			free(want[i]);
			continue;
		}
		want[k++] = want[i];
	}
	nwant = k;
	memset(&to, 0, sizeof(to));
	to.confidence = 0.95;
	to.alpha = 0.05;
	assert_int_equal(cbs_tables_build(group, &to, &ts), 0);
	assert_int_equal(ts->ntables, nwant);
	for (i = 0; i < ts->ntables; i++) {
		const struct cbs_table *t = &ts->tables[i];

		assert_true(t->nkey <= NKEYS);
		for (k = 0; k < t->nkey; k++)
			tv[k] = cbs_table_key_value(t, k);
		got[i] = describe(t->key_names, tv, t->nkey);
	}
	qsort(got, ts->ntables, sizeof(*got), cmp_str);
	for (i = 0; i < nwant; i++) {
		assert_string_equal(got[i], want[i]);
		free(got[i]);
		free(want[i]);
	}
	cbs_group_free(group);
	cbs_intern_free(strings);
	cbs_arena_free(arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
