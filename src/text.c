/* text: the one place that knows Unicode.  Files from users arrive as
 * arbitrary bytes (BOMs, CRLF, Windows-1252, terminal escapes, NULs), so
 * text_clean turns them into NFC UTF-8 that is safe to show; the rest
 * folds text for matching, measures it in terminal columns and wraps it,
 * all through libunistring so every platform agrees.  Every function is
 * linear in its input and accepts any bytes without crashing. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unicase.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "text.h"

/* Widths are asked for UTF-8 so that East Asian ambiguous characters
 * (’ “ ” …) take one column, as they do in the terminals people use. */
#define TEXT_ENCODING "UTF-8"

/* Windows-1252 for 0x80..0x9F.  The five bytes Windows-1252 leaves
 * undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD: a visible mark that
 * the file held something odd, rather than a silent gap in a word. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

int
text_is_binary(const char *bytes, size_t len)
{
	const unsigned char *b = (const unsigned char *)bytes;
	size_t n = len < 8192 ? len : 8192, i, ctrl = 0;

	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
		       (b[0] == 0xfe && b[1] == 0xff)))
		return 1;
	/* A NUL counts as one more control byte, not as a verdict: a
	 * statement with a stray NUL is text (text_clean drops it), while
	 * UTF-16 without a byte-order mark, or a program, is half NULs. */
	for (i = 0; i < n; i++)
		if (b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' &&
		    b[i] != '\r' && b[i] != '\f')
			ctrl++;
	return ctrl * 10 > n;
}

/* Where text_clean is inside a terminal escape sequence. */
enum clean_state {
	CLEAN_TEXT,
	CLEAN_ESC,      /* after ESC */
	CLEAN_ESC_INT,  /* ESC and intermediate bytes, before the final */
	CLEAN_CSI,      /* ESC [ or U+009B, before the final byte */
	CLEAN_STR,      /* OSC, DCS, SOS, PM or APC string */
	CLEAN_STR_ESC,  /* ESC inside a string: ST if a '\' follows */
};

struct clean {
	uint8_t *out;
	size_t n;
	size_t cap;
	unsigned flags;
	enum clean_state state;
};

static int
clean_is_bidi_control(ucs4_t uc)
{
	return (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069);
}

static void
clean_emit(struct clean *c, ucs4_t uc)
{
	int k;

	/* The buffer is sized for the worst case; the check only guards
	 * against a mistake in that sum. */
	if (c->cap - c->n < 4)
		return;
	k = u8_uctomb(c->out + c->n, uc, (int)(c->cap - c->n));
	if (k > 0)
		c->n += (size_t)k;
}

/* Feeds one character through the escape-sequence recogniser, writing
 * what is text to c->out.  A newline always ends a sequence and is kept,
 * so that an unterminated OSC can swallow at most the rest of its line
 * and the number of lines never changes. */
static void
clean_feed(struct clean *c, ucs4_t uc)
{
again:
	if (c->state != CLEAN_TEXT) {
		if (uc == '\n') {
			c->state = CLEAN_TEXT;
			goto again;
		}
		if (uc == 0x18 || uc == 0x1a) {
			/* CAN and SUB cancel a sequence in every terminal. */
			c->state = CLEAN_TEXT;
			return;
		}
	}

	switch (c->state) {
	case CLEAN_TEXT:
		if (uc == '\n')
			clean_emit(c, uc);
		else if (uc == '\t')
			clean_emit(c, ' ');
		else if (uc == 0x1b) {
			c->state = CLEAN_ESC;
			c->flags |= TEXT_HAD_CONTROL;
		} else if (uc == 0x9b) {
			c->state = CLEAN_CSI;
			c->flags |= TEXT_HAD_CONTROL;
		} else if (uc == 0x90 || uc == 0x98 || uc == 0x9d ||
			   uc == 0x9e || uc == 0x9f) {
			/* 8-bit DCS, SOS, OSC, PM and APC: their strings go
			 * whole, as after ESC P, X, ], ^ and _. */
			c->state = CLEAN_STR;
			c->flags |= TEXT_HAD_CONTROL;
		} else if (uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) ||
			   clean_is_bidi_control(uc) || uc == 0xfeff)
			c->flags |= TEXT_HAD_CONTROL;
		else
			clean_emit(c, uc);
		return;
	case CLEAN_ESC:
		if (uc == '[')
			c->state = CLEAN_CSI;
		else if (uc == ']' || uc == 'P' || uc == 'X' || uc == '^' ||
			 uc == '_')
			c->state = CLEAN_STR;
		else if (uc >= 0x20 && uc <= 0x2f)
			c->state = CLEAN_ESC_INT;
		else if (uc >= 0x30 && uc <= 0x7e)
			c->state = CLEAN_TEXT;
		else if (uc != 0x1b) {
			/* Not an escape sequence: drop only the ESC and keep
			 * what follows, which may be a real letter. */
			c->state = CLEAN_TEXT;
			goto again;
		}
		return;
	case CLEAN_ESC_INT:
		if (uc >= 0x20 && uc <= 0x2f)
			return;
		c->state = CLEAN_TEXT;
		if (uc >= 0x30 && uc <= 0x7e)
			return;
		goto again;
	case CLEAN_CSI:
		if (uc >= 0x20 && uc <= 0x3f)
			return;
		c->state = CLEAN_TEXT;
		if (uc >= 0x40 && uc <= 0x7e)
			return;
		goto again;
	case CLEAN_STR:
		if (uc == 0x07 || uc == 0x9c)
			c->state = CLEAN_TEXT;
		else if (uc == 0x1b)
			c->state = CLEAN_STR_ESC;
		return;
	case CLEAN_STR_ESC:
		if (uc == '\\') {
			c->state = CLEAN_TEXT;
			return;
		}
		/* ESC that is not ST cancels the string and starts anew. */
		c->state = CLEAN_ESC;
		goto again;
	}
}

