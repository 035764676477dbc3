/* store_rank: the FTS5 auxiliary function ombuds_rank: FTS5's bm25,
 * value for value, from the lengths the store keeps (decision_len) and
 * the bm25 data kept across FTS5's cursors. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* Stands in st->lr for a row of decision_len that is missing. */
static unsigned char len_none[1];

/* What ombuds_rank computes once per query: FTS5's bm25 data. */
struct rank_data {
	int nphrase;
	double avgdl;
	double *idf;
	double *freq;
};

/* A phrase's rows counted for its IDF, up to half the table's: from
 * there (2 nhit >= nrow) bm25's IDF is its floor, 1e-6, whatever the
 * rest of the count, so the walk stops (SQLITE_DONE: FTS5 ends
 * xQueryPhrase without an error). */
struct rank_count {
	sqlite3_int64 nhit, nrow;
};

static int
rank_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	struct rank_count *n = arg;

	(void)api;
	(void)fts;
	return ++n->nhit * 2 >= n->nrow ? SQLITE_DONE : SQLITE_OK;
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
		struct rank_count cnt = { 0, nrow };
		sqlite3_int64 nhit;

		/* A phrase no row holds (store_match_negated): its term is
		 * 0 with any IDF. */
		if (st->rank_nphrase == n && i < 64 &&
		    (st->rank_skip >> i & 1)) {
			p->idf[i] = 1e-6;
			continue;
		}
		*rc = api->xQueryPhrase(fts, i, &cnt, rank_count_cb);
		nhit = cnt.nhit;
		if (*rc == SQLITE_OK) {
			double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));

			p->idf[i] = idf <= 0.0 ? 1e-6 : idf;
		}
	}
	if (*rc != SQLITE_OK) {
		sqlite3_free(p);
		return NULL;
	}
	/* The store keeps it until the statement's end (store_rank_keep_end);
	 * FTS5 only hands it back while its cursor lasts. */
	st->rank_keep = p;
	return p;
}

/* Forgets the kept bm25 data: before and after each ranked statement. */
void
store_rank_keep_end(struct store *st)
{
	sqlite3_free(st->rank_keep);
	st->rank_keep = NULL;
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
	return store_docsize_sum(buf, n, ntok);
}

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

/* The row's length in tokens (all columns), as xColumnSize(-1) gives it,
 * from decision_len (rank_len), else from decision_fts_docsize, where
 * FTS5 looks each row up with a statement of its own (half of bm25's
 * time on a common word).  Rows that follow one another (a word in most
 * decisions) are read by one statement stepped forward beside FTS5's
 * own walk in rowid order; others (a rarer word, filters) through a blob
 * handle.  Returns 0, or 1 to ask FTS5. */
static int
rank_docsize(struct store *st, sqlite3_int64 id, int *ntok)
{
	sqlite3_stmt *q = st->dsq;
	int rc, next = st->dslast > 0 && id - st->dslast == 1;

	if (rank_len(st, id, ntok) == 0)
		return 0;
	st->dslast = id;
	/* A step costs less than half a blob read, and a blob read a
	 * little less than a reseek of the statement: step when the row is
	 * at most two ahead, reseek when the rows come one after another,
	 * else the blob. */
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
	return store_docsize_sum(sqlite3_column_blob(q, 1),
				 sqlite3_column_bytes(q, 1), ntok);
}

/* Ends the forward walk of decision_fts_docsize and the blob handle
 * (each holds a read transaction while it stands on a row). */
void
store_rank_docsize_end(struct store *st)
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
void
store_rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
	      sqlite3_context *ctx, int nval, sqlite3_value **val)
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
		w[c] = (nval > c ? sqlite3_value_double(val[c]) : 1.0) * st->colw[c];
	/* A prefix written out as its words (store_match_expand): the instances
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
void
store_rank_finish(sqlite3_int64 nrow, struct ranked *r, size_t n,
		  sqlite3_int64 nhit)
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
