/* store_schema: the store's schema, as the migrations that build it one
 * version at a time (PRAGMA user_version), each a script and, where it
 * adds rows derived from the decisions, the backfill that fills them. */
#include "config.h"

#include <stdio.h>

#include "store.h"
#include "store_int.h"

/* The secondary indexes of decision that a bulk import leaves out
 * (store_indexes_drop) and makes again at its end (store_indexes_make):
 * maintaining four indexes a decision costs more than building them once
 * (docs/PERFORMANCE.md).  decision_org_outcome stays: a replace that
 * changes a decision's organisation looks for others of the old one
 * (Q_ORG_GC). */
#define IDX_ORG "decision_org ON decision(org_id, date)"
#define IDX_META "decision_meta ON decision(date, ref, outcome, org_id," \
	" area, subarea)"
#define IDX_CATEGORY "decision_category ON decision(" \
	"(coalesce(area, '') || ' > ' || coalesce(subarea, ''))," \
	" date, ref, outcome, org_id)"
#define IDX_OUTCOME "decision_outcome ON decision(outcome COLLATE NOCASE," \
	" date, ref, org_id, area, subarea)"
#define IDX_NDEFERRED 4

static int migrate_topics(struct store *st);

/* Each migration takes the schema from version i to i + 1. */
static const struct migration {
	const char *sql;
	int (*backfill)(struct store *st);
} migrations[] = {
	/* 0 → 1: the first schema. */
	{"CREATE TABLE org ("
	 "  id INTEGER PRIMARY KEY,"
	 "  name TEXT NOT NULL UNIQUE,"
	 "  fold TEXT NOT NULL"
	 ");"
	 "CREATE TABLE decision ("
	 "  id INTEGER PRIMARY KEY,"
	 "  ref TEXT NOT NULL UNIQUE,"
	 "  org_id INTEGER REFERENCES org(id),"
	 "  area TEXT,"
	 "  subarea TEXT,"
	 "  outcome TEXT,"
	 "  date TEXT,"
	 "  summary TEXT,"
	 "  headings TEXT,"
	 "  complaint TEXT,"
	 "  powers TEXT,"
	 "  considered TEXT,"
	 "  findings TEXT,"
	 "  action TEXT,"
	 "  decision TEXT,"
	 "  other TEXT,"
	 "  layout TEXT NOT NULL,"
	 "  hash INTEGER NOT NULL,"
	 "  source TEXT"
	 ");"
	 "CREATE INDEX decision_date ON decision(date, ref);"
	 "CREATE INDEX " IDX_ORG ";"
	 /* Rows enter the index from store_put (Q_FTS), not from a trigger:
	  * a trigger makes each INSERT open a statement savepoint, and FTS5
	  * flushes its pending terms to a new segment at every savepoint,
	  * a segment a decision in a bulk import.  Deletes and updates
	  * (rare: a replace) keep the index in step by trigger. */
	 "CREATE VIRTUAL TABLE decision_fts USING fts5("
	 "  summary, headings, complaint, powers, considered, findings, action,"
	 "  decision, other,"
	 "  content='decision', content_rowid='id',"
	 "  tokenize='unicode61 remove_diacritics 2'"
	 ");"
	 "CREATE TRIGGER decision_ad AFTER DELETE ON decision BEGIN"
	 "  INSERT INTO decision_fts(decision_fts, rowid, summary, headings,"
	 "   complaint, powers, considered, findings, action, decision, other)"
	 "  VALUES ('delete', old.id, old.summary, old.headings, old.complaint,"
	 "   old.powers, old.considered, old.findings, old.action, old.decision,"
	 "   old.other);"
	 "END;"
	 "CREATE TRIGGER decision_au AFTER UPDATE ON decision BEGIN"
	 "  INSERT INTO decision_fts(decision_fts, rowid, summary, headings,"
	 "   complaint, powers, considered, findings, action, decision, other)"
	 "  VALUES ('delete', old.id, old.summary, old.headings, old.complaint,"
	 "   old.powers, old.considered, old.findings, old.action, old.decision,"
	 "   old.other);"
	 "  INSERT INTO decision_fts(rowid, summary, headings, complaint, powers,"
	 "   considered, findings, action, decision, other)"
	 "  VALUES (new.id, new.summary, new.headings, new.complaint, new.powers,"
	 "   new.considered, new.findings, new.action, new.decision, new.other);"
	 "END;", NULL},
	/* 1 → 2: the metadata that filters and orders read, in one covering
	 * index, so that a filter or a newest-first walk never reads a
	 * decision's row (its text fills several pages).  It starts with
	 * (date, ref), so it replaces decision_date. */
	{"DROP INDEX decision_date;"
	 "CREATE INDEX " IDX_META ";"
	 /* Organisations with counts by outcome from the index alone: the
	  * browser's first screen. */
	 "CREATE INDEX decision_org_outcome ON decision(org_id, outcome);", NULL},
	/* 2 → 3: the pairs of words that meet across a paragraph break (the
	 * last word of a paragraph, the first of the next in the same
	 * column), as hashes: only where a phrase's neighbouring words are
	 * such a pair can FTS5 find it straddling two paragraphs, so other
	 * decisions need no check of their text (see store_search_clear).
	 * Filled by store_put; a decision without a row is always checked.
	 * store_backfill_breaks fills it for the decisions already stored. */
	{"CREATE TABLE decision_break ("
	 "  id INTEGER PRIMARY KEY REFERENCES decision(id) ON DELETE CASCADE,"
	 "  pairs BLOB NOT NULL"
	 ");"
	 "CREATE TRIGGER decision_break_au AFTER UPDATE ON decision BEGIN"
	 "  DELETE FROM decision_break WHERE id = old.id;"
	 "END;", store_backfill_breaks},
	/* 3 → 4: indexes that answer the category and outcome filters
	 * without walking every decision.  A category filter matches the
	 * folded "area > subarea" (CATEGORY_KEY); category holds each such
	 * key once, folded, so a filter folds a few dozen keys instead of
	 * 100,000 rows, and decision_category finds the decisions of the
	 * keys it matched.  Both indexes carry what filters, orders and the
	 * organisations' counts read, so they never read a decision's row.
	 * store_put adds new keys; a key whose decisions are gone stays and
	 * matches nothing. */
	{"CREATE TABLE category ("
	 /* No type: a key of TEXT affinity would keep SQLite from looking
	  * the keys up in decision_category, whose expression has none. */
	 "  key PRIMARY KEY,"
	 "  fold TEXT NOT NULL"
	 ") WITHOUT ROWID;"
	 "INSERT INTO category(key, fold) SELECT k, ombuds_fold(k) FROM"
	 "  (SELECT DISTINCT coalesce(area, '') || ' > ' || coalesce(subarea, '')"
	 "   AS k FROM decision);"
	 "CREATE INDEX " IDX_CATEGORY ";"
	 "CREATE INDEX " IDX_OUTCOME ";", NULL},
	/* 4 → 5: each decision's length in tokens, all sections together,
	 * which is what bm25 reads from decision_fts_docsize for every
	 * match; there it is one row per decision, a B-tree seek each
	 * (a third of the time of a word in a few thousand decisions).
	 * Here LEN_BLOCK decisions share a row: blk is id / LEN_BLOCK, lens
	 * their lengths, two bytes each, little end first, 0 for none (no
	 * decision, or a length of 65,535 or more: then bm25 asks
	 * decision_fts_docsize).  Written by store_put (store_len_put),
	 * store_backfill_len fills it for the decisions stored before. */
	{"CREATE TABLE decision_len ("
	 "  blk INTEGER PRIMARY KEY,"
	 "  lens BLOB NOT NULL"
	 ");", store_backfill_len},
	/* 5 → 6: every word in the index, as FTS5 keeps it, so that a
	 * prefix can be answered by the words it stands for (see vocab.h
	 * and store_match_expand).  The writing connection notes each word a
	 * document gives FTS5 and store_commit adds the new ones; the
	 * words of the decisions already stored come from fts5vocab (which
	 * reads the whole index, once).  A word
	 * whose decisions are gone stays, and matches nothing. */
	{"CREATE TABLE vocab ("
	 "  term TEXT PRIMARY KEY"
	 ") WITHOUT ROWID;"
	 "CREATE VIRTUAL TABLE temp.vocab_fill USING"
	 "  fts5vocab(main, decision_fts, row);"
	 "INSERT INTO vocab(term) SELECT term FROM temp.vocab_fill;"
	 "DROP TABLE temp.vocab_fill;"
	 /* … and a number that every commit that changed the store moves
	  * on, so that two connections can tell they read the same store
	  * (a ranked pass read in two halves, see store_ranked_split). */
	 "CREATE TABLE generation ("
	 "  n INTEGER NOT NULL"
	 ");"
	 "INSERT INTO generation(n) VALUES (0);", NULL},
	/* 6 → 7: where each paragraph of a column begins, as FTS5 counts
	 * positions: a NEAR group that FTS5 found is then settled from the
	 * positions of its words, without reading the text (see store_near_fn).
	 * No row where the count could not be trusted: always checked.  A
	 * table of its own, so that a phrase's pass, which reads every
	 * match's decision_break row, reads no more than before.
	 * store_backfill_starts fills it for the decisions already stored. */
	{"CREATE TABLE decision_starts ("
	 "  id INTEGER PRIMARY KEY REFERENCES decision(id) ON DELETE CASCADE,"
	 "  starts BLOB NOT NULL"
	 ");"
	 "CREATE TRIGGER decision_starts_au AFTER UPDATE ON decision BEGIN"
	 "  DELETE FROM decision_starts WHERE id = old.id;"
	 "END;", store_backfill_starts},
	/* 7 → 8: every break pair of decision_break, once, whichever
	 * decisions hold it, and -1 while a decision may lack its row of
	 * decision_break: a phrase none of whose pairs is here can straddle
	 * no break anywhere, so its pass reads no decision's pairs (a LEFT
	 * JOIN a match, about a third of such a pass: docs/PERFORMANCE.md).
	 * Pairs of decisions gone stay (they only cost the join).
	 * store_commit adds the pairs of the decisions it stored
	 * (store_breaks_flush); store_backfill_pairs fills it from
	 * decision_break.  A row of decision_break deleted while its
	 * decision stays (an update, by the trigger above) leaves that
	 * decision unknown. */
	{"CREATE TABLE break_pair ("
	 "  h INTEGER PRIMARY KEY"
	 ");"
	 "CREATE TRIGGER decision_break_ad AFTER DELETE ON decision_break"
	 "  WHEN EXISTS (SELECT 1 FROM decision WHERE id = old.id) BEGIN"
	 "  INSERT OR IGNORE INTO break_pair(h) VALUES (-1);"
	 "END;"
	 "INSERT INTO break_pair(h) SELECT -1 WHERE EXISTS (SELECT 1 FROM"
	 "  decision WHERE id NOT IN (SELECT id FROM decision_break));"
	 /* … and the generation up to which it holds them all: a commit of
	  * this version moves it on with n, one of an older ombuds still
	  * importing when the store was upgraded (which does not write
	  * break_pair) leaves it behind, NULL, until a writing connection
	  * fills break_pair again (store_pairs_mend). */
	 "ALTER TABLE generation ADD COLUMN pairs INTEGER;"
	 "UPDATE generation SET pairs = n;", store_backfill_pairs},
	/* 8 → 9: where a decision came from, when known: the page's URL
	 * (a saved page names it, a fetched one is it) and when ombuds
	 * fetched it (ISO 8601, UTC).  A re-import without them keeps
	 * them (store_put). */
	{"ALTER TABLE decision ADD COLUMN url TEXT;"
	 "ALTER TABLE decision ADD COLUMN fetched TEXT;", NULL},
	/* 9 → 10: the crawl state of ombuds fetch (store_crawl.c): each
	 * decision page found on the site's listings, by reference (one
	 * reference, one page, whatever URLs list it), and what became of
	 * it.  state: 0 queued, 1 fetched and stored, 2 failed (tried again
	 * by the next run), 3 refused (not a statement, not HTML: never
	 * fetched again), 4 gone (404 or 410).  A fetched page is marked in
	 * the transaction that stores its decision, so a killed fetch
	 * leaves each page queued or stored, never half.  id keeps the
	 * order pages were found in.  IF NOT EXISTS: a store taken back to
	 * an older schema by hand (as the tests do) may keep the table. */
	{"CREATE TABLE IF NOT EXISTS crawl ("
	 "  id INTEGER PRIMARY KEY,"
	 "  ref TEXT NOT NULL UNIQUE,"
	 "  url TEXT NOT NULL,"
	 "  state INTEGER NOT NULL DEFAULT 0,"
	 "  attempts INTEGER NOT NULL DEFAULT 0,"
	 "  found TEXT NOT NULL,"
	 "  done TEXT,"
	 "  message TEXT"
	 ");"
	 "CREATE INDEX IF NOT EXISTS crawl_state ON crawl(state, id);", NULL},
	/* 10 → 11: whether the importer judged the statement complete (1)
	 * or cut off (0); NULL for one imported before it judged, read as
	 * complete until imported again (store_put then rewrites it). */
	{"ALTER TABLE decision ADD COLUMN complete INTEGER;", NULL},
	/* 11 → 12: a replace deletes the decision's rows itself, and its
	 * index row at the commit, in order of id (store_doomed_flush):
	 * a trigger or a cascade opens a statement savepoint, at which
	 * FTS5 writes its pending terms out as a segment, and so does a
	 * delete of a row id below the last one FTS5 was given.  So
	 * decision_ad goes (the writing connection has foreign keys off,
	 * no cascade either), and so does decision_break_ad, which the
	 * replace's own delete of decision_break would fire: the -1 of a
	 * decision left without its pairs moves to the one path that does
	 * that, an UPDATE (decision_break_au).  IF EXISTS: a store taken
	 * back to an older schema by hand (as the tests do) may lack
	 * them.  An older ombuds refuses this schema; one that was already
	 * writing when the store was upgraded would leave the index rows of
	 * the decisions it replaced until its end: 'rebuild' mends it. */
	{"DROP TRIGGER IF EXISTS decision_ad;"
	 "DROP TRIGGER IF EXISTS decision_break_ad;"
	 "DROP TRIGGER IF EXISTS decision_break_au;"
	 "CREATE TRIGGER decision_break_au AFTER UPDATE ON decision BEGIN"
	 "  INSERT OR IGNORE INTO break_pair(h) SELECT -1 WHERE EXISTS"
	 "   (SELECT 1 FROM decision_break WHERE id = old.id);"
	 "  DELETE FROM decision_break WHERE id = old.id;"
	 "END;", NULL},
	/* 12 → 13: the words of each stem, so that a word asked finds
	 * every inflection (store_stem_words): a word of vocab under its
	 * stem when that is not itself, and two words a hyphen joins ("anti
	 * social") under the stem of their run-together form.  Written at
	 * each commit with vocab (store_vocab_flush); store_backfill_stems
	 * fills it from vocab and the decisions' texts. */
	{"CREATE TABLE vocab_stem ("
	 "  stem TEXT NOT NULL,"
	 "  term TEXT NOT NULL,"
	 "  PRIMARY KEY (stem, term)"
	 ") WITHOUT ROWID;", store_backfill_stems},
	/* 13 → 14: topics.  The headings column, which only ranking and the
	 * check read, ends with the decision's area, subarea and
	 * organisation's name, a line each (store_put.c, topic_lines), so a
	 * topic word finds the decisions filed under it.  The UPDATE gives
	 * each decision's index row again (decision_au); its break pairs,
	 * starts and lengths are made again from the new rows
	 * (store_backfill_topics), and the words of the new lines join vocab
	 * and vocab_stem: migrate_topics, which counts the decisions. */
	{"", migrate_topics},
	/* 14 → 15: each column's factor on its ranking weight, from the
	 * share of its words in stock paragraphs (store_weigh.c); made again
	 * at the end of each bulk import (store_optimize). */
	{"CREATE TABLE column_weight ("
	 "  col INTEGER PRIMARY KEY,"
	 "  factor REAL NOT NULL"
	 ");", store_weigh},
};
#define STORE_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Decisions whose topic lines one statement of migrate_topics writes. */
#define TOPIC_BATCH 512

