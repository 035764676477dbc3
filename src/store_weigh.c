/* store_weigh: how much each section kind counts in ranking, decided from
 * the corpus.  Statements repeat stock paragraphs (the role and powers,
 * "I considered the Ombudsman's Assessment Code"), and a word met only
 * there says nothing of what a decision is about.  A section's weight is
 * its base weight (STORE_WEIGHTS) times the share of its words that are
 * not in such paragraphs: paragraphs found, word for word, in a tenth
 * of a sample of decisions (and in 3 at least).  The summary and the
 * headings with the topic lines keep their base weights.  Table
 * column_weight keeps the factors; ombuds_rank applies them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"
#include "text_token.h"

/* The decisions read (the last stored), and the least number of them a
 * paragraph must be in to be stock. */
#define WEIGH_SAMPLE 1000
#define WEIGH_MIN_DECISIONS 3

/* One paragraph of the sample: its column, its hash and its words. */
struct wpara {
	uint32_t hash;
	int col;
	size_t words;
};

/* The distinct decisions a paragraph's hash was found in: open
 * addressing, slot 0 empty. */
struct wcount {
	uint32_t hash;
	uint32_t last;          /* the sample's decision that counted it last */
	uint32_t n;
};

struct weigh {
	struct wpara *p;
	size_t np, pcap;
	struct wcount *c;
	size_t nc, ccap;        /* ccap: a power of two */
	struct text_toks tk;
};

/* Nonzero for a word that varies between copies of a stock paragraph:
 * an initial (Mrs M) or a title. */
static int
name_word(const char *s, size_t n)
{
	return n == 1 || (n == 2 && (memcmp(s, "mr", 2) == 0 ||
				     memcmp(s, "ms", 2) == 0)) ||
	       (n == 3 && memcmp(s, "mrs", 3) == 0);
}

/* The hash of paragraph tokens [a, b) of w->tk, names left out. */
static uint32_t
para_hash(const struct text_toks *t, size_t a, size_t b)
{
	uint32_t h = 2166136261u;

	for (size_t i = a; i < b; i++) {
		const char *s = t->fold + t->fo[i];

		if (name_word(s, t->fl[i]))
			continue;
		for (size_t k = 0; k < t->fl[i]; k++)
			h = (h ^ (unsigned char)s[k]) * 16777619u;
		h = (h ^ 0x20u) * 16777619u;
	}
	return h ? h : 1;
}

/* Counts hash once for decision d; returns 0 or -1. */
static int
count_hash(struct weigh *w, uint32_t hash, uint32_t d)
{
	size_t k;

	if (w->nc * 2 >= w->ccap) {
		size_t cap = w->ccap ? w->ccap * 2 : 4096;
		struct wcount *c = calloc(cap, sizeof *c);

		if (c == NULL)
			return -1;
		for (size_t i = 0; i < w->ccap; i++) {
			if (w->c[i].hash == 0)
				continue;
			for (k = w->c[i].hash & (cap - 1); c[k].hash != 0;
			     k = (k + 1) & (cap - 1))
				;
			c[k] = w->c[i];
		}
		free(w->c);
		w->c = c;
		w->ccap = cap;
	}
	for (k = hash & (w->ccap - 1); w->c[k].hash != 0 && w->c[k].hash != hash;
	     k = (k + 1) & (w->ccap - 1))
		;
	if (w->c[k].hash == 0) {
		w->c[k] = (struct wcount){hash, d, 1};
		w->nc++;
	} else if (w->c[k].last != d) {
		w->c[k].last = d;
		w->c[k].n++;
	}
	return 0;
}

static uint32_t
count_of(const struct weigh *w, uint32_t hash)
{
	for (size_t k = hash & (w->ccap - 1); w->c[k].hash != 0;
	     k = (k + 1) & (w->ccap - 1))
		if (w->c[k].hash == hash)
			return w->c[k].n;
	return 0;
}

/* Notes the paragraphs (split at blank lines) of column col of decision
 * d; returns 0 or -1. */
