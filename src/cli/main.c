/*
 * main.c: the cbenchstat command.  It parses flags, opens the inputs and
 * wires the library's stages together: read -> group -> tables -> gate
 * -> sort -> format (the gate's lines last); or, with -check, reads
 * tables already written and gates them.
 *
 * Exit status: 0 on success, 1 on any error (usage, I/O, bad input or
 * flag value), 2 when the regression gate finds a regression.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cbenchstat.h>

#include "cli_inputs.h"
#include "cli_out.h"
#include "cmd_history.h"

#define EXIT_ERROR 1
#define EXIT_REGRESSION 2

static const char synopsis[] =
"usage: cbenchstat [-alpha α] [-col projection] [-confidence level]\n"
"                  [-filter query] [-format text|csv|markdown|json|html]\n"
"                  [-gate-alpha level] [-gate-geomean] [-gate-leaks]\n"
"                  [-gate-strict] [-ignore keys] [-input-format name]\n"
"                  [-o file] [-row projection] [-sort change|name|input]\n"
"                  [-table projection]\n"
"                  [-threshold percent] input ...\n"
"       cbenchstat -check [-gate-alpha level] [-gate-geomean]\n"
"                  [-gate-strict] [-o file] [-threshold percent]\n"
"                  file.diff ...\n"
"       cbenchstat record -db db [-alert] [-branch name] [-commit id]\n"
"                  [-commit-time seconds] [-confidence level]\n"
"                  [-gate-alpha level] [-parent id] [-threshold percent]\n"
"                  input ...\n"
"       cbenchstat history -db db [-branch name] [-confidence level]\n"
"                  [-filter query] [-format text|csv|markdown|json|html]\n"
"                  [-gate-alpha level] [-last n] [-since commit]\n"
"                  [-threshold percent]\n"
"       cbenchstat history -db db -copy-to db\n"
"       cbenchstat -db db [-base-branch name] [-base-commits k]\n"
"                  [-commit id] [-confidence level] [-gate-alpha level]\n"
"                  -threshold percent input\n";

static const char usage_text[] =
"\n"
"cbenchstat computes statistical summaries and A/B comparisons of Go\n"
"benchmarks, with the output of Go's benchstat.  Each input is a file of\n"
"\"go test -bench\" output (or go test -json, Google Benchmark JSON,\n"
"hyperfine JSON), \"label=file\", or \"-\" for standard input.\n"
"\n"
"  -alert               record: exit 2 when the run brings a regression\n"
"  -alpha α             consider a change significant if p <= α (0.05)\n"
"  -base-branch name    history gate: baseline commits' branch (main)\n"
"  -base-commits k      history gate: baseline commits (20)\n"
"  -branch name         record: the branch; history: only its commits\n"
"  -check               gate tables already written (.diff files)\n"
"  -col projection      split results into columns by it (.file)\n"
"  -commit id           the run's commit (default: git's HEAD)\n"
"  -commit-time seconds the commit's time, Unix seconds (default: git)\n"
"  -confidence level    confidence level for ranges (0.95)\n"
"  -copy-to db          history: copy every run of -db into db\n"
"  -db db               the history: a SQLite file or a PostgreSQL\n"
"                       connection string ($CBENCHSTAT_DB)\n"
"  -filter query        use only benchmarks matching query (*)\n"
"  -format name         text, csv, markdown, json or html (text)\n"
"  -gate-alpha level    family-wise false-alarm level of the gate (0.01)\n"
"  -gate-geomean        let geomean rows fail the gate too\n"
"  -gate-leaks          let new memory leaks fail the gate too\n"
"  -gate-strict         let inconclusive cells fail the gate too\n"
"  -ignore keys         ignore variations in keys\n"
"  -input-format name   auto, go, test2json, gbench or hyperfine (auto)\n"
"  -last n              history: only the last n commits\n"
"  -o file              write the output to file, atomically\n"
"  -parent id           the commit's parent (default: git's HEAD^)\n"
"  -row projection      split results into rows by it (.fullname)\n"
"  -since commit        history: only the changes found after commit\n"
"  -sort order          rows by change (worst first), name or input\n"
"                       (default: input; html: change)\n"
"  -table projection    split results into tables by it (.config)\n"
"  -threshold percent   exit 2 on a sure regression over percent\n"
"                       (default: $THRESHOLD_PERCENT, else no gate)\n"
"  -version             print the version and exit\n"
"\n"
"Exit status: 0 success, 1 error, 2 regression.  See cbenchstat(1).\n";

struct options {
	struct cbs_group_opts group;
	double alpha;
	double confidence;
	const char *format;
	const char *input_format;
	const char *output;
	const char *sort;	/* NULL: upstream's order */
	int check;
	int gate_geomean;
	int gate_strict;
	int gate_leaks;
	double gate_alpha;
	int has_threshold;
	double threshold;
	char **inputs;
	size_t ninputs;
	char stray[64];		/* the first flag given that -check ignores */
	struct cmd_history_opts hist;	/* record, history, -db */
	char given[32][64];	/* the flags given, for the modes' checks */
	size_t ngiven;
};

