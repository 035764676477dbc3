#!/usr/bin/env python3
"""page.py: realistic decision pages, as the Ombudsman's site might serve
them, made from decision statements, for the HTML import and fetch tests.

A statement is read as ombuds reads it (a .txt file is imported into a
scratch store and shown as JSON; a .json file is a `show --format json`
output), and written as a page: a <title>, a site header with navigation,
breadcrumbs, a cookie banner, the title line in a page header outside the
article, and <article id="article"> holding the label/value pairs (the
category as two links around &gt;), the headings, one <ol> per section
with nested lists for sub-items, "Back to top" links and "Print this
page", then a footer.  Nothing is known of the real markup (see
docs/ARCHITECTURE.md): the options vary what a page may do.

  page.py [OPTIONS] FILE...          one page per decision
    -o DIR            write DIR/<NN-NNN-NNN>.html (default: the one page
                      to standard output)
    --ombuds PATH     the ombuds program that reads .txt files
                      (default: $OMBUDS, else ombuds)
    --cp1252          encode as Windows-1252 (<meta http-equiv> declares it)
    --entities        write every non-ASCII character as an entity
    --ol-start        number paragraphs through the statement (<ol start>)
    --letters         nested numbered lists as <ol type="a">, deeper ones
                      type="i"
    --saved-from      begin with the comment a browser's "Save page as…"
                      writes (<!-- saved from url=(NNNN)URL -->)
    --canonical       a <link rel="canonical"> to the page's URL
    --title-only      the title line only in <title>, no page header
    --no-article      no <article>/<main>: the decision in plain <div>s
    --banner-last     the cookie banner after the footer
    --base URL        the site (default https://www.lgo.org.uk)
  page.py --listing [--base URL] FILE...   a listing page of the decisions
  page.py --error                          a "Page not found" page
  page.py --search                         a search page with no results
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]
MARK = re.compile(r"^( *)(•|\d+\.) (.*)$")


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", (s or "other").lower()).strip("-")


def ref_slug(ref):
    return ref.replace(" ", "-")


def decisions(path, ombuds):
    """The decisions of one file, as show --format json gives them."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return [json.load(f)]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "p.db")
        subprocess.run([ombuds, "--db", db, "import", "--quiet", path],
                       check=False, stderr=subprocess.DEVNULL)
        out = subprocess.run([ombuds, "--db", db, "list", "--sort", "ref"],
                             capture_output=True, text=True).stdout
        refs = [line.split("\t")[0] for line in out.splitlines()[1:]]
        return [json.loads(subprocess.run(
            [ombuds, "--db", db, "show", r, "--format", "json"],
            capture_output=True, text=True, check=True).stdout)
            for r in refs]


def url_of(d, base):
    area, _, sub = (d.get("category") or "").partition(" > ")
    return "%s/decisions/%s/%s/%s" % (base, slug(area), slug(sub),
                                      ref_slug(d["reference"]).lower())


def title_of(d):
    if d.get("organisation"):
        return "%s (%s)" % (d["organisation"], d["reference"])
    return d["reference"]


def e(s):
    return html.escape(s, quote=False)


def sub_lists(lines, opts, depth=1):
    """HTML for the sub-item lines of a paragraph (marked "• " or "N. ",
    two spaces a level beyond the first), as nested lists; an unmarked
    line is a further paragraph of the item (a statute citation)."""
    out = []
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            out.append("<p>%s</p>" % e(lines[i]))
            i += 1
            continue
        if m.group(1):  # deeper than the level: a list of its own
            j = i
            while j < len(lines) and lines[j].startswith("  ") and \
                    MARK.match(lines[j]):
                j += 1
            out.append(sub_lists([l[2:] for l in lines[i:j]], opts,
                                 depth + 1))
            i = j
            continue
        numbered = m.group(2) != "•"
        tag = "ol" if numbered else "ul"
        attrs = ""
        if numbered and opts.letters:
            attrs = ' type="%s"' % ("a" if depth == 1 else "i")
        if numbered and int(m.group(2)[:-1]) != 1:
            attrs += ' start="%d"' % int(m.group(2)[:-1])
        out.append("<%s%s>" % (tag, attrs))
        expect = int(m.group(2)[:-1]) if numbered else 0
        while i < len(lines):
            m = MARK.match(lines[i])
            if not m or m.group(1) or (m.group(2) != "•") != numbered:
                break
            j = i + 1
            while j < len(lines) and lines[j].startswith("  ") and \
                    MARK.match(lines[j]):
                j += 1
            deeper = [l[2:] for l in lines[i + 1:j]]
            value = ""
            if numbered and int(m.group(2)[:-1]) != expect:
                expect = int(m.group(2)[:-1])
                value = ' value="%d"' % expect
            expect += 1
            out.append("<li%s>%s%s</li>" % (
                value, e(m.group(3)), sub_lists(deeper, opts, depth + 1)))
            i = j
        out.append("</%s>" % tag)
    return "\n".join(out)


