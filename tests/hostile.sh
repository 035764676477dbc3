#!/bin/sh
# Hostile text: statements carrying terminal escape sequences (CSI, OSC 0,
# 2, 8 and 52, 8-bit C1 forms, tmux passthrough), bidirectional overrides,
# zero-width characters, combining-mark floods, 10,000-column lines, NUL
# bytes, UTF-8-encoded surrogates and overlong encodings.  Each is made
# here with printf, imported, and checked twice: the stored text (show
# --format json, exact), and the browser's screen in tmux, where nothing
# may reach the terminal raw or move the layout: the pane borders at the
# same column on every row, the status line on the last row, no line
# wider than the terminal, no colour (NO_COLOR is set), the pane title
# and tmux's paste buffer untouched although set-clipboard is on.
. "$TESTS_SRCDIR/lib.sh"
TMUX_OPTIONS='set -s set-clipboard on'
. "$TESTS_SRCDIR/tmux.sh"

COLS=160
ROWS=30

# ---- controls: this tmux shows what leaks --------------------------------
# The same server setup, with the escapes written raw: the buffer fills,
# the title changes, the colour shows.  Without these the checks below
# could pass because tmux ignored the sequences.
cat > "$TMP/leak" <<'EOF'
printf '\033]52;c;cHJvYmU=\007\033]2;probe-title\033\\\033[31mred\033[0m\n%0100d\n' 0
exec sleep 600
EOF
tmux_server 80 24 "sh '$TMP/leak'"
buffer_is() {
	[ "$($TM show-buffer 2> /dev/null)" = "$1" ]
}
title_is() {
	[ "$($TM display -p '#{pane_title}')" = "$1" ]
}
# has_colour: the screen holds a foreground or background colour (39 and
# 49, the defaults, are not colours).
has_colour() {
	$TM capture-pane -p -e | grep -qE "$ESC\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
}
poll buffer_is probe
ok $? "control: an OSC 52 written raw fills this tmux's paste buffer"
poll title_is probe-title
ok $? "control: an OSC 2 written raw sets the pane title"
poll has_colour
ok $? "control: a colour written raw shows on the screen"
# widest: the widest line of the screen, rows the terminal wrapped joined.
widest() {
	$TM capture-pane -p -J | wc -L
}
is "$(widest)" 100 "control: a line of 100 columns wrapped by the terminal is seen whole"
stop

# ---- the statements ----------------------------------------------------------
# statement FILE REF ORG SUMMARY PARA1 [PARA2]: a short statement whose
# organisation, summary and first paragraphs carry the payloads.  Its date
# is the newest, so the browser opens on it.
statement() {
	{
		printf 'Hostile %s Borough Council (%s)\n' "$3" "$2"
		printf 'Category : Adult care services > Assessment\n'
		printf 'Decision : Upheld\nDecision date : 01 Dec 2025\n\n'
		printf "The Ombudsman's final decision:\n"
		printf 'Summary: Start of summary %s end of summary.\n\n' "$4"
		printf 'The complaint\n\n'
		printf '  1. Start of paragraph one %s end of paragraph one.\n\n' "$5"
		printf '  2. %s\n\n' "${6:-A plain second paragraph.}"
		printf 'Final decision\n\n  3. I have completed my investigation.\n'
	} > "$1"
}

# field DB REF PATH: one field of show --format json, decoded.
field() {
	"$OMBUDS" --db "$1" show "$2" --format json > "$TMP/show.json"
	sqlite3 -batch :memory: "SELECT json_extract(CAST(readfile('$TMP/show.json') AS TEXT), '$3')"
}

