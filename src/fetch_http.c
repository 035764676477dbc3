/* fetch_http: the HTTP client of ombuds fetch, and its manners — one
 * libcurl easy handle for the whole run (one connection, reused, never
 * two), at least the delay between the end of one request and the start
 * of the next, robots.txt first, Retry-After obeyed, other failures
 * tried again with a growing back-off, timeouts, certificates verified,
 * redirects followed by hand and only within the site, responses over
 * FETCH_MAX_BYTES and pages that are not HTML refused.  Failures become
 * sentences that name the URL, never libcurl's own text. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <dlfcn.h>

#include "fetch.h"
#include "fetch_int.h"

/* Tries of one URL before it is reported, and the back-off before the
 * k-th try again: k × the larger of the delay and FETCH_BACKOFF
 * seconds (other crawlers of the site use 1.5 s × attempt). */
#define FETCH_TRIES 4
#define FETCH_BACKOFF 1.0
/* The longest Retry-After obeyed; longer stops the run. */
#define FETCH_RETRY_AFTER_MAX 600
#define FETCH_REDIRECTS 5
#define FETCH_TIMEOUT 30.0

/* libcurl, loaded when ombuds first speaks HTTP: linked, it and the 30
 * libraries it brings cost every command, a search too, ~3.5 ms of
 * start-up (docs/PERFORMANCE.md, "Search: against rg").  configure checks
 * its headers; these are the functions ombuds calls. */
