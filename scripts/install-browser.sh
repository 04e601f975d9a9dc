#!/usr/bin/env bash
# Headless Chromium and a Chinese font for `npm run screenshots` (Debian / Ubuntu, as root).
set -euo pipefail
apt-get update -qq
apt-get install -y -qq chromium fonts-wqy-microhei
chromium --version
