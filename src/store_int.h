/* store_int.h: private to the store family (store*.c): the connection's
 * state (struct store), the cached statements, the shapes of the FTS5
 * table, the filter set ombuds_in reads, the cursor, and the helpers the
 * family's files share, a section per file.  Nothing outside src/store*.c
 * includes it. */
#ifndef OMBUDS_STORE_INT_H
#define OMBUDS_STORE_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "decision.h"
#include "store.h"
#include "store_blob.h"

/* 'OMBD': tells our stores from other SQLite files. */
#define STORE_APPLICATION_ID 1330463300 /* 0x4f4d4244 */
/* STRINGIFY(LOOSE_SAMPLE): the macro's value as a string literal, for
 * SQL text (STRINGIFY_RAW would give its name). */
#define STRINGIFY_RAW(x) #x
#define STRINGIFY(x) STRINGIFY_RAW(x)

/* The cached statements, writing and searching (store.c's queries[]),
 * each prepared when first used (store_q); Q_NQUERIES counts them. */
enum {
	Q_FIND,
	Q_DELETE,
	Q_OLD_TEXT,
	Q_FTS_DELETE,
	Q_BREAK_DELETE,
	Q_STARTS_DELETE,
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
	Q_VOCAB_HAS,
	Q_STEM_PUT,
	Q_STEM_WORDS,
	Q_GENERATION,
	Q_GENERATION_NEXT,
	Q_PAIRS_GEN,
	Q_LOOSE_SAMPLE,
	Q_ID_SPAN,
	Q_COMPLETE,
	Q_NQUERIES
};

/* The matches that loose_pays reads (those of the highest ids, the last
 * stored), and the places their loose phrases' words must have, on
 * average, for the loose MATCH to pay.  FTS5 walks every place of a
 * phrase's words in each decision, the loose MATCH to the first place
 * where they stand together, but calls ombuds_adj for each: the loose
 * MATCH pays for phrases whose words have many places a decision, and
 * costs for those with few (docs/PERFORMANCE.md). */
#define LOOSE_SAMPLE 64
#define LOOSE_MIN_PLACES 32

/* The text columns of decision, one per section kind, in the index's
 * order. */
#define STORE_TEXT_COLUMNS "summary, headings, complaint, powers," \
	" considered, findings, action, decision, other"

/* decision_len (migration 4 → 5): LEN_BLOCK decisions to a row. */
#define LEN_SHIFT 10
#define LEN_BLOCK (1 << LEN_SHIFT)
#define LEN_BYTES (2 * LEN_BLOCK)
#define LEN_MAX 0xffff          /* lengths from here on are not kept */

struct vocab_doc;

/* A decision as store_put writes it (store_prep.c). */
struct store_prepped {
	/* The text of each section kind (index 0, the summary, unused),
	 * the headings, the layout: store_build_texts. */
	char *part[DECISION_KIND_COUNT];
	size_t partcap[DECISION_KIND_COUNT];
	size_t partlen[DECISION_KIND_COUNT];
	char *headings;
	size_t headcap, hlen;
	char *layout;
	size_t laycap, llen;
	uint64_t print;           /* store_fingerprint, always made */
	int ready;                /* all of the above made */
	/* FTS5's words of its columns, given on the preparing thread
	 * (NULL, or failed: FTS5 tokenizes as it writes); the preparer
	 * and the decision's place in its order. */
	struct vocab_doc *words;
	uint64_t prep_id, seq;
};

struct store {
	sqlite3 *db;
	/* Each column's factor on its bm25 weight (column_weight). */
	double colw[RANK_COLUMNS];
	sqlite3_stmt *q[Q_NQUERIES];
	int rc;                 /* SQLite code of the last failure */
	char err[256];
	/* The decision store_put is writing, as stored (tx): prepped on
	 * import's reader thread, or by store_put in own.  prep_id, seq
	 * and ok: the last preparer's (store_prep_new) and its last
	 * decision given, and whether each of its decisions was given, in
	 * order (else its words are not taken from it, see store_prep.c). */
	struct store_prepped own;
	const struct store_prepped *tx;
	uint64_t prep_ids, prep_id, prep_seq;
	int prep_ok;
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
	/* Set by ombuds_rank when it left out the IDF (store_rank_finish),
	 * and the table's row count for it. */
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
	 * column as breaks_build counted them, and as FTS5 did (store_len_put;
	 * colsz_ok: read). */
	uint32_t *pairs;
	size_t npairs, paircap;
	/* The break pairs of the decisions stored since the last commit,
	 * for break_pair (store_breaks_flush). */
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
	 * its words (store_match_expand): ombuds_rank scores them as one
	 * phrase. */
	int rank_group;
	/* … and the phrases of its MATCH that no row holds
	 * (store_match_negated), whose IDF ombuds_rank leaves out, when
	 * the MATCH has rank_nphrase phrases (-1: none left out). */
	uint64_t rank_skip;
	int rank_nphrase;
	/* The decisions the open transaction replaced, whose index rows
	 * store_commit deletes (store_doomed_flush), and the largest id
	 * among them. */
	struct doomed *doomed;
	size_t ndoomed, doomedcap;
	sqlite3_int64 doomedmax;
	/* sqlite3_total_changes when the open transaction began: whether
	 * its commit moves the generation on. */
	sqlite3_int64 changes;
	/* A second connection to the same file, for reading, which reads
	 * half of a large pass on a thread of its own (store_split_run;
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
	/* store_set_check's function, given to the twin when it opens. */
	int (*check)(void *);
	void *check_arg;
};

