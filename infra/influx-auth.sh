# Sourced by infra/services.sh: the users of the local InfluxDB 1.x, which runs with auth-enabled = true.
#
# On every start (idempotent) after InfluxDB answers:
#   - the admin user vigil-admin is created when the server has no users yet (InfluxDB 1.x accepts one
#     unauthenticated CREATE USER ... WITH ALL PRIVILEGES then); a data folder from before authentication is upgraded
#     this way, its data untouched;
#   - the databases Vigil writes (vigil, VIGIL_INFLUX_DB, VIGIL_INFLUX_DATABASES) are created;
#   - one user per client, each with its own password: vigil-job, vigil-console, vigil-tools, vigil-bench
#     (ALL = READ and WRITE on each database) and vigil-grafana (READ only).
# Passwords are random (openssl rand), made once into $STATE/secrets/influx-<user>.password (folder 700, files 600),
# shared with the MQTT secrets of infra/mqtt-security.sh. They never go on a command line nor into a log: curl gets
# its credentials and the statements that carry a password as a config on stdin (-K -).

INFLUX_ADMIN_USER=vigil-admin
INFLUX_RW_USERS=(vigil-job vigil-console vigil-tools vigil-bench)
INFLUX_READ_USERS=(vigil-grafana)

influx_secrets_dir() { echo "$STATE/secrets"; }
influx_password_file() { echo "$(influx_secrets_dir)/influx-$1.password"; }

influx_new_password_file() { # user: 32 random bytes, base64, one line, mode 600; kept when it exists
  local f; f="$(influx_password_file "$1")"
  [ -s "$f" ] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl is missing: apt-get install openssl (needed for the InfluxDB passwords)."
  ( umask 077; openssl rand -base64 32 | tr -d '\n' > "$f"; echo >> "$f" ) || die "could not write $f"
}

influx_password() { head -n1 "$(influx_password_file "$1")"; }

# The databases to create and grant on: vigil, VIGIL_INFLUX_DB and VIGIL_INFLUX_DATABASES (comma or space separated).
influx_databases() {
  local seen=" " db
  for db in vigil ${VIGIL_INFLUX_DB:-} $(echo "${VIGIL_INFLUX_DATABASES:-}" | tr , " "); do
    case "$seen" in *" $db "*) ;; *) seen="$seen$db "; echo "$db" ;; esac
  done
}

# Runs one InfluxQL statement. $1: the user to authenticate as ("" for none); $2: the statement, which may contain
# the placeholder @PASSWORD:<user>@ for that user's password. Everything goes to curl as a config on stdin, so
# nothing secret is on a command line. Prints the response body; the exit status is curl's (HTTP >= 400 fails).
influx_query() {
  local as="$1" stmt="$2" cfg
  if [[ "$stmt" =~ @PASSWORD:([a-z-]+)@ ]]; then
    local who="${BASH_REMATCH[1]}"
    stmt="${stmt//@PASSWORD:$who@/$(influx_password "$who")}"
  fi
  stmt="${stmt//\\/\\\\}"; stmt="${stmt//\"/\\\"}"
  cfg="url = \"http://127.0.0.1:${INFLUX_PORT}/query\""$'\n'"data-urlencode = \"q=${stmt}\""
  [ -n "$as" ] && cfg="$cfg"$'\n'"user = \"${as}:$(influx_password "$as")\""
  printf '%s\n' "$cfg" | curl -sS --fail-with-body -K - 2>&1 | influx_scrub
  return "${PIPESTATUS[1]}"
}

influx_scrub() { # stdin -> stdout with every password of the secrets folder replaced by ****
  local f pw text
  text="$(cat)"
  for f in "$(influx_secrets_dir)"/influx-*.password; do
    [ -s "$f" ] || continue
    pw="$(head -n1 "$f")"; [ -n "$pw" ] && text="${text//"$pw"/****}"
  done
  printf '%s\n' "$text"
}

