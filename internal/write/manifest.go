package write

import (
	"bytes"
	"encoding/gob"
	"errors"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Manifest records what a build wrote, so that the next build of the same
// output can keep, untouched, every file that did not change: a page that
// would read the same values as last time (package deps) is not rendered
// again, and a file whose bytes are the same keeps its bytes and times (a
// hard link from the previous output), so that rsync-style deploys copy
// only what changed.
type Manifest struct {
	// ID names the build; the output's marker file holds it too, which
	// ties the manifest to the output it describes.
	ID    string
	Files map[string]Entry // by output path
	// Theme is the version of the theme and site.yaml the pages were made
	// with (load.Source.ThemeVersion): a page is kept by its deps only
	// when it is the same.
	Theme uint64
	// Deps are what the pages read (Entry.Reads indexes them).
	Deps *deps.Saved
}

// Entry is one file of an output.
type Entry struct {
	Hash   uint64 // of the file's bytes
	Inputs uint64 // render.File's Inputs
	// Reads is what making the page read; nil for other files.
	Reads *deps.Record
}

// ReadManifest reads a manifest saved by Save; a missing or unreadable one
// is nil (the build then makes everything).
func ReadManifest(path string) *Manifest {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m Manifest
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&m) != nil || m.Files == nil {
		return nil
	}
	return &m
}

// Save writes the manifest at path, whole or not at all.
func (m *Manifest) Save(path string) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Describes reports whether m describes the output folder out as it is:
// its marker names m's build.
func (m *Manifest) Describes(out string) bool {
	return m != nil && m.ID != "" && OutputID(out) == m.ID
}

// OutputID returns the ID of the build that wrote the output folder out,
// as its marker names it; "" when there is none.
func OutputID(out string) string {
	data, err := os.ReadFile(filepath.Join(out, Marker))
	if err != nil {
		return ""
	}
	return markerID(string(data))
}

// markerID is the build ID a marker file names, or "".
func markerID(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if id, ok := strings.CutPrefix(line, "build: "); ok {
			return id
		}
	}
	return ""
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
