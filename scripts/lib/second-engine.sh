#!/usr/bin/env bash
# second-engine.sh: a second Docker engine on this machine, standing in for a remote host in the tests of
# remote engines (DOCKER_HOST=tcp://... with TLS, Docker contexts). As /work/shared/reference/facts.md
# ("A second Docker engine") describes: its own bridge with its own /24 (never --bridge=none, which would
# delete the first engine's docker0), its own data-root, exec-root and pid file, listening on
# tcp://127.0.0.1:PORT with --tlsverify and certificates made here with openssl.
#
# As a command (as root, or a user with sudo):
#   scripts/lib/second-engine.sh start [IMAGE...]   start it (a stale one of a killed run is removed first),
#                                                   wait until it answers, copy the IMAGEs of the first engine
#                                                   into it (docker save | docker load), print `export` lines
#   scripts/lib/second-engine.sh stop               stop it and remove its bridge, data, certificates
#   scripts/lib/second-engine.sh env               the `export` lines (eval "$(... env)")
#   scripts/lib/second-engine.sh status            exit 0 when it answers
# Sourced (scripts/test does): second_engine_start IMAGE..., second_engine_stop, second_engine_env; after a
# start, IT_SECOND_ENGINE_HOST and IT_SECOND_ENGINE_CERTS are exported (the failsafe JVM reads them).
#
# Settings (environment, defaults in brackets):
#   SECOND_ENGINE_PORT [23760]                  TCP port on 127.0.0.1
#   SECOND_ENGINE_BRIDGE [dockerb0]             its default bridge (at most 15 characters)
#   SECOND_ENGINE_BRIDGE_CIDR [10.213.76.1/24]  address of that bridge
#   SECOND_ENGINE_POOL [10.213.128.0/17]        where its user-defined networks come from (not the first's pools)
#   SECOND_ENGINE_DATA_ROOT [/var/lib/docker-b]  SECOND_ENGINE_EXEC_ROOT [/run/docker-b]
#   SECOND_ENGINE_PIDFILE [/run/docker-b.pid]  SECOND_ENGINE_CGROUP [/docker-b] (cgroup parent of its containers)
#   SECOND_ENGINE_DIR [/tmp/second-engine-b]    certificates (client/{ca,cert,key}.pem), daemon.json, log
#   SECOND_ENGINE_LOCK [$SECOND_ENGINE_DIR.lock] held (flock) by the shell that started it, until it exits:
#     a second run refuses to start or stop it meanwhile; once the holder is gone, what it left is stale
# Exported after start:
#   IT_SECOND_ENGINE_HOST   tcp://127.0.0.1:PORT
#   IT_SECOND_ENGINE_CERTS  folder with ca.pem, cert.pem, key.pem for DOCKER_CERT_PATH (key in PKCS#1 form)

SECOND_ENGINE_PORT=${SECOND_ENGINE_PORT:-23760}
SECOND_ENGINE_BRIDGE=${SECOND_ENGINE_BRIDGE:-dockerb0}
SECOND_ENGINE_BRIDGE_CIDR=${SECOND_ENGINE_BRIDGE_CIDR:-10.213.76.1/24}
SECOND_ENGINE_POOL=${SECOND_ENGINE_POOL:-10.213.128.0/17}
SECOND_ENGINE_DATA_ROOT=${SECOND_ENGINE_DATA_ROOT:-/var/lib/docker-b}
SECOND_ENGINE_EXEC_ROOT=${SECOND_ENGINE_EXEC_ROOT:-/run/docker-b}
SECOND_ENGINE_PIDFILE=${SECOND_ENGINE_PIDFILE:-/run/docker-b.pid}
SECOND_ENGINE_DIR=${SECOND_ENGINE_DIR:-${TMPDIR:-/tmp}/second-engine-b}
SECOND_ENGINE_CGROUP=${SECOND_ENGINE_CGROUP:-/docker-b}
SECOND_ENGINE_LOCK=${SECOND_ENGINE_LOCK:-$SECOND_ENGINE_DIR.lock}

if ! declare -F as_root >/dev/null; then
	as_root() {
		if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
	}
fi

_se_log() { echo "second-engine: $*" >&2; }

