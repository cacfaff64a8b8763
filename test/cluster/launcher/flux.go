package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Flux's source-controller and kustomize-controller run as local processes
// against the control plane (`up --with-flux`), so pull-mode tests talk to the
// real engine. Argo CD's controller cannot be built here (its module needs a
// newer Go than this toolchain); only its Application CRD is installed, so
// generated Applications can be checked by the API server.
const (
	fluxVersion   = "v1.9.6"
	argoCDVersion = "v3.5.7"
	fluxNamespace = "flux-system"
)

var fluxNames = []string{"source-controller", "kustomize-controller"}

func fluxModuleDir(l *layout) string { return filepath.Join(l.moduleDir, "flux") }

func fluxBinariesPresent(l *layout) bool {
	for _, n := range fluxNames {
		if !exists(l.bin(n)) {
			return false
		}
	}
	return true
}

// buildFlux builds both controllers from their wrapper module.
func buildFlux(l *layout) error {
	defer lockDir(l.binDir)()
	if !fluxBinariesPresent(l) {
		progress("building Flux source-controller and kustomize-controller %s (a first build takes several minutes)", fluxVersion)
	}
	start := time.Now()
	cmd := exec.Command(goBinary(), "build", "-buildvcs=false", "-ldflags", "-s -w",
		"-o", l.binDir+string(filepath.Separator),
		"github.com/fluxcd/source-controller", "github.com/fluxcd/kustomize-controller")
	cmd.Dir = fluxModuleDir(l)
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "CGO_ENABLED=0")
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build (in %s): %w", cmd.Dir, err)
	}
	progress("Flux controllers ready in %.1fs", time.Since(start).Seconds())
	return nil
}

// moduleDir asks the go command where a module's sources are, downloading
// them through the module proxy when needed.
func moduleDir(dir, module string) (string, error) {
	cmd := exec.Command(goBinary(), "mod", "download", "-json", module)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil || info.Dir == "" {
		if info.Error != "" {
			return "", fmt.Errorf("go mod download %s: %s", module, info.Error)
		}
		return "", fmt.Errorf("go mod download %s: %v", module, err)
	}
	return info.Dir, nil
}

// engineCRDs lists the CRD files to install: every Flux source and
// kustomize kind (the controllers watch all of them), and Argo CD's Application.
func engineCRDs(l *layout) ([]string, error) {
	var files []string
	for _, m := range []string{"source-controller", "kustomize-controller"} {
		dir, err := moduleDir(fluxModuleDir(l), "github.com/fluxcd/"+m+"@"+fluxVersion)
		if err != nil {
			return nil, err
		}
		found, err := filepath.Glob(filepath.Join(dir, "config", "crd", "bases", "*.yaml"))
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	argo, err := moduleDir(fluxModuleDir(l), "github.com/argoproj/argo-cd/v3@"+argoCDVersion)
	if err != nil {
		return nil, err
	}
	return append(files, filepath.Join(argo, "manifests", "crds", "application-crd.yaml")), nil
}

type fluxState struct {
	Ports map[string]int `json:"ports"`
}

func fluxStateFile(l *layout) string { return l.data("flux.json") }

func fluxRunning(l *layout) bool {
	for _, n := range fluxNames {
		if runningPid(l, n) == 0 {
			return false
		}
	}
	return exists(fluxStateFile(l))
}

// startFlux installs the engines' CRDs and starts both controllers, unless
// they already run for this cluster.
func startFlux(l *layout, server string, timeout time.Duration) error {
	if fluxRunning(l) {
		progress("Flux controllers already running, reusing them")
		return nil
	}
	_ = stopAll(l, fluxNames, 5*time.Second)
	if !fluxBinariesPresent(l) {
		if err := buildFlux(l); err != nil {
			return err
		}
	}
	crds, err := engineCRDs(l)
	if err != nil {
		return err
	}
	progress("installing %d CRDs of Flux and Argo CD", len(crds))
	args := []string{"--kubeconfig", l.data("admin.kubeconfig"), "apply", "--server-side", "--force-conflicts", "-f", strings.Join(crds, ",")}
	if out, err := exec.Command(l.bin("kubectl"), args...).CombinedOutput(); err != nil {
		return fmt.Errorf("kubectl apply of the CRDs: %w\n%s", err, out)
	}
	api, err := newAPIClient(server, l.data("pki"))
	if err != nil {
		return err
	}
	ns := map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": fluxNamespace}}
	if err := api.create("/api/v1/namespaces", ns); err != nil && !strings.Contains(err.Error(), "AlreadyExists") {
		return err
	}
	ports, err := freePorts("source-metrics", "source-health", "source-storage", "kustomize-metrics", "kustomize-health")
	if err != nil {
		return err
	}
	addr := func(n string) string { return "127.0.0.1:" + strconv.Itoa(ports[n]) }
	storage := l.data("flux-storage")
	if err := os.MkdirAll(storage, 0o755); err != nil {
		return err
	}
	common := []string{"--enable-leader-election=false", "--watch-all-namespaces=true", "--log-level=info", "--events-addr="}
	comps := []component{
		{name: "source-controller", bin: l.bin("source-controller"), args: append(append([]string{}, common...),
			"--metrics-addr="+addr("source-metrics"),
			"--health-addr="+addr("source-health"),
			"--storage-path="+storage,
			"--storage-addr="+addr("source-storage"),
			// kustomize-controller downloads artifacts from this address.
			"--storage-adv-addr="+addr("source-storage"),
		)},
		{name: "kustomize-controller", bin: l.bin("kustomize-controller"), args: append(append([]string{}, common...),
			"--metrics-addr="+addr("kustomize-metrics"),
			"--health-addr="+addr("kustomize-health"),
		)},
	}
	// Flux's controllers take the cluster from KUBECONFIG (they have no --kubeconfig flag), and
	// their own namespace from RUNTIME_NAMESPACE; start() passes our environment on.
	os.Setenv("KUBECONFIG", l.data("admin.kubeconfig"))
	os.Setenv("RUNTIME_NAMESPACE", fluxNamespace)
	for _, c := range comps {
		progress("starting %s", c.name)
		if _, err := start(l, c); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	alive := func() error {
		for _, n := range fluxNames {
			if runningPid(l, n) == 0 {
				return fmt.Errorf("%s exited; last lines of %s:\n%s", n, logFile(l, n), logTail(l, n, 20))
			}
		}
		return nil
	}
	client := &http.Client{Timeout: 2 * time.Second}
	for _, h := range []string{"source-health", "kustomize-health"} {
		url := "http://" + addr(h) + "/readyz"
		if err := poll(ctx, h, 200*time.Millisecond, alive, func() (bool, error) { return httpOK(client, url) }); err != nil {
			return err
		}
	}
	data, err := json.Marshal(fluxState{Ports: ports})
	if err != nil {
		return err
	}
	return os.WriteFile(fluxStateFile(l), data, 0o644)
}
