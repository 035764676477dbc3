/* store_crawl: the crawl state of ombuds fetch — the decision pages found
 * on the site's listings, one row per reference (table crawl, schema 9),
 * queued, fetched, failed, refused or gone, with attempts and times, so
 * that a fetch killed at any moment continues where it stopped. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* The current time as the crawl table keeps it (UTC, ISO 8601). */
#define CRAWL_NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* Prepares sql; returns the statement, or NULL with store_error set. */
static sqlite3_stmt *
crawl_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	if (rc != SQLITE_OK) {
		store_fail(st, rc, "reading the crawl state");
		return NULL;
	}
	return q;
}

/* Steps q to its end; returns 0, or -1 with store_error set.  Finalizes q. */
static int
crawl_run(struct store *st, sqlite3_stmt *q, const char *doing)
{
	int rc = sqlite3_step(q);

	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, rc, doing);
	return 0;
}

int
store_crawl_queue(struct store *st, const char *ref, const char *url)
{
	sqlite3_stmt *q;

	q = crawl_prepare(st, "INSERT INTO crawl(ref, url, found)"
			      " SELECT ?1, ?2, " CRAWL_NOW
			      " WHERE NOT EXISTS (SELECT 1 FROM crawl WHERE ref = ?1)"
			      "   AND NOT EXISTS (SELECT 1 FROM decision WHERE ref = ?1)");
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
	if (crawl_run(st, q, "queueing a page") < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_crawl_retry(struct store *st)
{
	sqlite3_stmt *q;

	q = crawl_prepare(st, "UPDATE crawl SET state = 0 WHERE state = 2");
	if (q == NULL || crawl_run(st, q, "queueing failed pages again") < 0)
		return -1;
	return sqlite3_changes(st->db);
}

int
store_crawl_next(struct store *st, char ref[DECISION_REF_MAX], char **url)
{
	sqlite3_stmt *q;
	int rc;

	*url = NULL;
	q = crawl_prepare(st, "SELECT ref, url FROM crawl WHERE state = 0"
			      " ORDER BY id LIMIT 1");
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(ref, DECISION_REF_MAX, "%s",
			 (const char *)sqlite3_column_text(q, 0));
		*url = strdup((const char *)sqlite3_column_text(q, 1));
		sqlite3_finalize(q);
		if (*url == NULL)
			return store_fail(st, SQLITE_NOMEM, "reading the crawl state");
		return 1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "reading the crawl state");
	return 0;
}

int
store_crawl_mark(struct store *st, const char *ref, enum store_crawl state,
		 const char *message)
{
	sqlite3_stmt *q;

	q = crawl_prepare(st, "UPDATE crawl SET state = ?2,"
			      " attempts = attempts + 1, done = " CRAWL_NOW ","
			      " message = ?3 WHERE ref = ?1");
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, (int)state);
	sqlite3_bind_text(q, 3, message, -1, SQLITE_STATIC);
	return crawl_run(st, q, "recording a fetched page");
}

/* Copies the date in column 0 of q's row into date ("" when NULL). */
static void
crawl_date(sqlite3_stmt *q, char date[11])
{
	const unsigned char *s = sqlite3_column_text(q, 0);

	snprintf(date, 11, "%s", s != NULL ? (const char *)s : "");
}

int
store_crawl_stored(struct store *st, const char *ref, char date[11])
{
	sqlite3_stmt *q;
	int rc;

	date[0] = '\0';
	q = crawl_prepare(st, "SELECT date FROM decision WHERE ref = ?");
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		crawl_date(q, date);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, "reading the store");
	return rc == SQLITE_ROW;
}

int
store_crawl_newest(struct store *st, const char *prefix, char date[11])
{
	sqlite3_stmt *q;
	int rc;

	date[0] = '\0';
	q = crawl_prepare(st, "SELECT max(d.date) FROM crawl c"
			      " JOIN decision d ON d.ref = c.ref"
			      " WHERE c.state = 1"
			      "   AND substr(c.url, 1, length(?1)) = ?1");
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, prefix, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		crawl_date(q, date);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, "reading the crawl state");
	return 0;
}

int
store_crawl_counts(struct store *st, long n[STORE_CRAWL_COUNT_])
{
	sqlite3_stmt *q;
	int rc;

	memset(n, 0, sizeof(long) * STORE_CRAWL_COUNT_);
	q = crawl_prepare(st, "SELECT state, count(*) FROM crawl GROUP BY state");
	if (q == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int s = sqlite3_column_int(q, 0);

		if (s >= 0 && s < STORE_CRAWL_COUNT_)
			n[s] = (long)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "reading the crawl state");
	return 0;
}
