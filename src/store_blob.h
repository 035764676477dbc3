/* store_blob.h: the store's own blob formats, as pure codecs (no SQLite):
 * varints, the sorted little-endian hashes of decision_break, the
 * paragraph starts of decision_starts and the column sizes of FTS5's
 * %_docsize.  The decoders that run once per match are inline here;
 * the rest are in store_blob.c. */
#ifndef OMBUDS_STORE_BLOB_H
#define OMBUDS_STORE_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "decision.h"

/* decision_fts's columns: summary, headings, the seven section kinds. */
#define RANK_COLUMNS (DECISION_KIND_COUNT + 1)

/* Decodes one SQLite varint (as FTS5 writes the sizes in %_docsize) into
 * *v; returns its length, 0 when it runs past end. */
static inline int
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

/* The hash at index i of a decision_break blob b: 4 bytes, the little
 * end first. */
static inline uint32_t
store_pair_get(const unsigned char *b, size_t i)
{
	b += i * 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/* Nonzero when the sorted little-endian hashes of blob b (n bytes) hold
 * none of pairs. */
static inline int
pairs_clear(const unsigned char *b, size_t n, const uint32_t *pairs,
	    size_t npairs)
{
	for (size_t i = 0; i < npairs; i++) {
		size_t lo = 0, hi = n / 4;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			uint32_t v = store_pair_get(b, mid);

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

/* ---- store_blob.c ------------------------------------------------------ */

/* Writes v as an SQLite varint into b (5 bytes room); returns its
 * length. */
size_t store_put_varint32(unsigned char *b, uint32_t v);
/* The column sizes of a %_docsize blob (n bytes; DECISION_KIND_COUNT + 1
 * columns): their sum into *ntok, or each into sz.  Return 0, or 1 when
 * the blob is not what FTS5 writes. */
int store_docsize_sum(const unsigned char *b, int n, int *ntok);
int store_docsize_cols(const unsigned char *b, int n, unsigned *sz);
/* Writes the n hashes of pairs into b (4 * n bytes), each as
 * store_pair_get reads it. */
void store_pairs_encode(const uint32_t *pairs, size_t n, unsigned char *b);
/* Reads the hashes of a decision_break blob b (n bytes; a hash cut short
 * at its end is left out) into v (room for n / 4); returns how many. */
size_t store_pairs_decode(const unsigned char *b, size_t n, uint32_t *v);
/* Writes the breaks brk[0 .. nbrk) (a column << 32 | a position, sorted)
 * into b as a decision_starts blob; returns its length, at most
 * STORE_STARTS_MAX(nbrk). */
size_t store_starts_encode(const uint64_t *brk, size_t nbrk, unsigned char *b);
#define STORE_STARTS_MAX(nbrk) ((nbrk) * 15)
/* Reads a decision_starts blob (n bytes) into *pos, grown as needed
 * (*cap its room): the breaks of column c are (*pos)[lo[c] ..
 * lo[c + 1]).  Returns 0, 1 when b is not such a blob, -1 when out of
 * memory (or b NULL with n > 0: SQLite ran out of memory reading it). */
int store_starts_decode(const unsigned char *b, int n, uint32_t **pos,
			size_t *cap, size_t lo[RANK_COLUMNS + 1]);

#endif
