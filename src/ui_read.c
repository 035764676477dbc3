/* ui_read: the reading workflow above the reader — find in the
 * decision (/ in the reader), step through hits and on through the
 * results (n, N), the next or previous decision (J, K), go to a
 * reference or citation (:), the jump history (C-o, C-n), citations by
 * OSC 52 (y, Y), and a compared decision read alone. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "search.h"
#include "store.h"
#include "ui_int.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"
#include "view_compare.h"
#include "view_list.h"
#include "view_orgs.h"
#include "view_reader.h"

/* ---- the jump history ------------------------------------------------- */

/* Where the reader is now. */
static void
here(const struct ui *u, struct ui_place *pl)
{
	const char *ref = view_reader_ref(&u->pane[PANE_READER]);
	int para = view_reader_para(&u->pane[PANE_READER]);

	snprintf(pl->ref, sizeof pl->ref, "%s", ref ? ref : "");
	pl->para = para > 0 ? para : 0;
	pl->zoom = u->zoom;
	pl->compare = u->compare;
	pl->focus = u->focus;
}

/* Appends pl to a stack of UI_PLACES, the oldest falling off. */
static void
stack_push(struct ui_place *st, int *n, const struct ui_place *pl)
{
	if (*n == UI_PLACES) {
		memmove(st, st + 1, (UI_PLACES - 1) * sizeof *st);
		(*n)--;
	}
	st[(*n)++] = *pl;
}

/* Remembers pl as the place the jump being made leaves. */
static void
remember(struct ui *u, const struct ui_place *pl)
{
	u->back_to_compare = 0;
	if (pl->ref[0] == '\0' && !pl->compare)
		return;
	stack_push(u->back, &u->nback, pl);
	u->nfwd = 0;
}

void
ui_read_push(struct ui *u)
{
	struct ui_place pl;

	here(u, &pl);
	remember(u, &pl);
}

/* Says so when the reader shows a decision the list does not hold, and
 * remembers it: q brings the list's own back. */
static void
astray(struct ui *u, const char *ref)
{
	const struct decision *d = view_reader_decision(&u->pane[PANE_READER]);
	struct view_pick p = { .all = 0 };

	if (view_list_find(&u->pane[PANE_LIST], ref)) {
		u->astray = 0;
		return;
	}
	/* Neither a search nor a filter: its organisation is listed. */
	if (u->search == NULL && u->filter == NULL && d != NULL) {
		p.org = d->organisation;
		if (view_orgs_select(&u->pane[PANE_ORGS], &p)) {
			view_orgs_pick(&u->pane[PANE_ORGS], &p);
			if (view_list_show(&u->pane[PANE_LIST], &p) < 0)
				ui_message(u, 1, "%s", store_error(u->st));
			if (view_list_find(&u->pane[PANE_LIST], ref)) {
				u->astray = 0;
				return;
			}
		}
	}
	u->astray = 1;
	ui_message(u, 0, "%s is outside %s: the list stays, q goes back to it", ref,
		   u->search ? "the search results" : u->filter ? "the filter" :
		   "the organisation listed");
}

/* Shows place pl; returns 1, or 0 when its decision is gone. */
static int
go_to(struct ui *u, const struct ui_place *pl)
{
	if (pl->compare) {
		u->compare = 1;
		u->zoom = 0;
		ui_frame_layout(u);
		return 1;
	}
	if (view_reader_show(&u->pane[PANE_READER], pl->ref, pl->para) <= 0)
		return 0;
	u->compare = 0;
	u->zoom = pl->zoom;
	u->focus = pl->focus;
	ui_frame_layout(u);
	astray(u, pl->ref);
	return 1;
}

/* C-o and Backspace: back to where the last jump came from; C-n:
 * forward again. */
