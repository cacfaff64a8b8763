// Command etcd is the upstream etcd server, built from the module proxy at the
// version kube-apiserver itself requires, because distribution packages lag
// behind the minimum that Kubernetes supports.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
