# Sourced by the docs tests: what adtrain's own --help says it accepts, so
# that the tests compare the documentation with the binary rather than with
# a second list kept by hand.

# The commands `adtrain --help` lists under "Subcommands:", one a line.
adtrain_commands() {
  "$1" --help | awk '
    /^[^ ].*:$/ { section = $0; next }
    /^$/ { section = ""; next }
    section == "Subcommands:" && /^  [a-z]/ { print $1 }'
}

# Every option name `adtrain [COMMAND] --help` lists, one a line: "-h",
# "--help", "--bias", "--no-bias", ... An option line starts with two
# spaces and a dash; its first word holds the names, separated by commas,
# each followed by its type or default ("--config TEXT:PATH",
# "--bias{false}"). Indented further are the descriptions that do not fit
# beside the names. (No {m,n} in the patterns: mawk, Debian's awk, lacks it.)
adtrain_options() {
  local adtrain=$1
  shift
  "$adtrain" "$@" --help | awk '
    /^[^ ].*:$/ { section = $0; next }
    /^$/ { section = ""; next }
    section == "Options:" && /^  -/ {
      count = split($1, names, ",")
      for (i = 1; i <= count; i++) {
        name = names[i]
        sub(/[^-A-Za-z0-9].*$/, "", name)
        if (name ~ /^-/) print name
      }
    }'
}

# The options of `adtrain [COMMAND] --help` that take one of a set of words,
# with the words, one option a line: "--header auto no yes". CLI11 shows the
# set as TEXT:{a,b,c}; a comma among the words shows as an empty one
# ("{,,;,auto}" is ",", ";" and "auto").
adtrain_option_words() {
  local adtrain=$1
  shift
  "$adtrain" "$@" --help | awk '
    /^[^ ].*:$/ { section = $0; next }
    /^$/ { section = ""; next }
    section == "Options:" && /^  --[^ ]* [A-Z]*:\{/ {
      set = $2
      sub(/^[A-Z]*:\{/, "", set)
      sub(/\}[^}]*$/, "", set)
      count = split(set, words, ",")
      line = $1
      comma = 0
      for (i = 1; i <= count; i++) {
        if (words[i] == "") {
          if (!comma) line = line " ,"
          comma = 1
        } else {
          line = line " " words[i]
        }
      }
      print line
    }'
}
