// @vitest-environment happy-dom
import { expect, test } from 'vitest'
import { copyToClipboard } from '../ui/copyToClipboard.ts'

test('the clipboard API gets the text when it is there', async () => {
  const written: string[] = []
  const copied = await copyToClipboard('K7QX', {
    clipboard: () => ({ writeText: async (text: string) => void written.push(text) }),
  })
  expect(copied).toBe(true)
  expect(written).toEqual(['K7QX'])
})

test('a missing or refusing clipboard falls back to a selected textarea, and cleans it up', async () => {
  const selected: string[] = []
  const commands: string[] = []
  const doc = Object.assign(document, {
    execCommand: (command: string) => {
      commands.push(command)
      selected.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '')
      return true
    },
  })
  const refusing = {
    writeText: async () => {
      throw new DOMException('denied', 'NotAllowedError')
    },
  }
  expect(await copyToClipboard('A-B', { clipboard: () => refusing, document: () => doc })).toBe(
    true,
  )
  expect(await copyToClipboard('C-D', { clipboard: () => undefined, document: () => doc })).toBe(
    true,
  )
  expect(commands).toEqual(['copy', 'copy'])
  expect(document.querySelectorAll('textarea')).toHaveLength(0)
  // Nothing to copy with: says so instead of pretending.
  expect(
    await copyToClipboard('E', { clipboard: () => undefined, document: () => undefined }),
  ).toBe(false)
})
