/*
 * cmd_history.h: the history commands of the program (cmd_history.c):
 * `record`, `history` and the gate against history (-db with an input).
 * main.c parses the flags into cmd_history_opts and hands over.
 */
#ifndef CBS_CMD_HISTORY_H
#define CBS_CMD_HISTORY_H

#include <stddef.h>
#include <stdio.h>

#include <cbenchstat.h>

enum cmd_history_sub { CMD_NONE, CMD_RECORD, CMD_HISTORY };

struct cmd_history_opts {
	int sub;		/* enum cmd_history_sub */
	int no_inputs;		/* history takes none */
	const char *db;
	const char *commit, *parent, *branch, *commit_time;
	const char *last, *base_commits, *base_branch;
	const char *copy_to;	/* history -copy-to */
	const char *since;	/* history -since */
	int alert;		/* record -alert: exit 2 on a regression */
	/* From main.c's flags. */
	const char *filter;
	const char *format;
	double confidence;
	double gate_alpha;
	int has_threshold;
	double threshold;
	char **inputs;
	size_t ninputs;
};

/* Recognise argv[1] as a subcommand.  @return the words to skip (0 or
 * 1) before the flags. */
int cmd_history_subcommand(struct cmd_history_opts *o, int argc,
    char **argv);
/* The slot of a string flag of history, or NULL. */
const char **cmd_history_flag(struct cmd_history_opts *o, const char *name);
/* @return 1 when the flags ask for a history mode. */
int cmd_history_mode(const struct cmd_history_opts *o);
/* @return 1 when the mode takes flag name. */
int cmd_history_takes(const struct cmd_history_opts *o, const char *name);
/* @return the usage error's text for a flag the mode refuses. */
const char *cmd_history_mode_name(const struct cmd_history_opts *o);
/* Whether flag name (without '-') means something only to record,
 * history or the gate against history. */
int cmd_history_only(const char *name);
/* Where the gates' regression lines go; oom is set when a line could
 * not be made. */
struct cmd_line_out {
	FILE *out;
	int oom;
};
/* A cbs_regression_fn for both gates (ctx a struct cmd_line_out): the
 * line of reg, whole, sized by the library, so that no name is cut. */
void cmd_print_regression(const struct cbs_regression *reg, void *ctx);
/* Run the mode. @return the exit status. */
int cmd_history_run(struct cmd_history_opts *o);

#endif /* CBS_CMD_HISTORY_H */
