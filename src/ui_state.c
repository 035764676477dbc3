/* ui_state: what the panes show, the browser's controller — opens the
 * store (or finds it empty and imports the samples), opens and closes the
 * panes, keeps the organisation picked, the filter, the sort and the
 * search, and makes the list and the reader follow the cursor. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "import.h"
#include "search.h"
#include "store.h"
#include "ui_draw.h"
#include "ui_int.h"
#include "view.h"
#include "view_compare.h"
#include "view_list.h"
#include "view_orgs.h"
#include "view_reader.h"

/* ---- the store -------------------------------------------------------- */

/* Sets the message shown once on the status line (error: in the error
 * element). */
void
ui_message(struct ui *u, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_error = error;
}

/* Parses text in the search language; returns the query, or NULL with
 * the reason (and its column) as the message. */
struct search_query *
ui_parse_query(struct ui *u, const char *text)
{
	struct search_error err;
	struct search_query *q = search_parse(text, &err);

	if (q == NULL && err.column > 0)
		ui_message(u, 1, "%s (at column %d)", err.msg, err.column);
	else if (q == NULL)
		ui_message(u, 1, "%s", err.msg);
	return q;
}

/* Closes the panes when they are open. */
void
ui_close_panes(struct ui *u)
{
	if (!u->opened)
		return;
	for (int i = 0; i < PANE_COUNT; i++)
		if (u->pane[i].ops != NULL)
			u->pane[i].ops->close(&u->pane[i]);
	memset(u->pane, 0, sizeof u->pane);
	u->opened = 0;
}

/* Opens the store read-only.  Returns 0 (u->empty set when there is
 * nothing to show yet), or -1 with the reason in err. */
