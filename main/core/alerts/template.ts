/**
 * Per-feed title/body templates: `{{data}}` the raw data, `{{type}}` the event type, `{{id}}` the
 * event id, `{{feed}}` the feed's name, and any other `{{path.to.field}}` a field of JSON data
 * (`{{data.path}}` reaches a field even when it is called `type`, `id` or `feed`). A missing field,
 * or any field when the data is not JSON, becomes ''. Output is text, never markup.
 */

/** Event data parsed once: the JSON value when the data is JSON, else `undefined`. */
export function parseData(data: string): unknown {
  const first = data.trimStart()[0]
  // Only objects and arrays: plain text such as `42` or `true` stays text.
  if (first !== '{' && first !== '[') return undefined
  try {
    return JSON.parse(data) as unknown
  } catch {
    return undefined
  }
}

/** An own property of a JSON object (never the prototype's `constructor`, `__proto__`, …). */
export function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined
  if (Array.isArray(value)) {
    if (!/^\d+$/.test(key)) return undefined
    return value[Number(key)]
  }
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
}

/** The value at a dotted path (`user.name`, `items.0.title`) of parsed JSON; `undefined` if absent. */
export function fieldAt(json: unknown, path: string): unknown {
  let value = json
  for (const key of path.split('.')) {
    value = field(value, key)
    if (value === undefined) return undefined
  }
  return value
}

/** How a JSON value reads as text: strings as they are, numbers/booleans printed, objects compact. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** What a template can refer to. */
export interface TemplateScope {
  data: string
  json: unknown
  type: string
  id: string
  feed: string
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

/** Fill in a template; unknown placeholders become ''. */
export function expandTemplate(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name) {
      case 'data':
        return scope.data
      case 'type':
        return scope.type
      case 'id':
        return scope.id
      case 'feed':
        return scope.feed
      default: {
        if (name === '') return ''
        const path = name.startsWith('data.') ? name.slice('data.'.length) : name
        return valueText(fieldAt(scope.json, path))
      }
    }
  })
}
