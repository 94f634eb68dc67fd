#!/usr/bin/env bash
# The bash completion, without the bash-completion package: source the
# script, find the function it registers for adtrain, fill in COMP_WORDS and
# COMP_CWORD as bash would and read COMPREPLY.
# Usage: completion_test.sh ADTRAIN COMPLETION_SCRIPT
#   checks a few completions by hand, then that every option and command of
#   adtrain's --help is offered where it applies, and nothing else is, and
#   that the words of each option that takes one of a set are its values.
set -uo pipefail
adtrain=$1
script=$2
source "$(dirname "$0")/help_options.sh"

# shellcheck source=/dev/null
source "$script" || { echo "FAIL: sourcing $script"; exit 1; }
function=$(complete -p adtrain 2>/dev/null | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
if [[ -z $function ]]; then
  echo "FAIL: $script registers no completion function for adtrain"
  exit 1
fi

# The candidates for the command line "$@", the last word being completed,
# sorted, one a line.
candidates() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$function" adtrain "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  ((${#COMPREPLY[@]} > 0)) && printf '%s\n' "${COMPREPLY[@]}" | sort
}

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_exactly "WORDS" COMMAND-LINE...: the candidates are exactly WORDS.
expect_exactly() {
  local want got
  want=$(tr ' ' '\n' <<<"$1" | sort)
  shift
  got=$(candidates "$@")
  [[ $got == "$want" ]] || fail "'$*<TAB>' gave [$(echo $got)], expected [$(echo $want)]"
}

# expect_among WORD COMMAND-LINE...: WORD is one of the candidates.
expect_among() {
  local word=$1
  shift
  candidates "$@" | grep -qxF -- "$word" || fail "'$*<TAB>' does not offer $word"
}

expect_exactly "--optimizer" adtrain --optim
expect_exactly "sgd momentum adam newton lbfgs" adtrain --optimizer ""
expect_exactly "newton" adtrain --optimizer = ne
expect_exactly "predict" adtrain pre
expect_exactly "predict generate plot" adtrain ""
expect_among --model adtrain predict --
expect_exactly "zeros ones random" adtrain --init ""
expect_exactly "auto yes no" adtrain predict --header ""
expect_exactly "auto , \\; tab space" adtrain plot --delimiter ""
# After a command, only its own options; an option's value is not a command.
expect_exactly "--seed" adtrain generate --se
expect_exactly "--data" adtrain --data predict --da

# Paths complete to files.
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
touch "$folder/model.json" "$folder/train.csv"
expect_exactly "$folder/model.json" adtrain predict --model "$folder/mo"
expect_exactly "$folder/train.csv" adtrain --data "$folder/tr"

# Every option of every command's --help, and no other, is offered for "-".
compare_options() {
  local label=$1
  shift
  local from_help offered
  from_help=$(adtrain_options "$adtrain" "$@" | sort -u)
  offered=$(candidates adtrain "$@" - | sort -u)
  if [[ -z $from_help ]]; then
    fail "no options found in '$label --help' (has its format changed?)"
    return
  fi
  local missing extra
  missing=$(comm -23 <(echo "$from_help") <(echo "$offered"))
  extra=$(comm -13 <(echo "$from_help") <(echo "$offered"))
  [[ -z $missing ]] || fail "'$label -<TAB>' does not offer" $missing "(listed by --help)"
  [[ -z $extra ]] || fail "'$label -<TAB>' offers" $extra "(not in --help)"
  echo "$label: $(wc -l <<<"$from_help") options compared with --help"
}

# The words an option accepts, as --help shows them, are exactly its values'
# candidates (the completion escapes the ';' the shell would take).
compare_words() {
  local label=$1
  shift
  local option words from_help offered
  while read -r option words; do
    [[ -n $option ]] || continue
    from_help=$(tr ' ' '\n' <<<"$words" | sort)
    offered=$(candidates adtrain "$@" "$option" "" | sed 's/^\\//' | sort)
    [[ $offered == "$from_help" ]] ||
      fail "'$label $option <TAB>' gave [$(echo $offered)], --help lists [$(echo $from_help)]"
  done < <(adtrain_option_words "$adtrain" "$@")
}

compare_options adtrain
compare_words adtrain
commands=$(adtrain_commands "$adtrain")
[[ -n $commands ]] || fail "no commands found in 'adtrain --help'"
expect_exactly "$(echo $commands)" adtrain ""
for command in $commands; do
  compare_options "adtrain $command" "$command"
  compare_words "adtrain $command" "$command"
done

if ((failures > 0)); then
  echo "$failures problem(s) in $script"
  exit 1
fi
echo "the completion agrees with --help"
