/** A data migration that cannot start as written or bound: the user must change the plan or the bindings. */
export class DataMigrationError extends Error {
  override readonly name = "DataMigrationError";
}
