/* search_query: the query language.  A query is parsed into a tree of
 * our own (words, phrases, prefixes, NEAR, AND/OR/NOT, the field
 * filters), validated, and its errors told as sentences with a column;
 * the filters become a struct store_filter.  No SQL, no store: this
 * file links with the text and decision modules alone. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "search_int.h"
#include "text.h"

#define MAX_DEPTH 32     /* nested parentheses and negations */
#define MAX_NEAR 1000    /* largest NEAR distance */
#define NEAR_DEFAULT 10  /* FTS5's default */

static const char *const field_names[F_COUNT_] = {
	[F_ORG] = "org", [F_CATEGORY] = "category", [F_OUTCOME] = "outcome",
	[F_REF] = "ref", [F_IN] = "in", [F_AFTER] = "after",
	[F_BEFORE] = "before", [F_YEAR] = "year",
};

void
search_node_free(struct node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		search_node_free(n->kid[i]);
	free(n->kid);
	free(n->raw);
	free(n->value);
	free(n->stem);
	for (size_t i = 0; i < n->nforms; i++)
		free(n->forms[i]);
	free(n->forms);
	text_toks_free(&n->tok);
	free(n);
}

void
search_query_free(struct search_query *q)
{
	if (q == NULL)
		return;
	search_node_free(q->root);
	free(q->org);
	free(q->category);
	free(q->outcome);
	search_fts_free(q);
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

/* Reads the phrase at p->pos, its '"' and all, into p->tok. */
static void
lex_phrase(struct parser *p)
{
	struct lexeme *t = &p->tok;
	char buf[48];
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
}

/* Reads the field whose name is bytes [p->pos, i) of the query, its
 * ':' at i, and its value into p->tok. */
static void
lex_field(struct parser *p, size_t i)
{
	struct lexeme *t = &p->tok;
	char buf[48];
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
}

/* Reads the next lexeme into p->tok. */
static void
lex(struct parser *p)
{
	struct lexeme *t = &p->tok;
	size_t k, i;
	char c;

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
	case '"':
		lex_phrase(p);
		return;
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
		lex_field(p, i);
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
		search_node_free(kid);
		perr(p, SIZE_MAX, "out of memory");
		return -1;
	}
	n->kid = k;
	n->kid[n->nkid++] = kid;
	return 0;
}

/* A word or phrase from the current lexeme. */
static struct node *
q_term(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n = node_new(p, N_TERM, t->pos);
	char buf[48];

	if (n == NULL)
		return NULL;
	n->prefix = t->prefix;
	n->exact = t->type == T_PHRASE;
	n->raw = strndup(t->text, t->len);
	if (n->raw == NULL || text_toks_add(&n->tok, t->text, t->len) < 0) {
		search_node_free(n);
		return perr(p, SIZE_MAX, "out of memory");
	}
	if (n->tok.n == 0) {
		search_node_free(n);
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
q_near(struct parser *p)
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
		struct node *t = q_term(p);

		if (t == NULL || node_add(p, n, t) < 0) {
			search_node_free(n);
			return NULL;
		}
	}
	if (p->failed) {
		search_node_free(n);
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
			search_node_free(n);
			return perr(p, npos, "NEAR: a number must follow the comma (like NEAR(delay apology, 5))");
		}
		if (v > MAX_NEAR) {
			search_node_free(n);
			return perr(p, npos, "NEAR: the distance is at most %d", MAX_NEAR);
		}
		n->near = (int)v;
		p->pos = i;
		lex(p);
	}
	if (p->failed) {
		search_node_free(n);
		return NULL;
	}
	if (p->tok.type != T_RP) {
		search_node_free(n);
		if (p->tok.type == T_END)
			return perr(p, at, "unbalanced parenthesis: NEAR( has no ')'");
		return perr(p, p->tok.pos, "NEAR(...) holds only words, phrases and ', N'");
	}
	if (n->nkid < 2) {
		size_t k = n->nkid;

		search_node_free(n);
		return perr(p, at, k ? "NEAR needs at least two words" :
			    "NEAR without words (like NEAR(delay apology, 5))");
	}
	lex(p);
	return n;
}

static struct node *q_or(struct parser *p);

static struct node *
q_primary(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n;
	size_t at = t->pos;
	char buf[48];

	switch (t->type) {
	case T_WORD:
	case T_PHRASE:
		return q_term(p);
	case T_NEAR:
		return q_near(p);
	case T_FIELD:
		if ((n = node_new(p, N_FILTER, at)) == NULL)
			return NULL;
		n->field = t->field;
		if ((n->value = strndup(t->text, t->len)) == NULL) {
			search_node_free(n);
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
		n = q_or(p);
		if (n == NULL)
			return NULL;
		if (p->tok.type != T_RP) {
			search_node_free(n);
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
q_unary(struct parser *p)
{
	struct lexeme *t = &p->tok;
	struct node *n, *kid;
	size_t at = t->pos;
	int minus = t->type == T_MINUS;

	if (t->type != T_MINUS && t->type != T_NOT)
		return q_primary(p);
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
	kid = q_primary(p);
	p->depth--;
	if (kid == NULL)
		return NULL;
	if ((n = node_new(p, N_NOT, at)) == NULL) {
		search_node_free(kid);
		return NULL;
	}
	if (node_add(p, n, kid) < 0) {
		search_node_free(n);
		return NULL;
	}
	return n;
}

static struct node *
q_and(struct parser *p)
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
				search_node_free(n);
				return perr(p, at, "'AND' needs a word on each side");
			}
			continue;
		}
		if ((kid = q_unary(p)) == NULL || node_add(p, n, kid) < 0)
			break;
	}
	if (p->failed) {
		search_node_free(n);
		return NULL;
	}
	if (n->nkid == 0) {
		size_t at = p->tok.pos;

		search_node_free(n);
		if (p->tok.type == T_OR)
			return perr(p, at, "'OR' needs a word on each side");
		if (p->tok.type == T_RP)
			return perr(p, at, "unbalanced parenthesis: this ')' has no '('");
		return perr(p, at, "the query is empty");
	}
	if (n->nkid == 1) {
		one = n->kid[0];
		n->nkid = 0;
		search_node_free(n);
		return one;
	}
	return n;
}

