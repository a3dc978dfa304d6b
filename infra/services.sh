#!/usr/bin/env bash
# Installs (from Debian's packages), starts, stops and reports the local Mosquitto and InfluxDB that Vigil uses.
#
#   infra/services.sh install        install mosquitto and influxdb with apt-get when they are missing
#   infra/services.sh start [svc]    install if needed, start on loopback, wait until ready (idempotent)
#   infra/services.sh stop [svc]     stop by PID (from the state folder)
#   infra/services.sh status         what runs, where, with which PID
#   infra/services.sh env            the connection settings, as shell exports
#
# Settings (environment):
#   VIGIL_STATE_DIR        configs, data, logs, PID files   (default: <repo>/.vigil/local)
#   VIGIL_MQTT_PORT        Mosquitto listener               (default: 18830)
#   VIGIL_INFLUX_PORT      InfluxDB HTTP API                (default: 18086)
#   VIGIL_INFLUX_RPC_PORT  InfluxDB backup/restore RPC      (default: 18088)
#   VIGIL_INFLUX_DB, VIGIL_INFLUX_DATABASES   databases created and granted to the clients besides 'vigil'
#                          (InfluxDB always runs with authentication; users and passwords: infra/influx-auth.sh)
#   VIGIL_MQTT_SECURITY    on: TLS, passwords and per-identity topic rights on the broker (./vigil run passes on
#                          unless told otherwise; ./vigil test for its second broker, .vigil/test-secure); off
#                          (default here and for ./vigil test's main broker): anonymous plain TCP, loopback only
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${VIGIL_STATE_DIR:-$REPO/.vigil/local}"
MQTT_PORT="${VIGIL_MQTT_PORT:-18830}"
INFLUX_PORT="${VIGIL_INFLUX_PORT:-18086}"
INFLUX_RPC_PORT="${VIGIL_INFLUX_RPC_PORT:-18088}"
READY_TIMEOUT="${VIGIL_READY_TIMEOUT:-30}"
MQTT_SECURITY="${VIGIL_MQTT_SECURITY:-off}"
case "$MQTT_SECURITY" in on|off) ;; *) echo "[services] ERROR: VIGIL_MQTT_SECURITY must be on or off, not '$MQTT_SECURITY'" >&2; exit 1 ;; esac

say() { echo "[services] $*"; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  command -v influxd >/dev/null 2>&1 || [ -x /usr/bin/influxd ] || missing+=(influxdb)
  # The command-line clients, for looking at what Vigil does (README: "Where to look").
  command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  command -v influx >/dev/null 2>&1 || missing+=(influxdb-client)
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get here: install Mosquitto 2 and InfluxDB 1.x yourself, or point Vigil at existing ones (README: 'Existing broker and database')."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "installing ${missing[*]} needs root: run 'sudo apt-get install ${missing[*]}' once."
    sudo="sudo"
  fi
  say "installing ${missing[*]} from Debian's packages (one time, about a minute)..."
  # Keep the packages' own system services from starting on the default ports; Vigil runs its own instances.
  local policy_created=0
  if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$sudo" ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_created=1
  fi
  local rc=0
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"${STATE}/apt-install.log" 2>&1; then
    say "apt-get install failed; refreshing the package lists and trying again..."
    $sudo apt-get update -q >>"${STATE}/apt-install.log" 2>&1 || true
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"${STATE}/apt-install.log" 2>&1 || rc=$?
  fi
  [ $policy_created -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $rc -eq 0 ] || die "could not install ${missing[*]} (log: ${STATE}/apt-install.log)."
  say "installed ${missing[*]}."
}

render() { # template -> file
  local run_user
  run_user="$(id -un)"
  sed -e "s#@STATE@#${STATE}#g" -e "s#@MQTT_PORT@#${MQTT_PORT}#g" -e "s#@INFLUX_PORT@#${INFLUX_PORT}#g" \
      -e "s#@INFLUX_RPC_PORT@#${INFLUX_RPC_PORT}#g" -e "s#@RUN_USER@#${run_user}#g" "$1" > "$2"
}

