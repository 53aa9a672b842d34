# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Why each program failed, from the stderr of lib/reach_oracle.c ("PROGRAM:
# " lines): "PROGRAM EXTERN,..." for a program whose load fails because of
# kfunc or ksym externs, as the verifier or libbpf names them; "PROGRAM
# other REASON" for any other failure (the verifier's words, else libbpf's
# first warning). With -v prog_types=1, a call the program's type may not
# make is an extern's failure too (the kfunc, or @dev_bound for an XDP
# metadata kfunc, which the verifier does not name): for kernels whose
# program types were probed. A struct_ops program no map points to, which
# libbpf refuses, is @struct_ops_unused.
{
	i = index($0, ": ")
	p = substr($0, 1, i - 1)
	line = substr($0, i + 2)
	seen[p] = 1
	name = ""
}
line ~ /^kfunc .* is referenced but wasn.t resolved/ ||
line ~ /^failed to find the address for kernel symbol/ ||
line ~ /^libbpf: extern .*: (not found in kernel|func_proto .* incompatible|incompatible types|resolution is ambiguous)/ ||
line ~ /^libbpf: extern .* \(strong\): not resolved/ {
	name = line
	sub(/^[^']*'/, "", name)
	sub(/'.*/, "", name)
}
prog_types && line ~ /^(calling kernel function [^ ]+ is not allowed|program must be sleepable to call sleepable kfunc [^ ]+)$/ {
	name = line
	sub(/ is not allowed$/, "", name)
	sub(/.* /, "", name)
}
prog_types && line ~ /^metadata kfuncs require device-bound program$/ {
	name = "@dev_bound"
}
line ~ /^libbpf: prog '[^']*': SEC\("struct_ops"\) program isn't referenced anywhere/ {
	name = "@struct_ops_unused"
}
name != "" {
	if (index("," ext[p] ",", "," name ",") == 0)
		ext[p] = ext[p] (ext[p] == "" ? "" : ",") name
	next
}
!(p in why) && line !~ /^(no verifier log$|libbpf: .*(failed to load|permission error while))/ {
	why[p] = line
}
END {
	for (p in seen)
		print p, (p in ext) ? ext[p] : "other " why[p]
}
