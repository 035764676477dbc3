/* store: the only SQL in ombuds.  One SQLite file in WAL mode holds the
 * organisations, one row per decision (its text kept once, in one column
 * per section kind, with its sections and paragraph boundaries as offsets
 * beside it), and an external-content FTS5 index over those columns kept in
 * step by triggers.  Every value is bound; every write is in a
 * transaction; the schema moves forward by PRAGMA user_version. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store.h"
#include "text.h"
#include "store_vocab.h"

/* 'OMBD': tells our stores from other SQLite files. */
#define STORE_APPLICATION_ID 1330463300 /* 0x4f4d4244 */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
/* decision_fts's columns: summary, headings, the seven section kinds. */
#define RANK_COLUMNS (DECISION_KIND_COUNT + 1)

/* Each migration takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 → 1: the first schema. */
	"CREATE TABLE org ("
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
	"CREATE INDEX decision_org ON decision(org_id, date);"
	/* Rows enter the index from store_put (Q_FTS), not from a trigger:
	 * a trigger makes each INSERT open a statement savepoint, and FTS5
	 * flushes its pending terms to a new segment at every savepoint,
	 * which made a bulk import three times slower.  Deletes and updates
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
	"END;",
	/* 1 → 2: the metadata that filters and orders read, in one covering
	 * index, so that a filter or a newest-first walk never reads a
	 * decision's row (its text fills several pages).  It starts with
	 * (date, ref), so it replaces decision_date. */
	"DROP INDEX decision_date;"
	"CREATE INDEX decision_meta ON decision(date, ref, outcome, org_id,"
	" area, subarea);"
	/* Organisations with counts by outcome from the index alone: the
	 * browser's first screen (100,000 decisions: 319 ms → 29 ms). */
	"CREATE INDEX decision_org_outcome ON decision(org_id, outcome);",
	/* 2 → 3: the pairs of words that meet across a paragraph break (the
	 * last word of a paragraph, the first of the next in the same
	 * column), as hashes: only where a phrase's neighbouring words are
	 * such a pair can FTS5 find it straddling two paragraphs, so other
	 * decisions need no check of their text (see store_search_clear).
	 * Filled by store_put; a decision without a row is always checked.
	 * backfill_breaks fills it for the decisions already stored. */
	"CREATE TABLE decision_break ("
	"  id INTEGER PRIMARY KEY REFERENCES decision(id) ON DELETE CASCADE,"
	"  pairs BLOB NOT NULL"
	");"
	"CREATE TRIGGER decision_break_au AFTER UPDATE ON decision BEGIN"
	"  DELETE FROM decision_break WHERE id = old.id;"
	"END;",
	/* 3 → 4: indexes that answer the category and outcome filters
	 * without walking every decision.  A category filter matches the
	 * folded "area > subarea" (CATEGORY_KEY); category holds each such
	 * key once, folded, so a filter folds a few dozen keys instead of
	 * 100,000 rows, and decision_category finds the decisions of the
	 * keys it matched.  Both indexes carry what filters, orders and the
	 * organisations' counts read, so they never read a decision's row.
	 * store_put adds new keys; a key whose decisions are gone stays and
	 * matches nothing. */
	"CREATE TABLE category ("
	/* No type: a key of TEXT affinity would keep SQLite from looking
	 * the keys up in decision_category, whose expression has none. */
	"  key PRIMARY KEY,"
	"  fold TEXT NOT NULL"
	") WITHOUT ROWID;"
	"INSERT INTO category(key, fold) SELECT k, ombuds_fold(k) FROM"
	"  (SELECT DISTINCT coalesce(area, '') || ' > ' || coalesce(subarea, '')"
	"   AS k FROM decision);"
	"CREATE INDEX decision_category ON decision("
	"  (coalesce(area, '') || ' > ' || coalesce(subarea, '')),"
	"  date, ref, outcome, org_id);"
	"CREATE INDEX decision_outcome ON decision(outcome COLLATE NOCASE,"
	"  date, ref, org_id, area, subarea);",
	/* 4 → 5: each decision's length in tokens, all sections together,
	 * which is what bm25 reads from decision_fts_docsize for every
	 * match; there it is one row per decision, a B-tree seek each
	 * (a third of the time of a word in a few thousand decisions).
	 * Here LEN_BLOCK decisions share a row: blk is id / LEN_BLOCK, lens
	 * their lengths, two bytes each, little end first, 0 for none (no
	 * decision, or a length of 65,535 or more: then bm25 asks
	 * decision_fts_docsize).  Written by store_put (len_put),
	 * backfill_len fills it for the decisions stored before. */
	"CREATE TABLE decision_len ("
	"  blk INTEGER PRIMARY KEY,"
	"  lens BLOB NOT NULL"
	");",
	/* 5 → 6: every word in the index, as FTS5 keeps it, so that a
	 * prefix can be answered by the words it stands for (see vocab.h
	 * and match_expand).  The writing connection notes each word a
	 * document gives FTS5 and store_commit adds the new ones; the
	 * words of the decisions already stored come from fts5vocab (which
	 * reads the whole index: ~2 s for 100,000 decisions, once).  A word
	 * whose decisions are gone stays, and matches nothing. */
	"CREATE TABLE vocab ("
	"  term TEXT PRIMARY KEY"
	") WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE temp.vocab_fill USING"
	"  fts5vocab(main, decision_fts, row);"
	"INSERT INTO vocab(term) SELECT term FROM temp.vocab_fill;"
	"DROP TABLE temp.vocab_fill;"
	/* … and a number that every commit that changed the store moves
	 * on, so that two connections can tell they read the same store
	 * (a ranked pass read in two halves, see ranked_split). */
	"CREATE TABLE generation ("
	"  n INTEGER NOT NULL"
	");"
	"INSERT INTO generation(n) VALUES (0);",
	/* 6 → 7: where each paragraph of a column begins, as FTS5 counts
	 * positions: a NEAR group that FTS5 found is then settled from the
	 * positions of its words, without reading the text (see near_fn).
	 * No row where the count could not be trusted: always checked.  A
	 * table of its own, so that a phrase's pass, which reads every
	 * match's decision_break row, reads no more than before.
	 * backfill_starts fills it for the decisions already stored. */
	"CREATE TABLE decision_starts ("
	"  id INTEGER PRIMARY KEY REFERENCES decision(id) ON DELETE CASCADE,"
	"  starts BLOB NOT NULL"
	");"
	"CREATE TRIGGER decision_starts_au AFTER UPDATE ON decision BEGIN"
	"  DELETE FROM decision_starts WHERE id = old.id;"
	"END;",
	/* 7 → 8: every break pair of decision_break, once, whichever
	 * decisions hold it, and -1 while a decision may lack its row of
	 * decision_break: a phrase none of whose pairs is here can straddle
	 * no break anywhere, so its pass reads no decision's pairs (a LEFT
	 * JOIN of ~85 ns a match: `"role and powers"` newest first, 4 ms
	 * of each half's 12).  Pairs of decisions gone stay (they only cost
	 * the join).  store_commit adds the pairs of the decisions it
	 * stored (breaks_flush); backfill_pairs fills it from
	 * decision_break.  A row of decision_break deleted while its
	 * decision stays (an update, by the trigger above) leaves that
	 * decision unknown. */
	"CREATE TABLE break_pair ("
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
	 * fills break_pair again (pairs_mend). */
	"ALTER TABLE generation ADD COLUMN pairs INTEGER;"
	"UPDATE generation SET pairs = n;",
};

/* The arguments of decision_fts's tokenizer, unicode61 (migrations[0]),
 * for vocab_open. */
static const char *const fts_tokenizer_args[] = {"remove_diacritics", "2"};
#define STORE_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

/* Statements of the write path, prepared once per store. */
enum {
	Q_FIND,
	Q_DELETE,
	Q_ORG_FIND,
	Q_ORG_INSERT,
	Q_ORG_GC,
	Q_INSERT,
	Q_FTS,
	Q_DOC,
	Q_DATE,
	Q_SPAN,
	Q_BREAK_PUT,
	Q_STARTS_PUT,
	Q_BREAK,
	Q_PAIR_PUT,
	Q_PAIR_ANY,
	Q_CATEGORY_FIND,
	Q_CATEGORY_PUT,
	Q_DOCSIZE,
	Q_LEN,
	Q_LEN_INSERT,
	Q_LEN_UPDATE,
	Q_VOCAB_PUT,
	Q_VOCAB_RANGE,
	Q_GENERATION,
	Q_GENERATION_NEXT,
	Q_PAIRS_GEN,
	Q_LOOSE_SAMPLE,
	Q_ID_SPAN,
	Q_COUNT_
};

/* The matches that loose_pays reads (those of the highest ids, the last
 * stored), and the places their loose phrases' words must have, on
 * average, for the loose MATCH to pay.  FTS5 walks every place of a phrase's words in each decision,
 * the loose MATCH to the first place where they stand together, but
 * calls ombuds_adj for each.  On 100,000 decisions, newest first
 * (places a decision, sampled): `"the council"` (72) 38 → 14 ms,
 * `"the ombudsman"` (55) 18 → 14, `"role and powers"` (20) 11 → 14,
 * `"local government act"` (5) 10 → 12. */
#define LOOSE_SAMPLE 64
#define LOOSE_MIN_PLACES 32

static const char *const queries[Q_COUNT_] = {
	[Q_FIND] = "SELECT id, hash, org_id FROM decision WHERE ref = ?1",
	[Q_DELETE] = "DELETE FROM decision WHERE id = ?1",
	[Q_ORG_FIND] = "SELECT id FROM org WHERE name = ?1",
	[Q_ORG_INSERT] = "INSERT INTO org(name, fold) VALUES (?1, ?2)",
	[Q_ORG_GC] = "DELETE FROM org WHERE id = ?1 AND NOT EXISTS"
		     " (SELECT 1 FROM decision WHERE org_id = ?1)",
	[Q_INSERT] = "INSERT INTO decision(ref, org_id, area, subarea, outcome,"
		     " date, summary, headings, complaint, powers, considered,"
		     " findings, action, decision, other, layout, hash, source)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		     " ?13, ?14, ?15, ?16, ?17, ?18)",
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
	[Q_DOCSIZE] = "SELECT sz FROM decision_fts_docsize WHERE id = ?1",
	[Q_LEN] = "SELECT lens FROM decision_len WHERE blk = ?1",
	/* One row each, no OR REPLACE: see Q_BREAK_PUT. */
	[Q_LEN_INSERT] = "INSERT INTO decision_len(blk, lens) VALUES (?1, ?2)",
	[Q_LEN_UPDATE] = "UPDATE decision_len SET lens = ?2 WHERE blk = ?1",
	/* One row, no trigger: no statement savepoint (see Q_BREAK_PUT). */
	[Q_VOCAB_PUT] = "INSERT OR IGNORE INTO vocab(term) VALUES (?1)",
	[Q_VOCAB_RANGE] = "SELECT term FROM vocab WHERE term >= ?1 AND"
			  " term < ?2 ORDER BY term LIMIT ?3",
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

/* decision_len (migration 4 → 5): LEN_BLOCK decisions to a row. */
#define LEN_SHIFT 10
#define LEN_BLOCK (1 << LEN_SHIFT)
#define LEN_BYTES (2 * LEN_BLOCK)
#define LEN_MAX 0xffff          /* lengths from here on are not kept */

struct store {
	sqlite3 *db;
	sqlite3_stmt *q[Q_COUNT_];
	int rc;                 /* SQLite code of the last failure */
	char err[256];
	/* Scratch buffers reused by store_put: the text of each section
	 * kind (index 0, the summary, unused), the headings, the layout. */
	char *part[DECISION_KIND_COUNT];
	size_t partcap[DECISION_KIND_COUNT];
	size_t partlen[DECISION_KIND_COUNT];
	char *headings;
	size_t headcap;
	char *layout;
	size_t laycap;
	/* The paragraphs of the last store_search_doc. */
	struct store_para *sparas;
	size_t sparacap;
	/* ombuds_rank's forward walk of decision_fts_docsize, and the id of
	 * the row it stands on (-1: none). */
	sqlite3_stmt *dsq;
	sqlite3_int64 dsid;
	/* … and, for rows far apart, a blob handle on its sizes, and the
	 * last row asked about. */
	sqlite3_blob *dsblob;
	sqlite3_int64 dslast;
	/* Set by ombuds_rank when it left out the IDF (rank_finish), and the
	 * table's row count for it. */
	int rank_noidf;
	sqlite3_int64 rank_nrow;
	/* The bm25 data of the ranked statement being stepped, kept across
	 * FTS5's cursors: asked about one decision at a time (filters that
	 * pass few), FTS5 starts a cursor, and would recount each phrase's
	 * rows (xQueryPhrase), for every decision. */
	struct rank_data *rank_keep;
	/* The break pairs of the decision being stored; the breaks of its
	 * columns (FTS5's column << 32 | the position of the first word of
	 * a paragraph that follows another with words), the words of each
	 * column as breaks_build counted them, and as FTS5 did (len_put;
	 * colsz_ok: read). */
	uint32_t *pairs;
	size_t npairs, paircap;
	/* The break pairs of the decisions stored since the last commit,
	 * for break_pair (breaks_flush). */
	uint32_t *newpairs;
	size_t nnewpairs, newpaircap;
	uint64_t *brk;
	size_t nbrk, brkcap;
	size_t ntok[DECISION_KIND_COUNT + 1];
	unsigned colsz[DECISION_KIND_COUNT + 1];
	int colsz_ok;
	/* Set by breaks_build when a paragraph (the summary too) holds a
	 * character on which text_count_tokens may part from unicode61:
	 * the positions are then not kept. */
	int unsure;
	/* The spans whose NEAR groups the running pass settles
	 * (ombuds_near; NULL: none), and its scratch: the breaks of a row by
	 * column, and for each phrase of a group an iterator over its
	 * instances, the column and position it stands on, and its
	 * length. */
	const struct store_spans *spans;
	uint32_t *nbrkv;
	size_t nbrkcap;
	Fts5PhraseIter *pit;
	int *pcol, *poff;
	int *plen;
	size_t pcap;
	/* The row of decision_len that store_put fills (lwblk, -1: none),
	 * written out when the next decision falls in another row and
	 * before a commit (len_flush); whether it is in the table yet. */
	sqlite3_int64 lwblk;
	int lwdirty, lwstored;
	unsigned char lwbuf[LEN_BYTES];
	/* The rows of decision_len that ombuds_rank has read during one
	 * ranked statement, by blk (NULL: not yet; len_none: no row), and
	 * the blob handle it reads them through. */
	unsigned char **lr;
	size_t nlr;
	sqlite3_blob *lrblob;
	/* The words FTS5 was given since the last commit (noted on a
	 * writing connection), and the folding of a query's prefix. */
	struct vocab *vocab;
	/* Set while a ranked statement runs over a prefix written out as
	 * its words (match_expand): ombuds_rank scores them as one phrase. */
	int rank_group;
	/* sqlite3_total_changes when the open transaction began: whether
	 * its commit moves the generation on. */
	sqlite3_int64 changes;
	/* A second connection to the same file, for reading, which reads
	 * half of a large ranked pass on a thread of its own (ranked_split;
	 * opened when first needed), whether it could not be opened, and
	 * what opens it. */
	struct store *twin;
	int twin_failed;
	long halves;            /* passes read in two halves */
	long paired;            /* passes that read break pairs */
	long loosened;          /* passes that asked a loose MATCH */
	char *path;
	unsigned flags;
	/* The file opened, so that the twin opens the same one. */
	dev_t dev;
	ino_t ino;
};

/* Stands in st->lr for a row of decision_len that is missing. */
static unsigned char len_none[1];

/* Sets the user's sentence for a failing SQLite code; returns -1. */
static int
fail(struct store *st, int rc, const char *doing)
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

int
store_schema_version(void)
{
	return STORE_VERSION;
}

/* Runs one statement that returns no rows; returns 0 or -1. */
static int
exec(struct store *st, const char *sql, const char *doing)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(st, rc, doing);
}

/* Reads one integer pragma into *value; returns 0 or -1. */
static int
pragma_int(struct store *st, const char *sql, int *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return fail(st, rc, "reading the store");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(stmt, 0);
	else
		*value = 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, rc, "reading the store");
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
static void rank_keep_end(struct store *st);
static void sql_in(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static int backfill_breaks(struct store *st);
static int backfill_starts(struct store *st);
static int backfill_len(struct store *st);
static int backfill_pairs(struct store *st);
static int pairs_mend(struct store *st);
static int breaks_flush(struct store *st);
static int len_done(struct store *st);
static void rank_docsize_end(struct store *st);

/* Brings the schema to STORE_VERSION, refusing stores that are not ours
 * or are newer.  Returns 0, -1, or -2 when a read-only store is older
 * and needs a writing connection to upgrade it. */
static int
migrate(struct store *st, int readonly)
{
	int version, appid, tables;

	if (pragma_int(st, "PRAGMA user_version", &version) < 0 ||
	    pragma_int(st, "PRAGMA application_id", &appid) < 0 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables) < 0)
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
	if (exec(st, "BEGIN IMMEDIATE", "preparing the store") < 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (pragma_int(st, "PRAGMA user_version", &version) < 0)
		goto fail;
	for (; version < STORE_VERSION; version++) {
		char sql[64];

		if (exec(st, migrations[version], "preparing the store") < 0)
			goto fail;
		if (version + 1 == 3 && backfill_breaks(st) < 0)
			goto fail;
		if (version + 1 == 7 && backfill_starts(st) < 0)
			goto fail;
		if (version + 1 == 5 && backfill_len(st) < 0)
			goto fail;
		if (version + 1 == 8 && backfill_pairs(st) < 0)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
			 version + 1);
		if (exec(st, sql, "preparing the store") < 0)
			goto fail;
	}
	if (exec(st, "PRAGMA application_id = " STRINGIFY(STORE_APPLICATION_ID),
		 "preparing the store") < 0)
		goto fail;
	if (exec(st, "COMMIT", "preparing the store") == 0)
		return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* store_open's own flag: open the file as immutable, for reading a
 * store in a folder we cannot write. */
#define STORE_IMMUTABLE_ (1u << 30)

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

	if (!(flags & STORE_READONLY) || (flags & STORE_IMMUTABLE_) ||
	    (st->rc & 0xff) != SQLITE_READONLY)
		return 0;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
		return 0;
	return stat(wal, &sb) < 0 || sb.st_size == 0;
}

