import type { Logger } from 'pino'

/** Sends text messages; the sandbox keeps them in memory and in the log instead. */
export interface SmsProvider {
  readonly name: string
  send(phone: string, text: string, meta: { code?: string; tenantId: string }): Promise<void>
}

/** Prints each code to the log and remembers the last one per phone, for tests and the demo. */
export class SandboxSms implements SmsProvider {
  readonly name = 'sandbox'
  private readonly last = new Map<string, string>()
  constructor(private readonly log: Logger) {}
  async send(phone: string, text: string, meta: { code?: string; tenantId: string }) {
    if (meta.code) this.last.set(`${meta.tenantId}:${phone}`, meta.code)
    this.log.info({ phone, sms: text }, 'sandbox SMS')
  }
  lastCode(tenantId: string, phone: string) {
    return this.last.get(`${tenantId}:${phone}`)
  }
}
