package build_test

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var storyPage = regexp.MustCompile(`^/(vi|en|zh)/stories/[a-z-]+/$`)

// TestTemplateErrors: a site's own template that does not parse, or fails
// on a page, is reported at its file, line and column (in characters, as
// every position), by ocop build and ocop check alike, and nothing is
// written.
func TestTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, template string
		build, check   string
	}{{
		name:     "unknown function",
		template: "{{ template \"base\" . }}\n{{ define \"main\" }}\n<p>Chè {{ nosuchfunc 1 }}</p>\n{{ end }}\n",
		build:    `templates/story.html:3: in the template: function "nosuchfunc" not defined`,
		check:    `templates/story.html:3: in the template: function "nosuchfunc" not defined`,
	}, {
		name:     "unclosed action",
		template: "{{ template \"base\" . }}\n{{ define \"main\" }}\n{{ if .Story }}\n{{ end }}\n",
		build:    `templates/story.html:5: in the template: unexpected EOF`,
		check:    `templates/story.html:5: in the template: unexpected EOF`,
	}, {
		// "Chè" is four bytes, three characters: the column counts
		// characters.
		name:     "unknown field",
		template: "{{ template \"base\" . }}\n{{ define \"main\" }}\n<p>Chè {{ .Story.Nope }}</p>\n{{ end }}\n",
		// ocop build stops at the first page that fails, which the
		// workers decide: any story page (%s).
		build: `templates/story.html:3:17: in the template: executing "main" at <.Story.Nope>: can't evaluate field Nope in type *model.StoryVersion (on %s)`,
		check: `templates/story.html:3:17: in the template: executing "main" at <.Story.Nope>: can't evaluate field Nope in type *model.StoryVersion (on 5 pages, such as /en/stories/che-co-thu/)`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			archive := baseSite + "-- templates/story.html --\n" + tc.template
			got := errorsOf(t, archive)
			if before, after, ok := strings.Cut(tc.build, "%s"); ok {
				if len(got) == 1 && strings.HasPrefix(got[0], before) && strings.HasSuffix(got[0], after) &&
					storyPage.MatchString(strings.TrimSuffix(strings.TrimPrefix(got[0], before), after)) {
					got = []string{tc.build}
				}
			}
			if !slices.Equal(got, []string{tc.build}) {
				t.Errorf("ocop build says\n%q\nwant\n%q", got, tc.build)
			}
			site := filepath.Join(t.TempDir(), "site")
			sitetest.Write(t, site, archive)
			rep, err := build.Check(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Now: buildDate})
			var list *diag.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("ocop check: %v, want errors", err)
			}
			if got := errorLines(rep.Diagnostics); !slices.Equal(got, []string{tc.check}) {
				t.Errorf("ocop check says\n%q\nwant\n%q", got, tc.check)
			}
		})
	}
}
