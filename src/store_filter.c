/* store_filter: a chain of filters compiled to SQL (bound values only),
 * the id sets that ombuds_in looks matches up in, and how a filtered
 * pass is planned (filter_few: does the filter pass few decisions?). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"
#include "store_int.h"

int
store_filter_any(const struct store_filter *f)
{
	for (int depth = 0; f != NULL && depth < STORE_FILTER_DEPTH;
	     f = f->also, depth++) {
		if ((f->org && *f->org) || (f->category && *f->category) ||
		    (f->outcome && *f->outcome) || (f->since && *f->since) ||
		    (f->until && *f->until) || (f->ref && *f->ref) ||
		    (f->org_is && *f->org_is) || f->no_org)
			return 1;
	}
	return 0;
}

void
store_where_free(struct where *w)
{
	free(w->sql);
	for (int i = 0; i < w->nfolded; i++)
		free(w->folded[i]);
}

/* A category filter compares the folded "area > subarea" of a decision;
 * the same expression is indexed (decision_category). */
#define CATEGORY_KEY "(coalesce(d.area, '') || ' > ' || coalesce(d.subarea, ''))"

/* Adds f's conditions, then those of its also chain, to w.  Returns 0,
 * or an SQLite code: SQLITE_NOMEM, or SQLITE_MISUSE for a chain longer
 * than STORE_FILTER_DEPTH (a loop). */
static int
where_add(struct where *w, const struct store_filter *f, enum where_mode mode,
	  int depth)
{
	/* Around each parameter; "+" where the mode says so.  org_is
	 * leaves the choice to SQLite: one organisation's decisions are
	 * few, and (org_id, date) finds them. */
	static const struct {
		const char *before, *after;
		int plus;
	} frag[WHERE_VALUES] = {
		{ "d.org_id IN (SELECT id FROM org WHERE instr(fold, ", ") > 0)", 1 },
		{ CATEGORY_KEY " IN (SELECT key FROM category WHERE instr(fold, ",
		  ") > 0)", 1 },
		{ "d.outcome = ", " COLLATE NOCASE", 1 },
		{ "d.date >= ", "", 0 },
		{ "d.date <= ", "", 0 },
		{ "d.ref = ", "", 0 },
		{ "d.org_id = (SELECT id FROM org WHERE name = ", ")", 0 },
	};
	char piece[300];

	if (f == NULL)
		return 0;
	if (depth >= STORE_FILTER_DEPTH)
		return SQLITE_MISUSE;
	const char *val[WHERE_VALUES] = {
		f->org, f->category, f->outcome, f->since, f->until, f->ref,
		f->org_is,
	};
	for (int i = 0; i < WHERE_VALUES; i++) {
		const char *v = val[i];
		int n;

		if (v == NULL || *v == '\0')
			continue;
		if (i < 2) {
			/* org and category compare folded text. */
			char *fv = text_fold(v, strlen(v), NULL);

			if (fv == NULL)
				return SQLITE_NOMEM;
			w->folded[w->nfolded++] = fv;
			v = fv;
		}
		w->arg[w->narg++] = v;
		n = snprintf(piece, sizeof piece, " AND %s%s?%d%s",
			     frag[i].plus && (mode == WHERE_WALK ||
					      (i == 2 && w->narrower))
				     ? "+" : "",
			     frag[i].before, w->narg, frag[i].after);
		if (store_buf_add(&w->sql, &w->cap, &w->len, piece,
				  (size_t)n) < 0)
			return SQLITE_NOMEM;
	}
	if (f->no_org) {
		static const char none[] = " AND d.org_id IS NULL";

		if (store_buf_add(&w->sql, &w->cap, &w->len, none,
				  sizeof none - 1) < 0)
			return SQLITE_NOMEM;
	}
	return where_add(w, f->also, mode, depth + 1);
}

/* Fills w from f (NULL: no condition); returns 0, or -1 with store_error
 * set. */
int
store_where_build(struct store *st, struct where *w,
		  const struct store_filter *f, enum where_mode mode)
{
	int rc, depth = 0;

	memset(w, 0, sizeof *w);
	for (const struct store_filter *g = f; g != NULL && !w->narrower &&
	     depth < STORE_FILTER_DEPTH; g = g->also, depth++)
		w->narrower = (g->org && *g->org) || (g->org_is && *g->org_is) ||
			      (g->category && *g->category) ||
			      (g->since && *g->since) || (g->until && *g->until) ||
			      (g->ref && *g->ref);
	rc = store_buf_add(&w->sql, &w->cap, &w->len, "", 0) < 0
		     ? SQLITE_NOMEM
		     : where_add(w, f, mode, 0);
	if (rc == 0)
		return 0;
	store_where_free(w);
	memset(w, 0, sizeof *w);
	return store_fail(st, rc, "reading the store");
}

