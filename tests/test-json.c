/* Unit tests of the JSON writer: structure, commas, escaping, bad UTF-8. */
#include "config.h"

#include <stdlib.h>

#include "json.h"
#include "tap.h"

/* Runs fn on a writer over a memory stream; returns the text (malloc'd). */
static char *
render(void (*fn)(struct json *), int pretty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f, pretty);
	fn(&j);
	json_finish(&j);
	fclose(f);
	return buf;
}

static void
empty_things(struct json *j)
{
	json_array(j);
	json_object(j);
	json_end_object(j);
	json_array(j);
	json_end_array(j);
	json_end_array(j);
}

static void
nested(struct json *j)
{
	json_object(j);
	json_key(j, "a");
	json_int(j, 1);
	json_key(j, "b");
	json_array(j);
	json_string(j, "x");
	json_null(j);
	json_string(j, NULL);
	json_end_array(j);
	json_key(j, "c");
	json_int(j, -42);
	json_end_object(j);
}

static void
escapes(struct json *j)
{
	json_string(j, "q\"b\\n\nt\tc\x01\x1f del\x7f £’ \xe2\x80\xa8");
}

static void
bad_utf8(struct json *j)
{
	json_string(j, "a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\xef\xbf\xbd");
}

static void
numbers(struct json *j)
{
	static const char *const n[] = {
		"62.5", "0", "-1", "100.0", "1e3", "2.5E-2", NULL, "", "62,5",
		"nan", "01", "1.", ".5", "-", "1e", "5 ",
	};

	json_array(j);
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
		json_number(j, n[i]);
	json_end_array(j);
}

static void
pretty(struct json *j)
{
	json_object(j);
	json_key(j, "k");
	json_array(j);
	json_int(j, 1);
	json_int(j, 2);
	json_end_array(j);
	json_end_object(j);
}

int
main(void)
{
	char *s;

	s = render(empty_things, 0);
	is_str(s, "[{},[]]\n", "empty containers get commas between them");
	free(s);
	s = render(nested, 0);
	is_str(s, "{\"a\":1,\"b\":[\"x\",null,null],\"c\":-42}\n",
	       "nested object and array, null strings");
	free(s);
	s = render(escapes, 0);
	is_str(s, "\"q\\\"b\\\\n\\nt\\tc\\u0001\\u001f del\\u007f £’ \\u2028\"\n",
	       "quotes, backslash, controls and U+2028 escaped; UTF-8 kept");
	free(s);
	s = render(bad_utf8, 0);
	ok(s != NULL && strstr(s, "\\ufffd") != NULL &&
		   strstr(s, "\xff") == NULL && strstr(s, "\xc0") == NULL,
	   "invalid bytes become \\ufffd, never raw: %s", s ? s : "(null)");
	ok(s != NULL && strstr(s, "d\xef\xbf\xbd") != NULL,
	   "a real U+FFFD is kept as is");
	free(s);
	s = render(numbers, 0);
	is_str(s, "[62.5,0,-1,100.0,1e3,2.5E-2,null,null,null,null,null,null,"
		  "null,null,null,null]\n",
	       "numbers as given; anything else null");
	free(s);
	s = render(pretty, 1);
	is_str(s, "{\n  \"k\": [\n    1,\n    2\n  ]\n}\n", "pretty layout");
	free(s);
	return tap_done();
}