/* Migration 13 → 14: ends each decision's headings with its area,
 * subarea and organisation's name, a line each, in batches of ids under
 * a progress line (each row rewrites the decision's index row: most of
 * an upgrade's time); then the rows derived from the index are made
 * again.  Returns 0 or -1. */
static int
migrate_topics(struct store *st)
{
	const char *doing = "preparing the store";
	sqlite3_stmt *end = NULL, *up = NULL;
	sqlite3_int64 from = 0;
	long done = 0;
	int total, rc;

	if (store_pragma_int(st, "SELECT count(*) FROM decision", &total) < 0)
		return -1;
	rc = sqlite3_prepare_v2(st->db, "SELECT max(id) FROM (SELECT id FROM"
				" decision WHERE id > ?1 ORDER BY id LIMIT "
				STRINGIFY(TOPIC_BATCH) ")", -1, &end, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db,
			"UPDATE decision SET headings = nullif(substr("
			"  coalesce(char(10) || nullif(headings, ''), '') ||"
			"  coalesce(char(10) || nullif(area, ''), '') ||"
			"  coalesce(char(10) || nullif(subarea, ''), '') ||"
			"  coalesce(char(10) || nullif((SELECT name FROM org"
			"   WHERE org.id = decision.org_id), ''), ''), 2), '')"
			" WHERE id > ?1 AND id <= ?2", -1, &up, NULL);
	while (rc == SQLITE_OK) {
		sqlite3_int64 to;

		sqlite3_bind_int64(end, 1, from);
		if ((rc = sqlite3_step(end)) != SQLITE_ROW)
			break;
		if (sqlite3_column_type(end, 0) == SQLITE_NULL) {
			rc = SQLITE_DONE;
			break;
		}
		to = sqlite3_column_int64(end, 0);
		sqlite3_reset(end);
		sqlite3_bind_int64(up, 1, from);
		sqlite3_bind_int64(up, 2, to);
		if ((rc = sqlite3_step(up)) != SQLITE_DONE)
			break;
		sqlite3_reset(up);
		done += sqlite3_changes(st->db);
		store_progress("topics for search", done, total);
		from = to;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(end);
	sqlite3_finalize(up);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, doing);
	if (store_exec(st, "DELETE FROM decision_starts;"
		       "DELETE FROM decision_break;"
		       "DELETE FROM break_pair;"
		       "CREATE VIRTUAL TABLE temp.vocab_fill USING"
		       "  fts5vocab(main, decision_fts, row);"
		       "INSERT OR IGNORE INTO vocab(term)"
		       "  SELECT term FROM temp.vocab_fill;"
		       "DROP TABLE temp.vocab_fill;", doing) < 0)
		return -1;
	return store_backfill_topics(st);
}

