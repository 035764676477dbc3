/* store_split: the twin connection (a second reader on the same file)
 * and a pass read in two halves, the upper one on the twin in a thread
 * of its own, both at one generation of the store: store_split_run, the
 * one runner of the ranked pass's halves (store_ranked_split, here) and
 * the counted pass's (store_counted.c). */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"
#include "store_int.h"

/* Nonzero when path names the file st opened (not one put in its
 * place since, which the twin would read instead). */
static int
same_file(const struct store *st, const char *path)
{
	struct stat sb;

	return st->ino != 0 && stat(path, &sb) == 0 && sb.st_dev == st->dev &&
	       sb.st_ino == st->ino;
}

/* The second connection (struct store's twin), opened when first
 * needed; NULL when it cannot be (":memory:", a file replaced since, an
 * SQLite built without threads): then passes are read whole. */
static struct store *
twin_of(struct store *st)
{
	char err[256];

	if (st->twin == NULL && !st->twin_failed) {
		if (sqlite3_threadsafe() && same_file(st, st->path))
			st->twin = store_open(st->path, STORE_READONLY |
					      (st->flags & STORE_IMMUTABLE),
					      err, sizeof err);
		if (st->twin != NULL && !same_file(st, st->path)) {
			store_close(st->twin);
			st->twin = NULL;
		}
		st->twin_failed = st->twin == NULL;
		if (st->twin != NULL)
			store_set_check(st->twin, st->check, st->check_arg);
	}
	return st->twin;
}

/* Ends a read transaction of a split pass; should the COMMIT fail, a
 * rollback, for a read left open would hold back the WAL's checkpoints.
 * Neither is a failure of the search. */
static void
read_end(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db) &&
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Sets *v to the single integer statement i gives; returns 0 or -1. */
int
store_query_int(struct store *st, int i, sqlite3_int64 *v)
{
	sqlite3_stmt *q = store_q_doing(st, i, "searching the store");
	int rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_fail(st, rc, "searching the store");
}

/* Prepares head … tail of a pass on st over the rows below (upper 0)
 * or from (upper 1) rowid mid, set (unless NULL) and match bound in the
 * order store_bind_rest gives them; NULL with store_error set. */
static sqlite3_stmt *
half_prepare(struct store *st, const char *head, const char *tail,
	     struct idset *set, const char *match, sqlite3_int64 mid, int upper)
{
	const char *bound = upper ? " AND f.rowid >= ?" : " AND f.rowid < ?";
	struct where none = {0};
	sqlite3_stmt *q;

	q = store_prepare_where(st, store_concat(head, " WHERE 1", tail, bound,
						 (char *)NULL),
				&none, "searching the store");
	if (q != NULL) {
		store_bind_rest(q, 0, set, match);
		sqlite3_bind_int64(q, set ? 3 : 2, mid);
	}
	return q;
}

/* Starts a pass in two halves: read transactions on st and its twin
 * (*tw) that see the same generation of the store, and the rowid *mid
 * between the halves.  Returns 1 then; 0, with no transaction left
 * open, when the pass is to be read whole (no twin, another generation,
 * a transaction already open, one that would not start, too few
 * decisions) — none of which is a failure of the search. */
