/** Bargains: a shopper starts one, friends cut the price down to its floor. */
export type BargainTables = {}
