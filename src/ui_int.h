/* ui_int: private to the browser's frame (ui.c, ui_state.c, ui_frame.c,
 * ui_action.c, ui_read.c) — struct ui, the panes, and the functions these files
 * share, a section per file, as SQLite's fts5Int.h does.  The views never
 * include it. */
#ifndef OMBUDS_UI_INT_H
#define OMBUDS_UI_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"

struct cli;
struct search;

/* A place of the jump history: the reader's decision and paragraph and
 * the screen around it, or the side-by-side view. */
struct ui_place {
	char ref[DECISION_REF_MAX];
	int para;
	int zoom, compare, focus;
};
#define UI_PLACES 64
struct search_query;

/* The three panes side by side, then the side-by-side view, which has
 * the screen to itself. */
enum { PANE_ORGS, PANE_LIST, PANE_READER, PANE_MAIN, PANE_COMPARE = PANE_MAIN,
       PANE_COUNT };

struct ui {
	const struct cli *cli;
	struct store *st;
	struct view pane[PANE_COUNT];
	int opened;             /* the panes are open */
	int focus;
	int zoom;               /* the reader alone, at full width */
	int orgs_off;           /* the organisations pane hidden (o, config) */
	int orgs_laid;          /* it was on screen at the last layout */
	int quit_ask;           /* "quit?" asked: the next key answers */
	int help;               /* the help screen is up */
	long help_top;
	long help_lines;        /* the help's lines, and how many show */
	int help_rows;
	int empty;              /* no store or no decisions: the import screen */
	char msg[512];          /* shown once on the status line */
	int msg_error;
	char config_msg[2048];  /* the config file's problems, a line each,
				   shown until q or Esc dismisses them */
	struct ui_history goto_hist, search_hist, filter_hist;
	struct search_query *query;  /* the search shown, or NULL */
	char query_text[512];        /* as typed */
	char like_ref[DECISION_REF_MAX]; /* the search is more like this one */
	struct search *search;       /* its results in the list */
	struct store_filter search_filter;  /* the organisation, and the filter */
	struct view_scope scope;     /* the filter and the sorts */
	struct search_query *filter; /* the filter as parsed, or NULL */
	char filter_text[256];
	char *before_org;            /* the organisation picked before the search */
	int before_all, before_picked;
	int compare;                 /* the side-by-side view is up */
	int ncompared, stacked;      /* its columns, and whether stacked */
	int summ;                    /* the summaries at full width */
	/* The reading workflow (ui_read.c). */
	struct ui_history find_hist;
	struct ui_place back[UI_PLACES], fwd[UI_PLACES];  /* C-o, C-n */
	int nback, nfwd;
	int back_to_compare;    /* the reader was opened from the comparison */
	int astray;             /* the reader shows a decision the list lacks */
	FILE *trace;
	double t0;              /* when the key being handled was read */
	const char *trace_what; /* what the trace calls its time */
};

/* ---- ui.c ---- */

/* The signal that came (0: none); the loop and the prompts stop on it. */
extern volatile sig_atomic_t ui_got_signal;
/* A monotonic clock in milliseconds, for the trace. */
double ui_now_ms(void);

/* ---- ui_state.c ---- */

/* What changed, for ui_reselect: the organisation picked or an order (the
 * organisations' counts stay), the filter (they are counted again), or the
 * search (counted again, from all organisations). */
enum { SEL_PICK, SEL_RECOUNT, SEL_NEW_SEARCH };

__attribute__((format(printf, 3, 4))) void
ui_message(struct ui *u, int error, const char *fmt, ...);
struct search_query *ui_parse_query(struct ui *u, const char *text);
void ui_close_panes(struct ui *u);
int ui_open_store(struct ui *u, char *err, size_t len);
int ui_open_panes(struct ui *u);
void ui_follow_list(struct ui *u);
void ui_follow_orgs(struct ui *u);
void ui_drop_search(struct ui *u);
void ui_reselect(struct ui *u, int how);
void ui_end_search(struct ui *u);
void ui_back_to_pick(struct ui *u);
void ui_import_samples(struct ui *u);
int ui_set_filter(struct ui *u, const char *text);
void ui_next_sort(struct ui *u);

/* ---- ui_frame.c ---- */

int ui_frame_visible(const struct ui *u, int i);
void ui_frame_layout(struct ui *u);
void ui_frame_draw(struct ui *u);

/* ---- ui_action.c ---- */

/* Repaints the screen behind a prompt after a resize (arg: the ui). */
void ui_redraw_cb(void *arg);
int ui_act(struct ui *u, enum ui_action a);
void ui_mouse(struct ui *u);

/* ---- ui_read.c ---- */

/* Pushes where the reader is now on the jump history (before a jump). */
void ui_read_push(struct ui *u);
void ui_read_jump(struct ui *u, enum ui_action a);
int ui_read_back(struct ui *u);
void ui_read_goto(struct ui *u);
void ui_read_find(struct ui *u);
void ui_read_step_hit(struct ui *u, enum ui_action a);
void ui_read_step_decision(struct ui *u, enum ui_action a);
void ui_read_cite(struct ui *u);
void ui_read_cite_marked(struct ui *u);
void ui_read_open_compared(struct ui *u);

#endif
