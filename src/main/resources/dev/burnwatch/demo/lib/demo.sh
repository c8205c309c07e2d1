# Shared by the demo host's commands (sourced, never run): the demo clock, the real
# date command, and the way to the service manager that runs inside Burnwatch.
# The caller sets DEMO_ROOT to the sandbox, the folder that holds bin/, lib/ and run/.

# The date command of this machine, GNU date where there is one (macOS: coreutils' gdate).
demo_real_date() {
  local candidate
  for candidate in "$(command -v gdate 2>/dev/null)" /bin/date /usr/bin/date; do
    [[ -n $candidate && -x $candidate ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  echo "date: no date command found on this machine" >&2
  return 1
}

# Milliseconds since the epoch by this machine's clock.
demo_real_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local micros=${EPOCHREALTIME/[.,]/}
    printf '%s\n' "${micros:0:${#micros}-3}"
    return 0
  fi
  local ms
  ms=$("$(demo_real_date)" +%s%3N 2>/dev/null)
  if [[ $ms =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$ms"
    return 0
  fi
  perl -MTime::HiRes=time -e 'printf("%d\n", time() * 1000)'
}

# Milliseconds since the epoch by the demo clock. run/clock holds one line: the real time
# and the demo time of one moment (both in ms) and the speed in thousandths.
demo_now_ms() {
  local real0 demo0 permille rest now
  read -r real0 demo0 permille rest <"$DEMO_ROOT/run/clock" 2>/dev/null || return 1
  [[ $real0 =~ ^[0-9]+$ && $demo0 =~ ^[0-9]+$ && $permille =~ ^[0-9]+$ ]] || return 1
  now=$(demo_real_ms) || return 1
  printf '%s\n' "$((demo0 + (now - real0) * permille / 1000))"
}

# Sends one command line to the service manager and plays back its answer: lines that
# start with "1 " go to stdout, "2 " to stderr, and "x N" is the exit status.
demo_control() {
  local name=$1 port token line status=1 request as=user arg
  shift
  if ! read -r port token <"$DEMO_ROOT/run/control" 2>/dev/null \
    || ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    echo "$name: the demo host's service manager is not running; start the demo host again" >&2
    exit 1
  fi
  [[ -n ${SUDO_USER:-} || $(id -u) == 0 ]] && as=root
  request="$token"$'\t'"$as"$'\t'"$name"
  for arg in "$@"; do
    if [[ $arg == *$'\n'* || $arg == *$'\t'* ]]; then
      echo "$name: arguments with tabs or newlines are not supported on the demo host" >&2
      exit 1
    fi
    request+=$'\t'"$arg"
  done
  printf '%s\n' "$request" >&3
  while IFS= read -r line <&3; do
    case $line in
      "1 "*) printf '%s\n' "${line:2}" ;;
      "2 "*) printf '%s\n' "${line:2}" >&2 ;;
      "x "*) status=${line:2} ;;
    esac
  done
  exec 3<&-
  exit "$status"
}
