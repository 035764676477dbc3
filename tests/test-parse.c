/* test-parse: the parser on the five real samples, on the messy
 * statements in tests/data (each a layout variation a user's files show)
 * and on hostile input built in memory.  Inputs are loaded into buffers
 * of their exact size, without a terminating NUL, so that the address
 * sanitizer catches any read past the end. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decision.h"
#include "parse.h"
#include "tap.h"
#include "text.h"

#ifndef DATA_DIR
#error "DATA_DIR must name the folder of the sample statements"
#endif
#ifndef TESTS_SRCDIR
#error "TESTS_SRCDIR must name the tests folder"
#endif

#define MESSY TESTS_SRCDIR "/data/"

#define S000 DATA_DIR "/000_5bdb9a364616d701.txt"
#define S001 DATA_DIR "/001_6bddae3439fd4dd8.txt"
#define S002 DATA_DIR "/002_8509a42da06fb018.txt"
#define S003 DATA_DIR "/003_e8c7b7bcc53897eb.txt"
#define S004 DATA_DIR "/004_05f5de3fd66fa512.txt"

/* Returns the file's bytes in a buffer of exactly *len bytes (no NUL),
 * or NULL. */
static char *
load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	b = malloc(n > 0 ? (size_t)n : 1);
	if (b != NULL && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Parses a file; returns parse_bytes' value, or -2 when it is missing. */
static int
parse_file(const char *path, struct parse_result *r)
{
	size_t len;
	char *b = load(path, &len);
	int rc;

	memset(r, 0, sizeof *r);
	if (b == NULL) {
		ok(0, "cannot read %s", path);
		return -2;
	}
	rc = parse_bytes(b, len, r);
	free(b);
	return rc;
}

/* Parses len bytes from b (copied into an exact-size buffer); returns
 * the result code and fills r. */
static int
parse_mem(const char *b, size_t len, struct parse_result *r)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (copy == NULL)
		return -2;
	memcpy(copy, b, len);
	rc = parse_bytes(copy, len, r);
	free(copy);
	return rc;
}

/* Returns the first occurrence of needle in the n bytes at s, or NULL. */
static char *
find(char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Returns "complaint:1 powers:2,3 …": each run of one kind with its
 * ordinals, in document order. */
static const char *
seq(const struct decision *d)
{
	static char out[4096];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < d->npara && o < sizeof out - 40; i++) {
		const struct decision_para *p = &d->paras[i];

		if (i == 0 || p->kind != d->paras[i - 1].kind)
			o += (size_t)snprintf(out + o, sizeof out - o, "%s%s:%d",
					      i ? " " : "",
					      decision_kind_name(p->kind), p->n);
		else
			o += (size_t)snprintf(out + o, sizeof out - o, ",%d",
					      p->n);
	}
	return out;
}

/* Returns the text of paragraph n (1-based), or NULL. */
static const char *
para(const struct decision *d, size_t n)
{
	return n >= 1 && n <= d->npara ? d->paras[n - 1].text : NULL;
}

static const char *
heading(const struct decision *d, size_t n)
{
	return n >= 1 && n <= d->npara ? d->paras[n - 1].heading : NULL;
}

static const char *
subheading(const struct decision *d, size_t n)
{
	return n >= 1 && n <= d->npara ? d->paras[n - 1].subheading : NULL;
}

static int
starts(const char *s, const char *pre)
{
	return s != NULL && strncmp(s, pre, strlen(pre)) == 0;
}

static int
ends(const char *s, const char *suf)
{
	size_t n, k = strlen(suf);

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Returns the first web-debris word found in the decision's text or
 * headings, or NULL when it is clean. */
static const char *
debris(const struct decision *d)
{
	static const char *const words[] = {
		"Back to top", "Print this page", "LGO logogram", "cookies",
		"Investigator", "privacy settings", "Privacy settings",
	};
	size_t i, w;

	for (w = 0; w < sizeof words / sizeof words[0]; w++) {
		if (d->summary && strstr(d->summary, words[w]))
			return words[w];
		for (i = 0; i < d->npara; i++) {
			const struct decision_para *p = &d->paras[i];

			if (strstr(p->text, words[w]) ||
			    (p->heading && strstr(p->heading, words[w])) ||
			    (p->subheading && strstr(p->subheading, words[w])))
				return words[w];
		}
	}
	return NULL;
}

/* Returns nonzero when every paragraph is well formed: ordinals 1..N,
 * text not empty, no leading or trailing blanks, no control character
 * but '\n'. */
static int
well_formed(const struct decision *d)
{
	size_t i;

	for (i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		const unsigned char *t = (const unsigned char *)p->text;
		size_t n = strlen(p->text), k;

		if (p->n != (int)i + 1 || n == 0 || t[0] == ' ' ||
		    t[n - 1] == ' ' || t[n - 1] == '\n')
			return 0;
		for (k = 0; k < n; k++)
			if (t[k] < 0x20 && t[k] != '\n')
				return 0;
	}
	return 1;
}

static int
count_severity(const struct parse_result *r, enum parse_severity s)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->nproblems; i++)
		n += r->problems[i].severity == s;
	return n;
}

static int
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Compares two decisions field by field and paragraph by paragraph;
 * reports the first difference.  The reference is skipped when
 * skip_ref is set (a twin made from a sample under another reference). */
static void
same_decision(const struct decision *a, const struct decision *b,
	      int skip_ref, const char *what)
{
	size_t i;
	int same = 1;

	is_str(a->organisation, b->organisation, "%s: organisation", what);
	if (!skip_ref)
		is_str(a->ref, b->ref, "%s: reference", what);
	is_str(a->area, b->area, "%s: area", what);
	is_str(a->subarea, b->subarea, "%s: subarea", what);
	is_str(a->outcome, b->outcome, "%s: outcome", what);
	is_str(a->date, b->date, "%s: date", what);
	is_str(a->summary, b->summary, "%s: summary", what);
	is_int(a->npara, b->npara, "%s: paragraph count", what);
	for (i = 0; i < a->npara && i < b->npara; i++) {
		const struct decision_para *p = &a->paras[i], *q = &b->paras[i];

		if (p->n != q->n || p->kind != q->kind ||
		    !str_eq(p->heading, q->heading) ||
		    !str_eq(p->subheading, q->subheading) ||
		    !str_eq(p->text, q->text)) {
			same = 0;
			printf("# %s: paragraph %zu differs:\n#  %s\n#  %s\n",
			       what, i + 1, p->text, q->text);
			break;
		}
	}
	ok(same, "%s: every paragraph identical", what);
}

/* ---- the five samples ------------------------------------------------ */