void
ui_read_jump(struct ui *u, enum ui_action a)
{
	int back = a == UI_ACTION_JUMP_BACK;
	struct ui_place *from = back ? u->back : u->fwd, *to = back ? u->fwd : u->back;
	int *nfrom = back ? &u->nback : &u->nfwd, *nto = back ? &u->nfwd : &u->nback;
	struct ui_place now, pl;

	if (*nfrom == 0) {
		ui_message(u, 0, "%s", back ? "no jump to go back from" :
			   "nothing to go forward to");
		return;
	}
	here(u, &now);
	pl = from[--*nfrom];
	if (!go_to(u, &pl)) {
		ui_message(u, 1, "%s is no longer in the store", pl.ref);
		return;
	}
	stack_push(to, nto, &now);
}

/* q in the reader: back to the comparison it was opened from (returns
 * 1), or the list's own decision back in the reader (returns 0). */
int
ui_read_back(struct ui *u)
{
	if (u->back_to_compare) {
		/* The focus it had there: the jump that left it pushed it. */
		if (u->nback > 0 && u->back[u->nback - 1].compare)
			u->focus = u->back[u->nback - 1].focus;
		u->back_to_compare = 0;
		u->zoom = 0;
		u->compare = 1;
		ui_frame_layout(u);
		return 1;
	}
	if (u->astray)
		ui_follow_list(u);
	return 0;
}

/* ---- goto (:) ------------------------------------------------------ */

/* ":24 023 422 [7]", ":Org (24 023 422) at [7]", ":[7]": opens the
 * decision in the reader at the paragraph. */
void
ui_read_goto(struct ui *u)
{
	char line[512] = "", ref[DECISION_REF_MAX], why[200];
	const char *shown = view_reader_ref(&u->pane[PANE_READER]);
	const struct decision *d;
	struct ui_place before;
	long para;
	int rc;

	if (!ui_prompt(":", line, sizeof line, &u->goto_hist, ui_redraw_cb, u,
		       &ui_got_signal))
		return;
	if (decision_target_parse(line, ref, &para) < 0 ||
	    (ref[0] == '\0' && shown == NULL)) {
		ui_message(u, 1, "'%s' is not a reference (e.g. 24 023 422 [7])", line);
		return;
	}
	if (ref[0] == '\0')
		snprintf(ref, sizeof ref, "%s", shown);
	/* A paragraph the decision shown lacks: nothing moves. */
	d = view_reader_decision(&u->pane[PANE_READER]);
	if (d != NULL && strcmp(d->ref, ref) == 0 && para >= 0 &&
	    (para == 0 || decision_para(d, (int)para) == NULL)) {
		decision_para_missing(d, para, why, sizeof why);
		ui_message(u, 1, "%s", why);
		return;
	}
	here(u, &before);
	rc = view_reader_show(&u->pane[PANE_READER], ref, para > 0 ? (int)para : 0);
	if (rc < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
	} else if (rc == 0) {
		ui_message(u, 1, "there is no decision %s", ref);
		ui_follow_list(u);
	} else {
		remember(u, &before);
		u->zoom = 1;
		u->compare = 0;
		u->focus = PANE_READER;
		ui_frame_layout(u);
		astray(u, ref);
		d = view_reader_decision(&u->pane[PANE_READER]);
		if (para >= 0 && (para == 0 || decision_para(d, (int)para) == NULL)) {
			decision_para_missing(d, para, why, sizeof why);
			ui_message(u, 1, "%s", why);
		}
	}
}

/* ---- find in the decision (/ in the reader) ---------------------------- */

void
ui_read_find(struct ui *u)
{
	struct view *r = &u->pane[PANE_READER];
	char line[256] = "";
	struct search_query *q;
	long n;

	if (view_reader_decision(r) == NULL) {
		ui_message(u, 1, "%s", "no decision in the reader to find in");
		return;
	}
	if (!ui_prompt("find in this decision: ", line, sizeof line, &u->find_hist,
		       ui_redraw_cb, u, &ui_got_signal))
		return;
	if (line[strspn(line, " ")] == '\0') {
		view_reader_find(r, NULL);
		ui_message(u, 0, "%s", "find cleared");
		return;
	}
	if ((q = ui_parse_query(u, line)) == NULL)
		return;
	if ((n = view_reader_find(r, q)) < 0)
		ui_message(u, 1, "%s", "out of memory");
	else if (n == 0)
		ui_message(u, 0, "no match for %s in this decision (\\ searches all)", line);
	else
		ui_message(u, 0, "%ld match%s for %s · n N step through them", n,
			   n == 1 ? "" : "es", line);
}

