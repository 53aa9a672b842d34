// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)

// Loads BPF objects with cilium/ebpf and reports what it did:
//
//	loader OBJECT...
//
// For each OBJECT: "object PATH", then "load 0" or "load error: ERR";
// when it loaded, "run 0" (or "run error: ERR") after one test run of
// its program "oracle", and "var NAME VALUE" for each 32-bit global g_*
// (what the program stored from bpf_ksym_exists()).
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/cilium/ebpf"
)

func report(path string) {
	fmt.Printf("object %s\n", path)
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		fmt.Printf("load error: %v\n", err)
		return
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		fmt.Printf("load error: %v\n", err)
		return
	}
	defer coll.Close()
	fmt.Println("load 0")
	prog := coll.Programs["oracle"]
	if prog == nil {
		fmt.Println("run error: no program oracle")
		return
	}
	if _, err := prog.Run(&ebpf.RunOptions{}); err != nil {
		fmt.Printf("run error: %v\n", err)
	} else {
		fmt.Println("run 0")
	}
	names := make([]string, 0, len(coll.Variables))
	for name := range coll.Variables {
		if strings.HasPrefix(name, "g_") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		var v uint32

		if err := coll.Variables[name].Get(&v); err != nil {
			fmt.Printf("var %s error: %v\n", name, err)
			continue
		}
		fmt.Printf("var %s %d\n", name, v)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loader OBJECT...")
		os.Exit(1)
	}
	for _, path := range os.Args[1:] {
		report(path)
	}
}
