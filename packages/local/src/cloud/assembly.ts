import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssemblyError } from './errors';

/** One resource of a CloudFormation template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
}

export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
}

/** The parts of a template the runtime reads. */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, CfnOutput>;
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

/** A stack of the assembly: its deployed name and template. */
export interface AssemblyStack {
  readonly name: string;
  readonly template: CfnTemplate;
}

/** The stacks of one stage, in deployment order, and the folder their assets live in. */
export interface CloudAssembly {
  readonly dir: string;
  readonly stage: string;
  readonly stacks: ReadonlyArray<AssemblyStack>;
}

interface ManifestArtifact {
  readonly type: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly tags?: Record<string, string> };
  readonly dependencies?: ReadonlyArray<string>;
  readonly displayName?: string;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new AssemblyError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Dependencies first (a stack imports what the ones it depends on export), as `cdk deploy` orders them. */
function deploymentOrder(ids: ReadonlyArray<string>, artifacts: Record<string, ManifestArtifact>): string[] {
  const ordered: string[] = [];
  const visit = (id: string, path: Set<string>): void => {
    if (ordered.includes(id) || path.has(id)) return;
    path.add(id);
    for (const dependency of artifacts[id]?.dependencies ?? []) if (ids.includes(dependency)) visit(dependency, path);
    ordered.push(id);
  };
  for (const id of ids) visit(id, new Set());
  return ordered;
}

/**
 * Reads `manifest.json` of a cloud assembly (`cdk synth` output) and the templates of one stage:
 * the stacks tagged `stage: <stage>`, else those named `*-<stage>-*`.
 *
 * @example
 * const assembly = readAssembly('infrastructure/cdk.out', 'dev');
 * assembly.stacks.map((stack) => stack.name); // ['Roadcall-dev-Network', 'Roadcall-dev-Data', ...]
 */
export function readAssembly(dir: string, stage: string): CloudAssembly {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new AssemblyError(`No cloud assembly at ${dir} (no manifest.json). Run \`pnpm synth\` first, or pass --assembly <dir>.`);
  }
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile);
  const artifacts = manifest.artifacts ?? {};
  const stackIds = Object.keys(artifacts).filter((id) => artifacts[id]?.type === 'aws:cloudformation:stack');
  const stackName = (id: string): string => artifacts[id]?.properties?.stackName ?? artifacts[id]?.displayName ?? id;
  let selected = stackIds.filter((id) => artifacts[id]?.properties?.tags?.stage === stage);
  if (selected.length === 0) selected = stackIds.filter((id) => stackName(id).split('-').includes(stage));
  if (selected.length === 0) {
    const names = stackIds.map(stackName).join(', ') || 'none';
    throw new AssemblyError(`The assembly at ${dir} has no stack of stage "${stage}" (stacks: ${names}). Pass --stage <name>.`);
  }
  const stacks = deploymentOrder(selected, artifacts).map((id) => {
    const templateFile = artifacts[id]?.properties?.templateFile;
    if (!templateFile) throw new AssemblyError(`Stack artifact ${id} has no templateFile in ${manifestFile}`);
    const template = readJson<CfnTemplate>(join(dir, templateFile));
    return { name: stackName(id), template: { ...template, Resources: template.Resources ?? {} } };
  });
  return { dir, stage, stacks };
}
