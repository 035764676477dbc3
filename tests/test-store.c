/* Unit tests of the store: schema, put/replace/unchanged, get, lists with
 * filters and sorts, counts, organisations, the FTS index kept in step,
 * and refusing stores that are not ours or are newer. */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "decision.h"
#include "parse.h"
#include "store.h"
#include "store_blob.h"
#include "tap.h"
#include "text.h"
#include "text_token.h"

static char *
sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Fills d with a small decision. */
static void
make(struct decision *d, const char *ref, const char *org, const char *date,
     const char *outcome, const char *area, const char *word)
{
	char text[256];

	decision_init(d);
	decision_ref_canon(ref, strlen(ref), d->ref);
	d->organisation = sdup(org);
	if (date)
		snprintf(d->date, sizeof d->date, "%s", date);
	d->outcome = sdup(outcome);
	d->area = sdup(area);
	d->subarea = sdup(area ? "Other" : NULL);
	d->summary = sdup("Mrs X complained about the Council’s delay.");
	snprintf(text, sizeof text, "Mrs X complained about %s.", word);
	decision_add_para(d, DECISION_KIND_COMPLAINT, sdup("The complaint"),
			  NULL, sdup(text));
	decision_add_para(d, DECISION_KIND_FINDINGS, sdup("What I found"),
			  sdup("Background"),
			  sdup("The Council said:\n• first item\n  • nested item\n"
			      "(Local Government Act 1974)"));
	decision_add_para(d, DECISION_KIND_FINDINGS, sdup("What I found"),
			  NULL, sdup("It was at fault."));
	decision_add_para(d, DECISION_KIND_DECISION, sdup("Final decision"),
			  NULL, sdup("I have ended my investigation."));
}

static int
put(struct store *st, struct decision *d, enum store_put *how)
{
	int rc = store_begin(st);

	if (rc == 0)
		rc = store_put(st, d, "test", how);
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
	decision_free(d);
	return rc;
}

struct collect {
	char refs[1024];
	int n;
};

static int
collect_row(const struct store_row *r, void *arg)
{
	struct collect *c = arg;
	size_t len = strlen(c->refs);

	snprintf(c->refs + len, sizeof c->refs - len, "%s%s", c->n ? "," : "",
		 r->ref);
	c->n++;
	return 0;
}

static const char *
list(struct store *st, const struct store_filter *f, enum store_sort sort,
     long offset, long limit)
{
	static struct collect c;

	memset(&c, 0, sizeof c);
	if (store_list(st, f, sort, offset, limit, collect_row, &c) < 0)
		return "(error)";
	return c.refs;
}

struct orgsum {
	char text[1024];
};

static int
collect_org(const struct store_org *o, void *arg)
{
	struct orgsum *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s=%ld/%ld/%ld/%ld/%ld;",
		 o->name ? o->name : "-", o->decisions, o->upheld,
		 o->not_upheld, o->closed, o->other);
	return 0;
}


/* One row of a list, copied, for checking orders and pages. */
struct row {
	char ref[DECISION_REF_MAX];
	char date[11];
	char org[64];       /* "" when none */
	char outcome[40];   /* "" when none */
	char cat[80];       /* "Area > Subarea", "" when none */
	int has_org, has_outcome;
};

struct rows {
	struct row r[400];
	int n;
};

static int
collect_full(const struct store_row *r, void *arg)
{
	struct rows *rs = arg;
	struct row *o;

	if (rs->n == (int)(sizeof rs->r / sizeof rs->r[0]))
		return 1;
	o = &rs->r[rs->n++];
	memset(o, 0, sizeof *o);
	snprintf(o->ref, sizeof o->ref, "%s", r->ref);
	snprintf(o->date, sizeof o->date, "%s", r->date ? r->date : "");
	snprintf(o->org, sizeof o->org, "%s", r->organisation ? r->organisation : "");
	snprintf(o->outcome, sizeof o->outcome, "%s", r->outcome ? r->outcome : "");
	if (r->area)
		snprintf(o->cat, sizeof o->cat, "%s > %s", r->area,
			 r->subarea ? r->subarea : "");
	o->has_org = r->organisation != NULL;
	o->has_outcome = r->outcome != NULL;
	return 0;
}

static void
diag_rows(const struct row *a, const struct row *b)
{
	printf("#   out of order: %s|%s|%s|%s then %s|%s|%s|%s\n", a->ref, a->date,
	       a->org, a->outcome, b->ref, b->date, b->org, b->outcome);
}

/* Compares rows as the sort orders them, written out from store.h's
 * words: missing dates, organisations and outcomes last. */
static int
row_cmp(const struct row *a, const struct row *b, enum store_sort sort)
{
	int c;

	/* Newest first, undated last; then reference, highest first. */
#define NEWEST(a, b) \
	((!*(a)->date != !*(b)->date) ? (!*(a)->date ? 1 : -1) \
	 : (c = strcmp((b)->date, (a)->date)) ? c : strcmp((b)->ref, (a)->ref))
	switch (sort) {
	case STORE_SORT_DATE:
		return NEWEST(a, b);
	case STORE_SORT_REF:
		return strcmp(a->ref, b->ref);
	case STORE_SORT_ORG:
		if (a->has_org != b->has_org)
			return a->has_org ? -1 : 1;
		if ((c = strcmp(a->org, b->org)) != 0)
			return c;
		return NEWEST(a, b);
	case STORE_SORT_OLDEST:
		if (!*a->date != !*b->date)
			return !*a->date ? 1 : -1;
		if ((c = strcmp(a->date, b->date)) != 0)
			return c;
		return strcmp(a->ref, b->ref);
	case STORE_SORT_OUTCOME:
		if (a->has_outcome != b->has_outcome)
			return a->has_outcome ? -1 : 1;
		if ((c = strcmp(a->outcome, b->outcome)) != 0)
			return c;
		return NEWEST(a, b);
	}
#undef NEWEST
	return 0;
}

static const char *const sort_names[] = {
	[STORE_SORT_DATE] = "date", [STORE_SORT_REF] = "ref",
	[STORE_SORT_ORG] = "org", [STORE_SORT_OLDEST] = "oldest",
	[STORE_SORT_OUTCOME] = "outcome",
};

/* Checks, for each sort, that the list is in its order, that pages of 7
 * concatenated are the whole list, and that the whole list read at once
 * (one query) equals it read as one page (ids first, then rows). */
static void
check_sorts(struct store *st, const struct store_filter *f, long want,
	    const char *what)
{
	static struct rows all, paged, once;

	for (int sort = STORE_SORT_DATE; sort <= STORE_SORT_OUTCOME; sort++) {
		int inorder = 1, same = 1;

		all.n = paged.n = once.n = 0;
		store_list(st, f, (enum store_sort)sort, 0, -1, collect_full, &all);
		for (long off = 0; off < all.n + 7; off += 7)
			store_list(st, f, (enum store_sort)sort, off, 7, collect_full,
				   &paged);
		store_list(st, f, (enum store_sort)sort, 0, 100000, collect_full,
			   &once);
		is_int(all.n, want, "%s, sort %s: every decision", what,
		       sort_names[sort]);
		for (int i = 1; i < all.n; i++)
			if (row_cmp(&all.r[i - 1], &all.r[i], (enum store_sort)sort) >= 0) {
				if (inorder)
					diag_rows(&all.r[i - 1], &all.r[i]);
				inorder = 0;
			}
		ok(inorder, "%s, sort %s: in order", what, sort_names[sort]);
		same = paged.n == all.n && once.n == all.n;
		for (int i = 0; same && i < all.n; i++)
			same = strcmp(paged.r[i].ref, all.r[i].ref) == 0 &&
			       strcmp(once.r[i].ref, all.r[i].ref) == 0;
		ok(same, "%s, sort %s: pages of 7 and one page are the whole list",
		   what, sort_names[sort]);
	}
}

/* A generated corpus: orgs, dates (with ties and gaps), outcomes and
 * categories in cycles of different lengths. */
#define GEN_N 150
static const char *const gen_orgs[] = {
	"Bath and North East Somerset Council", "Somerset Council",
	"North Somerset Council", "Café Care Ltd", "Zeta Homes Limited",
	"Aldershot Council", "Kent County Council",
};
static const char *const gen_outcomes[] = {
	"Upheld", "Not upheld", "Closed after initial enquiries", NULL,
	"Upheld", "Not upheld", "Upheld", "Premature",
};
static const char *const gen_areas[] = {
	"Planning", "Adult care services", "Children's care services",
	"Planning", NULL, "Planning", "Highways",
};

static void
gen_corpus(struct store *st)
{
	struct decision d;
	enum store_put how;
	char ref[16], date[11];

	store_begin(st);
	for (int i = 0; i < GEN_N; i++) {
		const char *area = gen_areas[i % 7];

		snprintf(ref, sizeof ref, "20 %03d %03d", i * 37 % 1000, i);
		if (i % 13 == 0)
			date[0] = '\0';
		else
			snprintf(date, sizeof date, "20%02d-%02d-%02d", 15 + i % 9,
				 1 + i % 4, 1 + i % 3);
		make(&d, ref, i % 11 == 0 ? NULL : gen_orgs[i % 7], date,
		     gen_outcomes[i % 8], area, "fees");
		if (area != NULL && i % 5 == 0) {
			free(d.subarea);
			d.subarea = sdup(i % 2 ? "Enforcement" : "Applications");
		}
		store_put(st, &d, "gen", &how);
		decision_free(&d);
	}
	store_commit(st);
}

struct values {
	char text[2048];
	int n;
};

static int
collect_value(const char *v, long count, void *arg)
{
	struct values *vs = arg;
	size_t len = strlen(vs->text);

	snprintf(vs->text + len, sizeof vs->text - len, "%s=%ld;", v, count);
	vs->n++;
	return 0;
}

/* A value and its count, tallied from the rows. */
struct tally {
	char v[80];
	long n;
};

static void
tally_add(struct tally *t, int *n, const char *v)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(t[i].v, v) == 0) {
			t[i].n++;
			return;
		}
	snprintf(t[*n].v, sizeof t[*n].v, "%s", v);
	t[(*n)++].n = 1;
}

static int
tally_cmp(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->v, y->v);
}

/* The tally written as store_values' callback writes it. */
static const char *
tally_text(struct tally *t, int n)
{
	static char out[2048];
	size_t len = 0;

	qsort(t, (size_t)n, sizeof *t, tally_cmp);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s=%ld;",
					t[i].v, t[i].n);
	return out;
}

/* Runs a one-number query on the file with plain SQLite (tests may look
 * inside; the program never does outside the store). */
static long
sql_long(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return v;
}

/* "id:rank …" of a ranked search of match through the store, best first
 * (equal ranks by id), ranks printed to the last bit. */
static const char *
rank_store(struct store *st, const char *match, const struct store_filter *f)
{
	static char out[32768];
	struct store_cursor *c = store_search_open(st, match, f, STORE_ORDER_RANK);
	size_t len = 0;
	long long id;
	double rank;

	out[0] = '\0';
	if (c == NULL)
		return "open failed";
	while (store_search_next(c, &id, &rank) > 0 && len < sizeof out - 64)
		len += (size_t)snprintf(out + len, sizeof out - len, "%lld:%a ", id, rank);
	store_search_close(c);
	return out;
}

/* The rows of sql, run with plain SQLite on the file with ?1 bound to
 * match (unless NULL): " id id …" from the first column, or with ranks
 * "id:rank …" from the first two, ranks printed to the last bit. */
static const char *
sql_rows(const char *path, const char *sql, const char *match, int ranks)
{
	static char out[32768];
	sqlite3 *db;
	sqlite3_stmt *q;
	size_t len = 0;

	out[0] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return "open failed";
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return "prepare failed";
	}
	if (match != NULL)
		sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW && len < sizeof out - 64)
		len += ranks
			? (size_t)snprintf(out + len, sizeof out - len, "%lld:%a ",
					   (long long)sqlite3_column_int64(q, 0),
					   sqlite3_column_double(q, 1))
			: (size_t)snprintf(out + len, sizeof out - len, " %lld",
					   (long long)sqlite3_column_int64(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

/* The same from FTS5's own bm25 with the store's weights: STORE_WEIGHTS
 * times each column's factor in column_weight. */
static const char *
rank_sql(const char *path, const char *match, const char *where)
{
	static const double base[] = { 4.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 };
	char sql[1024], w[512] = "";
	size_t len = 0;

	for (int c = 0; c < 9; c++) {
		char q[96];
		double f = 1.0;
		sqlite3 *db;
		sqlite3_stmt *s;

		snprintf(q, sizeof q, "SELECT factor FROM column_weight WHERE col = %d", c);
		if (sqlite3_open(path, &db) == SQLITE_OK &&
		    sqlite3_prepare_v2(db, q, -1, &s, NULL) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW)
				f = sqlite3_column_double(s, 0);
			sqlite3_finalize(s);
		}
		sqlite3_close(db);
		len += (size_t)snprintf(w + len, sizeof w - len, ", %.17g",
					base[c] * f);
	}
	snprintf(sql, sizeof sql, "SELECT rowid, bm25(decision_fts%s) FROM"
		 " decision_fts WHERE decision_fts MATCH ?1%s ORDER BY 2, 1", w,
		 where);
	return sql_rows(path, sql, match, 1);
}

/* The number of words in FTS5's index that the store's vocab lacks
 * (-1: could not tell). */
static long
vocab_missing(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.words USING"
			 " fts5vocab(main, decision_fts, row)", NULL, NULL,
			 NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT term FROM"
			       " temp.words EXCEPT SELECT term FROM vocab)", -1,
			       &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return v;
}

static int
u32_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* How many different pairs the blobs of decision_break hold (4 bytes
 * each, little end first) when break_pair's rows other than -1 are
 * those pairs, in rising order; -2 when they are not, -1 on error. */
static long
break_pairs_sql(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	uint32_t *v = NULL;
	size_t n = 0, m = 0, cap = 0;
	long r = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT pairs FROM decision_break", -1, &q,
			       NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(q, 0);

		for (int i = 0; i + 4 <= sqlite3_column_bytes(q, 0); i += 4) {
			if (n == cap) {
				uint32_t *nv = realloc(v, (cap = cap * 2 + 64) * sizeof *v);

				if (nv == NULL) {
					sqlite3_finalize(q);
					goto out;
				}
				v = nv;
			}
			v[n++] = (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 |
				 (uint32_t)b[i + 2] << 16 | (uint32_t)b[i + 3] << 24;
		}
	}
	sqlite3_finalize(q);
	if (v != NULL)
		qsort(v, n, sizeof *v, u32_order);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || v[i] != v[m - 1])
			v[m++] = v[i];
	if (sqlite3_prepare_v2(db, "SELECT h FROM break_pair WHERE h >= 0"
			       " ORDER BY h", -1, &q, NULL) != SQLITE_OK)
		goto out;
	r = (long)m;
	for (size_t i = 0; r >= 0; i++) {
		int rc = sqlite3_step(q);

		if (rc != SQLITE_ROW) {
			r = rc == SQLITE_DONE && i == m ? (long)m : -2;
			break;
		}
		if (i == m || sqlite3_column_int64(q, 0) != (sqlite3_int64)v[i])
			r = -2;
	}
	sqlite3_finalize(q);
out:
	free(v);
	sqlite3_close(db);
	return r;
}

