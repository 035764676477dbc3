/* store_derive: the rows FTS5 does not keep, derived from each decision
 * as it is written (and by the migrations' backfills for stores made
 * before them): break pairs (decision_break, break_pair), paragraph
 * starts (decision_starts) and token lengths (decision_len). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"
#include "text_token.h"
#include "store_int.h"
#include "store_vocab.h"

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

/* The last word of the last paragraph with words, per column (a
 * section kind, or the headings: DECISION_KIND_COUNT), folded, while
 * the break pairs of a decision are made. */
struct breaks {
	char prev[DECISION_KIND_COUNT + 1][64];
	char *prevheap[DECISION_KIND_COUNT + 1];
	const char *prevw[DECISION_KIND_COUNT + 1];
	size_t plen[DECISION_KIND_COUNT + 1];
};

static void
breaks_start(struct store *st, struct breaks *b)
{
	memset(b->prevheap, 0, sizeof b->prevheap);
	memset(b->prevw, 0, sizeof b->prevw);
	memset(b->plen, 0, sizeof b->plen);
	st->npairs = 0;
	st->nbrk = 0;
	st->unsure = 0;
	memset(st->ntok, 0, sizeof st->ntok);
}

/* Takes the next paragraph with words of column col: its text t, its
 * ntok words, the first at bytes [fs, fe), the last at [ls, le).  Notes
 * where it begins when words come before it in the column, and the
 * pair its first word makes with the last word before.  Returns 0 or
 * -1 (out of memory). */
static int
breaks_para(struct store *st, struct breaks *b, int col, const char *t,
	    size_t ntok, size_t fs, size_t fe, size_t ls, size_t le)
{
	if (st->ntok[col] > 0) {
		if (st->nbrk == st->brkcap) {
			size_t c = st->brkcap ? st->brkcap * 2 : 64;
			uint64_t *v = realloc(st->brk, c * sizeof *v);

			if (v == NULL)
				return -1;
			st->brk = v;
			st->brkcap = c;
		}
		st->brk[st->nbrk++] = (uint64_t)fts_column(col) << 32 |
				      (uint32_t)st->ntok[col];
	}
	st->ntok[col] += ntok;
	if (b->prevw[col] != NULL) {
		char fbuf[64], *fheap;
		size_t flen;
		const char *first = text_fold_token_buf(t + fs, fe - fs, fbuf,
							sizeof fbuf, &fheap,
							&flen);

		if (first == NULL)
			return -1;
		if (st->npairs == st->paircap) {
			size_t c = st->paircap ? st->paircap * 2 : 64;
			uint32_t *h = realloc(st->pairs, c * sizeof *h);

			if (h == NULL) {
				free(fheap);
				return -1;
			}
			st->pairs = h;
			st->paircap = c;
		}
		st->pairs[st->npairs++] =
			text_pair_hash(b->prevw[col], b->plen[col], first, flen);
		free(fheap);
	}
	free(b->prevheap[col]);
	b->prevw[col] = text_fold_token_buf(t + ls, le - ls, b->prev[col],
					    sizeof b->prev[col],
					    &b->prevheap[col], &b->plen[col]);
	return b->prevw[col] == NULL ? -1 : 0;
}

/* Sorts the pairs (each once) and the breaks when rc is 0; returns rc. */
static int
breaks_finish(struct store *st, struct breaks *b, int rc)
{
	size_t m = 0;

	for (int k = 0; k <= DECISION_KIND_COUNT; k++)
		free(b->prevheap[k]);
	if (rc != 0)
		return rc;
	qsort(st->pairs, st->npairs, sizeof *st->pairs, u32_cmp);
	qsort(st->brk, st->nbrk, sizeof *st->brk, u64_cmp);
	for (size_t i = 0; i < st->npairs; i++)
		if (m == 0 || st->pairs[i] != st->pairs[m - 1])
			st->pairs[m++] = st->pairs[i];
	st->npairs = m;
	return 0;
}

/* Sets st->pairs to the sorted hashes of the pairs of words that meet
 * across a paragraph break: in each column, the last word of a
 * paragraph that has words and the first word of the next one.  Sets
 * st->brk to the positions where those next paragraphs begin, sorted,
 * and st->ntok to the words of each column, and st->unsure.  paras are
 * in stored order, as store_search_doc gives them; their words are
 * text_token's.  Returns 0 or -1 (out of memory). */
