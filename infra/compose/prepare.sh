#!/usr/bin/env bash
# Prepares the compose stack's secrets, with the same code as the local set-up (infra/mqtt-security.sh,
# infra/influx-auth.sh); run it once before the first 'docker compose up', and again after changing anything below.
#
#   infra/compose/prepare.sh
#
# Makes (never overwrites) in infra/compose/local (VIGIL_COMPOSE_STATE_DIR), which git ignores:
#   secrets/ca.crt, ca.key             the stack's own certificate authority (Debian's openssl)
#   secrets/mosquitto.crt, .key        the broker's certificate, valid for 127.0.0.1, localhost and mosquitto
#   secrets/mqtt-<identity>.password   vigil-admin, vigil-job, vigil-console, vigil-tools, vigil-simulator
#   secrets/influx-<user>.password     vigil-admin, vigil-job, vigil-console, vigil-tools, vigil-grafana
#   mosquitto/dynamic-security.json    the broker's identities and topic rights (the same roles as ./vigil run's)
# and writes infra/compose/.env (VIGIL_COMPOSE_ENV_FILE; mode 600), which docker compose reads: the passwords the
# containers take from their environment, and VIGIL_UID/VIGIL_GID, the user the broker runs as (the owner of the
# files above). Passwords of InfluxDB already in .env are kept (a volume was made with them) and copied to the files.
# Nothing secret is printed or put on a command line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${VIGIL_COMPOSE_STATE_DIR:-$HERE/local}"
ENV_FILE="${VIGIL_COMPOSE_ENV_FILE:-$HERE/.env}"
# Inside the compose network the clients reach the broker as mosquitto; from the host as 127.0.0.1.
MQTT_CERT_NAMES="IP:127.0.0.1,DNS:localhost,DNS:mosquitto"

say() { echo "[compose] $*"; }
die() { echo "[compose] ERROR: $*" >&2; exit 1; }

command -v openssl >/dev/null 2>&1 || die "openssl is missing: apt-get install openssl"
command -v mosquitto_passwd >/dev/null 2>&1 \
  || die "mosquitto_passwd is missing (it hashes the broker's passwords): apt-get install mosquitto"

# shellcheck source=infra/mqtt-security.sh
. "$REPO/infra/mqtt-security.sh"
# shellcheck source=infra/influx-auth.sh
. "$REPO/infra/influx-auth.sh"

mkdir -p "$STATE/mosquitto"
STATE="$(cd "$STATE" && pwd)"
prepare_mqtt_security

COMPOSE_INFLUX_USERS=(vigil-admin vigil-job vigil-console vigil-tools vigil-grafana)
env_key() { # user -> VIGIL_INFLUX_<PART>_PASSWORD
  local part="${1#vigil-}"; echo "VIGIL_INFLUX_${part^^}_PASSWORD"
}

# The .env as it is: its lines, and the values of the keys written below.
declare -A old=()
kept=()
if [ -f "$ENV_FILE" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    key="${line%%=*}"
    case "$key" in
      VIGIL_UID|VIGIL_GID|VIGIL_MQTT_*_PASSWORD|VIGIL_INFLUX_*_PASSWORD) old["$key"]="${line#*=}" ;;
      "# Written by infra/compose/prepare.sh"*) ;;
      *) kept+=("$line") ;;
    esac
  done < "$ENV_FILE"
fi

for u in "${COMPOSE_INFLUX_USERS[@]}"; do
  k="$(env_key "$u")"
  if [ -n "${old[$k]:-}" ]; then
    ( umask 077; printf '%s\n' "${old[$k]}" > "$(influx_password_file "$u")" )
  else
    influx_new_password_file "$u"
  fi
done

tmp="$(mktemp "$(dirname "$ENV_FILE")/.env.XXXXXX")"
{
  [ ${#kept[@]} -eq 0 ] || printf '%s\n' "${kept[@]}"
  echo "# Written by infra/compose/prepare.sh from $(basename "$STATE")/secrets; keep this file mode 600."
  echo "VIGIL_UID=${old[VIGIL_UID]:-$(id -u)}"
  echo "VIGIL_GID=${old[VIGIL_GID]:-$(id -g)}"
  for u in vigil-job vigil-console; do
    part="${u#vigil-}"
    printf 'VIGIL_MQTT_%s_PASSWORD=%s\n' "${part^^}" "$(head -n1 "$(secrets_dir)/mqtt-$u.password")"
  done
  for u in "${COMPOSE_INFLUX_USERS[@]}"; do
    printf '%s=%s\n' "$(env_key "$u")" "$(influx_password "$u")"
  done
} > "$tmp"
chmod 600 "$tmp"
mv "$tmp" "$ENV_FILE"
say "secrets in $(secrets_dir); the broker's identities in $STATE/mosquitto/dynamic-security.json"
say "wrote $ENV_FILE (mode 600): the containers' passwords and VIGIL_UID/VIGIL_GID"
users="$STATE/console-users.yaml"
if [ ! -s "$users" ]; then
  say "the console needs its users in $users (hashed passwords; it does not start without them). Make them with:"
  say "  ./vigil console hash-password NAME ROLE   (ROLE viewer, operator or engineer) prints one entry: put each under"
  say "  a 'users:' line in that file (see console/demo-users.yaml for the layout; keep it mode 600)"
fi
