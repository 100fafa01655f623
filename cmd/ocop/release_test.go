package main

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/template"

	"go.yaml.in/yaml/v4"
)

// The tests of the release: .goreleaser.yaml, which GoReleaser reads when
// .github/workflows/release.yml makes a release, has to keep agreeing with
// the program (the variable the tag is written into) and with .ci/run
// (the systems it compiles for). A mistake there shows only on the day of
// a release, when the files are published; here it fails every test run.

// releaseTargets are the systems a release has a program for.
var releaseTargets = []string{
	"darwin/amd64", "darwin/arm64",
	"linux/amd64", "linux/arm64",
	"windows/amd64", "windows/arm64",
}

// goreleaserConfig is what the tests read of .goreleaser.yaml.
type goreleaserConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Targets []string `yaml:"targets"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		NameTemplate string   `yaml:"name_template"`
		Files        []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
}

// repoRoot is the repository's root, seen from this package's folder.
const repoRoot = "../.."

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if c.Version != 2 {
		t.Errorf(".goreleaser.yaml: version %d; this test reads the version 2 settings", c.Version)
	}
	if len(c.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds; the release builds one program, ocop", len(c.Builds))
	}
	if len(c.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml: %d archives, want 1", len(c.Archives))
	}
	return c
}

// releaseVariable is the name of the one package-level string variable
// that version.go declares, which the release sets with -ldflags -X.
func releaseVariable(t *testing.T) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "version.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); ok && id.Name == "string" && len(v.Values) == 0 {
				for _, n := range v.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	if len(names) != 1 {
		t.Fatalf("version.go declares the string variables %q; want exactly one, for the release's tag", names)
	}
	return names[0]
}

// expand applies one of GoReleaser's templates to data, as GoReleaser
// would; a field this test does not know is an error, not an empty text.
func expand(t *testing.T, text string, data map[string]any) string {
	t.Helper()
	tmpl, err := template.New("").Option("missingkey=error").Parse(text)
	if err != nil {
		t.Fatalf("template %q: %v", text, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatalf("template %q: %v (if GoReleaser knows it, add it to this test's data)", text, err)
	}
	return b.String()
}

// releaseData is what GoReleaser's templates see for a release of tag.
func releaseData(tag, goos, goarch string) map[string]any {
	return map[string]any{
		"ProjectName":     "ocop",
		"Tag":             tag,
		"Version":         strings.TrimPrefix(tag, "v"),
		"RawVersion":      strings.TrimPrefix(tag, "v"),
		"Commit":          "0123456789abcdef0123456789abcdef01234567",
		"FullCommit":      "0123456789abcdef0123456789abcdef01234567",
		"ShortCommit":     "0123456",
		"Date":            "2026-01-02T03:04:05Z",
		"CommitDate":      "2026-01-02T03:04:05Z",
		"CommitTimestamp": "1767323045",
		"Timestamp":       "1767323045",
		"Os":              goos,
		"Arch":            goarch,
		"Env":             map[string]string{},
	}
}

// linkerSettings returns the -X name=value settings of a -ldflags text.
func linkerSettings(ldflags string) map[string]string {
	settings := map[string]string{}
	fields := strings.Fields(ldflags)
	for i, f := range fields {
		var nv string
		switch {
		case f == "-X" && i+1 < len(fields):
			nv = fields[i+1]
		case strings.HasPrefix(f, "-X="):
			nv = strings.TrimPrefix(f, "-X=")
		default:
			continue
		}
		if name, value, ok := strings.Cut(nv, "="); ok {
			settings[name] = value
		}
	}
	return settings
}

func TestReleaseConfig(t *testing.T) {
	c := readGoreleaser(t)
	b := c.Builds[0]

	if b.Main != "./cmd/ocop" || b.Binary != "ocop" {
		t.Errorf("builds: main %q, binary %q; want ./cmd/ocop and ocop", b.Main, b.Binary)
	}
	if c.ProjectName != "ocop" {
		t.Errorf("project_name = %q, want ocop", c.ProjectName)
	}

	// The six systems, exactly.
	if len(b.Targets) > 0 {
		t.Fatalf("builds: targets %q; this test reads goos and goarch: list the systems there", b.Targets)
	}
	var targets []string
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			ignored := slices.ContainsFunc(b.Ignore, func(ig struct {
				Goos   string `yaml:"goos"`
				Goarch string `yaml:"goarch"`
			}) bool {
				return (ig.Goos == "" || ig.Goos == goos) && (ig.Goarch == "" || ig.Goarch == goarch)
			})
			if !ignored {
				targets = append(targets, goos+"/"+goarch)
			}
		}
	}
	slices.Sort(targets)
	if !slices.Equal(targets, releaseTargets) {
		t.Errorf("the release builds for %q\nwant %q", targets, releaseTargets)
	}

	// Pure Go: no C compiler for other systems, no library to install.
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("builds: env %q lacks CGO_ENABLED=0", b.Env)
	}

	// The tag goes into the variable version.go declares.
	name := releaseVariable(t)
	ldflags := expand(t, strings.Join(b.Ldflags, " "), releaseData("v1.2.0", "linux", "amd64"))
	if got := linkerSettings(ldflags); got["main."+name] != "v1.2.0" {
		t.Errorf("ldflags %q set %q; want -X main.%s={{ .Tag }}, the variable of version.go", ldflags, got, name)
	}

	// The checksums: SHA-256, in a file named by the version.
	if c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum algorithm %q, want sha256", c.Checksum.Algorithm)
	}
	if sums := expand(t, c.Checksum.NameTemplate, releaseData("v1.2.0", "", "")); !strings.Contains(sums, "1.2.0") {
		t.Errorf("the checksums file is named %q, without the version", sums)
	}

	// Each archive is named by version, system and processor; a .zip for
	// Windows, a .tar.gz for the others.
	a := c.Archives[0]
	seen := map[string]bool{}
	for _, target := range releaseTargets {
		goos, goarch, _ := strings.Cut(target, "/")
		archive := expand(t, a.NameTemplate, releaseData("v1.2.0", goos, goarch))
		if !strings.Contains(archive, "1.2.0") || !strings.Contains(archive, goos) || !strings.Contains(archive, goarch) {
			t.Errorf("%s: the archive is named %q; want the version, the system and the processor in it", target, archive)
		}
		if seen[archive] {
			t.Errorf("%s: two archives are named %q", target, archive)
		}
		seen[archive] = true
		formats := a.Formats
		for _, o := range a.FormatOverrides {
			if o.Goos == goos {
				formats = o.Formats
			}
		}
		want := "tar.gz"
		if goos == "windows" {
			want = "zip"
		}
		if !slices.Equal(formats, []string{want}) {
			t.Errorf("%s: archive formats %q, want %s", target, formats, want)
		}
	}
	// A file to pack that is missing stops the release.
	for _, pattern := range a.Files {
		if m, err := filepath.Glob(filepath.Join(repoRoot, filepath.FromSlash(pattern))); err != nil || len(m) == 0 {
			t.Errorf("archives: files: %q matches nothing (%v); GoReleaser would stop", pattern, err)
		}
	}
}

// TestReleaseTargetsInCI: .ci/run compiles ocop for the release's six
// systems, so that a change that breaks one of them fails CI.
func TestReleaseTargetsInCI(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var loops int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		list, ok := strings.CutPrefix(line, "for target in ")
		if !ok {
			continue
		}
		loops++
		list, _ = strings.CutSuffix(list, "; do")
		targets := strings.Fields(list)
		slices.Sort(targets)
		if !slices.Equal(targets, releaseTargets) {
			t.Errorf(".ci/run compiles for %q\nwant %q", targets, releaseTargets)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if loops != 1 {
		t.Errorf(".ci/run has %d lines \"for target in …; do\", want 1", loops)
	}
}

// TestReleaseBuild builds ocop for this computer with the command
// GoReleaser runs, from .goreleaser.yaml's settings and a made-up tag, and
// checks that `ocop version` prints the tag. (The other five systems'
// programs cannot run here; .ci/run compiles them.)
func TestReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program: not with -short")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build with: %v", err)
	}
	const tag = "v9.9.9-test"
	b := readGoreleaser(t).Builds[0]
	data := releaseData(tag, runtime.GOOS, runtime.GOARCH)
	bin := filepath.Join(t.TempDir(), "ocop")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	args := []string{"build"}
	for _, f := range b.Flags {
		args = append(args, expand(t, f, data))
	}
	args = append(args, "-ldflags="+expand(t, strings.Join(b.Ldflags, " "), data), "-o", bin, b.Main)
	cmd := exec.Command(gocmd, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	for _, e := range b.Env {
		cmd.Env = append(cmd.Env, expand(t, e, data))
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}

	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("ocop version: %v", err)
	}
	if !strings.HasPrefix(string(out), "ocop "+tag+" ") {
		t.Errorf("ocop version printed %q, want the tag %s", out, tag)
	}
}
