/* fetch_robots: robots.txt as ombuds obeys it (RFC 9309): the group of
 * rules for its own product token, else the '*' group; Allow and
 * Disallow matched on the path and query, '*' and '$' understood, the
 * longest match deciding; and Crawl-delay, which the standard leaves out
 * but many sites give. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch_int.h"

/* One line of robots.txt split into its field and value (both trimmed,
 * the comment dropped).  Returns 0 when the line holds no field. */
static int
robots_line(const char *s, size_t n, char *field, size_t fl, char *value,
	    size_t vl)
{
	const char *colon, *hash = memchr(s, '#', n);
	size_t a, b;

	if (hash != NULL)
		n = (size_t)(hash - s);
	if ((colon = memchr(s, ':', n)) == NULL)
		return 0;
	for (a = 0; a < (size_t)(colon - s) && isspace((unsigned char)s[a]); a++)
		;
	for (b = (size_t)(colon - s); b > a && isspace((unsigned char)s[b - 1]); b--)
		;
	if (b - a >= fl)
		return 0;
	memcpy(field, s + a, b - a);
	field[b - a] = '\0';
	for (a = (size_t)(colon - s) + 1; a < n && isspace((unsigned char)s[a]); a++)
		;
	for (b = n; b > a && isspace((unsigned char)s[b - 1]); b--)
		;
	if (b - a >= vl)
		b = a + vl - 1;
	memcpy(value, s + a, b - a);
	value[b - a] = '\0';
	return 1;
}

/* Adds a rule; returns 0 or -1. */
static int
robots_add(struct fetch_robots *r, const char *pattern, int allow)
{
	struct fetch_rule *nr = realloc(r->rules, (r->n + 1) * sizeof *nr);

	if (nr == NULL)
		return -1;
	r->rules = nr;
	if ((nr[r->n].pattern = strdup(pattern)) == NULL)
		return -1;
	nr[r->n].allow = allow;
	r->n++;
	return 0;
}

/* Reads the groups of text, keeping the rules of those that name agent
 * (mine set) or '*' (mine clear) into r.  Sets *found when a group
 * named it.  Returns 0 or -1. */
static int
robots_pass(struct fetch_robots *r, const char *text, size_t len,
	    const char *agent, int mine, int *found)
{
	char field[32], value[512];
	int in_group = 0, agents_open = 0;
	size_t i = 0;

	while (i < len) {
		const char *s = text + i;
		const char *nl = memchr(s, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - i;

		i += n + 1;
		if (!robots_line(s, n, field, sizeof field, value, sizeof value))
			continue;
		if (strcasecmp(field, "user-agent") == 0) {
			int match = mine ? strcasecmp(value, agent) == 0
					 : strcmp(value, "*") == 0;

			/* User-agent lines in a row make one group. */
			if (!agents_open)
				in_group = 0;
			agents_open = 1;
			if (match) {
				in_group = 1;
				*found = 1;
			}
			continue;
		}
		agents_open = 0;
		if (!in_group)
			continue;
		if (strcasecmp(field, "disallow") == 0 && value[0] != '\0') {
			if (robots_add(r, value, 0) < 0)
				return -1;
		} else if (strcasecmp(field, "allow") == 0 && value[0] != '\0') {
			if (robots_add(r, value, 1) < 0)
				return -1;
		} else if (strcasecmp(field, "crawl-delay") == 0) {
			char *end;
			double d = strtod(value, &end);

			if (end != value && d > 0 && d < 86400 && d > r->crawl_delay)
				r->crawl_delay = d;
		}
	}
	return 0;
}

int
fetch_robots_parse(struct fetch_robots *r, const char *text, size_t len,
		   const char *agent)
{
	int found = 0;

	memset(r, 0, sizeof *r);
	if (robots_pass(r, text, len, agent, 1, &found) < 0)
		return -1;
	if (!found && robots_pass(r, text, len, agent, 0, &found) < 0)
		return -1;
	return 0;
}

/* The length of pattern when it matches the start of path (its end too
 * when it ends in '$'), else -1. */
static long
robots_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;

	while (*p != '\0') {
		if (*p == '*') {
			/* Try every split, shortest first. */
			for (const char *t = s;; t++) {
				if (robots_match(p + 1, t) >= 0)
					return (long)strlen(pattern);
				if (*t == '\0')
					return -1;
			}
		}
		if (*p == '$' && p[1] == '\0')
			return *s == '\0' ? (long)strlen(pattern) : -1;
		if (*s != *p)
			return -1;
		p++;
		s++;
	}
	return (long)strlen(pattern);
}

int
fetch_robots_allowed(const struct fetch_robots *r, const char *path)
{
	long best = -1;
	int allow = 1;

	for (size_t i = 0; i < r->n; i++) {
		long m = robots_match(r->rules[i].pattern, path);

		if (m > best || (m == best && m >= 0 && r->rules[i].allow)) {
			best = m;
			allow = r->rules[i].allow;
		}
	}
	return allow;
}

void
fetch_robots_free(struct fetch_robots *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rules[i].pattern);
	free(r->rules);
	memset(r, 0, sizeof *r);
}