/*
 * Everything main.c writes to stderr is one line through msgline:
 * warnmsg as is (input diagnostics, gate verdicts), errmsg with
 * "cbenchstat: " first.  CSV's cell warnings are cbs_format_csv's, on
 * the stream it is handed.
 */
static void msgline(const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define warnmsg(...)	msgline("", __VA_ARGS__)
#define errmsg(...)	msgline("cbenchstat: ", __VA_ARGS__)

static void
msgline(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	fputs(prefix, stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The message, arg[0..len) whole, and the synopsis. */
static int
usage_error_n(const char *msg, const char *arg, size_t len)
{
	errmsg("%s%.*s", msg, (int)len, arg);
	warnmsg("%sRun 'cbenchstat -h' for the flags.", synopsis);
	return EXIT_ERROR;
}

static int
usage_error(const char *msg, const char *arg)
{
	return usage_error_n(msg, arg, strlen(arg));
}

/* ------------------------------------------------------ flags */

/*
 * A float flag as Go's flag package reads one, with strconv.ParseFloat:
 * no blanks around the number (" 0.01" is a parse error), underscores
 * and hex allowed, overflow "value out of range".  The library parser
 * ignores the locale, though the CLI never sets one.  NaN parses; the
 * range checks of -alpha and -confidence then refuse it.
 */
static int
parse_float_flag(const char *name, const char *s, double *out)
{
	char *q;
	int rc;

	if ((rc = cbs_parse_go_float(s, strlen(s), out)) != 0) {
		q = cbs_go_quote(s, strlen(s));
		errmsg("invalid value %s for flag -%s: %s", q != NULL ? q :
		    "(out of memory)", name, rc == 1 ? "parse error" :
		    rc == 2 ? "value out of range" : cbs_strerror(rc));
		free(q);
		return -1;
	}
	return 0;
}

/* A threshold: "5" or "5%", a finite percentage >= 0. */
static int
parse_threshold(const char *what, const char *s, double *out)
{
	size_t len = strlen(s);
	char *q;

	/* Go's number syntax, whatever the locale: no blanks around it. */
	if (len > 0 && s[len - 1] == '%')
		len--;
	if (len == 0 || cbs_parse_go_float(s, len, out) != 0 ||
	    !isfinite(*out) || *out < 0) {
		q = cbs_go_quote(s, strlen(s));
		errmsg("invalid %s %s: want a percentage >= 0, such as 5 "
		    "or 5%%", what, q != NULL ? q : "(out of memory)");
		free(q);
		return -1;
	}
	return 0;
}

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
	if (strcmp(name, "input-format") == 0)
		return &o->input_format;
	if (strcmp(name, "o") == 0)
		return &o->output;
	if (strcmp(name, "sort") == 0)
		return &o->sort;
	return cmd_history_flag(&o->hist, name);
}

static int *
bool_flag(struct options *o, const char *name)
{
	if (strcmp(name, "check") == 0)
		return &o->check;
	if (strcmp(name, "gate-geomean") == 0)
		return &o->gate_geomean;
	if (strcmp(name, "gate-strict") == 0)
		return &o->gate_strict;
	if (strcmp(name, "gate-leaks") == 0)
		return &o->gate_leaks;
	if (strcmp(name, "alert") == 0)
		return &o->hist.alert;
	return NULL;
}

/* Set a flag that takes a value. @return 0 or EXIT_ERROR. */
static int
set_value_flag(struct options *o, const char *name, const char *value)
{
	const char **sval = string_flag(o, name);

	if (sval != NULL) {
		*sval = value;
		return 0;
	}
	if (strcmp(name, "threshold") == 0) {
		o->has_threshold = 1;
		return parse_threshold("-threshold", value, &o->threshold) ?
		    EXIT_ERROR : 0;
	}
	return parse_float_flag(name, value, strcmp(name, "alpha") == 0 ?
	    &o->alpha : strcmp(name, "gate-alpha") == 0 ? &o->gate_alpha :
	    &o->confidence) ? EXIT_ERROR : 0;
}

/* The flags that mean something to -check; it refuses every other. */
static int
check_takes(const char *name)
{
	static const char *const takes[] = { "check", "gate-alpha",
	    "gate-geomean", "gate-strict", "o", "threshold" };
	size_t i;

	for (i = 0; i < sizeof(takes) / sizeof(takes[0]); i++)
		if (strcmp(name, takes[i]) == 0)
			return 1;
	return 0;
}

static int
is_value_flag(struct options *o, const char *name)
{
	return string_flag(o, name) != NULL || strcmp(name, "alpha") == 0 ||
	    strcmp(name, "confidence") == 0 || strcmp(name, "threshold") == 0 ||
	    strcmp(name, "gate-alpha") == 0;
}

/*
 * Go's flag syntax: -name value or -name=value, one or two dashes; a
 * boolean flag takes no value (or =true/=false).  Flags end at the first
 * argument that is not one, or after "--".
 * @return -1 to exit 0 (help, version), 0 on success, or EXIT_ERROR.
 */
static int
parse_args(int argc, char **argv, struct options *o)
{
	const char *a, *eq;
	char name[64];
	size_t n;
	int i, *bval;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		a += a[1] == '-' ? 2 : 1;
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
		/* No flag is as long as name: this one is named whole. */
		if (n >= sizeof(name))
			return usage_error_n("flag provided but not defined: "
			    "-", a, n);
		snprintf(name, sizeof(name), "%.*s", (int)n, a);
		if (strcmp(name, "h") == 0 || strcmp(name, "help") == 0) {
			fputs(synopsis, stdout);
			fputs(usage_text, stdout);
			return -1;
		}
		/* Packagers and bug reports need the version: CBS_VERSION. */
		if (strcmp(name, "version") == 0) {
			printf("cbenchstat %s\n", CBS_VERSION);
			return -1;
		}
		if (o->stray[0] == '\0' && !check_takes(name))
			snprintf(o->stray, sizeof(o->stray), "%s", name);
		if (o->ngiven < sizeof(o->given) / sizeof(o->given[0]))
			snprintf(o->given[o->ngiven++], sizeof(o->given[0]),
			    "%s", name);
		if ((bval = bool_flag(o, name)) != NULL) {
			if (eq != NULL && strcmp(eq + 1, "true") != 0 &&
			    strcmp(eq + 1, "false") != 0)
				return usage_error("invalid boolean value for "
				    "flag -", name);
			*bval = eq == NULL || strcmp(eq + 1, "true") == 0;
			continue;
		}
		if (!is_value_flag(o, name))
			return usage_error("flag provided but not defined: -",
			    name);
		if (eq == NULL && i + 1 >= argc)
			return usage_error("flag needs an argument: -", name);
		if (set_value_flag(o, name, eq ? eq + 1 : argv[++i]) != 0)
			return EXIT_ERROR;
	}
	o->inputs = argv + i;
	o->ninputs = (size_t)(argc - i);
	if (o->ninputs == 0 && !o->hist.no_inputs)
		return usage_error("no inputs", "");
	return 0;
}

/* -threshold wins over THRESHOLD_PERCENT; neither means no gate. */
static int
threshold_from_env(struct options *o)
{
	const char *env = getenv("THRESHOLD_PERCENT");

	if (o->has_threshold || env == NULL || *env == '\0')
		return 0;
	o->has_threshold = 1;
	return parse_threshold("THRESHOLD_PERCENT", env, &o->threshold);
}

/* @return the enum cbs_sort of -sort, or -1 for a bad name. */
static int
sort_order(const struct options *o)
{
	/* The HTML report has no upstream order to keep: its plots put
	 * the worst first. */
	if (o->sort == NULL)
		return strcmp(o->format, "html") == 0 ? CBS_SORT_CHANGE :
		    CBS_SORT_NONE;
	if (strcmp(o->sort, "input") == 0)
		return CBS_SORT_NONE;
	if (strcmp(o->sort, "change") == 0)
		return CBS_SORT_CHANGE;
	if (strcmp(o->sort, "name") == 0)
		return CBS_SORT_NAME;
	return -1;
}

static int
check_options(const struct options *o)
{
	static const char *const formats[] = { "text", "csv", "markdown",
	    "json", "html" };
	enum cbs_input_format informat;
	size_t i;

	if (!(o->alpha >= 0 && o->alpha <= 1)) {
		errmsg("-alpha must be in range [0, 1]");
		return -1;
	}
	if (!(o->confidence >= 0 && o->confidence <= 1)) {
		errmsg("-confidence must be in range [0, 1]");
		return -1;
	}
	if (!(o->gate_alpha > 0 && o->gate_alpha < 1)) {
		errmsg("-gate-alpha must be in range (0, 1)");
		return -1;
	}
	if (sort_order(o) < 0) {
		errmsg("-sort must be change, name or input");
		return -1;
	}
	if (cbs_input_format_parse(o->input_format, &informat) != 0) {
		errmsg("-input-format must be auto, go, test2json, gbench or "
		    "hyperfine");
		return -1;
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(o->format, formats[i]) == 0)
			return 0;
	errmsg("-format must be text, csv, markdown, json or html");
	return -1;
}

/* ------------------------------------------------------ inputs */

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

struct run {
	const struct options *opts;
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_reader *reader;
	struct cbs_group *group;
	struct cbs_input *in;
	FILE **fps;
	size_t nfps;
	struct cbs_diag *diags;		/* kept for JSON and HTML */
	size_t ndiags, capdiags;
	int diags_oom;			/* a diagnostic could not be kept */
	long regressions;
};

static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	struct run *r = ctx;
	char where[4096 + 32];
	const char *msg;

	warnmsg("%s: %s", cbs_diag_where(d, where, sizeof(where)), d->msg);
	if (strcmp(r->opts->format, "json") != 0 &&
	    strcmp(r->opts->format, "html") != 0)
		return;
	if (r->diags_oom)
		return;
	if (cbs_grow(&r->diags, &r->capdiags, r->ndiags + 1,
	    sizeof(*r->diags)) != 0 || (msg = cbs_arena_strndup(r->arena,
	    d->msg, strlen(d->msg))) == NULL) {
		/* The JSON report would silently lack it: the next result
		 * (or the end of the input) stops the run. */
		r->diags_oom = 1;
		return;
	}
	r->diags[r->ndiags] = *d;
	r->diags[r->ndiags++].msg = msg;	/* d->msg lives no longer */
}

