#!/usr/bin/env python3
"""server.py: a small copy of the Ombudsman's site on 127.0.0.1, for
tests/fetch.sh.  It binds a free port, builds its pages from statements
(decision pages by page.py, listings of its own), writes the port to
--port-file, and serves until killed, logging every connection and
request as one JSON object a line to --log.

  server.py --work DIR --log FILE --port-file FILE [--plain] STATEMENT...

The site: robots.txt (the planning category disallowed, a Crawl-delay);
/decisions linking the categories (relative and absolute links, the
navigation and a cookie banner); /decisions/<category>?page=N listing ten
decisions a page, newest first, with a pager.  Unless --plain, the site
also misbehaves once each, as real sites do: a listing page that comes
back an empty shell, a decision listed in two categories (one link with
?displaypref=1), a link that redirects within the site and one that
redirects off it, a 404, a page that is not a decision, a PDF, a page
over 16 MB, a 503 and a 429 with Retry-After (seconds, an HTTP date), a
response slower than the client's timeout, a Windows-1252 page; HTML is
sent gzipped to clients that accept it.

Every statement served is written to DIR/statements/<ref>.txt (the text
the page was made from), and DIR/site.json lists what the site holds.
"""
import argparse
import email.utils
import gzip
import html
import json
import os
import re
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import page  # noqa: E402

PAGE_SIZE = 10
REF = re.compile(r"\((\d\d \d\d\d \d\d\d[a-z]?)\)")
CATEGORY = re.compile(r"^(Category\s*:\s*)(.*)$", re.M)
DATE = re.compile(r"^(Decision date\s*:\s*)(.*)$", re.M)
MONTHS = page.MONTHS


class Opts:
    """The options page.py's functions read."""
    def __init__(self, base, **kw):
        self.base = base
        for f in ("cp1252", "entities", "ol_start", "letters", "saved_from",
                  "canonical", "title_only", "no_article", "banner_last"):
            setattr(self, f, kw.get(f, False))


