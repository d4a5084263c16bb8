/*
 * outfile.c: output files for -o that never lose a file.
 *
 * CI jobs upload bench_*.diff artifacts and gate on them; a run that
 * fails half-way must leave the previous file intact rather than a
 * truncated one.  So a regular file (or a new name) gets the text in a
 * temporary file in the target's folder (rename is atomic only within
 * one file system), flushed and synced, then renamed over the target.
 *
 * Renaming over anything else would destroy it: a symbolic link is
 * followed to its final target, which is replaced and the link kept; a
 * FIFO or a character device (a terminal, /dev/null, /dev/full) cannot
 * be replaced by a file, so it is written in place; and a directory,
 * socket or block device is refused.
 *
 * A name of a descriptor this process has open (/dev/stdout, /dev/fd/N)
 * means that descriptor, as in the shell's ">&N": its file may be a log
 * opened for appending, or a pipe, which no rename may replace.  So the
 * text is written through a copy of the descriptor.
 *
 * Messages never name the path: the caller knows it and prints it, so
 * no fixed-size message buffer can cut a long path short.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cbenchstat.h"

/* Symbolic links followed before giving up, as Linux's path lookup. */
#define MAX_LINKS	40
/* Bytes of the target's name kept in the temporary name, so that
 * ".NAME.XXXXXXXXXX" fits the usual 255-byte name limit. */
#define TEMP_BASE_MAX	200
#define TEMP_RAND	10
/* Random names tried before reporting the last EEXIST. */
#define TEMP_TRIES	100

struct cbs_outfile {
	char *target;		/* path after following symbolic links */
	char *tmp;		/* temporary file, or NULL */
	FILE *fp;
	int direct;		/* FIFO, device, descriptor: write in place */
	int replace;		/* an existing regular file: keep its mode */
	struct stat old;	/* that file */
};

/* @return the length of path's folder part, with its final '/'. */
static size_t
dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? (size_t)(slash - path) + 1 : 0;
}

/* @return a link's contents, however long, or NULL with errno set. */
static char *
read_link(const char *path)
{
	size_t cap = 0;
	char *buf = NULL;
	ssize_t n;

	for (;;) {
		/* 256 bytes first, then twice as many each time. */
		if (cbs_grow(&buf, &cap, cap != 0 ? cap + 1 : 256, 1) != 0) {
			free(buf);
			errno = ENOMEM;
			return NULL;
		}
		if ((n = readlink(path, buf, cap)) < 0) {
			free(buf);
			return NULL;
		}
		/* A result that fills the buffer may have been cut. */
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
	}
}

/* @return where link points to: dest itself when absolute, else dest in
 * link's folder; or NULL. */
static char *
link_dest(const char *link, const char *dest)
{
	size_t dlen = dest[0] == '/' ? 0 : dir_len(link);
	size_t len = strlen(dest);
	char *p;

	if ((p = malloc(dlen + len + 1)) == NULL)
		return NULL;
	memcpy(p, link, dlen);
	memcpy(p + dlen, dest, len + 1);
	return p;
}

/* @return the descriptor number s spells in canonical decimal (as
 * Linux's /proc/self/fd names them), or -1. */
static int
fd_number(const char *s)
{
	long n = 0;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((n = n * 10 + (*s - '0')) > INT_MAX)
			return -1;
	return *s == '\0' ? (int)n : -1;
}

/* @return N when path is "DIR/N" in a folder that lists this process's
 * descriptors (/proc/PID/fd only with its own PID), or -1. */
static int
fd_path_number(const char *path)
{
	static const char *const dirs[] = { "/dev/fd/", "/proc/self/fd/",
	    "/proc/thread-self/fd/" };
	char own[48];
	size_t i, len;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		len = strlen(dirs[i]);
		if (strncmp(path, dirs[i], len) == 0)
			return fd_number(path + len);
	}
	len = (size_t)snprintf(own, sizeof(own), "/proc/%ld/fd/",
	    (long)getpid());
	return strncmp(path, own, len) == 0 ? fd_number(path + len) : -1;
}

/*
 * The names of this process's descriptors, by their usual spellings
 * only: a name matched here must also be the file descriptor N has open
 * (st_dev and st_ino), so that a plain file that happens to be called
 * /dev/stdout is not mistaken for one.  A name whose descriptor is not
 * open stays a descriptor's name, for the message.
 * @return N, or -1.
 */
