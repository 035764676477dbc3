#!/bin/sh
# uibench.sh STORE: times the browser on a store (make bench passes the
# 100,000-statement one).  Runs the real program in tmux at 80x24 and
# 160x48 with OMBUDS_TRACE, which appends "first-screen N ms", "key N ms"
# (key read -> screen refreshed) and "search N ms" (the prompt's Enter ->
# results and reader painted) lines; sends about 100 keys one at a time
# (moves through both lists, PgDn and sections in the reader, a search,
# moves through its results, n through the hits), waiting for each screen;
# reads peak memory (VmHWM) from /proc before quitting.
# Needs OMBUDS (the program) and tmux; prints one block per size.

db=${1:?usage: uibench.sh STORE}
: "${OMBUDS:?OMBUDS must name the ombuds program}"

if ! command -v tmux >/dev/null 2>&1; then
	echo "  tmux is not installed: the browser benchmark is skipped (apt-get install tmux)"
	exit 0
fi
if [ ! -s "$db" ]; then
	echo "  no store $db: the browser benchmark is skipped"
	exit 0
fi

tmp=$(mktemp -d)
sock=ombuds-uibench-$$
tm="tmux -L $sock -f /dev/null"
trap '$tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

lines() {
	if [ -f "$tmp/trace" ]; then
		wc -l < "$tmp/trace"
	else
		echo 0
	fi
}

# wait_lines N: until the trace has N lines, or 10 s.
wait_lines() {
	i=0
	while [ "$(lines)" -lt "$1" ]; do
		i=$((i + 1))
		[ "$i" -ge 1000 ] && return 1
		sleep 0.01
	done
	return 0
}

# key KEY...: sends one key (or a prompt's text) and waits for its screen.
key() {
	n=$(($(lines) + 1))
	$tm send-keys "$@"
	wait_lines "$n" || echo "  (no screen after $*)"
}

run_size() {
	cols=$1
	rows=$2
	rm -f "$tmp/trace" "$tmp/pid"
	$tm kill-server 2>/dev/null
	# A server of its own for each size: one still shutting down is never
	# reused.
	tm="tmux -L $sock-$cols -f /dev/null"
	$tm new-session -d -x "$cols" -y "$rows" \
		"env -i HOME='$tmp' PATH='$PATH' LC_ALL=C.UTF-8 TZ=UTC TERM=screen-256color \
		OMBUDS_TRACE='$tmp/trace' sh -c 'echo \$\$ > \"$tmp/pid\"; exec \"\$0\" \"\$@\"' \
		'$OMBUDS' --db '$db'; sleep 600"
	wait_lines 1 || { echo "  ${cols}x$rows: the browser did not start"; return; }

	# The decision list (Tab at 160 columns, Enter at 80), 30 moves, 5 pages.
	if [ "$cols" -ge 100 ]; then key Tab; else key Enter; fi
	for _ in $(seq 30); do key j; done
	for _ in $(seq 5); do key PgDn; done
	# The organisations: 10 moves, each lists that organisation's decisions.
	key q
	for _ in $(seq 10); do key j; done
	if [ "$cols" -ge 100 ]; then key Tab; else key Enter; fi
	# The reader: 20 pages, 5 sections, back.
	key Enter
	for _ in $(seq 20); do key PgDn; done
	for _ in $(seq 5); do key ']'; done
	key q
	# A search, 10 moves through its results (each opens the reader at
	# its best paragraph with every hit found), 10 hits.
	$tm send-keys / 'council delay'
	key Enter
	for _ in $(seq 10); do key j; done
	for _ in $(seq 10); do key n; done
	# Issue 5's keys: three marks and the side by side view, the
	# statistics, the sorts, a filter, the summaries.  Timed apart: each
	# reads the store anew.
	key Space
	key Space
	key Space
	key c
	for _ in $(seq 10); do key j; done
	key q
	key q
	key S
	key S
	key S
	$tm send-keys f 'outcome:upheld'
	key Enter
	for _ in $(seq 4); do key s; done
	key v
	for _ in $(seq 10); do key j; done
	key PgDn
	key v
	key F

	pid=$(cat "$tmp/pid" 2>/dev/null)
	hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
	$tm send-keys Q
	awk -v size="${cols}x$rows" -v hwm="${hwm:-?}" '
		$1 == "first-screen" { first = $2 }
		$1 == "search" { search = $2 }
		$1 == "filter" { if ($2 + 0 > heavy) { heavy = $2 + 0; heavy_key = "filter" }; nh++ }
		$1 == "key" && $4 ~ /^(compare|statistics|filter|clear-filter|sort|summaries)$/ {
			if ($2 + 0 > heavy) { heavy = $2 + 0; heavy_key = $4 }
			nh++
			next
		}
		$1 == "key" { k[++n] = $2 + 0 }
		END {
			# sort the key times
			for (i = 2; i <= n; i++) {
				v = k[i]
				for (j = i - 1; j >= 1 && k[j] > v; j--)
					k[j + 1] = k[j]
				k[j + 1] = v
			}
			p50 = n ? k[int((n + 1) / 2)] : 0
			i99 = int(n * 0.99 + 0.999)
			p99 = n ? k[i99 < 1 ? 1 : i99] : 0
			printf "  %-7s first screen %7.1f ms   %d keys: p50 %5.2f ms, p99 %5.2f ms, max %5.2f ms   search %6.1f ms   peak %s MiB\n",
				size, first, n, p50, p99, n ? k[n] : 0, search, hwm
			printf "  %-7s %d keys that read the store anew (c S s f F v): slowest %.1f ms (%s)\n",
				size, nh, heavy, heavy_key
		}' "$tmp/trace"
}

echo "  browser on $(basename "$db") (targets: first screen <= 100 ms, <= 10 ms per key, <= 50 MB):"
run_size 80 24
run_size 160 48
