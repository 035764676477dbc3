/* test-html: html_is_html and html_to_text on small pages: the title line
 * wherever the page puts it, labels joined with their values, lists with
 * their numbers (start, value, type), nested lists as indented sub-items,
 * further blocks of an item after a blank line, furniture dropped,
 * entities and charsets, the source URL, and the reasons a page is not
 * a decision. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "tap.h"

#define HEAD "<!DOCTYPE html><html><head><title>A Council (24 023 422) - " \
	     "Local Government and Social Care Ombudsman</title></head><body>"
#define META "<p><span class=label>Category :</span> <span class=value>" \
	     "<a href=/a>Housing</a> &gt; <a href=/b>Allocations</a></span></p>"

/* The text of a page, or "REASON: …" (malloc'd). */
static char *
text_of(const char *page)
{
	struct html_page p;
	char *r;

	if (html_to_text(page, strlen(page), &p) < 0) {
		r = malloc(strlen(p.reason) + 9);
		strcpy(r, "REASON: ");
		strcat(r, p.reason);
	} else {
		r = strdup(p.text);
	}
	html_page_free(&p);
	return r;
}

static void
check(const char *page, const char *want, const char *what)
{
	char *got = text_of(page);

	is_str(got, want, "%s", what);
	free(got);
}

static void
test_sniff(void)
{
	ok(html_is_html("<!DOCTYPE html><html>", 21), "a doctype is HTML");
	ok(html_is_html("\xef\xbb\xbf  \n<HTML lang=en>", 19), "a BOM, spaces, <HTML>");
	ok(html_is_html("<!-- saved from url=(0010)http://x/ -->\n<html>", 46),
	   "a saved-from comment before <html>");
	ok(!html_is_html("A Council (24 023 422)\n", 23), "a statement's text is not");
	ok(!html_is_html("<not html", 9), "nor a stray '<'");
	ok(!html_is_html("", 0), "nor nothing");
}

static void
test_layout(void)
{
	check(HEAD "<article id=article>" META "<h2>The complaint</h2>"
	      "<ol><li><p>One.</p></li><li>Two:<ul><li>a;</li><li>b.<ul>"
	      "<li>deep</li></ul></li></ul><p>(Act 1974)</p></li></ol>"
	      "<p><a href=#top>Back to top</a></p></article></body></html>",
	      "A Council (24 023 422)\n\n"
	      "Category : Housing > Allocations\n\n"
	      "The complaint\n\n"
	      "  1. One.\n"
	      "  2. Two:\n"
	      "    \xe2\x80\xa2 a;\n"
	      "    \xe2\x80\xa2 b.\n"
	      "      \xe2\x80\xa2 deep\n\n"
	      "(Act 1974)\n\n",
	      "title from <title>, label and value on one line, heading, "
	      "items, nested bullets, a further block after a blank line");
	check(HEAD "<main><header><h1>A Council (24 023 422)</h1></header>"
	      "<nav>Home Decisions</nav>" META
	      "<ol start=4 type=a><li>four</li><li value=9>nine</li>"
	      "<li>ten<ol type=i><li>sub</li></ol></li></ol>"
	      "<p>Print this page</p></main>",
	      "A Council (24 023 422)\n\n"
	      "Category : Housing > Allocations\n\n"
	      "  4. four\n  9. nine\n  10. ten\n    1. sub\n\n",
	      "<ol start>, <li value>, lettered and roman lists as numbers, "
	      "navigation and Print this page dropped");
	check(HEAD "<div class=cookie-banner>Review your privacy settings</div>"
	      "<div class=breadcrumb>Home &gt; Decisions</div>"
	      "<div><p><span class=label>Decision date :</span></p>"
	      "<p><span class=value>05 Feb 2020</span></p>"
	      "<script>var x = '<p>no</p>';</script><style>p{}</style>"
	      "<p>&lsquo;Fault&rsquo; &amp; &pound;5&nbsp;&hellip;</p></div>",
	      "A Council (24 023 422)\n\n"
	      "Decision date : 05 Feb 2020\n\n"
	      "\xe2\x80\x98" "Fault\xe2\x80\x99 & \xc2\xa3" "5\xc2\xa0\xe2\x80\xa6\n\n",
	      "no article: the body; banner, breadcrumbs, script, style "
	      "dropped; a label and its value in two blocks joined; entities");
}