struct store *
store_open(const char *path, unsigned flags, char *err, size_t errlen)
{
	struct store *st = calloc(1, sizeof *st);
	fts5_api *api = NULL;
	int readonly = (flags & STORE_READONLY) != 0;
	int oflags, rc;
	char *uri = NULL;

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
	oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	/* One thread at a time uses a store (the import's reader thread never
	 * does): no mutex around every SQLite call. */
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (!readonly && (flags & STORE_CREATE))
		oflags |= SQLITE_OPEN_CREATE;
	if ((flags & STORE_IMMUTABLE_) && (uri = immutable_uri(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(st->path);
		free(st);
		return NULL;
	}
	rc = sqlite3_open_v2(uri ? uri : path, &st->db,
			     oflags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		if (readonly && (rc & 0xff) == SQLITE_CANTOPEN)
			snprintf(st->err, sizeof st->err,
				 "there is no store yet: import statements first "
				 "(ombuds import --samples)");
		else
			fail(st, rc, "opening the store");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	rc = sqlite3_create_function(st->db, "ombuds_fold", 1,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					     SQLITE_INNOCUOUS,
				     NULL, sql_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "ombuds_in", 2, SQLITE_UTF8,
					     NULL, sql_in, NULL, NULL);
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
	if (rc != SQLITE_OK) {
		fail(st, rc, "opening the store");
		goto fail;
	}
	if (exec(st, "PRAGMA foreign_keys = ON", "opening the store") < 0)
		goto fail;
	rc = migrate(st, readonly);
	if (rc == -2) {
		/* A store made by an older ombuds, opened for reading: upgrade
		 * it in passing through a writing connection, then read. */
		char why[160];
		struct store *rw = store_open(path, 0, why, sizeof why);

		if (rw == NULL) {
			snprintf(st->err, sizeof st->err,
				 "the store was made by an older version of ombuds "
				 "and cannot be upgraded: %s", why);
			goto fail;
		}
		store_close(rw);
		rc = migrate(st, readonly);
	}
	if (rc < 0)
		goto fail;
	/* WAL lets readers go on while an import writes; NORMAL is safe
	 * against a killed process in WAL mode.  Only now that the file is
	 * known to be a store: switching the journal mode writes to it. */
	if (!readonly &&
	    (exec(st, "PRAGMA journal_mode = WAL", "opening the store") < 0 ||
	     exec(st, "PRAGMA synchronous = NORMAL", "opening the store") < 0))
		goto fail;
	/* A connection that may write (an import, the browser's import of
	 * the samples) keeps up to 64 MB of pages: the indexes of 100,000
	 * decisions are written at random places, and with SQLite's 2 MB
	 * each insert read and wrote pages again (import of 100,000: 33 s →
	 * 29 s, 7 s less system time).  Memory is taken only as pages are
	 * read. */
	if (!readonly && exec(st, "PRAGMA cache_size = -65536",
			      "opening the store") < 0)
		goto fail;
	if (!readonly && pairs_mend(st) < 0)
		goto fail;
	{
		struct stat sb;

		if (stat(path, &sb) == 0) {
			st->dev = sb.st_dev;
			st->ino = sb.st_ino;
		}
	}
	return st;
fail:
	if (needs_immutable(st, path, flags)) {
		store_close(st);
		return store_open(path, flags | STORE_IMMUTABLE_, err, errlen);
	}
	snprintf(err, errlen, "%s", st->err);
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_close(st->twin);
	for (int i = 0; i < Q_COUNT_; i++)
		sqlite3_finalize(st->q[i]);
	rank_docsize_end(st);
	sqlite3_finalize(st->dsq);
	rank_keep_end(st);
	/* Folds the WAL back into the main file when we are the last. */
	sqlite3_close(st->db);
	vocab_free(st->vocab);  /* after: the connection's tokenizer uses it */
	for (int k = 0; k < DECISION_KIND_COUNT; k++)
		free(st->part[k]);
	free(st->headings);
	free(st->layout);
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
static sqlite3_stmt *
query_doing(struct store *st, int i, const char *doing)
{
	int rc;

	if (st->q[i] == NULL) {
		rc = sqlite3_prepare_v3(st->db, queries[i], -1,
					SQLITE_PREPARE_PERSISTENT, &st->q[i],
					NULL);
		if (rc != SQLITE_OK) {
			fail(st, rc, doing);
			return NULL;
		}
	}
	sqlite3_reset(st->q[i]);
	sqlite3_clear_bindings(st->q[i]);
	return st->q[i];
}

/* query_doing for the write path. */
static sqlite3_stmt *
query(struct store *st, int i)
{
	return query_doing(st, i, "writing to the store");
}

int
store_begin(struct store *st)
{
	st->changes = sqlite3_total_changes64(st->db);
	return exec(st, "BEGIN IMMEDIATE", "writing to the store");
}

static int step_done(struct store *st, sqlite3_stmt *q, const char *doing);

/* Moves the store's generation on (see migrations[], schema 6); returns
 * 0 or -1. */
static int
generation_next(struct store *st)
{
	sqlite3_stmt *q = query(st, Q_GENERATION_NEXT);

	return q == NULL ? -1 : step_done(st, q, "writing to the store");
}

/* Adds one word to vocab; returns 0 or an SQLite code. */
static int
vocab_put(const char *s, size_t n, void *arg)
{
	struct store *st = arg;
	sqlite3_stmt *q = query(st, Q_VOCAB_PUT);
	int rc;

	if (q == NULL)
		return st->rc ? st->rc : SQLITE_ERROR;
	sqlite3_bind_text(q, 1, s, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : rc;
}

/* Adds to vocab the words FTS5 was given since the last time (in the
 * open transaction, else each in its own); returns 0 or -1. */
static int
vocab_flush(struct store *st)
{
	int rc;

	if (st->vocab == NULL)
		return 0;
	if ((rc = vocab_take(st->vocab, vocab_put, st)) != 0)
		return fail(st, rc < 0 ? SQLITE_NOMEM : rc, "writing to the store");
	return 0;
}

int
store_commit(struct store *st)
{
	if (len_done(st) < 0 || vocab_flush(st) < 0 || breaks_flush(st) < 0)
		return -1;
	/* A transaction that changed nothing (an import of unchanged
	 * files) still writes nothing. */
	if (sqlite3_total_changes64(st->db) != st->changes &&
	    generation_next(st) < 0)
		return -1;
	if (exec(st, "COMMIT", "writing to the store") < 0)
		return -1;
	vocab_committed(st->vocab);
	return 0;
}

int
store_rollback(struct store *st)
{
	st->lwblk = -1;
	st->nnewpairs = 0;
	if (st->vocab != NULL)
		vocab_rolled_back(st->vocab);
	if (sqlite3_get_autocommit(st->db))
		return 0;
	return exec(st, "ROLLBACK", "writing to the store");
}

int
store_index_bulk(struct store *st, int bulk)
{
	int now;

	/* Written only when it changes: an import of unchanged files
	 * writes nothing.  (No row: FTS5's default, 4.) */
	if (pragma_int(st, "SELECT coalesce((SELECT v FROM decision_fts_config"
			   " WHERE k = 'automerge'), 4)", &now) < 0)
		return -1;
	if ((now == 0) == (bulk != 0))
		return 0;
	if (store_begin(st) < 0)
		return -1;
	if (exec(st, bulk ? "INSERT INTO decision_fts(decision_fts, rank)"
			    " VALUES ('automerge', 0)"
			  : "INSERT INTO decision_fts(decision_fts, rank)"
			    " VALUES ('automerge', 4)",
		 "writing to the store") < 0 ||
	    store_commit(st) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int
store_optimize(struct store *st)
{
	const char *doing = "compacting the search index";

	if (exec(st, "BEGIN IMMEDIATE", doing) < 0)
		return -1;
	if (exec(st, "INSERT INTO decision_fts(decision_fts) VALUES ('optimize')",
		 doing) < 0 ||
	    exec(st, "INSERT INTO decision_fts(decision_fts, rank)"
		     " VALUES ('automerge', 4)", doing) < 0 ||
	    exec(st, "COMMIT", doing) < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* Binds a string or NULL; returns the SQLite code. */
static int
bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(q, i);
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/* Steps a statement that returns no rows; returns 0 or -1. */
static int
step_done(struct store *st, sqlite3_stmt *q, const char *doing)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, doing);
}

/* FNV-1a over a field, with its presence, so that NULL and "" differ. */
static uint64_t
hash_str(uint64_t h, const char *s)
{
	h = (h ^ (s != NULL)) * 0x100000001b3ULL;
	for (; s != NULL && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/* Returns a fingerprint of everything stored of d, so that importing the
 * same statement again writes nothing. */
static uint64_t
decision_fingerprint(const struct decision *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_str(h, d->organisation);
	h = hash_str(h, d->ref);
	h = hash_str(h, d->area);
	h = hash_str(h, d->subarea);
	h = hash_str(h, d->outcome);
	h = hash_str(h, d->date);
	h = hash_str(h, d->summary);
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];

		h = (h ^ (uint64_t)p->kind) * 0x100000001b3ULL;
		h = hash_str(h, p->heading);
		h = hash_str(h, p->subheading);
		h = hash_str(h, p->text);
	}
	return h;
}

/* Appends n bytes of s to the growing buffer; returns 0 or -1. */
static int
buf_add(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
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

/* Appends s as one field of a layout line: a tab or newline in it (there
 * should be none) becomes a space so that the line cannot break. */
static int
buf_add_field(char **buf, size_t *cap, size_t *len, const char *s)
{
	size_t start = *len;

	if (buf_add(buf, cap, len, "\t", 1) || buf_add(buf, cap, len, s, strlen(s)))
		return -1;
	for (size_t i = start + 1; i < *len; i++)
		if ((*buf)[i] == '\t' || (*buf)[i] == '\n')
			(*buf)[i] = ' ';
	return 0;
}

/* Nonzero when the two headings differ (NULL counts as a heading). */
static int
heading_changed(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Finds or adds the organisation name; sets *id; returns 0 or -1. */
static int
org_id(struct store *st, const char *name, sqlite3_int64 *id)
{
	sqlite3_stmt *q = query(st, Q_ORG_FIND);
	int rc;

	if (q == NULL)
		return -1;
	bind_text(q, 1, name);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, "writing to the store");

	q = query(st, Q_ORG_INSERT);
	if (q == NULL)
		return -1;
	size_t flen;
	char *fold = text_fold(name, strlen(name), &flen);

	if (fold == NULL)
		return fail(st, SQLITE_NOMEM, "writing to the store");
	bind_text(q, 1, name);
	sqlite3_bind_text(q, 2, fold, (int)flen, free);
	if (step_done(st, q, "writing to the store") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* Builds the texts stored beside a decision's metadata, in the store's
 * scratch buffers:
 *   part[kind] the text of the paragraphs of each section kind, joined by
 *              blank lines: the body is kept once, and an FTS5 column per
 *              kind lets a search look in one kind of section;
 *   headings   each distinct heading and sub-heading once, for ranking;
 *   layout     one line per section, "S<kind>[\t<heading>]", and per
 *              paragraph, "P<offset>\t<length>[\t<subheading>]", the offset
 *              in bytes into its section kind's text.
 * Sets the lengths; returns 0, or -1 when out of memory. */
static int
build_texts(struct store *st, const struct decision *d, size_t *hlen,
	    size_t *llen)
{
	char num[64];

	*hlen = *llen = 0;
	for (int k = 0; k < DECISION_KIND_COUNT; k++) {
		st->partlen[k] = 0;
		if (buf_add(&st->part[k], &st->partcap[k], &st->partlen[k], "", 0))
			return -1;
	}
	if (buf_add(&st->headings, &st->headcap, hlen, "", 0) ||
	    buf_add(&st->layout, &st->laycap, llen, "", 0))
		return -1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		const struct decision_para *prev = i ? &d->paras[i - 1] : NULL;
		int k = p->kind > DECISION_KIND_SUMMARY &&
				p->kind < DECISION_KIND_COUNT
			? (int)p->kind : DECISION_KIND_OTHER;
		size_t len = strlen(p->text), *plen = &st->partlen[k];
		int n;

		if (prev == NULL || p->kind != prev->kind ||
		    heading_changed(p->heading, prev->heading)) {
			n = snprintf(num, sizeof num, "S%d", k);
			if (buf_add(&st->layout, &st->laycap, llen, num, (size_t)n) ||
			    (p->heading &&
			     buf_add_field(&st->layout, &st->laycap, llen,
					   p->heading)) ||
			    buf_add(&st->layout, &st->laycap, llen, "\n", 1))
				return -1;
			if (p->heading &&
			    ((*hlen && buf_add(&st->headings, &st->headcap,
					       hlen, "\n", 1)) ||
			     buf_add(&st->headings, &st->headcap, hlen,
				     p->heading, strlen(p->heading))))
				return -1;
		}
		if (p->subheading &&
		    (prev == NULL ||
		     heading_changed(prev->subheading, p->subheading)) &&
		    ((*hlen && buf_add(&st->headings, &st->headcap, hlen, "\n", 1)) ||
		     buf_add(&st->headings, &st->headcap, hlen, p->subheading,
			     strlen(p->subheading))))
			return -1;
		if (*plen && buf_add(&st->part[k], &st->partcap[k], plen, "\n\n", 2))
			return -1;
		n = snprintf(num, sizeof num, "P%zu\t%zu", *plen, len);
		if (buf_add(&st->layout, &st->laycap, llen, num, (size_t)n) ||
		    (p->subheading &&
		     buf_add_field(&st->layout, &st->laycap, llen,
				   p->subheading)) ||
		    buf_add(&st->layout, &st->laycap, llen, "\n", 1) ||
		    buf_add(&st->part[k], &st->partcap[k], plen, p->text, len))
			return -1;
	}
	return 0;
}

static int spara_add(struct store *st, size_t *n, int ord, int kind,
		     const char *text, size_t len);

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* FTS5's column of section kind k (DECISION_KIND_COUNT: the headings),
 * as decision_fts lists them; and back. */
static int
fts_column(int k)
{
	return k == DECISION_KIND_SUMMARY ? 0 : k == DECISION_KIND_COUNT ? 1 : k + 1;
}

static int
fts_kind(int col)
{
	return col == 0 ? DECISION_KIND_SUMMARY : col == 1 ? DECISION_KIND_COUNT
							  : col - 1;
}

/* Appends v to b (FTS5's varint: 7 bits a byte, most significant
 * first); returns the bytes written (at most 5). */
static size_t
put_varint32(unsigned char *b, uint32_t v)
{
	unsigned char t[5];
	size_t n = 0;

	do
		t[n++] = (unsigned char)(v & 0x7f);
	while ((v >>= 7) != 0);
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(t[n - 1 - i] | (i + 1 < n ? 0x80 : 0));
	return n;
}

/* Folds word [s, s+len) as text_fold_token does into buf (cap bytes)
 * when it is short ASCII, else into a malloc'd *heap; returns the folded
 * word (NULL when out of memory) and sets *flen. */
static const char *
fold_word(const char *s, size_t len, char *buf, size_t cap, char **heap,
	  size_t *flen)
{
	size_t i;

	*heap = NULL;
	for (i = 0; i < len && i < cap && (unsigned char)s[i] < 0x80; i++)
		buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	if (i == len) {
		*flen = len;
		return buf;
	}
	return *heap = text_fold_token(s, len, flen);
}

/* Sets st->pairs to the sorted hashes of the pairs of words that meet
 * across a paragraph break: in each column (a section kind, or the
 * headings: DECISION_KIND_COUNT), the last word of a paragraph that has
 * words and the first word of the next one.  Sets st->brk to the
 * positions where those next paragraphs begin, sorted, and st->ntok to
 * the words of each column, and st->unsure.  paras are in stored order,
 * as store_search_doc gives them.  Returns 0 or -1 (out of memory). */
static int
breaks_build(struct store *st, const struct store_para *paras, size_t n)
{
	/* The last word of the last paragraph with words, per column. */
	char prev[DECISION_KIND_COUNT + 1][64];
	char *prevheap[DECISION_KIND_COUNT + 1] = {0};
	const char *prevw[DECISION_KIND_COUNT + 1] = {0};
	size_t plen[DECISION_KIND_COUNT + 1] = {0}, m = 0;
	int rc = -1;

	st->npairs = 0;
	st->nbrk = 0;
	st->unsure = 0;
	memset(st->ntok, 0, sizeof st->ntok);
	for (size_t i = 0; i < n; i++) {
		const char *t = paras[i].text, *first;
		int col = (int)paras[i].kind;
		size_t fs, fe, ls, le, flen, ntok;
		char fbuf[64], *fheap;

		if (col < 0 || col > DECISION_KIND_COUNT || t == NULL)
			continue;
		ntok = text_count_tokens(t, paras[i].len, &st->unsure);
		if (!text_token_edge(t, paras[i].len, 0, &fs, &fe))
			continue;
		if (st->ntok[col] > 0) {
			if (st->nbrk == st->brkcap) {
				size_t c = st->brkcap ? st->brkcap * 2 : 64;
				uint64_t *b = realloc(st->brk, c * sizeof *b);

				if (b == NULL)
					goto out;
				st->brk = b;
				st->brkcap = c;
			}
			st->brk[st->nbrk++] = (uint64_t)fts_column(col) << 32 |
					      (uint32_t)st->ntok[col];
		}
		st->ntok[col] += ntok;
		if (prevw[col] != NULL) {
			first = fold_word(t + fs, fe - fs, fbuf, sizeof fbuf, &fheap, &flen);
			if (first == NULL)
				goto out;
			if (st->npairs == st->paircap) {
				size_t c = st->paircap ? st->paircap * 2 : 64;
				uint32_t *h = realloc(st->pairs, c * sizeof *h);

				if (h == NULL) {
					free(fheap);
					goto out;
				}
				st->pairs = h;
				st->paircap = c;
			}
			st->pairs[st->npairs++] =
				text_pair_hash(prevw[col], plen[col], first, flen);
			free(fheap);
		}
		text_token_edge(t, paras[i].len, 1, &ls, &le);
		free(prevheap[col]);
		prevw[col] = fold_word(t + ls, le - ls, prev[col], sizeof prev[col],
				       &prevheap[col], &plen[col]);
		if (prevw[col] == NULL)
			goto out;
	}
	qsort(st->pairs, st->npairs, sizeof *st->pairs, u32_cmp);
	qsort(st->brk, st->nbrk, sizeof *st->brk, u64_cmp);
	for (size_t i = 0; i < st->npairs; i++)
		if (m == 0 || st->pairs[i] != st->pairs[m - 1])
			st->pairs[m++] = st->pairs[i];
	st->npairs = m;
	rc = 0;
out:
	for (int k = 0; k <= DECISION_KIND_COUNT; k++)
		free(prevheap[k]);
	return rc;
}

/* Writes st->brk into b as a row's starts of decision_starts: for each
 * column with breaks, its number, how many, and each position less the
 * one before (varints).  Returns the bytes written: at most 15 a break
 * (a column's number and count, 5 bytes each, for as many columns as
 * there are breaks, and 5 a position). */
static size_t
starts_encode(const struct store *st, unsigned char *b)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nbrk;) {
		uint32_t col = (uint32_t)(st->brk[i] >> 32), prev = 0;
		size_t j = i;

		while (j < st->nbrk && (uint32_t)(st->brk[j] >> 32) == col)
			j++;
		n += put_varint32(b + n, col);
		n += put_varint32(b + n, (uint32_t)(j - i));
		for (; i < j; i++) {
			n += put_varint32(b + n, (uint32_t)st->brk[i] - prev);
			prev = (uint32_t)st->brk[i];
		}
	}
	return n;
}

/* Nonzero when breaks_build was sure of its words, and they are as many
 * in each column as FTS5 counted (st->colsz): then its positions are
 * FTS5's.  The summary is one paragraph: a break in it is not ours. */
static int
starts_trusted(const struct store *st)
{
	if (!st->colsz_ok || st->unsure ||
	    (st->nbrk > 0 && st->brk[0] >> 32 == 0))
		return 0;
	for (int col = 0; col < RANK_COLUMNS; col++)
		if (st->ntok[fts_kind(col)] != st->colsz[col])
			return 0;
	return 1;
}

/* Writes st->pairs as decision id's break pairs (4 bytes each, little
 * end first).  Returns 0 or -1. */
static int
breaks_put(struct store *st, sqlite3_int64 id)
{
	unsigned char *b = malloc(st->npairs * 4 + 1);
	sqlite3_stmt *q;

	if (b == NULL)
		return fail(st, SQLITE_NOMEM, "writing to the store");
	for (size_t i = 0; i < st->npairs; i++)
		for (int k = 0; k < 4; k++)
			b[i * 4 + (size_t)k] = (unsigned char)(st->pairs[i] >> (8 * k));
	if ((q = query(st, Q_BREAK_PUT)) == NULL) {
		free(b);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_blob(q, 2, b, (int)(st->npairs * 4), SQLITE_TRANSIENT);
	free(b);
	return step_done(st, q, "writing to the store");
}

/* Makes room for n more pairs in st->newpairs; returns 0 or -1 (out of
 * memory). */
static int
newpairs_room(struct store *st, size_t n)
{
	size_t c = st->newpaircap ? st->newpaircap : 1024;
	uint32_t *v;

	if (st->nnewpairs + n <= st->newpaircap)
		return 0;
	while (c < st->nnewpairs + n)
		c *= 2;
	if ((v = realloc(st->newpairs, c * sizeof *v)) == NULL)
		return -1;
	st->newpairs = v;
	st->newpaircap = c;
	return 0;
}

/* Notes st->pairs for break_pair, written at the commit
 * (breaks_flush).  Returns 0 or -1. */
static int
breaks_note(struct store *st)
{
	if (st->npairs == 0)
		return 0;       /* st->pairs may be NULL */
	if (newpairs_room(st, st->npairs) < 0)
		return fail(st, SQLITE_NOMEM, "writing to the store");
	memcpy(st->newpairs + st->nnewpairs, st->pairs,
	       st->npairs * sizeof *st->pairs);
	st->nnewpairs += st->npairs;
	return 0;
}

/* Adds the n pairs of v (sorted here) to break_pair; returns 0 or -1. */
static int
pairs_add(struct store *st, uint32_t *v, size_t n)
{
	if (n == 0)
		return 0;       /* v may be NULL */
	qsort(v, n, sizeof *v, u32_cmp);
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *q;

		if (i > 0 && v[i] == v[i - 1])
			continue;
		if ((q = query(st, Q_PAIR_PUT)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, v[i]);
		if (step_done(st, q, "writing to the store") < 0)
			return -1;
	}
	return 0;
}

/* Adds the break pairs noted since the last commit to break_pair (a
 * few thousand distinct in an import of thousands of decisions);
 * returns 0 or -1. */
static int
breaks_flush(struct store *st)
{
	int rc = pairs_add(st, st->newpairs, st->nnewpairs);

	st->nnewpairs = 0;
	return rc;
}

/* Fills break_pair again from decision_break when a commit of an older
 * ombuds left it behind the generation (migrations[7]), and puts it
 * level; leaves it so when another connection is writing (searches read
 * the pairs meanwhile).  Returns 0 or -1. */
static int
pairs_mend(struct store *st)
{
	sqlite3_stmt *q = query_doing(st, Q_PAIRS_GEN, "opening the store");
	int rc, level = 1;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		level = sqlite3_column_int(q, 1);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return fail(st, rc, "opening the store");
	if (level || sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL,
				  NULL) != SQLITE_OK)
		return 0;
	if (backfill_pairs(st) < 0 ||
	    exec(st, "UPDATE generation SET pairs = n", "opening the store") < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(st, "COMMIT", "opening the store");
}

/* Fills break_pair from decision_break (migration 7 → 8); returns 0 or
 * -1. */
static int
backfill_pairs(struct store *st)
{
	sqlite3_stmt *q;
	size_t limit = 65536;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT pairs FROM decision_break", -1,
				&q, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0) / 4;

		if (newpairs_room(st, n) < 0) {
			sqlite3_finalize(q);
			st->nnewpairs = 0;
			return fail(st, SQLITE_NOMEM, "preparing the store");
		}
		for (size_t i = 0; i < n; i++, b += 4)
			st->newpairs[st->nnewpairs++] =
				(uint32_t)b[0] | (uint32_t)b[1] << 8 |
				(uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		/* Kept distinct as it grows (1.5 million pairs at 100,000
		 * decisions, 6,540 of them different), each time it has
		 * doubled since: a few sorts in all, however many differ. */
		if (st->nnewpairs > limit) {
			size_t m = 0;

			qsort(st->newpairs, st->nnewpairs, sizeof *st->newpairs,
			      u32_cmp);
			for (size_t i = 0; i < st->nnewpairs; i++)
				if (m == 0 || st->newpairs[i] != st->newpairs[m - 1])
					st->newpairs[m++] = st->newpairs[i];
			st->nnewpairs = m;
			limit = m * 2 > 65536 ? m * 2 : 65536;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		st->nnewpairs = 0;
		return fail(st, rc, "preparing the store");
	}
	return breaks_flush(st);
}

/* Writes st->brk as decision id's row of decision_starts (starts_encode)
 * by q (Q_STARTS_PUT's parameters), when it is trusted; returns 0 or
 * -1. */
static int
starts_write(struct store *st, sqlite3_stmt *q, sqlite3_int64 id)
{
	unsigned char *b;
	size_t n;

	if (!starts_trusted(st))
		return 0;
	if ((b = malloc(st->nbrk * 15 + 1)) == NULL)
		return fail(st, SQLITE_NOMEM, "writing to the store");
	n = starts_encode(st, b);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_blob(q, 2, b, (int)n, SQLITE_TRANSIENT);
	free(b);
	return step_done(st, q, "writing to the store");
}

static int
starts_put(struct store *st, sqlite3_int64 id)
{
	sqlite3_stmt *q = query(st, Q_STARTS_PUT);

	return q == NULL ? -1 : starts_write(st, q, id);
}

/* Writes out the row of decision_len that store_put fills, when it
 * changed.  Returns 0 or -1. */
static int
len_flush(struct store *st)
{
	sqlite3_stmt *q;

	if (st->lwblk < 0 || !st->lwdirty)
		return 0;
	if ((q = query(st, st->lwstored ? Q_LEN_UPDATE : Q_LEN_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, st->lwblk);
	sqlite3_bind_blob(q, 2, st->lwbuf, LEN_BYTES, SQLITE_STATIC);
	if (step_done(st, q, "writing to the store") < 0)
		return -1;
	st->lwdirty = 0;
	st->lwstored = 1;
	return 0;
}

/* Writes out the row store_put fills and forgets it: the next
 * transaction reads it again, since another process may write it in
 * between.  Returns 0 or -1. */
static int
len_done(struct store *st)
{
	int rc = len_flush(st);

	st->lwblk = -1;
	return rc;
}

/* Sets decision id's length in decision_len (0: none kept).  Returns 0
 * or -1. */
static int
len_set(struct store *st, sqlite3_int64 id, unsigned len)
{
	sqlite3_int64 blk = id >> LEN_SHIFT;
	size_t i = (size_t)(id & (LEN_BLOCK - 1));
	sqlite3_stmt *q;
	int rc;

	if (id <= 0)
		return 0;
	if (blk != st->lwblk) {
		if (len_flush(st) < 0)
			return -1;
		st->lwblk = -1;
		if ((q = query(st, Q_LEN)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, blk);
		rc = sqlite3_step(q);
		memset(st->lwbuf, 0, sizeof st->lwbuf);
		st->lwstored = rc == SQLITE_ROW;
		/* A row of another size (not ours) is written over whole. */
		if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == LEN_BYTES)
			memcpy(st->lwbuf, sqlite3_column_blob(q, 0), LEN_BYTES);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return fail(st, rc, "writing to the store");
		st->lwblk = blk;
		st->lwdirty = 0;
	}
	if (len >= LEN_MAX)
		len = 0;
	if (st->lwbuf[2 * i] != (len & 0xff) ||
	    st->lwbuf[2 * i + 1] != (len >> 8)) {
		st->lwbuf[2 * i] = (unsigned char)(len & 0xff);
		st->lwbuf[2 * i + 1] = (unsigned char)(len >> 8);
		st->lwdirty = 1;
	}
	return 0;
}

static int docsize_sum(const unsigned char *b, int n, int *ntok);
static int docsize_cols(const unsigned char *b, int n, unsigned *sz);

/* The length kept for a %_docsize blob: the sum of its sizes, 0 when it
 * is not what FTS5 writes. */
static unsigned
len_of(const void *b, int n)
{
	int ntok = 0;

	return docsize_sum(b, n, &ntok) == 0 && ntok > 0 ? (unsigned)ntok : 0;
}

/* Keeps decision id's length, as FTS5 has just counted it, in
 * decision_len.  Returns 0 or -1. */
static int
len_put(struct store *st, sqlite3_int64 id)
{
	sqlite3_stmt *q = query(st, Q_DOCSIZE);
	unsigned len = 0;
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	st->colsz_ok = 0;
	if (rc == SQLITE_ROW) {
		len = len_of(sqlite3_column_blob(q, 0), sqlite3_column_bytes(q, 0));
		st->colsz_ok = docsize_cols(sqlite3_column_blob(q, 0),
					    sqlite3_column_bytes(q, 0), st->colsz) == 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, rc, "writing to the store");
	return len_set(st, id, len);
}

/* Fills decision_len for every decision stored before it existed
 * (migration 4 → 5).  Returns 0 or -1. */
static int
backfill_len(struct store *st)
{
	sqlite3_stmt *q;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT id, sz FROM decision_fts_docsize"
				" ORDER BY id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (len_set(st, sqlite3_column_int64(q, 0),
			    len_of(sqlite3_column_blob(q, 1),
				   sqlite3_column_bytes(q, 1))) < 0) {
			sqlite3_finalize(q);
			return -1;
		}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, "preparing the store");
	return len_done(st);
}

/* Fills decision_break for every decision stored before it existed
 * (migration 2 → 3).  Returns 0 or -1. */
static int
backfill_breaks(struct store *st)
{
	sqlite3_stmt *ids;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT id FROM decision WHERE id NOT IN"
				" (SELECT id FROM decision_break)", -1, &ids, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(ids, 0);
		struct store_doc doc;

		if (store_search_doc(st, id, &doc) <= 0)
			continue;       /* a damaged row: left to the check */
		if (breaks_build(st, doc.paras, doc.npara) < 0) {
			sqlite3_finalize(ids);
			return fail(st, SQLITE_NOMEM, "preparing the store");
		}
		if (breaks_put(st, id) < 0) {
			sqlite3_finalize(ids);
			return -1;
		}
	}
	sqlite3_finalize(ids);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "preparing the store");
}

/* Fills decision_starts for every decision stored before it existed
 * (migration 6 → 7), with the words FTS5 counted in each column from
 * decision_fts_docsize.  Returns 0 or -1. */
static int
backfill_starts(struct store *st)
{
	sqlite3_stmt *ids, *put;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT d.id, s.sz FROM decision d"
				" LEFT JOIN decision_fts_docsize s ON s.id = d.id"
				" WHERE d.id NOT IN (SELECT id FROM decision_starts)",
				-1, &ids, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "preparing the store");
	rc = sqlite3_prepare_v2(st->db, "INSERT INTO decision_starts(id, starts)"
				" VALUES (?1, ?2)", -1, &put, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(ids);
		return fail(st, rc, "preparing the store");
	}
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(ids, 0);
		struct store_doc doc;

		st->colsz_ok = docsize_cols(sqlite3_column_blob(ids, 1),
					    sqlite3_column_bytes(ids, 1),
					    st->colsz) == 0;
		if (store_search_doc(st, id, &doc) <= 0)
			continue;       /* a damaged row: left to the check */
		if (breaks_build(st, doc.paras, doc.npara) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (starts_write(st, put, id) < 0) {
			sqlite3_finalize(ids);
			sqlite3_finalize(put);
			return -1;
		}
	}
	sqlite3_finalize(ids);
	sqlite3_finalize(put);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "preparing the store");
}

/* The break pairs of d as stored by build_texts: its paragraphs by kind
 * and the lines of st->headings (hlen bytes).  Returns 0 or -1. */
static int
breaks_of(struct store *st, const struct decision *d, size_t hlen)
{
	size_t n = 0;
	const char *h = st->headings, *end = st->headings + hlen;

	/* The summary, one paragraph, as store_search_doc gives it. */
	if (d->summary != NULL &&
	    spara_add(st, &n, 0, DECISION_KIND_SUMMARY, d->summary,
		      strlen(d->summary)) < 0)
		return -1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		int k = p->kind > DECISION_KIND_SUMMARY &&
				p->kind < DECISION_KIND_COUNT
			? (int)p->kind : DECISION_KIND_OTHER;

		if (spara_add(st, &n, 0, k, p->text, strlen(p->text)) < 0)
			return -1;
	}
	while (hlen && h < end) {
		const char *nl = memchr(h, '\n', (size_t)(end - h));
		const char *le = nl ? nl : end;

		if (spara_add(st, &n, -1, DECISION_KIND_COUNT, h, (size_t)(le - h)) < 0)
			return -1;
		h = nl ? nl + 1 : end;
	}
	return breaks_build(st, st->sparas, n);
}

/* Binds the text of section kinds complaint..other to parameters from
 * first on; an empty kind is NULL. */
static void
bind_parts(struct store *st, sqlite3_stmt *q, int first)
{
	for (int k = DECISION_KIND_COMPLAINT; k < DECISION_KIND_COUNT; k++) {
		if (st->partlen[k] == 0)
			sqlite3_bind_null(q, first + k - DECISION_KIND_COMPLAINT);
		else
			sqlite3_bind_text(q, first + k - DECISION_KIND_COMPLAINT,
					  st->part[k], (int)st->partlen[k],
					  SQLITE_STATIC);
	}
}

/* Adds d's category key to the category table unless it is there;
 * returns 0 or -1. */
static int
category_put(struct store *st, const struct decision *d)
{
	sqlite3_stmt *q = query(st, Q_CATEGORY_FIND);
	int rc;

	if (q == NULL)
		return -1;
	bind_text(q, 1, d->area);
	bind_text(q, 2, d->subarea);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return fail(st, rc, "writing to the store");
	if ((q = query(st, Q_CATEGORY_PUT)) == NULL)
		return -1;
	bind_text(q, 1, d->area);
	bind_text(q, 2, d->subarea);
	return step_done(st, q, "writing to the store");
}

/* store_put inside the open transaction. */
static int
put_one(struct store *st, const struct decision *d, const char *source,
	enum store_put *how)
{
	sqlite3_int64 id, old_org = 0, org = 0;
	int has_old_org = 0, rc;
	uint64_t hash = decision_fingerprint(d);
	size_t hlen, llen;
	const char *doing = "writing to the store";
	sqlite3_stmt *q;

	*how = STORE_PUT_NEW;
	if ((q = query(st, Q_FIND)) == NULL)
		return -1;
	bind_text(q, 1, d->ref);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		if ((uint64_t)sqlite3_column_int64(q, 1) == hash) {
			sqlite3_reset(q);
			*how = STORE_PUT_UNCHANGED;
			return 0;
		}
		has_old_org = sqlite3_column_type(q, 2) != SQLITE_NULL;
		old_org = sqlite3_column_int64(q, 2);
		sqlite3_reset(q);
		*how = STORE_PUT_REPLACED;
		/* The delete trigger takes the index row with it. */
		if ((q = query(st, Q_DELETE)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, id);
		if (step_done(st, q, doing) < 0)
			return -1;
	} else {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return fail(st, rc, doing);
	}

	if (d->organisation != NULL && org_id(st, d->organisation, &org) < 0)
		return -1;
	if (category_put(st, d) < 0)
		return -1;
	if (has_old_org && (d->organisation == NULL || old_org != org)) {
		if ((q = query(st, Q_ORG_GC)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, old_org);
		if (step_done(st, q, doing) < 0)
			return -1;
	}

	if (build_texts(st, d, &hlen, &llen) < 0)
		return fail(st, SQLITE_NOMEM, doing);
	if ((q = query(st, Q_INSERT)) == NULL)
		return -1;
	bind_text(q, 1, d->ref);
	if (d->organisation != NULL)
		sqlite3_bind_int64(q, 2, org);
	bind_text(q, 3, d->area);
	bind_text(q, 4, d->subarea);
	bind_text(q, 5, d->outcome);
	bind_text(q, 6, d->date[0] ? d->date : NULL);
	bind_text(q, 7, d->summary);
	bind_text(q, 8, hlen ? st->headings : NULL);
	bind_parts(st, q, 9);
	sqlite3_bind_text(q, 16, st->layout, (int)llen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 17, (sqlite3_int64)hash);
	bind_text(q, 18, source);
	if (step_done(st, q, doing) < 0)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if ((q = query(st, Q_FTS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, d->summary);
	bind_text(q, 3, hlen ? st->headings : NULL);
	bind_parts(st, q, 4);
	if (step_done(st, q, doing) < 0)
		return -1;
	if (len_put(st, id) < 0)
		return -1;
	if (breaks_of(st, d, hlen) < 0)
		return fail(st, SQLITE_NOMEM, doing);
	if (breaks_put(st, id) < 0 || breaks_note(st) < 0)
		return -1;
	return starts_put(st, id);
}

int
store_put(struct store *st, const struct decision *d, const char *source,
	  enum store_put *how)
{
	int rc;

	if (!sqlite3_get_autocommit(st->db))
		return put_one(st, d, source, how);
	/* Outside a transaction (the tests; an import never is), one of
	 * its own: the decision, its index row and its words go in
	 * together, and the generation moves on. */
	if (store_begin(st) < 0)
		return -1;
	if ((rc = put_one(st, d, source, how)) == 0)
		rc = store_commit(st);
	if (rc < 0)
		store_rollback(st);
	return rc;
}

/* Returns a malloc'd copy of column i, or NULL when it is NULL. */
static char *
column_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);

	return s ? strdup((const char *)s) : NULL;
}

/* Returns a malloc'd copy of s[0..n), or NULL (also when s is NULL). */
static char *
copy_n(const char *s, size_t n)
{
	char *r;

	if (s == NULL || (r = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* The text of one section kind as read back from the store. */
struct part {
	const char *s;
	size_t len;
};

/* Walks a layout (see build_texts) paragraph by paragraph. */
struct layout_iter {
	const char *lay, *end;
	const struct part *part;        /* the text of each section kind */
	int kind;                       /* of the current section */
	const char *heading;            /* of the current section, or NULL */
	size_t hlen;
};

/* One paragraph of a layout: spans into the store's text, not copies. */
struct layout_para {
	int kind;
	const char *heading, *sub, *text;   /* heading and sub may be NULL */
	size_t hlen, sublen, len;
};

static void
layout_start(struct layout_iter *it, const char *lay, size_t llen,
	     const struct part part[DECISION_KIND_COUNT])
{
	*it = (struct layout_iter){ .lay = lay, .end = lay ? lay + llen : NULL,
				    .part = part, .kind = DECISION_KIND_OTHER };
}

/* Decodes the next paragraph into p; returns 1, 0 at the end, or -1 when
 * the layout does not fit the text (a damaged store). */
static int
layout_next(struct layout_iter *it, struct layout_para *p)
{
	while (it->lay != NULL && it->lay < it->end) {
		const char *line = it->lay;
		const char *nl = memchr(line, '\n', (size_t)(it->end - line));
		const char *le = nl ? nl : it->end, *tab;
		unsigned long long off, len;
		char *after;

		it->lay = nl ? nl + 1 : it->end;
		if (*line == 'S') {
			it->kind = (int)strtol(line + 1, &after, 10);
			if (it->kind <= DECISION_KIND_SUMMARY ||
			    it->kind >= DECISION_KIND_COUNT)
				return -1;
			tab = memchr(line, '\t', (size_t)(le - line));
			it->heading = tab ? tab + 1 : NULL;
			it->hlen = tab ? (size_t)(le - tab - 1) : 0;
			continue;
		}
		if (*line != 'P')
			continue;
		off = strtoull(line + 1, &after, 10);
		if (*after != '\t')
			return -1;
		len = strtoull(after + 1, &after, 10);
		const struct part *t = &it->part[it->kind];

		if (t->s == NULL || off > t->len || len > t->len - off)
			return -1;
		tab = after < le && *after == '\t' ? after : NULL;
		*p = (struct layout_para){
			.kind = it->kind,
			.heading = it->heading, .hlen = it->hlen,
			.sub = tab ? tab + 1 : NULL,
			.sublen = tab ? (size_t)(le - tab - 1) : 0,
			.text = t->s + off, .len = (size_t)len,
		};
		return 1;
	}
	return 0;
}

/* Rebuilds d's paragraphs from a layout and the text of each section
 * kind; returns 0, or an SQLite code (SQLITE_CORRUPT for a layout that
 * does not fit the text, SQLITE_NOMEM). */
static int
read_layout(struct decision *d, const char *lay, size_t llen,
	    const struct part part[DECISION_KIND_COUNT])
{
	struct layout_iter it;
	struct layout_para p;
	int rc;

	layout_start(&it, lay, llen, part);
	while ((rc = layout_next(&it, &p)) > 0) {
		char *text = copy_n(p.text, p.len);
		char *h = p.heading ? copy_n(p.heading, p.hlen) : NULL;
		char *sub = p.sub ? copy_n(p.sub, p.sublen) : NULL;

		if (text == NULL || (p.heading && h == NULL) ||
		    (p.sub && sub == NULL) ||
		    decision_add_para(d, (enum decision_kind)p.kind, h, sub,
				      text) < 0) {
			free(text);
			free(h);
			free(sub);
			return SQLITE_NOMEM;
		}
	}
	return rc < 0 ? SQLITE_CORRUPT : 0;
}

int
store_get(struct store *st, const char *ref, struct decision *d)
{
	static const char sql[] =
		"SELECT o.name, d.area, d.subarea, d.outcome, d.date,"
		" d.summary, d.layout, d.complaint, d.powers, d.considered,"
		" d.findings, d.action, d.decision, d.other FROM decision d"
		" LEFT JOIN org o ON o.id = d.org_id WHERE d.ref = ?1";
	sqlite3_stmt *q;
	int rc;

	decision_init(d);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "reading the store");
	bind_text(q, 1, ref);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return 0;
	}
	if (rc == SQLITE_ROW) {
		snprintf(d->ref, sizeof d->ref, "%s", ref);
		d->organisation = column_dup(q, 0);
		d->area = column_dup(q, 1);
		d->subarea = column_dup(q, 2);
		d->outcome = column_dup(q, 3);
		if (sqlite3_column_text(q, 4))
			snprintf(d->date, sizeof d->date, "%s",
				 (const char *)sqlite3_column_text(q, 4));
		d->summary = column_dup(q, 5);
		struct part part[DECISION_KIND_COUNT] = {{0}};

		for (int k = DECISION_KIND_COMPLAINT; k < DECISION_KIND_COUNT; k++) {
			int col = 7 + k - DECISION_KIND_COMPLAINT;

			part[k].s = (const char *)sqlite3_column_text(q, col);
			part[k].len = (size_t)sqlite3_column_bytes(q, col);
		}
		rc = read_layout(d, (const char *)sqlite3_column_text(q, 6),
				 (size_t)sqlite3_column_bytes(q, 6), part);
	}
	sqlite3_finalize(q);
	if (rc == 0)
		return 1;
	decision_free(d);
	return fail(st, rc, "reading the store");
}

/* ---- filters, lists and counts ------------------------------------------ */

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

/* The most values a filter binds: org, category, outcome, since, until,
 * ref, org_is. */
#define WHERE_VALUES 7

/* The conditions of a chain of filters, " AND …" each, and the values
 * they bind: the SQL holds only fixed fragments and parameter numbers
 * (?1 … ?narg, so that a statement may repeat the conditions), never
 * the user's text. */
struct where {
	char *sql;
	size_t len, cap;
	const char *arg[STORE_FILTER_DEPTH * WHERE_VALUES];
	char *folded[STORE_FILTER_DEPTH * 2];
	int narg, nfolded;
	/* Another condition than the outcome can pick an index: the
	 * outcome (a handful of values, each thousands of decisions) then
	 * does not, as SQLite, with no statistics, would prefer it. */
	int narrower;
};

static void
where_free(struct where *w)
{
	free(w->sql);
	for (int i = 0; i < w->nfolded; i++)
		free(w->folded[i]);
}

/* How a statement reads the decisions a filter passes.  WHERE_WALK: it
 * walks an order (the covering (date, …) index, newest first) and tests
 * each decision, stopping at a page's end; the filters are kept from
 * using an index of their own ('+'), which would make SQLite fetch all
 * their decisions and sort them.  WHERE_SET: it reads all of them (a
 * count, a set to look matches up in), and the org, category and
 * outcome indexes find them. */
enum where_mode { WHERE_WALK, WHERE_SET };

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
		if (buf_add(&w->sql, &w->cap, &w->len, piece, (size_t)n) < 0)
			return SQLITE_NOMEM;
	}
	if (f->no_org) {
		static const char none[] = " AND d.org_id IS NULL";

		if (buf_add(&w->sql, &w->cap, &w->len, none, sizeof none - 1) < 0)
			return SQLITE_NOMEM;
	}
	return where_add(w, f->also, mode, depth + 1);
}

/* Fills w from f (NULL: no condition); returns 0, or -1 with store_error
 * set. */
static int
where_build(struct store *st, struct where *w, const struct store_filter *f,
	    enum where_mode mode)
{
	int rc, depth = 0;

	memset(w, 0, sizeof *w);
	for (const struct store_filter *g = f; g != NULL && !w->narrower &&
	     depth < STORE_FILTER_DEPTH; g = g->also, depth++)
		w->narrower = (g->org && *g->org) || (g->org_is && *g->org_is) ||
			      (g->category && *g->category) ||
			      (g->since && *g->since) || (g->until && *g->until) ||
			      (g->ref && *g->ref);
	rc = buf_add(&w->sql, &w->cap, &w->len, "", 0) < 0
		     ? SQLITE_NOMEM
		     : where_add(w, f, mode, 0);
	if (rc == 0)
		return 0;
	where_free(w);
	memset(w, 0, sizeof *w);
	return fail(st, rc, "reading the store");
}

/* Returns the malloc'd concatenation of the strings up to a NULL, or
 * NULL when out of memory. */
static char *
concat(const char *s, ...)
{
	va_list ap;
	size_t len = 0, cap = 0;
	char *out = NULL;

	va_start(ap, s);
	for (; s != NULL; s = va_arg(ap, const char *)) {
		if (buf_add(&out, &cap, &len, s, strlen(s)) < 0) {
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
static sqlite3_stmt *
prepare_where(struct store *st, char *sql, const struct where *w,
	      const char *doing)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sql == NULL) {
		fail(st, SQLITE_NOMEM, doing);
		return NULL;
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		fail(st, rc, doing);
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
static sqlite3_stmt *
prepare_filtered(struct store *st, const struct store_filter *f,
		 enum where_mode mode, const char *head, const char *tail,
		 int *narg)
{
	struct where w;
	sqlite3_stmt *q;

	if (where_build(st, &w, f, mode) < 0)
		return NULL;
	q = prepare_where(st, concat(head, " WHERE 1", w.sql, tail, (char *)NULL),
			  &w, "reading the store");
	*narg = w.narg;
	where_free(&w);
	return q;
}

/* At most this many decisions passing a search's filters make them few:
 * FTS5 is then asked about each of them (a rowid constraint: ~30 µs each
 * for a word found in every decision) instead of reading every match
 * and keeping those in the set of the filters' decisions (12 ms more
 * than the bare count for a word found in 95,000). */
#define PROBE_MAX 256

/* Returns 1 when f (not empty) passes at most PROBE_MAX decisions, 0
 * when more, -1 on error.  Stops counting past PROBE_MAX. */
static int
filter_few(struct store *st, const struct store_filter *f)
{
	sqlite3_stmt *q;
	int rc, narg, n = 0;

	q = prepare_filtered(st, f, WHERE_SET,
			     "SELECT count(*) FROM (SELECT 1 FROM decision d",
			     " LIMIT " STRINGIFY(PROBE_MAX) " + 1)", &narg);
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return fail(st, rc, "searching the store");
	return n <= PROBE_MAX;
}

/* A set of decision ids, a bit each: the decisions passing some filters,
 * or the matches of a query.  Statements are handed it as a pointer
 * (sqlite3_bind_pointer) and test ids with ombuds_in(set, id): looking
 * 95,000 matches up in SQLite's own set of 10,000 decisions (an index
 * built for the statement, ~2,500 instructions an insert and ~1,200 a
 * look-up) cost more than finding the matches. */
struct idset {
	sqlite3_int64 n;        /* ids 0 … n-1: a bit each */
	unsigned char *bit;
	/* Ids outside them, sorted: one stored by an import after the
	 * largest was read, or a row given a huge id by hand. */
	sqlite3_int64 *out;
	size_t nout, outcap;
	/* How many ids ombuds_in was asked about. */
	sqlite3_int64 asked;
};
#define IDSET_TYPE "ombuds_idset"
/* The bits of a set cover at most this many ids (16 MB). */
#define IDSET_BITS_MAX ((sqlite3_int64)1 << 27)

static void
idset_free(struct idset *set)
{
	if (set != NULL) {
		free(set->bit);
		free(set->out);
	}
	free(set);
}

static int
id_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;

	return (x > y) - (x < y);
}

/* Nonzero when id is in set. */
static int
idset_has(const struct idset *set, sqlite3_int64 id)
{
	if (id >= 0 && id < set->n)
		return set->bit[id >> 3] >> (id & 7) & 1;
	return set->nout > 0 &&
	       bsearch(&id, set->out, set->nout, sizeof id, id_cmp) != NULL;
}

/* SQL: ombuds_in(set, id), 1 when id is in the set bound as a pointer. */
static void
sql_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct idset *set = sqlite3_value_pointer(argv[0], IDSET_TYPE);

	(void)argc;
	if (set != NULL)
		set->asked++;
	sqlite3_result_int(ctx, set != NULL &&
					idset_has(set, sqlite3_value_int64(argv[1])));
}

/* Takes id out of set (made, idset_done); not there, nothing. */
static void
idset_del(struct idset *set, sqlite3_int64 id)
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
static int
idset_add(struct idset *set, sqlite3_int64 id)
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
static struct idset *
idset_new(struct store *st)
{
	struct idset *set = NULL;
	long long span;

	if (store_search_span(st, &span) < 0)
		return NULL;
	if (span < 0 || span >= IDSET_BITS_MAX)
		span = span < 0 ? 0 : IDSET_BITS_MAX - 1;
	if ((set = calloc(1, sizeof *set)) == NULL ||
	    (set->bit = calloc((size_t)span / 8 + 1, 1)) == NULL) {
		idset_free(set);
		fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	set->n = (sqlite3_int64)span + 1;
	return set;
}

/* Sorts the ids of set outside its bits, once all are added. */
static void
idset_done(struct idset *set)
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
	if ((set = idset_new(st)) == NULL) {
		sqlite3_finalize(q);
		return NULL;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (idset_add(set, sqlite3_column_int64(q, 0)) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		idset_free(set);
		fail(st, rc, "searching the store");
		return NULL;
	}
	idset_done(set);
	return set;
}

/* The set of the decisions passing f; NULL with store_error set. */
static struct idset *
idset_filter(struct store *st, const struct store_filter *f)
{
	int narg;

	return idset_of(st, prepare_filtered(st, f, WHERE_SET,
					     "SELECT d.id FROM decision d", "",
					     &narg));
}

/* The set of the matches of match; NULL with store_error set. */
static struct idset *
idset_match(struct store *st, const char *match)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, "SELECT rowid FROM decision_fts"
				    " WHERE decision_fts MATCH ?1", -1, &q, NULL);

	if (rc != SQLITE_OK) {
		fail(st, rc, "searching the store");
		return NULL;
	}
	sqlite3_bind_text(q, 1, match, -1, SQLITE_TRANSIENT);
	return idset_of(st, q);
}

/* Nonzero when the FTS5 query match has a prefix term: a '*' outside
 * double quotes (a quote inside a string is doubled, so it toggles
 * twice). */
static int
match_has_prefix(const char *match)
{
	int quoted = 0;

	for (const char *p = match; p != NULL && *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '*' && !quoted)
			return 1;
	}
	return 0;
}

/* At most this many words stand in for a prefix (match_expand).  FTS5
 * steps an OR through all of its branches at each row, so beyond a few
 * dozen words the merge of the prefix costs less.  The benchmark's
 * prefixes stand for 2 to 12 words. */
#define EXPAND_MAX 32

/* Adds s (n bytes) to *buf as an FTS5 string, its quotes doubled;
 * returns 0 or -1. */
static int
buf_add_quoted(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
	if (buf_add(buf, cap, len, "\"", 1))
		return -1;
	for (const char *q; (q = memchr(s, '"', n)) != NULL; n -= (size_t)(q + 1 - s), s = q + 1)
		if (buf_add(buf, cap, len, s, (size_t)(q + 1 - s)) ||
		    buf_add(buf, cap, len, "\"", 1))
			return -1;
	return buf_add(buf, cap, len, s, n) || buf_add(buf, cap, len, "\"", 1);
}

/* match as FTS5 should be asked it: a query of one prefix and nothing
 * else (`"comp" *`, as search.c writes it), when it stands for 1 to
 * EXPAND_MAX words of vocab, becomes those words joined by OR (`"comp"
 * *` → `"compensation" OR … OR "compulsory"`): the same rows, each with
 * the same instances, but read side by side instead of merged (100,000
 * decisions: `comp*`, 12 words, counted in 20 ms instead of 86).  Any
 * other match is left as it is.  Returns match or the new query (then
 * also in *owned, for the caller to free), or NULL with store_error
 * set. */
static const char *
match_expand(struct store *st, const char *match, char **owned)
{
	char lo[256], hi[256], *buf = NULL;
	size_t n = match ? strlen(match) : 0, cap = 0, len = 0;
	sqlite3_stmt *q;
	int rc, words = 0;

	*owned = NULL;
	if (n < 5 || match[0] != '"' || strcmp(match + n - 3, "\" *") != 0 ||
	    memchr(match + 1, '"', n - 4) != NULL)
		return match;
	rc = vocab_fold_prefix(st->vocab, match + 1, n - 4, lo, sizeof lo);
	if (rc < 0) {
		fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	if (rc == 0)
		return match;
	n = strlen(lo);
	/* The words from lo up to, not including, lo with its last byte
	 * one higher: those that start with lo, byte for byte, as FTS5's
	 * prefix compares them.  (UTF-8 has no byte 0xff.) */
	if (n == 0 || (unsigned char)lo[n - 1] == 0xff)
		return match;
	memcpy(hi, lo, n + 1);
	hi[n - 1] = (char)((unsigned char)hi[n - 1] + 1);
	if ((q = query_doing(st, Q_VOCAB_RANGE, "searching the store")) == NULL)
		return NULL;
	sqlite3_bind_text(q, 1, lo, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hi, (int)n, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, EXPAND_MAX + 1);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(q, 0);

		if (w == NULL ||
		    (words++ > 0 && buf_add(&buf, &cap, &len, " OR ", 4)) ||
		    buf_add_quoted(&buf, &cap, &len, w,
				   (size_t)sqlite3_column_bytes(q, 0))) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(buf);
		fail(st, rc, "searching the store");
		return NULL;
	}
	if (words == 0 || words > EXPAND_MAX) {
		free(buf);
		return match;
	}
	return *owned = buf;
}

int
store_match_prefix(struct store *st, const char *match)
{
	char *owned;
	int words;

	if (match == NULL || !match_has_prefix(match))
		return STORE_PREFIX_NONE;
	if (match_expand(st, match, &owned) == NULL)
		return -1;
	words = owned != NULL;
	free(owned);
	return words ? STORE_PREFIX_WORDS : STORE_PREFIX_MERGED;
}

/* How a statement keeps FTS5's matches of match among the decisions
 * passing f (not empty).  Returns 1 when they are few (filter_few): FTS5
 * is then asked about each of them (rowid IN (SELECT d.id …)); 0 with
 * *set holding them, each match tested by ombuds_in; -1 with store_error
 * set.  A query with a prefix that FTS5 merges always takes the set:
 * FTS5 merges the lists of every word of the prefix each time it is
 * asked about one decision (`comp* org:hastings`, 190 decisions: 20 s;
 * with the set, one merge).  Asked as its words (match_expand, which
 * callers apply first), a prefix is a few seeks a question (`comp*
 * org:hastings` counted newest first: 26 → 17 ms; `dec* org:hastings
 * year:2020` 12 → 1.6 ms) — but ranked, where the IDF of the words as
 * one phrase comes from the pass over all of them, cursor_open keeps
 * the prefix as written for this choice. */
static int
filter_plan(struct store *st, const struct store_filter *f,
	    const char *match, struct idset **set)
{
	int few = match_has_prefix(match) ? 0 : filter_few(st, f);

	if (few == 0 && (*set = idset_filter(st, f)) == NULL)
		return -1;
	return few;
}

/* Binds, after the filters' narg values, set (unless NULL; q keeps no
 * hold on it) and then match (unless NULL): the order in which the
 * statements name them. */
static void
bind_rest(sqlite3_stmt *q, int narg, struct idset *set, const char *match)
{
	if (set != NULL)
		sqlite3_bind_pointer(q, ++narg, set, IDSET_TYPE, NULL);
	if (match != NULL)
		sqlite3_bind_text(q, narg + 1, match, -1, SQLITE_TRANSIENT);
}

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
		};

		if (fn(&row, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "reading the store");
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
		" d.summary";
	static const char join[] =
		" FROM decision d LEFT JOIN org o ON o.id = d.org_id WHERE 1";
	/* A page is ordered by reading only the covering index (the
	 * decision's own row holds its text, several pages each), then
	 * the rows of its decisions are read: 100,000 decisions by outcome,
	 * the 1000th page took 510 ms reading rows and takes 150 ms. */
	int paged = limit >= 0;
	const char *cols = !paged ? full
			   : sort == STORE_SORT_OLDEST ? "SELECT d.ref, d.date, d.id"
						       : "SELECT d.id";
	const char *from = paged ? " FROM decision d WHERE 1" : join;
	struct where w;
	sqlite3_stmt *q;
	char *body, *sql;

	if ((unsigned)sort >= sizeof order / sizeof order[0])
		return fail(st, SQLITE_MISUSE, "reading the store");
	if (where_build(st, &w, f, WHERE_WALK) < 0)
		return -1;
	if (sort == STORE_SORT_OLDEST)
		body = concat(cols, from, w.sql, " AND d.date IS NOT NULL"
			      " UNION ALL ", cols, from, w.sql,
			      " AND d.date IS NULL ORDER BY 2 NULLS LAST, 1",
			      " LIMIT ? OFFSET ?", (char *)NULL);
	else
		body = concat(cols, from, w.sql, order[sort], " LIMIT ? OFFSET ?",
			      (char *)NULL);
	sql = body;
	if (paged && body != NULL) {
		sql = concat(full, " FROM (", body, ") p JOIN decision d"
			     " ON d.id = p.id LEFT JOIN org o ON o.id = d.org_id",
			     order[sort], (char *)NULL);
		free(body);
	}
	q = prepare_where(st, sql, &w, "reading the store");
	if (q != NULL) {
		sqlite3_bind_int64(q, w.narg + 1, limit < 0 ? -1 : limit);
		sqlite3_bind_int64(q, w.narg + 2, offset < 0 ? 0 : offset);
	}
	where_free(&w);
	return q == NULL ? -1 : emit_rows(st, q, fn, arg);
}

