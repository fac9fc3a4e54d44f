/** Promoter programs, commission plans and promoters. */
export type ProgramsTables = {}
