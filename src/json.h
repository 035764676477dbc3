/* json: a small streaming JSON writer for the command line's --format
 * json, so that no output is made by pasting strings.  No SQL, no curses. */
#ifndef OMBUDS_JSON_H
#define OMBUDS_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	int count[JSON_MAX_DEPTH]; /* values written at each level */
	int after_key;             /* a key was written, its value is due */
	int pretty;                /* newlines and indentation */
};

void json_init(struct json *j, FILE *out, int pretty);
void json_object(struct json *j);   /* { */
void json_array(struct json *j);    /* [ */
void json_end_object(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
/* A string (NULL writes null); invalid UTF-8 becomes U+FFFD. */
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, long long v);
void json_null(struct json *j);
void json_bool(struct json *j, int v);
/* A number already formatted ("62.5"); anything that is not a JSON
 * number (NULL, "", "62,5", "nan") writes null. */
void json_number(struct json *j, const char *num);
/* Ends the document with a newline; returns 0, or -1 when writing
 * failed. */
int json_finish(struct json *j);

#endif
