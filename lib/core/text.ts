/** Splits a comma- or whitespace-separated list from an environment variable, dropping empty items. */
export function parseList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
