import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry } from "prom-client";

/**
 * An application's `/metrics` endpoint for tests, on 127.0.0.1 and a free port: the test
 * creates counters and gauges, sets their values, and a real Prometheus scrapes them.
 */
export interface MetricsExporter {
  /** `127.0.0.1:<port>`, a Prometheus scrape target. */
  readonly target: string;
  /** `http://127.0.0.1:<port>/metrics`. */
  readonly url: string;
  /** Scrapes served so far. */
  readonly scrapes: number;
  counter<L extends string = never>(name: string, labelNames?: readonly L[]): Counter<L>;
  gauge<L extends string = never>(name: string, labelNames?: readonly L[]): Gauge<L>;
  close(): Promise<void>;
}

export async function startMetricsExporter(): Promise<MetricsExporter> {
  // A registry of its own: prom-client's global one is shared by everything in the process.
  const registry = new Registry();
  let scrapes = 0;
  const server = createServer((request, response) => {
    if (request.url !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    scrapes++;
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const help = (name: string) => `${name}, set by a test`;
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/metrics`,
    get scrapes() {
      return scrapes;
    },
    counter: (name, labelNames = []) => new Counter({ name, help: help(name), labelNames, registers: [registry] }),
    gauge: (name, labelNames = []) => new Gauge({ name, help: help(name), labelNames, registers: [registry] }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
