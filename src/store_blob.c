/* store_blob: the codecs of store_blob.h that are not inline: varints
 * out, break pairs and paragraph starts both ways, FTS5's %_docsize
 * blobs.  No SQLite, no struct store: the tests call them alone. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "store_blob.h"

/* Appends v to b (FTS5's varint: 7 bits a byte, most significant
 * first); returns the bytes written (at most 5). */
size_t
store_put_varint32(unsigned char *b, uint32_t v)
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

void
store_pairs_encode(const uint32_t *pairs, size_t n, unsigned char *b)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			b[i * 4 + (size_t)k] =
			    (unsigned char)(pairs[i] >> (8 * k));
}

size_t
store_pairs_decode(const unsigned char *b, size_t n, uint32_t *v)
{
	n /= 4;
	for (size_t i = 0; i < n; i++)
		v[i] = store_pair_get(b, i);
	return n;
}

/* The starts blob: for each column with breaks, its number, how many,
 * and each position less the one before (varints).  At most 15 bytes a
 * break: a column's number and count, 5 bytes each, for as many columns
 * as there are breaks, and 5 a position. */
size_t
store_starts_encode(const uint64_t *brk, size_t nbrk, unsigned char *b)
{
	size_t n = 0;

	for (size_t i = 0; i < nbrk;) {
		uint32_t col = (uint32_t)(brk[i] >> 32), prev = 0;
		size_t j = i;

		while (j < nbrk && (uint32_t)(brk[j] >> 32) == col)
			j++;
		n += store_put_varint32(b + n, col);
		n += store_put_varint32(b + n, (uint32_t)(j - i));
		for (; i < j; i++) {
			n += store_put_varint32(b + n, (uint32_t)brk[i] - prev);
			prev = (uint32_t)brk[i];
		}
	}
	return n;
}

/* Sums the RANK_COLUMNS sizes of a %_docsize blob into *ntok; returns 0,
 * or 1 when the blob is not what FTS5 writes. */
int
store_docsize_sum(const unsigned char *b, int n, int *ntok)
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
int
store_docsize_cols(const unsigned char *b, int n, unsigned *sz)
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

int
store_starts_decode(const unsigned char *b, int n, uint32_t **pos,
		    size_t *cap, size_t lo[RANK_COLUMNS + 1])
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
		uint32_t at = 0;

		if ((m = get_varint32(b, end, &col)) == 0 ||
		    col >= RANK_COLUMNS || (int)col <= last)
			return 1;
		b += m;
		if ((m = get_varint32(b, end, &cnt)) == 0 ||
		    cnt > (unsigned)(end - b))
			return 1;
		b += m;
		for (int c = last + 1; c <= (int)col; c++)
			lo[c] = k;
		if (k + cnt > *cap) {
			size_t nc = (k + cnt) * 2;
			uint32_t *v = realloc(*pos, nc * sizeof *v);

			if (v == NULL)
				return -1;
			*pos = v;
			*cap = nc;
		}
		/* Positions rise, and stay FTS5's (an int). */
		for (unsigned i = 0; i < cnt; i++) {
			if ((m = get_varint32(b, end, &d)) == 0 || d == 0 ||
			    d > (uint32_t)INT_MAX - at)
				return 1;
			b += m;
			(*pos)[k++] = at += d;
		}
		last = (int)col;
	}
	for (int c = last + 1; c <= RANK_COLUMNS; c++)
		lo[c] = k;
	return 0;
}
