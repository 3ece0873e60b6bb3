# Helpers shared by bench/anchors.sh and bench/e2e.sh (sourced; ROOT must be set).

now_ns() { date +%s%N; }

# The Kafka jars of the stack: KAFKA_LIB, else <STATE>/kafka/lib with STATE = this checkout's .state,
# else the main worktree's (git worktrees share one stack).
kafka_lib_dir() {
  if [ -n "${KAFKA_LIB:-}" ]; then echo "$KAFKA_LIB"; return; fi
  local state=${STATE:-$ROOT/.state} main_wt
  if [ ! -d "$state/kafka/lib" ]; then
    main_wt=$(git -C "$ROOT" worktree list --porcelain 2>/dev/null | sed -n '1s/^worktree //p')
    [ -n "$main_wt" ] && [ -d "$main_wt/.state/kafka/lib" ] && state="$main_wt/.state"
  fi
  echo "$state/kafka/lib"
}

# debian_command <command> <package> <log>: installs Debian's package when the command is missing.
debian_command() {
  command -v "$1" >/dev/null && return 0
  printf '[bench] %s: not installed; installing Debian package %s\n' "$1" "$2" >&2
  { export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } >"$3" 2>&1
}

# write_figures <name of an associative array> <out.json>: one flat JSON object; numbers and true/false bare,
# everything else quoted.
write_figures() {
  local -n figures=$1
  local k v sep=''
  {
    printf '{'
    for k in "${!figures[@]}"; do
      v=${figures[$k]}
      case "$v" in true|false) ;; *) [[ "$v" =~ ^-?[0-9.]+$ ]] || v="\"$v\"" ;; esac
      printf '%s"%s": %s' "$sep" "$k" "$v"; sep=', '
    done
    printf '}\n'
  } >"$2"
}
