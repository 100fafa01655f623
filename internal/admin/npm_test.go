package admin

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "make npm/*.tar.gz from the npm tarballs in $OCOP_NPM_PACKS")

// TestNPMPackages checks that the CMS's files served at /admin/ are those
// of the npm packages npm/packages.json pins: the tarballs that `npm pack
// <name>@<version>` gives (found in the folder $OCOP_NPM_PACKS, which
// .ci/run fills) have the integrity written there, and the archives here
// hold exactly their kept files, byte for byte. With -update, it writes
// the archives from the tarballs:
//
//	mkdir /tmp/packs && (cd /tmp/packs && npm pack decap-cms@3.16.3 js-yaml@5.5.0)
//	OCOP_NPM_PACKS=/tmp/packs go test ./internal/admin -run TestNPMPackages -update
func TestNPMPackages(t *testing.T) {
	ps, err := packages()
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("OCOP_NPM_PACKS")
	for _, p := range ps {
		t.Run(p.Name, func(t *testing.T) {
			if !*update {
				files, err := p.files()
				if err != nil {
					t.Fatalf("%s: %v", p.archive(), err)
				}
				for _, pat := range p.Files {
					if !containsMatch(files, pat) {
						t.Errorf("%s has no file matching %s", p.archive(), pat)
					}
				}
			}
			if dir == "" {
				if os.Getenv("CI") != "" {
					t.Fatal("OCOP_NPM_PACKS is not set, and CI is set: .ci/run must npm pack the packages of internal/admin/npm/packages.json into a folder and name it")
				}
				t.Skip("OCOP_NPM_PACKS is not set: not comparing with the packages on npm (see the test's comment)")
			}
			tarball, err := os.ReadFile(filepath.Join(dir, p.Dir()+".tgz"))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha512.Sum512(tarball)
			if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
				t.Fatalf("%s.tgz has integrity %s; packages.json says %s", p.Dir(), got, p.Integrity)
			}
			want, err := readArchive(bytes.NewReader(tarball), p.keeps)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				data, err := writeArchive(want)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p.archive(), data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, err := p.files()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s holds %d files; the package has %d to keep", p.archive(), len(got), len(want))
			}
			for i := range want {
				if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Errorf("%s: %s differs from the package's %s", p.archive(), got[i].Name, want[i].Name)
				}
			}
		})
	}
}

func containsMatch(files []npmFile, pat string) bool {
	p := pkg{Files: []string{pat}}
	for _, f := range files {
		if p.keeps(f.Name) {
			return true
		}
	}
	return false
}
