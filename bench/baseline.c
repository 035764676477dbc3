/* baseline: the yardstick for ombuds' import.  The cheapest index that
 * can answer the search language: every statement's whole text as one
 * row of a bare FTS5 table, in one transaction, with SQLite's defaults.
 *
 *	baseline DB PATH…
 *
 * PATHs are files, or folders searched recursively for *.txt files, as
 * ombuds import takes them.  Nothing is parsed, nothing else is stored,
 * nothing is tuned: whatever ombuds does beyond this is what its import
 * costs.  Prints the number of files and bytes read. */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

static sqlite3 *db;
static sqlite3_stmt *insert;
static char *text;              /* the file being read, reused */
static size_t text_cap;
static long files;
static long long bytes;

static void
fail(const char *what, const char *why)
{
	fprintf(stderr, "baseline: %s: %s\n", what, why);
	exit(1);
}

static void
exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail(sql, sqlite3_errmsg(db));
}

/* Reads path whole and inserts it as one row. */
static void
add_file(const char *path)
{
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		fail(path, strerror(errno));
	if ((size_t)st.st_size + 1 > text_cap) {
		text_cap = (size_t)st.st_size + 65536;
		if ((text = realloc(text, text_cap)) == NULL)
			fail(path, "out of memory");
	}
	/* Read to the end, not to st_size: the file may change. */
	while ((n = read(fd, text + len, text_cap - len)) > 0) {
		len += (size_t)n;
		if (len == text_cap && (text = realloc(text, text_cap *= 2)) == NULL)
			fail(path, "out of memory");
	}
	if (n < 0)
		fail(path, strerror(errno));
	close(fd);

	sqlite3_bind_text(insert, 1, text, (int)len, SQLITE_STATIC);
	if (sqlite3_step(insert) != SQLITE_DONE)
		fail(path, sqlite3_errmsg(db));
	sqlite3_reset(insert);
	files++;
	bytes += (long long)len;
}

static int
want(const struct dirent *e)
{
	return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* Adds path: a file, or every *.txt file under a folder, in name order
 * so that runs are alike. */
static void
add_path(const char *path, int top)
{
	struct dirent **names;
	struct stat st;
	size_t len = strlen(path);
	int n;

	if (stat(path, &st) < 0)
		fail(path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (top || (len > 4 && strcmp(path + len - 4, ".txt") == 0))
			add_file(path);
		return;
	}
	if ((n = scandir(path, &names, want, alphasort)) < 0)
		fail(path, strerror(errno));
	for (int i = 0; i < n; i++) {
		char *sub;

		if (asprintf(&sub, "%s/%s", path, names[i]->d_name) < 0)
			fail(path, "out of memory");
		add_path(sub, 0);
		free(sub);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: baseline DB PATH...\n");
		return 2;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		fail(argv[1], sqlite3_errmsg(db));
	exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')");
	exec("BEGIN");
	if (sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?)", -1, &insert, NULL) != SQLITE_OK)
		fail("INSERT", sqlite3_errmsg(db));
	for (int i = 2; i < argc; i++)
		add_path(argv[i], 1);
	sqlite3_finalize(insert);
	exec("COMMIT");
	if (sqlite3_close(db) != SQLITE_OK)
		fail(argv[1], sqlite3_errmsg(db));
	printf("%ld files, %lld bytes (SQLite %s)\n", files, bytes, sqlite3_libversion());
	return 0;
}