static int
fd_named(const char *path)
{
	static const char *const std[] = { "/dev/stdin", "/dev/stdout",
	    "/dev/stderr" };
	struct stat p, d;
	size_t i;
	int n = -1;

	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (strcmp(path, std[i]) == 0)
			n = (int)i;
	if (n < 0 && (n = fd_path_number(path)) < 0)
		return -1;
	if (stat(path, &p) == 0 && (fstat(n, &d) != 0 ||
	    p.st_dev != d.st_dev || p.st_ino != d.st_ino))
		return -1;
	return n;
}

/*
 * Follow path while it names a symbolic link, up to a name of one of
 * this process's descriptors.  A link that points nowhere leads to the
 * name to create.
 * @return the final path, and in *fd the descriptor it names, or -1
 * with its lstat in *st and *exists; or NULL with errno set.
 */
static char *
resolve(const char *path, struct stat *st, int *exists, int *fd)
{
	char *cur, *dest, *next;
	int hops, e;

	if ((cur = strdup(path)) == NULL)
		return NULL;
	for (hops = 0;; hops++) {
		if ((*fd = fd_named(cur)) >= 0)
			return cur;
		if (lstat(cur, st) != 0) {
			if (errno != ENOENT)
				goto fail;
			*exists = 0;
			return cur;
		}
		if (!S_ISLNK(st->st_mode)) {
			*exists = 1;
			return cur;
		}
		if (hops == MAX_LINKS) {
			errno = ELOOP;
			goto fail;
		}
		if ((dest = read_link(cur)) == NULL)
			goto fail;
		next = link_dest(cur, dest);
		free(dest);
		if (next == NULL)
			goto fail;
		free(cur);
		cur = next;
	}
fail:
	e = errno;
	free(cur);
	errno = e;
	return NULL;
}

static const char *
kind_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISBLK(m))
		return "a block device";
	return "not a regular file";
}

/* Decide how to write the target.  @return 0 or CBS_EINVAL. */
static int
classify(struct cbs_outfile *f, const struct stat *st, int exists,
    char *err, size_t errlen)
{
	if (!exists) {
		if (f->target[0] == '\0') {
			snprintf(err, errlen, "is an empty path");
			return CBS_EINVAL;
		}
		if (f->target[dir_len(f->target)] == '\0') {
			snprintf(err, errlen, "names a directory; -o writes "
			    "a file");
			return CBS_EINVAL;
		}
		return 0;
	}
	if (S_ISREG(st->st_mode)) {
		f->replace = 1;
		f->old = *st;
		return 0;
	}
	if (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode)) {
		f->direct = 1;
		return 0;
	}
	snprintf(err, errlen, "is %s; -o writes only a regular file, a FIFO "
	    "or a character device", kind_name(st->st_mode));
	return CBS_EINVAL;
}

/* Write in place through fd, which f now owns.  @return 0 or CBS_EIO. */
static int
open_stream(struct cbs_outfile *f, int fd, char *err, size_t errlen)
{
	f->direct = 1;
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "open: %s", strerror(errno));
		close(fd);
		return CBS_EIO;
	}
	return 0;
}

