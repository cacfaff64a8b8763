package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Start order.
var componentNames = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"}

// stopOrder matters: kube-apiserver waits up to a minute for its clients'
// watch connections to close, and needs etcd until it has exited.
var stopOrder = [][]string{
	{"source-controller", "kustomize-controller"},
	{"kwok", "kube-scheduler", "kube-controller-manager"},
	{"kube-apiserver"},
	{"etcd"},
}

func stopCluster(l *layout, grace time.Duration) error {
	for _, group := range stopOrder {
		if err := stopAll(l, group, grace); err != nil {
			return err
		}
	}
	return nil
}

// clusterState is written once the cluster is ready; its presence plus live
// pids is what makes a second `up` reuse the running cluster.
type clusterState struct {
	Server string         `json:"server"`
	Ports  map[string]int `json:"ports"`
}

type upResult struct {
	Kubeconfig string `json:"kubeconfig"`
	Server     string `json:"server"`
	Kubectl    string `json:"kubectl"`
	Started    bool   `json:"started"`
	Flux       bool   `json:"flux,omitempty"`
}

func stateFile(l *layout) string { return l.data("state.json") }

func readState(l *layout) (*clusterState, error) {
	data, err := os.ReadFile(stateFile(l))
	if err != nil {
		return nil, err
	}
	var st clusterState
	return &st, json.Unmarshal(data, &st)
}

// runningCluster returns the state of a cluster whose every process runs and
// whose apiserver answers /readyz, or nil.
func runningCluster(l *layout) *clusterState {
	st, err := readState(l)
	if err != nil {
		return nil
	}
	for _, n := range componentNames {
		if runningPid(l, n) == 0 {
			return nil
		}
	}
	c, err := newAPIClient(st.Server, l.data("pki"))
	if err != nil {
		return nil
	}
	code, _, err := c.do(http.MethodGet, "/readyz", nil)
	if err != nil || code != http.StatusOK {
		return nil
	}
	return st
}

func up(l *layout, doBuild bool, timeout time.Duration) (*upResult, error) {
	if doBuild || !allBinariesPresent(l) {
		if err := build(l); err != nil {
			return nil, err
		}
	}
	if st := runningCluster(l); st != nil {
		progress("cluster already running at %s, reusing it", st.Server)
		if !exists(l.kubeconfig) {
			if err := writeUserKubeconfig(l, st.Server); err != nil {
				return nil, err
			}
		}
		return &upResult{Kubeconfig: l.kubeconfig, Server: st.Server, Kubectl: l.bin("kubectl")}, nil
	}
	if exists(l.dataDir) {
		progress("removing the state of a cluster that is no longer healthy")
		if err := stopCluster(l, 10*time.Second); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(l.dataDir); err != nil {
			return nil, err
		}
	}
	_ = os.Remove(l.kubeconfig)

	start := time.Now()
	st, err := startCluster(l, timeout)
	if err != nil {
		// Keep the data dir: its logs explain the failure. The next `up` or
		// `down` cleans it.
		_ = stopCluster(l, 5*time.Second)
		return nil, fmt.Errorf("%w\nlogs: %s", err, l.data("logs"))
	}
	progress("cluster ready in %.1fs", time.Since(start).Seconds())
	return &upResult{Kubeconfig: l.kubeconfig, Server: st.Server, Kubectl: l.bin("kubectl"), Started: true}, nil
}

