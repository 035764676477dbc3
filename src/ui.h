/* ui: the browser — curses set-up and restore, signals, layout of the
 * panes, the event loop, the status line, help and prompts.  Views draw
 * through ui_put so that no control character reaches the terminal and
 * every width comes from the text module.  No SQL. */
#ifndef OMBUDS_UI_H
#define OMBUDS_UI_H

#include <stddef.h>

struct cli;

/* Runs the browser on the store named by c until the user quits.
 * Returns an exit status (CLI_OK, or CLI_FAILED when the store cannot be
 * used). */
int ui_run(const struct cli *c);

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

#endif
