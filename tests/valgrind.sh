#!/bin/sh
# Memory: every command run under valgrind's memcheck on the samples and
# the messy test statements (import, show, search, list, orgs, their
# error paths, and a short browser session in tmux) reports no error and
# no definite leak.  Not run in the sanitizer copy: ASan and valgrind do
# not mix.
. "$TESTS_SRCDIR/lib.sh"

if ! command -v valgrind > /dev/null 2>&1; then
	ok 1 "valgrind is installed (./quickstart installs it)"
	done_testing
	exit 1
fi

VG_STATUS=99
# valgrind's own messages go to a log of their own (one per process),
# apart from the program's standard error.
cat > "$TMP/vg-ombuds" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=$VG_STATUS --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--log-file="$TMP/vg.log.%p" \
	"$OMBUDS" "\$@"
EOF
chmod +x "$TMP/vg-ombuds"
runs=0

# vg WANT DESCRIPTION ARGS...: runs ombuds ARGS under valgrind, standard
# input from $TMP/stdin: exit status WANT and nothing from valgrind.
vg() {
	want=$1
	desc=$2
	shift 2
	rm -f "$TMP"/vg.log.*
	status=0
	"$TMP/vg-ombuds" "$@" < "$TMP/stdin" > "$TMP/.out" 2> "$TMP/.err" || status=$?
	runs=$((runs + 1))
	is "$status" "$want" "$desc: exit status $want (valgrind's would be $VG_STATUS)"
	log=$(cat "$TMP"/vg.log.* 2> /dev/null)
	is "$log" "" "$desc: valgrind reports no error and no leak"
	err=$(cat "$TMP/.err")
}

: > "$TMP/stdin"
db=$TMP/s.db

# The check itself: a program that leaks and reads uninitialised memory
# is caught, so the checks below can fail.
cat > "$TMP/leak.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
int main(void) { char *p = malloc(64), *q = malloc(8); memcpy(q, p, 8); return q[3] == 'x'; }
EOF
${CC:-cc} -g -O0 -o "$TMP/leak" "$TMP/leak.c"
ok $? "control: a program that leaks compiles"
status=0
valgrind -q --error-exitcode=$VG_STATUS --leak-check=full --errors-for-leak-kinds=definite \
	--log-file="$TMP/control.log" "$TMP/leak" || status=$?
is "$status" $VG_STATUS "control: valgrind fails a program with an error and a leak"
like "$(cat "$TMP/control.log")" "definitely lost" "control: and reports the definite leak"

# ---- import -------------------------------------------------------------------
vg 1 "import of the samples and every messy and bad test statement" \
	--db "$db" import "$DATA_DIR" "$TESTS_SRCDIR/data"
like "$err" "21 imported" "the import did its work under valgrind"
vg 0 "import again (every decision unchanged)" --db "$db" import --quiet "$DATA_DIR"
sed 's/24 023 422/25 023 422/' "$DATA_DIR/000_5bdb9a364616d701.txt" > "$TMP/stdin"
vg 0 "import from standard input" --db "$db" import --quiet -
: > "$TMP/stdin"
sed 's/Mrs M/Mrs Q/' "$DATA_DIR/000_5bdb9a364616d701.txt" > "$TMP/changed.txt"
vg 0 "import replacing a decision" --db "$db" import --quiet "$TMP/changed.txt"

# ---- show, list, orgs -----------------------------------------------------------
for ref in "24 023 422" "24 019 538" "19 018 519c" "23 900 004"; do
	vg 0 "show $ref" --db "$db" show "$ref"
	vg 0 "show $ref --format json" --db "$db" show "$ref" --format json
done
vg 1 "show of a missing reference" --db "$db" show 99 999 999
vg 0 "list" --db "$db" list
vg 0 "list --format csv --sort org" --db "$db" list --format csv --sort org
vg 0 "list --format json with filters" --db "$db" list --format json --org coventry --outcome upheld
vg 0 "orgs" --db "$db" orgs
vg 0 "orgs --format json" --db "$db" orgs --format json

# ---- search ----------------------------------------------------------------------
vg 0 "search of a word" --db "$db" search council
vg 0 "search of a phrase, by date" --db "$db" search '"stage two"' --sort date
vg 0 "search with NEAR, OR and NOT, as JSON" --db "$db" search 'NEAR(delay apology) OR fault -school' --format json
vg 0 "search with filters and a prefix" --db "$db" search 'org:coventry in:findings assess* after:2024-01-01' --limit 3
vg 2 "a query that cannot be read" --db "$db" search '"unclosed'
# Stems, hyphened spellings, the notes and more like this.
sdb=$TMP/stem.db
"$OMBUDS" --db "$sdb" import --quiet "$DATA_DIR" "$TESTS_SRCDIR/stem-data" 2> /dev/null
vg 0 "search of a stemmed word, in quotes and not" --db "$sdb" search delaying '"delays"'
vg 0 "a relaxed search of words run apart (anti … social)" --db "$sdb" search anti bailiff social
is "$err" "no decision has all of: anti bailiff social — showing decisions with 2 of the 3 words" \
	"with its note"
vg 0 "a suggestion" --db "$sdb" search acessment
vg 0 "more like this" --db "$sdb" search --like 25 100 002 --format json

# ---- stores that cannot be used, usage errors ---------------------------------------
printf 'not a database, just text\n%.0s' $(seq 1 200) > "$TMP/junk.db"
vg 1 "a file that is not a store" --db "$TMP/junk.db" list
vg 1 "list on a store that does not exist" --db "$TMP/none.db" list
vg 2 "an unknown option" --db "$db" list --frobnicate
vg 0 "--help" --help

# ---- the browser --------------------------------------------------------------------
. "$TESTS_SRCDIR/tmux.sh"
DEADLINE=20
OMBUDS=$TMP/vg-ombuds
rm -f "$TMP"/vg.log.*
start 120 30 --db "$db"
wait_text "All organisations" "the browser starts under valgrind"
keys j Tab j Enter
wait_text "y cite" "it opens a decision"
keys ']' '}' G / 'complaint' Enter n N J K
keys '\' 'stage two' Enter
wait_text "Search: stage two" "it searches"
keys n n N
$TM resize-window -x 60 -y 15
$TM resize-window -x 120 -y 30
keys '?'
wait_text "next-hit" "it shows the help"
keys q q q q q y
poll exited
ok $? "the browser quits"
is "$(cat "$TMP/status" 2> /dev/null)" 0 "the browser: exit status 0 (valgrind's would be $VG_STATUS)"
is "$(cat "$TMP"/vg.log.* 2> /dev/null)" "" "the browser: valgrind reports no error and no leak"
stop

echo "# $runs commands and a browser session under valgrind"
done_testing