# stored NAME REF ORG SUMMARY PARA1 [PARA2]: the decision reads back as
# exactly these, and nothing stored holds a control character, an
# override or invalid UTF-8.
stored() {
	db=$TMP/$1.db
	is "$(field "$db" "$2" '$.organisation')" "Hostile $3 Borough Council" "$1: the organisation as stored"
	is "$(field "$db" "$2" '$.summary')" "Start of summary $4 end of summary." "$1: the summary as stored"
	is "$(field "$db" "$2" '$.paragraphs[0].text')" "Start of paragraph one $5 end of paragraph one." \
		"$1: paragraph 1 as stored"
	if [ $# -ge 6 ]; then
		is "$(field "$db" "$2" '$.paragraphs[1].text')" "$6" "$1: paragraph 2 as stored"
	fi
	all="coalesce(o.name,'')||d.summary||coalesce(d.complaint,'')||coalesce(d.decision,'')"
	is "$(sql "$db" "SELECT count(*) FROM decision d JOIN org o ON o.id = d.org_id
		WHERE ($all) GLOB '*['||char(1,7,9,13,27,127,128,133,144,152,155,156,157,158,159)||']*'
		   OR ($all) GLOB '*['||char(8234,8235,8236,8237,8238,8294,8295,8296,8297,65279)||']*'")" 0 \
		"$1: no control, override, isolate or BOM character is stored"
	sql "$db" "SELECT o.name, d.summary, d.complaint FROM decision d JOIN org o ON o.id = d.org_id" \
		| iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1
	ok $? "$1: everything stored is valid UTF-8"
}

# check_screen NAME WHERE WIDTH BORDERS ROWS STATUS: the screen as it is
# now: ROWS lines, every one but the last with │ at BORDERS (when not
# empty), none wider than WIDTH (nor wrapped by the terminal), STATUS on the last row and no other, no
# colour, the pane title and tmux's paste buffer untouched.
last_row_has() {
	screen | tail -n 1 | grep -qF -- "$1"
}

check_screen() {
	# The terminal may still be painting the frame whose text was waited
	# for: wait until its status line is there, then read the screen.
	poll last_row_has "$6"
	screen > "$TMP/cap"
	n=$(wc -l < "$TMP/cap")
	is "$n" "$5" "$1, $2: the screen has its $5 rows"
	if [ -n "$4" ]; then
		bad=0
		r=0
		while IFS= read -r line; do
			r=$((r + 1))
			[ "$r" -ge "$n" ] && break
			got=$(border_cols "$line")
			if [ "$got" != "$4" ]; then
				bad=$((bad + 1))
				echo "# row $r: borders at '$got', not '$4'"
			fi
		done < "$TMP/cap"
		is "$bad" 0 "$1, $2: on every row the borders are at columns $4"
	fi
	w=$(widest)
	ok "$([ "$w" -le "$3" ]; echo $?)" "$1, $2: no line is wider than $3 columns, none wrapped ($w)"
	like "$(tail -n 1 "$TMP/cap")" "$6" "$1, $2: the status line is on the last row"
	is "$(grep -c -F "$6" "$TMP/cap")" 1 "$1, $2: and on no other"
	has_colour
	ok "$([ $? -ne 0 ]; echo $?)" "$1, $2: no colour reached the screen"
	title_is "$($TM display -p '#{host}')"
	ok $? "$1, $2: the pane title is unchanged"
	is "$($TM show-buffer 2> /dev/null)" "" "$1, $2: no paste buffer was set"
}

# ---- the clean layout at this size -----------------------------------------
"$OMBUDS" --db "$TMP/clean.db" import --quiet "$DATA_DIR"
start $COLS $ROWS --db "$TMP/clean.db"
wait_text "decision 1/5" "the samples' browser starts at ${COLS}x$ROWS"
borders=$(border_cols "$(screen | sed -n 2p)")
is "$(printf '%s\n' "$borders" | wc -w)" 2 "three panes, two borders (at columns $borders)"
check_screen samples "three panes" $COLS "$borders" $ROWS "decision 1/5 ·"
stop

# browse NAME REF WANT...: the browser on the case's store at COLSxROWS
# (three panes), the reader alone, then 80x24; each WANT is text that
# must show in the reader (the text after the hostile part).
browse() {
	name=$1
	ref=$2
	shift 2
	start $COLS $ROWS --db "$TMP/$name.db"
	wait_text "decision 1/6 · $ref" "$name: the browser opens on $ref"
	for want; do
		wait_text "$want" "$name: the reader shows '$want'"
	done
	check_screen "$name" "three panes" $COLS "$borders" $ROWS "decision 1/6 · $ref"
	keys Tab Enter
	wait_text "y cite" "$name: Enter opens the reader alone"
	check_screen "$name" "the reader alone" $COLS "" $ROWS "decision 1/6 · $ref"
	keys ']' ']'
	wait_text "[1] Start of paragraph one" "$name: ] ] go to the complaint's first paragraph"
	keys G
	wait_text "I have completed my investigation." "$name: G goes to the end of the decision"
	$TM resize-window -x 80 -y 24
	# G again until the end shows: the resize re-wraps and keeps the
	# paragraph at the top, and G may come before or after it.
	press_until G "100%" "$name: resized to 80x24, G goes to the end"
	wait_text "I have completed my investigation." "$name: where its last paragraph shows"
	check_screen "$name" "80x24" 80 "" 24 "decision 1/6 · $ref"
	keys Q
	poll exited
	ok $? "$name: Q quits"
	is "$(cat "$TMP/status" 2> /dev/null)" 0 "$name: and exits 0"
	# The size aside, which the resize changed.
	sed 's/rows [0-9]*; columns [0-9]*;//' "$TMP/before" > "$TMP/before.s"
	sed 's/rows [0-9]*; columns [0-9]*;//' "$TMP/after" > "$TMP/after.s"
	cmp -s "$TMP/before.s" "$TMP/after.s"
	ok $? "$name: stty -a is the same after quitting (but the size)"
	stop
}

# hostile NAME: imports $TMP/NAME.txt with the samples into a store of
# its own.
hostile() {
	run --db "$TMP/$1.db" import "$TMP/$1.txt" "$DATA_DIR"
	is "$status" 0 "$1: the statement imports"
	like "$err" "6 imported, 0 replaced, 0 failed" "$1: beside the five samples"
}

# ---- CSI: colours, clearing, cursor moves, the alternate screen --------------
statement "$TMP/csi.txt" "25 900 001" "$(printf '\033[31mRED\033[0m')" \
	"$(printf 'a \033[2J\033[H\033[31mred\033[0m \302\2331;31m b \033[10;10Hc')" \
	"$(printf 'x \033[1;33;41mloud\033[0m \033[?1049h y \033[K')"
hostile csi
stored csi "25 900 001" "RED" "a red  b c" "x loud  y "
browse csi "25 900 001" "a red  b c end of summary." "x loud  y  end of paragraph one."

# ---- OSC: titles, a hyperlink, the clipboard (OSC 52), in 7 and 8 bits, ------
# ---- inside tmux's passthrough, and one left open ----------------------------
statement "$TMP/osc.txt" "25 900 002" "$(printf '\033]0;pwned-org\007')" \
	"$(printf 'a \033]0;pwned-title\007 b \033]2;pwned-title\033\\ c \033]52;c;cHduZWQ=\007 d \302\23552;c;cHduZWQ=\302\234 e')" \
	"$(printf 'x \033]8;;http://evil.example/\033\\link\033]8;;\033\\ y \033Ptmux;\033\033]52;c;cHduZWQ=\007\033\\ z')" \
	"$(printf 'Before \033]52;c;cHduZWQ= the rest of an open OSC line is dropped.')"
hostile osc
stored osc "25 900 002" "" "a  b  c  d  e" "x link y  z" "Before"
browse osc "25 900 002" "a  b  c  d  e end of summary." "x link y  z end of paragraph one."

# ---- bidirectional overrides, embeddings and isolates --------------------------
# They go; the marks LRM, RLM and ALM (no override, no width) stay.
statement "$TMP/bidi.txt" "25 900 003" "$(printf '\342\200\256lic\342\200\254')" \
	"$(printf 'a \342\200\256desrever\342\200\254 b \342\200\255x\342\200\254 \342\201\246i\342\201\251 \342\201\247r\342\201\251 \342\201\250f\342\201\251 \342\200\252e\342\200\254 \342\200\253e\342\200\254 \342\200\216lrm \342\200\217rlm \330\234alm')" \
	"$(printf 'x \342\200\256gnitaerc\342\200\254 y')"
hostile bidi
stored bidi "25 900 003" "lic" \
	"$(printf 'a desrever b x i r f e e \342\200\216lrm \342\200\217rlm \330\234alm')" "x gnitaerc y"
browse bidi "25 900 003" "x gnitaerc y end of paragraph one."

# ---- zero-width characters, alone and in floods of 200 and 400 -----------------
zw=$(printf '\342\200\213\342\200\214\342\200\215\342\201\240')
zwflood=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "\342\200\213" }')
statement "$TMP/zw.txt" "25 900 004" "Z${zw}$(printf '\357\273\277')ero" \
	"a W${zw}or${zw}d b ${zwflood}c" "x ${zwflood}${zwflood}y z"
