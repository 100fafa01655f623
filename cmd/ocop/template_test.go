package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestTemplatePanicsAreErrors: a template that fails at execution time in
// the worst ways (a function that panics, a fragment that calls itself
// until the stack would overflow, a count that would exhaust the memory)
// is an error of ocop build, which keeps the previous output, and of ocop
// check; neither crashes.
func TestTemplatePanicsAreErrors(t *testing.T) {
	cards, err := os.ReadFile(filepath.Join("..", "..", "templates", "partials", "cards.html"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	out := filepath.Join(dir, "public")
	if code, _, stderr := runOcop(t, "build", "-site", dir, "-now", "2026-11-29"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	before, _ := hashListing(t, out)
	for _, c := range []struct{ from, to, want string }{
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ photo nil }}</span>`,
			`executing "card" at <photo nil>: error calling photo: runtime error: invalid memory address or nil pointer dereference`},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ card . }}</span>`,
			`error calling card: the template "card" is nested in itself too deeply`},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ range seq 2000000000000 }}{{ end }}</span>`,
			`error calling seq: seq 2000000000000: the count must be from 0 to 10000`},
	} {
		if !strings.Contains(string(cards), c.from) {
			t.Fatalf("cards.html has no %q", c.from)
		}
		sitetest.Write(t, dir, "-- templates/partials/cards.html --\n"+strings.Replace(string(cards), c.from, c.to, 1))
		code, stdout, stderr := runOcop(t, "build", "-site", dir, "-now", "2026-11-29")
		if code != 1 || stdout != "" || !strings.Contains(stderr, c.want) || !strings.HasSuffix(stderr, "ocop: the build failed; the previous output is unchanged\n") {
			t.Errorf("build with %s: exit %d\n%s", c.to, code, stderr)
		}
		if after, _ := hashListing(t, out); after != before {
			t.Errorf("build with %s changed the output:\n%s", c.to, listingDiff(after, before))
		}
		code, stdout, _ = runOcop(t, "check", "-site", dir, "-now", "2026-11-29")
		if code != 1 || !strings.Contains(stdout, "error: templates/partials/cards.html:") || !strings.Contains(stdout, c.want) {
			t.Errorf("check with %s: exit %d\n%s", c.to, code, stdout)
		}
	}
}