static int
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* Orders, pages, counts by organisation and distinct values on a
 * generated corpus, each checked against a tally of the list itself. */
static void
gen_checks(void)
{
	static struct rows all;
	struct tally t[64];
	struct values vs;
	char err[256], want[4096];
	struct store *st = store_open(":memory:", STORE_CREATE, err, sizeof err);
	int nt;

	ok(st != NULL, "a store in memory: %s", st ? "" : err);
	if (st == NULL)
		return;
	gen_corpus(st);
	all.n = 0;
	store_list(st, NULL, STORE_SORT_REF, 0, -1, collect_full, &all);
	is_int(all.n, GEN_N, "the generated corpus is stored");

	check_sorts(st, NULL, GEN_N, "generated");
	struct store_filter org = { .org_is = "Somerset Council" };
	struct store_filter f = { .outcome = "upheld", .also = &org };
	long n = 0, want_n = 0;

	for (int i = 0; i < all.n; i++)
		want_n += strcmp(all.r[i].org, "Somerset Council") == 0 &&
			  strcmp(all.r[i].outcome, "Upheld") == 0;
	store_count(st, &f, &n);
	ok(want_n > 2, "the corpus has upheld decisions of Somerset Council");
	is_int(n, want_n, "count with org_is and outcome: as tallied");
	check_sorts(st, &f, want_n, "generated, org_is and outcome");
	f = (struct store_filter){ .no_org = 1, .also = &(struct store_filter){
				.since = "2016-01-01" } };
	want_n = 0;
	for (int i = 0; i < all.n; i++)
		want_n += !all.r[i].has_org && strcmp(all.r[i].date, "2016-01-01") >= 0;
	check_sorts(st, &f, want_n, "generated, no_org and since");

	/* Distinct values with counts, against the list's own tally. */
	nt = 0;
	for (int i = 0; i < all.n; i++)
		if (all.r[i].has_outcome)
			tally_add(t, &nt, all.r[i].outcome);
	snprintf(want, sizeof want, "%s", tally_text(t, nt));
	memset(&vs, 0, sizeof vs);
	is_int(store_values(st, STORE_FIELD_OUTCOME, collect_value, &vs), 0,
	       "store_values: outcomes");
	is_str(vs.text, want, "outcomes with counts, most first");
	nt = 0;
	for (int i = 0; i < all.n; i++) {
		char area[80];

		if (!*all.r[i].cat)
			continue;
		tally_add(t, &nt, all.r[i].cat);
		snprintf(area, sizeof area, "%.*s",
			 (int)(strstr(all.r[i].cat, " > ") - all.r[i].cat),
			 all.r[i].cat);
		tally_add(t, &nt, area);
	}
	snprintf(want, sizeof want, "%s", tally_text(t, nt));
	memset(&vs, 0, sizeof vs);
	is_int(store_values(st, STORE_FIELD_CATEGORY, collect_value, &vs), 0,
	       "store_values: categories");
	is_str(vs.text, want, "categories and bare areas with counts, most first");
	ok(strstr(vs.text, "Planning=") != NULL &&
		   strstr(vs.text, "Planning > Enforcement=") != NULL,
	   "bare areas and Area > Subarea both listed");
	memset(&vs, 0, sizeof vs);
	is_int(store_values(st, (enum store_field)7, collect_value, &vs), -1,
	       "an unknown field is an error");

	/* Counts by organisation against a tally of the list by outcome. */
	struct orgsum os = { "" };
	size_t len = 0;

	want[0] = '\0';
	{
		/* By name, nameless last. */
		static const char *const by_name[] = {
			"Aldershot Council", "Bath and North East Somerset Council",
			"Café Care Ltd", "Kent County Council", "North Somerset Council",
			"Somerset Council", "Zeta Homes Limited", NULL,
		};

		for (int o = 0; o < 8; o++) {
			long c[5] = { 0 };

			for (int i = 0; i < all.n; i++) {
				const struct row *r = &all.r[i];

				if (by_name[o] ? strcmp(r->org, by_name[o]) != 0
					       : r->has_org)
					continue;
				c[0]++;
				if (strcmp(r->outcome, "Upheld") == 0)
					c[1]++;
				else if (strcmp(r->outcome, "Not upheld") == 0)
					c[2]++;
				else if (strcmp(r->outcome,
						"Closed after initial enquiries") == 0)
					c[3]++;
				else
					c[4]++;
			}
			len += (size_t)snprintf(want + len, sizeof want - len,
						"%s=%ld/%ld/%ld/%ld/%ld;",
						by_name[o] ? by_name[o] : "-", c[0],
						c[1], c[2], c[3], c[4]);
		}
	}
	store_orgs(st, NULL, collect_org, &os);
	is_str(os.text, want, "store_orgs: counts as tallied from the list");
	store_close(st);
}

/* The upheld rate and the orders of organisations. */
static void
rate_checks(void)
{
	struct store_org o[] = {
		{ .name = "B", .decisions = 8, .upheld = 5, .not_upheld = 3 },
		{ .name = "A", .decisions = 9, .upheld = 1, .not_upheld = 1,
		  .closed = 7 },
		{ .name = NULL, .decisions = 9, .upheld = 5, .not_upheld = 3,
		  .closed = 1 },
		{ .name = "C", .decisions = 4, .closed = 3, .other = 1 },
		{ .name = "D", .decisions = 1, .not_upheld = 1 },
	};
	char got[64];

	is_int((long)(store_upheld_rate(&o[0]) * 1000), 62500,
	       "5 upheld, 3 not: 62.5%%");
	ok(store_upheld_rate(&o[1]) == 50.0, "closed are not decided: 50%%");
	ok(store_upheld_rate(&o[3]) < 0, "none decided: no rate");
	ok(store_upheld_rate(&o[4]) == 0.0, "none upheld of one decided: 0%%");
	for (int by = STORE_ORGS_BY_NAME; by <= STORE_ORGS_BY_RATE; by++) {
		/* An insertion sort by store_org_cmp, written as names. */
		struct store_org s[5], t;
		size_t len = 0;

		memcpy(s, o, sizeof s);
		for (int i = 1; i < 5; i++)
			for (int j = i; j > 0 &&
			     store_org_cmp(&s[j - 1], &s[j],
					   (enum store_org_sort)by) > 0; j--) {
				t = s[j];
				s[j] = s[j - 1];
				s[j - 1] = t;
			}
		got[0] = '\0';
		for (int i = 0; i < 5; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s",
						s[i].name ? s[i].name : "-");
		is_str(got, by == STORE_ORGS_BY_NAME ? "ABCD-"
			    : by == STORE_ORGS_BY_COUNT ? "A-BCD" : "B-ADC",
		       "organisations sorted by %s",
		       by == STORE_ORGS_BY_NAME ? "name"
		       : by == STORE_ORGS_BY_COUNT ? "count, ties by name (nameless last)"
						   : "rate, ties by name, none last");
	}
}

/* A check for store_search_open_counted: says no to even ids, and
 * writes the ids it was asked about into its buffer. */
struct asked {
	char ids[4096];
	size_t len;
	long no;
	long long id[512];
	size_t n;
};

static int
check_odd(long long id, void *arg)
{
	struct asked *a = arg;

	if (a->len < sizeof a->ids)
		a->len += (size_t)snprintf(a->ids + a->len,
					   sizeof a->ids - a->len, " %lld", id);
	a->no += id % 2 == 0;
	if (a->n < sizeof a->id / sizeof a->id[0])
		a->id[a->n++] = id;
	return id % 2 != 0;
}

/* Nonzero when the check was asked about exactly those of the ids in
 * list (text, as cursor_ids writes it) that store_search_clear, which
 * reads decision_break by id, does not clear of pair. */
static int
asked_as_clear_says(struct store *st, const struct asked *a, const char *list,
		    uint32_t pair)
{
	char *end;

	for (const char *p = list; *p; p = end) {
		long long id = strtoll(p, &end, 10);
		int was = 0;

		if (end == p)
			return 0;
		for (size_t i = 0; i < a->n; i++)
			was |= a->id[i] == id;
		struct store_spans sp = { .pairs = &pair, .npairs = 1 };

		if (was != (store_search_clear(st, id, &sp) == 0))
			return 0;
	}
	return 1;
}

/* The ids of a cursor, newest first, as text, with rejected (the text of
 * a check's answers) left out of them. */
/* How many decisions the last cursor that cursor_ids read had looked up
 * in its set of results (store_search_walked). */
static long long last_walked;

static const char *
cursor_ids(struct store_cursor *c, const char *rejected, char *out,
	   size_t cap)
{
	size_t len = 0;
	long long id;
	double rank;
	int rc;

	out[0] = '\0';
	if (c == NULL)
		return "open failed";
	while ((rc = store_search_next(c, &id, &rank)) > 0) {
		char one[32];

		snprintf(one, sizeof one, " %lld ", id);
		if (rejected != NULL && id % 2 == 0 && strstr(rejected, one) != NULL)
			continue;
		if (len < cap)
			len += (size_t)snprintf(out + len, cap - len, " %lld", id);
	}
	last_walked = store_search_walked(c);
	store_search_close(c);
	return rc < 0 ? "step failed" : len >= cap ? "too many for the buffer" : out;
}

/* store_search_open_counted finds, in one pass, the list and the count
 * that store_search_open and store_search_count give, without filters,
 * with filters that pass few decisions (FTS5 asked about each) and with
 * filters that pass many (a set); with pairs, the decisions that may
 * hold one across a break are asked of the check, and only those it
 * says yes to are listed and counted. */
static void
counted_checks(struct store *st, const char *const *match, size_t nmatch)
{
	struct store_filter since = { .since = "2024-01-01" };
	struct store_filter a = { .org_is = "A Council" };
	const struct store_filter *fs[] = { NULL, &since, &a };
	const char *fname[] = { "", ", since 2024", ", 24 decisions" };
	uint32_t pair = text_pair_hash("delay", 5, "an", 2);
	struct store_spans sp = { .pairs = &pair, .npairs = 1 };

	for (size_t i = 0; i < nmatch; i++) {
		for (size_t k = 0; k < 3; k++) {
			char want[4096], got[4096];
			struct asked asked = { .len = 0 };
			long n = -1, count = -2;
			struct store_cursor *c;

			cursor_ids(store_search_open(st, match[i], fs[k],
						     STORE_ORDER_DATE),
				   NULL, want, sizeof want);
			store_search_count(st, match[i], fs[k], &count);
			c = store_search_open_counted(st, match[i], fs[k], NULL,
						      NULL, NULL, &n);
			is_str(cursor_ids(c, NULL, got, sizeof got), want,
			       "counted %s%s: the same list", match[i], fname[k]);
			is_int(n, count, "counted %s%s: the same count", match[i],
			       fname[k]);
			c = store_search_open_counted(st, match[i], fs[k], &sp,
						      check_odd, &asked, &n);
			ok(asked_as_clear_says(st, &asked, want, pair),
			   "counted %s%s with a pair: the check is asked about"
			   " exactly the decisions whose breaks may hold it",
			   match[i], fname[k]);
			asked.ids[asked.len] = '\0';
			strcat(asked.ids, " ");
			cursor_ids(store_search_open(st, match[i], fs[k],
						     STORE_ORDER_DATE),
				   asked.ids, want, sizeof want);
			is_str(cursor_ids(c, NULL, got, sizeof got), want,
			       "counted %s%s with a pair: those the check refused are"
			       " left out", match[i], fname[k]);
			is_int(n, count - asked.no, "counted %s%s with a pair: and"
			       " not counted", match[i], fname[k]);
			if (i == 0 && k == 0)
				ok(asked.len > 0 && asked.no > 0,
				   "%s: the check was asked, and refused some",
				   match[i]);
		}
	}
}

