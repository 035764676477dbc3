#!/bin/sh
# The reading workflow (issue 19): find in the decision, walking the
# results from the reader, the next decision, the jump history, goto by
# citation, the cited paragraph's mark, the summary's and the marked
# decisions' citations.  The real program in tmux at 160x48; every wait
# polls with a deadline.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR"
ok $? "the samples import"

# ---- show accepts the citation forms ---------------------------------------
"$OMBUDS" --db "$db" show 24 008 642 --para 4 > "$TMP/want"
for form in "Coventry City Council (24 008 642) at [4]" "24 008 642 at [4]" \
	"24 008 642 [4]"; do
	"$OMBUDS" --db "$db" show "$form" > "$TMP/got"
	ok $? "show '$form' succeeds"
	cmp -s "$TMP/want" "$TMP/got"
	ok $? "and prints what --para 4 prints"
done
"$OMBUDS" --db "$db" show "24 008 642 [99]" > /dev/null 2> "$TMP/err"
is "$?" 1 "show '24 008 642 [99]' fails"
cli_msg=$(sed 's/^ombuds: //' "$TMP/err")
like "$cli_msg" "has no paragraph 99" "saying the paragraph is missing"

start 160 48 --db "$db"
wait_text "All organisations" "the browser starts"

# ---- find in the decision --------------------------------------------------
keys Tab Enter
wait_text "decision 1/5 · 24 023 422" "the reader shows the first decision"
keys / payment Enter
wait_text "2 matches for payment · n N step through them" "/ in the reader finds in the decision"
wait_attr '1;4;7' 'payment' "the current match is underlined"
keys n
wait_text "match 2/2" "n steps to the next match, with a counter"
wait_text "All organisations · decision 1/5 · 24 023 422" "the list stays as it was"
keys n
wait_text "no more matches below" "n at the last match says so"
keys / Enter
wait_text "find cleared" "an empty find clears it"
keys '\' '"stage two"' Enter
wait_text 'Search: "stage two" (4)' "\\ searches every decision from the reader"

# ---- J and K from the reader -------------------------------------------------
keys Enter
wait_text "result 1/4 · 24 008 642" "Enter reads the first result"
keys J
wait_text "result 2/4 · 24 019 538" "J reads the next result"
keys J J
wait_text "result 4/4 · 24 011 458" "and the next"
keys J
wait_text "the last decision of the list" "J at the last says so"
keys K
wait_text "result 3/4 · 24 023 422" "K reads the previous result"

# ---- the jump history ------------------------------------------------------
keys : '24 007 712 [3]' Enter
wait_text "24 007 712 is outside the search results" \
	"a goto outside the search says so"
keys q
wait_text "result 3/4 · 24 023 422" "q brings the list's decision back: list and reader in step"
keys Enter : '24 007 712 [3]' Enter
wait_text "24 007 712 is outside" "a goto again"
keys C-o
wait_text "result 3/4 · 24 023 422" "C-o goes back to where the goto came from"
keys C-n
wait_text "24 007 712 is outside" "C-n forward again"
keys BSpace
wait_text "result 3/4 · 24 023 422" "Backspace goes back too"

# ---- goto by citation ------------------------------------------------------
keys : 'Coventry City Council (24 008 642) at [7]' Enter
wait_text "24 008 642 [7]" "':Org (ref) at [7]' opens paragraph 7"
keys : '24 008 642 at [9]' Enter
wait_text "24 008 642 [9]" "':ref at [9]' opens paragraph 9"
keys : '[99]' Enter
wait_text "$cli_msg" "':[99]' gets the command line's message"
keys : '[0]' Enter
wait_text "24 008 642 has no paragraph 0" "':[0]' too"

# ---- the mark of the paragraph y copies ----------------------------------------
# Under NO_COLOR the mark is the paragraph number in reverse video (SGR 7).
wait_attr '1;7' '\[9\]' "the paragraph y copies is marked"
keys '}'
wait_attr '1;7' '\[10\]' "} moves the mark"
keys '{' '{'
wait_attr '1;7' '\[8\]' "{ moves it back"
$TM set -g set-clipboard on
keys y
wait_text "copied to the clipboard: Coventry City Council (24 008 642) at [8]" \
	"y copies the marked paragraph"
keys '{' '{' '{' '{' '{' '{' '{' '{'
wait_attr '1;4;7' 'Summary' "{ before [1] marks the summary"
keys y
wait_text "copied to the clipboard: Coventry City Council (24 008 642), summary" \
	"at the top y copies the summary, saying so"
has_buffer() {
	$TM show-buffer > "$TMP/buffer" 2> /dev/null &&
		grep -q "Mrs Y was unhappy" "$TMP/buffer"
}
poll has_buffer
ok $? "with the summary's text"

# ---- Y: the marked decisions' citations ---------------------------------------
keys q q
wait_text "Decisions: all (5)" "back to the list"
keys g Space Space
wait_text "2 marked" "two decisions marked"
keys Y
wait_text "copied 2 citations to the clipboard" "Y copies the marked decisions' citations"
has_refs() {
	$TM show-buffer > "$TMP/buffer" 2> /dev/null &&
		[ "$(cat "$TMP/buffer")" = "Coventry City Council (24 023 422)
Leicester City Council (24 011 458)" ]
}
poll has_refs
ok $? "one a line" || sed 's/^/# /' "$TMP/buffer"

# ---- J from the side-by-side view, q back to it --------------------------------
keys c
wait_text "Compare: 24 023 422 | 24 011 458" "c compares the marked decisions"
keys J
wait_text "decision 2/5 · 2 marked · 24 011 458" "J from the side-by-side view reads the decision after its column's"
keys q
wait_text "Compare: 24 023 422 | 24 011 458" "q goes back to the comparison"
keys Tab Enter
poll has_text "24 011 458 Leicester City Council"
ok $? "Enter reads a column alone"
keys C-o
wait_text "Compare: 24 023 422 | 24 011 458" "C-o goes back to the comparison too"

keys Q
poll exited
ok $? "Q quits"
done_testing
