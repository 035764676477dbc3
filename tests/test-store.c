/* Unit tests of the store: schema, put/replace/unchanged, get, lists with
 * filters and sorts, counts, organisations, the FTS index kept in step,
 * and refusing stores that are not ours or are newer. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "decision.h"
#include "store.h"
#include "tap.h"

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
rank_store(struct store *st, const char *match)
{
	static char out[1024];
	struct store_cursor *c = store_search_open(st, match, NULL, STORE_ORDER_RANK);
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

/* The same from FTS5's own bm25 with the store's weights. */
static const char *
rank_sql(const char *path, const char *match)
{
	static char out[1024];
	sqlite3 *db;
	sqlite3_stmt *q;
	size_t len = 0;

	out[0] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return "open failed";
	if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(decision_fts, 4.0, 2.0, 1.0, 1.0,"
			       " 1.0, 1.0, 1.0, 1.0, 1.0) FROM decision_fts WHERE"
			       " decision_fts MATCH ?1 ORDER BY 2, 1", -1, &q,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW && len < sizeof out - 64)
			len += (size_t)snprintf(out + len, sizeof out - len, "%lld:%a ",
						(long long)sqlite3_column_int64(q, 0),
						sqlite3_column_double(q, 1));
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return out;
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

/* Ranked search gives FTS5's bm25 ranks to the last bit, on decisions of
 * many lengths and word counts, in every column. */
static void
test_rank(const char *dbpath)
{
	static const char *const ranked[] = {
		"\"delay\"", "\"council\"", "\"fault\" OR \"apology\"",
		"\"local government\"", "{findings} : \"fault\"", "\"plan\" *",
		"\"mrs\" AND \"council\"", "NEAR(\"council\" \"delay\", 5)",
		"(\"fault\") NOT \"apology\"", "\"x\" \"complained\"",
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
		make(&d, ref, "A Council", "2024-01-01", "Upheld", "Planning",
		     words[i % 6]);
		for (int k = 0; k < i % 7; k++)
			decision_add_para(&d, k % 2 ? DECISION_KIND_FINDINGS :
					  DECISION_KIND_ACTION, sdup("More"), NULL,
					  sdup(k % 3 ? "The council was at fault for the delay."
					       : "An apology and a plan."));
		put(st, &d, &how);
	}
	for (size_t i = 0; i < sizeof ranked / sizeof ranked[0]; i++)
		is_str(rank_store(st, ranked[i]), rank_sql(dbpath, ranked[i]),
		       "ranked %s: the ranks of bm25 to the last bit", ranked[i]);
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
	 * reading is upgraded in passing and read. */
	sql_exec(dbpath, "DROP INDEX decision_meta; DROP INDEX decision_org_outcome;"
			 " DROP TRIGGER decision_break_au; DROP TABLE decision_break;"
			 " CREATE INDEX decision_date ON decision(date, ref);"
			 " PRAGMA user_version = 1");
	st = store_open(dbpath, STORE_READONLY, err, sizeof err);
	ok(st != NULL, "an older store opens for reading: %s", st ? "" : err);
	if (st != NULL) {
		store_count(st, NULL, &n);
		is_int(n, 4, "and reads as before");
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
	snprintf(err, sizeof err, "%s-wal", dbpath);
	unlink(err);
	snprintf(err, sizeof err, "%s-shm", dbpath);
	unlink(err);

	test_rank(dbpath);
	return tap_done();
}
