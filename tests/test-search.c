/* Unit tests of search: the parser and its errors, the FTS5 expression
 * built from it, the filters, hit ranges in the stored text (folding
 * never shifts them), snippets, and the search handle on a small store:
 * phrases and NEAR within one paragraph, ranking, paging. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "decision.h"
#include "search.h"
#include "store.h"
#include "tap.h"

/* The MATCH expression of q, or "(filters)" or "ERROR: msg @col". */
static const char *
expr(const char *query)
{
	static char out[1024];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);

	if (q == NULL) {
		snprintf(out, sizeof out, "ERROR: %s @%d", err.msg, err.column);
		return out;
	}
	snprintf(out, sizeof out, "%s",
		 search_query_match(q) ? search_query_match(q) : "(filters)");
	search_query_free(q);
	return out;
}

/* The filters of q as "org|category|outcome|since|until|ref". */
static const char *
filters(const char *query)
{
	static char out[512];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	const struct store_filter *f;

	if (q == NULL) {
		snprintf(out, sizeof out, "ERROR: %s", err.msg);
		return out;
	}
	f = search_query_filter(q);
#define S(x) ((x) ? (x) : "")
	snprintf(out, sizeof out, "%s|%s|%s|%s|%s|%s", S(f->org), S(f->category),
		 S(f->outcome), S(f->since), S(f->until), S(f->ref));
#undef S
	search_query_free(q);
	return out;
}

/* The hits of query in text as "start-end,…" and the marked snippet. */
static const char *
hits(const char *query, enum decision_kind kind, const char *text)
{
	static char out[1024];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	struct search_hit *h;
	size_t len = 0;
	long n;

	if (q == NULL)
		return "parse error";
	n = search_hits(q, kind, text, strlen(text), &h);
	out[0] = '\0';
	for (long i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%zu-%zu",
					i ? "," : "", h[i].start, h[i].end);
	free(h);
	search_query_free(q);
	return out;
}

static const char *
snippet(const char *query, const char *text, size_t width)
{
	static char out[1024];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	struct search_hit *h;
	long n;
	char *s;

	if (q == NULL)
		return "parse error";
	n = search_hits(q, DECISION_KIND_FINDINGS, text, strlen(text), &h);
	s = search_snippet(text, strlen(text), h, n, "[", "]", width);
	snprintf(out, sizeof out, "%s", s ? s : "(null)");
	free(s);
	free(h);
	search_query_free(q);
	return out;
}

static void
test_expressions(void)
{
	is_str(expr("delay"), "\"delay\"", "one word");
	is_str(expr("delay apology"), "(\"delay\" AND \"apology\")", "words: AND");
	is_str(expr("delay AND apology"), "(\"delay\" AND \"apology\")", "explicit AND");
	is_str(expr("\"social care\""), "\"social care\"", "phrase");
	is_str(expr("comp*"), "\"comp\" *", "prefix");
	is_str(expr("\"social car\"*"), "\"social car\" *", "phrase prefix");
	is_str(expr("delay OR apology"), "(\"delay\" OR \"apology\")", "OR");
	is_str(expr("delay -apology"), "((\"delay\") NOT \"apology\")", "-word");
	is_str(expr("delay NOT apology"), "((\"delay\") NOT \"apology\")", "NOT word");
	is_str(expr("(delay OR fault) apology"),
	       "((\"delay\" OR \"fault\") AND \"apology\")", "parentheses");
	is_str(expr("NEAR(delay apology)"), "NEAR(\"delay\" \"apology\", 10)",
	       "NEAR, default distance");
	is_str(expr("NEAR(delay \"care plan\" comp*, 5)"),
	       "NEAR(\"delay\" \"care plan\" \"comp\" *, 5)", "NEAR with phrase and prefix");
	is_str(expr("Council's"), "\"Council's\"", "an apostrophe stays inside the string");
	is_str(expr("in:findings delay"), "{findings} : \"delay\"", "in:SECTION");
	is_str(expr("in:summary in:action delay -fault"),
	       "(({summary action} : \"delay\") NOT \"fault\")",
	       "in: twice is both; a left-out word is left out everywhere");
	is_str(expr("delay -\"care plan\""), "(\"delay\")",
	       "a left-out phrase is left to the paragraph check");
	is_str(expr("or and near"), "(\"or\" AND \"and\" AND \"near\")",
	       "lower-case operators are words");
	is_str(expr("{findings}: NEAR"), "(\"{findings}:\" AND \"NEAR\")",
	       "FTS5 syntax is quoted, never passed through");
	is_str(expr("say \"he said \"\"no\"\"\""), "ERROR: a phrase must be followed by a space, not '\"' @15",
	       "a quote inside a phrase");
	is_str(expr("x:y"), "ERROR: unknown field 'x:' (the fields are org:, category:, outcome:, ref:, in:, after:, before:, year:) @1",
	       "an unknown field");
	is_str(expr("a, b"), "(\"a\" AND \"b\")", "commas between words are ignored");
	is_str(expr("org:coventry"), "(filters)", "filters alone have no MATCH");
	is_str(expr("org:coventry delay"), "\"delay\"", "filters come out of the words");
}

static void
test_filters(void)
{
	is_str(filters("org:coventry category:\"care services\" outcome:upheld"),
	       "coventry|care services|upheld|||", "org, category, outcome");
	is_str(filters("after:2024-01-01 before:2025-06-30"),
	       "|||2024-01-01|2025-06-30|", "after and before");
	is_str(filters("year:2024"), "|||2024-01-01|2024-12-31|", "year");
	is_str(filters("year:2024 after:2024-05-01"), "|||2024-05-01|2024-12-31|",
	       "year and after intersect");
	is_str(filters("ref:24023422"), "|||||24 023 422", "ref: any spelling");
	is_str(filters("ref:\"24 023 422\""), "|||||24 023 422", "ref: quoted");
	is_str(filters("ref:24-023-422"), "|||||24 023 422", "ref: dashes");
}

