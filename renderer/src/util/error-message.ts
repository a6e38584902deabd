/**
 * A rejected bridge call as one readable sentence. Electron wraps main's errors as
 * "Error invoking remote method 'feeds:add': Error: <message>"; the user needs only <message>.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/^Error invoking remote method '[^']*': /, '').replace(/^(?:[A-Za-z]*Error): /, '')
}