static int
breaks_build(struct store *st, const struct store_para *paras, size_t n)
{
	struct breaks b;
	int rc = 0;

	breaks_start(st, &b);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *t = paras[i].text;
		int col = (int)paras[i].kind;
		size_t fs, fe, ls, le, ntok;

		if (col < 0 || col > DECISION_KIND_COUNT || t == NULL)
			continue;
		ntok = text_count_tokens(t, paras[i].len, &st->unsure);
		if (!text_token_edge(t, paras[i].len, 0, &fs, &fe))
			continue;
		text_token_edge(t, paras[i].len, 1, &ls, &le);
		rc = breaks_para(st, &b, col, t, ntok, fs, fe, ls, le);
	}
	return breaks_finish(st, &b, rc);
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
int
store_breaks_put(struct store *st, sqlite3_int64 id)
{
	unsigned char *b = malloc(st->npairs * 4 + 1);
	sqlite3_stmt *q;

	if (b == NULL)
		return store_fail(st, SQLITE_NOMEM, "writing to the store");
	store_pairs_encode(st->pairs, st->npairs, b);
	if ((q = store_q(st, Q_BREAK_PUT)) == NULL) {
		free(b);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_blob(q, 2, b, (int)(st->npairs * 4), SQLITE_TRANSIENT);
	free(b);
	return store_step_done(st, q, "writing to the store");
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
 * (store_breaks_flush).  Returns 0 or -1. */
int
store_breaks_note(struct store *st)
{
	if (st->npairs == 0)
		return 0;       /* st->pairs may be NULL */
	if (newpairs_room(st, st->npairs) < 0)
		return store_fail(st, SQLITE_NOMEM, "writing to the store");
	memcpy(st->newpairs + st->nnewpairs, st->pairs,
	       st->npairs * sizeof *st->pairs);
	st->nnewpairs += st->npairs;
	return 0;
}

/* From this many distinct pairs to add, break_pair is read whole when
 * it holds fewer than PAIRS_READ_RATIO rows a pair: a row read costs
 * ~250 instructions, an INSERT OR IGNORE of one ~3,700. */
#define PAIRS_READ_MIN 256
#define PAIRS_READ_RATIO 8

/* Leaves in v (m sorted distinct pairs) those break_pair does not hold,
 * when reading it whole pays (PAIRS_READ_MIN); sets *m.  Returns 0 or
 * -1. */
static int
pairs_known_out(struct store *st, uint32_t *v, size_t *m)
{
	sqlite3_stmt *q;
	size_t i = 0, k = 0;
	sqlite3_int64 rows = -1;
	int rc;

	if (*m < PAIRS_READ_MIN)
		return 0;
	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM break_pair", -1,
				&q, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		rows = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rows < 0)
		return store_fail(st, rc, "writing to the store");
	if ((size_t)rows >= *m * PAIRS_READ_RATIO)
		return 0;
	rc = sqlite3_prepare_v2(st->db, "SELECT h FROM break_pair WHERE h >= 0"
				" ORDER BY h", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "writing to the store");
	/* Both in order: a merge keeps those the table lacks. */
	while (i < *m && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 h = sqlite3_column_int64(q, 0);

		while (i < *m && v[i] < h)
			v[k++] = v[i++];
		if (i < *m && v[i] == h)
			i++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, "writing to the store");
	while (i < *m)
		v[k++] = v[i++];
	*m = k;
	return 0;
}

/* Sorts the n numbers of v: a radix sort, a byte a pass (a commit's
 * pairs are tens of thousands; qsort costs ~20 times as much), or
 * qsort when memory for it is missing. */
static void
u32_sort(uint32_t *v, size_t n)
{
	uint32_t *t = n > 64 ? malloc(n * sizeof *t) : NULL, *a = v, *b = t;

	if (t == NULL) {
		qsort(v, n, sizeof *v, u32_cmp);
		return;
	}
	for (int shift = 0; shift < 32; shift += 8) {
		size_t count[256] = {0}, at = 0;
		uint32_t *x;

		for (size_t i = 0; i < n; i++)
			count[a[i] >> shift & 0xff]++;
		for (int k = 0; k < 256; k++) {
			size_t c = count[k];

			count[k] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[a[i] >> shift & 0xff]++] = a[i];
		x = a;
		a = b;
		b = x;
	}
	free(t);        /* four passes: the numbers are back in v */
}

/* Adds the n pairs of v (sorted here) to break_pair; returns 0 or -1. */
static int
pairs_add(struct store *st, uint32_t *v, size_t n)
{
	size_t m = 0;

	if (n == 0)
		return 0;       /* v may be NULL */
	u32_sort(v, n);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || v[i] != v[m - 1])
			v[m++] = v[i];
	if (pairs_known_out(st, v, &m) < 0)
		return -1;
	for (size_t i = 0; i < m; i++) {
		sqlite3_stmt *q;

		if ((q = store_q(st, Q_PAIR_PUT)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, v[i]);
		if (store_step_done(st, q, "writing to the store") < 0)
			return -1;
	}
	return 0;
}

/* Adds the break pairs noted since the last commit to break_pair (a
 * few thousand distinct in an import of thousands of decisions);
 * returns 0 or -1. */
int
store_breaks_flush(struct store *st)
{
	int rc = pairs_add(st, st->newpairs, st->nnewpairs);

	st->nnewpairs = 0;
	return rc;
}

/* Fills break_pair again from decision_break when a commit of an older
 * ombuds left it behind the generation (migrations[7]), and puts it
 * level; leaves it so when another connection is writing (searches read
 * the pairs meanwhile).  Returns 0 or -1. */
int
store_pairs_mend(struct store *st)
{
	sqlite3_stmt *q = store_q_doing(st, Q_PAIRS_GEN, "opening the store");
	int rc, level = 1;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		level = sqlite3_column_int(q, 1);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, "opening the store");
	if (level || sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL,
				  NULL) != SQLITE_OK)
		return 0;
	if (store_backfill_pairs(st) < 0 ||
	    store_exec(st, "UPDATE generation SET pairs = n",
		       "opening the store") < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return store_exec(st, "COMMIT", "opening the store");
}

