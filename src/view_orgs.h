/* view_orgs: the organisations pane's own API — open, count again (for
 * the filter or a search's results), select, and the pick the other panes
 * follow. */
#ifndef OMBUDS_VIEW_ORGS_H
#define OMBUDS_VIEW_ORGS_H

#include "view.h"

struct search;
struct store;

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
/* The columns the pane needs to show every name whole, with its count or
 * its statistics. */
int view_orgs_width(const struct view *v);
/* The organisation under the cursor. */
void view_orgs_pick(const struct view *v, struct view_pick *p);

#endif
