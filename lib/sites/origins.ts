/** The origins asked for a host: https and http (some practice programs run on the local network). */
export function originsOf(host: string): string[] {
  return [`https://${host}/*`, `http://${host}/*`];
}
