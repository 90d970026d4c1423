#!/usr/bin/env bash
# Makes the secrets of the compose plant, once: whatever exists is kept (delete a file to renew it).
#
#   deploy/compose/init-secrets.sh [dir]        (dir: $UNITRACE_SECRETS, default deploy/compose/secrets)
#
#   db-password, admin-password                 PostgreSQL's unitrace user; mes-core's first admin
#   mqtt-mes-core-1, mqtt-mes-core-2,           broker passwords, and broker/passwd + broker/acl
#   mqtt-edge-AKL-L1                            + broker/core-passwd (the cores' listener), written
#                                               by deploy/mosquitto's add-core.sh/add-agent.sh
#   tls/ca.key, tls/ca.crt                      the plant CA (keep ca.key elsewhere once done)
#   tls/broker.key, tls/broker.crt              the broker's certificate: names broker, localhost
#                                               and $UNITRACE_BROKER_HOST (what line PCs connect to)
#   truststore.p12                              the JRE's CAs + the plant CA (password: changeit;
#                                               it holds certificates only)
#
# The tools run in the images build-base.sh made (openssl and mosquitto_passwd in
# unitrace/mosquitto, keytool in unitrace/base-jre): the host needs only Docker. The folder is
# readable by root only; the files in it are readable by all, because the containers' own users
# (postgres, mosquitto, unitrace) read them through the bind mounts docker-compose makes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${UNITRACE_SECRETS:-$here/secrets}}
mkdir -p "$dir/tls" "$dir/broker"
dir=$(cd "$dir" && pwd)
chmod 700 "$dir"

password() { # file
  [ -s "$1" ] || { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n' >"$1"; echo "secrets: made ${1#"$dir"/}"; }
}
password "$dir/db-password"
password "$dir/admin-password"
for user in mes-core-1 mes-core-2 edge-AKL-L1; do password "$dir/mqtt-$user"; done

# Broker users and the per-line ACL, by the plant scripts of deploy/mosquitto, from scratch each
# time (cheap), so they always match the password files above.
docker run --rm --network none -v "$dir:/secrets" -v "$here/../mosquitto:/scripts:ro" \
  -e UNITRACE_BROKER_DIR=/secrets/broker unitrace/mosquitto:bookworm sh -ec '
    rm -f /secrets/broker/passwd /secrets/broker/core-passwd /secrets/broker/acl
    /scripts/add-core.sh --user mes-core-1 "$(cat /secrets/mqtt-mes-core-1)" >/dev/null
    /scripts/add-core.sh --user mes-core-2 "$(cat /secrets/mqtt-mes-core-2)" >/dev/null
    /scripts/add-agent.sh AKL L1 "$(cat /secrets/mqtt-edge-AKL-L1)" >/dev/null'

if [ ! -s "$dir/tls/broker.crt" ]; then
  docker run --rm --network none -v "$dir/tls:/tls" -e HOSTNAME_EXTRA="${UNITRACE_BROKER_HOST:-}" \
    unitrace/mosquitto:bookworm sh -ec '
    cd /tls
    [ -s ca.key ] || openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -keyout ca.key -out ca.crt \
      -subj "/CN=Unitrace plant CA" 2>/dev/null
    san="DNS:broker,DNS:localhost,IP:127.0.0.1"
    [ -z "$HOSTNAME_EXTRA" ] || san="$san,DNS:$HOSTNAME_EXTRA"
    openssl req -newkey rsa:3072 -nodes -keyout broker.key -out broker.csr -subj "/CN=broker" 2>/dev/null
    printf "subjectAltName=%s\n" "$san" >san.ext
    openssl x509 -req -days 825 -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -extfile san.ext -out broker.crt 2>/dev/null
    rm -f broker.csr san.ext ca.srl'
  echo "secrets: made the plant CA and the broker's certificate"
  rm -f "$dir/truststore.p12"
fi

if [ ! -s "$dir/truststore.p12" ]; then
  docker run --rm --network none -u 0 -v "$dir:/secrets" unitrace/base-jre:bookworm sh -ec '
    keytool -importkeystore -noprompt -srckeystore /etc/ssl/certs/java/cacerts -srcstorepass changeit \
      -destkeystore /tmp/truststore.p12 -deststoretype PKCS12 -deststorepass changeit >/dev/null 2>&1
    keytool -importcert -noprompt -alias unitrace-plant-ca -file /secrets/tls/ca.crt \
      -keystore /tmp/truststore.p12 -storetype PKCS12 -storepass changeit >/dev/null 2>&1
    cp /tmp/truststore.p12 /secrets/truststore.p12'
  echo "secrets: made truststore.p12"
fi

chmod 755 "$dir/tls" "$dir/broker"
find "$dir" -type f -exec chmod 644 {} +
chmod 600 "$dir/tls/ca.key"
echo "secrets: ready in $dir"
