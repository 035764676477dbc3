/* store_list: the lists and counts that are not a search: decisions by
 * filter, organisations and their outcomes, the values a filter can
 * take. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* Steps q (columns ref, date, organisation, area, subarea, outcome,
 * summary), calling fn for each row until it returns nonzero; finalizes
 * q.  Returns 0, or -1 on error. */
static int
emit_rows(struct store *st, sqlite3_stmt *q, store_row_fn fn, void *arg)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_row row = {
			.ref = (const char *)sqlite3_column_text(q, 0),
			.date = (const char *)sqlite3_column_text(q, 1),
			.organisation = (const char *)sqlite3_column_text(q, 2),
			.area = (const char *)sqlite3_column_text(q, 3),
			.subarea = (const char *)sqlite3_column_text(q, 4),
			.outcome = (const char *)sqlite3_column_text(q, 5),
			.summary = (const char *)sqlite3_column_text(q, 6),
			.cut_off = sqlite3_column_type(q, 7) == SQLITE_INTEGER &&
				   sqlite3_column_int(q, 7) == 0,
		};

		if (fn(&row, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "reading the store");
}

int
store_list(struct store *st, const struct store_filter *f,
	   enum store_sort sort, long offset, long limit, store_row_fn fn,
	   void *arg)
{
	/* Each order on the decision table alone (a join with org made
	 * SQLite walk the (org_id, …) index and read every decision's row).
	 * Oldest first is two walks of the (date, ref) index merged, the
	 * dated ones then the undated (an ascending walk alone would put
	 * them first); its ORDER BY names result columns, 2 the date and 1
	 * the reference. */
	static const char *const order[] = {
		[STORE_SORT_DATE] = " ORDER BY d.date DESC, d.ref DESC",
		[STORE_SORT_REF] = " ORDER BY d.ref",
		[STORE_SORT_ORG] = " ORDER BY d.org_id IS NULL,"
				   " (SELECT name FROM org WHERE id = d.org_id),"
				   " d.date DESC, d.ref DESC",
		[STORE_SORT_OLDEST] = " ORDER BY d.date IS NULL, d.date, d.ref",
		[STORE_SORT_OUTCOME] = " ORDER BY d.outcome IS NULL, d.outcome,"
				       " d.date DESC, d.ref DESC",
	};
	static const char full[] =
		"SELECT d.ref, d.date, o.name, d.area, d.subarea, d.outcome,"
		" d.summary, d.complete";
	static const char join[] =
		" FROM decision d LEFT JOIN org o ON o.id = d.org_id WHERE 1";
	/* A page is ordered by reading only the covering index (the
	 * decision's own row holds its text, several pages each), then
	 * only the rows of its decisions are read. */
	int paged = limit >= 0;
	const char *cols = !paged ? full
			   : sort == STORE_SORT_OLDEST ? "SELECT d.ref, d.date, d.id"
						       : "SELECT d.id";
	const char *from = paged ? " FROM decision d WHERE 1" : join;
	struct where w;
	sqlite3_stmt *q;
	char *body, *sql;

	if ((unsigned)sort >= sizeof order / sizeof order[0])
		return store_fail(st, SQLITE_MISUSE, "reading the store");
	if (store_where_build(st, &w, f, WHERE_WALK) < 0)
		return -1;
	if (sort == STORE_SORT_OLDEST)
		body = store_concat(cols, from, w.sql, " AND d.date IS NOT NULL"
				    " UNION ALL ", cols, from, w.sql,
				    " AND d.date IS NULL ORDER BY 2 NULLS LAST, 1",
				    " LIMIT ? OFFSET ?", (char *)NULL);
	else
		body = store_concat(cols, from, w.sql, order[sort],
				    " LIMIT ? OFFSET ?", (char *)NULL);
	sql = body;
	if (paged && body != NULL) {
		sql = store_concat(full, " FROM (", body, ") p JOIN decision d"
				   " ON d.id = p.id LEFT JOIN org o ON o.id = d.org_id",
				   order[sort], (char *)NULL);
		free(body);
	}
	q = store_prepare_where(st, sql, &w, "reading the store");
	if (q != NULL) {
		sqlite3_bind_int64(q, w.narg + 1, limit < 0 ? -1 : limit);
		sqlite3_bind_int64(q, w.narg + 2, offset < 0 ? 0 : offset);
	}
	store_where_free(&w);
	return q == NULL ? -1 : emit_rows(st, q, fn, arg);
}

int
store_count(struct store *st, const struct store_filter *f, long *n)
{
	sqlite3_stmt *q;
	int rc, narg;

	*n = 0;
	q = store_prepare_filtered(
	    st, f, WHERE_SET, "SELECT count(*) FROM decision d", "", &narg);
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : store_fail(st, rc, "reading the store");
}

/* Steps q (ORG_HEAD's columns), calling fn for each organisation until
 * it returns nonzero; finalizes q.  Returns 0, or -1 on error. */
int
store_emit_orgs(struct store *st, sqlite3_stmt *q, store_org_fn fn, void *arg)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_org o = {
			.name = (const char *)sqlite3_column_text(q, 0),
			.decisions = (long)sqlite3_column_int64(q, 1),
			.upheld = (long)sqlite3_column_int64(q, 2),
			.not_upheld = (long)sqlite3_column_int64(q, 3),
			.closed = (long)sqlite3_column_int64(q, 4),
		};

		o.other = o.decisions - o.upheld - o.not_upheld - o.closed;
		if (fn(&o, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "reading the store");
}

