# tmux.sh: drives the real browser in tmux for the screen tests.  Source
# it after lib.sh.  Each start gets a tmux server of its own (a new socket
# name), so a server still shutting down is never reused.  Every wait
# polls every 50 ms up to a deadline; there is no fixed sleep.
#
# TMUX_OPTIONS: extra lines for the server's configuration, read before
# the program starts (e.g. 'set -s set-clipboard on').
# NO_COLOR_ENV: the NO_COLOR setting passed to the program (NO_COLOR=1).

if ! command -v tmux > /dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 77
fi

# The servers' sockets live in the test's own folder, and go with it.
TMUX_TMPDIR=$TMP
export TMUX_TMPDIR
SOCK=ombuds-test-$$
tm_n=0
TM="tmux -L $SOCK-0 -f /dev/null"
DEADLINE=${OMBUDS_TEST_DEADLINE:-5}
# tm_reap: ends the program a test started if it still runs (a hang
# would outlive the tmux server: it ignores the hangup it cannot see).
tm_reap() {
	tm_pid=$(cat "$TMP/pid" 2> /dev/null) || return 0
	[ -n "$tm_pid" ] && grep -q ombuds "/proc/$tm_pid/cmdline" 2> /dev/null &&
		kill -9 "$tm_pid" 2> /dev/null
	return 0
}
trap '$TM kill-server 2>/dev/null; tm_reap; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
ESC=$(printf '\033')

# tmux_server COLS ROWS COMMAND: a new tmux server of that size running
# COMMAND (a shell command line) in its one pane; the last one is ended.
tmux_server() {
	$TM kill-server 2> /dev/null
	tm_n=$((tm_n + 1))
	{
		echo 'set -g status off'
		printf '%s\n' "${TMUX_OPTIONS:-}"
	} > "$TMP/tmux.conf"
	TM="tmux -L $SOCK-$tm_n -f $TMP/tmux.conf"
	$TM new-session -d -x "$1" -y "$2" "$3"
}

# start COLS ROWS [ARGS...]: runs ombuds in a new tmux server of that size.
# A wrapper records its pid, then the stty settings and the exit status
# once it ends.
start() {
	cols=$1
	rows=$2
	shift 2
	rm -f "$TMP/pid" "$TMP/after" "$TMP/status"
	cat > "$TMP/run" <<EOF
cd "$TMP"
stty -a > "$TMP/before"
sh -c 'echo \$\$ > "$TMP/pid"; exec "\$0" "\$@"' "$OMBUDS" $*
echo \$? > "$TMP/status.tmp"
stty -a > "$TMP/after"
mv "$TMP/status.tmp" "$TMP/status"
exec sleep 600
EOF
	tmux_server "$cols" "$rows" \
		"env -i HOME='$HOME' PATH='$PATH' LC_ALL=C.UTF-8 TZ=UTC \
		TERM=screen-256color ${NO_COLOR_ENV:-NO_COLOR=1} sh '$TMP/run'"
}

stop() {
	$TM kill-server 2> /dev/null
}

screen() {
	$TM capture-pane -p
}

# poll CONDITION-COMMAND: retries every 50 ms until it succeeds or the
# deadline passes; returns its last status.
poll() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ "$i" -ge $((DEADLINE * 20)) ] && return 1
		sleep 0.05
	done
	return 0
}

has_text() {
	screen | grep -qF -- "$1"
}

# wait_text TEXT DESCRIPTION: the screen shows TEXT before the deadline.
wait_text() {
	poll has_text "$1"
	st=$?
	ok $st "$2"
	[ $st -eq 0 ] || screen | sed 's/^/# /'
}

keys() {
	$TM send-keys "$@"
}

key_then_text() {
	$TM send-keys "$1"
	has_text "$2"
}

# press_until KEY TEXT DESCRIPTION: sends KEY (an idempotent one) until
# the screen shows TEXT, for a key that may otherwise race a resize.
press_until() {
	poll key_then_text "$1" "$2"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || screen | sed 's/^/# /'
}

# has_attr SGR TEXT: on the screen, TEXT comes right after an SGR sequence
# whose parameters match the extended regex SGR (capture-pane -e).
has_attr() {
	$TM capture-pane -p -e | grep -qE -- "$ESC\\[$1m$2"
}

# wait_attr SGR TEXT DESCRIPTION
wait_attr() {
	poll has_attr "$1" "$2"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || $TM capture-pane -p -e | cat -v | sed 's/^/# /' | head -60
}

# The screen but its status line.
body() {
	screen | sed '$d'
}

exited() {
	[ -f "$TMP/status" ]
}

# alive: the program started by start is still running.
alive() {
	[ -s "$TMP/pid" ] && kill -0 "$(cat "$TMP/pid")" 2> /dev/null && ! exited
}

# border_cols LINE: the display column (from 0) of each │ in LINE, by
# the C library's character widths, as the terminal counts them.
border_cols() {
	bc_rest=$1
	bc_col=0
	bc_out=
	while :; do
		case $bc_rest in
		*│*) ;;
		*) break ;;
		esac
		bc_w=$(printf '%s\n' "${bc_rest%%│*}" | wc -L)
		bc_col=$((bc_col + bc_w))
		bc_out="$bc_out $bc_col"
		bc_col=$((bc_col + 1))
		bc_rest=${bc_rest#*│}
	done
	echo $bc_out
}

# ---- screens compared with the reviewed dumps in tests/screens/ ---------

SCREENS=$TESTS_SRCDIR/screens

same_as() {
	screen > "$TMP/screen"
	cmp -s "$TMP/screen" "$1"
}

stable() {
	screen > "$TMP/s1"
	sleep 0.3
	screen > "$TMP/s2"
	cmp -s "$TMP/s1" "$TMP/s2"
}

# expect_screen NAME DESCRIPTION: the screen becomes tests/screens/NAME.txt.
expect_screen() {
	file=$SCREENS/$1.txt
	if [ "${OMBUDS_REGEN:-}" = 1 ]; then
		poll stable
		screen > "$file"
	fi
	if [ ! -f "$file" ]; then
		ok 1 "$2 (no tests/screens/$1.txt)"
		return
	fi
	poll same_as "$file"
	st=$?
	ok $st "$2 (tests/screens/$1.txt)"
	[ $st -eq 0 ] || diff -u "$file" "$TMP/screen" | sed 's/^/# /' | head -60
}

same_body() {
	body | cmp -s - "$TMP/body"
}
