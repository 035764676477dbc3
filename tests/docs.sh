#!/bin/sh
# The documentation kept in step with the program: every command in --help,
# every browser action and colour element, and every search field appear in
# the man page, and every command in the README; the README's install line
# names quickstart's packages; the man page fits 80 columns.
. "$TESTS_SRCDIR/lib.sh"

src=$TESTS_SRCDIR/../src
man=$(ls "$TESTS_SRCDIR"/../man/ombuds.1.in)
readme=$TESTS_SRCDIR/../README.md
help=$("$OMBUDS" --help)

commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | sort -u)
is "$(printf '%s\n' "$commands" | tr '\n' ' ')" "fetch import list orgs search show " "--help names the commands"
for c in $commands; do
	ok "$(grep -q "^\.B.* $c\b\|^\.BI \"$c\|^\.B $c\b\|\\fB$c\b" "$man"; echo $?)" "the man page documents '$c'"
	ok "$(grep -q "ombuds \[--db PATH\] $c\|^- \*\*$c\*\*" "$readme"; echo $?)" "the README documents '$c'"
done

# Options of every command, as --help lists them.
for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	ok "$(grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$man"; echo $?)" "the man page documents $opt"
done

# The browser's actions and colour elements, from the tables in the source.
actions=$(sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)", .*/\1/p' "$src/ui_keys.h")
ok "$([ "$(printf '%s\n' "$actions" | wc -l)" -ge 20 ]; echo $?)" "the action table was read ($(printf '%s\n' "$actions" | wc -l) actions)"
for a in $actions; do
	ok "$(grep -q -- "$(printf '%s' "$a" | sed 's/-/\\\\-/g')" "$man"; echo $?)" "the man page names the action '$a'"
done
elements=$(sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)", .*/\1/p' "$src/ui_config.h")
ok "$([ "$(printf '%s\n' "$elements" | wc -l)" -ge 10 ]; echo $?)" "the colour table was read"
for e in $elements; do
	ok "$(grep -q -- "$(printf '%s' "$e" | sed 's/-/\\\\-/g')" "$man"; echo $?)" "the man page names the colour element '$e'"
done

# The search fields, as --help lists them.
for f in org category outcome ref in after before year; do
	like "$help" "$f:" "--help lists the search field $f:"
	ok "$(grep -q "$f:" "$man"; echo $?)" "the man page documents the search field $f:"
done

# The README's install line names every package quickstart installs.
quickstart=$TESTS_SRCDIR/../quickstart
qs_packages=$(eval "$(awk '/^packages=/ { p = 1 } p { print } p && /"$/ { p = 0 }' "$quickstart")"; echo $packages)
readme_packages=$(awk '/^sudo apt-get install/ { p = 1 } p { print } p && !/\\$/ { p = 0 }' "$readme" | tr -d '\\')
ok "$([ "$(printf '%s\n' $qs_packages | wc -l)" -ge 10 ]; echo $?)" "quickstart's packages were read"
for p in $qs_packages; do
	ok "$(printf ' %s \n' "$(echo $readme_packages)" | grep -q " $p "; echo $?)" "the README's install line names $p"
done

# quickstart's closing count reads every .trs under tests/ of both builds.
mkdir -p "$TMP/qs/tests/fuzz" "$TMP/qs/ombuds-sanitizers/tests/fuzz"
printf ':test-result: PASS\n:test-result: PASS\n' > "$TMP/qs/tests/cli.trs"
printf ':test-result: FAIL\n' > "$TMP/qs/tests/fuzz/replay.trs"
printf ':test-result: PASS\n:test-result: SKIP\n' > "$TMP/qs/ombuds-sanitizers/tests/cli.trs"
printf ':test-result: ERROR\n' > "$TMP/qs/ombuds-sanitizers/tests/fuzz/replay.trs"
count=$(awk '/# One line the CI reads/ { p = 1 } p { print } p && /^\t\t}'"'"'$/ { p = 0 }' "$quickstart")
ok "$([ -n "$count" ]; echo $?)" "quickstart's count line was read"
is "$(cd "$TMP/qs" && printf '%s\n' "$count" | sh)" "3 passed, 2 failed, 1 skipped" \
	"quickstart counts the .trs of every folder of tests/, in both builds"

# The man page fits an 80-column terminal: man warns of nothing (a table
# wider than the line) and the key table has no blank line inside.
manpage=$TESTS_BUILDDIR/../man/ombuds.1
if command -v man >/dev/null 2>&1; then
	warnings=$(MANWIDTH=80 man --warnings -l "$manpage" 2>&1 >/dev/null)
	is "$warnings" "" "man warns of nothing at 80 columns"
	table=$(MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$manpage" 2>/dev/null | col -b |
		sed -n '/^ *Up, k \/ Down, j/,/^ *?, F1/p')
	ok "$([ -n "$table" ] && ! printf '%s\n' "$table" | grep -q '^$'; echo $?)" "the key table has no blank line at 80 columns"
	ok "$(! printf '%s\n' "$table" | grep -q '.\{81\}'; echo $?)" "the key table fits 80 columns"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP man is not installed (apt-get install man-db)"
fi

done_testing
