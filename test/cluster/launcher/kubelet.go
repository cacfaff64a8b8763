package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"time"
)

// KWOK plays the kubelet's HTTP server too: with its Logs / ClusterLogs resources it serves
// /containerLogs for fake pods from files, so `kubectl logs` (through kube-apiserver) works.
//
// kube-apiserver dials a node's InternalIP (127.0.0.11, 127.0.0.12) at the port in the node's
// status.daemonEndpoints. KWOK serves on one listener only, and a socket bound to one loopback
// address does not receive connections for another, so the server binds the wildcard address on a
// free port. It serves TLS with the apiserver's serving certificate; kube-apiserver is not given a
// kubelet CA, so it does not verify it, as with any self-signed kubelet certificate.

const kubeletPortName = "kwok-kubelet"

// kwokKubeletCRDs are the KWOK resources enabled on the test cluster.
const kwokKubeletCRDs = "Logs,ClusterLogs"

func init() { binaries = append(binaries, "kwok-crds") }

func kwokServerArgs(l *layout, st *clusterState) []string {
	port := strconv.Itoa(st.Ports[kubeletPortName])
	return []string{
		"--enable-crds=" + kwokKubeletCRDs,
		"--server-address=0.0.0.0:" + port,
		// Written into each node's status.daemonEndpoints.kubeletEndpoint by the node stage.
		"--node-port=" + port,
		"--tls-cert-file=" + l.data("pki", servingCert),
		"--tls-private-key-file=" + l.data("pki", servingKey),
	}
}

// installKwokCRDs creates the Logs and ClusterLogs CRDs and waits until they are served: KWOK
// only watches them and exits when they are missing.
func installKwokCRDs(ctx context.Context, l *layout, api *apiClient, alive func() error) error {
	out, err := exec.Command(l.bin("kwok-crds")).Output()
	if err != nil {
		return fmt.Errorf("kwok-crds: %w", err)
	}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var crd map[string]any
		if err := json.Unmarshal(sc.Bytes(), &crd); err != nil {
			return fmt.Errorf("kwok-crds output: %w", err)
		}
		if err := api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd); err != nil {
			return err
		}
		meta, _ := crd["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		names = append(names, name)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, name := range names {
		path := "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name
		err := poll(ctx, "CRD "+name, 100*time.Millisecond, alive, func() (bool, error) {
			var crd struct {
				Status struct {
					Conditions []struct{ Type, Status string } `json:"conditions"`
				} `json:"status"`
			}
			if ok, err := api.get(path, &crd); !ok || err != nil {
				return false, err
			}
			for _, c := range crd.Status.Conditions {
				if c.Type == "Established" && c.Status == "True" {
					return true, nil
				}
			}
			return false, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
