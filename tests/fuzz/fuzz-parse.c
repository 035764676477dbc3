/* fuzz-parse: parse_bytes on any bytes (in a buffer of their exact size,
 * so a read past the end is caught), checking what parse.h and
 * decision.h promise: success means decisions and no error, failure
 * means none and an error that says why; every message is a non-empty,
 * clean line at a line of the input; every decision has a canonical
 * reference, an ISO date or none, and paragraphs numbered 1..N of a
 * known kind whose text is clean UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "fuzz.h"
#include "parse.h"

/* Nonzero when s is NULL (missing) or a non-empty clean string, with
 * line breaks only when newline_ok. */
static int
field_ok(const char *s, int newline_ok)
{
	return s == NULL ||
	       (s[0] != '\0' && fuzz_clean(s, strlen(s), newline_ok));
}

static void
check_decision(const struct decision *d)
{
	char canon[DECISION_REF_MAX], date[11];
	size_t rl = strnlen(d->ref, sizeof d->ref);

	fuzz_check(rl > 0 && rl < sizeof d->ref);
	fuzz_check(decision_ref_canon(d->ref, rl, canon) == 0);
	fuzz_check(strcmp(canon, d->ref) == 0);
	fuzz_check(strnlen(d->date, sizeof d->date) < sizeof d->date);
	if (d->date[0] != '\0') {
		fuzz_check(
		    decision_date_canon(d->date, strlen(d->date), date) == 0);
		fuzz_check(strcmp(date, d->date) == 0);
	}
	fuzz_check(field_ok(d->organisation, 0));
	fuzz_check(field_ok(d->area, 0));
	fuzz_check(field_ok(d->subarea, 0));
	fuzz_check(field_ok(d->outcome, 0));
	fuzz_check(field_ok(d->summary, 1));
	fuzz_check(d->npara == 0 || d->paras != NULL);
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];

		fuzz_check(p->n == (int)i + 1);
		fuzz_check((int)p->kind >= 0 && p->kind < DECISION_KIND_COUNT);
		fuzz_check(p->text != NULL && field_ok(p->text, 1));
		fuzz_check(field_ok(p->heading, 0));
		fuzz_check(field_ok(p->subheading, 0));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result r;
	size_t lines = 1, errors = 0;
	char *copy = malloc(size ? size : 1);
	int rc;

	/* An exact-size copy: libFuzzer's buffer is exact already, the
	 * replay driver's need not be. */
	fuzz_check(copy != NULL);
	memcpy(copy, data, size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';

	rc = parse_bytes(copy, size, &r);
	fuzz_check(rc == 0 || rc == -1);
	fuzz_check(r.nproblems == 0 || r.problems != NULL);
	for (size_t i = 0; i < r.nproblems; i++) {
		const struct parse_problem *p = &r.problems[i];
		size_t ml = strnlen(p->msg, sizeof p->msg);

		fuzz_check(ml > 0 && ml < sizeof p->msg);
		fuzz_check(fuzz_clean(p->msg, ml, 0));
		fuzz_check(p->line >= 0 && (size_t)p->line <= lines);
		fuzz_check(p->severity == PARSE_WARNING ||
			   p->severity == PARSE_ERROR);
		errors += p->severity == PARSE_ERROR;
	}
	if (rc == 0) {
		fuzz_check(r.ndecisions > 0 && r.decisions != NULL);
		fuzz_check(errors == 0);
	} else {
		fuzz_check(r.ndecisions == 0 && r.decisions == NULL);
		fuzz_check(errors > 0);
	}
	for (size_t i = 0; i < r.ndecisions; i++)
		check_decision(&r.decisions[i]);
	parse_result_free(&r);
	free(copy);
	return 0;
}