# Paths this script deletes: never empty, never /, never the first engine's own.
_se_check_paths() {
	local p
	case $SECOND_ENGINE_CGROUP in
	"" | / | /docker | docker)
		_se_log "refusing cgroup parent '$SECOND_ENGINE_CGROUP' (the first engine's)"
		return 1
		;;
	esac
	for p in "$SECOND_ENGINE_DATA_ROOT" "$SECOND_ENGINE_EXEC_ROOT" "$SECOND_ENGINE_DIR" "$SECOND_ENGINE_PIDFILE"; do
		case $p in
		"" | / | /var/lib/docker | /var/lib/docker/ | /run/docker | /var/run/docker | /run/docker.pid | /var/run/docker.pid | /tmp | /run)
			_se_log "refusing to use '$p' for the second engine (empty, /, or the first engine's)"
			return 1
			;;
		esac
	done
	case $SECOND_ENGINE_BRIDGE in
	"" | docker0)
		_se_log "refusing bridge '$SECOND_ENGINE_BRIDGE' (the first engine's docker0 must stay)"
		return 1
		;;
	esac
	[ ${#SECOND_ENGINE_BRIDGE} -le 15 ] || { _se_log "bridge name '$SECOND_ENGINE_BRIDGE' is longer than 15 characters"; return 1; }
}

second_engine_host() { echo "tcp://127.0.0.1:$SECOND_ENGINE_PORT"; }
second_engine_certs() { echo "$SECOND_ENGINE_DIR/client"; }

# docker CLI against the second engine
second_engine_docker() {
	DOCKER_HOST=$(second_engine_host) DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$(second_engine_certs) DOCKER_CONTEXT= \
		docker "$@"
}

second_engine_env() {
	echo "export IT_SECOND_ENGINE_HOST=$(second_engine_host)"
	echo "export IT_SECOND_ENGINE_CERTS=$(second_engine_certs)"
}

_se_pid() {
	[ -f "$SECOND_ENGINE_PIDFILE" ] && cat "$SECOND_ENGINE_PIDFILE" 2>/dev/null
}

_se_alive() {
	local pid
	pid=$(_se_pid) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null
}

# Processes left behind by a killed second engine, by pid: its containerd and container shims (their
# command line names its exec-root) and the processes of its containers (in its own cgroup parent).
_se_orphans() {
	local d pid
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		[ "$pid" = "$$" ] && continue
		if tr '\0' ' ' 2>/dev/null <"$d/cmdline" | grep -F -- "$SECOND_ENGINE_EXEC_ROOT/" >/dev/null ||
			grep -F -- ":$SECOND_ENGINE_CGROUP/" 2>/dev/null <"$d/cgroup" >/dev/null; then
			echo "$pid"
		fi
	done
	return 0
}

# Mounts under the data-root and exec-root (overlays, network namespaces), deepest first.
_se_unmount_leftovers() {
	local m
	awk -v a="$SECOND_ENGINE_DATA_ROOT" -v b="$SECOND_ENGINE_EXEC_ROOT" \
		'index($2, a "/") == 1 || $2 == a || index($2, b "/") == 1 || $2 == b { print $2 }' /proc/self/mounts |
		sort -r | while read -r m; do
		as_root umount -l "$m" 2>/dev/null || true
	done
}

# The lock of this shell (kept until it exits); fails when another live shell holds it.
_se_lock() {
	if [ -z "${_SE_LOCK_FD:-}" ]; then
		exec {_SE_LOCK_FD}>>"$SECOND_ENGINE_LOCK" || return 1
	fi
	flock -n "$_SE_LOCK_FD" || {
		_se_log "another run uses the second engine (it holds $SECOND_ENGINE_LOCK); wait for it, or give this one" \
			"other SECOND_ENGINE_* names and port"
		return 1
	}
}

second_engine_stop() {
	_se_check_paths || return 1
	_se_lock || return 1
	local pid _
	if _se_alive; then
		pid=$(_se_pid)
		_se_log "stopping dockerd (pid $pid)"
		as_root kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 60); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 1
		done
		kill -0 "$pid" 2>/dev/null && as_root kill -KILL "$pid" 2>/dev/null
	fi
	for pid in $(_se_orphans); do
		as_root kill -KILL "$pid" 2>/dev/null || true
	done
	_se_unmount_leftovers
	as_root rm -rf "$SECOND_ENGINE_DATA_ROOT" "$SECOND_ENGINE_EXEC_ROOT" "$SECOND_ENGINE_DIR"
	as_root rm -f "$SECOND_ENGINE_PIDFILE"
	if ip link show "$SECOND_ENGINE_BRIDGE" >/dev/null 2>&1; then
		as_root ip link delete "$SECOND_ENGINE_BRIDGE" type bridge || true
	fi
	return 0
}