/* The count of match from FTS5 itself. */
static long
count_sql(const char *path, const char *match)
{
	char sql[512], *lit = sqlite3_mprintf("%Q", match);

	snprintf(sql, sizeof sql, "SELECT count(*) FROM decision_fts WHERE"
		 " decision_fts MATCH %s", lit);
	sqlite3_free(lit);
	return sql_long(path, sql);
}

/* Puts one decision of text in a transaction of its own, committed or
 * rolled back. */
static void
put_alone(struct store *st, const char *ref, const char *text, int commit)
{
	struct decision d;
	enum store_put how;

	store_begin(st);
	make(&d, ref, "C Council", "2024-04-04", "Upheld", "Planning", text);
	store_put(st, &d, "test", &how);
	decision_free(&d);
	if (commit)
		store_commit(st);
	else
		store_rollback(st);
}

/* A prefix that stands for more words than are written out is left to
 * FTS5's merge; either way the store counts and ranks as FTS5 does.  A
 * word of a transaction rolled back never reaches vocab. */
static void
prefix_checks(struct store *st, const char *dbpath)
{
	static const char *const prefixes[] = {
		"\"zq\" *", "\"zqa1\" *", "\"zqa39\" *", "\"ZQA2\" *",
	};
	static const int kind[] = {
		STORE_PREFIX_MERGED, STORE_PREFIX_WORDS, STORE_PREFIX_WORDS,
		STORE_PREFIX_WORDS,
	};
	char text[1024] = "", ref[16];
	struct decision d;
	enum store_put how;
	long n;

	/* 40 words zqa0 … zqa39, each in 1 to 5 decisions. */
	store_begin(st);
	for (int i = 0; i < 5; i++) {
		size_t len = 0;

		for (int k = i; k < 40; k += 1 + i)
			len += (size_t)snprintf(text + len, sizeof text - len,
						"zqa%d ", k);
		snprintf(ref, sizeof ref, "32 000 %03d", i);
		make(&d, ref, "C Council", "2024-04-04", "Upheld", "Planning", text);
		store_put(st, &d, "test", &how);
		decision_free(&d);
	}
	store_commit(st);
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		is_int(store_match_prefix(st, prefixes[i]), kind[i],
		       "%s is %s", prefixes[i],
		       kind[i] == STORE_PREFIX_WORDS ? "asked as its words"
						      : "left to FTS5's merge");
		n = -1;
		store_search_count(st, prefixes[i], NULL, &n);
		is_int(n, count_sql(dbpath, prefixes[i]), "%s: FTS5's count",
		       prefixes[i]);
		is_str(rank_store(st, prefixes[i], NULL),
		       rank_sql(dbpath, prefixes[i], ""),
		       "%s: bm25 to the last bit", prefixes[i]);
	}

	/* A prefix too long to fold here is left to FTS5. */
	{
		char longp[320] = "\"";

		memset(longp + 1, 'q', 300);
		strcpy(longp + 301, "\" *");
		is_int(store_match_prefix(st, longp), STORE_PREFIX_MERGED,
		       "a prefix of 300 letters is left to FTS5's merge");
		n = -1;
		store_search_count(st, longp, NULL, &n);
		is_int(n, 0, "and matches nothing");
	}
	put_alone(st, "32 000 100", "xylophonic zqa40", 0);
	put_alone(st, "32 000 101", "zqb", 1);
	is_int(sql_long(dbpath, "SELECT count(*) FROM vocab WHERE term IN"
			" ('xylophonic', 'zqa40')"),
	       0, "the words of a put rolled back are not in vocab");
	is_int(sql_long(dbpath, "SELECT count(*) FROM vocab WHERE term = 'zqb'"),
	       1, "the next commit's are");
	is_int(vocab_missing(dbpath), 0, "and vocab still has every word of the index");
}

/* "Did you mean": the nearest word of vocab, transpositions one edit,
 * the nearest before the most found, then the most found. */
static void
suggest_checks(struct store *st)
{
	static const char *const cases[][2] = {
		{ "acessment", "assessment" }, { "asessments", "assessments" },
		{ "delya", "delay" }, { "carx", "cart" }, { "xqzjvwpl", "" },
		{ "ca", "" }, { "delay", "" },
	};
	char out[64];

	put_alone(st, "32 000 200", "assessment delay cart", 1);
	put_alone(st, "32 000 201", "assessments cart", 1);
	put_alone(st, "32 000 202", "care cart", 1);
	is_int(store_vocab_has(st, "cart", 4), 1, "cart is a word of the store");
	is_int(store_vocab_has(st, "carx", 4), 0, "carx is not");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = store_suggest(st, cases[i][0], strlen(cases[i][0]), out,
				       sizeof out);

		is_str(rc > 0 ? out : "", cases[i][1], "%s: %s", cases[i][0],
		       cases[i][1][0] ? cases[i][1] : "no suggestion");
	}
}

/* The organisations of a counted cursor's results (its set, or for up
 * to 300 its sorted list) are those of FTS5's matches. */
static void
cursor_orgs_checks(struct store *st, const char *const *match, size_t nmatch)
{
	int big = 0, small = 0, refused = 0;

	for (size_t i = 0; i < nmatch; i++) {
		struct orgsum want = { "" }, got = { "" };
		long n = -1;
		struct store_cursor *c = store_search_open_counted(st, match[i], NULL,
								   NULL, NULL,
								   NULL, &n);

		store_search_orgs(st, match[i], NULL, 0, NULL, 0, collect_org, &want);
		if (c != NULL)
			store_search_cursor_orgs(c, collect_org, &got);
		store_search_close(c);
		is_str(got.text, want.text, "%s: the organisations of the counted"
		       " cursor's %ld results", match[i], n);
		/* With a pair, some refused by the check: those of the
		 * results the cursor lists. */
		{
			uint32_t pair = text_pair_hash("delay", 5, "an", 2);
			struct asked asked = { .len = 0 };
			struct orgsum want2 = { "" }, got2 = { "" };
			long long *ids = NULL, id;
			size_t nids = 0;
			double rank;

			struct store_spans sp = { .pairs = &pair, .npairs = 1 };

			c = store_search_open_counted(st, match[i], NULL, &sp,
						      check_odd, &asked, &n);
			while (c != NULL && store_search_next(c, &id, &rank) > 0) {
				long long *v = realloc(ids, (nids + 1) * sizeof *v);

				if (v == NULL)
					break;
				ids = v;
				ids[nids++] = id;
			}
			store_orgs_of(st, ids, nids, collect_org, &want2);
			if (c != NULL)
				store_search_cursor_orgs(c, collect_org, &got2);
			store_search_close(c);
			free(ids);
			is_str(got2.text, want2.text, "%s with a pair: the organisations"
			       " of the counted cursor's %ld results (%ld refused)",
			       match[i], n, asked.no);
			refused += asked.no > 0;
		}
		big += n > 300;
		small += n > 0 && n <= 300;
	}
	ok(big > 0 && small > 0 && refused > 0, "both kinds: over 300 results"
	   " (%d), and fewer (%d); and with results refused (%d)", big, small,
	   refused);
}

/* A ranked pass of a phrase, read in two halves (the upper one on a
 * second connection), gives FTS5's ranks, and as suspects exactly the
 * matches whose breaks may hold the pair, in rowid order. */
static void
split_checks(struct store *st, const char *dbpath)
{
	uint32_t pair = text_pair_hash("delay", 5, "an", 2);
	struct store_spans sp = { .pairs = &pair, .npairs = 1 };
	long before;
	struct store_cursor *c;
	const long long *sus;
	size_t ns, want = 0, len = 0, upper = 0;
	int right = 1, ordered = 1;
	static char out[32768];
	long long id;
	double rank;

	before = store_search_halves(st);
	c = store_search_open_ranked(st, "\"delay\"", NULL, &sp);

	if (!ok(c != NULL, "a ranked phrase with a pair"))
		return;
	ok(store_search_halves(st) == before + 1, "is read in two halves");
	ns = store_search_suspects(c, &sus);
	for (size_t i = 1; i < ns; i++)
		ordered &= sus[i - 1] < sus[i];
	for (size_t i = 0; i < ns; i++)
		upper += sus[i] > 300;
	while (store_search_next(c, &id, &rank) > 0) {
		int in = 0, clear = store_search_clear(st, id, &sp);

		for (size_t i = 0; i < ns; i++)
			in |= sus[i] == id;
		right &= in == (clear == 0);
		want += clear == 0;
		if (len < sizeof out - 64)
			len += (size_t)snprintf(out + len, sizeof out - len,
						"%lld:%a ", id, rank);
	}
	store_search_close(c);
	is_str(out, rank_sql(dbpath, "\"delay\"", ""),
	       "its ranks are bm25's to the last bit");
	ok(right && want == ns && upper > 0 && upper < ns && ordered,
	   "its suspects are the %zu matches whose breaks may hold the pair,"
	   " from both halves, in rowid order (%zu listed, %zu above id 300)",
	   want, ns, upper);
}

/* A counted pass newest first with filters: one pass over FTS5's
 * matches in two halves, the filters' set shared by both, and more than
 * COUNTED_SORT_MAX results walked down the date index within the
 * filters' dates.  The list and count are those of plain SQL, for
 * dates in one filter, in a chain of them, with an organisation, and
 * for none. */
static void
dated_walk_checks(struct store *st, const char *dbpath)
{
	static const struct store_filter upheld = { .outcome = "Upheld" };
	static const struct store_filter until = { .until = "2023-06-30",
						   .also = &upheld };
	/* Each filter, its name, its conditions in SQL, and those of its
	 * dates alone: the decisions the walk looks up. */
	static const struct {
		struct store_filter f;
		const char *name, *sql, *dates;
	} c[] = {
		{ { .since = "2020-01-01" }, "since 2020",
		  "date >= '2020-01-01'", "date >= '2020-01-01'" },
		{ { .until = "2021-12-31" }, "until 2021",
		  "date <= '2021-12-31'", "date <= '2021-12-31'" },
		{ { .since = "2019-01-01", .until = "2024-06-30" },
		  "2019 to mid 2024", "date BETWEEN '2019-01-01' AND '2024-06-30'",
		  "date BETWEEN '2019-01-01' AND '2024-06-30'" },
		{ { .since = "2019-01-01", .also = &until },
		  "2019, then a chain: until mid 2023, then upheld",
		  "date BETWEEN '2019-01-01' AND '2023-06-30' AND"
		  " outcome = 'Upheld'", "date BETWEEN '2019-01-01' AND '2023-06-30'" },
		{ { .org_is = "Walk A", .since = "2020-01-01" },
		  "Walk A since 2020", "date >= '2020-01-01' AND org_id ="
		  " (SELECT id FROM org WHERE name = 'Walk A')",
		  "date >= '2020-01-01'" },
		{ { .outcome = "Upheld" }, "no date", "outcome = 'Upheld'", "1" },
	};
	struct decision d;
	enum store_put how;
	char want[32768], got[32768], sql[512];

	store_begin(st);
	for (int i = 0; i < 1400; i++) {
		char ref[16], date[11];

		snprintf(ref, sizeof ref, "35 %03d %03d", i / 1000, i % 1000);
		snprintf(date, sizeof date, "%d-%02d-15", 2018 + i % 7,
			 1 + i / 7 % 12);
		make(&d, ref, i % 3 ? "Walk A" : "Walk B", date,
		     i % 5 ? "Upheld" : "Not upheld", "Planning",
		     i % 2 ? "a walkword" : "nothing");
		store_put(st, &d, "test", &how);
		decision_free(&d);
	}
	store_commit(st);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		long before = store_search_halves(st), n = -1, count = -2;
		struct store_cursor *cur;

		snprintf(sql, sizeof sql, "SELECT id FROM decision WHERE %s AND"
			 " id IN (SELECT rowid FROM decision_fts WHERE"
			 " decision_fts MATCH 'walkword')"
			 " ORDER BY date DESC, ref DESC", c[i].sql);
		snprintf(want, sizeof want, "%s", sql_rows(dbpath, sql, NULL, 0));
		cur = store_search_open_counted(st, "\"walkword\"", &c[i].f, NULL,
						NULL, NULL, &n);
		is_int(store_search_halves(st), before + 1,
		       "walkword, %s: the counted pass is read in two halves",
		       c[i].name);
		is_str(cursor_ids(cur, NULL, got, sizeof got), want,
		       "walkword, %s: the list of plain SQL", c[i].name);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM decision WHERE %s",
			 c[i].dates);
		is_int(last_walked, sql_long(dbpath, sql),
		       "walkword, %s: the walk looked up only the decisions"
		       " within the filters' dates", c[i].name);
		store_search_count(st, "\"walkword\"", &c[i].f, &count);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM decision WHERE %s"
			 " AND id IN (SELECT rowid FROM decision_fts WHERE"
			 " decision_fts MATCH 'walkword')", c[i].sql);
		ok(n > 300 && n == count && n == sql_long(dbpath, sql),
		   "walkword, %s: %ld results, more than are sorted in memory,"
		   " counted as by plain SQL", c[i].name, n);
	}
}

/* Ranked search gives FTS5's bm25 ranks to the last bit, on decisions of
 * many lengths and word counts, in every column. */
static void starts_damage_checks(struct store *st, const char *dbpath);

