// Command ocopimages makes the published sizes of every JPEG, PNG, GIF
// or WebP in a folder with ocop's image processor (internal/images), as a
// build does: one photo per core at a time, each decoded once. It is the
// ocop side of bench/photos/compare.sh.
//
//	go run ./bench/photos/ocopimages -in photos -out sizes [-processing 2] [-formats avif]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hagiang-ocop/ocop/internal/images"
)

func main() {
	in := flag.String("in", "", "folder of originals")
	out := flag.String("out", "", "folder to write the sizes into (made if need be; none: make them only)")
	cache := flag.String("cache", "", "cache folder (none by default: everything is made)")
	processing := flag.Int("processing", 0, "images.Settings.Processing: 0 (ocop-images-1) or 2")
	formats := flag.String("formats", "", "other formats, comma-separated: avif,webp")
	jobs := flag.Int("j", runtime.GOMAXPROCS(0), "photos made at once")
	flag.Parse()
	if *in == "" {
		log.Fatal("ocopimages: -in is required")
	}
	s := images.Settings{Processing: *processing}
	if *formats != "" {
		s.Formats = strings.Split(*formats, ",")
	}
	entries, err := os.ReadDir(*in)
	if err != nil {
		log.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".jpg", ".jpeg", ".png", ".gif", ".webp":
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			log.Fatal(err)
		}
	}

	start := time.Now()
	p := images.NewProcessor(*cache, s)
	work := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var made, bytes int
	for range max(*jobs, 1) {
		wg.Go(func() {
			for name := range work {
				data, err := os.ReadFile(filepath.Join(*in, name))
				if err != nil {
					log.Fatal(err)
				}
				res, err := p.Make(data)
				if err != nil {
					log.Fatalf("%s: %v", name, err)
				}
				base := strings.TrimSuffix(name, filepath.Ext(name))
				for _, o := range res.Outputs {
					if *out != "" {
						f := filepath.Join(*out, fmt.Sprintf("%s-%d.%s", base, o.Width, o.Ext))
						if err := os.WriteFile(f, o.Data, 0o644); err != nil {
							log.Fatal(err)
						}
					}
					mu.Lock()
					made++
					bytes += len(o.Data)
					mu.Unlock()
				}
			}
		})
	}
	for _, n := range names {
		work <- n
	}
	close(work)
	wg.Wait()
	el := time.Since(start)
	fmt.Fprintf(os.Stderr, "ocopimages: %d photos, %d sizes, %d bytes in %.2f s (%.3f s a photo); %+v\n",
		len(names), made, bytes, el.Seconds(), el.Seconds()/float64(max(len(names), 1)), p.Stats())
}