static void
test_sample_000(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(S000, &r), 0, "000: parses");
	is_int(r.ndecisions, 1, "000: one decision");
	is_int(r.nproblems, 0, "000: no problems");
	if (r.ndecisions != 1)
		goto out;
	d = &r.decisions[0];
	is_str(d->organisation, "Coventry City Council", "000: organisation");
	is_str(d->ref, "24 023 422", "000: reference");
	is_str(d->area, "Children's care services", "000: area");
	is_str(d->subarea, "Other", "000: subarea");
	is_str(d->outcome, "Closed after initial enquiries", "000: outcome");
	is_str(d->date, "2025-10-28", "000: date");
	ok(starts(d->summary, "We will not investigate Mrs M’s complaint"),
	   "000: summary's first words");
	ok(ends(d->summary, "to justify our involvement."),
	   "000: summary's last words");
	is_int(d->npara, 13, "000: paragraph count");
	is_str(seq(d),
	       "complaint:1 powers:2 considered:3,4 "
	       "findings:5,6,7,8,9,10,11,12 decision:13",
	       "000: kinds and ordinals");
	is_str(heading(d, 1), "The complaint", "000: heading 1");
	is_str(heading(d, 2), "The Ombudsman’s role and powers",
	       "000: heading 2");
	is_str(heading(d, 5), "My assessment", "000: heading 5");
	is_str(heading(d, 13), "Final decision", "000: heading 13");
	is_str(para(d, 2),
	       "We investigate complaints about ‘maladministration’ and "
	       "‘service failure’, which we call ‘fault’. We must also "
	       "consider whether any fault has had an adverse impact on the "
	       "person making the complaint, which we call ‘injustice’. We do "
	       "not start or continue an investigation if we decide:\n"
	       "• any outstanding injustice is not significant enough to "
	       "justify our involvement, or\n"
	       "• we could not add to any previous investigation by the "
	       "organisation, or\n"
	       "• further investigation would not lead to a different "
	       "outcome.\n"
	       "(Local Government Act 1974, section 24A(6), as amended, "
	       "section 34(B))",
	       "000: paragraph 2 with its list and citation");
	is_str(para(d, 4), "I considered the Ombudsman’s Assessment Code.",
	       "000: paragraph 4");
	is_str(para(d, 13),
	       "We will not investigate Mrs M’s complaint because we could "
	       "not add to the Council’s response, and further investigation "
	       "would not lead to a different outcome. There is insufficient "
	       "outstanding injustice to justify our involvement.",
	       "000: paragraph 13");
	is_str(debris(d), NULL, "000: no web debris");
	ok(well_formed(d), "000: paragraphs well formed");
out:
	parse_result_free(&r);
}

static void
test_sample_001(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(S001, &r), 0, "001: parses");
	is_int(r.ndecisions, 1, "001: one decision");
	is_int(r.nproblems, 0, "001: no problems");
	if (r.ndecisions != 1)
		goto out;
	d = &r.decisions[0];
	is_str(d->organisation, "Coventry City Council", "001: organisation");
	is_str(d->ref, "24 008 642", "001: reference");
	is_str(d->area, "Children's care services", "001: area");
	is_str(d->subarea, "Other", "001: subarea");
	is_str(d->outcome, "Upheld", "001: outcome");
	is_str(d->date, "2025-02-17", "001: date");
	ok(starts(d->summary, "Mrs Y was unhappy"), "001: summary's first words");
	ok(ends(d->summary, "This is a satisfactory outcome."),
	   "001: summary's last words");
	is_int(d->npara, 21, "001: paragraph count");
	is_str(seq(d),
	       "complaint:1 powers:2,3,4 considered:5 "
	       "findings:6,7,8,9,10,11,12,13,14,15,16,17,18,19 action:20 "
	       "decision:21",
	       "001: kinds and ordinals");
	is_str(heading(d, 6), "What I found", "001: heading 6");
	is_str(heading(d, 13), "Consideration", "001: heading 13");
	is_str(heading(d, 20), "Agreed action", "001: heading 20");
	is_str(para(d, 13),
	       "There is a formal procedure, set out in law, which councils "
	       "must follow to investigate certain types of complaint. It "
	       "involves:\n"
	       "• a written response from the Council (Stage 1);\n"
	       "• the appointment of an independent investigator to prepare "
	       "a report (Stage 2); and, if the person making the complaint "
	       "requests\n"
	       "• an independent panel to consider their representations "
	       "(Stage 3).",
	       "001: Consideration paragraph with its bullets");
	is_str(para(d, 12),
	       "Unhappy with the Council’s response, Mrs Y complained to us.",
	       "001: paragraph 12");
	ok(starts(para(d, 11), "The Council responded on 14 August to say") &&
		   ends(para(d, 11), "Ombudsman instead.”"),
	   "001: paragraph 11 with its quotation");
	is_str(para(d, 21), "I have ended my investigation.",
	       "001: paragraph 21");
	is_str(debris(d), NULL, "001: no web debris or cookie banner");
	ok(well_formed(d), "001: paragraphs well formed");
out:
	parse_result_free(&r);
}

static void
test_sample_002(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(S002, &r), 0, "002: parses");
	is_int(r.ndecisions, 1, "002: one decision");
	is_int(r.nproblems, 0, "002: no problems");
	if (r.ndecisions != 1)
		goto out;
	d = &r.decisions[0];
	is_str(d->organisation, "Coventry City Council", "002: organisation");
	is_str(d->ref, "24 007 712", "002: reference");
	is_str(d->area, "Children's care services", "002: area");
	is_str(d->subarea, "Child protection", "002: subarea");
	is_str(d->outcome, "Closed after initial enquiries", "002: outcome");
	is_str(d->date, "2024-10-08", "002: date");
	ok(starts(d->summary, "We will not investigate this complaint"),
	   "002: summary's first words");
	ok(ends(d->summary, "in terms of Council practice."),
	   "002: summary's last words");
	is_int(d->npara, 9, "002: paragraph count");
	is_str(seq(d),
	       "complaint:1 powers:2,3 considered:4,5 findings:6,7,8 "
	       "decision:9",
	       "002: kinds and ordinals");
	is_str(heading(d, 3), "The Ombudsman’s role and powers",
	       "002: heading 3");
	is_str(heading(d, 6), "My assessment", "002: heading 6");
	is_str(para(d, 2),
	       "We investigate complaints about ‘maladministration’ and "
	       "‘service failure’, which we call ‘fault’. We must also "
	       "consider whether any fault has had an adverse impact on the "
	       "person making the complaint, which we call ‘injustice’. We "
	       "provide a free service, but must use public money carefully. "
	       "We do not start or continue an investigation if we decide:\n"
	       "• we could not add to any previous investigation by the "
	       "organisation, or\n"
	       "• further investigation would not lead to a different "
	       "outcome, or\n"
	       "• we cannot achieve the outcome someone wants, or\n"
	       "• there is another body better placed to consider this "
	       "complaint, or\n"
	       "• there is no worthwhile outcome achievable by our "
	       "investigation.\n"
	       "(Local Government Act 1974, section 24A(6), as amended, "
	       "section 34(B))",
	       "002: powers paragraph with bullets and citation");
	is_str(para(d, 3),
	       "Under our information sharing agreement, we will share this "
	       "decision with the Office for Standards in Education, "
	       "Children’s Services and Skills (Ofsted).",
	       "002: list restarting at 1 starts paragraph 3");
	is_str(debris(d), NULL, "002: no web debris");
	ok(well_formed(d), "002: paragraphs well formed");
out:
	parse_result_free(&r);
}

