/* ui_read: the reading workflow above the reader — go to a reference
 * (:), step through the hits of a search (n, N), copy a citation (y) by
 * OSC 52, and read a compared decision alone. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "store.h"
#include "ui_int.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"
#include "view_compare.h"
#include "view_list.h"
#include "view_reader.h"

/* ":24 023 422 [7]": opens the decision in the reader at paragraph 7. */
void
ui_read_goto(struct ui *u)
{
	char line[128] = "", ref[DECISION_REF_MAX], *br;
	int para = 0, rc;

	if (!ui_prompt(":", line, sizeof line, &u->goto_hist, ui_redraw_cb, u,
		       &ui_got_signal))
		return;
	if ((br = strchr(line, '[')) != NULL) {
		para = atoi(br + 1);
		*br = '\0';
	}
	while (*line && line[strlen(line) - 1] == ' ')
		line[strlen(line) - 1] = '\0';
	if (line[0] == '\0' && para > 0 && view_reader_ref(&u->pane[PANE_READER])) {
		snprintf(ref, sizeof ref, "%s", view_reader_ref(&u->pane[PANE_READER]));
	} else if (decision_ref_canon(line + strspn(line, " "),
				      strlen(line + strspn(line, " ")), ref) < 0) {
		ui_message(u, 1, "'%s' is not a reference (e.g. 24 023 422 [7])", line);
		return;
	}
	rc = view_reader_show(&u->pane[PANE_READER], ref, para);
	if (rc < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
	} else if (rc == 0) {
		ui_message(u, 1, "there is no decision %s", ref);
		ui_follow_list(u);
	} else {
		view_list_find(&u->pane[PANE_LIST], ref);
		u->zoom = 1;
		u->compare = 0;
		u->focus = PANE_READER;
		ui_frame_layout(u);
	}
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

/* "y": copies "Organisation (reference) at [n]" and the paragraph. */
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
	if ((c = decision_cite(d, n)) == NULL) {
		ui_message(u, 1, "%s", "this decision has no numbered paragraph to cite");
		return;
	}
	refresh();
	if (osc52(c) < 0) {
		ui_message(u, 1, "%s", "out of memory");
	} else {
		c[strcspn(c, "\n")] = '\0';
		ui_message(u, 0, "copied to the clipboard: %s", c);
	}
	free(c);
}

/* n or N: the reader's next or previous hit, from any pane. */
void
ui_read_step_hit(struct ui *u, enum ui_action a)
{
	struct view *r = &u->pane[PANE_READER];
	long cur, n, now;

	if (u->search == NULL) {
		ui_message(u, 0, "%s", "no search: press / to search");
		return;
	}
	view_reader_hits(r, &cur, &n);
	if (n == 0) {
		ui_message(u, 0, "%s", "no hits in this decision");
		return;
	}
	if (!ui_frame_visible(u, PANE_READER)) {
		/* The hit is worth seeing: the reader comes up. */
		u->zoom = 1;
		u->focus = PANE_READER;
		ui_frame_layout(u);
	}
	r->ops->action(r, a);
	view_reader_hits(r, &now, &n);
	if (now == cur)
		ui_message(u, 0, "%s", a == UI_ACTION_NEXT_HIT ? "no more hits below" :
			"no more hits above");
}

/* Enter in the side-by-side view: the focused column's decision alone. */
void
ui_read_open_compared(struct ui *u)
{
	const char *ref = view_compare_ref(&u->pane[PANE_COMPARE]);
	int rc = ref ? view_reader_show(&u->pane[PANE_READER], ref, 0) : 0;

	if (rc < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
		return;
	}
	if (rc == 0)
		return;
	view_list_find(&u->pane[PANE_LIST], ref);
	u->compare = 0;
	u->zoom = 1;
	u->focus = PANE_READER;
	ui_frame_layout(u);
}
