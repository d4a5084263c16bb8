/*
 * main.c: the cbenchstat command.  It parses flags, opens the inputs and
 * wires the library's stages together: read -> group -> tables -> format.
 *
 * Exit status: 0 on success, 1 on any error (usage, I/O, bad input or
 * flag value), 2 reserved for the regression gate.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cbenchstat.h>

#define EXIT_ERROR 1

static const char synopsis[] =
"usage: cbenchstat [-alpha α] [-col projection] [-confidence level]\n"
"                  [-filter query] [-format text|csv] [-ignore keys]\n"
"                  [-row projection] [-table projection] input ...\n";

static const char usage_text[] =
"\n"
"cbenchstat computes statistical summaries and A/B comparisons of Go\n"
"benchmarks, with the output of Go's benchstat.  Each input is a file of\n"
"\"go test -bench\" output, \"label=file\", or \"-\" for standard input.\n"
"\n"
"  -alpha α             consider a change significant if p < α (0.05)\n"
"  -col projection      split results into columns by it (.file)\n"
"  -confidence level    confidence level for ranges (0.95)\n"
"  -filter query        use only benchmarks matching query (*)\n"
"  -format text|csv     output format (text); csv warnings go to stderr\n"
"  -ignore keys         ignore variations in keys\n"
"  -row projection      split results into rows by it (.fullname)\n"
"  -table projection    split results into tables by it (.config)\n"
"\n"
"Exit status: 0 success, 1 error.  See cbenchstat(1).\n";

struct options {
	struct cbs_group_opts group;
	double alpha;
	double confidence;
	const char *format;
	char **inputs;
	size_t ninputs;
};

static void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
errmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cbenchstat: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
usage_error(const char *msg, const char *arg)
{
	errmsg("%s%s", msg, arg);
	fputs(synopsis, stderr);
	fputs("Run 'cbenchstat -h' for the flags.\n", stderr);
	return EXIT_ERROR;
}

/* A float flag value, with Go's syntax as the library reads it. */
static int
parse_float_flag(const char *name, const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno == ERANGE) {
		errmsg("invalid value \"%s\" for flag -%s: parse error", s,
		    name);
		return -1;
	}
	return 0;
}

/* Which option a flag name sets; NULL if none. */
static const char **
string_flag(struct options *o, const char *name)
{
	if (strcmp(name, "table") == 0)
		return &o->group.table;
	if (strcmp(name, "row") == 0)
		return &o->group.row;
	if (strcmp(name, "col") == 0)
		return &o->group.col;
	if (strcmp(name, "ignore") == 0)
		return &o->group.ignore;
	if (strcmp(name, "filter") == 0)
		return &o->group.filter;
	if (strcmp(name, "format") == 0)
		return &o->format;
	return NULL;
}

/*
 * Go's flag syntax: -name value, -name=value, with one or two dashes;
 * flags end at the first argument that is not one, or after "--".
 * @return -1 to exit 0 (help), 0 on success, or 1 on a usage error.
 */
static int
parse_args(int argc, char **argv, struct options *o)
{
	const char **sval, *value;
	char name[64], *eq;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		a += a[1] == '-' ? 2 : 1;
		snprintf(name, sizeof(name), "%s", a);
		if ((eq = strchr(name, '=')) != NULL)
			*eq = '\0';
		if (strcmp(name, "h") == 0 || strcmp(name, "help") == 0) {
			fputs(synopsis, stdout);
			fputs(usage_text, stdout);
			return -1;
		}
		sval = string_flag(o, name);
		if (sval == NULL && strcmp(name, "alpha") != 0 &&
		    strcmp(name, "confidence") != 0)
			return usage_error("flag provided but not defined: -",
			    name);
		if (strchr(a, '=') != NULL)
			value = strchr(a, '=') + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return usage_error("flag needs an argument: -", name);
		if (sval != NULL)
			*sval = value;
		else if (parse_float_flag(name, value, strcmp(name, "alpha") ==
		    0 ? &o->alpha : &o->confidence) != 0)
			return EXIT_ERROR;
	}
	o->inputs = argv + i;
	o->ninputs = (size_t)(argc - i);
	if (o->ninputs == 0)
		return usage_error("no inputs", "");
	return 0;
}

static int
check_options(const struct options *o)
{
	if (!(o->alpha >= 0 && o->alpha <= 1)) {
		errmsg("-alpha must be in range [0, 1]");
		return -1;
	}
	if (!(o->confidence >= 0 && o->confidence <= 1)) {
		errmsg("-confidence must be in range [0, 1]");
		return -1;
	}
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "csv") != 0) {
		errmsg("-format must be text or csv");
		return -1;
	}
	return 0;
}

