import type { CommandRequest, CommandResult, CommandRunner } from "../../ports/command-runner.js";
import { redactSecrets } from "./redact-secrets.js";
import { SecretStreamMasker } from "./secret-stream-masker.js";

/** Characters of masked output kept as a result's `outputTail`. */
const TAIL_CHARS = 64 * 1024;

/**
 * Runs commands through another runner and masks secrets in everything that comes back: the
 * output, each stream masked whole as it arrives (a secret printed in pieces is caught), and
 * the result's output tail and messages. Whoever receives the output only ever sees it masked.
 */
export class SecretMaskingCommandRunner implements CommandRunner {
  constructor(
    private readonly inner: CommandRunner,
    private readonly secrets: readonly string[],
  ) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    const secrets = this.secrets;
    const streams = { stdout: new SecretStreamMasker(secrets), stderr: new SecretStreamMasker(secrets) };
    const tail = new MaskedTail();
    let streamed = false;
    const emit = (stream: "stdout" | "stderr", text: string): void => {
      if (text === "") return;
      tail.append(text);
      request.onOutput?.(stream, text);
    };
    const result = await this.inner.run({
      ...request,
      onOutput: (stream, text) => {
        streamed = true;
        emit(stream, streams[stream].write(text));
      },
    });
    emit("stdout", streams.stdout.end());
    emit("stderr", streams.stderr.end());
    if (result.kind === "failed-to-start") return { ...result, message: redactSecrets(result.message, secrets) };
    // The runner's own tail interleaves raw chunks and may start inside a secret; this one is
    // cut from what was already masked. A runner that streamed nothing has only its own.
    return { ...result, outputTail: streamed ? tail.text() : redactSecrets(result.outputTail, secrets) };
  }
}

/** The last characters of the masked output of both streams, in the order they were shown. */
class MaskedTail {
  #text = "";

  append(text: string): void {
    this.#text += text;
    // Trimming only at twice the limit keeps the cost per character constant.
    if (this.#text.length > 2 * TAIL_CHARS) this.#trim();
  }

  text(): string {
    this.#trim();
    return this.#text;
  }

  #trim(): void {
    if (this.#text.length <= TAIL_CHARS) return;
    let start = this.#text.length - TAIL_CHARS;
    // Never start on the second half of a surrogate pair.
    const code = this.#text.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff) start++;
    this.#text = this.#text.slice(start);
  }
}
