/**
 * Pretty-printed JSON whose objects and arrays fold. Every value is rendered as text (strings in
 * JSON quotes), so markup inside a payload is shown, never interpreted. Children render only when
 * their parent is open, and very long containers show their first items, so a huge payload cannot
 * freeze the window.
 */
import { useState } from 'react'
import { useT } from '../i18n/translate.ts'

const MAX_CHILDREN = 500

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface NodeProps {
  name: string | null
  value: Json
  depth: number
  openDepth: number
  last: boolean
}

function Primitive({ value }: { value: null | boolean | number | string }) {
  const kind = value === null ? 'null' : typeof value
  return <span className={`json-${kind}`}>{typeof value === 'string' ? JSON.stringify(value) : String(value)}</span>
}

function JsonNode({ name, value, depth, openDepth, last }: NodeProps) {
  const { t } = useT()
  const [open, setOpen] = useState(depth < openDepth)
  const comma = last ? '' : ','
  const label = name === null ? null : <span className="json-key">{JSON.stringify(name)}: </span>
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {label}
        <Primitive value={value} />
        {comma}
      </div>
    )
  }
  const isArray = Array.isArray(value)
  const entries: [string | null, Json][] = isArray ? value.map((v) => [null, v]) : Object.entries(value)
  const [openMark, closeMark] = isArray ? ['[', ']'] : ['{', '}']
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {label}
        {openMark}
        {closeMark}
        {comma}
      </div>
    )
  }
  const count = isArray ? t('json.items', { count: entries.length }) : t('json.keys', { count: entries.length })
  return (
    <div className="json-node">
      <div className="json-line">
        <button
          type="button"
          className="json-toggle"
          aria-expanded={open}
          aria-label={open ? t('json.collapse') : t('json.expand')}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        {label}
        {openMark}
        {!open && (
          <>
            <span className="json-folded"> {count} </span>
            {closeMark}
            {comma}
          </>
        )}
      </div>
      {open && (
        <>
          <div className="json-children">
            {entries.slice(0, MAX_CHILDREN).map(([key, child], index) => (
              <JsonNode
                key={index}
                name={key}
                value={child}
                depth={depth + 1}
                openDepth={openDepth}
                last={index === Math.min(entries.length, MAX_CHILDREN) - 1}
              />
            ))}
            {entries.length > MAX_CHILDREN && (
              <div className="json-line muted">{t('json.more', { count: entries.length - MAX_CHILDREN })}</div>
            )}
          </div>
          <div className="json-line">
            {closeMark}
            {comma}
          </div>
        </>
      )}
    </div>
  )
}

/** Parses `text` as JSON object or array; null when it is not one. */
export function parseJsonContainer(text: string): Json | null {
  const first = text.trimStart()[0]
  if (first !== '{' && first !== '[') return null
  try {
    return JSON.parse(text) as Json
  } catch {
    return null
  }
}

/** The tree, open to `openDepth` levels. */
export function JsonTree({ value, openDepth = 2 }: { value: Json; openDepth?: number }) {
  return (
    <div className="json-tree">
      <JsonNode name={null} value={value} depth={0} openDepth={openDepth} last />
    </div>
  )
}