/* Passes one decoded character on, turning CR LF and lone CR into LF
 * and dropping NULs; *after_cr remembers a CR whose LF is to be eaten. */
static void
clean_char(struct clean *c, ucs4_t uc, int *after_cr)
{
	if (uc == 0) {
		/* Transparent, so that CR NUL LF is still one line end. */
		c->flags |= TEXT_HAD_NUL;
		return;
	}
	if (uc == '\n' && *after_cr) {
		*after_cr = 0;
		return;
	}
	*after_cr = 0;
	if (uc == '\r') {
		c->flags |= TEXT_HAD_CRLF;
		*after_cr = 1;
		uc = '\n';
	}
	clean_feed(c, uc);
}

/* Returns a malloc'd NUL-terminated copy of s[0..n) in NFC, its length
 * in *outlen; NULL when out of memory. */
static char *
nfc_copy(const uint8_t *s, size_t n, size_t *outlen)
{
	uint8_t *r, *t;
	size_t i, m;
	int stable = 1;

	for (i = 0; i < n; ) {
		ucs4_t uc;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)u8_mbtouc_unsafe(&uc, s + i, n - i);
		/* Below U+0300 (Latin, NBSP, £) and in U+2002..U+20CF
		 * (dashes, curly quotes, …, currency) every character is
		 * NFC whatever surrounds it: no decomposition, no combining
		 * mark.  U+2000 and U+2001 decompose to U+2002 and U+2003. */
		if (!(uc < 0x300 || (uc >= 0x2002 && uc < 0x20d0))) {
			stable = 0;
			break;
		}
	}
	if (stable) {
		/* Already NFC: skip the normalizer's work, the larger part
		 * of cleaning a typical statement. */
		if ((r = malloc(n + 1)) == NULL)
			return NULL;
		memcpy(r, s, n);
		r[n] = '\0';
		*outlen = n;
		return (char *)r;
	}
	if ((r = u8_normalize(UNINORM_NFC, s, n, NULL, &m)) == NULL)
		return NULL;
	if ((t = realloc(r, m + 1)) == NULL) {
		free(r);
		return NULL;
	}
	t[m] = '\0';
	*outlen = m;
	return (char *)t;
}

/* Nonzero when s[0..len) starts with an encoded U+FFFD (not an invalid
 * byte that u8_mbtouc reports as U+FFFD). */
static int
is_real_fffd(const uint8_t *s, size_t len)
{
	return len >= 3 && s[0] == 0xef && s[1] == 0xbf && s[2] == 0xbd;
}

/* Decides how to read a file: nonzero (UTF-8) when its valid multibyte
 * sequences outnumber its invalid bytes.  A file cut off in the middle of
 * a character, or with one stray byte, stays UTF-8 (the stray bytes are
 * read as Windows-1252 one by one); a Windows-1252 file, whose accented
 * letters and quotes are lone high bytes, has almost no valid sequences
 * and is read as Windows-1252 throughout, so that "Ã©" pairs are never
 * taken for letters by accident. */
