/** Flash sales: campaigns, time slots with carved stock, and purchases built for a crowd. */
export type FlashSaleTables = {}
