/** Through which front end a person or an agent acts: recorded with what they cause. */
export type FrontEnd = "cli" | "mcp" | "dashboard" | "library";

/** Who is asking, and how: the name is the identity approver lists and the journal know. */
export interface Actor {
  readonly name: string;
  readonly via: FrontEnd;
}
