package build_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/skeleton"
)

// TestDeclarationsAgree checks that what follows from the record
// declarations agrees with them: the open data's JSON Schema and CSV
// columns, the skeletons of ocop new, and the CMS's forms at /admin/ name
// every declared field (and, for the forms, nothing else), with the same
// required fields and allowed values. A field added to a declaration and
// missing from one of them fails here.
func TestDeclarationsAgree(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	kinds := load.Declarations()

	// The CMS's configuration, from site.js.
	siteJS, err := os.ReadFile(filepath.Join(out, "admin/site.js"))
	if err != nil {
		t.Fatal(err)
	}
	_, js, ok := strings.Cut(string(siteJS), "window.OCOP = ")
	if !ok {
		t.Fatalf("admin/site.js sets no window.OCOP:\n%s", siteJS)
	}
	var ocop struct {
		Config struct {
			Collections []struct {
				Name   string
				Folder string
				Fields []widget
			}
		}
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(js), ";")), &ocop); err != nil {
		t.Fatal(err)
	}
	forms := map[string][]widget{}
	for _, c := range ocop.Config.Collections {
		forms[c.Name] = c.Fields
	}

	for _, tc := range []struct {
		kind   *load.Kind
		data   string   // the open data's name ("" for none)
		form   string   // the CMS collection
		extra  []string // what the open data adds: made by the catalogue
		nested bool
	}{
		{kinds.Product, "products", "products-dong-van", []string{"slug", "url", "district", "place"}, true},
		{kinds.Producer, "producers", "producers", []string{"slug", "url", "place", "products"}, true},
		{kinds.Story, "", "stories", nil, false},
	} {
		t.Run(tc.kind.Name, func(t *testing.T) {
			declared := keysOf(tc.kind.Fields)
			if tc.data != "" {
				// JSON Schema: the record's properties.
				var schema struct {
					Defs map[string]struct {
						Properties map[string]json.RawMessage
						Required   []string
					} `json:"$defs"`
				}
				readJSON(t, filepath.Join(out, "data", tc.data+".schema.json"), &schema)
				rec, ok := schema.Defs[tc.kind.Name]
				if !ok {
					t.Fatalf("%s.schema.json has no $defs.%s", tc.data, tc.kind.Name)
				}
				for _, k := range declared {
					if _, ok := rec.Properties[k]; !ok {
						t.Errorf("%s.schema.json lacks the declared field %s", tc.data, k)
					}
				}
				for k := range rec.Properties {
					if !slices.Contains(declared, k) && !slices.Contains(tc.extra, k) {
						t.Errorf("%s.schema.json has %s, which no declaration has", tc.data, k)
					}
				}
				for _, f := range tc.kind.Fields {
					if f.Required && !slices.Contains(rec.Required, f.Key) {
						t.Errorf("%s.schema.json does not require %s", tc.data, f.Key)
					}
				}
				// CSV: a column of every field, or one per language or
				// part; none of a Markdown text, which is in the JSON only.
				header := csvHeader(t, filepath.Join(out, "data", tc.data+".csv"))
				for _, f := range tc.kind.Fields {
					has := slices.ContainsFunc(header, func(c string) bool { return c == f.Key || strings.HasPrefix(c, f.Key+"_") })
					if markdown := f.Type == load.TypeMarkdown; has == markdown {
						t.Errorf("%s.csv: the declared field %s (%s) has a column: %v, want %v: %v", tc.data, f.Key, f.Type, has, !markdown, header)
					}
				}
			}
			// ocop new's skeleton names every field, nested ones too.
			opt := skeleton.Options{Lang: "en", Languages: []load.Language{{Code: "vi"}, {Code: "en"}}}
			sk := string(skeleton.Record(tc.kind, opt))
			if tc.kind.Name == "story" {
				sk = string(skeleton.Story(tc.kind, opt))
			}
			for _, k := range allKeys(tc.kind.Fields) {
				if !strings.Contains(sk, k+":") {
					t.Errorf("the skeleton lacks %s:\n%s", k, sk)
				}
			}
			// The CMS's form: the declared fields, in order, as required,
			// with the allowed values.
			form, ok := forms[tc.form]
			if !ok {
				t.Fatalf("the CMS has no collection %s", tc.form)
			}
			var names []string
			for _, w := range form {
				names = append(names, w.Name)
			}
			want := declared
			if tc.kind.Name == "story" {
				want = append(slices.Clone(declared), "body")
			}
			if !slices.Equal(names, want) {
				t.Errorf("the CMS's form has %v, the declaration %v", names, want)
			}
			for i, f := range tc.kind.Fields {
				if i < len(form) {
					agree(t, f, form[i], f.Required)
				}
			}
		})
	}
}

// widget is a field of the CMS's configuration.
type widget struct {
	Name     string
	Widget   string
	Required *bool
	Options  []struct{ Value any }
	Fields   []widget
}

// agree checks that the CMS's widget w edits the declared field f.
func agree(t *testing.T, f *load.Field, w widget, required bool) {
	t.Helper()
	if w.Name != f.Key {
		t.Errorf("the CMS's field %s stands for %s", w.Name, f.Key)
		return
	}
	if got := w.Required == nil || *w.Required; got != required {
		t.Errorf("the CMS's field %s: required %v, the declaration %v", f.Key, got, required)
	}
	if len(f.Values) > 0 {
		var opts []string
		for _, o := range w.Options {
			b, _ := json.Marshal(o.Value)
			opts = append(opts, strings.Trim(string(b), `"`))
		}
		if !slices.Equal(opts, f.Values) {
			t.Errorf("the CMS's field %s offers %v, the declaration allows %v", f.Key, opts, f.Values)
		}
	}
	switch f.Type {
	case load.TypeObject:
		if len(w.Fields) != len(f.Fields) {
			t.Errorf("the CMS's field %s has %d fields, the declaration %d", f.Key, len(w.Fields), len(f.Fields))
			return
		}
		for i, sub := range f.Fields {
			agree(t, sub, w.Fields[i], sub.Required && required)
		}
	case load.TypeText, load.TypeMarkdown, load.TypePlace:
		if w.Widget == "object" && len(w.Fields) == 0 {
			t.Errorf("the CMS's field %s has no language", f.Key)
		}
	}
}

// keysOf returns the keys of fields.
func keysOf(fields []*load.Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Key)
	}
	return out
}

// allKeys returns the keys of fields and of their objects' fields.
func allKeys(fields []*load.Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Key)
		if f.Type == load.TypeObject {
			out = append(out, allKeys(f.Fields)...)
		}
	}
	return out
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func csvHeader(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	return header
}