/* Puts a decision of D Council whose findings are two paragraphs. */
static void
put_findings(struct store *st, const char *ref, const char *date,
	     const char *p1, const char *p2)
{
	struct decision d;
	enum store_put how;

	make(&d, ref, "D Council", date, "Upheld", "Planning", "nothing");
	decision_add_para(&d, DECISION_KIND_FINDINGS, sdup("More"), NULL,
			  sdup(p1));
	decision_add_para(&d, DECISION_KIND_FINDINGS, sdup("More"), NULL,
			  sdup(p2));
	put(st, &d, &how);
}

/* A check that moves the store's generation on through a connection of
 * its own, as an import committing while a pass runs, and says yes. */
struct mover {
	const char *dbpath;
	long calls;
};

static int
check_move(long long id, void *arg)
{
	struct mover *m = arg;

	(void)id;
	m->calls++;
	sql_exec(m->dbpath, "UPDATE generation SET n = n + 1,"
			    " pairs = CASE WHEN pairs = n THEN n + 1 END");
	return 1;
}

/* The ids a counted pass of match with spans sp finds, as text (check_odd
 * refusing even ids it is asked about), and in *asked those asked. */
static const char *
settled_ids(struct store *st, const char *match, const struct store_spans *sp,
	    struct asked *asked)
{
	static char out[65536];
	long n = -1;

	*asked = (struct asked){ .len = 0 };
	cursor_ids(store_search_open_counted(st, match, NULL, sp, check_odd,
					     asked, &n),
		   NULL, out, sizeof out);
	asked->ids[asked->len] = '\0';
	return out;
}

/* break_pair (schema 8) holds the break pairs of every decision stored,
 * none of a transaction rolled back.  A pass whose pairs are none of
 * them reads no decision's break pairs, and asks the check about none;
 * once a decision's row of decision_break is deleted while it stays
 * (-1), every pass reads them again, and that decision is checked. */
static void
settled_checks(struct store *st, const char *dbpath)
{
	uint32_t nowhere = text_pair_hash("ferry", 5, "crossing", 8);
	uint32_t some = text_pair_hash("delay", 5, "an", 2);
	struct store_spans none = { .pairs = &nowhere, .npairs = 1 };
	struct store_spans sp = { .pairs = &some, .npairs = 1 };
	const char *match = "\"council\"";
	static char plain[65536];
	char want[64];
	struct asked asked;
	long before, id;

	/* The pair of a transaction rolled back is in neither table. */
	store_begin(st);
	{
		struct decision d;
		enum store_put how;

		make(&d, "36 000 001", "D Council", "2024-06-06", "Upheld",
		     "Planning", "nothing");
		decision_add_para(&d, DECISION_KIND_FINDINGS, sdup("More"), NULL,
				  sdup("A late ferry"));
		decision_add_para(&d, DECISION_KIND_FINDINGS, sdup("More"), NULL,
				  sdup("Crossing the river."));
		store_put(st, &d, "test", &how);
		decision_free(&d);
	}
	store_rollback(st);
	put_findings(st, "36 000 002", "2024-06-07", "No boat", "Was found.");
	ok(break_pairs_sql(dbpath) > 0,
	   "break_pair holds the break pairs of decision_break, and only those"
	   " (none of the decision rolled back): %ld", break_pairs_sql(dbpath));
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h = -1"), 0,
	       "no -1 after puts and replaces: every decision has its break pairs");

	cursor_ids(store_search_open(st, match, NULL, STORE_ORDER_DATE), NULL,
		   plain, sizeof plain);
	before = store_search_paired(st);
	is_str(settled_ids(st, match, &none, &asked), plain,
	       "a pair no decision holds across a break: FTS5's matches");
	is_int(store_search_paired(st) - before, 0, "and no break pairs read");
	is_int((long)asked.n, 0, "and no decision checked");
	settled_ids(st, match, &sp, &asked);
	is_int(store_search_paired(st) - before, 1,
	       "a pair that decisions hold across a break: break pairs read");
	ok(asked.n > 0, "and the decisions that hold it checked: %s", asked.ids);

	/* A commit of an older ombuds (one importing when the store was
	 * upgraded) moves the generation on but writes no break_pair: a
	 * pair its decisions hold across a break is missing.  The pairs
	 * are read all the same, and a commit of ours does not put
	 * break_pair level again; a writing connection fills it. */
	is_int(sql_long(dbpath, "SELECT pairs IS n FROM generation"), 1,
	       "break_pair holds the pairs of the store's generation");
	sql_exec(dbpath, "DELETE FROM break_pair WHERE h >= 0;"
			 " UPDATE generation SET n = n + 1");
	before = store_search_paired(st);
	settled_ids(st, match, &sp, &asked);
	is_int(store_search_paired(st) - before, 1,
	       "an older ombuds committed: break pairs read though break_pair"
	       " lacks the pair");
	ok(asked.n > 0, "and the decisions that hold it checked: %s", asked.ids);
	put_findings(st, "36 000 003", "2024-06-08", "A late boat", "Then none.");
	is_int(sql_long(dbpath, "SELECT pairs IS NULL FROM generation"), 1,
	       "a commit of ours leaves break_pair behind");
	before = store_search_paired(st);
	settled_ids(st, match, &none, &asked);
	is_int(store_search_paired(st) - before, 1,
	       "so even a pair found nowhere reads the break pairs");
	{
		char err[256];
		struct store *w = store_open(dbpath, 0, err, sizeof err);

		ok(w != NULL, "a writing connection opens: %s", w ? "" : err);
		store_close(w);
	}
	is_int(sql_long(dbpath, "SELECT pairs IS n FROM generation"), 1,
	       "which fills break_pair again and puts it level");
	ok(break_pairs_sql(dbpath) > 0,
	   "with every pair of decision_break: %ld", break_pairs_sql(dbpath));
	before = store_search_paired(st);
	settled_ids(st, match, &none, &asked);
	is_int(store_search_paired(st) - before, 0,
	       "then a pair found nowhere reads none again");

	/* A pass settled by break_pair that an import overtakes (it commits
	 * while the pass runs: here, from the check of a decision without
	 * paragraph starts, which a NEAR group asked as its words cannot
	 * settle) is read again, with the pairs. */
	{
		static const struct store_near g = {
			.phrase = 0, .nphrase = 2, .dist = 10, .lphrase = 0,
		};
		static const int psize[] = { 1, 1 };
		const struct store_spans ns = {
			.near = &g, .nnear = 1, .psize = psize, .nphrase = 2,
			.loose = "\"boat\" AND \"none\"", .nloose = 2,
			.lpsize = psize,
		};
		struct mover m = { .dbpath = dbpath, .calls = 0 };
		long loosened = store_search_loosened(st), n = -1;
		long long bid = sql_long(dbpath, "SELECT id FROM decision WHERE"
						 " ref = '36 000 003'");

		sql_exec(dbpath, "DELETE FROM decision_starts WHERE id IN (SELECT"
				 " id FROM decision WHERE ref = '36 000 003')");
		before = store_search_paired(st);
		store_search_close(store_search_open_counted(
			st, "NEAR(\"boat\" \"none\", 10)", NULL, &ns, check_move,
			&m, &n));
		is_int(store_search_loosened(st) - loosened, 2,
		       "a NEAR group asked as its phrases, twice");
		is_int(m.calls, 2, "the decision without starts (%lld) checked"
		       " in each pass", bid);
		is_int(store_search_paired(st) - before, 1,
		       "the generation moved during the first pass: the second"
		       " read the break pairs");
		is_int(n, 1, "and found the decision: %ld", n);
	}

	/* An update deletes the row of decision_break by trigger. */
	id = sql_long(dbpath, "SELECT id FROM decision WHERE ref = '30 000 100'");
	sql_exec(dbpath, "UPDATE decision SET source = 'edited' WHERE ref = '30 000 100'");
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h = -1"), 1,
	       "a decision that lost its break pairs puts -1 in break_pair");
	before = store_search_paired(st);
	settled_ids(st, match, &none, &asked);
	is_int(store_search_paired(st) - before, 1,
	       "then a pair no decision holds: break pairs read all the same");
	snprintf(want, sizeof want, " %ld", id);
	is_str(asked.ids, want, "and the decision without them checked");
}

/* Into out, "n sum" of the ids a ranked pass of match through st
 * gives, or (st NULL) of the rows FTS5 matches in the store at path. */
static const char *
ids_digest(struct store *st, const char *path, const char *match, char *out,
	   size_t size)
{
	long long id, n = 0, sum = 0;
	double rank;

	if (st != NULL) {
		struct store_cursor *c = store_search_open(st, match, NULL,
							   STORE_ORDER_RANK);

		while (c != NULL && store_search_next(c, &id, &rank) > 0) {
			n++;
			sum += id;
		}
		store_search_close(c);
	} else {
		n = atoll(sql_rows(path, "SELECT count(*) FROM decision_fts"
				   " WHERE decision_fts MATCH ?1", match, 0));
		sum = atoll(sql_rows(path, "SELECT sum(rowid) FROM decision_fts"
				     " WHERE decision_fts MATCH ?1", match, 0));
	}
	snprintf(out, size, "%lld %lld", n, sum);
	return out;
}

/* The first ranked pass of a connection, before its twin is open: one
 * of at most SPLIT_PROBE (8,192) rows is read whole; a longer one reads
 * that many, then the rest in two halves.  Either way bm25's ranks. */
static void
probe_checks(const char *dbpath)
{
	/* 3,000 decisions say garden, all 9,000 delay. */
	static const char *const ranked[] = {
		"\"garden\"", "\"delay\"", "\"garden\" OR \"delay\"",
		"(\"delay\") NOT \"garden\"",
	};
	static const int halves[] = { 0, 1, 1, 0 };
	char err[700], path[600], got[64], want[64];
	struct store *st;
	struct decision d;
	enum store_put how;

	snprintf(path, sizeof path, "%s-probe.db", dbpath);
	if (!ok((st = store_open(path, STORE_CREATE, err, sizeof err)) != NULL,
		"a store of 9,000 decisions"))
		return;
	store_begin(st);
	for (int i = 0; i < 9000; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "40 %03d %03d", i / 1000, i % 1000);
		make(&d, ref, "E Council", "2024-01-01", "Upheld", "Planning",
		     i % 3 ? "delay" : "garden");
		store_put(st, &d, "test", &how);
		decision_free(&d);
	}
	store_commit(st);
	store_close(st);
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++) {
		long before;

		if ((st = store_open(path, STORE_READONLY, err, sizeof err)) == NULL)
			break;
		is_str(ids_digest(st, path, ranked[i], got, sizeof got),
		       ids_digest(NULL, path, ranked[i], want, sizeof want),
		       "ranked %s, the connection's first pass: every row, once"
		       " (count and sum of ids)", ranked[i]);
		store_close(st);
		if ((st = store_open(path, STORE_READONLY, err, sizeof err)) == NULL)
			break;
		before = store_search_halves(st);
		is_str(rank_store(st, ranked[i], NULL), rank_sql(path, ranked[i], ""),
		       "and bm25's ranks to the last bit");
		is_int(store_search_halves(st) - before, halves[i], halves[i]
		       ? "9,000 rows: the rest in two halves"
		       : "at most 8,192 rows: read whole, the twin not opened");
		store_close(st);
	}
	unlink(path);
	snprintf(err, sizeof err, "%s-wal", path);
	unlink(err);
	snprintf(err, sizeof err, "%s-shm", path);
	unlink(err);
}

