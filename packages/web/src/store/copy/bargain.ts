/** Storefront copy for the bargain screens: key → [中文, English]. */
export const bargainCopy = {} as const
