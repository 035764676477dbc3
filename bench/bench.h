/* bench.h: what the in-process benchmarks (searchbench, typebench) share:
 * the clock, the percentiles of a sorted sample, and a callback that
 * counts organisations. */
#ifndef OMBUDS_BENCH_H
#define OMBUDS_BENCH_H

#include <stddef.h>
#include <time.h>

#include "store.h"

/* Milliseconds on the monotonic clock. */
static inline double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* qsort's comparison of doubles. */
static inline int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (nearest rank) of n sorted values. */
static inline double
pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (k < 1)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

/* A store_orgs callback that counts the organisations in *(long *)arg. */
static inline int
count_org(const struct store_org *o, void *arg)
{
	(void)o;
	++*(long *)arg;
	return 0;
}

#endif