static int
on_result(const struct cbs_result *res, void *ctx)
{
	struct run *r = ctx;

	int rc;

	if (r->diags_oom)
		return CBS_ENOMEM;
	if ((rc = cbs_group_add(r->group, res)) != 0 &&
	    *cbs_group_error(r->group) != '\0')
		errmsg("%s", cbs_group_error(r->group));
	return rc;
}

static int
prepare_inputs(struct run *r)
{
	const struct options *o = r->opts;
	size_t n;

	if (cbs_inputs_from_args(r->arena, o->inputs, o->ninputs, &r->in,
	    &n) != 0 || (r->fps = calloc(n, sizeof(*r->fps))) == NULL)
		return CBS_ENOMEM;
	r->nfps = n;
	return open_inputs(r->in, n, r->fps) != 0 ? CBS_EIO : 0;
}

static int
read_inputs(struct run *r)
{
	enum cbs_input_format informat = CBS_INPUT_AUTO;
	char err[1024];
	size_t i;
	int rc;

	/* check_options has vetted the name. */
	if (cbs_input_format_parse(r->opts->input_format, &informat) != 0)
		return CBS_EINVAL;

	for (i = 0; i < r->nfps; i++) {
		rc = cbs_reader_read_input(r->reader, r->fps[i], informat,
		    r->in[i].path, r->in[i].label,
		    on_result, on_diag, r, err, sizeof(err));
		if (rc == CBS_EIO || rc == CBS_EPARSE) {
			errmsg("%s", err);
			return rc;
		}
		if (rc != 0)
			return rc;
	}
	return r->diags_oom ? CBS_ENOMEM : 0;
}

