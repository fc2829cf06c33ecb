export type { Gs2ezPluginData } from './gs2ezPlugin.ts'
export { Gs2ezPlugin, gs2ezPlugin } from './gs2ezPlugin.ts'
// Exported so that importing the package brings in the `this.gs2ez` scene typing.
export type { Gs2ezScene } from './gs2ezScene.ts'
