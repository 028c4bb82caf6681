#!/usr/bin/env bash
# Prepares an Ubuntu 24.04 host for {{projectName}}, as cloud-init.yaml does at first boot: packages, a firewall
# that lets in only SSH (rate-limited), HTTP and HTTPS, key-only SSH without root, a swap file, log rotation, and
# the systemd unit that runs the compose project. Run it as root from a copy of the project on the host; running
# it again changes nothing that is already in place.
set -euo pipefail

readonly APP_NAME="{{projectName}}"
readonly APP_DIR="/opt/${APP_NAME}"
readonly ENV_FILE="/etc/${APP_NAME}/app.env"
readonly SWAP_FILE="/swapfile"
readonly SWAP_SIZE="2G"
SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SOURCE_DIR

if [[ "${EUID}" -ne 0 ]]; then
  echo "setup.sh: run as root (sudo ./setup.sh)" >&2
  exit 1
fi

echo "==> Packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get upgrade -y
apt-get install -y ufw docker.io docker-compose-v2 unattended-upgrades logrotate rsync

echo "==> Firewall: deny incoming except SSH (rate-limited), HTTP and HTTPS"
# Docker publishes ports in its own iptables chains, past ufw: compose.yaml publishes only Traefik's 80 and 443.
ufw default deny incoming
ufw default allow outgoing
ufw limit 22/tcp
ufw allow 80/tcp
ufw allow 443/tcp
ufw --force enable

echo "==> SSH: keys only, no root login"
install -m 0644 "${SOURCE_DIR}/deploy/sshd-hardening.conf" /etc/ssh/sshd_config.d/00-hardening.conf
sshd -t
systemctl reload ssh

echo "==> Swap: ${SWAP_SIZE} at ${SWAP_FILE}"
if [[ ! -f "${SWAP_FILE}" ]]; then
  fallocate -l "${SWAP_SIZE}" "${SWAP_FILE}"
  chmod 0600 "${SWAP_FILE}"
  mkswap "${SWAP_FILE}"
fi
if ! swapon --show=NAME --noheadings | grep -qx "${SWAP_FILE}"; then
  swapon "${SWAP_FILE}"
fi
if ! grep -q "^${SWAP_FILE} " /etc/fstab; then
  echo "${SWAP_FILE} none swap sw 0 0" >>/etc/fstab
fi
install -m 0644 "${SOURCE_DIR}/deploy/swappiness.conf" /etc/sysctl.d/60-swappiness.conf
sysctl --quiet --load=/etc/sysctl.d/60-swappiness.conf

echo "==> The service: ${APP_DIR}, its settings in ${ENV_FILE}, logs in /var/log/${APP_NAME}"
install -d -m 0755 "${APP_DIR}" "/var/log/${APP_NAME}"
if [[ "${SOURCE_DIR}" != "${APP_DIR}" ]]; then
  rsync -a --delete --exclude .env --exclude certs --exclude logs --exclude node_modules "${SOURCE_DIR}/" "${APP_DIR}/"
fi
install -d -m 0750 "/etc/${APP_NAME}"
if [[ ! -f "${ENV_FILE}" ]]; then
  install -m 0600 /dev/null "${ENV_FILE}"
fi
install -m 0644 "${SOURCE_DIR}/deploy/logrotate.conf" "/etc/logrotate.d/${APP_NAME}"
install -m 0644 "${SOURCE_DIR}/deploy/app.service" "/etc/systemd/system/${APP_NAME}.service"
systemctl daemon-reload
systemctl enable "${APP_NAME}.service"

echo "Done. Put the settings .env.example lists in ${ENV_FILE}, then: systemctl start ${APP_NAME}"
