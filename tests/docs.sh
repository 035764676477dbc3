#!/bin/sh
# The documentation kept in step with the program: every command in --help,
# every browser action and colour element, and every search field appear in
# the man page, and every command in the README.
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

done_testing
