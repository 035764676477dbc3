/* search: the query language of DESIGN.md §4.  A query is parsed into a
 * tree of our own; the FTS5 MATCH expression is built from that tree with
 * every word of the user quoted as an FTS5 string (so no user text is
 * ever read as FTS5 syntax), and the field filters become a struct
 * store_filter.  FTS5 indexes one row per decision, so a phrase or NEAR
 * found by FTS5 may straddle two paragraphs: such queries are checked
 * again here, paragraph by paragraph, on the stored text, with a
 * tokenizer that follows unicode61 (letters, digits and private-use
 * characters make tokens; tokens compare folded by text_fold).  The same
 * tokenizer gives the byte ranges of hits in the stored text, the best
 * paragraph and the snippet.  No SQL, no curses. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "search.h"
#include "text.h"

#define MAX_DEPTH 32     /* nested parentheses and negations */
#define MAX_NEAR 1000    /* largest NEAR distance */
#define NEAR_DEFAULT 10  /* FTS5's default */
#define ALL_KINDS ((1u << DECISION_KIND_COUNT) - 1)

/* ---- the query tree ----------------------------------------------------- */

enum ntype { N_TERM, N_NEAR, N_AND, N_OR, N_NOT, N_FILTER };

enum field {
	F_ORG, F_CATEGORY, F_OUTCOME, F_REF, F_IN, F_AFTER, F_BEFORE, F_YEAR,
	F_COUNT_
};
static const char *const field_names[F_COUNT_] = {
	[F_ORG] = "org", [F_CATEGORY] = "category", [F_OUTCOME] = "outcome",
	[F_REF] = "ref", [F_IN] = "in", [F_AFTER] = "after",
	[F_BEFORE] = "before", [F_YEAR] = "year",
};

struct node {
	enum ntype type;
	int col;                /* where it starts in the query (characters) */
	/* N_TERM: a word or phrase, as typed, and its folded tokens. */
	char *raw;
	int prefix;
	struct text_toks tok;
	/* N_AND, N_OR, N_NOT (one kid), N_NEAR (its terms). */
	struct node **kid;
	size_t nkid;
	int near;
	int phrase;             /* N_NEAR: FTS5's number of its first phrase */
	int loose;              /* asked as its words (mark_loose) */
	int lphrase;            /* N_NEAR: its first phrase in the loose MATCH */
	/* N_FILTER */
	enum field field;
	char *value;
};

struct search_query {
	struct node *root;      /* NULL: filters alone */
	unsigned mask;          /* section kinds from in:, 0: everywhere */
	struct store_filter filter;
	char *org, *category, *outcome;
	char since[11], until[11], ref[DECISION_REF_MAX];
	char *match;
	int needs_check;
	/* A checked query whose phrases and NEAR groups the store settles
	 * (store.h): the phrases by these pairs of neighbouring words, the
	 * NEAR groups (each one that all results must hold) by positions;
	 * 0 when that does not settle it (NEAR under OR or left out, a
	 * left-out phrase, a phrase ending in a prefix). */
	int pairable;
	uint32_t *pairs;
	size_t npairs;
	struct store_near *near;
	size_t nnear;
	int *psize;             /* the words of each phrase of match */
	int nphrase;
	/* match with the phrases of mark_loose asked as their words, its
	 * number of phrases, and those phrases (store_adj). */
	char *loose;
	int nloose;
	int *lpsize;
	struct store_adj *adj;
	size_t nadj;
	struct store_spans spans;
};

static void
node_free(struct node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->raw);
	free(n->value);
	text_toks_free(&n->tok);
	free(n);
}

void
search_query_free(struct search_query *q)
{
	if (q == NULL)
		return;
	node_free(q->root);
	free(q->org);
	free(q->category);
	free(q->outcome);
	free(q->match);
	free(q->pairs);
	free(q->near);
	free(q->psize);
	free(q->loose);
	free(q->lpsize);
	free(q->adj);
	free(q);
}

/* ---- the parser --------------------------------------------------------- */

enum ltype {
	T_END, T_LP, T_RP, T_OR, T_AND, T_NOT, T_MINUS, T_WORD, T_PHRASE,
	T_FIELD, T_NEAR, T_COMMA,
};

struct lexeme {
	enum ltype type;
	size_t pos;             /* byte offset in the query */
	const char *text;       /* T_WORD, T_PHRASE: the words; T_FIELD: the value */
	size_t len;
	int prefix;
	enum field field;
};

struct parser {
	const char *s;
	size_t len, pos;
	struct lexeme tok;
	struct search_error *err;
	int failed;
	int depth;
};