func startCluster(l *layout, timeout time.Duration) (*clusterState, error) {
	begin := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	pki := l.data("pki")
	if err := os.MkdirAll(l.data("logs"), 0o755); err != nil {
		return nil, err
	}
	if err := generatePKI(pki); err != nil {
		return nil, fmt.Errorf("generating certificates: %w", err)
	}
	ports, err := freePorts("etcd", "etcd-peer", "kube-apiserver", "kube-controller-manager", "kube-scheduler", kubeletPortName)
	if err != nil {
		return nil, err
	}
	st := &clusterState{Server: fmt.Sprintf("https://127.0.0.1:%d", ports["kube-apiserver"]), Ports: ports}
	if err := writeComponentKubeconfig(l, st.Server); err != nil {
		return nil, err
	}
	stages, err := exec.Command(l.bin("kwok-stages")).Output()
	if err != nil {
		return nil, fmt.Errorf("kwok-stages: %w", err)
	}
	if err := os.WriteFile(l.data("kwok.yaml"), stages, 0o644); err != nil {
		return nil, err
	}

	comps := components(l, st)
	started := []string{}
	alive := func() error {
		for _, n := range started {
			if runningPid(l, n) == 0 {
				return fmt.Errorf("%s exited; last lines of %s:\n%s", n, logFile(l, n), logTail(l, n, 20))
			}
		}
		return nil
	}
	launch := func(names ...string) error {
		for _, n := range names {
			progress("starting %s", n)
			if _, err := start(l, comps[n]); err != nil {
				return err
			}
			started = append(started, n)
		}
		return nil
	}

	if err := launch("etcd"); err != nil {
		return nil, err
	}
	etcdHealth := fmt.Sprintf("http://127.0.0.1:%d/health", ports["etcd"])
	if err := poll(ctx, "etcd", 100*time.Millisecond, alive, func() (bool, error) {
		return httpOK(&http.Client{Timeout: 2 * time.Second}, etcdHealth)
	}); err != nil {
		return nil, err
	}

	if err := launch("kube-apiserver"); err != nil {
		return nil, err
	}
	api, err := newAPIClient(st.Server, pki)
	if err != nil {
		return nil, err
	}
	if err := waitAPIReady(ctx, api, alive); err != nil {
		return nil, err
	}
	progress("kube-apiserver ready after %.1fs", time.Since(begin).Seconds())

	if err := installKwokCRDs(ctx, l, api, alive); err != nil {
		return nil, err
	}
	if err := launch("kube-controller-manager", "kube-scheduler", "kwok"); err != nil {
		return nil, err
	}
	// Creating the nodes right away lets the controllers and KWOK work on
	// them while we wait for the ServiceAccount.
	progress("creating %d fake nodes and %s", nodeCount, restrictedNS)
	if err := createNodes(api); err != nil {
		return nil, err
	}
	if err := createRestrictedAccess(api); err != nil {
		return nil, err
	}
	progress("waiting for the default ServiceAccount, the scheduler and Ready nodes")
	if err := waitDefaultServiceAccount(ctx, api, alive); err != nil {
		return nil, err
	}
	// The scheduler serves /healthz with a self-signed certificate; only
	// liveness matters here.
	insecure := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	schedHealth := fmt.Sprintf("https://127.0.0.1:%d/healthz", ports["kube-scheduler"])
	if err := poll(ctx, "kube-scheduler", 200*time.Millisecond, alive, func() (bool, error) {
		return httpOK(insecure, schedHealth)
	}); err != nil {
		return nil, err
	}
	if err := waitNodesReady(ctx, api, alive); err != nil {
		return nil, err
	}

	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(stateFile(l), data, 0o644); err != nil {
		return nil, err
	}
	// Written last: a kubeconfig on disk means the cluster was ready.
	if err := writeUserKubeconfig(l, st.Server); err != nil {
		return nil, err
	}
	return st, nil
}