int
ui_open_store(struct ui *u, char *err, size_t len)
{
	struct stat sb;
	long n = 0;

	u->empty = 0;
	if (stat(u->cli->db, &sb) < 0 && errno == ENOENT) {
		u->empty = 1;
		return 0;
	}
	if (stat(u->cli->db, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0) {
		u->empty = 1;
		return 0;
	}
	u->st = cli_store_open(u->cli, 0, err, len);
	if (u->st == NULL) {
		/* A store created but never filled. */
		if (strstr(err, "import statements first") != NULL) {
			u->empty = 1;
			return 0;
		}
		return -1;
	}
	if (store_count(u->st, NULL, &n) < 0) {
		snprintf(err, len, "%s", store_error(u->st));
		store_close(u->st);
		u->st = NULL;
		return -1;
	}
	if (n == 0) {
		store_close(u->st);
		u->st = NULL;
		u->empty = 1;
	}
	return 0;
}

/* Shows the decision under the list's cursor in the reader, a search
 * result at its best paragraph. */
void
ui_follow_list(struct ui *u)
{
	const char *ref = view_list_ref(&u->pane[PANE_LIST]);

	u->astray = 0;
	if (view_reader_show(&u->pane[PANE_READER], ref,
			     view_list_para(&u->pane[PANE_LIST])) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
}

/* Forgets the search (the list must no longer show its results). */
void
ui_drop_search(struct ui *u)
{
	if (u->query == NULL)
		return;
	view_reader_search(&u->pane[PANE_READER], NULL);
	view_compare_search(&u->pane[PANE_COMPARE], NULL);
	if (u->search != NULL)
		search_close(u->search);
	search_query_free(u->query);
	u->search = NULL;
	u->query = NULL;
	u->like_ref[0] = '\0';
}

/* Opens the search of u->query over the organisation picked (all when
 * p is NULL) and the filter, and counts its results; returns it or NULL
 * with a message. */
static struct search *
start_search(struct ui *u, const struct view_pick *p, long *total)
{
	struct search *s = NULL;
	int rc = u->like_ref[0] != '\0'
			 ? search_open_like(u->st, u->query, u->like_ref, &s)
			 : (s = search_open(u->st, u->query, u->scope.newest ?
					   SEARCH_ORDER_DATE : SEARCH_ORDER_RANK)) != NULL;

	if (rc == 0) {
		ui_message(u, 1, "no decision %s in the store", u->like_ref);
		return NULL;
	}
	if (rc < 0 || s == NULL) {
		ui_message(u, 1, "%s", *store_error(u->st) ? store_error(u->st)
							  : "out of memory");
		return NULL;
	}
	u->search_filter = view_scope_filter(&u->scope, p == NULL || p->all,
					     p != NULL ? p->org : NULL);
	if (search_filter(s, &u->search_filter) < 0 ||
	    (u->like_ref[0] == '\0' && search_relax(s) < 0) ||
	    search_count(s, total) < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
		search_close(s);
		return NULL;
	}
	return s;
}

/* Says on the status line what the results of s are besides (relaxed
 * to most of the words, a word suggested), or that there are none. */
static void
search_say_notes(struct ui *u, struct search *s, long total,
		 const char *label)
{
	const char *relaxed, *suggest;
	char none[900] = "";

	if (search_notes(s, &relaxed, &suggest) < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
		return;
	}
	if (total == 0)
		snprintf(none, sizeof none, "no decision matches %s", label);
	/* A relaxed search has results: never both of the first two. */
	if (none[0] || relaxed != NULL || suggest != NULL)
		ui_message(u, 0, "%s%s%s%s", none, relaxed ? relaxed : "",
			   (none[0] || relaxed) && suggest ? "; " : "",
			   suggest ? suggest : "");
}

/* Shows what the panes should show now: the organisations counted for
 * the filter (or the search's results), and in the list the picked
 * organisation's decisions (or results). */
void
ui_reselect(struct ui *u, int how)
{
	struct view *o = &u->pane[PANE_ORGS], *l = &u->pane[PANE_LIST];
	struct search *all = NULL, *s;
	struct view_pick p;
	long total = 0;
	char label[800];

	if (how != SEL_PICK && u->query != NULL) {
		if ((all = start_search(u, NULL, &total)) == NULL)
			return;
		if (view_orgs_load(o, all, how != SEL_NEW_SEARCH) < 0)
			ui_message(u, 1, "%s", store_error(u->st));
	} else if (how != SEL_PICK && view_orgs_load(o, NULL, 1) < 0) {
		ui_message(u, 1, "%s", store_error(u->st));
	}
	view_orgs_pick(o, &p);
	if (u->query == NULL) {
		if (view_list_show(l, &p) < 0)
			ui_message(u, 1, "%s", store_error(u->st));
		ui_follow_list(u);
		return;
	}
	/* The handle that counted all organisations lists them too. */
	s = all;
	if (!p.all || all == NULL) {
		search_close(all);
		if ((s = start_search(u, &p, &total)) == NULL)
			return;
	}
	snprintf(label, sizeof label, "%s%s%s", u->query_text, p.all ? "" : " · ",
		 p.all ? "" : p.org ? p.org : "no organisation");
	if (view_list_search(l, s, label, total) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
	/* The list reads the new handle now. */
	if (u->search != NULL)
		search_close(u->search);
	u->search = s;
	ui_follow_list(u);
	search_say_notes(u, s, total, label);
}

/* Leaves the search results: the list shown before comes back. */
void
ui_end_search(struct ui *u)
{
	if (u->query == NULL)
		return;
	if (view_list_unsearch(&u->pane[PANE_LIST]) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
	ui_drop_search(u);
	ui_back_to_pick(u);
}

/* The organisations counted for the filter alone, the one picked before
 * the search picked again, and its list. */
void
ui_back_to_pick(struct ui *u)
{
	struct view_pick p;

	if (view_orgs_load(&u->pane[PANE_ORGS], NULL, 1) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
	/* Back to the organisation picked before, unless another one was
	 * picked among the results: then that one is listed. */
	view_orgs_pick(&u->pane[PANE_ORGS], &p);
	if (p.all && u->before_picked) {
		p.all = u->before_all;
		p.org = u->before_org;
		view_orgs_select(&u->pane[PANE_ORGS], &p);
		view_orgs_pick(&u->pane[PANE_ORGS], &p);
	}
	free(u->before_org);
	u->before_org = NULL;
	u->before_picked = 0;
	if (!view_list_is(&u->pane[PANE_LIST], &p) &&
	    view_list_show(&u->pane[PANE_LIST], &p) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
	ui_follow_list(u);
}

/* Lists the decisions (or the search's results) of the organisation
 * under the cursor. */
void
ui_follow_orgs(struct ui *u)
{
	struct view_pick p;

	if (u->query != NULL) {
		ui_reselect(u, SEL_PICK);
		return;
	}
	view_orgs_pick(&u->pane[PANE_ORGS], &p);
	if (view_list_show(&u->pane[PANE_LIST], &p) < 0)
		ui_message(u, 1, "%s", store_error(u->st));
	ui_follow_list(u);
}

/* Opens the panes on the store; returns 0 or -1. */
int
ui_open_panes(struct ui *u)
{
	if (view_orgs_open(&u->pane[PANE_ORGS], u->st, &u->scope) < 0 ||
	    view_list_open(&u->pane[PANE_LIST], u->st, &u->scope) < 0 ||
	    view_reader_open(&u->pane[PANE_READER], u->st) < 0 ||
	    view_compare_open(&u->pane[PANE_COMPARE], u->st) < 0) {
		u->opened = 1;
		return -1;
	}
	u->opened = 1;
	return 0;
}

/* Imports the bundled samples into the store, then opens it. */
void
ui_import_samples(struct ui *u)
{
	char *paths[1] = { (char *)cli_samples_dir() };
	struct import_stats stats = {0};
	struct import_opts opts = { .store_name = u->cli->db };
	char err[256], *mbuf = NULL;
	size_t mlen = 0;
	struct store *st;
	int rc;

	ui_message(u, 0, "%s", "importing the samples…");
	ui_frame_draw(u);
	st = cli_store_open(u->cli, 1, err, sizeof err);
	if (st == NULL) {
		ui_message(u, 1, "cannot import: %s", err);
		return;
	}
	/* The importer's messages go to the status line, not the screen. */
	opts.err = open_memstream(&mbuf, &mlen);
	if (opts.err == NULL) {
		store_close(st);
		ui_message(u, 1, "%s", "out of memory");
		return;
	}
	rc = import_paths(st, paths, 1, &opts, &stats);
	fclose(opts.err);
	store_close(st);
	if (rc != 0 && mbuf != NULL && *mbuf) {
		mbuf[strcspn(mbuf, "\n")] = '\0';
		ui_message(u, 1, "%s", mbuf);
	} else {
		char n[32];

		ui_message(u, 0, "%s sample decisions imported",
			ui_count(stats.imported + stats.replaced + stats.unchanged,
				 n, sizeof n));
	}
	free(mbuf);
	if (ui_open_store(u, err, sizeof err) < 0) {
		ui_message(u, 1, "%s", err);
		return;
	}
	if (!u->empty && ui_open_panes(u) == 0) {
		ui_follow_orgs(u);
		u->focus = PANE_ORGS;
	}
	ui_frame_layout(u);
}

/* Sets the filter from text ("" clears it); returns 0, or -1 with a
 * message when it cannot be read. */
int
ui_set_filter(struct ui *u, const char *text)
{
	struct search_error err;
	struct search_query *q = NULL;
	const struct store_filter *f;

	text += strspn(text, " ");
	if (*text != '\0') {
		if ((q = search_parse(text, &err)) == NULL) {
			if (err.column > 0)
				ui_message(u, 1, "filter: %s (at column %d)", err.msg,
					err.column);
			else
				ui_message(u, 1, "filter: %s", err.msg);
			return -1;
		}
		f = search_query_filter(q);
		if (search_query_match(q) != NULL || (f->org && *f->org) ||
		    (f->ref && *f->ref)) {
			search_query_free(q);
			ui_message(u, 1, "%s", "filter: only category:, outcome:, after:, "
				"before: and year: (words go in a search, /)");
			return -1;
		}
	}
	search_query_free(u->filter);
	u->filter = q;
	u->scope.filter = q ? search_query_filter(q) : NULL;
	snprintf(u->filter_text, sizeof u->filter_text, "%s", q ? text : "");
	ui_reselect(u, SEL_RECOUNT);
	return 0;
}

/* "s": the next order of the list, or of the search's results. */
void
ui_next_sort(struct ui *u)
{
	static const enum store_sort next[] = {
		[STORE_SORT_DATE] = STORE_SORT_OLDEST,
		[STORE_SORT_OLDEST] = STORE_SORT_REF,
		[STORE_SORT_REF] = STORE_SORT_ORG,
		[STORE_SORT_ORG] = STORE_SORT_OUTCOME,
		[STORE_SORT_OUTCOME] = STORE_SORT_DATE,
	};

	if (u->query != NULL)
		u->scope.newest = !u->scope.newest;
	else
		u->scope.sort = next[u->scope.sort];
	ui_reselect(u, SEL_PICK);
}
