/* store: the only SQL in ombuds.  One SQLite file in WAL mode holds the
 * organisations, one row per decision (its text kept once, in one column
 * per section kind, with its sections and paragraph boundaries as offsets
 * beside it), and an external-content FTS5 index over those columns:
 * store_put adds each decision's row to it, store_commit deletes those
 * of the decisions replaced, a trigger keeps it in step on update.
 * Every value is bound; every write is in a transaction; the schema moves forward by PRAGMA user_version.  This
 * file is the connection: open, close, errors, the statement cache, the
 * SQL functions and transactions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store.h"
#include "text.h"
#include "store_vocab.h"
#include "store_int.h"

/* The arguments of decision_fts's tokenizer, unicode61 (migrations[0]),
 * for vocab_open. */
static const char *const fts_tokenizer_args[] = {"remove_diacritics", "2"};

static const char *const queries[Q_NQUERIES] = {
	[Q_FIND] = "SELECT id, hash, org_id, url, fetched, complete"
		   " FROM decision"
		   " WHERE ref = ?1",
	/* A replace deletes the decision and its rows itself, each a
	 * statement of one row with no trigger and no foreign key (the
	 * writing connection has them off), so that none opens a statement
	 * savepoint; the index row goes at the commit (store_doomed_flush),
	 * from the old texts kept (Q_OLD_TEXT). */
	[Q_DELETE] = "DELETE FROM decision WHERE id = ?1",
	[Q_OLD_TEXT] = "SELECT summary, headings, complaint, powers, considered,"
		       " findings, action, decision, other FROM decision"
		       " WHERE id = ?1",
	[Q_FTS_DELETE] = "INSERT INTO decision_fts(decision_fts, rowid, summary,"
			 " headings, complaint, powers, considered, findings,"
			 " action, decision, other) VALUES ('delete', ?1, ?2,"
			 " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_BREAK_DELETE] = "DELETE FROM decision_break WHERE id = ?1",
	[Q_STARTS_DELETE] = "DELETE FROM decision_starts WHERE id = ?1",
	[Q_ORG_FIND] = "SELECT id FROM org WHERE name = ?1",
	[Q_ORG_INSERT] = "INSERT INTO org(name, fold) VALUES (?1, ?2)",
	[Q_ORG_GC] = "DELETE FROM org WHERE id = ?1 AND NOT EXISTS"
		     " (SELECT 1 FROM decision WHERE org_id = ?1)",
	[Q_INSERT] = "INSERT INTO decision(ref, org_id, area, subarea, outcome,"
		     " date, summary, headings, complaint, powers, considered,"
		     " findings, action, decision, other, layout, hash, source,"
		     " url, fetched, complete)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		     " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
	[Q_FTS] = "INSERT INTO decision_fts(rowid, summary, headings, complaint,"
		  " powers, considered, findings, action, decision, other)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	/* Search: one decision's metadata and text, by id. */
	[Q_DOC] = "SELECT d.ref, o.name, d.date, d.outcome, d.layout, d.summary,"
		  " d.headings, d.complaint, d.powers, d.considered, d.findings,"
		  " d.action, d.decision, d.other FROM decision d"
		  " LEFT JOIN org o ON o.id = d.org_id WHERE d.id = ?1",
	[Q_DATE] = "SELECT date, ref FROM decision WHERE id = ?1",
	[Q_SPAN] = "SELECT coalesce(max(id), 0) FROM decision",
	/* Not OR REPLACE: a statement that may write two rows opens a
	 * savepoint, and FTS5 flushes its pending terms at each one (see
	 * migrations[]).  A decision's row goes with it (ON DELETE CASCADE). */
	[Q_BREAK_PUT] = "INSERT INTO decision_break(id, pairs)"
			" VALUES (?1, ?2)",
	[Q_STARTS_PUT] = "INSERT INTO decision_starts(id, starts)"
			 " VALUES (?1, ?2)",
	[Q_BREAK] = "SELECT pairs FROM decision_break WHERE id = ?1",
	/* One row, no trigger: no statement savepoint (see Q_BREAK_PUT). */
	[Q_PAIR_PUT] = "INSERT OR IGNORE INTO break_pair(h) VALUES (?1)",
	[Q_PAIR_ANY] = "SELECT 1 FROM break_pair WHERE h = ?1",
	/* Found first, then inserted: an INSERT OR IGNORE would open a
	 * statement savepoint (see Q_BREAK_PUT). */
	[Q_CATEGORY_FIND] = "SELECT 1 FROM category WHERE key ="
			    " coalesce(?1, '') || ' > ' || coalesce(?2, '')",
	[Q_CATEGORY_PUT] = "INSERT INTO category(key, fold) SELECT k,"
			   " ombuds_fold(k) FROM (SELECT coalesce(?1, '')"
			   " || ' > ' || coalesce(?2, '') AS k)",
	/* Not in Q_DOC: the backfills of older migrations read with it
	 * before the column exists. */
	[Q_COMPLETE] = "SELECT complete = 0 FROM decision WHERE id = ?1",
	[Q_DOCSIZE] = "SELECT sz FROM decision_fts_docsize WHERE id = ?1",
	[Q_LEN] = "SELECT lens FROM decision_len WHERE blk = ?1",
	/* One row each, no OR REPLACE: see Q_BREAK_PUT. */
	[Q_LEN_INSERT] = "INSERT INTO decision_len(blk, lens) VALUES (?1, ?2)",
	[Q_LEN_UPDATE] = "UPDATE decision_len SET lens = ?2 WHERE blk = ?1",
	/* One row, no trigger: no statement savepoint (see Q_BREAK_PUT). */
	[Q_VOCAB_PUT] = "INSERT OR IGNORE INTO vocab(term) VALUES (?1)",
	[Q_VOCAB_RANGE] = "SELECT term FROM vocab WHERE term >= ?1 AND"
			  " term < ?2 ORDER BY term LIMIT ?3",
	[Q_VOCAB_HAS] = "SELECT 1 FROM vocab WHERE term = ?1",
	[Q_STEM_PUT] = "INSERT OR IGNORE INTO vocab_stem(stem, term)"
		       " VALUES (?1, ?2)",
	[Q_STEM_WORDS] = "SELECT term FROM vocab_stem WHERE stem = ?1"
			 " ORDER BY term",
	[Q_GENERATION] = "SELECT n FROM generation",
	/* pairs stays with n only while it is: see migrations[7]. */
	[Q_GENERATION_NEXT] = "UPDATE generation SET"
			      " pairs = CASE WHEN pairs = n THEN n + 1 END,"
			      " n = n + 1",
	/* The generation; whether break_pair holds all its pairs; whether
	 * a decision may lack its row of decision_break (-1). */
	[Q_PAIRS_GEN] = "SELECT n, pairs IS n, EXISTS (SELECT 1 FROM"
			" break_pair WHERE h = -1) FROM generation",
	[Q_LOOSE_SAMPLE] = "SELECT ombuds_adj(f.decision_fts, 1) FROM"
			   " decision_fts f WHERE f.decision_fts MATCH ?1"
			   " ORDER BY f.rowid DESC LIMIT " STRINGIFY(LOOSE_SAMPLE),
	/* Two subqueries: each is one step to an end of the B-tree, where
	 * min() and max() in one SELECT read every row. */
	[Q_ID_SPAN] = "SELECT (SELECT min(id) FROM decision),"
		      " (SELECT max(id) FROM decision)",
};