static void
test_rank(const char *dbpath)
{
	static const char *const ranked[] = {
		"\"delay\"", "\"council\"", "\"fault\" OR \"apology\"",
		"\"local government\"", "{findings} : \"fault\"", "\"plan\" *",
		"\"mrs\" AND \"council\"", "NEAR(\"council\" \"delay\", 5)",
		"(\"fault\") NOT \"apology\"", "\"x\" \"complained\"",
		/* Prefixes alone, asked as their words (match_expand): bm25
		 * of FTS5's own prefix, to the last bit. */
		"\"del\" *", "\"a\" *", "\"Fault\" *", "\"zz\" *",
	};
	/* Phrases whose IDF ombuds_rank leaves out (a NOT's right side:
	 * store_match_negated) or stops counting at half the rows, and
	 * NOTs where it may not leave it out. */
	static const char *const idf[] = {
		"((\"fault\" OR \"faults\")) NOT ((\"apology\" OR \"plan\"))",
		"(\"council\" OR \"plan\") NOT (\"apology\" NOT \"delay\")",
		"\"council\" OR (\"fault\" NOT \"apology\")",
		"(\"the\" AND \"council\") NOT \"apology\" NOT \"zz\"",
	};
	static const char *const words[] = {
		"delay", "the planning delay", "fault and fault", "apology",
		"planned works", "a council delay and an apology",
	};
	char err[256];
	struct store *st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	struct decision d;
	enum store_put how;

	if (!ok(st != NULL, "a store for ranking"))
		return;
	for (int i = 0; i < 24; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "30 000 %03d", i);
		make(&d, ref, "A Council", i % 3 ? "2024-01-01" : "2023-05-05",
		     "Upheld", "Planning", words[i % 6]);
		for (int k = 0; k < i % 7; k++)
			decision_add_para(&d, k % 2 ? DECISION_KIND_FINDINGS :
					  DECISION_KIND_ACTION, sdup("More"), NULL,
					  sdup(k % 3 ? "The council was at fault for the delay."
					       : "An apology and a plan."));
		put(st, &d, &how);
	}
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i], NULL), rank_sql(dbpath, ranked[i], ""),
		       "ranked %s: the ranks of bm25 to the last bit", ranked[i]);
	for (size_t i = 0; i < sizeof idf / sizeof idf[0]; i++)
		is_str(rank_store(st, idf[i], NULL), rank_sql(dbpath, idf[i], ""),
		       "ranked %s: the ranks of bm25 to the last bit", idf[i]);
	is_int(store_match_prefix(st, "\"del\" *"), STORE_PREFIX_WORDS,
	       "a prefix alone is asked as its words");
	is_int(store_match_prefix(st, "\"del\" * AND \"council\""),
	       STORE_PREFIX_MERGED, "a prefix with other words is merged by FTS5");
	is_int(store_match_prefix(st, "\"delay\""), STORE_PREFIX_NONE,
	       "a word is no prefix");
	is_int(vocab_missing(dbpath), 0,
	       "every word of FTS5's index is in vocab (puts outside a transaction)");
	/* With filters that pass few decisions, FTS5 is asked about each:
	 * the IDF is still the whole table's, computed once. */
	struct store_filter f = { .since = "2024-01-01" };

	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i], &f),
		       rank_sql(dbpath, ranked[i], " AND rowid IN (SELECT id FROM"
				" decision WHERE date >= '2024-01-01')"),
		       "ranked %s, filtered: the ranks of bm25 to the last bit",
		       ranked[i]);
	/* Filters that pass more decisions than are asked about one by
	 * one: FTS5 finds all its matches, the set keeps some, and a query
	 * of one phrase takes its IDF from the count of all of them. */
	store_begin(st);
	for (int i = 0; i < 300; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "31 000 %03d", i);
		make(&d, ref, "B Council", i % 10 ? "2024-03-03" : "2022-03-03",
		     "Upheld", "Planning", words[i % 6]);
		if (i % 5 == 0)
			decision_add_para(&d, DECISION_KIND_FINDINGS, sdup("More"),
					  NULL, sdup("The council delayed its plan."));
		store_put(st, &d, "test", &how);
		decision_free(&d);
	}
	store_commit(st);
	is_int(vocab_missing(dbpath), 0,
	       "every word of FTS5's index is in vocab (puts in a transaction)");
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i], &f),
		       rank_sql(dbpath, ranked[i], " AND rowid IN (SELECT id FROM"
				" decision WHERE date >= '2024-01-01')"),
		       "ranked %s, filters passing 286 decisions of 324: bm25 to"
		       " the last bit", ranked[i]);
	for (size_t i = 0; i < sizeof idf / sizeof idf[0]; i++)
		is_str(rank_store(st, idf[i], &f),
		       rank_sql(dbpath, idf[i], " AND rowid IN (SELECT id FROM"
				" decision WHERE date >= '2024-01-01')"),
		       "ranked %s, filters passing 286 decisions of 324: bm25 to"
		       " the last bit", idf[i]);
	/* Decisions with the pair across a break at the end of the ids, in
	 * the upper half of a pass read in two (the first ones are in the
	 * lower): both halves have suspects. */
	for (int i = 0; i < 3; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "33 000 %03d", i);
		put_findings(st, ref, "2024-05-05", "There was a delay",
			     "An apology followed.");
	}
	{
		long before = store_search_halves(st);

		counted_checks(st, ranked, sizeof ranked / sizeof ranked[0]);
		/* Two counted passes of each of the 14 matches without
		 * filters, two with the set of the decisions since 2024, and two
		 * of the prefix "zz" * that has no word to be asked as (a
		 * prefix is never asked about one decision at a time); the
		 * other 13 with the 24 decisions of A Council are asked
		 * about them one by one. */
		is_int(store_search_halves(st) - before, 4 * 14 + 2,
		       "the counted passes above without filters and with"
		       " the set of the decisions since 2024 were read in two halves,"
		       " those asked about 24 decisions one by one were not");
	}
	split_checks(st, dbpath);
	starts_damage_checks(st, dbpath);
	cursor_orgs_checks(st, ranked, sizeof ranked / sizeof ranked[0]);

	/* The lengths bm25 needs come from decision_len (schema 5), which
	 * store_put keeps: after a replace by a longer text and a put
	 * outside any transaction, still bm25's ranks. */
	make(&d, "30 000 005", "A Council", "2024-01-01", "Upheld", "Planning",
	     "a council delay and an apology and a delay and a plan");
	is_int(put(st, &d, &how), 0, "replace a decision by a longer one");
	make(&d, "30 000 100", "A Council", "2024-02-02", "Upheld", "Planning",
	     "council council delay");
	is_int(store_put(st, &d, "test", &how), 0, "put a decision outside a transaction");
	decision_free(&d);
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i], NULL), rank_sql(dbpath, ranked[i], ""),
		       "ranked %s after a replace and a put: bm25 to the last bit",
		       ranked[i]);
	is_int(vocab_missing(dbpath), 0,
	       "every word of FTS5's index is in vocab (after a replace)");
	prefix_checks(st, dbpath);
	suggest_checks(st);
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_len"), 1,
	       "one row of decision_len holds the lengths of ids 0 to 1,023");
	is_int(sql_long(dbpath, "SELECT length(lens) FROM decision_len"), 2048,
	       "two bytes for each of 1,024 ids");
	/* Every length 1: the ranks change, so they are read from there. */
	{
		char sql[5000] = "UPDATE decision_len SET lens = X'";
		size_t len = strlen(sql);

		for (int i = 0; i < 1024; i++, len += 4)
			memcpy(sql + len, "0100", 4);
		strcpy(sql + len, "'");
		is_int(sql_exec(dbpath, sql), SQLITE_OK, "make every kept length 1");
	}
	ok(strcmp(rank_store(st, "\"council\"", NULL),
		  rank_sql(dbpath, "\"council\"", "")) != 0,
	   "then the ranks differ from bm25's: the lengths are read from decision_len");
	/* Without its row, the lengths come from FTS5's own table. */
	is_int(sql_exec(dbpath, "DELETE FROM decision_len"), SQLITE_OK,
	       "delete decision_len's row");
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i], NULL), rank_sql(dbpath, ranked[i], ""),
		       "ranked %s without decision_len: bm25 to the last bit",
		       ranked[i]);
	dated_walk_checks(st, dbpath);
	settled_checks(st, dbpath);
	store_close(st);
	unlink(dbpath);
}

/* A check that says yes and counts the questions. */
static int
check_count(long long id, void *arg)
{
	(void)id;
	++*(long *)arg;
	return 1;
}

/* NEAR settled from decision_starts: a row it cannot read (damaged:
 * cut short, positions or columns that do not rise, a column or a count
 * out of range) or has not settles nothing, so every match is checked, and the
 * results are the same. */
static void
starts_damage_checks(struct store *st, const char *dbpath)
{
	static const char *const damage[] = {
		"x'ff'", "x'02020000'", "x'050101020101'", "x'0805'", "x'0a0101'",
		NULL,
	};
	static const struct store_near g = {
		.phrase = 0, .nphrase = 2, .dist = 10, .mask = 0,
	};
	static const int psize[] = { 1, 1 };
	const struct store_spans sp = {
		.pairs = NULL, .npairs = 0, .near = &g, .nnear = 1,
		.psize = psize, .nphrase = 2,
	};
	const char *match = "NEAR(\"delay\" \"apology\", 10)";
	struct store_cursor *c;
	long n0, n, asked = 0, fts;

	for (int i = 1; i <= 3; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "34 000 %03d", i);
		put_findings(st, ref, "2024-06-06", "A delay and then an apology.",
			     "Nothing else.");
	}
	fts = sql_long(dbpath, "SELECT count(*) FROM decision_fts WHERE"
			       " decision_fts MATCH 'NEAR(delay apology, 10)'");
	c = store_search_open_counted(st, match, NULL, &sp, check_count, &asked,
				      &n0);
	store_search_close(c);
	ok(fts > 3 && n0 == fts && asked > 0 && asked <= fts - 3,
	   "NEAR: the three within a paragraph settled, the rest checked"
	   " (%ld of %ld)", asked, fts);
	sql_exec(dbpath, "CREATE TABLE kept AS SELECT * FROM decision_starts");
	for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
		char sql[128];

		if (damage[i] != NULL)
			snprintf(sql, sizeof sql, "UPDATE decision_starts SET"
				 " starts = %s", damage[i]);
		else
			snprintf(sql, sizeof sql, "DELETE FROM decision_starts");
		sql_exec(dbpath, sql);
		asked = 0;
		c = store_search_open_counted(st, match, NULL, &sp, check_count,
					      &asked, &n);
		store_search_close(c);
		ok(c != NULL && n == n0 && asked == fts,
		   "starts %s: every match checked (%ld of %ld), the same count",
		   damage[i] ? damage[i] : "gone", asked, fts);
		c = store_search_open_ranked(st, match, NULL, &sp);
		{
			const long long *sus;

			ok(c != NULL && (long)store_search_suspects(c, &sus) == fts,
			   "starts %s: ranked, every match a suspect",
			   damage[i] ? damage[i] : "gone");
		}
		store_search_close(c);
	}
	sql_exec(dbpath, "INSERT INTO decision_starts SELECT * FROM kept;"
			 " DROP TABLE kept");
}

/* The words unicode61 (FTS5's own, on a connection of SQLite's) counts
 * in s, or -1. */
static long
fts5_words(sqlite3 *db, const char *s)
{
	sqlite3_stmt *q;
	long n = -1;

	if (sqlite3_exec(db, "DELETE FROM w", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO w VALUES (?1)", -1, &q, NULL) !=
		    SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, s, -1, SQLITE_STATIC);
	sqlite3_step(q);
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM wi", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return n;
}

/* text_count_tokens counts as unicode61 does wherever it says it is
 * sure (schema 7 keeps positions only then): each such character
 * alone, before a word and inside one; and it is unsure of a combining
 * mark and of a character newer than unicode61's tables. */
static void
count_tokens_as_fts5(void)
{
	static const unsigned ranges[][2] = {
		{ 0x20, 0x7E }, { 0xA0, 0x24F }, { 0x2000, 0x2064 },
		{ 0x20AC, 0x20AC },
	};
	sqlite3 *db;
	long differ = 0, sure = 0;
	int unsure = 0;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE w USING fts5(x, tokenize ="
			 " 'unicode61 remove_diacritics 2');"
			 "CREATE VIRTUAL TABLE wi USING fts5vocab(w, instance);",
			 NULL, NULL, NULL) != SQLITE_OK) {
		ok(0, "an FTS5 table to count words: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return;
	}
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
		for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			char c[8], s[3][16];
			size_t len = 0;

			/* UTF-8 by hand: at most three bytes here. */
			if (cp < 0x80) {
				c[len++] = (char)cp;
			} else if (cp < 0x800) {
				c[len++] = (char)(0xC0 | cp >> 6);
				c[len++] = (char)(0x80 | (cp & 0x3F));
			} else {
				c[len++] = (char)(0xE0 | cp >> 12);
				c[len++] = (char)(0x80 | (cp >> 6 & 0x3F));
				c[len++] = (char)(0x80 | (cp & 0x3F));
			}
			c[len] = '\0';
			snprintf(s[0], sizeof s[0], "%s", c);
			snprintf(s[1], sizeof s[1], "a%sb", c);
			snprintf(s[2], sizeof s[2], "%sa", c);
			for (int k = 0; k < 3; k++) {
				long mine = (long)text_count_tokens(s[k], strlen(s[k]),
								    &unsure);

				sure++;
				if (mine != fts5_words(db, s[k])) {
					if (differ++ < 5)
						printf("# U+%04X in \"%s\": %ld words,"
						       " FTS5 %ld\n", cp, s[k], mine,
						       fts5_words(db, s[k]));
				}
			}
		}
	is_int(differ, 0, "text_count_tokens counts as unicode61 on the %ld"
	       " strings it is sure of", sure);
	ok(!unsure, "and is sure of all of them");
	unsure = 0;
	text_count_tokens("e\xcc\x81", 3, &unsure);
	ok(unsure, "unsure of a combining mark");
	unsure = 0;
	text_count_tokens("\xe2\x82\xba", 3, &unsure);
	ok(unsure, "unsure of a character newer than unicode61 (U+20BA)");
	sqlite3_close(db);
}

/* Takes the topic lines (schema 14) out of every decision's headings,
 * as a store made before them has them. */
static void
topics_out(const char *dbpath)
{
	sql_exec(dbpath, "CREATE TEMP TABLE t AS SELECT id, substr("
			 " coalesce(char(10) || nullif(area, ''), '') ||"
			 " coalesce(char(10) || nullif(subarea, ''), '') ||"
			 " coalesce(char(10) || nullif((SELECT name FROM org"
			 "  WHERE org.id = decision.org_id), ''), ''), 2) AS topic"
			 " FROM decision;"
			 " UPDATE decision SET headings = (SELECT CASE"
			 "  WHEN decision.headings = t.topic THEN NULL"
			 "  WHEN substr(decision.headings, -length(t.topic) - 1) ="
			 "   char(10) || t.topic THEN substr(decision.headings, 1,"
			 "   length(decision.headings) - length(t.topic) - 1)"
			 "  ELSE decision.headings END FROM t WHERE t.id = decision.id)");
}

/* Paragraphs whose words test the two ways to break pairs and starts:
 * hyphens, quotes, accents, a combining mark and a script beyond
 * Latin (unsure: tokenized again), words longer than 64 bytes, empty
 * paragraphs and ones without a word, controls. */