/* Fills break_pair from decision_break (migration 7 → 8); returns 0 or
 * -1. */
int
store_backfill_pairs(struct store *st)
{
	sqlite3_stmt *q;
	size_t limit = 65536;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT pairs FROM decision_break", -1,
				&q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(q, 0);
		size_t nb = (size_t)sqlite3_column_bytes(q, 0), n = nb / 4;

		if (newpairs_room(st, n) < 0) {
			sqlite3_finalize(q);
			st->nnewpairs = 0;
			return store_fail(st, SQLITE_NOMEM,
					  "preparing the store");
		}
		if (n > 0)
			st->nnewpairs += store_pairs_decode(
				b, nb, st->newpairs + st->nnewpairs);
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
		return store_fail(st, rc, "preparing the store");
	}
	return store_breaks_flush(st);
}

/* Writes st->brk as decision id's row of decision_starts (store_starts_encode)
 * by q (Q_STARTS_PUT's parameters), when it is trusted; returns 0 or
 * -1. */
static int
starts_write(struct store *st, sqlite3_stmt *q, sqlite3_int64 id)
{
	unsigned char *b;
	size_t n;

	if (!starts_trusted(st))
		return 0;
	if ((b = malloc(STORE_STARTS_MAX(st->nbrk) + 1)) == NULL)
		return store_fail(st, SQLITE_NOMEM, "writing to the store");
	n = store_starts_encode(st->brk, st->nbrk, b);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_blob(q, 2, b, (int)n, SQLITE_TRANSIENT);
	free(b);
	return store_step_done(st, q, "writing to the store");
}

