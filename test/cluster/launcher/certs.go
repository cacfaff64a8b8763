package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Certificate files in the pki folder of the data dir. Everything is created
// fresh for each cluster, so nothing outlives `down`.
const (
	caCert         = "ca.crt"
	caKey          = "ca.key"
	servingCert    = "apiserver.crt"
	servingKey     = "apiserver.key"
	adminCert      = "admin.crt"
	adminKey       = "admin.key"
	restrictedCert = "restricted.crt"
	restrictedKey  = "restricted.key"
	saKey          = "sa.key"
	saPub          = "sa.pub"
)

const (
	adminUser      = "gitops-desktop-admin"
	restrictedUser = "restricted-user"
)

// RSA rather than ECDSA because every client the desktop app may use (Node's
// TLS, client-go, kubectl) accepts it without surprises.
const keyBits = 2048

type certSpec struct {
	file, keyFile string
	subject       pkix.Name
	usage         x509.ExtKeyUsage
	dnsNames      []string
	ips           []net.IP
}

func generatePKI(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// Key generation dominates; doing all keys at once halves it on two cores.
	keys := make([]*rsa.PrivateKey, 5)
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], errs[i] = rsa.GenerateKey(rand.Reader, keyBits)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "gitops-desktop-test-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &keys[0].PublicKey, keys[0])
	if err != nil {
		return err
	}
	if ca, err = x509.ParseCertificate(caDER); err != nil {
		return err
	}
	if err := writeCertAndKey(dir, caCert, caKey, caDER, keys[0]); err != nil {
		return err
	}

	specs := []certSpec{
		{
			file: servingCert, keyFile: servingKey,
			subject: pkix.Name{CommonName: "kube-apiserver"},
			usage:   x509.ExtKeyUsageServerAuth,
			// 10.0.0.1 is the `kubernetes` Service in 10.0.0.0/24.
			dnsNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
			ips:      []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.0.0.1")},
		},
		{
			file: adminCert, keyFile: adminKey,
			subject: pkix.Name{CommonName: adminUser, Organization: []string{"system:masters"}},
			usage:   x509.ExtKeyUsageClientAuth,
		},
		{
			// No groups: its only rights are the RoleBinding in restricted-ns
			// (plus what RBAC grants every authenticated user).
			file: restrictedCert, keyFile: restrictedKey,
			subject: pkix.Name{CommonName: restrictedUser},
			usage:   x509.ExtKeyUsageClientAuth,
		},
	}
	for i, s := range specs {
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(i + 2)),
			Subject:      s.subject,
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.AddDate(10, 0, 0),
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{s.usage},
			DNSNames:     s.dnsNames,
			IPAddresses:  s.ips,
		}
		key := keys[i+1]
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, crypto.Signer(keys[0]))
		if err != nil {
			return err
		}
		if err := writeCertAndKey(dir, s.file, s.keyFile, der, key); err != nil {
			return err
		}
	}

	// Service-account token signing pair: the apiserver signs and verifies
	// with it, the controller manager mints the tokens.
	sa := keys[4]
	pub, err := x509.MarshalPKIXPublicKey(&sa.PublicKey)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, saPub), "PUBLIC KEY", pub, 0o644); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, saKey), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(sa), 0o600)
}

func writeCertAndKey(dir, certFile, keyFile string, der []byte, key *rsa.PrivateKey) error {
	if err := writePEM(filepath.Join(dir, certFile), "CERTIFICATE", der, 0o644); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, keyFile), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), 0o600)
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode)
}
