package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// apiClient is a deliberately tiny REST client: the launcher only needs a
// handful of GETs and POSTs, and plain net/http keeps `go run ./launcher`
// quick to compile.
type apiClient struct {
	server string
	http   *http.Client
}

func newAPIClient(server, pkiDir string) (*apiClient, error) {
	caPEM, err := os.ReadFile(filepath.Join(pkiDir, caCert))
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	cert, err := tls.LoadX509KeyPair(filepath.Join(pkiDir, adminCert), filepath.Join(pkiDir, adminKey))
	if err != nil {
		return nil, err
	}
	return &apiClient{
		server: server,
		http: &http.Client{
			Timeout: 5 * time.Second,
			Transport: &http.Transport{TLSClientConfig: &tls.Config{
				RootCAs:      pool,
				Certificates: []tls.Certificate{cert},
			}},
		},
	}, nil
}

func (c *apiClient) do(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.server+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// get decodes into out and reports whether the object exists.
func (c *apiClient) get(path string, out any) (bool, error) {
	code, data, err := c.do(http.MethodGet, path, nil)
	switch {
	case err != nil:
		return false, err
	case code == http.StatusNotFound:
		return false, nil
	case code != http.StatusOK:
		return false, fmt.Errorf("GET %s: %d %s", path, code, data)
	}
	if out == nil {
		return true, nil
	}
	return true, json.Unmarshal(data, out)
}

// create is idempotent: an existing object is left as it is.
func (c *apiClient) create(path string, obj any) error {
	code, data, err := c.do(http.MethodPost, path, obj)
	if err != nil {
		return err
	}
	if code != http.StatusCreated && code != http.StatusOK && code != http.StatusConflict {
		return fmt.Errorf("POST %s: %d %s", path, code, data)
	}
	return nil
}

// poll calls check until it reports done, the context ends or stillAlive
// says a process we wait on has died (no point waiting for it then).
func poll(ctx context.Context, what string, interval time.Duration, stillAlive func() error, check func() (bool, error)) error {
	var last error
	for {
		done, err := check()
		if done {
			return nil
		}
		last = err
		if stillAlive != nil {
			if err := stillAlive(); err != nil {
				return fmt.Errorf("waiting for %s: %w", what, err)
			}
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return fmt.Errorf("timed out waiting for %s: %w", what, last)
			}
			return fmt.Errorf("timed out waiting for %s", what)
		case <-time.After(interval):
		}
	}
}