static int
looks_utf8(const uint8_t *s, size_t len)
{
	size_t valid = 0, invalid = 0, i = 0;

	while (i < len) {
		ucs4_t uc;
		int n;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = u8_mbtouc(&uc, s + i, len - i);
		if (uc == 0xfffd && !is_real_fffd(s + i, len - i)) {
			/* A character cut off by the end of the file says
			 * nothing about the encoding. */
			if (!(i + (size_t)n == len && s[i] >= 0xc2))
				invalid++;
		} else {
			valid++;
		}
		i += (size_t)n;
	}
	return valid > invalid || invalid == 0;
}

char *
text_clean(const char *bytes, size_t len, size_t *outlen, unsigned *flags)
{
	const uint8_t *s = (const uint8_t *)bytes;
	struct clean c = { 0 };
	size_t i, n;
	int utf8, after_cr = 0;
	char *r;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		c.flags |= TEXT_HAD_BOM;
		s += 3;
		len -= 3;
	}
	utf8 = looks_utf8(s, len);
	if (!utf8)
		c.flags |= TEXT_WAS_CP1252;
	if (len > (SIZE_MAX - 8) / 3)
		return NULL;
	/* One byte of either encoding becomes at most three of UTF-8. */
	c.cap = 3 * len + 4;
	if ((c.out = malloc(c.cap)) == NULL)
		return NULL;

	for (i = 0; i < len; ) {
		ucs4_t uc;

		if (c.state == CLEAN_TEXT && s[i] >= 0x20 && s[i] < 0x7f) {
			/* Runs of printable ASCII, most of any statement, are
			 * copied whole. */
			size_t j = i + 1;

			while (j < len && s[j] >= 0x20 && s[j] < 0x7f)
				j++;
			memcpy(c.out + c.n, s + i, j - i);
			c.n += j - i;
			i = j;
			after_cr = 0;
			continue;
		}
		if (s[i] < 0x80) {
			uc = s[i++];
		} else if (utf8 && (n = (size_t)u8_mbtouc(&uc, s + i, len - i),
				    uc != 0xfffd || is_real_fffd(s + i, len - i))) {
			i += n;
		} else {
			/* A Windows-1252 file, or a stray byte in a UTF-8 one. */
			uc = s[i] < 0xa0 ? cp1252_high[s[i] - 0x80] : s[i];
			i++;
		}
		clean_char(&c, uc, &after_cr);
	}

	r = nfc_copy(c.out, c.n, &n);
	free(c.out);
	if (r == NULL)
		return NULL;
	if (outlen != NULL)
		*outlen = n;
	if (flags != NULL)
		*flags = c.flags;
	return r;
}

/* Returns a malloc'd valid UTF-8 copy of s[0..len), each invalid byte
 * replaced by U+FFFD, with its length in *n; NULL when out of memory. */
