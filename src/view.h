/* view: the panes of the browser as tables of operations (tig's
 * view_ops, tmux's window_mode): organisations, the decision list and the
 * reader.  Each fills a struct view_ops with designated initializers;
 * ui.c lays the panes out and routes keys.  No SQL: views read the store
 * through store.h and search.h. */
#ifndef OMBUDS_VIEW_H
#define OMBUDS_VIEW_H

#include <stddef.h>

#include "decision.h"
#include "store.h"
#include "ui_keys.h"

struct store;
struct search;
struct search_query;

/* What a key handler returns: the loop decides what to repaint. */
enum {
	VIEW_UNHANDLED = 0,
	VIEW_HANDLED = 1 << 0,
	VIEW_REDRAW = 1 << 1,   /* repaint this pane */
	VIEW_CHANGED = 1 << 2,  /* the selection moved: update the next pane */
	VIEW_OPEN = 1 << 3,     /* Enter: go to the next pane or open */
};

struct view;

struct view_ops {
	const char *name;
	/* The pane's rectangle changed (v->h, v->w): rewrap, keep position. */
	void (*resize)(struct view *v);
	/* Paints the pane's title into buf. */
	void (*title)(const struct view *v, char *buf, size_t len);
	/* Paints the pane inside its rectangle. */
	void (*draw)(struct view *v, int focused);
	/* Handles one action; returns VIEW_* flags. */
	int (*action)(struct view *v, enum ui_action a);
	/* A click on row (0-based inside the pane); returns VIEW_* flags. */
	int (*click)(struct view *v, int row);
	/* The pane's part of the status line. */
	void (*status)(const struct view *v, char *buf, size_t len);
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	int y, x, h, w;        /* where the pane's content is drawn */
	struct store *st;
	void *priv;
};

/* The browser's filter and sort, owned by ui.c; they outlive the panes,
 * which read them whenever they list. */
struct view_scope {
	const struct store_filter *filter;  /* the filter (f), NULL: none */
	const char *filter_text;            /* as typed, for titles; "" none */
	enum store_sort sort;               /* the decision list's order (s) */
	int newest;                         /* search results newest first */
};

/* The organisation chosen in the organisations pane. */
struct view_pick {
	int all;               /* "All organisations" */
	const char *org;       /* else this one; NULL: no organisation */
	long count;            /* its number of decisions */
};

extern const struct view_ops view_orgs_ops;
extern const struct view_ops view_list_ops;
extern const struct view_ops view_reader_ops;

/* Organisations: loads them; returns 0, or -1 (store_error says why). */
int view_orgs_open(struct view *v, struct store *st, const struct view_scope *sc);
/* Counts them again: the decisions passing the scope's filter, or the
 * results of s when it is not NULL; with keep, the cursor stays on the
 * organisation it was on when that one is still listed, else it goes to
 * "All organisations".  Returns 0 or -1. */
int view_orgs_load(struct view *v, struct search *s, int keep);
/* Moves the cursor onto p's organisation; returns 1, or 0 when it is not
 * listed. */
int view_orgs_select(struct view *v, const struct view_pick *p);
/* Nonzero when the pane shows counts by outcome (S). */
int view_orgs_stats(const struct view *v);
/* The organisation under the cursor. */
void view_orgs_pick(const struct view *v, struct view_pick *p);

/* Decisions: opens empty; view_list_show lists p's decisions that pass
 * the scope's filter, in its order. */
int view_list_open(struct view *v, struct store *st, const struct view_scope *sc);
int view_list_show(struct view *v, const struct view_pick *p);
/* The reference under the cursor, or NULL. */
const char *view_list_ref(const struct view *v);
/* Moves the cursor onto ref when it is among the rows in memory;
 * returns 1 when it did. */
int view_list_find(struct view *v, const char *ref);
/* Replaces the list with the results of s (total of them, for query),
 * paged from s as the cursor moves; the list shown before is kept to come
 * back to.  s must stay open until view_list_unsearch.  Returns 0 or -1. */
int view_list_search(struct view *v, struct search *s, const char *query,
		     long total);
/* Back from the results to the list shown before, at its cursor. */
int view_list_unsearch(struct view *v);
/* Nonzero when the list shows p's decisions (not search results), as
 * many as p counts. */
int view_list_is(const struct view *v, const struct view_pick *p);
/* The best paragraph of the result under the cursor (0: the summary or
 * not a result). */
int view_list_para(const struct view *v);
/* Marks or unmarks the decision under the cursor; returns 1 when it is
 * marked now, 0 when not, -1 when out of memory.  Marks are kept by
 * reference, whatever the list shows later. */
int view_list_mark(struct view *v);
/* The marked references, in the order they were marked; returns their
 * number. */
int view_list_marks(const struct view *v, const char *const **refs);
/* Switches the list to reading the summaries one after another (on) or
 * back to rows.  Returns the mode. */
int view_list_summaries(struct view *v, int on);

/* Reader: opens empty; view_reader_show reads ref (NULL: nothing) and
 * shows paragraph para (0: the top).  Returns 1 when shown, 0 when there
 * is no such decision, -1 on error. */
int view_reader_open(struct view *v, struct store *st);
int view_reader_show(struct view *v, const char *ref, int para);
/* The reference shown, or NULL. */
const char *view_reader_ref(const struct view *v);
/* Highlights every hit of q (NULL: none) in the decisions shown from now
 * on and in the one shown now; q must outlive its use.  Returns 0, or -1
 * when out of memory. */
int view_reader_search(struct view *v, const struct search_query *q);
/* The current hit (1-based, 0 when none) and the number of hits. */
void view_reader_hits(const struct view *v, long *cur, long *n);
/* The decision shown, or NULL. */
const struct decision *view_reader_decision(const struct view *v);
/* The paragraph to cite: the one holding the current hit while it shows,
 * else the one the top line belongs to, else the next one below (the
 * first paragraph when the title or summary is at the top).  0 when
 * nothing is shown or the decision has no paragraph. */
int view_reader_para(const struct view *v);

extern const struct view_ops view_compare_ops;
/* Compare: opens empty; view_compare_show lays out refs[0..n) (2 to 4)
 * side by side, hits of q (NULL: none) highlighted; q must outlive its
 * use.  Returns 1 when shown, 0 when one of them is not in the store
 * (nothing shown then), -1 on error. */
int view_compare_open(struct view *v, struct store *st);
int view_compare_show(struct view *v, const char *const *refs, int n,
		      const struct search_query *q);
/* Highlights the hits of q (NULL: none) instead, keeping the position;
 * q must outlive its use.  Returns 0, or -1 when out of memory. */
int view_compare_search(struct view *v, const struct search_query *q);
/* The reference of the focused column, or NULL. */
const char *view_compare_ref(const struct view *v);
/* Nonzero when the pane is too narrow for the columns and stacks them. */
int view_compare_stacked(const struct view *v);

#endif
