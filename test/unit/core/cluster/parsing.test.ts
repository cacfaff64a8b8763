import { describe, expect, it } from 'vitest';
import { parseAggregated, parseResourceList } from '../../../../src-main/core/cluster/discovery';
import {
  conflictingManagers,
  httpFailure,
  networkFailure,
} from '../../../../src-main/core/cluster/kube-errors';
import { mergePaths } from '../../../../src-main/core/cluster/login-path';
import { groupVersionOfPath, schemasFromDocument } from '../../../../src-main/core/cluster/openapi-schemas';
import { resourcePath } from '../../../../src-main/core/cluster/resource-client';

describe('discovery parsing', () => {
  it('reads aggregated discovery', () => {
    const doc = {
      kind: 'APIGroupDiscoveryList',
      items: [
        {
          metadata: { name: 'apps' },
          versions: [
            {
              version: 'v1',
              resources: [
                {
                  resource: 'deployments',
                  responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
                  scope: 'Namespaced',
                  verbs: ['get', 'patch'],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(parseAggregated(doc)).toEqual([
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        resource: 'deployments',
        namespaced: true,
        verbs: ['get', 'patch'],
      },
    ]);
  });
  it('reads a legacy resource list and skips subresources', () => {
    const doc = {
      groupVersion: 'v1',
      resources: [
        { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list'] },
        { name: 'pods/log', kind: 'Pod', namespaced: true },
        { name: 'namespaces', kind: 'Namespace', namespaced: false },
      ],
    };
    expect(
      parseResourceList(doc).map((r) => `${r.group}|${r.version}|${r.resource}|${r.namespaced}`),
    ).toEqual(['|v1|pods|true', '|v1|namespaces|false']);
  });
  it('builds URLs from discovery', () => {
    const dep = {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
      namespaced: true,
      verbs: [],
    };
    const ns = {
      group: '',
      version: 'v1',
      kind: 'Namespace',
      resource: 'namespaces',
      namespaced: false,
      verbs: [],
    };
    expect(resourcePath(dep, 'web ns', 'a')).toBe('/apis/apps/v1/namespaces/web%20ns/deployments/a');
    expect(resourcePath(ns, 'ignored', 'team')).toBe('/api/v1/namespaces/team');
    expect(resourcePath(dep)).toBe('/apis/apps/v1/deployments');
  });
});

describe('API errors', () => {
  const status = (code: number, message: string, causes: object[] = []) =>
    JSON.stringify({ kind: 'Status', code, message, details: { causes } });
  it('names the conflicting field managers', () => {
    const text = status(409, 'Apply failed with 1 conflict: conflict with "other-team": .data.owner', [
      { reason: 'FieldManagerConflict', message: 'conflict with "other-team"', field: '.data.owner' },
    ]);
    const f = httpFailure(409, text, 'Applying ConfigMap ns/c');
    expect(f.code).toBe('conflict');
    expect(f.message).toContain('Conflicting field manager: other-team');
    expect(f.detail).toMatchObject({ managers: ['other-team'] });
    expect(conflictingManagers({ message: 'conflicts with "kubectl" with subresource "scale"' })).toEqual([
      'kubectl',
    ]);
  });
  it('keeps how long a 429 asks to wait: the Retry-After header first, else the Status details', () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 429,
      reason: 'TooManyRequests',
      message: 'storage is (re)initializing',
      details: { retryAfterSeconds: 2 },
    });
    expect(httpFailure(429, body, 'Applying').detail).toMatchObject({ status: 429, retryAfterSeconds: 2 });
    expect(httpFailure(429, body, 'Applying', 5).detail).toMatchObject({ retryAfterSeconds: 5 });
    expect(httpFailure(429, 'Too many requests', 'Applying', 1).detail).toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(httpFailure(500, 'oops', 'x').detail).not.toHaveProperty('retryAfterSeconds');
  });
  it('maps statuses to codes with the server message', () => {
    expect(httpFailure(401, status(401, 'Unauthorized'), 'x').code).toBe('unauthorized');
    const forbidden = httpFailure(
      403,
      status(403, 'configmaps is forbidden: User "u" cannot create'),
      'Applying',
    );
    expect(forbidden).toMatchObject({ code: 'forbidden' });
    expect(forbidden.message).toContain('User "u" cannot create');
    expect(httpFailure(422, status(422, 'Service "s" is invalid'), 'x').code).toBe('invalid');
    expect(
      httpFailure(400, status(400, 'admission webhook "v" denied the request: no'), 'x').message,
    ).toContain('denied the request: no');
    expect(httpFailure(504, 'gateway timeout', 'x').code).toBe('timeout');
    expect(httpFailure(500, '<html>oops</html>', 'x').message).toContain('<html>oops</html>');
  });
  it('maps network failures', () => {
    const err = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(networkFailure(err('ECONNREFUSED'), 'https://h:1').code).toBe('unreachable');
    expect(networkFailure(err('ENOTFOUND'), 'https://h:1').code).toBe('unreachable');
    expect(
      networkFailure(err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'https://h:1').code,
    ).toBe('tls');
    expect(networkFailure(err('ETIMEDOUT'), 'https://h:1').code).toBe('timeout');
    // What a killed API server gives mid-handshake: not a certificate problem.
    const cut = err(
      'ECONNRESET',
      'Client network socket disconnected before secure TLS connection was established',
    );
    expect(networkFailure(cut, 'https://h:1').code).toBe('unreachable');
    expect(networkFailure(cut, 'https://h:1').message).toMatch(/Cannot reach the API server/);
  });
});

describe('OpenAPI schemas', () => {
  it('keeps one schema per kind of the document with the components it references', () => {
    const doc = {
      components: {
        schemas: {
          'io.k8s.api.apps.v1.Deployment': {
            type: 'object',
            properties: { spec: { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' } },
            'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
          },
          'io.k8s.api.apps.v1.DeploymentSpec': {
            type: 'object',
            properties: { self: { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' } },
          },
          'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
            type: 'object',
            'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }],
          },
          unused: { type: 'string' },
        },
      },
    };
    const out = schemasFromDocument(doc, 'apps/v1');
    expect(out.map((s) => `${s.apiVersion}/${s.kind}`)).toEqual(['apps/v1/Deployment']);
    const schema = out[0]!.schema as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(schema.components.schemas)).toEqual(['io.k8s.api.apps.v1.DeploymentSpec']);
  });
  it('recognises group-version paths', () => {
    expect(groupVersionOfPath('api/v1')).toBe('v1');
    expect(groupVersionOfPath('apis/apps/v1')).toBe('apps/v1');
    expect(groupVersionOfPath('apis')).toBeUndefined();
    expect(groupVersionOfPath('version')).toBeUndefined();
  });
});

describe('login shell PATH', () => {
  it('puts the login PATH first without duplicates', () => {
    expect(mergePaths('/opt/homebrew/bin:/usr/bin', '/usr/bin:/bin')).toBe('/opt/homebrew/bin:/usr/bin:/bin');
    expect(mergePaths('/a', undefined)).toBe('/a');
  });
});
