/**
 * The boundary between the event list and the detail pane: drag it with the pointer or move it with
 * the arrow keys (a focusable separator, as WAI-ARIA's window splitter pattern describes). The width
 * and whether the pane is collapsed are remembered in the window's local storage.
 */
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'

const KEY = 'tidings.detailPane'
const MIN_DETAIL = 220
const MIN_LIST = 300
/** Until the user drags, the pane takes 40% of the room, between these (styles/layout.css says the same). */
const DEFAULT_SHARE = 0.4
const DEFAULT_MIN = 240
const DEFAULT_MAX = 400
const STEP = 24
/** The splitter's own width (styles/layout.css: the grid's middle column, and `100% - 305px`). */
const SPLITTER = 5

interface Stored {
  /** null: the user never chose a width (the default share applies). */
  width: number | null
  collapsed: boolean
}

function load(): Stored {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Stored> | null
    return {
      width: typeof value?.width === 'number' && Number.isFinite(value.width) ? value.width : null,
      collapsed: value?.collapsed === true,
    }
  } catch {
    return { width: null, collapsed: false }
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
  /** The width the user chose; null until they do. */
  width: number | null
  collapsed: boolean
  /** The width shown now: the chosen one (within what the list leaves), or the default share. */
  shownWidth: () => number
  /** A chosen width; null goes back to the default. */
  setWidth: (width: number | null) => void
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
    (width: number | null) =>
      setState((current) => {
        const next = { ...current, width: width === null ? null : Math.round(Math.max(MIN_DETAIL, Math.min(maxWidth(), width))) }
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
  const shownWidth = useCallback(() => {
    const room = bodyRef.current?.clientWidth ?? 1000
    const wanted = state.width ?? Math.max(DEFAULT_MIN, Math.min(DEFAULT_MAX, room * DEFAULT_SHARE))
    return Math.min(wanted, maxWidth())
  }, [state.width, maxWidth])
  return { ...state, shownWidth, setWidth, setCollapsed, bodyRef, maxWidth }
}

/** role=separator between the list and the pane. */
export function Splitter({ layout, label }: { layout: DetailLayout; label: string }) {
  /** Where the pointer grabbed the splitter, relative to the pane's edge; null when not dragging. */
  const grab = useRef<number | null>(null)
  const shown = layout.shownWidth()
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
      onDoubleClick={() => layout.setWidth(null)}
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
