#!/usr/bin/env bash
# The man page renders with groff's man macros without a single warning
# (-ww turns on every warning; -z discards the output). groff reports
# warnings on standard error but still exits 0, so anything it prints fails.
# Exits 77 (skipped) where groff is missing: .ci/install-deps installs it
# (package groff-base).
# Usage: man_render_test.sh MAN_PAGE
set -euo pipefail
page=$1
if ! command -v groff >/dev/null; then
  echo "groff not installed (apt-get install groff-base): man page rendering not checked"
  exit 77
fi
# Both for print (groff's default device) and for the terminal, where man
# shows it: line breaking, and so its warnings, differ.
for device in ps utf8; do
  messages=$(groff -man -T"$device" -ww -z "$page" 2>&1) || {
    echo "groff -T$device failed on $page:"
    echo "$messages"
    exit 1
  }
  if [[ -n $messages ]]; then
    echo "groff -T$device warns about $page:"
    echo "$messages"
    exit 1
  fi
done
echo "$page renders without warnings"
