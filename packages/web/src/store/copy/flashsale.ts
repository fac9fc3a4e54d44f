/** Storefront copy for the flashsale screens: key → [中文, English]. */
export const flashsaleCopy = {} as const
