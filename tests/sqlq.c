/*
 * sqlq.c: a tiny SQLite client for tests/history.sh, so that the tests
 * need no sqlite3 shell: run the SQL of an argument (or, with -f, of a
 * file) on a database and print each row's columns separated by '|'.
 *
 * usage: sqlq DB SQL | sqlq DB -f FILE
 *
 * With SQLQ_KEEP_WAL set, the write-ahead log is not folded into the
 * file on close: its commits stay in DB-wal, and DB-shm stays too, as
 * when a writer is still running or was killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

static int
print_row(void *ctx, int n, char **vals, char **names)
{
	int i;

	(void)ctx;
	(void)names;
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", vals[i] ? vals[i] : "");
	putchar('\n');
	return 0;
}

static char *
read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long len;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 || (buf = malloc((size_t)len + 1)) ==
	    NULL) {
		if (fp != NULL)
			fclose(fp);
		return NULL;
	}
	buf[fread(buf, 1, (size_t)len, fp)] = '\0';
	fclose(fp);
	return buf;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	char *sql, *msg = NULL;
	int rc;

	if (argc < 3 || (strcmp(argv[2], "-f") == 0 && argc < 4)) {
		fprintf(stderr, "usage: sqlq DB SQL | sqlq DB -f FILE\n");
		return 2;
	}
	sql = strcmp(argv[2], "-f") == 0 ? read_file(argv[3]) : argv[2];
	if (sql == NULL || sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "sqlq: cannot open\n");
		return 1;
	}
	sqlite3_busy_timeout(db, 30000);
	if (getenv("SQLQ_KEEP_WAL") != NULL)
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
		    NULL);
	rc = sqlite3_exec(db, sql, print_row, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sqlq: %s\n", msg ? msg : "error");
	sqlite3_free(msg);
	sqlite3_close(db);
	if (sql != argv[2])
		free(sql);
	return rc == SQLITE_OK ? 0 : 1;
}