def variants(path, work, n, k):
    """n copies of the statement in path (the k-th) with new references,
    dates and the category Housing, written to work; their paths."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    m = REF.search(text)
    if not m:
        return []
    out = []
    for i in range(n):
        ref = "26 %03d %03d" % (k + 100, i + 1)
        day = 1 + (i * 7 + k) % 27
        t = text.replace(m.group(0), "(%s)" % ref, 1)
        t = CATEGORY.sub(lambda mm: mm.group(1) + "Housing > Allocations",
                         t, count=1)
        t = DATE.sub(lambda mm: mm.group(1) + "%02d %s 2025" % (
            day, MONTHS[(i + 3) % 12]), t, count=1)
        p = os.path.join(work, "variant-%s.txt" % ref.replace(" ", "-"))
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
        out.append(p)
    return out


def build(args, base):
    """The site: a dict path -> (status, headers, body or callable)."""
    os.makedirs(os.path.join(args.work, "statements"), exist_ok=True)
    files = list(args.statements)
    if not args.plain:
        for k, f in enumerate(args.statements[:3]):
            files += variants(f, args.work, 6, k)
    ds, seen = [], set()
    for f in files:
        for d in page.decisions(f, args.ombuds):
            if d["reference"] in seen or not d.get("summary"):
                continue
            seen.add(d["reference"])
            d["_file"] = f
            ds.append(d)
    site, cats = {}, {}
    cp1252_done = False
    for d in ds:
        opts = Opts(base)
        if not args.plain and not cp1252_done and "cp1252" in d["_file"]:
            opts.cp1252 = cp1252_done = True
        url, body = page.decision_page(d, opts)
        path = url[len(base):]
        site[path] = {"status": 200, "type": "text/html; charset=utf-8"
                      if not opts.cp1252 else "text/html", "body": body,
                      "ref": d["reference"]}
        cat = path.split("/")[2]
        cats.setdefault(cat, []).append(d)
        with open(os.path.join(args.work, "statements", d["reference"]
                               .replace(" ", "-") + ".txt"), "wb") as f:
            with open(d["_file"], "rb") as g:
                f.write(g.read())
    for c in cats:
        cats[c].sort(key=lambda d: (d.get("decision_date") or "",
                                    d["reference"]), reverse=True)
    extra = {}
    if not args.plain:
        extra = specials(site, cats, base)
    listings(site, cats, base, extra, args.plain)
    site["/robots.txt"] = {"status": 200, "type": "text/plain",
                           "body": b"# test site\nUser-agent: otherbot\n"
                           b"Disallow: /\n\nUser-agent: *\n"
                           b"Disallow: /decisions/planning\n"
                           b"Crawl-delay: 0.1\n"}
    served = {p: v["ref"] for p, v in site.items() if "ref" in v}
    with open(os.path.join(args.work, "site.json"), "w") as f:
        json.dump({"decisions": served, "categories": sorted(cats),
                   "disallowed": "/decisions/planning"}, f, indent=1)
    return site


def specials(site, cats, base):
    """The misbehaving pages, and the links the listings add for them:
    category -> [(href, title)]."""
    fake = lambda n: "/decisions/housing/other/99-%03d-%03d" % (n, n)  # noqa
    big = b"<html><body>" + b"<p>x</p>" * (17 * 1024 * 1024 // 8) + b"</body>"
    site[fake(1)] = {"status": 404}
    site[fake(2)] = {"status": 200, "type": "text/html",
                     "body": page.page("Page not found", "<main><h1>Page not "
                                       "found</h1></main>", Opts(base))}
    site[fake(3)] = {"status": 200, "type": "application/pdf",
                     "body": b"%PDF-1.4\n"}
    site[fake(4)] = {"status": 200, "type": "text/html", "body": big}
    site[fake(5)] = {"status": 302,
                     "location": "https://www.lgo.org.uk" + fake(5)}
    # A decision of another category, listed in housing too, and one
    # behind a redirect from an old address.
    other = [c for c in cats if c != "housing" and c != "planning"]
    twice = [p for p, v in site.items() if "ref" in v
             and p.startswith("/decisions/%s/" % other[0])][0]
    moved = [p for p, v in site.items() if "ref" in v
             and p.startswith("/decisions/%s/" % other[-1])][-1]
    old = "/decisions/housing/moved/" + moved.rsplit("/", 1)[1]
    site[old] = {"status": 301, "location": base + moved}
    # First-time failures of real pages.
    refs = [p for p, v in site.items() if "ref" in v and "housing" in p]
    for p, how in zip(refs, ("503", "429", "slow")):
        site[p]["once"] = how
    return {"housing": [(fake(n), "Broken %d" % n) for n in range(1, 6)] +
            [(twice + "?displaypref=1", "Listed twice"),
             (old, "Moved")]}


def listings(site, cats, base, extra, plain):
    """/decisions and each category's pages."""
    links = []
    for i, c in enumerate(sorted(cats)):
        href = "/decisions/" + c if i % 2 else base + "/decisions/" + c
        links.append('<li><a href="%s">%s</a></li>' % (href, html.escape(
            c.replace("-", " ").capitalize())))
    body = ('<main><h1>Decisions</h1><p>Browse by category</p><ul>%s</ul>'
            '</main>' % "".join(links))
    site["/decisions"] = {"status": 200, "type": "text/html",
                          "body": page.page("Decisions", body, Opts(base))}
    for c, ds in cats.items():
        items = [(page.url_of(d, "")[0:] + ("?displaypref=1" if j % 3 == 0
                                            else ""), page.title_of(d))
                 for j, d in enumerate(ds)]
        items += extra.get(c, [])
        npages = (len(items) + PAGE_SIZE - 1) // PAGE_SIZE
        for k in range(npages):
            chunk = items[k * PAGE_SIZE:(k + 1) * PAGE_SIZE]
            cards = "".join(
                '<div class="card"><h3><a href="%s">%s</a></h3></div>' % (
                    (base + h if n % 2 else h), html.escape(t))
                for n, (h, t) in enumerate(chunk))
            pager = "".join('<a href="?page=%d">%d</a> ' % (p + 1, p + 1)
                            for p in range(npages) if p != k)
            if k + 1 < npages:
                pager += '<a href="/decisions/%s?page=%d">Next</a>' % (c, k + 2)
            body = ('<main><h1>%s</h1>%s<nav class="pager">%s</nav></main>'
                    % (html.escape(c), cards, pager))
            entry = {"status": 200, "type": "text/html",
                     "body": page.page(c, body, Opts(base))}
            if k == 1 and c == "housing" and not plain:
                entry["once"] = "shell"
            site["/decisions/%s%s" % (c, "?page=%d" % (k + 1) if k else "")] \
                = entry


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    conns = 0
    lock = threading.Lock()

    def log(self, **kw):
        kw["t"] = time.time()
        kw["conn"] = self.conn
        with Handler.lock:
            self.server.logf.write(json.dumps(kw) + "\n")
            self.server.logf.flush()

    def setup(self):
        super().setup()
        with Handler.lock:
            Handler.conns += 1
            self.conn = Handler.conns
        self.log(event="open")

    def finish(self):
        try:
            super().finish()
        finally:
            self.log(event="close")

    def log_message(self, *a):
        pass

    def send(self, status, headers, body=b""):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def client_gone(self, seconds):
        """Waits up to seconds; True as soon as the client has closed."""
        end = time.time() + seconds
        while time.time() < end:
            r, _, _ = select.select([self.connection], [], [], 0.02)
            if r and self.connection.recv(1, socket.MSG_PEEK) == b"":
                return True
        return False

    def do_GET(self):
        t0 = time.time()
        site, used = self.server.site, self.server.used
        path = self.path
        e = site.get(path) or site.get(path.split("?displaypref")[0])
        status, gz = 404, False
        once = e.get("once") if e else None
        if once and path not in used:
            used.add(path)
        else:
            once = None
        try:
            if e is None or e["status"] == 404:
                self.send(404, [("Content-Type", "text/html")],
                          b"<html><body><h1>Page not found</h1></body></html>")
            elif e["status"] in (301, 302):
                status = e["status"]
                self.send(status, [("Location", e["location"])])
            elif once == "503":
                status = 503
                self.send(503, [("Retry-After", "1")])
            elif once == "429":
                status = 429
                self.send(429, [("Retry-After", email.utils.formatdate(
                    time.time() + 2, usegmt=True))])
            elif once == "slow":
                # Three seconds of silence, or until the client gives up.
                status = 0
                if not self.client_gone(3):
                    status = 200
                    self.send(200, [("Content-Type", e["type"])], e["body"])
                else:
                    self.close_connection = True
            elif once == "shell":
                status = 200
                self.send(200, [("Content-Type", "text/html")],
                          b"<html><body><main></main></body></html>")
            else:
                status, body = 200, e["body"]
                headers = [("Content-Type", e["type"])]
                if "gzip" in self.headers.get("Accept-Encoding", "") and \
                        e["type"].startswith("text/html"):
                    body, gz = gzip.compress(body), True
                    headers.append(("Content-Encoding", "gzip"))
                self.send(200, headers, body)
        finally:
            self.log(event="request", path=path, status=status, gzip=gz,
                     start=t0, ua=self.headers.get("User-Agent", ""),
                     ae=self.headers.get("Accept-Encoding", ""), once=once)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--plain", action="store_true")
    ap.add_argument("--ombuds", default=os.environ.get("OMBUDS", "ombuds"))
    ap.add_argument("statements", nargs="+")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    srv.site = build(args, base)
    srv.used = set()
    srv.logf = open(args.log, "a")
    with open(args.port_file + ".tmp", "w") as f:
        f.write(base + "\n")
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