hostile zw
stored zw "25 900 004" "Z${zw}ero" "a W${zw}or${zw}d b ${zwflood}c" "x ${zwflood}${zwflood}y z"
browse zw "25 900 004" "y z end of paragraph one." "c end of summary."

# ---- combining marks: a flood of 500 on one letter, and "zalgo" --------------
# marks N: N combining acute accents.
marks() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "\314\201" }'
}
comb500=$(marks 500)
# Each letter under the 13 combining small letters U+0363..U+036F: one
# class, none composes, so NFC keeps them as they are.
zalgo=$(for c in Z a l g o; do printf '%s\315\243\315\244\315\245\315\246\315\247\315\250\315\251\315\252\315\253\315\254\315\255\315\256\315\257' $c; done)
statement "$TMP/comb.txt" "25 900 005" "e$(marks 50)" "a e$comb500 b $zalgo c" "x ${comb500}y $zalgo z"
hostile comb
# NFC composes the first mark with its e.
e_acute=$(printf '\303\251')
stored comb "25 900 005" "$e_acute$(marks 49)" "a $e_acute$(marks 499) b $zalgo c" "x ${comb500}y $zalgo z"
browse comb "25 900 005" " c end of summary." " z end of paragraph one."

# ---- 10,000-column lines: one unbroken word, 5,000 wide characters, words ------
long=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "x" }')
cjk=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "\344\270\255" }')
words=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "word " }')
statement "$TMP/long.txt" "25 900 006" "Long" "a $cjk b" "x $long y ${words}z"
hostile long
stored long "25 900 006" "Long" "a $cjk b" "x $long y ${words}z"
browse long "25 900 006" "Start of summary a 中中中"

