package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
)

// TestProgressLine: a build's progress line says nothing for its first
// second, then rewrites one line with the step and the count, at most
// five times a second but always at a step's start and end, in the
// editor's language; done clears it and nothing is drawn after.
func TestProgressLine(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	l := &progressLine{w: &out, p: diag.NewPrinter("vi"), start: clock, now: func() time.Time { return clock }}
	report := l.report()
	at := func(d time.Duration) { clock = l.start.Add(d) }

	report(build.StepRead, 0, 0)
	at(900 * time.Millisecond)
	report(build.StepPhotos, 0, 4)
	if out.Len() != 0 {
		t.Fatalf("drawn in the first second: %q", out.String())
	}
	at(1100 * time.Millisecond)
	report(build.StepPhotos, 1, 4)
	at(1200 * time.Millisecond)
	report(build.StepPhotos, 2, 4) // too soon: not drawn
	report(build.StepPhotos, 4, 4) // the end: drawn
	at(1250 * time.Millisecond)
	report(build.StepWrite, 0, 200) // a new step: drawn
	at(1300 * time.Millisecond)
	report(build.StepWrite, 10, 200) // too soon
	at(1500 * time.Millisecond)
	report(build.StepWrite, 50, 200)
	l.done()
	report(build.StepWrite, 200, 200)

	want := "\rocop: đang làm các cỡ ảnh: 1/4 (25%)" +
		"\rocop: đang làm các cỡ ảnh: 4/4 (100%)" +
		"\rocop: đang tạo và ghi các tệp: 0/200 (0%)" +
		"\rocop: đang tạo và ghi các tệp: 50/200 (25%)" +
		"\r" + strings.Repeat(" ", len([]rune("ocop: đang tạo và ghi các tệp: 50/200 (25%)"))) + "\r"
	if out.String() != want {
		t.Errorf("the line:\n%q\nwant\n%q", out.String(), want)
	}

	// English, and a shorter line after a longer one is padded.
	out.Reset()
	l = &progressLine{w: &out, p: diag.NewPrinter("en"), start: clock.Add(-2 * time.Second), now: func() time.Time { return clock }}
	l.update(build.StepWrite, 100, 1000)
	l.update(build.StepRead, 0, 0)
	long, short := "ocop: making and writing the files: 100/1000 (10%)", "ocop: reading the site…"
	if want := "\r" + long + "\r" + short + strings.Repeat(" ", len([]rune(long))-len([]rune(short))); out.String() != want {
		t.Errorf("in English:\n%q\nwant\n%q", out.String(), want)
	}

	// Not a terminal: no line at all.
	if p := newProgress(&out, diag.NewPrinter("en")); p != nil || p.report() != nil {
		t.Error("a progress line for a buffer")
	}
	p := (*progressLine)(nil)
	p.done()
}
