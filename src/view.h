/* view: the panes of the browser as tables of operations (tig's
 * view_ops, tmux's window_mode): organisations, the decision list, the
 * reader and the side-by-side view.  Each fills a struct view_ops with
 * designated initializers; ui.c lays the panes out and routes keys.  Each
 * view's own API is in its header (view_orgs.h, view_list.h,
 * view_reader.h, view_compare.h).  No SQL: views read the store through
 * store.h and search.h. */
#ifndef OMBUDS_VIEW_H
#define OMBUDS_VIEW_H

#include <stddef.h>

#include "decision.h"
#include "store.h"
#include "ui_keys.h"

struct store;

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

/* The scope's filter narrowed to one organisation: org (NULL: the
 * decisions with none), or every one when all is set. */
static inline struct store_filter
view_scope_filter(const struct view_scope *sc, int all, const char *org)
{
	struct store_filter f = { .also = sc->filter };

	if (!all) {
		f.org_is = org;
		f.no_org = org == NULL;
	}
	return f;
}

#endif
