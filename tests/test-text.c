/* test-text: unit tests for the text module — cleaning hostile bytes,
 * folding, widths and wrapping — asserting on real outputs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "tap.h"
#include "text.h"
#include "text_token.h"

/* Returns a malloc'd cleaned copy (never NULL in these tests). */
static char *
clean(const char *s, size_t n, unsigned *flags)
{
	size_t outlen = (size_t)-1;
	unsigned f = 0;
	char *r = text_clean(s, n, &outlen, &f);

	if (r == NULL || strlen(r) != outlen) {
		/* An embedded NUL or a wrong length is a bug either way. */
		ok(0, "text_clean returned a consistent string");
		exit(1);
	}
	if (flags != NULL)
		*flags = f;
	return r;
}

static void
check_clean(const char *in, size_t n, const char *want, unsigned want_flags,
	    const char *name)
{
	unsigned f;
	char *r = clean(in, n, &f);

	is_str(r, want, "clean: %s", name);
	is_int(f, want_flags, "clean flags: %s", name);
	free(r);
}

/* Returns nonzero when r holds valid UTF-8 and no control character
 * other than '\n'. */
static int
safe_text(const char *r)
{
	const uint8_t *u = (const uint8_t *)r;
	size_t n = strlen(r), i = 0;

	if (u8_check(u, n) != NULL)
		return 0;
	while (i < n) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u + i, n - i);

		if ((uc < 0x20 && uc != '\n') || (uc >= 0x7f && uc <= 0x9f) ||
		    (uc >= 0x202a && uc <= 0x202e) ||
		    (uc >= 0x2066 && uc <= 0x2069) || uc == 0xfeff)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static size_t
count_nl(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int
folds_equal(const char *a, const char *b)
{
	char *fa = text_fold(a, strlen(a), NULL);
	char *fb = text_fold(b, strlen(b), NULL);
	int eq = fa != NULL && fb != NULL && strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return eq;
}

static void
check_fold(const char *in, const char *want, const char *name)
{
	size_t n = (size_t)-1;
	char *r = text_fold(in, strlen(in), &n);

	is_str(r, want, "fold: %s", name);
	free(r);
}

/* Returns the wrapped lines of s joined by '|', malloc'd. */
static char *
wrap_join(const char *s, size_t len, int width, long *nlines)
{
	struct text_line *l;
	long n = text_wrap(s, len, width, &l), i;
	char *r = malloc(len + (size_t)(n > 0 ? n : 0) + 1), *p = r;

	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = '|';
		memcpy(p, s + l[i].off, l[i].len);
		p += l[i].len;
	}
	*p = '\0';
	free(l);
	*nlines = n;
	return r;
}

/* Returns nonzero when the wrap of s is sound: lines in order, each
 * valid UTF-8 when s is, its width right and at most width columns
 * (unless it is one character wider than the line), and every byte
 * that is not white space inside exactly one line. */
static int
wrap_sound(const char *s, size_t len, int width, long *nlines)
{
	struct text_line *l;
	long n = text_wrap(s, len, width, &l), i;
	size_t pos = 0, j;
	int good = n >= 0, valid = u8_check((const uint8_t *)s, len) == NULL;

	for (i = 0; good && i < n; i++) {
		const char *t = s + l[i].off;

		if (l[i].off < pos || l[i].off + l[i].len > len)
			good = 0;
		else if (valid &&
			 u8_check((const uint8_t *)t, l[i].len) != NULL)
			good = 0;
		else if (text_width(t, l[i].len) != l[i].width)
			good = 0;
		else if (l[i].width > (width < 1 ? 1 : width) &&
			 u8_mblen((const uint8_t *)t, l[i].len) !=
			 (int)l[i].len)
			good = 0;
		for (j = pos; good && j < l[i].off; j++)
			if (s[j] != ' ' && s[j] != '\n')
				good = 0;
		pos = l[i].off + l[i].len;
	}
	for (j = pos; good && j < len; j++)
		if (s[j] != ' ' && s[j] != '\n')
			good = 0;
	free(l);
	*nlines = n;
	return good;
}

