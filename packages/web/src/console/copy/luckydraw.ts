/** Console copy for the luckydraw screens: key → [中文, English]. */
export const luckydrawCopy = {} as const
