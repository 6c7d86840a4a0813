#!/usr/bin/env bash
# Installs what the browser tests (app's WebBrowserIT) need when it is missing: Debian's chromium and
# chromium-driver (a browser a test tool downloads by itself does not run here), and a CJK font so
# Chinese titles render in screenshots. Called by Maven before the integration tests.
set -euo pipefail
if [[ "${1:-}" == "true" ]]; then
  exit 0 # -DskipITs
fi
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ "$(id -u)" != "0" ]] || ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: /usr/bin/chromium and /usr/bin/chromedriver are missing and this user cannot install them." >&2
  echo "Install the Debian packages 'chromium' and 'chromium-driver' (sudo apt-get install chromium chromium-driver)," >&2
  echo "or skip the integration tests with -DskipITs." >&2
  exit 1
fi
echo "ensure-chromium: installing chromium, chromium-driver and fonts-wqy-microhei with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q chromium chromium-driver fonts-wqy-microhei >&2
