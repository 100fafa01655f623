package diag

import "testing"

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		s          string
		candidates []string
		want       string
	}{
		{"gruop", []string{"group", "producer", "stars"}, "group"},
		{"honey", []string{"food/tea", "food/honey"}, "food/honey"},
		{"dong-vann", []string{"dong-van", "meo-vac"}, "dong-van"},
		{"colour", []string{"name", "stars"}, ""},
		{"ab", []string{"ba"}, "ba"}, // a swap is one edit
		{"", nil, ""},
	} {
		if got := Suggest(tc.s, tc.candidates); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
	if got := DidYouMean("gruop", []string{"group"}).String(); got != ` (did you mean "group"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
}

func TestDiagnosticFormats(t *testing.T) {
	d := Diagnostic{Pos: Pos{File: "a.yaml", Line: 2, Col: 8}, Severity: Error, Message: "bad"}
	if d.String() != "a.yaml:2:8: bad" || d.WithSeverity() != "a.yaml:2:8: error: bad" {
		t.Errorf("%q / %q", d.String(), d.WithSeverity())
	}
	w := Diagnostic{Pos: Pos{File: "a.yaml"}, Severity: Warning, Message: "hmm"}
	if w.String() != "a.yaml: warning: hmm" || w.WithSeverity() != "a.yaml: warning: hmm" {
		t.Errorf("%q / %q", w.String(), w.WithSeverity())
	}
	var l List
	l.Warnf(Pos{File: "b"}, "x", "w")
	l.Errorf(Pos{File: "a", Line: 3}, "x", "e2")
	l.Errorf(Pos{File: "a", Line: 1}, "x", "e1")
	l.Sort()
	if l[0].Message != "e1" || l[1].Message != "e2" || l[2].Message != "w" || !l.HasErrors() {
		t.Errorf("sorted = %v", l)
	}
	if e, w := l.Count(); e != 2 || w != 1 {
		t.Errorf("Count = %d, %d", e, w)
	}
	if l.Err().Error() != "a:1: e1\na:3: e2" {
		t.Errorf("Err = %q", l.Err())
	}
}
