/*
 * compare.c: a program that embeds libcbenchstat through its public
 * header alone.  It compares two benchmark files as `cbenchstat
 * -threshold PERCENT OLD NEW` does: the tables in upstream's text format,
 * then one line per regression, all on standard output.
 *
 * usage: compare PERCENT OLD NEW
 * Exit status: 0, 1 on any error, 2 when the gate finds a regression.
 *
 * `make check` builds it with -Iinclude only, so that it cannot reach
 * the library's internals, and compares its output with
 * examples/compare.expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbenchstat.h>

/* Each result read goes to its cells. */
static int
on_result(const struct cbs_result *r, void *ctx)
{
	return cbs_group_add(ctx, r);
}

/* A bad input line is worth a warning, not the end of the run. */
static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "compare: %s:%zu: %s\n", d->file, d->line, d->msg);
}

/* The line as long as its names: the library says how long. */
static void
on_regression(const struct cbs_regression *r, void *ctx)
{
	size_t len = cbs_regression_line_size(r);
	char *line = malloc(len);

	(void)ctx;
	if (line == NULL)
		return;
	printf("%s\n", cbs_regression_line(r, line, len));
	free(line);
}

/* Read path, labelled by its name as cbenchstat does. @return 0 or an
 * enum cbs_error, with err filled for CBS_EIO. */
static int
read_file(struct cbs_reader *rd, struct cbs_group *g, const char *path,
    char *err, size_t errlen)
{
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return CBS_EIO;
	}
	rc = cbs_reader_read(rd, fp, path, path, on_result, on_diag, g, err,
	    errlen);
	fclose(fp);
	return rc;
}

/* Build the tables, print them and gate them. @return 0 or an enum
 * cbs_error; *failed gets the number of cells that fail the gate. */
static int
report(struct cbs_reader *rd, struct cbs_group *g, double threshold,
    long *failed)
{
	struct cbs_table_opts to;
	struct cbs_gate_opts go;
	struct cbs_tables *t;
	struct cbs_gate *gate;
	int rc;

	memset(&to, 0, sizeof(to));
	to.confidence = 0.95;
	to.alpha = 0.05;
	to.units = rd;
	to.keep_run_order = 1;
	if ((rc = cbs_tables_build(g, &to, &t)) != 0)
		return rc;
	memset(&go, 0, sizeof(go));
	go.threshold = threshold;
	go.alpha = 0.01;
	go.confidence = 0.95;
	if ((rc = cbs_gate_new(t, &go, &gate)) != 0)
		return rc;
	if ((rc = cbs_format_text(t, stdout)) == 0)
		*failed = cbs_gate_report(gate, t, on_regression, NULL);
	cbs_gate_free(gate);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct cbs_group_opts gopts;
	struct cbs_arena *arena = NULL;
	struct cbs_intern *strings = NULL;
	struct cbs_reader *rd = NULL;
	struct cbs_group *g = NULL;
	char err[1024];
	double threshold;
	long failed = 0;
	int i, rc;

	if (argc != 4 || cbs_parse_go_float(argv[1], strlen(argv[1]),
	    &threshold) != 0 || !(threshold >= 0)) {
		fprintf(stderr, "usage: compare PERCENT OLD NEW\n");
		return 1;
	}
	err[0] = '\0';
	memset(&gopts, 0, sizeof(gopts));	/* upstream's defaults */
	rc = CBS_ENOMEM;
	if ((arena = cbs_arena_new()) == NULL ||
	    (strings = cbs_intern_new(arena)) == NULL ||
	    (rd = cbs_reader_new(arena, strings)) == NULL ||
	    (rc = cbs_group_new(arena, strings, &gopts, &g, err,
	    sizeof(err))) != 0)
		goto out;
	for (i = 2; i < 4 && rc == 0; i++)
		rc = read_file(rd, g, argv[i], err, sizeof(err));
	if (rc == 0)
		rc = report(rd, g, threshold, &failed);
	if (rc == 0 && fflush(stdout) != 0)
		rc = CBS_EIO;
out:
	if (rc != 0)
		fprintf(stderr, "compare: %s\n", err[0] != '\0' ? err :
		    cbs_strerror(rc));
	cbs_group_free(g);
	cbs_reader_free(rd);
	cbs_intern_free(strings);
	cbs_arena_free(arena);
	return rc != 0 ? 1 : failed > 0 ? 2 : 0;
}
