package main

import (
	"errors"
	"os"
	"path/filepath"
)

// layout is where everything lives. The cluster directory is outside the
// sources (and git-ignored) so that a rebuild or `down` never touches tracked
// files. GITOPS_CLUSTER_DIR moves the cluster (data, kubeconfig) elsewhere so
// that several clusters can run side by side; the binaries stay in the
// checkout's .cache/cluster/bin, as they depend only on its sources.
type layout struct {
	moduleDir  string // test/cluster, holds go.mod; empty when sources are absent
	clusterDir string // .cache/cluster
	binDir     string
	dataDir    string
	kubeconfig string // the file handed to users and test suites
}

func findLayout() (*layout, error) {
	l := &layout{}
	if root := findRepoRoot(); root != "" {
		l.moduleDir = filepath.Join(root, "test", "cluster")
		l.clusterDir = filepath.Join(root, ".cache", "cluster")
		l.binDir = filepath.Join(l.clusterDir, "bin")
	}
	if env := os.Getenv("GITOPS_CLUSTER_DIR"); env != "" {
		abs, err := filepath.Abs(env)
		if err != nil {
			return nil, err
		}
		l.clusterDir = abs
	}
	if l.clusterDir == "" {
		return nil, errors.New("cannot find the repository root (a folder holding package.json and test/cluster); run from inside the repository or set GITOPS_CLUSTER_DIR")
	}
	if l.binDir == "" {
		l.binDir = filepath.Join(l.clusterDir, "bin")
	}
	l.dataDir = filepath.Join(l.clusterDir, "data")
	l.kubeconfig = filepath.Join(l.clusterDir, "kubeconfig")
	return l, nil
}

// findRepoRoot walks up from the working directory, then from the launcher
// binary (cluster.sh keeps it in .cache/cluster/bin). A folder with both
// package.json and test/cluster wins; a folder with only test/cluster/go.mod is
// accepted as a fallback so the launcher also works in a checkout that has no
// package.json yet.
func findRepoRoot() string {
	if wd, err := os.Getwd(); err == nil {
		if root := walkUp(wd); root != "" {
			return root
		}
	}
	if exe, err := os.Executable(); err == nil {
		return walkUp(filepath.Dir(exe))
	}
	return ""
}

func walkUp(dir string) string {
	fallback := ""
	for {
		if exists(filepath.Join(dir, "test", "cluster", "go.mod")) {
			if exists(filepath.Join(dir, "package.json")) {
				return dir
			}
			if fallback == "" {
				fallback = dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fallback
		}
		dir = parent
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (l *layout) bin(name string) string { return filepath.Join(l.binDir, name) }

func (l *layout) data(parts ...string) string {
	return filepath.Join(append([]string{l.dataDir}, parts...)...)
}