# CA, server and client certificates, as Docker's "Protect the Docker daemon socket" page makes them.
_se_make_certs() {
	local d=$SECOND_ENGINE_DIR s=$SECOND_ENGINE_DIR/server c=$SECOND_ENGINE_DIR/client w=$SECOND_ENGINE_DIR/work
	mkdir -p "$s" "$c" "$w"
	(
		set -e
		cd "$w"
		openssl genrsa -out ca-key.pem 2048
		openssl req -new -x509 -sha256 -days 7 -key ca-key.pem -subj "/CN=second-engine test CA" -out ca.pem
		openssl genrsa -out server-key.pem 2048
		openssl req -new -sha256 -subj "/CN=localhost" -key server-key.pem -out server.csr
		printf 'subjectAltName = DNS:localhost,IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' >server.ext
		openssl x509 -req -sha256 -days 7 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
			-out server-cert.pem -extfile server.ext
		# the client key in the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as older guides and
		# docker-machine wrote them: the form only a PEM parser such as BouncyCastle reads in Java
		openssl genrsa -traditional -out key.pem 2048
		openssl req -new -sha256 -subj "/CN=second-engine test client" -key key.pem -out client.csr
		printf 'extendedKeyUsage = clientAuth\n' >client.ext
		openssl x509 -req -sha256 -days 7 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
			-out cert.pem -extfile client.ext
	) >"$d/openssl.log" 2>&1 || { _se_log "openssl failed:"; cat "$d/openssl.log" >&2; return 1; }
	cp "$w/ca.pem" "$w/server-cert.pem" "$w/server-key.pem" "$s/"
	cp "$w/ca.pem" "$w/cert.pem" "$w/key.pem" "$c/"
	chmod 600 "$s/server-key.pem" "$c/key.pem"
	rm -rf "$w"
}

second_engine_start() {
	_se_check_paths || return 1
	command -v dockerd >/dev/null || { _se_log "dockerd is missing (Debian package docker.io)"; return 1; }
	command -v openssl >/dev/null || { _se_log "openssl is missing (Debian package openssl)"; return 1; }
	# whatever a killed earlier run left: its dockerd, shims, mounts, bridge, data, certificates
	second_engine_stop || return 1
	mkdir -p "$SECOND_ENGINE_DIR"
	_se_make_certs || return 1
	echo '{}' >"$SECOND_ENGINE_DIR/daemon.json"
	as_root ip link add name "$SECOND_ENGINE_BRIDGE" type bridge
	as_root ip addr add "$SECOND_ENGINE_BRIDGE_CIDR" dev "$SECOND_ENGINE_BRIDGE"
	as_root ip link set "$SECOND_ENGINE_BRIDGE" up
	local log=$SECOND_ENGINE_DIR/dockerd.log s=$SECOND_ENGINE_DIR/server
	_se_log "starting dockerd on $(second_engine_host) (bridge $SECOND_ENGINE_BRIDGE, log $log)"
	# its own config file (not /etc/docker/daemon.json) and containerd namespaces, in case a system
	# containerd is shared
	local pid
	pid=$(as_root sh -c 'nohup "$@" >"'"$log"'" 2>&1 & echo $!' sh dockerd \
		--config-file "$SECOND_ENGINE_DIR/daemon.json" \
		--data-root "$SECOND_ENGINE_DATA_ROOT" --exec-root "$SECOND_ENGINE_EXEC_ROOT" \
		--pidfile "$SECOND_ENGINE_PIDFILE" \
		--containerd-namespace moby-b --containerd-plugins-namespace plugins.moby-b \
		--cgroup-parent "$SECOND_ENGINE_CGROUP" \
		-H "$(second_engine_host)" \
		--tlsverify --tlscacert "$s/ca.pem" --tlscert "$s/server-cert.pem" --tlskey "$s/server-key.pem" \
		--bridge="$SECOND_ENGINE_BRIDGE" --iptables=false --ip-masq=false \
		--default-address-pool "base=$SECOND_ENGINE_POOL,size=24" {_SE_LOCK_FD}>&-) # the lock stays with this shell
	local _
	for _ in $(seq 1 120); do
		if second_engine_docker version >/dev/null 2>&1; then
			break
		fi
		kill -0 "$pid" 2>/dev/null || break # it died
		sleep 0.5
	done
	if ! second_engine_docker version >/dev/null 2>&1; then
		_se_log "dockerd did not come up; last lines of $log:"
		tail -n 30 "$log" >&2
		second_engine_stop
		return 1
	fi
	if [ $# -gt 0 ]; then
		_se_log "copying $* into it"
		docker save "$@" | second_engine_docker load >/dev/null || {
			_se_log "copying the images failed"
			return 1
		}
	fi
	export IT_SECOND_ENGINE_HOST IT_SECOND_ENGINE_CERTS
	IT_SECOND_ENGINE_HOST=$(second_engine_host)
	IT_SECOND_ENGINE_CERTS=$(second_engine_certs)
	_se_log "ready: DOCKER_HOST=$IT_SECOND_ENGINE_HOST DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$IT_SECOND_ENGINE_CERTS"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case ${1:-} in
	start)
		shift
		second_engine_start "$@"
		second_engine_env
		;;
	stop) second_engine_stop ;;
	env) second_engine_env ;;
	status) second_engine_docker version >/dev/null 2>&1 ;;
	*)
		sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		[ "${1:-}" = -h ] || [ "${1:-}" = --help ]
		;;
	esac
fi
