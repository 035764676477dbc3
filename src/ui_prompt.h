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

/* Runs the line as typed: called after an edit once no key waits to be
 * read, with room for a note shown at the right of the line (why a line
 * that cannot run yet changes nothing, say).  Returns 0, or nonzero when
 * a key typed meanwhile interrupted it: it is called again, for the line
 * as it then stands, once no key waits. */
typedef int (*ui_live_fn)(const char *buf, char *note, size_t len, void *arg);

/* ui_prompt_complete running live(buf, …, larg) as the line changes
 * (complete and live may be NULL). */
int ui_prompt_live(const char *label, char *buf, size_t len, struct ui_history *h,
		   ui_complete_fn complete, void *carg, ui_live_fn live, void *larg,
		   void (*redraw)(void *), void *arg, volatile sig_atomic_t *stop);

/* Nonzero when a key waits to be read (arg unused): a check for
 * store_set_check, from any thread. */
int ui_prompt_key_waiting(void *arg);

#endif
