/* import: paths → files → parse → store.  First the paths are walked into
 * a sorted list of files (folders recursively, symbolic links followed
 * with loops detected), so that progress can show what is left; then each
 * file is read, parsed and written inside a savepoint of a batch
 * transaction, so a bad file changes nothing and a killed import leaves
 * every decision whole or absent. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import.h"
#include "parse.h"
#include "text.h"

#define STDIN_NAME "(standard input)"

struct filelist {
	char **v;
	size_t n;
	size_t cap;
};

/* A folder on the way down, to notice a symbolic link loop. */
struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
};

struct importer {
	struct store *st;
	const struct import_opts *opts;
	struct import_stats *stats;
	struct import_stats batch;   /* counts of the open transaction */
	struct filelist files;
	int progress_shown;
	double started;
	double last_draw;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Our words for the errors a file or folder can give. */
static const char *
errno_words(int e)
{
	switch (e) {
	case ENOENT:
		return "no such file or folder";
	case EACCES:
	case EPERM:
		return "permission denied";
	case ELOOP:
		return "too many levels of symbolic links (a link loop?)";
	case ENOTDIR:
		return "a part of the path is not a folder";
	case ENAMETOOLONG:
		return "the name is too long";
	case EIO:
		return "a read error occurred";
	case ENOMEM:
		return "out of memory";
	case EISDIR:
		return "is a folder";
	case EMFILE:
	case ENFILE:
		return "too many open files";
	default:
		return "cannot be read";
	}
}

static void
clear_progress(struct importer *im)
{
	if (im->progress_shown) {
		fputs("\r\033[K", im->opts->err);
		im->progress_shown = 0;
	}
}

/* Prints "ombuds: NAME:LINE: message" (no LINE when line is 0). */
__attribute__((format(printf, 4, 5))) static void
say(struct importer *im, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	FILE *err = im->opts->err;

	clear_progress(im);
	if (line > 0)
		fprintf(err, "ombuds: %s:%d: ", name, line);
	else
		fprintf(err, "ombuds: %s: ", name);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
}

/* Appends a copy of path; returns 0 or -1. */
static int
files_add(struct filelist *fl, const char *path)
{
	if (fl->n == fl->cap) {
		size_t ncap = fl->cap ? fl->cap * 2 : 256;
		char **nv = realloc(fl->v, ncap * sizeof *nv);

		if (nv == NULL)
			return -1;
		fl->v = nv;
		fl->cap = ncap;
	}
	if ((fl->v[fl->n] = strdup(path)) == NULL)
		return -1;
	fl->n++;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_txt(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".txt") == 0;
}

/* Adds the .txt files below dir to the list, in name order; counts
 * failures and skipped files.  Returns 0, or -1 when out of memory. */
static int
walk(struct importer *im, const char *dir, const struct ancestor *up,
     long *skipped)
{
	struct filelist names = {0};
	struct dirent *e;
	struct stat sb;
	struct ancestor me;
	DIR *d;
	int rc = 0;

	if (stat(dir, &sb) < 0) {
		say(im, dir, 0, "%s", errno_words(errno));
		im->stats->failed++;
		return 0;
	}
	for (const struct ancestor *a = up; a != NULL; a = a->up) {
		if (a->dev == sb.st_dev && a->ino == sb.st_ino) {
			say(im, dir, 0,
			    "symbolic link loop back to a folder above; skipped");
			im->stats->failed++;
			return 0;
		}
	}
	me = (struct ancestor){ .dev = sb.st_dev, .ino = sb.st_ino, .up = up };

	if ((d = opendir(dir)) == NULL) {
		say(im, dir, 0, "%s", errno_words(errno));
		im->stats->failed++;
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files */
		if (files_add(&names, e->d_name) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof *names.v, cmp_names);

	for (size_t i = 0; i < names.n && rc == 0; i++) {
		size_t len = strlen(dir) + strlen(names.v[i]) + 2;
		char *path = malloc(len);

		if (path == NULL) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
		if (stat(path, &sb) < 0) {
			say(im, path, 0, "%s", errno_words(errno));
			im->stats->failed++;
		} else if (S_ISDIR(sb.st_mode)) {
			rc = walk(im, path, &me, skipped);
		} else if (S_ISREG(sb.st_mode) && is_txt(names.v[i])) {
			rc = files_add(&im->files, path);
		} else {
			(*skipped)++;
		}
		free(path);
	}
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return rc;
}

/* Reads the whole of fd, at most IMPORT_MAX_FILE bytes; returns a malloc'd
 * buffer and sets *len, or NULL with errno set (EFBIG when too large). */
static char *
read_all(int fd, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	struct stat sb;

	if (buf == NULL)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (sb.st_size > IMPORT_MAX_FILE) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap > (size_t)IMPORT_MAX_FILE) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;

			free(buf);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > (size_t)IMPORT_MAX_FILE) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	*len = n;
	return buf;
}

/* Draws "importing: done/total files, rate, time left" at most ten times
 * a second. */
static void
draw_progress(struct importer *im, size_t done, int force)
{
	double t = now(), elapsed = t - im->started, rate;
	size_t total = im->files.n;

	if (!im->opts->progress || (!force && t - im->last_draw < 0.1))
		return;
	im->last_draw = t;
	rate = elapsed > 0 ? (double)done / elapsed : 0;
	fprintf(im->opts->err, "\r\033[Kimporting: %zu/%zu files", done, total);
	if (done > 0 && elapsed > 0.5) {
		long left = rate > 0 ? (long)((double)(total - done) / rate) : 0;

		fprintf(im->opts->err, ", %.0f files/s, %ld:%02ld left", rate,
			left / 60, left % 60);
	}
	fflush(im->opts->err);
	im->progress_shown = 1;
}