static void
test_errors(void)
{
	static const struct {
		const char *q, *want;
	} bad[] = {
		{ "", "the query is empty @1" },
		{ "   ", "the query is empty @4" },
		{ "\"social care", "unbalanced quote: this phrase has no closing '\"' @1" },
		{ "(delay", "unbalanced parenthesis: this '(' has no ')' @1" },
		{ "delay)", "unbalanced parenthesis: this ')' has no '(' @6" },
		{ "OR delay", "'OR' needs a word on each side @1" },
		{ "delay OR", "'OR' needs a word on each side @7" },
		{ "delay OR OR fault", "'OR' needs a word on each side @7" },
		{ "AND delay", "'AND' needs a word on each side @1" },
		{ "NOT", "'NOT' needs a word after it @1" },
		{ "NOT NOT delay", "doubled negation @5" },
		{ "-", "'-' must be followed by a word to leave out @1" },
		{ "--delay", "doubled '-' @1" },
		{ "-delay", "only words to leave out: add a word to look for @1" },
		{ "colour:red", "unknown field 'colour:' (the fields are org:, category:, outcome:, ref:, in:, after:, before:, year:) @1" },
		{ "in:nowhere delay", "in: 'nowhere' is not a section (summary, complaint, powers, considered, findings, action, decision, other) @1" },
		{ "after:2025-13-45", "after: '2025-13-45' is not a date (use YYYY-MM-DD) @1" },
		{ "year:abc", "year: 'abc' is not a year (like 2024) @1" },
		{ "NEAR()", "NEAR without words (like NEAR(delay apology, 5)) @1" },
		{ "NEAR(delay)", "NEAR needs at least two words @1" },
		{ "NEAR(a b,)", "NEAR: a number must follow the comma (like NEAR(delay apology, 5)) @10" },
		{ "()", "empty parentheses @1" },
		{ "*", "'*' must end a word (like comp*) @1" },
		{ "co*mp", "'*' may only end a word (like comp*) @3" },
		{ "delay OR org:x", "org: applies to the whole query; it cannot be left out, joined by OR or put in parentheses @10" },
		{ "org:", "org: needs a value @1" },
		{ "org:a org:b x", "org: is given twice @7" },
		{ "in:findings", "in: needs words to look for in that section @0" },
		{ "ref:banana", "ref: 'banana' is not a reference (like 24 023 422) @1" },
		{ "£ café’s (x", "'£' has no letters or digits to search for @1" },
		{ "café’s (x", "unbalanced parenthesis: this '(' has no ')' @8" },
		{ "…", "'…' has no letters or digits to search for @1" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[300];

		snprintf(want, sizeof want, "ERROR: %s", bad[i].want);
		is_str(expr(bad[i].q), want, "bad query [%s]", bad[i].q);
	}
}

static void
test_hits(void)
{
	/* Offsets are bytes of the stored text: ’ is 3 bytes, £ 2. */
	const char *t = "The Council’s delay cost Mrs X £500; the COUNCIL's reply came.";

	is_str(hits("Council's", DECISION_KIND_FINDINGS, t), "4-15,44-53",
	       "Council's finds Council’s and COUNCIL's, exact bytes");
	is_str(hits("council’s", DECISION_KIND_FINDINGS, t), "4-15,44-53",
	       "and the other way round");
	is_str(hits("500 delay", DECISION_KIND_FINDINGS, t), "16-21,35-38",
	       "after £ the offsets stay exact");
	is_str(hits("cou*", DECISION_KIND_FINDINGS, t), "4-11,44-51", "prefix");
	is_str(hits("\"delay cost\"", DECISION_KIND_FINDINGS, t), "16-26", "phrase as one range");
	is_str(hits("delay -reply", DECISION_KIND_FINDINGS, t), "16-21",
	       "left-out words are not hits");
	is_str(hits("in:summary delay", DECISION_KIND_FINDINGS, t), "",
	       "in: limits the hits to its sections");
	is_str(hits("in:findings delay", DECISION_KIND_FINDINGS, t), "16-21",
	       "in: its own section");
	is_str(hits("café", DECISION_KIND_FINDINGS, "A CAFE and a Café."), "2-6,13-18",
	       "accents and case fold");
	is_str(hits("x", DECISION_KIND_FINDINGS, "Mrs\u00a0X"), "5-6",
	       "NBSP separates words");
	is_str(hits("NEAR(delay reply)", DECISION_KIND_FINDINGS, t), "16-21,54-59",
	       "NEAR's words are hits");
	is_str(snippet("delay", t, 200),
	       "The Council’s [delay] cost Mrs X £500; the COUNCIL's reply came.",
	       "snippet marks the hit");
	is_str(snippet("reply", "[1] one two three four five six seven eight nine ten reply eleven", 30),
	       "…ten [reply] eleven", "snippet cut at words, brackets in text kept");
	is_str(snippet("one", "[1] one\ntwo", 200), "[1] [one] two",
	       "line breaks become spaces");
}

/* A decision for the store tests. */
/* Puts a decision of org (NULL: none) with outcome (NULL: none), a
 * summary, a complaint paragraph p1 and a paragraph p2 of kind2. */
static void
put_full(struct store *st, const char *ref, const char *org,
	 const char *date, const char *outcome, const char *summary,
	 const char *p1, enum decision_kind kind2, const char *p2)
{
	struct decision d;
	enum store_put how;

	decision_init(&d);
	decision_ref_canon(ref, strlen(ref), d.ref);
	d.organisation = org ? strdup(org) : NULL;
	snprintf(d.date, sizeof d.date, "%s", date);
	d.outcome = outcome ? strdup(outcome) : NULL;
	d.summary = strdup(summary);
	decision_add_para(&d, DECISION_KIND_COMPLAINT, strdup("The complaint"),
			  NULL, strdup(p1));
	decision_add_para(&d, kind2,
			  strdup(kind2 == DECISION_KIND_COMPLAINT ? "The complaint"
								  : "What I found"),
			  NULL, strdup(p2));
	store_begin(st);
	store_put(st, &d, "test", &how);
	store_commit(st);
	decision_free(&d);
}

static void
put_decision(struct store *st, const char *ref, const char *date,
	     const char *summary, const char *p1, const char *p2)
{
	put_full(st, ref, "Testshire County Council", date, "Upheld", summary,
		 p1, DECISION_KIND_FINDINGS, p2);
}

/* Puts a decision whose findings are the given paragraphs, in order. */
static void
put_findings(struct store *st, const char *ref, const char *date,
	     const char *const *paras)
{
	struct decision d;
	enum store_put how;

	decision_init(&d);
	decision_ref_canon(ref, strlen(ref), d.ref);
	snprintf(d.date, sizeof d.date, "%s", date);
	d.summary = strdup("Breaks.");
	for (; *paras; paras++)
		decision_add_para(&d, DECISION_KIND_FINDINGS, strdup("What I found"),
				  NULL, strdup(*paras));
	store_begin(st);
	store_put(st, &d, "test", &how);
	store_commit(st);
	decision_free(&d);
}

/* The count of query's results, then each one in order: its reference
 * and best paragraph ("ref@n"), or with digit the last digit of its
 * reference alone; and (when checked is not NULL) how many decisions
 * the search checked on their text.  The page is read before the count
 * unless count_first. */
static const char *
listing(struct store *st, const char *query, enum search_order order,
	int digit, int count_first, long *checked)
{
	static char out[1024];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	struct search *s;
	struct search_result *r;
	size_t len = 0;
	long n, total = -1;

	if (q == NULL)
		return "parse error";
	s = search_open(st, q, order);
	if (count_first)
		search_count(s, &total);
	n = search_page(s, 0, 100, &r);
	if (!count_first)
		search_count(s, &total);
	len = (size_t)snprintf(out, sizeof out, "%ld:", total);
	for (long i = 0; i < n; i++)
		len += digit
			? (size_t)snprintf(out + len, sizeof out - len, "%s%s",
					   i ? " " : "", r[i].ref + 9)
			: (size_t)snprintf(out + len, sizeof out - len, "%s%s@%d",
					   i ? " " : "", r[i].ref, r[i].paragraph);
	if (checked != NULL)
		*checked = search_checked(s);
	search_results_free(r, n);
	search_close(s);
	search_query_free(q);
	return out;
}

/* The references found for query, in order, and the best paragraphs. */
static const char *
found(struct store *st, const char *query, enum search_order order)
{
	return listing(st, query, order, 0, 0, NULL);
}

/* The ids of a store cursor, in order, as text. */
static const char *
plan_ids(struct store *st, const char *match, const struct store_filter *f,
	 enum store_order order)
{
	static char out[512];
	struct store_cursor *c = store_search_open(st, match, f, order);
	size_t len = 0;
	long long id;
	double rank;
	int rc;

	out[0] = '\0';
	if (c == NULL)
		return "open failed";
	while ((rc = store_search_next(c, &id, &rank)) > 0)
		len += (size_t)snprintf(out + len, sizeof out - len, " %lld", id);
	store_search_close(c);
	return rc < 0 ? "step failed" : out;
}

static const char *found(struct store *st, const char *query,
			 enum search_order order);

/* A phrase that FTS5 finds only across a paragraph break of one column
 * (the stored pairs say where to check) is not found, in either order
 * and in the count; one inside a paragraph is. */
static void
test_breaks(struct store *st)
{
	static const char *const a[] = {
		"Ms B said the care was poor and social", "— ",
		"Care was not given at the Café", "Council staff said so.", NULL,
	};
	static const char *const b[] = {
		"Mr C asked for social care quickly.", "The cafe council met.", NULL,
	};
	static const struct {
		const char *q, *want;
	} t[] = {
		{ "\"poor and social care\"", "0:" },
		{ "\"social care\" in:findings", "1:25 000 002@1" },
		{ "\"café council\"", "1:25 000 002@2" },
		{ "\"social care\" given", "0:" },
		{ "\"given at\" OR \"care council\"", "1:25 000 001@3" },
		{ "ms \"social care\"", "0:" },
		{ "\"found what\"", "0:" },
	};

	put_findings(st, "25 000 001", "2025-01-01", a);
	put_findings(st, "25 000 002", "2025-02-01", b);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_str(found(st, t[i].q, SEARCH_ORDER_DATE), t[i].want,
		       "across a break, newest first: %s", t[i].q);
		is_str(found(st, t[i].q, SEARCH_ORDER_RANK), t[i].want,
		       "across a break, ranked: %s", t[i].q);
	}
}

