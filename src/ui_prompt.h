/* ui_prompt: a one-line editor on the bottom row for ':' and '/' —
 * cursor keys, Home/End, Backspace/Delete, Ctrl-w, Ctrl-u, Ctrl-k, a
 * history walked with Up and Down, and Tab completion where the caller
 * gives candidates.  Curses, no SQL. */
#ifndef OMBUDS_UI_PROMPT_H
#define OMBUDS_UI_PROMPT_H

#include <signal.h>
#include <stddef.h>

#define UI_HISTORY_MAX 50

struct ui_history {
	char *item[UI_HISTORY_MAX];  /* oldest first */
	int n;
};

void ui_history_free(struct ui_history *h);

/* Reads a line after label on the bottom row into buf (len bytes,
 * starting from its contents).  redraw(arg) repaints the screen behind
 * after a resize; the editor gives up when *stop becomes nonzero.
 * Returns 1 when Enter accepted the line (added to h), 0 when cancelled. */
int ui_prompt(const char *label, char *buf, size_t len, struct ui_history *h,
	      void (*redraw)(void *), void *arg, volatile sig_atomic_t *stop);

/* Completes the word before byte cur of buf (len bytes) in place with
 * its nth candidate (n counts the Tabs pressed in a row, from 0); returns
 * the new cursor, or -1 when there is nothing to complete. */
typedef long (*ui_complete_fn)(char *buf, size_t len, size_t cur, int nth,
			       void *arg);

/* ui_prompt with Tab completion by complete(…, carg). */
int ui_prompt_complete(const char *label, char *buf, size_t len,
		       struct ui_history *h, ui_complete_fn complete, void *carg,
		       void (*redraw)(void *), void *arg,
		       volatile sig_atomic_t *stop);

#endif
