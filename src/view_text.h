/* view_text: one decision laid out as wrapped lines for the views that
 * show decisions (the reader and the side-by-side view): a title block,
 * the summary, sections under their headings, paragraphs as [n] with
 * sub-items indented, wrapped by display width (text_wrap).  Lines point
 * into the decision's own strings, so the hits of a search (byte ranges
 * of the stored text, from search_hits) map onto the lines by offset and
 * are drawn in the hit element.  Curses through ui_draw.h, no SQL. */
#ifndef OMBUDS_VIEW_TEXT_H
#define OMBUDS_VIEW_TEXT_H

#include <stddef.h>

#include "decision.h"
#include "ui_keys.h"

struct store;
struct search_query;

enum {
	VIEW_LINE_START = 1 << 0,    /* the first line of a paragraph */
	VIEW_LINE_SECTION = 1 << 1,  /* a section heading */
	VIEW_LINE_TITLE = 1 << 2,    /* the organisation's name */
};

struct view_line {
	const char *s;          /* text at column indent */
	size_t len;
	const char *pre;        /* a sub-item's marker at column prex */
	size_t prelen;
	short indent, prex;
	short el;               /* enum ui_element */
	short flags;
	int label;              /* > 0: draw "[label]" at column 0 */
	int n;                  /* the paragraph's ordinal; 0 summary or title */
	int block;              /* which paragraph, heading or title line */
	int src;                /* text of: 0 nothing searched, 1 the summary,
				 * k + 2 paragraph k */
	long hit;               /* the first hit not wholly before the line */
};

/* A hit of the search in the text of src (as in struct view_line). */
struct view_hit {
	int src;
	size_t start, end;
	long line;              /* the line where it starts */
};

/* A decision, its hits and its lines.  Zero it, or view_text_init. */
struct view_text {
	int loaded;
	struct decision d;
	char *meta;             /* "24 023 422 · 2025-10-28 · Upheld" */
	char *category;
	const struct search_query *q;  /* hits of q are found; NULL: none */
	struct view_hit *hits;  /* in reading order */
	long nhits;
	struct view_line *line;
	long n, cap;
	int width;              /* the width the lines were wrapped to */
	int block;              /* blocks so far while building */
	int numw;               /* columns of "[NN] " */
};

void view_text_init(struct view_text *t);
/* Reads ref from st with the hits of t->q; no lines yet.  Returns 1, 0
 * when there is no such decision (t then empty), -1 on error. */
int view_text_load(struct view_text *t, struct store *st, const char *ref);
/* Forgets the decision, its hits and its lines (keeps t->q). */
void view_text_unload(struct view_text *t);
/* view_text_unload, and frees the lines' memory. */
void view_text_free(struct view_text *t);
/* Finds every hit of t->q in the decision again (none when t->q is
 * NULL); call view_text_map_hits once lines exist.  Returns 0 or -1. */
int view_text_find_hits(struct view_text *t);

/* Starts laying the decision out anew for width columns. */
void view_text_start(struct view_text *t, int width);
/* The title block: organisation (from column indent), reference · date ·
 * outcome, category, and VIEW_TEXT_CUT_OFF when the importer judged the
 * statement cut off. */
#define VIEW_TEXT_CUT_OFF "Cut off: the statement seems to stop before its end"
void view_text_header(struct view_text *t, int indent);
/* A section heading line (paragraph n, 0 for the summary's). */
void view_text_heading(struct view_text *t, const char *s, int n);
/* The summary's text (or "(no summary)"). */
void view_text_summary(struct view_text *t);
/* The paragraphs of section kind kind (-1: all), each after a blank line,
 * under a heading wherever the section or its heading changes and a
 * sub-heading wherever that changes; with skip_heading, not the first
 * heading (the caller has shown it). */
void view_text_sections(struct view_text *t, int kind, int skip_heading);
/* The whole decision as the reader shows it. */
void view_text_build(struct view_text *t, int width);
/* Finds each line's first hit and each hit's line. */
void view_text_map_hits(struct view_text *t);

/* The first line of paragraph n, or 0. */
long view_text_para_line(const struct view_text *t, int n);
/* The heading of the first paragraph of kind (its kind's name when it
 * has none) and its ordinal in *n, or NULL when the decision has no
 * paragraph of kind. */
const char *view_text_kind_heading(const struct view_text *t, int kind, int *n);

/* Hits on a screen of rows: the row of line i is rowof[i] (rowof NULL:
 * row i).  The first hit on row top or below, or -1. */
long view_text_first_hit(const struct view_text *t, const long *rowof, long top);
/* The hit after (dir 1) or before (dir -1) cur when cur shows on the
 * h rows from *top, else the first below the top (1) or last above the
 * bottom (-1); scrolls *top (over nrow rows) to show it.  Returns the
 * new current hit, cur when there is none. */
long view_text_step_hit(const struct view_text *t, const long *rowof, long nrow,
			long cur, long *top, int h, int dir);
/* Writes " · hit 3/17" (cur is 0-based), or " · 17 hits" when there is
 * no current hit, into buf. */
void view_text_hit_status(const struct view_text *t, long cur, char *buf,
			  size_t len);

/* Draws line i at screen row y from column x in w columns: its label,
 * marker and text with every hit in the hit element, hit cur underlined
 * as well.  attr >= 0 replaces the line's own element.  Does not blank
 * the row first. */
void view_text_draw(const struct view_text *t, long i, int y, int x, int w,
		    long cur, int attr);

/* Moves *top for a scrolling action (up, down, pages, halves, top,
 * bottom) over n lines in a pane h rows high: scrolling down stops once
 * the last line shows.  Returns 1 when a is one of them, else 0. */
int view_text_scroll(long *top, long n, int h, enum ui_action a);

#endif
