import { userInfo } from "node:os";

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
  /** The operating system's name for the user running the command, when it knows one. */
  readonly osUser?: () => string | undefined;
}

export function processIo(): CliIo {
  return {
    stdout: quietWriter(process.stdout),
    stderr: quietWriter(process.stderr),
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    osUser: readOsUser,
  };
}

const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * Writes to a stream until its reader goes away (EPIPE from `| head`, a closed terminal), then
 * drops what follows: losing output must never stop a run half-way through a step.
 */
function quietWriter(stream: NodeJS.WritableStream): (text: string) => void {
  if (!guardedStreams.has(stream)) {
    guardedStreams.add(stream);
    // A listener also covers writes that bypass this writer (a prompt, commander's help).
    stream.on("error", () => closedStreams.add(stream));
  }
  return (text) => {
    if (closedStreams.has(stream)) return;
    try {
      stream.write(text);
    } catch {
      closedStreams.add(stream);
    }
  };
}

function readOsUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // A uid without a passwd entry (common in containers) has no name.
    return undefined;
  }
}
