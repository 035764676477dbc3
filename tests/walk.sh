#!/bin/sh
# Issue 18 as a new user meets it: the notes a search leaves (did you
# mean, relaxed) belong to the query whose results are shown, never to
# a line typed on the way to it.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/w.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR" "$TESTS_SRCDIR/stem-data" 2> /dev/null
ok $? "the samples and the stem statements import"

status_line() {
	screen | tail -n 1
}
prompt_gone() {
	case $(status_line) in
	/*) return 1 ;;
	esac
	return 0
}

# ---- search as you type: a passing line's suggestion does not stay ----------
start 160 30 --db "$db"
wait_text "All organisations" "the browser starts"
keys /
keys -l dela
wait_text "Search: dela (0)" "the line 'dela' on the way finds nothing"
keys -l yed
wait_text "Search: delayed (" "'delayed' finds its decisions as it is typed"
keys Enter
poll prompt_gone
ok $? "Enter closes the prompt"
case $(status_line) in
*"did you mean"*) st=1 ;;
*) st=0 ;;
esac
ok $st "the status line has no suggestion for 'dela', a line left behind"
[ $st -eq 0 ] || status_line | sed 's/^/# /'
keys /
keys -l acessment
wait_text "Search: acessment (0)" "a word that matches nothing"
keys Enter
wait_text "did you mean assessment?" "its suggestion when it is kept"
keys Q
stop

# ---- the upgrade of a store of schema 12: a progress line to the end ------
if command -v script > /dev/null; then
	cp "$db" "$TMP/old.db"
	as_schema_12 "$TMP/old.db"
	script -qec "'$OMBUDS' --db '$TMP/old.db' list --limit 1 > /dev/null" /dev/null \
		> "$TMP/up.out" 2>&1
	up=$(tr '\r' '\n' < "$TMP/up.out" | sed 's/\x1b\[K//g' | grep -v '^$')
	like "$up" "upgrading the store (words for stemmed search): 9/9 decisions" \
		"the progress line counts the words for stemmed search"
	like "$up" "upgrading the store (topics for search): 9/9 decisions" \
		"and the topic lines, the longest step"
	is "$(printf '%s\n' "$up" | grep -c 'store upgraded')" 1 \
		"store upgraded is said once"
	is "$(printf '%s\n' "$up" | grep -v 'words for stemmed search' | sed 's/: [0-9]*\/[0-9]* decisions$//' | uniq)" \
		"upgrading the store (topics for search)
ombuds: store upgraded: 9 decisions read" "said after the last step"
	is "$(sqlite3 "$TMP/old.db" 'PRAGMA user_version')" \
		"$(sqlite3 "$db" 'PRAGMA user_version')" "the store is of this schema"
fi

done_testing