static void
test_sample_003(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(S003, &r), 0, "003: parses");
	is_int(r.ndecisions, 1, "003: one decision");
	is_int(r.nproblems, 0, "003: no problems");
	if (r.ndecisions != 1)
		goto out;
	d = &r.decisions[0];
	is_str(d->organisation, "Leicester City Council", "003: organisation");
	is_str(d->ref, "24 011 458", "003: reference");
	is_str(d->area, "Children's care services", "003: area");
	is_str(d->subarea, "Other", "003: subarea");
	is_str(d->outcome, "Upheld", "003: outcome");
	is_str(d->date, "2025-04-06", "003: date");
	ok(starts(d->summary, "Miss B complained about"),
	   "003: summary's first words");
	ok(ends(d->summary, "It will now do so."), "003: summary's last words");
	is_int(d->npara, 21, "003: paragraph count");
	is_str(seq(d),
	       "complaint:1,2,3 powers:4,5,6 considered:7,8 "
	       "findings:9,10,11,12,13,14,15,16,17,18 action:19,20 "
	       "decision:21",
	       "003: kinds and ordinals");
	is_str(heading(d, 19), "Action", "003: heading 19");
	is_str(heading(d, 21), "Decision", "003: heading 21");
	is_str(para(d, 18),
	       "If Miss B is still unhappy after all three stages of the "
	       "statutory procedure have been completed, she can come back to "
	       "us and ask us to consider her complaint.",
	       "003: paragraph 18 (printed as 10.)");
	is_str(para(d, 20),
	       "The Council has provided us with evidence it has done this.",
	       "003: paragraph 20");
	is_str(debris(d), NULL, "003: no web debris");
	ok(well_formed(d), "003: paragraphs well formed");
out:
	parse_result_free(&r);
}

static void
test_sample_004(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(S004, &r), 0, "004: parses");
	is_int(r.ndecisions, 1, "004: one decision");
	is_int(r.nproblems, 0, "004: no problems");
	if (r.ndecisions != 1)
		goto out;
	d = &r.decisions[0];
	is_str(d->organisation, "Essex County Council", "004: organisation");
	is_str(d->ref, "24 019 538", "004: reference");
	is_str(d->area, NULL, "004: no area (no metadata)");
	is_str(d->subarea, NULL, "004: no subarea");
	is_str(d->outcome, NULL, "004: no outcome");
	is_str(d->date, "", "004: no date");
	ok(starts(d->summary, "Ms A complained about the way"),
	   "004: summary's first words");
	ok(ends(d->summary, "through the statutory complaints procedure."),
	   "004: summary's last words");
	is_int(d->npara, 21, "004: paragraph count");
	is_str(seq(d),
	       "complaint:1,2 powers:3,4 considered:5,6 "
	       "findings:7,8,9,10,11,12,13,14,15,16,17,18 action:19,20 "
	       "decision:21",
	       "004: kinds and ordinals");
	is_str(heading(d, 19), "Agreed Action", "004: heading 19");
	is_str(para(d, 19),
	       "Within one month of the final decision, the Council should:\n"
	       "• apologise to Ms A. We publish guidance on remedies which "
	       "sets out our expectations for how organisations should "
	       "apologise effectively to remedy injustice. The organisation "
	       "should consider this guidance in making the apology I have "
	       "recommended in my findings.\n"
	       "• accept Ms A’s complaint of January 2025 for consideration "
	       "under the statutory complaints procedure and then complete "
	       "that process.",
	       "004: Agreed Action paragraph with its two sub-items");
	is_str(para(d, 20),
	       "The Council should provide us with evidence it has complied "
	       "with the above actions.",
	       "004: new sentence after the list is paragraph 20");
	is_str(para(d, 21),
	       "I found fault causing injustice, the Council has agreed to "
	       "carry out actions in recognition of this.",
	       "004: paragraph 21");
	is_str(debris(d), NULL, "004: no doubled sign-off");
	ok(well_formed(d), "004: paragraphs well formed");
out:
	parse_result_free(&r);
}

/* ---- messy statements --------------------------------------------------- */

static void
test_crlf_bom(void)
{
	struct parse_result a, b;

	is_int(parse_file(MESSY "crlf-bom.txt", &a), 0, "crlf-bom: parses");
	is_int(parse_file(S003, &b), 0, "crlf-bom: its sample parses");
	ok((a.text_flags & TEXT_HAD_BOM) && (a.text_flags & TEXT_HAD_CRLF),
	   "crlf-bom: BOM and CRLF reported in text_flags");
	is_int(a.nproblems, 0, "crlf-bom: no problems");
	if (a.ndecisions == 1 && b.ndecisions == 1) {
		is_str(a.decisions[0].ref, "23 900 001", "crlf-bom: reference");
		same_decision(&a.decisions[0], &b.decisions[0], 1,
			      "crlf-bom vs sample 003");
	} else {
		ok(0, "crlf-bom: one decision each");
	}
	parse_result_free(&a);
	parse_result_free(&b);
}

static void
test_cp1252(void)
{
	struct parse_result a, b;

	is_int(parse_file(MESSY "cp1252.txt", &a), 0, "cp1252: parses");
	is_int(parse_file(MESSY "cp1252-utf8.txt", &b), 0,
	       "cp1252: its UTF-8 twin parses");
	ok(a.text_flags & TEXT_WAS_CP1252, "cp1252: decoding reported");
	ok(!(b.text_flags & TEXT_WAS_CP1252), "cp1252: twin is UTF-8");
	is_int(a.nproblems, 0, "cp1252: no warning needed");
	if (a.ndecisions == 1 && b.ndecisions == 1) {
		same_decision(&a.decisions[0], &b.decisions[0], 0,
			      "cp1252 vs UTF-8 twin");
		is_str(para(&a.decisions[0], 20),
		       "The Council agreed to respond to Mrs Y’s complaint at "
		       "Stage 2 – and to pay her £150 for her time and trouble "
		       "(“a symbolic payment”).",
		       "cp1252: £, en dash and curly quotes decoded");
		ok(strstr(para(&a.decisions[0], 13), "\n• a written") != NULL,
		   "cp1252: bullets decoded as sub-items");
	} else {
		ok(0, "cp1252: one decision each");
	}
	parse_result_free(&a);
	parse_result_free(&b);
}

static void
test_cut_off(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "cut-off.txt", &r), 0,
	       "cut-off: imports what is there");
	is_int(count_severity(&r, PARSE_WARNING), 1, "cut-off: one warning");
	is_int(count_severity(&r, PARSE_ERROR), 0, "cut-off: no error");
	if (r.nproblems > 0) {
		is_str(r.problems[0].msg,
		       "statement seems cut off: no final decision section "
		       "(last line 37)",
		       "cut-off: warning text");
		is_int(r.problems[0].line, 37, "cut-off: warning line");
	}
	if (r.ndecisions == 1) {
		d = &r.decisions[0];
		is_int(d->npara, 8, "cut-off: 8 paragraphs kept");
		is_int(d->cut_off, 1, "cut-off: judged cut off");
		is_str(seq(d),
		       "complaint:1 powers:2,3,4 considered:5 findings:6,7,8",
		       "cut-off: kinds and ordinals");
		is_str(para(d, 8), "Mrs Y said the meeting on 12 July",
		       "cut-off: the last, partial paragraph");
	} else {
		ok(0, "cut-off: one decision");
	}
	parse_result_free(&r);
}

