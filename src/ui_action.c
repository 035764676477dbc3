/* ui_action: what each action of the keymap does in the browser — the
 * key and mouse routing above the views, and the commands: search,
 * filter with completion, mark and compare (the reading workflow's are
 * in ui_read.c). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "search.h"
#include "store.h"
#include "text.h"
#include "ui_int.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"
#include "view_compare.h"
#include "view_list.h"
#include "view_orgs.h"
#include "view_reader.h"

/* ---- the prompts (: and /) ------------------------------------------ */

void
ui_redraw_cb(void *arg)
{
	struct ui *u = arg;

	ui_frame_layout(u);
	clear();
	ui_frame_draw(u);
}

/* Shows the results of q (line its text, q then u's) in place of the
 * decision list: more like decision like unless it is NULL. */
static void
search_show(struct ui *u, struct search_query *q, const char *line,
	    const char *like)
{
	/* The old search goes, the list it replaced comes back for the new
	 * one to replace. */
	if (u->search != NULL) {
		view_list_unsearch(&u->pane[PANE_LIST]);
		search_close(u->search);
		u->search = NULL;
	} else if (!u->before_picked) {
		struct view_pick p;

		view_orgs_pick(&u->pane[PANE_ORGS], &p);
		u->before_all = p.all;
		u->before_org = p.org ? strdup(p.org) : NULL;
		u->before_picked = 1;
	}
	view_reader_search(&u->pane[PANE_READER], NULL);
	view_compare_search(&u->pane[PANE_COMPARE], NULL);
	search_query_free(u->query);
	u->query = q;
	snprintf(u->like_ref, sizeof u->like_ref, "%s", like ? like : "");
	snprintf(u->query_text, sizeof u->query_text, "%s", line + strspn(line, " "));
	if (view_reader_search(&u->pane[PANE_READER], q) < 0)
		ui_message(u, 1, "%s", "out of memory");
	ui_reselect(u, SEL_NEW_SEARCH);
	if (u->search == NULL) {
		/* It could not run (the message says why): the list stays. */
		ui_drop_search(u);
		ui_follow_list(u);
	}
}

static void
search_apply(struct ui *u, struct search_query *q, const char *line)
{
	search_show(u, q, line, NULL);
}


/* The search typed so far, and where the list was before the prompt. */
struct live {
	struct ui *u;
	int ran;                 /* a line ran: Esc must undo it */
	int stopped;             /* a key interrupted the last run */
	char shown[512];         /* the line whose results are shown */
	char *query0;            /* the search shown before (NULL: none) */
	char like0[DECISION_REF_MAX];   /* … more like this one ("": not) */
	char *ref0;              /* the decision under the list's cursor */
};

static int
live_check(void *arg)
{
	struct live *lv = arg;

	if (ui_prompt_key_waiting(NULL))
		lv->stopped = 1;
	return lv->stopped;
}

