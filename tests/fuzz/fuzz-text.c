/* fuzz-text: the text module on any bytes — text_clean, text_fold,
 * text_width and text_wrap — checking what text.h promises: cleaned text
 * is valid NFC UTF-8 with no control character but '\n' and as many
 * lines as the input, cleaning it again changes nothing, folding gives
 * valid UTF-8, and wrapped lines stay in range, in order, no wider than
 * the width (unless one character is wider), with nothing but spaces and
 * line breaks left out of them.  The first byte chooses the width. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "fuzz.h"
#include "text.h"

/* The number of lines text_clean must keep: each CR LF, lone CR and LF
 * ends one (a NUL between CR and LF is dropped first). */
static size_t
line_ends(const uint8_t *s, size_t n)
{
	size_t i, ends = 0;
	int after_cr = 0;

	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		s += 3;
		n -= 3;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			continue;
		if (s[i] == '\n' && after_cr) {
			after_cr = 0;
			continue;
		}
		after_cr = s[i] == '\r';
		if (s[i] == '\r' || s[i] == '\n')
			ends++;
	}
	return ends;
}

static size_t
count_byte(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Nonzero when the character at s (valid UTF-8) may fall between two
 * wrapped lines: white space or a mandatory line break. */
static int
gap_char(const char *s, size_t n, size_t *clen)
{
	ucs4_t uc;

	if (text_is_space_at(s, n, clen))
		return 1;
	*clen = (size_t)u8_mbtouc(&uc, (const uint8_t *)s, n);
	return uc == '\n' || uc == 0x2028 || uc == 0x2029;
}

/* Checks text_wrap on s[0..n); strict: s is clean text, so every
 * promise of text.h applies, otherwise only ranges and order. */
static void
check_wrap(const char *s, size_t n, int width, int strict)
{
	struct text_line *lines;
	long nl = text_wrap(s, n, width, &lines);
	int w = width < 1 ? 1 : width;
	size_t prev = 0;

	fuzz_check(nl >= 0);
	fuzz_check(nl == 0 || lines != NULL);
	for (long i = 0; i < nl; i++) {
		const struct text_line *l = &lines[i];

		fuzz_check(l->off <= n && l->len <= n - l->off);
		fuzz_check(l->off >= prev);
		fuzz_check(l->width >= 0);
		if (strict) {
			size_t k = 0, j;
			ucs4_t uc;

			fuzz_check(fuzz_boundary(s, n, l->off));
			fuzz_check(fuzz_boundary(s, n, l->off + l->len));
			fuzz_check(l->width == text_width(s + l->off, l->len));
			fuzz_check(memchr(s + l->off, '\n', l->len) == NULL);
			/* Nothing but spaces and breaks is left out. */
			for (j = prev; j < l->off; j += k)
				fuzz_check(gap_char(s + j, n - j, &k));
			/* Trailing spaces are not part of the line. */
			if (l->len > 0) {
				const uint8_t *e = u8_prev(
				    &uc, (const uint8_t *)s + l->off + l->len,
				    (const uint8_t *)s + l->off);

				fuzz_check(e != NULL);
				fuzz_check(!text_is_space_at(
				    (const char *)e,
				    (size_t)((const uint8_t *)s + l->off +
					     l->len - e),
				    &k));
			}
			/* Wider than the width only when one character is. */
			if (l->width > w) {
				int wide = 0;

				for (j = l->off; j < l->off + l->len; j += k) {
					k = (size_t)u8_mbtouc(
					    &uc, (const uint8_t *)s + j,
					    l->off + l->len - j);
					wide += uc_width(uc, "UTF-8") > 0;
				}
				fuzz_check(wide == 1);
			}
		}
		prev = l->off + l->len;
	}
	if (strict) {
		size_t k = 0;

		for (size_t j = prev; j < n; j += k)
			fuzz_check(gap_char(s + j, n - j, &k));
	}
	free(lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	int width = size ? (int)(data[0] % 101) - 1 : 40;
	size_t n, n2, fn, m;
	unsigned flags, flags2;
	char *c, *c2, *f;
	uint8_t *nfc;

	(void)text_is_binary(raw, size);

	/* Cleaning. */
	c = text_clean(raw, size, &n, &flags);
	fuzz_check(c != NULL);
	fuzz_check(strlen(c) == n);
	fuzz_check(fuzz_clean(c, n, 1));
	fuzz_check(count_byte(c, n, '\n') == line_ends(data, size));
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)c, n, NULL, &m);
	fuzz_check(nfc != NULL);
	fuzz_check(m == n && memcmp(nfc, c, n) == 0);
	free(nfc);
	c2 = text_clean(c, n, &n2, &flags2);
	fuzz_check(c2 != NULL);
	fuzz_check(n2 == n && memcmp(c2, c, n) == 0 && flags2 == 0);
	free(c2);

	/* Folding: any bytes give valid UTF-8 of the stated length. */
	f = text_fold(raw, size, &fn);
	fuzz_check(f != NULL);
	fuzz_check(f[fn] == '\0' && fuzz_utf8(f, fn));
	free(f);
	f = text_fold(c, n, &fn);
	fuzz_check(f != NULL);
	fuzz_check(strlen(f) == fn && fuzz_utf8(f, fn));
	for (size_t i = 0; i < fn; i++)
		fuzz_check(!(f[i] >= 'A' && f[i] <= 'Z'));
	free(f);

	/* Widths: never negative, at most two columns a byte. */
	fuzz_check(text_width(raw, size) >= 0);
	fuzz_check((size_t)text_width(raw, size) <= 2 * size);
	fuzz_check((size_t)text_width(c, n) <= 2 * n);

	/* Wrapping: the raw bytes for safety, the clean text for every
	 * promise. */
	check_wrap(raw, size, width, 0);
	check_wrap(c, n, width, 1);
	free(c);
	return 0;
}
