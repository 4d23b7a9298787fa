#!/bin/sh
# /entrypoint.sh - same dispatch as the real registry:2 image's entrypoint:
# a config file argument means "registry serve <file>".
set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
