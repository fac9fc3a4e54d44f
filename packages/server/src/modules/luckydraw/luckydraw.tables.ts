/** Lucky draws: prize pools, daily chances, chances earned by sharing, verifiable odds. */
export type LuckyDrawTables = {}
