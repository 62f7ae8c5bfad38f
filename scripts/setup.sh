#!/usr/bin/env bash
# Installs what a fresh Debian machine with rustup lacks for building Fiducia:
# protoc (libp2p's build), the wasm targets and rust-src (runtime and
# contracts). Idempotent; sourced by demo.sh and test.sh.
set -euo pipefail

missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v perl >/dev/null 2>&1 || missing+=(perl) # vendored OpenSSL's build
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) # the indexer's PostgreSQL tests
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# rust-toolchain.toml names the targets and components; this makes sure they
# are installed for the active toolchain even with an older rustup.
rustup target add wasm32v1-none wasm32-unknown-unknown >/dev/null 2>&1 || true
rustup component add rust-src rustfmt clippy >/dev/null 2>&1 || true
rustup target list --installed | grep -q '^wasm32v1-none$' || {
  echo "setup: the wasm32v1-none target is missing and could not be installed" >&2
  exit 1
}