/* Returns the malloc'd concatenation of the strings up to a NULL, or
 * NULL when out of memory. */
char *
store_concat(const char *s, ...)
{
	va_list ap;
	size_t len = 0, cap = 0;
	char *out = NULL;

	va_start(ap, s);
	for (; s != NULL; s = va_arg(ap, const char *)) {
		if (store_buf_add(&out, &cap, &len, s, strlen(s)) < 0) {
			free(out);
			out = NULL;
			break;
		}
	}
	va_end(ap);
	return out;
}

/* Prepares sql (NULL: out of memory; freed here) and binds w's values to
 * ?1 … ?narg; later parameters are the caller's.  Returns the statement,
 * or NULL with store_error set. */
sqlite3_stmt *
store_prepare_where(struct store *st, char *sql, const struct where *w,
		    const char *doing)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sql == NULL) {
		store_fail(st, SQLITE_NOMEM, doing);
		return NULL;
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		store_fail(st, rc, doing);
		return NULL;
	}
	for (int i = 0; i < w->narg; i++)
		sqlite3_bind_text(q, i + 1, w->arg[i], -1, SQLITE_TRANSIENT);
	return q;
}

/* Prepares head + " WHERE 1" + f's conditions + tail and binds the
 * filter's values; anonymous parameters in tail come after them,
 * numbered from *narg + 1.  Returns the statement, or NULL with
 * store_error set. */
sqlite3_stmt *
store_prepare_filtered(struct store *st, const struct store_filter *f,
		       enum where_mode mode, const char *head, const char *tail,
		       int *narg)
{
	struct where w;
	sqlite3_stmt *q;

	if (store_where_build(st, &w, f, mode) < 0)
		return NULL;
	q = store_prepare_where(
	    st, store_concat(head, " WHERE 1", w.sql, tail, (char *)NULL), &w,
	    "reading the store");
	*narg = w.narg;
	store_where_free(&w);
	return q;
}

/* At most this many decisions passing a search's filters make them few:
 * FTS5 is then asked about each of them (a rowid constraint) instead of
 * reading every match and keeping those in the set of the filters'
 * decisions, which costs by the matches, however few the decisions
 * (docs/PERFORMANCE.md). */
#define PROBE_MAX 256

/* Returns 1 when f (not empty) passes at most PROBE_MAX decisions, 0
 * when more, -1 on error.  Stops counting past PROBE_MAX. */
static int
filter_few(struct store *st, const struct store_filter *f)
{
	sqlite3_stmt *q;
	int rc, narg, n = 0;

	q = store_prepare_filtered(st, f, WHERE_SET,
				   "SELECT count(*) FROM (SELECT 1 FROM decision d",
				   " LIMIT " STRINGIFY(PROBE_MAX) " + 1)", &narg);
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, "searching the store");
	return n <= PROBE_MAX;
}

void
store_idset_free(struct idset *set)
{
	if (set != NULL) {
		free(set->bit);
		free(set->out);
	}
	free(set);
}

/* SQL: ombuds_in(set, id), 1 when id is in the set bound as a pointer. */
void
store_sql_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct idset *set = sqlite3_value_pointer(argv[0], IDSET_TYPE);

	(void)argc;
	if (set != NULL)
		set->asked++;
	sqlite3_result_int(ctx, set != NULL &&
					idset_has(set, sqlite3_value_int64(argv[1])));
}

/* Takes id out of set (made, store_idset_done); not there, nothing. */
void
store_idset_del(struct idset *set, sqlite3_int64 id)
{
	sqlite3_int64 *p;

	if (id >= 0 && id < set->n) {
		set->bit[id >> 3] &= (unsigned char)~(1u << (id & 7));
		return;
	}
	if (set->nout > 0 &&
	    (p = bsearch(&id, set->out, set->nout, sizeof id, id_cmp)) != NULL) {
		memmove(p, p + 1, (set->nout - (size_t)(p - set->out) - 1) * sizeof *p);
		set->nout--;
	}
}

/* Adds id to set; returns 0 or -1 (out of memory). */
int
store_idset_add(struct idset *set, sqlite3_int64 id)
{
	if (id >= 0 && id < set->n) {
		set->bit[id >> 3] |= (unsigned char)(1u << (id & 7));
		return 0;
	}
	if (set->nout == set->outcap) {
		size_t cap = set->outcap ? set->outcap * 2 : 16;
		sqlite3_int64 *v = realloc(set->out, cap * sizeof *v);

		if (v == NULL)
			return -1;
		set->out = v;
		set->outcap = cap;
	}
	set->out[set->nout++] = id;
	return 0;
}

