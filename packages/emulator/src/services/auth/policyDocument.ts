import { badRequest } from '../../server/emulatorError.ts'

const invalid = (why: string) =>
  badRequest('policyDocument', 'auth.policyDocument.invalid', `policyDocument: ${why}`)

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((x) => typeof x === 'string' && x.length > 0)

/**
 * GS2 policy documents: `{"Version": "2016-04-01", "Statements": [{"Effect": "Allow"|"Deny",
 * "Actions": [...], "Resources": [...]?}]}`. The emulator checks the shape (a federated token
 * can only narrow permissions, so a malformed one is refused rather than read as "allow all");
 * it does not enforce the statements.
 */
export const validatePolicyDocument = (text: string): void => {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw invalid('not valid JSON')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw invalid('must be a JSON object')
  const statements = (doc as { Statements?: unknown }).Statements
  if (!Array.isArray(statements)) throw invalid('Statements must be an array')
  statements.forEach((statement: unknown, i) => {
    if (typeof statement !== 'object' || statement === null)
      throw invalid(`Statements[${i}] must be an object`)
    const { Effect, Actions, Resources } = statement as Record<string, unknown>
    if (Effect !== 'Allow' && Effect !== 'Deny')
      throw invalid(`Statements[${i}].Effect must be "Allow" or "Deny"`)
    if (!isStringList(Actions))
      throw invalid(`Statements[${i}].Actions must be a non-empty array of strings`)
    if (Resources !== undefined && !isStringList(Resources)) {
      throw invalid(`Statements[${i}].Resources must be a non-empty array of strings`)
    }
  })
}
