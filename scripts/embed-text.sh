#!/bin/sh
# Writes a text file as a C string constant: embed-text.sh FILE NAME
set -eu
echo "/* Generated from $1 by scripts/embed-text.sh; do not edit. */"
echo "static const char $2[] ="
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$1"
echo "\t;"