static void
test_joint_suffix(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "joint-suffix.txt", &r), 0,
	       "joint-suffix: parses");
	is_int(r.nproblems, 0, "joint-suffix: no problems");
	if (r.ndecisions != 1) {
		ok(0, "joint-suffix: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->ref, "19 018 519c", "joint-suffix: suffix kept");
	is_str(d->organisation, "Birmingham City Council",
	       "joint-suffix: organisation");
	is_str(d->date, "2020-03-12", "joint-suffix: date");
	is_str(seq(d), "complaint:1 powers:2,3 considered:4 findings:5,6 "
		       "action:7 decision:8",
	       "joint-suffix: plural Ombudsmen heading is powers");
	is_str(heading(d, 2), "The Ombudsmen’s role and powers",
	       "joint-suffix: heading as printed");
	is_str(debris(d), NULL, "joint-suffix: plural sign-off dropped");
out:
	parse_result_free(&r);
}

static void
test_care_provider(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "care-provider.txt", &r), 0,
	       "care-provider: parses");
	if (r.ndecisions != 1) {
		ok(0, "care-provider: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, "Four Seasons Health Care (England) Limited",
	       "care-provider: parentheses inside the name kept");
	is_str(d->ref, "19 000 000", "care-provider: reference is the last "
				     "group");
	is_str(d->outcome, "Not upheld", "care-provider: outcome");
	is_str(d->date, "2019-11-05", "care-provider: full month name");
	is_str(d->subarea, "Residential care", "care-provider: subarea");
	is_str(seq(d), "complaint:1 powers:2 considered:3 findings:4 "
		       "decision:5",
	       "care-provider: kinds and ordinals");
out:
	parse_result_free(&r);
}

static void
test_old_report(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "old-report.txt", &r), 0,
	       "old-report: parses");
	is_int(r.nproblems, 0, "old-report: no problems");
	if (r.ndecisions != 1) {
		ok(0, "old-report: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, NULL, "old-report: no organisation");
	is_str(d->ref, "16 004 861", "old-report: bare reference");
	is_str(d->outcome, NULL, "old-report: no outcome invented");
	is_str(d->date, "2016-09-23", "old-report: date");
	is_str(d->area, "Education", "old-report: area");
	is_str(d->summary,
	       "Mr and Mrs J complained the Council refused free school "
	       "transport for their son. The Council did not consider their "
	       "appeal properly.",
	       "old-report: Summary heading text is the summary");
	is_str(seq(d), "findings:1 action:2,3 decision:4",
	       "old-report: Finding, Recommendations, closing line");
	is_str(heading(d, 1), "Finding", "old-report: Finding heading");
	is_str(para(d, 1),
	       "Fault found causing injustice and recommendation made.",
	       "old-report: finding text");
	is_str(para(d, 3),
	       "If the new panel decides their son was entitled to transport, "
	       "the Council should:\n"
	       "• repay the fares Mr and Mrs J paid from September 2015; and\n"
	       "• provide transport for the rest of the school year.",
	       "old-report: unmarked block with a bullet list");
	is_str(heading(d, 4), "Ombudsman satisfied with council's response",
	       "old-report: closing line's label");
	is_str(para(d, 4),
	       "Ombudsman satisfied with council's response: 23 September "
	       "2016",
	       "old-report: closing line kept whole");
	is_str(debris(d), NULL, "old-report: no debris");
out:
	parse_result_free(&r);
}

static void
test_dash_layout(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "dash-layout.txt", &r), 0,
	       "dash-layout: parses");
	is_int(r.nproblems, 0, "dash-layout: no problems");
	if (r.ndecisions != 1) {
		ok(0, "dash-layout: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, "London Borough of Harrow",
	       "dash-layout: organisation");
	is_str(seq(d), "complaint:1,2 powers:3 findings:4,5,6 action:7,8 "
		       "decision:9",
	       "dash-layout: kinds and ordinals");
	is_str(para(d, 1),
	       "Miss Y complains about the way the Council dealt with her "
	       "homelessness application. She says the Council failed to:\n"
	       "• deal properly with her application after her landlord "
	       "served notice in February 2024;\n"
	       "• provide her with suitable interim accommodation; and\n"
	       "• respond in a timely way to her contact.",
	       "dash-layout: list across a space-only line and ragged "
	       "indents is one level");
	is_str(para(d, 4),
	       "The Council accepted the relief duty in June 2024, four months "
	       "after Miss Y first approached it. It should have done so in "
	       "February 2024:\n"
	       "• the notice was valid;\n"
	       "• she had nowhere else to go.",
	       "dash-layout: lower-case items continue the list");
	is_str(para(d, 5), "That delay was fault.",
	       "dash-layout: a new sentence is a new paragraph");
	ok(starts(para(d, 6), "“The Council’s letters"),
	   "dash-layout: an opening quote is a new paragraph");
	is_str(para(d, 7),
	       "Within one month of the final decision, the Council will:\n"
	       "• apologise to Miss Y;\n"
	       "• pay her £500 for the distress caused.",
	       "dash-layout: agreed action list");
out:
	parse_result_free(&r);
}

/* Returns nonzero when some paragraph's text is exactly a heading, as a
 * contents list read as paragraphs would give. */
static int
has_heading_para(const struct decision *d)
{
	static const char *const h[] = {
		"The complaint", "The Ombudsman’s role and powers",
		"How I considered this complaint", "What I found",
		"Agreed action", "Final decision", "Background", "Contents",
	};
	size_t i, k;

	for (i = 0; i < d->npara; i++)
		for (k = 0; k < sizeof h / sizeof h[0]; k++)
			if (strcmp(d->paras[i].text, h[k]) == 0)
				return 1;
	return 0;
}

static void
test_contents(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "contents-list-dash.txt", &r), 0,
	       "contents-list-dash: parses");
	is_int(r.nproblems, 0, "contents-list-dash: no problems");
	if (r.ndecisions == 1) {
		d = &r.decisions[0];
		is_int(d->npara, 7, "contents-list-dash: paragraph count");
		is_str(seq(d), "complaint:1,2 powers:3 considered:4 "
			       "findings:5 action:6 decision:7",
		       "contents-list-dash: kinds and ordinals");
		ok(!has_heading_para(d),
		   "contents-list-dash: no paragraph from the contents");
		is_str(para(d, 1),
		       "I have called the complainant ‘Miss X’. Miss X "
		       "complains the Council:\n"
		       "• failed to provide the education in her daughter’s "
		       "EHC plan from September 2022;\n"
		       "• delayed reviewing that plan.",
		       "contents-list-dash: first paragraph");
		ok(starts(d->summary, "Miss X complained"),
		   "contents-list-dash: summary");
	} else {
		ok(0, "contents-list-dash: one decision");
	}
	parse_result_free(&r);

	is_int(parse_file(MESSY "contents-list.txt", &r), 0,
	       "contents-list: parses");
	is_int(r.nproblems, 0, "contents-list: no problems");
	if (r.ndecisions == 1) {
		d = &r.decisions[0];
		is_int(d->npara, 7, "contents-list: paragraph count");
		is_str(seq(d), "complaint:1 powers:2 considered:3 "
			       "findings:4,5,6 decision:7",
		       "contents-list: kinds and ordinals");
		ok(!has_heading_para(d),
		   "contents-list: no paragraph from the contents");
		is_str(heading(d, 4), "What I found",
		       "contents-list: section heading");
		is_str(subheading(d, 4), "Background",
		       "contents-list: sub-heading Background");
		is_str(subheading(d, 6), "What happened",
		       "contents-list: sub-heading What happened");
		is_str(subheading(d, 1), NULL,
		       "contents-list: no sub-heading before one");
	} else {
		ok(0, "contents-list: one decision");
	}
	parse_result_free(&r);
}