/* store_open's own flag: open the file as immutable, for reading a
 * store in a folder we cannot write. */
#define STORE_IMMUTABLE (1u << 30)

/* Nonzero when two optional strings differ (NULL is a value of its
 * own). */
static inline int
store_str_changed(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a != b : strcmp(a, b) != 0;
}

/* decision_fts's columns: one per section kind and the headings. */
#define FTS_NCOLUMNS (DECISION_KIND_COUNT + 1)

/* FTS5's column of section kind k (DECISION_KIND_COUNT: the headings),
 * as decision_fts lists them; and back. */
static inline int
fts_column(int k)
{
	return k == DECISION_KIND_SUMMARY ? 0 : k == DECISION_KIND_COUNT ? 1 : k + 1;
}

static inline int
fts_kind(int col)
{
	return col == 0 ? DECISION_KIND_SUMMARY : col == 1 ? DECISION_KIND_COUNT
							  : col - 1;
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

/* How a statement reads the decisions a filter passes.  WHERE_WALK: it
 * walks an order (the covering (date, …) index, newest first) and tests
 * each decision, stopping at a page's end; the filters are kept from
 * using an index of their own ('+'), which would make SQLite fetch all
 * their decisions and sort them.  WHERE_SET: it reads all of them (a
 * count, a set to look matches up in), and the org, category and
 * outcome indexes find them. */
enum where_mode { WHERE_WALK, WHERE_SET };

/* A set of decision ids, a bit each: the decisions passing some filters,
 * or the matches of a query.  Statements are handed it as a pointer
 * (sqlite3_bind_pointer) and test ids with ombuds_in(set, id): SQLite's
 * own set (an index built for the statement, a B-tree insert and
 * look-up an id) costs more than finding the matches. */
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

static inline int
id_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;

	return (x > y) - (x < y);
}

/* Nonzero when id is in set. */
static inline int
idset_has(const struct idset *set, sqlite3_int64 id)
{
	if (id >= 0 && id < set->n)
		return set->bit[id >> 3] >> (id & 7) & 1;
	return set->nout > 0 &&
	       bsearch(&id, set->out, set->nout, sizeof id, id_cmp) != NULL;
}

/* ---- organisations and their outcomes (store_list.c, store_counted.c) - */

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
 * groups are sorted (docs/PERFORMANCE.md). */
#define ORG_TAIL_FILTERED " GROUP BY +d.org_id ORDER BY o.name IS NULL, o.name"

/* ---- search (store_rank.c, store_cursor.c, store_split.c, …) ---------- */

/* bm25 weights, in the index's column order: summary, headings, then the
 * seven section kinds.  ombuds_rank (below) is FTS5's bm25, value for
 * value, computed more cheaply. */
#define STORE_WEIGHTS "4.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0"
#define STORE_BM25 "ombuds_rank(f.decision_fts, " STORE_WEIGHTS ")"
/* The same but, for a query of one phrase over the whole table, without
 * its IDF (see store_rank_fn): the cursor applies it after the pass. */
#define STORE_BM25_NOIDF "ombuds_rank(f.decision_fts, " STORE_WEIGHTS ", 1)"

/* A ranked cursor reads every match at once (the order is known only at
 * the end) and hands them out best first from a binary heap: the first
 * page costs one pass and no sort of the whole list. */
struct ranked {
	long long id;
	double rank;
};


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

/* Nonzero when the row of q whose break pairs are column k (and, with
 * NEAR groups, ombuds_near's answer column k + 1) may hold a span of sp
 * across a break: a suspect, whose text is checked. */
static inline int
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

/* ---- store.c ----------------------------------------------------------- */

int store_fail(struct store *st, int rc, const char *doing);
/* Tells store_set_progress's function how far a long step is (what
 * NULL: the upgrade ended; done < 0 as well: it failed). */
