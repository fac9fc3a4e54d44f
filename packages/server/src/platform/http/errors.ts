import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, langOf, messageFor } from '../errors.js'
import { schemaProblemZh } from './schema-zh.js'

/** Turns every failure into `{ error: { code, message, field? } }`; 500s say nothing of internals. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: any[] }, req, reply) => {
    const lang = langOf(req.headers['accept-language'])
    if (err instanceof AppError) {
      return reply.status(err.status).send({
        error: { code: err.code, message: messageFor(err.code, err.params, lang), field: err.field },
      })
    }
    if (err.validation) {
      const v = err.validation[0]
      const field =
        (v?.instancePath ? v.instancePath.slice(1).replace(/\//g, '.') : '') ||
        v?.params?.missingProperty ||
        v?.params?.additionalProperty ||
        err.validationContext ||
        undefined
      const detail = `${field ? `${field} ` : ''}${v?.message ?? err.message}`
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: messageFor(
            'validation_failed',
            { detail, detail_zh: schemaProblemZh(v ?? {}, field) },
            lang,
          ),
          field,
        },
      })
    }
    const status = err.statusCode ?? 500
    if (status < 500) {
      const code =
        status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 429
              ? 'rate_limited'
              : 'bad_request'
      return reply.status(status).send({ error: { code, message: messageFor(code, {}, lang) } })
    }
    req.log.error({ err }, 'unhandled error')
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: messageFor('internal', {}, lang), requestId: req.id } })
  })
  app.setNotFoundHandler((req, reply) => {
    const lang = langOf(req.headers['accept-language'])
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: messageFor('not_found', { entity: lang === 'en' ? 'Route' : '接口' }, lang),
      },
    })
  })
}