/* ---- hits, results, decisions ------------------------------------------- */

/* Brings the reader up at full width unless it shows. */
static void
raise_reader(struct ui *u)
{
	if (!ui_frame_visible(u, PANE_READER)) {
		u->zoom = 1;
		u->focus = PANE_READER;
		ui_frame_layout(u);
	}
}

/* Moves the list's cursor one row (dir 1 down, -1 up) and shows its
 * decision in the reader; returns 1 when it moved. */
static int
list_step(struct ui *u, int dir)
{
	struct view *l = &u->pane[PANE_LIST];

	if (!(l->ops->action(l, dir > 0 ? UI_ACTION_DOWN : UI_ACTION_UP) &
	      VIEW_CHANGED))
		return 0;
	ui_follow_list(u);
	return 1;
}

/* n or N: the reader's next or previous hit, from any pane; past the
 * last (first) hit of a result, the next (previous) result at its first
 * (last) hit.  A find in the decision keeps to the decision. */
void
ui_read_step_hit(struct ui *u, enum ui_action a)
{
	struct view *r = &u->pane[PANE_READER];
	int finding = view_reader_finding(r), dir = a == UI_ACTION_NEXT_HIT ? 1 : -1;
	long cur, n, now;

	if (u->search == NULL && !finding) {
		ui_message(u, 0, "%s", "no search: / finds in the reader, \\ searches all");
		return;
	}
	view_reader_hits(r, &cur, &n);
	if (n == 0 && finding) {
		ui_message(u, 0, "%s", "no match in this decision");
		return;
	}
	raise_reader(u);
	if (n > 0) {
		r->ops->action(r, a);
		view_reader_hits(r, &now, &n);
		if (now != cur)
			return;
	}
	if (finding) {
		ui_message(u, 0, "%s", dir > 0 ? "no more matches below" :
			   "no more matches above");
		return;
	}
	/* On to the next result with a hit (the list's own order). */
	const char *was = view_reader_ref(r);
	char from[DECISION_REF_MAX];

	snprintf(from, sizeof from, "%s", was ? was : "");
	if (!list_step(u, dir)) {
		ui_message(u, 0, "%s", dir > 0 ? "no more hits below: the last result" :
			   "no more hits above: the first result");
		return;
	}
	view_reader_hit_edge(r, dir < 0);
	ui_message(u, 0, "%s hit of %s: %s result %s", dir > 0 ? "past the last" :
		   "before the first", from, dir > 0 ? "the next" : "the previous",
		   view_reader_ref(r) ? view_reader_ref(r) : "");
}

/* J or K: the next or previous decision of the list (or results) in the
 * reader, from the reader or the side-by-side view. */
void
ui_read_step_decision(struct ui *u, enum ui_action a)
{
	int dir = a == UI_ACTION_NEXT_DECISION ? 1 : -1;

	if (u->compare) {
		const char *ref = view_compare_ref(&u->pane[PANE_COMPARE]);

		if (ref == NULL || !view_list_find(&u->pane[PANE_LIST], ref)) {
			ui_message(u, 1, "%s", "this column's decision is not in the list");
			return;
		}
		ui_read_push(u);
		u->back_to_compare = 1;
		u->compare = 0;
		u->zoom = 1;
		u->focus = PANE_READER;
		ui_follow_list(u);
		ui_frame_layout(u);
	} else if (u->astray) {
		/* From a decision outside the list: the list's own first. */
		ui_follow_list(u);
		u->astray = 0;
	}
	if (!list_step(u, dir)) {
		ui_message(u, 0, "%s", dir > 0 ? "the last decision of the list" :
			   "the first decision of the list");
		return;
	}
	if (u->focus != PANE_LIST)
		raise_reader(u);
}

