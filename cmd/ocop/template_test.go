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
	// Each at the innermost place Go names: where the mistake is.
	for _, c := range []struct{ from, to, want string }{
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ photo nil }}</span>`,
			`templates/partials/cards.html:20:49: in the template: executing "card" at <photo nil>: error calling photo: runtime error: invalid memory address or nil pointer dereference`},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ card . }}</span>`,
			`templates/partials/cards.html:33:20: in the template: executing "cards" at <card .>: error calling card: the template "card" is nested in itself too deeply`},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ range seq 2000000000000 }}{{ end }}</span>`,
			`templates/partials/cards.html:20:55: in the template: executing "card" at <seq 2000000000000>: error calling seq: seq 2000000000000: the count must be from 0 to 10000`},
	} {
		if !strings.Contains(string(cards), c.from) {
			t.Fatalf("cards.html has no %q", c.from)
		}
		sitetest.Write(t, dir, "-- templates/partials/cards.html --\n"+strings.Replace(string(cards), c.from, c.to, 1))
		code, stdout, stderr := runOcop(t, "build", "-site", dir, "-now", "2026-11-29")
		if code != 1 || stdout != "" || !strings.Contains(stderr, c.want) || !strings.HasSuffix(stderr, "ocop: 1 error; nothing was written\n") {
			t.Errorf("build with %s: exit %d\n%s", c.to, code, stderr)
		}
		if after, _ := hashListing(t, out); after != before {
			t.Errorf("build with %s changed the output:\n%s", c.to, listingDiff(after, before))
		}
		code, stdout, _ = runOcop(t, "check", "-site", dir, "-now", "2026-11-29")
		if code != 1 || !strings.Contains(stdout, strings.Replace(c.want, ": in the template:", ": error: in the template:", 1)) {
			t.Errorf("check with %s: exit %d\n%s", c.to, code, stdout)
		}
	}
}
