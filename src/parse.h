/* parse: the bytes of one file → one or more decisions, with problems
 * reported by line.  No SQL, no curses, no files. */
#ifndef OMBUDS_PARSE_H
#define OMBUDS_PARSE_H

#include <stddef.h>

#include "decision.h"

enum parse_severity {
	PARSE_WARNING,  /* the decision is imported; the user is told */
	PARSE_ERROR,    /* nothing from this input is imported */
};

struct parse_problem {
	int line;               /* 1-based line in the input; 0 for the file */
	enum parse_severity severity;
	char msg[200];          /* a sentence for a user: "not a decision
				 * statement: …" */
};

struct parse_result {
	struct decision *decisions;
	size_t ndecisions;
	struct parse_problem *problems;
	size_t nproblems;
	unsigned text_flags;    /* TEXT_* flags from cleaning the bytes */
};

/* Parses the raw bytes of one file (any encoding text_clean accepts;
 * two statements pasted into one file give two decisions).  Returns 0
 * when at least one decision was read and no error found, -1 otherwise;
 * res->problems says what was wrong either way.  Never reads past len;
 * bytes need not be NUL-terminated. */
int parse_bytes(const char *bytes, size_t len, struct parse_result *res);

void parse_result_free(struct parse_result *res);

#endif
