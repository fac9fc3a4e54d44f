import { Type } from '@sinclair/typebox'
import { DateTime, Id, Nullable } from '../../platform/http/schemas.js'
import { PromoterStatus } from './programs.schemas.js'

const closed = { additionalProperties: false }

export const DepartmentName = Type.String({ minLength: 1, maxLength: 50 })
export const DepartmentBody = Type.Object({ name: DepartmentName }, closed)

export const Department = Type.Object({
  id: Id,
  name: Type.String(),
  /** People on the staff list in it now. */
  staffCount: Type.Integer(),
  createdAt: DateTime,
})

export const StaffMember = Type.Object({
  /** The staff member is their promoter record: the same id. */
  id: Id,
  promoterId: Id,
  shopperId: Id,
  name: Type.String(),
  phoneMasked: Type.String(),
  employeeNo: Nullable(Type.String()),
  departmentId: Nullable(Id),
  departmentName: Nullable(Type.String()),
  promoterStatus: PromoterStatus,
  addedAt: DateTime,
  removedAt: Nullable(DateTime),
  removedReason: Nullable(Type.String()),
})

export const StaffQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    departmentId: Type.Optional(Id),
    /** The people taken off the list instead of those on it. */
    removed: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
)

export const MoveBody = Type.Object({ departmentId: Id }, closed)
export const RemoveBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, closed)

export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, closed)

const ImportAction = Type.Union([
  Type.Literal('add'),
  Type.Literal('update'),
  Type.Literal('reinstate'),
  Type.Literal('unchanged'),
])

export const ImportProblem = Type.Object({
  /** The row as the spreadsheet numbers it (1 is the header; 0 is the file as a whole). */
  row: Type.Integer(),
  /** `name`, `phone`, `department`, `employeeNo` or `file`. */
  field: Type.String(),
  code: Type.String(),
  /** In the caller's language. */
  message: Type.String(),
})

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  reinstated: Type.Integer(),
  unchanged: Type.Integer(),
  newDepartments: Type.Array(Type.String()),
  newShoppers: Type.Integer(),
  items: Type.Array(
    Type.Object({
      row: Type.Integer(),
      action: ImportAction,
      promoterId: Nullable(Id),
      name: Type.String(),
      phoneMasked: Type.String(),
      department: Type.String(),
      employeeNo: Nullable(Type.String()),
    }),
  ),
  /** Always empty here: a file with problems is refused (400) with them listed. */
  problems: Type.Array(ImportProblem),
})

/** A refused file: the usual error, and every problem with its row. */
export const ImportRefused = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
  problems: Type.Array(ImportProblem),
})

const Day = Type.String({ maxLength: 10, description: 'a calendar day in Asia/Shanghai, YYYY-MM-DD' })

export const LeaderboardQuery = Type.Object(
  {
    metric: Type.Union([Type.Literal('gmv'), Type.Literal('orders'), Type.Literal('new_customers')]),
    range: Type.Union([
      Type.Literal('today'),
      Type.Literal('week'),
      Type.Literal('month'),
      Type.Literal('custom'),
    ]),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    by: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('department')])),
    departmentId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  closed,
)

export const Leaderboard = Type.Object({
  metric: Type.String(),
  by: Type.String(),
  range: Type.Object({
    kind: Type.String(),
    /** The first instant covered. */
    from: DateTime,
    /** The first instant after the range. */
    to: DateTime,
    fromDay: Type.String(),
    /** The last day covered. */
    toDay: Type.String(),
  }),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      /** GMV in fen, or the count. */
      value: Type.Integer(),
      /** The promoter (per person) or the department (per department). */
      id: Id,
      name: Type.String(),
      promoterId: Nullable(Id),
      phoneMasked: Nullable(Type.String()),
      employeeNo: Nullable(Type.String()),
      departmentId: Id,
      departmentName: Type.String(),
      /** Per department: the people on the staff list in it. */
      staffCount: Nullable(Type.Integer()),
      gmvFen: Type.Integer(),
      orders: Type.Integer(),
      newCustomers: Type.Integer(),
    }),
  ),
})
