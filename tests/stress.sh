#!/bin/sh
# The browser under stress: random keys from the whole keymap (every
# action's keys from src/ui_keys.h, letters, digits, and / and : prompts
# with random text ended by Enter or Esc), sent in batches with tmux
# send-keys, interleaved with random resizes between 20x6 and 250x80.
# After each batch the browser must be alive; a q or Esc at the top level
# quits it, with status 0, and it is started again (counted).  At the
# end it must still answer (a :reference marker, then ? and its help
# within a deadline), quit with Q and status 0, and leave stty -a as it
# was.  Prints keys, resizes, restarts, time and peak RSS (VmHWM).
#
# Parameters (environment): STRESS_KEYS (1500), STRESS_RESIZES (30),
# STRESS_STATEMENTS (3000, the store's size), STRESS_SEED (drawn and
# printed), STRESS_DEADLINE (seconds for the browser to answer at the
# end, 60), STRESS_DB (a store to use as it is), BENCH_DIR (where make
# stress keeps ombuds-N.db and corpus-N between runs).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"
set -f

KEYS=${STRESS_KEYS:-1500}
RESIZES=${STRESS_RESIZES:-30}
STATEMENTS=${STRESS_STATEMENTS:-3000}
SEED=${STRESS_SEED:-$(date +%s)}
END_DEADLINE=${STRESS_DEADLINE:-60}
echo "# seed $SEED (STRESS_SEED=$SEED repeats the keys and sizes)"

now_ms() {
	date +%s%3N
}

# ---- the store ---------------------------------------------------------------
if [ -n "${STRESS_DB:-}" ]; then
	db=$STRESS_DB
elif [ -n "${BENCH_DIR:-}" ]; then
	# make stress: the benchmark's store of that size, made once.
	mkdir -p "$BENCH_DIR"
	db=$BENCH_DIR/ombuds-$STATEMENTS.db
	if [ ! -s "$db" ]; then
		corpus=$BENCH_DIR/corpus-$STATEMENTS
		[ -d "$corpus" ] || "$GEN" "$STATEMENTS" "$corpus" "$DATA_DIR" > /dev/null
		echo "# importing $corpus into $db"
		"$OMBUDS" --db "$db" import --quiet "$corpus"
	fi
else
	"$GEN" "$STATEMENTS" "$TMP/corpus" "$DATA_DIR" 1 > /dev/null
	db=$TMP/s.db
	"$OMBUDS" --db "$db" import --quiet "$TMP/corpus"
fi
decisions=$(sql "$db" "SELECT count(*) FROM decision")
ok "$([ "$decisions" -gt 0 ]; echo $?)" "a store of $decisions decisions ($db)"

# ---- the plan --------------------------------------------------------------------
# Every action's default keys, as tmux names them.
actionkeys=$(sed -n 's/^[[:space:]]*X([A-Z_]*, "[a-z-]*", "\([^"]*\)".*/\1/p' "$TESTS_SRCDIR/../src/ui_keys.h" |
	tr ' ' '\n' | sed 's/^PgUp$/PPage/; s/^PgDn$/NPage/; s/^S-Tab$/BTab/; s/^Esc$/Escape/' | sort -u | tr '\n' ' ')
ok "$([ "$(echo $actionkeys | wc -w)" -ge 30 ]; echo $?)" "the keymap was read: $actionkeys"