static uint8_t *
valid_copy(const uint8_t *s, size_t len, size_t *n)
{
	uint8_t *r;
	size_t i, o = 0;

	if (len > (SIZE_MAX - 1) / 3 || (r = malloc(3 * len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; ) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, s + i, len - i);

		if (uc == 0xfffd)
			o += (size_t)u8_uctomb(r + o, uc, 3);
		else {
			memcpy(r + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	*n = o;
	return r;
}

enum { FOLD_KEEP = -1, FOLD_DROP = 0 };

/* Returns the ASCII character that uc folds to, FOLD_DROP to remove it
 * or FOLD_KEEP to keep it as it is. */
static int
fold_char(ucs4_t uc)
{
	switch (uc) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b:
	case 0x02bc: case 0x2032: case 0x00b4:
		return '\'';
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
		return '"';
	case 0x2212:
		return '-';
	case 0x00ad:
		/* A soft hyphen is invisible: "co-operate" with one must
		 * still match "cooperate" without. */
		return FOLD_DROP;
	}
	if (uc >= 0x2010 && uc <= 0x2015)
		return '-';
	if (uc_is_general_category(uc, UC_CATEGORY_Zs))
		return ' ';
	if (uc_is_general_category(uc, UC_CATEGORY_Mn))
		return FOLD_DROP;
	return FOLD_KEEP;
}

char *
text_fold(const char *s, size_t len, size_t *outlen)
{
	const uint8_t *in = (const uint8_t *)s;
	uint8_t *valid = NULL, *cf, *out;
	size_t i, n, o = 0, m;
	char *r;

	for (i = 0; i < len && in[i] < 0x80; i++)
		;
	if (i == len) {
		if ((out = malloc(len + 1)) == NULL)
			return NULL;
		for (i = 0; i < len; i++)
			out[i] = (in[i] >= 'A' && in[i] <= 'Z') ?
				 (uint8_t)(in[i] - 'A' + 'a') : in[i];
		out[len] = '\0';
		if (outlen != NULL)
			*outlen = len;
		return (char *)out;
	}

	n = len;
	if (u8_check(in, len) != NULL) {
		if ((valid = valid_copy(in, len, &n)) == NULL)
			return NULL;
		in = valid;
	}
	/* Folding to NFD leaves every accent as a separate mark to drop. */
	cf = u8_casefold(in, n, NULL, UNINORM_NFD, NULL, &m);
	free(valid);
	if (cf == NULL)
		return NULL;
	/* Every mapping shrinks a character, so m bytes are enough. */
	if ((out = malloc(m + 1)) == NULL) {
		free(cf);
		return NULL;
	}
	for (i = 0; i < m; ) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, cf + i, m - i), f;

		f = uc < 0x80 ? FOLD_KEEP : fold_char(uc);
		if (f == FOLD_KEEP) {
			memcpy(out + o, cf + i, (size_t)k);
			o += (size_t)k;
		} else if (f != FOLD_DROP)
			out[o++] = (uint8_t)f;
		i += (size_t)k;
	}
	free(cf);
	/* Recompose what is left (Hangul, for one) so the result is NFC. */
	r = nfc_copy(out, o, &n);
	free(out);
	if (r != NULL && outlen != NULL)
		*outlen = n;
	return r;
}

/* Returns the character at s[0..len) in *uc and its byte length, at
 * least 1; an invalid byte reads as U+FFFD. */
static size_t
char_at(const uint8_t *s, size_t len, ucs4_t *uc)
{
	if (s[0] < 0x80) {
		*uc = s[0];
		return 1;
	}
	return (size_t)u8_mbtouc(uc, s, len);
}

static int
is_space_char(ucs4_t uc)
{
	if (uc < 0x80)
		return uc == ' ' || uc == '\t';
	return uc_is_general_category(uc, UC_CATEGORY_Zs);
}

/* Columns of one character: control characters take none. */
static int
char_width(ucs4_t uc)
{
	int w;

	if (uc >= 0x20 && uc < 0x7f)
		return 1;
	w = uc_width(uc, TEXT_ENCODING);
	return w > 0 ? w : 0;
}

int
text_is_space_at(const char *s, size_t len, size_t *clen)
{
	ucs4_t uc;
	size_t k;

	if (len == 0) {
		if (clen != NULL)
			*clen = 0;
		return 0;
	}
	k = char_at((const uint8_t *)s, len, &uc);
	if (clen != NULL)
		*clen = k;
	return is_space_char(uc);
}

int
text_width(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;
	long long w = 0;

	while (i < len) {
		ucs4_t uc;

		i += char_at(u + i, len - i, &uc);
		w += char_width(uc);
	}
	return w > INT_MAX ? INT_MAX : (int)w;
}

struct wrap {
	const uint8_t *s;
	const char *lb;         /* u8_possible_linebreaks */
	const char *gb;         /* u8_grapheme_breaks */
	int width;
	struct text_line *lines;
	size_t n;
	size_t cap;
};

/* Appends one line; returns -1 when out of memory. */
static int
wrap_emit(struct wrap *w, size_t off, size_t len, long long width)
{
	if (w->n == w->cap) {
		struct text_line *t;

		if (w->cap > SIZE_MAX / 2 / sizeof *t)
			return -1;
		if ((t = realloc(w->lines, 2 * w->cap * sizeof *t)) == NULL)
			return -1;
		w->lines = t;
		w->cap *= 2;
	}
	w->lines[w->n].off = off;
	w->lines[w->n].len = len;
	w->lines[w->n].width = width > INT_MAX ? INT_MAX : (int)width;
	w->n++;
	return 0;
}

/* Wraps the paragraph s[a..b), which holds no mandatory break, greedily:
 * each line takes as much as fits, broken at the last Unicode break
 * opportunity, or between grapheme clusters when a word alone is wider
 * than the line.  Spaces hang past the end of a line and are left out of
 * it.  Widths are running totals from a, so nothing is measured twice
 * and the work is linear.  Returns -1 when out of memory. */
