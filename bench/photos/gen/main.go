// Command gen writes phone-like photos for the photo benchmarks into a
// folder: photo-01.jpg, photo-02.jpg, … of seeds 1, 2, … (see package
// photogen). The same seeds give the same files.
//
//	go run ./bench/photos/gen -n 40 -out /some/folder
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/hagiang-ocop/ocop/bench/photos/photogen"
)

func main() {
	n := flag.Int("n", 40, "number of photos")
	first := flag.Uint64("seed", 1, "seed of the first photo")
	out := flag.String("out", "", "folder to write into (made if need be)")
	long := flag.Int("long", 4000, "stored width in pixels")
	short := flag.Int("short", 3000, "stored height in pixels")
	flag.Parse()
	if *out == "" {
		log.Fatal("gen: -out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				seed := *first + uint64(i)
				p, err := photogen.Generate(seed, photogen.Options{Long: *long, Short: *short})
				if err != nil {
					log.Fatal(err)
				}
				name := filepath.Join(*out, fmt.Sprintf("photo-%02d.jpg", i+1))
				if err := os.WriteFile(name, p.JPEG, 0o644); err != nil {
					log.Fatal(err)
				}
				fmt.Printf("%s: seed %d, orientation %d, %d bytes\n", filepath.Base(name), seed, p.Orientation, len(p.JPEG))
			}
		})
	}
	for i := range *n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}
