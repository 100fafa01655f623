package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/check"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"go.yaml.in/yaml/v4"
)

// The tests of the GitHub Actions workflows: what publishing and
// releasing rely on, checked on every test run rather than discovered on
// GitHub after a push (or at 00:05 one night).

// workflow is what the tests read of a workflow file.
type workflow struct {
	On   map[string]any         `yaml:"on"`
	Jobs map[string]workflowJob `yaml:"jobs"`
}

type workflowJob struct {
	If          string            `yaml:"if"`
	Permissions map[string]string `yaml:"permissions"`
	Steps       []workflowStep    `yaml:"steps"`
}

type workflowStep struct {
	Name string            `yaml:"name"`
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// job returns the workflow's job of that name.
func (w workflow) job(t *testing.T, name string) workflowJob {
	t.Helper()
	j, ok := w.Jobs[name]
	if !ok {
		t.Fatalf("no job %q", name)
	}
	return j
}

// stepUsing returns the index of the one step that uses the action
// (owner/name, at any version), or fails.
func (j workflowJob) stepUsing(t *testing.T, action string) int {
	t.Helper()
	found := -1
	for i, s := range j.Steps {
		if strings.HasPrefix(s.Uses, action+"@") {
			if found >= 0 {
				t.Fatalf("two steps use %s", action)
			}
			found = i
		}
	}
	if found < 0 {
		t.Fatalf("no step uses %s", action)
	}
	return found
}

// ocopCall is one command line of a step that runs ./ocop.
type ocopCall struct {
	step  int
	args  []string // after ./ocop, up to the end of the command
	flags []string // the names of its flags
}

// ocopCalls returns every ./ocop command in the job's steps.
func (j workflowJob) ocopCalls() []ocopCall {
	var calls []ocopCall
	for i, s := range j.Steps {
		for _, line := range strings.Split(s.Run, "\n") {
			for {
				_, rest, ok := strings.Cut(line, "./ocop ")
				if !ok {
					break
				}
				line = rest
				c := ocopCall{step: i}
				for _, f := range strings.Fields(rest) {
					if f == "||" || f == "&&" || f == "|" || f == ";" || strings.HasPrefix(f, ">") || strings.HasPrefix(f, "2>") {
						break
					}
					c.args = append(c.args, f)
					if name, ok := strings.CutPrefix(f, "-"); ok {
						name, _, _ = strings.Cut(name, "=")
						c.flags = append(c.flags, name)
					}
				}
				calls = append(calls, c)
			}
		}
	}
	return calls
}

// value is the value given to the flag -name in the call, or "".
func (c ocopCall) value(name string) string {
	for i, a := range c.args {
		if a == "-"+name && i+1 < len(c.args) {
			return strings.Trim(c.args[i+1], `"`)
		}
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

// defaultCacheDir is the cache folder ocop uses for the site "." without
// a -cache flag.
func defaultCacheDir() string {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	return cacheFlag(fs, diag.Printer{}).dir(".")
}

func TestWorkflowPublishSchedule(t *testing.T) {
	w := readWorkflow(t, "publish.yml")
	for _, event := range []string{"push", "pull_request", "workflow_dispatch", "schedule"} {
		if _, ok := w.On[event]; !ok {
			t.Errorf("publish.yml does not run on %s", event)
		}
	}
	// Daily, just after midnight in Vietnam (UTC+7): between 17:00 and
	// 23:59 UTC, which is the start of the Vietnamese day.
	schedule, _ := w.On["schedule"].([]any)
	if len(schedule) == 0 {
		t.Fatalf("publish.yml: schedule = %v; want a daily cron", w.On["schedule"])
	}
	for _, s := range schedule {
		m, _ := s.(map[string]any)
		cron, _ := m["cron"].(string)
		f := strings.Fields(cron)
		if len(f) != 5 {
			t.Errorf("cron %q: want five fields", cron)
			continue
		}
		minute, err1 := strconv.Atoi(f[0])
		hour, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || minute < 0 || minute > 59 || hour < 17 || hour > 23 {
			t.Errorf("cron %q: want one run a day at a fixed time between 17:00 and 23:59 UTC (00:00–06:59 in Vietnam)", cron)
		}
		if f[2] != "*" || f[3] != "*" || f[4] != "*" {
			t.Errorf("cron %q: want every day", cron)
		}
	}
	// The run judges certificates on the date in Vietnam, so a run at
	// 17:05 UTC is on the new day.
	build := w.job(t, "build")
	if !slices.ContainsFunc(build.Steps, func(s workflowStep) bool { return strings.Contains(s.Run, "TZ=Asia/Ho_Chi_Minh date") }) {
		t.Error("no step takes the date in Vietnam (TZ=Asia/Ho_Chi_Minh)")
	}
	for _, c := range build.ocopCalls() {
		if c.args[0] == "check" || c.args[0] == "build" || c.args[0] == "report" {
			if c.value("now") != "$NOW" {
				t.Errorf("./ocop %s: -now %q; want the run's one date, $NOW", strings.Join(c.args, " "), c.value("now"))
			}
		}
	}
}

// TestWorkflowPublishOnlyFromMain: the Pages address is read and the site
// deployed only for main, on a push, by hand or on schedule; never for a
// pull request or another branch.
func TestWorkflowPublishOnlyFromMain(t *testing.T) {
	w := readWorkflow(t, "publish.yml")
	const main = "github.ref == 'refs/heads/main' && ("
	pages := w.job(t, "build").stepUsing(t, "actions/configure-pages")
	for what, cond := range map[string]string{
		"the deploy job":           w.job(t, "deploy").If,
		"the Pages address's step": w.job(t, "build").Steps[pages].If,
	} {
		if !strings.HasPrefix(cond, main) || !strings.Contains(cond, "github.event_name == 'schedule'") ||
			strings.Contains(cond, "pull_request") || strings.Count(cond, "&&") != 1 {
			t.Errorf("%s runs if %q; want %s… || github.event_name == 'schedule')", what, cond, main)
		}
	}
}

func TestWorkflowPublishCache(t *testing.T) {
	build := readWorkflow(t, "publish.yml").job(t, "build")
	i := build.stepUsing(t, "actions/cache")
	cache := build.Steps[i]
	dir := defaultCacheDir()
	paths := strings.Fields(cache.With["path"])
	if !slices.Contains(paths, dir) {
		t.Errorf("the cache step keeps %q; ocop's cache folder is %q", paths, dir)
	}
	// Keyed on the photos, so that unchanged photos are made once; a new
	// photo starts from the last saved folder.
	key, restore := cache.With["key"], strings.Fields(cache.With["restore-keys"])
	if !strings.Contains(key, "hashFiles(") {
		t.Errorf("cache key %q: want hashFiles of the photos", key)
	}
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".webp"} {
		if !strings.Contains(key, "*"+ext+"'") {
			t.Errorf("cache key %q does not hash the %s photos", key, ext)
		}
	}
	if len(restore) == 0 || !strings.HasPrefix(key, restore[0]) {
		t.Errorf("restore-keys %q: want a prefix of the key %q", restore, key)
	}
	// Restored before ocop first uses it, and every use is the same folder.
	calls := build.ocopCalls()
	if len(calls) == 0 {
		t.Fatal("no step runs ./ocop")
	}
	for _, c := range calls {
		if c.args[0] != "check" && c.args[0] != "build" {
			continue
		}
		if c.step < i {
			t.Errorf("./ocop %s runs before the cache is restored", strings.Join(c.args, " "))
		}
		if d := c.value("cache"); slices.Contains(c.flags, "cache") && filepath.Clean(d) != filepath.Clean(dir) {
			t.Errorf("./ocop %s: -cache %q, but the workflow keeps %q", strings.Join(c.args, " "), d, dir)
		}
		if s := c.value("site"); slices.Contains(c.flags, "site") && filepath.Clean(s) != "." {
			t.Errorf("./ocop %s: the cache folder is in the site's folder %q, not kept", strings.Join(c.args, " "), s)
		}
	}
}

// TestWorkflowPublishBuildsOcopOnce: ocop is built once, and every later
// step runs that program, with flags it has.
func TestWorkflowPublishBuildsOcopOnce(t *testing.T) {
	build := readWorkflow(t, "publish.yml").job(t, "build")
	built := -1
	for i, s := range build.Steps {
		if strings.Contains(s.Run, "go run") {
			t.Errorf("step %q: go run builds ocop again; run ./ocop", s.Name)
		}
		if strings.Contains(s.Run, "go build") {
			if built >= 0 {
				t.Errorf("step %q builds ocop a second time", s.Name)
			}
			built = i
			if strings.TrimSpace(s.Run) != "go build -o ocop ./cmd/ocop" {
				t.Errorf("step %q runs %q; want go build -o ocop ./cmd/ocop", s.Name, s.Run)
			}
		}
	}
	if built < 0 {
		t.Fatal("no step builds ocop")
	}
	calls := build.ocopCalls()
	for _, c := range calls {
		if c.step <= built {
			t.Errorf("./ocop %s runs before ocop is built", strings.Join(c.args, " "))
		}
	}
	// Each command and flag exists: a flag renamed in the program and
	// not in the workflow would fail only on GitHub.
	for _, c := range calls {
		cmd := c.args[:1]
		if c.args[0] == "report" && len(c.args) > 1 {
			cmd = c.args[:2]
		}
		for _, f := range c.flags {
			if !hasFlag(t, cmd, f) {
				t.Errorf("./ocop %s: ocop %s has no flag -%s", strings.Join(c.args, " "), strings.Join(cmd, " "), f)
			}
		}
	}
}

// hasFlag reports whether the ocop command cmd ("build", or "report
// certificates") has the flag -name, as its usage (-h) lists it.
func hasFlag(t *testing.T, cmd []string, name string) bool {
	t.Helper()
	code, stdout, stderr := runOcop(t, append(slices.Clone(cmd), "-h")...)
	if code != 0 {
		t.Errorf("ocop %s -h: exit %d", strings.Join(cmd, " "), code)
		return false
	}
	usage := stdout + stderr
	return strings.Contains(usage, "\n  -"+name+" ") || strings.Contains(usage, "\n  -"+name+"\n")
}

func TestWorkflowHasFlag(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		name string
		want bool
	}{
		{[]string{"report", "certificates"}, "expiring", true},
		{[]string{"report", "certificates"}, "now", true},
		{[]string{"check"}, "format", true},
		{[]string{"build"}, "baseurl", true},
		{[]string{"build"}, "format", false},
		{[]string{"report", "certificates"}, "expire", false},
	} {
		if got := hasFlag(t, tc.cmd, tc.name); got != tc.want {
			t.Errorf("hasFlag(%q, %q) = %v", tc.cmd, tc.name, got)
		}
	}
}

// TestWorkflowPublishExpiringSummary: each run writes the certificates
// that expire within 90 days (the re-evaluation period, check.SoonDays)
// into its summary page.
func TestWorkflowPublishExpiringSummary(t *testing.T) {
	build := readWorkflow(t, "publish.yml").job(t, "build")
	var found bool
	for _, c := range build.ocopCalls() {
		if len(c.args) < 2 || c.args[0] != "report" || c.args[1] != "certificates" || !slices.Contains(c.flags, "expiring") {
			continue
		}
		found = true
		if c.value("expiring") != strconv.Itoa(check.SoonDays) {
			t.Errorf("./ocop %s: want -expiring %d", strings.Join(c.args, " "), check.SoonDays)
		}
		s := build.Steps[c.step]
		if !strings.Contains(s.Run, `>> "$GITHUB_STEP_SUMMARY"`) {
			t.Errorf("step %q does not write into $GITHUB_STEP_SUMMARY", s.Name)
		}
		if !strings.Contains(s.If, "!cancelled()") {
			t.Errorf("step %q runs if %q; want it also after a failed check (!cancelled())", s.Name, s.If)
		}
	}
	if !found {
		t.Error("no step runs ./ocop report certificates -expiring")
	}
}

func TestWorkflowRelease(t *testing.T) {
	w := readWorkflow(t, "release.yml")
	// Only on a version tag: not on a push to a branch, nor a pull request.
	if len(w.On) != 1 {
		t.Errorf("release.yml runs on %v; want only a push of a tag", w.On)
	}
	push, _ := w.On["push"].(map[string]any)
	tags, _ := push["tags"].([]any)
	if len(push) != 1 || len(tags) != 1 || tags[0] != "v*" {
		t.Errorf("release.yml: on.push = %v; want tags: [v*] only", push)
	}
	j := w.job(t, "release")
	if j.Permissions["contents"] != "write" {
		t.Errorf("permissions %v: the release needs contents: write", j.Permissions)
	}
	// The newest patch release of go.mod's Go version.
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var goVersion string
	for _, line := range strings.Split(string(gomod), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			f := strings.SplitN(strings.TrimSpace(v), ".", 3)
			goVersion = strings.Join(f[:min(2, len(f))], ".")
		}
	}
	setup := j.Steps[j.stepUsing(t, "actions/setup-go")]
	if setup.With["go-version"] != goVersion || setup.With["check-latest"] != "true" {
		t.Errorf("setup-go: go-version %q, check-latest %q; want %q (go.mod's) and true: the newest patch release", setup.With["go-version"], setup.With["check-latest"], goVersion)
	}
	co := j.Steps[j.stepUsing(t, "actions/checkout")]
	if co.With["fetch-depth"] != "0" {
		t.Errorf("checkout: fetch-depth %q; want 0, the tags and history the changelog needs", co.With["fetch-depth"])
	}
	gi := j.stepUsing(t, "goreleaser/goreleaser-action")
	gr := j.Steps[gi]
	args := strings.Fields(gr.With["args"])
	if len(args) == 0 || args[0] != "release" {
		t.Errorf("goreleaser args %q: want release", args)
	}
	if i := slices.Index(args, "--config"); i < 0 || i+1 == len(args) || args[i+1] != ".goreleaser.yaml" {
		t.Errorf("goreleaser args %q: want --config .goreleaser.yaml", args)
	}
	if _, err := os.Stat(filepath.Join(repoRoot, ".goreleaser.yaml")); err != nil {
		t.Error(err)
	}
	if gr.With["distribution"] != "goreleaser" || !strings.HasPrefix(gr.With["version"], "~> v2") {
		t.Errorf("goreleaser: distribution %q, version %q; want goreleaser ~> v2 (the config is version: 2)", gr.With["distribution"], gr.With["version"])
	}
	if gr.Env["GITHUB_TOKEN"] != "${{ secrets.GITHUB_TOKEN }}" {
		t.Errorf("goreleaser: GITHUB_TOKEN %q", gr.Env["GITHUB_TOKEN"])
	}
	// dist/, where GoReleaser writes, is ignored by git, so that the
	// programs are not stamped as built from changed files ("+dirty").
	ignored := slices.ContainsFunc(j.Steps[:gi], func(s workflowStep) bool {
		return strings.Contains(s.Run, "dist/") && strings.Contains(s.Run, ".git/info/exclude")
	})
	if gitignore, err := os.ReadFile(filepath.Join(repoRoot, ".gitignore")); err == nil {
		for _, line := range strings.Split(string(gitignore), "\n") {
			line = strings.TrimSpace(line)
			ignored = ignored || line == "dist/" || line == "/dist/" || line == "dist" || line == "/dist"
		}
	}
	if !ignored {
		t.Error("dist/ is neither in .gitignore nor excluded by a step before GoReleaser: the programs would say +dirty")
	}
	// Before publishing: the release tests (TestReleaseBuild among them).
	tested := slices.ContainsFunc(j.Steps[:gi], func(s workflowStep) bool {
		return strings.Contains(s.Run, "go test") && strings.Contains(s.Run, "Release") && strings.Contains(s.Run, "./cmd/ocop")
	})
	if !tested {
		t.Error("no step runs the release tests of ./cmd/ocop before GoReleaser")
	}
}
