import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { createMigrationAdapterFactory } from './migration-adapter.js';

type SchemaEngineClass = typeof SchemaEngine;

/** A schema engine connected to one database and PostgreSQL schema. */
export interface SchemaEngineSession {
  /** Runs an engine command; a Rust panic's message is added to the error it throws. */
  run<T>(command: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  /** Frees the engine, ends its pools and drops leftover shadow databases. */
  close(): Promise<void>;
}

export interface SchemaEngineOptions {
  databaseUrl: string;
  /** The PostgreSQL schema the engine reads and migrates (its search_path). */
  schema: string;
}

/**
 * Opens an engine session. The engine connects at once (even `diff` needs a reachable
 * database) and creates `schema` if it is missing, with a plain CREATE SCHEMA: callers that
 * may race should create it first with IF NOT EXISTS.
 */
export async function openSchemaEngine({ databaseUrl, schema }: SchemaEngineOptions): Promise<SchemaEngineSession> {
  const Engine = await loadSchemaEngine();
  const factory = createMigrationAdapterFactory(databaseUrl, schema);
  // Without a datamodel the engine takes the connector from the adapter; Prisma 7 datamodels
  // carry no URL, so there is nothing to inject for migrate commands.
  const engine = await engineCall(() =>
    Engine.new({ datamodels: undefined }, forwardEngineLog, bindMigrationAwareSqlAdapterFactory(factory)),
  ).catch(async (error: unknown) => {
    await factory.close();
    throw error;
  });
  let closed = false;
  return {
    run: (command) => engineCall(() => command(engine)),
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await factory.close();
    },
  };
}

// The repo's `lib` (ES2023, no DOM) declares no WebAssembly runtime; this is the part used here.
interface WasmRuntime {
  instantiate(
    binary: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmRuntime = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

let loading: Promise<SchemaEngineClass> | undefined;

/** Loads the wasm engine once per process; later sessions reuse the instantiated module. */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<SchemaEngineClass> {
  installPanicRegistry();
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  // The package's entry point imports the .wasm as an ES module, which Node 20 cannot do
  // without a flag: instantiate the binary ourselves and hand it to the JS glue.
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = chooseWasmBinary(require, dirname(gluePath));
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) imports[name] = unrefSetTimeout;
  }
  const { instance } = await wasmRuntime
    .instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': imports,
    })
    .catch((error: unknown) => {
      throw new Error(
        `cannot instantiate ${wasmPath} with the JS glue of @prisma/schema-engine-wasm: ` +
          'align that package with the engines version of the prisma CLI',
        { cause: error },
      );
    });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

/**
 * The engine arms timeouts (e.g. 10 s for the advisory lock) and never clears them, which kept
 * processes alive for 10 s after the work was done. `engineCall` keeps the process alive while
 * a command is pending instead.
 */
function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms >>> 0).unref();
}

/**
 * Prefers the binary shipped with the prisma CLI: it is the engine `prisma migrate` runs, so
 * generated SQL matches the CLI's even when the published wasm package lags behind. The CLI is
 * a devDependency, so production installs fall back to the package's own binary.
 */
function chooseWasmBinary(require: NodeJS.Require, glueDir: string): string {
  try {
    const cliBinary = join(dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm');
    if (existsSync(cliBinary)) return cliBinary;
  } catch {
    // prisma CLI not installed
  }
  return join(glueDir, 'schema_engine_bg.wasm');
}

class PanicRegistry {
  private message = '';

  // Called by the wasm glue when Rust panics; without it a panic surfaces only as "unreachable".
  set_message(message: string): void {
    this.message = message;
  }

  take(): string {
    const { message } = this;
    this.message = '';
    return message;
  }
}

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

const panics = new PanicRegistry();

function installPanicRegistry(): void {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= panics;
}

async function engineCall<T>(command: () => Promise<T>): Promise<T> {
  // Stands in for the engine's unref'd timers while the command may still wait on one.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    return await command();
  } catch (error) {
    const panic = panics.take();
    if (!panic) throw error;
    throw new Error(`schema engine panicked: ${panic}`, { cause: error });
  } finally {
    clearInterval(keepAlive);
  }
}

interface EngineLogLine {
  level?: string;
  fields?: { message?: string };
}

function forwardEngineLog(line: string): void {
  const { level, fields } = JSON.parse(line) as EngineLogLine;
  if (level === 'WARN' || level === 'ERROR')
    process.stderr.write(`[schema-engine] ${level}: ${fields?.message ?? line}\n`);
}
