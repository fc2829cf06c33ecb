import { z } from 'zod'
import { AUTH_LIMITS } from './limits.ts'

// Shared field schemas, so every request checks a field against the same limit.

export const userIdField = z.string().min(1).max(AUTH_LIMITS.userId)

export const timeOffsetField = z.int().min(AUTH_LIMITS.timeOffsetMin).max(AUTH_LIMITS.timeOffsetMax)

export const timeOffsetTokenField = z.string().min(1).max(AUTH_LIMITS.timeOffsetToken)

export const keyIdField = z.string().min(1).max(AUTH_LIMITS.keyId)
