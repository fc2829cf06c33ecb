import { ValidationError } from './errors/validationError.ts'
import type { Gs2Region } from './region.ts'

export const DEFAULT_ENDPOINT_TEMPLATE = 'https://{service}.{region}.gen2.gs2io.com'

const SERVICE = /^[a-z][a-z0-9-]*$/

/**
 * Checks an endpoint template once, at session construction, so a typo fails at startup and not
 * on the first login.
 */
export const validateEndpointTemplate = (template: string): string => {
  if (!template.includes('{service}')) {
    throw new ValidationError(`endpointTemplate must contain {service} (got ${template})`, {
      field: 'endpointTemplate',
      reason: 'missing_service',
    })
  }
  let url: URL
  try {
    url = new URL(template.replaceAll('{service}', 'service').replaceAll('{region}', 'region'))
  } catch (cause) {
    throw new ValidationError(`endpointTemplate is not a URL (got ${template})`, {
      field: 'endpointTemplate',
      reason: 'invalid_url',
      cause,
    })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(`endpointTemplate must be http or https (got ${url.protocol})`, {
      field: 'endpointTemplate',
      reason: 'invalid_url',
    })
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ValidationError('endpointTemplate must not have a query or a fragment', {
      field: 'endpointTemplate',
      reason: 'invalid_url',
    })
  }
  return template.replace(/\/+$/, '')
}

/** Base URL of one service, e.g. `https://auth.ap-northeast-1.gen2.gs2io.com`. */
export const serviceEndpoint = (template: string, service: string, region: Gs2Region): string => {
  if (!SERVICE.test(service)) {
    throw new ValidationError(`service must be a lowercase GS2 service id (got ${service})`, {
      field: 'service',
      reason: 'invalid_format',
    })
  }
  return template.replaceAll('{service}', service).replaceAll('{region}', region)
}