/* The references found for query in order (the last digit of each),
 * counted first, and (in *checked) how many decisions the search
 * checked on their text. */
static const char *
refs_of(struct store *st, const char *query, enum search_order order,
	long *checked)
{
	*checked = -1;
	return listing(st, query, order, 1, 1, checked);
}

/* refs_of's text with its references (one digit each) put newest
 * first: the order of a ranked list aside. */
static const char *
newest_digits(const char *refs)
{
	static char out[1024];
	const char *colon = strchr(refs, ':');
	size_t n, len;

	snprintf(out, sizeof out, "%s", refs);
	if (colon == NULL)
		return out;
	len = (size_t)(colon - refs) + 1;
	n = strlen(out + len);
	/* "a b c": digits at even offsets; sorted by insertion, largest
	 * first. */
	for (size_t i = len + 2; i < len + n; i += 2)
		for (size_t j = i; j > len && out[j] > out[j - 2]; j -= 2) {
			char c = out[j];

			out[j] = out[j - 2];
			out[j - 2] = c;
		}
	return out;
}

/* Puts n (at most 9) decisions whose findings are the paragraphs of d
 * (NULL after the last), "YY 000 00N" dated 20YY-0N-01. */
static void
put_series(struct store *st, int yy, const char *const (*d)[4], size_t n)
{
	for (size_t i = 0; i < n && i < 9; i++) {
		char ref[16], date[16];

		snprintf(ref, sizeof ref, "%02d 000 00%zu", yy, i + 1);
		snprintf(date, sizeof date, "20%02d-0%zu-01", yy, i + 1);
		put_findings(st, ref, date, d[i]);
	}
}

