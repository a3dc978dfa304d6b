# Sourced by infra/services.sh (the local Mosquitto) and infra/compose/prepare.sh (the compose stack's): secrets, TLS
# certificates and the dynamic-security users of the broker. Everything here is made once, on the first start, into
# $STATE/secrets (mode 700, files 600; the CA certificate, which is public, 644) and never overwritten.
# No secret is ever put on a command line or printed: passwords are written to files and hashed from files.

# The same names as org.vigil.core.security.ServiceIdentities.MQTT (a test compares them).
MQTT_IDENTITIES=(vigil-admin vigil-job vigil-console vigil-tools vigil-simulator)

# The names the broker certificate is valid for (subjectAltName); clients check the URL's host against them.
# infra/compose/prepare.sh adds DNS:mosquitto, the broker's name inside the compose network.
MQTT_CERT_NAMES="${MQTT_CERT_NAMES:-IP:127.0.0.1,DNS:localhost}"

secrets_dir() { echo "$STATE/secrets"; }

new_password_file() { # file: 32 random bytes, base64, one line, mode 600
  local f="$1"
  [ -s "$f" ] && return 0
  ( umask 077; openssl rand -base64 32 | tr -d '\n' > "$f"; echo >> "$f" )
}

make_mqtt_certificates() {
  local d; d="$(secrets_dir)"
  command -v openssl >/dev/null 2>&1 || die "openssl is missing: apt-get install openssl (needed for the broker's TLS certificate)."
  if [ ! -s "$d/ca.crt" ] || [ ! -s "$d/ca.key" ]; then
    ( umask 077
      openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -subj "/CN=Vigil local CA" \
        -keyout "$d/ca.key" -out "$d/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1 ) \
      || die "openssl could not make the local CA in $d"
    chmod 644 "$d/ca.crt" # public: clients in containers running as other users read it
    rm -f "$d/mosquitto.crt"
    say "made the local MQTT certificate authority: $d/ca.crt"
  fi
  if [ ! -s "$d/mosquitto.crt" ] || [ ! -s "$d/mosquitto.key" ]; then
    local ext="$d/mosquitto.ext"
    ( umask 077
      printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n' "$MQTT_CERT_NAMES" > "$ext"
      openssl req -newkey rsa:3072 -sha256 -nodes -subj "/CN=localhost" \
        -keyout "$d/mosquitto.key" -out "$d/mosquitto.csr" >/dev/null 2>&1 &&
      openssl x509 -req -in "$d/mosquitto.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 825 -sha256 -extfile "$ext" -out "$d/mosquitto.crt" >/dev/null 2>&1 ) \
      || die "openssl could not make the broker certificate in $d"
    rm -f "$d/mosquitto.csr" "$ext"
    say "made the broker certificate ($MQTT_CERT_NAMES): $d/mosquitto.crt"
  fi
}

# PBKDF2-SHA512 hash of a password file in the form dynamic security stores (salt, hash, iterations), made by
# mosquitto_passwd from a temporary file so that the password never appears in a process list.
dynsec_client_json() { # username role...
  local user="$1"; shift
  local d; d="$(secrets_dir)"
  local tmp; tmp="$(mktemp "$d/.hash.XXXXXX")"
  printf '%s:%s\n' "$user" "$(head -n1 "$d/mqtt-$user.password")" > "$tmp"
  mosquitto_passwd -U "$tmp" || { rm -f "$tmp"; die "mosquitto_passwd could not hash the password of $user"; }
  local line; line="$(head -n1 "$tmp")"; rm -f "$tmp"
  local rest="${line#*:\$7\$}"; local iter="${rest%%\$*}"; rest="${rest#*\$}"
  local salt="${rest%%\$*}"; local hash="${rest#*\$}"
  local roles="" r
  for r in "$@"; do roles="${roles:+$roles,}{\"rolename\":\"$r\"}"; done
  printf '{"username":"%s","roles":[%s],"password":"%s","salt":"%s","iterations":%s}' \
    "$user" "$roles" "$hash" "$salt" "$iter"
}

acl() { printf '{"acltype":"%s","topic":"%s","priority":0,"allow":true}' "$1" "$2"; }

# Marks a configuration with the newest rights (command modes: requests on vigil/control/mode/<identity>, the
# regions' modes on vigil/mode/+; before them broadcast coverage on vigil/broadcast/+ and warnings issued by hand,
# public warnings, region roll-ups, registry versions and the command topics that carry the sender's
# identity): an older one lacks it.
DYNSEC_RIGHTS_MARK='vigil/mode/+'

# One role per Vigil part, each with only the topics it needs (README, "MQTT identities and rights"):
#   job        reads readings, frames and commands; writes only what it derives (alerts, risk, ack answers,
#              dead letters, detections, the rules status, public warnings, broadcast coverage, regions' modes)
#   console    reads what it shows; writes acks, silences, rulesets, hand-issued warnings and mode switches under
#              its own name
#   tools      reads vigil/#; writes acks, silences and rulesets under its own name
#   simulator  writes readings and frames of any site (a gateway for every site)
# Commands name their sender: vigil/control/ack/<identity>, vigil/config/silences/<identity>/<id>,
# vigil/config/rules/<identity>, vigil/control/warning/<identity>, vigil/control/mode/<identity>; an identity may publish only under its own name, so the job knows who sent what.
# (The names are written out: the dynamic-security plugin of Mosquitto 2.0 does not expand %u in ACL topics.)
# The job reads with shared subscriptions ($share/<group>/...), which Mosquitto 2.0 checks as written.
# Nobody but the admin reads $CONTROL; nobody reads $SYS or '#' (subscribing is denied unless a role allows it).
commands_of() { # identity: the command topics it may publish on, under its own name
  printf '%s, %s, %s' "$(acl publishClientSend "vigil/control/ack/$1")" \
    "$(acl publishClientSend "vigil/config/silences/$1/+")" "$(acl publishClientSend "vigil/config/rules/$1")"
  printf ', %s' "$(acl publishClientSend "vigil/config/registry/$1")"
  printf ', %s' "$(acl publishClientSend "vigil/control/warning/$1")"
  printf ', %s' "$(acl publishClientSend "vigil/control/mode/$1")"
}

dynsec_roles_json() {
  local sub_console="" f
  for f in 'vigil/+/alerts/+' 'vigil/+/risk' 'vigil/+/acks' 'vigil/config/rules/#' 'vigil/config/silences/#' \
           'vigil/region/+/risk' 'vigil/config/registry/#' 'vigil/warnings/+' 'vigil/broadcast/+' \
           'vigil/mode/+' 'vigil/+/camera/+/detections' 'vigil/+/camera/+/frame' 'vigil/+/+/+/data'; do
    sub_console="$sub_console$(acl subscribePattern "$f"), "
  done
  cat <<JSON
    {"rolename": "vigil-admin", "acls": [$(acl publishClientSend '$CONTROL/dynamic-security/#'), $(acl publishClientReceive '$CONTROL/dynamic-security/#'), $(acl subscribePattern '$CONTROL/dynamic-security/#')]},
    {"rolename": "vigil-job", "acls": [$(acl subscribePattern 'vigil/#'), $(acl subscribePattern '$share/+/vigil/#'), $(acl publishClientSend 'vigil/+/alerts/+'), $(acl publishClientSend 'vigil/+/risk'), $(acl publishClientSend 'vigil/+/acks'), $(acl publishClientSend 'vigil/deadletter'), $(acl publishClientSend 'vigil/+/camera/+/detections'), $(acl publishClientSend 'vigil/config/rules/status'), $(acl publishClientSend 'vigil/region/+/risk'), $(acl publishClientSend 'vigil/config/registry/status'), $(acl publishClientSend 'vigil/warnings/+'), $(acl publishClientSend 'vigil/broadcast/+'), $(acl publishClientSend 'vigil/mode/+')]},
    {"rolename": "vigil-console", "acls": [${sub_console}$(commands_of vigil-console)]},
    {"rolename": "vigil-tools", "acls": [$(acl subscribePattern 'vigil/#'), $(commands_of vigil-tools)]},
    {"rolename": "vigil-gateway-all", "acls": [$(acl publishClientSend 'vigil/+/+/+/data'), $(acl publishClientSend 'vigil/+/camera/+/frame')]}
JSON
}

# The first dynamic-security configuration: Vigil's identities and roles (above). Devices are added later with
# `vigil devices add` (as vigil-admin, over $CONTROL/dynamic-security/v1).
make_dynsec_config() {
  local d; d="$(secrets_dir)"
  local f="$STATE/mosquitto/dynamic-security.json"
  if [ -s "$f" ]; then
    [ ! -r "$f" ] || grep -qF "$DYNSEC_RIGHTS_MARK" "$f" || say "WARNING: $f has the topic rights of an older Vigil (the broker refuses the job's regions' modes, public warnings, region roll-ups and registry versions, or commands on the topics that name their sender): stop the broker, move that file away and start again to make it anew (devices must then be added again with ./vigil devices add)."
    return 0
  fi
  local u
  for u in "${MQTT_IDENTITIES[@]}"; do new_password_file "$d/mqtt-$u.password"; done
  ( umask 077
    cat > "$f" <<JSON
{
  "defaultACLAccess": {"publishClientSend": false, "publishClientReceive": true, "subscribe": false, "unsubscribe": true},
  "clients": [
    $(dynsec_client_json vigil-admin vigil-admin),
    $(dynsec_client_json vigil-job vigil-job),
    $(dynsec_client_json vigil-console vigil-console),
    $(dynsec_client_json vigil-tools vigil-tools),
    $(dynsec_client_json vigil-simulator vigil-gateway-all)
  ],
  "groups": [],
  "roles": [
$(dynsec_roles_json)
  ]
}
JSON
  ) || die "could not write $f"
  say "made the MQTT identities (${MQTT_IDENTITIES[*]}); passwords in $d/mqtt-<identity>.password"
}

prepare_mqtt_security() {
  local d; d="$(secrets_dir)"
  ( umask 077; mkdir -p "$d" ); chmod 700 "$d"
  make_mqtt_certificates
  make_dynsec_config
}
