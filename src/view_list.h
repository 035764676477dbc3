/* view_list: the decision list's own API — an organisation's decisions or
 * a search's results, marks for comparing, and the summaries mode. */
#ifndef OMBUDS_VIEW_LIST_H
#define OMBUDS_VIEW_LIST_H

#include "view.h"

struct search;
struct store;

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
/* Unmarks every decision; returns how many were marked. */
int view_list_unmark_all(struct view *v);
/* Switches the list to reading the summaries one after another (on) or
 * back to rows.  Returns the mode. */
int view_list_summaries(struct view *v, int on);

#endif
