import type { CommandRequest, CommandResult, CommandRunner } from "../ports/command-runner.js";

/** What a scripted command returns: a fixed result, or one computed from the request. */
export type ScriptedResult = CommandResult | ((request: CommandRequest) => CommandResult | Promise<CommandResult>);

export interface ScriptedRule {
  /** A string matches the whole command exactly; a RegExp matches anywhere in it. */
  readonly match: string | RegExp;
  readonly result: ScriptedResult;
  /** Output passed to `onOutput` before the result: stdout first, then stderr. */
  readonly output?: { readonly stdout?: string; readonly stderr?: string };
}

export interface ScriptedCommandRunnerOptions {
  /** When true, a command no rule matches exits 127 as bash does for an unknown command; else it exits 0. @default false */
  readonly strict?: boolean;
}

/**
 * A `CommandRunner` for the engine's pure tests: answers each command from the first rule that
 * matches it and records every request in `calls`. End-to-end tests use ShellCommandRunner.
 */
export class ScriptedCommandRunner implements CommandRunner {
  readonly #rules: ScriptedRule[];
  readonly #strict: boolean;
  readonly #calls: CommandRequest[] = [];

  constructor(rules: readonly ScriptedRule[] = [], options: ScriptedCommandRunnerOptions = {}) {
    this.#rules = [...rules];
    this.#strict = options.strict ?? false;
  }

  /** Every request run so far, in order. */
  get calls(): readonly CommandRequest[] {
    return this.#calls;
  }

  /** The command of every request run so far, in order. */
  get commands(): readonly string[] {
    return this.#calls.map((call) => call.command);
  }

  /** Adds a rule after the existing ones, so earlier rules still win. */
  on(match: string | RegExp, result: ScriptedResult, output?: ScriptedRule["output"]): this {
    this.#rules.push(output === undefined ? { match, result } : { match, result, output });
    return this;
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    this.#calls.push(request);
    const rule = this.#rules.find((candidate) => matches(candidate.match, request.command));
    if (rule === undefined) return this.#unmatched(request.command);
    if (rule.output?.stdout) request.onOutput?.("stdout", rule.output.stdout);
    if (rule.output?.stderr) request.onOutput?.("stderr", rule.output.stderr);
    return typeof rule.result === "function" ? rule.result(request) : rule.result;
  }

  #unmatched(command: string): CommandResult {
    if (!this.#strict) return exited(0);
    return exited(127, `bash: line 1: ${command}: command not found (no scripted rule matches)\n`);
  }
}

/** Shorthand for a result of a command that ran to its end. */
export function exited(exitCode: number, outputTail = ""): CommandResult {
  return { kind: "exited", exitCode, outputTail, durationMs: 0 };
}

function matches(match: string | RegExp, command: string): boolean {
  if (typeof match === "string") return match === command;
  match.lastIndex = 0;
  return match.test(command);
}