int
store_orgs(struct store *st, const struct store_filter *f, store_org_fn fn,
	   void *arg)
{
	return store_search_orgs(st, NULL, f, 0, NULL, 0, fn, arg);
}

int
store_search_orgs(struct store *st, const char *match,
		  const struct store_filter *f, int few,
		  const long long *except, size_t nexcept, store_org_fn fn,
		  void *arg)
{
	struct idset *set = NULL;
	sqlite3_stmt *q;
	char tail[256], *owned = NULL;
	int narg, rc;

	if (match != NULL &&
	    (match = store_match_expand(st, match, &owned)) == NULL)
		return -1;
	/* Many matches: walk the (org_id, outcome) index, each decision
	 * looked up in the set of the matches, read once (cheaper than
	 * reading each match's row, or SQLite's own set:
	 * docs/PERFORMANCE.md); few: read each match's row. */
	if (nexcept > 0)
		few = 0;        /* the set, without them */
	if (match != NULL && !few &&
	    (set = store_idset_match(st, match)) == NULL) {
		free(owned);
		return -1;
	}
	for (size_t i = 0; set != NULL && i < nexcept; i++)
		store_idset_del(set, except[i]);
	snprintf(tail, sizeof tail, "%s%s",
		 match == NULL ? ""
		 : few ? " AND d.id IN (SELECT rowid FROM decision_fts"
			 " WHERE decision_fts MATCH ?)"
		       : " AND ombuds_in(?, d.id)",
		 store_filter_any(f) ? ORG_TAIL_FILTERED : ORG_TAIL);
	q = store_prepare_filtered(st, f, WHERE_SET, ORG_HEAD, tail, &narg);
	if (q == NULL) {
		store_idset_free(set);
		free(owned);
		return -1;
	}
	store_bind_rest(q, narg, set, set ? NULL : match);
	rc = store_emit_orgs(st, q, fn, arg);
	store_idset_free(set);
	free(owned);
	return rc;
}

int
store_orgs_of(struct store *st, const long long *ids, size_t n,
	      store_org_fn fn, void *arg)
{
	/* The ids go in as one bound JSON array: one statement, however
	 * many results. */
	static const char sql[] =
		ORG_HEAD " WHERE d.id IN (SELECT value FROM json_each(?1))" ORG_TAIL;
	char *list = NULL, num[32];
	size_t len = 0, cap = 0;
	sqlite3_stmt *q;
	int rc;

	if (store_buf_add(&list, &cap, &len, "[", 1) < 0)
		return store_fail(st, SQLITE_NOMEM, "reading the store");
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(num, sizeof num, "%s%lld", i ? "," : "", ids[i]);

		if (store_buf_add(&list, &cap, &len, num, (size_t)w) < 0) {
			free(list);
			return store_fail(st, SQLITE_NOMEM,
					  "reading the store");
		}
	}
	if (store_buf_add(&list, &cap, &len, "]", 1) < 0) {
		free(list);
		return store_fail(st, SQLITE_NOMEM, "reading the store");
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK) {
		free(list);
		return store_fail(st, rc, "reading the store");
	}
	sqlite3_bind_text(q, 1, list, (int)len, free);
	return store_emit_orgs(st, q, fn, arg);
}

double
store_upheld_rate(const struct store_org *o)
{
	long decided = o->upheld + o->not_upheld;

	/* 100 × upheld first, then the division: as awk computes it. */
	return decided > 0 ? 100.0 * (double)o->upheld / (double)decided : -1.0;
}

int
store_org_cmp(const struct store_org *a, const struct store_org *b,
	      enum store_org_sort by)
{
	if (by == STORE_ORGS_BY_COUNT && a->decisions != b->decisions)
		return a->decisions > b->decisions ? -1 : 1;
	if (by == STORE_ORGS_BY_RATE) {
		double ra = store_upheld_rate(a), rb = store_upheld_rate(b);

		if (ra != rb)
			return ra > rb ? -1 : 1;
	}
	if (a->name == NULL || b->name == NULL)
		return (a->name == NULL) - (b->name == NULL);
	return strcmp(a->name, b->name);
}

int
store_values(struct store *st, enum store_field field, store_value_fn fn,
	     void *arg)
{
	/* Both read the covering index (date, ref, outcome, org_id, area,
	 * subarea), never a decision's row. */
	static const char *const sql[] = {
		[STORE_FIELD_CATEGORY] =
			"SELECT area || ' > ' || subarea, count(*) FROM decision"
			" WHERE area IS NOT NULL AND subarea IS NOT NULL"
			" GROUP BY area, subarea"
			" UNION ALL SELECT area, count(*) FROM decision"
			" WHERE area IS NOT NULL GROUP BY area"
			" ORDER BY 2 DESC, 1",
		[STORE_FIELD_OUTCOME] =
			"SELECT outcome, count(*) FROM decision"
			" WHERE outcome IS NOT NULL GROUP BY outcome"
			" ORDER BY 2 DESC, 1",
	};
	sqlite3_stmt *q;
	int rc;

	if ((unsigned)field >= sizeof sql / sizeof sql[0])
		return store_fail(st, SQLITE_MISUSE, "reading the store");
	rc = sqlite3_prepare_v2(st->db, sql[field], -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (fn((const char *)sqlite3_column_text(q, 0),
		       (long)sqlite3_column_int64(q, 1), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "reading the store");
}