void store_progress(const char *what, long done, long total);
int store_exec(struct store *st, const char *sql, const char *doing);
int store_pragma_int(struct store *st, const char *sql, int *value);
sqlite3_stmt *store_q_doing(struct store *st, int i, const char *doing);
sqlite3_stmt *store_q(struct store *st, int i);
int store_bind_text(sqlite3_stmt *q, int i, const char *s);
int store_step_done(struct store *st, sqlite3_stmt *q, const char *doing);
int store_buf_add(char **buf, size_t *cap, size_t *len, const char *s,
		  size_t n);

/* ---- store_schema.c ---------------------------------------------------- */

int store_migrate(struct store *st, int readonly);
int store_indexes_drop(struct store *st);
int store_indexes_make(struct store *st);

/* ---- store_prep.c ------------------------------------------------------ */

/* A fingerprint of everything stored of d, so that importing the same
 * statement again writes nothing. */
uint64_t store_fingerprint(const struct decision *d);
/* Builds the texts stored beside a decision's metadata, into p:
 *   part[kind] the text of the paragraphs of each section kind, joined by
 *              blank lines: the body is kept once, and an FTS5 column per
 *              kind lets a search look in one kind of section;
 *   headings   each distinct heading and sub-heading once, for ranking,
 *              then the topic lines (topic_lines);
 *   layout     one line per section, "S<kind>[\t<heading>]", and per
 *              paragraph, "P<offset>\t<length>[\t<subheading>]", the offset
 *              in bytes into its section kind's text.
 * Sets the lengths; returns 0, or -1 when out of memory. */
int store_build_texts(struct store_prepped *p, const struct decision *d);
/* The text of FTS5's column of section kind k (DECISION_KIND_COUNT: the
 * headings) as p lays out d; its length in *len. */
const char *store_column_text(const struct store_prepped *p,
			      const struct decision *d, int kind, size_t *len);
void store_prepped_clear(struct store_prepped *p);

/* ---- store_put.c ------------------------------------------------------- */

int store_doomed_flush(struct store *st);
void store_doomed_clear(struct store *st);

/* ---- store_derive.c ---------------------------------------------------- */

int store_breaks_put(struct store *st, sqlite3_int64 id);
int store_breaks_note(struct store *st);
int store_breaks_flush(struct store *st);
int store_pairs_mend(struct store *st);
int store_backfill_pairs(struct store *st);
int store_starts_put(struct store *st, sqlite3_int64 id);
int store_len_done(struct store *st);
int store_len_put(struct store *st, sqlite3_int64 id);
int store_backfill_len(struct store *st);
int store_backfill_breaks(struct store *st);
int store_backfill_starts(struct store *st);
int store_backfill_topics(struct store *st);
struct vocab_words;
int store_breaks_of(struct store *st, const struct decision *d,
		    const struct vocab_words *w);

/* ---- store_read.c ------------------------------------------------------ */

int store_spara_add(struct store *st, size_t *n, int ord, int kind,
		    const char *text, size_t len);

/* ---- store_filter.c ---------------------------------------------------- */

void store_where_free(struct where *w);
int store_where_build(struct store *st, struct where *w,
		      const struct store_filter *f, enum where_mode mode);
char *store_concat(const char *s, ...);
sqlite3_stmt *store_prepare_where(struct store *st, char *sql,
				  const struct where *w, const char *doing);
sqlite3_stmt *store_prepare_filtered(struct store *st,
				     const struct store_filter *f,
				     enum where_mode mode, const char *head,
				     const char *tail, int *narg);