static struct node *
q_or(struct parser *p)
{
	struct node *left = q_and(p), *n;

	if (left == NULL || p->tok.type != T_OR)
		return left;
	if ((n = node_new(p, N_OR, p->tok.pos)) == NULL ||
	    node_add(p, n, left) < 0) {
		search_node_free(left);
		return NULL;
	}
	while (p->tok.type == T_OR && !p->failed) {
		size_t at = p->tok.pos;
		struct node *right;

		lex(p);
		if (p->tok.type == T_END || p->tok.type == T_RP ||
		    p->tok.type == T_OR || p->tok.type == T_AND) {
			search_node_free(n);
			return perr(p, at, "'OR' needs a word on each side");
		}
		if ((right = q_and(p)) == NULL || node_add(p, n, right) < 0) {
			search_node_free(n);
			return NULL;
		}
	}
	if (p->failed) {
		search_node_free(n);
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
		/* A year or a month: from its first day, to its last. */
		if (decision_date_bound(v, len, f->field == F_BEFORE, date) < 0) {
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

/* ---- stems ---------------------------------------------------------------- */

/* Makes t a stemmed word when it is a bare word of one token: its stem,
 * and as its needle the bytes its folded form shares with the stem.
 * Returns 0 or -1. */
static int
stem_term(struct node *t)
{
	char buf[TEXT_STEM_MAX];
	const char *w;
	size_t wl, sl, k = 0;

	if (t->exact || t->prefix || t->tok.n != 1)
		return 0;
	w = t->tok.fold + t->tok.fo[0];
	wl = t->tok.fl[0];
	if ((sl = text_stem(w, wl, buf)) == 0) {
		memcpy(buf, w, wl < sizeof buf ? wl : sizeof buf);
		sl = wl < sizeof buf ? wl : sizeof buf;
	}
	if ((t->stem = malloc(sl + 1)) == NULL)
		return -1;
	memcpy(t->stem, buf, sl);
	t->stem[sl] = '\0';
	t->stemlen = sl;
	while (k < sl && k < wl && buf[k] == w[k])
		k++;
	t->needle = k;
	return 0;
}

/* Stems the bare words under n, but not those of NEAR groups (FTS5's
 * NEAR takes phrases, not words ORed); returns 0 or -1. */
static int
stem_terms(struct node *n)
{
	if (n->type == N_TERM)
		return stem_term(n);
	if (n->type == N_NEAR)
		return 0;
	for (size_t i = 0; i < n->nkid; i++)
		if (stem_terms(n->kid[i]) < 0)
			return -1;
	return 0;
}

struct node *
search_node_term(const char *s, size_t len, int exact)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	n->type = N_TERM;
	n->exact = exact;
	if ((n->raw = strndup(s, len)) == NULL ||
	    text_toks_add(&n->tok, s, len) < 0 || stem_term(n) < 0) {
		search_node_free(n);
		return NULL;
	}
	return n;
}

struct node *
search_node_join(enum ntype type, struct node *a, struct node *b)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL || (n->kid = calloc(2, sizeof *n->kid)) == NULL) {
		free(n);
		search_node_free(a);
		search_node_free(b);
		return NULL;
	}
	n->type = type;
	n->col = a->col;
	n->kid[0] = a;
	n->kid[1] = b;
	n->nkid = 2;
	return n;
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
	root = p.failed ? NULL : q_or(&p);
	if (root != NULL && !p.failed && p.tok.type != T_END) {
		if (p.tok.type == T_RP)
			perr(&p, p.tok.pos, "unbalanced parenthesis: this ')' has no '('");
		else
			perr(&p, p.tok.pos, "unexpected text");
	}
	if (p.failed) {
		search_node_free(root);
		goto fail;
	}
	/* Filters: only beside the words at the top, never inside. */
	if (root->type == N_FILTER) {
		if (apply_filter(&p, q, root) < 0)
			goto fail_root;
		search_node_free(root);
		root = NULL;
	} else if (root->type == N_AND) {
		size_t n = 0;

		for (size_t i = 0; i < root->nkid && bad == NULL; i++) {
			struct node *k = root->kid[i];

			if (k->type == N_FILTER) {
				if (apply_filter(&p, q, k) < 0)
					goto fail_root;
				search_node_free(k);
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
			search_node_free(root);
			root = NULL;
		} else if (bad == NULL && n == 1) {
			struct node *one = root->kid[0];

			root->nkid = 0;
			search_node_free(root);
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
	if (q->root != NULL && stem_terms(q->root) < 0) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		err->column = 0;
		goto fail;
	}
	if (search_fts_build(q, err) < 0)
		goto fail;
	return q;
fail_root:
	search_node_free(root);
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
search_query_set_outcome(struct search_query *q, const char *outcome)
{
	char *o = strdup(outcome);

	if (o == NULL)
		return -1;
	free(q->outcome);
	q->outcome = o;
	q->filter.outcome = o;
	return 0;
}

int
search_query_needs_check(const struct search_query *q)
{
	return q->needs_check;
}

