package admin

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// The CMS's code comes from npm, at the versions npm/packages.json pins:
// of each package, the files /admin/ serves, kept in
// npm/<name>-<version>.tar.gz exactly as the package has them. The test
// TestNPMPackages compares them with the packages npm gives (their
// integrity is in packages.json) and, with -update, makes the archives.
//
//go:embed npm
var npmFS embed.FS

// pkg is an npm package some of whose files /admin/ serves.
type pkg struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Integrity is the npm tarball's, as npm's lock files write it
	// (sha512-<base64>).
	Integrity string `json:"integrity"`
	// Files are path.Match patterns of the files kept, relative to the
	// package's folder.
	Files []string `json:"files"`
}

// Dir is the folder, under admin/, that serves the package's files.
func (p pkg) Dir() string { return p.Name + "-" + p.Version }

// archive is where the package's kept files are, in npmFS.
func (p pkg) archive() string { return "npm/" + p.Dir() + ".tar.gz" }

// keeps reports whether name (relative to the package) is a file to keep.
func (p pkg) keeps(name string) bool {
	return slices.ContainsFunc(p.Files, func(pat string) bool {
		ok, _ := path.Match(pat, name)
		return ok
	})
}

// packages returns the pinned packages.
func packages() ([]pkg, error) {
	data, err := npmFS.ReadFile("npm/packages.json")
	if err != nil {
		return nil, err
	}
	var ps []pkg
	if err := json.Unmarshal(data, &ps); err != nil {
		return nil, fmt.Errorf("npm/packages.json: %v", err)
	}
	return ps, nil
}

// npmFile is a file of a package.
type npmFile struct {
	Name string // relative to the package, such as dist/decap-cms.js
	Data []byte
}

// files returns the kept files of p, from its archive, by name.
func (p pkg) files() ([]npmFile, error) {
	f, err := npmFS.Open(p.archive())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readArchive(f, p.keeps)
}

// readArchive reads the regular files of a .tar.gz (an npm tarball,
// whose names start with "package/", or one of the archives here) whose
// names keep accepts, sorted by name.
func readArchive(r io.Reader, keep func(name string) bool) ([]npmFile, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	var out []npmFile
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(h.Name, "package/")
		if h.Typeflag != tar.TypeReg || !keep(name) {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		out = append(out, npmFile{name, data})
	}
	slices.SortFunc(out, func(a, b npmFile) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// writeArchive writes files as a .tar.gz that gives the same bytes
// whenever the files are the same.
func writeArchive(files []npmFile) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(zw)
	for _, f := range files {
		h := &tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