static struct {
	int tried, ok;
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	void (*free)(void *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
} lc;

/* Loads libcurl once; returns 0, or -1 when it cannot be loaded. */
static int
curl_load(void)
{
	void *h;

	if (lc.tried)
		return lc.ok ? 0 : -1;
	lc.tried = 1;
	if ((h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
		return -1;
#define LOAD(field, name)                                               \
	if ((*(void **)&lc.field = dlsym(h, name)) == NULL)             \
		return -1;
	LOAD(global_init, "curl_global_init")
	LOAD(global_cleanup, "curl_global_cleanup")
	LOAD(easy_init, "curl_easy_init")
	LOAD(easy_setopt, "curl_easy_setopt")
	LOAD(easy_perform, "curl_easy_perform")
	LOAD(easy_getinfo, "curl_easy_getinfo")
	LOAD(easy_cleanup, "curl_easy_cleanup")
	LOAD(free, "curl_free")
	LOAD(url, "curl_url")
	LOAD(url_cleanup, "curl_url_cleanup")
	LOAD(url_get, "curl_url_get")
	LOAD(url_set, "curl_url_set")
#undef LOAD
	lc.ok = 1;
	return 0;
}

/* curl_free, which does nothing before libcurl is loaded (nothing of
 * its can exist then). */
static void
curl_release(void *p)
{
	if (p != NULL && lc.ok)
		lc.free(p);
}

double
fetch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleeps until the monotonic time t, telling http->waiting. */
static void
sleep_until(struct fetch_http *http, double t)
{
	double start = fetch_now(), now = start;

	while (now < t) {
		double left = t - now, step = left > 1.0 ? 1.0 : left;
		struct timespec ts;

		if (http->waiting != NULL && left >= 1.0)
			http->waiting(left, http->arg);
		ts.tv_sec = (time_t)step;
		ts.tv_nsec = (long)((step - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		now = fetch_now();
	}
	http->slept += now - start;
}

/* libcurl's write callback: keeps the body, refusing it past the cap. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct fetch_http *http = arg;
	size_t len = size * n;

	if (http->len + len > (size_t)FETCH_MAX_BYTES) {
		http->too_big = 1;
		return 0;
	}
	if (http->len + len + 1 > http->cap) {
		size_t cap = http->cap ? http->cap : 65536;
		char *b;

		while (cap < http->len + len + 1)
			cap *= 2;
		if ((b = realloc(http->body, cap)) == NULL)
			return 0;
		http->body = b;
		http->cap = cap;
	}
	memcpy(http->body + http->len, data, len);
	http->len += len;
	http->body[http->len] = '\0';
	return len;
}

/* The URL's part into *out (malloc'd by libcurl, NULL when absent). */
static void
url_part(CURLU *u, CURLUPart part, char **out)
{
	*out = NULL;
	if (lc.url_get(u, part, out, 0) != CURLUE_OK)
		*out = NULL;
}

/* Reads the site's address into its scheme, host and port (NULL when
 * none; each freed by the caller, also on failure); returns 0, or -1 when
 * it is not http:// or https://, a host and a port at most. */
static int
site_parts(const char *base, char **scheme, char **host, char **port)
{
	CURLU *u = lc.url();
	char *path = NULL, *query = NULL;
	int bad;

	*scheme = *host = *port = NULL;
	if (u == NULL || lc.url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK) {
		lc.url_cleanup(u);
		return -1;
	}
	url_part(u, CURLUPART_SCHEME, scheme);
	url_part(u, CURLUPART_HOST, host);
	url_part(u, CURLUPART_PORT, port);
	url_part(u, CURLUPART_PATH, &path);
	url_part(u, CURLUPART_QUERY, &query);
	lc.url_cleanup(u);
	bad = *scheme == NULL || *host == NULL ||
	      (strcmp(*scheme, "http") != 0 && strcmp(*scheme, "https") != 0) ||
	      (path != NULL && strcmp(path, "/") != 0) || query != NULL;
	curl_release(path);
	curl_release(query);
	return bad ? -1 : 0;
}

int
fetch_site_ok(const char *base)
{
	char *scheme, *host, *port;
	int rc;

	/* Without libcurl the address cannot be read here; fetch_http_open
	 * says why the fetch cannot go on. */
	if (curl_load() < 0)
		return 0;
	rc = site_parts(base, &scheme, &host, &port);

	curl_release(scheme);
	curl_release(host);
	curl_release(port);
	return rc;
}

int
fetch_http_open(struct fetch_http *http, const char *base, double delay,
		double timeout)
{
	memset(http, 0, sizeof *http);
	http->delay = delay;
	http->timeout = timeout > 0 ? timeout : FETCH_TIMEOUT;
	if (curl_load() < 0) {
		snprintf(http->msg, sizeof http->msg,
			 "cannot load libcurl (libcurl.so.4), which ombuds fetch "
			 "speaks HTTP through: apt-get install libcurl4");
		return -1;
	}
	if (site_parts(base, &http->scheme, &http->host, &http->port) < 0) {
		snprintf(http->msg, sizeof http->msg,
			 "'%s' is not a web address (%s)", base, FETCH_SITE_FORMS);
		return -1;
	}
	if (asprintf(&http->origin, "%s://%s%s%s", http->scheme, http->host,
		     http->port != NULL ? ":" : "",
		     http->port != NULL ? http->port : "") < 0) {
		http->origin = NULL;
		return -1;
	}
	if (PACKAGE_URL[0] != '\0')
		snprintf(http->agent, sizeof http->agent, "ombuds/%s (+%s)",
			 PACKAGE_VERSION, PACKAGE_URL);
	else
		snprintf(http->agent, sizeof http->agent, "ombuds/%s",
			 PACKAGE_VERSION);
	if (lc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (http->h = lc.easy_init()) == NULL) {
		snprintf(http->msg, sizeof http->msg, "cannot start HTTP");
		return -1;
	}
	lc.easy_setopt(http->h, CURLOPT_USERAGENT, http->agent);
	lc.easy_setopt(http->h, CURLOPT_ACCEPT_ENCODING, "");
	lc.easy_setopt(http->h, CURLOPT_FOLLOWLOCATION, 0L);
	lc.easy_setopt(http->h, CURLOPT_PROTOCOLS_STR, "http,https");
	lc.easy_setopt(http->h, CURLOPT_MAXCONNECTS, 1L);
	lc.easy_setopt(http->h, CURLOPT_SSL_VERIFYPEER, 1L);
	lc.easy_setopt(http->h, CURLOPT_SSL_VERIFYHOST, 2L);
	lc.easy_setopt(http->h, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)(http->timeout * 1000 / 2));
	/* A read timeout: less than a byte a second for timeout seconds. */
	lc.easy_setopt(http->h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	lc.easy_setopt(http->h, CURLOPT_LOW_SPEED_TIME,
			 (long)ceil(http->timeout));
	lc.easy_setopt(http->h, CURLOPT_TIMEOUT_MS,
			 (long)(http->timeout * 4000));
	lc.easy_setopt(http->h, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)FETCH_MAX_BYTES);
	lc.easy_setopt(http->h, CURLOPT_WRITEFUNCTION, on_body);
	lc.easy_setopt(http->h, CURLOPT_WRITEDATA, http);
	lc.easy_setopt(http->h, CURLOPT_NOSIGNAL, 1L);
	return 0;
}

void
fetch_http_close(struct fetch_http *http)
{
	if (http->h != NULL) {
		lc.easy_cleanup(http->h);
		lc.global_cleanup();
	}
	curl_release(http->scheme);
	curl_release(http->host);
	curl_release(http->port);
	free(http->origin);
	free(http->body);
	free(http->url);
	fetch_robots_free(&http->robots);
	memset(http, 0, sizeof *http);
}

char *
fetch_http_site_path(const struct fetch_http *http, const char *url)
{
	CURLU *u = lc.url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	char *query = NULL, *out = NULL;

	if (u == NULL || lc.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto done;
	url_part(u, CURLUPART_SCHEME, &scheme);
	url_part(u, CURLUPART_HOST, &host);
	url_part(u, CURLUPART_PORT, &port);
	url_part(u, CURLUPART_PATH, &path);
	url_part(u, CURLUPART_QUERY, &query);
	if (scheme == NULL || host == NULL || path == NULL ||
	    strcasecmp(host, http->host) != 0)
		goto done;
	/* The same scheme and port, or http upgraded to https on the same
	 * host with both on their own ports. */
	if (strcmp(scheme, http->scheme) == 0) {
		if ((port == NULL) != (http->port == NULL) ||
		    (port != NULL && strcmp(port, http->port) != 0))
			goto done;
	} else if (!(strcmp(scheme, "https") == 0 && port == NULL &&
		     http->port == NULL)) {
		goto done;
	}
	if (asprintf(&out, "%s%s%s", path, query != NULL ? "?" : "",
		     query != NULL ? query : "") < 0)
		out = NULL;
done:
	curl_release(scheme);
	curl_release(host);
	curl_release(port);
	curl_release(path);
	curl_release(query);
	lc.url_cleanup(u);
	return out;
}

int
fetch_http_allowed(const struct fetch_http *http, const char *url)
{
	char *path = fetch_http_site_path(http, url);
	int ok = path != NULL && fetch_robots_allowed(&http->robots, path);

	free(path);
	return ok;
}

/* A sentence for a failed transfer: what the user can act on. */
static const char *
curl_sentence(CURLcode rc, const struct fetch_http *http)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return "the host name was not found (check the address and the network)";
	case CURLE_COULDNT_CONNECT:
		return "the site refused the connection or cannot be reached";
	case CURLE_OPERATION_TIMEDOUT:
		return "the site did not answer in time";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return "the site's certificate could not be verified";
	case CURLE_SSL_CONNECT_ERROR:
		return "a secure connection could not be made";
	case CURLE_FILESIZE_EXCEEDED:
		return "the page is over 16 MB: refused";
	case CURLE_WRITE_ERROR:
		return http->too_big ? "the page is over 16 MB: refused"
				     : "out of memory reading the page";
	case CURLE_BAD_CONTENT_ENCODING:
		return "the page's compression could not be read";
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return "the connection broke off";
	default:
		return "the request failed";
	}
}

/* Whether a transfer that failed with rc is worth another try. */
static int
curl_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

/* One request for url, in its turn; the response in http.  Returns
 * libcurl's code. */
static CURLcode
request(struct fetch_http *http, const char *url)
{
	double start;
	CURLcode rc;

	sleep_until(http, http->not_before);
	http->len = 0;
	http->too_big = 0;
	http->status = 0;
	lc.easy_setopt(http->h, CURLOPT_URL, url);
	start = fetch_now();
	rc = lc.easy_perform(http->h);
	http->network += fetch_now() - start;
	http->requests++;
	http->not_before = fetch_now() + http->delay;
	if (rc == CURLE_OK)
		lc.easy_getinfo(http->h, CURLINFO_RESPONSE_CODE, &http->status);
	return rc;
}

/* Whether the last response is an HTML page: by its Content-Type, or
 * without one by its first character. */
static int
is_html(struct fetch_http *http)
{
	char *type = NULL;
	size_t i = 0;

	lc.easy_getinfo(http->h, CURLINFO_CONTENT_TYPE, &type);
	if (type != NULL)
		return strncasecmp(type, "text/html", 9) == 0 ||
		       strncasecmp(type, "application/xhtml+xml", 21) == 0;
	if (http->len >= 3 && memcmp(http->body, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < http->len && strchr(" \t\r\n", http->body[i]) != NULL)
		i++;
	return i < http->len && http->body[i] == '<';
}

/* Sets http->msg to "URL: sentence"; returns got. */
static enum fetch_got
say(struct fetch_http *http, enum fetch_got got, const char *url,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum fetch_got
say(struct fetch_http *http, enum fetch_got got, const char *url,
    const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(http->msg, sizeof http->msg, "%s: ", url);

	if (n < 0 || (size_t)n >= sizeof http->msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(http->msg + n, sizeof http->msg - (size_t)n, fmt, ap);
	va_end(ap);
	return got;
}

/* Follows the redirect of the last response: the next URL into *next
 * (malloc'd).  Returns FETCH_GOT, or FETCH_REFUSED when it leaves the
 * site or goes where robots.txt disallows. */
static enum fetch_got
redirect(struct fetch_http *http, const char *url, char **next)
{
	char *to = NULL, *path;

	*next = NULL;
	lc.easy_getinfo(http->h, CURLINFO_REDIRECT_URL, &to);
	if (to == NULL)
		return say(http, FETCH_REFUSED, url,
			   "the site answered %ld with nowhere to go", http->status);
	if ((path = fetch_http_site_path(http, to)) == NULL)
		return say(http, FETCH_REFUSED, url,
			   "redirects off the site, to %s: not followed", to);
	free(path);
	if (!fetch_http_allowed(http, to))
		return say(http, FETCH_REFUSED, url,
			   "redirects to %s, which robots.txt disallows", to);
	if ((*next = strdup(to)) == NULL)
		return say(http, FETCH_FAILED, url, "out of memory");
	return FETCH_GOT;
}

/* After a 429 or 503: when to try again, from Retry-After.  Returns 0,
 * or -1 when the site asks for longer than FETCH_RETRY_AFTER_MAX. */
static int
retry_after(struct fetch_http *http, int attempt)
{
	curl_off_t wait = 0;
	double backoff = fmax(http->delay, FETCH_BACKOFF) * attempt;

	lc.easy_getinfo(http->h, CURLINFO_RETRY_AFTER, &wait);
	if (wait > FETCH_RETRY_AFTER_MAX)
		return -1;
	/* Whole seconds, or an HTTP date whose second may be partly gone:
	 * the wait is counted from the end of the response, plus the
	 * delay, so it is never shorter than asked. */
	http->not_before = fetch_now() + (wait > 0 ? (double)wait + http->delay
						  : backoff);
	return 0;
}

/* Handles a response with a status other than 200 and 3xx.  Returns
 * FETCH_FAILED when worth another try (not_before set), else what
 * became of the page. */
static enum fetch_got
bad_status(struct fetch_http *http, const char *url, int attempt)
{
	long s = http->status;

	if (s == 404 || s == 410)
		return say(http, FETCH_GONE, url,
			   "the site has no such page (%ld)", s);
	if (s == 429 || s == 503) {
		curl_off_t wait = 0;

		if (retry_after(http, attempt) < 0) {
			lc.easy_getinfo(http->h, CURLINFO_RETRY_AFTER, &wait);
			return say(http, FETCH_STOP, url,
				   "the site asks ombuds to wait %ld minutes: "
				   "try again later", (long)(wait + 59) / 60);
		}
		return say(http, FETCH_FAILED, url,
			   "the site is busy (%ld) and still was after %d tries",
			   s, attempt);
	}
	if (s >= 500 || s == 408) {
		http->not_before = fetch_now() +
				   fmax(http->delay, FETCH_BACKOFF) * attempt;
		return say(http, FETCH_FAILED, url,
			   "the site failed (%ld), %d times", s, attempt);
	}
	return say(http, FETCH_REFUSED, url, "the site refused it (%ld)", s);
}

/* One try of url (redirects followed).  Returns FETCH_GOT, or what
 * became of it; FETCH_FAILED: worth another try. */
static enum fetch_got
try_once(struct fetch_http *http, const char *url, int html, int attempt)
{
	char *at = strdup(url), *next;
	enum fetch_got got = FETCH_FAILED;

	for (int hops = 0; at != NULL; hops++) {
		CURLcode rc = request(http, at);

		if (rc != CURLE_OK) {
			got = say(http, curl_transient(rc) ? FETCH_FAILED
					: rc == CURLE_COULDNT_RESOLVE_HOST
					? FETCH_STOP : FETCH_REFUSED,
				  at, "%s", curl_sentence(rc, http));
			if (got == FETCH_FAILED)
				http->not_before = fetch_now() +
					fmax(http->delay, FETCH_BACKOFF) * attempt;
			break;
		}
		if (http->status >= 300 && http->status < 400 &&
		    http->status != 304) {
			if (hops == FETCH_REDIRECTS) {
				got = say(http, FETCH_REFUSED, url,
					  "too many redirects");
				break;
			}
			if ((got = redirect(http, at, &next)) != FETCH_GOT)
				break;
			free(at);
			at = next;
			continue;
		}
		if (http->status != 200) {
			got = bad_status(http, at, attempt);
			break;
		}
		if (html && !is_html(http)) {
			got = say(http, FETCH_REFUSED, at,
				  "not an HTML page: refused");
			break;
		}
		free(http->url);
		http->url = at;
		return FETCH_GOT;
	}
	free(at);
	return got;
}

enum fetch_got
fetch_http_get(struct fetch_http *http, const char *url, int html)
{
	enum fetch_got got = FETCH_FAILED;

	for (int attempt = 1; attempt <= FETCH_TRIES; attempt++) {
		got = try_once(http, url, html, attempt);
		if (got != FETCH_FAILED)
			break;
	}
	return got;
}

enum fetch_got
fetch_http_robots(struct fetch_http *http)
{
	char *url;
	enum fetch_got got;

	if (asprintf(&url, "%s/robots.txt", http->origin) < 0)
		return FETCH_STOP;
	got = fetch_http_get(http, url, 0);
	if (got == FETCH_GONE || (got == FETCH_REFUSED && http->status >= 400 &&
				  http->status < 500)) {
		/* No robots.txt, or one the site keeps from us: no rules. */
		got = FETCH_GOT;
	} else if (got == FETCH_GOT) {
		if (fetch_robots_parse(&http->robots, http->body, http->len,
				       "ombuds") < 0)
			got = say(http, FETCH_STOP, url, "out of memory");
		else if (http->robots.crawl_delay > http->delay) {
			http->delay = http->robots.crawl_delay;
			http->not_before = fetch_now() + http->delay;
		}
	} else {
		/* The site cannot say what it allows: ask nothing of it. */
		got = FETCH_STOP;
	}
	http->have_robots = got == FETCH_GOT;
	free(url);
	return got;
}
