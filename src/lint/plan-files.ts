/**
 * The linter's window on the plan's folder: a port, so rules stay pure and tests can use a
 * real temporary folder through the same adapter users get.
 */
export interface PlanFiles {
  /**
   * Looks up a path written in the plan, relative to the plan's folder. `outside` means the
   * path escapes the plan's tree (absolute, or `..` past the root, or through a link).
   */
  inspect(relativePath: string): FileLookup;
  /** Names of the entries of a folder inside the plan's tree; empty when it does not exist. */
  list(relativeDir: string): readonly string[];
}

export type FileLookup = { readonly kind: "file" } | { readonly kind: "directory" } | { readonly kind: "missing" } | { readonly kind: "outside" };
