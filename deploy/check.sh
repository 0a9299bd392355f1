#!/bin/sh
# Check the example configuration with the real tools: `nginx -t` on the site (with a
# throwaway certificate and cache folder) and `systemd-analyze verify` on the units
# (with the paths pointed at this checkout). Used by CI; needs nginx and systemd-analyze.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
app=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=cho-so.example.vn" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
mkdir -p "$tmp/cache" "$tmp/logs"
sed -e "s#/etc/letsencrypt/live/cho-so.example.vn/fullchain.pem#$tmp/cert.pem#" \
    -e "s#/etc/letsencrypt/live/cho-so.example.vn/privkey.pem#$tmp/key.pem#" \
    -e "s#/var/cache/nginx/cho-so#$tmp/cache#" \
    "$here/nginx/cho-so.conf" > "$tmp/site.conf"
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    include $tmp/site.conf;
}
CONF
nginx -t -q -p "$tmp" -c "$tmp/nginx.conf"
echo "nginx: deploy/nginx/cho-so.conf is valid"

mkdir -p "$tmp/units"
for unit in "$here"/systemd/*; do
    sed -e "s#/srv/cho-so/app/.venv/bin/#$app/.venv/bin/#g" -e "s#/srv/cho-so/app#$app#g" \
        -e "s#^EnvironmentFile=.*#EnvironmentFile=$here/cho-so.env.example#" \
        -e "s#^User=.*#User=root#" -e "s#^Group=.*#Group=root#" \
        -e "s#^ReadWritePaths=.*#ReadWritePaths=$tmp#" \
        "$unit" > "$tmp/units/$(basename "$unit")"
done
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$tmp"/units/* 2>&1 | tee "$tmp/verify.log"
if [ -s "$tmp/verify.log" ]; then  # it exits 0 on unknown keys: any word is a problem
    echo "systemd-analyze: problems above" >&2
    exit 1
fi
echo "systemd: deploy/systemd/*.{service,timer} verify"
