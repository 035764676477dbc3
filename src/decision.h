/* decision: the in-memory model of one decision statement (metadata,
 * sections, paragraphs) and the canonical forms of its fields. No I/O. */
#ifndef OMBUDS_DECISION_H
#define OMBUDS_DECISION_H

#include <stddef.h>

/* Section kinds line up different wordings of the same heading.  The
 * numeric values are stored in the database: append, never reorder. */
enum decision_kind {
	DECISION_KIND_SUMMARY = 0,
	DECISION_KIND_COMPLAINT = 1,
	DECISION_KIND_POWERS = 2,
	DECISION_KIND_CONSIDERED = 3,
	DECISION_KIND_FINDINGS = 4,
	DECISION_KIND_ACTION = 5,
	DECISION_KIND_DECISION = 6,
	DECISION_KIND_OTHER = 7,
};
#define DECISION_KIND_COUNT 8

/* Longest canonical reference: "NN NNN NNN" plus a short letter suffix. */
#define DECISION_REF_MAX 16

/* One top-level paragraph of the body.  Sub-items are kept inside text,
 * one per line after the paragraph's own first line: a sub-item line is
 * two spaces per nesting level beyond the first, then its marker ("•"
 * for bullets and dashes, "N." for numbered items), a space and its
 * text.  Unnumbered lines that continue the paragraph (a statute
 * citation after a list) are further lines with no marker. */
struct decision_para {
	int n;                  /* ordinal 1..N through the statement */
	enum decision_kind kind;
	char *heading;          /* the section's heading as printed */
	char *subheading;       /* a sub-heading inside the section, or NULL */
	char *text;             /* UTF-8, NFC, no control characters but '\n' */
};

/* Every string is UTF-8 owned by the struct; NULL means missing (never
 * guessed). */
struct decision {
	char *organisation;     /* NULL on old report pages with a bare reference */
	char ref[DECISION_REF_MAX]; /* canonical "NN NNN NNN" + suffix */
	char *area;             /* "Children's care services" */
	char *subarea;          /* "Other" */
	char *outcome;          /* as published: "Upheld", "Not upheld", … */
	char date[11];          /* ISO "YYYY-MM-DD", or "" when missing */
	char *summary;
	char *url;              /* the page it came from, or NULL */
	char *fetched;          /* when ombuds fetched it (ISO 8601 UTC), or NULL */
	int cut_off;            /* the importer judged the text cut off */
	struct decision_para *paras;
	size_t npara;
	size_t cap;
};

void decision_init(struct decision *d);
void decision_free(struct decision *d);
/* Appends a paragraph, taking ownership of the strings; returns 0, or -1
 * when out of memory (the strings are then freed). */
int decision_add_para(struct decision *d, enum decision_kind kind,
		      char *heading, char *subheading, char *text);

/* The paragraph whose ordinal is n, or NULL when there is none. */
const struct decision_para *decision_para(const struct decision *d, int n);

/* Returns the citation of paragraph n, malloc'd: "Organisation (reference)
 * at [n]" ("reference at [n]" when there is no organisation), a blank
 * line, then the paragraph's text with each line after the first (its
 * sub-items) two spaces in, as show prints it; no newline at the end.
 * NULL when n is not a paragraph of d, or out of memory. */
char *decision_cite(const struct decision *d, int n);

/* The stable lower-case name of a kind ("findings"); NULL when unknown. */
const char *decision_kind_name(enum decision_kind kind);
/* The kind named by name (case-insensitive); -1 when there is none. */
int decision_kind_from_name(const char *name);

/* Writes the canonical form of a reference written as "24 023 422",
 * "24023422", "24-023-422", "24/023/422" or with a letter suffix
 * ("19 018 519c") into out; returns 0, or -1 when in is not one. */
int decision_ref_canon(const char *in, size_t len, char out[DECISION_REF_MAX]);

/* Reads where a goto or show points: a citation as decision_cite writes
 * it ("Organisation (20 008 325) at [4]"), "20 008 325 at [4]",
 * "20 008 325 [4]", a bare reference, or "[4]" alone (ref then "").
 * The canonical reference goes to ref, the paragraph to *para (-1: none
 * given).  Returns 0, or -1 when in is none of these. */
int decision_target_parse(const char *in, char ref[DECISION_REF_MAX], long *para);
/* Writes why d has no paragraph n ("24 023 422 has no paragraph 99: its
 * 12 paragraphs are numbered 1 to 12") into buf. */
void decision_para_missing(const struct decision *d, long n, char *buf, size_t len);

/* Writes an ISO date for "28 Oct 2025", "6 October 2025" or
 * "2025-10-28" into out; returns 0, or -1 when in is not a real date. */
int decision_date_canon(const char *in, size_t len, char out[11]);

/* A short label of an outcome for a list row, in buf: "Closed after
 * initial enquiries" → "Closed", "Upheld: maladministration and
 * injustice" → "Upheld", "Investigation discontinued" → "Discontinued";
 * any other outcome whole.  Returns buf. */
const char *decision_outcome_short(const char *outcome, char *buf, size_t len);

/* Writes the ISO date a date bound names into out: a date as
 * decision_date_canon reads it, or a year "2024" or month "2024-03" —
 * their first day, or with end their last.  Returns 0, or -1. */
int decision_date_bound(const char *in, size_t len, int end, char out[11]);

#endif
