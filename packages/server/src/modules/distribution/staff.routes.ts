import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError, invalid, messageFor } from '../../platform/errors.js'
import { requireStaff } from '../../platform/http/context.js'
import { IdParams, Ok } from '../../platform/http/schemas.js'
import type { RowProblem } from './domain/leaderboard.js'
import {
  Department,
  DepartmentBody,
  ImportQuery,
  ImportRefused,
  ImportResult,
  Leaderboard,
  LeaderboardQuery,
  MoveBody,
  RemoveBody,
  StaffMember,
  StaffQuery,
} from './staff.schemas.js'
import { type LeaderboardQuery as Query, readSheetFile } from './staff.service.js'

const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')

/** Staff selling on the console: departments, the staff list and its import, leaderboards and their export. */
export const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.core.distribution.staff

  // Departments --------------------------------------------------------------------------------
  app.get(
    '/console/departments',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Departments, by name, with how many people on the staff list each has',
        response: { 200: Type.Object({ items: Type.Array(Department) }) },
      },
    },
    async (req) => ({ items: await service.departments(req.ctx()) }),
  )

  app.post(
    '/console/departments',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Add a department (names are unique in the shop: 409 already_exists)',
        body: DepartmentBody,
        response: { 201: Department },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createDepartment(req.ctx(), req.body.name)),
  )

  app.patch(
    '/console/departments/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Rename a department',
        params: IdParams,
        body: DepartmentBody,
        response: { 200: Department },
      },
    },
    async (req) => service.renameDepartment(req.ctx(), req.params.id, req.body.name),
  )

  app.delete(
    '/console/departments/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Delete a department with nobody on the staff list in it (409 otherwise)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (req) => service.deleteDepartment(req.ctx(), req.params.id),
  )

  // Staff list ---------------------------------------------------------------------------------
  app.get(
    '/console/staff-members',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'The staff list, newest first: `q` finds a name, an employee number, a phone or its last four digits',
        querystring: StaffQuery,
        response: {
          200: Type.Object({
            items: Type.Array(StaffMember),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => service.list(req.ctx(), req.query),
  )

  // An upload is a stream, so an Idempotency-Key could not be checked against its body; the import
  // itself is idempotent (the same file again changes nothing).
  app.post(
    '/console/staff-members/import',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Import the staff list from CSV or .xlsx (multipart field `file`; columns name, phone, department and ' +
          'optionally employee no, or 姓名, 手机号, 部门, 工号). All or nothing: any problem refuses the file (400) ' +
          'with every problem and its row. `dryRun` says what would happen without writing.',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportResult, 400: ImportRefused },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, 'file')
      const file = await req.file()
      if (file?.fieldname !== 'file')
        throw invalid('file', 'a multipart field named file', '请以 file 字段上传员工名单')
      const sheet = await readSheetFile(await file.toBuffer())
      const ctx = req.ctx()
      const result = await service.importStaff(ctx, sheet, { dryRun: req.query.dryRun })
      if (!result.ok) {
        const n = result.problems.length
        return reply.status(400).send({
          error: {
            code: 'validation_failed',
            message: messageFor(
              'validation_failed',
              { detail: `the file has ${n} problem${n === 1 ? '' : 's'}`, detail_zh: `文件中有 ${n} 处问题` },
              ctx.lang,
            ),
            field: 'file',
          },
          problems: result.problems.map((p: RowProblem) => ({
            row: p.row,
            field: p.field,
            code: p.code,
            message: ctx.lang === 'en' ? p.en : p.zh,
          })),
        })
      }
      const { ok: _, ...summary } = result
      return { ...summary, problems: [] }
    },
  )

  app.post(
    '/console/staff-members/:id/move',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Move a staff member to another department',
        params: IdParams,
        body: MoveBody,
        response: { 200: StaffMember },
      },
    },
    async (req) => service.move(req.ctx(), req.params.id, req.body.departmentId),
  )

  app.post(
    '/console/staff-members/:id/remove',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Take someone off the staff list: their promoter status is suspended with the reason (listing them again reinstates them)',
        params: IdParams,
        body: RemoveBody,
        response: { 200: StaffMember },
      },
    },
    async (req) => service.remove(req.ctx(), req.params.id, req.body.reason),
  )

  // Leaderboards -------------------------------------------------------------------------------
  app.get(
    '/console/leaderboards',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Staff or departments ranked by GMV (paid − refunded), orders or new customers brought in today, this ' +
          'week (from Monday), this month or over custom days (Asia/Shanghai); equal values share a rank',
        querystring: LeaderboardQuery,
        response: { 200: Leaderboard },
      },
    },
    async (req) => service.leaderboard(req.ctx(), req.query as Query),
  )

  app.get(
    '/console/leaderboards/export.xlsx',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'The leaderboard as an .xlsx file (Chinese headers; English with Accept-Language: en)',
        querystring: LeaderboardQuery,
      },
    },
    async (req, reply) => {
      const { bytes, filename } = await service.exportLeaderboard(req.ctx(), req.query as Query)
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .header('Cache-Control', 'no-store')
        .send(bytes)
    },
  )
}