static const char *const watch_texts[] = {
	"An anti-social neighbour, an anti\u2010social one.",
	"The Council\u2019s delay \u2014 \u00a3100 and 5%.",
	"", "  -- ; ", "caf\u00e9 na\u00efve \u00e9migr\u00e9",
	"e\xcc\x81t\xc3\xa9 marked", "\u65e5\u672c\u8a9e text",
	"x\x01y and z",
	"supercalifragilisticexpialidocioussupercalifragilisticexpialidociousword"
	" ends it",
	"It ends with a long one: "
	"pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopic",
	"\u201cQuoted,\u201d she said.", "one\u2014two 2024/25", "\u20ac5",
};

/* Puts decision ref with paragraphs from watch_texts from first on, in
 * kinds and headings that turn over, into st; returns 0 or -1. */
static int
watch_put(struct store *st, const char *ref, size_t first)
{
	static const enum decision_kind kinds[] = {
		DECISION_KIND_COMPLAINT, DECISION_KIND_FINDINGS,
		DECISION_KIND_FINDINGS, DECISION_KIND_DECISION,
		DECISION_KIND_SUMMARY, DECISION_KIND_OTHER,
	};
	size_t n = sizeof watch_texts / sizeof watch_texts[0];
	struct decision d;
	enum store_put how;

	make(&d, ref, first % 2 ? "Caf\u00e9 Council" : "Anti-social Council",
	     "2024-01-01", "Upheld", first % 3 ? "Housing" : NULL, "it");
	free(d.summary);
	d.summary = sdup(watch_texts[first % n]);
	for (size_t i = 0; i < 9; i++)
		decision_add_para(&d, kinds[(first + i) % 6],
				  sdup(i % 4 ? "What I found" : "The \u2018complaint\u2019"),
				  sdup(i % 3 ? NULL : "Back-ground"),
				  sdup(watch_texts[(first + i) % n]));
	return put(st, &d, &how);
}

/* The break pairs and starts store_put takes from FTS5's own words (the
 * noting tokenizer's) are those text_token's words give: a store made
 * so is downgraded to schema 13, whose migration makes every row again
 * by tokenizing the stored text (store_backfill_topics), and each row
 * must come back the same, and where there was none, none. */
static void
watched_words_as_text_token(const char *dbpath)
{
	size_t n = sizeof watch_texts / sizeof watch_texts[0];
	char err[600], dir[600], file[1200], ref[16];
	struct store *st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	long decisions = 0, pairs, starts;
	struct dirent *e;
	DIR *dp;

	ok(st != NULL, "watched words: a new store: %s", st ? "" : err);
	if (st == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		snprintf(ref, sizeof ref, "31 000 %03zu", i);
		decisions += watch_put(st, ref, i) == 0;
	}
	snprintf(dir, sizeof dir, "%s/data", TESTS_SRCDIR);
	if ((dp = opendir(dir)) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			struct parse_result res = {0};
			size_t len = strlen(e->d_name);
			char *b;
			FILE *f;
			long sz;

			if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
				continue;
			snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
			if ((f = fopen(file, "rb")) == NULL)
				continue;
			fseek(f, 0, SEEK_END);
			sz = ftell(f);
			rewind(f);
			b = malloc((size_t)sz + 1);
			if (b != NULL && fread(b, 1, (size_t)sz, f) == (size_t)sz &&
			    parse_bytes(b, (size_t)sz, &res) == 0)
				for (size_t k = 0; k < res.ndecisions; k++) {
					enum store_put how;

					decisions += store_begin(st) == 0 &&
						     store_put(st, &res.decisions[k],
							       "test", &how) == 0 &&
						     store_commit(st) == 0;
				}
			parse_result_free(&res);
			free(b);
			fclose(f);
		}
		closedir(dp);
	}
	store_close(st);
	ok(decisions > (long)n + 10, "watched words: %ld decisions stored",
	   decisions);
	sql_exec(dbpath, "CREATE TABLE kept_break AS SELECT * FROM decision_break;"
			 " CREATE TABLE kept_starts AS SELECT * FROM decision_starts;");
	pairs = sql_long(dbpath, "SELECT count(*) FROM decision_break");
	starts = sql_long(dbpath, "SELECT count(*) FROM decision_starts");
	decisions = sql_long(dbpath, "SELECT count(*) FROM decision");
	is_int(pairs, decisions, "a row of break pairs a decision");
	ok(starts > 0 && starts < decisions,
	   "starts for %ld of them (none where unsure)", starts);
	/* Schema 13: the headings without their topic lines. */
	topics_out(dbpath);
	sql_exec(dbpath, "DROP TABLE column_weight; PRAGMA user_version = 13");
	st = store_open(dbpath, 0, err, sizeof err);
	ok(st != NULL, "watched words: brought forward from schema 13: %s",
	   st ? "" : err);
	store_close(st);
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_break b JOIN"
				" kept_break k ON k.id = b.id AND k.pairs = b.pairs"),
	       pairs, "every decision's break pairs are those of text_token's"
	       " words");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_break"), pairs,
	       "and no other");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_starts b JOIN"
				" kept_starts k ON k.id = b.id AND"
				" k.starts = b.starts"),
	       starts, "every decision's starts are those of text_token's words");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_starts"), starts,
	       "and none where they were not kept");
	unlink(dbpath);
}

/* The break-pair arrays of decision_break: store_pairs_encode and
 * store_pairs_decode, empty, one, many and the extreme hashes. */
static void
blob_pairs(void)
{
	static const uint32_t many[] = {0, 1, 0xff, 0x100, 0x01020304u,
					0x7fffffffu, 0x80000000u, 0xfffffffeu,
					0xffffffffu};
	const size_t nmany = sizeof many / sizeof many[0];
	unsigned char b[4 * sizeof many / sizeof many[0] + 3];
	uint32_t v[sizeof many / sizeof many[0]];
	int same = 1;

	is_int((long)store_pairs_decode(b, 0, v), 0, "pairs: none decoded");
	store_pairs_encode(&many[4], 1, b);
	ok(b[0] == 0x04 && b[1] == 0x03 && b[2] == 0x02 && b[3] == 0x01,
	   "pairs: one hash, the little end first");
	ok(store_pairs_decode(b, 4, v) == 1 && v[0] == 0x01020304u,
	   "pairs: one read back");
	store_pairs_encode(many, nmany, b);
	is_int((long)store_pairs_decode(b, 4 * nmany, v), (long)nmany,
	       "pairs: many read back, as many");
	for (size_t i = 0; i < nmany; i++) {
		same &= v[i] == many[i] && store_pair_get(b, i) == many[i];
		same &= !pairs_clear(b, 4 * nmany, &many[i], 1);
	}
	ok(same, "pairs: each as written, 0 and 0xffffffff too, and found");
	/* A hash cut short at the end is left out, as pairs_clear does. */
	is_int((long)store_pairs_decode(b, 4 * nmany - 1, v), (long)nmany - 1,
	       "pairs: a hash cut short is left out");
	ok(pairs_clear(b, 4 * nmany - 1, &many[nmany - 1], 1),
	   "pairs: and not found");
}

/* The paragraph starts of decision_starts: store_starts_encode and
 * store_starts_decode, empty, one, many, the extreme columns and
 * positions, and blobs that are not one. */
static void
blob_starts(void)
{
	const uint64_t top = (uint64_t)(RANK_COLUMNS - 1) << 32;
	const uint64_t many[] = {(uint64_t)1 << 32 | 1, (uint64_t)1 << 32 | 2,
				 (uint64_t)1 << 32 | 300,
				 (uint64_t)4 << 32 | 128, top | 5,
				 top | (uint32_t)INT_MAX};
	const size_t nmany = sizeof many / sizeof many[0];
	unsigned char b[STORE_STARTS_MAX(sizeof many / sizeof many[0])];
	unsigned char bad[16];
	size_t lo[RANK_COLUMNS + 1], n, cap = 0;
	uint32_t *pos = NULL;
	int same = 1;

	is_int((long)store_starts_encode(NULL, 0, b), 0, "starts: none, no bytes");
	ok(store_starts_decode(NULL, 0, &pos, &cap, lo) == 0 && lo[0] == 0 &&
	   lo[RANK_COLUMNS] == 0, "starts: no bytes, no breaks");
	ok(store_starts_decode(NULL, 3, &pos, &cap, lo) < 0,
	   "starts: no blob for its bytes is out of memory");

	n = store_starts_encode(&many[3], 1, b);
	ok(n == 4 && store_starts_decode(b, (int)n, &pos, &cap, lo) == 0 &&
	   lo[4] == 0 && lo[5] == 1 && lo[RANK_COLUMNS] == 1 && pos[0] == 128,
	   "starts: one break read back in its column");

	n = store_starts_encode(many, nmany, b);
	ok(n <= STORE_STARTS_MAX(nmany), "starts: within STORE_STARTS_MAX");
	is_int(store_starts_decode(b, (int)n, &pos, &cap, lo), 0,
	       "starts: many read back");
	/* Sorted, the breaks come back in their order, each in its
	 * column's range. */
	for (size_t i = 0; i < nmany; i++) {
		size_t col = (size_t)(many[i] >> 32);

		same &= lo[col] <= i && i < lo[col + 1] &&
			pos[i] == (uint32_t)many[i];
	}
	ok(same && lo[0] == 0 && lo[1] == 0 && lo[2] == 3 && lo[4] == 3 &&
	   lo[5] == 4 && lo[RANK_COLUMNS] == nmany,
	   "starts: each break in its column, INT_MAX too");

	/* Refused: cut short inside a column (the last one's 8 bytes: its
	 * number, count, 5 and INT_MAX - 5), a column out of order or past
	 * the last, a position that does not rise or passes INT_MAX.  Cut
	 * where a column ends, it is the columns before. */
	for (size_t k = n - 7; k < n; k++)
		same &= store_starts_decode(b, (int)k, &pos, &cap, lo) == 1;
	ok(same, "starts: a blob cut short inside a column is refused");
	ok(store_starts_decode(b, (int)n - 8, &pos, &cap, lo) == 0 &&
	   lo[RANK_COLUMNS] == 4 && pos[3] == 128,
	   "starts: cut where a column ends, the columns before");
	memcpy(bad, (const unsigned char[]){2, 1, 1, 1, 1, 1}, 6);
	is_int(store_starts_decode(bad, 6, &pos, &cap, lo), 1,
	       "starts: columns out of order are refused");
	memcpy(bad, (const unsigned char[]){RANK_COLUMNS, 1, 1}, 3);
	is_int(store_starts_decode(bad, 3, &pos, &cap, lo), 1,
	       "starts: a column past the last is refused");
	memcpy(bad, (const unsigned char[]){0, 2, 5, 0}, 4);
	is_int(store_starts_decode(bad, 4, &pos, &cap, lo), 1,
	       "starts: a position that does not rise is refused");
	n = store_starts_encode((const uint64_t[]){(uint32_t)INT_MAX}, 1, bad);
	bad[n++] = 1;
	bad[1] = 2;
	is_int(store_starts_decode(bad, (int)n, &pos, &cap, lo), 1,
	       "starts: a position past INT_MAX is refused");
	free(pos);
}

/* The store's blob codecs (store_blob.h), without a database: each
 * decodes what its encoder wrote. */
static void
blob_codecs(void)
{
	static const uint32_t vs[] = {0, 1, 127, 128, 300, 16383, 16384,
				      2097151, 2097152, 268435455, 268435456,
				      0xffffffffu};
	unsigned char b[5 * (DECISION_KIND_COUNT + 1)], le[4 * 4];
	static const uint32_t pairs[] = {3, 70000, 0x01020304u, 0xfffffff0u};
	unsigned sz[DECISION_KIND_COUNT + 1];
	size_t n = 0, lens_ok = 1, round_ok = 1;
	int ntok;

	for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) {
		size_t k = store_put_varint32(b, vs[i]);
		unsigned v = 0;

		lens_ok &= k >= 1 && k <= 5;
		round_ok &= get_varint32(b, b + k, &v) == (int)k && v == vs[i];
		/* Cut short, the varint is refused. */
		round_ok &= k == 1 || get_varint32(b, b + k - 1, &v) == 0;
	}
	ok(lens_ok, "varints: 1 to 5 bytes");
	ok(round_ok, "varints: each read back as written, refused cut short");

	for (int i = 0; i < DECISION_KIND_COUNT + 1; i++)
		n += store_put_varint32(b + n, (uint32_t)(i * 100));
	is_int(store_docsize_sum(b, (int)n, &ntok), 0, "docsize: a blob of every column");
	is_int(ntok, 100 * DECISION_KIND_COUNT * (DECISION_KIND_COUNT + 1) / 2,
	       "docsize: the sum of its sizes");
	ok(store_docsize_cols(b, (int)n, sz) == 0 && sz[0] == 0 &&
	   sz[DECISION_KIND_COUNT] == 100 * DECISION_KIND_COUNT,
	   "docsize: each column's size");
	is_int(store_docsize_sum(b, (int)n - 1, &ntok), 1, "docsize: a blob cut short is refused");
	is_int(store_docsize_sum(NULL, 0, &ntok), 1, "docsize: no blob is refused");

	for (size_t i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			le[i * 4 + (size_t)j] = (unsigned char)(pairs[i] >> (8 * j));
	ok(!pairs_clear(le, sizeof le, &pairs[2], 1) &&
	   !pairs_clear(le, sizeof le, &pairs[0], 1) &&
	   !pairs_clear(le, sizeof le, &pairs[3], 1),
	   "break pairs: each pair of the little-endian array is found");
	ok(pairs_clear(le, sizeof le, (const uint32_t[]){4, 0x04030201u}, 2),
	   "break pairs: pairs not in it are not");
	ok(pairs_clear(NULL, 0, pairs, 4), "break pairs: an empty array holds none");
	blob_pairs();
	blob_starts();
}

