/*
 * cmd_history.c: the program's history commands (cbenchstat(1),
 * HISTORY): `record` stores runs, `history` prints series and their
 * changes, and -db with an input gates it against recorded commits.
 * Commit metadata comes from the flags, else from git, run here (never
 * in the library) with fork and exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cbenchstat.h>

#include "cli_out.h"
#include "cmd_history.h"

#define EXIT_ERROR 1
#define EXIT_REGRESSION 2

static void errmsg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
errmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("cbenchstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_history_subcommand(struct cmd_history_opts *o, int argc, char **argv)
{
	if (argc < 2)
		return 0;
	if (strcmp(argv[1], "record") == 0)
		o->sub = CMD_RECORD;
	else if (strcmp(argv[1], "history") == 0) {
		o->sub = CMD_HISTORY;
		o->no_inputs = 1;
	}
	return o->sub != CMD_NONE;
}

const char **
cmd_history_flag(struct cmd_history_opts *o, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
		{ "db", offsetof(struct cmd_history_opts, db) },
		{ "commit", offsetof(struct cmd_history_opts, commit) },
		{ "parent", offsetof(struct cmd_history_opts, parent) },
		{ "branch", offsetof(struct cmd_history_opts, branch) },
		{ "commit-time", offsetof(struct cmd_history_opts,
		    commit_time) },
		{ "last", offsetof(struct cmd_history_opts, last) },
		{ "base-commits", offsetof(struct cmd_history_opts,
		    base_commits) },
		{ "base-branch", offsetof(struct cmd_history_opts,
		    base_branch) },
		{ "copy-to", offsetof(struct cmd_history_opts, copy_to) },
		{ "since", offsetof(struct cmd_history_opts, since) },
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(name, flags[i].name) == 0)
			return (const char **)(void *)((char *)o +
			    flags[i].off);
	return NULL;
}

int
cmd_history_mode(const struct cmd_history_opts *o)
{
	return o->sub != CMD_NONE || o->db != NULL;
}

static int
in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

int
cmd_history_takes(const struct cmd_history_opts *o, const char *name)
{
	static const char *const record[] = { "db", "alert", "commit",
	    "parent", "branch", "commit-time", "confidence", "gate-alpha",
	    "threshold", NULL };
	static const char *const history[] = { "db", "branch", "confidence",
	    "copy-to", "filter", "format", "gate-alpha", "last", "since",
	    "threshold", NULL };
	static const char *const gate[] = { "db", "base-branch",
	    "base-commits", "commit", "confidence", "gate-alpha",
	    "threshold", NULL };
	static const char *const copy[] = { "db", "copy-to", NULL };

	if (o->sub == CMD_HISTORY && o->copy_to != NULL)
		return in_list(name, copy);
	return in_list(name, o->sub == CMD_RECORD ? record :
	    o->sub == CMD_HISTORY ? history : gate);
}

int
cmd_history_only(const char *name)
{
	static const char *const only[] = { "alert", "base-branch",
	    "base-commits", "branch", "commit", "commit-time", "copy-to",
	    "last", "parent", "since", NULL };

	return in_list(name, only);
}

const char *
cmd_history_mode_name(const struct cmd_history_opts *o)
{
	return o->sub == CMD_RECORD ? "record does not take -" :
	    o->sub == CMD_HISTORY && o->copy_to != NULL ?
	    "history -copy-to copies every run; it does not take -" :
	    o->sub == CMD_HISTORY ? "history does not take -" :
	    "-db (the gate against history) does not take -";
}

/* ------------------------------------------------------ git */

/* The child: git's output into the pipe, its errors nowhere. */
static void
exec_git(char **argv, int fd[2])
{
	int devnull = open("/dev/null", O_WRONLY);

	dup2(fd[1], 1);
	if (devnull >= 0)
		dup2(devnull, 2);
	close(fd[0]);
	execvp("git", argv);
	_exit(127);
}

/*
 * The first line of the child's output, whole (getline: a branch name has
 * no length limit here), into *out, malloc'd, or NULL; the rest is read
 * and dropped so that git is not cut off mid-write.  @return its exit
 * status, or -1.
 */
