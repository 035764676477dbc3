#!/bin/sh
# ombuds fetch against a copy of the site on 127.0.0.1 (tests/site/server.py,
# a free port; nothing else is ever contacted): every decision stored as
# its text imports, the manners read from the server's log (robots.txt
# first, the delay, one connection at a time, Retry-After, the disallowed
# category never asked for, compression), the pages that misbehave each
# reported, a second run that fetches no decision again, kill -9 at
# several moments then a rerun, bad addresses.  Every wait has a
# deadline; no fixed sleep.
. "$TESTS_SRCDIR/lib.sh"

site=$TESTS_SRCDIR/site
statements="$DATA_DIR/*.txt $TESTS_SRCDIR/data/*.txt"
# A silent site is given up after a second, not thirty.
OMBUDS_FETCH_TIMEOUT=1
export OMBUDS_FETCH_TIMEOUT
DELAY=0.05 # robots.txt's Crawl-delay (0.1) is larger: it wins

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is needed for the test site"
	exit 0
fi

servers=
# start_server NAME [--plain]: starts a site in $TMP/NAME, sets $base.
start_server() {
	name=$1
	shift
	mkdir -p "$TMP/$name"
	# shellcheck disable=SC2086
	python3 "$site/server.py" --work "$TMP/$name" --log "$TMP/$name/log" \
		--port-file "$TMP/$name/port" --ombuds "$OMBUDS" "$@" $statements \
		> "$TMP/$name/server.out" 2>&1 &
	servers="$servers $!"
	i=0
	while [ ! -s "$TMP/$name/port" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	base=$(cat "$TMP/$name/port" 2>/dev/null)
}
stop_servers() {
	for p in $servers; do kill "$p" 2>/dev/null; done
}
trap 'stop_servers; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# py SCRIPT ARGS...: runs a check written in Python on the log.
py() {
	python3 -c "$@"
}

start_server site
ok "$([ -n "$base" ]; echo $?)" "the test site serves on 127.0.0.1 ($base)"
log=$TMP/site/log

# ---- the first run ----------------------------------------------------------
db=$TMP/fetch.db
status=0
OMBUDS_TRACE=1 "$OMBUDS" --db "$db" fetch --quiet --delay "$DELAY" --base-url "$base" \
	> "$TMP/.out" 2> "$TMP/.err" || status=$?
err=$(cat "$TMP/.err")
is "$status" 1 "a fetch with failed pages exits 1"
printf '%s\n' "$err" | grep '^fetch:' | sed 's/^/# /'
like "$err" "/99-001-001: the site has no such page (404)" "a 404 is reported with its URL"
like "$err" "/99-002-002: not a decision statement" "a page that is not a decision is reported"
like "$err" "/99-003-003: not an HTML page: refused" "a PDF is refused"
like "$err" "/99-004-004: the page is over 16 MB: refused" "a page over 16 MB is refused"
like "$err" "/99-005-005: redirects off the site, to https://www.lgo.org.uk" "a redirect off the site is not followed"
like "$err" "5 failed" "the summary counts the failures"
unlike "$err" "curl" "no libcurl text reaches the user"

# Every decision the site holds outside the disallowed category is stored,
# and reads as the text import of the statement it was made from.
py "import json; s = json.load(open('$TMP/site/site.json'))
for p, r in sorted(s['decisions'].items()):
    print(('N ' if p.startswith(s['disallowed']) else 'Y ') + r)" > "$TMP/refs"
grep '^Y ' "$TMP/refs" | cut -c3- | sort > "$TMP/want"
"$OMBUDS" --db "$db" list --sort ref | tail -n +2 | cut -f1 | sort > "$TMP/got"
is "$(cat "$TMP/got")" "$(cat "$TMP/want")" "every decision of the allowed categories is stored ($(wc -l < "$TMP/want"))"
mkdir -p "$TMP/texts"
while read -r r; do
	cp "$TMP/site/statements/$(echo "$r" | tr ' ' -).txt" "$TMP/texts/"
done < "$TMP/want"
"$OMBUDS" --db "$TMP/text.db" import --quiet "$TMP/texts" 2>/dev/null
same=0 differ=
while read -r r; do
	a=$("$OMBUDS" --db "$db" show "$r" --format json |
		grep -v -E '^  "(url|attribution|fetched)": ')
	b=$("$OMBUDS" --db "$TMP/text.db" show "$r" --format json)
	if [ "$a" = "$b" ]; then same=$((same + 1)); else differ="$differ $r"; fi
done < "$TMP/want"
is "$differ" "" "every fetched decision equals the text import of its statement ($same)"
is "$(grep -c '^N ' "$TMP/refs")" 1 "the disallowed category holds a decision"

# ---- the manners, from the server's log ---------------------------------------
py "
import json, sys
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
print(reqs[0]['path'])
" > "$TMP/first"
is "$(cat "$TMP/first")" "/robots.txt" "robots.txt is asked for first"
v=$(py "
import json
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
bad = [r['path'] for r in reqs if r['path'].startswith('/decisions/planning')]
print(' '.join(bad))")
is "$v" "" "the category robots.txt disallows is never asked for"
v=$(py "
import json
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
# The server notes a request's end after its last byte is written, a
# little after the client may have read it: 10 ms of slack.  A request
# the client gave up (status 0) ends when the server notices, which may
# be when the client's next request closes the old connection: its gap is
# the back-off's, checked from its start.
gaps = [b['start'] - (a['t'] if a['status'] else a['start'] + 1.0)
        for a, b in zip(reqs, reqs[1:])]
short = [(round(g, 3), b['path']) for g, b, in zip(gaps, reqs[1:]) if g < 0.09]
print('%d %.3f %s' % (len(gaps), min(gaps), short[:3]))")
like "$v" " []" "at least Crawl-delay (0.1 s, over --delay $DELAY) between one request's end and the next's start (gaps, least, short: $v)"
v=$(py "
import json
ev = [json.loads(l) for l in open('$log')]
open_ = set(); most = 0
for e in ev:
    if e['event'] == 'open': open_.add(e['conn'])
    elif e['event'] == 'close': open_.discard(e['conn'])
    most = max(most, len(open_))
conns = len({e['conn'] for e in ev if e['event'] == 'request'})
reqs = sum(1 for e in ev if e['event'] == 'request')
print(most, conns, reqs)")
set -- $v
is "$1" 1 "never two connections at once"
ok "$([ "$2" -le 3 ]; echo $?)" "the connection is reused: $3 requests over $2 connections (a timeout closes one)"
v=$(py "
import json
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
out = []
for i, r in enumerate(reqs):
    if r['status'] in (503, 429):
        again = [q for q in reqs[i + 1:] if q['path'] == r['path']][0]
        out.append('%d:%.2f' % (r['status'], again['start'] - r['t']))
print(' '.join(out))")
like "$v" "503:" "a 503 was served"
like "$v" "429:" "a 429 was served"
ok "$(py "
import sys
for w in '$v'.split():
    s, g = w.split(':')
    if float(g) < 1.0: sys.exit(1)"; echo $?)" "Retry-After is waited for, in seconds and as a date ($v)"
v=$(py "
import json
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
print(sum(r['gzip'] for r in reqs), len({r['ua'] for r in reqs}), reqs[0]['ua'], all('gzip' in r['ae'] for r in reqs))")
set -- $v
ok "$([ "$1" -gt 0 ]; echo $?)" "compressed pages are asked for and read ($1 gzipped)"
is "$2" 1 "one User-Agent throughout"
like "$3" "ombuds/" "the User-Agent names ombuds and its version ($3)"
is "$4" True "every request accepts compression"
v=$(py "
import json
reqs = [json.loads(l) for l in open('$log') if '\"request\"' in l]
print(sum(1 for r in reqs if r['path'] == '/decisions/housing?page=2'), sum(1 for r in reqs if r['once'] == 'slow'))")
is "$v" "2 1" "an empty listing shell is asked for again, not taken for the end; a slow page once"

# ---- a second run fetches no decision page again ---------------------------------
n1=$(wc -l < "$log")
status=0
"$OMBUDS" --db "$db" fetch --delay "$DELAY" --base-url "$base" > "$TMP/.out" 2> "$TMP/.err" || status=$?
is "$status" 0 "a second run exits 0 (the failed pages are not asked for again: gone or refused)"
v=$(tail -n +$((n1 + 1)) "$log" | py "
import json, sys
s = json.load(open('$TMP/site/site.json'))['decisions']
reqs = [json.loads(l) for l in sys.stdin if '\"request\"' in l]
dec = [r['path'] for r in reqs if r['path'].split('?')[0] in s]
print(len(reqs), len(dec), ' '.join(dec))")
set -- $v
is "$2" 0 "a second run asks for no decision page ($1 requests, listings only)${3:+: $*}"
like "$(cat "$TMP/.err")" "0 imported" "and imports nothing"

# ---- --limit and --category --------------------------------------------------------
run --db "$TMP/limit.db" fetch --quiet --delay 0 --limit 2 --category education --base-url "$base"
is "$status" 0 "--limit with --category"
is "$("$OMBUDS" --db "$TMP/limit.db" list | tail -n +2 | wc -l)" 2 "--limit 2 stores two decisions"
is "$("$OMBUDS" --db "$TMP/limit.db" list | tail -n +2 | cut -f4 | sort -u)" "$(printf 'Education > School admissions\nEducation > Special educational needs')" "of that category"
run --db "$TMP/limit.db" fetch --quiet --delay 0 --category nosuch --base-url "$base"
is "$status" 1 "a category that matches none fails"
like "$err" "no category matches 'nosuch'" "and says so"

# ---- kill -9 at several moments, then a rerun ---------------------------------------
start_server plain --plain
klog=$TMP/plain/log
kdb=$TMP/kill.db
marks=
for at in 2 5 9; do
	"$OMBUDS" --db "$kdb" fetch --quiet --delay 0.02 --base-url "$base" > /dev/null 2>&1 &
	pid=$!
	i=0
	while [ "$(grep -c '/decisions/[a-z-]*/[a-z-]*/[0-9]' "$klog" 2>/dev/null)" -lt "$at" ] && [ $i -lt 400 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	marks="$marks $(wc -l < "$klog")"
done
run --db "$kdb" fetch --quiet --delay 0.02 --base-url "$base"
is "$status" 0 "after three kill -9, a rerun completes"
py "import json; s = json.load(open('$TMP/plain/site.json'))
print('\n'.join(sorted(r for p, r in s['decisions'].items() if not p.startswith(s['disallowed']))))" > "$TMP/kwant"
is "$("$OMBUDS" --db "$kdb" list --sort ref | tail -n +2 | cut -f1 | sort)" "$(sort "$TMP/kwant")" "every decision is stored"
v=$(py "
import json
s = json.load(open('$TMP/plain/site.json'))['decisions']
lines = open('$klog').read().splitlines()
marks = [int(m) for m in '$marks'.split()]
# The decision page each kill may have cut between its answer and its commit.
inflight = set()
for m in marks:
    last = [json.loads(l) for l in lines[:m] if '\"request\"' in l and json.loads(l)['path'].split('?')[0] in s]
    if last: inflight.add(last[-1]['path'].split('?')[0])
seen, twice = {}, []
for l in lines:
    e = json.loads(l)
    if e['event'] != 'request': continue
    p = e['path'].split('?')[0]
    if p in s:
        seen[p] = seen.get(p, 0) + 1
for p, n in seen.items():
    if n > 2 or (n == 2 and p not in inflight): twice.append(p)
print(len(seen), sum(1 for n in seen.values() if n == 2), ' '.join(twice))")
set -- $v
is "${3:-}" "" "no decision page is fetched twice but one in flight at a kill ($1 pages, $2 again after a kill)"
n1=$(wc -l < "$klog")
run --db "$kdb" fetch --quiet --delay 0 --base-url "$base"
is "$(tail -n +$((n1 + 1)) "$klog" | grep -c '/decisions/[a-z-]*/[a-z-]*/[0-9]')" 0 "and a further run asks for none"

# ---- bad addresses and options ------------------------------------------------------
run --db "$TMP/bad.db" fetch --base-url "ftp://127.0.0.1/"
is "$status" 2 "an ftp address is a usage error"
like "$err" "ombuds: fetch: --base-url: 'ftp://127.0.0.1/' is not a web address (http://" "with the sentence of other bad options"
run --db "$TMP/bad.db" fetch --base-url "$base/decisions"
is "$status" 2 "an address with a path is a usage error"
like "$err" "'$base/decisions' is not a web address" "in the same words"
run --db "$TMP/bad.db" fetch --base-url "not a url"
like "$err" "'not a url' is not a web address" "a string that is no address is refused"
run --db "$TMP/bad.db" fetch --base-url "127.0.0.1:9"
is "$status" 2 "an address without http:// is a usage error"
is "$(printf '%s\n' "$err" | head -n 1)" "ombuds: fetch: --base-url: '127.0.0.1:9' is not a web address (http://HOST[:PORT] or https://HOST[:PORT], no path)" \
	"said once, as other bad options are"
unlike "$err" "imported" "with no summary"
ok "$([ ! -e "$TMP/bad.db" ]; echo $?)" "and no store made"
# A port nothing listens on: bound, then closed.
closed=$(py "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
run --db "$TMP/bad.db" fetch --delay 0 --base-url "http://127.0.0.1:$closed"
is "$status" 1 "an unreachable site fails"
like "$err" "http://127.0.0.1:$closed/robots.txt: the site refused the connection or cannot be reached" "with a sentence naming the address"
run fetch --delay soon
is "$status" 2 "a bad --delay is a usage error"
run fetch --since yesterday
is "$status" 2 "a bad --since is a usage error"
like "$err" "ombuds: fetch: --since: 'yesterday' is not a date (use YYYY-MM-DD)" "in the words of list --since"
run fetch --since 2024-13
is "$status" 2 "a month that is none is a usage error"
# As list --since: a year or a month from its first day.
run --db "$TMP/since-day.db" fetch --delay 0 --since 2099-01-01 --category education --base-url "$base"
day=$err
for since in 2099 2099-01; do
	run --db "$TMP/since-$since.db" fetch --delay 0 --since "$since" --category education --base-url "$base"
	is "$status" 0 "fetch --since $since is read"
	is "$err" "$day" "as --since 2099-01-01"
done
run fetch --help
like "$out" "--base-url URL" "fetch --help"

done_testing
