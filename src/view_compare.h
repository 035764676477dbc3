/* view_compare: the side-by-side view's own API — lay out 2 to 4
 * decisions in columns (stacked when too narrow) with a search's hits. */
#ifndef OMBUDS_VIEW_COMPARE_H
#define OMBUDS_VIEW_COMPARE_H

#include "view.h"

struct search_query;
struct store;

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