/* Puts decision ref with word in its complaint, in the open
 * transaction; returns how. */
static enum store_put
put_word(struct store *st, const char *ref, const char *word)
{
	struct decision d;
	enum store_put how = STORE_PUT_UNCHANGED;

	make(&d, ref, "Avon Council", "2024-01-01", "Upheld", "Planning", word);
	if (store_put(st, &d, "test", &how) < 0)
		how = -1;
	decision_free(&d);
	return how;
}

/* How many decisions the index finds for match, and whether it agrees
 * with the stored text to the last word. */
static long
fts_count(const char *path, const char *match)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM decision_fts WHERE"
		 " decision_fts MATCH '%s'", match);
	return sql_long(path, sql);
}

static int
index_whole(const char *path)
{
	return sql_exec(path, "INSERT INTO decision_fts(decision_fts)"
			      " VALUES ('integrity-check')") == SQLITE_OK &&
	       sql_long(path, "SELECT (SELECT count(*) FROM decision_fts_docsize)"
			      " - (SELECT count(*) FROM decision)") == 0;
}

/* A replace deletes the old index row at the commit (schema 12): in
 * every order of replaces in one transaction, the newest decision's
 * too (whose replacement takes its id again), the index ends up as the
 * text; a rollback leaves it as it was; a store of schema 11 is brought
 * forward. */
static void
replace_checks(const char *dbpath)
{
	char err[256];
	struct store *st = store_open(dbpath, STORE_CREATE, err, sizeof err);

	ok(st != NULL, "replaces: a new store: %s", st ? "" : err);
	if (st == NULL)
		return;
	store_begin(st);
	put_word(st, "30 000 001", "apple");
	put_word(st, "30 000 002", "banana");
	put_word(st, "30 000 003", "cherry");
	store_commit(st);
	store_begin(st);
	is_int(put_word(st, "30 000 002", "damson"), STORE_PUT_REPLACED,
	       "replace a decision in the middle");
	is_int(put_word(st, "30 000 002", "elder"), STORE_PUT_REPLACED,
	       "then its replacement, the newest, whose id the next takes again");
	is_int(put_word(st, "30 000 003", "fig"), STORE_PUT_REPLACED,
	       "then another");
	is_int(put_word(st, "30 000 004", "grape"), STORE_PUT_NEW, "and a new one");
	is_int(put_word(st, "30 000 004", "hazel"), STORE_PUT_REPLACED,
	       "replaced in the transaction that stored it");
	is_int(store_commit(st), 0, "commit the replaces");
	ok(index_whole(dbpath), "the index is the stored text, one row a decision");
	is_int(fts_count(dbpath, "elder OR fig OR hazel OR apple"), 4,
	       "each replacement's words find it");
	is_int(fts_count(dbpath, "banana OR damson OR cherry OR grape"), 0,
	       "and the replaced words nothing");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_break"), 4,
	       "one row of break pairs a decision");
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h = -1"), 0,
	       "and no decision unknown");

	store_begin(st);
	put_word(st, "30 000 004", "iris");
	put_word(st, "30 000 001", "juniper");
	is_int(store_rollback(st), 0, "replaces rolled back");
	ok(index_whole(dbpath), "leave the index as it was");
	is_int(fts_count(dbpath, "hazel NOT iris"), 1, "with its words");
	store_close(st);

	/* A store of schema 11: the delete triggers, the old update one. */
	is_int(sql_exec(dbpath,
		"DROP TRIGGER decision_break_au;"
		"CREATE TRIGGER decision_ad AFTER DELETE ON decision BEGIN"
		"  INSERT INTO decision_fts(decision_fts, rowid, summary, headings,"
		"   complaint, powers, considered, findings, action, decision, other)"
		"  VALUES ('delete', old.id, old.summary, old.headings, old.complaint,"
		"   old.powers, old.considered, old.findings, old.action, old.decision,"
		"   old.other);"
		"END;"
		"CREATE TRIGGER decision_break_au AFTER UPDATE ON decision BEGIN"
		"  DELETE FROM decision_break WHERE id = old.id;"
		"END;"
		"CREATE TRIGGER decision_break_ad AFTER DELETE ON decision_break"
		"  WHEN EXISTS (SELECT 1 FROM decision WHERE id = old.id) BEGIN"
		"  INSERT OR IGNORE INTO break_pair(h) VALUES (-1);"
		"END;"
		"DROP TABLE vocab_stem; DROP TABLE column_weight;"
		"PRAGMA user_version = 11"), SQLITE_OK, "a store of schema 11");
	st = store_open(dbpath, 0, err, sizeof err);
	ok(st != NULL, "opened for writing: %s", st ? "" : err);
	if (st == NULL)
		return;
	is_int(sql_long(dbpath, "PRAGMA user_version"), store_schema_version(),
	       "it was brought forward");
	is_int(sql_long(dbpath, "SELECT count(*) FROM sqlite_master WHERE type ="
				" 'trigger' AND name IN ('decision_ad',"
				" 'decision_break_ad')"),
	       0, "without the delete triggers");
	store_begin(st);
	put_word(st, "30 000 003", "kale");
	put_word(st, "30 000 001", "lime");
	is_int(store_commit(st), 0, "replaces in it");
	ok(index_whole(dbpath), "keep the index whole");
	is_int(fts_count(dbpath, "fig OR apple"), 0, "the replaced words gone");
	store_close(st);
	sql_exec(dbpath, "UPDATE decision SET source = 'edited' WHERE ref ="
			 " '30 000 001'");
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h = -1"), 1,
	       "an update still puts -1 in break_pair (decision_break_au)");
	ok(index_whole(dbpath), "and keeps the index whole (decision_au)");
	unlink(dbpath);
}

/* The secondary indexes of decision that a bulk import leaves out. */
static long
deferred_indexes(const char *path)
{
	return sql_long(path, "SELECT count(*) FROM sqlite_master WHERE"
			      " type = 'index' AND name IN ('decision_org',"
			      " 'decision_meta', 'decision_category',"
			      " 'decision_outcome')");
}

/* A bulk import drops decision's secondary indexes (not
 * decision_org_outcome) and store_optimize makes them again; a writing
 * open makes those a killed import left out. */
static void
bulk_index_checks(const char *dbpath)
{
	char err[256];
	const char *before;
	struct store *st = store_open(dbpath, STORE_CREATE, err, sizeof err);

	ok(st != NULL, "bulk: a new store: %s", st ? "" : err);
	if (st == NULL)
		return;
	store_begin(st);
	put_word(st, "31 000 001", "apple");
	put_word(st, "31 000 002", "banana");
	store_commit(st);
	is_int(deferred_indexes(dbpath), 4, "four secondary indexes");
	before = list(st, NULL, STORE_SORT_DATE, 0, -1);
	before = before ? strdup(before) : NULL;
	is_int(store_index_bulk(st, 1), 0, "a bulk import starts");
	is_int(deferred_indexes(dbpath), 0, "without them");
	is_int(sql_long(dbpath, "SELECT v FROM decision_fts_config WHERE"
				" k = 'hashsize'"), 8388608,
	       "and with a batch's pending terms before FTS5 writes them out");
	is_int(sql_long(dbpath, "SELECT v FROM decision_fts_config WHERE"
				" k = 'crisismerge'"), 1000,
	       "and no merging of segments till its end");
	is_int(sql_long(dbpath, "SELECT count(*) FROM sqlite_master WHERE"
				" name = 'decision_org_outcome'"), 1,
	       "but with decision_org_outcome");
	store_begin(st);
	put_word(st, "31 000 001", "cherry");
	put_word(st, "31 000 003", "damson");
	store_commit(st);
	is_int(store_optimize(st), 0, "and ends");
	is_int(deferred_indexes(dbpath), 4, "with them made again");
	is_int(sql_long(dbpath, "SELECT v FROM decision_fts_config WHERE"
				" k = 'hashsize'"), 1048576,
	       "and FTS5's own pending size");
	is_int(sql_long(dbpath, "SELECT v FROM decision_fts_config WHERE"
				" k = 'crisismerge'"), 16,
	       "and its own merging of segments");
	ok(sql_exec(dbpath, "PRAGMA integrity_check") == SQLITE_OK &&
	   sql_long(dbpath, "SELECT count(*) FROM decision INDEXED BY"
			    " decision_meta WHERE date IS NOT NULL") == 3,
	   "holding every decision");
	is_int(store_index_bulk(st, 1), 0, "another bulk import");
	store_close(st);
	is_int(deferred_indexes(dbpath), 0, "killed before its end");
	st = store_open(dbpath, STORE_READONLY, err, sizeof err);
	ok(st != NULL && before != NULL &&
	   strcmp(list(st, NULL, STORE_SORT_DATE, 0, -1), before) != 0 &&
	   strstr(list(st, NULL, STORE_SORT_DATE, 0, -1), "31 000 003") != NULL,
	   "a reader lists the store without them");
	store_close(st);
	free((char *)before);
	st = store_open(dbpath, 0, err, sizeof err);
	ok(st != NULL, "a writing open: %s", st ? "" : err);
	is_int(deferred_indexes(dbpath), 4, "makes them again");
	store_close(st);
	unlink(dbpath);
}