/* ------------------------------------------------------ output */

static int
format_tables(const struct run *r, const struct cbs_tables *t,
    const struct cbs_gate *gate, FILE *out)
{
	const struct options *o = r->opts;
	struct cbs_report_opts ro;
	const char **labels;
	size_t i;
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.alpha = o->alpha;
	ro.confidence = o->confidence;
	ro.has_threshold = o->has_threshold;
	ro.threshold = o->has_threshold ? o->threshold : 0;
	ro.gate_geomean = o->gate_geomean;
	ro.gate = gate;
	ro.diags = r->diags;
	ro.ndiags = r->ndiags;
	ro.sort = sort_order(o);
	if (strcmp(o->format, "csv") == 0)
		return cbs_format_csv(t, out, stderr);
	if (strcmp(o->format, "markdown") == 0)
		return cbs_format_markdown(t, &ro, out);
	if (strcmp(o->format, "json") == 0)
		return cbs_format_json(t, &ro, out);
	if (strcmp(o->format, "html") == 0) {
		if ((labels = calloc(r->nfps + 1, sizeof(*labels))) == NULL)
			return CBS_ENOMEM;
		for (i = 0; i < r->nfps; i++)
			labels[i] = r->in[i].label;
		ro.inputs = labels;
		ro.ninputs = r->nfps;
		rc = cbs_format_html(t, &ro, out);
		free(labels);
		return rc;
	}
	return cbs_format_text(t, out);
}