def body_html(d, opts):
    out = []
    sec = None
    open_ol = False
    for p in d["paragraphs"]:
        key = (p.get("heading"), p.get("subheading"))
        text = p["text"].split("\n")
        closing = p.get("heading") and text[0].startswith(p["heading"] + ":")
        if key != sec or closing:
            if open_ol:
                out.append("</ol>")
                open_ol = False
            if sec is not None and key[0] != sec[0]:
                out.append('<p class="top"><a href="#top">Back to top</a></p>')
            if key[0] != (sec or (None,))[0] and p.get("heading") and \
                    not closing:
                out.append("<h2>%s</h2>" % e(p["heading"]))
            if p.get("subheading") and (sec is None or
                                        key[1] != sec[1]):
                out.append("<h3>%s</h3>" % e(p["subheading"]))
            sec = key
        if closing:
            out.append("<p>%s</p>" % e(p["text"]))
            continue
        if not open_ol:
            start = p["n"] if opts.ol_start else 1
            out.append('<ol start="%d">' % start if start != 1 else "<ol>")
            open_ol = True
        rest = sub_lists(text[1:], opts) if len(text) > 1 else ""
        out.append("<li><p>%s</p>%s</li>" % (e(text[0]), rest))
    if open_ol:
        out.append("</ol>")
    out.append('<p class="top"><a href="#top">Back to top</a></p>')
    return "\n".join(out)


def meta_html(d, base):
    out = ['<div class="decision-meta">']
    cat = d.get("category")
    if cat:
        area, _, sub = cat.partition(" > ")
        value = '<a href="%s/decisions/%s">%s</a>' % (base, slug(area),
                                                       e(area))
        if sub:
            value += ' &gt; <a href="%s/decisions/%s/%s">%s</a>' % (
                base, slug(area), slug(sub), e(sub))
        out.append('<div class="row"><span class="label">Category :</span> '
                   '<span class="value">%s</span></div>' % value)
    if d.get("outcome"):
        out.append('<div class="row"><span class="label">Decision :</span> '
                   '<span class="value">%s</span></div>' % e(d["outcome"]))
    if d.get("decision_date"):
        y, m, day = d["decision_date"].split("-")
        out.append('<div class="row"><span class="label">Decision date :'
                   '</span> <span class="value">%s %s %s</span></div>'
                   % (day, MONTHS[int(m) - 1], y))
    out.append("</div>")
    return "\n".join(out)


BANNER = """<div id="cookie-banner" class="cookie-banner" role="dialog">
<p>Review your privacy settings</p>
<p>We use cookies to make this site work and to understand how it is used.</p>
<button>Accept all cookies</button> <button>Reject optional cookies</button>
<p><a href="/cookies">Privacy settings</a></p>
</div>"""


def nav_html(base):
    return """<a class="skip" href="#article">Skip to main content</a>
<header class="site-header">
<a href="%s/"><img src="logo.png" alt="LGO logogram"></a>
<nav class="main-nav"><ul>
<li><a href="%s/make-a-complaint">Make a complaint</a></li>
<li><a href="%s/decisions">Decisions</a></li>
<li><a href="%s/information-centre">Information centre</a></li>
<li><a href="%s/contact-us">Contact us</a></li>
</ul></nav>
<form class="search" action="%s/search"><input name="q"><button>Search</button></form>
</header>""" % ((base,) * 6)


def footer_html():
    return """<footer class="site-footer">
<ul><li><a href="/accessibility">Accessibility</a></li>
<li><a href="/copyright">Copyright</a></li>
<li><a href="/privacy">Privacy</a></li></ul>
<p>&copy; Local Government and Social Care Ombudsman</p>
</footer>"""


