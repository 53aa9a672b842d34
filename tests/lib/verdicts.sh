# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# shellcheck shell=bash
# Real verdicts against kfunc resolve's, for tests that source it after
# lib/tap.sh, with D their directory:
#
#	compare OBJECT KEY	each program's real verdict in
#				$D/real/KEY/OBJECT.{out,err,rc} (the output,
#				errors and status of lib/reach_oracle.c)
#				against the JSON of resolve's result for it
#				in $D/pred/KEY/OBJECT; counted under KEY
#	verdicts_report KEY MIN	the counts of KEY; ok when at least MIN
#				programs agree, and when none disagrees
#
# A program failing for a reason that is not a kfunc or ksym extern is out
# of scope; one failing where resolve said "loads" as far as it checked is
# counted as not checked.
BLAME=$(dirname "${BASH_SOURCE[0]}")/blame.awk

declare -A agree disagree scope noopen unchecked
compare() {
	local o=$1 kn=$2 r=$D/real/$2/$1 prog verdict p loads names b x why bad=
	local -A pred blame

	if [ "$(cat "$r.rc")" != 0 ]; then
		noopen[$kn]=$((noopen[$kn] + 1))
		return 0
	fi
	# "PROGRAM LOADS CHECKED NAME,...": the verdict, whether all it
	# depends on was checked, the externs and reasons (@REASON) of its
	# sites, and the failing externs when they do not bind.
	while read -r prog loads checked names; do
		pred[$prog]="$loads $checked ,$names,"
	done < <(jq -r '. as $k | $k.programs[] |
		"\(.name) \(.loads) \(.prog_type_checked and $k.checked) \(([.sites[] | .extern // empty, "@\(.reason)"] +
		  (if $k.externs_bind then [] else
		   [$k.externs[] | select(.outcome == "fail") | .name] end)) |
		 unique | join(","))"' "$D/pred/$kn/$o")
	while read -r prog b; do
		blame[$prog]=$b
	done < <(awk -v prog_types=1 -f "$BLAME" "$r.err")
	while read -r prog verdict; do
		[ "$prog" = object ] && continue
		p=${pred[$prog]:-missing}
		read -r loads checked names <<<"$p"
		b=${blame[$prog]}
		why=
		if [ "$verdict" = fails ] && [ "${b%% *}" = other ]; then
			scope[$kn]=$((scope[$kn] + 1))
			echo "${b#other }" >>"$D/$kn.others"
			continue
		fi
		if [ "$loads" = missing ]; then
			why="not among the predicted programs"
		elif [ "$verdict" = loads ]; then
			[ "$loads" = true ] || why="loads, predicted to fail by ${names:1:-1}"
		elif [ "$loads" = true ] && [ "$checked" = false ]; then
			# Said so: "loads" only as far as was checked.
			unchecked[$kn]=$((unchecked[$kn] + 1))
			echo "$o $prog: fails by $b" >>"$D/$kn.unchecked"
			continue
		elif [ "$loads" != false ]; then
			why="fails by $b, predicted to load"
		else
			for x in ${b//,/ }; do
				[[ $names == *",$x,"* ]] || why="fails by $x, not a predicted site"
			done
		fi
		if [ -z "$why" ]; then
			agree[$kn]=$((agree[$kn] + 1))
		else
			disagree[$kn]=$((disagree[$kn] + 1))
			bad+="$o $prog: $why"$'\n'
		fi
	done <"$r.out"
	printf '%s' "$bad" >>"$D/$kn.bad"
}

verdicts_report() {
	local k=$1 line

	diag "$k: agree ${agree[$k]:-0}, disagree ${disagree[$k]:-0}," \
		"failing where resolve said not checked ${unchecked[$k]:-0}," \
		"out of scope ${scope[$k]:-0}, objects libbpf does not open ${noopen[$k]:-0}"
	[ -s "$D/$k.unchecked" ] && diag "$(sed 's/^/  not checked: /' "$D/$k.unchecked")"
	if [ -s "$D/$k.others" ]; then
		diag "$k: out of scope, most frequent first:"
		sed -e "s/'[^']*'/'X'/g" -e 's/[0-9]\+/N/g' "$D/$k.others" | sort | uniq -c |
			sort -rn | head -n 6 | while read -r line; do diag "  $line"; done
	fi
	ok "$([ "${agree[$k]:-0}" -ge "$2" ]; echo $?)" "$k: ${agree[$k]:-0} programs compared"
	if ! ok "$([ ! -s "$D/$k.bad" ]; echo $?)" "$k: every verdict as predicted"; then
		diag "$(head -n 40 "$D/$k.bad")"
	fi
}
