package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

const (
	kubeVersion = "v1.37.2"
	kwokVersion = "0.8.0"
)

// binaries are every program `up` needs; a missing one means a build is due.
var binaries = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok", "kwok-stages"}

// Without the version stamps the servers report v0.0.0-master, which breaks
// clients that check the server version.
func kubeLdflags() string {
	major, minor := "1", strings.Split(strings.TrimPrefix(kubeVersion, "v1."), ".")[0]
	var flags []string
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		flags = append(flags,
			"-X "+pkg+".gitVersion="+kubeVersion,
			"-X "+pkg+".gitMajor="+major,
			"-X "+pkg+".gitMinor="+minor,
			"-X "+pkg+".gitTreeState=clean",
		)
	}
	// -s -w: no debug info; halves link time and binary size.
	return "-s -w " + strings.Join(flags, " ")
}

// build runs `go build` for both modules. Go's build cache makes a rebuild with
// nothing changed take seconds, so it is simply always run.
func build(l *layout) error {
	if l.moduleDir == "" {
		return errors.New("sources not found (test/cluster/go.mod); cannot build")
	}
	// Clusters in other directories may share this bin dir.
	defer lockDir(l.binDir)()
	if !allBinariesPresent(l) {
		progress("building etcd, Kubernetes %s and KWOK v%s from the Go module proxy (a first build takes about 6-15 minutes on two cores)", kubeVersion, kwokVersion)
	}
	start := time.Now()
	out := l.binDir + string(filepath.Separator)
	steps := []struct {
		dir  string
		args []string
	}{
		{l.moduleDir, []string{"build", "-ldflags", kubeLdflags(), "-o", out,
			"./etcd",
			"k8s.io/kubernetes/cmd/kube-apiserver",
			"k8s.io/kubernetes/cmd/kube-controller-manager",
			"k8s.io/kubernetes/cmd/kube-scheduler",
			"k8s.io/kubernetes/cmd/kubectl",
		}},
		{filepath.Join(l.moduleDir, "kwok"), []string{"build",
			"-ldflags", "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=" + kwokVersion,
			"-o", out, "sigs.k8s.io/kwok/cmd/kwok", "./kwok-stages", "./kwok-crds",
		}},
		toolsStep(l),
	}
	for i, s := range steps {
		// -buildvcs=false: otherwise every edit anywhere in the work tree changes
		// the stamped VCS state and forces a relink of all binaries.
		// -v names each package as it is compiled (nothing for cached ones), which
		// the progress lines below count; it does not change what is built.
		args := append([]string{s.args[0], "-buildvcs=false", "-v"}, s.args[1:]...)
		cmd := exec.Command(goBinary(), args...)
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "CGO_ENABLED=0")
		watch := &buildWatch{}
		cmd.Stdout = os.Stderr
		cmd.Stderr = watch
		what := fmt.Sprintf("%s (step %d of %d)", strings.Join(targetNames(s.args), ", "), i+1, len(steps))
		stop := reportProgress(what, start, watch)
		err := cmd.Run()
		stop()
		watch.flush()
		if err != nil {
			return fmt.Errorf("go %s (in %s): %w", strings.Join(s.args[:1], " "), s.dir, err)
		}
	}
	progress("binaries ready in %s (%.1fs)", l.binDir, time.Since(start).Seconds())
	return nil
}

// progressEvery is how often a build that is still running says so. A cold
// build takes minutes with nothing else on screen; 20 s keeps every gap
// under half a minute.
const progressEvery = 20 * time.Second

// reportProgress prints, every progressEvery until stop is called, what is
// being built, how far it got and the time since the build began.
func reportProgress(what string, start time.Time, watch *buildWatch) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ticker := time.NewTicker(progressEvery)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				progress("building %s: %s; %s elapsed", what, watch.summary(), time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// targetNames are the binaries a `go build` step produces: the last element of
// each package argument.
func targetNames(args []string) []string {
	var names []string
	for i := 1; i < len(args); i++ {
		switch {
		case args[i] == "-ldflags" || args[i] == "-o":
			i++
		case !strings.HasPrefix(args[i], "-"):
			names = append(names, filepath.Base(args[i]))
		}
	}
	return names
}

// packageLine is what `go build -v` prints per compiled package: an import
// path alone on its line. Compiler errors always carry spaces or a colon.
var packageLine = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+$`)

// buildWatch reads `go build -v` output: it counts module downloads and
// compiled packages for the progress lines, and passes everything else
// (compiler errors, warnings) through to stderr unchanged.
type buildWatch struct {
	mu         sync.Mutex
	partial    []byte
	downloaded int
	compiled   int
	last       string
}

func (w *buildWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		w.line(string(w.partial[:i]))
		w.partial = w.partial[i+1:]
	}
	return len(p), nil
}

func (w *buildWatch) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.partial) > 0 {
		w.line(string(w.partial))
		w.partial = nil
	}
}

func (w *buildWatch) line(text string) {
	switch {
	case strings.HasPrefix(text, "go: downloading "):
		w.downloaded++
		w.last = "downloading " + strings.TrimPrefix(text, "go: downloading ")
	case packageLine.MatchString(text):
		w.compiled++
		w.last = text
	default:
		fmt.Fprintln(os.Stderr, text)
	}
}

func (w *buildWatch) summary() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	text := "compiling and linking; " + plural(w.compiled, "package", "packages") + " compiled so far"
	if w.downloaded > 0 {
		text += ", " + plural(w.downloaded, "module", "modules") + " downloaded"
	}
	if w.last != "" {
		text += " (most recently " + w.last + ")"
	}
	return text
}

func allBinariesPresent(l *layout) bool {
	for _, b := range binaries {
		if !exists(l.bin(b)) {
			return false
		}
	}
	return true
}

// goBinary prefers the toolchain that is running `go run ./launcher`, so the
// same Go builds the servers even when PATH points elsewhere.
func goBinary() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); exists(p) {
			return p
		}
	}
	return "go"
}
