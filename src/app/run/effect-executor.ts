import { readFileSync, realpathSync } from "node:fs";
import { scriptCommand } from "../script-command.js";
import { isAbsolute, join, relative, resolve } from "node:path";
import { redactSecrets } from "../../adapters/shell/redact-secrets.js";
import { SecretMaskingCommandRunner } from "../../adapters/shell/secret-masking-command-runner.js";
import type { EffectResult } from "../../engine/complete-effect.js";
import type { Effect } from "../../engine/run-context.js";
import type { Clock } from "../../ports/clock.js";
import type { CommandResult, CommandRunner } from "../../ports/command-runner.js";
import type { SqlRunner } from "../../ports/sql-runner.js";
import type { Bindings } from "../bindings/bindings.js";
import { resolveSqlSystem } from "../bindings/resolve-sql-system.js";

export interface ExecutorOptions {
  readonly planDir: string;
  /** `linkage.automation_scripts_dir`, relative to the plan's folder. */
  readonly scriptsDir?: string;
  readonly bindings: Bindings;
  readonly secrets: readonly string[];
  readonly commands: CommandRunner;
  readonly sql: SqlRunner;
  /** Times the effects whose duration no command runner measures (SQL, a dataset's steps together). */
  readonly clock: Clock;
  /** The environment every command starts from (the engine process's own). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  readonly runId: string;
  /** What a step's own `bascule data …` commands need to join this run. */
  readonly link?: RunLink;
}

/** Given to commands as BASCULE_PLAN, BASCULE_STATE, BASCULE_CONFIG, BASCULE_ENV, BASCULE_ACTOR, and `cliDir` first on PATH. */
export interface RunLink {
  /** Who drives the run: a step's `bascule data …` joins the journal as them. */
  readonly actor?: string;
  readonly planPath: string;
  readonly statePath: string;
  readonly configPath?: string;
  readonly environment?: string;
  readonly cliDir?: string;
}

/** Where an effect belongs, for its environment and its log. */
export interface EffectPlace {
  readonly phaseId?: string;
  readonly stepId?: string;
}

export type OutputSink = (stream: "stdout" | "stderr", text: string) => void;

/** Carries out the engine's effects through the ports: commands, scripts, SQL, datasets. */
export class EffectExecutor {
  /** Every command's output is masked where it is produced, so all who receive it get it masked. */
  private readonly commands: CommandRunner;

  constructor(private readonly options: ExecutorOptions) {
    this.commands = new SecretMaskingCommandRunner(options.commands, options.secrets);
  }

  /** Output reaches `onOutput` masked, all of it before the result returns. */
  async run(effect: Effect, place: EffectPlace, onOutput: OutputSink): Promise<EffectResult> {
    const started = this.options.clock.now();
    const env = this.environment(place);
    const run = effect.run;
    switch (run.kind) {
      case "shell":
        return this.fromCommand(await this.shell(run.command, env, onOutput, run.timeoutMs));
      case "sql":
        return this.sql(run.sql, place, started);
      case "script": {
        const script = this.resolveScript(run.path);
        if (script.kind === "problem") return failedToStart(script.message, this.options.clock.now() - started);
        if (/\.sql$/i.test(script.path)) return this.sql(readFileSync(script.path, "utf8"), place, started);
        return this.fromCommand(await this.shell(scriptCommand(script.path), env, onOutput, run.timeoutMs));
      }
      case "dataset":
        return this.dataset(run.execution, env, onOutput, started);
    }
  }

  private async dataset(execution: import("../../engine/run-context.js").DatasetExecution, env: Record<string, string>, sink: OutputSink, started: number): Promise<EffectResult> {
    if (execution.setupScript) {
      const setup = await this.scriptOrCommand(execution.setupScript, env, sink, execution.timeoutMs);
      if (!(setup.kind === "exited" && setup.exitCode === 0)) return { ...this.fromCommand(setup), durationMs: this.options.clock.now() - started };
    }
    const result = await this.scriptOrCommand(execution.command, env, sink, execution.timeoutMs);
    // Teardown runs whatever the verdict, and cannot change it.
    if (execution.teardownScript) await this.scriptOrCommand(execution.teardownScript, env, sink, execution.timeoutMs);
    return { ...this.fromCommand(result), durationMs: this.options.clock.now() - started };
  }

