/** The world a command may touch directly: output streams and the terminal's traits. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Colours and live progress only on a terminal, and never with NO_COLOR set. */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A person at a terminal, who can be asked questions. */
  readonly interactive?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}