int
store_count(struct store *st, const struct store_filter *f, long *n)
{
	sqlite3_stmt *q;
	int rc, narg;

	*n = 0;
	q = prepare_filtered(st, f, WHERE_SET, "SELECT count(*) FROM decision d",
			     "", &narg);
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "reading the store");
}

/* ---- organisations and their outcomes ---------------------------------- */

/* Organisations with counts by outcome: the head of each such query,
 * which ends with ORG_TAIL. */
#define ORG_HEAD \
	"SELECT o.name, count(*), sum(d.outcome = 'Upheld')," \
	" sum(d.outcome = 'Not upheld')," \
	" sum(d.outcome = 'Closed after initial enquiries')" \
	" FROM decision d LEFT JOIN org o ON o.id = d.org_id"
#define ORG_TAIL " GROUP BY d.org_id ORDER BY o.name IS NULL, o.name"
/* With filters: '+' keeps SQLite from walking (org_id, outcome) for the
 * groups' order and reading each decision's row for the filter; an index
 * that covers the filters answers instead (decision_meta, or
 * decision_category or decision_outcome for those filters), and the
 * groups are sorted (100,000 decisions, --category planning: 580 ms with
 * the walk, 120 ms from decision_meta, ~20 ms from decision_category). */
#define ORG_TAIL_FILTERED " GROUP BY +d.org_id ORDER BY o.name IS NULL, o.name"

