// Runs the Pulumi program the way `pulumi-language-nodejs` does, without the Pulumi CLI: node is
// started with Pulumi.yaml's `nodeargs`, on @pulumi/pulumi's own `cmd/run` entry, with the project's
// `main`, and talks gRPC to a fake engine and resource monitor served here. What this proves is
// the start-up path (runtime options, ESM, tsx, the entry point, the config hand-over), which
// mocks cannot show.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const pulumiRoot = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
const fromPulumi = createRequire(path.join(pulumiRoot, 'package.json'));
// The exact copies @pulumi/pulumi uses, so the generated message classes match the channel.
const grpc = fromPulumi('@grpc/grpc-js');
const resourceRpc = fromPulumi('./proto/resource_grpc_pb.js');
const resourcePb = fromPulumi('./proto/resource_pb.js');
const engineRpc = fromPulumi('./proto/engine_grpc_pb.js');
const enginePb = fromPulumi('./proto/engine_pb.js');
const providerPb = fromPulumi('./proto/provider_pb.js');
const { Struct } = fromPulumi('google-protobuf/google/protobuf/struct_pb.js');
const { Empty } = fromPulumi('google-protobuf/google/protobuf/empty_pb.js');

export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** Former URNs or names the resource is known by (its aliases), as the SDK sends them. */
  aliases: string[];
}

export interface ProgramRun {
  exitCode: number | null;
  resources: RegisteredResource[];
  invokes: { token: string; args: Record<string, unknown> }[];
  /** Outputs registered per URN (the stack's are the stack outputs). */
  outputs: Map<string, Record<string, unknown>>;
  /** Messages the program logged through the engine, `severity: text`. */
  logs: string[];
  stdout: string;
  stderr: string;
}

export interface ProjectRuntime {
  main: string;
  nodeargs: string[];
  typescript: boolean;
}

/** The runtime section of Pulumi.yaml, as the language host reads it. */
export function projectRuntime(projectDir: string): ProjectRuntime {
  const project = parse(readFileSync(path.join(projectDir, 'Pulumi.yaml'), 'utf8')) as {
    main?: string;
    runtime: string | { name: string; options?: { typescript?: boolean; nodeargs?: string } };
  };
  const options = typeof project.runtime === 'string' ? {} : (project.runtime.options ?? {});
  const nodeargs = options.nodeargs ?? '';
  // The language host splits nodeargs with shlex; plain words need nothing more.
  if (/["'\\]/.test(nodeargs)) throw new Error('nodeargs with quotes: use a shlex split here');
  return { main: project.main ?? '.', nodeargs: nodeargs.split(/\s+/).filter(Boolean), typescript: options.typescript ?? true };
}

const LOG_SEVERITY = ['debug', 'info', 'warning', 'error'];

export async function runLikeLanguageHost(options: {
  projectDir: string;
  project: string;
  stack: string;
  /** Stack config, `namespace:key` → value, as the engine would hand it over. */
  config: Record<string, unknown>;
  /** Answers to invokes by token; anything else fails the invoke. */
  invoke: (token: string, args: Record<string, unknown>) => Record<string, unknown>;
  /** Instead of Pulumi.yaml's runtime section, e.g. to show what Pulumi's defaults would do. */
  runtime?: ProjectRuntime;
  timeoutMs?: number;
}): Promise<ProgramRun> {
  const run: ProgramRun = { exitCode: null, resources: [], invokes: [], outputs: new Map(), logs: [], stdout: '', stderr: '' };
  const server = new grpc.Server();
  server.addService(resourceRpc.ResourceMonitorService, {
    supportsFeature(call: any, callback: any) {
      // Plain values only: no secrets, resource references or output values on the wire.
      callback(null, new resourcePb.SupportsFeatureResponse().setHassupport(false));
    },
    registerResource(call: any, callback: any) {
      const req = call.request;
      const type: string = req.getType();
      const parent: string = req.getParent();
      const qualified = parent ? `${parent.split('::')[2]!.split('$').pop()}$${type}` : type;
      const urn = `urn:pulumi:${options.stack}::${options.project}::${qualified}::${req.getName()}`;
      const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
      const aliases: string[] = [
        ...req.getAliasurnsList(),
        ...req.getAliasesList().map((alias: any) => alias.getUrn() || alias.getSpec()?.getName() || ''),
      ];
      run.resources.push({ urn, type, name: req.getName(), parent, custom: req.getCustom(), inputs, aliases });
      const response = new resourcePb.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(req.getCustom() ? `${req.getName()}-id` : '');
      response.setObject(Struct.fromJavaScript(inputs));
      callback(null, response);
    },
    registerResourceOutputs(call: any, callback: any) {
      run.outputs.set(call.request.getUrn(), (call.request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
      callback(null, new Empty());
    },
    invoke(call: any, callback: any) {
      const token: string = call.request.getTok();
      const args = (call.request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
      run.invokes.push({ token, args });
      try {
        callback(null, new providerPb.InvokeResponse().setReturn(Struct.fromJavaScript(options.invoke(token, args))));
      } catch (error) {
        callback({ code: grpc.status.UNKNOWN, details: String(error) });
      }
    },
    registerPackage(call: any, callback: any) {
      callback(null, new resourcePb.RegisterPackageResponse().setRef(`${call.request.getName()}-package`));
    },
    signalAndWaitForShutdown(call: any, callback: any) {
      callback(null, new Empty());
    },
  });
  let rootUrn = '';
  server.addService(engineRpc.EngineService, {
    log(call: any, callback: any) {
      run.logs.push(`${LOG_SEVERITY[call.request.getSeverity()] ?? 'log'}: ${call.request.getMessage()}`);
      callback(null, new Empty());
    },
    getRootResource(call: any, callback: any) {
      callback(null, new enginePb.GetRootResourceResponse().setUrn(rootUrn));
    },
    setRootResource(call: any, callback: any) {
      rootUrn = call.request.getUrn();
      callback(null, new enginePb.SetRootResourceResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error: Error | null, bound: number) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  try {
    const runtime = options.runtime ?? projectRuntime(options.projectDir);
    const address = `127.0.0.1:${port}`;
    // The command line pulumi-language-nodejs builds: nodeargs, the run entry, its flags, the entry point.
    // With `main` naming a file, the program directory is the project directory.
    const args = [
      ...runtime.nodeargs,
      path.join(pulumiRoot, 'cmd', 'run'),
      '--monitor', address,
      '--engine', address,
      '--project', options.project,
      '--root-directory', options.projectDir,
      '--stack', options.stack,
      '--pwd', options.projectDir,
      '--parallel', '4',
      runtime.main,
    ];
    const config = Object.fromEntries(
      Object.entries(options.config).map(([key, value]) => {
        const [namespace, name] = key.split(':') as [string, string];
        return [`${namespace}:config:${name}`, typeof value === 'string' ? value : JSON.stringify(value)];
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: '[]' };
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    if (runtime.typescript) env.PULUMI_NODEJS_TYPESCRIPT = 'true';
    // Neither the CLI nor the language host sets a working directory: node starts where pulumi was run.
    const child = spawn(process.execPath, args, { cwd: options.projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    run.exitCode = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`program did not finish in time\n${run.stderr}`));
      }, options.timeoutMs ?? 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    return run;
  } finally {
    server.forceShutdown();
  }
}
