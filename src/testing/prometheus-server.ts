import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { performance } from "node:perf_hooks";

export type PrometheusBinary = { readonly kind: "found"; readonly path: string } | { readonly kind: "missing"; readonly message: string };

/** Finds `prometheus` on `PATH`, else at /usr/bin/prometheus (Debian's package). */
export function locatePrometheus(path: string | undefined = process.env.PATH): PrometheusBinary {
  const candidates = [
    ...(path ?? "")
      .split(delimiter)
      .filter((dir) => dir !== "")
      .map((dir) => join(dir, "prometheus")),
    "/usr/bin/prometheus",
  ];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return { kind: "found", path: found };
  return {
    kind: "missing",
    message:
      "the prometheus binary is not installed (looked on PATH and at /usr/bin/prometheus); install it with `apt-get install -y prometheus` " +
      "(Debian/Ubuntu) to run the Prometheus tests. They are skipped here, and fail in CI (CI=true), where .ci/run installs it.",
  };
}

export interface StartPrometheusOptions {
  /** The binary, from `locatePrometheus`. */
  readonly binary: string;
  /** `host:port` scrape targets, like a `MetricsExporter`'s `target`. */
  readonly targets: readonly string[];
  /** @default "1s" */
  readonly scrapeInterval?: string;
  /** How long to wait for `/-/ready`. @default 30000 */
  readonly readyTimeoutMs?: number;
}

export interface PrometheusServer {
  /** `http://127.0.0.1:<port>`, the `prometheus.url` of the bindings. */
  readonly url: string;
  /** From spawn to the first 200 from `/-/ready`. */
  readonly startupMs: number;
  /** Stops the server and deletes its configuration and data. */
  stop(): Promise<void>;
}

export type PrometheusServerErrorCode = "not-ready" | "exited";

/** The server could not be started: broken infrastructure, not a test's failure. */
export class PrometheusServerError extends Error {
  override readonly name = "PrometheusServerError";
  constructor(
    readonly code: PrometheusServerErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const PORT_ATTEMPTS = 3;

/**
 * Starts a private Prometheus on 127.0.0.1 with its own configuration and TSDB in a temporary
 * folder, scraping `targets`, and resolves once it is ready. A port taken between choosing it
 * and binding it is retried on another.
 */
export async function startPrometheusServer(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), "bascule-prometheus-"));
  const config = join(dir, "prometheus.yml");
  writeFileSync(config, renderConfig(options.targets, options.scrapeInterval ?? "1s"));
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const started = await startOnPort(options, config, join(dir, `data-${attempt}`), port);
    if (started.kind === "ready") {
      return {
        url: `http://127.0.0.1:${port}`,
        startupMs: started.startupMs,
        stop: async () => {
          await stopProcess(started.child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!started.portTaken || attempt >= PORT_ATTEMPTS) {
      rmSync(dir, { recursive: true, force: true });
      throw started.error;
    }
  }
}

type Started = { kind: "ready"; child: ChildProcess; startupMs: number } | { kind: "failed"; error: PrometheusServerError; portTaken: boolean };

async function startOnPort(options: StartPrometheusOptions, config: string, data: string, port: number): Promise<Started> {
  const startedAt = performance.now();
  const child = spawn(options.binary, [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4096);
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", () => {
    exited = true;
  });
  const deadline = startedAt + (options.readyTimeoutMs ?? 30_000);
  while (!exited && performance.now() < deadline) {
    if (await isReady(port)) return { kind: "ready", child, startupMs: Math.round(performance.now() - startedAt) };
    await sleep(25);
  }
  await stopProcess(child);
  const tail = log.trim() === "" ? "" : `\n${log.trim()}`;
  const error = exited
    ? new PrometheusServerError("exited", `prometheus exited before it was ready${tail}`)
    : new PrometheusServerError("not-ready", `prometheus was not ready within ${options.readyTimeoutMs ?? 30_000} ms${tail}`);
  return { kind: "failed", error, portTaken: /address already in use/i.test(log) };
}

function renderConfig(targets: readonly string[], interval: string): string {
  return [
    "global:",
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    "scrape_configs:",
    "  - job_name: app",
    "    static_configs:",
    `      - targets: [${targets.map((t) => JSON.stringify(t)).join(", ")}]`,
    "",
  ].join("\n");
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(killer);
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
