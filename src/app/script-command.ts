import { accessSync, constants } from "node:fs";

/** The shell command that runs a script file: as itself when executable (its shebang decides), else through bash. */
export function scriptCommand(path: string): string {
  const quoted = `'${path.replace(/'/g, "'\\''")}'`;
  try {
    accessSync(path, constants.X_OK);
    return quoted;
  } catch {
    return `bash ${quoted}`;
  }
}