static int
split_begin(struct store *st, struct store **tw, sqlite3_int64 from,
	    sqlite3_int64 *mid)
{
	sqlite3_stmt *q;
	sqlite3_int64 lo = 0, hi = 0, g1, g2;
	int rc;

	if (!sqlite3_get_autocommit(st->db) || (*tw = twin_of(st)) == NULL ||
	    sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	if (store_query_int(st, Q_GENERATION, &g1) < 0 ||
	    (q = store_q_doing(st, Q_ID_SPAN, "searching the store")) == NULL)
		goto whole;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		lo = sqlite3_column_int64(q, 0);
		hi = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	if (lo < from)
		lo = from;
	*mid = lo + (hi - lo) / 2 + 1;
	if (rc != SQLITE_ROW || hi - lo < 2 ||
	    sqlite3_exec((*tw)->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto whole;
	if (store_query_int(*tw, Q_GENERATION, &g2) == 0 && g2 == g1)
		return 1;
	read_end(*tw);
whole:
	read_end(st);
	return 0;
}

/* Ends a pass in two halves. */
static void
split_end(struct store *st, struct store *tw)
{
	read_end(tw);
	read_end(st);
}

/* Starts fn(arg) on a thread that takes no signal (the browser's stay
 * with its own); returns nonzero when it started. */
static int
half_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc == 0;
}

/* The upper half of a pass on the twin, and how reading it went. */
struct upper {
	const struct store_halves *h;
	struct store *tw;
	sqlite3_stmt *q;
	int rc;
};

static void *
upper_read(void *arg)
{
	struct upper *u = arg;

	u->rc = u->h->upper(u->h->arg, u->tw, u->q);
	return NULL;
}

/* Reads the pass h on st in two halves by rowid, the upper one on the
 * twin connection in a thread of its own, and merges them: the same
 * rows as the whole pass, in about half the time on two cores.  Both
 * connections read in a transaction, and only when they read the same
 * generation of the store (an import may commit between their starts).
 * The halves share the filters' set, which neither changes; the upper
 * one asks its own copy, whose count of questions (asked) is its own.
 * The twin runs its half with st's spans, rank_group and rank_skip.  Returns 1
 * when read, 0 when the pass is to be read whole (no twin, another
 * generation, a transaction already open, one that would not start, a
 * half that would not prepare: no failure of the search), -1 with
 * store_error set (the twin's, when its half failed). */
int
store_split_run(struct store *st, const struct store_halves *h)
{
	struct idset upper_set;
	struct upper u = {h, NULL, NULL, 0};
	sqlite3_stmt *lower = NULL;
	sqlite3_int64 mid;
	pthread_t th;
	int rc, threaded;

	if (!split_begin(st, &u.tw, h->from, &mid))
		return 0;
	if (h->set != NULL) {
		upper_set = *h->set;
		upper_set.asked = 0;
	}
	if ((u.q = half_prepare(u.tw, h->head, h->tail,
				h->set ? &upper_set : NULL, h->match, mid,
				1)) == NULL ||
	    (h->from == 0 &&
	     (lower = half_prepare(st, h->head, h->tail, h->set, h->match, mid,
				   0)) == NULL)) {
		sqlite3_finalize(u.q);
		split_end(st, u.tw);
		return 0;
	}
	u.tw->spans = st->spans;
	u.tw->rank_noidf = 0;
	u.tw->rank_nrow = 0;
	u.tw->rank_group = st->rank_group;
	u.tw->rank_skip = st->rank_skip;
	u.tw->rank_nphrase = st->rank_nphrase;
	store_rank_keep_end(u.tw);
	if (h->from > 0)
		*h->mid = mid;
	threaded = half_start(&th, upper_read, &u);
	rc = h->lower(h->arg, lower);
	if (threaded)
		pthread_join(th, NULL);
	else
		upper_read(&u);
	u.tw->rank_group = 0;
	u.tw->rank_skip = 0;
	u.tw->spans = NULL;
	st->halves++;
	if (rc == 0 && u.rc < 0) {
		st->rc = u.tw->rc;
		snprintf(st->err, sizeof st->err, "%s", u.tw->err);
		rc = -1;
	}
	/* Merged before the read transactions end: in the same state of
	 * the store as both halves. */
	if (rc == 0)
		rc = h->merge(h->arg, st, u.tw);
	split_end(st, u.tw);
	return rc < 0 ? -1 : 1;
}

/* The ranked pass of c and its upper half's cursor on the twin; mid,
 * where that half starts when c->q reads on to it. */
struct ranked_halves {
	struct store_cursor *c, *c2;
	int noidf;
	sqlite3_int64 nrow, mid;
};

static int
ranked_upper(void *arg, struct store *tw, sqlite3_stmt *q)
{
	struct store_cursor *c2 = ((struct ranked_halves *)arg)->c2;

	c2->q = q;
	c2->st = tw;
	return store_ranked_rows(c2);
}

static int
ranked_lower(void *arg, sqlite3_stmt *q)
{
	struct ranked_halves *rh = arg;
	struct store_cursor *c = rh->c;

	if (q == NULL)
		return store_ranked_rows_below(c, rh->mid);
	sqlite3_finalize(c->q);
	c->q = q;
	return store_ranked_rows(c);
}

/* Adds the upper half's rows and suspects to c's; returns 0 or -1. */
static int
ranked_merge(void *arg, struct store *st, struct store *tw)
{
	struct ranked_halves *rh = arg;
	struct store_cursor *c = rh->c, *c2 = rh->c2;

	rh->noidf = st->rank_noidf || tw->rank_noidf;
	rh->nrow = st->rank_nrow ? st->rank_nrow : tw->rank_nrow;
	if (c2->nheap > 0) {
		struct ranked *m = realloc(c->heap, (c->nheap + c2->nheap) *
							    sizeof *m);
		long long *v =
		    c2->nsuspect == 0
			? c->suspect
			: realloc(c->suspect,
				  (c->nsuspect + c2->nsuspect) * sizeof *v);

		if (m != NULL)
			c->heap = m;
		if (v != NULL)
			c->suspect = v;
		if (m == NULL || (c2->nsuspect > 0 && v == NULL))
			return store_fail(st, SQLITE_NOMEM,
					  "searching the store");
		memcpy(c->heap + c->nheap, c2->heap, c2->nheap * sizeof *m);
		c->nheap += c2->nheap;
		if (c2->nsuspect > 0)
			memcpy(c->suspect + c->nsuspect, c2->suspect,
			       c2->nsuspect * sizeof *v);
		c->nsuspect += c2->nsuspect;
		c->suspcap = c->nsuspect;
	}
	return 0;
}

/* The most rows of a ranked pass read whole rather than in two halves
 * while the twin is not open (store_ranked_few).  Opening it costs
 * about 1 ms, as long as reading a few thousand rows: at 100,000
 * decisions, `ombuds search` of a word in 500 to 5,000 of them takes
 * 1.5 to 1.8 ms less, and of one in most of them, whose first 8,192
 * rows are read twice, no more. */
#define SPLIT_PROBE 8192

/* Reads the ranked pass of c — head … tail over the whole table, one
 * parameter, match — in two halves (store_split_run) and orders the
 * rows: the same rows and ranks (each row's rank is its own; the heap
 * orders them whatever their order).  Most of a ranked query's time is
 * FTS5's own phrase matching, which the halves share out.  Returns 1
 * when read, 0 when the rest of the pass is to be read from c->q as it
 * stands (store_ranked_rows), -1 with store_error set. */
int
store_ranked_split(struct store_cursor *c, const char *head, const char *tail,
		   const char *match)
{
	struct ranked_halves rh = {c, NULL, 0, 0, 0};
	struct store_halves h = {.head = head, .tail = tail, .match = match,
				 .upper = ranked_upper, .lower = ranked_lower,
				 .merge = ranked_merge, .arg = &rh, .mid = &rh.mid};
	int rc;

	/* Before the twin is first opened (a command's one search): a
	 * pass of few rows is read whole, which costs less than opening
	 * it; a longer one goes on in two halves after the rows read. */
	if (c->st->twin == NULL && !c->st->twin_failed &&
	    (rc = store_ranked_few(c, SPLIT_PROBE, &h.from)) != 0)
		return rc;
	if ((rh.c2 = calloc(1, sizeof *rh.c2)) == NULL)
		return 0;
	rh.c2->total = -1;
	rh.c2->spans = c->spans;
	rc = store_split_run(c->st, &h);
	store_search_close(rh.c2);
	if (rc <= 0)
		return rc;
	store_ranked_done(c, rh.noidf, rh.nrow, (sqlite3_int64)c->nheap);
	return 1;
}
