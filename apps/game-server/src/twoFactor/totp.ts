import { generateSync, generateURI, ScureBase32Plugin, verifySync } from 'otplib'
import type { RandomBytes } from '../config.ts'

const base32 = new ScureBase32Plugin()

/** 160-bit secret (RFC 4226 §4 recommends it), base32 without padding as authenticator apps expect. */
export const generateTotpSecret = (random: RandomBytes): string =>
  base32.encode(random(20), { padding: false })

export const totpUri = (options: { issuer: string; label: string; secret: string }): string =>
  generateURI({ issuer: options.issuer, label: options.label, secret: options.secret })

/** The code an authenticator app shows at `nowMs` (load tests, tools). */
export const totpCode = (secret: string, nowMs: number): string =>
  generateSync({ secret, epoch: Math.floor(nowMs / 1000) })

export type TotpCheck = { valid: true; timeStep: number } | { valid: false }

/**
 * One step (30 s) of drift either way, the usual tolerance for phone clocks. A code at or before
 * `afterTimeStep` was already used and is refused: a TOTP code is single-use too.
 */
export function checkTotp(options: {
  secret: string
  code: string
  nowMs: number
  afterTimeStep: number | null
}): TotpCheck {
  const result = verifySync({
    secret: options.secret,
    token: options.code,
    epoch: Math.floor(options.nowMs / 1000),
    epochTolerance: 30,
    ...(options.afterTimeStep === null ? {} : { afterTimeStep: options.afterTimeStep }),
  })
  // verifySync's type covers HOTP too; a TOTP result always carries its time step.
  if (!result.valid || !('timeStep' in result)) return { valid: false }
  return { valid: true, timeStep: result.timeStep }
}