  /** A dataset's `test_file` or setup may be a script path; anything else is a shell command. */
  private scriptOrCommand(text: string, env: Record<string, string>, sink: OutputSink, timeoutMs?: number): Promise<CommandResult> {
    const script = /^[\w./-]+\.(sh|bash|py|js|mjs|rb)$/.test(text.trim()) ? this.resolveScript(text.trim()) : undefined;
    if (script?.kind === "problem") return Promise.resolve({ kind: "failed-to-start", message: script.message });
    return this.shell(script ? scriptCommand(script.path) : text, env, sink, timeoutMs);
  }

  private shell(command: string, env: Record<string, string>, onOutput: OutputSink, timeoutMs?: number): Promise<CommandResult> {
    return this.commands.run({ command, cwd: this.options.planDir, env, timeoutMs, onOutput });
  }

  private async sql(text: string, place: EffectPlace, started: number): Promise<EffectResult> {
    const system = resolveSqlSystem(this.options.bindings, place.stepId ?? "(rollback)");
    if (system.kind === "none") return { outcome: { kind: "sql-error", message: system.message }, durationMs: this.options.clock.now() - started, outputTail: "" };
    const result = await this.options.sql.execute(system.url, text);
    if (result.kind === "error") {
      const message = redactSecrets(result.message, this.options.secrets);
      return { outcome: { kind: "sql-error", message }, durationMs: this.options.clock.now() - started, outputTail: message };
    }
    return {
      outcome: { kind: "exited", exitCode: 0 },
      durationMs: this.options.clock.now() - started,
      outputTail: `SQL on ${system.name}: ${result.rowsChanged} rows changed`,
    };
  }

  /** The result of a command run through the masking runner: its tail and message are masked already. */
  private fromCommand(result: CommandResult): EffectResult {
    switch (result.kind) {
      case "exited":
        return { outcome: { kind: "exited", exitCode: result.exitCode }, durationMs: result.durationMs, outputTail: result.outputTail };
      case "timed-out":
        return { outcome: { kind: "timed-out", timeoutMs: result.timeoutMs }, durationMs: result.durationMs, outputTail: result.outputTail };
      case "killed":
        return { outcome: { kind: "killed", signal: result.signal }, durationMs: result.durationMs, outputTail: result.outputTail };
      case "failed-to-start":
        return { outcome: { kind: "failed-to-start", message: result.message }, durationMs: 0, outputTail: "" };
    }
  }

  /** Scripts resolve against the plan's folder, then the scripts folder, never outside the plan's tree. */
  resolveScript(path: string): { kind: "script"; path: string } | { kind: "problem"; message: string } {
    const root = safeRealpath(this.options.planDir) ?? this.options.planDir;
    const candidates = [join(root, path), ...(this.options.scriptsDir ? [join(root, this.options.scriptsDir, path)] : [])];
    for (const candidate of candidates) {
      const real = safeRealpath(candidate);
      if (real === undefined) continue;
      const rel = relative(root, real);
      if (isAbsolute(path) || rel.startsWith("..") || isAbsolute(rel)) {
        return { kind: "problem", message: `script ${path} is outside the plan's folder; scripts must live inside it` };
      }
      return { kind: "script", path: real };
    }
    return { kind: "problem", message: `script ${path} not found in the plan's folder${this.options.scriptsDir ? ` or ${this.options.scriptsDir}` : ""}` };
  }

  /** The environment a command of this place runs with (also used by command metrics). */
  environment(place: EffectPlace): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.baseEnv)) if (value !== undefined) env[key] = value;
    Object.assign(env, this.options.bindings.env);
    env.BASCULE_RUN_ID = this.options.runId;
    env.BASCULE_PLAN_DIR = resolve(this.options.planDir);
    if (place.phaseId) env.BASCULE_PHASE_ID = place.phaseId;
    if (place.stepId) env.BASCULE_STEP_ID = place.stepId;
    for (const [name, system] of this.options.bindings.systems) {
      env[
        `BASCULE_SYSTEM_${name
          .toUpperCase()
          .replace(/[^A-Z0-9]+/g, "_")
          .replace(/^_|_$/g, "")}_URL`
      ] = system.url;
    }
    const link = this.options.link;
    if (link !== undefined) {
      env.BASCULE_PLAN = resolve(link.planPath);
      env.BASCULE_STATE = resolve(link.statePath);
      if (link.configPath) env.BASCULE_CONFIG = link.configPath;
      if (link.environment) env.BASCULE_ENV = link.environment;
      if (link.actor) env.BASCULE_ACTOR = link.actor;
      if (link.cliDir) env.PATH = env.PATH ? `${link.cliDir}:${env.PATH}` : link.cliDir;
    }
    return env;
  }
}

function failedToStart(message: string, durationMs: number): EffectResult {
  return { outcome: { kind: "failed-to-start", message }, durationMs, outputTail: "" };
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
