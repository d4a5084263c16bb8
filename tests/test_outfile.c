/*
 * test_outfile.c: -o's output files.  Each test runs in a fresh
 * directory of its own (the working directory during the test), so that
 * a broken cbs_outfile can replace nothing else: devices are reached
 * only through symbolic links made here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cbenchstat.h"

struct fixture {
	char dir[64];
	char cwd[4096];
};

static void
rm_tree(const char *path)
{
	struct dirent *e;
	struct stat st;
	char *sub;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			sub = malloc(strlen(path) + strlen(e->d_name) + 2);
			assert_non_null(sub);
			sprintf(sub, "%s/%s", path, e->d_name);
			rm_tree(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || getcwd(fx->cwd, sizeof(fx->cwd)) == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_outfile.XXXXXX");
	if (mkdtemp(fx->dir) == NULL || chdir(fx->dir) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	if (chdir(fx->cwd) != 0)
		return -1;
	rm_tree(fx->dir);
	free(fx);
	return 0;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Fail unless path holds exactly want. */
static void
check_text(const char *path, const char *want)
{
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

/* Write text to path with an outfile.  @return commit's result. */
static int
write_via(const char *path, const char *text, char *err, size_t errlen)
{
	struct cbs_outfile *f;
	int rc;

	if ((rc = cbs_outfile_open(path, &f, err, errlen)) != 0)
		return rc;
	fputs(text, cbs_outfile_stream(f));
	return cbs_outfile_commit(f, err, errlen);
}

/* @return how many names in the working directory start with prefix. */
static int
count_prefix(const char *prefix)
{
	struct dirent *e;
	DIR *d = opendir(".");
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static int
is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* ------------------------------------------------------------ files */

static void
test_new_file_gets_umask_mode(void **state)
{
	char err[256];
	mode_t old = umask(027);

	(void)state;
	assert_int_equal(write_via("a.txt", "one\n", err, sizeof(err)), 0);
	umask(0);
	assert_int_equal(write_via("b.txt", "two\n", err, sizeof(err)), 0);
	umask(old);
	check_text("a.txt", "one\n");
	assert_int_equal(mode_of("a.txt"), 0640);
	assert_int_equal(mode_of("b.txt"), 0666);
	assert_int_equal(count_prefix(".a.txt."), 0);
}

/* The library leaves the process-wide umask alone. */
static void
test_umask_untouched(void **state)
{
	struct cbs_outfile *f;
	char err[256];
	mode_t old = umask(077);

	(void)state;
	assert_int_equal(cbs_outfile_open("c.txt", &f, err, sizeof(err)), 0);
	assert_int_equal(umask(old), 077);
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), 0);
	assert_int_equal(mode_of("c.txt"), 0600);
}

static void
test_replacement_keeps_mode(void **state)
{
	struct cbs_outfile *f;
	char err[256];
	mode_t old = umask(0);

	(void)state;
	put("private", "OLD\n");
	assert_int_equal(chmod("private", 0600), 0);
	put("readonly", "OLD\n");
	assert_int_equal(chmod("readonly", 0444), 0);
	/* Even before the commit, the temporary file is no more open than
	 * the file it replaces. */
	assert_int_equal(cbs_outfile_open("private", &f, err, sizeof(err)),
	    0);
	assert_int_equal(mode_of(cbs_outfile_temp_path(f)), 0600);
	fputs("new\n", cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), 0);
	assert_int_equal(write_via("readonly", "new\n", err, sizeof(err)), 0);
	umask(old);
	check_text("private", "new\n");
	assert_int_equal(mode_of("private"), 0600);
	check_text("readonly", "new\n");
	assert_int_equal(mode_of("readonly"), 0444);
}

