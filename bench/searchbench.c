/* searchbench: in-process latency of search on a store, through the same
 * API as the program (search_parse, search_open, search_page with its
 * snippets and hit ranges, search_count).  For each class of realistic
 * queries, each query is timed for the first page of 50 results plus the
 * total count, ranked and newest first; prints p50 / p99 / max per class
 * and over all queries.  Then the statistics of issue 5: search_orgs
 * (counts by organisation of a search's results) and list pages in each
 * sort, first and 1000th; and more like this (search_open_like, its first
 * page and count) from decisions spread over the store.  Figures only, no
 * verdict.
 *
 *	bench/searchbench STORE [REPEATS [CLASS | stats]]
 *
 * With CLASS (the start of a class's name), only that class is timed;
 * with "stats", only the statistics.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "search.h"
#include "store.h"

static const char *const rare[] = {
	"rate", "small", "bill", "rates", "shop", "procurement", "appointment",
	"involves", "prepare", "requests", "trust", "written", "business",
	"contract", "audit", "arrangements", "garden", "prune", "breaks",
	"grandson", "allowance", "guardianship", "preservation", "badge", NULL,
};
static const char *const common[] = {
	"council", "complaint", "the", "fault", "injustice", "investigate",
	"decision", "local", "government", "act", "service", "person",
	"consider", "impact", "role", "powers", "maladministration", "failure",
	"complaints", "making", "adverse", "provided", NULL,
};
static const char *const phrase[] = {
	"\"social care\"", "\"the council\"", "\"local government act\"",
	"\"role and powers\"", "\"adverse impact\"", "\"final decision\"",
	"\"blue badge\"", "\"short breaks\"", "\"business rates\"",
	"\"council tax\"", "\"care home\"", "\"fault causing injustice\"",
	"\"we investigate complaints\"", "\"statutory complaints\"",
	"\"child protection\"", "\"tree preservation\"", "\"housing benefit\"",
	"\"planning permission\"", "\"the ombudsman\"", "\"further investigation\"",
	"NEAR(garden prune, 5)", "NEAR(council delay)", NULL,
};
static const char *const prefix[] = {
	"comp*", "coun*", "invest*", "fault*", "apolog*", "assess*", "safe*",
	"care*", "plan*", "hous*", "educ*", "prun*", "gard*", "proc*", "bus*",
	"rat*", "grand*", "highw*", "flood*", "ser*", "dec*", "pay*", NULL,
};
static const char *const boolean[] = {
	"council OR complaint", "delay -apology", "(garden OR highway) council",
	"badge NOT blue", "safeguarding AND ofsted", "fault -injustice",
	"rates OR rate OR bill", "welfare (parent OR young)", "assessment -delay",
	"drain OR flooding OR pavement", "contract NOT procurement",
	"council -complaint", "(audit OR trust) -business", "delay apology",
	"garden OR prune OR preservation", "parent -school", "remedy apology -delay",
	"(shop OR business) rates", "welfare OR allowance", "clerk -reason", NULL,
};
static const char *const filters[] = {
	"org:oxfordshire", "org:\"care uk\"", "outcome:upheld",
	"outcome:\"not upheld\"", "year:2020", "year:2024 outcome:upheld",
	"category:housing", "category:planning", "after:2025-01-01",
	"before:2015-01-01", "org:hastings year:2019", "category:\"adult care\"",
	"org:council", "org:limited outcome:upheld", "year:2016",
	"category:education after:2023-01-01", "org:priory", "year:2022 category:highways",
	"outcome:\"closed after initial enquiries\"", "org:greenacres", NULL,
};
static const char *const mixed[] = {
	"council year:2024", "complaint outcome:upheld", "comp* category:housing",
	"\"social care\" org:oxfordshire", "garden category:planning",
	"delay org:council", "fault year:2020", "rates category:benefits",
	"in:findings delay", "in:summary council", "apology outcome:upheld year:2023",
	"council org:hastings", "in:action apology", "safeguarding year:2021",
	"badge category:\"highways\"", "org:limited care", "in:findings fault -delay",
	"after:2024-06-01 complaint", "before:2016-01-01 council", "ref:24023422 council",
	/* A prefix with filters that pass few decisions: FTS5 asked about
	 * each of them merged the prefix's words each time (20–45 s before
	 * 995d886). */
	"comp* org:hastings", "dec* org:hastings year:2020",
	NULL,
};

static const struct {
	const char *name;
	const char *const *q;
} classes[] = {
	{ "rare word", rare },
	{ "common word", common },
	{ "phrase/NEAR", phrase },
	{ "prefix", prefix },
	{ "boolean", boolean },
	{ "filters alone", filters },
	{ "filters+words", mixed },
};
#define NCLASS (sizeof classes / sizeof classes[0])

