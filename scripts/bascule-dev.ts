// Runs the CLI from source, for development and for tests that spawn a real process.
import { runCli } from "../src/cli/main.js";

process.exitCode = await runCli(process.argv.slice(2));