/* ------------------------------------------------------ -o */

/*
 * A signal that ends the process must not leave -o's temporary file
 * behind.  The library installs no handlers; it hands out the path, kept
 * here for the handler.  The pointer is only changed with these signals
 * blocked, so the handler never sees it half-written or freed.
 */
static const int fatal_signals[] = { SIGHUP, SIGINT, SIGPIPE, SIGQUIT,
    SIGTERM, SIGXCPU, SIGXFSZ };
static const char *volatile pending_temp;

static void
on_fatal_signal(int sig)
{
	const char *t = pending_temp;

	if (t != NULL)
		(void)unlink(t);
	/* Die of the same signal, so the parent sees how the run ended. */
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void
fatal_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(set, fatal_signals[i]);
}

/* A signal ignored on entry (nohup, a shell's background job) stays
 * ignored. */
static void
catch_fatal_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	fatal_set(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			(void)sigaction(fatal_signals[i], &sa, NULL);
}

static void
block_fatal(sigset_t *old)
{
	sigset_t set;

	fatal_set(&set);
	(void)sigprocmask(SIG_BLOCK, &set, old);
}

/*
 * Replacing an input with the report would lose the input: refuse when
 * -o names a file that was opened as one (by any name: a symbolic link,
 * "label=path", standard input).  A character device, such as a
 * terminal, may be read and written both.
 * @return 0, or -1 after a message.
 */
static int
refuse_input_as_output(const struct run *r)
{
	const char *path = r->opts->output;
	struct stat out, in;
	size_t i;

	if (stat(path, &out) != 0 || S_ISCHR(out.st_mode))
		return 0;
	for (i = 0; i < r->nfps; i++) {
		if (r->fps[i] == NULL || fstat(fileno(r->fps[i]), &in) != 0 ||
		    in.st_dev != out.st_dev || in.st_ino != out.st_ino)
			continue;
		errmsg("%s: -o names the input %s; not overwriting it", path,
		    r->in[i].is_stdin ? "-" : r->in[i].path);
		return -1;
	}
	return 0;
}