static void
test_nested(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "nested-numbered.txt", &r), 0,
	       "nested-numbered: parses");
	is_int(r.nproblems, 0, "nested-numbered: no problems");
	if (r.ndecisions != 1) {
		ok(0, "nested-numbered: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(seq(d), "complaint:1,2 powers:3,4,5 considered:6 "
		       "findings:7,8,9,10 action:11,12 decision:13",
	       "nested-numbered: kinds and ordinals (restart at 1)");
	is_str(para(d, 1),
	       "The complainant, who I refer to here as Mr X, complains about "
	       "the way the Council has handled adaptations to his home. He "
	       "says the Council:\n"
	       "1. took too long to complete an Occupational Therapy "
	       "assessment;\n"
	       "2. delayed the work the Occupational Therapist recommended, "
	       "in particular:\n"
	       "  • a level access shower; and\n"
	       "  • a stair lift;\n"
	       "3. has handled his complaint poorly.",
	       "nested-numbered: nested list with bullets below it");
	is_str(para(d, 4),
	       "We cannot investigate late complaints unless we decide there "
	       "are good reasons. Late complaints are when someone takes more "
	       "than twelve months to complain to us about something a "
	       "council has done.\n"
	       "(Local Government Act 1974, sections 26B and 34D, as "
	       "amended)",
	       "nested-numbered: citation between numbered items");
	ok(starts(para(d, 5), "We may investigate matters"),
	   "nested-numbered: item after the citation is a paragraph");
	ok(starts(para(d, 9), "The Council’s complaint procedure says"),
	   "nested-numbered: restart at 1 mid-section is a new paragraph");
	is_str(para(d, 11),
	       "Within one month of my final decision, the Council will:\n"
	       "1. apologise to Mr X;\n"
	       "2. pay him £750 for the distress caused.",
	       "nested-numbered: numbered sub-items in agreed action");
out:
	parse_result_free(&r);
}

static void
test_subheadings(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "subheadings.txt", &r), 0,
	       "subheadings: parses");
	is_int(r.nproblems, 0, "subheadings: no problems");
	if (r.ndecisions != 1) {
		ok(0, "subheadings: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, "Transport for London",
	       "subheadings: organisation");
	is_str(seq(d), "other:1 complaint:2,3 powers:4 considered:5 "
		       "findings:6,7,8,9 action:10 decision:11",
	       "subheadings: headings map to kinds");
	is_str(heading(d, 1), "Introduction",
	       "subheadings: unknown heading before any section is other");
	is_str(heading(d, 2), "Complaint background", "subheadings: heading 2");
	is_str(heading(d, 3), "What I have and have not investigated",
	       "subheadings: heading 3");
	is_str(heading(d, 4), "Legal and administrative background",
	       "subheadings: heading 4");
	is_str(heading(d, 5), "How I considered this",
	       "subheadings: heading 5");
	is_str(heading(d, 6), "Analysis", "subheadings: heading 6");
	is_str(subheading(d, 6), "Key facts", "subheadings: Key facts");
	is_str(subheading(d, 7), "What happened",
	       "subheadings: What happened");
	is_str(subheading(d, 8), "What happened",
	       "subheadings: What happened, second paragraph");
	is_str(para(d, 8),
	       "That was fault: it should have considered all the evidence "
	       "Ms R sent.",
	       "subheadings: paragraph under a sub-heading");
	is_str(subheading(d, 9), "Relevant law and guidance",
	       "subheadings: Relevant law and guidance");
	is_str(heading(d, 9), "Analysis",
	       "subheadings: paragraphs keep the section heading");
	is_str(subheading(d, 10), NULL,
	       "subheadings: reset by a new section");
	is_str(heading(d, 10), "Recommended action",
	       "subheadings: heading 10");
out:
	parse_result_free(&r);
}

static void
test_summary_lines(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "summary-two-lines.txt", &r), 0,
	       "summary-two-lines: parses");
	is_int(r.nproblems, 0, "summary-two-lines: no problems");
	if (r.ndecisions != 1) {
		ok(0, "summary-two-lines: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation,
	       "Governing Body of St Anne's Catholic Primary School",
	       "summary-two-lines: a school as organisation");
	is_str(d->summary,
	       "Mr and Mrs T complained about the way an independent appeal "
	       "panel considered their appeal for a place at the school for "
	       "their daughter. We did not find fault in the way the panel "
	       "considered the appeal.",
	       "summary-two-lines: lines joined with one space");
	is_str(para(d, 4),
	       "The clerk’s notes show the panel asked Mr and Mrs T "
	       "questions about their daughter’s needs and discussed the "
	       "evidence they provided. The panel gave reasons for its "
	       "decision in its letter of 3 June 2024.",
	       "summary-two-lines: hard-wrapped paragraph joined");
	is_int(d->npara, 5, "summary-two-lines: paragraph count");
out:
	parse_result_free(&r);
}

static void
test_nbsp(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "nbsp-dashes.txt", &r), 0,
	       "nbsp-dashes: parses");
	is_int(r.nproblems, 0, "nbsp-dashes: no problems");
	if (r.ndecisions != 1) {
		ok(0, "nbsp-dashes: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, "West Midlands Combined Authority",
	       "nbsp-dashes: organisation");
	is_str(d->ref, "23 900 010", "nbsp-dashes: NBSP in the reference");
	is_str(d->area, "Adult care services", "nbsp-dashes: area");
	is_str(d->subarea, "Charging", "nbsp-dashes: subarea");
	is_str(d->outcome, "Upheld", "nbsp-dashes: NBSP before the colon");
	is_str(d->date, "2025-10-06", "nbsp-dashes: date");
	is_int(d->npara, 6, "nbsp-dashes: space-only lines are blank");
	is_str(para(d, 1),
	       "Mrs\xc2\xa0" "F complains the Council did not explain the "
	       "third\xe2\x80\x91party top\xe2\x80\x91up fee for her mother’s "
	       "care home – a fee of £80 a week – before she moved in.",
	       "nbsp-dashes: NBSP, U+2011 and en dashes kept");
	ok(starts(d->summary, "Mrs\xc2\xa0" "F complained"),
	   "nbsp-dashes: NBSP kept in the summary");
	is_str(seq(d), "complaint:1 powers:2 considered:3 findings:4 action:5 "
		       "decision:6",
	       "nbsp-dashes: kinds and ordinals");
out:
	parse_result_free(&r);
}

static void
test_two_statements(void)
{
	struct parse_result r;
	const struct decision *a, *b;

	is_int(parse_file(MESSY "two-statements.txt", &r), 0,
	       "two-statements: parses");
	is_int(r.nproblems, 0, "two-statements: no problems");
	is_int(r.ndecisions, 2, "two-statements: two decisions");
	if (r.ndecisions != 2)
		goto out;
	a = &r.decisions[0];
	b = &r.decisions[1];
	is_str(a->ref, "23 900 011", "two-statements: first reference");
	is_str(a->organisation, "Kent County Council",
	       "two-statements: first organisation");
	is_int(a->npara, 7, "two-statements: first paragraph count");
	is_str(para(a, 3),
	       "I considered our decision in a similar case:\n"
	       "Medway Council (22 001 234)",
	       "two-statements: a line holding 'Org (ref)' does not split");
	is_str(debris(a), NULL, "two-statements: first has no banner");
	is_str(b->ref, "23 900 012", "two-statements: second reference");
	is_str(b->organisation, "Surrey County Council",
	       "two-statements: second organisation");
	is_str(b->outcome, NULL, "two-statements: second has no metadata");
	ok(starts(b->summary, "Mr V complained"),
	   "two-statements: second summary");
	is_str(seq(b), "complaint:1 powers:2 findings:3 decision:4",
	       "two-statements: second numbered from 1");
	is_str(debris(b), NULL, "two-statements: second has no debris");
out:
	parse_result_free(&r);
}