/* Sets the user's sentence for a failing SQLite code; returns -1. */
static void (*progress_fn)(const char *, long, long);

void
store_set_progress(void (*fn)(const char *what, long done, long total))
{
	progress_fn = fn;
}

void
store_progress(const char *what, long done, long total)
{
	if (progress_fn != NULL)
		progress_fn(what, done, total);
}

int
store_fail(struct store *st, int rc, const char *doing)
{
	const char *why;

	st->rc = rc;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		why = "the store is busy: another ombuds is writing to it; try again when it has finished";
		break;
	case SQLITE_FULL:
		why = "the disk is full";
		break;
	case SQLITE_READONLY:
		why = "the store is read-only";
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		why = "the store file is damaged or is not an ombuds store";
		break;
	case SQLITE_CANTOPEN:
		why = "the store file cannot be opened (check the folder exists and its permissions)";
		break;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		why = "permission denied";
		break;
	case SQLITE_NOMEM:
		why = "out of memory";
		break;
	case SQLITE_IOERR:
		/* A write refused by the system is, most often, a full disk
		 * or a file size limit. */
		if (rc == SQLITE_IOERR_WRITE ||
		    rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE)
			why = "the store could not be written (is the disk full?)";
		else
			why = "an input/output error occurred";
		break;
	case SQLITE_INTERRUPT:
		why = "interrupted";
		break;
	case SQLITE_TOOBIG:
		why = "a text is too large for the store";
		break;
	default:
		why = "an internal store error occurred";
		break;
	}
	snprintf(st->err, sizeof st->err, "%s%s%s", doing ? doing : "",
		 doing ? ": " : "", why);
	return -1;
}

