package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	for _, s := range steps {
		// -buildvcs=false: otherwise every edit anywhere in the work tree changes
		// the stamped VCS state and forces a relink of all binaries.
		args := append([]string{s.args[0], "-buildvcs=false"}, s.args[1:]...)
		cmd := exec.Command(goBinary(), args...)
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "CGO_ENABLED=0")
		cmd.Stdout = os.Stderr
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go %s (in %s): %w", strings.Join(s.args[:1], " "), s.dir, err)
		}
	}
	progress("binaries ready in %s (%.1fs)", l.binDir, time.Since(start).Seconds())
	return nil
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