/* Cleans a string literal, NULs and all. */
#define CLEAN(lit, want, flags, name) \
	check_clean((lit), sizeof(lit) - 1, (want), (flags), (name))

static void
test_binary(void)
{
	const char *t = "Coventry City Council (24 023 422)\n";
	char ctl[100];

	ok(!text_is_binary(t, strlen(t)), "binary: plain text is text");
	ok(text_is_binary("ab\0cd", 5), "binary: a NUL byte");
	ok(text_is_binary("\xff\xfe" "a\0", 4), "binary: UTF-16 LE BOM");
	ok(text_is_binary("\xfe\xff\0a", 4), "binary: UTF-16 BE BOM");
	memset(ctl, 'a', sizeof ctl);
	memset(ctl, 0x01, 20);
	ok(text_is_binary(ctl, sizeof ctl), "binary: 20%% control bytes");
	memset(ctl, 'a', sizeof ctl);
	memcpy(ctl, "\x1b[1m\t\r\n\f", 8);
	ok(!text_is_binary(ctl, sizeof ctl), "binary: one ESC, tab, CR, FF");
	ok(!text_is_binary("", 0), "binary: empty is text");
	memset(ctl, 'a', sizeof ctl);
	ctl[50] = '\0';
	ctl[51] = '\0';
	ok(!text_is_binary(ctl, sizeof ctl), "binary: two NULs in 100 bytes are text");
	ok(text_is_binary("a\0b\0c\0d\0", 8), "binary: UTF-16 without a BOM");
}

