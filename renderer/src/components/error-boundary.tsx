/**
 * The last line of defence: a rendering error shows what happened and a way back, instead of an
 * empty window. (React still logs the error; nothing is hidden.)
 */
import { Component, type ErrorInfo, type ReactNode } from 'react'

export interface ErrorBoundaryProps {
  /** The words around the message, already translated. */
  title: string
  reloadLabel: string
  children: ReactNode
}

/** Catches render errors below it. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('window render failed', error, info.componentStack)
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children
    return (
      <div className="notice error pad" role="alert">
        <p>
          {this.props.title} {this.state.error.message}
        </p>
        <button type="button" onClick={() => location.reload()}>
          {this.props.reloadLabel}
        </button>
      </div>
    )
  }
}
