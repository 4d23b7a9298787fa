# Shared by scripts/test and scripts/orchestrator: makes a fresh Debian 12 machine ready (as root, or a
# user with sudo) and leaves a prepared one alone. Source it; it defines functions only.

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages PKG...: installs the Debian packages among PKG that are not installed yet.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing ${missing[*]}" >&2
		as_root apt-get update -qq
		DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# ensure_java_and_maven: a JDK 17+ and Maven, from Debian unless already on PATH.
ensure_java_and_maven() {
	local pkgs=()
	if ! { command -v javac >/dev/null && javac -version 2>&1 | grep -E 'javac (1[7-9]|2[0-9])' >/dev/null; }; then
		pkgs+=(openjdk-17-jdk-headless)
	fi
	command -v mvn >/dev/null || pkgs+=(maven)
	[ ${#pkgs[@]} -eq 0 ] || ensure_packages "${pkgs[@]}"
}

# ensure_docker: a Docker engine that answers; installs docker.io and starts dockerd when needed.
ensure_docker() {
	command -v dockerd >/dev/null && command -v docker >/dev/null || ensure_packages docker.io
	docker info >/dev/null 2>&1 && return 0
	if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != unix:///var/run/docker.sock ]; then
		echo "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST" >&2
		return 1
	fi
	# A dockerd killed without clean-up leaves its pid file behind, and the next one refuses to start.
	if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
		as_root rm -f /var/run/docker.pid
	fi
	echo "starting dockerd (log: /var/log/dockerd-orchestrator.log)" >&2
	as_root sh -c 'nohup dockerd >/var/log/dockerd-orchestrator.log 2>&1 &'
	local _
	for _ in $(seq 1 60); do
		docker info >/dev/null 2>&1 && return 0
		sleep 1
	done
	echo "dockerd did not come up; see /var/log/dockerd-orchestrator.log" >&2
	return 1
}
