/* ui_draw: the leaf that puts text on the screen for the browser.  Every
 * width comes from the text module and no control character from a
 * document reaches the terminal (it is drawn as '?').  Curses, no SQL. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "ui_draw.h"

/* The length of the UTF-8 sequence at s (at most len bytes), or 0 when
 * it is not a valid one. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2 :
		   s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;

	if (n == 0 || n > len)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Nonzero for a C0 or C1 control character or DEL at s (n bytes). */
static int
is_control(const unsigned char *s, size_t n)
{
	return (n == 1 && (s[0] < 0x20 || s[0] == 0x7f)) ||
	       (n == 2 && s[0] == 0xc2 && s[1] < 0xa0);
}

size_t
ui_fit(const char *s, size_t len, int w)
{
	size_t i = 0;
	int used = 0;

	while (i < len) {
		size_t n = utf8_len((const unsigned char *)s + i, len - i);
		int cw = n == 0 || is_control((const unsigned char *)s + i, n) ?
				 1 : text_width(s + i, n);

		if (n == 0)
			n = 1;
		if (used + cw > w)
			break;
		used += cw;
		i += n;
	}
	return i;
}

int
ui_put(int y, int x, int w, const char *s, size_t len, int attr)
{
	char buf[1024];
	size_t i = 0, b = 0;
	int used = 0;

	if (s == NULL || w <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	attrset(attr);
	move(y, x);
	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t n = utf8_len(p, len - i);
		int cw;

		if (b + 8 >= sizeof buf) {
			/* A run of zero-width characters longer than the
			 * buffer goes out in pieces, so the text after it
			 * is still drawn. */
			addnstr(buf, (int)b);
			b = 0;
		}
		if (n == 0 || is_control(p, n)) {
			/* Nothing from a document reaches the terminal as
			 * a control. */
			if (used + 1 > w)
				break;
			buf[b++] = '?';
			used++;
			i += n ? n : 1;
			continue;
		}
		cw = text_width(s + i, n);
		if (cw < 0)
			cw = 1;
		if (used + cw > w)
			break;
		memcpy(buf + b, s + i, n);
		b += n;
		used += cw;
		i += n;
	}
	addnstr(buf, (int)b);
	attrset(A_NORMAL);
	return used;
}

int
ui_puts(int y, int x, int w, const char *s, int attr)
{
	return s ? ui_put(y, x, w, s, strlen(s), attr) : 0;
}

void
ui_blank(int y, int x, int w, int attr)
{
	static const char spaces[] = "                                ";

	if (y < 0 || y >= LINES || x < 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(attr);
	move(y, x);
	for (; w > 0; w -= 32)
		addnstr(spaces, w < 32 ? w : 32);
	attrset(A_NORMAL);
}

const char *
ui_count(long n, char *buf, size_t len)
{
	char tmp[32];
	int d, j = 0;

	d = snprintf(tmp, sizeof tmp, "%ld", n < 0 ? -n : n);
	if (n < 0 && (size_t)j + 1 < len)
		buf[j++] = '-';
	for (int i = 0; i < d && (size_t)j + 2 < len; i++) {
		if (i > 0 && (d - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = tmp[i];
	}
	buf[j] = '\0';
	return buf;
}

void
ui_put_wrapped(int *y, int ymax, int x, int w, const char *s, int attr)
{
	struct text_line *tl = NULL;
	long n = text_wrap(s, strlen(s), w > 0 ? w : 1, &tl);

	for (long i = 0; i < n && *y < ymax; i++, (*y)++)
		ui_put(*y, x, w, s + tl[i].off, tl[i].len, attr);
	if (n == 0)
		(*y)++;
	free(tl);
}

void
ui_hline(int y, int x, int n, int attr)
{
	attrset(attr);
	mvhline(y, x, ACS_HLINE, n);
	attrset(A_NORMAL);
}

void
ui_vline(int y, int x, int n, int attr)
{
	attrset(attr);
	mvvline(y, x, ACS_VLINE, n);
	attrset(A_NORMAL);
}