/* Commits the open batch and counts it; returns 0, or -1 (rolled back). */
static int
commit_batch(struct importer *im)
{
	if (store_commit(im->st) < 0) {
		say(im, "store", 0, "%s", store_error(im->st));
		store_rollback(im->st);
		return -1;
	}
	im->stats->imported += im->batch.imported;
	im->stats->replaced += im->batch.replaced;
	im->stats->unchanged += im->batch.unchanged;
	im->stats->warnings += im->batch.warnings;
	memset(&im->batch, 0, sizeof im->batch);
	return 0;
}

/* Imports one file; returns 0, or -1 when the store failed. */
static int
import_file(struct importer *im, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? STDIN_NAME : path;
	struct parse_result res;
	size_t len = 0;
	char *buf;
	int fd, rc, bad = 0;

	im->stats->files++;
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		say(im, name, 0, "%s", errno_words(errno));
		im->stats->failed++;
		return 0;
	}
	buf = read_all(fd, &len);
	if (buf == NULL) {
		if (errno == EFBIG)
			say(im, name, 0,
			    "too large to be a decision statement (over %ld MB)",
			    IMPORT_MAX_FILE / (1024 * 1024));
		else
			say(im, name, 0, "%s", errno_words(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		im->stats->failed++;
		return 0;
	}
	if (fd != STDIN_FILENO)
		close(fd);

	rc = parse_bytes(buf, len, &res);
	free(buf);
	for (size_t i = 0; i < res.nproblems; i++) {
		const struct parse_problem *p = &res.problems[i];

		if (p->severity == PARSE_ERROR) {
			say(im, name, p->line, "%s", p->msg);
			bad = 1;
		} else {
			say(im, name, p->line, "warning: %s", p->msg);
		}
	}
	if (rc < 0 || bad || res.ndecisions == 0) {
		if (!bad)
			say(im, name, 0, "no decision statement found");
		im->stats->failed++;
		parse_result_free(&res);
		return 0;
	}

	long added[3] = {0};

	/* A store error (a full disk) ends the import: the caller rolls
	 * back the open batch, so nothing of this file stays half-written. */
	for (size_t i = 0; i < res.ndecisions; i++) {
		enum store_put how;

		if (store_put(im->st, &res.decisions[i],
			      fd == STDIN_FILENO ? NULL : path, &how) < 0)
			goto store_failed;
		added[how]++;
	}
	im->batch.imported += added[STORE_PUT_NEW];
	im->batch.replaced += added[STORE_PUT_REPLACED];
	im->batch.unchanged += added[STORE_PUT_UNCHANGED];
	for (size_t i = 0; i < res.nproblems; i++)
		if (res.problems[i].severity == PARSE_WARNING) {
			im->batch.warnings++;
			break;
		}
	parse_result_free(&res);
	return 0;

store_failed:
	say(im, name, 0, "%s", store_error(im->st));
	im->stats->failed++;
	parse_result_free(&res);
	return -1;
}

int
import_paths(struct store *st, char *const paths[], int npaths,
	     const struct import_opts *opts, struct import_stats *stats)
{
	struct importer im = {
		.st = st, .opts = opts, .stats = stats, .started = now(),
	};
	long batch = opts->batch > 0 ? opts->batch : 1000;
	double last_commit;
	int rc = 0, in_txn = 0;
	size_t i;

	memset(stats, 0, sizeof *stats);
	for (int a = 0; a < npaths; a++) {
		struct stat sb;
		long skipped = 0;

		if (strcmp(paths[a], "-") == 0) {
			if (files_add(&im.files, "-") < 0)
				goto nomem;
		} else if (stat(paths[a], &sb) < 0) {
			say(&im, paths[a], 0, "%s", errno_words(errno));
			stats->failed++;
		} else if (S_ISDIR(sb.st_mode)) {
			if (walk(&im, paths[a], NULL, &skipped) < 0)
				goto nomem;
			if (skipped > 0)
				say(&im, paths[a], 0,
				    "%ld file%s not ending in .txt skipped",
				    skipped, skipped == 1 ? "" : "s");
		} else if (files_add(&im.files, paths[a]) < 0) {
			goto nomem;
		}
	}

	last_commit = now();
	for (i = 0; i < im.files.n && rc == 0; i++) {
		if (!in_txn) {
			if (store_begin(st) < 0) {
				say(&im, "store", 0, "%s", store_error(st));
				rc = -1;
				break;
			}
			in_txn = 1;
		}
		if (import_file(&im, im.files.v[i]) < 0)
			rc = -1;
		/* Commit in batches: a killed import loses only the last one,
		 * and a rerun completes it. */
		else if ((long)(i + 1) % batch == 0 || i + 1 == im.files.n ||
			 now() - last_commit > 2.0) {
			if (commit_batch(&im) < 0)
				rc = -1;
			in_txn = 0;
			last_commit = now();
		}
		draw_progress(&im, i + 1, 0);
	}
	if (rc < 0) {
		if (in_txn)
			store_rollback(st);
		if (im.batch.imported + im.batch.replaced > 0)
			say(&im, "import", 0,
			    "stopped; the %ld decisions read since the last save "
			    "were not kept: run the import again to complete it",
			    im.batch.imported + im.batch.replaced);
	}
	if (rc == 0)
		draw_progress(&im, im.files.n, 1);
	clear_progress(&im);
	for (i = 0; i < im.files.n; i++)
		free(im.files.v[i]);
	free(im.files.v);
	if (rc < 0)
		return -1;
	return stats->failed > 0 ? 1 : 0;

nomem:
	say(&im, "import", 0, "out of memory");
	for (i = 0; i < im.files.n; i++)
		free(im.files.v[i]);
	free(im.files.v);
	return -1;
}
