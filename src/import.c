/* import: paths → files → parse → store.  First the paths are walked into
 * a sorted list of files (folders recursively, symbolic links followed
 * with loops detected), so that progress can show what is left; then a
 * reader thread reads and parses the files while this one writes their
 * decisions in batch transactions, so a bad file changes nothing and a
 * killed import leaves every decision whole or absent. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "html.h"
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

/* Writes a file's name with every control character (C0, DEL, C1 as
 * UTF-8) as '?': a name is the user's bytes, and an escape sequence in
 * one must not reach the terminal. */
static void
put_name(FILE *f, const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			fputc('?', f);
			p++;
		} else {
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
		}
	}
}

/* Prints "ombuds: NAME:LINE: message" (no LINE when line is 0). */
__attribute__((format(printf, 4, 5))) static void
say(struct importer *im, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	FILE *err = im->opts->err;

	clear_progress(im);
	fputs("ombuds: ", err);
	put_name(err, name);
	if (line > 0)
		fprintf(err, ":%d: ", line);
	else
		fputs(": ", err);
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

/* Nonzero for the files a folder is searched for: statements saved as
 * text (.txt) or as web pages (.html, .htm). */
static int
is_statement_file(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcasecmp(name + n - 4, ".txt") == 0) ||
	       (n > 4 && strcasecmp(name + n - 4, ".htm") == 0) ||
	       (n > 5 && strcasecmp(name + n - 5, ".html") == 0);
}

/* Nonzero when name is the "<page>_files" folder a browser's "Save page
 * as… complete" writes beside <page>.html or <page>.htm (its images,
 * scripts and styles): names is the folder's sorted list. */