static void
test_charset(void)
{
	check("<html><head><meta charset=windows-1252></head><body>"
	      "<p>A Council (24 023 422)</p><p>Decision : Upheld</p>"
	      "<p>Council\x92s \x80" "5 \x96 ok</p></body></html>",
	      "A Council (24 023 422)\n\nDecision : Upheld\n\n"
	      "Council\xe2\x80\x99s \xe2\x82\xac" "5 \xe2\x80\x93 ok\n\n",
	      "a declared Windows-1252 page");
	check("<html><head><meta http-equiv=Content-Type content='text/html; "
	      "charset=ISO-8859-1'></head><body><p>A Council (24 023 422)</p>"
	      "<p>Decision : Upheld</p><p>it\x92s</p></body></html>",
	      "A Council (24 023 422)\n\nDecision : Upheld\n\nit\xe2\x80\x99s\n\n",
	      "ISO-8859-1 read as Windows-1252, as browsers do");
	check("<html><body><p>A Council (24 023 422)</p><p>Decision : Upheld"
	      "</p><p>caf\xc3\xa9 \xe2\x80\x99</p></body></html>",
	      "A Council (24 023 422)\n\nDecision : Upheld\n\ncaf\xc3\xa9 \xe2\x80\x99\n\n",
	      "undeclared UTF-8");
	check("<html><body><p>A Council (24 023 422)</p><p>Decision : Upheld"
	      "</p><p>caf\xe9</p></body></html>",
	      "A Council (24 023 422)\n\nDecision : Upheld\n\ncaf\xc3\xa9\n\n",
	      "undeclared bytes that are not UTF-8: Windows-1252");
}

static void
test_url(void)
{
	static const char saved[] =
		"<!-- saved from url=(0052)https://www.lgo.org.uk/decisions/a/b/24-023-422 -->\n"
		HEAD "<link rel=canonical href='https://example.org/c'>" META
		"</body></html>";
	static const char canon[] = "<html><head><link rel=canonical "
		"href='https://www.lgo.org.uk/decisions/a/b/24-023-422'></head>"
		"<body>" META "</body></html>";
	static const char bad[] = "<!-- saved from url=(0010)javascript:x -->"
		"<html><body>" META "</body></html>";
	struct html_page p;

	ok(html_to_text(saved, strlen(saved), &p) == 0 && p.url &&
	   strcmp(p.url, "https://www.lgo.org.uk/decisions/a/b/24-023-422") == 0,
	   "the saved-from comment gives the URL, before a canonical link");
	html_page_free(&p);
	ok(html_to_text(canon, strlen(canon), &p) == 0 && p.url &&
	   strcmp(p.url, "https://www.lgo.org.uk/decisions/a/b/24-023-422") == 0,
	   "else the canonical link");
	html_page_free(&p);
	ok(html_to_text(bad, strlen(bad), &p) == 0 && p.url == NULL,
	   "a URL that is not http(s) is not kept");
	html_page_free(&p);
}

static void
test_refused(void)
{
	check("<html><head><title>Page not found | Local Government and Social "
	      "Care Ombudsman</title></head><body><h1>Page not found</h1></body>"
	      "</html>",
	      "REASON: an error page (\xe2\x80\x9cPage not found\xe2\x80\x9d)",
	      "an error page, by its title");
	check("<html><body><main><h3><a href='/decisions/housing/allocations/"
	      "24-023-422'>A Council (24 023 422)</a></h3><p>Summary: x</p>"
	      "<h3><a href='/decisions/housing/other/24-008-642?displaypref=1'>"
	      "B Council (24 008 642)</a></h3><p>Summary: y</p>"
	      "<a href='/decisions/housing?page=2'>Next</a></main></body></html>",
	      "REASON: a listing page (2 links to decisions)",
	      "a listing page, by its links and cards");
	check("<html><body><p>Your search has 0 results</p></body></html>",
	      "REASON: a search results page", "a search page");
	check("<html><body><p>Hello</p></body></html>",
	      "REASON: an HTML page with no title line \xe2\x80\x9cOrganisation "
	      "(NN NNN NNN)\xe2\x80\x9d and no Category, Decision or Decision "
	      "date label", "a page of something else");
	check("", "REASON: an HTML page that could not be read", "nothing at all");
}

int
main(void)
{
	test_sniff();
	test_layout();
	test_charset();
	test_url();
	test_refused();
	return tap_done();
}