static int
note_column(struct weigh *w, int col, uint32_t d, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *e = memmem(s + i, len - i, "\n\n", 2);
		size_t plen = e != NULL ? (size_t)(e - (s + i)) : len - i;

		w->tk.n = 0;
		w->tk.flen = 0;
		if (text_toks_add(&w->tk, s + i, plen) < 0)
			return -1;
		if (w->tk.n > 0) {
			if (w->np == w->pcap) {
				size_t cap = w->pcap ? w->pcap * 2 : 4096;
				struct wpara *p = realloc(w->p, cap * sizeof *p);

				if (p == NULL)
					return -1;
				w->p = p;
				w->pcap = cap;
			}
			w->p[w->np] = (struct wpara){
				para_hash(&w->tk, 0, w->tk.n), col, w->tk.n,
			};
			if (count_hash(w, w->p[w->np].hash, d) < 0)
				return -1;
			w->np++;
		}
		i += plen + 2;
	}
	return 0;
}

/* Reads the sample into w; sets *n to the decisions read.  Returns 0 or
 * -1. */
static int
read_sample(struct store *st, struct weigh *w, uint32_t *n)
{
	sqlite3_stmt *q;
	int rc;

	*n = 0;
	rc = sqlite3_prepare_v2(st->db, "SELECT " STORE_TEXT_COLUMNS
				" FROM decision ORDER BY id DESC LIMIT ?1", -1,
				&q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "weighing the sections");
	sqlite3_bind_int(q, 1, WEIGH_SAMPLE);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		/* Columns 2 on: the section kinds after the summary and the
		 * headings, in the index's order. */
		for (int c = 2; c < RANK_COLUMNS; c++)
			if (note_column(w, c, *n,
					(const char *)sqlite3_column_text(q, c),
					(size_t)sqlite3_column_bytes(q, c)) < 0) {
				sqlite3_finalize(q);
				return store_fail(st, SQLITE_NOMEM,
						  "weighing the sections");
			}
		(*n)++;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "weighing the sections");
}

int
store_weigh(struct store *st)
{
	struct weigh w = {0};
	size_t words[RANK_COLUMNS] = {0}, stock[RANK_COLUMNS] = {0};
	uint32_t n, least;
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (read_sample(st, &w, &n) < 0)
		goto out;
	least = n / 10 > WEIGH_MIN_DECISIONS ? n / 10 : WEIGH_MIN_DECISIONS;
	for (size_t i = 0; i < w.np; i++) {
		words[w.p[i].col] += w.p[i].words;
		if (count_of(&w, w.p[i].hash) >= least)
			stock[w.p[i].col] += w.p[i].words;
	}
	if (store_exec(st, "DELETE FROM column_weight", "weighing the sections") < 0)
		goto out;
	rc = sqlite3_prepare_v2(st->db, "INSERT INTO column_weight(col, factor)"
				" VALUES (?1, ?2)", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		rc = store_fail(st, rc, "weighing the sections");
		goto out;
	}
	for (int c = 0; c < RANK_COLUMNS; c++) {
		/* Hundredths: the factors stay readable in the table. */
		double f = words[c] == 0 ? 1.0 :
			(double)((words[c] - stock[c]) * 100 / words[c]) / 100.0;

		st->colw[c] = f;
		sqlite3_bind_int(q, 1, c);
		sqlite3_bind_double(q, 2, f);
		if ((rc = store_step_done(st, q, "weighing the sections")) < 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	text_toks_free(&w.tk);
	free(w.p);
	free(w.c);
	return rc;
}

int
store_weights_load(struct store *st)
{
	sqlite3_stmt *q;
	int rc;

	for (int c = 0; c < RANK_COLUMNS; c++)
		st->colw[c] = 1.0;
	rc = sqlite3_prepare_v2(st->db, "SELECT col, factor FROM column_weight",
				-1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "opening the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int c = sqlite3_column_int(q, 0);

		if (c >= 0 && c < RANK_COLUMNS)
			st->colw[c] = sqlite3_column_double(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "opening the store");
}

double
store_kind_weight(const struct store *st, enum decision_kind k)
{
	int c = fts_column(k < DECISION_KIND_COUNT ? (int)k : DECISION_KIND_COUNT);

	return c >= 0 && c < RANK_COLUMNS ? st->colw[c] : 1.0;
}
