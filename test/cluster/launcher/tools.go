package main

import "path/filepath"

// Helm and Kustomize are not part of the cluster, but the app renders charts and overlays through
// them, so the tests need the real programs. They live in their own module (test/cluster/tools):
// their Kubernetes client libraries differ from the v0.37.2 tags the cluster module pins.
const (
	helmVersion      = "v3.22.0"
	kustomizeVersion = "v5.8.1"
)

func init() { binaries = append(binaries, "helm", "kustomize") }

// toolsStep builds helm and kustomize into the same bin folder as kubectl.
func toolsStep(l *layout) struct {
	dir  string
	args []string
} {
	return struct {
		dir  string
		args []string
	}{filepath.Join(l.moduleDir, "tools"), []string{"build",
		"-ldflags", "-s -w -X helm.sh/helm/v3/internal/version.version=" + helmVersion +
			" -X sigs.k8s.io/kustomize/api/provenance.version=kustomize/" + kustomizeVersion,
		"-o", l.binDir + string(filepath.Separator),
		"helm.sh/helm/v3/cmd/helm", "sigs.k8s.io/kustomize/kustomize/v5",
	}}
}
