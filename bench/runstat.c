/*
 * runstat.c: time a command for `make bench`.
 *
 * usage: runstat N command [arg ...]
 *
 * Runs the command N times with its standard output sent to /dev/null
 * and prints "MEDIAN_SECONDS MAX_RSS_KIB": the median wall-clock time and
 * the largest peak resident set size seen (from wait4's rusage).  Exits 1
 * if any run fails (an exit status other than 0 or 2, which is the
 * regression gate's).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* @return the wall time of one run, or a negative number on failure. */
static double
run_once(char **argv, long *maxrss)
{
	struct rusage ru;
	double t0 = now();
	pid_t pid;
	int status, fd;

	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 2))
		return -1;
	if (ru.ru_maxrss > *maxrss)
		*maxrss = ru.ru_maxrss;
	return now() - t0;
}

int
main(int argc, char **argv)
{
	double *t;
	long maxrss = 0;
	int n, i;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: runstat N command [arg ...]\n");
		return 1;
	}
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if ((t[i] = run_once(argv + 2, &maxrss)) < 0) {
			fprintf(stderr, "runstat: %s failed\n", argv[2]);
			return 1;
		}
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%.4f %ld\n", n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2,
	    maxrss);
	free(t);
	return 0;
}
