export const GS2_REGIONS = ['ap-northeast-1', 'us-east-1', 'eu-west-1', 'ap-southeast-1'] as const

export type Gs2Region = (typeof GS2_REGIONS)[number]

export const DEFAULT_REGION: Gs2Region = 'ap-northeast-1'
