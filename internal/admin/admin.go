// Package admin makes the files of the site's /admin/: Decap CMS, an
// editing form in the browser for people who never see YAML.
//
// What it writes, under admin/:
//
//	index.html            the page, with its own Content Security Policy
//	site.js               Decap's configuration, made from the record
//	                      declarations (package load) and site.yaml (a
//	                      collection of products per district, producers,
//	                      stories), and what ocop-cms.js needs to know of
//	                      the site: its languages, the shape of each kind
//	                      of record
//	ocop-cms.js           ocop's part: the rest of the Vietnamese
//	                      interface, the formats that read and write
//	                      ocop's records, and the choice of where to save
//	decap-cms-<version>/  Decap CMS, as npm has it (npm/packages.json)
//	js-yaml-<version>/    the YAML reader and writer ocop-cms.js uses
//
// The same files serve the published site, where the CMS commits to
// GitHub (site.yaml's cms), and ocop serve, where it saves into the
// site's folder through ocop serve's answer to Decap's local-backend API
// (package cms): ocop-cms.js asks the server which it is.
package admin

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// Dir is the folder of the output that holds the CMS.
const Dir = "admin"

// APIPath is where, under the site's base path, ocop serve answers the
// CMS's local-backend API.
const APIPath = "admin/api/v1"

// Site is what the CMS's configuration needs to know of the site.
type Site struct {
	// Title is the site's title in its default language.
	Title string
	// BaseURL is the published site's address, ending in "/"; BasePath
	// its path.
	BaseURL, BasePath string
	// Languages are the site's languages, the default first.
	Languages []Language
	// Districts, Groups, Specs and ProducerKinds are what the fields
	// that name them offer: their keys and names in the default
	// language.
	Districts, Groups, Specs, ProducerKinds []Choice
	// CMS is site.yaml's cms: where the published CMS saves.
	CMS load.CMS
}

// Language is one of the site's languages.
type Language struct{ Code, Name string }

// Choice is a value a field may take, and what the form calls it.
type Choice struct{ Value, Label string }

// File is a file of /admin/.
type File struct {
	Path string // relative to the output folder: admin/…
	Data []byte
}

// lang is the language of the CMS's interface and labels: the site's
// default language when ocop speaks it (Vietnamese, English), else
// English.
func (s *Site) lang() string {
	if len(s.Languages) > 0 && s.Languages[0].Code == "vi" {
		return "vi"
	}
	return "en"
}

//go:embed ocop-cms.js
var ocopJS []byte

//go:embed index.html
var indexHTML string

// Packages are the pinned npm packages and their kept files, read from
// their archives (ReadPackages): a few megabytes to decompress, which a
// program that builds more than once (ocop serve, on each save) does once.
type Packages struct {
	list  []pkg
	files [][]npmFile
}

// ReadPackages reads the pinned packages' kept files from their archives.
func ReadPackages() (*Packages, error) {
	ps, err := packages()
	if err != nil {
		return nil, err
	}
	out := &Packages{list: ps}
	for _, p := range ps {
		pf, err := p.files()
		if err != nil {
			return nil, fmt.Errorf("admin: %s: %v", p.archive(), err)
		}
		out.files = append(out.files, pf)
	}
	return out, nil
}

// Files returns the files of /admin/, sorted by path, with the packages
// ps (read now when nil).
func Files(s *Site, ps *Packages) ([]File, error) {
	if len(s.Languages) == 0 {
		return nil, fmt.Errorf("admin: the site has no languages")
	}
	kinds := load.Declarations()
	if ps == nil {
		var err error
		if ps, err = ReadPackages(); err != nil {
			return nil, err
		}
	}
	dirs := map[string]string{}
	var files []File
	for i, p := range ps.list {
		dirs[p.Name] = p.Dir()
		for _, f := range ps.files[i] {
			files = append(files, File{Path: Dir + "/" + p.Dir() + "/" + path.Base(f.Name), Data: f.Data})
		}
	}
	siteJS, err := siteScript(s, kinds)
	if err != nil {
		return nil, err
	}
	index, err := page(s, dirs)
	if err != nil {
		return nil, err
	}
	files = append(files,
		File{Dir + "/index.html", index},
		File{Dir + "/ocop-cms.js", ocopJS},
		File{Dir + "/site.js", siteJS},
	)
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// policy is /admin/'s Content Security Policy, looser than the
// catalogue's: Decap checks its configuration with Ajv, which compiles
// with new Function ('unsafe-eval'); its styles are <style> elements it
// adds ('unsafe-inline'); it shows and reads uploads through blob:
// addresses. On the published site it also talks to GitHub's API and
// shows the editor's GitHub picture. Nothing is loaded from elsewhere.
func policy(s *Site) string {
	connect, img := "'self' blob:", "'self' blob:"
	if s.CMS.Repo != "" {
		connect += " https://api.github.com"
		img += " https://avatars.githubusercontent.com"
		if s.CMS.AuthURL != "" {
			connect += " " + origin(s.CMS.AuthURL)
		}
	}
	return "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src " + img +
		"; connect-src " + connect + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// origin returns scheme://host of an address.
func origin(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

func page(s *Site, dirs map[string]string) ([]byte, error) {
	t, err := template.New("index.html").Parse(indexHTML)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, map[string]any{
		"Lang":   s.lang(),
		"Title":  s.Title,
		"Policy": policy(s),
		"Decap":  dirs["decap-cms"] + "/decap-cms.js",
		"YAML":   dirs["js-yaml"] + "/js-yaml.umd.min.js",
		"Home":   s.BasePath,
	})
	return buf.Bytes(), err
}

// siteScript is site.js: window.OCOP, what ocop-cms.js reads.
func siteScript(s *Site, kinds *load.Kinds) ([]byte, error) {
	langs := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		langs[i] = l.Code
	}
	config, err := makeConfig(s, kinds)
	if err != nil {
		return nil, err
	}
	data := map[string]any{
		"config":    config,
		"base":      s.BasePath,
		"api":       s.BasePath + APIPath,
		"languages": langs,
		"github":    s.CMS.Repo != "",
		"kinds": map[string]any{
			"product":  shapeOf(kinds.Product, false),
			"producer": shapeOf(kinds.Producer, false),
			"story":    shapeOf(kinds.Story, true),
		},
	}
	js, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("// Made by ocop from the record declarations (internal/load/kinds.go) and\n// site.yaml: Decap CMS's configuration, and what ocop-cms.js needs to know.\n")
	buf.WriteString("window.CMS_MANUAL_INIT = true;\nwindow.OCOP = ")
	buf.Write(js)
	buf.WriteString(";\n")
	return buf.Bytes(), nil
}
