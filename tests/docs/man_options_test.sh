#!/usr/bin/env bash
# Every option that adtrain and each of its commands print in --help must be
# described in the man page, as the tag of an item (the line after .TP) in
# that command's subsection: "Training options" for adtrain itself,
# "COMMAND options" for a command, plus "General options" (-h, --help,
# --version, --config), plus "Reading a data file" when the command's
# subsection refers to it. Every command must appear in the SYNOPSIS too.
# Usage: man_options_test.sh ADTRAIN MAN_PAGE
set -euo pipefail
adtrain=$1
page=$2
source "$(dirname "$0")/help_options.sh"

# The item tags of the subsections named in $@, one a line, with roff's
# escapes taken out (\- is a dash, \fB... a font) so that they read as typed.
tags_of() {
  WANTED=$(printf '%s\n' "$@") awk '
    BEGIN { count = split(ENVIRON["WANTED"], list, "\n"); for (i = 1; i <= count; i++) keep[list[i]] = 1 }
    /^\.S[HS] / { title = $0; sub(/^\.S[HS] +/, "", title); gsub(/"/, "", title); next }
    tag { tag = 0; if (title in keep) print; next }
    /^\.TP/ { tag = 1 }' "$page" |
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f\[[A-Z]*\]//g'
}

# The text of one subsection, to see whether it refers to another.
text_of() {
  WANTED=$1 awk '
    /^\.S[HS] / { title = $0; sub(/^\.S[HS] +/, "", title); gsub(/"/, "", title); next }
    title == ENVIRON["WANTED"]' "$page"
}

failures=0
check_command() {
  local label=$1 section=$2
  shift 2
  local sections=("General options" "$section")
  if text_of "$section" | grep -q 'Reading a data file'; then
    sections+=("Reading a data file")
  fi
  local tags options
  tags=$(tags_of "${sections[@]}")
  options=$(adtrain_options "$adtrain" "$@")
  if [[ -z $options ]]; then
    echo "FAIL: no options found in '$label --help' (has its format changed?)"
    failures=$((failures + 1))
    return
  fi
  local option count=0
  while read -r option; do
    count=$((count + 1))
    if ! grep -qE -- "(^|[^-A-Za-z0-9])${option}([^-A-Za-z0-9]|\$)" <<<"$tags"; then
      echo "FAIL: '$label --help' lists $option, which the man page does not describe under '$section'"
      failures=$((failures + 1))
    fi
  done <<<"$options"
  echo "$label: $count options checked against: ${sections[*]}"
}

check_command "adtrain" "Training options"
commands=$(adtrain_commands "$adtrain")
if [[ -z $commands ]]; then
  echo "FAIL: no commands found in 'adtrain --help'"
  failures=$((failures + 1))
fi
synopsis=$(text_of SYNOPSIS)
for command in $commands; do
  if ! grep -q "^\.SS \"$command options\"" "$page"; then
    echo "FAIL: the man page has no subsection \"$command options\""
    failures=$((failures + 1))
    continue
  fi
  if ! grep -q "adtrain $command" <<<"$synopsis"; then
    echo "FAIL: the SYNOPSIS does not show adtrain $command"
    failures=$((failures + 1))
  fi
  check_command "adtrain $command" "$command options" "$command"
done

if ((failures > 0)); then
  echo "$failures problem(s): describe the options in $page"
  exit 1
fi
echo "every option of --help is in $page"
