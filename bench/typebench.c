/* typebench: the latency of search as you type.  Types each query one
 * character at a time against a store, as the browser's / prompt runs
 * it: each prefix that parses is searched (ranked), its results counted
 * and its first page of 50 read with snippets; then, as the browser also
 * does, counted by organisation (search_orgs).  A prefix that does not
 * parse yet (an open quote) costs its parse alone.  Prints the per-key
 * latency p50 / p99 / max, without and with the organisations' counts.
 * The browser interrupts a search that a key typed meanwhile supersedes
 * (store_set_check), so what a typist waits for is at most one key's.
 *
 *	bench/typebench STORE [REPEATS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "search.h"
#include "store.h"

/* Queries as people type them: words, phrases, prefixes, filters. */
static const char *const typed[] = {
	"council tax", "\"social care\" assessment", "delay apology",
	"safeguarding year:2021", "planning permission", "\"blue badge\"",
	"complaint outcome:upheld", "housing benefit overpayment",
	"school admission appeal", "garden prune", "compl* org:hastings",
	"\"adult care\" charges", NULL,
};

/* One key: the prefix text searched; ms[0] count and first page,
 * ms[1] with the organisations' counts too. */
static void
key(struct store *st, const char *text, double ms[2])
{
	struct search_error err;
	struct search_query *q;
	struct search *s;
	struct search_result *r = NULL;
	double t0 = now_ms();
	long n, total, norgs = 0;

	if ((q = search_parse(text, &err)) == NULL) {
		ms[0] = ms[1] = now_ms() - t0;
		return;
	}
	s = search_open(st, q, SEARCH_ORDER_RANK);
	if (s == NULL || search_count(s, &total) < 0 ||
	    (n = search_page(s, 0, 50, &r)) < 0) {
		fprintf(stderr, "typebench: %s: %s\n", text, store_error(st));
		exit(1);
	}
	search_results_free(r, n);
	ms[0] = now_ms() - t0;
	if (search_orgs(s, count_org, &norgs) < 0) {
		fprintf(stderr, "typebench: %s: %s\n", text, store_error(st));
		exit(1);
	}
	ms[1] = now_ms() - t0;
	search_close(s);
	search_query_free(q);
}

int
main(int argc, char **argv)
{
	static double ms[2][8192];
	char err[256], text[256];
	struct store *st;
	int reps = argc > 2 ? atoi(argv[2]) : 3;
	size_t n = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: typebench STORE [REPEATS]\n");
		return 2;
	}
	if ((st = store_open(argv[1], STORE_READONLY, err, sizeof err)) == NULL) {
		fprintf(stderr, "typebench: %s: %s\n", argv[1], err);
		return 1;
	}
	for (int r = 0; r < reps + 1; r++) {
		for (const char *const *q = typed; *q; q++) {
			for (size_t len = 1; len <= strlen(*q) && len < sizeof text; len++) {
				double one[2];

				memcpy(text, *q, len);
				text[len] = '\0';
				if (text[len - 1] == ' ')
					continue;       /* a space changes nothing */
				key(st, text, one);
				/* The first round warms the cache. */
				if (r > 0 && n < 8192) {
					ms[0][n] = one[0];
					ms[1][n++] = one[1];
				}
			}
		}
	}
	printf("  %-34s %6s %9s %9s %9s\n", "search as you type, per key", "keys",
	       "p50 ms", "p99 ms", "max ms");
	for (int i = 0; i < 2; i++) {
		qsort(ms[i], n, sizeof ms[i][0], cmp);
		printf("  %-34s %6zu %9.2f %9.2f %9.2f\n",
		       i ? "count, first page, organisations" : "count and first page of 50",
		       n / (size_t)(reps > 0 ? reps : 1), pct(ms[i], n, 50),
		       pct(ms[i], n, 99), ms[i][n - 1]);
	}
	store_close(st);
	return 0;
}