static int
read_child(pid_t pid, int fd, char **out)
{
	FILE *fp = fdopen(fd, "r");
	size_t cap = 0;
	int status;

	*out = NULL;
	if (fp == NULL)
		close(fd);
	else {
		if (getline(out, &cap, fp) < 0) {
			free(*out);
			*out = NULL;
		}
		while (getc(fp) != EOF)
			continue;
		fclose(fp);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (*out != NULL)
		(*out)[strcspn(*out, "\r\n")] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Run git with the words of args (space-separated, a literal of this
 * file).  Outside a repository, or without git, the flags are the only
 * source.  @return the first line of its output, malloc'd, when git
 * succeeded with some; else NULL.
 */
static char *
run_git(const char *args)
{
	char words[256], *argv[8], *save = NULL, *w, *out;
	size_t n = 1;
	int fd[2], rc;
	pid_t pid;

	snprintf(words, sizeof(words), "git %s", args);
	argv[0] = strtok_r(words, " ", &save);
	while (n < 7 && (w = strtok_r(NULL, " ", &save)) != NULL)
		argv[n++] = w;
	argv[n] = NULL;
	if (pipe(fd) != 0)
		return NULL;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0)
		exec_git(argv, fd);
	close(fd[1]);
	rc = read_child(pid, fd[0], &out);
	if (rc != 0 || out == NULL || out[0] == '\0') {
		free(out);
		return NULL;
	}
	return out;
}

/* ------------------------------------------------------ commit */

/* The flags' strings are used as they are, whole; git's answers are
 * malloc'd here (commit_info_free). */
struct commit_info {
	char *git_id, *git_parent, *git_branch;
	struct cbs_history_commit c;
};

static void
commit_info_free(struct commit_info *ci)
{
	free(ci->git_id);
	free(ci->git_parent);
	free(ci->git_branch);
}

static int
parse_count(const char *flag, const char *s, long long min, long long *out)
{
	char *end, *q;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || *out < min) {
		q = cbs_go_quote(s, strlen(s));
		errmsg("invalid value %s for flag -%s: want an integer "
		    ">= %lld", q != NULL ? q : "(out of memory)", flag, min);
		free(q);
		return -1;
	}
	return 0;
}

/* The flags' commit, the gaps filled from git. */
static int
commit_of(const struct cmd_history_opts *o, struct commit_info *ci,
    int need_id)
{
	const char *id = o->commit, *parent = o->parent, *branch = o->branch;
	char *time = NULL;
	long long t = 0;

	memset(ci, 0, sizeof(*ci));
	if (id == NULL)
		id = ci->git_id = run_git("rev-parse HEAD");
	if (id == NULL || *id == '\0') {
		if (need_id)
			errmsg("no -commit given and no git repository here "
			    "to take it from");
		return need_id ? -1 : 0;
	}
	if (parent == NULL && o->commit == NULL)
		parent = ci->git_parent = run_git("rev-parse HEAD^");
	if (branch == NULL && o->commit == NULL &&
	    (branch = ci->git_branch = run_git("rev-parse --abbrev-ref HEAD"))
	    != NULL && strcmp(branch, "HEAD") == 0)
		branch = NULL;
	if (o->commit_time != NULL) {
		if (parse_count("commit-time", o->commit_time, 0, &t) != 0)
			return -1;
	} else if (o->commit == NULL &&
	    (time = run_git("show -s --format=%ct HEAD")) != NULL)
		t = strtoll(time, NULL, 10);
	free(time);
	ci->c.id = id;
	ci->c.parent = parent != NULL && *parent != '\0' ? parent : NULL;
	ci->c.branch = branch != NULL && *branch != '\0' ? branch : NULL;
	ci->c.commit_time = t;
	return 0;
}

/* ------------------------------------------------------ commands */

static void
print_diag(const struct cbs_diag *d, void *ctx)
{
	char where[4096 + 32];

	(void)ctx;
	fprintf(stderr, "%s: %s\n", cbs_diag_where(d, where, sizeof(where)),
	    d->msg);
}

/* Open target in mode; an error names it without its password. */
static int
open_target(const char *target, int mode, struct cbs_history **h)
{
	char err[1024], shown[1024];

	/* SQLite takes "" for a database in memory: a history lost. */
	if (*target == '\0') {
		errmsg("an empty database name (an unset variable?)");
		return -1;
	}
	if (cbs_history_open(target, mode, h, err, sizeof(err)) != 0) {
		errmsg("%s: %s", cbs_history_redact(target, shown,
		    sizeof(shown)), err);
		return -1;
	}
	return 0;
}