# ---- NUL bytes in the header, the summary and a paragraph ----------------------
# A shell variable cannot hold a NUL: the statement carries \376 markers,
# turned into NULs after.
statement "$TMP/nul.raw" "25 900 007" "$(printf 'N\376U\376L')" \
	"$(printf 'a N\376\376b c')" "$(printf 'x \376y\376\376\376z')"
tr '\376' '\000' < "$TMP/nul.raw" > "$TMP/nul.txt"
is "$(tr -cd '\000' < "$TMP/nul.txt" | wc -c)" 8 "nul: the statement holds 8 NUL bytes"
hostile nul
stored nul "25 900 007" "NUL" "a Nb c" "x yz"
browse nul "25 900 007" "a Nb c end of summary." "x yz end of paragraph one."

# ---- surrogates encoded in UTF-8 (alone, and as a CESU-8 pair) ------------------
# Invalid UTF-8: each byte is read as Windows-1252 on its own (text.c), so
# no surrogate is ever stored: ED A0 80 becomes "í", NBSP, "€".
statement "$TMP/surr.txt" "25 900 008" "$(printf 'S\355\240\200r')" \
	"$(printf 'a \355\240\200 b \355\277\277 c \355\240\275\355\270\200 d')" "$(printf 'x \355\240\200y')"