const char *
store_error(const struct store *st)
{
	return st->err;
}

/* Runs one statement that returns no rows; returns 0 or -1. */
int
store_exec(struct store *st, const char *sql, const char *doing)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_fail(st, rc, doing);
}

/* Reads one integer pragma into *value; returns 0 or -1. */
int
store_pragma_int(struct store *st, const char *sql, int *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the store");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(stmt, 0);
	else
		*value = 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, "reading the store");
	return 0;
}

/* SQL function ombuds_fold(x): text_fold for filters. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t n;
	char *f;

	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	f = text_fold(s, (size_t)sqlite3_value_bytes(argv[0]), &n);
	if (f == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, f, (int)n, free);
}

static int rank_register(struct store *st, fts5_api *api);
static fts5_api *fts5_of(struct store *st);

/* Returns a malloc'd "file:" URI naming path, immutable; NULL when out
 * of memory. */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *u = malloc(3 * n + sizeof "file:?immutable=1"), *o = u;

	if (u == NULL)
		return NULL;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p > 0x7e) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	strcpy(o, "?immutable=1");
	return u;
}

/* Nonzero when a store opened for reading failed only because SQLite
 * could not make the WAL's files beside it (a read-only folder) while
 * no WAL is there to read: then the file alone is the whole store, and
 * it is read as immutable. */
static int
needs_immutable(const struct store *st, const char *path, unsigned flags)
{
	char wal[4096];
	struct stat sb;

	if (!(flags & STORE_READONLY) || (flags & STORE_IMMUTABLE) ||
	    (st->rc & 0xff) != SQLITE_READONLY)
		return 0;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
		return 0;
	return stat(wal, &sb) < 0 || sb.st_size == 0;
}

/* Opens st->db on path (as an immutable URI with STORE_IMMUTABLE);
 * returns 0, or -1 with st->err set. */
