/*
 * notes.c: footnote numbering, shared by the text and Markdown formats.
 *
 * Upstream numbers a table's warnings in order of first use, and a
 * warning used again keeps its number; the notes are printed under the
 * table in that order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "report/report.h"

size_t
cbs_notes_number(struct cbs_notes *nt, const char *msg)
{
	size_t i;

	for (i = 0; i < nt->n; i++)
		if (strcmp(nt->msgs[i], msg) == 0)
			return i + 1;
	if (cbs_grow(&nt->msgs, &nt->cap, nt->n + 1, sizeof(*nt->msgs)) != 0) {
		nt->oom = 1;
		return 1;
	}
	nt->msgs[nt->n++] = msg;
	return nt->n;
}

void
cbs_notes_free(struct cbs_notes *nt)
{
	free(nt->msgs);
	memset(nt, 0, sizeof(*nt));
}
