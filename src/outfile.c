/*
 * outfile.c: atomic output files for -o.
 *
 * CI jobs upload bench_*.diff artifacts and gate on them; a run that
 * fails half-way must leave the previous file intact rather than a
 * truncated one.  The text is written to a temporary file in the target's
 * folder (rename is atomic only within one file system), flushed and
 * synced, then renamed over the target.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbenchstat.h"

struct cbs_outfile {
	char *path;
	char *tmp;
	FILE *fp;
};

/* The temporary name: ".NAME.XXXXXX" beside NAME. */
static char *
temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path) + 16;
	char *t = malloc(len);

	if (t != NULL)
		snprintf(t, len, "%.*s.%s.XXXXXX", (int)dirlen, path,
		    path + dirlen);
	return t;
}

int
cbs_outfile_open(const char *path, struct cbs_outfile **out, char *err,
    size_t errlen)
{
	struct cbs_outfile *f = calloc(1, sizeof(*f));
	mode_t mask;
	int fd = -1;

	*out = NULL;
	if (f == NULL || (f->path = strdup(path)) == NULL ||
	    (f->tmp = temp_name(path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		goto fail;
	}
	if ((fd = mkstemp(f->tmp)) < 0) {
		snprintf(err, errlen, "create a temporary file beside %s: %s",
		    path, strerror(errno));
		goto fail;
	}
	/* mkstemp makes the file 0600; give it the usual 0666 & ~umask. */
	mask = umask(022);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", f->tmp, strerror(errno));
		close(fd);
		unlink(f->tmp);
		goto fail;
	}
	*out = f;
	return 0;
fail:
	if (f != NULL && fd >= 0 && f->fp == NULL)
		unlink(f->tmp);
	if (f != NULL) {
		free(f->path);
		free(f->tmp);
	}
	free(f);
	return CBS_EIO;
}

FILE *
cbs_outfile_stream(struct cbs_outfile *f)
{
	return f->fp;
}

int
cbs_outfile_commit(struct cbs_outfile *f, char *err, size_t errlen)
{
	int rc = 0;

	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0) {
		snprintf(err, errlen, "write %s: %s", f->path, strerror(errno));
		rc = CBS_EIO;
	}
	if (fclose(f->fp) != 0 && rc == 0) {
		snprintf(err, errlen, "write %s: %s", f->path, strerror(errno));
		rc = CBS_EIO;
	}
	f->fp = NULL;
	if (rc == 0 && rename(f->tmp, f->path) != 0) {
		snprintf(err, errlen, "rename %s to %s: %s", f->tmp, f->path,
		    strerror(errno));
		rc = CBS_EIO;
	}
	if (rc != 0)
		unlink(f->tmp);
	free(f->path);
	free(f->tmp);
	free(f);
	return rc;
}

void
cbs_outfile_abort(struct cbs_outfile *f)
{
	if (f == NULL)
		return;
	if (f->fp != NULL)
		fclose(f->fp);
	unlink(f->tmp);
	free(f->path);
	free(f->tmp);
	free(f);
}