def page(head_title, body, opts, url=None):
    charset = "windows-1252" if opts.cp1252 else "utf-8"
    meta = ('<meta http-equiv="Content-Type" content="text/html; '
            'charset=%s">' % charset if opts.cp1252 else
            '<meta charset="utf-8">')
    parts = []
    if opts.saved_from and url:
        parts.append("<!-- saved from url=(%04d)%s -->" % (len(url), url))
    parts.append("<!DOCTYPE html>")
    parts.append('<html lang="en"><head>%s' % meta)
    parts.append("<title>%s - Local Government and Social Care Ombudsman"
                 "</title>" % e(head_title))
    if opts.canonical and url:
        parts.append('<link rel="canonical" href="%s">' % e(url))
    parts.append('<link rel="stylesheet" href="site.css">')
    parts.append("<style>.cookie-banner{position:fixed}</style>")
    parts.append("<script>window.dataLayer=[];function gtag(){"
                 "dataLayer.push(arguments)}</script>")
    parts.append('</head><body id="top">')
    if not opts.banner_last:
        parts.append(BANNER)
    parts.append(nav_html(opts.base))
    parts.append(body)
    parts.append(footer_html())
    if opts.banner_last:
        parts.append(BANNER)
    parts.append('<script src="site.js"></script></body></html>\n')
    text = "\n".join(parts)
    if opts.entities:
        text = "".join(c if ord(c) < 128 else
                       ("&%s;" % html.entities.codepoint2name[ord(c)]
                        if ord(c) in html.entities.codepoint2name
                        else "&#%d;" % ord(c)) for c in text)
    if opts.cp1252:
        return text.encode("cp1252", "xmlcharrefreplace")
    return text.encode("utf-8")


def decision_page(d, opts):
    url = url_of(d, opts.base)
    area, _, sub = (d.get("category") or "").partition(" > ")
    crumbs = ('<nav class="breadcrumb" aria-label="Breadcrumb"><ol>'
              '<li><a href="%s/">Home</a></li>'
              '<li><a href="%s/decisions">Decisions</a></li>'
              '<li><a href="%s/decisions/%s">%s</a></li>'
              '<li>%s</li></ol></nav>' % (opts.base, opts.base, opts.base,
                                          slug(area), e(area or "Other"),
                                          e(d["reference"])))
    header = "" if opts.title_only else \
        '<header class="page-header"><h1>%s</h1></header>' % e(title_of(d))
    article = "\n".join([
        meta_html(d, opts.base),
        "<h2>The Ombudsman's final decision:</h2>",
        "<p><strong>Summary:</strong> %s</p>" % e(d.get("summary") or ""),
        body_html(d, opts),
        "<p>Investigator's decision on behalf of the Ombudsman</p>",
        '<p class="print"><a href="javascript:window.print()">'
        "Print this page</a></p>"])
    if opts.no_article:
        article = '<div class="content">\n%s\n</div>' % article
    else:
        article = '<main id="main"><article id="article">\n%s\n</article>' \
            '</main>' % article
    related = '<aside class="related"><h2>Related</h2><ul>' \
        '<li><a href="%s/decisions/%s">More decisions about %s</a></li>' \
        '</ul></aside>' % (opts.base, slug(area), e(area or "other"))
    return url, page(title_of(d), "\n".join([crumbs, header, article,
                                             related]), opts, url)


def listing_page(ds, opts):
    cards = []
    for d in ds:
        cards.append('<div class="card"><h3><a href="%s?displaypref=1">%s'
                     '</a></h3><p>Statement %s %s %s</p><p>Summary: %s</p>'
                     '</div>' % (url_of(d, opts.base)[len(opts.base):],
                                 e(title_of(d)), e(d.get("outcome") or ""),
                                 e((d.get("category") or "").partition(
                                     " > ")[2]),
                                 e(d.get("decision_date") or ""),
                                 e(d.get("summary") or "")))
    body = ('<main><h1>Decisions</h1>%s<nav class="pager"><a href="?page=2">'
            'Next</a></nav></main>' % "\n".join(cards))
    return page("Decisions", body, opts)


def main():
    ap = argparse.ArgumentParser(description="decision pages for tests")
    ap.add_argument("files", nargs="*")
    ap.add_argument("-o", dest="outdir")
    ap.add_argument("--ombuds", default=os.environ.get("OMBUDS", "ombuds"))
    for flag in ("cp1252", "entities", "ol-start", "letters", "saved-from",
                 "canonical", "title-only", "no-article", "banner-last",
                 "listing", "error", "search"):
        ap.add_argument("--" + flag, action="store_true")
    ap.add_argument("--base", default="https://www.lgo.org.uk")
    opts = ap.parse_args()

    if opts.error:
        sys.stdout.buffer.write(page("Page not found", "<main><h1>Page not "
                                     "found</h1><p>Sorry, we cannot find "
                                     "that page.</p></main>", opts))
        return
    if opts.search:
        sys.stdout.buffer.write(page("Search results", "<main><h1>Search "
                                     "results</h1><p>Your search has 0 "
                                     "results</p></main>", opts))
        return
    ds = [d for f in opts.files for d in decisions(f, opts.ombuds)]
    if opts.listing:
        sys.stdout.buffer.write(listing_page(ds, opts))
        return
    for d in ds:
        _, data = decision_page(d, opts)
        if opts.outdir:
            name = os.path.join(opts.outdir, ref_slug(d["reference"]) +
                                ".html")
            with open(name, "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