wait_ready() { # name check-command pidfile log
  local name=$1 check=$2 pidfile=$3 log=$4 waited=0
  until $check; do
    if ! pid_alive "$pidfile" && [ $waited -gt 2 ]; then
      tail -n 20 "$log" >&2 2>/dev/null || true
      die "$name exited during start-up; its log is $log."
    fi
    sleep 0.2; waited=$((waited + 1))
    if [ $waited -ge $((READY_TIMEOUT * 5)) ]; then
      tail -n 20 "$log" >&2 2>/dev/null || true
      die "$name not ready after ${READY_TIMEOUT}s; its log is $log."
    fi
  done
}

mosquitto_ready() { port_open "$MQTT_PORT"; }
mqtt_url() { if [ "$MQTT_SECURITY" = on ]; then echo "ssl://127.0.0.1:${MQTT_PORT}"; else echo "tcp://127.0.0.1:${MQTT_PORT}"; fi; }
dynsec_plugin() {
  local f
  for f in /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so /usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so \
           /usr/lib/mosquitto_dynamic_security.so /usr/local/lib/mosquitto_dynamic_security.so; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  die "Mosquitto's dynamic-security plugin (mosquitto_dynamic_security.so) is missing: install Debian's mosquitto 2 package, or set VIGIL_MQTT_SECURITY=off for a broker no device can reach."
}

# shellcheck source=infra/mqtt-security.sh
. "$REPO/infra/mqtt-security.sh"
# shellcheck source=infra/influx-auth.sh
. "$REPO/infra/influx-auth.sh"
influx_ready() {
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${INFLUX_PORT}/ping" 2>/dev/null)" = "204" ]
  else
    port_open "$INFLUX_PORT"
  fi
}

start_mosquitto() {
  local pidfile="$STATE/mosquitto.pid"
  if pid_alive "$pidfile"; then
    local running=off
    grep -q '^allow_anonymous false' "$STATE/mosquitto.conf" 2>/dev/null && running=on
    [ "$running" = "$MQTT_SECURITY" ] || die "mosquitto already runs with VIGIL_MQTT_SECURITY=$running (pid $(cat "$pidfile")), not $MQTT_SECURITY: stop it first (VIGIL_STATE_DIR=$STATE infra/services.sh stop mosquitto) or set VIGIL_MQTT_SECURITY=$running."
    say "mosquitto already running (pid $(cat "$pidfile"), $(mqtt_url))"; return
  fi
  port_open "$MQTT_PORT" && die "port ${MQTT_PORT} is taken by another program: stop it or set VIGIL_MQTT_PORT."
  mkdir -p "$STATE/mosquitto"
  render "$REPO/infra/config/mosquitto.conf.template" "$STATE/mosquitto.conf"
  if [ "$MQTT_SECURITY" = on ]; then
    prepare_mqtt_security
    local d; d="$(secrets_dir)"
    cat >> "$STATE/mosquitto.conf" <<CONF

# TLS only, no anonymous clients; identities and topic rights in dynamic security (mosquitto/dynamic-security.json).
plugin $(dynsec_plugin)
plugin_opt_config_file $STATE/mosquitto/dynamic-security.json
allow_anonymous false
listener ${MQTT_PORT} 127.0.0.1
certfile $d/mosquitto.crt
keyfile $d/mosquitto.key
cafile $d/ca.crt
tls_version tlsv1.2
CONF
  else
    printf '\n# VIGIL_MQTT_SECURITY=off: anonymous, plain TCP.\nlistener %s 127.0.0.1\nallow_anonymous true\n' "$MQTT_PORT" >> "$STATE/mosquitto.conf"
  fi
  rm -f "$pidfile"
  local bin; bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
  "$bin" -c "$STATE/mosquitto.conf" -d 2>>"$STATE/mosquitto.log"
  wait_ready mosquitto mosquitto_ready "$pidfile" "$STATE/mosquitto.log"
  say "mosquitto ready: $(mqtt_url) (pid $(cat "$pidfile"))"
}

