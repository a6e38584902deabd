/**
 * axe-core in the test page: the library is evaluated through the DevTools protocol (the page's
 * CSP forbids injected script tags, and must stay strict), then run over the whole document.
 * Returns the serious and critical violations, one line each, so a test asserts on an empty list.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from './harness.ts'

const source = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[]
}

/** Serious and critical axe violations on the page as it is now ("id: help — selectors"). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')
  if (!loaded) await page.evaluate(source)
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return (result as AxeResult).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join('; ')}`)
}
