#!/usr/bin/env bash
# trawl's EMR bootstrap action: prepares every node of a cluster for crawling. EMR runs it as the
# hadoop user before Hadoop is installed; it uses sudo for system files. Idempotent: running it
# again changes nothing. Logs every change; any failure stops it (and EMR fails the cluster start).
#
#   --nofile N      open-file limit for YARN containers: each fetch thread holds sockets (default 65536)
#   --dns-ttl S     seconds the JVM caches a DNS answer (default 300; the JDK caches forever when a
#                   security manager is present and 30 s otherwise: a crawl resolves many hosts)
#
# TRAWL_BOOTSTRAP_ROOT (tests only) prefixes every path written.
set -euo pipefail

nofile=65536
dns_ttl=300
root="${TRAWL_BOOTSTRAP_ROOT:-}"

log() { echo "trawl-bootstrap: $*"; }
fail() { echo "trawl-bootstrap: FAILED: $*" >&2; exit 1; }
trap 'fail "line ${LINENO}: ${BASH_COMMAND}"' ERR

while [[ $# -gt 0 ]]; do
  case "$1" in
    --nofile) nofile="${2:?--nofile needs a number}"; shift 2 ;;
    --dns-ttl) dns_ttl="${2:?--dns-ttl needs a number of seconds}"; shift 2 ;;
    *) fail "unknown option '$1' (known: --nofile N, --dns-ttl S)" ;;
  esac
done
[[ "$nofile" =~ ^[0-9]+$ ]] || fail "--nofile takes a whole number, not '$nofile'"
[[ "$dns_ttl" =~ ^[0-9]+$ ]] || fail "--dns-ttl takes a whole number of seconds, not '$dns_ttl'"

# Writes $2 to file $1 (as root) unless it already holds exactly that; says which.
put() {
  local file="$1" content="$2"
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]]; then
    log "unchanged $file"
    return 1
  fi
  sudo mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" | sudo tee "$file" >/dev/null
  log "wrote $file"
}

# Open files: login sessions read limits.d, YARN's NodeManager (a systemd service whose containers
# inherit its limits) reads the drop-in. The unit is installed later; systemd reads drop-ins then.
put "$root/etc/security/limits.d/90-trawl-nofile.conf" "# trawl: fetch tasks hold many sockets
*  soft  nofile  $nofile
*  hard  nofile  $nofile" || true
units_changed=0
for unit in hadoop-yarn-nodemanager hadoop-yarn-resourcemanager; do
  if put "$root/etc/systemd/system/$unit.service.d/90-trawl-nofile.conf" "[Service]
LimitNOFILE=$nofile"; then
    units_changed=1
  fi
done
if [[ $units_changed -eq 1 ]]; then
  sudo systemctl daemon-reload
  log "reloaded systemd units"
fi

# Many short connections to many hosts: a wide ephemeral port range, and reuse of TIME_WAIT sockets.
if put "$root/etc/sysctl.d/90-trawl.conf" "# trawl: many outbound connections
net.ipv4.ip_local_port_range = 10240 65000
net.ipv4.tcp_tw_reuse = 1"; then
  sudo sysctl -p "$root/etc/sysctl.d/90-trawl.conf"
  log "applied $root/etc/sysctl.d/90-trawl.conf"
fi

# JVM DNS caching: a security properties file that the job's JVMs load
# (-Djava.security.properties=/etc/trawl/java.security in configurations.json).
put "$root/etc/trawl/java.security" "# trawl: DNS answers change; do not cache them for the life of a fetch task
networkaddress.cache.ttl=$dns_ttl
networkaddress.cache.negative.ttl=10" || true

log "node ready for crawling (nofile $nofile, DNS TTL ${dns_ttl}s)"
