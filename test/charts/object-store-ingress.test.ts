import { SEAWEEDFS } from '../../lib/azure/object-store';
import type { StackDocument } from '../../lib/policies/types';
import type { RenderedObject } from '../support/helm';
import { releasesOf } from '../support/releases';
import { chartDirOf, chartSources, renderRelease } from '../support/render';
import { synthVariants } from '../support/synth';

/**
 * The Azure flavour's S3 gateway is published through the SeaweedFS chart's own Ingress: rendered with real
 * Helm (HOT_CHART_SOURCES, see test/charts/README.md), it must route `s3.<baseDomain>` on the shared class with
 * TLS to the S3 Service the chart renders, on the port the contract names, and the host must be declared with
 * its guard. Elsewhere (CI) the suite says why it skipped; the unit tests check the values.
 */
const sources = chartSources();
const describeWithCharts = sources ? describe : describe.skip;
if (!sources) console.log('object-store-ingress: skipped, HOT_CHART_SOURCES names no folder of unpacked chart sources');

interface IngressSpec {
  readonly ingressClassName: string;
  readonly tls: { readonly hosts: string[]; readonly secretName: string }[];
  readonly rules: {
    readonly host: string;
    readonly http: {
      readonly paths: { readonly backend: { readonly service: { name: string; port: { number: number } } } }[];
    };
  }[];
}
interface ServiceSpec {
  readonly ports: { readonly port: number; readonly targetPort: number }[];
  readonly selector: Record<string, string>;
}

const azureCases = synthVariants().flatMap(({ variant, environments, documents, stacks }) =>
  environments
    .filter((env) => env.cloud === 'azure')
    .map((env) => [`${env.name}-apps (${variant})`, documents[`${env.name}-apps`], stacks[env.name]] as const),
);

/** The SeaweedFS release of an apps stack, rendered with real Helm and its synthesized values. */
function renderedStore(document: StackDocument): RenderedObject[] {
  const release = releasesOf(document).find((r) => r.name === SEAWEEDFS.release);
  const dir = release && sources ? chartDirOf(release, sources) : undefined;
  if (!release || !dir) throw new Error(`no ${SEAWEEDFS.release} release, or no source of its chart`);
  return renderRelease(release, dir);
}

describeWithCharts("the SeaweedFS chart's S3 Ingress", () => {
  it.each(azureCases)('%s', (_, document, stacks) => {
    const rendered = renderedStore(document);
    const ofKind = (kind: string) => rendered.filter((o: RenderedObject) => o.kind === kind);
    const host = `s3.${stacks.cluster.description.dns.baseDomain}`;

    const ingresses = ofKind('Ingress');
    expect(ingresses.map((i) => i.metadata.name)).toEqual(['ingress-seaweedfs-s3']);
    const ingress = ingresses[0];
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    const spec = ingress.spec as IngressSpec;
    expect(spec.ingressClassName).toBe('traefik');
    expect(spec.tls).toEqual([{ hosts: [host], secretName: SEAWEEDFS.s3TlsSecret }]);
    expect(spec.rules.map((r) => r.host)).toEqual([host]);
    const backends = spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service));
    expect(backends).toEqual([{ name: SEAWEEDFS.s3Service, port: { number: SEAWEEDFS.s3Port } }]);

    // The backend is the S3 gateway's Service, on the port the contract's in-cluster endpoint names.
    const service = ofKind('Service').find((s) => s.metadata.name === SEAWEEDFS.s3Service);
    const serviceSpec = service?.spec as ServiceSpec | undefined;
    expect(serviceSpec?.selector).toMatchObject({ 'app.kubernetes.io/component': 's3' });
    expect(serviceSpec?.ports).toContainEqual(
      expect.objectContaining({ port: SEAWEEDFS.s3Port, targetPort: SEAWEEDFS.s3Port }),
    );
    const storage = stacks.cluster.description.objectStorage;
    expect(storage.endpoint).toBe(`http://${SEAWEEDFS.s3Service}.object-store.svc.cluster.local:${SEAWEEDFS.s3Port}`);
    expect(storage.publicEndpoint).toBe(`https://${host}`);

    const hosts = document.output?.['published-hosts']?.value as { host: string; service: string; guards: string[] }[];
    expect(hosts.find((h) => h.host === host)).toMatchObject({
      service: `object-store/${SEAWEEDFS.s3Service}`,
      guards: ['app-login'],
    });
  });

  it.each(azureCases)(
    '%s: the gateway admits cross-origin requests from the environment only',
    (_, document, stacks) => {
      // The gateway's Deployment is named like its Service.
      const gateway = renderedStore(document).find(
        (o) => o.kind === 'Deployment' && o.metadata.name === SEAWEEDFS.s3Service,
      );
      const containers = (gateway?.spec as { template: { spec: { containers: { command: string[] }[] } } }).template
        .spec.containers;
      const script = containers[0].command.join(' ');
      expect(script).toContain(`-allowedOrigins='https://*.${stacks.cluster.description.dns.baseDomain}'`);
    },
  );
});
