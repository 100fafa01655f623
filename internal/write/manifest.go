package write

import (
	"bytes"
	"encoding/gob"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Manifest records what a build wrote, so that the next build of the same
// output can keep, untouched, every file that did not change: a page whose
// fingerprint is the same is not rendered again, and a file whose bytes
// are the same keeps its bytes and times (a hard link from the previous
// output), so that rsync-style deploys copy only what changed.
type Manifest struct {
	// ID names the build; the output's marker file holds it too, which
	// ties the manifest to the output it describes.
	ID string
	// Reuse is what the output was made with that decides whether its
	// files may be reused at all (the ocop program, the address, drafts).
	Reuse string
	// Inputs stamps the site's files as they were read (see load.Stamp),
	// and Now the date certificates were judged on: with both the same as
	// well, nothing has changed.
	Inputs string
	Now    string
	Files  map[string]Entry // by output path
	// Notes are the build's own, kept with the manifest (what it said).
	Notes []byte
}

// Entry is one file of an output.
type Entry struct {
	Hash uint64 // of the file's bytes
	FP   uint64 // the page's fingerprint; 0 for other files
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
	if m == nil {
		return false
	}
	data, err := os.ReadFile(filepath.Join(out, Marker))
	return err == nil && markerID(string(data)) == m.ID
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
