/* store_suggest: part of the store — "did you mean": the word of the
 * store's own vocabulary (table vocab, every word FTS5 indexes) nearest
 * a word that matches nothing, by Damerau–Levenshtein distance (adjacent
 * transpositions count one edit), at most 1 edit for a word of up to 4
 * letters and 2 beyond; of the nearest, the one in most decisions. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

#define SUGGEST_LEN 48    /* longest word considered, in characters */
#define SUGGEST_NEAR 8    /* candidates at the best distance weighed */
#define SUGGEST_MAX 2     /* edits at most */

/* Decodes the UTF-8 word s[0..n) into cp; returns its length in
 * characters, or -1 when longer than limit (at most SUGGEST_LEN) or not
 * UTF-8. */
static int
decode(const unsigned char *s, size_t n, uint32_t *cp, int limit)
{
	int k = 0;

	for (size_t i = 0; i < n; k++) {
		uint32_t c = s[i];
		int more = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;

		if (more < 0 || k == limit || i + (size_t)more >= n)
			return -1;
		if (more)
			c &= 0x3fu >> more;
		for (int j = 1; j <= more; j++) {
			if ((s[i + (size_t)j] & 0xc0) != 0x80)
				return -1;
			c = c << 6 | (s[i + (size_t)j] & 0x3f);
		}
		cp[k] = c;
		i += (size_t)more + 1;
	}
	return k;
}

/* The optimal-string-alignment distance of a[0..na) and b[0..nb), or
 * max + 1 once it must exceed max (a row whose least value passes it). */
static int
distance(const uint32_t *a, int na, const uint32_t *b, int nb, int max)
{
	int rows[3][SUGGEST_LEN + 1];
	int *pp = rows[0], *p = rows[1], *c = rows[2];

	if (abs(na - nb) > max)
		return max + 1;
	for (int j = 0; j <= nb; j++)
		p[j] = j;
	for (int i = 1; i <= na; i++) {
		int least;

		c[0] = least = i;
		for (int j = 1; j <= nb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < least)
				least = v;
		}
		if (least > max)
			return max + 1;
		int *t = pp;

		pp = p;
		p = c;
		c = t;
	}
	return p[nb];
}

/* The ASCII bytes of s[0..n) as bits (byte & 63): a character of one
 * word missing from another costs at least one edit, so two words whose
 * sets differ by more than max bits on either side are further apart
 * than max — a test far cheaper than the distance. */
static uint64_t
letters(const unsigned char *s, size_t n)
{
	uint64_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x80)
			m |= (uint64_t)1 << (s[i] & 63);
	return m;
}

/* Prepares sql on st; returns it, or NULL with store_error set. */
static sqlite3_stmt *
prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);

	if (rc != SQLITE_OK) {
		store_fail(st, rc, "looking for a word like it");
		return NULL;
	}
	return q;
}

/* Sets *n to the number of decisions holding word; returns 0 or -1. */
static int
decisions_with(struct store *st, const char *word, size_t len, long *n)
{
	sqlite3_stmt *q = prepare(st, "SELECT count(*) FROM decision_fts"
				      " WHERE decision_fts MATCH ?1");
	char m[4 * SUGGEST_LEN + 3];
	int rc;

	if (q == NULL)
		return -1;
	/* The words of vocab are FTS5's tokens: none holds a quote. */
	m[0] = '"';
	memcpy(m + 1, word, len);
	m[len + 1] = '"';
	sqlite3_bind_text(q, 1, m, (int)len + 2, SQLITE_STATIC);
	rc = sqlite3_step(q);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, "looking for a word like it");
	return 0;
}

int
store_suggest(struct store *st, const char *word, size_t n, char *out,
	      size_t cap)
{
	char near[SUGGEST_NEAR][4 * SUGGEST_LEN + 1];
	uint32_t a[SUGGEST_LEN], b[SUGGEST_LEN];
	int na = decode((const unsigned char *)word, n, a, SUGGEST_LEN - SUGGEST_MAX);
	int best, nnear = 0;
	sqlite3_stmt *q;
	long most = -1;
	uint64_t ma;
	int rc, pick = -1;

	if (cap > 0)
		out[0] = '\0';
	if (na < 3)
		return 0;
	best = na <= 4 ? 1 : SUGGEST_MAX;
	ma = letters((const unsigned char *)word, n);
	if ((q = prepare(st, "SELECT term FROM vocab")) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		size_t tn = (size_t)sqlite3_column_bytes(q, 0);
		uint64_t mb;
		int nb, d;

		/* A word has no more characters than bytes: one of too few
		 * bytes is out of reach, and decoding stops at too many
		 * characters. */
		if (t == NULL || tn + (size_t)best < (size_t)na)
			continue;
		mb = letters(t, tn);
		if (__builtin_popcountll(ma & ~mb) > best ||
		    __builtin_popcountll(mb & ~ma) > best)
			continue;
		if ((nb = decode(t, tn, b, na + best)) < 0 || abs(nb - na) > best)
			continue;
		if ((d = distance(a, na, b, nb, best)) > best)
			continue;
		/* The word is one of the store's: nothing to suggest. */
		if (d == 0) {
			nnear = 0;
			rc = SQLITE_DONE;
			break;
		}
		if (d < best) {
			best = d;
			nnear = 0;
		}
		if (nnear < SUGGEST_NEAR) {
			memcpy(near[nnear], t, tn);
			near[nnear++][tn] = '\0';
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "looking for a word like it");
	for (int i = 0; i < nnear && nnear > 1; i++) {
		long c;

		if (decisions_with(st, near[i], strlen(near[i]), &c) < 0)
			return -1;
		if (c > most) {
			most = c;
			pick = i;
		}
	}
	if (nnear == 1)
		pick = 0;
	if (pick < 0 || strlen(near[pick]) + 1 > cap)
		return 0;
	strcpy(out, near[pick]);
	return 1;
}
