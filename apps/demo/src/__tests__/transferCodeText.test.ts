import { expect, test } from 'vitest'
import { splitCopiedTransferCode, transferCodeText } from '../ui/transferCodePanel.ts'

const code = { type: 0, userIdentifier: 'K7QX-M2PF-W9HT', password: '4RJD-8NVC-TQ2K-HW7P' }

test('what Copy puts on the clipboard names both parts, and pasting it back splits them', () => {
  const copied = transferCodeText(code)
  expect(copied).toBe('Star Sweeper transfer code: K7QX-M2PF-W9HT\nPassword: 4RJD-8NVC-TQ2K-HW7P')
  const parts = { userIdentifier: code.userIdentifier, password: code.password }
  expect(splitCopiedTransferCode(copied)).toEqual(parts)
  // An input field turns the line break into a space.
  expect(splitCopiedTransferCode(copied.replace('\n', ' '))).toEqual(parts)
})

test('a code typed by hand is left alone', () => {
  expect(splitCopiedTransferCode('K7QX-M2PF-W9HT')).toBeUndefined()
  expect(splitCopiedTransferCode('transfer code: K7QX')).toBeUndefined()
})
