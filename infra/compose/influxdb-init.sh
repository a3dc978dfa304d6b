# Run once by the influxdb:1.8 image on an empty data volume (sourced from /docker-entrypoint-initdb.d, after the
# image has made the admin, vigil-job and vigil-grafana from INFLUXDB_* and the database vigil), with InfluxDB
# listening on 127.0.0.1:${INFLUXDB_INIT_PORT:-8086} for the set-up only. Makes the console's and the tools' users
# and what only an admin may: the retention policies and 1-minute rollups the job would otherwise set up itself
# (the same statements as org.vigil.connectors.influx.Retention with the default retention; ComposeFileTest checks that).
# Passwords come from the environment and go to curl as a config on stdin, never on a command line.

vigil_influx() { # statement
  local stmt="${1//\\/\\\\}"
  stmt="${stmt//\"/\\\"}"
  printf 'url = "http://127.0.0.1:%s/query"\nuser = "%s:%s"\ndata-urlencode = "q=%s"\n' \
    "${INFLUXDB_INIT_PORT:-8086}" "$INFLUXDB_ADMIN_USER" "$INFLUXDB_ADMIN_PASSWORD" "$stmt" \
    | curl -sS --fail -K - >/dev/null
}

for vigil_user in console tools; do
  vigil_var="VIGIL_INFLUX_${vigil_user^^}_PASSWORD"
  [ -n "${!vigil_var:-}" ] || { echo "vigil: $vigil_var is not set: the vigil-$vigil_user user is not made" >&2; continue; }
  vigil_influx "CREATE USER \"vigil-$vigil_user\" WITH PASSWORD '${!vigil_var}'" \
    && vigil_influx "GRANT ALL ON \"vigil\" TO \"vigil-$vigil_user\"" \
    && echo "vigil: made the InfluxDB user vigil-$vigil_user"
done

while IFS= read -r vigil_statement; do
  [ -n "$vigil_statement" ] || continue
  vigil_influx "$vigil_statement" || echo "vigil: InfluxDB refused: $vigil_statement" >&2
done <<'STATEMENTS'
CREATE DATABASE "vigil"
CREATE RETENTION POLICY "raw" ON "vigil" DURATION 30d REPLICATION 1 DEFAULT
CREATE RETENTION POLICY "rollup_1m" ON "vigil" DURATION 104w REPLICATION 1
CREATE CONTINUOUS QUERY "vigil_rollup_1m_stats" ON "vigil" RESAMPLE EVERY 1m FOR 10m BEGIN SELECT mean(*), min(*), max(*) INTO "vigil"."rollup_1m".:MEASUREMENT FROM "vigil"."raw"./^(tilt|gnss|crack|pore|level|derived|crowd)$/ GROUP BY time(1m), * END
CREATE CONTINUOUS QUERY "vigil_rollup_1m_rain" ON "vigil" RESAMPLE EVERY 1m FOR 10m BEGIN SELECT sum(rain_mm) AS sum_rain_mm, max(rain_mm) AS max_rain_mm, count(rain_mm) AS count_rain_mm INTO "vigil"."rollup_1m"."rain" FROM "vigil"."raw"."rain" GROUP BY time(1m), * END
CREATE CONTINUOUS QUERY "vigil_rollup_1m_site_risk" ON "vigil" RESAMPLE EVERY 1m FOR 10m BEGIN SELECT max(level_rank) AS max_level_rank, min(level_rank) AS min_level_rank, max(open_alerts) AS max_open_alerts INTO "vigil"."rollup_1m"."site_risk" FROM "vigil"."raw"."site_risk" GROUP BY time(1m), * END
STATEMENTS
unset vigil_user vigil_var vigil_statement
