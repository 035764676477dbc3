/* fetch: ombuds fetch — the polite crawler of the Ombudsman's website.
 * Finds the decision pages on the site's listings, fetches each once
 * (libcurl, one connection, robots.txt obeyed, a delay between
 * requests), turns each into a decision (html, parse) and stores it with
 * its URL; what is queued, fetched and failed lives in the store
 * (store_crawl.c), so a killed fetch continues where it stopped.  No
 * curses. */
#ifndef OMBUDS_FETCH_H
#define OMBUDS_FETCH_H

#include <stdio.h>

#include "store.h"

/* The site fetched when no --base-url is given. */
#define FETCH_SITE "https://www.lgo.org.uk"
/* The forms of a site's address, for the message that refuses another. */
#define FETCH_SITE_FORMS "http://HOST[:PORT] or https://HOST[:PORT], no path"
/* The default and the least delay between requests, in seconds. */
#define FETCH_DELAY 2.0
/* A response larger than this is refused. */
#define FETCH_MAX_BYTES (16L * 1024 * 1024)

struct fetch_opts {
	const char *base_url;   /* the site; NULL: FETCH_SITE */
	const char *since;      /* ISO date: stop a listing before it; NULL */
	const char *category;   /* fetch the categories whose name or slug
				 * contains it (any case); NULL: all */
	long limit;             /* stop after this many new decisions; 0: none */
	double delay;           /* seconds between requests, at least */
	double timeout;         /* seconds without a byte before a request
				 * is given up; 0: the default (30) */
	int progress;           /* draw a progress line on err (a terminal) */
	FILE *err;              /* messages: "ombuds: URL: what is wrong" */
};

struct fetch_stats {
	long requests;          /* HTTP requests made, robots.txt included */
	long listings;          /* listing pages read */
	long pages;             /* decision pages fetched */
	long imported;          /* decisions new to the store */
	long replaced;          /* decisions that replaced a stored one */
	long unchanged;         /* decisions stored already exactly so */
	long failed;            /* pages (listings or decisions) that failed */
	long skipped;           /* pages robots.txt keeps ombuds from */
	double wall;            /* seconds, the whole run */
	double slept;           /* of which waiting between requests */
	double network;         /* of which inside requests */
};

/* Returns 0 when base is the address of a site as --base-url takes it
 * (FETCH_SITE_FORMS), or -1. */
int fetch_site_ok(const char *base);

/* Fetches what is new on the site into st.  Returns 0 when all went
 * well, 1 when some page failed (the rest was still fetched), -1 when
 * the fetch stopped (the site cannot be reached, robots.txt cannot be
 * read, the store failed: what was stored stays).  Messages name the
 * URL, never libcurl's or SQLite's own text. */
int fetch_run(struct store *st, const struct fetch_opts *o,
	      struct fetch_stats *stats);

#endif