/*
 * Open -o.  A FIFO may wait here for its reader, with the signals still
 * deliverable; the temporary file is created and recorded with them
 * blocked, so that no signal finds it created but not yet recorded.
 * @return 0, or CBS_EIO after a message.
 */
static int
open_output(const struct run *r, struct cbs_outfile **of)
{
	const char *path = r->opts->output;
	char err[256];
	sigset_t old;
	int rc;

	*of = NULL;
	if (refuse_input_as_output(r) != 0)
		return CBS_EIO;
	catch_fatal_signals();
	if (cbs_outfile_prepare(path, of, err, sizeof(err)) != 0) {
		errmsg("%s: %s", path, err);
		return CBS_EIO;
	}
	block_fatal(&old);
	rc = cbs_outfile_begin(*of, err, sizeof(err));
	if (rc == 0)
		pending_temp = cbs_outfile_temp_path(*of);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errmsg("%s: %s", path, err);
		cbs_outfile_abort(*of);
		*of = NULL;
		return CBS_EIO;
	}
	return 0;
}

/* Commit -o, or discard it when failed.  A failed write is an error
 * whatever its writer said.  @return 0, or CBS_EIO after a message. */
static int
close_output(const struct run *r, struct cbs_outfile *of, int failed)
{
	int saved = errno;	/* a failed write's, before it is changed */
	char err[256];
	sigset_t old;
	int rc = 0;

	block_fatal(&old);
	if (ferror(cbs_outfile_stream(of)))
		rc = cbs_outfile_fail(of, saved, err, sizeof(err));
	else if (failed)
		cbs_outfile_abort(of);
	else
		rc = cbs_outfile_commit(of, err, sizeof(err));
	pending_temp = NULL;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errmsg("%s: %s", r->opts->output, err);
		return CBS_EIO;
	}
	return 0;
}

/* Write to stdout, or to -o. */
static int
write_output(struct run *r, const struct cbs_tables *t,
    const struct cbs_gate *gate)
{
	struct cbs_outfile *of;
	int rc;

	if (r->opts->output == NULL)
		return format_tables(r, t, gate, stdout);
	if (open_output(r, &of) != 0)
		return CBS_EINVAL;
	if ((rc = format_tables(r, t, gate, cbs_outfile_stream(of))) != 0) {
		/* A write error has its message from close_output. */
		if (close_output(r, of, 1) == 0)
			errmsg("%s: write: %s", r->opts->output,
			    cbs_strerror(rc));
		return CBS_EINVAL;
	}
	return close_output(r, of, 0) != 0 ? CBS_EINVAL : 0;
}

/* The gate's settings from the flags; the shown interval falls back to
 * 95% when -confidence is 0 or 1 (upstream allows both). */
static void
gate_options(const struct options *o, struct cbs_gate_opts *g)
{
	memset(g, 0, sizeof(*g));
	g->threshold = o->threshold;
	g->alpha = o->gate_alpha;
	g->confidence = o->confidence > 0 && o->confidence < 1 ?
	    o->confidence : 0.95;
	g->gate_geomean = o->gate_geomean;
	g->strict = o->gate_strict;
	g->gate_leaks = o->gate_leaks;
}

/*
 * A gate that was given something to compare (two inputs, or a table
 * of two columns) but judged no comparison would pass on nothing: an
 * empty input, a -filter that matches nothing, a new file of other
 * benchmarks.  That is an error, said here.  One input of one column
 * has nothing to compare by design (its runs' drift is still checked).
 * @return 1 after the message, else 0.
 */
static int
gate_judged_nothing(const struct run *r, const struct cbs_tables *t,
    const struct cbs_gate *gate)
{
	size_t i, ncols = r->nfps;

	for (i = 0; i < t->ntables; i++)
		if (t->tables[i].ncols > ncols)
			ncols = t->tables[i].ncols;
	if (cbs_gate_compared(gate) > 0 || ncols < 2)
		return 0;
	errmsg("the gate judged nothing: no benchmark has results both in "
	    "the base column and in another (an empty input, a -filter "
	    "that matches nothing, or inputs of different benchmarks?)");
	return 1;
}

