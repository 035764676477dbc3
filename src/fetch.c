/* fetch: the crawl of ombuds fetch — the site's categories from
 * /decisions, each category's listing page by page (newest first, ten a
 * page), the decision pages they link queued in the store by reference
 * and fetched one at a time, each turned into its decision (html_to_text,
 * parse_bytes) and stored with its URL in the transaction that marks it
 * fetched.  The HTTP and its manners are fetch_http.c's.
 *
 * When a listing stops (docs/ARCHITECTURE.md, "The fetcher"):
 *   - at its last page: a page that links no further page of the listing
 *     (a page with ten decisions and no pager is followed by page + 1,
 *     and a 404 or an empty page with a pager ends it);
 *   - a page with no decision link and no pager is an empty shell: tried
 *     again, and never taken for the end;
 *   - incremental: at a page every decision of which was stored before
 *     the page was read and is dated before the cutoff, the newest date
 *     among the decisions fetched from that category less four months
 *     (the site publishes a decision three months after its date, so
 *     what is new to the site is dated after the cutoff);
 *   - --since: at a page every decision of which is stored and dated
 *     before the date.
 * An undated decision never counts as old. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "decision.h"
#include "fetch.h"
#include "fetch_int.h"
#include "html.h"
#include "html_links.h"
#include "parse.h"
#include "store.h"

/* Tries of a listing page that comes back an empty shell. */
#define SHELL_TRIES 4
/* A listing page holds this many decisions when another follows. */
#define PAGE_SIZE 10
/* The look-back of an incremental run, in months. */
#define LOOK_BACK 4

struct crawl {
	struct store *st;
	const struct fetch_opts *o;
	struct fetch_stats *s;
	struct fetch_http http;
	double started, last_draw;
	int progress_shown;
	int stop;               /* the run must end: the store failed, --limit */
	int fatal;              /* … and it was a failure */
	long queued;            /* pages queued, for the time left */
};

/* One listing page's decision links. */
struct listing {
	struct crawl *cr;
	const char *cat_path;   /* "/decisions/housing" */
	char (*refs)[DECISION_REF_MAX];
	char **urls;
	char *known;            /* each stored or crawled before the page */
	size_t n, cap;
	long page;              /* this page's number (0: none given) */
	long next;              /* the smallest pager number after it (0: none) */
	int pager;              /* it links pages of its own listing */
	int oom;
};

/* ---- messages and progress ---------------------------------------------- */

static void
clear_progress(struct crawl *cr)
{
	if (cr->progress_shown) {
		fputs("\r\033[K", cr->o->err);
		cr->progress_shown = 0;
	}
}

/* A message on its own line: "ombuds: text". */
static void
report(struct crawl *cr, const char *text)
{
	clear_progress(cr);
	fprintf(cr->o->err, "ombuds: %s\n", text);
}

/* The progress line: pages, decisions, new, failed, rate, and the time
 * the queued pages take at the current delay. */
static void
draw_progress(struct crawl *cr, int force)
{
	double t = fetch_now(), elapsed = t - cr->started;
	const struct fetch_stats *s = cr->s;
	long left;

	if (!cr->o->progress || (!force && t - cr->last_draw < 0.1))
		return;
	cr->last_draw = t;
	fprintf(cr->o->err, "\r\033[Kfetching: %ld pages, %ld decisions, "
		"%ld new, %ld failed", s->listings + s->pages, s->pages,
		s->imported, s->failed);
	if (elapsed > 1 && s->requests > 0) {
		double per = elapsed / (double)s->requests;

		left = (long)((double)cr->queued * (per > cr->http.delay
						    ? per : cr->http.delay));
		fprintf(cr->o->err, ", %.0f/min, %ld:%02ld left",
			60.0 * (double)(s->listings + s->pages) / elapsed,
			left / 60, left % 60);
	}
	fflush(cr->o->err);
	cr->progress_shown = 1;
}

static void
on_wait(double left, void *arg)
{
	draw_progress(arg, 0);
}

