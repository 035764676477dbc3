/* fetch_int.h: private to the fetch family (fetch*.c): the HTTP client
 * with its politeness (fetch_http.c) and the robots.txt rules
 * (fetch_robots.c), a section per file.  Nothing outside src/fetch*.c
 * includes it. */
#ifndef OMBUDS_FETCH_INT_H
#define OMBUDS_FETCH_INT_H

#include <stddef.h>
#include <stdio.h>

#include <curl/curl.h>

/* ---- fetch_robots.c ---------------------------------------------------- */

struct fetch_rule {
	char *pattern;          /* a path, '*' any run, '$' at the end: the end */
	int allow;
};

/* The rules of robots.txt that apply to ombuds. */
struct fetch_robots {
	struct fetch_rule *rules;
	size_t n;
	double crawl_delay;     /* seconds; 0: none given */
};

/* Reads robots.txt's text: the groups for the agent (a product token,
 * any case), else those for '*'.  Returns 0, or -1 out of memory. */
int fetch_robots_parse(struct fetch_robots *r, const char *text, size_t len,
		       const char *agent);
/* Nonzero when path (with its query) may be fetched: the longest
 * matching rule decides, an allow winning a tie. */
int fetch_robots_allowed(const struct fetch_robots *r, const char *path);
void fetch_robots_free(struct fetch_robots *r);

/* ---- fetch_http.c ------------------------------------------------------ */

/* What became of a request. */
enum fetch_got {
	FETCH_GOT,              /* 200, the body in http->body */
	FETCH_GONE,             /* 404 or 410 */
	FETCH_REFUSED,          /* not HTML, too big, a redirect off the
				 * site or into what robots.txt disallows,
				 * another 4xx: not worth a second try */
	FETCH_FAILED,           /* failed after every try */
	FETCH_STOP,             /* the site asks to wait too long, or
				 * cannot be reached: stop the run */
};

struct fetch_http {
	CURL *h;                /* the one handle: one connection, reused */
	char *origin;           /* scheme://host[:port] of the site */
	char *host;
	char *scheme;
	char *port;             /* NULL: the scheme's own */
	char agent[160];        /* User-Agent */
	double delay;           /* the larger of --delay and Crawl-delay */
	double timeout;
	double not_before;      /* monotonic: the next request's earliest start */
	int have_robots;
	struct fetch_robots robots;
	/* The last response. */
	char *body;
	size_t len, cap;
	int too_big;
	long status;
	char *url;              /* where it came from, after redirects */
	char msg[400];          /* a sentence for the last failure */
	/* Measures. */
	long requests;
	double slept, network;
	/* Called while waiting, with the seconds left (progress). */
	void (*waiting)(double left, void *arg);
	void *arg;
};

/* Seconds on a monotonic clock. */
double fetch_now(void);

/* Sets up the client for the site at base (http or https, a host, no
 * path beyond '/').  Returns 0, or -1 with a sentence in http->msg. */
int fetch_http_open(struct fetch_http *http, const char *base, double delay,
		    double timeout);
void fetch_http_close(struct fetch_http *http);

/* Reads the site's robots.txt (none: everything allowed) and takes its
 * Crawl-delay when larger than the delay.  Returns FETCH_GOT or what
 * stopped it, with a sentence in http->msg. */
enum fetch_got fetch_http_robots(struct fetch_http *http);

/* Nonzero when url is on the site and robots.txt allows it. */
int fetch_http_allowed(const struct fetch_http *http, const char *url);

/* The path and query of url when it is on the site (same scheme, host
 * and port; http to https on the same host allowed), malloc'd; NULL
 * when not.  Its fragment is dropped. */
char *fetch_http_site_path(const struct fetch_http *http, const char *url);

/* Fetches url (on the site, allowed): waits its turn, follows redirects
 * within the site, obeys Retry-After, retries other failures with a
 * growing back-off.  html: refuse what is not an HTML page.  Returns
 * what became of it; a sentence naming the URL in http->msg. */
enum fetch_got fetch_http_get(struct fetch_http *http, const char *url,
			      int html);

#endif
