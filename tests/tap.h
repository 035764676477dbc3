/* tap: a tiny Test Anything Protocol writer for the unit tests; the
 * automake TAP driver counts every check. */
#ifndef OMBUDS_TAP_H
#define OMBUDS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n;
static int tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, \
		   __VA_ARGS__)

__attribute__((format(printf, 4, 5), unused)) static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...);

#include <stdarg.h>

static __attribute__((unused)) int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

__attribute__((format(printf, 5, 6), unused)) static int
tap_is_str(const char *got, const char *want, const char *file, int line,
	   const char *fmt, ...)
{
	va_list ap;
	int pass = (got == NULL && want == NULL) ||
		   (got != NULL && want != NULL && strcmp(got, want) == 0);

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   at %s:%d\n#   got:  '%s'\n#   want: '%s'\n", file,
		       line, got ? got : "(null)", want ? want : "(null)");
	}
	fflush(stdout);
	return pass;
}

__attribute__((format(printf, 5, 6), unused)) static int
tap_is_int(long long got, long long want, const char *file, int line,
	   const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   at %s:%d\n#   got:  %lld\n#   want: %lld\n", file,
		       line, got, want);
	}
	fflush(stdout);
	return pass;
}

/* Prints the plan; returns the exit status for main. */
static __attribute__((unused)) int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