int
store_schema_version(void)
{
	return STORE_VERSION;
}


/* Whether decision's secondary indexes are all there: sets *all;
 * returns 0 or -1. */
static int
indexes_all(struct store *st, int *all)
{
	int n;

	if (store_pragma_int(st, "SELECT count(*) FROM sqlite_master WHERE"
			     " type = 'index' AND name IN ('decision_org',"
			     " 'decision_meta', 'decision_category',"
			     " 'decision_outcome')", &n) < 0)
		return -1;
	*all = n == IDX_NDEFERRED;
	return 0;
}

/* Drops the secondary indexes of decision (IDX_ORG …) for a bulk import,
 * inside the caller's transaction.  Searches and lists stay right, only
 * slower, until store_indexes_make.  Returns 0 or -1. */
int
store_indexes_drop(struct store *st)
{
	return store_exec(st, "DROP INDEX IF EXISTS decision_org;"
			  "DROP INDEX IF EXISTS decision_meta;"
			  "DROP INDEX IF EXISTS decision_category;"
			  "DROP INDEX IF EXISTS decision_outcome;",
			  "writing to the store");
}

/* Makes the secondary indexes of decision that are missing (after a bulk
 * import, or one killed before its end), in a transaction of its own
 * unless the caller's is open.  Returns 0 or -1. */
