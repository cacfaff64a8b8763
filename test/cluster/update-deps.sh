#!/usr/bin/env bash
# Regenerates go.mod for a given Kubernetes release. k8s.io/kubernetes cannot be
# required as-is: its go.mod points every staging module at ./staging/src/...,
# so each one is replaced here by its published v0.X.Y tag. The list comes from
# that release's own go.mod so that new staging modules are never missed.
set -euo pipefail
export GOTOOLCHAIN=local
cd "$(dirname "$0")"

K8S_VERSION="${1:-v1.37.2}"
STAGING_VERSION="v0.${K8S_VERSION#v1.}"

gomod="$(go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$gomod")"

{
	echo "module gitops-desktop/testcluster"
	echo
	echo "go 1.26.0"
	echo
	echo "require ("
	echo "	k8s.io/kubernetes ${K8S_VERSION}"
	echo "	go.etcd.io/etcd/server/v3 ${etcd_version}"
	echo ")"
	echo
	echo "tool ("
	echo "	k8s.io/kubernetes/cmd/kube-apiserver"
	echo "	k8s.io/kubernetes/cmd/kube-controller-manager"
	echo "	k8s.io/kubernetes/cmd/kube-scheduler"
	echo "	k8s.io/kubernetes/cmd/kubectl"
	echo ")"
	echo
	echo "replace ("
	grep -E '^[[:space:]]*k8s\.io/[^ ]+ => \./staging/' "$gomod" |
		awk -v v="$STAGING_VERSION" '{ printf "\t%s => %s %s\n", $1, $1, v }'
	echo ")"
} > go.mod

go mod tidy
echo "go.mod pinned to k8s.io/kubernetes ${K8S_VERSION} (staging ${STAGING_VERSION}, etcd ${etcd_version})" >&2