/* Where unicode61 and search read words otherwise, nothing is settled
 * on FTS5's positions: a lone combining mark is a word to search and
 * not to FTS5, ₺ a word to FTS5 and not to search (27 000 001 has one
 * of each, so the words of the column add up); a query word that FTS5
 * reads as none (a lone mark) drops its phrase and renumbers the rest.
 * And a NEAR group holds in the sections of in: only (27 000 004: in
 * the complaint within a paragraph, in the findings across a break). */
static void
test_near_unsure(struct store *st)
{
	static const char *const d[][4] = {
		{ "The osprey \xcc\x81", "plover cost 5 \xe2\x82\xba", NULL },
		{ "osprey \xcc\x85 plover", "It cost 5 \xe2\x82\xba", NULL },
		{ "osprey plover owl", NULL },
	};
	static const struct {
		const char *q, *want;
		long checked, rchecked;         /* newest first, ranked */
	} t[] = {
		{ "NEAR(osprey plover, 0)", "1:3", 2, 2 },
		{ "NEAR(osprey plover)", "2:3 2", 2, 2 },
		{ "NEAR(osprey \xcc\x85 plover) owl", "0:", 1, 1 },
		{ "NEAR(osprey \xcc\x85 plover)", "1:2", 3, 3 },
		{ "NEAR(grebe heron)", "1:4", 0, 0 },
		/* Newest first, asked as its words ANDed: every place of
		 * them, and no doubt left. */
		{ "in:findings NEAR(grebe heron)", "0:", 0, 1 },
	};
	struct decision dc;
	enum store_put how;
	long checked;

	put_series(st, 27, d, sizeof d / sizeof d[0]);
	decision_init(&dc);
	decision_ref_canon("27 000 004", 10, dc.ref);
	snprintf(dc.date, sizeof dc.date, "2027-04-01");
	dc.summary = strdup("Birds.");
	decision_add_para(&dc, DECISION_KIND_COMPLAINT, strdup("The complaint"),
			  NULL, strdup("A grebe saw a heron."));
	decision_add_para(&dc, DECISION_KIND_FINDINGS, strdup("What I found"),
			  NULL, strdup("The grebe"));
	decision_add_para(&dc, DECISION_KIND_FINDINGS, strdup("What I found"),
			  NULL, strdup("heron left."));
	store_begin(st);
	store_put(st, &dc, "test", &how);
	store_commit(st);
	decision_free(&dc);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_str(refs_of(st, t[i].q, SEARCH_ORDER_DATE, &checked), t[i].want,
		       "NEAR where the readings part, newest first: %s", t[i].q);
		is_int(checked, t[i].checked, "%s: the checks", t[i].q);
		is_str(newest_digits(refs_of(st, t[i].q, SEARCH_ORDER_RANK,
					     &checked)),
		       t[i].want, "NEAR where the readings part, ranked: %s",
		       t[i].q);
		is_int(checked, t[i].rchecked, "%s ranked: the checks", t[i].q);
	}
}

/* NEAR within one paragraph: FTS5 finds NEAR groups across breaks too;
 * the store settles those that hold within one paragraph from FTS5's
 * positions and where the paragraphs begin, and only the others are
 * checked on their text.  References end in their number (shown). */
static void
test_near_breaks(struct store *st)
{
	static const char *const d[][4] = {
		{ "The kestrel flew.", "A heron waited.", NULL },            /* 1 */
		{ "The kestrel chased a heron.", "Nothing more.", NULL },    /* 2 */
		{ "Our kestrel.", "A heron then the kestrel.", NULL },       /* 3 */
		{ "kestrel b c", "heron", NULL },                            /* 4 */
		{ "kestrel b c heron", NULL },                               /* 5 */
		{ "one two kestrel", "heron three", NULL },                  /* 6 */
		{ "the grey", "kestrel hunted near a heron", NULL },         /* 7 */
		{ "the grey kestrel hunted near a heron", NULL },            /* 8 */
	};
	static const struct {
		const char *q, *want;
		/* Checked newest first (-1: not counted), where each group
		 * is asked as its phrases ANDed and settled on every place
		 * of them, and ranked, where FTS5's NEAR gives the places. */
		long checked, rchecked;
	} t[] = {
		/* 1, 4 and 6 only across a break: ranked, checked, and
		 * refused. */
		{ "NEAR(kestrel heron)", "5:8 7 5 3 2", 0, 3 },
		{ "NEAR(heron kestrel)", "5:8 7 5 3 2", 0, 3 },
		/* The distance counts within the paragraph. */
		{ "NEAR(kestrel heron, 2)", "3:5 3 2", 0, 3 },
		{ "NEAR(kestrel heron, 1)", "0:", 0, 2 },
		{ "NEAR(kestrel heron, 0)", "0:", 0, 1 },
		/* A phrase of NEAR straddling the break. */
		{ "NEAR(\"grey kestrel\" heron)", "1:8", 0, 1 },
		/* In 7 "grey" is there, but its phrase only across the
		 * break. */
		{ "NEAR(\"grey kestrel\" grey)", "1:8", 0, 1 },
		{ "NEAR(kestrel heron) NEAR(grey heron, 5)", "1:8", 0, 1 },
		{ "NEAR(kestrel heron) kestrel", "5:8 7 5 3 2", 0, 3 },
		{ "in:findings NEAR(kestrel heron)", "5:8 7 5 3 2", 0, 3 },
		/* Not settled: NEAR that results need not hold. */
		{ "NEAR(kestrel heron) OR zzzz", "5:8 7 5 3 2", -1, -1 },
		{ "kestrel -NEAR(kestrel heron)", "3:6 4 1", -1, -1 },
	};
	long checked;

	put_series(st, 26, d, sizeof d / sizeof d[0]);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_str(refs_of(st, t[i].q, SEARCH_ORDER_DATE, &checked), t[i].want,
		       "NEAR across a break, newest first: %s", t[i].q);
		if (t[i].checked >= 0)
			is_int(checked, t[i].checked,
			       "%s: nothing checked, newest first", t[i].q);
		is_str(newest_digits(refs_of(st, t[i].q, SEARCH_ORDER_RANK,
					     &checked)),
		       t[i].want, "NEAR across a break, ranked: %s", t[i].q);
		if (t[i].rchecked >= 0)
			is_int(checked, t[i].rchecked,
			       "%s ranked: only what FTS5 found across a break is"
			       " checked", t[i].q);
	}
	test_near_unsure(st);
}