/* Times one query: the first 50 results with snippets, and the count. */
static double
one(struct store *st, const char *query, enum search_order order, long *total)
{
	struct search_error err;
	struct search_query *q;
	struct search *s;
	struct search_result *r;
	double t0 = now_ms();
	long n;

	q = search_parse(query, &err);
	if (q == NULL) {
		fprintf(stderr, "searchbench: %s: %s\n", query, err.msg);
		exit(1);
	}
	s = search_open(st, q, order);
	n = search_page(s, 0, 50, &r);
	if (n < 0 || search_count(s, total) < 0) {
		fprintf(stderr, "searchbench: %s: %s\n", query, store_error(st));
		exit(1);
	}
	search_results_free(r, n);
	search_close(s);
	search_query_free(q);
	return now_ms() - t0;
}

/* Nonzero when class c is to be timed (only: the start of a name). */
static int
wanted(size_t c, const char *only)
{
	return only == NULL || strncmp(classes[c].name, only, strlen(only)) == 0;
}

static int
count_row(const struct store_row *r, void *arg)
{
	(void)r;
	++*(long *)arg;
	return 0;
}

static int
lcmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Copies the reference of the row into arg (a DECISION_REF_MAX buffer). */
static int
ref_row(const struct store_row *r, void *arg)
{
	snprintf(arg, DECISION_REF_MAX, "%s", r->ref);
	return 0;
}

/* Times more like this from LIKE_FROM decisions spread over the store (by
 * reference): the handle, its first page of 50 and its count. */
#define LIKE_FROM 50
static void
like_bench(struct store *st)
{
	double t[LIKE_FROM];
	long n = 0, total = 0, results[LIKE_FROM];

	if (store_count(st, NULL, &n) < 0 || n == 0)
		return;
	for (int i = 0; i < LIKE_FROM; i++) {
		char ref[DECISION_REF_MAX] = "";
		struct search_query *q = search_query_empty();
		struct search_result *res = NULL;
		struct search *s = NULL;
		double t0;
		long k;

		if (q == NULL || store_list(st, NULL, STORE_SORT_REF, n * i / LIKE_FROM,
					    1, ref_row, ref) < 0) {
			fprintf(stderr, "searchbench: like: %s\n", store_error(st));
			exit(1);
		}
		t0 = now_ms();
		if (search_open_like(st, q, ref, &s) <= 0 ||
		    (k = search_page(s, 0, 50, &res)) < 0 ||
		    search_count(s, &total) < 0) {
			fprintf(stderr, "searchbench: like %s: %s\n", ref, store_error(st));
			exit(1);
		}
		t[i] = now_ms() - t0;
		results[i] = total;
		search_results_free(res, k);
		search_close(s);
		search_query_free(q);
	}
	qsort(t, LIKE_FROM, sizeof t[0], cmp);
	qsort(results, LIKE_FROM, sizeof results[0], lcmp);
	printf("\n  %-16s %7s %9s %9s %9s %12s\n", "more like this", "from",
	       "p50 ms", "p99 ms", "max ms", "median hits");
	printf("  %-16s %7d %9.2f %9.2f %9.2f %12ld\n", "search --like", LIKE_FROM,
	       pct(t, LIKE_FROM, 50), pct(t, LIKE_FROM, 99), t[LIKE_FROM - 1],
	       results[LIKE_FROM / 2]);
}

/* Times search_orgs for query on a fresh search (with the browser's
 * filter f when not NULL), and again after search_count; sets *norgs. */
static void
orgs_one(struct store *st, const char *query, const struct store_filter *f,
	 double ms[2], long *norgs)
{
	struct search_error err;
	struct search_query *q = search_parse(query, &err);

	for (int after_count = 0; after_count < 2; after_count++) {
		struct search *s = search_open(st, q, SEARCH_ORDER_RANK);
		long total;
		double t0;

		if (f != NULL)
			search_filter(s, f);
		if (after_count)
			search_count(s, &total);
		*norgs = 0;
		t0 = now_ms();
		if (search_orgs(s, count_org, norgs) < 0) {
			fprintf(stderr, "searchbench: %s: %s\n", query, store_error(st));
			exit(1);
		}
		ms[after_count] = now_ms() - t0;
		search_close(s);
	}
	search_query_free(q);
}