int
store_indexes_make(struct store *st)
{
	const char *doing = "indexing the store";
	int all, own = sqlite3_get_autocommit(st->db);

	if (indexes_all(st, &all) < 0)
		return -1;
	if (all)
		return 0;
	if (own && store_exec(st, "BEGIN IMMEDIATE", doing) < 0)
		return -1;
	if (store_exec(st, "CREATE INDEX IF NOT EXISTS " IDX_ORG ";"
		       "CREATE INDEX IF NOT EXISTS " IDX_META ";"
		       "CREATE INDEX IF NOT EXISTS " IDX_CATEGORY ";"
		       "CREATE INDEX IF NOT EXISTS " IDX_OUTCOME ";", doing) < 0 ||
	    (own && store_exec(st, "COMMIT", doing) < 0)) {
		if (own)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* Brings the schema to STORE_VERSION, refusing stores that are not ours
 * or are newer.  Returns 0, -1, or -2 when a read-only store is older
 * and needs a writing connection to upgrade it. */
int
store_migrate(struct store *st, int readonly)
{
	int version, appid, tables;

	if (store_pragma_int(st, "PRAGMA user_version", &version) < 0 ||
	    store_pragma_int(st, "PRAGMA application_id", &appid) < 0 ||
	    store_pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables) < 0)
		return -1;
	if ((appid != 0 && appid != STORE_APPLICATION_ID) ||
	    (appid == 0 && tables > 0)) {
		snprintf(st->err, sizeof st->err,
			 "this file is not an ombuds store");
		return -1;
	}
	if (version > STORE_VERSION) {
		snprintf(st->err, sizeof st->err,
			 "the store was made by a newer version of ombuds "
			 "(schema %d; this version knows up to %d): upgrade ombuds",
			 version, STORE_VERSION);
		return -1;
	}
	if (version == STORE_VERSION)
		return 0;
	if (readonly) {
		if (version > 0)
			return -2; /* older: store_open upgrades it */
		snprintf(st->err, sizeof st->err,
			 "the store is empty: import statements first");
		return -1;
	}
	if (store_exec(st, "BEGIN IMMEDIATE", "preparing the store") < 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (store_pragma_int(st, "PRAGMA user_version", &version) < 0)
		goto fail;
	for (; version < STORE_VERSION; version++) {
		char sql[64];

		const struct migration *m = &migrations[version];

		if (store_exec(st, m->sql, "preparing the store") < 0)
			goto fail;
		if (m->backfill != NULL && m->backfill(st) < 0)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
			 version + 1);
		if (store_exec(st, sql, "preparing the store") < 0)
			goto fail;
	}
	if (store_exec(st, "PRAGMA application_id = " STRINGIFY(STORE_APPLICATION_ID),
		       "preparing the store") < 0)
		goto fail;
	if (store_exec(st, "COMMIT", "preparing the store") == 0) {
		store_progress(NULL, 0, 0);     /* "store upgraded" */
		return 0;
	}
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	store_progress(NULL, -1, 0);            /* the line cleared */
	return -1;
}