static void
test_clean(void)
{
	/* £ ’ “ ” – … in UTF-8 and in Windows-1252. */
	static const char u8line[] =
		"Pay \xc2\xa3" "200 for the Council\xe2\x80\x99s \xe2\x80\x9c"
		"delay\xe2\x80\x9d \xe2\x80\x93 and more\xe2\x80\xa6\n"
		"Second line\n";
	static const char cpline[] =
		"Pay \xa3" "200 for the Council\x92s \x93" "delay\x94 \x96"
		" and more\x85\r\nSecond line\r\n";
	static const char bomline[] =
		"\xef\xbb\xbfPay \xc2\xa3" "200 for the Council\xe2\x80\x99s "
		"\xe2\x80\x9c" "delay\xe2\x80\x9d \xe2\x80\x93 and more"
		"\xe2\x80\xa6\r\nSecond line\r\n";
	char *a, *b, *c, *r;
	unsigned f, fb, fc;
	char all[256 * 3];
	size_t i;

	CLEAN("\xef\xbb\xbfhello", "hello", TEXT_HAD_BOM, "BOM");
	CLEAN("a\r\nb\r\n", "a\nb\n", TEXT_HAD_CRLF, "CRLF");
	CLEAN("a\rb", "a\nb", TEXT_HAD_CRLF, "lone CR");
	CLEAN("a\r\r\nb", "a\n\nb", TEXT_HAD_CRLF,
		    "CR CR LF keeps both line ends");
	CLEAN("plain\n", "plain\n", 0, "plain text unchanged");
	CLEAN("", "", 0, "empty input");

	a = clean(u8line, sizeof u8line - 1, &f);
	b = clean(cpline, sizeof cpline - 1, &fb);
	c = clean(bomline, sizeof bomline - 1, &fc);
	is_str(b, a, "clean: Windows-1252 text equals the UTF-8 text");
	is_str(c, a, "clean: UTF-8+BOM+CRLF equals the UTF-8 text");
	is_int(f, 0, "clean flags: UTF-8 statement");
	is_int(fb, TEXT_WAS_CP1252 | TEXT_HAD_CRLF, "clean flags: CP1252");
	is_int(fc, TEXT_HAD_BOM | TEXT_HAD_CRLF, "clean flags: BOM CRLF");
	free(a);
	free(b);
	free(c);

	r = clean("caf\xc0\xaf\n", 6, &f);
	ok(safe_text(r), "clean: overlong C0 AF gives valid UTF-8");
	ok(f & TEXT_WAS_CP1252, "clean: overlong means not UTF-8");
	is_str(r, "caf\xc3\x80\xc2\xaf\n", "clean: overlong read as CP1252");
	free(r);
	r = clean("x\xed\xa0\x80y", 5, &f);
	ok(safe_text(r) && (f & TEXT_WAS_CP1252),
	   "clean: encoded surrogate gives valid UTF-8 via CP1252");
	free(r);
	CLEAN("\x81\x8d\x8f\x90\x9d",
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd", TEXT_WAS_CP1252,
		    "undefined CP1252 bytes become U+FFFD");
	CLEAN("a\x9b" "31mb\xff", "a\xe2\x80\xba" "31mb\xc3\xbf",
		    TEXT_WAS_CP1252, "CP1252 0x9B is a quote, not CSI");

	/* Every byte value, twice, plus a truncated sequence at the end. */
	for (i = 0; i < 512; i++)
		all[i] = (char)(i & 0xff);
	memcpy(all + 512, "\r\n\x1b]\xe2\x80", 6);
	r = clean(all, 518, &f);
	ok(safe_text(r), "clean: all 256 byte values give safe UTF-8");
	is_int(f, TEXT_WAS_CP1252 | TEXT_HAD_NUL | TEXT_HAD_CONTROL |
		  TEXT_HAD_CRLF, "clean flags: all byte values");
	free(r);

	CLEAN("\x1b[1;31mred\x1b[0m text", "red text",
		    TEXT_HAD_CONTROL, "CSI colour");
	CLEAN("a\x1b]52;c;SGVsbG8=\x07" "b", "ab", TEXT_HAD_CONTROL,
		    "OSC 52 clipboard ended by BEL");
	CLEAN("a\x1b]0;title\x1b\\b", "ab", TEXT_HAD_CONTROL,
		    "OSC ended by ESC backslash");
	CLEAN("a\x1bPq#0;2;0;0;0\x1b\\b\x1b_x\x1b\\c", "abc",
		    TEXT_HAD_CONTROL, "DCS and APC strings");
	CLEAN("a\x1b]0;no end\nb\n", "a\nb\n", TEXT_HAD_CONTROL,
		    "unterminated OSC stops at the line end");
	CLEAN("\x1b(Bx\x1b" "7y\x1b", "xy", TEXT_HAD_CONTROL,
		    "charset and two-byte escapes, trailing ESC");
	CLEAN("\x1b\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9",
		    TEXT_HAD_CONTROL, "ESC before a letter drops only ESC");
	CLEAN("a\xc2\x85" "b\xc2\x9b" "31mc", "abc",
		    TEXT_HAD_CONTROL, "C1 NEL and 8-bit CSI");
	CLEAN("a\xc2\x9d" "52;c;SGVsbG8=\xc2\x9c" "b\xc2\x90q\x07" "c",
	      "abc", TEXT_HAD_CONTROL, "8-bit OSC and DCS strings go whole");
	CLEAN("a\xc2\x9d" "0;title\nb\xc2\x9fx\x1b\\c\xc2\x98y\xc2\x9c"
	      "d\xc2\x9ez\x07" "e", "a\nbcde", TEXT_HAD_CONTROL,
	      "8-bit OSC to the line end; APC, SOS and PM strings");
	CLEAN("x\xe2\x80\xae" "evil\xe2\x80\xac y\xe2\x81\xa6z\xe2\x81\xa9",
	      "xevil yz", TEXT_HAD_CONTROL, "bidi override, isolate");
	CLEAN("a\0b\0", "ab", TEXT_HAD_NUL, "NUL bytes");
	CLEAN("a\tb", "a b", 0, "tab becomes a space");
	CLEAN("a\x01\x08\x7f" "b\f", "ab", TEXT_HAD_CONTROL,
		    "C0 controls, DEL and FF removed");
	CLEAN("a\xef\xbb\xbf" "b", "ab", TEXT_HAD_CONTROL,
		    "U+FEFF inside the text");
	CLEAN("cafe\xcc\x81", "caf\xc3\xa9", 0,
		    "NFC: e + U+0301 becomes \xc3\xa9");
	CLEAN("10\xc2\xa0" "days non\xe2\x80\x91" "stop "
		    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
		    "10\xc2\xa0" "days non\xe2\x80\x91" "stop "
		    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 0,
		    "NBSP, U+2011 and ZWJ are kept");

	{
		static const char lines[] =
			"one\r\x1b]2;x\rtwo\x1b[\nthree\x1b\r\xc2\x9b\n";

		r = clean(lines, sizeof lines - 1, NULL);
	}
	is_int(count_nl(r), 5, "clean: escapes never eat line ends");
	free(r);
}

