/**
 * Something a person or an agent can do next about a run, as data: the CLI words it as a
 * `bascule …` command, the MCP server as a tool call, the dashboard as a button. `environment`
 * is the bindings' environment the action must name; absent for a run started without one.
 */
export type Remedy = { readonly environment?: string } & (
  | { readonly kind: "run"; readonly fresh?: boolean; readonly ignoreWindow?: boolean }
  | { readonly kind: "status" }
  | { readonly kind: "rollback"; readonly level: "step" | "phase" | "full" }
  | { readonly kind: "retry" }
  | { readonly kind: "decide"; readonly decision: "proceed" | "retry" | "rollback" }
  | { readonly kind: "attest"; readonly text: string }
  | { readonly kind: "approve"; readonly gateId: string; readonly role: string }
  | { readonly kind: "resolve"; readonly stepId: string }
  /** Say which of these roles the approval is for. */
  | { readonly kind: "choose-role"; readonly roles: readonly string[] }
  /** Sign as the role's own name: approvals without bindings. */
  | { readonly kind: "sign-as-role"; readonly role: string }
);