/* Open a FIFO or device to write in place.  @return 0 or CBS_EIO. */
static int
open_direct(struct cbs_outfile *f, char *err, size_t errlen)
{
	int fd;

	/* Like a shell's ">": a FIFO waits here for its reader. */
	if ((fd = open(f->target, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "open: %s", strerror(errno));
		return CBS_EIO;
	}
	return open_stream(f, fd, err, errlen);
}

/*
 * Write through a copy of descriptor n, as the shell's ">&n" would: the
 * copy shares n's offset and O_APPEND, so the text lands where the next
 * write to n would, and nothing is truncated or replaced.
 * @return 0, CBS_EINVAL (n not open for writing) or CBS_EIO.
 */
static int
open_through(struct cbs_outfile *f, int n, char *err, size_t errlen)
{
	int fl, fd;

	if ((fl = fcntl(n, F_GETFL)) < 0) {
		snprintf(err, errlen, "names descriptor %d, which is not "
		    "open", n);
		return CBS_EINVAL;
	}
	if ((fl & O_ACCMODE) == O_RDONLY) {
		snprintf(err, errlen, "names descriptor %d, which is open "
		    "only for reading", n);
		return CBS_EINVAL;
	}
	if ((fd = fcntl(n, F_DUPFD_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "dup: %s", strerror(errno));
		return CBS_EIO;
	}
	return open_stream(f, fd, err, errlen);
}

/* Open what needs no temporary file.  @return 0, or as classify and
 * the openers do. */
static int
open_in_place(struct cbs_outfile *f, int fd, const struct stat *st,
    int exists, char *err, size_t errlen)
{
	int rc;

	if (fd >= 0)
		return open_through(f, fd, err, errlen);
	if ((rc = classify(f, st, exists, err, errlen)) != 0)
		return rc;
	return f->direct ? open_direct(f, err, errlen) : 0;
}

int
cbs_outfile_prepare(const char *path, struct cbs_outfile **out, char *err,
    size_t errlen)
{
	struct cbs_outfile *f;
	struct stat st;
	int exists = 0, fd, rc;

	*out = NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return CBS_ENOMEM;
	}
	if ((f->target = resolve(path, &st, &exists, &fd)) == NULL) {
		rc = errno == ENOMEM ? CBS_ENOMEM : CBS_EIO;
		snprintf(err, errlen, "%s", strerror(errno));
		free(f);
		return rc;
	}
	if ((rc = open_in_place(f, fd, &st, exists, err, errlen)) != 0) {
		cbs_outfile_abort(f);
		return rc;
	}
	*out = f;
	return 0;
}

/* Fill b with random bytes; without a kernel source, mix clock and pid,
 * which O_EXCL and the retries make good enough for a unique name. */
static void
random_bytes(unsigned char *b, size_t n, unsigned salt)
{
	struct timespec ts;
	uint64_t x;
	size_t i;

	if (getentropy(b, n) == 0)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
	    ((uint64_t)getpid() << 16) ^ salt ^ (uint64_t)(uintptr_t)b;
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		b[i] = (unsigned char)x;
	}
}

/* Write ".NAME.RANDOM" beside the target into f->tmp, sized for it. */
static void
temp_name(struct cbs_outfile *f, size_t dlen, size_t blen, unsigned salt)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[TEMP_RAND];
	char *p = f->tmp;
	size_t i;

	memcpy(p, f->target, dlen);
	p += dlen;
	*p++ = '.';
	memcpy(p, f->target + dlen, blen);
	p += blen;
	*p++ = '.';
	random_bytes(r, sizeof(r), salt);
	for (i = 0; i < sizeof(r); i++)
		*p++ = chars[r[i] % (sizeof(chars) - 1)];
	*p = '\0';
}

/*
 * Create the temporary file.  open() applies the umask itself, so the
 * process-wide umask is never read (and briefly changed) from here.  A
 * replacement starts with no more permission than the old file had, so
 * that its text is never readable by more users than before.
 * @return the descriptor, or -1 with errno set.
 */