/* Writes s to the terminal's clipboard by OSC 52; returns 0 or -1. */
static int
osc52(const char *s)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), j = 0;
	char *out = malloc((n + 2) / 3 * 4 + 16);
	const unsigned char *p = (const unsigned char *)s;

	if (out == NULL)
		return -1;
	j += (size_t)sprintf(out, "\033]52;c;");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);

		out[j++] = b64[v >> 18 & 63];
		out[j++] = b64[v >> 12 & 63];
		out[j++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[j++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[j++] = '\a';
	/* Straight to the terminal, between two screens curses wrote. */
	fwrite(out, 1, j, stdout);
	fflush(stdout);
	free(out);
	return 0;
}

/* "y": copies "Organisation (reference) at [n]" and the paragraph, or
 * "Organisation (reference), summary" and the summary: what the margin
 * marks. */
void
ui_read_cite(struct ui *u)
{
	const struct decision *d = view_reader_decision(&u->pane[PANE_READER]);
	int n = view_reader_para(&u->pane[PANE_READER]);
	char *c;

	if (d == NULL || !ui_frame_visible(u, PANE_READER)) {
		ui_message(u, 1, "%s", "no decision in the reader to cite");
		return;
	}
	if (n == 0 && d->summary != NULL) {
		size_t len = strlen(d->summary) + 600;

		if ((c = malloc(len)) != NULL)
			snprintf(c, len, "%s%s%s%s, summary\n\n%s",
				 d->organisation ? d->organisation : "",
				 d->organisation ? " (" : "", d->ref,
				 d->organisation ? ")" : "", d->summary);
	} else if ((c = decision_cite(d, n)) == NULL) {
		ui_message(u, 1, "%s", "this decision has no numbered paragraph to cite");
		return;
	}
	refresh();
	if (c == NULL || osc52(c) < 0) {
		ui_message(u, 1, "%s", "out of memory");
	} else {
		c[strcspn(c, "\n")] = '\0';
		ui_message(u, 0, "copied to the clipboard: %s", c);
	}
	free(c);
}

/* "Y": copies "Organisation (reference)" of every marked decision, one a
 * line, in the order they were marked. */
void
ui_read_cite_marked(struct ui *u)
{
	const char *const *refs;
	int n = view_list_marks(&u->pane[PANE_LIST], &refs);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (n == 0) {
		ui_message(u, 1, "%s", "no decision marked: Space marks them in the list");
		return;
	}
	if ((f = open_memstream(&buf, &len)) == NULL) {
		ui_message(u, 1, "%s", "out of memory");
		return;
	}
	for (int i = 0; i < n; i++) {
		struct decision d;
		int rc = store_get(u->st, refs[i], &d);

		if (rc < 0) {
			fclose(f);
			free(buf);
			ui_message(u, 1, "%s", store_error(u->st));
			return;
		}
		if (rc > 0 && d.organisation != NULL)
			fprintf(f, "%s%s (%s)", i ? "\n" : "", d.organisation, d.ref);
		else
			fprintf(f, "%s%s", i ? "\n" : "", refs[i]);
		if (rc > 0)
			decision_free(&d);
	}
	fclose(f);
	refresh();
	if (buf == NULL || osc52(buf) < 0)
		ui_message(u, 1, "%s", "out of memory");
	else
		ui_message(u, 0, "copied %d citation%s to the clipboard", n,
			   n == 1 ? "" : "s");
	free(buf);
}

/* Enter in the side-by-side view: the focused column's decision alone;
 * q comes back to the comparison. */
void
ui_read_open_compared(struct ui *u)
{
	const char *ref = view_compare_ref(&u->pane[PANE_COMPARE]);
	int rc;

	ui_read_push(u);
	rc = ref ? view_reader_show(&u->pane[PANE_READER], ref, 0) : 0;
	if (rc < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
		return;
	}
	if (rc == 0)
		return;
	view_list_find(&u->pane[PANE_LIST], ref);
	u->back_to_compare = 1;
	u->compare = 0;
	u->zoom = 1;
	u->focus = PANE_READER;
	ui_frame_layout(u);
}