static int
is_page_files(const struct filelist *names, const char *name)
{
	size_t n = strlen(name);
	char page[1024];

	if (n <= 6 || n - 6 + 6 >= sizeof page ||
	    strcmp(name + n - 6, "_files") != 0)
		return 0;
	for (int ext = 0; ext < 2; ext++) {
		char *const *hit;
		const char *key = page;

		snprintf(page, sizeof page, "%.*s%s", (int)(n - 6), name,
			 ext ? ".htm" : ".html");
		hit = bsearch(&key, names->v, names->n, sizeof *names->v,
			      cmp_names);
		if (hit != NULL)
			return 1;
	}
	return 0;
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
			if (!is_page_files(&names, names.v[i]))
				rc = walk(im, path, &me, skipped);
		} else if (S_ISREG(sb.st_mode) && is_statement_file(names.v[i])) {
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

/* An import of at least this share of the store's decisions (its files
 * against the decisions stored when it ends) is a bulk one. */
#define BULK_SHARE 10

/* Ends a bulk import: compacts the search index when it wrote anything,
 * else sets merging back.  Returns 0, or -1 with a message: the
 * decisions stay stored, and only searches are slower. */
static int
bulk_end(struct importer *im)
{
	int rc;

	if (im->stats->imported + im->stats->replaced == 0) {
		rc = store_index_bulk(im->st, 0);
	} else {
		if (im->opts->progress) {
			fprintf(im->opts->err, "\r\033[Kimporting: %zu/%zu files,"
				" compacting the search index", im->files.n,
				im->files.n);
			fflush(im->opts->err);
			im->progress_shown = 1;
		}
		rc = store_optimize(im->st);
	}
	if (rc == 0)
		return 0;
	say(im, im->opts->store_name, 0, "%s (the decisions are stored; "
	    "searches are only slower)", store_error(im->st));
	return -1;
}

/* Commits the open batch and counts it; returns 0, or -1 (rolled back). */
static int
commit_batch(struct importer *im)
{
	if (store_commit(im->st) < 0) {
		say(im, im->opts->store_name, 0, "%s", store_error(im->st));
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

/* What the reader thread hands over for one file, in file order. */
struct job {
	const char *path;
	int err;                  /* errno from opening or reading; 0: read */
	struct parse_result res;  /* filled when err is 0 */
	/* Its decisions made ready for the store (store_prep_decision),
	 * when it has any to store; kept for the slot's next files. */
	struct store_prepped **prep;
	size_t nprep, prepcap;
};

/* Nonzero when none of res's decisions is to be stored: it has an
 * error, or none. */
static int
result_refused(const struct parse_result *res)
{
	for (size_t i = 0; i < res->nproblems; i++)
		if (res->problems[i].severity == PARSE_ERROR)
			return 1;
	return res->ndecisions == 0;
}

/* Makes the decisions of job ready for the store with pp, as many as
 * memory allows (the writer does the rest). */
static void
job_prep(struct job *job, struct store_prep *pp)
{
	const struct parse_result *res = &job->res;

	if (pp == NULL || job->err != 0 || result_refused(res))
		return;
	if (res->ndecisions > job->prepcap) {
		struct store_prepped **p = realloc(job->prep, res->ndecisions *
							       sizeof *p);

		if (p == NULL)
			return;
		memset(p + job->prepcap, 0,
		       (res->ndecisions - job->prepcap) * sizeof *p);
		job->prep = p;
		job->prepcap = res->ndecisions;
	}
	while (job->nprep < res->ndecisions &&
	       store_prep_decision(pp, &res->decisions[job->nprep],
				   &job->prep[job->nprep]) == 0)
		job->nprep++;
}

static void
job_free(struct job *job)
{
	for (size_t i = 0; i < job->prepcap; i++)
		store_prepped_free(job->prep[i]);
	free(job->prep);
}

/* Parses a web page (html_to_text, then parse_bytes) into res: each
 * decision keeps the page's URL, problems name no line (the lines are
 * the page's text, not the file's), and a page that is not a decision
 * gives one error that says what it is. */
static void
read_page(const char *buf, size_t len, struct parse_result *res)
{
	struct html_page page;

	if (html_to_text(buf, len, &page) < 0) {
		memset(res, 0, sizeof *res);
		if ((res->problems = calloc(1, sizeof *res->problems)) != NULL) {
			res->nproblems = 1;
			res->problems[0].severity = PARSE_ERROR;
			snprintf(res->problems[0].msg,
				 sizeof res->problems[0].msg,
				 "not a decision statement: %.170s", page.reason);
		}
		html_page_free(&page);
		return;
	}
	parse_bytes(page.text, page.len, res);
	for (size_t i = 0; i < res->nproblems; i++)
		res->problems[i].line = 0;
	for (size_t i = 0; i < res->ndecisions && page.url != NULL; i++)
		res->decisions[i].url = strdup(page.url);
	html_page_free(&page);
}

/* Reads and parses one file into job.  Prints nothing (runs in the reader
 * thread): job_store tells the user, in file order. */
static void
read_job(const char *path, struct job *job)
{
	size_t len = 0;
	char *buf;
	int fd;

	job->path = path;
	job->err = 0;
	job->nprep = 0;
	memset(&job->res, 0, sizeof job->res);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		job->err = errno;
		return;
	}
	buf = read_all(fd, &len);
	if (buf == NULL)
		job->err = errno ? errno : EIO;
	if (fd != STDIN_FILENO)
		close(fd);
	if (buf == NULL)
		return;
	if (html_is_html(buf, len))
		read_page(buf, len, &job->res);
	else
		parse_bytes(buf, len, &job->res);
	free(buf);
}

/* Reports a job's problems and writes its decisions; frees the job.
 * Returns 0, or -1 when the store failed. */
static int
job_store(struct importer *im, struct job *job)
{
	const int is_stdin = strcmp(job->path, "-") == 0;
	const char *name = is_stdin ? STDIN_NAME : job->path;
	struct parse_result *res = &job->res;
	long added[3] = {0};
	int bad = 0, warned = 0, rc = 0;

	im->stats->files++;
	if (job->err == EFBIG) {
		say(im, name, 0, "too large to be a decision statement (over %ld MB)",
		    IMPORT_MAX_FILE / (1024 * 1024));
		im->stats->failed++;
		return 0;
	}
	if (job->err != 0) {
		say(im, name, 0, "%s", errno_words(job->err));
		im->stats->failed++;
		return 0;
	}
	for (size_t i = 0; i < res->nproblems; i++) {
		const struct parse_problem *p = &res->problems[i];

		if (p->severity == PARSE_ERROR)
			bad = 1;
		else
			warned = 1;
		say(im, name, p->line, "%s%s",
		    p->severity == PARSE_ERROR ? "" : "warning: ", p->msg);
	}
	if (result_refused(res)) {
		if (!bad)
			say(im, name, 0, "no decision statement found");
		im->stats->failed++;
		goto done;
	}
	/* A store error (a full disk) ends the import: the caller rolls
	 * back the open batch, so nothing of this file stays half-written. */
	for (size_t i = 0; i < res->ndecisions; i++) {
		enum store_put how;

		if (store_put_prepped(im->st, &res->decisions[i],
				      i < job->nprep ? job->prep[i] : NULL,
				      is_stdin ? NULL : job->path, &how) < 0) {
			say(im, im->opts->store_name, 0, "%s (importing %s)",
			    store_error(im->st), name);
			im->stats->failed++;
			rc = -1;
			goto done;
		}
		added[how]++;
	}
	im->batch.imported += added[STORE_PUT_NEW];
	im->batch.replaced += added[STORE_PUT_REPLACED];
	im->batch.unchanged += added[STORE_PUT_UNCHANGED];
	im->batch.warnings += warned;
done:
	parse_result_free(res);
	return rc;
}

/* Reading and parsing run ahead of writing, on the other core: the
 * reader thread fills a ring of jobs, the writer takes them in order.
 * A side that waits is woken only when half the ring is there for it,
 * not at every job: a wake-up costs both sides a switch, and the reader,
 * the faster, would otherwise wait and be woken once a file
 * (docs/PERFORMANCE.md, Import). */
#define RING 32

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t filled;    /* a job is ready */
	pthread_cond_t emptied;   /* a slot is free */
	struct job ring[RING];
	char *const *paths;
	size_t total;
	size_t produced;
	size_t consumed;
	int reader_waits;         /* for the ring to be half empty */
	int writer_waits;         /* for job consumed to be ready */
	int stop;
	int threaded;
	pthread_t thread;
	struct store_prep *pp;    /* the reader's, NULL: none */
};

static void *
reader(void *arg)
{
	struct pipeline *pl = arg;

	for (size_t i = 0; i < pl->total; i++) {
		pthread_mutex_lock(&pl->mu);
		while (pl->produced - pl->consumed == RING && !pl->stop) {
			pl->reader_waits = 1;
			pthread_cond_wait(&pl->emptied, &pl->mu);
		}
		if (pl->stop) {
			pthread_mutex_unlock(&pl->mu);
			break;
		}
		pthread_mutex_unlock(&pl->mu);
		/* The slot is the reader's until produced moves past it. */
		read_job(pl->paths[i], &pl->ring[i % RING]);
		job_prep(&pl->ring[i % RING], pl->pp);
		pthread_mutex_lock(&pl->mu);
		pl->produced++;
		if (pl->writer_waits &&
		    (pl->produced - pl->consumed >= RING / 2 ||
		     pl->produced == pl->total)) {
			pl->writer_waits = 0;
			pthread_cond_signal(&pl->filled);
		}
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

/* The reader also makes each decision ready for the store (its texts,
 * fingerprint and words, store_prep_decision), which would otherwise
 * be the writer's work; in a bulk import, not one whose fingerprint is
 * stored (store_prep_new). */
static void
pipeline_start(struct pipeline *pl, struct store *st, char *const *paths,
	       size_t total, int bulk)
{
	memset(pl, 0, sizeof *pl);
	pl->paths = paths;
	pl->total = total;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->filled, NULL);
	pthread_cond_init(&pl->emptied, NULL);
	if (total > 1)
		pl->pp = store_prep_new(st, bulk);
	/* Without a thread the writer reads each file itself. */
	pl->threaded = total > 1 &&
		       pthread_create(&pl->thread, NULL, reader, pl) == 0;
	if (!pl->threaded) {
		store_prep_free(pl->pp);
		pl->pp = NULL;
	}
}

/* Returns job i, waiting for the reader. */
static struct job *
pipeline_take(struct pipeline *pl, size_t i)
{
	struct job *job = &pl->ring[i % RING];

	if (!pl->threaded) {
		read_job(pl->paths[i], job);
		return job;
	}
	pthread_mutex_lock(&pl->mu);
	while (pl->produced <= i) {
		pl->writer_waits = 1;
		pthread_cond_wait(&pl->filled, &pl->mu);
	}
	pthread_mutex_unlock(&pl->mu);
	return job;
}

/* Gives job i's slot back to the reader. */
static void
pipeline_done(struct pipeline *pl)
{
	pthread_mutex_lock(&pl->mu);
	pl->consumed++;
	if (pl->reader_waits && pl->produced - pl->consumed <= RING / 2) {
		pl->reader_waits = 0;
		pthread_cond_signal(&pl->emptied);
	}
	pthread_mutex_unlock(&pl->mu);
}

/* Stops the reader and frees the jobs read but not written. */
static void
pipeline_stop(struct pipeline *pl)
{
	if (pl->threaded) {
		pthread_mutex_lock(&pl->mu);
		pl->stop = 1;
		pthread_cond_signal(&pl->emptied);
		pthread_mutex_unlock(&pl->mu);
		pthread_join(pl->thread, NULL);
		for (size_t i = pl->consumed; i < pl->produced; i++)
			parse_result_free(&pl->ring[i % RING].res);
	}
	for (size_t i = 0; i < RING; i++)
		job_free(&pl->ring[i]);
	store_prep_free(pl->pp);
	pthread_cond_destroy(&pl->filled);
	pthread_cond_destroy(&pl->emptied);
	pthread_mutex_destroy(&pl->mu);
}

/* A batch is committed after this many seconds, however few its files
 * (a -D may move it: instruction counts under valgrind want batches of
 * files, not of time). */
#ifndef IMPORT_COMMIT_SECONDS
#define IMPORT_COMMIT_SECONDS 2.0
#endif

int
import_paths(struct store *st, char *const paths[], int npaths,
	     const struct import_opts *opts, struct import_stats *stats)
{
	struct importer im = {
		.st = st, .opts = opts, .stats = stats, .started = now(),
	};
	long batch = opts->batch > 0 ? opts->batch : 1000;
	struct pipeline pl;
	double last_commit;
	int rc = 0, in_txn = 0, bulk = 0, uncompacted = 0;
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
			size_t before = im.files.n;

			if (walk(&im, paths[a], NULL, &skipped) < 0)
				goto nomem;
			if (skipped > 0)
				say(&im, paths[a], 0,
				    "%ld file%s not ending in .txt, .html or .htm skipped",
				    skipped, skipped == 1 ? "" : "s");
			/* A folder with nothing to import is input that failed. */
			if (im.files.n == before) {
				say(&im, paths[a], 0, "no statement files (*.txt, "
				    "*.html, *.htm) found");
				stats->failed++;
			}
		} else if (files_add(&im.files, paths[a]) < 0) {
			goto nomem;
		}
	}

	/* A bulk import leaves FTS5's merging to its end (store_index_bulk);
	 * every import sets it, as a killed one may have left it off. */
	if (im.files.n > 0) {
		long total = 0;

		if (store_count(st, NULL, &total) == 0) {
			bulk = (long)im.files.n * BULK_SHARE >=
			       total + (long)im.files.n;
			if (store_index_bulk(st, bulk) < 0)
				rc = -1;
		} else {
			rc = -1;
		}
		if (rc < 0)
			say(&im, opts->store_name, 0, "%s", store_error(st));
	}
	pipeline_start(&pl, st, im.files.v, im.files.n, bulk);
	last_commit = now();
	for (i = 0; i < im.files.n && rc == 0; i++) {
		if (!in_txn) {
			if (store_begin(st) < 0) {
				say(&im, opts->store_name, 0, "%s", store_error(st));
				rc = -1;
				break;
			}
			in_txn = 1;
		}
		rc = job_store(&im, pipeline_take(&pl, i));
		pipeline_done(&pl);
		/* Commit in batches: a killed import loses only the last one,
		 * and a rerun completes it. */
		if (rc == 0 && ((long)(i + 1) % batch == 0 || i + 1 == im.files.n ||
			 now() - last_commit > IMPORT_COMMIT_SECONDS)) {
			if (commit_batch(&im) < 0)
				rc = -1;
			in_txn = 0;
			last_commit = now();
		}
		draw_progress(&im, i + 1, 0);
	}
	pipeline_stop(&pl);
	if (rc < 0) {
		if (in_txn)
			store_rollback(st);
		if (im.batch.imported + im.batch.replaced > 0)
			say(&im, opts->store_name, 0,
			    "import stopped; the %ld decisions read since the last "
			    "save were not kept: run the import again to complete it",
			    im.batch.imported + im.batch.replaced);
	}
	if (rc == 0)
		draw_progress(&im, im.files.n, 1);
	if (rc == 0 && bulk && bulk_end(&im) < 0)
		uncompacted = 1;
	clear_progress(&im);
	for (i = 0; i < im.files.n; i++)
		free(im.files.v[i]);
	free(im.files.v);
	if (rc < 0)
		return -1;
	return stats->failed > 0 || uncompacted ? 1 : 0;

nomem:
	say(&im, "import", 0, "out of memory");
	for (i = 0; i < im.files.n; i++)
		free(im.files.v[i]);
	free(im.files.v);
	return -1;
}