static void
test_fold(void)
{
	ok(folds_equal("Council\xe2\x80\x99s", "Council's"),
	   "fold: Council\xe2\x80\x99s equals Council's");
	ok(folds_equal("council\xca\xbcs \xe2\x80\x98x\xe2\x80\xb2",
		       "COUNCIL'S 'X'"), "fold: modifier apostrophe, prime");
	check_fold("CAF\xc3\x89", "cafe", "CAF\xc3\x89");
	check_fold("Cafe\xcc\x81 Cr\xc3\xa8me", "cafe creme",
		   "decomposed and composed accents");
	check_fold("Stra\xc3\x9f" "e", "strasse", "full case folding");
	check_fold("10\xc2\xa0" "days\xe2\x80\xaf" "x\xe3\x80\x80y",
		   "10 days x y", "NBSP, narrow NBSP, ideographic space");
	check_fold("\xe2\x80\x9cQuoted\xe2\x80\x9d", "\"quoted\"",
		   "curly double quotes");
	check_fold("a\xe2\x80\x93" "b\xe2\x80\x91" "c\xe2\x88\x92"
		   "d\xe2\x80\x94",
		   "a-b-c-d-", "dashes and minus");
	check_fold("Coventry City Council", "coventry city council",
		   "ASCII fast path");
	check_fold("co\xc2\xad" "operate", "cooperate", "soft hyphen");

	{
		static const char bad[] = "A\xff\xc0\xaf\xed\xa0\x80Z";
		size_t n;
		char *r = text_fold(bad, sizeof bad - 1, &n);

		ok(r != NULL && u8_check((const uint8_t *)r, n) == NULL,
		   "fold: invalid bytes give valid UTF-8");
		ok(r != NULL && r[0] == 'a' && r[n - 1] == 'z' && r[n] == '\0',
		   "fold: around invalid bytes");
		free(r);
	}
}

static void
test_space(void)
{
	size_t k = 0;

	ok(text_is_space_at(" x", 2, &k) && k == 1, "space: ASCII space");
	ok(text_is_space_at("\tx", 2, &k) && k == 1, "space: tab");
	ok(text_is_space_at("\xc2\xa0x", 3, &k) && k == 2, "space: NBSP");
	ok(text_is_space_at("\xe2\x80\x83", 3, &k) && k == 3,
	   "space: em space");
	ok(text_is_space_at("\xe2\x80\xaf", 3, &k) && k == 3,
	   "space: narrow NBSP");
	ok(!text_is_space_at("ab", 2, &k) && k == 1, "space: a letter");
	ok(!text_is_space_at("\xe2\x82\xac", 3, &k) && k == 3,
	   "space: euro sign is 3 bytes, not space");
	ok(!text_is_space_at("\xe2\x80\x91", 3, &k) && k == 3,
	   "space: U+2011 is not space");
	ok(!text_is_space_at("\xff ", 2, &k) && k == 1,
	   "space: invalid byte has length 1");
	ok(!text_is_space_at("\xe2\x82", 2, &k) && k >= 1 && k <= 2,
	   "space: truncated sequence stays inside len");
	ok(!text_is_space_at("\n", 1, &k) && k == 1,
	   "space: newline is a line end, not space");
}

