// Command gen generates the SDKs of this project's Pulumi packages from their schemas, with Pulumi's own code
// generators (pkg/v3/codegen/{nodejs,python,go}) at the version of the CLI the project builds.
//
//	go run . -root ../.. -list sdk/packages.txt -out sdk
//
// The list names one schema.json per line, relative to -root (blank lines and # comments ignored), optionally
// followed by the languages to generate it for (nodejs, python, go; all three when none is named):
//
//	stackone/schema.json python go
//
// Each schema is bound first, failing on any diagnostic; a schema may refer to a package listed before it. Its SDKs
// are written to <out>/<language>/<name>, each directory emptied first, where <name> is the schema's package name.
// The Node.js SDK then gets the post-generation step described in nodejsLite, and a generated-from.json naming its
// schema and the schema's SHA-256.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the name the generated files say they were made by.
const tool = "stackone-pingone-gen"

func main() {
	root := flag.String("root", ".", "the repository's root; the list's paths are relative to it")
	list := flag.String("list", "sdk/packages.txt", "the file listing the schemas, relative to -root")
	out := flag.String("out", "sdk", "where the SDKs go (relative to -root unless absolute)")
	flag.Parse()
	if err := run(*root, *list, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

func run(root, list, out string) error {
	schemas, err := readList(filepath.Join(root, list))
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	loader := &listLoader{packages: map[string]*schema.Package{}}
	for _, entry := range schemas {
		pkg, err := bind(filepath.Join(root, entry.path), loader)
		if err != nil {
			return fmt.Errorf("%s: %w", entry.path, err)
		}
		loader.packages[pkg.Name] = pkg
		source, err := generatedFrom(root, entry.path)
		if err != nil {
			return err
		}
		if err := generate(pkg, entry.languages, out, loader, source); err != nil {
			return fmt.Errorf("%s: %w", entry.path, err)
		}
	}
	return nil
}

// languages are the SDK languages the generator knows, in the order it writes them.
var languages = []string{"nodejs", "python", "go"}

// listed is one line of the list: a schema and the languages of its SDKs.
type listed struct {
	path      string
	languages map[string]bool
}

// readList returns the schemas the list names, in order, each with its languages.
func readList(path string) ([]listed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("the list of packages: %w", err)
	}
	defer f.Close()
	var entries []listed
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		entry := listed{path: fields[0], languages: map[string]bool{}}
		for _, lang := range fields[1:] {
			if !slices.Contains(languages, lang) {
				return nil, fmt.Errorf("%s:%d: unknown language %q for %s (known: %s)", path, n, lang, entry.path, strings.Join(languages, ", "))
			}
			entry.languages[lang] = true
		}
		if len(fields) == 1 {
			for _, lang := range languages {
				entry.languages[lang] = true
			}
		}
		entries = append(entries, entry)
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s lists no schema", path)
	}
	return entries, nil
}

// bind reads and validates one schema: any diagnostic, warning or error, fails it.
func bind(path string, loader schema.ReferenceLoader) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return nil, fmt.Errorf("not a Pulumi package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		var b strings.Builder
		for _, d := range diags {
			severity := "error"
			if d.Severity == hcl.DiagWarning {
				severity = "warning"
			}
			fmt.Fprintf(&b, "\n  %s: %s", severity, strings.TrimSuffix(strings.TrimSpace(d.Summary), ";"))
			if detail := strings.TrimSpace(d.Detail); detail != "" {
				fmt.Fprintf(&b, " (%s)", detail)
			}
		}
		return nil, fmt.Errorf("the schema does not bind cleanly (%d diagnostics):%s", len(diags), b.String())
	}
	return pkg, nil
}

// generatedFromFile names the schema a Node.js SDK was generated from and its SHA-256, so that bin/program.js can
// refuse to run an SDK generated from another version of the schema than the one in the repository.
const generatedFromFile = "generated-from.json"

func generatedFrom(root, rel string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return json.MarshalIndent(map[string]string{"schema": filepath.ToSlash(rel), "sha256": hex.EncodeToString(sum[:])}, "", "    ")
}

// generate writes the package's SDK for each of its languages, each into a directory emptied first.
func generate(pkg *schema.Package, only map[string]bool, out string, loader schema.ReferenceLoader, source []byte) error {
	generators := []struct {
		name string
		gen  func() (map[string][]byte, error)
	}{
		{"nodejs", func() (map[string][]byte, error) {
			files, err := nodejs.GeneratePackage(tool, pkg, nil, nil, false, loader)
			if err != nil {
				return nil, err
			}
			if files, err = nodejsLite(files); err != nil {
				return nil, err
			}
			files[generatedFromFile] = append(source, '\n')
			return files, nil
		}},
		{"python", func() (map[string][]byte, error) { return python.GeneratePackage(tool, pkg, nil, loader) }},
		{"go", func() (map[string][]byte, error) { return gogen.GeneratePackage(tool, pkg, nil) }},
	}
	for _, lang := range generators {
		if !only[lang.name] {
			continue
		}
		files, err := lang.gen()
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang.name, err)
		}
		dir := filepath.Join(out, lang.name, pkg.Name)
		if err := writeTree(dir, files); err != nil {
			return fmt.Errorf("writing the %s SDK: %w", lang.name, err)
		}
	}
	return nil
}

// writeTree replaces dir's contents with files.
func writeTree(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// listLoader serves the packages of the list bound so far, so that one schema can refer to another's types and
// resources; it never starts a plugin or downloads anything.
type listLoader struct {
	packages map[string]*schema.Package
}

func (l *listLoader) find(name string) (*schema.Package, error) {
	if pkg, ok := l.packages[name]; ok {
		return pkg, nil
	}
	return nil, fmt.Errorf("package %q is not listed before the schema that refers to it", name)
}

func (l *listLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return l.find(name)
}

func (l *listLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.find(d.Name)
}

func (l *listLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.find(name)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l *listLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

var _ schema.ReferenceLoader = (*listLoader)(nil)