# One line per step: "K key..." (one send-keys), "L text" (literal text,
# one key per character), "R cols rows" (a resize).  q, Esc and Q quit at
# the top level, so they are drawn less often.
awk -v seed="$SEED" -v keys="$KEYS" -v resizes="$RESIZES" -v actions="$actionkeys" '
function pick(a, n) { return a[int(rand() * n) + 1] }
BEGIN {
	srand(seed)
	na = split(actions, A, " ")
	nl = split("a b c d e f g h i j k l m n o p r s t u v w x y z A B C D E F G H I J K L M N O P R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 Space BSpace C-w C-k C-a C-e", L, " ")
	nw = split("council|delay|complaint|care plan|school|fault|apology|housing|\"stage two\"|NEAR(delay apology)|org:coventry|outcome:upheld|year:2024|in:findings fault|\"unclosed|assess*|-school|delay OR apology|NOT council|(fault|after:2024-01-01|ref:24 023 422|category:children", W, "|")
	nr = split("24 023 422 [7]|24 011 458|99 999 999|banana|24023422 [2]|[3]|19 018 519c", R, "|")
	# Resize r comes at a random key of the r-th stretch of keys.
	for (r = 0; r < resizes; r++)
		at[r] = int((r + rand()) * keys / resizes)
	ri = 0
	sent = 0
	batch = ""
	nb = 0
	while (sent < keys) {
		for (; ri < resizes && at[ri] <= sent; ri++) {
			if (nb) { print "K" batch; batch = ""; nb = 0 }
			printf "R %d %d\n", 20 + int(rand() * 231), 6 + int(rand() * 75)
		}
		u = rand()
		if (u < 0.06) {
			# A prompt: / or :, text, maybe edited, Enter or Esc.
			if (nb) { print "K" batch; batch = ""; nb = 0 }
			p = rand() < 0.7 ? "/" : ":"
			t = p == "/" ? pick(W, nw) : pick(R, nr)
			if (rand() < 0.2) t = t substr("qxzjv", int(rand() * 5) + 1, 1 + int(rand() * 3))
			print "K " p
			print "L " t
			end = rand() < 0.8 ? "Enter" : "Escape"
			if (rand() < 0.2) end = "Up " end
			print "K " end
			sent += 2 + length(t)
			continue
		}
		if (u < 0.7) {
			k = pick(A, na)
			if ((k == "q" || k == "Escape" || k == "Q") && rand() < 0.9)
				k = pick(A, na)
			if (k == "Q" && rand() < 0.9)
				k = "j"
		} else
			k = pick(L, nl)
		batch = batch " " k
		nb++
		sent++
		if (nb >= 5 + int(rand() * 16)) { print "K" batch; batch = ""; nb = 0 }
	}
	if (nb) print "K" batch
	for (; ri < resizes; ri++)
		printf "R %d %d\n", 20 + int(rand() * 231), 6 + int(rand() * 75)
}' > "$TMP/plan"
planned_keys=$(awk '$1 == "K" { n += NF - 1 } $1 == "L" { n += length($0) - 2 } END { print n }' "$TMP/plan")
planned_resizes=$(grep -c '^R' "$TMP/plan")
ok "$([ "$planned_keys" -ge "$KEYS" ]; echo $?)" "a plan of $planned_keys keys and $planned_resizes resizes"

# ---- the browser, started again whenever it quits -------------------------------------------
# Each run appends its exit status; the last stty -a is kept once the
# stop file is there.
cat > "$TMP/loop" <<EOF
cd "$TMP"
stty -a > "$TMP/before"
while :; do
	sh -c 'echo \$\$ > "$TMP/pid"; exec "\$0" "\$@"' "$OMBUDS" --db "$db"
	echo \$? >> "$TMP/statuses"
	[ -f "$TMP/stop" ] && break
done
stty -a > "$TMP/after"
echo done > "$TMP/status"
exec sleep 600
EOF
rm -f "$TMP/statuses" "$TMP/stop" "$TMP/status" "$TMP/pid"
: > "$TMP/statuses"
tmux_server 120 40 "env -i HOME='$HOME' PATH='$PATH' LC_ALL=C.UTF-8 TZ=UTC TERM=screen-256color sh '$TMP/loop'"
wait_text "decision 1/" "the browser starts on the store"

peak=0
# rss: the peak resident size so far (kB) of the browser now running.
rss() {
	p=$(cat "$TMP/pid" 2> /dev/null)
	r=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$p/status" 2> /dev/null)
	[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
}
bad_status() {
	grep -qv '^0$' "$TMP/statuses"
}
running() {
	[ -s "$TMP/pid" ] && kill -0 "$(cat "$TMP/pid")" 2> /dev/null
}

t0=$(now_ms)
steps=0
dead=0
while read -r what rest; do
	case $what in
	K)
		# shellcheck disable=SC2086
		$TM send-keys $rest ;;
	L)
		$TM send-keys -l -- "$rest" ;;
	R)
		set -- $rest
		$TM resize-window -x "$1" -y "$2" ;;
	esac
	steps=$((steps + 1))
	# Alive: running, or between a quit with status 0 and the restart.
	if bad_status || ! poll running; then
		dead=1
		echo "# after step $steps ($what $rest) the browser is not running:"
		screen | sed 's/^/# /'
		break
	fi
	[ $((steps % 20)) -eq 0 ] && rss
