/**
 * The boundary between the event list and the detail pane: drag it with the pointer or move it with
 * the arrow keys (a focusable separator, as WAI-ARIA's window splitter pattern describes). The width
 * and whether the pane is collapsed are remembered in the window's local storage.
 */
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'

const KEY = 'tidings.detailPane'
const MIN_DETAIL = 220
const MIN_LIST = 300
const DEFAULT_WIDTH = 360
const STEP = 24
/** The splitter's own width (styles/layout.css: the grid's middle column, and `100% - 305px`). */
const SPLITTER = 5

interface Stored {
  width: number
  collapsed: boolean
}

function load(): Stored {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Stored> | null
    return {
      width: typeof value?.width === 'number' && Number.isFinite(value.width) ? value.width : DEFAULT_WIDTH,
      collapsed: value?.collapsed === true,
    }
  } catch {
    return { width: DEFAULT_WIDTH, collapsed: false }
  }
}

function save(value: Stored): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(value))
  } catch {
    // Storage refused (private mode): the layout still works for this session.
  }
}

/** The detail pane's layout state. */
export interface DetailLayout {
  width: number
  collapsed: boolean
  setWidth: (width: number) => void
  setCollapsed: (collapsed: boolean) => void
  bodyRef: RefObject<HTMLDivElement | null>
  /** The largest width the list leaves room for now. */
  maxWidth: () => number
}

/** Width and collapsed state, remembered. */
export function useDetailLayout(): DetailLayout {
  const [state, setState] = useState<Stored>(load)
  const bodyRef = useRef<HTMLDivElement>(null)
  const maxWidth = useCallback(() => Math.max(MIN_DETAIL, (bodyRef.current?.clientWidth ?? 1000) - MIN_LIST - SPLITTER), [])
  const setWidth = useCallback(
    (width: number) =>
      setState((current) => {
        const next = { ...current, width: Math.round(Math.max(MIN_DETAIL, Math.min(maxWidth(), width))) }
        save(next)
        return next
      }),
    [maxWidth],
  )
  const setCollapsed = useCallback(
    (collapsed: boolean) =>
      setState((current) => {
        const next = { ...current, collapsed }
        save(next)
        return next
      }),
    [],
  )
  return { ...state, setWidth, setCollapsed, bodyRef, maxWidth }
}

/** role=separator between the list and the pane. */
export function Splitter({ layout, label }: { layout: DetailLayout; label: string }) {
  /** Where the pointer grabbed the splitter, relative to the pane's edge; null when not dragging. */
  const grab = useRef<number | null>(null)
  const shown = Math.min(layout.width, layout.maxWidth())
  const widthAt = (event: PointerEvent<HTMLDivElement>): number | null => {
    const body = layout.bodyRef.current
    return body === null ? null : body.getBoundingClientRect().right - event.clientX
  }
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuemin={MIN_DETAIL}
      aria-valuemax={Math.round(layout.maxWidth())}
      aria-valuenow={Math.round(shown)}
      tabIndex={0}
      onPointerDown={(event) => {
        const at = widthAt(event)
        if (at === null) return
        grab.current = at - shown
        event.currentTarget.setPointerCapture(event.pointerId)
      }}
      onPointerMove={(event) => {
        const at = widthAt(event)
        if (grab.current !== null && at !== null) layout.setWidth(at - grab.current)
      }}
      onPointerUp={(event) => {
        grab.current = null
        event.currentTarget.releasePointerCapture(event.pointerId)
      }}
      onDoubleClick={() => layout.setWidth(DEFAULT_WIDTH)}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
        // The pane is on the right: Left makes it wider, Right narrower.
        if (event.key === 'ArrowLeft') layout.setWidth(shown + STEP)
        else if (event.key === 'ArrowRight') layout.setWidth(shown - STEP)
        else if (event.key === 'Home') layout.setWidth(MIN_DETAIL)
        else if (event.key === 'End') layout.setWidth(layout.maxWidth())
        else return
        event.preventDefault()
      }}
    />
  )
}
