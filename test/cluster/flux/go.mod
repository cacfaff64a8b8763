module gitops-desktop/test-cluster/flux

go 1.26.0

// Flux's own replace directives, repeated here: a module's replace lines only apply when it is
// the main module.
replace (
	github.com/opencontainers/go-digest => github.com/opencontainers/go-digest v1.0.1-0.20220411205349-bde1400a84be
	gopkg.in/yaml.v3 => gopkg.in/yaml.v3 v3.0.1
	sigs.k8s.io/kustomize/api => sigs.k8s.io/kustomize/api v0.21.1
	sigs.k8s.io/kustomize/kyaml => sigs.k8s.io/kustomize/kyaml v0.21.1
)

tool (
	github.com/fluxcd/kustomize-controller
	github.com/fluxcd/source-controller
)
