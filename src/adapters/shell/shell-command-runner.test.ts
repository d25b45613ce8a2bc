import { describeCommandRunnerContract } from "../../testing/command-runner-contract.js";
import { ShellCommandRunner } from "./shell-command-runner.js";

describeCommandRunnerContract("ShellCommandRunner", (options) => new ShellCommandRunner(options));