/* Steps q (ORG_HEAD's columns), calling fn for each organisation until
 * it returns nonzero; finalizes q.  Returns 0, or -1 on error. */
static int
emit_orgs(struct store *st, sqlite3_stmt *q, store_org_fn fn, void *arg)
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
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "reading the store");
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

	if (match != NULL && (match = match_expand(st, match, &owned)) == NULL)
		return -1;
	/* Many matches: walk the (org_id, outcome) index, each decision
	 * looked up in the set of the matches, read once (reading each
	 * match's row instead: `council`, 100,000 matches, 360 ms; SQLite's
	 * own set: 100 ms); few: read each match's row. */
	if (nexcept > 0)
		few = 0;        /* the set, without them */
	if (match != NULL && !few && (set = idset_match(st, match)) == NULL) {
		free(owned);
		return -1;
	}
	for (size_t i = 0; set != NULL && i < nexcept; i++)
		idset_del(set, except[i]);
	snprintf(tail, sizeof tail, "%s%s",
		 match == NULL ? ""
		 : few ? " AND d.id IN (SELECT rowid FROM decision_fts"
			 " WHERE decision_fts MATCH ?)"
		       : " AND ombuds_in(?, d.id)",
		 store_filter_any(f) ? ORG_TAIL_FILTERED : ORG_TAIL);
	q = prepare_filtered(st, f, WHERE_SET, ORG_HEAD, tail, &narg);
	if (q == NULL) {
		idset_free(set);
		free(owned);
		return -1;
	}
	bind_rest(q, narg, set, set ? NULL : match);
	rc = emit_orgs(st, q, fn, arg);
	idset_free(set);
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

	if (buf_add(&list, &cap, &len, "[", 1) < 0)
		return fail(st, SQLITE_NOMEM, "reading the store");
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(num, sizeof num, "%s%lld", i ? "," : "", ids[i]);

		if (buf_add(&list, &cap, &len, num, (size_t)w) < 0) {
			free(list);
			return fail(st, SQLITE_NOMEM, "reading the store");
		}
	}
	if (buf_add(&list, &cap, &len, "]", 1) < 0) {
		free(list);
		return fail(st, SQLITE_NOMEM, "reading the store");
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK) {
		free(list);
		return fail(st, rc, "reading the store");
	}
	sqlite3_bind_text(q, 1, list, (int)len, free);
	return emit_orgs(st, q, fn, arg);
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
		return fail(st, SQLITE_MISUSE, "reading the store");
	rc = sqlite3_prepare_v2(st->db, sql[field], -1, &q, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "reading the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (fn((const char *)sqlite3_column_text(q, 0),
		       (long)sqlite3_column_int64(q, 1), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "reading the store");
}

