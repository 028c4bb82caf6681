// The Go HCL library that Terraform, tfsec and Trivy parse with, timed on the files the benchmark's check reads:
// the reference for the target, measured on the same machine at the same time as the check.
//
// Reads absolute file paths from stdin, one per line; reads every file first, then parses each (hclsyntax for
// HCL, the library's JSON parser for .tf.json) and prints the parse time as JSON, as bench/terraform.js's
// parse-only child does for ours. Built by bench/terraform.js when a Go toolchain and hashicorp/hcl/v2 are
// installed (Debian: golang-go golang-github-hashicorp-hcl-v2-dev); nothing else depends on it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type source struct {
	name  string
	bytes []byte
}

func main() {
	var sources []source
	total := 0
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		name := lines.Text()
		if name == "" {
			continue
		}
		bytes, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		sources = append(sources, source{name, bytes})
		total += len(bytes)
	}
	errors := 0
	start := time.Now()
	for _, file := range sources {
		var diagnostics hcl.Diagnostics
		if strings.HasSuffix(file.name, ".json") {
			_, diagnostics = hcljson.Parse(file.bytes, file.name)
		} else {
			_, diagnostics = hclsyntax.ParseConfig(file.bytes, file.name, hcl.Pos{Line: 1, Column: 1, Byte: 0})
		}
		if diagnostics.HasErrors() {
			errors++
		}
	}
	elapsed := time.Since(start)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"ms":     float64(elapsed.Microseconds()) / 1000,
		"files":  len(sources),
		"bytes":  total,
		"errors": errors,
	})
}