/* Newest first has three plans, picked by the number of matches (too
 * few here for search_open to pick any but DATE_FEW): each gives the
 * same list. */
static void
test_plans(struct store *st)
{
	static const char *const match[] = {
		"\"care\"", "\"fault\"", "(\"twin\" OR \"delay\")",
		"(\"complaint\") NOT \"delay\"", "\"comp\" *", "\"nothing\" *",
		"\"zzz\"",
	};
	struct store_filter none = {0}, year = {.since = "2024-01-01"};

	for (size_t i = 0; i < sizeof match / sizeof match[0]; i++) {
		for (int y = 0; y < 2; y++) {
			const struct store_filter *f = y ? &year : &none;
			char want[512];

			snprintf(want, sizeof want, "%s",
				 plan_ids(st, match[i], f, STORE_ORDER_DATE));
			is_str(plan_ids(st, match[i], f, STORE_ORDER_DATE_FEW), want,
			       "%s%s: the plan for few matches gives the same list",
			       match[i], y ? " since 2024" : "");
			is_str(plan_ids(st, match[i], f, STORE_ORDER_DATE_MANY), want,
			       "%s%s: the plan for many matches gives the same list",
			       match[i], y ? " since 2024" : "");
		}
	}
}

/* Puts a decision of org with outcome and two paragraphs in one
 * section (one FTS5 column holds both), dated by its last digit. */
static void
put_org(struct store *st, const char *ref, const char *org,
	const char *outcome, const char *p1, const char *p2)
{
	char date[11];

	snprintf(date, sizeof date, "2021-0%c-01", ref[9]);
	put_full(st, ref, org, date, outcome, "A complaint.", p1,
		 DECISION_KIND_COMPLAINT, p2);
}

static int
org_text(const struct store_org *o, void *arg)
{
	char *out = arg;
	size_t len = strlen(out);

	snprintf(out + len, 1024 - len, "%s=%ld/%ld/%ld/%ld/%ld;",
		 o->name ? o->name : "-", o->decisions, o->upheld, o->not_upheld,
		 o->closed, o->other);
	return 0;
}

/* Runs query (with the extra filter f when not NULL) and returns
 * "count|results|search_orgs|tally", the tally made from the results'
 * own organisations and outcomes, by name, nameless last. */
static const char *
orgs_of(struct store *st, const char *query, const struct store_filter *f,
	enum search_order order)
{
	static char out[4096];
	char refs[1024] = "", by[1024] = "", tally[1024] = "";
	struct { const char *name; long c[5]; } t[16];
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	struct search *s;
	struct search_result *r;
	int nt = 0;
	long n, total = -1;

	if (q == NULL)
		return "parse error";
	s = search_open(st, q, order);
	if (f != NULL && search_filter(s, f) < 0)
		return "search_filter failed";
	if (search_orgs(s, org_text, by) < 0)
		return "search_orgs failed";
	search_count(s, &total);
	n = search_page(s, 0, -1, &r);
	for (long i = 0; i < n; i++) {
		int k;

		snprintf(refs + strlen(refs), sizeof refs - strlen(refs), "%s%s",
			 i ? "," : "", r[i].ref);
		for (k = 0; k < nt; k++)
			if ((t[k].name == NULL) == (r[i].organisation == NULL) &&
			    (t[k].name == NULL ||
			     strcmp(t[k].name, r[i].organisation) == 0))
				break;
		if (k == nt) {
			memset(&t[nt], 0, sizeof t[nt]);
			t[nt++].name = r[i].organisation;
		}
		t[k].c[0]++;
		t[k].c[!r[i].outcome ? 4
			 : strcmp(r[i].outcome, "Upheld") == 0 ? 1
			 : strcmp(r[i].outcome, "Not upheld") == 0 ? 2
			 : strcmp(r[i].outcome, "Closed after initial enquiries") == 0 ? 3
			 : 4]++;
	}
	/* By name, nameless last: a selection each time, the list is short. */
	for (int done = 0; done < nt; done++) {
		int best = -1;

		for (int k = 0; k < nt; k++) {
			if (t[k].c[0] < 0)
				continue;
			if (best < 0 ||
			    (t[best].name == NULL && t[k].name != NULL) ||
			    (t[k].name && t[best].name &&
			     strcmp(t[k].name, t[best].name) < 0))
				best = k;
		}
		snprintf(tally + strlen(tally), sizeof tally - strlen(tally),
			 "%s=%ld/%ld/%ld/%ld/%ld;",
			 t[best].name ? t[best].name : "-", t[best].c[0],
			 t[best].c[1], t[best].c[2], t[best].c[3], t[best].c[4]);
		t[best].c[0] = -1;
	}
	snprintf(out, sizeof out, "%ld|%s|%s|%s", total, refs, by, tally);
	search_results_free(r, n);
	search_close(s);
	search_query_free(q);
	return out;
}

/* search_filter and search_orgs on a store with several organisations:
 * every answer against the search's own results. */