static void
test_debris(void)
{
	struct parse_result r;
	const struct decision *d;

	is_int(parse_file(MESSY "debris-everywhere.txt", &r), 0,
	       "debris-everywhere: parses");
	is_int(r.nproblems, 0, "debris-everywhere: no problems");
	if (r.ndecisions != 1) {
		ok(0, "debris-everywhere: one decision");
		goto out;
	}
	d = &r.decisions[0];
	is_str(d->organisation, "Norfolk County Council",
	       "debris-everywhere: header after 'Print this page'");
	is_str(d->date, "2025-03-03", "debris-everywhere: date");
	is_str(seq(d), "complaint:1 powers:2 findings:3 decision:4",
	       "debris-everywhere: kinds and ordinals");
	is_str(debris(d), NULL, "debris-everywhere: all debris dropped");
	ok(ends(para(d, 4), "would not lead to a different outcome."),
	   "debris-everywhere: doubled sign-off not in the last paragraph");
out:
	parse_result_free(&r);
}

/* Every file directly in tests/data imports without error; every file in
 * tests/data/bad fails with an error and no decision. */
static void
test_folders(void)
{
	static const char *const dirs[] = {MESSY, MESSY "bad/"};
	int k;

	for (k = 0; k < 2; k++) {
		DIR *dir = opendir(dirs[k]);
		struct dirent *e;
		int n = 0;

		if (dir == NULL) {
			ok(0, "cannot open %s", dirs[k]);
			continue;
		}
		while ((e = readdir(dir)) != NULL) {
			char path[1024];
			struct parse_result r;
			size_t len = strlen(e->d_name);
			int rc;

			if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
				continue;
			snprintf(path, sizeof path, "%s%s", dirs[k], e->d_name);
			rc = parse_file(path, &r);
			n++;
			if (k == 0)
				ok(rc == 0 && r.ndecisions >= 1 &&
					   count_severity(&r, PARSE_ERROR) == 0,
				   "imports: %s", e->d_name);
			else
				ok(rc == -1 && r.ndecisions == 0 &&
					   count_severity(&r, PARSE_ERROR) >= 1,
				   "fails: bad/%s", e->d_name);
			parse_result_free(&r);
		}
		closedir(dir);
		ok(n >= (k == 0 ? 16 : 8), "%d files in %s", n, dirs[k]);
	}
}

static void
test_bad_messages(void)
{
	struct parse_result r;

	is_int(parse_file(MESSY "bad/empty.txt", &r), -1, "empty: fails");
	if (r.nproblems == 1)
		is_str(r.problems[0].msg, "empty file", "empty: message");
	else
		ok(0, "empty: one problem");
	parse_result_free(&r);

	parse_file(MESSY "bad/whitespace-only.txt", &r);
	ok(r.nproblems == 1 && strcmp(r.problems[0].msg, "empty file") == 0,
	   "whitespace-only: empty file");
	parse_result_free(&r);

	parse_file(MESSY "bad/binary.txt", &r);
	ok(r.nproblems == 1 && r.problems[0].severity == PARSE_ERROR &&
		   strcmp(r.problems[0].msg,
			  "binary file, not a decision statement") == 0,
	   "binary: message");
	parse_result_free(&r);

	parse_file(MESSY "bad/not-a-statement.txt", &r);
	ok(r.nproblems == 1 && r.problems[0].line == 1 &&
		   strcmp(r.problems[0].msg,
			  "not a decision statement: the first line should be "
			  "'Organisation (NN NNN NNN)'") == 0,
	   "not-a-statement: message and line");
	parse_result_free(&r);

	parse_file(MESSY "bad/header-only.txt", &r);
	ok(r.nproblems == 1 && r.problems[0].line == 1 &&
		   starts(r.problems[0].msg, "nothing after the header line"),
	   "header-only: message and line");
	parse_result_free(&r);

	parse_file(MESSY "bad/two-statements-one-bad.txt", &r);
	ok(count_severity(&r, PARSE_ERROR) == 1 && r.ndecisions == 0,
	   "two-statements-one-bad: one error, nothing imported");
	ok(count_severity(&r, PARSE_ERROR) == 1 &&
		   r.problems[r.nproblems - 1].line == 23,
	   "two-statements-one-bad: error at the second header's line");
	parse_result_free(&r);
}

/* ---- small statements built in memory -------------------------------- */

static int
parse_str(const char *s, struct parse_result *r)
{
	return parse_mem(s, strlen(s), r);
}