/* ---- search ------------------------------------------------------------ */

/* bm25 weights, in the index's column order: summary, headings, then the
 * seven section kinds.  ombuds_rank (below) is FTS5's bm25, value for
 * value, computed more cheaply. */
#define STORE_WEIGHTS "4.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0"
#define STORE_BM25 "ombuds_rank(f.decision_fts, " STORE_WEIGHTS ")"
/* The same but, for a query of one phrase over the whole table, without
 * its IDF (see rank_fn): the cursor applies it after the pass. */
#define STORE_BM25_NOIDF "ombuds_rank(f.decision_fts, " STORE_WEIGHTS ", 1)"

/* A ranked cursor reads every match at once (the order is known only at
 * the end) and hands them out best first from a binary heap: the first
 * page costs one pass and no sort of the whole list. */
struct ranked {
	long long id;
	double rank;
};

/* What ombuds_rank computes once per query: FTS5's bm25 data. */
struct rank_data {
	int nphrase;
	double avgdl;
	double *idf;
	double *freq;
};

static int
rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)arg)++;
	return SQLITE_OK;
}

/* The query's bm25 data, made on the first row and kept in
 * st->rank_keep to the statement's end: the average row length and each
 * phrase's IDF, exactly as fts5_aux.c's fts5Bm25GetData. */
static struct rank_data *
rank_data(struct store *st, const Fts5ExtensionApi *api, Fts5Context *fts,
	  int noidf, int *rc)
{
	struct rank_data *p;
	sqlite3_int64 nrow = 0, ntoken = 0;
	int n;

	*rc = SQLITE_OK;
	if (st->rank_keep != NULL)
		return st->rank_keep;
	n = api->xPhraseCount(fts);
	p = sqlite3_malloc64(sizeof *p + (size_t)n * 2 * sizeof(double));
	if (p == NULL) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	memset(p, 0, sizeof *p + (size_t)n * 2 * sizeof(double));
	p->nphrase = n;
	p->idf = (double *)&p[1];
	p->freq = p->idf + n;
	if ((*rc = api->xRowCount(fts, &nrow)) == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &ntoken);
	if (*rc == SQLITE_OK)
		p->avgdl = (double)ntoken / (double)nrow;
	for (int i = 0; *rc == SQLITE_OK && i < n && !noidf; i++) {
		sqlite3_int64 nhit = 0;

		*rc = api->xQueryPhrase(fts, i, &nhit, rank_count_cb);
		if (*rc == SQLITE_OK) {
			double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));

			p->idf[i] = idf <= 0.0 ? 1e-6 : idf;
		}
	}
	if (*rc != SQLITE_OK) {
		sqlite3_free(p);
		return NULL;
	}
	/* The store keeps it until the statement's end (rank_keep_end);
	 * FTS5 only hands it back while its cursor lasts. */
	st->rank_keep = p;
	return p;
}

/* Forgets the kept bm25 data: before and after each ranked statement. */
static void
rank_keep_end(struct store *st)
{
	sqlite3_free(st->rank_keep);
	st->rank_keep = NULL;
}

/* Decodes one SQLite varint (as FTS5 writes the sizes in %_docsize) into
 * *v; returns its length, 0 when it runs past end. */
static int
get_varint32(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	unsigned x = 0;

	for (int i = 0; i < 5 && p + i < end; i++) {
		x = (x << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	return 0;
}

/* Sums the RANK_COLUMNS sizes of a %_docsize blob into *ntok; returns 0,
 * or 1 when the blob is not what FTS5 writes. */
static int
docsize_sum(const unsigned char *b, int n, int *ntok)
{
	const unsigned char *end;
	unsigned v;
	int k;

	*ntok = 0;
	if (b == NULL)
		return 1;
	end = b + n;
	for (int i = 0; i < RANK_COLUMNS; i++) {
		if ((k = get_varint32(b, end, &v)) == 0)
			return 1;
		*ntok += (int)v;
		b += k;
	}
	return b == end ? 0 : 1;
}

/* Sets sz[RANK_COLUMNS] to the sizes of a %_docsize blob; returns 0, or
 * 1 when it is not what FTS5 writes. */
static int
docsize_cols(const unsigned char *b, int n, unsigned *sz)
{
	const unsigned char *end;
	int k;

	if (b == NULL)
		return 1;
	end = b + n;
	for (int i = 0; i < RANK_COLUMNS; i++) {
		if ((k = get_varint32(b, end, &sz[i])) == 0)
			return 1;
		b += k;
	}
	return b == end ? 0 : 1;
}

/* The sizes of row id through a blob handle: a B-tree seek, no
 * statement.  Returns 0, or 1 to ask FTS5. */
static int
rank_docsize_blob(struct store *st, sqlite3_int64 id, int *ntok)
{
	unsigned char buf[64];
	int n, rc;

	if (st->dsblob == NULL)
		rc = sqlite3_blob_open(st->db, "main", "decision_fts_docsize", "sz",
				       id, 0, &st->dsblob);
	else
		rc = sqlite3_blob_reopen(st->dsblob, id);
	if (rc != SQLITE_OK) {
		/* A failed reopen leaves the handle unusable. */
		sqlite3_blob_close(st->dsblob);
		st->dsblob = NULL;
		return 1;
	}
	n = sqlite3_blob_bytes(st->dsblob);
	if (n <= 0 || n > (int)sizeof buf ||
	    sqlite3_blob_read(st->dsblob, buf, n, 0) != SQLITE_OK)
		return 1;
	return docsize_sum(buf, n, ntok);
}

/* The row's length in tokens (all columns), as xColumnSize(-1) gives it,
 * from decision_fts_docsize: FTS5 looks each row up with a statement of
 * its own (half of bm25's time on a common word).  Rows that follow one
 * another (a word in most decisions) are read by one statement stepped
 * forward beside FTS5's own walk in rowid order; others (a rarer word,
 * filters) through a blob handle.  Returns 0, or 1 to ask FTS5. */
/* Reads row blk of decision_len for rank_len: a malloc'd copy of its
 * lengths, or len_none when there is no such row (or none of ours). */
static unsigned char *
rank_len_read(struct store *st, sqlite3_int64 blk)
{
	unsigned char *b;
	int rc;

	if (st->lrblob == NULL)
		rc = sqlite3_blob_open(st->db, "main", "decision_len", "lens", blk,
				       0, &st->lrblob);
	else
		rc = sqlite3_blob_reopen(st->lrblob, blk);
	if (rc != SQLITE_OK) {
		/* A failed reopen leaves the handle unusable. */
		sqlite3_blob_close(st->lrblob);
		st->lrblob = NULL;
		return len_none;
	}
	if (sqlite3_blob_bytes(st->lrblob) != LEN_BYTES ||
	    (b = malloc(LEN_BYTES)) == NULL)
		return len_none;
	if (sqlite3_blob_read(st->lrblob, b, LEN_BYTES, 0) != SQLITE_OK) {
		free(b);
		return len_none;
	}
	return b;
}

/* The length of row id from decision_len: a row of it serves 1,024
 * decisions, and is read once per ranked statement.  Returns 0, or 1
 * when it does not know. */
static int
rank_len(struct store *st, sqlite3_int64 id, int *ntok)
{
	sqlite3_int64 blk = id >> LEN_SHIFT;
	size_t i = (size_t)(id & (LEN_BLOCK - 1));
	const unsigned char *b;
	unsigned v;

	/* Far-off ids (a row added by hand) are left to FTS5's table. */
	if (id <= 0 || blk >= (1 << 20))
		return 1;
	if ((size_t)blk >= st->nlr) {
		size_t n = st->nlr ? st->nlr : 64;
		unsigned char **a;

		while (n <= (size_t)blk)
			n *= 2;
		if ((a = realloc(st->lr, n * sizeof *a)) == NULL)
			return 1;
		memset(a + st->nlr, 0, (n - st->nlr) * sizeof *a);
		st->lr = a;
		st->nlr = n;
	}
	if (st->lr[blk] == NULL)
		st->lr[blk] = rank_len_read(st, blk);
	if ((b = st->lr[blk]) == len_none)
		return 1;
	v = b[2 * i] | (unsigned)b[2 * i + 1] << 8;
	if (v == 0)
		return 1;
	*ntok = (int)v;
	return 0;
}

static int
rank_docsize(struct store *st, sqlite3_int64 id, int *ntok)
{
	sqlite3_stmt *q = st->dsq;
	int rc, next = st->dslast > 0 && id - st->dslast == 1;

	if (rank_len(st, id, ntok) == 0)
		return 0;
	st->dslast = id;
	/* A step costs ~900 instructions, a blob read ~2,000, a reseek of
	 * the statement ~2,300: step when the row is at most two ahead,
	 * reseek when the rows come one after another, else the blob. */
	if (!next && (st->dsid < 0 || id < st->dsid || id - st->dsid > 2))
		return rank_docsize_blob(st, id, ntok);
	if (q == NULL) {
		if (sqlite3_prepare_v2(st->db, "SELECT id, sz FROM decision_fts_docsize"
				       " WHERE id >= ?1", -1, &st->dsq, NULL) != SQLITE_OK)
			return 1;
		q = st->dsq;
		st->dsid = -1;
	}
	/* Step forward when the row is near; seek otherwise. */
	if (st->dsid < 0 || id < st->dsid || id - st->dsid > 2) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		st->dsid = -1;
		if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
			sqlite3_reset(q);
			return 1;
		}
		st->dsid = sqlite3_column_int64(q, 0);
	}
	while (st->dsid < id) {
		if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
			sqlite3_reset(q);
			st->dsid = -1;
			return 1;
		}
		st->dsid = sqlite3_column_int64(q, 0);
	}
	if (st->dsid != id)
		return 1;
	return docsize_sum(sqlite3_column_blob(q, 1), sqlite3_column_bytes(q, 1),
			   ntok);
}

/* Ends the forward walk of decision_fts_docsize and the blob handle
 * (each holds a read transaction while it stands on a row). */
static void
rank_docsize_end(struct store *st)
{
	if (st->dsq != NULL)
		sqlite3_reset(st->dsq);
	st->dsid = -1;
	st->dslast = 0;
	sqlite3_blob_close(st->dsblob);
	st->dsblob = NULL;
	/* decision_len may change before the next statement. */
	for (size_t i = 0; i < st->nlr; i++)
		if (st->lr[i] != len_none)
			free(st->lr[i]);
	free(st->lr);
	st->lr = NULL;
	st->nlr = 0;
	sqlite3_blob_close(st->lrblob);
	st->lrblob = NULL;
}

/* SQL: ombuds_rank(decision_fts, w…), FTS5's bm25(decision_fts, w…) to
 * the last bit (same formula, same order of operations; the phrase
 * frequencies are sums of the column weights, whole numbers, so the
 * order of adding them does not matter), but each phrase's instances
 * are walked directly instead of through the sorted instance array, and
 * the row's length comes from rank_docsize. */
static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
	int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct store *st = api->xUserData(fts);
	double w[RANK_COLUMNS], score = 0.0, D;
	struct rank_data *p;
	int rc, ntok, noidf;

	/* A tenth argument of 1, for a query of one phrase over the whole
	 * table: that phrase's IDF counts the very rows being ranked, which
	 * the cursor knows at the end of its pass, so FTS5 need not find
	 * them all first (xQueryPhrase: a second pass, as costly as the
	 * first for a phrase).  The result is then the phrase's term
	 * without IDF and sign, and store_rank_finish completes it. */
	noidf = nval > RANK_COLUMNS && sqlite3_value_int(val[RANK_COLUMNS]) == 1 &&
		(api->xPhraseCount(fts) == 1 || st->rank_group);
	if ((p = rank_data(st, api, fts, noidf, &rc)) == NULL) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	if (noidf && st->rank_nrow == 0 &&
	    (rc = api->xRowCount(fts, &st->rank_nrow)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int c = 0; c < RANK_COLUMNS; c++)
		w[c] = nval > c ? sqlite3_value_double(val[c]) : 1.0;
	/* A prefix written out as its words (match_expand): the instances
	 * of all of them are the prefix's, one phrase's, in freq[0].  The
	 * frequencies are sums of whole weights, so the order of adding
	 * them leaves the double as FTS5's for the prefix. */
	if (noidf && st->rank_group)
		p->freq[0] = 0.0;
	for (int i = 0; i < p->nphrase; i++) {
		Fts5PhraseIter it;
		int col, off;
		double f = noidf && st->rank_group ? p->freq[0] : 0.0;

		rc = api->xPhraseFirst(fts, i, &it, &col, &off);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
			f += col < RANK_COLUMNS ? w[col] : 1.0;
		p->freq[noidf && st->rank_group ? 0 : i] = f;
	}
	if (rank_docsize(st, api->xRowid(fts), &ntok) != 0 &&
	    (rc = api->xColumnSize(fts, -1, &ntok)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	D = (double)ntok;
	if (noidf) {
		st->rank_noidf = 1;
		sqlite3_result_double(ctx, (p->freq[0] * (k1 + 1.0)) /
				      (p->freq[0] + k1 * (1 - b + b * D / p->avgdl)));
		return;
	}
	for (int i = 0; i < p->nphrase; i++)
		score += p->idf[i] * ((p->freq[i] * (k1 + 1.0)) /
				      (p->freq[i] + k1 * (1 - b + b * D / p->avgdl)));
	sqlite3_result_double(ctx, -1.0 * score);
}

/* Completes the ranks of n rows made without IDF: bm25's sum of one
 * term, 0.0 + idf * x, then its sign, with nhit the number of rows the
 * phrase matches in the whole table. */
static void
rank_finish(sqlite3_int64 nrow, struct ranked *r, size_t n, sqlite3_int64 nhit)
{
	double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));

	if (idf <= 0.0)
		idf = 1e-6;
	for (size_t i = 0; i < n; i++) {
		double score = 0.0;

		score += idf * r[i].rank;
		r[i].rank = -1.0 * score;
	}
}