int
store_starts_put(struct store *st, sqlite3_int64 id)
{
	sqlite3_stmt *q = store_q(st, Q_STARTS_PUT);

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
	if ((q = store_q(st, st->lwstored ? Q_LEN_UPDATE : Q_LEN_INSERT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, st->lwblk);
	sqlite3_bind_blob(q, 2, st->lwbuf, LEN_BYTES, SQLITE_STATIC);
	if (store_step_done(st, q, "writing to the store") < 0)
		return -1;
	st->lwdirty = 0;
	st->lwstored = 1;
	return 0;
}

/* Writes out the row store_put fills and forgets it: the next
 * transaction reads it again, since another process may write it in
 * between.  Returns 0 or -1. */
int
store_len_done(struct store *st)
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
		if ((q = store_q(st, Q_LEN)) == NULL)
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
			return store_fail(st, rc, "writing to the store");
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


/* The length kept for a %_docsize blob: the sum of its sizes, 0 when it
 * is not what FTS5 writes. */
static unsigned
len_of(const void *b, int n)
{
	int ntok = 0;

	return store_docsize_sum(b, n, &ntok) == 0 && ntok > 0 ? (unsigned)ntok
							       : 0;
}

/* Keeps decision id's length, as FTS5 has just counted it, in
 * decision_len.  Returns 0 or -1. */
int
store_len_put(struct store *st, sqlite3_int64 id)
{
	sqlite3_stmt *q = store_q(st, Q_DOCSIZE);
	unsigned len = 0;
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	st->colsz_ok = 0;
	if (rc == SQLITE_ROW) {
		len = len_of(sqlite3_column_blob(q, 0), sqlite3_column_bytes(q, 0));
		st->colsz_ok = store_docsize_cols(sqlite3_column_blob(q, 0),
						  sqlite3_column_bytes(q, 0), st->colsz) == 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, "writing to the store");
	return len_set(st, id, len);
}

/* Fills decision_len for every decision stored before it existed
 * (migration 4 → 5).  Returns 0 or -1. */
int
store_backfill_len(struct store *st)
{
	sqlite3_stmt *q;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT id, sz FROM decision_fts_docsize"
				" ORDER BY id", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (len_set(st, sqlite3_column_int64(q, 0),
			    len_of(sqlite3_column_blob(q, 1),
				   sqlite3_column_bytes(q, 1))) < 0) {
			sqlite3_finalize(q);
			return -1;
		}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "preparing the store");
	return store_len_done(st);
}

/* Fills decision_break for every decision stored before it existed
 * (migration 2 → 3).  Returns 0 or -1. */
int
store_backfill_breaks(struct store *st)
{
	sqlite3_stmt *ids;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT id FROM decision WHERE id NOT IN"
				" (SELECT id FROM decision_break)", -1, &ids, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(ids, 0);
		struct store_doc doc;

		if (store_search_doc(st, id, &doc) <= 0)
			continue;       /* a damaged row: left to the check */
		if (breaks_build(st, doc.paras, doc.npara) < 0) {
			sqlite3_finalize(ids);
			return store_fail(st, SQLITE_NOMEM,
					  "preparing the store");
		}
		if (store_breaks_put(st, id) < 0) {
			sqlite3_finalize(ids);
			return -1;
		}
	}
	sqlite3_finalize(ids);
	return rc == SQLITE_DONE ? 0
				 : store_fail(st, rc, "preparing the store");
}

/* Fills decision_starts for every decision stored before it existed
 * (migration 6 → 7), with the words FTS5 counted in each column from
 * decision_fts_docsize.  Returns 0 or -1. */
int
store_backfill_starts(struct store *st)
{
	sqlite3_stmt *ids, *put;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT d.id, s.sz FROM decision d"
				" LEFT JOIN decision_fts_docsize s ON s.id = d.id"
				" WHERE d.id NOT IN (SELECT id FROM decision_starts)",
				-1, &ids, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "preparing the store");
	rc = sqlite3_prepare_v2(st->db, "INSERT INTO decision_starts(id, starts)"
				" VALUES (?1, ?2)", -1, &put, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(ids);
		return store_fail(st, rc, "preparing the store");
	}
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(ids, 0);
		struct store_doc doc;

		st->colsz_ok = store_docsize_cols(sqlite3_column_blob(ids, 1),
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
	return rc == SQLITE_DONE ? 0
				 : store_fail(st, rc, "preparing the store");
}

/* Makes break pairs, starts and lengths again for every decision, from
 * index rows written anew (migration 13 → 14, after decision_break,
 * decision_starts and break_pair were emptied).  Returns 0 or -1. */
int
store_backfill_topics(struct store *st)
{
	if (store_backfill_breaks(st) < 0 || store_backfill_starts(st) < 0 ||
	    store_backfill_len(st) < 0 || store_backfill_pairs(st) < 0 ||
	    store_backfill_vocab_stems(st) < 0)
		return -1;
	/* As migration 7 → 8: -1 while a decision lacks its break pairs. */
	return store_exec(st, "INSERT OR IGNORE INTO break_pair(h) SELECT -1"
			  " WHERE EXISTS (SELECT 1 FROM decision WHERE id NOT IN"
			  " (SELECT id FROM decision_break));"
			  "UPDATE generation SET pairs = n",
			  "preparing the store");
}

/* The first of words [lo, hi) of tok (two ints a word, in order of
 * their bytes) that starts at or after byte b: a paragraph's words are
 * found by their ends, not one by one. */
