/**
 * Failures the user must hear about, from anywhere in the window: a bridge call that was refused
 * (pause, mark read, open a link, …) reports one sentence here instead of being swallowed, and the
 * window shows it at the top of the main column until dismissed. The same sentence twice is shown once.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { X } from 'lucide-react'
import { useT } from '../i18n/translate.ts'

export interface Problem {
  id: number
  text: string
}

interface ProblemsApi {
  problems: Problem[]
  report: (text: string) => void
  dismiss: (id: number) => void
}

const ProblemsContext = createContext<ProblemsApi | null>(null)

/** Holds the window's problems. */
export function ProblemsProvider({ children }: { children: ReactNode }) {
  const [problems, setProblems] = useState<Problem[]>([])
  const report = useCallback((text: string) => {
    setProblems((list) => (list.some((p) => p.text === text) ? list : [...list.slice(-4), { id: Date.now() + Math.random(), text }]))
  }, [])
  const dismiss = useCallback((id: number) => setProblems((list) => list.filter((p) => p.id !== id)), [])
  const value = useMemo(() => ({ problems, report, dismiss }), [problems, report, dismiss])
  return <ProblemsContext.Provider value={value}>{children}</ProblemsContext.Provider>
}

/** `report(sentence)`: show a failure to the user. Outside a provider it logs (tests of parts). */
export function useReport(): (text: string) => void {
  const api = useContext(ProblemsContext)
  return api?.report ?? ((text: string) => console.warn(text))
}

/** The visible list: one alert per problem, each with a dismiss button. */
export function ProblemList() {
  const api = useContext(ProblemsContext)
  const { t } = useT()
  if (api === null || api.problems.length === 0) return null
  return (
    <div className="problems" role="group" aria-label={t('problems.label')}>
      {api.problems.map((problem) => (
        <div key={problem.id} className="notice error" role="alert">
          <span>{problem.text}</span>
          <button type="button" className="icon small" aria-label={t('common.dismiss')} title={t('common.dismiss')} onClick={() => api.dismiss(problem.id)}>
            <X size={14} aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  )
}