static int
report(struct run *r)
{
	const struct options *o = r->opts;
	struct cbs_table_opts topts;
	struct cbs_gate_opts gopts;
	struct cbs_gate *gate = NULL;
	struct cmd_line_out lo = { stderr, 0 };
	struct cbs_tables *t;
	int rc;

	memset(&topts, 0, sizeof(topts));
	topts.confidence = o->confidence;
	topts.alpha = o->alpha;
	topts.units = r->reader;
	/* The gate's drift check and the HTML report's runs need it. */
	topts.keep_run_order = o->has_threshold ||
	    strcmp(o->format, "html") == 0;
	if ((rc = cbs_tables_build(r->group, &topts, &t)) != 0)
		return rc;
	gate_options(o, &gopts);
	if (o->has_threshold && (rc = cbs_gate_new(t, &gopts, &gate)) != 0)
		return rc;
	/* Before any output: no report may say that such a gate passed. */
	if (gate != NULL && gate_judged_nothing(r, t, gate)) {
		cbs_gate_free(gate);
		return CBS_EINVAL;
	}
	if ((rc = cbs_tables_sort(r->arena, t, gate,
	    (enum cbs_sort)sort_order(o))) != 0) {
		cbs_gate_free(gate);
		return rc;
	}
	if ((rc = write_output(r, t, gate)) == 0 && gate != NULL) {
		r->regressions = cbs_gate_report(gate, t, cmd_print_regression,
		    &lo);
		rc = lo.oom ? CBS_ENOMEM : 0;
	}
	cbs_gate_free(gate);
	return rc;
}

static int
run_all(struct run *r)
{
	char err[2048];
	int rc;

	r->arena = cbs_arena_new();
	if (r->arena == NULL || (r->strings = cbs_intern_new(r->arena)) == NULL ||
	    (r->reader = cbs_reader_new(r->arena, r->strings)) == NULL)
		return CBS_ENOMEM;
	rc = cbs_group_new(r->arena, r->strings, &r->opts->group, &r->group,
	    err, sizeof(err));
	if (rc == CBS_EINVAL)
		errmsg("%s", err);
	if (rc != 0)
		return rc;
	if (check_options(r->opts) != 0)
		return CBS_EINVAL;
	if ((rc = prepare_inputs(r)) != 0 || (rc = read_inputs(r)) != 0)
		return rc;
	return report(r);
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nfps; i++)
		if (r->fps[i] != NULL && r->fps[i] != stdin)
			fclose(r->fps[i]);
	free(r->fps);
	free(r->diags);
	cbs_group_free(r->group);
	cbs_reader_free(r->reader);
	cbs_intern_free(r->strings);
	cbs_arena_free(r->arena);
}

/* ------------------------------------------------------ -check */

/* Gate each file in turn; regressions go to out. */
static int
check_files(struct run *r, FILE *out)
{
	const struct options *o = r->opts;
	struct cmd_line_out co = { out, 0 };
	struct cbs_gate_opts g;
	char err[1024];
	size_t i;
	long n;

	gate_options(o, &g);
	for (i = 0; i < r->nfps; i++) {
		n = cbs_check_read(r->fps[i], r->in[i].path, &g,
		    cmd_print_regression, &co, err, sizeof(err));
		if (n < 0) {	/* said here, once: not again by main */
			errmsg("%s", err);
			return CBS_EINVAL;
		}
		if (co.oom)
			return CBS_ENOMEM;
		r->regressions += n;
	}
	return 0;
}

/* check_files for cli_stdout_whole: the regressions reach stdout only
 * when every file was read. */
static long
check_write(FILE *out, void *ctx)
{
	return check_files(ctx, out);
}

/*
 * -check fails closed: a flag it would ignore (-alpha, -filter, -format,
 * ...) and a missing threshold, which would gate nothing, are usage
 * errors rather than a silent exit 0.
 */
static int
check_flags(const struct options *o)
{
	if (o->stray[0] != '\0') {
		usage_error("-check does not take -", o->stray);
		return -1;
	}
	if (!o->has_threshold) {
		usage_error("-check needs -threshold or THRESHOLD_PERCENT", "");
		return -1;
	}
	return 0;
}

