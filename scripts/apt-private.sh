#!/bin/bash
# Download Debian packages from the trixie and trixie-backports suites
# with a private apt state under APT_DIR; the mirror is the one this
# machine's apt sources name. A PACKAGE with '*' is a regular expression:
# the newest package name matching it is taken; PACKAGE/SUITE takes it from
# SUITE. APT_SUITES (space separated) replaces the suites, for a package only
# a later suite has: give that apt state its own APT_DIR.
# usage: apt-private.sh APT_DIR OUT_DIR PACKAGE...	print the .deb names
#        apt-private.sh APT_DIR --has PACKAGE		is it offered?
#        apt-private.sh APT_DIR --newest REGEX		newest matching name
set -euo pipefail

apt_dir=$1
out_dir=$2
shift 2
read -r -a suites <<<"${APT_SUITES:-trixie trixie-backports}"

mirror_uri() {
	local uri

	uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources |
	      awk '{print $2}' | grep -v -e security -e '^$' | grep '/debian/\?$' |
	      head -n 1 || true)
	if [ -z "$uri" ]; then
		uri=$(grep -hs '^deb ' /etc/apt/sources.list |
		      awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' |
		      grep -v security | head -n 1 || true)
	fi
	if [ -z "$uri" ]; then
		echo "Error: no Debian mirror found in /etc/apt/sources*" >&2
		exit 1
	fi
	echo "${uri%/}"
}

mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
apt_dir=$(cd "$apt_dir" && pwd)

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
uri=$(mirror_uri)
for s in "${suites[@]}"; do
	echo "deb [signed-by=$keyring] $uri $s main"
done >"$apt_dir/sources.list.new"
if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list"; then
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	rm -f "$apt_dir/updated"
fi
rm -f "$apt_dir/sources.list.new"

apt_opts=(
	-o "Dir::Etc::SourceList=$apt_dir/sources.list"
	-o "Dir::Etc::SourceParts=-"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::State::status=/dev/null"
	-o "Dir::Cache=$apt_dir"
	-o "Dir::Cache::archives=$apt_dir/archives"
	-o "APT::Architecture=amd64"
	-o "Debug::NoLocking=1"
)

if [ ! -f "$apt_dir/updated" ]; then
	apt-get -q "${apt_opts[@]}" update >&2
	touch "$apt_dir/updated"
fi

newest() {
	local pkg

	pkg=$(apt-cache "${apt_opts[@]}" pkgnames | grep -x -- "$1" |
	      sort -V | tail -n 1)
	[ -n "$pkg" ] || { echo "Error: no package matches $1" >&2; exit 1; }
	echo "$pkg"
}

case $out_dir in
--has)
	apt-cache "${apt_opts[@]}" show "$1" >/dev/null 2>&1
	exit;;
--newest)
	newest "$1"
	exit;;
esac

mkdir -p "$out_dir"
cd "$out_dir"
for pkg in "$@"; do
	[[ $pkg == *'*'* ]] && pkg=$(newest "$pkg")
	apt-get -q "${apt_opts[@]}" download "$pkg" >&2
	ls -t -- "${pkg%/*}"_*.deb | head -n 1
done
