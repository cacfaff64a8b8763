// Command launcher runs a real Kubernetes control plane (etcd,
// kube-apiserver, kube-controller-manager, kube-scheduler) with KWOK playing
// the kubelet for two fake nodes, for the desktop app's integration tests.
//
//	go run ./launcher up [--json] [--no-build] [--timeout=2m] [--with-flux]
//	go run ./launcher down
//	go run ./launcher status [--json]
//	go run ./launcher build
//
// Progress goes to stderr; the last line on stdout of `up` is the kubeconfig
// path (or, with --json, a JSON object) so callers can take it as is.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

const usage = `usage: launcher <command> [flags]

commands:
  up      build if needed, start the cluster (or reuse a running one) and print the kubeconfig path;
          --with-flux also starts Flux's source- and kustomize-controller and installs the Flux
          and Argo CD CRDs
  down    stop every process of the cluster and remove its data
  status  show whether the cluster runs (exit 0) or not (exit 3)
  build   only build the binaries (--with-flux: Flux's controllers too)
  apiserver kill|freeze|thaw|restart [--new-port]   fault injection (see faults.go)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	l, err := findLayout()
	if err != nil {
		fail(err)
	}
	cmd, args := os.Args[1], os.Args[2:]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	asJSON := fs.Bool("json", false, "print the result as one JSON object on the last line")
	noBuild := fs.Bool("no-build", false, "up: do not run `go build` when all binaries exist")
	timeout := fs.Duration("timeout", 2*time.Minute, "up: how long to wait for the cluster to become ready")
	withFlux := fs.Bool("with-flux", false, "up: also run Flux's controllers (and install the Flux and Argo CD CRDs)")
	_ = fs.Parse(args)

	switch cmd {
	case "up":
		unlock := lockDir(l.clusterDir)
		res, err := up(l, !*noBuild, *timeout)
		if err == nil && *withFlux {
			if !*noBuild || !fluxBinariesPresent(l) {
				err = buildFlux(l)
			}
			if err == nil {
				err = startFlux(l, res.Server, *timeout)
			}
			res.Flux = err == nil
		}
		unlock()
		if err != nil {
			fail(err)
		}
		if *asJSON {
			printJSON(res)
		} else {
			fmt.Println(res.Kubeconfig)
		}
	case "down":
		unlock := lockDir(l.clusterDir)
		err := down(l)
		unlock()
		if err != nil {
			fail(err)
		}
		progress("cluster stopped, %s removed", l.dataDir)
	case "status":
		os.Exit(status(l, *asJSON))
	case "apiserver":
		os.Exit(apiserverCommand(l, args))
	case "build":
		if err := build(l); err != nil {
			fail(err)
		}
		if *withFlux {
			if err := buildFlux(l); err != nil {
				fail(err)
			}
		}
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
}

type componentStatus struct {
	Name string `json:"name"`
	Pid  int    `json:"pid"`
	Port int    `json:"port,omitempty"`
	Log  string `json:"log"`
}

type statusResult struct {
	Running    bool              `json:"running"`
	Server     string            `json:"server,omitempty"`
	Kubeconfig string            `json:"kubeconfig,omitempty"`
	Kubectl    string            `json:"kubectl"`
	DataDir    string            `json:"dataDir"`
	Components []componentStatus `json:"components"`
}

func status(l *layout, asJSON bool) int {
	res := statusResult{Kubectl: l.bin("kubectl"), DataDir: l.dataDir}
	st := runningCluster(l)
	if st != nil {
		res.Running, res.Server, res.Kubeconfig = true, st.Server, l.kubeconfig
	}
	names := componentNames
	if fluxRunning(l) {
		names = append(append([]string{}, componentNames...), fluxNames...)
	}
	for _, n := range names {
		cs := componentStatus{Name: n, Pid: runningPid(l, n), Log: logFile(l, n)}
		if st != nil {
			cs.Port = st.Ports[n]
		}
		res.Components = append(res.Components, cs)
	}
	if asJSON {
		printJSON(res)
	} else {
		if res.Running {
			fmt.Printf("running: yes\nserver: %s\nkubeconfig: %s\n", res.Server, res.Kubeconfig)
		} else {
			fmt.Println("running: no")
		}
		fmt.Printf("kubectl: %s\ndata: %s\n", res.Kubectl, res.DataDir)
		for _, c := range res.Components {
			pid := "-"
			if c.Pid != 0 {
				pid = fmt.Sprint(c.Pid)
			}
			port := "-"
			if c.Port != 0 {
				port = fmt.Sprint(c.Port)
			}
			fmt.Printf("  %-24s pid %-8s port %s\n", c.Name, pid, port)
		}
	}
	if !res.Running {
		return 3
	}
	return 0
}

// lockDir serialises work on dir across processes, e.g. test suites started
// in parallel that all call `up`. The lock goes away with the process.
func lockDir(dir string) func() {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		fail(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		progress("waiting for another launcher working on %s", dir)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			fail(err)
		}
	}
	return func() { f.Close() }
}

func printJSON(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(data))
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cluster: "+format+"\n", args...)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "cluster: error: %v\n", err)
	os.Exit(1)
}