done < "$TMP/plan"
t1=$(now_ms)
is "$dead" 0 "alive after every one of $steps batches and resizes"

# ---- still answering --------------------------------------------------------------------------
# The keys sent may still be queued.  The queue has drained when the
# terminal holds no unread byte and the browser, still the same process,
# sleeps without using the processor for 250 ms.  Then, from the screen
# as it is: a prompt is cancelled (C-g), the help closed (q), and :REF
# must open that decision alone, then ? the help, each within the
# deadline.
$TM resize-window -x 120 -y 40
DEADLINE=$END_DEADLINE
pane_tty=$($TM display -p '#{pane_tty}')
idle_n=0
idle_cpu=
idle_pid=
idle() {
	p=$(cat "$TMP/pid" 2> /dev/null)
	[ -n "$p" ] && [ -r "/proc/$p/stat" ] || return 1
	if [ "$("$TTYQUEUE" "$pane_tty")" != 0 ]; then
		idle_n=0
		return 1
	fi
	# The fields after "(comm) ": state, ..., utime (12th), stime (13th).
	set -- $(sed 's/^.*) //' "/proc/$p/stat")
	if [ "$1" = S ] && [ "$p" = "$idle_pid" ] && [ "$((${12} + ${13}))" = "$idle_cpu" ]; then
		idle_n=$((idle_n + 1))
	else
		idle_n=0
	fi
	idle_pid=$p
	idle_cpu=$((${12} + ${13}))
	[ "$idle_n" -ge 5 ]
}
poll idle
ok $? "the browser reads every key sent (within ${END_DEADLINE}s)"
t2=$(now_ms)
rss
# A prompt left open by the random keys (:, /, search all, find in this
# decision, the filter's) or the quit question is cancelled first: C-g
# leaves a prompt, and any key but y and q answers the question "stay".
if screen | tail -n 1 |
	grep -q '^[:/]\|^filter\|^search all: \|^find in this decision: \|quit ombuds?'; then
	keys C-g
fi
# The help may be scrolled past its title: its rows of keys (the keys in
# 14 columns, the action's name, what it does) or its notes, with no
# pane's border.
if screen | grep -v '│' |
	grep -q -E '^ombuds — keys|^ .{14} [a-z][a-z-]+ +[a-z(]|^ (Config|Search \(/\)|Filter \(f\)|Compare|Reading|Cut off|Search as you type): '; then
	keys q
fi
ref=$(sql "$db" "SELECT ref FROM decision ORDER BY random() LIMIT 1")
keys : "$ref" Enter
title_is_ref() {
	screen | head -n 1 | grep -q "^$ref "
}
poll title_is_ref
st=$?
ok $st "then :$ref opens it"
[ $st -eq 0 ] || screen | sed 's/^/# /'
t3=$(now_ms)
rss
keys '?'
wait_text "next-hit" "and ? shows the help"
t4=$(now_ms)
rss
restarts=$(grep -c . "$TMP/statuses")
is "$(grep -cv '^0$' "$TMP/statuses")" 0 "no crash: each of the $restarts quits (q or Esc at the top level) had status 0"
touch "$TMP/stop"
keys Q
poll exited
ok $? "Q quits"
is "$(tail -n 1 "$TMP/statuses")" 0 "with status 0"
# The size aside: the pty's size is tmux's to set, and tmux 3.3 can leave
# it at an earlier size after many quick resizes.
sed 's/rows [0-9]*; columns [0-9]*;//' "$TMP/before" > "$TMP/before.s"
sed 's/rows [0-9]*; columns [0-9]*;//' "$TMP/after" > "$TMP/after.s"
cmp -s "$TMP/before.s" "$TMP/after.s"
ok $? "stty -a in the pane (but the size) is the same as before the first start"
diff "$TMP/before.s" "$TMP/after.s" | sed 's/^/# /'
stop

echo "# stress: $planned_keys keys, $planned_resizes resizes, $decisions decisions, seed $SEED"
echo "# sending took $((t1 - t0)) ms; the keys were all read $((t2 - t1)) ms after;" \
	":REF took $((t3 - t2)) ms, ? $((t4 - t3)) ms; $restarts restarts; peak RSS $peak kB"
done_testing