static int
wrap_para(struct wrap *w, size_t a, size_t b)
{
	size_t i = a, ls = a, ce = a, brk = a, brk_ce = a;
	long long W = 0, Wls = 0, Wce = 0, Wbrk = 0, Wbrk_ce = 0;

	while (i < b) {
		ucs4_t uc;
		size_t j = i + char_at(w->s + i, b - i, &uc);
		long long cw = char_width(uc);
		size_t base_end = j;
		int space;

		/* Keep a base with its marks; only a cluster that is itself
		 * wider than a line (a hostile run of joined characters) is
		 * cut, and never before a zero-width mark.  A space is never
		 * joined to what comes before it (a prepended format character
		 * such as U+070F would take it along), so that it can hang
		 * past the line's end. */
		while (j < b && !w->gb[j]) {
			ucs4_t uc2;
			size_t k = char_at(w->s + j, b - j, &uc2);
			int w2 = char_width(uc2);

			if (is_space_char(uc2) ||
			    (w2 > 0 && cw > 0 && cw + w2 > w->width))
				break;
			cw += w2;
			j += k;
		}
		/* A space that carries a mark shows the mark: it is text,
		 * not a space to hang past the line's end. */
		space = is_space_char(uc) && j == base_end;
		if (i > ls && (w->lb[i] == UC_BREAK_POSSIBLE ||
			       w->lb[i] == UC_BREAK_HYPHENATION)) {
			brk = i;
			Wbrk = W;
			brk_ce = ce;
			Wbrk_ce = Wce;
		}
		while (!space && i > ls && W + cw - Wls > w->width) {
			if (ce == ls) {
				/* Only spaces so far, and too many of them:
				 * drop them rather than print an empty line. */
				ls = ce = i;
				Wls = Wce = W;
			} else if (brk > ls && brk_ce > ls) {
				if (wrap_emit(w, ls, brk_ce - ls,
					      Wbrk_ce - Wls) < 0)
					return -1;
				ls = brk;
				Wls = Wbrk;
				if (ce <= ls) {
					ce = ls;
					Wce = Wls;
				}
			} else {
				if (wrap_emit(w, ls, ce - ls, Wce - Wls) < 0)
					return -1;
				ls = ce = i;
				Wls = Wce = W;
			}
		}
		W += cw;
		if (!space) {
			ce = j;
			Wce = W;
		}
		i = j;
	}
	return wrap_emit(w, ls, ce - ls, Wce - Wls);
}

long
text_wrap(const char *s, size_t len, int width, struct text_line **lines)
{
	struct wrap w = { 0 };
	char *lb, *gb;
	size_t i = 0, para = 0;
	long r = -1;

	*lines = NULL;
	w.s = (const uint8_t *)s;
	w.width = width < 1 ? 1 : width;
	w.cap = 16;
	lb = malloc(len + 1);
	gb = malloc(len + 1);
	w.lines = malloc(w.cap * sizeof *w.lines);
	if (lb == NULL || gb == NULL || w.lines == NULL)
		goto out;
	if (len > 0) {
		u8_possible_linebreaks(w.s, len, TEXT_ENCODING, lb);
		u8_grapheme_breaks(w.s, len, gb);
	}
	w.lb = lb;
	w.gb = gb;

	/* Mandatory breaks: '\n', and also CR, VT, FF, NEL, U+2028 and
	 * U+2029 should uncleaned text get here.  Each ends a paragraph,
	 * and its own bytes belong to no line. */
	while (i < len) {
		ucs4_t uc;
		size_t k = char_at(w.s + i, len - i, &uc);

		if (lb[i] == UC_BREAK_MANDATORY ||
		    lb[i] == UC_BREAK_CR_BEFORE_LF) {
			if (wrap_para(&w, para, i) < 0)
				goto out;
			if (lb[i] == UC_BREAK_CR_BEFORE_LF && i + 1 < len &&
			    w.s[i + 1] == '\n')
				k++;
			para = i + k;
		}
		i += k;
	}
	/* A final '\n' ends the last line rather than starting another. */
	if (para < len && wrap_para(&w, para, len) < 0)
		goto out;
	*lines = w.lines;
	w.lines = NULL;
	r = (long)w.n;
out:
	free(w.lines);
	free(lb);
	free(gb);
	return r;
}