static int
open_db(const struct cmd_history_opts *o, int mode, struct cbs_history **h)
{
	const char *path = o->db != NULL ? o->db : getenv("CBENCHSTAT_DB");

	if (path == NULL || *path == '\0') {
		errmsg("no database: give -db file or set CBENCHSTAT_DB");
		return -1;
	}
	return open_target(path, mode, h);
}

static FILE *
open_input(const char *path)
{
	struct stat st;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return stdin;
	if ((fp = fopen(path, "r")) == NULL) {
		errmsg("open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		errmsg("read %s: %s", path, strerror(EISDIR));
		fclose(fp);
		return NULL;
	}
	return fp;
}

static int
record_one(struct cbs_history *h, const struct commit_info *ci,
    const char *path, int *any_added)
{
	char err[1024];
	size_t nvalues;
	int added, rc;
	FILE *fp;

	if ((fp = open_input(path)) == NULL)
		return -1;
	rc = cbs_history_record(h, &ci->c, path, fp, print_diag, NULL, &added,
	    &nvalues, err, sizeof(err));
	if (fp != stdin)
		fclose(fp);
	if (rc != 0) {
		errmsg("%s: %s", path, rc == CBS_ENOMEM ? cbs_strerror(rc) :
		    err);
		return -1;
	}
	*any_added |= added;
	if (added)
		printf("recorded %s: %zu values for commit %s\n", path,
		    nvalues, ci->c.id);
	else
		printf("recorded %s: already recorded for commit %s\n", path,
		    ci->c.id);
	return 0;
}

/* The change options of history and record's alerts, from the flags. */
static void
change_opts(const struct cmd_history_opts *o,
    struct cbs_history_change_opts *co)
{
	cbs_history_change_defaults(co);
	co->alpha = o->gate_alpha;
	co->confidence = o->confidence;
	if (o->has_threshold)
		co->threshold = o->threshold;
}

static int
print_alert(const struct cbs_history_alert *a, void *ctx)
{
	long *regressions = ctx;

	*regressions += a->regression;
	return cbs_history_alert_print(stderr, "alert", a);
}

/*
 * The changes the recorded commit brings, as alert: lines, the series
 * read on its branch as `history -branch` reads them.  @return the
 * regressions among them, or -1 after an error.
 */
static long
record_alerts(const struct cmd_history_opts *o, struct cbs_history *h,
    const struct commit_info *ci)
{
	struct cbs_history_change_opts co;
	struct cbs_history_query q;
	long regressions = 0, n;
	char err[2048];

	memset(&q, 0, sizeof(q));
	q.branch = ci->c.branch;
	change_opts(o, &co);
	n = cbs_history_alerts(h, &q, ci->c.id, 0, &co, print_alert,
	    &regressions, err, sizeof(err));
	if (n < 0) {
		errmsg("alerts for commit %s: %s", ci->c.id, n == CBS_ENOMEM ||
		    n == CBS_EIO ? cbs_strerror((int)n) : err);
		return -1;
	}
	return regressions;
}

static int
cmd_record(const struct cmd_history_opts *o)
{
	struct cbs_history *h;
	struct commit_info ci;
	size_t i;
	int status = 0, added = 0;
	long regressions = 0;

	if (commit_of(o, &ci, 1) != 0 ||
	    open_db(o, CBS_HISTORY_WRITE, &h) != 0) {
		commit_info_free(&ci);
		return EXIT_ERROR;
	}
	for (i = 0; i < o->ninputs; i++)
		if (record_one(h, &ci, o->inputs[i], &added) != 0)
			status = EXIT_ERROR;
	/* A run recorded again adds nothing and alerts nothing: each
	 * change alerts once. */
	if (added && (regressions = record_alerts(o, h, &ci)) < 0)
		status = EXIT_ERROR;
	cbs_history_close(h);
	commit_info_free(&ci);
	if (status == 0 && o->alert && regressions > 0)
		status = EXIT_REGRESSION;
	return status;
}

/* cbs_history_report's arguments, for cli_stdout_whole. */
struct report_job {
	struct cbs_history *h;
	const struct cbs_history_query *q;
	const struct cbs_history_report_opts *ro;
	long *regressions;
	char *err;
	size_t errlen;
	const char *since;	/* history -since */
};

/*
 * The report reaches stdout only once the whole history was read: an
 * error found late (a file read without locks that changed meanwhile)
 * leaves stdout empty, as every error does.
 */
static long
report_write(FILE *out, void *ctx)
{
	struct report_job *j = ctx;

	return cbs_history_report(j->h, j->q, j->ro, out, j->regressions,
	    j->err, j->errlen);
}

/* history -since: the changes found after a commit, whole or nothing. */
static long
since_write(FILE *out, void *ctx)
{
	struct report_job *j = ctx;

	return cbs_history_since(j->h, j->q, j->since, j->ro, out,
	    j->regressions, j->err, j->errlen);
}

/*
 * An empty answer is not an error (exit 0), but it is said, naming what
 * matched nothing, so that a mistyped -filter or -branch is not taken
 * for a quiet history.
 */
static void
say_none_matched(const struct cmd_history_opts *o, size_t last)
{
	if (o->filter == NULL && o->branch == NULL && last == 0) {
		errmsg("history: no series recorded");
		return;
	}
	fputs("cbenchstat: history: no series", stderr);
	if (o->filter != NULL)
		fprintf(stderr, " matches -filter '%s'", o->filter);
	if (o->branch != NULL)
		fprintf(stderr, " on branch %s", o->branch);
	if (last > 0)
		fprintf(stderr, " in the last %zu commits", last);
	fputc('\n', stderr);
}

/*
 * history -copy-to: every run of -db into another store, each run in its
 * own transaction; a run already there adds nothing, so a copy cut short
 * is finished by running it again.
 */
static int
cmd_copy(const struct cmd_history_opts *o)
{
	struct cbs_history *from, *to;
	char err[1024], shown[1024];
	size_t runs, added;
	int rc;

	if (open_db(o, CBS_HISTORY_READ, &from) != 0)
		return EXIT_ERROR;
	if (open_target(o->copy_to, CBS_HISTORY_WRITE, &to) != 0) {
		cbs_history_close(from);
		return EXIT_ERROR;
	}
	rc = cbs_history_copy(from, to, &runs, &added, err, sizeof(err));
	cbs_history_close(to);
	cbs_history_close(from);
	cbs_history_redact(o->copy_to, shown, sizeof(shown));
	if (rc != 0) {
		errmsg("copy to %s: %s (%zu runs copied, %zu new; run it again "
		    "to finish)", shown, rc == CBS_ENOMEM ? cbs_strerror(rc) :
		    err, runs, added);
		return EXIT_ERROR;
	}
	printf("copied %zu runs to %s: %zu new, %zu already there\n", runs,
	    shown, added, runs - added);
	return 0;
}

static int
cmd_history(const struct cmd_history_opts *o)
{
	static const char *const formats[] = { "text", "csv", "markdown",
	    "json", "html", NULL };
	struct cbs_history_report_opts ro;
	struct cbs_history_query q;
	struct report_job job;
	struct cbs_history *h;
	char err[2048], *quoted;
	long long last = 0;
	long regressions, n;
	size_t i;

	for (i = 0; formats[i] != NULL; i++)
		if (strcmp(o->format, formats[i]) == 0)
			break;
	if (formats[i] == NULL) {
		errmsg("history: -format must be text, csv, markdown, json or "
		    "html");
		return EXIT_ERROR;
	}
	if (o->ninputs > 0) {
		quoted = cbs_go_quote(o->inputs[0], strlen(o->inputs[0]));
		errmsg("history takes no inputs (%s)", quoted != NULL ?
		    quoted : "out of memory");
		free(quoted);
		return EXIT_ERROR;
	}
	if (o->copy_to != NULL)
		return cmd_copy(o);
	if (o->last != NULL && parse_count("last", o->last, 1, &last) != 0)
		return EXIT_ERROR;
	memset(&q, 0, sizeof(q));
	q.filter = o->filter;
	q.branch = o->branch;
	q.last = (size_t)last;
	memset(&ro, 0, sizeof(ro));
	ro.format = o->format;
	change_opts(o, &ro.changes);
	if (open_db(o, CBS_HISTORY_READ, &h) != 0)
		return EXIT_ERROR;
	job = (struct report_job){ h, &q, &ro, &regressions, err,
	    sizeof(err), o->since };
	n = cli_stdout_whole(o->since != NULL ? since_write : report_write,
	    &job);
	cbs_history_close(h);
	if (n < 0) {
		errmsg("%s", n == CBS_ENOMEM ? cbs_strerror((int)n) : err);
		return EXIT_ERROR;
	}
	if (n == 0 && o->since == NULL)
		say_none_matched(o, (size_t)last);
	return 0;
}

void
cmd_print_regression(const struct cbs_regression *reg, void *ctx)
{
	struct cmd_line_out *lo = ctx;
	size_t len = cbs_regression_line_size(reg);
	char *line;

	if ((line = malloc(len)) == NULL) {
		lo->oom = 1;
		return;
	}
	fprintf(lo->out, "%s\n", cbs_regression_line(reg, line, len));
	free(line);
}

static int
cmd_gate(const struct cmd_history_opts *o)
{
	struct cmd_line_out lo = { stderr, 0 };
	struct cbs_history_gate_opts g;
	struct cbs_history *h;
	struct commit_info ci;
	long long k = 20;
	char err[2048];
	long n;
	FILE *fp;

	if (!o->has_threshold) {
		errmsg("-db with an input gates it against history: it needs "
		    "-threshold or THRESHOLD_PERCENT");
		return EXIT_ERROR;
	}
	if (o->ninputs != 1) {
		errmsg("-db gates one input against history, not %zu",
		    o->ninputs);
		return EXIT_ERROR;
	}
	if (o->base_commits != NULL &&
	    parse_count("base-commits", o->base_commits, 3, &k) != 0)
		return EXIT_ERROR;
	if (commit_of(o, &ci, 0) != 0 ||
	    open_db(o, CBS_HISTORY_READ, &h) != 0) {
		commit_info_free(&ci);
		return EXIT_ERROR;
	}
	if ((fp = open_input(o->inputs[0])) == NULL) {
		cbs_history_close(h);
		commit_info_free(&ci);
		return EXIT_ERROR;
	}
	memset(&g, 0, sizeof(g));
	g.source = o->inputs[0];
	g.on_diag = print_diag;
	g.branch = o->base_branch != NULL ? o->base_branch : "main";
	g.base_commits = (size_t)k;
	g.exclude = ci.c.id;
	g.gate.threshold = o->threshold;
	g.gate.alpha = o->gate_alpha;
	g.gate.confidence = o->confidence;
	g.on_regression = cmd_print_regression;
	g.regression_ctx = &lo;
	n = cbs_history_gate(h, fp, &g, stdout, err, sizeof(err));
	if (fp != stdin)
		fclose(fp);
	cbs_history_close(h);
	commit_info_free(&ci);
	if (n >= 0 && lo.oom)
		n = CBS_ENOMEM;
	if (n < 0) {
		errmsg("%s", n == CBS_ENOMEM ? cbs_strerror((int)n) : err);
		return EXIT_ERROR;
	}
	return n > 0 ? EXIT_REGRESSION : 0;
}

/* An empty name is no branch nor commit: a variable left unset. */
static int
empty_flag(const struct cmd_history_opts *o)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
		{ "branch", offsetof(struct cmd_history_opts, branch) },
		{ "base-branch", offsetof(struct cmd_history_opts,
		    base_branch) },
		{ "commit", offsetof(struct cmd_history_opts, commit) },
		{ "parent", offsetof(struct cmd_history_opts, parent) },
		{ "copy-to", offsetof(struct cmd_history_opts, copy_to) },
		{ "since", offsetof(struct cmd_history_opts, since) },
	};
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		v = *(const char *const *)(const void *)((const char *)o +
		    flags[i].off);
		if (v != NULL && *v == '\0') {
			errmsg("-%s: an empty value (an unset variable?)",
			    flags[i].name);
			return 1;
		}
	}
	return 0;
}

int
cmd_history_run(struct cmd_history_opts *o)
{
	if (empty_flag(o))
		return EXIT_ERROR;
	if (o->sub == CMD_RECORD)
		return cmd_record(o);
	if (o->sub == CMD_HISTORY)
		return cmd_history(o);
	return cmd_gate(o);
}