static int
open_db(struct store *st, const char *path, const char *uri, int readonly)
{
	int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	int rc;

	/* One thread at a time uses a connection (the import's reader
	 * thread never does; the twin is stepped by its own thread): no
	 * mutex around every SQLite call. */
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (!readonly && (st->flags & STORE_CREATE))
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(uri ? uri : path, &st->db,
			     oflags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	if (rc != SQLITE_OK) {
		if (readonly && (rc & 0xff) == SQLITE_CANTOPEN)
			snprintf(st->err, sizeof st->err,
				 "there is no store yet: import statements first "
				 "(ombuds import --samples)");
		else
			store_fail(st, rc, "opening the store");
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	return 0;
}

/* Registers the store's SQL functions, its FTS5 auxiliary functions and
 * the vocab's tokenizer on st->db; returns 0 or -1. */
static int
open_functions(struct store *st, int readonly)
{
	fts5_api *api = NULL;
	int rc;

	rc = sqlite3_create_function(st->db, "ombuds_fold", 1,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					     SQLITE_INNOCUOUS,
				     NULL, sql_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "ombuds_in", 2, SQLITE_UTF8,
					     NULL, store_sql_in, NULL, NULL);
	if (rc == SQLITE_OK && (api = fts5_of(st)) == NULL)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = rank_register(st, api);
	/* Before anything uses decision_fts: FTS5 takes the tokenizer when
	 * it first opens the table on this connection. */
	if (rc == SQLITE_OK &&
	    (st->vocab = vocab_open(api, fts_tokenizer_args,
				    (int)(sizeof fts_tokenizer_args /
					  sizeof fts_tokenizer_args[0]),
				    !readonly)) == NULL)
		rc = SQLITE_NOMEM;
	return rc == SQLITE_OK ? 0 : store_fail(st, rc, "opening the store");
}

/* Brings the schema up to date; a store made by an older ombuds,
 * opened for reading, is upgraded in passing through a writing
 * connection, then read.  Returns 0 or -1. */
static int
open_schema(struct store *st, const char *path, int readonly)
{
	int rc;

	if (store_exec(st, "PRAGMA foreign_keys = ON", "opening the store") < 0)
		return -1;
	rc = store_migrate(st, readonly);
	if (rc == -2) {
		char why[160];
		struct store *rw = store_open(path, 0, why, sizeof why);

		if (rw == NULL) {
			snprintf(st->err, sizeof st->err,
				 "the store was made by an older version of ombuds "
				 "and cannot be upgraded: %s", why);
			return -1;
		}
		store_close(rw);
		rc = store_migrate(st, readonly);
	}
	return rc < 0 || store_weights_load(st) < 0 ? -1 : 0;
}

/* Sets up a connection that may write; returns 0 or -1. */
static int
open_writer(struct store *st)
{
	/* WAL lets readers go on while an import writes; NORMAL is safe
	 * against a killed process in WAL mode.  Only now that the file is
	 * known to be a store: switching the journal mode writes to it. */
	if (store_exec(st, "PRAGMA journal_mode = WAL",
		       "opening the store") < 0 ||
	    store_exec(st, "PRAGMA synchronous = NORMAL",
		       "opening the store") < 0)
		return -1;
	/* No foreign keys on a writing connection: with them, deleting a
	 * decision (a replace) would cascade to its rows, and a statement
	 * that may write several rows opens a savepoint, at which FTS5
	 * writes its pending terms out as a segment.  A replace deletes
	 * those rows itself (store_put.c, replace_delete). */
	if (store_exec(st, "PRAGMA foreign_keys = OFF", "opening the store") < 0)
		return -1;
	/* Up to 64 MB of pages: an import writes the indexes of many
	 * decisions at random places, and with SQLite's 2 MB each insert
	 * read and wrote pages again (docs/PERFORMANCE.md).  Memory is taken
	 * only as pages are read. */
	if (store_exec(st, "PRAGMA cache_size = -65536",
		       "opening the store") < 0)
		return -1;
	/* An import killed before its end left them out. */
	if (store_indexes_make(st) < 0)
		return -1;
	return store_pairs_mend(st);
}

struct store *
store_open(const char *path, unsigned flags, char *err, size_t errlen)
{
	struct store *st = calloc(1, sizeof *st);
	int readonly = (flags & STORE_READONLY) != 0;
	char *uri = NULL;
	struct stat sb;
	int rc;

	if (st == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	st->lwblk = -1;
	st->flags = flags;
	if ((st->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(st);
		return NULL;
	}
	if ((flags & STORE_IMMUTABLE) && (uri = immutable_uri(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(st->path);
		free(st);
		return NULL;
	}
	rc = open_db(st, path, uri, readonly);
	free(uri);
	if (rc < 0 || open_functions(st, readonly) < 0 ||
	    open_schema(st, path, readonly) < 0 ||
	    (!readonly && open_writer(st) < 0))
		goto fail;
	if (stat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	return st;
fail:
	if (needs_immutable(st, path, flags)) {
		store_close(st);
		return store_open(path, flags | STORE_IMMUTABLE, err, errlen);
	}
	snprintf(err, errlen, "%s", st->err);
	store_close(st);
	return NULL;
}

void
store_set_check(struct store *st, int (*check)(void *), void *arg)
{
	st->check = check;
	st->check_arg = arg;
	sqlite3_progress_handler(st->db, check ? 4000 : 0, check, arg);
	if (st->twin != NULL)
		store_set_check(st->twin, check, arg);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_close(st->twin);
	store_doomed_clear(st);
	free(st->doomed);
	for (int i = 0; i < Q_NQUERIES; i++)
		sqlite3_finalize(st->q[i]);
	store_rank_docsize_end(st);
	sqlite3_finalize(st->dsq);
	store_rank_keep_end(st);
	/* Folds the WAL back into the main file when we are the last. */
	sqlite3_close(st->db);
	vocab_free(st->vocab);  /* after: the connection's tokenizer uses it */
	store_prepped_clear(&st->own);
	free(st->sparas);
	free(st->pairs);
	free(st->newpairs);
	free(st->brk);
	free(st->nbrkv);
	free(st->pit);
	free(st->pcol);
	free(st->poff);
	free(st->plen);
	free(st->path);
	free(st);
}

/* Returns the cached statement i, reset and unbound, or NULL with the
 * failure described as doing. */
sqlite3_stmt *
store_q_doing(struct store *st, int i, const char *doing)
{
	int rc;

	if (st->q[i] == NULL) {
		rc = sqlite3_prepare_v3(st->db, queries[i], -1,
					SQLITE_PREPARE_PERSISTENT, &st->q[i],
					NULL);
		if (rc != SQLITE_OK) {
			store_fail(st, rc, doing);
			return NULL;
		}
	}
	sqlite3_reset(st->q[i]);
	sqlite3_clear_bindings(st->q[i]);
	return st->q[i];
}

/* store_q_doing for the write path. */
sqlite3_stmt *
store_q(struct store *st, int i)
{
	return store_q_doing(st, i, "writing to the store");
}

int
store_begin(struct store *st)
{
	st->changes = sqlite3_total_changes64(st->db);
	return store_exec(st, "BEGIN IMMEDIATE", "writing to the store");
}


/* Moves the store's generation on (see migrations[], schema 6); returns
 * 0 or -1. */
static int
generation_next(struct store *st)
{
	sqlite3_stmt *q = store_q(st, Q_GENERATION_NEXT);

	return q == NULL ? -1 : store_step_done(st, q, "writing to the store");
}

int
store_commit(struct store *st)
{
	if (store_doomed_flush(st) < 0 || store_len_done(st) < 0 ||
	    store_vocab_flush(st) < 0 || store_breaks_flush(st) < 0)
		return -1;
	/* A transaction that changed nothing (an import of unchanged
	 * files) still writes nothing. */
	if (sqlite3_total_changes64(st->db) != st->changes &&
	    generation_next(st) < 0)
		return -1;
	if (store_exec(st, "COMMIT", "writing to the store") < 0)
		return -1;
	vocab_committed(st->vocab);
	return 0;
}

int
store_rollback(struct store *st)
{
	st->lwblk = -1;
	st->nnewpairs = 0;
	st->prep_ok = 0;
	store_doomed_clear(st);
	if (st->vocab != NULL)
		vocab_rolled_back(st->vocab);
	if (sqlite3_get_autocommit(st->db))
		return 0;
	return store_exec(st, "ROLLBACK", "writing to the store");
}

/* Sets decision_fts's option key to value (kept in decision_fts_config);
 * returns an SQLite code. */
static int
fts_config(struct store *st, const char *key, int value)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, "INSERT INTO decision_fts"
				    "(decision_fts, rank) VALUES (?1, ?2)",
				    -1, &q, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 2, value);
		rc = sqlite3_step(q);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(q);
	return rc;
}

/* How FTS5 merges and writes during a bulk import, else its defaults:
 * - automerge: off, one merge at the end (store_optimize);
 * - hashsize: the bytes of pending terms it holds before it writes them
 *   out as a segment: a batch's (fewer, larger segments: less merging,
 *   less written; docs/PERFORMANCE.md);
 * - crisismerge: how many segments of one level it merges even with
 *   automerge off: none till that one merge (each commit writes a
 *   segment; merged sixteen at a time they would be written again
 *   before that merge wrote them all once more).
 * An SQLite without the last two ignores them (the import is only
 * slower).  Returns 0, or -1 with the error set (doing: what for). */
static int
index_write_config(struct store *st, int bulk, const char *doing)
{
	int rc = fts_config(st, "automerge", bulk ? 0 : 4);

	if (rc != SQLITE_OK)
		return store_fail(st, rc, doing);
	fts_config(st, "hashsize", bulk ? 8388608 : 1048576);
	fts_config(st, "crisismerge", bulk ? 1000 : 16);
	return 0;
}

int
store_index_bulk(struct store *st, int bulk)
{
	int now;

	/* Written only when it changes: an import of unchanged files
	 * writes nothing.  (No row: FTS5's default, 4.)  A bulk import
	 * leaves decision's secondary indexes out too, until
	 * store_optimize; any other makes those missing. */
	if (store_pragma_int(st, "SELECT coalesce((SELECT v FROM decision_fts_config"
			   " WHERE k = 'automerge'), 4)", &now) < 0)
		return -1;
	/* Without those indexes, 16 MB of pages do as well as 64
	 * (open_writer). */
	if (store_exec(st, bulk ? "PRAGMA cache_size = -16384"
			  : "PRAGMA cache_size = -65536", "writing to the store") < 0)
		return -1;
	if ((now == 0) == (bulk != 0))
		return bulk ? 0 : store_indexes_make(st);
	if (store_begin(st) < 0)
		return -1;
	if (index_write_config(st, bulk, "writing to the store") < 0 ||
	    (bulk ? store_indexes_drop(st) : store_indexes_make(st)) < 0 ||
	    store_commit(st) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
store_optimize(struct store *st)
{
	const char *doing = "compacting the search index";

	if (store_exec(st, "BEGIN IMMEDIATE", doing) < 0)
		return -1;
	if (store_exec(st, "INSERT INTO decision_fts(decision_fts) VALUES ('optimize')",
		       doing) < 0 || store_indexes_make(st) < 0 ||
	    store_weigh(st) < 0)
		goto fail;
	if (index_write_config(st, 0, doing) < 0 ||
	    store_exec(st, "COMMIT", doing) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Binds a string or NULL; returns the SQLite code. */
int
store_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(q, i);
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/* Steps a statement that returns no rows; returns 0 or -1. */
int
store_step_done(struct store *st, sqlite3_stmt *q, const char *doing)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, doing);
}

/* Appends n bytes of s to the growing buffer; returns 0 or -1. */
int
store_buf_add(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t ncap = *cap ? *cap : 4096;
		char *nbuf;

		while (*len + n + 1 > ncap)
			ncap *= 2;
		nbuf = realloc(*buf, ncap);
		if (nbuf == NULL)
			return -1;
		*buf = nbuf;
		*cap = ncap;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* Registers ombuds_rank, ombuds_near and ombuds_adj with FTS5; returns
 * an SQLite code. */
static int
rank_register(struct store *st, fts5_api *api)
{
	int rc =
	    api->xCreateFunction(api, "ombuds_rank", st, store_rank_fn, NULL);

	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ombuds_near", st, store_near_fn,
					  NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ombuds_adj", st, store_adj_fn,
					  NULL);
	return rc;
}

/* FTS5's API on st's connection, or NULL. */
static fts5_api *
fts5_of(struct store *st)
{
	fts5_api *api = NULL;
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(st->db, "SELECT fts5(?1)", -1, &q, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	sqlite3_finalize(q);
	return api;
}