static void
test_temp_beside_target_and_abort(void **state)
{
	struct cbs_outfile *f;
	char err[256], tmp[64];
	const char *t;
	struct stat st;

	(void)state;
	assert_int_equal(mkdir("sub", 0777), 0);
	put("sub/out.diff", "OLD\n");
	assert_int_equal(cbs_outfile_prepare("sub/out.diff", &f, err,
	    sizeof(err)), 0);
	assert_null(cbs_outfile_temp_path(f));
	assert_null(cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_begin(f, err, sizeof(err)), 0);
	t = cbs_outfile_temp_path(f);
	assert_non_null(t);
	assert_int_equal(strncmp(t, "sub/.out.diff.", 14), 0);
	assert_int_equal(strlen(t), 14 + 10);
	assert_int_equal(lstat(t, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	strcpy(tmp, t);
	fputs("half", cbs_outfile_stream(f));
	cbs_outfile_abort(f);
	assert_int_equal(lstat(tmp, &st), -1);
	assert_int_equal(errno, ENOENT);
	check_text("sub/out.diff", "OLD\n");
	assert_int_equal(chdir("sub"), 0);
	assert_int_equal(count_prefix(".out.diff."), 0);
	assert_int_equal(chdir(".."), 0);
	cbs_outfile_abort(NULL);
}

/* A name at the usual 255-byte limit still gets a temporary file. */
static void
test_long_name(void **state)
{
	char name[256], err[256];

	(void)state;
	memset(name, 'n', 255);
	name[255] = '\0';
	assert_int_equal(write_via(name, "long\n", err, sizeof(err)), 0);
	check_text(name, "long\n");
	assert_int_equal(count_prefix(".nnn"), 0);
}

/* ------------------------------------------------------------ links */

static void
test_symlink_kept(void **state)
{
	char err[256];

	(void)state;
	put("target", "OLD\n");
	assert_int_equal(symlink("target", "link"), 0);
	assert_int_equal(write_via("link", "new\n", err, sizeof(err)), 0);
	assert_true(is_link("link"));
	check_text("target", "new\n");
}

static void
test_symlink_chain_across_dirs(void **state)
{
	char err[256], abs[128];

	(void)state;
	assert_int_equal(mkdir("a", 0777), 0);
	assert_int_equal(mkdir("b", 0777), 0);
	put("b/final", "OLD\n");
	assert_int_equal(symlink("../b/final", "a/hop2"), 0);
	assert_int_equal(symlink("a/hop2", "hop1"), 0);
	assert_non_null(getcwd(abs, sizeof(abs) - 8));
	strcat(abs, "/hop1");
	assert_int_equal(symlink(abs, "b/hop0"), 0);
	assert_int_equal(write_via("b/hop0", "new\n", err, sizeof(err)), 0);
	assert_true(is_link("b/hop0"));
	assert_true(is_link("hop1"));
	assert_true(is_link("a/hop2"));
	check_text("b/final", "new\n");
	assert_int_equal(count_prefix(".hop"), 0);
}

static void
test_dangling_symlink_creates_target(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(symlink("made", "dangling"), 0);
	assert_int_equal(write_via("dangling", "new\n", err, sizeof(err)), 0);
	assert_true(is_link("dangling"));
	check_text("made", "new\n");
}

/* A link longer than any first guess at its size is read in full. */
static void
test_long_link(void **state)
{
	char err[256], *dest;
	size_t i;

	(void)state;
	dest = malloc(3000 + sizeof("final"));
	assert_non_null(dest);
	for (i = 0; i < 3000; i += 2)
		memcpy(dest + i, "./", 2);
	strcpy(dest + 3000, "final");
	assert_int_equal(symlink(dest, "link"), 0);
	free(dest);
	assert_int_equal(write_via("link", "new\n", err, sizeof(err)), 0);
	assert_true(is_link("link"));
	check_text("final", "new\n");
}

static void
test_symlink_loop(void **state)
{
	struct cbs_outfile *f = NULL;
	char err[256];

	(void)state;
	assert_int_equal(symlink("loop2", "loop1"), 0);
	assert_int_equal(symlink("loop1", "loop2"), 0);
	assert_int_equal(cbs_outfile_open("loop1", &f, err, sizeof(err)),
	    CBS_EIO);
	assert_null(f);
	assert_string_equal(err, strerror(ELOOP));
	assert_true(is_link("loop1"));
}

/* ------------------------------------------------------------ in place */

static void
test_fifo_written_in_place(void **state)
{
	struct cbs_outfile *f;
	char err[256], buf[64];
	struct stat st;
	ssize_t n;
	int rd;

	(void)state;
	assert_int_equal(mkfifo("fifo", 0666), 0);
	assert_int_equal(symlink("fifo", "fifo-link"), 0);
	/* A reader first, so that opening for writing does not wait. */
	rd = open("fifo", O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(cbs_outfile_open("fifo-link", &f, err, sizeof(err)),
	    0);
	assert_null(cbs_outfile_temp_path(f));
	fputs("through\n", cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), 0);
	n = read(rd, buf, sizeof(buf) - 1);
	close(rd);
	assert_int_equal(n, 8);
	buf[n] = '\0';
	assert_string_equal(buf, "through\n");
	assert_int_equal(lstat("fifo", &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_true(is_link("fifo-link"));
	assert_int_equal(count_prefix(".fifo"), 0);
}

static void
test_full_device_is_write_error(void **state)
{
	struct cbs_outfile *f;
	char err[256];
	struct stat st;

	(void)state;
	assert_int_equal(symlink("/dev/full", "full"), 0);
	assert_int_equal(cbs_outfile_open("full", &f, err, sizeof(err)), 0);
	assert_null(cbs_outfile_temp_path(f));
	fputs("lost\n", cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), CBS_EIO);
	assert_string_equal(err + strlen("write: "), strerror(ENOSPC));
	assert_true(is_link("full"));
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* A write that failed mid-text names its reason, not a bare EIO. */
static void
test_fail_learns_errno(void **state)
{
	struct cbs_outfile *f;
	char err[256];
	FILE *fp;
	int i;

	(void)state;
	assert_int_equal(symlink("/dev/full", "full"), 0);
	assert_int_equal(cbs_outfile_open("full", &f, err, sizeof(err)), 0);
	fp = cbs_outfile_stream(f);
	for (i = 0; i < 1000; i++)
		fputs("more than a stdio buffer holds\n", fp);
	assert_true(ferror(fp));
	errno = 0;
	assert_int_equal(cbs_outfile_fail(f, 0, err, sizeof(err)), CBS_EIO);
	assert_string_equal(err + strlen("write: "), strerror(ENOSPC));
}

/* Nothing buffered to learn from: the caller's saved errno; the old
 * file is kept and the temporary file removed. */
static void
test_fail_keeps_old_file(void **state)
{
	struct cbs_outfile *f;
	char err[256];

	(void)state;
	put("out", "OLD\n");
	assert_int_equal(cbs_outfile_open("out", &f, err, sizeof(err)), 0);
	fputs("new\n", cbs_outfile_stream(f));
	assert_int_equal(fflush(cbs_outfile_stream(f)), 0);
	assert_int_equal(cbs_outfile_fail(f, ENOSPC, err, sizeof(err)),
	    CBS_EIO);
	assert_string_equal(err + strlen("write: "), strerror(ENOSPC));
	check_text("out", "OLD\n");
	assert_int_equal(count_prefix(".out"), 0);
}

/* ------------------------------------------------------------ descriptors */

/* A name of an open descriptor appends through it when it was opened
 * for appending: the file is neither replaced nor truncated, and the
 * descriptor stays open for its owner. */
static void
test_descriptor_appended(void **state)
{
	struct cbs_outfile *f;
	char err[256], name[64];
	struct stat before, after;
	int fd;

	(void)state;
	put("log", "PRECIOUS\n");
	assert_int_equal(stat("log", &before), 0);
	fd = open("log", O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	snprintf(name, sizeof(name), "/dev/fd/%d", fd);
	assert_int_equal(symlink(name, "fd-link"), 0);
	assert_int_equal(cbs_outfile_open("fd-link", &f, err, sizeof(err)),
	    0);
	assert_null(cbs_outfile_temp_path(f));
	fputs("report\n", cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), 0);
	assert_int_equal(write(fd, "more\n", 5), 5);
	assert_int_equal(close(fd), 0);
	check_text("log", "PRECIOUS\nreport\nmore\n");
	assert_int_equal(stat("log", &after), 0);
	assert_true(before.st_ino == after.st_ino);
	assert_true(is_link("fd-link"));
}

/* Without O_APPEND the text goes at the descriptor's offset. */
static void
test_descriptor_offset(void **state)
{
	struct cbs_outfile *f;
	char err[256], name[64];
	int fd;

	(void)state;
	put("seq", "0123456789\n");
	fd = open("seq", O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 2, SEEK_SET), 2);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	assert_int_equal(cbs_outfile_open(name, &f, err, sizeof(err)), 0);
	fputs("ab", cbs_outfile_stream(f));
	assert_int_equal(cbs_outfile_commit(f, err, sizeof(err)), 0);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 4);
	close(fd);
	check_text("seq", "01ab456789\n");
}

static void
test_descriptor_refused(void **state)
{
	struct cbs_outfile *f = NULL;
	char err[256], name[64];
	int fd;

	(void)state;
	put("in", "PRECIOUS\n");
	fd = open("in", O_RDONLY);
	assert_true(fd >= 0);
	snprintf(name, sizeof(name), "/dev/fd/%d", fd);
	assert_int_equal(cbs_outfile_open(name, &f, err, sizeof(err)),
	    CBS_EINVAL);
	assert_null(f);
	assert_non_null(strstr(err, "only for reading"));
	assert_int_equal(close(fd), 0);
	/* The number is free now. */
	assert_int_equal(cbs_outfile_open(name, &f, err, sizeof(err)),
	    CBS_EINVAL);
	assert_null(f);
	assert_non_null(strstr(err, "not open"));
	check_text("in", "PRECIOUS\n");
}

/* ------------------------------------------------------------ refused */

static void
check_refused(const char *path, const char *want)
{
	struct cbs_outfile *f = NULL;
	char err[256];

	assert_int_equal(cbs_outfile_open(path, &f, err, sizeof(err)),
	    CBS_EINVAL);
	assert_null(f);
	assert_non_null(strstr(err, want));
}

static void
test_refused_kinds(void **state)
{
	struct sockaddr_un sa;
	struct stat st;
	int s;

	(void)state;
	assert_int_equal(mkdir("dir", 0777), 0);
	assert_int_equal(symlink("dir", "dir-link"), 0);
	check_refused("dir", "is a directory");
	check_refused("dir-link", "is a directory");
	check_refused("new-dir/", "names a directory");
	check_refused("", "is an empty path");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "sock");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	check_refused("sock", "is a socket");
	close(s);
	assert_int_equal(lstat("dir", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(lstat("sock", &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_true(is_link("dir-link"));
}

static void
test_missing_folder(void **state)
{
	struct cbs_outfile *f = NULL;
	char err[256];

	(void)state;
	assert_int_equal(cbs_outfile_open("no/such/out", &f, err,
	    sizeof(err)), CBS_EIO);
	assert_null(f);
	assert_non_null(strstr(err, strerror(ENOENT)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_new_file_gets_umask_mode),
		T(test_umask_untouched),
		T(test_replacement_keeps_mode),
		T(test_temp_beside_target_and_abort),
		T(test_long_name),
		T(test_symlink_kept),
		T(test_symlink_chain_across_dirs),
		T(test_dangling_symlink_creates_target),
		T(test_long_link),
		T(test_symlink_loop),
		T(test_fifo_written_in_place),
		T(test_full_device_is_write_error),
		T(test_fail_learns_errno),
		T(test_fail_keeps_old_file),
		T(test_descriptor_appended),
		T(test_descriptor_offset),
		T(test_descriptor_refused),
		T(test_refused_kinds),
		T(test_missing_folder),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
