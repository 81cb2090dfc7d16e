// @ts-check
/**
 * Loads `@prisma/schema-engine-wasm` in plain Node.
 *
 * The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which needs Node's
 * `--experimental-wasm-modules`. We do by hand what that import does: instantiate the .wasm with the
 * generated JS glue as its only import module, then hand the instance back to the glue.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, URL } from 'node:url';

/** @typedef {import('@prisma/schema-engine-wasm').SchemaEngine} WasmSchemaEngine */
/** @typedef {import('@prisma/schema-engine-wasm').ConstructorOptions} ConstructorOptions */

/**
 * @typedef {object} SchemaEngineModule
 * @property {() => string} version  the prisma-engines commit the module was built from
 * @property {(options: ConstructorOptions, log: (line: string) => void, adapter: object) => Promise<WasmSchemaEngine>} newEngine
 */

/** @type {Promise<SchemaEngineModule> | undefined} */
let loaded;

/** @type {string | undefined} */
let panicMessage;

/**
 * A Rust panic surfaces in JS as `RuntimeError: unreachable`; the engine first reports the panic's
 * message through `global.PRISMA_WASM_PANIC_REGISTRY.set_message`, which we keep for the error reply.
 */
Object.defineProperty(globalThis, 'PRISMA_WASM_PANIC_REGISTRY', {
  value: {
    /** @param {string} message */
    set_message: (message) => {
      panicMessage = message;
    },
  },
  configurable: true,
});

/** The message of the last engine panic, if any (cleared on read). */
export function takePanicMessage() {
  const message = panicMessage;
  panicMessage = undefined;
  return message;
}

/** @returns {Promise<SchemaEngineModule>} */
export function loadSchemaEngineWasm() {
  loaded ??= (async () => {
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    /** @type {typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: WebAssembly.Exports): void }} */
    const glue = await import(glueUrl);
    const bytes = await readFile(fileURLToPath(new URL('schema_engine_bg.wasm', glueUrl)));
    const { instance } = await globalThis.WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports['__wbindgen_start'];
    if (typeof start === 'function') start();
    return {
      version: () => glue.version(),
      newEngine: (options, log, adapter) => glue.SchemaEngine.new(options, log, adapter),
    };
  })();
  return loaded;
}