static int
run_check(struct run *r)
{
	const struct options *o = r->opts;
	struct cbs_outfile *of = NULL;
	int rc;

	if (check_flags(o) != 0)
		return CBS_EINVAL;
	if ((r->arena = cbs_arena_new()) == NULL)
		return CBS_ENOMEM;
	if ((r->fps = calloc(o->ninputs, sizeof(*r->fps))) == NULL ||
	    cbs_inputs_from_args(r->arena, o->inputs, o->ninputs, &r->in,
	    &r->nfps) != 0)
		return CBS_ENOMEM;
	if (open_inputs(r->in, r->nfps, r->fps) != 0)
		return CBS_EIO;
	if (o->output != NULL && open_output(r, &of) != 0)
		return CBS_EIO;
	if (of == NULL)
		return (int)cli_stdout_whole(check_write, r);
	rc = check_files(r, cbs_outfile_stream(of));
	if (close_output(r, of, rc != 0) != 0)
		return CBS_EIO;
	return rc;
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

/*
 * The flags of record, history and the gate against history: each mode
 * refuses a flag it would ignore, as -check does.
 */
static int
mode_flags(const struct options *o)
{
	const char *bad = NULL;
	size_t i;

	for (i = 0; i < o->ngiven && bad == NULL; i++)
		if (!cmd_history_takes(&o->hist, o->given[i]))
			bad = o->given[i];
	if (bad != NULL) {
		usage_error(cmd_history_mode_name(&o->hist), bad);
		return -1;
	}
	return 0;
}

/*
 * A comparison of inputs refuses the flags of record and history, which
 * it would ignore: "-alert" without "record" must not pass silently.
 */
static int
plain_flags(const struct options *o)
{
	size_t i;

	for (i = 0; i < o->ngiven; i++)
		if (cmd_history_only(o->given[i])) {
			usage_error("a comparison of inputs does not take "
			    "-", o->given[i]);
			return -1;
		}
	return 0;
}

/* record, history, or a gate against history (-db with inputs). */
static int
run_history_mode(struct options *o)
{
	struct cmd_history_opts *h = &o->hist;

	if (mode_flags(o) != 0)
		return EXIT_ERROR;
	h->filter = o->group.filter;
	h->format = o->format;
	h->confidence = o->confidence;
	h->gate_alpha = o->gate_alpha;
	h->has_threshold = o->has_threshold;
	h->threshold = o->threshold;
	h->inputs = o->inputs;
	h->ninputs = o->ninputs;
	if (!(o->confidence > 0 && o->confidence < 1)) {
		errmsg("-confidence must be in range (0, 1)");
		return EXIT_ERROR;
	}
	if (!(o->gate_alpha > 0 && o->gate_alpha < 1)) {
		errmsg("-gate-alpha must be in range (0, 1)");
		return EXIT_ERROR;
	}
	return cmd_history_run(h);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct run r;
	int rc, sub;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.alpha = 0.05;
	o.confidence = 0.95;
	o.gate_alpha = 0.01;
	o.format = "text";
	o.input_format = "auto";
	sub = cmd_history_subcommand(&o.hist, argc, argv);
	if ((rc = parse_args(argc - sub, argv + sub, &o)) != 0)
		return rc < 0 ? (close_stdout() == 0 ? 0 : EXIT_ERROR) : rc;
	if (threshold_from_env(&o) != 0)
		return EXIT_ERROR;
	if (cmd_history_mode(&o.hist)) {
		rc = run_history_mode(&o);
		return close_stdout() != 0 && rc == 0 ? EXIT_ERROR : rc;
	}
	if (!o.check && plain_flags(&o) != 0)
		return EXIT_ERROR;
	r.opts = &o;
	rc = o.check ? run_check(&r) : run_all(&r);
	run_free(&r);
	if (rc == CBS_ENOMEM)
		errmsg("%s", cbs_strerror(rc));
	if (close_stdout() != 0 || rc != 0)
		return EXIT_ERROR;
	return r.regressions > 0 ? EXIT_REGRESSION : 0;
}
