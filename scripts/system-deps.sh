#!/bin/sh
# System packages wakewatch needs beyond Python wheels, from Debian:
#   libicu-dev + pkg-config  PyICU (followthemoney -> normality) builds against ICU
#   chromium + chromium-driver  the browser of the web-map and report tests (never a
#                               downloaded one)
# Installs only what is missing; needs root (or sudo) the first time.
set -eu
missing=""
dpkg -s libicu-dev >/dev/null 2>&1 || missing="$missing libicu-dev"
dpkg -s pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
