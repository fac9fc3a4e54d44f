/** Share tokens: who shared what, where, and every open of it. */
export type SharingTables = {}
