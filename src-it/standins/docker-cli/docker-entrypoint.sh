#!/bin/sh
# /usr/local/bin/docker-entrypoint.sh - the same decisions as the docker:20.10
# image's entrypoint (docker-library/docker, 20.10/cli/docker-entrypoint.sh),
# written for busybox ash:
#  - a first argument starting with "-", or naming a docker subcommand, runs docker;
#  - without DOCKER_HOST, the mounted socket /var/run/docker.sock (or the rootless
#    one) is used, else tcp://docker:2375, or tcp://docker:2376 with TLS when
#    client certificates are in $DOCKER_TLS_CERTDIR/client.
set -eu

case "${1:-}" in
-*) set -- docker "$@" ;;
esac

if [ $# -gt 0 ] && docker help "$1" >/dev/null 2>&1; then
	set -- docker "$@"
fi

tls_client_certs() {
	[ -n "${DOCKER_TLS_CERTDIR:-}" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/ca.pem" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/cert.pem" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/key.pem" ]
}

if [ -z "${DOCKER_HOST:-}" ]; then
	if [ -S /var/run/docker.sock ]; then
		export DOCKER_HOST=unix:///var/run/docker.sock
	else
		runtime_dir=${XDG_RUNTIME_DIR:-/run/user/$(id -u)}
		if [ -S "$runtime_dir/docker.sock" ]; then
			export DOCKER_HOST="unix://$runtime_dir/docker.sock"
		elif tls_client_certs || [ -n "${DOCKER_TLS_VERIFY:-}" ]; then
			export DOCKER_HOST=tcp://docker:2376
		else
			export DOCKER_HOST=tcp://docker:2375
		fi
	fi
fi

case $DOCKER_HOST in
tcp:*)
	if [ -z "${DOCKER_TLS_VERIFY:-}" ] && [ -z "${DOCKER_CERT_PATH:-}" ] && tls_client_certs; then
		export DOCKER_TLS_VERIFY=1
		export DOCKER_CERT_PATH="$DOCKER_TLS_CERTDIR/client"
	fi
	;;
esac

if [ "${1:-}" = dockerd ]; then
	echo "This is the docker CLI image: run a daemon with the dind variant (docker:dind, --privileged)." >&2
	sleep 3
fi

exec "$@"