/* Notes a store failure and stops the run. */
static void
store_failed(struct crawl *cr)
{
	char msg[400];

	snprintf(msg, sizeof msg, "%s", store_error(cr->st));
	report(cr, msg);
	cr->stop = cr->fatal = 1;
}

/* ---- URLs of the site ------------------------------------------------- */

/* Whether seg (n bytes) is a slug of the site: lower-case letters,
 * digits and hyphens. */
static int
is_slug(const char *seg, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)seg[i]) &&
		    !isdigit((unsigned char)seg[i]) && seg[i] != '-')
			return 0;
	return 1;
}

/* Splits path (its query dropped) after "/decisions/" into at most four
 * segments; returns how many, or -1 when the path is not under it. */
static int
decision_segments(const char *path, const char *seg[4], size_t len[4])
{
	size_t end = strcspn(path, "?#"), i = strlen("/decisions/");
	int n = 0;

	if (end <= i || strncasecmp(path, "/decisions/", i) != 0)
		return -1;
	while (i < end) {
		size_t l = strcspn(path + i, "/?#");

		if (l > end - i)
			l = end - i;
		if (n == 4)
			return -1;
		seg[n] = path + i;
		len[n++] = l;
		i += l;
		if (i < end && path[i] == '/')
			i++;
	}
	return n;
}

/* Whether path is a decision page's, /decisions/CAT/SUB/NN-NNN-NNN[x]:
 * its canonical reference into ref. */
static int
decision_ref(const char *path, char ref[DECISION_REF_MAX])
{
	const char *seg[4];
	size_t len[4];

	if (decision_segments(path, seg, len) != 3 || !is_slug(seg[0], len[0]) ||
	    !is_slug(seg[1], len[1]) || len[2] < 10 || len[2] > 12 ||
	    !isdigit((unsigned char)seg[2][0]) || seg[2][2] != '-')
		return 0;
	return decision_ref_canon(seg[2], len[2], ref) == 0;
}

/* Whether path is a category's listing, /decisions/CAT: its length up to
 * the query into *n. */
static int
category_path(const char *path, size_t *n)
{
	const char *seg[4];
	size_t len[4];

	if (decision_segments(path, seg, len) != 1 || !is_slug(seg[0], len[0]))
		return 0;
	*n = (size_t)(seg[0] + len[0] - path);
	return 1;
}

/* The value of ?page=N in path, 0 when none. */
static long
page_number(const char *path)
{
	const char *q = strchr(path, '?');

	for (; q != NULL; q = strchr(q + 1, '&')) {
		if (strncmp(q + 1, "page=", 5) == 0)
			return strtol(q + 6, NULL, 10);
	}
	return 0;
}

/* ---- one decision page -------------------------------------------------- */

/* Stores the decisions of the page of ref, fetched from url, and marks it
 * fetched, in one transaction.  Returns 0, 1 when the page is not a
 * statement (reported), -1 when the store failed. */
