/**
 * A modal dialog on the native <dialog> element: showModal() makes the rest of the window inert
 * and traps focus, Esc closes (through our onClose, so React stays in charge), and focus returns
 * to where it was when the dialog closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'

export interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  /** Buttons, right-aligned at the bottom. */
  footer?: ReactNode
  wide?: boolean
  /** data-testid-ish name for tests and styling hooks. */
  name?: string
}

/** role=dialog, aria-modal, labelled by its title. */
export function Dialog({ title, onClose, children, footer, wide, name }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('input, select, textarea, button')
    first?.focus()
    const cancel = (event: Event): void => {
      event.preventDefault()
      onCloseRef.current()
    }
    dialog.addEventListener('cancel', cancel)
    return () => {
      dialog.removeEventListener('cancel', cancel)
      if (dialog.open) dialog.close()
      previous?.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={wide === true ? 'dialog dialog-wide' : 'dialog'}
      aria-modal="true"
      aria-labelledby={titleId}
      data-dialog={name}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          event.stopPropagation()
          onCloseRef.current()
        }
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
      </header>
      <div className="dialog-body">{children}</div>
      {footer !== undefined && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  )
}