/* Writes line, without spaces at either end, into out. */
static void
trim_line(const char *line, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%s", line + strspn(line, " "));
	for (n = strlen(out); n > 0 && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
}

/* ui_live_fn of the search prompt: the results follow the line; a line
 * that cannot be read keeps the last results and says why. */
static int
live_search(const char *line, char *note, size_t len, void *arg)
{
	struct live *lv = arg;
	struct ui *u = lv->u;
	struct search_error err;
	struct search_query *q;
	char text[512];

	trim_line(line, text, sizeof text);
	if (text[0] == '\0' || strcmp(text, lv->shown) == 0)
		return 0;
	if ((q = search_parse(text, &err)) == NULL) {
		snprintf(note, len, "%s: the results are for '%s'", err.msg,
			 lv->shown[0] ? lv->shown : u->query_text);
		return 0;
	}
	if (!lv->ran)
		ui_read_push(u);
	lv->ran = 1;
	lv->stopped = 0;
	/* The notes of a line typed before are not this line's. */
	ui_message(u, 0, "%s", "");
	store_set_check(u->st, live_check, lv);
	search_apply(u, q, text);
	store_set_check(u->st, NULL, NULL);
	if (lv->stopped) {
		/* Superseded: its message is no one's, the screen keeps the
		 * last results until the next line's. */
		ui_message(u, 0, "%s", "");
		lv->shown[0] = '\0';
		return 1;
	}
	snprintf(lv->shown, sizeof lv->shown, "%s", text);
	ui_redraw_cb(u);
	return 0;
}

/* Esc after lines ran: the list, its search and its cursor as before. */
static void
live_undo(struct live *lv)
{
	struct ui *u = lv->u;
	struct search_query *q;

	if (lv->query0 == NULL && u->query != NULL)
		ui_end_search(u);
	else if (lv->query0 == NULL)
		ui_back_to_pick(u);     /* an interrupted run left none */
	else if (lv->like0[0] != '\0' && (q = search_query_empty()) != NULL)
		search_show(u, q, lv->query0, lv->like0);
	else if (lv->like0[0] == '\0' && (q = ui_parse_query(u, lv->query0)) != NULL)
		search_apply(u, q, lv->query0);
	if (lv->ref0 != NULL && view_list_find(&u->pane[PANE_LIST], lv->ref0))
		ui_follow_list(u);
}

/* "/QUERY": the results of the search replace the decision list, and
 * follow the query as it is typed; Enter keeps them, Esc brings back
 * the list as it was.  A query that cannot be read is explained and
 * changes nothing.  prompt is "/", or what \ shows from anywhere. */
static void
prompt_search(struct ui *u, const char *prompt)
{
	char line[512] = "", text[512];
	struct live lv = { .u = u };
	struct search_query *q;
	const char *ref = view_list_ref(&u->pane[PANE_LIST]);
	int ok;

	lv.query0 = u->query != NULL ? strdup(u->query_text) : NULL;
	snprintf(lv.like0, sizeof lv.like0, "%s", u->query != NULL ? u->like_ref : "");
	lv.ref0 = ref != NULL ? strdup(ref) : NULL;
	ok = ui_prompt_live(prompt, line, sizeof line, &u->search_hist, NULL, NULL,
			    live_search, &lv, ui_redraw_cb, u, &ui_got_signal);
	trim_line(line, text, sizeof text);
	if (!ok || text[0] == '\0') {
		if (lv.ran) {
			live_undo(&lv);
			ui_message(u, 0, "%s", "");
		}
	} else if (strcmp(text, lv.shown) != 0 || u->search == NULL) {
		u->t0 = ui_now_ms();
		u->trace_what = "search";
		if ((q = ui_parse_query(u, text)) != NULL) {
			if (!lv.ran)
				ui_read_push(u);
			search_apply(u, q, text);
		} else if (lv.ran) {
			live_undo(&lv);
		}
	}
	free(lv.query0);
	free(lv.ref0);
	if (ok && text[0] != '\0' && u->search != NULL &&
	    (u->zoom || u->compare || u->focus != PANE_LIST)) {
		u->zoom = u->compare = 0;
		u->focus = PANE_LIST;
		ui_frame_layout(u);
	}
}

/* \ searches every decision, from the reader too; its prompt says so. */
static void
prompt_search_all(struct ui *u)
{
	prompt_search(u, "search all: ");
}

/* ---- the filter (f) ---------------------------------------------------- */

/* Candidates for the filter prompt's completion: the fields, then the
 * categories and outcomes in the store, most decisions first. */
struct completion {
	struct store *st;
	char **value[2];        /* categories, outcomes */
	long n[2];
	int loaded;
};

static const char *const filter_fields[] = { "category:", "outcome:", "after:",
					     "before:", "year:" };

static int
add_value(const char *value, long count, void *arg)
{
	struct completion *c = arg;
	int k = c->loaded - 1;
	char **p;

	(void)count;
	if (value == NULL || *value == '\0')
		return 0;
	if ((p = realloc(c->value[k], (size_t)(c->n[k] + 1) * sizeof *p)) == NULL)
		return -1;
	c->value[k] = p;
	if ((p[c->n[k]] = strdup(value)) == NULL)
		return -1;
	c->n[k]++;
	return 0;
}

static void
completion_free(struct completion *c)
{
	for (int k = 0; k < 2; k++) {
		for (long i = 0; i < c->n[k]; i++)
			free(c->value[k][i]);
		free(c->value[k]);
	}
}

/* Nonzero when the folded prefix of s (n bytes) starts the folded t. */
static int
starts_folded(const char *s, size_t n, const char *t)
{
	char *a = text_fold(s, n, NULL), *b = text_fold(t, strlen(t), NULL);
	int r = a != NULL && b != NULL && strncmp(a, b, strlen(a)) == 0;

	free(a);
	free(b);
	return r;
}

/* Tab in the filter prompt: a field name, or a category or outcome of
 * the store as field:"Value". */
static long
complete_filter(char *buf, size_t len, size_t cur, int nth, void *arg)
{
	struct completion *c = arg;
	size_t start = cur, vstart;
	int quoted = 0, k = -1, seen = 0;
	char tail[512], word[512];

	for (size_t i = 0; i < cur; i++)
		if (buf[i] == '"')
			quoted = !quoted;
	while (start > 0 && (quoted || buf[start - 1] != ' ')) {
		if (buf[--start] == '"')
			quoted = !quoted;
	}
	snprintf(tail, sizeof tail, "%s", buf + cur);
	vstart = start + strcspn(buf + start, ":");
	if (vstart >= cur) {
		/* A field name. */
		for (size_t f = 0; f < sizeof filter_fields / sizeof *filter_fields; f++) {
			if (!starts_folded(buf + start, cur - start, filter_fields[f]) ||
			    seen++ < nth)
				continue;
			snprintf(buf + start, len - start, "%s%s", filter_fields[f], tail);
			return (long)(start + strlen(filter_fields[f]));
		}
		return -1;
	}
	if (starts_folded(buf + start, vstart - start, "category") &&
	    vstart - start == 8)
		k = 0;
	else if (starts_folded(buf + start, vstart - start, "outcome") &&
		 vstart - start == 7)
		k = 1;
	if (k < 0)
		return -1;
	if (!c->loaded) {
		for (c->loaded = 1; c->loaded <= 2; c->loaded++)
			if (store_values(c->st, c->loaded == 1 ? STORE_FIELD_CATEGORY :
					 STORE_FIELD_OUTCOME, add_value, c) < 0)
				break;
	}
	vstart++;
	if (vstart < cur && buf[vstart] == '"')
		vstart++;
	snprintf(word, sizeof word, "%.*s", (int)(cur - vstart), buf + vstart);
	if (word[0] != '\0' && word[strlen(word) - 1] == '"')
		word[strlen(word) - 1] = '\0';
	for (long i = 0; i < c->n[k]; i++) {
		const char *v = c->value[k][i];
		size_t at = start + strlen(filter_fields[k]);

		if (!starts_folded(word, strlen(word), v) || seen++ < nth)
			continue;
		snprintf(buf + at, len - at, "\"%s\"%s", v, tail);
		return (long)(at + strlen(v) + 2);
	}
	return -1;
}

/* "f": reads a filter, with Tab completion. */
static void
prompt_filter(struct ui *u)
{
	struct completion c = { .st = u->st };
	char line[256];

	snprintf(line, sizeof line, "%s", u->filter_text);
	if (ui_prompt_complete("filter (Tab completes): ", line, sizeof line,
			       &u->filter_hist, complete_filter, &c, ui_redraw_cb, u,
			       &ui_got_signal)) {
		u->t0 = ui_now_ms();
		u->trace_what = "filter";
		ui_set_filter(u, line);
	}
	completion_free(&c);
}

/* ---- marks, side by side, citation ----------------------------------- */

/* "Space": marks or unmarks the decision under the list's cursor. */
static void
mark(struct ui *u)
{
	const char *const *refs;
	int rc = view_list_mark(&u->pane[PANE_LIST]), n;

	n = view_list_marks(&u->pane[PANE_LIST], &refs);
	if (rc < 0)
		ui_message(u, 1, "%s", "out of memory");
	else
		ui_message(u, 0, "%s %s · %d marked%s", rc ? "marked" : "unmarked",
			view_list_ref(&u->pane[PANE_LIST]) ?
			view_list_ref(&u->pane[PANE_LIST]) : "", n,
			n >= 2 && n <= 4 ? " · c compares them" : "");
	/* The next decision, to mark a run of them quickly. */
	if (u->pane[PANE_LIST].ops->action(&u->pane[PANE_LIST], UI_ACTION_DOWN) &
	    VIEW_CHANGED)
		ui_follow_list(u);
}

/* "c": the marked decisions side by side; with one marked, it and the
 * decision in the reader. */
static void
compare(struct ui *u)
{
	const char *const *marks;
	const char *refs[4];
	const char *shown = view_reader_ref(&u->pane[PANE_READER]);
	int n = view_list_marks(&u->pane[PANE_LIST], &marks), rc;

	if (n == 1 && shown != NULL && strcmp(marks[0], shown) != 0) {
		refs[0] = marks[0];
		refs[1] = shown;
		n = 2;
	} else if (n < 2 || n > 4) {
		ui_message(u, 1, "mark 2 to 4 decisions with Space to compare them "
			"(%d marked)", n);
		return;
	} else {
		memcpy(refs, marks, (size_t)n * sizeof *refs);
	}
	rc = view_compare_show(&u->pane[PANE_COMPARE], refs, n, u->query);
	if (rc < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
	} else if (rc == 0) {
		ui_message(u, 1, "%s", "a marked decision is no longer in the store");
	} else {
		u->compare = 1;
		u->ncompared = n;
		u->stacked = 0;
		ui_frame_layout(u);
	}
}

/* ---- the actions --------------------------------------------------- */

/* What an action's handler returns. */
enum {
	ACT_DONE = 0,
	ACT_QUIT = 1 << 0,  /* leave the browser */
	ACT_ON = 1 << 1,    /* not done here: the main handler goes on */
};

/* Shows in the next pane what the cursor of pane v is on now. */
static void
follow(struct ui *u, const struct view *v)
{
	if (v == &u->pane[PANE_ORGS])
		ui_follow_orgs(u);
	else if (v == &u->pane[PANE_LIST])
		ui_follow_list(u);
}

/* Hands a to view v and acts on the VIEW_* flags it returns: a new
 * selection is followed, Enter goes to the next pane or opens. */
static int
to_view(struct ui *u, struct view *v, enum ui_action a)
{
	int f = v->ops->action(v, a);

	if (f & VIEW_CHANGED)
		follow(u, v);
	if (f & VIEW_OPEN) {
		if (u->focus == PANE_ORGS) {
			u->focus = PANE_LIST;
		} else if (u->focus == PANE_LIST) {
			ui_read_push(u);
			u->zoom = 1;
			u->focus = PANE_READER;
			ui_frame_layout(u);
		} else {
			u->zoom = !u->zoom;
			ui_frame_layout(u);
		}
	}
	return ACT_DONE;
}

/* Moving, paging and Enter: the focused pane's own. */
static int
act_view(struct ui *u, enum ui_action a)
{
	return to_view(u, &u->pane[u->focus], a);
}

static int
act_quit(struct ui *u, enum ui_action a)
{
	(void)u;
	(void)a;
	return ACT_QUIT;
}

static int
act_help(struct ui *u, enum ui_action a)
{
	(void)a;
	u->help = 1;
	u->help_top = 0;
	return ACT_DONE;
}

static int
act_redraw(struct ui *u, enum ui_action a)
{
	(void)u;
	(void)a;
	clear();
	return ACT_DONE;
}

static int
act_import_samples(struct ui *u, enum ui_action a)
{
	(void)a;
	if (u->empty)
		ui_import_samples(u);
	return ACT_DONE;
}

/* q: out of the reader or the summaries, out of the search, back a
 * pane; quits from the first pane. */
static int
act_back(struct ui *u, enum ui_action a)
{
	(void)a;
	if (u->zoom) {
		if (ui_read_back(u))
			return ACT_DONE;
		u->zoom = 0;
		u->focus = PANE_LIST;
		ui_frame_layout(u);
	} else if (u->summ) {
		u->summ = 0;
		view_list_summaries(&u->pane[PANE_LIST], 0);
		u->focus = PANE_LIST;
		ui_frame_layout(u);
	} else if (u->search != NULL && u->focus <= PANE_LIST) {
		ui_end_search(u);
	} else if (u->focus > (u->orgs_off ? PANE_LIST : PANE_ORGS)) {
		u->focus--;
	} else {
		u->quit_ask = 1;
		ui_message(u, 0, "%s", "quit ombuds? y or q quits, another key stays");
	}
	return ACT_DONE;
}

/* o: hides the organisations pane, or brings it back with the focus. */
static int
act_org_pane(struct ui *u, enum ui_action a)
{
	(void)a;
	u->orgs_off = !u->orgs_off;
	if (u->zoom || u->summ) {
		u->zoom = 0;
		u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
	}
	if (u->orgs_off && u->focus == PANE_ORGS)
		u->focus = PANE_LIST;
	else if (!u->orgs_off && !ui_frame_visible(u, PANE_ORGS))
		u->focus = PANE_ORGS;
	ui_frame_layout(u);
	ui_message(u, 0, "the organisations pane is %s",
		   u->orgs_off ? "hidden: o brings it back" : "back");
	return ACT_DONE;
}

/* U: unmarks every marked decision, in the lists and for c. */
static int
act_unmark_all(struct ui *u, enum ui_action a)
{
	int n = view_list_unmark_all(&u->pane[PANE_LIST]);

	(void)a;
	ui_message(u, 0, n ? "%d unmarked" : "no decision was marked", n);
	return ACT_DONE;
}

/* Tab and S-Tab: the next or previous of the three panes. */
static int
act_pane(struct ui *u, enum ui_action a)
{
	if (u->zoom || u->summ) {
		u->zoom = 0;
		u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
		ui_frame_layout(u);
	}
	u->focus = (u->focus + (a == UI_ACTION_NEXT_PANE ? 1 : PANE_MAIN - 1)) %
		   PANE_MAIN;
	/* A hidden organisations pane is passed over. */
	if (u->orgs_off && u->focus == PANE_ORGS)
		u->focus = a == UI_ACTION_NEXT_PANE ? PANE_LIST : PANE_READER;
	return ACT_DONE;
}

static int
act_mark(struct ui *u, enum ui_action a)
{
	(void)a;
	if (ui_frame_visible(u, PANE_LIST) && u->focus == PANE_LIST)
		mark(u);
	else
		ui_message(u, 0, "%s", "Space marks the decision under the cursor "
			   "in the decision list");
	return ACT_DONE;
}

/* m: the decisions most like the one under the list's cursor, or the
 * reader's when it has the focus, in place of the decision list. */
static int
act_like(struct ui *u, enum ui_action a)
{
	const char *ref = u->zoom || u->focus == PANE_READER
				  ? view_reader_ref(&u->pane[PANE_READER])
				  : view_list_ref(&u->pane[PANE_LIST]);
	char like[DECISION_REF_MAX], line[DECISION_REF_MAX + 8];
	struct search_query *q;

	(void)a;
	if (ref == NULL) {
		ui_message(u, 0, "%s", "no decision here to find others like");
		return ACT_DONE;
	}
	snprintf(like, sizeof like, "%s", ref);
	snprintf(line, sizeof line, "like %s", like);
	if ((q = search_query_empty()) == NULL) {
		ui_message(u, 1, "%s", "out of memory");
		return ACT_DONE;
	}
	ui_read_push(u);
	search_show(u, q, line, like);
	if (u->search != NULL && (u->zoom || u->summ || u->focus != PANE_LIST)) {
		u->zoom = 0;
		u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
		u->focus = PANE_LIST;
		ui_frame_layout(u);
	}
	return ACT_DONE;
}

/* Handlers that only run one of the commands above. */
#define ACT_COMMAND(handler, command) \
	static int \
	handler(struct ui *u, enum ui_action a) \
	{ \
		(void)a; \
		command(u); \
		return ACT_DONE; \
	}
ACT_COMMAND(act_compare, compare)
ACT_COMMAND(act_filter, prompt_filter)
ACT_COMMAND(act_sort, ui_next_sort)
ACT_COMMAND(act_cite, ui_read_cite)
ACT_COMMAND(act_goto, ui_read_goto)
ACT_COMMAND(act_search_all, prompt_search_all)
ACT_COMMAND(act_cite_marked, ui_read_cite_marked)
#undef ACT_COMMAND

static int
act_summaries(struct ui *u, enum ui_action a)
{
	(void)a;
	u->summ = view_list_summaries(&u->pane[PANE_LIST], !u->summ);
	u->zoom = 0;
	u->focus = PANE_LIST;
	ui_frame_layout(u);
	return ACT_DONE;
}

static int
act_clear_filter(struct ui *u, enum ui_action a)
{
	(void)a;
	if (u->filter == NULL)
		ui_message(u, 0, "%s", "no filter to clear: f sets one");
	else if (ui_set_filter(u, "") == 0)
		ui_message(u, 0, "%s", "filter cleared");
	return ACT_DONE;
}

/* S: the organisations pane's statistics, bringing the pane up. */
static int
act_statistics(struct ui *u, enum ui_action a)
{
	struct view *v = &u->pane[PANE_ORGS];

	if (!ui_frame_visible(u, PANE_ORGS)) {
		u->zoom = 0;
		u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
		u->focus = PANE_ORGS;
	}
	v->ops->action(v, a);
	ui_frame_layout(u);
	return ACT_DONE;
}

/* "/": in the reader, find in the decision; elsewhere search them all. */
static int
act_search(struct ui *u, enum ui_action a)
{
	(void)a;
	if (u->zoom || (u->focus == PANE_READER && ui_frame_visible(u, PANE_READER)))
		ui_read_find(u);
	else
		prompt_search(u, "/");
	return ACT_DONE;
}

static int
act_step_decision(struct ui *u, enum ui_action a)
{
	ui_read_step_decision(u, a);
	return ACT_DONE;
}

static int
act_jump(struct ui *u, enum ui_action a)
{
	ui_read_jump(u, a);
	return ACT_DONE;
}

static int
act_hit(struct ui *u, enum ui_action a)
{
	ui_read_step_hit(u, a);
	return ACT_DONE;
}

/* The reader's keys work from the list too (the summaries keep them). */
static int
act_reader(struct ui *u, enum ui_action a)
{
	return to_view(u, &u->pane[u->summ ? u->focus : PANE_READER], a);
}

/* Each action's handler, by the name the table below builds from
 * UI_ACTIONS: an action added there does not compile until it has one. */
#define act_UP act_view
#define act_DOWN act_view
#define act_PAGE_UP act_view
#define act_PAGE_DOWN act_view
#define act_HALF_UP act_view
#define act_HALF_DOWN act_view
#define act_TOP act_view
#define act_BOTTOM act_view
#define act_NEXT_PANE act_pane
#define act_PREV_PANE act_pane
#define act_OPEN act_view
#define act_BACK act_back
#define act_QUIT act_quit
#define act_PREV_SECTION act_reader
#define act_NEXT_SECTION act_reader
#define act_PREV_PARA act_reader
#define act_NEXT_PARA act_reader
#define act_GOTO act_goto
#define act_SEARCH act_search
#define act_NEXT_HIT act_hit
#define act_PREV_HIT act_hit
#define act_MARK act_mark
#define act_COMPARE act_compare
#define act_SUMMARIES act_summaries
#define act_FILTER act_filter
#define act_CLEAR_FILTER act_clear_filter
#define act_SORT act_sort
#define act_STATISTICS act_statistics
#define act_ORG_PANE act_org_pane
#define act_UNMARK_ALL act_unmark_all
#define act_CITE act_cite
#define act_IMPORT_SAMPLES act_import_samples
#define act_REDRAW act_redraw
#define act_HELP act_help
#define act_SEARCH_ALL act_search_all
#define act_NEXT_DECISION act_step_decision
#define act_PREV_DECISION act_step_decision
#define act_JUMP_BACK act_jump
#define act_JUMP_FORWARD act_jump
#define act_CITE_MARKED act_cite_marked
#define act_LIKE act_like

static int (*const handlers[UI_ACTION_COUNT])(struct ui *, enum ui_action) = {
	[UI_ACTION_NONE] = act_view,
#define UI_ACTION_HANDLER(id, name, keys, help) [UI_ACTION_##id] = act_##id,
	UI_ACTIONS(UI_ACTION_HANDLER)
#undef UI_ACTION_HANDLER
};

/* An action while the help screen is up: it scrolls and closes. */
static int
act_in_help(struct ui *u, enum ui_action a)
{
	switch (a) {
	case UI_ACTION_BACK: case UI_ACTION_HELP: u->help = 0; break;
	case UI_ACTION_QUIT: return ACT_QUIT;
	case UI_ACTION_UP: u->help_top--; break;
	case UI_ACTION_DOWN: u->help_top++; break;
	case UI_ACTION_PAGE_UP: case UI_ACTION_HALF_UP: u->help_top -= LINES / 2; break;
	case UI_ACTION_PAGE_DOWN: case UI_ACTION_HALF_DOWN: u->help_top += LINES / 2; break;
	case UI_ACTION_TOP: u->help_top = 0; break;
	case UI_ACTION_BOTTOM: u->help_top = 1L << 30; break;
	default: break;
	}
	return ACT_DONE;
}

/* An action in the side-by-side view: the columns move, Enter reads one
 * alone, the prompts and the other views close it (ACT_ON), and what
 * needs the reader is refused. */
static int
act_in_compare(struct ui *u, enum ui_action a)
{
	struct view *v = &u->pane[PANE_COMPARE];

	switch (a) {
	case UI_ACTION_BACK:
		u->compare = 0;
		ui_frame_layout(u);
		return ACT_DONE;
	case UI_ACTION_NEXT_HIT:
	case UI_ACTION_PREV_HIT:
		if (u->query == NULL)
			ui_message(u, 0, "%s", "no search: / searches");
		else
			v->ops->action(v, a);
		return ACT_DONE;
	case UI_ACTION_UNMARK_ALL:
		return ACT_ON;
	case UI_ACTION_CITE:
	case UI_ACTION_MARK:
		ui_message(u, 0, "%s", "open a column alone with Enter first");
		return ACT_DONE;
	case UI_ACTION_OPEN:
		if (v->ops->action(v, a) & VIEW_OPEN)
			ui_read_open_compared(u);
		return ACT_DONE;
	case UI_ACTION_NEXT_DECISION: case UI_ACTION_PREV_DECISION:
	case UI_ACTION_JUMP_BACK: case UI_ACTION_JUMP_FORWARD:
	case UI_ACTION_CITE_MARKED:
		return ACT_ON;
	case UI_ACTION_SEARCH:
		u->compare = 0;
		ui_frame_layout(u);
		prompt_search(u, "/");
		return ACT_DONE;
	case UI_ACTION_GOTO: case UI_ACTION_SEARCH_ALL: case UI_ACTION_FILTER:
	case UI_ACTION_CLEAR_FILTER: case UI_ACTION_SUMMARIES:
	case UI_ACTION_COMPARE:
		u->compare = 0;
		ui_frame_layout(u);
		return ACT_ON;
	default:
		v->ops->action(v, a);
		return ACT_DONE;
	}
}

/* Nonzero for the actions that work on every screen, the empty store's
 * too. */
static int
anywhere(enum ui_action a)
{
	return a == UI_ACTION_QUIT || a == UI_ACTION_HELP ||
	       a == UI_ACTION_REDRAW || a == UI_ACTION_IMPORT_SAMPLES;
}

/* Routes one action; returns 1 to quit. */
int
ui_act(struct ui *u, enum ui_action a)
{
	int r;

	if (u->help)
		return act_in_help(u, a) == ACT_QUIT;
	if (anywhere(a))
		return handlers[a](u, a) == ACT_QUIT;
	if (u->empty || !u->opened)
		return a == UI_ACTION_BACK;
	if (u->compare && (r = act_in_compare(u, a)) != ACT_ON)
		return r == ACT_QUIT;
	return handlers[a](u, a) == ACT_QUIT;
}

/* A mouse event: a click focuses and selects, the wheel scrolls. */
void
ui_mouse(struct ui *u)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || !u->opened || u->empty)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		struct view *v = &u->pane[i];

		if (!ui_frame_visible(u, i) || ev.x < v->x || ev.x >= v->x + v->w ||
		    ev.y < v->y || ev.y >= v->y + v->h)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			for (int k = 0; k < 3; k++)
				v->ops->action(v, ev.bstate & BUTTON4_PRESSED ?
					       UI_ACTION_UP : UI_ACTION_DOWN);
			follow(u, v);
			return;
		}
		u->focus = i;
		if (v->ops->click(v, ev.y - v->y) & VIEW_CHANGED)
			follow(u, v);
		return;
	}
}
