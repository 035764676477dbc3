/* cli_fetch: the command `ombuds fetch` — its options, the store, the
 * crawl (fetch.c) and the closing summary.  No curses. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_int.h"
#include "decision.h"
#include "fetch.h"
#include "store.h"

static const char fetch_usage[] =
	"Usage: ombuds [--db PATH] fetch [--since DATE] [--category TEXT] [--limit N]\n"
	"                            [--delay SECONDS] [--base-url URL] [--quiet]\n";

/* Reads a number of seconds in [min, max]; returns 0 or -1. */
static int
seconds(const char *s, double min, double max, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || *end || end == s || !isfinite(*v) || *v < min ||
	       *v > max ? -1 : 0;
}

/* Reads the options into o; returns 0 or a usage status (printed). */
static int
fetch_options(int argc, char **argv, struct fetch_opts *o, char since[11],
	      int *quiet)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "category", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "delay", required_argument, NULL, 'd' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("OMBUDS_FETCH_TIMEOUT");
	char *end;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			/* As list --since: a year or a month from its first day. */
			if (decision_date_bound(optarg, strlen(optarg), 0, since) < 0)
				return cli_usage_error("fetch: --since: '%s' is not a date "
						       "(use YYYY-MM-DD)", optarg);
			o->since = since;
			break;
		case 'c':
			o->category = optarg;
			break;
		case 'l':
			errno = 0;
			o->limit = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || o->limit < 1)
				return cli_usage_error("fetch: --limit: '%s' is not a "
						       "number above 0", optarg);
			break;
		case 'd':
			if (seconds(optarg, 0, 3600, &o->delay) < 0)
				return cli_usage_error("fetch: --delay: '%s' is not a number "
						       "of seconds (0 to 3600)", optarg);
			break;
		case 'b':
			if (fetch_site_ok(optarg) < 0)
				return cli_usage_error("fetch: --base-url: '%s' is not a "
						       "web address (%s)", optarg,
						       FETCH_SITE_FORMS);
			o->base_url = optarg;
			break;
		case 'q':
			*quiet = 1;
			break;
		case 'h':
			fputs(fetch_usage, stdout);
			return -1;
		default:
			return cli_usage_error("fetch: unknown option or missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("fetch: unexpected argument '%s'", argv[optind]);
	/* For tests: a shorter wait for a silent site. */
	if (env != NULL && *env != '\0' &&
	    seconds(env, 0.1, 600, &o->timeout) < 0)
		return cli_usage_error("fetch: OMBUDS_FETCH_TIMEOUT: '%s' is not a "
				       "number of seconds (0.1 to 600)", env);
	return 0;
}

int
cli_fetch(const struct cli *c, int argc, char **argv)
{
	struct fetch_opts o = { .delay = FETCH_DELAY, .err = stderr };
	struct fetch_stats s;
	char since[11], err[256];
	int quiet = 0, rc;
	struct store *st;

	if ((rc = fetch_options(argc, argv, &o, since, &quiet)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((st = cli_store_open(c, 1, err, sizeof err)) == NULL) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, err);
		return CLI_FAILED;
	}
	o.progress = !quiet && isatty(STDERR_FILENO);
	rc = fetch_run(st, &o, &s);
	store_close(st);
	if (!quiet || rc != 0) {
		fprintf(stderr, "%ld imported, %ld replaced, %ld failed",
			s.imported, s.replaced, s.failed);
		if (s.unchanged > 0)
			fprintf(stderr, ", %ld unchanged", s.unchanged);
		if (s.skipped > 0)
			fprintf(stderr, ", %ld kept out by robots.txt", s.skipped);
		fprintf(stderr, " (%ld decision pages, %ld listing pages, "
			"%ld requests)\n", s.pages, s.listings, s.requests);
	}
	if (getenv("OMBUDS_TRACE") != NULL && s.requests > 0) {
		double own = s.wall - s.slept - s.network;

		fprintf(stderr, "fetch: %ld requests in %.3f s: waiting %.3f s, "
			"network %.3f s, ombuds %.3f s (%.3f ms a request)\n",
			s.requests, s.wall, s.slept, s.network, own,
			1000 * own / (double)s.requests);
	}
	return rc == 0 ? CLI_OK : CLI_FAILED;
}