static void
test_orgs(void)
{
	char err[256], want[1024];
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);
	const char *got, *bar;

	if (!ok(st != NULL, "a second store in memory"))
		return;
	/* 21 000 001: "social" ends one paragraph, "care" starts the next:
	 * FTS5 gives it for "social care", the check drops it. */
	put_org(st, "21 000 001", "Avon Council", "Upheld",
		"The social", "care was late.");
	put_org(st, "21 000 002", "Avon Council", "Not upheld",
		"The social care was late.", "No fault.");
	put_org(st, "21 000 003", "Bury Council", "Upheld",
		"The social care was late.", "Fault.");
	put_org(st, "21 000 004", "Bury Council",
		"Closed after initial enquiries", "Social care again.", "Fault.");
	put_org(st, "21 000 005", NULL, NULL, "Care homes and social workers.",
		"Fault.");
	put_org(st, "21 000 006", "Avon Council", "Premature",
		"Highways.", "No fault.");

	static const char *const queries[] = {
		"care", "\"social care\"", "NEAR(social care, 1)", "fault -highways",
		"outcome:upheld", "social OR highways", "nothing",
		"highways", /* one match in six: looked up, not walked */
	};
	struct store_filter avon = { .org_is = "Avon Council" };
	struct store_filter none = { .no_org = 1 };
	struct store_filter up = { .outcome = "upheld", .also = &avon };
	const struct store_filter *fs[] = { NULL, &avon, &none, &up };
	const char *fname[] = { "", " + org_is", " + no_org", " + outcome, org_is" };

	for (size_t i = 0; i < sizeof queries / sizeof queries[0] * 2; i++) {
		for (size_t k = 0; k < 4; k++) {
			got = orgs_of(st, queries[i / 2], fs[k], i % 2 ? SEARCH_ORDER_RANK
								       : SEARCH_ORDER_DATE);
			/* count|refs|by|tally: by must equal tally. */
			bar = strrchr(got, '|');
			snprintf(want, sizeof want, "%s", bar + 1);
			ok(bar != NULL && strlen(got) > strlen(want) + 1 &&
				   strncmp(bar - strlen(want), want, strlen(want)) == 0 &&
				   bar[-(long)strlen(want) - 1] == '|',
			   "%s%s, %s: search_orgs is the tally of the results (%s)",
			   queries[i / 2], fname[k], i % 2 ? "ranked" : "newest first",
			   got);
		}
	}
	is_str(orgs_of(st, "care", NULL, SEARCH_ORDER_DATE),
	       "5|21 000 005,21 000 004,21 000 003,21 000 002,21 000 001|"
	       "Avon Council=2/1/1/0/0;Bury Council=2/1/0/1/0;-=1/0/0/0/1;|"
	       "Avon Council=2/1/1/0/0;Bury Council=2/1/0/1/0;-=1/0/0/0/1;",
	       "care: five results, three organisations");
	is_str(orgs_of(st, "\"social care\"", NULL, SEARCH_ORDER_DATE),
	       "3|21 000 004,21 000 003,21 000 002|"
	       "Avon Council=1/0/1/0/0;Bury Council=2/1/0/1/0;|"
	       "Avon Council=1/0/1/0/0;Bury Council=2/1/0/1/0;",
	       "a phrase: the decision where it straddles two paragraphs is not counted");
	is_str(orgs_of(st, "\"social care\"", &avon, SEARCH_ORDER_DATE),
	       "1|21 000 002|Avon Council=1/0/1/0/0;|Avon Council=1/0/1/0/0;",
	       "a phrase with org_is");
	is_str(orgs_of(st, "care", &up, SEARCH_ORDER_DATE),
	       "1|21 000 001|Avon Council=1/1/0/0/0;|Avon Council=1/1/0/0/0;",
	       "a word with the browser's outcome and organisation");
	is_str(orgs_of(st, "care", &none, SEARCH_ORDER_DATE),
	       "1|21 000 005|-=1/0/0/0/1;|-=1/0/0/0/1;", "a word with no_org");

	/* The filter comes before the search runs. */
	struct search_error e;
	struct search_query *q = search_parse("care", &e);
	struct search *s = search_open(st, q, SEARCH_ORDER_DATE);
	struct search_result *r;
	long n = search_page(s, 0, 1, &r);

	search_results_free(r, n);
	is_int(search_filter(s, &avon), -1, "search_filter after a page is refused");
	search_close(s);
	s = search_open(st, q, SEARCH_ORDER_DATE);
	search_count(s, &n);
	is_int(search_filter(s, &avon), -1, "and after the count");
	search_close(s);
	s = search_open(st, q, SEARCH_ORDER_DATE);
	is_int(search_filter(s, &avon), 0, "search_filter before: accepted");
	search_count(s, &n);
	is_int(n, 2, "the count honours it");
	n = search_page(s, 0, 10, &r);
	is_int(n, 2, "and so do the results");
	ok(n == 2 && strcmp(r[0].ref, "21 000 002") == 0 &&
		   strcmp(r[1].ref, "21 000 001") == 0,
	   "newest first, both of Avon Council");
	search_results_free(r, n);
	search_close(s);
	search_query_free(q);
	store_close(st);
}

/* Searches q newest first and ranked: both give want (ranked put newest
 * first), and newest first asked FTS5 for the loose MATCH when loose. */
static void
loose_case(struct store *st, const char *q, const char *want, int loose)
{
	long before = store_search_loosened(st), checked;

	is_str(refs_of(st, q, SEARCH_ORDER_DATE, &checked), want,
	       "%s newest first", q);
	is_int(store_search_loosened(st) - before, loose, "%s: %s", q,
	       loose ? "asked as its words" : "FTS5's own phrase");
	is_str(newest_digits(refs_of(st, q, SEARCH_ORDER_RANK, &checked)), want,
	       "%s ranked: the same results", q);
}

