/**
 * Every language has exactly the English keys, no empty message, and the same {{placeholders}}
 * per message (a translation that drops {{status}} would hide the fact the user needs).
 */
import { describe, expect, test } from 'vitest'
import { en } from '../src/i18n/en.ts'
import { zhCN } from '../src/i18n/zh-cn.ts'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort()

describe('message catalogues', () => {
  const english = flatten(en)
  const languages: [string, Map<string, string>][] = [['zh-CN', flatten(zhCN)]]

  test('English has messages', () => {
    expect(english.size).toBeGreaterThan(100)
  })

  for (const [name, catalogue] of languages) {
    test(`${name} has exactly the English keys`, () => {
      expect([...catalogue.keys()].sort()).toEqual([...english.keys()].sort())
    })

    test(`${name} has no empty message and keeps every placeholder`, () => {
      for (const [key, message] of english) {
        const translated = catalogue.get(key) ?? ''
        expect(translated.trim(), key).not.toBe('')
        expect(placeholders(translated), key).toEqual(placeholders(message))
      }
    })
  }

  test('zh-CN is actually Chinese where English has words', () => {
    const chinese = flatten(zhCN)
    const han = /\p{Script=Han}/u
    const untranslated = [...english].filter(([key, text]) => /[a-z]{4,}/i.test(text) && !han.test(chinese.get(key) ?? '') && !['preset.ntfy', 'preset.mercure', 'detail.json', 'test.status', 'welcome.mercure', 'short.http'].includes(key))
    expect(untranslated.map(([key]) => key)).toEqual([])
  })
})
