/* ui_draw: the leaf that puts text on the screen — every width from the
 * text module, control characters shown as '?'.  The views, the prompt
 * and the frame draw through it; it includes no other UI header but
 * ui_config.h.  Curses, no SQL. */
#ifndef OMBUDS_UI_DRAW_H
#define OMBUDS_UI_DRAW_H

#include <stddef.h>

/* Draws s[0..len) at row y, column x in at most w columns with attr,
 * control characters shown as '?'; returns the columns used. */
int ui_put(int y, int x, int w, const char *s, size_t len, int attr);
/* ui_put of a NUL-terminated string (NULL draws nothing). */
int ui_puts(int y, int x, int w, const char *s, int attr);
/* Fills w columns of row y from x with blanks in attr. */
void ui_blank(int y, int x, int w, int attr);
/* Returns the number of bytes of s[0..len) that fit in w columns. */
size_t ui_fit(const char *s, size_t len, int w);
/* Writes n with thousands separators ("100,000") into buf; returns buf. */
const char *ui_count(long n, char *buf, size_t len);
/* Draws s wrapped to w columns from row *y (up to row ymax); advances *y. */
void ui_put_wrapped(int *y, int ymax, int x, int w, const char *s, int attr);
/* Draws a border of n cells from row y, column x in attr: across
 * (ui_hline) or down (ui_vline). */
void ui_hline(int y, int x, int n, int attr);
void ui_vline(int y, int x, int n, int attr);

#endif