int
main(void)
{
	char err[600], path[] = "/tmp/ombuds-test-store-XXXXXX";
	char dbpath[512];
	struct store *st;
	struct decision d;
	enum store_put how;
	long n;
	int fd;

	fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(dbpath, sizeof dbpath, "%s.db", path);
	count_tokens_as_fts5();
	{
		char wpath[600];

		snprintf(wpath, sizeof wpath, "%s-watch.db", path);
		watched_words_as_text_token(wpath);
	}

	st = store_open(dbpath, STORE_READONLY, err, sizeof err);
	ok(st == NULL && strstr(err, "import") != NULL,
	   "a missing store opened for reading says to import first: %s", err);

	st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	ok(st != NULL, "create a store: %s", st ? "" : err);
	if (st == NULL)
		return tap_done();

	make(&d, "24 023 422", "Coventry City Council", "2025-10-28",
	     "Upheld", "Children's care services", "delay");
	is_int(put(st, &d, &how), 0, "put a decision");
	is_int(how, STORE_PUT_NEW, "it is new");

	make(&d, "24023422", "Coventry City Council", "2025-10-28", "Upheld",
	     "Children's care services", "delay");
	is_int(put(st, &d, &how), 0, "put the same decision again");
	is_int(how, STORE_PUT_UNCHANGED, "nothing changed, nothing written");

	make(&d, "24-023-422", "Coventry City Council", "2025-10-28",
	     "Not upheld", "Children's care services", "apology");
	is_int(put(st, &d, &how), 0, "put a changed decision with that reference");
	is_int(how, STORE_PUT_REPLACED, "it replaces the old one");

	make(&d, "19 018 519c", "Four Seasons Health Care (England) Limited",
	     "2020-01-05", "Closed after initial enquiries",
	     "Adult care services", "fees");
	put(st, &d, &how);
	make(&d, "16 000 001", NULL, "", NULL, NULL, "planning");
	put(st, &d, &how);
	make(&d, "25 000 002", "Café Council", "2025-03-01", "Upheld",
	     "Planning", "enforcement");
	put(st, &d, &how);

	store_count(st, NULL, &n);
	is_int(n, 4, "four decisions: a replace leaves no duplicate");

	is_int(store_get(st, "24 023 422", &d), 1, "get by canonical reference");
	is_str(d.organisation, "Coventry City Council", "organisation");
	is_str(d.outcome, "Not upheld", "the replacement's outcome");
	is_str(d.date, "2025-10-28", "date");
	is_str(d.area, "Children's care services", "area");
	is_str(d.subarea, "Other", "subarea");
	is_int(d.npara, 4, "four paragraphs");
	if (d.npara == 4) {
		is_int(d.paras[0].n, 1, "ordinal of the first");
		is_int(d.paras[3].n, 4, "ordinal of the last");
		is_str(d.paras[0].text, "Mrs X complained about apology.",
		       "text of the replacement, exactly");
		is_str(d.paras[1].text,
		       "The Council said:\n• first item\n  • nested item\n"
		       "(Local Government Act 1974)",
		       "sub-items kept inside their paragraph");
		is_int(d.paras[1].kind, DECISION_KIND_FINDINGS, "kind");
		is_str(d.paras[1].heading, "What I found", "heading");
		is_str(d.paras[1].subheading, "Background", "subheading");
		is_str(d.paras[2].subheading, NULL, "no subheading");
		is_str(d.paras[3].heading, "Final decision", "last heading");
	}
	decision_free(&d);
	is_int(store_get(st, "99 999 999", &d), 0, "a missing reference is not found");

	is_int(store_get(st, "16 000 001", &d), 1, "a decision with no metadata");
	is_str(d.organisation, NULL, "missing organisation stays missing");
	is_str(d.outcome, NULL, "missing outcome stays missing");
	is_str(d.date, "", "missing date stays missing");
	decision_free(&d);

	is_str(list(st, NULL, STORE_SORT_DATE, 0, -1),
	       "24 023 422,25 000 002,19 018 519c,16 000 001",
	       "newest first, undated last");
	is_str(list(st, NULL, STORE_SORT_REF, 0, -1),
	       "16 000 001,19 018 519c,24 023 422,25 000 002", "by reference");
	is_str(list(st, NULL, STORE_SORT_ORG, 0, -1),
	       "25 000 002,24 023 422,19 018 519c,16 000 001",
	       "by organisation, nameless last");
	is_str(list(st, NULL, STORE_SORT_DATE, 1, 2), "25 000 002,19 018 519c",
	       "a page: offset 1, limit 2");

	struct store_filter f = { .org = "cafe" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "25 000 002",
	       "org filter ignores accents and case");
	f = (struct store_filter){ .org = "(ENGLAND)" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "19 018 519c",
	       "org filter with parentheses");
	f = (struct store_filter){ .outcome = "upheld" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "25 000 002",
	       "outcome 'upheld' does not match 'Not upheld'");
	f = (struct store_filter){ .category = "children’s care" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "24 023 422",
	       "category filter ignores the apostrophe's style");
	f = (struct store_filter){ .category = "> other" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1),
	       "24 023 422,25 000 002,19 018 519c", "category filter on subarea");
	f = (struct store_filter){ .since = "2025-01-01", .until = "2025-03-01" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "25 000 002",
	       "since and until are inclusive");
	store_count(st, &f, &n);
	is_int(n, 1, "count with filters");
	f = (struct store_filter){ .org = "'; DROP TABLE decision; --" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "a filter is a value, never SQL");

	struct orgsum os = { "" };
	is_int(store_orgs(st, NULL, collect_org, &os), 0, "organisations");
	is_str(os.text,
	       "Café Council=1/1/0/0/0;Coventry City Council=1/0/1/0/0;"
	       "Four Seasons Health Care (England) Limited=1/0/0/1/0;-=1/0/0/0/1;",
	       "organisation counts by outcome");

	/* The sorts of issue 5: undated and outcome-less last. */
	is_str(list(st, NULL, STORE_SORT_OLDEST, 0, -1),
	       "19 018 519c,25 000 002,24 023 422,16 000 001",
	       "oldest first, undated last");
	is_str(list(st, NULL, STORE_SORT_OLDEST, 1, 2), "25 000 002,24 023 422",
	       "oldest first, a page");
	is_str(list(st, NULL, STORE_SORT_OLDEST, 3, 5), "16 000 001",
	       "oldest first, the last page holds the undated");
	is_str(list(st, NULL, STORE_SORT_OUTCOME, 0, -1),
	       "19 018 519c,24 023 422,25 000 002,16 000 001",
	       "by outcome, none last");
	is_str(list(st, NULL, STORE_SORT_OUTCOME, 2, 1), "25 000 002",
	       "by outcome, a page");
	is_str(list(st, NULL, (enum store_sort)99, 0, -1), "(error)",
	       "an unknown sort is an error, not a crash");

	/* Exactly one organisation, none, and filters that compose. */
	f = (struct store_filter){ .org_is = "Coventry City Council" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "24 023 422",
	       "org_is: exactly this organisation");
	f = (struct store_filter){ .org_is = "Coventry" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "org_is is not a substring");
	f = (struct store_filter){ .org_is = "café council" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "org_is is the name as stored, not folded");
	f = (struct store_filter){ .no_org = 1 };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "16 000 001",
	       "no_org: the decisions with no organisation");
	store_count(st, &f, &n);
	is_int(n, 1, "no_org counts");
	struct store_filter g = { .org_is = "Café Council" };
	f = (struct store_filter){ .outcome = "UPHELD", .also = &g };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "25 000 002",
	       "also: both filters hold");
	g = (struct store_filter){ .org_is = "Coventry City Council" };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "also: an outcome the organisation does not have gives nothing");
	f = (struct store_filter){ .also = &g };
	is_str(list(st, &f, STORE_SORT_OLDEST, 0, -1), "24 023 422",
	       "also: an empty filter with one that holds");
	struct store_filter h = { .category = "care" };
	g = (struct store_filter){ .since = "2020-01-01", .also = &h };
	f = (struct store_filter){ .until = "2025-06-30", .also = &g };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "19 018 519c",
	       "also, three deep: every filter holds");
	store_count(st, &f, &n);
	is_int(n, 1, "and the count agrees");
	g.also = NULL;
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "25 000 002,19 018 519c",
	       "without the third, one more");
	h = (struct store_filter){ .no_org = 1 };
	g = (struct store_filter){ .org_is = "Café Council", .also = &h };
	f = (struct store_filter){ .also = &g };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "org_is and no_org together: nothing");
	h = (struct store_filter){ .org = "council" };
	g = (struct store_filter){ .no_org = 0, .also = &h };
	f = (struct store_filter){ .outcome = "not upheld", .also = &g };
	memset(&os, 0, sizeof os);
	is_int(store_orgs(st, &f, collect_org, &os), 0, "organisations with also");
	is_str(os.text, "Coventry City Council=1/0/1/0/0;",
	       "store_orgs honours the whole chain");
	f = (struct store_filter){ .no_org = 1 };
	memset(&os, 0, sizeof os);
	store_orgs(st, &f, collect_org, &os);
	is_str(os.text, "-=1/0/0/0/1;", "store_orgs with no_org");
	ok(!store_filter_any(NULL) && !store_filter_any(&(struct store_filter){ 0 }),
	   "no filter filters nothing");
	g = (struct store_filter){ .org = "" };
	f = (struct store_filter){ .also = &g };
	ok(!store_filter_any(&f), "empty strings filter nothing");
	h = (struct store_filter){ .no_org = 1 };
	g.also = &h;
	ok(store_filter_any(&f), "a filter deep in the chain counts");
	f = (struct store_filter){ .org_is = "x", .also = &f };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "(error)",
	       "a loop of filters is refused");
	ok(strstr(store_error(st), "SQLITE") == NULL &&
		   strstr(store_error(st), "store") != NULL,
	   "with our sentence: %s", store_error(st));
	f = (struct store_filter){ .org_is = "'); DROP TABLE org; --",
				   .also = &(struct store_filter){ .org = "%" } };
	is_str(list(st, &f, STORE_SORT_DATE, 0, -1), "",
	       "org_is is a value, never SQL");
	check_sorts(st, NULL, 4, "four decisions");

	store_close(st);

	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_fts"
				" WHERE decision_fts MATCH 'apology'"),
	       1, "the index finds the replacement's word");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_fts"
				" WHERE decision_fts MATCH 'apology AND enforcement'"),
	       0, "words of different decisions do not match together");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_fts"
				" WHERE decision_fts MATCH '{findings}: fault'"),
	       4, "a column per section kind: a word found in findings");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_fts"
				" WHERE decision_fts MATCH '{complaint}: fault'"),
	       0, "and not in another kind of section");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_fts"
				" WHERE decision_fts MATCH '{summary}: delay'"),
	       4, "the summary is a column of its own");
	is_int(sql_exec(dbpath, "INSERT INTO decision_fts(decision_fts)"
				" VALUES ('integrity-check')"),
	       SQLITE_OK, "the index matches the stored text exactly");
	is_int(sql_long(dbpath, "SELECT (SELECT count(*) FROM decision_fts_docsize)"
				" - (SELECT count(*) FROM decision)"),
	       0, "one index row per decision after a replace");
	is_int(sql_long(dbpath, "PRAGMA user_version"), store_schema_version(),
	       "user_version is the schema version");
	is_int(sql_long(dbpath, "SELECT count(*) FROM pragma_journal_mode"
				" WHERE journal_mode = 'wal'"),
	       1, "WAL mode");

	/* A layout that points past its text (a damaged store) gives our
	 * sentence, not a crash or a wrong paragraph. */
	sql_exec(dbpath, "UPDATE decision SET layout = 'S4\tWhat I found\nP0\t999999'"
			 " WHERE ref = '25 000 002'");
	st = store_open(dbpath, STORE_READONLY, err, sizeof err);
	ok(st != NULL, "open the store with one damaged decision");
	if (st != NULL) {
		is_int(store_get(st, "25 000 002", &d), -1, "the damaged decision is refused");
		ok(strstr(store_error(st), "damaged") != NULL,
		   "with our words: %s", store_error(st));
		is_int(store_get(st, "24 023 422", &d), 1, "the others still read");
		decision_free(&d);
		store_close(st);
	}

	/* A store of schema 1 (before the covering index) opened for
	 * reading is upgraded in passing and read.  What store_put wrote of
	 * where paragraphs begin is kept aside to compare. */
	sql_exec(dbpath, "CREATE TABLE kept_starts AS"
			 " SELECT id, starts FROM decision_starts");
	ok(sql_long(dbpath, "SELECT count(*) FROM kept_starts WHERE"
			    " length(starts) > 0") >= 3,
	   "store_put keeps where the paragraphs begin");
	/* A store of schema 1 has no topic lines in headings (store_put
	 * writes them since schema 14). */
	topics_out(dbpath);
	sql_exec(dbpath, "DROP INDEX decision_meta; DROP INDEX decision_org_outcome;"
			 " DROP TRIGGER decision_break_au; DROP TABLE decision_break;"
			 " DROP INDEX decision_category; DROP INDEX decision_outcome;"
			 " DROP TABLE category; DROP TABLE decision_len;"
			 " DROP TABLE vocab; DROP TABLE vocab_stem; DROP TABLE column_weight;"
			 " DROP TABLE generation;"
			 " DROP TRIGGER decision_starts_au; DROP TABLE decision_starts;"
			 " DROP TABLE break_pair;"
			 " ALTER TABLE decision DROP COLUMN url;"
			 " ALTER TABLE decision DROP COLUMN fetched;"
			 " ALTER TABLE decision DROP COLUMN complete;"
			 " CREATE INDEX decision_date ON decision(date, ref);"
			 " PRAGMA user_version = 1");
	st = store_open(dbpath, STORE_READONLY, err, sizeof err);
	ok(st != NULL, "an older store opens for reading: %s", st ? "" : err);
	if (st != NULL) {
		store_count(st, NULL, &n);
		is_int(n, 4, "and reads as before");
		is_str(rank_store(st, "\"council\"", NULL),
		       rank_sql(dbpath, "\"council\"", ""),
		       "ranks are bm25's with the lengths filled in (schema 5)");
		store_close(st);
	}
	is_int(sql_long(dbpath, "PRAGMA user_version"), store_schema_version(),
	       "it was upgraded to this version's schema");
	is_int(sql_long(dbpath, "SELECT count(*) FROM sqlite_master"
				" WHERE name = 'decision_meta'"),
	       1, "with the new index");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_break"), 3,
	       "and the break pairs of every decision stored before (schema 3)"
	       " but the damaged one, left to the check");
	is_int(sql_long(dbpath, "SELECT count(*) FROM category WHERE key ="
				" coalesce((SELECT area FROM decision LIMIT 1), '')"
				" || ' > ' || coalesce((SELECT subarea FROM"
				" decision LIMIT 1), '')"),
	       1, "and the category of the decisions stored before (schema 4)");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_len WHERE"
				" length(lens) = 2048"),
	       1, "and the lengths of the decisions stored before (schema 5)");
	ok(sql_long(dbpath, "SELECT count(*) FROM vocab") > 0 &&
	   vocab_missing(dbpath) == 0,
	   "and every word of the index in vocab (schema 6)");
	is_int(sql_long(dbpath, "SELECT count(*) FROM decision_starts b JOIN"
				" kept_starts k ON k.id = b.id AND"
				" k.starts = b.starts"),
	       3, "and where the paragraphs begin, as store_put wrote it, for"
	       " each (schema 7)");
	sql_exec(dbpath, "DROP TABLE kept_starts");
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h >= 0"),
	       break_pairs_sql(dbpath),
	       "and every break pair of decision_break in break_pair (schema 8)");
	is_int(sql_long(dbpath, "SELECT count(*) FROM break_pair WHERE h = -1"), 1,
	       "and -1 there: the damaged decision has no break pairs");

	/* A newer store is refused and left alone. */
	sql_exec(dbpath, "PRAGMA user_version = 99");
	st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	ok(st == NULL && strstr(err, "newer version") != NULL,
	   "a store from a newer version is refused: %s", err);
	is_int(sql_long(dbpath, "PRAGMA user_version"), 99, "and left as it was");
	unlink(dbpath);

	/* Some other SQLite file is not taken over. */
	sql_exec(dbpath, "CREATE TABLE mine(x); INSERT INTO mine VALUES (1)");
	st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	ok(st == NULL && strstr(err, "not an ombuds store") != NULL,
	   "another program's database is refused: %s", err);
	is_int(sql_long(dbpath, "SELECT count(*) FROM mine"), 1, "and left as it was");
	is_int(sql_long(dbpath, "SELECT count(*) FROM pragma_journal_mode"
				" WHERE journal_mode = 'delete'"),
	       1, "its journal mode too (not switched to WAL)");
	unlink(dbpath);

	/* Nor is a file that is not SQLite at all. */
	FILE *junk = fopen(dbpath, "w");
	fputs("this is not a database, just some text that is long enough to "
	      "fill the header of a SQLite file and then some more text...\n",
	      junk);
	fclose(junk);
	st = store_open(dbpath, STORE_CREATE, err, sizeof err);
	ok(st == NULL && strstr(err, "damaged or is not an ombuds store") != NULL,
	   "a text file is refused with our words: %s", err);
	ok(strstr(err, "SQLITE") == NULL && strstr(err, "file is not a database") == NULL,
	   "and no SQLite text");
	unlink(dbpath);
	replace_checks(dbpath);
	bulk_index_checks(dbpath);
	gen_checks();
	rate_checks();
	snprintf(err, sizeof err, "%s-wal", dbpath);
	unlink(err);
	snprintf(err, sizeof err, "%s-shm", dbpath);
	unlink(err);

	test_rank(dbpath);
	probe_checks(dbpath);
	blob_codecs();
	return tap_done();
}
