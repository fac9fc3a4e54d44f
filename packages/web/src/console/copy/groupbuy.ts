/** Console copy for the groupbuy screens: key → [中文, English]. */
export const groupbuyCopy = {} as const