hostile surr
stored surr "25 900 008" "$(printf 'S\303\255\302\240\342\202\254r')" \
	"$(printf 'a \303\255\302\240\342\202\254 b \303\255\302\277\302\277 c \303\255\302\240\302\275\303\255\302\270\342\202\254 d')" \
	"$(printf 'x \303\255\302\240\342\202\254y')"
browse surr "25 900 008" "d end of summary." "y end of paragraph one."

# ---- overlong encodings, 5-byte forms, beyond U+10FFFF --------------------------
# Never decoded as the ASCII they hide ("/", NUL): each byte as Windows-1252.
statement "$TMP/over.txt" "25 900 009" "$(printf 'O\300\257v')" \
	"$(printf 'a \300\257 b \340\200\257 c \360\200\200\257 d \300\200 e \301\277 f \370\210\200\200\200 g \364\220\200\200 h')" \
	"$(printf 'x \300\257y')"
hostile over
stored over "25 900 009" "$(printf 'O\303\200\302\257v')" \
	"$(printf 'a \303\200\302\257 b \303\240\342\202\254\302\257 c \303\260\342\202\254\342\202\254\302\257 d \303\200\342\202\254 e \303\201\302\277 f \303\270\313\206\342\202\254\342\202\254\342\202\254 g \303\264\357\277\275\342\202\254\342\202\254 h')" \
	"$(printf 'x \303\200\302\257y')"
unlike "$(field "$TMP/over.db" "25 900 009" '$.summary')" "a / b" "over: C0 AF is not read as '/'"
browse over "25 900 009" "d À€ e Á¿ f" "y end of paragraph one."

# ---- escapes already in a store (written by something else) -----------------------
# The import never stores them, so the screen's own filter is tested here:
# each control character shows as '?'.
sql_esc="'raw ' || char(27) || ']52;c;cHduZWQ=' || char(7) || ' and ' || char(27) || '[31mred'
	|| char(27) || ']2;pwned-title' || char(7) || ' ' || char(155) || '1m b'"
cp "$TMP/csi.db" "$TMP/raw.db"
sql "$TMP/raw.db" "UPDATE decision SET summary = $sql_esc WHERE ref = '25 900 001'"
is "$(sql "$TMP/raw.db" "SELECT count(*) FROM decision WHERE summary GLOB '*'||char(27)||']52*'")" 1 \
	"raw: the store now holds an OSC 52"
# The commands' output goes through a guard: each control but LF and TAB
# is written as '?'.
esc=$(printf '\033')
for args in "show 25 900 001" "list" "search raw" "show 25 900 001 --format json"; do
	# shellcheck disable=SC2086
	out=$("$OMBUDS" --db "$TMP/raw.db" $args)
	unlike "$out" "$esc" "raw: ombuds $args writes no escape"
	unlike "$out" "$(printf '\007')" "raw: ombuds $args writes no bell"
	unlike "$out" "$(printf '\302\233')" "raw: ombuds $args writes no C1 control"
done
like "$("$OMBUDS" --db "$TMP/raw.db" show 25 900 001)" \
	"raw ?]52;c;cHduZWQ=? and ?[31mred?]2;pwned-title? ?1m b" \
	"raw: show writes each control character as '?'"
start $COLS $ROWS --db "$TMP/raw.db"
wait_text "raw ?]52;c;cHduZWQ=? and ?[31mred?]2;pwned-title? ?1m b" \
	"raw: the reader shows each control character as '?'"
check_screen raw "three panes" $COLS "$borders" $ROWS "decision 1/6 · 25 900 001"
keys Q
poll exited
ok $? "raw: Q quits"
stop

done_testing