static void
test_width(void)
{
	is_int(text_width("abc", 3), 3, "width: ASCII");
	is_int(text_width("\xc2\xa3" "5", 3), 2, "width: pound sign");
	is_int(text_width("\xe2\x80\x99", 3), 1, "width: right quote");
	is_int(text_width("\xe6\xbc\xa2\xe5\xad\x97", 6), 4, "width: CJK");
	is_int(text_width("e\xcc\x81", 3), 1, "width: combining mark");
	is_int(text_width("\xf0\x9f\x98\x80", 4), 2, "width: emoji");
	is_int(text_width("a\x1b\x07" "b", 4), 2, "width: controls count 0");
	is_int(text_width("\xff\xfe", 2), 2, "width: invalid bytes");
	is_int(text_width("", 0), 0, "width: empty");
}

static void
test_wrap(void)
{
	static const char fox[] =
		"The quick brown fox jumps over the lazy dog again";
	struct text_line *l;
	char *big, *r;
	long n, i;
	int good;
	size_t j;

	n = text_wrap(fox, sizeof fox - 1, 10, &l);
	is_int(n, 5, "wrap: fox at 10 gives 5 lines");
	if (n == 5) {
		static const char *want[] = { "The quick", "brown fox",
			"jumps over", "the lazy", "dog again" };
		for (i = 0; i < 5; i++) {
			char line[32];

			memcpy(line, fox + l[i].off, l[i].len);
			line[l[i].len] = '\0';
			is_str(line, want[i], "wrap: fox line %ld", i + 1);
		}
		ok(l[1].width == 9 && l[2].width == 10, "wrap: fox widths");
	}
	free(l);
	r = wrap_join(fox, sizeof fox - 1, 10, &n);
	is_str(r, "The quick|brown fox|jumps over|the lazy|dog again",
	       "wrap: fox joined");
	free(r);

	r = wrap_join("aaaa bbbb cccc", 14, 9, &n);
	is_str(r, "aaaa bbbb|cccc", "wrap: a line may end exactly at width");
	free(r);
	r = wrap_join("word    \n", 9, 5, &n);
	is_str(r, "word", "wrap: trailing spaces left out");
	free(r);
	n = text_wrap("ab   ", 5, 10, &l);
	ok(n == 1 && l[0].len == 2 && l[0].width == 2,
	   "wrap: trailing spaces not in len or width");
	free(l);

	r = wrap_join("a\n\nb\n", 5, 10, &n);
	is_str(r, "a||b", "wrap: '\\n' breaks, empty line kept");
	is_int(n, 3, "wrap: final '\\n' adds no line");
	free(r);
	n = text_wrap("", 0, 10, &l);
	is_int(n, 0, "wrap: empty text has no lines");
	free(l);
	n = text_wrap("\n", 1, 10, &l);
	is_int(n, 1, "wrap: a lone '\\n' is one empty line");
	free(l);

	r = wrap_join("abc de", 6, 1, &n);
	is_str(r, "a|b|c|d|e", "wrap: width 1");
	free(r);
	r = wrap_join("abc", 3, 0, &n);
	is_str(r, "a|b|c", "wrap: width 0 behaves as 1");
	free(r);
	r = wrap_join("e\xcc\x81" "e\xcc\x81", 6, 1, &n);
	is_str(r, "e\xcc\x81|e\xcc\x81", "wrap: marks stay with their base");
	free(r);
	r = wrap_join("ab\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 13, 3,
		      &n);
	is_str(r, "ab|\xf0\x9f\x91\xa9\xe2\x80\x8d|\xf0\x9f\x92\xbb",
	       "wrap: over-wide ZWJ cluster cut after the joiner");
	free(r);

	/* 10,000 characters with no break opportunity. */
	big = malloc(10001);
	memset(big, 'x', 10000);
	big[10000] = '\0';
	n = text_wrap(big, 10000, 80, &l);
	is_int(n, 125, "wrap: 10,000-char word at 80 gives 125 lines");
	good = n == 125;
	for (i = 0; good && i < n; i++)
		good = l[i].off == (size_t)i * 80 && l[i].len == 80 &&
		       l[i].width == 80;
	ok(good, "wrap: the long word is cut every 80 columns");
	free(l);
	free(big);

	/* CJK at an odd width: two-column characters never overflow. */
	big = malloc(3 * 1001 + 1);
	for (j = 0; j < 1001; j++)
		memcpy(big + 3 * j, j % 7 == 6 ? " xx" : "\xe6\xbc\xa2", 3);
	big[3 * 1001] = '\0';
	ok(wrap_sound(big, 3 * 1001, 7, &n) && n > 100,
	   "wrap: CJK at width 7 never exceeds 7");
	n = text_wrap(big, 3 * 1001, 7, &l);
	good = n > 0;
	for (i = 0; good && i < n; i++)
		good = l[i].width <= 7;
	ok(good, "wrap: CJK line widths all <= 7");
	free(l);
	ok(wrap_sound("\xe6\xbc\xa2\xe5\xad\x97", 6, 1, &n) && n == 2,
	   "wrap: a CJK character wider than the line gets its own line");
	free(big);

	/* A 50 KB paragraph of mixed words, and a 10,000-column line. */
	big = malloc(50001);
	for (j = 0; j < 50000; j++)
		big[j] = "Council\xe2\x80\x99s delay \xc2\xa3" "5 caf\xc3\xa9 "
			 "\xe6\xbc\xa2 abcdefghijklmnopqrstuvwxyz "[j % 50];
	big[50000] = '\0';
	j = 50000;
	while (j > 0 && ((unsigned char)big[j] & 0xc0) == 0x80)
		j--;
	ok(wrap_sound(big, j, 72, &n) && n > 500, "wrap: 50 KB paragraph");
	ok(wrap_sound(big, j, 10000, &n) && n >= 3,
	   "wrap: the same at 10,000 columns");
	free(big);

	ok(wrap_sound("  indented  line   with    spaces  \n\n  x", 40, 6, &n),
	   "wrap: spaces everywhere stay sound");
	ok(wrap_sound("\xff\xc0\xaf \xe2\x82 abc\xed\xa0\x80", 13, 2, &n),
	   "wrap: invalid bytes never split or crash");
}

