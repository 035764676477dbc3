/* test-decision: the canonical forms of references, dates and section
 * kinds, and the paragraph list of the decision model. */
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "tap.h"

/* Returns the canonical form of s, or "ERR" when it is rejected. */
static const char *
ref(const char *s)
{
	static char out[DECISION_REF_MAX];

	memset(out, 'x', sizeof out);
	if (decision_ref_canon(s, strlen(s), out) < 0)
		return "ERR";
	return out;
}

static const char *
date(const char *s)
{
	static char out[11];

	if (decision_date_canon(s, strlen(s), out) < 0)
		return "ERR";
	return out;
}

static void
test_ref(void)
{
	char out[DECISION_REF_MAX];
	/* Not NUL-terminated: the canonicaliser must stop at len. */
	const char nonul[] = {'2', '4', '0', '2', '3', '4', '2', '2', '9'};

	is_str(ref("24 023 422"), "24 023 422", "ref: canonical stays");
	is_str(ref("24023422"), "24 023 422", "ref: bare digits");
	is_str(ref("24-023-422"), "24 023 422", "ref: dashes");
	is_str(ref("24/023/422"), "24 023 422", "ref: slashes");
	is_str(ref("24\xc2\xa0" "023\xc2\xa0" "422"), "24 023 422",
	       "ref: no-break spaces");
	is_str(ref("  24 023 422 "), "24 023 422", "ref: outer blanks");
	is_str(ref("19 018 519c"), "19 018 519c", "ref: joint-case suffix");
	is_str(ref("19018519C"), "19 018 519c", "ref: suffix lower-cased");
	is_str(ref("19-018-519ab"), "19 018 519ab", "ref: two-letter suffix");
	is_str(ref("24 023"), "ERR", "ref: too short");
	is_str(ref("2402342x2"), "ERR", "ref: letter inside");
	is_str(ref(""), "ERR", "ref: empty");
	is_str(ref("240234221"), "ERR", "ref: nine digits");
	is_str(ref("24 023 422 c"), "ERR", "ref: detached suffix");
	is_str(ref("19 018 519abc"), "ERR", "ref: three-letter suffix");
	is_str(ref("24  023 422"), "ERR", "ref: doubled separator");
	is_str(ref("a4 023 422"), "ERR", "ref: letter first");
	is_int(decision_ref_canon(nonul, 8, out), 0, "ref: stops at len");
	is_str(out, "24 023 422", "ref: stops at len, value");
	is_int(decision_ref_canon(nonul, 7, out), -1, "ref: short len");
	is_int(decision_ref_canon(NULL, 0, out), -1, "ref: NULL");
}

static void
test_date(void)
{
	is_str(date("28 Oct 2025"), "2025-10-28", "date: short month");
	is_str(date("08 Oct 2024"), "2024-10-08", "date: leading zero");
	is_str(date("6 October 2025"), "2025-10-06", "date: full month");
	is_str(date("23 September 2016"), "2016-09-23", "date: September");
	is_str(date("1 Sept 2019"), "2019-09-01", "date: Sept");
	is_str(date("17 feb 2025"), "2025-02-17", "date: lower case");
	is_str(date("2nd May 2023"), "2023-05-02", "date: ordinal");
	is_str(date("2025-10-28"), "2025-10-28", "date: ISO");
	is_str(date(" 31 Dec 1999 "), "1999-12-31", "date: outer blanks");
	is_str(date("29 Feb 2024"), "2024-02-29", "date: leap year");
	is_str(date("29 Feb 2000"), "2000-02-29", "date: leap century");
	is_str(date("29 Feb 2025"), "ERR", "date: not a leap year");
	is_str(date("29 Feb 1900"), "ERR", "date: 1900 not leap");
	is_str(date("31 Feb 2025"), "ERR", "date: 31 Feb");
	is_str(date("31 Apr 2025"), "ERR", "date: 31 Apr");
	is_str(date("0 Jan 2025"), "ERR", "date: day 0");
	is_str(date("12 Foo 2025"), "ERR", "date: no month");
	is_str(date("12 Oct 25"), "ERR", "date: two-digit year");
	is_str(date("2025-13-01"), "ERR", "date: month 13");
	is_str(date("2025-1-01"), "ERR", "date: short ISO month");
	is_str(date("28 Oct 2025 extra"), "ERR", "date: trailing words");
	is_str(date(""), "ERR", "date: empty");
	is_str(date("123 Oct 2025"), "ERR", "date: three-digit day");
}

static void
test_kinds(void)
{
	static const char *const names[] = {
		"summary", "complaint", "powers", "considered",
		"findings", "action", "decision", "other",
	};
	int i, roundtrip = 1;

	for (i = 0; i < DECISION_KIND_COUNT; i++) {
		const char *n = decision_kind_name((enum decision_kind)i);

		is_str(n, names[i], "kind %d name", i);
		if (n == NULL || decision_kind_from_name(n) != i)
			roundtrip = 0;
	}
	ok(roundtrip, "kind names round trip");
	is_int(decision_kind_from_name("FINDINGS"), DECISION_KIND_FINDINGS,
	       "kind from name ignores case");
	is_int(decision_kind_from_name("nonsense"), -1, "unknown kind name");
	is_int(decision_kind_from_name(NULL), -1, "NULL kind name");
	ok(decision_kind_name((enum decision_kind)DECISION_KIND_COUNT) == NULL,
	   "out-of-range kind has no name");
}

