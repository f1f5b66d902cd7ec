import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { GRACE_PERIOD_DAYS, Locale, locales, Reason } from '@client-gate/contracts';
import { Inject } from '@nestjs/common';
import { Response } from 'express';
import { SignedInGuard } from '../auth/signed-in.guard';
import { DESK_ENV, DeskEnv } from '../config';
import { ConsulateCalendar } from '../pages/consulate-calendar';
import { addDays, wallClock } from '../pages/consulate-time';
import { DeskErrorFilter } from '../pages/desk-error.filter';
import { DeskPages, DeskRequest } from '../pages/desk-pages';
import { recordId } from '../pages/form-fields';
import { HAND_OVER } from '../pages/messages/hand-over';
import { StaffApi } from '../staff-api/staff-api';
import { plainReason } from './application-reasons';
import { nextRefreshSeconds } from './refresh-backoff';

interface Application {
  id: string;
  kind: 'register' | 'delete' | 'modify';
  status: 'submitted' | 'completed' | 'rejected';
  gatewayId?: string;
  reasons?: Reason[];
  submittedAt: string;
  decidedAt?: string;
}

interface Gateway {
  id: string;
  status: string;
  locale?: Locale;
  maskedEmail?: string;
  registeredAt: string;
}


/** An application's page (it refreshes itself while the decision is pending), and a completed registration's hand-over sheet. */
@Controller('applications/:id')
@UseGuards(SignedInGuard)
@UseFilters(DeskErrorFilter)
export class ApplicationPageController {
  constructor(
    private readonly pages: DeskPages,
    private readonly api: StaffApi,
    private readonly calendar: ConsulateCalendar,
    @Inject(DESK_ENV) private readonly env: DeskEnv,
  ) {}

  @Get()
  async show(@Req() request: DeskRequest, @Res() response: Response, @Param('id', recordId()) id: string, @Query('wait') wait: unknown): Promise<void> {
    const session = request.session!;
    const lang = this.pages.language(request);
    const t = this.pages.messages(request);
    const application = await this.application(request, id);
    const when = (iso: string) => this.calendar.dateTime(iso, session.consulate, lang);
    const pending = application.status === 'submitted';
    this.pages.show(request, response, 'application', {
      title: t.application.title,
      ...(pending && refreshAfter(id, wait)),
      pending,
      refreshHref: `/applications/${id}`,
      kind: t.record.kinds[application.kind],
      status: t.application.statuses[application.status],
      statusClass: application.status,
      submittedAt: when(application.submittedAt),
      decidedAt: application.decidedAt ? when(application.decidedAt) : null,
      completed: application.status === 'completed' ? t.application.completed[application.kind] : null,
      reasons: (application.reasons ?? []).map((reason) => plainReason(t, reason, (day) => this.calendar.day(day, lang))),
      handOverHref: application.status === 'completed' && application.kind === 'register' ? `/applications/${id}/hand-over` : null,
      gatewayHref: application.gatewayId ? `/gateways?gatewayId=${application.gatewayId}` : null,
    });
  }

  /** Printable, in the client's language (the gateway's, or ?lang=); no code or secret is ever on it. */
  @Get('hand-over')
  async handOver(@Req() request: DeskRequest, @Res() response: Response, @Param('id', recordId()) id: string, @Query('lang') lang: unknown): Promise<void> {
    const session = request.session!;
    const application = await this.application(request, id);
    if (application.status !== 'completed' || application.kind !== 'register' || !application.gatewayId) {
      return this.pages.redirect(response, `/applications/${id}`);
    }
    const gateway = await this.api.call<Gateway>(session.accessToken, 'registry', 'GET', `/gateways/${application.gatewayId}`);
    const language: Locale = locales.includes(lang as Locale) ? (lang as Locale) : (gateway.locale ?? 'hu');
    const words = HAND_OVER[language];
    const registeredDay = wallClock(new Date(gateway.registeredAt), this.calendar.timeZone(session.consulate)).date;
    const newCodeUntil = this.calendar.date(`${addDays(registeredDay, GRACE_PERIOD_DAYS)}T12:00:00Z`, session.consulate, language);
    this.pages.showDocument(response, 'hand-over', {
      lang: language,
      w: words,
      email: gateway.maskedEmail ?? '–',
      activateUrl: `${this.env.PUBLIC_ACTIVATION_URL}/activate?lang=${language}`,
      forgottenUrl: `${this.env.PUBLIC_ACTIVATION_URL}/forgotten-password?lang=${language}`,
      newCodeUntil,
      registeredAt: this.calendar.date(gateway.registeredAt, session.consulate, language),
      consulate: session.consulate,
      languages: locales.map((code) => ({ code, href: `/applications/${id}/hand-over?lang=${code}`, current: code === language })),
      backHref: `/applications/${id}`,
    });
  }

  private application(request: DeskRequest, id: string): Promise<Application> {
    return this.api.call<Application>(request.session!.accessToken, 'intake', 'GET', `/applications/${id}`);
  }
}

/** The layout's `<meta http-equiv="refresh">` (no script: the pages' CSP allows none): this wait, and the next one in the URL. */
function refreshAfter(id: string, wait: unknown): { refreshSeconds: number; refreshUrl: string } {
  const { now, next } = nextRefreshSeconds(typeof wait === 'string' ? Number(wait) : undefined);
  return { refreshSeconds: now, refreshUrl: `/applications/${id}?wait=${next}` };
}