#define LIT(s) s, sizeof(s) - 1

/* A UTF-8 file with a stray byte, or cut off inside a character, stays
 * UTF-8; a Windows-1252 file is read as such throughout. */
static void
test_mixed(void)
{
	unsigned flags;
	size_t n;
	char *r;

	r = text_clean(LIT("Mrs Y\xe2\x80\x99s \xa3" "200 and the Council\xe2\x80\x99s"),
		       &n, &flags);
	is_str(r, "Mrs Y’s £200 and the Council’s",
	       "mixed: one stray Windows-1252 byte in UTF-8 text");
	ok(!(flags & TEXT_WAS_CP1252), "mixed: not flagged as Windows-1252");
	free(r);
	r = text_clean(LIT("the Council\xe2\x80\x99s decision \xe2\x80"), &n, &flags);
	is_str(r, "the Council’s decision â€",
	       "mixed: a file cut off inside a character keeps its quotes");
	free(r);
	r = text_clean(LIT("Mrs Y\x92s \x93" "complaint\x94 \xa3" "200"), &n, &flags);
	is_str(r, "Mrs Y’s “complaint” £200", "mixed: plain Windows-1252");
	ok(flags & TEXT_WAS_CP1252, "mixed: flagged as Windows-1252");
	free(r);
	r = text_clean(LIT("caf\xc3\xa9 \xe9t\xe9 na\xefve"), &n, &flags);
	is_str(r, "cafÃ© été naïve",
	       "mixed: mostly Windows-1252: every high byte is read so");
	free(r);
}