// components holds the command lines, following what envtest and kwokctl
// run, minus everything a cluster without kubelets does not need.
func components(l *layout, st *clusterState) map[string]component {
	p := func(name string) string { return strconv.Itoa(st.Ports[name]) }
	pki := func(f string) string { return l.data("pki", f) }
	kubeconfig := l.data("admin.kubeconfig")
	etcdURL := "http://127.0.0.1:" + p("etcd")
	peerURL := "http://127.0.0.1:" + p("etcd-peer")
	list := []component{
		{name: "etcd", args: []string{
			"--name=default",
			"--data-dir=" + l.data("etcd"),
			"--listen-client-urls=" + etcdURL,
			"--advertise-client-urls=" + etcdURL,
			"--listen-peer-urls=" + peerURL,
			"--initial-advertise-peer-urls=" + peerURL,
			"--initial-cluster=default=" + peerURL,
			// Test data is disposable; fsync is most of etcd's latency.
			"--unsafe-no-fsync=true",
			"--log-level=warn",
		}},
		{name: "kube-apiserver", args: []string{
			"--etcd-servers=" + etcdURL,
			"--bind-address=127.0.0.1",
			// Without it the apiserver looks for a default route, which a
			// sandbox may not have.
			"--advertise-address=127.0.0.1",
			// The endpoint reconciler refuses a loopback address; nothing runs
			// in pods that could use the kubernetes Service's endpoints anyway.
			"--endpoint-reconciler-type=none",
			"--secure-port=" + p("kube-apiserver"),
			"--tls-cert-file=" + pki(servingCert),
			"--tls-private-key-file=" + pki(servingKey),
			"--client-ca-file=" + pki(caCert),
			"--authorization-mode=RBAC",
			"--service-account-issuer=" + st.Server,
			"--service-account-key-file=" + pki(saPub),
			"--service-account-signing-key-file=" + pki(saKey),
			"--service-cluster-ip-range=10.0.0.0/24",
			"--allow-privileged=true",
			"--profiling=false",
			// Logs and exec dial the node's InternalIP, where KWOK serves (kubelet.go).
			"--kubelet-preferred-address-types=InternalIP",
		}},
		{name: "kube-controller-manager", args: []string{
			"--kubeconfig=" + kubeconfig,
			"--leader-elect=false",
			"--bind-address=127.0.0.1",
			"--secure-port=" + p("kube-controller-manager"),
			"--service-account-private-key-file=" + pki(saKey),
			"--root-ca-file=" + pki(caCert),
			"--controllers=*",
			"--profiling=false",
			// The stale-informer checks (beta, on by default since 1.36) make a controller give up
			// a sync whenever its informer has not yet seen its own last write, and retry with
			// exponential backoff. On two loaded cores that left ReplicaSets reporting 0 ready
			// for over a minute while their Pods were Ready; a workstation cluster rarely lags so.
			"--feature-gates=StaleControllerConsistencyReplicaSet=false,StaleControllerConsistencyDaemonSet=false," +
				"StaleControllerConsistencyJob=false,StaleControllerConsistencyStatefulSet=false,StaleControllerConsistencyHPA=false",
		}},
		{name: "kube-scheduler", args: []string{
			"--kubeconfig=" + kubeconfig,
			"--leader-elect=false",
			"--bind-address=127.0.0.1",
			"--secure-port=" + p("kube-scheduler"),
			"--profiling=false",
		}},
		{name: "kwok", args: append([]string{
			"--kubeconfig=" + kubeconfig,
			"--config=" + l.data("kwok.yaml"),
			"--manage-nodes-with-annotation-selector=" + kwokNodeAnnotation + "=fake",
			// Pod IPs must not overlap the Service range 10.0.0.0/24.
			"--cidr=10.244.0.0/16",
			// Nodes heartbeat through their Lease, as kubelets do (kwokctl's default). Without it
			// the node lifecycle controller finds every node's heartbeat stale once a minute, marks
			// the Pods on it not Ready, and KWOK never readies a Running Pod again: a Deployment
			// rolled out in that window stays at 0 ready for good.
			"--node-lease-duration-seconds=40",
		}, kwokServerArgs(l, st)...)},
	}
	m := map[string]component{}
	for _, c := range list {
		c.bin = l.bin(c.name)
		m[c.name] = c
	}
	return m
}

// freePorts asks the kernel for distinct free ports by holding all the
// listeners open at once, so several checkouts can run clusters side by side.
func freePorts(names ...string) (map[string]int, error) {
	ports := map[string]int{}
	var listeners []net.Listener
	defer func() {
		for _, ln := range listeners {
			ln.Close()
		}
	}()
	for _, n := range names {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, ln)
		ports[n] = ln.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

func httpOK(c *http.Client, url string) (bool, error) {
	resp, err := c.Get(url)
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("%s: %s", url, resp.Status)
	}
	return true, nil
}

func down(l *layout) error {
	if err := stopCluster(l, 10*time.Second); err != nil {
		return err
	}
	if err := os.RemoveAll(l.dataDir); err != nil {
		return err
	}
	if err := os.Remove(l.kubeconfig); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
