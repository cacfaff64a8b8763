package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

const apiserverUsage = `usage: launcher apiserver <action> [flags]

Fault injection for tests, on a cluster of their own (GITOPS_CLUSTER_DIR):
  kill                  SIGKILL kube-apiserver (its clients see their connections reset)
  freeze                SIGSTOP kube-apiserver (connections hang; nothing is refused)
  thaw                  SIGCONT a frozen kube-apiserver
  restart [--new-port]  start kube-apiserver again (killing a running or frozen one first),
                        on a new free port with --new-port: the kubeconfig files and state are
                        rewritten and the other components restarted against the new address.
                        With --json, prints {"server", "pid"} on the last line.
`

// apiserverCommand runs `launcher apiserver <action>` and returns the exit code.
func apiserverCommand(l *layout, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, apiserverUsage)
		return 2
	}
	action := args[0]
	fs := flag.NewFlagSet("apiserver "+action, flag.ExitOnError)
	newPort := fs.Bool("new-port", false, "restart: listen on a new free port and rewrite the kubeconfig")
	asJSON := fs.Bool("json", false, "restart: print the result as one JSON object on the last line")
	timeout := fs.Duration("timeout", time.Minute, "restart: how long to wait for kube-apiserver to become ready")
	_ = fs.Parse(args[1:])

	pid := runningPid(l, "kube-apiserver")
	signal := func(sig syscall.Signal) int {
		if pid == 0 {
			fail(errors.New("kube-apiserver is not running"))
		}
		if err := syscall.Kill(pid, sig); err != nil {
			fail(err)
		}
		progress("sent %s to kube-apiserver (pid %d)", strings.ToUpper(sig.String()), pid)
		return 0
	}
	switch action {
	case "kill":
		code := signal(syscall.SIGKILL)
		waitExit(pid, 5*time.Second)
		return code
	case "freeze":
		return signal(syscall.SIGSTOP)
	case "thaw":
		return signal(syscall.SIGCONT)
	case "restart":
		unlock := lockDir(l.clusterDir)
		defer unlock()
		st, err := restartAPIServer(l, *newPort, *timeout)
		if err != nil {
			fail(err)
		}
		res := struct {
			Server string `json:"server"`
			Pid    int    `json:"pid"`
		}{st.Server, runningPid(l, "kube-apiserver")}
		if *asJSON {
			printJSON(res)
		} else {
			fmt.Println(res.Server)
		}
		return 0
	default:
		fmt.Fprint(os.Stderr, apiserverUsage)
		return 2
	}
}

// waitExit waits until pid is gone (or a zombie), so a test's next step sees a dead server.
func waitExit(pid int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
}

// issuerFile keeps the service-account issuer of the first start: it names the cluster, not the
// address it happens to listen on, so tokens stay valid when the port moves.
func issuerFile(l *layout) string { return l.data("issuer") }

func restartAPIServer(l *layout, newPort bool, timeout time.Duration) (*clusterState, error) {
	st, err := readState(l)
	if err != nil {
		return nil, fmt.Errorf("no cluster state in %s (is the cluster up?): %w", l.dataDir, err)
	}
	issuer := st.Server
	if data, err := os.ReadFile(issuerFile(l)); err == nil {
		issuer = strings.TrimSpace(string(data))
	} else if err := os.WriteFile(issuerFile(l), []byte(issuer+"\n"), 0o644); err != nil {
		return nil, err
	}
	if pid := runningPid(l, "kube-apiserver"); pid != 0 {
		// A frozen process only dies of SIGKILL; a graceful stop is not what is being tested.
		_ = syscall.Kill(pid, syscall.SIGKILL)
		waitExit(pid, 5*time.Second)
	}
	if newPort {
		ports, err := freePorts("kube-apiserver")
		if err != nil {
			return nil, err
		}
		st.Ports["kube-apiserver"] = ports["kube-apiserver"]
		st.Server = fmt.Sprintf("https://127.0.0.1:%d", st.Ports["kube-apiserver"])
	}
	comps := components(l, &clusterState{Server: st.Server, Ports: st.Ports})
	api := comps["kube-apiserver"]
	for i, a := range api.args {
		if strings.HasPrefix(a, "--service-account-issuer=") {
			api.args[i] = "--service-account-issuer=" + issuer
		}
	}
	progress("starting kube-apiserver at %s", st.Server)
	if _, err := start(l, api); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	client, err := newAPIClient(st.Server, l.data("pki"))
	if err != nil {
		return nil, err
	}
	stillAlive := func() error {
		if runningPid(l, "kube-apiserver") == 0 {
			return fmt.Errorf("kube-apiserver exited; last lines of %s:\n%s", logFile(l, "kube-apiserver"), logTail(l, "kube-apiserver", 20))
		}
		return nil
	}
	if err := waitAPIReady(ctx, client, stillAlive); err != nil {
		return nil, err
	}
	if !newPort {
		return st, nil
	}
	// The other components talk to the old address: point them at the new one.
	if err := writeComponentKubeconfig(l, st.Server); err != nil {
		return nil, err
	}
	clients := []string{"kube-controller-manager", "kube-scheduler", "kwok"}
	if err := stopAll(l, clients, 5*time.Second); err != nil {
		return nil, err
	}
	for _, n := range clients {
		if _, err := start(l, comps[n]); err != nil {
			return nil, err
		}
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(stateFile(l), data, 0o644); err != nil {
		return nil, err
	}
	// Last, as `up` does: a rewritten kubeconfig means the server there is ready.
	if err := writeUserKubeconfig(l, st.Server); err != nil {
		return nil, err
	}
	progress("kube-apiserver ready at %s; kubeconfig rewritten", st.Server)
	return st, nil
}