start_influxdb() {
  local pidfile="$STATE/influxdb.pid"
  if pid_alive "$pidfile"; then say "influxdb already running (pid $(cat "$pidfile"), http://127.0.0.1:${INFLUX_PORT})"; return; fi
  port_open "$INFLUX_PORT" && die "port ${INFLUX_PORT} is taken by another program: stop it or set VIGIL_INFLUX_PORT."
  port_open "$INFLUX_RPC_PORT" && die "port ${INFLUX_RPC_PORT} is taken by another program: stop it or set VIGIL_INFLUX_RPC_PORT."
  mkdir -p "$STATE/influxdb"
  render "$REPO/infra/config/influxdb.conf.template" "$STATE/influxdb.conf"
  rm -f "$pidfile"
  local bin; bin="$(command -v influxd || echo /usr/bin/influxd)"
  # A session of its own (as mosquitto -d has): a Ctrl-C in the terminal of ./vigil run reaches the launcher, which
  # then stops InfluxDB by its PID, instead of InfluxDB directly.
  local detach=(); command -v setsid >/dev/null 2>&1 && detach=(setsid)
  "${detach[@]}" nohup "$bin" -config "$STATE/influxdb.conf" -pidfile "$pidfile" >>"$STATE/influxdb.log" 2>&1 &
  echo $! > "$pidfile"
  wait_ready influxdb influx_ready "$pidfile" "$STATE/influxdb.log"
  prepare_influx_auth
  say "influxdb ready: http://127.0.0.1:${INFLUX_PORT}, authentication on (pid $(cat "$pidfile"))"
}

stop_one() { # name
  local pidfile="$STATE/$1.pid"
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; say "$1 not running"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$1 (pid $pid) did not stop in 10s; killing it"
    kill -9 "$pid" 2>/dev/null || true
    # Until it is gone: its ports are free only then, and a start right after would find them taken.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
  say "$1 stopped (pid $pid)"
}

status() {
  for s in mosquitto influxdb; do
    if pid_alive "$STATE/$s.pid"; then say "$s running (pid $(cat "$STATE/$s.pid"))"; else say "$s not running"; fi
  done
  say "state folder: $STATE"
}

print_env() {
  echo "export VIGIL_MQTT_URL=$(mqtt_url)"
  if [ "$MQTT_SECURITY" = on ]; then
    local d="$STATE/secrets"
    echo "export VIGIL_MQTT_CA_FILE=$d/ca.crt"
    echo "export VIGIL_MQTT_USERNAME=vigil-tools"
    echo "export VIGIL_MQTT_PASSWORD_FILE=$d/mqtt-vigil-tools.password"
  fi
  echo "export VIGIL_INFLUX_URL=http://127.0.0.1:${INFLUX_PORT}"
  echo "export VIGIL_INFLUX_USERNAME=vigil-tools"
  echo "export VIGIL_INFLUX_PASSWORD_FILE=$(influx_password_file vigil-tools)"
}

cmd="${1:-status}"; svc="${2:-all}"
mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"
case "$cmd" in
  install) install_packages ;;
  start)
    install_packages
    case "$svc" in
      all) start_mosquitto; start_influxdb ;;
      mosquitto) start_mosquitto ;;
      influxdb) start_influxdb ;;
      *) die "unknown service '$svc' (mosquitto, influxdb or all)" ;;
    esac ;;
  stop)
    case "$svc" in
      all) stop_one mosquitto; stop_one influxdb ;;
      mosquitto|influxdb) stop_one "$svc" ;;
      *) die "unknown service '$svc' (mosquitto, influxdb or all)" ;;
    esac ;;
  restart) "$0" stop "$svc"; "$0" start "$svc" ;;
  status) status ;;
  env) print_env ;;
  *) die "unknown command '$cmd': use install, start, stop, restart, status or env" ;;
esac
