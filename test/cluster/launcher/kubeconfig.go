package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const (
	adminContext      = "gitops-desktop-test"
	restrictedContext = "gitops-desktop-restricted"
	restrictedNS      = "restricted-ns"
	clusterName       = "gitops-desktop-test"
)

type kubeUser struct {
	name, certFile, keyFile string
}

type kubeContext struct {
	name, user, namespace string
}

// writeKubeconfig embeds all certificates as data so the file stays valid if
// copied elsewhere, and so clients that cannot read files (or resolve relative
// paths differently) work unchanged.
func writeKubeconfig(path, server, pkiDir string, users []kubeUser, contexts []kubeContext) error {
	ca, err := readB64(filepath.Join(pkiDir, caCert))
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: v1\nkind: Config\n")
	fmt.Fprintf(&b, "clusters:\n- name: %s\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n", clusterName, server, ca)
	fmt.Fprintf(&b, "users:\n")
	for _, u := range users {
		cert, err := readB64(filepath.Join(pkiDir, u.certFile))
		if err != nil {
			return err
		}
		key, err := readB64(filepath.Join(pkiDir, u.keyFile))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "- name: %s\n  user:\n    client-certificate-data: %s\n    client-key-data: %s\n", u.name, cert, key)
	}
	fmt.Fprintf(&b, "contexts:\n")
	for _, c := range contexts {
		fmt.Fprintf(&b, "- name: %s\n  context:\n    cluster: %s\n    user: %s\n", c.name, clusterName, c.user)
		if c.namespace != "" {
			fmt.Fprintf(&b, "    namespace: %s\n", c.namespace)
		}
	}
	fmt.Fprintf(&b, "current-context: %s\npreferences: {}\n", contexts[0].name)

	// Write-then-rename so a reader never sees half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// The kubeconfig for users and test suites: admin is current, restricted is
// one `--context` away.
func writeUserKubeconfig(l *layout, server string) error {
	return writeKubeconfig(l.kubeconfig, server, l.data("pki"),
		[]kubeUser{
			{adminUser, adminCert, adminKey},
			{restrictedUser, restrictedCert, restrictedKey},
		},
		[]kubeContext{
			{adminContext, adminUser, ""},
			{restrictedContext, restrictedUser, restrictedNS},
		})
}

// The components get a private copy so that tests switching the current
// context of the user kubeconfig cannot break the control plane.
func writeComponentKubeconfig(l *layout, server string) error {
	return writeKubeconfig(l.data("admin.kubeconfig"), server, l.data("pki"),
		[]kubeUser{{adminUser, adminCert, adminKey}},
		[]kubeContext{{adminContext, adminUser, ""}})
}

func readB64(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
