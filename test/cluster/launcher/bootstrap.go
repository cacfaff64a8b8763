package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

type obj = map[string]any

const (
	nodeCount          = 2
	kwokNodeAnnotation = "kwok.x-k8s.io/node"
)

func nodeName(i int) string { return fmt.Sprintf("kwok-node-%d", i) }

func waitAPIReady(ctx context.Context, c *apiClient, alive func() error) error {
	return poll(ctx, "kube-apiserver /readyz", 200*time.Millisecond, alive, func() (bool, error) {
		code, body, err := c.do(http.MethodGet, "/readyz", nil)
		if err != nil {
			return false, err
		}
		if code != http.StatusOK {
			return false, fmt.Errorf("/readyz: %d %s", code, body)
		}
		return true, nil
	})
}

// Pods are rejected by the ServiceAccount admission plugin until the
// controller manager has created the namespace's default ServiceAccount.
func waitDefaultServiceAccount(ctx context.Context, c *apiClient, alive func() error) error {
	return poll(ctx, "the default ServiceAccount", 200*time.Millisecond, alive, func() (bool, error) {
		return c.get("/api/v1/namespaces/default/serviceaccounts/default", nil)
	})
}

// createNodes registers the fake nodes; KWOK picks them up by annotation and
// plays the kubelet for them. Capacity is that of a generous real node so
// scheduling stays realistic.
func createNodes(c *apiClient) error {
	for i := 0; i < nodeCount; i++ {
		name := nodeName(i)
		node := obj{
			"apiVersion": "v1",
			"kind":       "Node",
			"metadata": obj{
				"name":        name,
				"annotations": obj{kwokNodeAnnotation: "fake", "node.alpha.kubernetes.io/ttl": "0"},
				"labels": obj{
					"kubernetes.io/hostname": name,
					"kubernetes.io/os":       "linux",
					"kubernetes.io/arch":     "amd64",
					"type":                   "kwok",
				},
			},
			"status": obj{
				// Loopback addresses: should anything ever dial a node (logs,
				// exec, port-forward through the apiserver) it stays on this
				// machine and is refused at once, as no kubelet listens.
				"addresses": []obj{
					{"type": "InternalIP", "address": fmt.Sprintf("127.0.0.%d", 11+i)},
					{"type": "Hostname", "address": name},
				},
				"allocatable": obj{"cpu": "32", "memory": "256Gi", "pods": "110"},
				"capacity":    obj{"cpu": "32", "memory": "256Gi", "pods": "110"},
			},
		}
		if err := c.create("/api/v1/nodes", node); err != nil {
			return err
		}
	}
	return nil
}

type nodeList struct {
	Items []struct {
		Metadata struct{ Name string } `json:"metadata"`
		Spec     struct {
			Taints []struct{ Key string } `json:"taints"`
		} `json:"spec"`
		Status struct {
			Conditions []struct{ Type, Status string } `json:"conditions"`
		} `json:"status"`
	} `json:"items"`
}

// waitNodesReady also waits for the not-ready taint (added at creation by
// admission) to be lifted, otherwise the first pods of a test would stay
// Pending for a few seconds.
func waitNodesReady(ctx context.Context, c *apiClient, alive func() error) error {
	return poll(ctx, "nodes to become Ready", 250*time.Millisecond, alive, func() (bool, error) {
		var list nodeList
		if _, err := c.get("/api/v1/nodes?labelSelector=type%3Dkwok", &list); err != nil {
			return false, err
		}
		ready := 0
		for _, n := range list.Items {
			isReady := false
			for _, cond := range n.Status.Conditions {
				if cond.Type == "Ready" && cond.Status == "True" {
					isReady = true
				}
			}
			for _, t := range n.Spec.Taints {
				if t.Key == "node.kubernetes.io/not-ready" || t.Key == "node.kubernetes.io/unreachable" {
					isReady = false
				}
			}
			if isReady {
				ready++
			}
		}
		if ready < nodeCount {
			return false, fmt.Errorf("%d of %d nodes Ready", ready, nodeCount)
		}
		return true, nil
	})
}

// createRestrictedAccess gives restricted-user full rights in restricted-ns
// and nothing else, for tests of how the app handles Forbidden.
func createRestrictedAccess(c *apiClient) error {
	const rbac = "/apis/rbac.authorization.k8s.io/v1/namespaces/" + restrictedNS
	steps := []struct {
		path string
		obj  obj
	}{
		{"/api/v1/namespaces", obj{
			"apiVersion": "v1", "kind": "Namespace",
			"metadata": obj{"name": restrictedNS},
		}},
		{rbac + "/roles", obj{
			"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
			"metadata": obj{"name": "restricted-user-all", "namespace": restrictedNS},
			"rules":    []obj{{"apiGroups": []string{"*"}, "resources": []string{"*"}, "verbs": []string{"*"}}},
		}},
		{rbac + "/rolebindings", obj{
			"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
			"metadata": obj{"name": "restricted-user-all", "namespace": restrictedNS},
			"roleRef":  obj{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "restricted-user-all"},
			"subjects": []obj{{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": restrictedUser}},
		}},
	}
	for _, s := range steps {
		if err := c.create(s.path, s.obj); err != nil {
			return err
		}
	}
	return nil
}
