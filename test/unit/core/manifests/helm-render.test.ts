import { describe, expect, it } from 'vitest';
import {
  chartRelativeSource,
  helmErrorProblems,
  helmTemplateArgs,
  splitHelmOutput,
} from '../../../../src-main/core/manifests/helm-render';

const inApp = (rel: string) => `charts/shop/${rel}`;

describe('helm template arguments', () => {
  it('passes namespace, CRDs, capabilities, value files in order, then --set entries', () => {
    expect(
      helmTemplateArgs({
        namespace: 'prod',
        settings: { valueFiles: ['a.yaml', 'b.yaml'], set: ['image.tag=2', 'x=-y'], includeCrds: true },
        valueFiles: ['/r/a.yaml', '/r/b.yaml'],
        capabilities: { kubeVersion: 'v1.37.2', apiVersions: ['apps/v1', 'apps/v1/Deployment'] },
      }),
    ).toEqual([
      '--namespace=prod',
      '--include-crds',
      '--kube-version=v1.37.2',
      '--api-versions=apps/v1',
      '--api-versions=apps/v1/Deployment',
      '--values=/r/a.yaml',
      '--values=/r/b.yaml',
      '--set=image.tag=2',
      '--set=x=-y',
    ]);
  });

  it('includes CRDs unless told not to, and leaves capabilities to Helm when the cluster is unknown', () => {
    expect(
      helmTemplateArgs({ namespace: 'n', settings: undefined, valueFiles: [], capabilities: undefined }),
    ).toEqual(['--namespace=n', '--include-crds']);
    expect(
      helmTemplateArgs({
        namespace: 'n',
        settings: { valueFiles: [], set: [], includeCrds: false },
        valueFiles: [],
        capabilities: undefined,
      }),
    ).toEqual(['--namespace=n']);
  });
});

describe('helm output and errors', () => {
  it('maps each document to the template named in its Source comment, subcharts included', () => {
    const out = [
      '---',
      '# Source: shop/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      '---',
      '# Source: shop/charts/cache/templates/cm.yaml',
      'kind: ConfigMap',
      '---',
      'kind: NoSource',
      '',
    ].join('\n');
    expect(splitHelmOutput(out).map((d) => d.template)).toEqual([
      'templates/service.yaml',
      'charts/cache/templates/cm.yaml',
      null,
    ]);
    expect(chartRelativeSource('shop/../../etc/passwd')).toBeNull();
  });

  it.each([
    [
      'Error: template: shop/templates/deployment.yaml:12:14: executing "shop/templates/deployment.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b',
      12,
    ],
    ['Error: parse error at (shop/templates/deployment.yaml:7): function "nope" not defined', 7],
    [
      'Error: YAML parse error on shop/templates/deployment.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key',
      4,
    ],
    ['Error: execution error at (shop/templates/deployment.yaml:3:4): image is required', 3],
  ])('puts "%s" at its template and line', (message, line) => {
    expect(helmErrorProblems(message, 'charts/shop', inApp)).toEqual([
      { file: 'charts/shop/templates/deployment.yaml', line, message },
    ]);
  });

  it('keeps an error that names no template on the chart folder', () => {
    const message = 'Error: found in Chart.yaml, but missing in charts/ directory: cache';
    expect(helmErrorProblems(message, 'charts/shop', inApp)).toEqual([{ file: 'charts/shop', message }]);
  });
});