int
main(int argc, char **argv)
{
	char err[256];
	struct store *st;
	int reps = argc > 2 ? atoi(argv[2]) : 3;
	const char *only = argc > 3 ? argv[3] : NULL;
	static double all[2][4096], cls[4096];
	size_t nall[2] = {0, 0};

	if (argc < 2) {
		fprintf(stderr, "usage: searchbench STORE [REPEATS [CLASS | stats]]\n");
		return 2;
	}
	if ((st = store_open(argv[1], STORE_READONLY, err, sizeof err)) == NULL) {
		fprintf(stderr, "searchbench: %s: %s\n", argv[1], err);
		return 1;
	}
	if (argc > 3 && strcmp(argv[3], "stats") == 0)
		goto stats;
	/* Warm the page cache and the statements. */
	for (size_t c = 0; c < NCLASS; c++) {
		if (!wanted(c, only))
			continue;
		for (const char *const *q = classes[c].q; *q; q++) {
			long total;

			one(st, *q, SEARCH_ORDER_RANK, &total);
		}
	}
	printf("  %-15s %-7s %7s %9s %9s %9s %12s\n", "class", "order", "queries",
	       "p50 ms", "p99 ms", "max ms", "median hits");
	for (int o = 0; o < 2; o++) {
		enum search_order order = o ? SEARCH_ORDER_DATE : SEARCH_ORDER_RANK;

		for (size_t c = 0; c < NCLASS; c++) {
			size_t n = 0, nq = 0;

			if (!wanted(c, only))
				continue;
			long totals[64] = {0};

			for (const char *const *q = classes[c].q; *q; q++, nq++) {
				for (int r = 0; r < reps; r++) {
					double ms = one(st, *q, order, &totals[nq]);

					if (getenv("SEARCHBENCH_VERBOSE"))
						fprintf(stderr, "%s\t%s\t%.2f\t%ld\n", o ? "newest" : "rank",
							*q, ms, totals[nq]);

					cls[n++] = ms;
					all[o][nall[o]++] = ms;
				}
			}
			qsort(cls, n, sizeof cls[0], cmp);
			{
				long sorted[64] = {0};

				memcpy(sorted, totals, nq * sizeof totals[0]);
				for (size_t i = 1; i < nq; i++)
					for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
						long t = sorted[j];

						sorted[j] = sorted[j - 1];
						sorted[j - 1] = t;
					}
				printf("  %-15s %-7s %7zu %9.2f %9.2f %9.2f %12ld\n",
				       classes[c].name, o ? "newest" : "rank", nq,
				       pct(cls, n, 50), pct(cls, n, 99), cls[n - 1],
				       sorted[nq / 2]);
			}
		}
	}
	for (int o = 0; o < 2 && nall[0] > 0; o++) {
		qsort(all[o], nall[o], sizeof all[o][0], cmp);
		printf("  %-15s %-7s %7zu %9.2f %9.2f %9.2f\n", "all queries",
		       o ? "newest" : "rank", nall[o] / (size_t)reps,
		       pct(all[o], nall[o], 50), pct(all[o], nall[o], 99),
		       all[o][nall[o] - 1]);
	}

stats:;
	/* search_orgs: the browser's statistics of a search. */
	static const struct {
		const char *q;
		struct store_filter f;
		const char *fname;
	} oq[] = {
		{ "council", {0}, "" },
		{ "\"council tax\"", {0}, "" },
		{ "council", { .category = "planning" }, "category:planning" },
		{ "\"council tax\"", { .outcome = "upheld" }, "outcome:upheld" },
	};
	printf("\n  %-16s %-18s %12s %14s %6s\n", "search_orgs", "extra filter",
	       "median ms", "after count", "orgs");
	for (size_t i = 0; i < sizeof oq / sizeof oq[0]; i++) {
		double fresh[16], after[16], ms[2];
		long norgs = 0;
		int n = reps < 16 ? reps : 16;

		for (int r = 0; r < n; r++) {
			orgs_one(st, oq[i].q, oq[i].fname[0] ? &oq[i].f : NULL, ms, &norgs);
			fresh[r] = ms[0];
			after[r] = ms[1];
		}
		qsort(fresh, (size_t)n, sizeof fresh[0], cmp);
		qsort(after, (size_t)n, sizeof after[0], cmp);
		printf("  %-16s %-18s %12.2f %14.2f %6ld\n", oq[i].q, oq[i].fname,
		       pct(fresh, (size_t)n, 50), pct(after, (size_t)n, 50), norgs);
	}

	/* A page of 50 in each sort of store_list: the first and the 1000th. */
	static const char *const sorts[] = { "date", "ref", "org", "oldest", "outcome" };
	printf("\n  %-16s %12s %14s\n", "list --sort", "page 1 ms", "page 1000 ms");
	for (int so = STORE_SORT_DATE; so <= STORE_SORT_OUTCOME; so++) {
		double t[2][16];
		int n = reps < 16 ? reps : 16;

		for (int pg = 0; pg < 2; pg++) {
			for (int r = 0; r < n; r++) {
				long rows = 0;
				double t0 = now_ms();

				if (store_list(st, NULL, (enum store_sort)so, pg ? 49950 : 0, 50,
					       count_row, &rows) < 0) {
					fprintf(stderr, "searchbench: list: %s\n", store_error(st));
					exit(1);
				}
				t[pg][r] = now_ms() - t0;
			}
			qsort(t[pg], (size_t)n, sizeof t[pg][0], cmp);
		}
		printf("  %-16s %12.2f %14.2f\n", sorts[so], pct(t[0], (size_t)n, 50),
		       pct(t[1], (size_t)n, 50));
	}
	like_bench(st);
	store_close(st);
	return 0;
}