/* Words counted as FTS5's unicode61 counts them: its positions. */
static void
test_count_tokens(void)
{
	static const struct {
		const char *s;
		size_t n;
		int unsure;     /* where unicode61 may count otherwise */
	} t[] = {
		{ "", 0, 0 },
		{ " -- ", 0, 0 },
		{ "The Council", 2, 0 },
		{ "the Council’s delay", 4, 0 },
		{ "£100 and 5%", 3, 0 },
		{ "café naïve", 2, 0 },
		{ "e\xcc\x81t\xc3\xa9", 1, 1 },   /* a combining accent */
		{ "a\xc2\xa0" "b", 2, 0 },             /* a no-break space */
		{ "日本語テキスト", 1, 1 },
		{ "5 \xe2\x82\xba", 1, 1 },       /* ₺, newer than unicode61 */
		{ "5 \xe2\x82\xac", 1, 0 },       /* € */
		{ "x\x01y\n\nz", 3, 0 },             /* shown as its number */
		{ "word", 1, 0 },
		{ "émigré", 1, 0 },
		{ "one—two", 2, 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int unsure = 0;

		is_int((long)text_count_tokens(t[i].s, strlen(t[i].s), &unsure),
		       (long)t[i].n, "text_count_tokens %zu: %s", i,
		       strpbrk(t[i].s, "\x01\n") ? "(controls)" : t[i].s);
		is_int(unsure, t[i].unsure, "text_count_tokens %zu: %s", i,
		       t[i].unsure ? "unsure" : "sure");
		is_int(text_unsure(t[i].s, strlen(t[i].s)), t[i].unsure,
		       "text_unsure %zu agrees", i);
	}
	/* Past eight bytes of ASCII at a time: the character anywhere. */
	for (size_t at = 0; at < 20; at++) {
		char b[32];
		int unsure = 0;

		memset(b, 'a', sizeof b);
		memcpy(b + at, "\xcc\x81", 2);
		text_count_tokens(b, 24, &unsure);
		if (text_unsure(b, 24) != unsure || !unsure ||
		    text_unsure(b, at) || text_unsure(b, at + 1) != 1) {
			ok(0, "text_unsure finds a combining mark at %zu", at);
			return;
		}
	}
	ok(1, "text_unsure finds a combining mark at each of 20 places,"
	   " and none before it");
}

/* stem TEXT: text_stem of text folded as a query word is, as a string. */
static const char *
stem_of(const char *s)
{
	static char out[TEXT_STEM_MAX + 1];
	size_t fl, n;
	char *f = text_fold_token(s, strlen(s), &fl);

	if (f == NULL)
		return "(oom)";
	n = text_stem(f, fl, out);
	if (n == 0) {
		free(f);
		return "(own)";
	}
	out[n] = '\0';
	free(f);
	return out;
}

/* The stem the index's words of a stem and the query both use. */
static void
test_stem(void)
{
	static const char *const delay[] = { "delay", "delays", "delayed",
					     "delaying", "Delayed", "DELAYS" };
	char longw[TEXT_STEM_MAX + 2];

	for (size_t i = 0; i < sizeof delay / sizeof *delay; i++)
		is_str(stem_of(delay[i]), "delay", "text_stem: %s is delay", delay[i]);
	is_str(stem_of("assessment"), "assess", "text_stem: assessment");
	is_str(stem_of("assessments"), "assess", "text_stem: assessments");
	is_str(stem_of("failings"), "fail", "text_stem: failings");
	is_str(stem_of("complained"), "complain", "text_stem: complained");
	is_str(stem_of("antisocial"), "antisoci", "text_stem: antisocial");
	is_str(stem_of("Ménagement"), "menag",
	       "text_stem: an accent folds before the stem (Ménagement)");
	is_str(stem_of("menagement"), "menag", "text_stem: as menagement");
	is_str(stem_of("2024"), "2024", "text_stem: a number is its own stem");
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	is_str(stem_of(longw), "(own)", "text_stem: a word over TEXT_STEM_MAX is its own");
	ok(text_is_hyphen("-", 1), "text_is_hyphen: -");
	ok(text_is_hyphen("\u2010", 3), "text_is_hyphen: U+2010");
	ok(text_is_hyphen("\u2011", 3), "text_is_hyphen: U+2011");
	ok(!text_is_hyphen("\u2013", 3), "text_is_hyphen: not an en dash");
	ok(!text_is_hyphen("'", 1), "text_is_hyphen: not an apostrophe");
	ok(!text_is_hyphen("--", 2), "text_is_hyphen: not two");
}

int
main(void)
{
	test_stem();
	test_count_tokens();
	test_binary();
	test_clean();
	test_fold();
	test_space();
	test_width();
	test_wrap();
	test_mixed();
	return tap_done();
}
