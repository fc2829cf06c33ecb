export type { ChromiumSession } from './chromium.ts'
export { ChromiumMissingError, chromiumArgs, chromiumPath, launchChromium } from './chromium.ts'
export type { PageServer, PageServerOptions } from './pageServer.ts'
export { startPageServer } from './pageServer.ts'
