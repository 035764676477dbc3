/* store_blob.h: the store's own blob formats, as pure codecs (no SQLite):
 * varints, the sorted little-endian hashes of decision_break, the
 * paragraph starts of decision_starts and the column sizes of FTS5's
 * %_docsize.  The decoders that run once per match are inline here;
 * the rest are in store_blob.c. */
#ifndef OMBUDS_STORE_BLOB_H
#define OMBUDS_STORE_BLOB_H

#include <stddef.h>
#include <stdint.h>

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

/* ---- store_blob.c ------------------------------------------------------ */

/* Writes v as an SQLite varint into b (5 bytes room); returns its
 * length. */
size_t store_put_varint32(unsigned char *b, uint32_t v);
/* The column sizes of a %_docsize blob (n bytes; DECISION_KIND_COUNT + 1
 * columns): their sum into *ntok, or each into sz.  Return 0, or 1 when
 * the blob is not what FTS5 writes. */
int store_docsize_sum(const unsigned char *b, int n, int *ntok);
int store_docsize_cols(const unsigned char *b, int n, unsigned *sz);

#endif
