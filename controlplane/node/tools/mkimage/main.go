// Command mkimage packs one static binary into a single-layer container image, written as a docker-archive tar
// (the format of "docker save") that "ctr -n k8s.io images import" and "docker load" accept.
//
//	mkimage -binary PATH -ref REF -out OUT.tar [-entrypoint a,b,c] [-env K=V]... [-workdir /] [-arch amd64]
//
// The layer holds the binary at /<basename> (mode 0755) plus empty /etc, /tmp (1777) and /dev, /proc, /sys
// mount points; there is no shell and no /etc/passwd. The entrypoint defaults to /<basename>. Every timestamp is
// fixed and every entry is written in a fixed order, so the same inputs always give byte-identical archives and
// therefore the same image digests.
package main

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// epoch is the timestamp of every file and of the image itself.
var epoch = time.Unix(0, 0).UTC()

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// imageConfig is the subset of the OCI/docker image configuration this tool writes.
type imageConfig struct {
	Architecture string          `json:"architecture"`
	OS           string          `json:"os"`
	Created      string          `json:"created"`
	Config       containerConfig `json:"config"`
	RootFS       rootFS          `json:"rootfs"`
	History      []history       `json:"history"`
}

type containerConfig struct {
	Entrypoint []string `json:"Entrypoint"`
	Env        []string `json:"Env,omitempty"`
	WorkingDir string   `json:"WorkingDir,omitempty"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type history struct {
	Created   string `json:"created"`
	CreatedBy string `json:"created_by"`
}

type manifestEntry struct {
	Config   string   `json:"Config"`
	RepoTags []string `json:"RepoTags"`
	Layers   []string `json:"Layers"`
}

// tarWriter writes entries with fixed ownership and timestamps.
type tarWriter struct{ *tar.Writer }

func (t tarWriter) dir(name string, mode int64) error {
	return t.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: mode, ModTime: epoch, Format: tar.FormatUSTAR})
}

func (t tarWriter) file(name string, mode int64, data []byte) error {
	if err := t.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: epoch, Format: tar.FormatUSTAR}); err != nil {
		return err
	}
	_, err := t.Write(data)
	return err
}

func layerTar(name string, binary []byte) ([]byte, error) {
	var buf bytes.Buffer
	t := tarWriter{tar.NewWriter(&buf)}
	for _, d := range []struct {
		name string
		mode int64
	}{{"dev/", 0o755}, {"etc/", 0o755}, {"proc/", 0o555}, {"sys/", 0o555}, {"tmp/", 0o1777}} {
		if err := t.dir(d.name, d.mode); err != nil {
			return nil, err
		}
	}
	if err := t.file(name, 0o755, binary); err != nil {
		return nil, err
	}
	if err := t.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func run() error {
	var env multiFlag
	binary := flag.String("binary", "", "the static executable to put at /<basename> (required)")
	ref := flag.String("ref", "", "the image reference, e.g. localhost/rollout-test/testapp:v1 (required)")
	out := flag.String("out", "", "the docker-archive tar to write (required)")
	entrypoint := flag.String("entrypoint", "", "comma-separated entrypoint (default /<basename>)")
	workdir := flag.String("workdir", "/", "the working directory")
	arch := flag.String("arch", runtime.GOARCH, "the image architecture")
	flag.Var(&env, "env", "K=V environment entry (repeatable)")
	flag.Parse()
	if *binary == "" || *ref == "" || *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if !strings.Contains(*ref, ":") || strings.HasSuffix(*ref, ":") || strings.Contains(*ref, "@") {
		return fmt.Errorf("-ref %q: want name:tag", *ref)
	}
	for _, e := range env {
		if k, _, ok := strings.Cut(e, "="); !ok || k == "" {
			return fmt.Errorf("-env %q: want K=V", e)
		}
	}
	content, err := os.ReadFile(*binary)
	if err != nil {
		return err
	}
	base := filepath.Base(*binary)
	ep := []string{"/" + base}
	if *entrypoint != "" {
		ep = strings.Split(*entrypoint, ",")
	}

	layer, err := layerTar(base, content)
	if err != nil {
		return err
	}
	layerID := sha(layer)
	created := epoch.Format(time.RFC3339)
	config, err := json.Marshal(imageConfig{
		Architecture: *arch,
		OS:           "linux",
		Created:      created,
		Config:       containerConfig{Entrypoint: ep, Env: env, WorkingDir: *workdir},
		RootFS:       rootFS{Type: "layers", DiffIDs: []string{"sha256:" + layerID}},
		History:      []history{{Created: created, CreatedBy: "mkimage " + base}},
	})
	if err != nil {
		return err
	}
	configName := sha(config) + ".json"
	layerName := layerID + "/layer.tar"
	manifest, err := json.Marshal([]manifestEntry{{Config: configName, RepoTags: []string{*ref}, Layers: []string{layerName}}})
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	t := tarWriter{tar.NewWriter(&buf)}
	if err := t.dir(layerID+"/", 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{layerName, layer}, {configName, config}, {"manifest.json", manifest}} {
		if err := t.file(f.name, 0o644, f.data); err != nil {
			return err
		}
	}
	if err := t.Close(); err != nil {
		return err
	}
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Printf("%s: %s, image id sha256:%s\n", *out, *ref, sha(config))
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}
