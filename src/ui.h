/* ui: the browser — curses set-up and restore, signals, layout of the
 * panes, the event loop, the status line, help and prompts.  Its one
 * exports are ui_run and ui_check_config; the views draw through
 * ui_draw.h.  No SQL. */
#ifndef OMBUDS_UI_H
#define OMBUDS_UI_H

struct cli;

/* Runs the browser on the store named by c until the user quits.
 * Returns an exit status (CLI_OK, or CLI_FAILED when the store cannot be
 * used). */
int ui_run(const struct cli *c);

/* Reads the config file and prints every problem in it, one a line with
 * its line number.  Returns CLI_OK when there are none (or no file),
 * else CLI_FAILED. */
int ui_check_config(void);

#endif