/* zeta 40 times, to fill a decision with places of zeta. */
static void
zeta_fill(char fill[41 * 5])
{
	fill[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(fill, i ? " zeta" : "zeta");
}

/* A phrase whose words have many places in each decision is asked of
 * FTS5 as its words, newest first, and kept where they stand together
 * in one column (store_search_loosened counts such passes); the same
 * results as FTS5's own phrase, ranked, gives.  zeta fills each
 * decision 40 times. */
static void
test_loose(void)
{
	static const struct {
		const char *q, *want;
		int loose;
	} t[] = {
		{ "\"zeta ocelot\"", "3:6 4 1", 1 },
		/* Places in the sections of in: only: there, few. */
		{ "\"Zeta Ocelot\" in:findings", "2:6 1", 0 },
		/* 6 has both words in its complaint, apart, and together
		 * in its findings. */
		{ "\"zeta ocelot\" in:complaint", "0:", 1 },
		{ "\"zeta black ocelot\"", "1:5", 1 },
		{ "\"zeta zeta\"", "6:6 5 4 3 2 1", 1 },
		{ "\"zeta ocelot\" -sat", "2:6 4", 1 },
		{ "\"zeta ocelot\" here", "1:1", 1 },
		{ "\"zeta ocelot\" year:2041", "3:6 4 1", 1 },
		{ "\"zeta ocelot\" \"black ocelot\"", "0:", 1 },
		/* Few places: FTS5's own phrase. */
		{ "\"black ocelot\"", "1:5", 0 },
		/* A NEAR group that every result holds: always. */
		{ "NEAR(zeta ocelot, 0)", "3:6 4 1", 1 },
		{ "NEAR(zeta ocelot, 0) \"zeta zeta\"", "3:6 4 1", 1 },
		{ "NEAR(ocelot sat)", "1:1", 1 },
		/* Not every result holds it. */
		{ "\"zeta ocelot\" OR black", "4:6 5 4 1", 0 },
		{ "NEAR(zeta ocelot, 0) OR black", "4:6 5 4 1", 0 },
	};
	char err[256], fill[41 * 5] = "", fill6[sizeof fill + 8] = "ocelot ";
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);
	const char *three[] = { fill, "It was a zeta", "Ocelot came.", NULL };

	if (!ok(st != NULL, "a store in memory"))
		return;
	zeta_fill(fill);
	put_decision(st, "41 000 001", "2041-01-01", "Ocelots.", fill,
		     "A zeta ocelot sat here.");
	put_decision(st, "41 000 002", "2041-02-01", "Ocelots.", fill,
		     "An ocelot and a zeta.");
	/* Across a break: a suspect, refused by the check. */
	put_findings(st, "41 000 003", "2041-03-01", three);
	put_decision(st, "41 000 004", "2041-04-01", "A zeta ocelot.", fill,
		     "An ocelot, then zeta.");
	put_decision(st, "41 000 005", "2041-05-01", "Ocelots.", fill,
		     "The zeta black ocelot ran.");
	strcat(fill6, fill);
	put_decision(st, "41 000 006", "2041-06-01", "Ocelots.", fill6,
		     "zeta ocelot zeta ocelot");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		loose_case(st, t[i].q, t[i].want, t[i].loose);
	store_close(st);
}

/* The references of query's results in order, sorted, as text, after
 * their count; "error" when the search fails. */
static const char *
sorted_refs(struct store *st, const char *query, enum search_order order,
	    char *out, size_t cap)
{
	struct search_error err;
	struct search_query *q = search_parse(query, &err);
	struct search *s;
	struct search_result *r;
	long n, total = -1;
	size_t len;

	if (q == NULL)
		return "parse error";
	s = search_open(st, q, order);
	n = search_page(s, 0, 1000, &r);
	if (n < 0 || search_count(s, &total) < 0) {
		search_close(s);
		search_query_free(q);
		return "error";
	}
	/* Insertion sort: references are fixed width. */
	for (long i = 1; i < n; i++)
		for (long j = i; j > 0 && strcmp(r[j - 1].ref, r[j].ref) > 0; j--) {
			char t[DECISION_REF_MAX];

			memcpy(t, r[j].ref, sizeof t);
			memcpy(r[j].ref, r[j - 1].ref, sizeof t);
			memcpy(r[j - 1].ref, t, sizeof t);
		}
	len = (size_t)snprintf(out, cap, "%ld:", total);
	for (long i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, " %s", r[i].ref);
	search_results_free(r, n);
	search_close(s);
	search_query_free(q);
	return out;
}

/* A number below n from *seed (a linear congruential generator). */
static int
rnd(unsigned long *seed, int n)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((*seed >> 33) % (unsigned long)n);
}

/* form with each '@' replaced by the next of w[0..2]. */
static void
fill_form(char *out, size_t cap, const char *form, const char *const w[3])
{
	size_t len = 0;
	int k = 0;

	for (; *form && len + 8 < cap; form++) {
		if (*form == '@' && k < 3)
			len += (size_t)snprintf(out + len, cap - len, "%s", w[k++]);
		else
			out[len++] = *form;
	}
	out[len] = '\0';
}

/* Newest first, phrases that pay and every NEAR group are asked of FTS5
 * as their words and settled on all their places, without a check;
 * ranked, FTS5's own phrases and NEAR and the paragraph check decide.
 * On 300 decisions of a few words drawn at random (seeded), in the
 * summary, the complaint and paragraphs of the findings, both give the
 * same results for phrases and NEAR groups of those words. */
