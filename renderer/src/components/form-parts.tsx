/**
 * The pieces the feed dialog is built of: a labelled field with its problem and hint, a section
 * that opens on demand (or when a field in it needs attention), and a checkbox. Split from
 * feed-dialog.tsx so the dialog reads as the form it is.
 */
import { useState, type ReactNode } from 'react'
import type { ProblemField } from '../feeds/feed-form.ts'

/** The id of a field's problem message (aria-describedby). */
export const problemId = (field: ProblemField): string => `feed-problem-${field.replace(':', '-')}`

/** A labelled input with its problem (announced, linked by id) and a hint under it. */
export function Field({ label, hint, problem, children }: { label: string; hint?: string; problem?: { field: ProblemField; text: string } | null; children: ReactNode }) {
  return (
    <div className={problem ? 'field invalid' : 'field'}>
      <label>
        <span className="field-label">{label}</span>
        {children}
      </label>
      {problem && (
        <span className="field-error" role="alert" id={problemId(problem.field)}>
          {problem.text}
        </span>
      )}
      {hint !== undefined && <span className="hint">{hint}</span>}
    </div>
  )
}

/** A collapsible part of the form; the basics stay visible, the rest opens on demand (or when a field in it needs attention). */
export function Section({ title, initiallyOpen, force = false, children }: { title: string; initiallyOpen: boolean; force?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen)
  // A problem inside opens the section in the same render, so the field can be focused at once.
  const [forced, setForced] = useState(force)
  if (forced !== force) {
    setForced(force)
    if (force) setOpen(true)
  }
  return (
    <details className="section" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      <div className="section-body">{children}</div>
    </details>
  )
}

/** A checkbox with its label. */
export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  )
}
