// Command kwok-crds prints, as one JSON object per line, the CustomResourceDefinitions of the
// KWOK resources the test cluster enables (Logs and ClusterLogs, which make `kubectl logs` serve
// files for fake pods). They come from the KWOK module itself so they always match the binary;
// the launcher creates them before KWOK starts, as KWOK only watches them.
package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/kwok/kustomize/crd"
	"sigs.k8s.io/yaml"
)

func main() {
	for _, def := range [][]byte{crd.Logs, crd.ClusterLogs} {
		j, err := yaml.YAMLToJSON(def)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(string(j))
	}
}