static size_t
words_before(const int *tok, size_t lo, size_t hi, size_t b)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((size_t)tok[2 * mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* breaks_build over the n paragraphs of st->sparas, with FTS5's own
 * words of the row just written (w) instead of tokenizing them again.
 * Returns 0, -1 (out of memory), or 1 when w is not the row's words as
 * its columns are laid out (or a word is not within a paragraph), or
 * its text holds a character on which text_token may part from
 * unicode61: breaks_build decides then. */
static int
breaks_watched(struct store *st, const struct decision *d, size_t n,
	       const struct vocab_words *w)
{
	size_t at[DECISION_KIND_COUNT + 1], end[DECISION_KIND_COUNT + 1];
	size_t off[DECISION_KIND_COUNT + 1] = {0};
	const char *base[DECISION_KIND_COUNT + 1];
	struct breaks b;
	int text = 0, rc = 0;

	/* The texts FTS5 was given, in its column order. */
	for (int col = 0; col < FTS_NCOLUMNS; col++) {
		int k = fts_kind(col);
		size_t len;

		base[k] = store_column_text(st->tx, d, k, &len);
		at[k] = end[k] = 0;
		if (len == 0)
			continue;
		if (text == w->ntext || (size_t)w->len[text] != len ||
		    text_unsure(base[k], len))
			return 1;
		at[k] = w->first[text];
		end[k] = w->first[++text];
	}
	if (text != w->ntext)
		return 1;
	breaks_start(st, &b);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct store_para *p = &st->sparas[i];
		int k = (int)p->kind;
		size_t o, first, j;

		/* Where the paragraph stands in its column: the summary is
		 * the whole of it, heading lines and paragraphs follow each
		 * other with "\n" and "\n\n" between. */
		if (k == DECISION_KIND_SUMMARY || k == DECISION_KIND_COUNT)
			o = (size_t)(p->text - base[k]);
		else
			o = off[k] ? off[k] + 2 : 0;
		off[k] = o + p->len;
		first = at[k];
		j = words_before(w->tok, first, end[k], o + p->len);
		if ((j > first && (size_t)w->tok[2 * first] < o) ||
		    (j > first && (size_t)w->tok[2 * (j - 1) + 1] > o + p->len))
			rc = 1;
		at[k] = j;
		if (rc == 0 && j > first)
			rc = breaks_para(st, &b, k, p->text, j - first,
					 (size_t)w->tok[2 * first] - o,
					 (size_t)w->tok[2 * first + 1] - o,
					 (size_t)w->tok[2 * (j - 1)] - o,
					 (size_t)w->tok[2 * (j - 1) + 1] - o);
	}
	for (int k = 0; k <= DECISION_KIND_COUNT && rc == 0; k++)
		if (at[k] != end[k])
			rc = 1;
	return breaks_finish(st, &b, rc);
}

/* The break pairs of d as laid out in st->tx (store_build_texts): its
 * paragraphs by kind and the lines of its headings.  w: FTS5's words of
 * the row (NULL: none kept).  Returns 0 or -1. */
int
store_breaks_of(struct store *st, const struct decision *d,
		const struct vocab_words *w)
{
	size_t n = 0, hlen = st->tx->hlen;
	const char *h = st->tx->headings, *end = h + hlen;
	int rc;

	/* The summary, one paragraph, as store_search_doc gives it. */
	if (d->summary != NULL &&
	    store_spara_add(st, &n, 0, DECISION_KIND_SUMMARY, d->summary,
			    strlen(d->summary)) < 0)
		return -1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		int k = p->kind > DECISION_KIND_SUMMARY &&
				p->kind < DECISION_KIND_COUNT
			? (int)p->kind : DECISION_KIND_OTHER;

		if (store_spara_add(st, &n, 0, k, p->text, strlen(p->text)) < 0)
			return -1;
	}
	while (hlen && h < end) {
		const char *nl = memchr(h, '\n', (size_t)(end - h));
		const char *le = nl ? nl : end;

		if (store_spara_add(st, &n, -1, DECISION_KIND_COUNT, h, (size_t)(le - h)) < 0)
			return -1;
		h = nl ? nl + 1 : end;
	}
	if (w != NULL && (rc = breaks_watched(st, d, n, w)) <= 0)
		return rc;
	return breaks_build(st, st->sparas, n);
}
