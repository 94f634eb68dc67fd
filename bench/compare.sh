#!/usr/bin/env bash
# Measures adtrain next to PyTorch, numpy, pandas and LIBLINEAR on the same
# workloads, in one run, and prints a table of medians and ratios: among
# them time to solution, adtrain's newton and lbfgs beside liblinear-train
# on the same generated rows and the same L2-regularised objective.
#   bash bench/compare.sh           the full comparison (a few minutes)
#   bash bench/compare.sh --quick   smaller sizes, one repetition (CI)
# Installs python3-torch, python3-pandas, python3-numpy, liblinear-tools and
# time (GNU time, for peak memory) from Debian if missing: only here, never
# in the build or test commands (except liblinear-tools, which
# .ci/install-deps installs too, for the peer tests).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
if [[ "${1:-}" == "--quick" ]]; then quick="--quick"; fi

missing=()
for package in python3-torch python3-pandas python3-numpy liblinear-tools time; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "compare: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The README's build folder, configured the same way: after the test
# command only the benchmark executables are left to compile.
bash .ci/install-deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j2 --target adtrain bench

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Debian's Python, where the packages above live (a pyenv python3 may come
# first on PATH). The OpenBLAS settings this workplace exports for old CPUs
# slow numpy down; unset them for the Python side only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/compare.py $quick \
  --adtrain build/app/adtrain --bench-dir build/bench --work "$work"