/* Decodes a starts blob (starts_encode) into st->nbrkv: the breaks of
 * column c are nbrkv[lo[c] .. lo[c + 1]).  Returns 0, 1 when it is not
 * one, -1 when out of memory. */
static int
starts_decode(struct store *st, const unsigned char *b, int n,
	      size_t lo[RANK_COLUMNS + 1])
{
	const unsigned char *end;
	size_t k = 0;
	unsigned col, cnt, d;
	int last = -1, m;

	for (int c = 0; c <= RANK_COLUMNS; c++)
		lo[c] = 0;
	if (n <= 0)
		return 0;
	if (b == NULL)
		return -1;      /* out of memory reading the value */
	end = b + n;
	while (b < end) {
		uint32_t pos = 0;

		if ((m = get_varint32(b, end, &col)) == 0 || col >= RANK_COLUMNS ||
		    (int)col <= last)
			return 1;
		b += m;
		if ((m = get_varint32(b, end, &cnt)) == 0 || cnt > (unsigned)(end - b))
			return 1;
		b += m;
		for (int c = last + 1; c <= (int)col; c++)
			lo[c] = k;
		if (k + cnt > st->nbrkcap) {
			size_t nc = (k + cnt) * 2;
			uint32_t *v = realloc(st->nbrkv, nc * sizeof *v);

			if (v == NULL)
				return -1;
			st->nbrkv = v;
			st->nbrkcap = nc;
		}
		/* Positions rise, and stay FTS5's (an int). */
		for (unsigned i = 0; i < cnt; i++) {
			if ((m = get_varint32(b, end, &d)) == 0 || d == 0 ||
			    d > (uint32_t)INT_MAX - pos)
				return 1;
			b += m;
			st->nbrkv[k++] = pos += d;
		}
		last = (int)col;
	}
	for (int c = last + 1; c <= RANK_COLUMNS; c++)
		lo[c] = k;
	return 0;
}

/* The position where the paragraph of position off in column col ends
 * (the next break after off; LONG_MAX for the last one).  *at is where
 * the last such call for col left off: off only rises. */
static long
para_end(const struct store *st, const size_t lo[RANK_COLUMNS + 1], int col,
	 int off, size_t *at)
{
	while (*at < lo[col + 1] && st->nbrkv[*at] <= (uint32_t)off)
		(*at)++;
	return *at < lo[col + 1] ? (long)st->nbrkv[*at] : LONG_MAX;
}

/* Nonzero when NEAR group g, whose phrases are FTS5's from number
 * first, holds within one paragraph on the instances of its phrases
 * that FTS5 gives for the row: some instance of one of them, in a
 * paragraph that holds it whole, with each other phrase's first
 * instance after it in the same paragraph, at most g->dist words apart.
 * It is the paragraph check's test (search.c, near_in) on FTS5's
 * positions: when it holds, the check holds.  FTS5 gives a NEAR group's
 * phrases only where they make its own column-wide match, so 0 proves
 * nothing; asked as phrases ANDed (the loose MATCH), FTS5 gives every
 * place, and 0 is the check's 0 too.  Sets *rc. */