static int
store_page(struct crawl *cr, const char *ref, const char *url)
{
	struct html_page page = {0};
	struct parse_result res = {0};
	char msg[600], fetched[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc = 1;

	gmtime_r(&now, &tm);
	strftime(fetched, sizeof fetched, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (html_to_text(cr->http.body, cr->http.len, &page) < 0) {
		snprintf(msg, sizeof msg, "%s: not a decision statement: %s",
			 url, page.reason);
	} else if (parse_bytes(page.text, page.len, &res) < 0 ||
		   res.ndecisions == 0) {
		snprintf(msg, sizeof msg, "%s: not a decision statement%s%s", url,
			 res.nproblems > 0 ? ": " : "",
			 res.nproblems > 0 ? res.problems[0].msg : "");
	} else {
		rc = 0;
	}
	if (rc == 1) {
		report(cr, msg);
		cr->s->failed++;
		if (store_crawl_mark(cr->st, ref, STORE_CRAWL_REFUSED, msg) < 0)
			rc = -1;
		goto done;
	}
	if (store_begin(cr->st) < 0)
		goto fail;
	for (size_t i = 0; i < res.ndecisions; i++) {
		struct decision *d = &res.decisions[i];
		enum store_put how;

		/* Where and when it was fetched, for show's Source: line. */
		free(d->url);
		free(d->fetched);
		d->url = strdup(url);
		d->fetched = strdup(fetched);
		if (d->url == NULL || d->fetched == NULL) {
			store_rollback(cr->st);
			rc = -1;
			goto done;
		}
		if (store_put(cr->st, &res.decisions[i], url, &how) < 0)
			goto fail;
		if (how == STORE_PUT_NEW)
			cr->s->imported++;
		else if (how == STORE_PUT_REPLACED)
			cr->s->replaced++;
		else
			cr->s->unchanged++;
	}
	if (store_crawl_mark(cr->st, ref, STORE_CRAWL_FETCHED, NULL) < 0 ||
	    store_commit(cr->st) < 0)
		goto fail;
	goto done;
fail:
	store_rollback(cr->st);
	rc = -1;
done:
	parse_result_free(&res);
	html_page_free(&page);
	return rc;
}

/* Fetches the queued page of ref at url and stores it.  Returns 0, or -1
 * when the run must stop. */
static int
fetch_decision(struct crawl *cr, const char *ref, const char *url)
{
	enum fetch_got got;
	enum store_crawl state;
	int rc;

	if (!fetch_http_allowed(&cr->http, url)) {
		cr->s->skipped++;
		if (store_crawl_mark(cr->st, ref, STORE_CRAWL_REFUSED,
				     "robots.txt disallows it") < 0)
			return -1;
		return 0;
	}
	got = fetch_http_get(&cr->http, url, 1);
	cr->s->requests = cr->http.requests;
	if (got == FETCH_GOT) {
		cr->s->pages++;
		rc = store_page(cr, ref, url);
		draw_progress(cr, 0);
		return rc < 0 ? -1 : 0;
	}
	report(cr, cr->http.msg);
	cr->s->failed++;
	state = got == FETCH_GONE ? STORE_CRAWL_GONE
		: got == FETCH_REFUSED ? STORE_CRAWL_REFUSED : STORE_CRAWL_FAILED;
	if (store_crawl_mark(cr->st, ref, state, cr->http.msg) < 0)
		return -1;
	if (got == FETCH_STOP)
		cr->stop = cr->fatal = 1;
	return 0;
}

/* Fetches every queued page, oldest first, until none is left or the
 * run stops. */
static void
drain(struct crawl *cr)
{
	char ref[DECISION_REF_MAX], *url;
	int rc;

	while (!cr->stop) {
		if (cr->o->limit > 0 && cr->s->imported >= cr->o->limit) {
			cr->stop = 1;
			break;
		}
		if ((rc = store_crawl_next(cr->st, ref, &url)) < 0) {
			store_failed(cr);
			break;
		}
		if (rc == 0)
			break;
		if (fetch_decision(cr, ref, url) < 0 && !cr->stop)
			store_failed(cr);
		free(url);
		if (cr->queued > 0)
			cr->queued--;
	}
}

/* ---- listings ------------------------------------------------------------ */

/* html_links callback of a listing page: keeps its decision links (one a
 * reference) and notes its pager. */
static int
listing_link(const char *url, const char *text, void *arg)
{
	struct listing *l = arg;
	char ref[DECISION_REF_MAX], *path;
	size_t n;

	if ((path = fetch_http_site_path(&l->cr->http, url)) == NULL)
		return 0;
	if (decision_ref(path, ref)) {
		size_t i;

		for (i = 0; i < l->n && strcmp(l->refs[i], ref) != 0; i++)
			;
		if (i == l->n) {
			if (l->n == l->cap) {
				size_t cap = l->cap ? 2 * l->cap : 16;
				void *r = realloc(l->refs, cap * sizeof *l->refs);
				void *u = r != NULL ? realloc(l->urls, cap * sizeof *l->urls) : NULL;
				void *k = u != NULL ? realloc(l->known, cap) : NULL;

				if (r != NULL)
					l->refs = r;
				if (u != NULL)
					l->urls = u;
				if (k == NULL) {
					l->oom = 1;
					free(path);
					return 1;
				}
				l->known = k;
				l->cap = cap;
			}
			memcpy(l->refs[l->n], ref, DECISION_REF_MAX);
			/* The page's address without its query: one page a
			 * reference, whatever ?displaypref= the link had. */
			path[strcspn(path, "?#")] = '\0';
			if (asprintf(&l->urls[l->n], "%s%s", l->cr->http.origin,
				     path) < 0) {
				l->oom = 1;
				free(path);
				return 1;
			}
			l->n++;
		}
	} else if (category_path(path, &n) && n == strlen(l->cat_path) &&
		   strncmp(path, l->cat_path, n) == 0 && page_number(path) > 0) {
		long k = page_number(path);

		l->pager = 1;
		if (k > l->page && (l->next == 0 || k < l->next))
			l->next = k;
	}
	free(path);
	return 0;
}

static void
listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->urls[i]);
	free(l->urls);
	free(l->refs);
	free(l->known);
	l->urls = NULL;
	l->refs = NULL;
	l->known = NULL;
	l->n = l->cap = 0;
}

