/** The endings a test dataset file may have, in the order they are tried. */
export const datasetFileExtensions = [".yaml", ".yml", ".json"] as const;

/** The file names that may hold dataset `id`: `ID.yaml`, `ID.yml`, `ID.json`. */
export function datasetFileNames(id: string): string[] {
  return datasetFileExtensions.map((extension) => `${id}${extension}`);
}
