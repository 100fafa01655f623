package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
)

// progressLine shows how far a long build has come on one line of a
// terminal, rewritten in place: the step, and for the steps that count,
// how many of how many are done. It shows nothing for the first second (a
// short build stays quiet) nor more than five times a second, and clears
// its line when the build ends, before the build's own summary. Where the
// output is not a terminal (CI, a file), it is never made: newProgress
// returns nil.
type progressLine struct {
	w     io.Writer
	p     diag.Printer
	start time.Time
	now   func() time.Time

	mu     sync.Mutex
	shown  bool      // whether a line is on the screen
	last   time.Time // when it was last drawn
	step   build.Step
	width  int // of the line drawn last, in runes
	closed bool
}

// newProgress returns the progress line for w, or nil when w is not a
// terminal.
func newProgress(w io.Writer, p diag.Printer) *progressLine {
	if !isTerminal(w) {
		return nil
	}
	return &progressLine{w: w, p: p, start: time.Now(), now: time.Now}
}

// isTerminal reports whether w is a terminal that understands a carriage
// return: a character device, and TERM not "dumb".
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// report is the build.Progress of the line (nil for a nil line).
func (l *progressLine) report() build.Progress {
	if l == nil {
		return nil
	}
	return l.update
}

func (l *progressLine) update(step build.Step, done, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.closed || now.Sub(l.start) < time.Second {
		return
	}
	// A new step is drawn at once; the count of one at most five times a
	// second, and its end.
	if step == l.step && now.Sub(l.last) < 200*time.Millisecond && (total == 0 || done < total) {
		return
	}
	l.step, l.last = step, now
	text := l.text(step, done, total)
	pad := ""
	if n := len([]rune(text)); n < l.width {
		pad = fmt.Sprintf("%*s", l.width-n, "")
	}
	l.width = len([]rune(text))
	fmt.Fprintf(l.w, "\r%s%s", text, pad)
	l.shown = true
}

// text says where the build is, as the line shows it.
func (l *progressLine) text(step build.Step, done, total int) string {
	var m diag.Msg
	switch step {
	case build.StepRead:
		m = diag.M("reading the site")
	case build.StepPhotos:
		m = diag.M("making the sizes of the photos")
	case build.StepWrite:
		m = diag.M("making and writing the files")
	}
	if total > 0 {
		return l.p.Sprintf("ocop: %s: %d/%d (%d%%)", m, done, total, done*100/total)
	}
	return l.p.Sprintf("ocop: %s…", m)
}

// done clears the line, if one was drawn; nothing is drawn after it.
func (l *progressLine) done() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shown {
		fmt.Fprintf(l.w, "\r%*s\r", l.width, "")
	}
	l.closed = true
}
