/**
 * Small hand-written validators for what the window sends. The renderer is untrusted, so every
 * argument is checked here before the core sees it: strings have length limits, URLs are http(s),
 * numbers are finite integers in range, objects carry only known keys of the right types. A
 * validator returns the value (typed) or throws an `InvalidArgumentError` that names the bad field.
 */
import { FEED_SCHEMES } from '../core/feeds/url.ts'

/** Rejection of an IPC argument; the message names the field and what was expected. */
export class InvalidArgumentError extends Error {
  readonly kind = 'invalid-argument'
  readonly path: string
  constructor(path: string, expected: string) {
    super(`invalid argument: ${path} must be ${expected}`)
    this.name = 'InvalidArgumentError'
    this.path = path
  }
}

/** Checks `value` (found at `path`, for messages) and returns it typed, or throws. */
export type Validator<T> = (value: unknown, path: string) => T

/** Marks an object key as optional: absent or `undefined` passes, anything else is validated. */
export interface Optional<T> {
  readonly optional: Validator<T>
}

/** Every key of T, each with its validator; optional keys of T need `optional(...)`. */
export type Shape<T> = {
  [K in keyof T]-?: object extends Pick<T, K> ? Optional<Exclude<T[K], undefined>> : Validator<T[K]>
}

const fail = (path: string, expected: string): never => {
  throw new InvalidArgumentError(path, expected)
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

// Control characters except tab; a user never types them into a name, header or search box.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/

/** A string of at most `max` UTF-16 units (at least `min`); control characters only if `multiline`. */
export const str =
  (opts: { max: number; min?: number; multiline?: boolean; pattern?: RegExp; patternName?: string }): Validator<string> =>
  (value, path) => {
    if (typeof value !== 'string') return fail(path, `a string (got ${describe(value)})`)
    const min = opts.min ?? 0
    if (value.length < min || value.length > opts.max) return fail(path, `a string of ${min}..${opts.max} characters`)
    if (!opts.multiline && CONTROL.test(value)) return fail(path, 'a string without control characters')
    if (opts.pattern && !opts.pattern.test(value)) return fail(path, opts.patternName ?? `a string matching ${String(opts.pattern)}`)
    return value
  }

/** An absolute URL of at most `max` characters whose scheme is one of `schemes` (e.g. `['http:', 'https:']`). */
const urlWith =
  (schemes: readonly string[], what: string) =>
  (max = 4096): Validator<string> =>
  (value, path) => {
    const text = str({ max, min: 1 })(value, path)
    let url: URL
    try {
      url = new URL(text)
    } catch {
      return fail(path, `an absolute ${what} URL`)
    }
    if (!schemes.includes(url.protocol)) return fail(path, `an ${what} URL`)
    return text
  }

/** An absolute http: or https: URL (links the user opens). */
export const httpUrl = urlWith(['http:', 'https:'], 'http(s)')

/**
 * A feed's URL: absolute, with a scheme the core takes for a feed — http(s), ws(s) for WebSocket
 * feeds, `tidings-example:` for the built-in example feed (the core checks it further).
 */
export const feedUrl = urlWith(FEED_SCHEMES, 'http(s), ws(s) or tidings-example')

/** A finite integer in [min, max]. */
export const int =
  (min: number, max: number): Validator<number> =>
  (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return fail(path, `an integer (got ${describe(value)})`)
    if (value < min || value > max) return fail(path, `an integer in ${min}..${max}`)
    return value
  }

/** true or false. */
export const bool: Validator<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : fail(path, `a boolean (got ${describe(value)})`)

/** One of a fixed list of primitive values. */
export const oneOf =
  <const T extends readonly (string | number)[]>(choices: T): Validator<T[number]> =>
  (value, path) =>
    choices.includes(value as T[number]) ? (value as T[number]) : fail(path, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`)

/** null, or what `inner` accepts. */
export const nullable =
  <T>(inner: Validator<T>): Validator<T | null> =>
  (value, path) =>
    value === null ? null : inner(value, path)

/** Wraps a validator for an optional object key. */
export const optional = <T>(inner: Validator<T>): Optional<T> => ({ optional: inner })

/** An array of at most `max` items, each accepted by `item`. */
export const arrayOf =
  <T>(item: Validator<T>, max: number): Validator<T[]> =>
  (value, path) => {
    if (!Array.isArray(value)) return fail(path, `an array (got ${describe(value)})`)
    if (value.length > max) return fail(path, `an array of at most ${max} items`)
    return value.map((v, i) => item(v, `${path}[${i}]`))
  }

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A plain object of at most `max` entries; keys and values checked by `key` and `val`. */
export const recordOf =
  (key: Validator<string>, val: Validator<string>, max: number): Validator<Record<string, string>> =>
  (value, path) => {
    if (!isPlainObject(value)) return fail(path, `an object (got ${describe(value)})`)
    const entries = Object.entries(value)
    if (entries.length > max) return fail(path, `an object with at most ${max} entries`)
    // fromEntries defines own properties, so even a key named "__proto__" stays plain data.
    return Object.fromEntries(entries.map(([k, v]) => [key(k, `${path} key`), val(v, `${path}.${k}`)]))
  }

/**
 * A plain object with exactly the keys of `shape`: unknown keys are rejected, required keys must be
 * present, optional ones may be absent or undefined. The result is a fresh object (no prototype
 * tricks survive).
 */
export const object =
  <T>(shape: Shape<T>): Validator<T> =>
  (value, path) => {
    if (!isPlainObject(value)) return fail(path, `an object (got ${describe(value)})`)
    const fields = shape as Record<string, Validator<unknown> | Optional<unknown>>
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) fail(`${path}.${key}`, 'absent (unknown key)')
    }
    const out: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(fields)) {
      const v = value[key]
      if (typeof field === 'function') out[key] = field(v, `${path}.${key}`)
      else if (v !== undefined) out[key] = field.optional(v, `${path}.${key}`)
    }
    return out as T
  }

/** An object whose `tag` key picks which shape applies (a discriminated union). */
export const tagged =
  <K extends string, T extends Record<K, string>>(tag: K, variants: { [V in T[K]]: Validator<Extract<T, Record<K, V>>> }): Validator<T> =>
  (value, path) => {
    const chosen: unknown = isPlainObject(value) ? value[tag] : undefined
    if (typeof chosen !== 'string' || !Object.hasOwn(variants, chosen)) {
      return fail(`${path}.${tag}`, `one of ${Object.keys(variants).map((v) => JSON.stringify(v)).join(', ')}`)
    }
    return (variants as Record<string, Validator<T>>)[chosen]!(value, path)
  }

/** The arguments of one IPC call: exactly these positions, each with its validator. */
export const args =
  <T extends unknown[]>(...items: { [I in keyof T]: Validator<T[I]> }): ((values: readonly unknown[]) => T) =>
  (values) => {
    if (values.length !== items.length) fail('arguments', `${items.length} in number (got ${values.length})`)
    return items.map((item: Validator<unknown>, i) => item(values[i], `argument ${i + 1}`)) as T
  }
