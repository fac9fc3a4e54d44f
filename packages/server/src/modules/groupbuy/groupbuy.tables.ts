/** Group buys: deals, groups, seats, and how groups succeed, fail and refund. */
export type GroupBuyTables = {}
