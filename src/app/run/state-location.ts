import { isAbsolute, join, resolve } from "node:path";

/** Where a command keeps its runs: a SQLite file, or why `--state` names none. */
export type StateLocation = { readonly kind: "sqlite"; readonly path: string } | { readonly kind: "unsupported"; readonly message: string };

// Two letters at least, so a Windows drive (`C://…`) is a path; `sqlite:` is handled first.
const urlScheme = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//;

/**
 * Reads `--state`: a file path (relative to `cwd`), or `sqlite:PATH` (`sqlite:///abs` too), as
 * the bindings write SQLite systems; default `.bascule/state.db` beside the plan. Any other
 * URL is refused until a store for it exists, and the refusal names only its scheme, never
 * the rest, which may hold a password. A state path is never read as a URL.
 */
export function parseStateLocation(value: string | undefined, cwd: string, planDir: string): StateLocation {
  if (value === undefined || value === "") return { kind: "sqlite", path: join(planDir, ".bascule", "state.db") };
  if (/^sqlite:/i.test(value)) {
    let file = value.slice("sqlite:".length);
    if (file.startsWith("//")) file = file.slice(2);
    if (file === "") return { kind: "unsupported", message: "the state store sqlite: names no file; write sqlite:path/to/state.db, or a plain path" };
    return { kind: "sqlite", path: isAbsolute(file) ? file : resolve(cwd, file) };
  }
  const scheme = urlScheme.exec(value)?.[1];
  if (scheme !== undefined) {
    return {
      kind: "unsupported",
      message: `--state names a ${scheme.toLowerCase()}:// URL, and Bascule keeps runs only in a SQLite file so far; pass a file path (default .bascule/state.db beside the plan) or sqlite:PATH`,
    };
  }
  return { kind: "sqlite", path: resolve(cwd, value) };
}