static void
test_small(void)
{
	struct parse_result r;
	const struct decision *d;
	size_t n, len, i;
	char *s, *t;
	int lines;

	/* Numbers alone on their lines, their text on the next. */
	parse_str("A Council (23 900 100)\nSummary: S.\nThe complaint\n"
		  "  1.\nMr A complains.\n  2.\nMr A also complains:\n"
		  "      1.\nthat it was late.\nFinal decision\n1.\nDone.\n",
		  &r);
	ok(r.ndecisions == 1 && r.nproblems == 0, "lone numbers: parses");
	if (r.ndecisions == 1) {
		d = &r.decisions[0];
		is_str(seq(d), "complaint:1,2 decision:3",
		       "lone numbers: kinds and ordinals");
		is_str(para(d, 2), "Mr A also complains:\n1. that it was late.",
		       "lone numbers: text joined to its number");
	}
	parse_result_free(&r);

	/* An unreadable date is a warning and stays empty. */
	parse_str("A Council (23 900 101)\nDecision date : 31 Feb 2025\n"
		  "Summary: S.\nFinal decision\n- Done.\n", &r);
	ok(r.ndecisions == 1 && r.nproblems == 1 &&
		   r.problems[0].severity == PARSE_WARNING &&
		   r.problems[0].line == 2 &&
		   strstr(r.problems[0].msg, "'31 Feb 2025' is not a date"),
	   "31 Feb: a warning on its line");
	if (r.ndecisions == 1)
		is_str(r.decisions[0].date, "", "31 Feb: no date");
	parse_result_free(&r);

	/* Cut off in the middle of the final decision. */
	s = load(S000, &n);
	t = s ? find(s, n, "There is insufficient outstanding injustice to "
			   "justify our involvement.\nInvestigator") : NULL;
	if (t != NULL) {
		len = (size_t)(t - s) + strlen("There is insufficient");
		for (i = 0, lines = 1; i < len; i++)
			lines += s[i] == '\n';
		parse_mem(s, len, &r);
		ok(r.ndecisions == 1 && r.nproblems == 1 &&
			   r.problems[0].severity == PARSE_WARNING &&
			   r.problems[0].line == lines &&
			   starts(r.problems[0].msg,
				  "statement seems cut off: the last paragraph "
				  "ends mid-sentence"),
		   "cut mid-sentence in the final decision: a warning");
		if (r.ndecisions == 1)
			ok(ends(para(&r.decisions[0], 13),
				"There is insufficient"),
			   "cut mid-sentence: partial paragraph kept");
		parse_result_free(&r);
	} else {
		ok(0, "sample 000 ends as expected");
	}
	free(s);

	/* A statement followed by an old report page (bare reference). */
	{
		size_t n1, n2;
		char *a = load(S002, &n1), *b = load(MESSY "old-report.txt",
						     &n2),
		     *c = malloc(n1 + n2 + 1);

		if (a && b && c) {
			memcpy(c, a, n1);
			c[n1] = '\n';
			memcpy(c + n1 + 1, b, n2);
			parse_mem(c, n1 + n2 + 1, &r);
			ok(r.ndecisions == 2 && r.nproblems == 0,
			   "statement + old report: two decisions");
			if (r.ndecisions == 2) {
				is_str(r.decisions[0].ref, "24 007 712",
				       "statement + old report: first");
				is_int(r.decisions[0].npara, 9,
				       "statement + old report: first intact");
				is_str(r.decisions[1].ref, "16 004 861",
				       "statement + old report: second");
				is_str(r.decisions[1].organisation, NULL,
				       "statement + old report: no organisation");
				is_int(r.decisions[1].npara, 4,
				       "statement + old report: second intact");
			}
			parse_result_free(&r);
		} else {
			ok(0, "statement + old report: inputs");
		}
		free(a);
		free(b);
		free(c);
	}

	/* A cookie banner that lost its end stops at the next header. */
	{
		size_t n1, n2;
		char *a = load(S002, &n1), *b = load(S004, &n2),
		     *c = malloc(n1 + n2 + 1);

		if (a && b && c && n1 > 16 &&
		    memcmp(a + n1 - 16, "Privacy settings", 16) == 0) {
			memcpy(c, a, n1 - 16);
			memcpy(c + n1 - 16, b, n2);
			parse_mem(c, n1 - 16 + n2, &r);
			ok(r.ndecisions == 2 && r.nproblems == 0,
			   "unclosed banner, then a statement: two decisions");
			if (r.ndecisions == 2) {
				is_str(r.decisions[1].organisation,
				       "Essex County Council",
				       "unclosed banner: second organisation");
				is_int(r.decisions[1].npara, 21,
				       "unclosed banner: second intact");
				is_str(debris(&r.decisions[0]), NULL,
				       "unclosed banner: first clean");
			}
			parse_result_free(&r);
		} else {
			ok(0, "unclosed banner: inputs");
		}
		free(a);
		free(b);
		free(c);
	}

	/* Old layout without blank lines: one line, one paragraph, but a
	 * line broken mid-sentence is joined. */
	parse_str("16 000 001\nSummary\nA summary\non two lines.\nFinding\n"
		  "First paragraph.\nSecond paragraph starts here and\n"
		  "continues here.\nRecommendations\n"
		  "The Council should apologise.\n", &r);
	ok(r.ndecisions == 1 && r.nproblems == 1 &&
		   r.problems[0].severity == PARSE_WARNING,
	   "old layout, no closing line: a cut-off warning");
	if (r.ndecisions == 1) {
		d = &r.decisions[0];
		is_str(d->summary, "A summary on two lines.",
		       "old layout: summary joined");
		is_str(seq(d), "findings:1,2 action:3",
		       "old layout: kinds and ordinals");
		is_str(para(d, 2),
		       "Second paragraph starts here and continues here.",
		       "old layout: broken line joined");
	}
	parse_result_free(&r);

	/* Debris only around a header: nothing after it. */
	parse_str("Back to top\nA Council (23 900 102)\nBack to top\n"
		  "Print this page\n", &r);
	ok(r.ndecisions == 0 && r.nproblems == 1 && r.problems[0].line == 2 &&
		   starts(r.problems[0].msg, "nothing after the header"),
	   "header between debris: an error on its line");
	parse_result_free(&r);
}

/* ---- hostile input ------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns a copy of the sample with extra inserted before the first
 * occurrence of at; sets *len. */
static char *
splice(const char *path, const char *at, const char *extra, size_t elen,
       size_t *len)
{
	size_t n, off;
	char *s = load(path, &n), *o, *hit;

	*len = 0;
	if (s == NULL)
		return NULL;
	o = malloc(n + elen + 1);
	if (o == NULL) {
		free(s);
		return NULL;
	}
	memcpy(o, s, n);
	o[n] = '\0';
	hit = strstr(o, at);
	off = hit ? (size_t)(hit - o) : n;
	memcpy(o + off, extra, elen);
	memcpy(o + off + elen, s + off, n - off);
	free(s);
	*len = n + elen;
	return o;
}