static int
create_temp(struct cbs_outfile *f)
{
	size_t dlen = dir_len(f->target), blen = strlen(f->target + dlen);
	mode_t mode = f->replace ? f->old.st_mode & 0777 : 0666;
	unsigned tries;
	int fd = -1;

	if (blen > TEMP_BASE_MAX)
		blen = TEMP_BASE_MAX;
	if ((f->tmp = malloc(dlen + blen + TEMP_RAND + 3)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (tries = 0; tries < TEMP_TRIES; tries++) {
		temp_name(f, dlen, blen, tries);
		fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(f->tmp);
		f->tmp = NULL;
	}
	return fd;
}

/*
 * Give the replacement the old file's owner and permissions, so that a
 * private file stays private.  Only root can give a file away; others
 * keep at least the group when they belong to it.  Set-id bits are kept
 * only with the owner they were set for.
 * @return 0, or -1 with errno set.
 */
static int
keep_owner_mode(int fd, const struct stat *old)
{
	mode_t mode = old->st_mode & 07777;
	struct stat now;

	if (fstat(fd, &now) != 0)
		return -1;
	if (now.st_uid != old->st_uid || now.st_gid != old->st_gid) {
		/* Not allowed to give the file away: keep the group at
		 * least; what is not kept is seen by the fstat below. */
		if (fchown(fd, old->st_uid, old->st_gid) != 0 &&
		    fchown(fd, (uid_t)-1, old->st_gid) != 0)
			mode &= ~(mode_t)(S_ISUID | S_ISGID);
		if (fstat(fd, &now) != 0)
			return -1;
		if (now.st_uid != old->st_uid || now.st_gid != old->st_gid)
			mode &= ~(mode_t)(S_ISUID | S_ISGID);
	}
	return fchmod(fd, mode);
}

int
cbs_outfile_begin(struct cbs_outfile *f, char *err, size_t errlen)
{
	int fd;

	if (f->direct || f->fp != NULL)
		return 0;
	if ((fd = create_temp(f)) < 0) {
		snprintf(err, errlen, "create a temporary file in its "
		    "directory: %s", strerror(errno));
		return errno == ENOMEM ? CBS_ENOMEM : CBS_EIO;
	}
	if (f->replace && keep_owner_mode(fd, &f->old) != 0) {
		snprintf(err, errlen, "keep the old file's permissions: %s",
		    strerror(errno));
		goto fail;
	}
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(fd);
	unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	return CBS_EIO;
}

int
cbs_outfile_open(const char *path, struct cbs_outfile **out, char *err,
    size_t errlen)
{
	int rc;

	if ((rc = cbs_outfile_prepare(path, out, err, errlen)) != 0)
		return rc;
	if ((rc = cbs_outfile_begin(*out, err, errlen)) != 0) {
		cbs_outfile_abort(*out);
		*out = NULL;
	}
	return rc;
}

const char *
cbs_outfile_temp_path(const struct cbs_outfile *f)
{
	return f->tmp;
}

FILE *
cbs_outfile_stream(struct cbs_outfile *f)
{
	return f->fp;
}

/* Make a rename durable: sync the folder that holds the new entry.  Some
 * file systems cannot sync a folder; the file itself is synced already. */
static void
sync_dir(const char *target)
{
	size_t dlen = dir_len(target);
	char *dir;
	int fd;

	if ((dir = dlen ? strndup(target, dlen) : strdup(".")) == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Flush (and for a file, sync) and close the stream.  @return 0 or -1
 * with errno set. */
static int
finish_stream(struct cbs_outfile *f)
{
	int bad, e = 0;

	errno = 0;
	bad = fflush(f->fp) != 0 || ferror(f->fp);
	/* A FIFO or device cannot be synced; a file must be, before the
	 * rename makes it the only copy. */
	if (!bad && !f->direct && fsync(fileno(f->fp)) != 0)
		bad = 1;
	if (bad)
		e = errno ? errno : EIO;
	if (fclose(f->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	f->fp = NULL;
	errno = e;
	return bad ? -1 : 0;
}

int
cbs_outfile_commit(struct cbs_outfile *f, char *err, size_t errlen)
{
	int rc = 0;

	if (f->fp == NULL) {
		snprintf(err, errlen, "write: %s", strerror(EBADF));
		rc = CBS_EIO;
	} else if (finish_stream(f) != 0) {
		snprintf(err, errlen, "write: %s", strerror(errno));
		rc = CBS_EIO;
	} else if (f->tmp != NULL) {
		if (rename(f->tmp, f->target) != 0) {
			snprintf(err, errlen, "rename the temporary file "
			    "into place: %s", strerror(errno));
			rc = CBS_EIO;
		} else {
			free(f->tmp);
			f->tmp = NULL;
			sync_dir(f->target);
		}
	}
	cbs_outfile_abort(f);
	return rc;
}

/*
 * stdio keeps only a flag of a failed write, and the errno it set may be
 * gone by the time the writer notices the flag.  Flushing what is still
 * buffered fails again, with the errno afresh ("No space left on
 * device" rather than a bare "input/output error").  Nothing is lost by
 * it: the temporary file is removed, and abort's fclose would write the
 * same bytes to a FIFO, device or descriptor.
 */
int
cbs_outfile_fail(struct cbs_outfile *f, int saved, char *err, size_t errlen)
{
	int e = saved;

	if (f->fp != NULL) {
		errno = 0;
		if (fflush(f->fp) != 0 && errno != 0)
			e = errno;
	}
	snprintf(err, errlen, "write: %s", strerror(e != 0 ? e : EIO));
	cbs_outfile_abort(f);
	return CBS_EIO;
}

void
cbs_outfile_abort(struct cbs_outfile *f)
{
	if (f == NULL)
		return;
	if (f->fp != NULL)
		fclose(f->fp);
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->target);
	free(f->tmp);
	free(f);
}
