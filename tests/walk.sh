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

done_testing