static void
test_hostile(void)
{
	struct parse_result r;
	size_t big = 20u << 20, i, len;
	char *b = malloc(big + 64);
	double t;
	int rc;

	if (b == NULL) {
		ok(0, "hostile: memory");
		return;
	}

	/* 20 MB on one line, no newline at all. */
	memset(b, 'a', big);
	t = now();
	rc = parse_bytes(b, big, &r);
	printf("# 20 MB single line: %.0f ms\n", (now() - t) * 1e3);
	ok(rc == -1 && count_severity(&r, PARSE_ERROR) == 1,
	   "20 MB single line: not a statement");
	parse_result_free(&r);

	/* 20 MB of short lines: refused before a line table is built. */
	for (i = 0; i < big; i += 2)
		memcpy(b + i, "a\n", 2);
	t = now();
	rc = parse_bytes(b, big, &r);
	printf("# 10M short lines: %.0f ms\n", (now() - t) * 1e3);
	ok(rc == -1 && count_severity(&r, PARSE_ERROR) == 1,
	   "10M short lines: an error");
	parse_result_free(&r);

	/* 100,000 empty lines. */
	memset(b, '\n', 100000);
	rc = parse_bytes(b, 100000, &r);
	ok(rc == -1 && r.nproblems == 1 &&
		   strcmp(r.problems[0].msg, "empty file") == 0,
	   "100k newlines: empty file");
	parse_result_free(&r);

	/* Random bytes, fixed seed: binary. */
	for (i = 0; i < (1u << 20); i++)
		b[i] = (char)rng();
	rc = parse_bytes(b, 1u << 20, &r);
	ok(rc == -1 && count_severity(&r, PARSE_ERROR) >= 1 &&
		   r.ndecisions == 0,
	   "1 MB random bytes: an error");
	parse_result_free(&r);

	/* Random bytes with no control characters, so they pass as
	 * Windows-1252 text, with newlines sprinkled in. */
	for (i = 0; i < (1u << 20); i++) {
		uint64_t v = rng();

		b[i] = (v & 63) == 0 ? '\n' : (char)(0x20 + (v >> 8) % 224);
	}
	rc = parse_bytes(b, 1u << 20, &r);
	ok(rc == -1 && count_severity(&r, PARSE_ERROR) >= 1,
	   "1 MB random text: not a statement");
	parse_result_free(&r);

	/* Random lines made of the parser's own vocabulary, to reach deep
	 * states; any outcome is fine as long as it is consistent. */
	{
		static const char *const bits[] = {
			"Coventry City Council (24 023 422)", "24 023 422",
			"Category : A > B", "Decision : Upheld",
			"Decision date : 31 Feb 2025", "Summary: x",
			"Summary", "The complaint", "Final decision",
			"  1. Text:", "  1.", "- item", "- Item.", "    • b",
			"      2. nested", "(Act 1974)", "", " ", "Background",
			"Back to top", "Review your privacy settings",
			"Privacy settings", "What I found", "x (12 345 678)",
			"Ombudsman satisfied with council's response: 1 Jan",
			"The Ombudsman's final decision:", "•", "-", "1)",
		};
		int round, consistent = 1;

		for (round = 0; round < 300; round++) {
			size_t o = 0;
			int lines = 1 + (int)(rng() % 60);

			while (lines-- > 0) {
				const char *s =
					bits[rng() % (sizeof bits /
						      sizeof bits[0])];

				memcpy(b + o, s, strlen(s));
				o += strlen(s);
				b[o++] = '\n';
			}
			rc = parse_mem(b, o - (rng() & 1), &r);
			if ((rc == 0) != (r.ndecisions > 0 &&
					  count_severity(&r, PARSE_ERROR) ==
						  0) ||
			    (rc != 0 && r.nproblems == 0))
				consistent = 0;
			for (i = 0; i < r.ndecisions; i++)
				if (!well_formed(&r.decisions[i]))
					consistent = 0;
			parse_result_free(&r);
		}
		ok(consistent, "300 random statements of known lines: "
			       "consistent results");
	}
	free(b);

	/* A 20 MB paragraph inside a real statement. */
	b = malloc(big + 3);
	if (b != NULL) {
		char *s;

		memcpy(b, "- ", 2);
		memset(b + 2, 'w', big);
		b[big + 2] = '\n';
		s = splice(S004, "- The first stage", b, big + 3, &len);
		free(b);
		if (s != NULL) {
			t = now();
			rc = parse_mem(s, len, &r);
			printf("# 20 MB paragraph: %.0f ms\n",
			       (now() - t) * 1e3);
			ok(rc == 0 && r.ndecisions == 1 &&
				   r.decisions[0].npara == 22 &&
				   strlen(para(&r.decisions[0], 8)) == big,
			   "20 MB paragraph in a statement: imported whole");
			parse_result_free(&r);
			free(s);
		}
	}

	/* A 1 MB line of bullets: alone, and inside a statement. */
	b = malloc(1u << 20);
	if (b != NULL) {
		char *s;
		size_t n = (1u << 20) / 4 * 4;

		for (i = 0; i < n; i += 4)
			memcpy(b + i, "\xe2\x80\xa2 ", 4);
		rc = parse_mem(b, n, &r);
		ok(rc == -1 && count_severity(&r, PARSE_ERROR) == 1,
		   "1 MB line of bullets alone: not a statement");
		parse_result_free(&r);
		b[n - 1] = '\n';
		s = splice(S001, "  2. Regulations", b, n, &len);
		if (s != NULL) {
			rc = parse_mem(s, len, &r);
			ok(rc == 0 && r.ndecisions == 1 &&
				   r.decisions[0].npara == 21,
			   "1 MB line of bullets in a statement: a sub-item");
			parse_result_free(&r);
			free(s);
		}
		free(b);
	}

	/* 100,000 header-like lines: must stay linear. */
	{
		const char *line = "Some Council (12 345 678)\n";
		size_t ln = strlen(line), n = 100000;

		b = malloc(ln * n);
		if (b != NULL) {
			for (i = 0; i < n; i++)
				memcpy(b + i * ln, line, ln);
			t = now();
			rc = parse_mem(b, ln * n, &r);
			printf("# 100k header lines: %.0f ms\n",
			       (now() - t) * 1e3);
			ok(rc == -1 && r.ndecisions == 0,
			   "100k header lines: not a statement");
			parse_result_free(&r);
			free(b);
		}
	}

	/* 20,000 tiny statements in one file: each a warning, linear. */
	{
		char *s = malloc(20000 * 64), *o = s;

		if (s != NULL) {
			for (i = 0; i < 20000; i++)
				o += sprintf(o, "Org %zu (12 345 %03zu)\n"
						"Summary: Short.\n",
					     i, i % 1000);
			t = now();
			rc = parse_mem(s, (size_t)(o - s), &r);
			printf("# 20k tiny statements: %.0f ms\n",
			       (now() - t) * 1e3);
			ok(rc == 0 && r.ndecisions == 20000 &&
				   count_severity(&r, PARSE_WARNING) == 20000,
			   "20k statements in one file: each read, each "
			   "warned");
			parse_result_free(&r);
			free(s);
		}
	}

	/* NUL bytes inside a statement: refused as binary, or imported
	 * with the NULs reported and gone. */
	{
		char *s = splice(S002, "The complaint", "\0\0x\0", 4, &len);

		if (s != NULL) {
			rc = parse_mem(s, len, &r);
			ok((rc == -1 && count_severity(&r, PARSE_ERROR) == 1) ||
				   (rc == 0 && (r.text_flags & TEXT_HAD_NUL)),
			   "NUL bytes: an error or a reported clean-up");
			parse_result_free(&r);
			free(s);
		}
	}

	/* Deep nesting is capped, not overflowed. */
	{
		char *s = malloc(200 * 220), *o = s;

		if (s != NULL) {
			o += sprintf(o, "A B (12 345 678)\nSummary: S.\n"
					"What I found\n  1. Intro:\n");
			for (i = 0; i < 200; i++)
				o += sprintf(o, "%*s• level %zu\n",
					     (int)(4 + 2 * i), "", i);
			o += sprintf(o, "Final decision\n  1. Done.\n");
			rc = parse_mem(s, (size_t)(o - s), &r);
			ok(rc == 0 && r.ndecisions == 1 &&
				   r.decisions[0].npara == 2 &&
				   well_formed(&r.decisions[0]),
			   "200 nesting levels: one paragraph, capped depth");
			parse_result_free(&r);
			free(s);
		}
	}

	/* Every prefix of a sample: never a crash, never an error once
	 * the header and some text are in. */
	{
		size_t n;
		char *s = load(S001, &n);
		int fine = 1;

		if (s != NULL) {
			for (len = 0; len <= n; len += 7) {
				rc = parse_mem(s, len, &r);
				if (rc == 0 && r.ndecisions != 1)
					fine = 0;
				if (len > 600 && rc != 0)
					fine = 0;
				parse_result_free(&r);
			}
			free(s);
		}
		ok(fine, "every prefix of sample 001 parses sensibly");
	}
}

/* Prints the parse time per statement over the samples (no pass/fail on
 * time: that is for make bench). */
static void
test_speed(void)
{
	static const char *const paths[] = {S000, S001, S002, S003, S004};
	char *buf[5];
	size_t len[5], i;
	int k, rounds = 2000, fine = 1;
	double t;

	for (i = 0; i < 5; i++)
		buf[i] = load(paths[i], &len[i]);
	t = now();
	for (k = 0; k < rounds; k++) {
		for (i = 0; i < 5; i++) {
			struct parse_result r;

			if (buf[i] == NULL || parse_bytes(buf[i], len[i], &r) != 0)
				fine = 0;
			parse_result_free(&r);
		}
	}
	t = now() - t;
	printf("# parse: %.1f us per statement\n", t / (rounds * 5) * 1e6);
	ok(fine, "samples parse %d times over", rounds);
	for (i = 0; i < 5; i++)
		free(buf[i]);
}

int
main(void)
{
	test_sample_000();
	test_sample_001();
	test_sample_002();
	test_sample_003();
	test_sample_004();
	test_crlf_bom();
	test_cp1252();
	test_cut_off();
	test_joint_suffix();
	test_care_provider();
	test_old_report();
	test_dash_layout();
	test_contents();
	test_nested();
	test_subheadings();
	test_summary_lines();
	test_nbsp();
	test_two_statements();
	test_debris();
	test_folders();
	test_bad_messages();
	test_small();
	test_hostile();
	test_speed();
	return tap_done();
}