/* Subtracts LOOK_BACK months from the ISO date in d, in place. */
static void
months_back(char d[11])
{
	int y, m, day;

	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3 || y < 1 || y > 9999 ||
	    m < 1 || m > 12 || day < 1 || day > 31)
		return;
	m -= LOOK_BACK;
	while (m < 1) {
		m += 12;
		y--;
	}
	snprintf(d, 11, "%04d-%02d-%02d", y, m, day > 28 ? 28 : day);
}

/* Whether the listing may stop after this page (see the top of the
 * file): every decision on it stored and dated before the cutoff (and
 * stored before the page was read) or before --since.  Returns 1, 0, or
 * -1 when the store failed. */
static int
page_is_old(struct crawl *cr, const struct listing *l, const char *cutoff)
{
	char date[11];

	if (l->n == 0 || (cutoff[0] == '\0' && cr->o->since == NULL))
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		int rc = store_crawl_stored(cr->st, l->refs[i], date);

		if (rc < 0)
			return -1;
		if (rc == 0 || date[0] == '\0')
			return 0;
		if (cr->o->since != NULL && strcmp(date, cr->o->since) < 0)
			continue;
		if (l->known[i] && cutoff[0] != '\0' && strcmp(date, cutoff) < 0)
			continue;
		return 0;
	}
	return 1;
}

/* Reads one listing page of a category into l, trying an empty shell
 * again.  Returns 1 when read, 0 at the listing's end, -1 when it failed
 * (reported). */
static int
read_listing(struct crawl *cr, const char *url, struct listing *l)
{
	char msg[600];

	for (int attempt = 1; attempt <= SHELL_TRIES && !cr->stop; attempt++) {
		enum fetch_got got = fetch_http_get(&cr->http, url, 1);

		cr->s->requests = cr->http.requests;
		if (got == FETCH_GONE && l->page > 0)
			return 0; /* past the last page */
		if (got != FETCH_GOT) {
			report(cr, cr->http.msg);
			if (got == FETCH_STOP)
				cr->stop = cr->fatal = 1;
			return -1;
		}
		cr->s->listings++;
		listing_free(l);
		l->pager = 0;
		l->next = 0;
		if (html_links(cr->http.body, cr->http.len, cr->http.url,
			       listing_link, l) < 0 || l->oom) {
			snprintf(msg, sizeof msg, "%s: the page could not be read", url);
			report(cr, msg);
			return -1;
		}
		if (l->n > 0)
			return 1;
		if (l->pager && l->next == 0)
			return 0; /* an empty last page */
		/* An empty shell: ask again after a back-off. */
		cr->http.not_before = fetch_now() + cr->http.delay * (attempt + 1);
	}
	if (!cr->stop) {
		snprintf(msg, sizeof msg, "%s: the listing came back without "
			 "decisions or pages %d times", url, SHELL_TRIES);
		report(cr, msg);
	}
	return -1;
}

