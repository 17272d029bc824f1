#!/usr/bin/env bash
# Installs what GradLab's build and tests need on a fresh Debian 12 machine.
# Called by `npm start`, `npm test` and .ci/run, so nothing has to be installed by hand.
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package -> a file that proves it is installed.
declare -A need=(
  [cmake]=/usr/bin/cmake
  [g++]=/usr/bin/g++
  [clang]=/usr/bin/clang++
  [libclang-rt-14-dev]=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
  [emscripten]=/usr/bin/em++
  [binaryen]=/usr/bin/wasm-dis
  [libeigen3-dev]=/usr/include/eigen3/Eigen/Dense
  [doctest-dev]=/usr/include/doctest/doctest.h
  [chromium]=/usr/bin/chromium
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  # profilers for bench/profile.mjs (perf's software clock; callgrind's instruction counts)
  [linux-perf]=/usr/bin/perf
  [valgrind]=/usr/bin/valgrind
  # compiler cache for scripts/mutate-core.mjs (undoing a mutant then recompiles nothing)
  [ccache]=/usr/bin/ccache
)
missing=()
for pkg in "${!need[@]}"; do
  [ -e "${need[$pkg]}" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  IFS=$'\n' missing=($(sort <<<"${missing[*]}")); unset IFS
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
    echo "bootstrap: run as root:  $cmd" >&2
    exit 1
  fi
fi

# npm dependencies, pinned by package-lock.json. Reinstall when the lock file changed.
if [ -f package-lock.json ]; then
  stamp=node_modules/.gradlab-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "bootstrap: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
fi