static void
test_paras(void)
{
	struct decision d;
	int i, ordinals = 1;

	decision_init(&d);
	ok(d.npara == 0 && d.paras == NULL && d.organisation == NULL &&
		   d.date[0] == '\0',
	   "init gives an empty decision");
	for (i = 0; i < 40; i++) {
		char t[16];

		snprintf(t, sizeof t, "p%d", i + 1);
		if (decision_add_para(&d, DECISION_KIND_FINDINGS, strdup("H"),
				      NULL, strdup(t)) < 0)
			break;
	}
	is_int(d.npara, 40, "forty paragraphs added");
	for (i = 0; i < (int)d.npara; i++)
		if (d.paras[i].n != i + 1)
			ordinals = 0;
	ok(ordinals, "ordinals run 1..N");
	is_str(d.paras[39].text, "p40", "last paragraph text");
	d.organisation = strdup("Org");
	decision_free(&d);
	ok(d.npara == 0 && d.paras == NULL && d.organisation == NULL,
	   "free leaves an empty decision");
	decision_free(NULL);
}

static void
test_cite(void)
{
	struct decision d;
	char *c;

	decision_init(&d);
	snprintf(d.ref, sizeof d.ref, "24 023 422");
	d.organisation = strdup("Coventry City Council");
	decision_add_para(&d, DECISION_KIND_COMPLAINT, strdup("The complaint"),
			  NULL, strdup("Mrs X complained."));
	decision_add_para(&d, DECISION_KIND_FINDINGS, strdup("What I found"),
			  NULL,
			  strdup("The Council said:\n• first item\n  • nested item\n"
				 "(Local Government Act 1974)"));
	c = decision_cite(&d, 1);
	is_str(c, "Coventry City Council (24 023 422) at [1]\n\nMrs X complained.",
	       "a citation: organisation (reference) at [n], a blank line, the text");
	free(c);
	c = decision_cite(&d, 2);
	is_str(c, "Coventry City Council (24 023 422) at [2]\n\nThe Council said:\n"
		  "  • first item\n    • nested item\n  (Local Government Act 1974)",
	       "sub-items two spaces in, as show prints them");
	free(c);
	ok(decision_cite(&d, 0) == NULL, "0 is not a paragraph");
	ok(decision_cite(&d, 3) == NULL, "nor is one past the last");
	ok(decision_cite(&d, -1) == NULL, "nor a negative number");
	ok(decision_para(&d, 2) == &d.paras[1], "decision_para finds paragraph 2");
	ok(decision_para(&d, 3) == NULL, "and not 3");
	free(d.organisation);
	d.organisation = NULL;
	c = decision_cite(&d, 1);
	is_str(c, "24 023 422 at [1]\n\nMrs X complained.",
	       "no organisation: the reference alone");
	free(c);
	decision_free(&d);
	ok(decision_cite(&d, 1) == NULL, "an empty decision has no paragraph");
}

/* decision_target_parse: the forms a goto and show accept. */
static void
test_target(void)
{
	static const struct {
		const char *in, *ref;
		long para;
		int rc;
	} cases[] = {
		{ "Plymouth City Council (20 008 325) at [4]", "20 008 325", 4, 0 },
		{ "20 008 325 at [4]", "20 008 325", 4, 0 },
		{ "20 008 325 [4]", "20 008 325", 4, 0 },
		{ "20008325[4]", "20 008 325", 4, 0 },
		{ "  20 008 325  ", "20 008 325", -1, 0 },
		{ "Council (19 018 519C)", "19 018 519c", -1, 0 },
		{ "[7]", "", 7, 0 },
		{ "[0]", "", 0, 0 },
		{ "at [99]", "", 99, 0 },
		{ "20 008 325 [x]", "", -1, -1 },
		{ "20 008 325 []", "", -1, -1 },
		{ "banana [4]", "", 4, -1 },
		{ "", "", -1, -1 },
		{ "Council 20 008 325)", "", -1, -1 },
	};
	char ref[DECISION_REF_MAX];
	long para;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int rc = decision_target_parse(cases[i].in, ref, &para);

		is_int(rc, cases[i].rc, "target '%s': status", cases[i].in);
		if (rc == 0) {
			is_str(ref, cases[i].ref, "target '%s': reference", cases[i].in);
			is_int(para, cases[i].para, "target '%s': paragraph", cases[i].in);
		}
	}
}

int
main(void)
{
	test_ref();
	test_date();
	test_kinds();
	test_paras();
	test_cite();
	test_target();
	return tap_done();
}