/* Queues the decisions of l, noting which were known before, in one
 * transaction.  Returns 0 or -1. */
static int
queue_listing(struct crawl *cr, struct listing *l)
{
	if (store_begin(cr->st) < 0)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		int rc;

		if (!fetch_http_allowed(&cr->http, l->urls[i])) {
			l->known[i] = 0;
			continue;
		}
		if ((rc = store_crawl_queue(cr->st, l->refs[i], l->urls[i])) < 0) {
			store_rollback(cr->st);
			return -1;
		}
		l->known[i] = rc == 0;
		cr->queued += rc;
	}
	return store_commit(cr->st);
}

/* Walks one category's listing, fetching the decisions of each page
 * before reading the next. */
static void
crawl_category(struct crawl *cr, const char *cat_path)
{
	struct listing l = { .cr = cr, .cat_path = cat_path };
	char cutoff[11], *prefix, *url;

	if (asprintf(&prefix, "%s%s/", cr->http.origin, cat_path) < 0 ||
	    asprintf(&url, "%s%s", cr->http.origin, cat_path) < 0) {
		cr->stop = cr->fatal = 1;
		return;
	}
	if (store_crawl_newest(cr->st, prefix, cutoff) < 0) {
		store_failed(cr);
		goto done;
	}
	months_back(cutoff);
	while (!cr->stop) {
		int rc, old;

		l.page = page_number(url);
		if ((rc = read_listing(cr, url, &l)) <= 0) {
			cr->s->failed += rc < 0;
			break;
		}
		if (queue_listing(cr, &l) < 0) {
			store_failed(cr);
			break;
		}
		drain(cr);
		if (cr->stop || (old = page_is_old(cr, &l, cutoff)) != 0) {
			if (!cr->stop && old < 0)
				store_failed(cr);
			break;
		}
		if (l.next == 0 && l.n < PAGE_SIZE)
			break;
		free(url);
		if (asprintf(&url, "%s%s?page=%ld", cr->http.origin, cat_path,
			     l.next > 0 ? l.next : l.page + 1) < 0) {
			url = NULL;
			cr->stop = cr->fatal = 1;
		}
	}
done:
	listing_free(&l);
	free(prefix);
	free(url);
}

/* ---- categories ---------------------------------------------------------- */

struct categories {
	struct crawl *cr;
	char **paths;           /* "/decisions/housing", each once */
	size_t n;
	int oom;
};

/* Whether the category at path (its text) is one --category asks for:
 * TEXT in its slug or its link text, any case, hyphens read as
 * spaces. */
static int
category_wanted(const char *want, const char *path, const char *text)
{
	char a[256], b[256], w[256];
	size_t i;

	if (want == NULL)
		return 1;
	snprintf(a, sizeof a, "%s", path + strlen("/decisions/"));
	snprintf(b, sizeof b, "%s", text);
	snprintf(w, sizeof w, "%s", want);
	for (char *s = a; *s != '\0'; s++)
		*s = *s == '-' ? ' ' : (char)tolower((unsigned char)*s);
	for (char *s = b; *s != '\0'; s++)
		*s = *s == '-' ? ' ' : (char)tolower((unsigned char)*s);
	for (i = 0; w[i] != '\0'; i++)
		w[i] = w[i] == '-' ? ' ' : (char)tolower((unsigned char)w[i]);
	return strstr(a, w) != NULL || strstr(b, w) != NULL;
}

