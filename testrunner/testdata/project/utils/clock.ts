export function stamp(): string {
  return new Date().toISOString();
}
export function later(ms: number, f: () => void): void {
  setTimeout(f, ms);
}
