#!/usr/bin/env bash
# Builds the base images of the container deployment on this machine, from Debian packages only
# (no image registry is needed): each one only when `docker image inspect` does not find it, so a
# second run costs a few docker calls. Run as root with dockerd running.
#
#   unitrace/debian:bookworm        debootstrap --variant=minbase of bookworm, imported
#   unitrace/base-jre:bookworm      + openjdk-17-jre-headless, curl, user unitrace (10001)
#   unitrace/timescaledb:15-2.28.3  + postgresql-15 and TimescaleDB built from the vendored source
#   unitrace/mosquitto:bookworm     + Debian's mosquitto
#   unitrace/nginx:bookworm         + Debian's nginx (the reverse proxy in front of mes-core)
#
# REBUILD=1 rebuilds all of them. The Debian mirror is the one apt uses here (MIRROR= overrides it).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
MIRROR=${MIRROR:-$(grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
  grep -oE 'https?://[^ ]+/debian/?$|https?://[^ ]+/debian/? ' | tr -d ' ' | head -1 || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
TSDB_VERSION=2.28.3
TSDB_PREFIX=${TSDB_PREFIX:-/opt/unitrace-pg15-tsdb}

have() { [ "${REBUILD:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }
say() { echo "images: $*"; }

if ! have unitrace/debian:bookworm; then
  command -v debootstrap >/dev/null || { say "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
  root=$(mktemp -d /var/tmp/unitrace-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  say "debootstrap --variant=minbase bookworm from $MIRROR (a few minutes)"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$root.log" 2>&1 ||
    { tail -30 "$root.log"; say "debootstrap failed, see $root.log"; exit 1; }
  rm -f "$root.log"
  # The same suites apt uses on the host: updates and security as well as the release.
  security=${MIRROR%/debian}/debian-security
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$MIRROR" "$MIRROR" "$security" >"$root/etc/apt/sources.list"
  # Keep images small: no documentation, no recommends, no package lists left behind.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/90unitrace"
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
    >"$root/etc/dpkg/dpkg.cfg.d/90unitrace"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import \
    --change 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - unitrace/debian:bookworm >/dev/null
  rm -rf "$root"
  trap - EXIT
  say "imported unitrace/debian:bookworm"
fi

build() { # image, Dockerfile directory, [context directory]
  local image=$1 dir=$2 context=${3:-$2}
  if have "$image"; then return; fi
  say "building $image"
  local log
  log=$(mktemp /var/tmp/unitrace-image.XXXXXX.log)
  # --network host: apt inside the build reaches the Debian mirror as the host does.
  DOCKER_BUILDKIT=0 docker build --network host -t "$image" -f "$here/$dir/Dockerfile" "$context" >"$log" 2>&1 ||
    { tail -30 "$log"; say "building $image failed, see $log"; exit 1; }
  rm -f "$log"
}

build unitrace/base-jre:bookworm base-jre
build unitrace/mosquitto:bookworm mosquitto
build unitrace/nginx:bookworm nginx

if ! have unitrace/timescaledb:15-$TSDB_VERSION; then
  # TimescaleDB as .ci/timescaledb.sh builds it from the vendored source into $TSDB_PREFIX.
  lib=$TSDB_PREFIX/usr/lib/postgresql/15/lib
  ext=$TSDB_PREFIX/usr/share/postgresql/15/extension
  [ -f "$lib/timescaledb-$TSDB_VERSION.so" ] ||
    { say "TimescaleDB $TSDB_VERSION is not built in $TSDB_PREFIX: run .ci/timescaledb.sh first"; exit 1; }
  ctx=$(mktemp -d /var/tmp/unitrace-tsdb.XXXXXX)
  mkdir -p "$ctx/lib" "$ctx/extension"
  cp -a "$lib"/timescaledb*.so "$ctx/lib/"
  cp -a "$ext"/timescaledb* "$ctx/extension/"
  cp -a timescaledb/* "$ctx/"
  build unitrace/timescaledb:15-$TSDB_VERSION timescaledb "$ctx"
  rm -rf "$ctx"
fi
say "ready: $(docker images --format '{{.Repository}}:{{.Tag}}' 'unitrace/*' | sort | tr '\n' ' ')"