/* A new empty set, its bits covering the ids stored so far.  Returns it,
 * or NULL with store_error set. */
struct idset *
store_idset_new(struct store *st)
{
	struct idset *set = NULL;
	long long span;

	if (store_search_span(st, &span) < 0)
		return NULL;
	if (span < 0 || span >= IDSET_BITS_MAX)
		span = span < 0 ? 0 : IDSET_BITS_MAX - 1;
	if ((set = calloc(1, sizeof *set)) == NULL ||
	    (set->bit = calloc((size_t)span / 8 + 1, 1)) == NULL) {
		store_idset_free(set);
		store_fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	set->n = (sqlite3_int64)span + 1;
	return set;
}

/* Sorts the ids of set outside its bits, once all are added. */
void
store_idset_done(struct idset *set)
{
	if (set->nout > 1)
		qsort(set->out, set->nout, sizeof *set->out, id_cmp);
}

/* Steps q, whose first column is a decision's id, into a new set, and
 * finalizes it.  Returns the set, or NULL with store_error set. */
static struct idset *
idset_of(struct store *st, sqlite3_stmt *q)
{
	struct idset *set;
	int rc;

	if (q == NULL)
		return NULL;
	if ((set = store_idset_new(st)) == NULL) {
		sqlite3_finalize(q);
		return NULL;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (store_idset_add(set, sqlite3_column_int64(q, 0)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_idset_free(set);
		store_fail(st, rc, "searching the store");
		return NULL;
	}
	store_idset_done(set);
	return set;
}

/* The set of the decisions passing f; NULL with store_error set. */
static struct idset *
idset_filter(struct store *st, const struct store_filter *f)
{
	int narg;

	return idset_of(st, store_prepare_filtered(st, f, WHERE_SET,
						   "SELECT d.id FROM decision d", "",
						   &narg));
}

/* The set of the matches of match; NULL with store_error set. */
struct idset *
store_idset_match(struct store *st, const char *match)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, "SELECT rowid FROM decision_fts"
				    " WHERE decision_fts MATCH ?1", -1, &q, NULL);

	if (rc != SQLITE_OK) {
		store_fail(st, rc, "searching the store");
		return NULL;
	}
	sqlite3_bind_text(q, 1, match, -1, SQLITE_TRANSIENT);
	return idset_of(st, q);
}

/* How a statement keeps FTS5's matches of match among the decisions
 * passing f (not empty).  Returns 1 when they are few (filter_few): FTS5
 * is then asked about each of them (rowid IN (SELECT d.id …)); 0 with
 * *set holding them, each match tested by ombuds_in; -1 with store_error
 * set.  A query with a prefix that FTS5 merges always takes the set:
 * FTS5 merges the lists of every word of the prefix each time it is
 * asked about one decision (with the set, one merge).  Asked as its
 * words (store_match_expand, which callers apply first), a prefix is a
 * few seeks a question (see docs/PERFORMANCE.md) — but ranked, where the
 * IDF of the words as one phrase comes from the pass over all of them,
 * store_cursor_open keeps the prefix as written for this choice. */
int
store_filter_plan(struct store *st, const struct store_filter *f,
		  const char *match, struct idset **set)
{
	int few = store_match_has_prefix(match) ? 0 : filter_few(st, f);

	if (few == 0 && (*set = idset_filter(st, f)) == NULL)
		return -1;
	return few;
}

/* Binds, after the filters' narg values, set (unless NULL; q keeps no
 * hold on it) and then match (unless NULL): the order in which the
 * statements name them. */
void
store_bind_rest(sqlite3_stmt *q, int narg, struct idset *set, const char *match)
{
	if (set != NULL)
		sqlite3_bind_pointer(q, ++narg, set, IDSET_TYPE, NULL);
	if (match != NULL)
		sqlite3_bind_text(q, narg + 1, match, -1, SQLITE_TRANSIENT);
}

/* Copies the dates of f and of its also chain to the chain d (at most
 * STORE_FILTER_DEPTH long); returns d, or NULL when f bounds no date. */
const struct store_filter *
store_filter_dates(const struct store_filter *f, struct store_filter *d)
{
	int n = 0, any = 0;

	for (; f != NULL && n < STORE_FILTER_DEPTH; f = f->also, n++) {
		d[n] = (struct store_filter){ .since = f->since, .until = f->until };
		if (n > 0)
			d[n - 1].also = &d[n];
		any |= (f->since && *f->since) || (f->until && *f->until);
	}
	return any ? d : NULL;
}
