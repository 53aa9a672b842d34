#!/bin/bash
# Download Debian packages from the trixie suite with a private apt state
# under $APT_DIR; the mirror is the one this machine's apt sources name.
# usage: apt-private.sh APT_DIR OUT_DIR PACKAGE...
set -euo pipefail

apt_dir=$1
out_dir=$2
shift 2
suite=${DEB_SUITE:-trixie}

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

mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$out_dir"
apt_dir=$(cd "$apt_dir" && pwd)
out_dir=$(cd "$out_dir" && pwd)

if [ ! -f "$apt_dir/sources.list" ]; then
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	echo "deb [signed-by=$keyring] $(mirror_uri) $suite main" >"$apt_dir/sources.list"
fi

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

cd "$out_dir"
for pkg in "$@"; do
	# A glob picks the newest matching package name in the suite.
	if [[ $pkg == *'*'* ]]; then
		pkg=$(apt-cache "${apt_opts[@]}" pkgnames | grep -x -- "$pkg" |
		      sort -V | tail -n 1)
		[ -n "$pkg" ] || { echo "Error: no package matches $1" >&2; exit 1; }
	fi
	apt-get -q "${apt_opts[@]}" download "$pkg" >&2
	ls -t -- "${pkg}"_*.deb | head -n 1
done