static int
near_holds(struct store *st, const Fts5ExtensionApi *api, Fts5Context *fts,
	   const struct store_near *g, int first,
	   const size_t lo[RANK_COLUMNS + 1], int *rc)
{
	long sumlen = 0;
	int ccol = -1;
	size_t at = 0;

	if ((size_t)g->nphrase > st->pcap) {
		size_t nc = (size_t)g->nphrase;
		Fts5PhraseIter *it = realloc(st->pit, nc * sizeof *it);
		int *v;

		if (it == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->pit = it;
		if ((v = realloc(st->pcol, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->pcol = v;
		if ((v = realloc(st->poff, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->poff = v;
		if ((v = realloc(st->plen, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->plen = v;
		st->pcap = nc;
	}
	for (int p = 0; p < g->nphrase; p++) {
		sumlen += st->plen[p] = api->xPhraseSize(fts, first + p);
		if ((*rc = api->xPhraseFirst(fts, first + p, &st->pit[p],
					     &st->pcol[p], &st->poff[p])) != SQLITE_OK)
			return 0;
	}
	/* The instances of all the phrases in one walk, in rising order
	 * (column, then position), each in turn the leftmost: every other
	 * phrase's iterator then stands on its first instance at or after
	 * it.  Where instances tie, the first one taken sees the others.
	 * Most rows hold at an early instance, where the walk stops. */
	for (;;) {
		int a = -1, col, ccol_ok;
		long i, e, maxend;
		int all = 1;

		for (int p = 0; p < g->nphrase; p++)
			if (st->pcol[p] >= 0 &&
			    (a < 0 || st->pcol[p] < st->pcol[a] ||
			     (st->pcol[p] == st->pcol[a] && st->poff[p] < st->poff[a])))
				a = p;
		if (a < 0)
			return 0;
		col = st->pcol[a];
		i = st->poff[a];
		ccol_ok = col < RANK_COLUMNS && i >= 0 &&
			  !(g->mask && (col == 1 || !(g->mask & 1u << fts_kind(col))));
		if (ccol_ok) {
			if (col != ccol) {
				ccol = col;
				at = lo[col];
			}
			e = para_end(st, lo, col, (int)i, &at);
			maxend = i + st->plen[a];
			if (maxend > e)
				all = 0;
			for (int b = 0; b < g->nphrase && all; b++) {
				long j;

				if (b == a)
					continue;
				j = st->pcol[b] == col ? st->poff[b] : -1;
				if (j < 0 || j + st->plen[b] > e)
					all = 0;
				else if (j + st->plen[b] > maxend)
					maxend = j + st->plen[b];
			}
			if (all && maxend - i <= sumlen + g->dist)
				return 1;
		}
		api->xPhraseNext(fts, &st->pit[a], &st->pcol[a], &st->poff[a]);
	}
}

/* SQL: ombuds_near(decision_fts, starts), 1 when every NEAR group of
 * the running pass (st->spans) holds within one paragraph of the row on
 * FTS5's positions and starts (decision_starts), 0 when one may not: that
 * row is checked on its text.  0 too when starts is NULL, when there are
 * no groups, and when FTS5 did not read the query's phrases as search.c
 * wrote them (a word it reads as none is dropped, and the phrases after
 * it renumbered; a phrase of another length).  ombuds_near(decision_fts,
 * starts, 1), over the loose MATCH: 1 when every group holds, 0 when
 * one does not, 2 when it cannot tell (checked). */
static void
near_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
	int nval, sqlite3_value **val)
{
	struct store *st = api->xUserData(fts);
	const struct store_spans *sp = st->spans;
	int loose = nval > 1 && sqlite3_value_int(val[1]) == 1;
	int unsure = loose ? 2 : 0;
	const int *psize = sp == NULL ? NULL : loose ? sp->lpsize : sp->psize;
	int nphrase = sp == NULL ? 0 : loose ? sp->nloose : sp->nphrase;
	size_t lo[RANK_COLUMNS + 1];
	int rc = SQLITE_OK, r;

	if (nval < 1 || sqlite3_value_type(val[0]) == SQLITE_NULL ||
	    sp == NULL || sp->nnear == 0 || psize == NULL ||
	    api->xPhraseCount(fts) != nphrase) {
		sqlite3_result_int(ctx, unsure);
		return;
	}
	for (int p = 0; p < nphrase; p++)
		if (api->xPhraseSize(fts, p) != psize[p]) {
			sqlite3_result_int(ctx, unsure);
			return;
		}
	r = starts_decode(st, sqlite3_value_blob(val[0]),
			  sqlite3_value_bytes(val[0]), lo);
	if (r < 0) {
		sqlite3_result_error_code(ctx, SQLITE_NOMEM);
		return;
	}
	if (r > 0) {
		sqlite3_result_int(ctx, unsure);
		return;
	}
	for (size_t i = 0; i < sp->nnear; i++) {
		const struct store_near *g = &sp->near[i];
		int first = loose ? g->lphrase : g->phrase, holds;

		if (first < 0 || g->nphrase < 2 || first + g->nphrase > nphrase) {
			sqlite3_result_int(ctx, unsure);
			return;
		}
		holds = near_holds(st, api, fts, g, first, lo, &rc);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		if (!holds) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	}
	sqlite3_result_int(ctx, 1);
}

/* Nonzero when the n phrases of the row from p, one word each, stand
 * at n positions in a row of one column: each place of the first word
 * in turn, the others' iterators moved up to it, never back. */
static int
adj_holds(const Fts5ExtensionApi *api, Fts5Context *fts, int p, int n)
{
	Fts5PhraseIter it[STORE_ADJ_MAX];
	int col[STORE_ADJ_MAX], off[STORE_ADJ_MAX];

	for (int i = 0; i < n; i++) {
		if (api->xPhraseFirst(fts, p + i, &it[i], &col[i], &off[i]) !=
		    SQLITE_OK || off[i] < 0)
			return 0;
	}
	for (;;) {
		int all = 1;

		for (int i = 1; i < n; i++) {
			while (off[i] >= 0 &&
			       (col[i] < col[0] ||
				(col[i] == col[0] && off[i] < off[0] + i)))
				api->xPhraseNext(fts, &it[i], &col[i], &off[i]);
			if (off[i] < 0)
				return 0;
			if (col[i] != col[0] || off[i] != off[0] + i)
				all = 0;
		}
		if (all)
			return 1;
		api->xPhraseNext(fts, &it[0], &col[0], &off[0]);
		if (off[0] < 0)
			return 0;
	}
}

/* How many places of the row the words of sp's loose phrases have in
 * all, -1 when it cannot tell. */
static int
adj_places(const Fts5ExtensionApi *api, Fts5Context *fts,
	   const struct store_spans *sp)
{
	int n = 0;

	for (size_t g = 0; sp != NULL && g < sp->nadj; g++)
		for (int i = 0; i < sp->adj[g].n; i++) {
			int p = sp->adj[g].phrase + i, col, off;
			Fts5PhraseIter it;

			if (p < 0 || p >= api->xPhraseCount(fts) ||
			    api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK)
				return -1;
			for (; off >= 0; n++)
				api->xPhraseNext(fts, &it, &col, &off);
		}
	return n;
}

/* SQL: ombuds_adj(decision_fts), for a pass over the loose MATCH of the
 * running pass (st->spans): 1 when the words of each of its phrases
 * (store_adj) stand together in one column of the row, 0 when one's do
 * not (FTS5 would not have matched the phrase), 2 when it cannot tell:
 * FTS5 read the loose MATCH otherwise than search wrote it (then the
 * row is checked on its text).  ombuds_adj(decision_fts, 1): how many
 * places of the row those words have in all (loose_pays), -1 when it
 * cannot tell. */
static void
adj_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
       int nval, sqlite3_value **val)
{
	struct store *st = api->xUserData(fts);
	const struct store_spans *sp = st->spans;

	if (nval > 0 && sqlite3_value_int(val[0]) == 1) {
		sqlite3_result_int(ctx, adj_places(api, fts, sp));
		return;
	}
	if (sp == NULL || sp->adj == NULL ||
	    api->xPhraseCount(fts) != sp->nloose) {
		sqlite3_result_int(ctx, 2);
		return;
	}
	for (size_t g = 0; g < sp->nadj; g++) {
		const struct store_adj *a = &sp->adj[g];

		if (a->phrase < 0 || a->n < 2 || a->n > STORE_ADJ_MAX ||
		    a->phrase + a->n > sp->nloose) {
			sqlite3_result_int(ctx, 2);
			return;
		}
		for (int i = 0; i < a->n; i++)
			if (api->xPhraseSize(fts, a->phrase + i) != 1) {
				sqlite3_result_int(ctx, 2);
				return;
			}
	}
	for (size_t g = 0; g < sp->nadj; g++)
		if (!adj_holds(api, fts, sp->adj[g].phrase, sp->adj[g].n)) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	sqlite3_result_int(ctx, 1);
}

/* Registers ombuds_rank, ombuds_near and ombuds_adj with FTS5; returns
 * an SQLite code. */
static int
rank_register(struct store *st, fts5_api *api)
{
	int rc = api->xCreateFunction(api, "ombuds_rank", st, rank_fn, NULL);

	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ombuds_near", st, near_fn, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "ombuds_adj", st, adj_fn, NULL);
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


struct store_cursor {
	struct store *st;
	sqlite3_stmt *q;
	struct ranked *heap;    /* ranked: the matches not handed out yet */
	size_t nheap;
	long total;             /* ranked: the number of matches; -1 */
	/* Ranked with spans: the matches they do not settle. */
	const struct store_spans *spans;
	long long *suspect;
	size_t nsuspect, suspcap;
	struct idset *set;      /* bound to the statement as its last parameter */
	int set_all;            /* ranked: every match was tested against set */
	/* Instead of q: the results in order (store_search_open_counted). */
	long long *list;
	size_t nlist, next;
};

/* Nonzero when a goes before b in the heap: the better rank. */
static int
ranked_before(const struct ranked *a, const struct ranked *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->id < b->id);
}

static void
heap_down(struct ranked *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct ranked t;

		if (l < n && ranked_before(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && ranked_before(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int row_suspect(sqlite3_stmt *q, int k, const struct store_spans *sp);

/* Reads every row of c->q into c->heap (and the matches that c->spans
 * do not settle into c->suspect), unordered, and
 * finalizes c->q; returns 0 or -1. */
static int
ranked_rows(struct store_cursor *c)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(c->q)) == SQLITE_ROW) {
		if (c->nheap == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct ranked *h = realloc(c->heap, nc * sizeof *h);

			if (h == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			c->heap = h;
			cap = nc;
		}
		c->heap[c->nheap].id = sqlite3_column_int64(c->q, 0);
		c->heap[c->nheap].rank = sqlite3_column_double(c->q, 1);
		if (row_suspect(c->q, 2, c->spans)) {
			if (c->nsuspect == c->suspcap) {
				size_t nc = c->suspcap ? c->suspcap * 2 : 256;
				long long *v = realloc(c->suspect, nc * sizeof *v);

				if (v == NULL) {
					rc = SQLITE_NOMEM;
					break;
				}
				c->suspect = v;
				c->suspcap = nc;
			}
			c->suspect[c->nsuspect++] = c->heap[c->nheap].id;
		}
		c->nheap++;
	}
	rank_docsize_end(c->st);
	sqlite3_finalize(c->q);
	rank_keep_end(c->st);
	c->q = NULL;
	if (rc != SQLITE_DONE)
		return fail(c->st, rc, "searching the store");
	return 0;
}

/* Completes the ranks of c's rows when they were made without IDF
 * (noidf; nrow the table's rows, nhit the phrase's), and orders them. */
static void
ranked_done(struct store_cursor *c, int noidf, sqlite3_int64 nrow,
	    sqlite3_int64 nhit)
{
	/* In rowid order, as store_search_suspects promises, whatever order
	 * the statement gave them in. */
	if (c->nsuspect > 1)
		qsort(c->suspect, c->nsuspect, sizeof *c->suspect, id_cmp);
	if (noidf)
		rank_finish(nrow, c->heap, c->nheap, nhit);
	for (size_t i = c->nheap / 2; i-- > 0;)
		heap_down(c->heap, c->nheap, i);
	c->total = (long)c->nheap;
}

/* Reads and orders every row of c->q; returns 0 or -1. */
static int
ranked_fill(struct store_cursor *c)
{
	if (ranked_rows(c) < 0)
		return -1;
	/* The phrase's rows: all the matches, or, when the set of the
	 * filters' decisions kept some, all those it was asked about. */
	ranked_done(c, c->st->rank_noidf, c->st->rank_nrow,
		    c->set_all ? c->set->asked : (sqlite3_int64)c->nheap);
	return 0;
}

/* ---- a ranked pass in two halves --------------------------------------- */

long
store_search_halves(const struct store *st)
{
	return st->halves;
}

long
store_search_paired(const struct store *st)
{
	return st->paired;
}

long
store_search_loosened(const struct store *st)
{
	return st->loosened;
}

long long
store_search_walked(const struct store_cursor *c)
{
	return c->set != NULL ? c->set->asked : 0;
}

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
					      (st->flags & STORE_IMMUTABLE_),
					      err, sizeof err);
		if (st->twin != NULL && !same_file(st, st->path)) {
			store_close(st->twin);
			st->twin = NULL;
		}
		st->twin_failed = st->twin == NULL;
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
static int
query_int(struct store *st, int i, sqlite3_int64 *v)
{
	sqlite3_stmt *q = query_doing(st, i, "searching the store");
	int rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "searching the store");
}

/* The upper half of a ranked pass and how reading it went. */
struct half {
	struct store_cursor *c;
	int rc;
};

static void *
half_read(void *arg)
{
	struct half *h = arg;

	h->rc = ranked_rows(h->c);
	return NULL;
}

/* Prepares head … tail of a pass on st over the rows below (upper 0)
 * or from (upper 1) rowid mid, set (unless NULL) and match bound in the
 * order bind_rest gives them; NULL with store_error set. */
static sqlite3_stmt *
half_prepare(struct store *st, const char *head, const char *tail,
	     struct idset *set, const char *match, sqlite3_int64 mid,
	     int upper)
{
	struct where none = {0};

	sqlite3_stmt *q = prepare_where(st, concat(head, " WHERE 1", tail,
				upper ? " AND f.rowid >= ?" : " AND f.rowid < ?",
				(char *)NULL), &none, "searching the store");

	if (q != NULL) {
		bind_rest(q, 0, set, match);
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
split_begin(struct store *st, struct store **tw, sqlite3_int64 *mid)
{
	sqlite3_stmt *q;
	sqlite3_int64 lo = 0, hi = 0, g1, g2;
	int rc;

	if (!sqlite3_get_autocommit(st->db) || (*tw = twin_of(st)) == NULL ||
	    sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return 0;
	if (query_int(st, Q_GENERATION, &g1) < 0 ||
	    (q = query_doing(st, Q_ID_SPAN, "searching the store")) == NULL)
		goto whole;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		lo = sqlite3_column_int64(q, 0);
		hi = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	*mid = lo + (hi - lo) / 2 + 1;
	if (rc != SQLITE_ROW || hi - lo < 2 ||
	    sqlite3_exec((*tw)->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto whole;
	if (query_int(*tw, Q_GENERATION, &g2) == 0 && g2 == g1)
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

/* Reads the ranked pass of c — head … tail over the whole table, one
 * parameter, match — in two halves by rowid, the upper one on the twin
 * connection in a thread of its own, and orders the rows: the same rows
 * and ranks (each row's rank is its own; the heap orders them whatever
 * their order), in about half the time on two cores.  Most of a ranked
 * query's time is FTS5's own (`"the council"`: its phrase matching, 833
 * M of 1,209 M instructions).  Both connections read in a transaction,
 * and only when they read the same generation of the store (an import
 * may commit between their starts).  Returns 1 when read, 0 when the
 * pass is to be read whole (no twin, another generation, a transaction
 * already open, one that would not start), -1 with store_error set. */
static int
ranked_split(struct store_cursor *c, const char *head, const char *tail,
	     const char *match)
{
	const char *doing = "searching the store";
	struct store *st = c->st, *tw;
	struct store_cursor *c2 = NULL;
	struct half h = {NULL, 0};
	sqlite3_stmt *lower = NULL;
	sqlite3_int64 mid, nrow;
	pthread_t th;
	int rc, threaded, noidf;

	/* Whatever goes wrong before the halves are read is no failure of
	 * the search: the pass is read whole, as c->q still stands. */
	if (!split_begin(st, &tw, &mid))
		return 0;
	if ((c2 = calloc(1, sizeof *c2)) == NULL ||
	    (c2->q = half_prepare(tw, head, tail, NULL, match, mid, 1)) == NULL ||
	    (lower = half_prepare(st, head, tail, NULL, match, mid, 0)) == NULL) {
		store_search_close(c2);
		split_end(st, tw);
		return 0;
	}
	sqlite3_finalize(c->q);
	c->q = lower;
	c2->st = tw;
	c2->total = -1;
	c2->spans = c->spans;
	tw->spans = st->spans;
	tw->rank_noidf = 0;
	tw->rank_nrow = 0;
	tw->rank_group = st->rank_group;
	rank_keep_end(tw);
	h.c = c2;
	threaded = half_start(&th, half_read, &h);
	rc = ranked_rows(c);
	if (threaded)
		pthread_join(th, NULL);
	else
		half_read(&h);
	tw->rank_group = 0;
	tw->spans = NULL;
	split_end(st, tw);
	if (rc == 0 && h.rc < 0) {
		st->rc = tw->rc;
		snprintf(st->err, sizeof st->err, "%s", tw->err);
		rc = -1;
	}
	if (rc == 0 && c2->nheap > 0) {
		struct ranked *m = realloc(c->heap, (c->nheap + c2->nheap) * sizeof *m);
		long long *v = c2->nsuspect == 0 ? c->suspect :
			realloc(c->suspect, (c->nsuspect + c2->nsuspect) * sizeof *v);

		if (m != NULL)
			c->heap = m;
		if (v != NULL)
			c->suspect = v;
		if (m == NULL || (c2->nsuspect > 0 && v == NULL)) {
			rc = fail(st, SQLITE_NOMEM, doing);
		} else {
			memcpy(c->heap + c->nheap, c2->heap, c2->nheap * sizeof *m);
			c->nheap += c2->nheap;
			if (c2->nsuspect > 0)
				memcpy(c->suspect + c->nsuspect, c2->suspect,
				       c2->nsuspect * sizeof *v);
			c->nsuspect += c2->nsuspect;
			c->suspcap = c->nsuspect;
		}
	}
	noidf = st->rank_noidf || tw->rank_noidf;
	nrow = st->rank_nrow ? st->rank_nrow : tw->rank_nrow;
	store_search_close(c2);
	if (rc < 0)
		return -1;
	ranked_done(c, noidf, nrow, (sqlite3_int64)c->nheap);
	st->halves++;
	return 1;
}

/* The spans columns of a ranked query: each match's break pairs and,
 * with NEAR groups, whether they hold (row_suspect), when asked for
 * (ranked_fill), else nothing. */
#define RANK_HEAD(bm25, pairs)                                               \
	"SELECT f.rowid, " bm25 ", " pairs " FROM decision_fts f"
#define BREAK_JOIN " LEFT JOIN decision_break b ON b.id = f.rowid"
#define SPAN_COLS "b.pairs"
#define NEAR_COLS "b.pairs, ombuds_near(f.decision_fts, s.starts)"
#define NEAR_JOIN " LEFT JOIN decision_starts s ON s.id = f.rowid"
#define RANK_SPANS(bm25, sp)                                                 \
	((sp) == NULL ? RANK_HEAD(bm25, "NULL")                               \
	 : (sp)->nnear ? RANK_HEAD(bm25, NEAR_COLS) BREAK_JOIN NEAR_JOIN      \
	 : RANK_HEAD(bm25, SPAN_COLS) BREAK_JOIN)

/* Sets *spans to NULL when no decision holds any of its pairs across a
 * break (break_pair) and it has no NEAR group, or its NEAR groups are
 * settled both ways in the pass (near_loose: the loose MATCH): FTS5's
 * matches then need no decision's break pairs.  Then *gen is the
 * generation of the store that break_pair answered for (else -1): a
 * pass that began in another (an import committed in between) must be
 * read again with the pairs (spans_stale).  Returns 0 or -1. */
static int
spans_settled(struct store *st, const struct store_spans **spans,
	      int near_loose, sqlite3_int64 *gen)
{
	const struct store_spans *sp = *spans;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE;

	*gen = -1;
	if (sp == NULL)
		return 0;
	if (sp->nnear > 0 && !near_loose) {
		st->paired++;
		return 0;
	}
	/* break_pair holds every pair of this generation, and every
	 * decision has its row of decision_break? */
	if ((q = query_doing(st, Q_PAIRS_GEN, "searching the store")) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*gen = sqlite3_column_int64(q, 0);
		rc = sqlite3_column_int(q, 1) && !sqlite3_column_int(q, 2)
			? SQLITE_DONE : SQLITE_ROW;
	}
	sqlite3_reset(q);
	for (size_t i = 0; i < sp->npairs && rc == SQLITE_DONE; i++) {
		if ((q = query_doing(st, Q_PAIR_ANY, "searching the store")) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, (sqlite3_int64)sp->pairs[i]);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
	}
	if (rc == SQLITE_DONE) {
		*spans = NULL;
		return 0;
	}
	*gen = -1;
	if (rc != SQLITE_ROW)
		return fail(st, rc, "searching the store");
	st->paired++;
	return 0;
}

/* Nonzero when the store is no longer of generation gen (>= 0; an error
 * counts as moved), which spans_settled answered for. */
static int
spans_stale(struct store *st, sqlite3_int64 gen)
{
	sqlite3_int64 now;

	if (gen < 0)
		return 0;
	return query_int(st, Q_GENERATION, &now) < 0 || now != gen;
}

/* Copies the dates of f and of its also chain to the chain d (at most
 * STORE_FILTER_DEPTH long); returns d, or NULL when f bounds no date. */
static const struct store_filter *
filter_dates(const struct store_filter *f, struct store_filter *d)
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

/* A cursor for the results of match and f in order; ranked, it lists
 * the matches that spans do not settle.  matched, when
 * not NULL, is the set of the results already found (the cursor takes
 * it), which newest first then walks the date index through. */
static struct store_cursor *
cursor_open(struct store *st, const char *match, const struct store_filter *f,
	    enum store_order order, const struct store_spans *spans,
	    struct idset *matched)
{
	struct store_cursor *c = calloc(1, sizeof *c);
	struct store_filter dates[STORE_FILTER_DEPTH];
	const struct store_filter *where = f;  /* the conditions written out */
	const char *head, *tail;
	char *owned = NULL;
	enum where_mode mode = WHERE_WALK;
	int narg, rc, expanded, split = 0, few = 0, has_match = match != NULL;

	if (c == NULL) {
		idset_free(matched);
		fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	c->st = st;
	c->set = matched;
	/* With filters, a ranked query and a few matches newest first are
	 * found by FTS5, kept when in the set of the filters' decisions, or
	 * (few decisions) by asking FTS5 about each of them.  A set of
	 * matches given (newest first) holds only decisions that pass f,
	 * but f's dates still bound the walk of the date index: without
	 * them `comp* before:2016-01-01` walked the 90,000 newer decisions
	 * before its first result (21 → 14 ms). */
	if (matched != NULL) {
		where = order == STORE_ORDER_DATE ? filter_dates(f, dates) : NULL;
	} else if (match != NULL && store_filter_any(f) &&
		   (order == STORE_ORDER_RANK || order == STORE_ORDER_DATE_FEW)) {
		if ((few = filter_plan(st, f, match, &c->set)) < 0)
			goto fail;
		if (!few)
			where = NULL;
	}
	/* A prefix written out as its words: ranked, only where bm25 takes
	 * its IDF from the pass (STORE_BM25_NOIDF), which ombuds_rank then
	 * gives the words as one phrase; a set of matches given needs no
	 * question to FTS5. */
	if (match != NULL && matched == NULL && !(order == STORE_ORDER_RANK && few) &&
	    (match = match_expand(st, match, &owned)) == NULL)
		goto fail;
	if (match == NULL) {
		/* Filters alone: the date index gives the order; when they
		 * pass few decisions, their own indexes find them, sorted. */
		head = "SELECT d.id, 0 FROM decision d";
		tail = " ORDER BY d.date DESC, d.ref DESC";
		if (order == STORE_ORDER_DATE_FEW)
			mode = WHERE_SET;
	} else if (order == STORE_ORDER_RANK && !store_filter_any(f)) {
		/* A top-level MATCH ranked: FTS5 alone, no ORDER BY, in two
		 * halves (ranked_split). */
		head = RANK_SPANS(STORE_BM25_NOIDF, spans);
		tail = " AND f.decision_fts MATCH ?";
		split = 1;
	} else if (order == STORE_ORDER_RANK && few) {
		/* FTS5 asked about each of the filters' decisions ('rowid
		 * IN'); bm25 for those it finds. */
		head = spans == NULL
			? RANK_HEAD(STORE_BM25, "NULL")
			  " WHERE f.rowid IN (SELECT d.id FROM decision d"
			: spans->nnear
			? RANK_HEAD(STORE_BM25, NEAR_COLS) BREAK_JOIN NEAR_JOIN
			  " WHERE f.rowid IN (SELECT d.id FROM decision d"
			: RANK_HEAD(STORE_BM25, SPAN_COLS) BREAK_JOIN
			  " WHERE f.rowid IN (SELECT d.id FROM decision d";
		tail = ") AND f.decision_fts MATCH ?";
		mode = WHERE_SET;
	} else if (order == STORE_ORDER_RANK) {
		/* FTS5 drives, each match tested against the set, and bm25
		 * computed only for those in it.  Every match passes through
		 * ombuds_in, so the set counts them: a query of one phrase
		 * needs no second pass for its IDF (a prefix: 158 → 105 ms). */
		head = RANK_SPANS(STORE_BM25_NOIDF, spans);
		tail = " AND ombuds_in(?, f.rowid) AND f.decision_fts MATCH ?";
		c->set_all = 1;
	} else if (order == STORE_ORDER_DATE_FEW && few) {
		/* Newest first, few matches, filters that pass few decisions:
		 * FTS5 asked about each, the ones it finds sorted by date. */
		head = "SELECT e.id, 0 FROM decision e WHERE e.id IN"
		       " (SELECT rowid FROM decision_fts WHERE rowid IN"
		       " (SELECT d.id FROM decision d";
		tail = ") AND decision_fts MATCH ?)"
		       " ORDER BY e.date DESC, e.ref DESC";
		mode = WHERE_SET;
	} else if (order == STORE_ORDER_DATE_FEW && c->set != NULL) {
		/* Newest first, few matches, filters: FTS5's matches in the
		 * set, each one's row looked up by id (only the start of the
		 * row, before the text), sorted.  (Testing the filters on each
		 * match's row read 95,000 rows for `council org:hastings`.) */
		head = "SELECT e.id, 0 FROM decision e";
		tail = " AND e.id IN (SELECT rowid FROM decision_fts"
		       " WHERE ombuds_in(?, rowid) AND decision_fts MATCH ?)"
		       " ORDER BY e.date DESC, e.ref DESC";
	} else if (order == STORE_ORDER_DATE_FEW) {
		/* Newest first, few matches: each match's row looked up by id
		 * and sorted. */
		head = "SELECT d.id, 0 FROM decision d";
		tail = " AND d.id IN (SELECT rowid FROM decision_fts"
		       " WHERE decision_fts MATCH ?)"
		       " ORDER BY d.date DESC, d.ref DESC";
	} else if (order == STORE_ORDER_DATE_MANY) {
		/* Newest first, matches in a large share of the decisions: the
		 * covering index walked backwards, FTS5 asked about each
		 * decision (a rowid constraint with the MATCH), and the walk
		 * stops at the page's end without reading every match. */
		head = "SELECT d.id, 0 FROM decision d";
		tail = " AND EXISTS (SELECT 1 FROM decision_fts"
		       " WHERE decision_fts MATCH ? AND rowid = d.id)"
		       " ORDER BY d.date DESC, d.ref DESC";
	} else {
		/* Newest first: the covering index walked backwards drives,
		 * each decision looked up in the set of the matches (read
		 * once, unless given), and the walk stops at the page's end. */
		if (c->set == NULL && (c->set = idset_match(st, match)) == NULL)
			goto fail;
		has_match = 0;
		head = "SELECT d.id, 0 FROM decision d";
		tail = " AND ombuds_in(?, d.id) ORDER BY d.date DESC, d.ref DESC";
	}
	c->q = prepare_filtered(st, where, mode, head, tail, &narg);
	if (c->q == NULL)
		goto fail;
	bind_rest(c->q, narg, c->set, has_match ? match : NULL);
	expanded = owned != NULL;
	c->total = -1;
	c->spans = spans;
	st->spans = spans;
	st->rank_noidf = 0;
	st->rank_nrow = 0;
	rank_keep_end(st);
	if (match != NULL && order == STORE_ORDER_RANK) {
		st->rank_group = expanded;
		rc = split ? ranked_split(c, head, tail, match) : 0;
		if (rc == 0)
			rc = ranked_fill(c);
		st->rank_group = 0;
		st->spans = NULL;
		if (rc < 0) {
			free(owned);
			store_search_close(c);
			return NULL;
		}
	}
	free(owned);
	c->spans = NULL;
	st->spans = NULL;
	return c;
fail:
	free(owned);
	idset_free(c->set);
	free(c);
	return NULL;
}

struct store_cursor *
store_search_open(struct store *st, const char *match,
		  const struct store_filter *f, enum store_order order)
{
	return cursor_open(st, match, f, order, NULL, NULL);
}

struct store_cursor *
store_search_open_ranked(struct store *st, const char *match,
			 const struct store_filter *f,
			 const struct store_spans *spans)
{
	const struct store_spans *sp = spans;
	struct store_cursor *c;
	sqlite3_int64 gen;

	if (spans_settled(st, &sp, 0, &gen) < 0)
		return NULL;
	/* A ranked cursor reads every match when opened. */
	c = cursor_open(st, match, f, STORE_ORDER_RANK, sp, NULL);
	if (c != NULL && spans_stale(st, gen)) {
		store_search_close(c);
		c = cursor_open(st, match, f, STORE_ORDER_RANK, spans, NULL);
	}
	return c;
}

size_t
store_search_suspects(const struct store_cursor *c, const long long **ids)
{
	*ids = c->suspect;
	return c->nsuspect;
}

int
store_search_next(struct store_cursor *c, long long *id, double *rank)
{
	int rc;

	if (c->list != NULL) {
		if (c->next == c->nlist)
			return 0;
		*id = c->list[c->next++];
		*rank = 0.0;
		return 1;
	}
	if (c->total >= 0) {
		if (c->nheap == 0)
			return 0;
		*id = c->heap[0].id;
		*rank = c->heap[0].rank;
		c->heap[0] = c->heap[--c->nheap];
		heap_down(c->heap, c->nheap, 0);
		return 1;
	}
	rc = sqlite3_step(c->q);

	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(c->q, 0);
		*rank = sqlite3_column_double(c->q, 1);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return fail(c->st, rc, "searching the store");
}

void
store_search_close(struct store_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->q);
	free(c->list);
	free(c->heap);
	free(c->suspect);
	idset_free(c->set);
	free(c);
}

long
store_search_total(const struct store_cursor *c)
{
	return c->total;
}

int
store_search_count(struct store *st, const char *match,
		   const struct store_filter *f, long *n)
{
	const char *head, *tail;
	struct idset *set = NULL;
	sqlite3_stmt *q;
	char *owned = NULL;
	int rc, narg;

	*n = 0;
	/* Asked as its words, a prefix is cheap to ask about one decision
	 * (filter_plan). */
	if (match != NULL && (match = match_expand(st, match, &owned)) == NULL)
		return -1;
	if (match == NULL) {
		head = "SELECT count(*) FROM decision d";
		tail = "";
	} else if (!store_filter_any(f)) {
		head = "SELECT count(*) FROM decision_fts";
		tail = " AND decision_fts MATCH ?";
	} else {
		/* FTS5's matches in the set of the filters' decisions, or FTS5
		 * asked about each of few decisions. */
		int few = filter_plan(st, f, match, &set);

		if (few < 0) {
			free(owned);
			return -1;
		}
		head = few ? "SELECT count(*) FROM decision_fts"
			     " WHERE rowid IN (SELECT d.id FROM decision d"
			   : "SELECT count(*) FROM decision_fts";
		tail = few ? ") AND decision_fts MATCH ?"
			   : " AND ombuds_in(?, rowid) AND decision_fts MATCH ?";
	}
	q = prepare_filtered(st, set ? NULL : f, WHERE_SET, head, tail, &narg);
	if (q == NULL) {
		idset_free(set);
		free(owned);
		return -1;
	}
	bind_rest(q, narg, set, match);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	idset_free(set);
	free(owned);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "searching the store");
}

int
store_search_span(struct store *st, long long *n)
{
	sqlite3_stmt *q = query_doing(st, Q_SPAN, "searching the store");
	int rc;

	*n = 0;
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(st, rc, "searching the store");
}

/* Nonzero when the sorted little-endian hashes of blob b (n bytes) hold
 * none of pairs. */
static int
pairs_clear(const unsigned char *b, size_t n, const uint32_t *pairs,
	    size_t npairs)
{
	for (size_t i = 0; i < npairs; i++) {
		size_t lo = 0, hi = n / 4;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			uint32_t v = (uint32_t)b[mid * 4] |
				     (uint32_t)b[mid * 4 + 1] << 8 |
				     (uint32_t)b[mid * 4 + 2] << 16 |
				     (uint32_t)b[mid * 4 + 3] << 24;

			if (v == pairs[i])
				return 0;
			if (v < pairs[i])
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return 1;
}

/* Nonzero when the row of q whose break pairs are column k (and, with
 * NEAR groups, ombuds_near's answer column k + 1) may hold a span of sp
 * across a break: a suspect, whose text is checked. */
static int
row_suspect(sqlite3_stmt *q, int k, const struct store_spans *sp)
{
	if (sp == NULL)
		return 0;
	if (sqlite3_column_type(q, k) == SQLITE_NULL)
		return 1;
	if (sp->npairs > 0 &&
	    !pairs_clear(sqlite3_column_blob(q, k),
			 (size_t)sqlite3_column_bytes(q, k), sp->pairs, sp->npairs))
		return 1;
	return sp->nnear > 0 && sqlite3_column_int(q, k + 1) == 0;
}

int
store_search_clear(struct store *st, long long id,
		   const struct store_spans *spans)
{
	sqlite3_stmt *q = query_doing(st, Q_BREAK, "reading the store");
	int rc, clear = 0;

	if (q == NULL)
		return -1;
	/* A NEAR group is settled only inside FTS5's pass (ombuds_near). */
	if (spans->nnear > 0)
		return 0;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		clear = pairs_clear(sqlite3_column_blob(q, 0),
				    (size_t)sqlite3_column_bytes(q, 0), spans->pairs,
				    spans->npairs);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return clear;
	return fail(st, rc, "reading the store");
}

/* The upper half of a counted pass, read on the twin in a thread: its
 * matches, and apart those its spans do not settle — the
 * check reads decisions through the caller's connection, so the caller
 * asks it about them once the thread is done. */
struct found {
	struct store *st;
	sqlite3_stmt *q;
	const struct store_spans *spans;
	int paired;
	long long *id, *sus;
	size_t nid, idcap, nsus, suscap;
	int rc;
};

/* What a row of a counted pass (match_scan_'s columns) says of its
 * match: 0 not a result (the words of a loose phrase stand apart), 2 a
 * suspect, to be checked, 1 a result. */
static int
row_verdict(sqlite3_stmt *q, const struct store_spans *sp, int paired)
{
	if (sp == NULL)
		return 1;
	/* Over the loose MATCH, ombuds_near's answer, then ombuds_adj's. */
	if (sp->loose != NULL) {
		int k = 2, a;

		if (sp->nnear > 0 && (a = sqlite3_column_int(q, k++)) != 1)
			return a == 0 ? 0 : 2;
		if (sp->nadj > 0 && (a = sqlite3_column_int(q, k)) != 1)
			return a == 0 ? 0 : 2;
	}
	return paired && row_suspect(q, 1, sp) ? 2 : 1;
}

/* Appends id to *v; returns 0 or -1. */
static int
ids_push(long long **v, size_t *n, size_t *cap, long long id)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		long long *p = realloc(*v, c * sizeof *p);

		if (p == NULL)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = id;
	return 0;
}

static void *
found_read(void *arg)
{
	struct found *fd = arg;
	int rc;

	while ((rc = sqlite3_step(fd->q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(fd->q, 0);
		int v = row_verdict(fd->q, fd->spans, fd->paired);

		if (v == 0)
			continue;
		if (v == 2
		    ? ids_push(&fd->sus, &fd->nsus, &fd->suscap, id) < 0
		    : ids_push(&fd->id, &fd->nid, &fd->idcap, id) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(fd->q);
	fd->q = NULL;
	fd->rc = rc == SQLITE_DONE ? 0 : fail(fd->st, rc, "searching the store");
	return NULL;
}

/* Reads FTS5's matches of match among the decisions passing f, less
 * those where a phrase only straddles a paragraph break: when paired, a
 * match that may hold one of spans' pairs across a break counts only
 * when check says so (spans NULL: every match counts).  spans' loose
 * MATCH, when it has one, is asked instead of match, and a match counts
 * only where the words of its phrases stand together (ombuds_adj).
 * Sets *n to their number and adds them to keep.  Returns 0 or -1. */
static int
match_scan_(struct store *st, const char *match, const struct store_filter *f,
	    const struct store_spans *spans, int paired, store_check_fn check,
	    void *arg, struct idset *keep, long *n)
{
	const char *tail, *cols, *joins;
	char *head;
	struct idset *set = NULL;
	sqlite3_stmt *q;
	struct idset upper_set;
	struct found fd = {0};
	struct store *tw = NULL;
	pthread_t th;
	sqlite3_int64 mid;
	char *owned = NULL;
	int rc, narg, few = 0, split = 0, threaded = 0, twin_failed = 0;
	int loose = spans != NULL && spans->loose != NULL;
	int nnear = spans != NULL && spans->nnear > 0;

	*n = 0;
	if (loose)
		match = spans->loose;
	/* Asked as its words, a prefix is cheap to ask about one decision,
	 * so filters that pass few decisions take FTS5's questions. */
	if ((match = match_expand(st, match, &owned)) == NULL)
		return -1;
	if (store_filter_any(f) && (few = filter_plan(st, f, match, &set)) < 0) {
		free(owned);
		return -1;
	}
	/* The columns row_verdict reads: the id, the break pairs, and
	 * ombuds_near's answer and (loose) ombuds_adj's. */
	cols = loose ? (paired ? SPAN_COLS : "NULL")
	     : nnear ? NEAR_COLS : paired ? SPAN_COLS : "NULL";
	joins = paired ? (nnear ? BREAK_JOIN NEAR_JOIN : BREAK_JOIN)
	      : nnear ? NEAR_JOIN : "";
	head = concat("SELECT f.rowid, ", cols,
		      loose && nnear ? ", ombuds_near(f.decision_fts, s.starts, 1)"
				     : "",
		      loose && spans->nadj > 0 ? ", ombuds_adj(f.decision_fts)" : "",
		      " FROM decision_fts f", joins,
		      few ? " WHERE f.rowid IN (SELECT d.id FROM decision d" : "",
		      (const char *)NULL);
	if (head == NULL) {
		idset_free(set);
		free(owned);
		return fail(st, SQLITE_NOMEM, "searching the store");
	}
	tail = few ? ") AND f.decision_fts MATCH ?"
	     : set ? " AND ombuds_in(?, f.rowid) AND f.decision_fts MATCH ?"
		   : " AND f.decision_fts MATCH ?";
	/* In two halves as a ranked pass is (ranked_split; `"the council"`
	 * newest first 87 → 46 ms), the upper one's suspects checked here
	 * once it is read.  The halves share the filters' set, which
	 * neither changes; the upper one asks its own copy, whose count
	 * of questions (asked) is its own. */
	if (!few && split_begin(st, &tw, &mid)) {
		fd.st = tw;
		fd.spans = spans;
		fd.paired = paired;
		if (set != NULL) {
			upper_set = *set;
			upper_set.asked = 0;
		}
		q = NULL;
		if ((fd.q = half_prepare(tw, head, tail,
					 set ? &upper_set : NULL, match, mid,
					 1)) == NULL ||
		    (q = half_prepare(st, head, tail, set, match, mid, 0)) == NULL) {
			sqlite3_finalize(fd.q);
			fd.q = NULL;
			split_end(st, tw);
		} else {
			split = 1;
			tw->spans = st->spans;
		}
	}
	if (!split) {
		q = prepare_filtered(st, few ? f : NULL, WHERE_SET, head, tail,
				     &narg);
		if (q == NULL) {
			idset_free(set);
			free(owned);
			free(head);
			return -1;
		}
		bind_rest(q, narg, set, match);
	} else {
		threaded = half_start(&th, found_read, &fd);
	}
	free(head);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(q, 0);
		int c = row_verdict(q, spans, paired);

		if (c == 2 && (c = check(id, arg)) < 0)
			break;
		if (c == 0)
			continue;
		if (idset_add(keep, id) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		(*n)++;
	}
	sqlite3_finalize(q);
	free(owned);
	if (split) {
		if (threaded)
			pthread_join(th, NULL);
		else
			found_read(&fd);
		st->halves++;
		if (rc == SQLITE_DONE && fd.rc < 0) {
			st->rc = tw->rc;
			snprintf(st->err, sizeof st->err, "%s", tw->err);
			twin_failed = 1;
		}
		for (size_t i = 0; !twin_failed && rc == SQLITE_DONE && i < fd.nid; i++) {
			if (idset_add(keep, fd.id[i]) < 0)
				rc = SQLITE_NOMEM;
			(*n)++;
		}
		/* Checked before the read transactions end: in the same
		 * state of the store as the lower half's. */
		tw->spans = NULL;
		for (size_t i = 0; !twin_failed && rc == SQLITE_DONE && i < fd.nsus; i++) {
			int c = check(fd.sus[i], arg);

			if (c < 0)
				rc = SQLITE_ROW;
			else if (c > 0 && idset_add(keep, fd.sus[i]) < 0)
				rc = SQLITE_NOMEM;
			else
				*n += c > 0;
		}
		split_end(st, tw);
		free(fd.id);
		free(fd.sus);
	}
	idset_free(set);        /* the upper half is read */
	if (twin_failed)
		return -1;      /* the twin said why */
	if (rc == SQLITE_ROW)
		return -1;      /* check failed and said why */
	idset_done(keep);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "searching the store");
}

/* Returns 1 when spans' loose MATCH pays (LOOSE_MIN_PLACES), 0 when it
 * does not or cannot tell, -1 on error. */
static int
loose_pays(struct store *st, const struct store_spans *spans)
{
	sqlite3_stmt *q;
	sqlite3_int64 places = 0, rows = 0;
	char *owned = NULL;
	const char *match;
	int rc;

	/* A NEAR group asked so needs no check where it straddles breaks. */
	if (spans->nnear > 0)
		return 1;
	if ((match = match_expand(st, spans->loose, &owned)) == NULL)
		return -1;
	q = query_doing(st, Q_LOOSE_SAMPLE, "searching the store");
	if (q == NULL) {
		free(owned);
		return -1;
	}
	sqlite3_bind_text(q, 1, match, -1, SQLITE_TRANSIENT);
	st->spans = spans;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int n = sqlite3_column_int(q, 0);

		if (n < 0) {
			rows = 0;
			rc = SQLITE_DONE;
			break;
		}
		places += n;
		rows++;
	}
	st->spans = NULL;
	sqlite3_reset(q);
	free(owned);
	if (rc != SQLITE_DONE)
		return fail(st, rc, "searching the store");
	return rows > 0 && places >= rows * LOOSE_MIN_PLACES;
}

/* match_scan_ with spans' NEAR groups where ombuds_near finds them. */
static int
match_scan(struct store *st, const char *match, const struct store_filter *f,
	   const struct store_spans *spans, store_check_fn check, void *arg,
	   struct idset *keep, long *n, int *stale)
{
	const struct store_spans *paired = spans;
	struct store_spans strict;
	sqlite3_int64 gen = -1;
	int rc;

	/* The loose MATCH where it pays. */
	if (spans != NULL && spans->loose != NULL) {
		if ((rc = loose_pays(st, spans)) < 0)
			return -1;
		if (rc == 0) {
			strict = *spans;
			strict.loose = NULL;
			spans = paired = &strict;
		} else {
			st->loosened++;
		}
	}
	/* After a stale pass, the pairs are read whatever break_pair says. */
	if (*stale)
		st->paired += paired != NULL;
	else if (spans_settled(st, &paired,
			       spans != NULL && spans->loose != NULL, &gen) < 0)
		return -1;
	/* A loose MATCH is asked even where no break needs its pairs. */
	if (spans != NULL && spans->loose == NULL)
		spans = paired;
	st->spans = spans;
	rc = match_scan_(st, match, f, spans, paired != NULL, check, arg, keep, n);
	st->spans = NULL;
	*stale = rc == 0 && spans_stale(st, gen);
	return rc;
}

/* At most this many results of a counted pass are sorted by date in
 * memory, each one's date looked up (~3 µs each); more are found by
 * walking the date index through their set, which stops at the page's
 * end, but for a few results reads the whole index (~80 ns a decision:
 * `"tree preservation" org:hastings`, one result, 14 ms walked, 4 ms
 * sorted; `grand*`, 1,399 results, 1.4 ms walked, 5.7 ms sorted). */
#define COUNTED_SORT_MAX 300

/* Sets c->list to the n ids of set, newest first; returns 0 or -1. */
static int
counted_sort(struct store_cursor *c, const struct idset *set, size_t n)
{
	size_t k = 0;

	if ((c->list = malloc((n ? n : 1) * sizeof *c->list)) == NULL)
		return fail(c->st, SQLITE_NOMEM, "searching the store");
	for (sqlite3_int64 i = 0; i < set->n && k < n; i++) {
		if (set->bit[i >> 3] == 0) {
			i |= 7;
			continue;
		}
		if (set->bit[i >> 3] >> (i & 7) & 1)
			c->list[k++] = i;
	}
	for (size_t i = 0; i < set->nout && k < n; i++)
		c->list[k++] = set->out[i];
	c->nlist = k;
	return store_search_sort_newest(c->st, c->list, k);
}

int
store_search_cursor_orgs(struct store_cursor *c, store_org_fn fn, void *arg)
{
	sqlite3_stmt *q;
	int rc;

	if (c->list != NULL)
		return store_orgs_of(c->st, c->list, c->nlist, fn, arg);
	rc = sqlite3_prepare_v2(c->st->db, ORG_HEAD " WHERE ombuds_in(?1, d.id)"
				ORG_TAIL, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return fail(c->st, rc, "reading the store");
	sqlite3_bind_pointer(q, 1, c->set, IDSET_TYPE, NULL);
	return emit_orgs(c->st, q, fn, arg);
}

struct store_cursor *
store_search_open_counted(struct store *st, const char *match,
			  const struct store_filter *f,
			  const struct store_spans *spans, store_check_fn check,
			  void *arg, long *n)
{
	struct idset *set = idset_new(st);
	struct store_cursor *c;
	int stale = 0;

	*n = 0;
	if (set == NULL)
		return NULL;
	if (match_scan(st, match, f, spans, check, arg, set, n, &stale) < 0) {
		idset_free(set);
		return NULL;
	}
	/* An import committed while break_pair was asked: again, with the
	 * pairs read. */
	if (stale) {
		idset_free(set);
		*n = 0;
		if ((set = idset_new(st)) == NULL ||
		    match_scan(st, match, f, spans, check, arg, set, n, &stale) < 0) {
			idset_free(set);
			return NULL;
		}
	}
	if (*n > COUNTED_SORT_MAX)
		return cursor_open(st, match, f, STORE_ORDER_DATE, NULL, set);
	if ((c = calloc(1, sizeof *c)) == NULL) {
		idset_free(set);
		fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	c->st = st;
	c->total = -1;
	if (counted_sort(c, set, (size_t)*n) < 0) {
		store_search_close(c);
		c = NULL;
	}
	idset_free(set);
	return c;
}

/* Appends one paragraph to st->sparas; returns 0 or -1. */
static int
spara_add(struct store *st, size_t *n, int ord, int kind, const char *text,
	  size_t len)
{
	if (*n == st->sparacap) {
		size_t cap = st->sparacap ? st->sparacap * 2 : 64;
		struct store_para *p = realloc(st->sparas, cap * sizeof *p);

		if (p == NULL)
			return -1;
		st->sparas = p;
		st->sparacap = cap;
	}
	st->sparas[*n] = (struct store_para){
		.n = ord, .kind = (enum decision_kind)kind, .text = text,
		.len = len,
	};
	(*n)++;
	return 0;
}

/* Copies decision id's date ("" when none) and reference; reads only
 * the start of its row.  Returns 1, 0 when there is none, -1 on error. */
static int
search_date(struct store *st, long long id, char date[11],
	    char ref[DECISION_REF_MAX])
{
	sqlite3_stmt *q = query_doing(st, Q_DATE, "reading the store");
	const unsigned char *d, *r;
	int rc;

	date[0] = ref[0] = '\0';
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		d = sqlite3_column_text(q, 0);
		r = sqlite3_column_text(q, 1);
		snprintf(date, 11, "%s", d ? (const char *)d : "");
		snprintf(ref, DECISION_REF_MAX, "%s", r ? (const char *)r : "");
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fail(st, rc, "reading the store");
}

struct dated {
	long long id;
	char date[11];
	char ref[DECISION_REF_MAX];
};

/* Newest first, then the greater reference, as the date index's walk. */
static int
dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c ? c : strcmp(y->ref, x->ref);
}

int
store_search_sort_newest(struct store *st, long long *ids, size_t n)
{
	struct dated *d;

	if (n < 2)
		return 0;
	if ((d = malloc(n * sizeof *d)) == NULL)
		return fail(st, SQLITE_NOMEM, "searching the store");
	for (size_t i = 0; i < n; i++) {
		d[i].id = ids[i];
		if (search_date(st, ids[i], d[i].date, d[i].ref) < 0) {
			free(d);
			return -1;
		}
	}
	qsort(d, n, sizeof *d, dated_cmp);
	for (size_t i = 0; i < n; i++)
		ids[i] = d[i].id;
	free(d);
	return 0;
}

int
store_search_doc(struct store *st, long long id, struct store_doc *doc)
{
	const char *doing = "reading the store";
	sqlite3_stmt *q = query_doing(st, Q_DOC, doing);
	const char *end, *s;
	struct part part[DECISION_KIND_COUNT] = {{0}};
	struct layout_iter it;
	struct layout_para p;
	size_t np = 0;
	int rc, ord = 0;

	memset(doc, 0, sizeof *doc);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return fail(st, rc, doing);
	doc->ref = (const char *)sqlite3_column_text(q, 0);
	doc->organisation = (const char *)sqlite3_column_text(q, 1);
	doc->date = (const char *)sqlite3_column_text(q, 2);
	doc->outcome = (const char *)sqlite3_column_text(q, 3);
	for (int k = DECISION_KIND_SUMMARY; k < DECISION_KIND_COUNT; k++) {
		int col = k == DECISION_KIND_SUMMARY ? 5 : 6 + k;

		part[k].s = (const char *)sqlite3_column_text(q, col);
		part[k].len = (size_t)sqlite3_column_bytes(q, col);
	}
	if (part[0].s != NULL &&
	    spara_add(st, &np, 0, DECISION_KIND_SUMMARY, part[0].s, part[0].len) < 0)
		return fail(st, SQLITE_NOMEM, doing);
	layout_start(&it, (const char *)sqlite3_column_text(q, 4),
		     (size_t)sqlite3_column_bytes(q, 4), part);
	while ((rc = layout_next(&it, &p)) > 0)
		if (spara_add(st, &np, ++ord, p.kind, p.text, p.len) < 0)
			return fail(st, SQLITE_NOMEM, doing);
	if (rc < 0)
		return fail(st, SQLITE_CORRUPT, doing);
	/* Heading lines: matched by words, never a paragraph to show. */
	s = (const char *)sqlite3_column_text(q, 6);
	end = s ? s + sqlite3_column_bytes(q, 6) : NULL;
	while (s != NULL && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;

		if (spara_add(st, &np, -1, DECISION_KIND_COUNT, s,
			      (size_t)(le - s)) < 0)
			return fail(st, SQLITE_NOMEM, doing);
		s = nl ? nl + 1 : end;
	}
	doc->paras = st->sparas;
	doc->npara = np;
	return 1;
}