static int
category_link(const char *url, const char *text, void *arg)
{
	struct categories *c = arg;
	char *path = fetch_http_site_path(&c->cr->http, url), **p;
	size_t n;

	if (path == NULL)
		return 0;
	if (!category_path(path, &n) ||
	    !category_wanted(c->cr->o->category, path, text)) {
		free(path);
		return 0;
	}
	path[n] = '\0';
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->paths[i], path) == 0) {
			free(path);
			return 0;
		}
	}
	if ((p = realloc(c->paths, (c->n + 1) * sizeof *p)) == NULL) {
		free(path);
		c->oom = 1;
		return 1;
	}
	c->paths = p;
	c->paths[c->n++] = path;
	return 0;
}

/* Reads the categories from /decisions (an empty shell tried again) and
 * walks each one robots.txt allows.  Returns 0, or -1 when none could
 * be read. */
static int
crawl_categories(struct crawl *cr)
{
	struct categories c = { .cr = cr };
	char *url, msg[600];
	int rc = -1;

	if (asprintf(&url, "%s/decisions", cr->http.origin) < 0)
		return -1;
	for (int attempt = 1; attempt <= SHELL_TRIES && !cr->stop; attempt++) {
		enum fetch_got got = fetch_http_get(&cr->http, url, 1);

		cr->s->requests = cr->http.requests;
		if (got != FETCH_GOT) {
			report(cr, cr->http.msg);
			if (got == FETCH_STOP)
				cr->stop = cr->fatal = 1;
			break;
		}
		cr->s->listings++;
		if (html_links(cr->http.body, cr->http.len, cr->http.url,
			       category_link, &c) < 0 || c.oom)
			break;
		if (c.n > 0) {
			rc = 0;
			break;
		}
		if (cr->o->category != NULL) {
			snprintf(msg, sizeof msg, "%s: no category matches '%s'",
				 url, cr->o->category);
			report(cr, msg);
			break;
		}
		cr->http.not_before = fetch_now() + cr->http.delay * (attempt + 1);
	}
	if (rc < 0)
		cr->s->failed++;
	for (size_t i = 0; i < c.n; i++) {
		char *cu;

		if (rc == 0 && !cr->stop) {
			if (asprintf(&cu, "%s%s", cr->http.origin, c.paths[i]) < 0)
				cu = NULL;
			if (cu != NULL && fetch_http_allowed(&cr->http, cu))
				crawl_category(cr, c.paths[i]);
			else
				cr->s->skipped++;
			free(cu);
		}
		free(c.paths[i]);
	}
	free(c.paths);
	free(url);
	return rc;
}

int
fetch_run(struct store *st, const struct fetch_opts *o,
	  struct fetch_stats *stats)
{
	struct crawl cr = { .st = st, .o = o, .s = stats };
	long n[STORE_CRAWL_COUNT_];
	enum fetch_got got;
	int rc;

	memset(stats, 0, sizeof *stats);
	cr.started = fetch_now();
	if (fetch_http_open(&cr.http, o->base_url != NULL ? o->base_url : FETCH_SITE,
			    o->delay, o->timeout) < 0) {
		report(&cr, cr.http.msg);
		fetch_http_close(&cr.http);
		return -1;
	}
	cr.http.waiting = on_wait;
	cr.http.arg = &cr;
	got = fetch_http_robots(&cr.http);
	stats->requests = cr.http.requests;
	if (got != FETCH_GOT) {
		report(&cr, cr.http.msg);
		cr.fatal = 1;
		goto done;
	}
	/* What an earlier run left: its failures tried again, its queue
	 * fetched before the listings are read. */
	if (store_crawl_retry(st) < 0 || store_crawl_counts(st, n) < 0) {
		store_failed(&cr);
		goto done;
	}
	cr.queued = n[STORE_CRAWL_QUEUED];
	drain(&cr);
	if (!cr.stop)
		crawl_categories(&cr);
done:
	clear_progress(&cr);
	stats->requests = cr.http.requests;
	stats->slept = cr.http.slept;
	stats->network = cr.http.network;
	stats->wall = fetch_now() - cr.started;
	fetch_http_close(&cr.http);
	if (cr.fatal)
		return -1;
	rc = stats->failed > 0;
	return rc;
}