/* The 1-based column, in characters, of byte pos. */
static int
column_of(const char *s, size_t pos)
{
	int col = 1;

	for (size_t i = 0; i < pos; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Records the first error, at byte pos (SIZE_MAX: no place); returns
 * NULL for the callers' convenience. */
__attribute__((format(printf, 3, 4))) static void *
perr(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return NULL;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
	va_end(ap);
	p->err->column = pos == SIZE_MAX ? 0 : column_of(p->s, pos);
	return NULL;
}

/* Copies at most 40 bytes of the user's text into buf for a message,
 * cut at a character boundary, with '?' for each control character (C0,
 * DEL, C1, bidirectional controls, U+FEFF) and each invalid byte, so
 * that a message is valid UTF-8 that cannot drive the terminal. */
static const char *
shown(const char *s, size_t len, char buf[48])
{
	const uint8_t *u = (const uint8_t *)s;
	size_t n = len > 40 ? 40 : len, o = 0;

	while (n < len && n > 0 && (u[n] & 0xc0) == 0x80)
		n--;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, u + i, n - i);

		if (k < 0 || uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) ||
		    (uc >= 0x202a && uc <= 0x202e) ||
		    (uc >= 0x2066 && uc <= 0x2069) || uc == 0xfeff) {
			buf[o++] = '?';
			i += k < 0 ? 1 : (size_t)k;
		} else {
			memcpy(buf + o, s + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
		}
	}
	if (n < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* The character at byte pos of the query, as shown() shows it. */
static const char *
shown_char(const struct parser *p, size_t pos, char buf[48])
{
	size_t k = 1;

	while (pos + k < p->len && k < 4 &&
	       ((unsigned char)p->s[pos + k] & 0xc0) == 0x80)
		k++;
	return shown(p->s + pos, k, buf);
}

static int
is_space(struct parser *p, size_t i, size_t *clen)
{
	unsigned char c = (unsigned char)p->s[i];

	if (c < 0x80) {
		*clen = 1;
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		       c == '\f' || c == '\v';
	}
	return text_is_space_at(p->s + i, p->len - i, clen);
}

/* Nonzero when byte i ends a word. */
static int
word_end(struct parser *p, size_t i)
{
	size_t k;
	char c;

	if (i >= p->len)
		return 1;
	c = p->s[i];
	return c == '(' || c == ')' || c == '"' || c == ',' || is_space(p, i, &k);
}

/* Reads the next lexeme into p->tok. */
static void
lex(struct parser *p)
{
	struct lexeme *t = &p->tok;
	size_t k, i;
	char c, buf[48];

	while (p->pos < p->len && is_space(p, p->pos, &k))
		p->pos += k;
	memset(t, 0, sizeof *t);
	t->pos = p->pos;
	if (p->pos >= p->len) {
		t->type = T_END;
		return;
	}
	c = p->s[p->pos];
	switch (c) {
	case '(':
		t->type = T_LP;
		p->pos++;
		return;
	case ')':
		t->type = T_RP;
		p->pos++;
		return;
	case ',':
		t->type = T_COMMA;
		p->pos++;
		return;
	case '"': {
		const char *close = memchr(p->s + p->pos + 1, '"',
					   p->len - p->pos - 1);

		if (close == NULL) {
			perr(p, p->pos, "unbalanced quote: this phrase has no closing '\"'");
			t->type = T_END;
			return;
		}
		t->type = T_PHRASE;
		t->text = p->s + p->pos + 1;
		t->len = (size_t)(close - t->text);
		p->pos = (size_t)(close - p->s) + 1;
		if (p->pos < p->len && p->s[p->pos] == '*') {
			t->prefix = 1;
			p->pos++;
		}
		if (!word_end(p, p->pos) ||
		    (p->pos < p->len && p->s[p->pos] == '"'))
			perr(p, p->pos, "a phrase must be followed by a space, not '%s'",
			     shown_char(p, p->pos, buf));
		return;
	}
	case '-':
		t->type = T_MINUS;
		p->pos++;
		if (p->pos >= p->len || p->s[p->pos] == ')' ||
		    p->s[p->pos] == ',' || is_space(p, p->pos, &k))
			perr(p, t->pos, "'-' must be followed by a word to leave out");
		else if (p->s[p->pos] == '-')
			perr(p, t->pos, "doubled '-'");
		return;
	default:
		break;
	}
	/* A field: letters, then ':'. */
	for (i = p->pos; i < p->len && ((p->s[i] >= 'a' && p->s[i] <= 'z') ||
					(p->s[i] >= 'A' && p->s[i] <= 'Z'));
	     i++)
		;
	if (i > p->pos && i < p->len && p->s[i] == ':') {
		size_t nlen = i - p->pos;
		int f;

		for (f = 0; f < F_COUNT_; f++)
			if (strlen(field_names[f]) == nlen &&
			    strncasecmp(field_names[f], p->s + p->pos, nlen) == 0)
				break;
		if (f == F_COUNT_) {
			perr(p, p->pos, "unknown field '%s:' (the fields are org:, category:, "
			     "outcome:, ref:, in:, after:, before:, year:)",
			     shown(p->s + p->pos, nlen, buf));
			t->type = T_END;
			return;
		}
		t->type = T_FIELD;
		t->field = (enum field)f;
		i++;
		if (i < p->len && p->s[i] == '"') {
			const char *close = memchr(p->s + i + 1, '"', p->len - i - 1);

			if (close == NULL) {
				perr(p, i, "unbalanced quote: this value has no closing '\"'");
				t->type = T_END;
				return;
			}
			t->text = p->s + i + 1;
			t->len = (size_t)(close - t->text);
			p->pos = (size_t)(close - p->s) + 1;
		} else {
			size_t j = i;

			while (!word_end(p, j))
				j++;
			t->text = p->s + i;
			t->len = j - i;
			p->pos = j;
		}
		if (t->len == 0)
			perr(p, t->pos, "%s: needs a value", field_names[f]);
		else if (!word_end(p, p->pos))
			perr(p, p->pos, "a value must be followed by a space, not '%s'",
			     shown_char(p, p->pos, buf));
		return;
	}
	/* A word. */
	for (i = p->pos; !word_end(p, i); i++)
		;
	t->text = p->s + p->pos;
	t->len = i - p->pos;
	p->pos = i;
	if (t->len == 2 && memcmp(t->text, "OR", 2) == 0)
		t->type = T_OR;
	else if (t->len == 3 && memcmp(t->text, "AND", 3) == 0)
		t->type = T_AND;
	else if (t->len == 3 && memcmp(t->text, "NOT", 3) == 0)
		t->type = T_NOT;
	else if (t->len == 4 && memcmp(t->text, "NEAR", 4) == 0 &&
		 i < p->len && p->s[i] == '(')
		t->type = T_NEAR;
	else {
		const char *star = memchr(t->text, '*', t->len);

		t->type = T_WORD;
		if (star == t->text + t->len - 1) {
			t->prefix = 1;
			t->len--;
			if (t->len == 0)
				perr(p, t->pos, "'*' must end a word (like comp*)");
		} else if (star != NULL) {
			perr(p, (size_t)(star - p->s), "'*' may only end a word (like comp*)");
		}
	}
}

static struct node *
node_new(struct parser *p, enum ntype type, size_t pos)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return perr(p, SIZE_MAX, "out of memory");
	n->type = type;
	n->col = column_of(p->s, pos);
	return n;
}

/* Adds kid to n (freeing kid on failure); returns 0 or -1. */
static int
node_add(struct parser *p, struct node *n, struct node *kid)
{
	struct node **k = realloc(n->kid, (n->nkid + 1) * sizeof *k);

	if (k == NULL) {
		node_free(kid);
		perr(p, SIZE_MAX, "out of memory");
		return -1;
	}
	n->kid = k;
	n->kid[n->nkid++] = kid;
	return 0;
}

/* A word or phrase from the current lexeme. */
static struct node *
parse_term(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n = node_new(p, N_TERM, t->pos);
	char buf[48];

	if (n == NULL)
		return NULL;
	n->prefix = t->prefix;
	n->raw = strndup(t->text, t->len);
	if (n->raw == NULL || text_toks_add(&n->tok, t->text, t->len) < 0) {
		node_free(n);
		return perr(p, SIZE_MAX, "out of memory");
	}
	if (n->tok.n == 0) {
		node_free(n);
		if (t->type == T_PHRASE && t->len == 0)
			return perr(p, t->pos, "empty phrase \"\"");
		return perr(p, t->pos, "'%s' has no letters or digits to search for",
			    shown(t->text, t->len, buf));
	}
	lex(p);
	return n;
}

/* NEAR(term term … [, N]) */
static struct node *
parse_near(struct parser *p)
{
	size_t at = p->tok.pos;
	struct node *n = node_new(p, N_NEAR, at);

	if (n == NULL)
		return NULL;
	n->near = NEAR_DEFAULT;
	n->phrase = -1;
	lex(p); /* ( */
	lex(p);
	while (!p->failed && (p->tok.type == T_WORD || p->tok.type == T_PHRASE)) {
		struct node *t = parse_term(p);

		if (t == NULL || node_add(p, n, t) < 0) {
			node_free(n);
			return NULL;
		}
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	if (p->tok.type == T_COMMA) {
		size_t npos;
		long v = 0;
		size_t i;

		while (p->pos < p->len && is_space(p, p->pos, &npos))
			p->pos += npos;
		npos = p->pos;
		for (i = p->pos; i < p->len && p->s[i] >= '0' && p->s[i] <= '9'; i++)
			if (v <= MAX_NEAR)
				v = v * 10 + (p->s[i] - '0');
		if (i == p->pos) {
			node_free(n);
			return perr(p, npos, "NEAR: a number must follow the comma (like NEAR(delay apology, 5))");
		}
		if (v > MAX_NEAR) {
			node_free(n);
			return perr(p, npos, "NEAR: the distance is at most %d", MAX_NEAR);
		}
		n->near = (int)v;
		p->pos = i;
		lex(p);
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	if (p->tok.type != T_RP) {
		node_free(n);
		if (p->tok.type == T_END)
			return perr(p, at, "unbalanced parenthesis: NEAR( has no ')'");
		return perr(p, p->tok.pos, "NEAR(...) holds only words, phrases and ', N'");
	}
	if (n->nkid < 2) {
		size_t k = n->nkid;

		node_free(n);
		return perr(p, at, k ? "NEAR needs at least two words" :
			    "NEAR without words (like NEAR(delay apology, 5))");
	}
	lex(p);
	return n;
}

static struct node *parse_or(struct parser *p);

static struct node *
parse_primary(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n;
	size_t at = t->pos;
	char buf[48];

	switch (t->type) {
	case T_WORD:
	case T_PHRASE:
		return parse_term(p);
	case T_NEAR:
		return parse_near(p);
	case T_FIELD:
		if ((n = node_new(p, N_FILTER, at)) == NULL)
			return NULL;
		n->field = t->field;
		if ((n->value = strndup(t->text, t->len)) == NULL) {
			node_free(n);
			return perr(p, SIZE_MAX, "out of memory");
		}
		lex(p);
		return n;
	case T_LP:
		if (++p->depth > MAX_DEPTH)
			return perr(p, at, "too many nested parentheses");
		lex(p);
		if (p->tok.type == T_RP)
			return perr(p, at, "empty parentheses");
		n = parse_or(p);
		if (n == NULL)
			return NULL;
		if (p->tok.type != T_RP) {
			node_free(n);
			return perr(p, at, "unbalanced parenthesis: this '(' has no ')'");
		}
		p->depth--;
		lex(p);
		return n;
	case T_RP:
		return perr(p, at, "unbalanced parenthesis: this ')' has no '('");
	case T_OR:
	case T_AND:
		return perr(p, at, "'%s' needs a word on each side",
			    t->type == T_OR ? "OR" : "AND");
	case T_END:
		return perr(p, at, "a word is missing at the end");
	default:
		return perr(p, at, "unexpected '%s'", shown_char(p, at, buf));
	}
}

static struct node *
parse_unary(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n, *kid;
	size_t at = t->pos;
	int minus = t->type == T_MINUS;

	if (t->type != T_MINUS && t->type != T_NOT)
		return parse_primary(p);
	lex(p);
	if (p->failed)
		return NULL;
	if (t->type == T_NOT || t->type == T_MINUS)
		return perr(p, t->pos, "doubled negation");
	if (t->type == T_END || t->type == T_RP || t->type == T_OR ||
	    t->type == T_AND || t->type == T_COMMA)
		return perr(p, at, "'%s' needs a word after it", minus ? "-" : "NOT");
	if (++p->depth > MAX_DEPTH)
		return perr(p, at, "too many nested negations");
	kid = parse_primary(p);
	p->depth--;
	if (kid == NULL)
		return NULL;
	if ((n = node_new(p, N_NOT, at)) == NULL) {
		node_free(kid);
		return NULL;
	}
	if (node_add(p, n, kid) < 0) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct node *
parse_and(struct parser *p)
{
	struct node *n = node_new(p, N_AND, p->tok.pos), *kid, *one;

	if (n == NULL)
		return NULL;
	for (;;) {
		struct lexeme *t = &p->tok;

		if (p->failed)
			break;
		if (t->type == T_COMMA) {
			lex(p);
			continue;
		}
		if (t->type == T_END || t->type == T_RP || t->type == T_OR)
			break;
		if (t->type == T_AND) {
			size_t at = t->pos;

			lex(p);
			if (n->nkid == 0 || p->tok.type == T_END ||
			    p->tok.type == T_RP || p->tok.type == T_OR ||
			    p->tok.type == T_AND) {
				node_free(n);
				return perr(p, at, "'AND' needs a word on each side");
			}
			continue;
		}
		if ((kid = parse_unary(p)) == NULL || node_add(p, n, kid) < 0)
			break;
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	if (n->nkid == 0) {
		size_t at = p->tok.pos;

		node_free(n);
		if (p->tok.type == T_OR)
			return perr(p, at, "'OR' needs a word on each side");
		if (p->tok.type == T_RP)
			return perr(p, at, "unbalanced parenthesis: this ')' has no '('");
		return perr(p, at, "the query is empty");
	}
	if (n->nkid == 1) {
		one = n->kid[0];
		n->nkid = 0;
		node_free(n);
		return one;
	}
	return n;
}

static struct node *
parse_or(struct parser *p)
{
	struct node *left = parse_and(p), *n;

	if (left == NULL || p->tok.type != T_OR)
		return left;
	if ((n = node_new(p, N_OR, p->tok.pos)) == NULL ||
	    node_add(p, n, left) < 0) {
		node_free(left);
		return NULL;
	}
	while (p->tok.type == T_OR && !p->failed) {
		size_t at = p->tok.pos;
		struct node *right;

		lex(p);
		if (p->tok.type == T_END || p->tok.type == T_RP ||
		    p->tok.type == T_OR || p->tok.type == T_AND) {
			node_free(n);
			return perr(p, at, "'OR' needs a word on each side");
		}
		if ((right = parse_and(p)) == NULL || node_add(p, n, right) < 0) {
			node_free(n);
			return NULL;
		}
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* Finds a filter anywhere below n (n itself included); returns it. */
static const struct node *
find_filter(const struct node *n)
{
	if (n->type == N_FILTER)
		return n;
	for (size_t i = 0; i < n->nkid; i++) {
		const struct node *f = find_filter(n->kid[i]);

		if (f != NULL)
			return f;
	}
	return NULL;
}

/* Applies one filter to q; returns 0, or -1 with the error set. */
static int
apply_filter(struct parser *p, struct search_query *q, const struct node *f)
{
	char buf[48], date[11];
	const char *v = f->value;
	size_t len = strlen(v);
	char **slot = NULL;

	p->err->column = f->col;
	switch (f->field) {
	case F_ORG:
		slot = &q->org;
		break;
	case F_CATEGORY:
		slot = &q->category;
		break;
	case F_OUTCOME:
		slot = &q->outcome;
		break;
	case F_REF:
		if (q->ref[0]) {
			snprintf(p->err->msg, sizeof p->err->msg, "ref: is given twice");
			return -1;
		}
		if (decision_ref_canon(v, len, q->ref) < 0) {
			snprintf(p->err->msg, sizeof p->err->msg,
				 "ref: '%s' is not a reference (like 24 023 422)",
				 shown(v, len, buf));
			return -1;
		}
		return 0;
	case F_IN: {
		int k = decision_kind_from_name(v);

		if (k < 0) {
			snprintf(p->err->msg, sizeof p->err->msg,
				 "in: '%s' is not a section (summary, complaint, powers, "
				 "considered, findings, action, decision, other)",
				 shown(v, len, buf));
			return -1;
		}
		q->mask |= 1u << k;
		return 0;
	}
	case F_AFTER:
	case F_BEFORE:
		if (decision_date_canon(v, len, date) < 0) {
			snprintf(p->err->msg, sizeof p->err->msg,
				 "%s: '%s' is not a date (use YYYY-MM-DD)",
				 field_names[f->field], shown(v, len, buf));
			return -1;
		}
		if (f->field == F_AFTER && strcmp(date, q->since) > 0)
			memcpy(q->since, date, 11);
		if (f->field == F_BEFORE && (!q->until[0] || strcmp(date, q->until) < 0))
			memcpy(q->until, date, 11);
		return 0;
	case F_YEAR:
		if (len != 4 || strspn(v, "0123456789") != 4) {
			snprintf(p->err->msg, sizeof p->err->msg,
				 "year: '%s' is not a year (like 2024)",
				 shown(v, len, buf));
			return -1;
		}
		snprintf(date, sizeof date, "%s-01-01", v);
		if (strcmp(date, q->since) > 0)
			memcpy(q->since, date, 11);
		snprintf(date, sizeof date, "%s-12-31", v);
		if (!q->until[0] || strcmp(date, q->until) < 0)
			memcpy(q->until, date, 11);
		return 0;
	default:
		return 0;
	}
	if (*slot != NULL) {
		snprintf(p->err->msg, sizeof p->err->msg, "%s: is given twice",
			 field_names[f->field]);
		return -1;
	}
	if ((*slot = strdup(v)) == NULL) {
		snprintf(p->err->msg, sizeof p->err->msg, "out of memory");
		p->err->column = 0;
		return -1;
	}
	return 0;
}

/* Nonzero when n can stand on its own in FTS5: something to look for,
 * not only words to leave out.  Sets *bad to the offending node. */
static int
positive(const struct node *n, const struct node **bad)
{
	size_t pos = 0;

	switch (n->type) {
	case N_TERM:
	case N_NEAR:
		return 1;
	case N_NOT:
		*bad = n;
		return 0;
	case N_OR:
		for (size_t i = 0; i < n->nkid; i++)
			if (!positive(n->kid[i], bad))
				return 0;
		return 1;
	case N_AND:
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type == N_NOT) {
				if (!positive(n->kid[i]->kid[0], bad))
					return 0;
				continue;
			}
			if (!positive(n->kid[i], bad))
				return 0;
			pos++;
		}
		if (pos == 0)
			*bad = n;
		return pos > 0;
	default:
		return 1;
	}
}

/* Nonzero when n holds a phrase, a word of several tokens, or NEAR: what
 * FTS5 may find across two paragraphs. */
static int
has_span(const struct node *n)
{
	if (n->type == N_NEAR || (n->type == N_TERM && n->tok.n > 1))
		return 1;
	for (size_t i = 0; i < n->nkid; i++)
		if (has_span(n->kid[i]))
			return 1;
	return 0;
}

/* Adds the hashes of the neighbouring words of every phrase under n to
 * q->pairs, and each NEAR group to q->near; returns 0 when they settle
 * where FTS5's phrases and NEAR groups may straddle a paragraph break, 1
 * when they do not (a NEAR group that results need not hold — under OR
 * or left out, all when conj is 0 —, a left-out phrase, a phrase ending
 * in a prefix), -1 when out of memory. */
static int
add_pairs(struct search_query *q, const struct node *n, int conj)
{
	int r;

	if (n->type == N_NEAR) {
		struct store_near *g;

		if (!conj || n->phrase < 0)
			return 1;
		if ((g = realloc(q->near, (q->nnear + 1) * sizeof *g)) == NULL)
			return -1;
		q->near = g;
		q->near[q->nnear++] = (struct store_near){
			.phrase = n->phrase, .nphrase = (int)n->nkid,
			.dist = n->near, .mask = q->mask,
		};
		return 0;
	}
	if (n->type == N_NOT && has_span(n))
		return 1;
	if (n->type == N_TERM && n->tok.n > 1) {
		const struct text_toks *t = &n->tok;
		uint32_t *p;

		if (n->prefix)
			return 1;
		p = realloc(q->pairs, (q->npairs + t->n - 1) * sizeof *p);
		if (p == NULL)
			return -1;
		q->pairs = p;
		for (size_t j = 0; j + 1 < t->n; j++)
			q->pairs[q->npairs++] =
				text_pair_hash(t->fold + t->fo[j], t->fl[j],
					       t->fold + t->fo[j + 1], t->fl[j + 1]);
	}
	for (size_t i = 0; i < n->nkid; i++)
		if ((r = add_pairs(q, n->kid[i], conj && n->type == N_AND)) != 0)
			return r;
	return 0;
}

/* How many NEAR groups n holds. */
static size_t
count_near(const struct node *n)
{
	size_t k = n->type == N_NEAR;

	for (size_t i = 0; i < n->nkid; i++)
		k += count_near(n->kid[i]);
	return k;
}

/* Nonzero when each word of term n (one at least) is written in ASCII
 * letters and digits only: folded, ß becomes ss and ﬁ fi, which FTS5
 * does not do. */
static int
ascii_words(const struct node *n)
{
	const struct text_toks *t = &n->tok;

	for (size_t i = 0; i < t->n; i++) {
		if (t->end[i] <= t->start[i])
			return 0;
		for (size_t j = t->start[i]; j < t->end[i]; j++) {
			unsigned char c = (unsigned char)n->raw[j];

			if (c >= 128 || !text_ascii_word[c])
				return 0;
		}
	}
	return t->n > 0;
}

/* Nonzero when FTS5 may be asked for phrase n as its words: not a
 * prefix, 2 to STORE_ADJ_MAX words, each of ASCII letters and digits
 * only, which FTS5 reads as one word as search does; or for NEAR group
 * n as its phrases ANDed, each of such words (FTS5 drops a phrase it
 * reads as no word from NEAR, and would match nothing for it ANDed). */
static int
loosable(const struct node *n)
{
	if (n->type == N_NEAR) {
		for (size_t i = 0; i < n->nkid; i++)
			if (n->kid[i]->type != N_TERM || n->kid[i]->prefix ||
			    !ascii_words(n->kid[i]))
				return 0;
		return 1;
	}
	return n->type == N_TERM && !n->prefix && n->tok.n >= 2 &&
	       n->tok.n <= STORE_ADJ_MAX && ascii_words(n);
}

/* Marks the phrases and NEAR groups of root that every result holds
 * (root itself, or one of the terms ANDed at its top) and that loosable
 * allows.  Returns how many, or 0 when some NEAR group is not among
 * them (the loose MATCH would still number it as match does). */
static size_t
mark_loose(struct node *root)
{
	size_t n = 0, nnear = 0;

	if (root->type != N_AND) {
		n = (size_t)(root->loose = loosable(root));
		nnear = n && root->type == N_NEAR;
	} else {
		for (size_t i = 0; i < root->nkid; i++) {
			struct node *k = root->kid[i];

			n += (size_t)(k->loose = loosable(k));
			nnear += k->loose && k->type == N_NEAR;
		}
	}
	return nnear == count_near(root) ? n : 0;
}

/* Sets the loose MATCH's number of the first phrase of each NEAR group
 * of q, in the order add_pairs listed them (*k: the next). */
static void
near_lphrase(struct search_query *q, const struct node *n, size_t *k)
{
	if (n->type == N_NEAR && *k < q->nnear)
		q->near[(*k)++].lphrase = n->lphrase;
	for (size_t i = 0; i < n->nkid; i++)
		near_lphrase(q, n->kid[i], k);
}

/* ---- the FTS5 expression ------------------------------------------------ */

struct buf {
	char *s;
	size_t len, cap;
	int oom;
	/* FTS5 strings written (the next one's number), and the words of
	 * each. */
	int nphrase;
	int *psize;
	size_t pcap;
	/* Writing the loose MATCH: marked phrases as their words, each
	 * noted in adj. */
	int loose;
	struct store_adj *adj;
	size_t nadj, adjcap;
};

static void
buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *ns;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((ns = realloc(b->s, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Notes one more FTS5 string, of n words. */
static void
phrase_add(struct buf *b, int n)
{
	if ((size_t)b->nphrase == b->pcap) {
		size_t cap = b->pcap ? b->pcap * 2 : 8;
		int *v = realloc(b->psize, cap * sizeof *v);

		if (v == NULL) {
			b->oom = 1;
			return;
		}
		b->psize = v;
		b->pcap = cap;
	}
	b->psize[b->nphrase++] = n;
}

/* The user's words as one FTS5 string: "…" with '"' doubled. */
static void
emit_string(struct buf *b, const struct node *t)
{
	buf_put(b, "\"", 1);
	for (const char *s = t->raw; *s; s++)
		buf_put(b, s, 1 + (*s == '"'));
	buf_put(b, "\"", 1);
	if (t->prefix)
		buf_str(b, " *");
	phrase_add(b, (int)t->tok.n);
}

/* "{summary findings} : " for the sections of in:. */
static void
emit_columns(struct buf *b, unsigned mask)
{
	buf_str(b, "{");
	for (int k = 0, first = 1; k < DECISION_KIND_COUNT; k++) {
		if (!(mask & (1u << k)))
			continue;
		if (!first)
			buf_str(b, " ");
		buf_str(b, decision_kind_name((enum decision_kind)k));
		first = 0;
	}
	buf_str(b, "} : ");
}

/* Before the i-th term of an AND in the loose MATCH: " AND " (after the
 * first) and the sections of mask. */
static void
emit_and(struct buf *b, size_t i, unsigned mask)
{
	if (i)
		buf_str(b, " AND ");
	if (mask)
		emit_columns(b, mask);
}

/* Phrase t (loosable) as its words, "a" AND "b" …, each one an FTS5
 * string (in the sections of mask), and noted in b->adj. */
static void
emit_loose(struct buf *b, const struct node *t, unsigned mask)
{
	const struct text_toks *w = &t->tok;

	if (b->nadj == b->adjcap) {
		size_t cap = b->adjcap ? b->adjcap * 2 : 4;
		struct store_adj *v = realloc(b->adj, cap * sizeof *v);

		if (v == NULL) {
			b->oom = 1;
			return;
		}
		b->adj = v;
		b->adjcap = cap;
	}
	b->adj[b->nadj++] = (struct store_adj){
		.phrase = b->nphrase, .n = (int)w->n,
	};
	buf_str(b, "(");
	for (size_t i = 0; i < w->n; i++) {
		emit_and(b, i, mask);
		buf_str(b, "\"");
		buf_put(b, t->raw + w->start[i], w->end[i] - w->start[i]);
		buf_str(b, "\"");
		phrase_add(b, 1);
	}
	buf_str(b, ")");
}

/* Writes n as FTS5; inside a negation the sections of in: do not apply
 * (a left-out word is left out wherever it is), and a negated phrase or
 * NEAR is left to the paragraph check (FTS5 would drop decisions where it
 * only straddles two paragraphs). */
static void
emit(struct buf *b, struct node *n, unsigned mask, int neg)
{
	size_t npos = 0;

	switch (n->type) {
	case N_TERM:
		if (b->loose && n->loose && !neg) {
			emit_loose(b, n, mask);
			break;
		}
		if (!neg && mask)
			emit_columns(b, mask);
		emit_string(b, n);
		break;
	case N_NEAR:
		if (b->loose && n->loose && !neg) {
			/* Its phrases ANDed, each in the sections of in:. */
			n->lphrase = b->nphrase;
			buf_str(b, "(");
			for (size_t i = 0; i < n->nkid; i++) {
				emit_and(b, i, mask);
				emit_string(b, n->kid[i]);
			}
			buf_str(b, ")");
			break;
		}
		if (!neg && mask)
			emit_columns(b, mask);
		buf_str(b, "NEAR(");
		n->phrase = b->nphrase;
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				buf_str(b, " ");
			emit_string(b, n->kid[i]);
		}
		{
			char num[24];

			snprintf(num, sizeof num, ", %d)", n->near);
			buf_str(b, num);
		}
		break;
	case N_OR:
		buf_str(b, "(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				buf_str(b, " OR ");
			emit(b, n->kid[i], mask, neg);
		}
		buf_str(b, ")");
		break;
	case N_AND: {
		size_t nneg = 0;

		for (size_t i = 0; i < n->nkid; i++)
			if (n->kid[i]->type == N_NOT && !has_span(n->kid[i]))
				nneg++;
		for (size_t i = 0; i < nneg; i++)
			buf_str(b, "(");
		buf_str(b, "(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type == N_NOT)
				continue;
			if (npos++)
				buf_str(b, " AND ");
			emit(b, n->kid[i], mask, neg);
		}
		buf_str(b, ")");
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type != N_NOT || has_span(n->kid[i]))
				continue;
			buf_str(b, " NOT ");
			emit(b, n->kid[i]->kid[0], mask, !neg);
			buf_str(b, ")");
		}
		break;
	}
	default:
		break;
	}
}

struct search_query *
search_parse(const char *query, struct search_error *err)
{
	struct parser p = { .s = query, .len = strlen(query), .err = err };
	struct search_query *q = calloc(1, sizeof *q);
	struct node *root;
	const struct node *bad = NULL;

	memset(err, 0, sizeof *err);
	if (q == NULL) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return NULL;
	}
	lex(&p);
	root = p.failed ? NULL : parse_or(&p);
	if (root != NULL && !p.failed && p.tok.type != T_END) {
		if (p.tok.type == T_RP)
			perr(&p, p.tok.pos, "unbalanced parenthesis: this ')' has no '('");
		else
			perr(&p, p.tok.pos, "unexpected text");
	}
	if (p.failed) {
		node_free(root);
		goto fail;
	}
	/* Filters: only beside the words at the top, never inside. */
	if (root->type == N_FILTER) {
		if (apply_filter(&p, q, root) < 0)
			goto fail_root;
		node_free(root);
		root = NULL;
	} else if (root->type == N_AND) {
		size_t n = 0;

		for (size_t i = 0; i < root->nkid && bad == NULL; i++) {
			struct node *k = root->kid[i];

			if (k->type == N_FILTER) {
				if (apply_filter(&p, q, k) < 0)
					goto fail_root;
				node_free(k);
				root->kid[i] = NULL;
			} else {
				bad = find_filter(k);
			}
		}
		for (size_t i = 0; i < root->nkid; i++)
			if (root->kid[i] != NULL)
				root->kid[n++] = root->kid[i];
		root->nkid = n;
		if (bad == NULL && n == 0) {
			node_free(root);
			root = NULL;
		} else if (bad == NULL && n == 1) {
			struct node *one = root->kid[0];

			root->nkid = 0;
			node_free(root);
			root = one;
		}
	} else {
		bad = find_filter(root);
	}
	if (bad != NULL) {
		snprintf(err->msg, sizeof err->msg,
			 "%s: applies to the whole query; it cannot be left out, "
			 "joined by OR or put in parentheses",
			 field_names[bad->field]);
		err->column = bad->col;
		goto fail_root;
	}
	q->root = root;
	root = NULL;
	if (q->mask == ALL_KINDS)
		q->mask = 0;
	if (q->root == NULL && q->mask) {
		snprintf(err->msg, sizeof err->msg,
			 "in: needs words to look for in that section");
		err->column = 0;
		goto fail;
	}
	if (q->root != NULL && !positive(q->root, &bad)) {
		snprintf(err->msg, sizeof err->msg,
			 "only words to leave out: add a word to look for");
		err->column = bad->col;
		goto fail;
	}
	q->filter.org = q->org;
	q->filter.category = q->category;
	q->filter.outcome = q->outcome;
	q->filter.since = q->since[0] ? q->since : NULL;
	q->filter.until = q->until[0] ? q->until : NULL;
	q->filter.ref = q->ref[0] ? q->ref : NULL;
	if (q->root != NULL) {
		struct buf b = {0};

		emit(&b, q->root, q->mask, 0);
		q->psize = b.psize;
		q->nphrase = b.nphrase;
		if (b.oom) {
			free(b.s);
			snprintf(err->msg, sizeof err->msg, "out of memory");
			err->column = 0;
			goto fail;
		}
		q->match = b.s;
		q->needs_check = has_span(q->root);
		if (q->needs_check) {
			int r = add_pairs(q, q->root, 1);

			if (r < 0) {
				snprintf(err->msg, sizeof err->msg, "out of memory");
				err->column = 0;
				goto fail;
			}
			q->pairable = r == 0;
			/* The loose MATCH, for a count newest first. */
			if (q->pairable && mark_loose(q->root) > 0) {
				struct buf lb = { .loose = 1 };
				size_t k = 0;

				emit(&lb, q->root, q->mask, 0);
				near_lphrase(q, q->root, &k);
				q->lpsize = lb.psize;
				q->loose = lb.s;
				q->nloose = lb.nphrase;
				q->adj = lb.adj;
				q->nadj = lb.nadj;
				if (lb.oom) {
					snprintf(err->msg, sizeof err->msg,
						 "out of memory");
					err->column = 0;
					goto fail;
				}
			}
			q->spans = (struct store_spans){
				.pairs = q->pairs, .npairs = q->npairs,
				.near = q->near, .nnear = q->nnear,
				.psize = q->psize, .nphrase = q->nphrase,
				.loose = q->loose, .nloose = q->nloose,
				.lpsize = q->lpsize,
				.adj = q->adj, .nadj = q->nadj,
			};
		}
	}
	return q;
fail_root:
	node_free(root);
fail:
	search_query_free(q);
	return NULL;
}

const char *
search_query_match(const struct search_query *q)
{
	return q->match;
}

const struct store_filter *
search_query_filter(const struct search_query *q)
{
	return &q->filter;
}

int
search_query_needs_check(const struct search_query *q)
{
	return q->needs_check;
}

/* ---- matching the stored text ------------------------------------------ */

/* Nonzero when term t matches the tokens of d from token i (before end). */
static int
term_at(const struct node *t, const struct text_toks *d, size_t i,
	size_t end)
{
	const struct text_toks *w = &t->tok;

	if (i + w->n > end)
		return 0;
	for (size_t j = 0; j < w->n; j++) {
		size_t dl = d->fl[i + j], wl = w->fl[j];
		int last = j + 1 == w->n;

		if (last && t->prefix ? dl < wl : dl != wl)
			return 0;
		if (memcmp(d->fold + d->fo[i + j], w->fold + w->fo[j], wl) != 0)
			return 0;
	}
	return 1;
}

/* Nonzero when the NEAR group n matches within tokens [first, end) of d:
 * at most n->near tokens between its terms, as FTS5 counts them. */
static int
near_in(const struct node *n, const struct text_toks *d, size_t first,
	size_t end)
{
	size_t sumlen = 0;

	for (size_t k = 0; k < n->nkid; k++)
		sumlen += n->kid[k]->tok.n;
	for (size_t a = 0; a < n->nkid; a++) {
		const struct node *ta = n->kid[a];

		for (size_t i = first; i < end; i++) {
			size_t maxend;
			int all = 1;

			if (!term_at(ta, d, i, end))
				continue;
			/* i is the leftmost start: take each other term's
			 * first match at or after i. */
			maxend = i + ta->tok.n;
			for (size_t b = 0; b < n->nkid && all; b++) {
				size_t j;

				if (b == a)
					continue;
				for (j = i; j < end; j++)
					if (term_at(n->kid[b], d, j, end))
						break;
				if (j == end) {
					all = 0;
					break;
				}
				if (j + n->kid[b]->tok.n > maxend)
					maxend = j + n->kid[b]->tok.n;
			}
			if (all && maxend - i <= sumlen + (size_t)n->near)
				return 1;
			if (!all)
				break;
		}
	}
	return 0;
}

/* A decision tokenized paragraph by paragraph, lazily and only where
 * needed: a check stops at the first paragraph that answers it, and a
 * paragraph of ASCII text that lacks a word the check needs (found in
 * its lower-cased text, see ascii_lacks) is never tokenized. */
struct dtoks {
	struct text_toks t;
	struct dpara {
		size_t first, end;   /* its tokens in t, once made */
		size_t lowat;        /* its lower-cased text: low + lowat */
		signed char made;    /* tokens made */
		signed char ascii;   /* -1: not looked at; 0: not ASCII; 1: ASCII */
	} *p;
	size_t cap;
	char *low;
	size_t lowlen, lowcap;
};

static void
dtoks_free(struct dtoks *dt)
{
	text_toks_free(&dt->t);
	free(dt->p);
	free(dt->low);
}

/* Starts dt on doc; returns 0 or -1. */
static int
dtoks_reset(struct dtoks *dt, const struct store_doc *doc)
{
	dt->t.n = 0;
	dt->t.flen = 0;
	dt->lowlen = 0;
	if (doc->npara > dt->cap) {
		struct dpara *p = realloc(dt->p, doc->npara * sizeof *p);

		if (p == NULL)
			return -1;
		dt->p = p;
		dt->cap = doc->npara;
	}
	for (size_t i = 0; i < doc->npara; i++) {
		dt->p[i].made = 0;
		dt->p[i].ascii = -1;
	}
	return 0;
}

/* Tokenizes paragraph p of doc unless it is; returns 0 or -1.  Offsets
 * are relative to the paragraph's own text. */
static int
dtoks_ensure(struct dtoks *dt, const struct store_doc *doc, size_t p)
{
	const struct store_para *para = &doc->paras[p];

	if (dt->p[p].made)
		return 0;
	dt->p[p].first = dt->t.n;
	if (text_toks_add(&dt->t, para->text, para->len) < 0)
		return -1;
	dt->p[p].end = dt->t.n;
	dt->p[p].made = 1;
	return 0;
}

/* Nonzero when paragraph p of doc is ASCII text and lacks the first token of
 * term t (an ASCII token folds to its lower case, so it cannot match
 * there); 0 when it may hold it, or when that cannot be told. */
static int
ascii_lacks(struct dtoks *dt, const struct store_doc *doc, size_t p,
	    const struct node *t)
{
	const struct store_para *para = &doc->paras[p];
	struct dpara *dp = &dt->p[p];

	if (t->tok.n == 0)
		return 0;
	if (para->len == 0)
		return 1;       /* no token at all */
	if (dp->ascii < 0) {
		dp->ascii = 0;
		if (dt->lowlen + para->len > dt->lowcap) {
			size_t cap = dt->lowcap ? dt->lowcap : 4096;
			char *b;

			while (dt->lowlen + para->len > cap)
				cap *= 2;
			if ((b = realloc(dt->low, cap)) == NULL)
				return 0;
			dt->low = b;
			dt->lowcap = cap;
		}
		if (!text_fold_ascii(para->text, para->len, dt->low + dt->lowlen))
			return 0;
		dp->lowat = dt->lowlen;
		dt->lowlen += para->len;
		dp->ascii = 1;
	}
	if (!dp->ascii)
		return 0;
	return memmem(dt->low + dp->lowat, para->len, t->tok.fold + t->tok.fo[0],
		      t->tok.fl[0]) == NULL;
}

/* Nonzero when paragraph p surely has no match of n (a term or NEAR):
 * ASCII text lacking one of the words it needs. */
static int
para_lacks(struct dtoks *dt, const struct store_doc *doc, size_t p,
	   const struct node *n)
{
	if (n->type == N_TERM)
		return ascii_lacks(dt, doc, p, n);
	for (size_t k = 0; k < n->nkid; k++)
		if (ascii_lacks(dt, doc, p, n->kid[k]))
			return 1;
	return 0;
}

/* Nonzero when section kind (DECISION_KIND_COUNT: a heading line) is
 * searched by a word under mask. */
static int
kind_in(unsigned mask, int kind)
{
	return mask == 0 || (kind < DECISION_KIND_COUNT && (mask & (1u << kind)));
}

/* Evaluates n on the decision, phrases and NEAR within one paragraph;
 * returns 1, 0, or -1 when out of memory. */
static int
eval(const struct node *n, const struct store_doc *doc, struct dtoks *dt,
     unsigned mask, int neg)
{
	int r;

	switch (n->type) {
	case N_TERM:
	case N_NEAR:
		for (size_t p = 0; p < doc->npara; p++) {
			size_t a, e;

			if (!kind_in(neg ? 0 : mask, (int)doc->paras[p].kind) ||
			    para_lacks(dt, doc, p, n))
				continue;
			if (dtoks_ensure(dt, doc, p) < 0)
				return -1;
			a = dt->p[p].first;
			e = dt->p[p].end;
			if (n->type == N_NEAR) {
				if (near_in(n, &dt->t, a, e))
					return 1;
				continue;
			}
			for (size_t i = a; i < e; i++)
				if (term_at(n, &dt->t, i, e))
					return 1;
		}
		return 0;
	case N_AND:
		for (size_t i = 0; i < n->nkid; i++)
			if ((r = eval(n->kid[i], doc, dt, mask, neg)) <= 0)
				return r;
		return 1;
	case N_OR:
		for (size_t i = 0; i < n->nkid; i++)
			if ((r = eval(n->kid[i], doc, dt, mask, neg)) != 0)
				return r;
		return 0;
	case N_NOT:
		if ((r = eval(n->kid[0], doc, dt, mask, !neg)) < 0)
			return r;
		return !r;
	default:
		return 1;
	}
}

/* Adds a hit; returns 0 or -1. */
static int
hit_add(struct search_hit **h, long *n, long *cap, size_t s, size_t e)
{
	if (*n == *cap) {
		long c = *cap ? *cap * 2 : 16;
		struct search_hit *nh = realloc(*h, (size_t)c * sizeof *nh);

		if (nh == NULL)
			return -1;
		*h = nh;
		*cap = c;
	}
	(*h)[*n].start = s;
	(*h)[*n].end = e;
	(*n)++;
	return 0;
}

/* Adds the hits of every word of n (not those left out) that looks in
 * kind, within tokens [a, e) of t. */
static int
collect(const struct node *n, const struct text_toks *t, size_t a, size_t e,
	int kind, unsigned mask, struct search_hit **h, long *nh, long *cap)
{
	switch (n->type) {
	case N_TERM:
		if (!kind_in(mask, kind))
			return 0;
		for (size_t i = a; i < e; i++)
			if (term_at(n, t, i, e) &&
			    hit_add(h, nh, cap, t->start[i],
				    t->end[i + n->tok.n - 1]) < 0)
				return -1;
		return 0;
	case N_NOT:
		return 0;
	default:
		for (size_t i = 0; i < n->nkid; i++)
			if (collect(n->kid[i], t, a, e, kind, mask, h, nh, cap) < 0)
				return -1;
		return 0;
	}
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

/* Hits of q in tokens [a, e) of t (a paragraph of kind), sorted and
 * merged; returns their number or -1. */
static long
hits_in(const struct search_query *q, const struct text_toks *t, size_t a,
	size_t e, int kind, struct search_hit **hits)
{
	struct search_hit *h = NULL;
	long n = 0, cap = 0, m = 0;

	*hits = NULL;
	if (q->root == NULL)
		return 0;
	if (collect(q->root, t, a, e, kind, q->mask == ALL_KINDS ? 0 : q->mask,
		    &h, &n, &cap) < 0) {
		free(h);
		return -1;
	}
	if (n == 0)
		return 0;
	qsort(h, (size_t)n, sizeof *h, hit_cmp);
	for (long i = 1; i < n; i++) {
		if (h[i].start < h[m].end) {
			if (h[i].end > h[m].end)
				h[m].end = h[i].end;
		} else {
			h[++m] = h[i];
		}
	}
	*hits = h;
	return m + 1;
}

long
search_hits(const struct search_query *q, enum decision_kind kind,
	    const char *text, size_t len, struct search_hit **hits)
{
	struct text_toks t = {0};
	long n;

	*hits = NULL;
	if (text_toks_add(&t, text, len) < 0) {
		text_toks_free(&t);
		return -1;
	}
	n = hits_in(q, &t, 0, t.n, (int)kind, hits);
	text_toks_free(&t);
	return n;
}

char *
search_snippet(const char *text, size_t len, const struct search_hit *hits,
	       long nhits, const char *open, const char *close, size_t width)
{
	struct buf b = {0};
	size_t start = 0, end = len;

	if (nhits > 0 && hits[0].start > width / 4) {
		start = hits[0].start - width / 4;
		while (start > 0 && ((unsigned char)text[start] & 0xc0) == 0x80)
			start--;
		/* Begin at a word. */
		for (size_t i = start; i < hits[0].start; i++) {
			if (text[i] == ' ' || text[i] == '\n') {
				start = i + 1;
				break;
			}
		}
	}
	if (len - start > width) {
		size_t cut = start + width;

		while (cut > start && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--;
		end = cut;
		for (size_t i = cut; i > start + width / 2; i--) {
			if (text[i] == ' ' || text[i] == '\n') {
				end = i;
				break;
			}
		}
		/* Never cut a hit in two. */
		for (long h = 0; h < nhits; h++)
			if (hits[h].start < end && hits[h].end > end)
				end = hits[h].end;
	}
	if (start > 0)
		buf_str(&b, "…");
	{
		long h = 0;
		size_t i = start;

		while (h < nhits && hits[h].end <= start)
			h++;
		while (i < end) {
			if (h < nhits && hits[h].start <= i && i < hits[h].end) {
				size_t e = hits[h].end < end ? hits[h].end : end;

				buf_str(&b, open);
				for (; i < e; i++)
					buf_put(&b, text[i] == '\n' ? " " : text + i, 1);
				buf_str(&b, close);
				h++;
				continue;
			}
			buf_put(&b, text[i] == '\n' ? " " : text + i, 1);
			i++;
		}
	}
	if (end < len)
		buf_str(&b, "…");
	if (b.s == NULL && !b.oom)
		buf_put(&b, "", 0);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- what a paragraph must hold to have a hit ---------------------------- */

/* The first folded token of each word or phrase that can give a hit (not
 * one left out): a paragraph of ASCII text without any of them, in any
 * case, has no hit, and need not be tokenized.  (An ASCII token folds to
 * its lower case.)  any: a word without tokens, which settles nothing. */
struct needles {
	struct needle {
		const char *s;
		size_t len;
	} *v;
	size_t n, cap;
	int any;
	int built;
};

/* Adds the needles of the terms under n; returns 0 or -1. */
static int
needles_add(struct needles *nd, const struct node *n)
{
	if (n->type == N_NOT)
		return 0;
	if (n->type == N_TERM) {
		if (n->tok.n == 0) {
			nd->any = 1;
			return 0;
		}
		if (nd->n == nd->cap) {
			size_t cap = nd->cap ? nd->cap * 2 : 8;
			struct needle *v = realloc(nd->v, cap * sizeof *v);

			if (v == NULL)
				return -1;
			nd->v = v;
			nd->cap = cap;
		}
		nd->v[nd->n].s = n->tok.fold + n->tok.fo[0];
		nd->v[nd->n].len = n->tok.fl[0];
		nd->n++;
		return 0;
	}
	for (size_t i = 0; i < n->nkid; i++)
		if (needles_add(nd, n->kid[i]) < 0)
			return -1;
	return 0;
}

/* ---- the search handle -------------------------------------------------- */

struct search {
	struct store *st;
	const struct search_query *q;
	enum search_order order;
	/* The query's filters, with the caller's (search_filter) as their
	 * also: the parser never sets one of its own. */
	struct store_filter filter;
	struct store_cursor *cur;
	int done;
	long long *ids;          /* the results read so far, in order */
	size_t nids, cap;
	/* A row read ahead to find ties of rank. */
	int have_next;
	long long next_id;
	double next_rank;
	long total;
	int have_total;
	enum store_prefix prefix;       /* how FTS5 answers q's prefixes */
	/* A phrase ranked, once counted: the suspects the check refused,
	 * and whether they are known. */
	long long *rejected;
	size_t nrejected;
	int rejected_known;
	long checked;           /* decisions checked on their text */
	struct dtoks dt;
	/* For the results' paragraphs: one paragraph's tokens, its text
	 * lower-cased, and what a paragraph must hold to have a hit. */
	struct text_toks pt;
	char *low;
	size_t lowcap;
	struct needles nd;
};

struct search *
search_open(struct store *st, const struct search_query *q,
	    enum search_order order)
{
	struct search *s = calloc(1, sizeof *s);
	int rc;

	if (s == NULL)
		return NULL;
	s->st = st;
	s->q = q;
	s->order = order;
	s->filter = q->filter;
	/* Should the store fail to say, the plans taken for a merged
	 * prefix suit any query; the search itself then reports the
	 * failure. */
	rc = store_match_prefix(st, q->match);
	s->prefix = rc < 0 ? STORE_PREFIX_MERGED : (enum store_prefix)rc;
	return s;
}

int
search_filter(struct search *s, const struct store_filter *f)
{
	/* Once a cursor or a count exists, they answer for the old filter. */
	if (s->cur != NULL || s->done || s->have_total)
		return -1;
	s->filter.also = f;
	return 0;
}

void
search_close(struct search *s)
{
	if (s == NULL)
		return;
	store_search_close(s->cur);
	free(s->ids);
	free(s->rejected);
	dtoks_free(&s->dt);
	text_toks_free(&s->pt);
	free(s->low);
	free(s->nd.v);
	free(s);
}

/* Checks decision id on its stored paragraphs: returns 1 when it
 * matches, 0, or -1. */
static int
check(long long id, void *arg)
{
	struct search *s = arg;
	struct store_doc doc;
	int rc = store_search_doc(s->st, id, &doc);

	s->checked++;
	if (rc <= 0)
		return rc;
	if (dtoks_reset(&s->dt, &doc) < 0)
		return -1;
	return eval(s->q->root, &doc, &s->dt, s->q->mask, 0);
}

static int counted_plan(const struct search *s);

/* Nonzero when id is one of the n ids of v, in rising order. */
static int
id_in(const long long *v, size_t n, long long id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (v[m] < id)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < n && v[lo] == id;
}

/* Nonzero when id is one of the matches that the ranked cursor of s
 * found its spans do not settle (they are in rowid order). */
static int
suspect(const struct search *s, long long id)
{
	const long long *v;
	size_t n = store_search_suspects(s->cur, &v);

	return id_in(v, n, id);
}

/* Keeps id when it passes the paragraph check; returns 0 or -1. */
static int
keep(struct search *s, long long id)
{
	/* counted_plan's cursor hands out checked results only. */
	if (s->q->needs_check && !counted_plan(s)) {
		int rc = 0;

		/* A phrase ranked: its cursor has read every match's break
		 * pairs already (store_search_open_ranked), so none is read
		 * again (one decision_break row a result: `"the council"`,
		 * 94,006 results read to their end, 750 → 500 ms). */
		if (s->q->pairable)
			rc = s->order == SEARCH_ORDER_RANK
				? !suspect(s, id)
				: store_search_clear(s->st, id, &s->q->spans);
		/* A suspect the count has checked is not checked again. */
		if (rc == 0 && s->q->pairable && s->rejected_known)
			rc = !id_in(s->rejected, s->nrejected, id);
		else if (rc == 0)
			rc = check(id, s);
		if (rc <= 0)
			return rc;
	}
	if (s->nids == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		long long *n = realloc(s->ids, cap * sizeof *n);

		if (n == NULL)
			return -1;
		s->ids = n;
		s->cap = cap;
	}
	s->ids[s->nids++] = id;
	return 0;
}

/* At most this many matches are read and sorted by date; more are found
 * by walking the date index. */
#define FEW_MATCHES 2000

/* Nonzero when s, newest first, finds its results before handing any
 * out, in one pass over FTS5's matches that also counts them
 * (store_search_open_counted): a phrase, whose matches need the check
 * of paragraph breaks and whose count costs as much as the matches; a
 * prefix, which FTS5 answers by merging all of its words or, asked as
 * those words, by reading them all side by side; and any query with
 * filters, whose count tests every match against the filters' set (or,
 * when they pass few decisions, asks FTS5 about each of those).
 * Counting first and then reading the matches again cost those queries
 * two passes (`"the council"` 1,847 → 980 M instructions, `comp*` 1,405
 * → 727 M; `complaint outcome:upheld` 18 → 10 ms). */
static int
counted_plan(const struct search *s)
{
	const struct search_query *q = s->q;

	if (s->order == SEARCH_ORDER_RANK || q->match == NULL)
		return 0;
	return q->pairable ||
	       (!q->needs_check && (s->prefix != STORE_PREFIX_NONE ||
				    store_filter_any(&s->filter)));
}

/* The store's plan for the results of s (see enum store_order).  Newest
 * first, and for filters alone in either order, the number of results
 * picks it, so the count is taken first (it is wanted anyway, and FTS5
 * counts from the index alone, the filters from theirs): a few results
 * are sorted, matches in a quarter of the decisions or more are found by
 * asking FTS5 about each decision from the newest (about 50 × 4
 * questions for a page), others by a set of matches read once.  A
 * checked query keeps the set (its count needs the check), and
 * counted_plan's queries find that set and the count together. */
static int
plan(struct search *s, enum store_order *order)
{
	const struct search_query *q = s->q;
	long long span;

	*order = STORE_ORDER_RANK;
	if (s->order == SEARCH_ORDER_RANK && q->match != NULL)
		return 0;
	*order = STORE_ORDER_DATE;
	if (q->needs_check || counted_plan(s))
		return 0;
	if (!s->have_total) {
		if (store_search_count(s->st, q->match, &s->filter, &s->total) < 0)
			return -1;
		s->have_total = 1;
	}
	if (s->total <= FEW_MATCHES) {
		*order = STORE_ORDER_DATE_FEW;
		return 0;
	}
	if (q->match == NULL || store_filter_any(&s->filter) ||
	    s->prefix == STORE_PREFIX_MERGED)
		return 0;
	if (store_search_span(s->st, &span) < 0)
		return -1;
	if ((long long)s->total * 4 >= span)
		*order = STORE_ORDER_DATE_MANY;
	return 0;
}

/* Reads results until there are want of them or no more; returns 0 or
 * -1. */
static int
fill(struct search *s, size_t want)
{
	const struct search_query *q = s->q;
	long long *run = NULL;
	size_t nrun = 0, runcap = 0;
	int rc = 0;

	if (s->cur == NULL && !s->done) {
		enum store_order order;

		if (plan(s, &order) < 0)
			return -1;
		if (counted_plan(s)) {
			s->cur = store_search_open_counted(
				s->st, q->match, &s->filter,
				q->pairable ? &q->spans : NULL, check, s, &s->total);
			s->have_total = s->cur != NULL;
		} else if (order == STORE_ORDER_RANK && q->pairable)
			s->cur = store_search_open_ranked(s->st, q->match, &s->filter,
							  &q->spans);
		else
			s->cur = store_search_open(s->st, q->match, &s->filter, order);
		if (s->cur == NULL)
			return -1;
	}
	while (s->nids < want && !s->done) {
		long long id;
		double rank;

		if (s->have_next) {
			id = s->next_id;
			rank = s->next_rank;
			s->have_next = 0;
		} else if ((rc = store_search_next(s->cur, &id, &rank)) <= 0) {
			s->done = 1;
			break;
		}
		if (s->order != SEARCH_ORDER_RANK || q->match == NULL) {
			if (keep(s, id) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		/* Ranked: gather the run of equal rank, newest first. */
		nrun = 0;
		for (;;) {
			if (nrun == runcap) {
				size_t c = runcap ? runcap * 2 : 8;
				long long *r = realloc(run, c * sizeof *r);

				if (r == NULL) {
					rc = -1;
					goto out;
				}
				run = r;
				runcap = c;
			}
			run[nrun++] = id;
			rc = store_search_next(s->cur, &s->next_id, &s->next_rank);
			if (rc < 0)
				goto out;
			if (rc == 0) {
				s->done = 1;
				break;
			}
			if (s->next_rank != rank) {
				s->have_next = 1;
				break;
			}
			id = s->next_id;
		}
		if (store_search_sort_newest(s->st, run, nrun) < 0) {
			rc = -1;
			goto out;
		}
		for (size_t i = 0; i < nrun; i++) {
			if (keep(s, run[i]) < 0) {
				rc = -1;
				goto out;
			}
		}
		/* The run may end the results. */
		rc = 0;
	}
out:
	free(run);
	return rc < 0 ? -1 : 0;
}

long
search_checked(const struct search *s)
{
	return s->checked;
}

int
search_count(struct search *s, long *n)
{
	if (!s->have_total) {
		if (!s->q->needs_check && s->q->match != NULL &&
		    s->order == SEARCH_ORDER_RANK) {
			/* A ranked cursor reads every match when opened. */
			if (fill(s, 0) < 0)
				return -1;
			s->total = s->cur ? store_search_total(s->cur) : -1;
			if (s->total < 0 &&
			    store_search_count(s->st, s->q->match, &s->filter,
					       &s->total) < 0)
				return -1;
		} else if (s->q->pairable && s->q->match != NULL &&
			   s->order == SEARCH_ORDER_RANK) {
			/* The ranked cursor's matches, less those where a phrase
			 * only straddles a paragraph break. */
			const long long *sus;
			size_t ns;

			if (fill(s, 0) < 0 || s->cur == NULL)
				return -1;
			s->total = store_search_total(s->cur);
			ns = store_search_suspects(s->cur, &sus);
			free(s->rejected);
			s->rejected = NULL;
			s->nrejected = 0;
			if (ns > 0 && (s->rejected = malloc(ns * sizeof *sus)) == NULL)
				return -1;
			for (size_t i = 0; i < ns; i++) {
				int rc = check(sus[i], s);

				if (rc < 0)
					return -1;
				if (rc == 0)
					s->rejected[s->nrejected++] = sus[i];
			}
			s->total -= (long)s->nrejected;
			s->rejected_known = 1;
		} else if (counted_plan(s)) {
			/* The cursor counts its results when opened. */
			if (fill(s, 0) < 0 || s->cur == NULL)
				return -1;
		} else if (!s->q->needs_check) {
			if (store_search_count(s->st, s->q->match, &s->filter,
					       &s->total) < 0)
				return -1;
		} else {
			if (fill(s, SIZE_MAX) < 0)
				return -1;
			s->total = (long)s->nids;
		}
		s->have_total = 1;
	}
	*n = s->total;
	return 0;
}

/* Sets *few when s, with no filters, has its n matches in less than a
 * quarter of the store (as plan() counts them): store_search_orgs then
 * looks them up one by one rather than walking the whole index.  Returns
 * 0 or -1. */
static int
orgs_few(struct search *s, long n, int *few)
{
	long long span;

	*few = 0;
	if (s->q->match == NULL || store_filter_any(&s->filter))
		return 0;
	if (store_search_span(s->st, &span) < 0)
		return -1;
	*few = (long long)n * 4 < span;
	return 0;
}

int
search_orgs(struct search *s, store_org_fn fn, void *arg)
{
	long n = 0;
	int few = 0;

	/* FTS5's matches are the results unless they are checked again:
	 * then only the checked results count, read to their end once (the
	 * count, and later pages, reuse them). */
	if (!s->q->needs_check) {
		if (s->q->match != NULL && !store_filter_any(&s->filter) &&
		    (search_count(s, &n) < 0 || orgs_few(s, n, &few) < 0))
			return -1;
		return store_search_orgs(s->st, s->q->match, &s->filter, few,
					 NULL, 0, fn, arg);
	}
	/* Newest first in one counted pass: its cursor holds the set of
	 * the results, checked (`"the council"`: reading all 94,006 in date
	 * order and grouping them by id took ~1.3 s in the browser). */
	if (counted_plan(s)) {
		if (fill(s, 0) < 0 || s->cur == NULL)
			return -1;
		return store_search_cursor_orgs(s->cur, fn, arg);
	}
	/* A phrase ranked: the results are FTS5's matches less the suspects
	 * the count's check refused, which need not be read in order (all
	 * the results in rank order: `"the council"`, 94,006, took 500 ms,
	 * most of it the dates that order the runs of equal rank); with
	 * none refused, few are looked up one by one as above. */
	if (s->q->pairable && s->order == SEARCH_ORDER_RANK) {
		if (search_count(s, &n) < 0 ||
		    (s->nrejected == 0 && orgs_few(s, n, &few) < 0))
			return -1;
		if (s->rejected_known)
			return store_search_orgs(s->st, s->q->match, &s->filter,
						 few, s->rejected, s->nrejected,
						 fn, arg);
	}
	if (fill(s, SIZE_MAX) < 0)
		return -1;
	s->total = (long)s->nids;
	s->have_total = 1;
	return store_orgs_of(s->st, s->ids, s->nids, fn, arg);
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void
search_results_free(struct search_result *res, long n)
{
	if (res == NULL)
		return;
	for (long i = 0; i < n; i++) {
		free(res[i].organisation);
		free(res[i].date);
		free(res[i].outcome);
		free(res[i].text);
		free(res[i].hits);
		free(res[i].snippet);
	}
	free(res);
}

/* Nonzero when paragraph text[0..len) may hold a hit of s's query:
 * always unless it is ASCII and holds none of the needles. */
static int
may_hit(struct search *s, const char *text, size_t len)
{
	struct needles *nd = &s->nd;

	if (!nd->built) {
		if (needles_add(nd, s->q->root) < 0)
			nd->any = 1;
		nd->built = 1;
	}
	if (nd->any)
		return 1;
	if (len + 1 > s->lowcap) {
		char *b = realloc(s->low, len + 1);

		if (b == NULL)
			return 1;
		s->low = b;
		s->lowcap = len + 1;
	}
	if (!text_fold_ascii(text, len, s->low))
		return 1;
	for (size_t i = 0; i < nd->n; i++)
		if (memmem(s->low, len, nd->v[i].s, nd->v[i].len) != NULL)
			return 1;
	return 0;
}

/* Fills r for decision id: its best paragraph, hits and snippet. */
static int
result_fill(struct search *s, long long id, struct search_result *r)
{
	struct store_doc doc;
	long best = -1, besthits = -1;
	struct search_hit *h = NULL;
	long nh = 0;
	int rc = store_search_doc(s->st, id, &doc);

	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	/* Each paragraph that may have a hit is tokenized alone (hit
	 * offsets are then the paragraph's own); the best is the one with
	 * the most hits, the first on a tie. */
	for (size_t p = 0; p < doc.npara; p++) {
		const struct store_para *para = &doc.paras[p];
		struct search_hit *ph = NULL;
		long n = 0;

		if (para->n < 0)
			continue;
		if (s->q->root == NULL) {
			/* Filters alone: no hit anywhere. */
			best = (long)p;
			break;
		}
		if (may_hit(s, para->text, para->len)) {
			s->pt.n = 0;
			s->pt.flen = 0;
			n = text_toks_add(&s->pt, para->text, para->len) < 0
				    ? -1
				    : hits_in(s->q, &s->pt, 0, s->pt.n,
					      (int)para->kind, &ph);
		}
		if (n < 0) {
			free(h);
			return -1;
		}
		if (n > besthits) {
			free(h);
			h = ph;
			nh = n;
			best = (long)p;
			besthits = n;
		} else {
			free(ph);
		}
	}
	snprintf(r->ref, sizeof r->ref, "%s", doc.ref);
	r->organisation = dup_or_null(doc.organisation);
	r->date = dup_or_null(doc.date);
	r->outcome = dup_or_null(doc.outcome);
	r->paragraph = 0;
	r->kind = DECISION_KIND_SUMMARY;
	if (best >= 0) {
		const struct store_para *p = &doc.paras[best];

		r->paragraph = p->n;
		r->kind = p->kind;
		r->text = strndup(p->text, p->len);
		/* Token offsets are relative to the paragraph already. */
		r->hits = h;
		r->nhits = nh;
		h = NULL;
		if (r->text != NULL)
			r->snippet = search_snippet(p->text, p->len, r->hits,
						    r->nhits, "[", "]", 200);
	} else {
		r->text = strdup("");
		r->snippet = strdup("");
	}
	free(h);
	if (r->text == NULL || r->snippet == NULL ||
	    (doc.organisation && !r->organisation) || (doc.date && !r->date) ||
	    (doc.outcome && !r->outcome))
		return -1;
	return 1;
}

long
search_page(struct search *s, long offset, long limit,
	    struct search_result **res)
{
	struct search_result *r;
	long n = 0;

	*res = NULL;
	if (offset < 0)
		offset = 0;
	if (limit < 0)
		limit = LONG_MAX - offset;
	if (fill(s, (size_t)offset + (size_t)limit) < 0)
		return -1;
	if ((size_t)offset >= s->nids)
		return 0;
	if ((size_t)limit > s->nids - (size_t)offset)
		limit = (long)(s->nids - (size_t)offset);
	if ((r = calloc((size_t)limit ? (size_t)limit : 1, sizeof *r)) == NULL)
		return -1;
	for (long i = 0; i < limit; i++) {
		int rc = result_fill(s, s->ids[offset + i], &r[n]);

		if (rc < 0) {
			search_results_free(r, n + 1);
			return -1;
		}
		if (rc > 0)
			n++;
	}
	*res = r;
	return n;
}
