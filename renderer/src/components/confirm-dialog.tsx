/**
 * "Are you sure?" for things that cannot be undone (remove a feed, clear its history).
 */
import { useState } from 'react'
import { Dialog } from './dialog.tsx'
import { useT } from '../i18n/translate.ts'
import { errorMessage } from '../util/error-message.ts'

export interface ConfirmProps {
  title: string
  message: string
  confirmLabel: string
  onConfirm: () => Promise<void>
  onClose: () => void
}

/** Cancel is focused first, so Enter never destroys by accident. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: ConfirmProps) {
  const { t } = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirm = (): void => {
    setBusy(true)
    onConfirm().then(onClose, (e: unknown) => {
      setBusy(false)
      setError(errorMessage(e))
    })
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      name="confirm"
      footer={
        <>
          <button type="button" data-autofocus onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={confirm}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
