/* view_reader: the reader's own API — show a decision at a paragraph,
 * highlight a search's hits, and name the paragraph to cite. */
#ifndef OMBUDS_VIEW_READER_H
#define OMBUDS_VIEW_READER_H

#include "view.h"

struct decision;
struct search_query;
struct store;

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
/* Finds q (owned by the reader from now on; NULL: no find) in the
 * decision shown: its matches are highlighted instead of the search's
 * hits until another decision is shown, and the first at or below the
 * top (else the first) is made current.  Returns the number of matches,
 * or -1 when out of memory. */
long view_reader_find(struct view *v, struct search_query *q);
/* Nonzero while a find holds the reader's hits. */
int view_reader_finding(const struct view *v);
/* Makes the first (last 0) or last hit current and shows it. */
void view_reader_hit_edge(struct view *v, int last);
/* The current hit (1-based, 0 when none) and the number of hits. */
void view_reader_hits(const struct view *v, long *cur, long *n);
/* The decision shown, or NULL. */
const struct decision *view_reader_decision(const struct view *v);
/* The paragraph to cite, marked in the margin: the one {, }, n, N or a
 * goto went to while it shows, else the one holding the current hit
 * while it shows, else the one the top line belongs to, else the next
 * one below.  0 for the summary, -1 when nothing is shown. */
int view_reader_para(const struct view *v);

#endif
