// Bundles the CLI into dist/bundle/: one file for what every command needs, a chunk per command
// loaded on demand. Node then reads a handful of files at start instead of ~200 modules.
// Native and optional drivers stay in node_modules: better-sqlite3 loads a compiled addon, pg
// tries an optional pg-native. Run by `npm run build`, after tsc; `--outdir DIR` writes elsewhere.
import { build } from "esbuild";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { outdir: { type: "string", default: "dist" } } });

await build({
  entryPoints: { bascule: "src/cli/main.ts" },
  outdir: join(values.outdir, "bundle"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3", "pg", "pg-native", "tsx"],
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies (commander) call require() for Node's own modules.
  banner: { js: 'import { createRequire as __basculeRequire } from "node:module"; const require = __basculeRequire(import.meta.url);' },
  logLevel: "warning",
  legalComments: "none",
});
