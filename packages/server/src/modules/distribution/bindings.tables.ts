/** Referral bindings: which promoter each customer is bound to, and why. */
export type BindingsTables = {}
