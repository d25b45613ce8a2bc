// Bundles the CLI into dist/bundle/: one file for what every command needs, a chunk per command
// loaded on demand. Node then reads a handful of files at start instead of ~200 modules.
// Native and optional drivers stay in node_modules: better-sqlite3 loads a compiled addon, pg
// tries an optional pg-native. Run by `npm run build`, after tsc; `--outdir DIR` writes elsewhere.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { outdir: { type: "string", default: "dist" } } });

// zod's namespace re-exports every message locale (about 360 kB, a third of what `lint` loads);
// Bascule speaks English only, so the locale index is just `en`, which zod installs by default.
const englishOnlyZod = {
  name: "english-only-zod",
  setup(plugin) {
    plugin.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), "../locales/index.js"), namespace: "zod-locales" } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

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
  plugins: [englishOnlyZod],
});
