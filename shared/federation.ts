/** What the gateway sends for an entity another subgraph owns: its key, nothing more. */
export interface EntityReference {
  id: string;
}