/* Open every input before reading any, so that a missing file fails the
 * run before any work or output. */
static int
open_inputs(const struct cbs_input *in, size_t n, FILE **fps)
{
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in[i].is_stdin) {
			fps[i] = stdin;
			continue;
		}
		if ((fps[i] = fopen(in[i].path, "r")) == NULL) {
			errmsg("open %s: %s", in[i].path, strerror(errno));
			return -1;
		}
		if (fstat(fileno(fps[i]), &st) == 0 && S_ISDIR(st.st_mode)) {
			errmsg("read %s: %s", in[i].path, strerror(EISDIR));
			return -1;
		}
	}
	return 0;
}

static void
print_diag(const struct cbs_diag *d, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s:%zu: %s\n", d->file, d->line, d->msg);
}

static int
add_result(const struct cbs_result *r, void *ctx)
{
	return cbs_group_add(ctx, r);
}

struct run {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_reader *reader;
	struct cbs_group *group;
	FILE **fps;
	size_t nfps;
};

static int
read_inputs(struct run *r, const struct options *o)
{
	struct cbs_input *in;
	size_t n, i;
	char err[1024];
	int rc;

	if (cbs_inputs_from_args(r->arena, o->inputs, o->ninputs, &in, &n) != 0)
		return CBS_ENOMEM;
	if ((r->fps = calloc(n, sizeof(*r->fps))) == NULL)
		return CBS_ENOMEM;
	r->nfps = n;
	if (open_inputs(in, n, r->fps) != 0)
		return CBS_EIO;
	for (i = 0; i < n; i++) {
		rc = cbs_reader_read(r->reader, r->fps[i], in[i].path,
		    in[i].label, add_result, print_diag, r->group, err,
		    sizeof(err));
		if (rc == CBS_EIO || rc == CBS_EPARSE) {
			errmsg("%s", err);
			return rc;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
print_tables(struct run *r, const struct options *o)
{
	struct cbs_table_opts topts;
	struct cbs_tables *t;
	int rc;

	topts.confidence = o->confidence;
	topts.alpha = o->alpha;
	topts.units = r->reader;
	if ((rc = cbs_tables_build(r->group, &topts, &t)) != 0)
		return rc;
	if (strcmp(o->format, "csv") == 0)
		return cbs_format_csv(t, stdout, stderr);
	return cbs_format_text(t, stdout);
}

static int
run_all(struct run *r, const struct options *o)
{
	char err[2048];
	int rc;

	r->arena = cbs_arena_new();
	if (r->arena == NULL || (r->strings = cbs_intern_new(r->arena)) == NULL ||
	    (r->reader = cbs_reader_new(r->arena, r->strings)) == NULL)
		return CBS_ENOMEM;
	rc = cbs_group_new(r->arena, r->strings, &o->group, &r->group, err,
	    sizeof(err));
	if (rc == CBS_EINVAL) {
		errmsg("%s", err);
		return rc;
	}
	if (rc != 0)
		return rc;
	if (check_options(o) != 0)
		return CBS_EINVAL;
	if ((rc = read_inputs(r, o)) != 0)
		return rc;
	return print_tables(r, o);
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nfps; i++)
		if (r->fps[i] != NULL && r->fps[i] != stdin)
			fclose(r->fps[i]);
	free(r->fps);
	cbs_group_free(r->group);
	cbs_reader_free(r->reader);
	cbs_intern_free(r->strings);
	cbs_arena_free(r->arena);
}

/* datamash's close_stdout: a full disk must not pass silently. */
static int
close_stdout(void)
{
	if (ferror(stdout) | (fclose(stdout) != 0)) {
		errmsg("write error: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct run r;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.alpha = 0.05;
	o.confidence = 0.95;
	o.format = "text";
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc < 0 ? (close_stdout() == 0 ? 0 : EXIT_ERROR) : rc;
	rc = run_all(&r, &o);
	run_free(&r);
	if (rc == CBS_ENOMEM)
		errmsg("%s", cbs_strerror(rc));
	else if (rc == CBS_EIO && ferror(stdout))
		errmsg("write error: %s", strerror(errno ? errno : EIO));
	if (close_stdout() != 0 || rc != 0)
		return EXIT_ERROR;
	return 0;
}