static void
test_loose_random(void)
{
	static const char *const w[] = { "kite", "lark", "wren", "rook" };
	/* Phrases alone first, then NEAR. */
	static const char *const form[] = {
		"\"@ @\"", "\"@ @ @\"", "in:findings \"@ @\"", "\"@ @\" -@",
		"NEAR(@ @, 0)", "NEAR(@ @, 2)", "NEAR(@ @)", "NEAR(@ \"@ @\", 1)",
		"in:findings NEAR(@ @, 1)", "NEAR(@ @, 1) @",
	};
	char err[256];
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);
	unsigned long seed = 2026;
	long differ = 0, queries = 0, checked_new = 0;
	long phrase_loose = 0, phrase_strict = 0;

	if (!ok(st != NULL, "a store in memory"))
		return;
	store_begin(st);
	for (int d = 0; d < 300; d++) {
		struct decision dc;
		enum store_put how;
		char ref[16], text[400];
		int npara = 1 + rnd(&seed, 4);

		decision_init(&dc);
		snprintf(ref, sizeof ref, "42 %03d %03d", d / 100, d % 100);
		decision_ref_canon(ref, strlen(ref), dc.ref);
		snprintf(dc.date, sizeof dc.date, "2042-%02d-%02d", 1 + d % 12,
			 1 + d % 28);
		for (int p = -1; p <= npara; p++) {
			size_t len = 0;
			int nw = 1 + rnd(&seed, p < 0 ? 8 : 48);

			for (int k = 0; k < nw; k++)
				len += (size_t)snprintf(text + len, sizeof text - len,
							"%s%s", k ? " " : "", w[rnd(&seed, 4)]);
			if (p < 0)
				dc.summary = strdup(text);
			else
				decision_add_para(&dc, p == 0 ? DECISION_KIND_COMPLAINT
							      : DECISION_KIND_FINDINGS,
						  strdup(p == 0 ? "The complaint"
								: "What I found"),
						  NULL, strdup(text));
		}
		store_put(st, &dc, "test", &how);
		decision_free(&dc);
	}
	store_commit(st);
	for (int i = 0; i < 160; i++) {
		char q[128], a[8192], b[8192];
		const char *qw[3];
		size_t f = (size_t)i % (sizeof form / sizeof form[0]);
		long before;
		struct search_error e;
		struct search_query *sq;
		struct search *sr;
		struct search_result *r;
		long n, total;

		for (int k = 0; k < 3; k++)
			qw[k] = w[rnd(&seed, 4)];
		fill_form(q, sizeof q, form[f], qw);
		sorted_refs(st, q, SEARCH_ORDER_RANK, b, sizeof b);
		before = store_search_loosened(st);
		sorted_refs(st, q, SEARCH_ORDER_DATE, a, sizeof a);
		if (f < 4 && store_search_loosened(st) > before)
			phrase_loose++;
		else if (f < 4)
			phrase_strict++;
		queries++;
		if (strcmp(a, b) != 0 && differ++ < 3)
			printf("# %s: newest first %.60s..., ranked %.60s...\n", q, a, b);
		/* Newest first checks no NEAR group: settled both ways (a
		 * phrase across a break is still checked). */
		if (f >= 4 && (sq = search_parse(q, &e)) != NULL) {
			sr = search_open(st, sq, SEARCH_ORDER_DATE);
			if ((n = search_page(sr, 0, 10, &r)) >= 0) {
				search_count(sr, &total);
				search_results_free(r, n);
			}
			checked_new += search_checked(sr);
			search_close(sr);
			search_query_free(sq);
		}
	}
	is_int(differ, 0, "%ld random phrases and NEAR groups: newest first"
	       " (asked as their words) finds what ranked finds", queries);
	ok(phrase_loose > 0 && phrase_strict > 0,
	   "of the phrases, some were asked as their words (%ld), some as"
	   " FTS5's phrases (%ld)", phrase_loose, phrase_strict);
	is_int(checked_new, 0, "and newest first checked the text of no"
	       " decision for NEAR");
	store_close(st);
}

/* A phrase whose words are not all ASCII letters and digits as typed
 * stays FTS5's: folded, ß is ss and ﬁ fi, but not to FTS5, which would
 * then be asked for other words than its phrase's. */
static void
test_loose_fold(void)
{
	static const struct {
		const char *q, *want;
	} t[] = {
		{ "\"zeta stra\xc3\x9f" "e\"", "1:1" },
		{ "\"zeta strasse\"", "1:2" },
		{ "\"zeta \xef\xac\x81rst\"", "1:3" },
		{ "\"zeta first\"", "1:4" },
	};
	char err[256], fill[41 * 5] = "";
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);

	if (!ok(st != NULL, "a store in memory"))
		return;
	zeta_fill(fill);
	put_decision(st, "43 000 001", "2043-01-01", "Roads.", fill,
		     "The zeta Stra\xc3\x9f" "e.");
	put_decision(st, "43 000 002", "2043-02-01", "Roads.", fill,
		     "The zeta Strasse.");
	put_decision(st, "43 000 003", "2043-03-01", "Roads.", fill,
		     "The zeta \xef\xac\x81rst.");
	put_decision(st, "43 000 004", "2043-04-01", "Roads.", fill,
		     "The zeta first.");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		loose_case(st, t[i].q, t[i].want, (int)(i % 2));
	store_close(st);
}

static void
test_store(void)
{
	char err[256];
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);

	if (!ok(st != NULL, "a store in memory"))
		return;
	put_decision(st, "24 000 001", "2024-01-01", "A complaint about delay.",
		     "Mrs X says the care was poor and social",
		     "care was not given. The Council apologised.");
	put_decision(st, "24 000 002", "2024-06-01", "A complaint about social care.",
		     "Mr Y says the social care was late.",
		     "The delay was fault. The Council’s apology was enough.");
	put_decision(st, "24 000 003", "2023-03-01", "Nothing to see.",
		     "Ms Z complained about noise.", "No fault.");

	is_str(found(st, "social care", SEARCH_ORDER_DATE),
	       "2:24 000 002@0 24 000 001@1", "words anywhere, newest first");
	is_str(found(st, "\"social care\"", SEARCH_ORDER_DATE), "1:24 000 002@0",
	       "a phrase never straddles two paragraphs");
	is_str(found(st, "NEAR(social care, 2)", SEARCH_ORDER_DATE), "1:24 000 002@0",
	       "nor does NEAR");
	is_str(found(st, "delay -\"social care\"", SEARCH_ORDER_DATE), "1:24 000 001@0",
	       "a left-out phrase that straddles paragraphs is not said");
	is_str(found(st, "Council's", SEARCH_ORDER_DATE), "1:24 000 002@2",
	       "Council's finds Council’s, best paragraph 2");
	is_str(found(st, "in:findings fault", SEARCH_ORDER_DATE),
	       "2:24 000 002@2 24 000 003@2", "in:findings");
	is_str(found(st, "in:summary fault", SEARCH_ORDER_DATE), "0:", "in:summary");
	is_str(found(st, "year:2024", SEARCH_ORDER_RANK),
	       "2:24 000 002@0 24 000 001@0", "filters alone, newest first");
	put_decision(st, "22 000 004", "2022-01-01", "Identical twin text.",
		     "One.", "Two.");
	put_decision(st, "22 000 005", "2022-05-01", "Identical twin text.",
		     "One.", "Two.");
	is_str(found(st, "twin", SEARCH_ORDER_RANK),
	       "2:22 000 005@0 22 000 004@0", "equal rank: newest first");
	is_str(found(st, "ref:24000003 fault", SEARCH_ORDER_RANK), "1:24 000 003@2",
	       "ref: and a word");
	test_plans(st);
	test_breaks(st);
	test_near_breaks(st);
	store_close(st);
}

int
main(void)
{
	test_expressions();
	test_filters();
	test_errors();
	test_hits();
	test_store();
	test_loose();
	test_loose_fold();
	test_loose_random();
	test_orgs();
	return tap_done();
}