void store_idset_free(struct idset *set);
void store_sql_in(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void store_idset_del(struct idset *set, sqlite3_int64 id);
int store_idset_add(struct idset *set, sqlite3_int64 id);
struct idset *store_idset_new(struct store *st);
void store_idset_done(struct idset *set);
struct idset *store_idset_match(struct store *st, const char *match);
int store_filter_plan(struct store *st, const struct store_filter *f,
		      const char *match, struct idset **set);
void store_bind_rest(sqlite3_stmt *q, int narg, struct idset *set,
		     const char *match);
const struct store_filter *store_filter_dates(const struct store_filter *f,
					      struct store_filter *d);

/* ---- store_list.c ------------------------------------------------------ */

int store_emit_orgs(struct store *st, sqlite3_stmt *q, store_org_fn fn,
		    void *arg);

/* ---- store_vocab.c ----------------------------------------------------- */

int store_vocab_flush(struct store *st);
/* Adds word s (n bytes; "a b": two words a hyphen joined) to vocab_stem
 * under its stem, unless it is its own stem; returns 0 or an SQLite
 * code. */
int store_stem_put(struct store *st, const char *s, size_t n);
/* Fills vocab_stem for a store made before it (migration 12 → 13), with
 * a progress line; returns 0 or -1. */
int store_backfill_stems(struct store *st);
/* The part of it that reads vocab alone: the stems of its words. */
int store_backfill_vocab_stems(struct store *st);

/* ---- store_weigh.c ------------------------------------------------------ */

/* Decides each column's factor from a sample of the corpus and writes
 * column_weight (in the caller's transaction); returns 0 or -1. */
int store_weigh(struct store *st);
/* Reads column_weight into st->colw (1 where it says nothing); returns 0
 * or -1. */
int store_weights_load(struct store *st);
int store_match_has_prefix(const char *match);
/* Nonzero when match is one stemmed word as search writes it, its words
 * ORed in two pairs of parentheses (`(("delay" OR "delays"))`): ranked,
 * as a prefix written out as its words is, as one phrase. */
int store_match_group(const char *match);
const char *store_match_expand(struct store *st, const char *match,
			       char **owned);
/* Sets bit i of *skip (the first 64 phrases) for each phrase of match
 * on the right of a NOT that is strings and ORs alone: no row match
 * finds holds it, so ombuds_rank needs no IDF for it.  Returns the
 * number of phrases of match, or -1 (and *skip 0) for a MATCH not as
 * search writes them. */
int store_match_negated(const char *match, uint64_t *skip);

/* ---- store_rank.c ------------------------------------------------------ */

void store_rank_keep_end(struct store *st);
void store_rank_docsize_end(struct store *st);
void store_rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		   sqlite3_context *ctx, int nval, sqlite3_value **val);
void store_rank_finish(sqlite3_int64 nrow, struct ranked *r, size_t n,
		       sqlite3_int64 nhit);

/* ---- store_near.c ------------------------------------------------------ */

void store_near_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		   sqlite3_context *ctx, int nval, sqlite3_value **val);
void store_adj_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		  sqlite3_context *ctx, int nval, sqlite3_value **val);

/* ---- store_cursor.c ---------------------------------------------------- */

int store_ranked_rows(struct store_cursor *c);
/* Reads the ranked pass c->q whole when it has at most max rows, and
 * orders them (returns 1); else (0) either keeps the rows read, in
 * rowid order, with c->q standing after them and *from the rowid after
 * the last, or, *from 0, leaves c->q as it was before; -1 with
 * store_error set. */
int store_ranked_few(struct store_cursor *c, size_t max, sqlite3_int64 *from);
/* Reads on in c->q (rowid order) into c->heap the rows below rowid
 * below, and ends c->q; returns 0 or -1. */
int store_ranked_rows_below(struct store_cursor *c, sqlite3_int64 below);
void store_ranked_done(struct store_cursor *c, int noidf, sqlite3_int64 nrow,
		       sqlite3_int64 nhit);
int store_spans_settled(struct store *st, const struct store_spans **spans,
			int near_loose, sqlite3_int64 *gen);
int store_spans_stale(struct store *st, sqlite3_int64 gen);
struct store_cursor *store_cursor_open(struct store *st, const char *match,
				       const struct store_filter *f,
				       enum store_order order,
				       const struct store_spans *spans,
				       struct idset *matched);

/* ---- store_split.c ----------------------------------------------------- */

/* A pass read in two halves by rowid (store_split_run): head … tail
 * over the whole table, bound to set and match as store_bind_rest binds
 * them, and how each half is read.  upper reads q on the twin tw, in a
 * thread of its own; lower reads q on the caller's connection; each
 * finalizes q and returns 0, or -1 with its connection's error set.
 * merge, once both halves are read and before the read transactions
 * end, takes the upper half into the lower's: returns 0, or -1 with
 * st's error set.  arg is handed to each. */
struct store_halves {
	const char *head, *tail, *match;
	struct idset *set;
	int (*upper)(void *arg, struct store *tw, sqlite3_stmt *q);
	int (*lower)(void *arg, sqlite3_stmt *q);
	int (*merge)(void *arg, struct store *st, struct store *tw);
	void *arg;
	/* > 0: the rows below from are read already, by a statement of
	 * the caller's that reads on in rowid order: the halves are the
	 * rows from it, the lower one read by that statement (lower is
	 * given NULL) up to *mid, where the upper one starts. */
	sqlite3_int64 from, *mid;
};

int store_query_int(struct store *st, int i, sqlite3_int64 *v);
int store_split_run(struct store *st, const struct store_halves *h);
int store_ranked_split(struct store_cursor *c, const char *head,
		       const char *tail, const char *match);

#endif