influx_statement_ok() { # like influx_query; also fails when the statement returned an error in its results
  local out
  out="$(influx_query "$@")" || { echo "$out"; return 1; }
  case "$out" in *'"error"'*) echo "$out"; return 1 ;; esac
}

influx_users() { # the user names on the server, one a line
  influx_query "$INFLUX_ADMIN_USER" "SHOW USERS" | grep -o '\["[^"]*",\(true\|false\)\]' | sed 's/^\["\([^"]*\)".*/\1/'
}

# Called by start_influxdb once InfluxDB answers.
prepare_influx_auth() {
  command -v curl >/dev/null 2>&1 || die "curl is missing: apt-get install curl (needed to set up the InfluxDB users)."
  local d; d="$(influx_secrets_dir)"
  ( umask 077; mkdir -p "$d" ); chmod 700 "$d"
  local u out
  for u in "$INFLUX_ADMIN_USER" "${INFLUX_RW_USERS[@]}" "${INFLUX_READ_USERS[@]}"; do influx_new_password_file "$u"; done

  if ! influx_statement_ok "$INFLUX_ADMIN_USER" "SHOW USERS" >/dev/null; then
    # No users yet (a new server, or a data folder from before authentication): the one unauthenticated statement.
    out="$(influx_statement_ok "" "CREATE USER \"$INFLUX_ADMIN_USER\" WITH PASSWORD '@PASSWORD:$INFLUX_ADMIN_USER@' WITH ALL PRIVILEGES")" \
      || die "InfluxDB at 127.0.0.1:${INFLUX_PORT} has users already and refuses $INFLUX_ADMIN_USER with the password in $(influx_password_file "$INFLUX_ADMIN_USER") (${out//$'\n'/ }). Put that user's password in the file, or set it as an admin: SET PASSWORD FOR \"$INFLUX_ADMIN_USER\" = '...' (README: 'InfluxDB users and passwords')."
    say "influxdb: created the admin user $INFLUX_ADMIN_USER (password in $(influx_password_file "$INFLUX_ADMIN_USER"))"
  fi

  local existing db created=()
  existing=" $(influx_users | tr '\n' ' ') "
  for db in $(influx_databases); do
    out="$(influx_statement_ok "$INFLUX_ADMIN_USER" "CREATE DATABASE \"$db\"")" || die "influxdb: CREATE DATABASE $db failed: $out"
  done
  for u in "${INFLUX_RW_USERS[@]}" "${INFLUX_READ_USERS[@]}"; do
    if [[ "$existing" == *" $u "* ]]; then
      # Keeps the server in step with the file (e.g. after a password file was replaced by hand).
      out="$(influx_statement_ok "$INFLUX_ADMIN_USER" "SET PASSWORD FOR \"$u\" = '@PASSWORD:$u@'")" || die "influxdb: SET PASSWORD FOR $u failed: $out"
    else
      out="$(influx_statement_ok "$INFLUX_ADMIN_USER" "CREATE USER \"$u\" WITH PASSWORD '@PASSWORD:$u@'")" || die "influxdb: CREATE USER $u failed: $out"
      created+=("$u")
    fi
  done
  for db in $(influx_databases); do
    for u in "${INFLUX_RW_USERS[@]}"; do
      out="$(influx_statement_ok "$INFLUX_ADMIN_USER" "GRANT ALL ON \"$db\" TO \"$u\"")" || die "influxdb: GRANT ALL ON $db TO $u failed: $out"
    done
    for u in "${INFLUX_READ_USERS[@]}"; do
      out="$(influx_statement_ok "$INFLUX_ADMIN_USER" "GRANT READ ON \"$db\" TO \"$u\"")" || die "influxdb: GRANT READ ON $db TO $u failed: $out"
    done
  done
  if [ ${#created[@]} -gt 0 ]; then
    say "influxdb: created the users ${created[*]}; passwords in $d/influx-<user>.password"
  fi
}
