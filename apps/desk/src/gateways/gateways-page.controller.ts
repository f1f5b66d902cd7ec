import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { isoDate } from '@client-gate/contracts';
import { ErrorItem } from '@client-gate/platform';
import { Response } from 'express';
import { z } from 'zod';
import { SignedInGuard } from '../auth/signed-in.guard';
import { ConsulateCalendar } from '../pages/consulate-calendar';
import { DeskErrorFilter } from '../pages/desk-error.filter';
import { DeskPages, DeskRequest } from '../pages/desk-pages';
import { field, postedFields } from '../pages/form-fields';
import { StaffApi, StaffApiError } from '../staff-api/staff-api';

interface Gateway {
  id: string;
  status: 'pending_activation' | 'active' | 'deleted' | 'purged';
  username?: string;
  registeredAt: string;
  activatedAt?: string;
  endedAt?: string;
}

const FIELDS = ['gatewayId', 'familyName', 'dateOfBirth'];

/** Finding one of the consulate's gateways by its id, or by family name and date of birth (each look-up audited by registry). */
@Controller('gateways')
@UseGuards(SignedInGuard)
@UseFilters(DeskErrorFilter)
export class GatewaysPageController {
  constructor(
    private readonly pages: DeskPages,
    private readonly api: StaffApi,
    private readonly calendar: ConsulateCalendar,
  ) {}

  @Get()
  async find(@Req() request: DeskRequest, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const session = request.session!;
    const lang = this.pages.language(request);
    const t = this.pages.messages(request);
    const typed = postedFields(query, FIELDS);
    const problems: ErrorItem[] = [];
    let found: Gateway[] | null = null;
    if (typed['gatewayId']) {
      if (!z.uuid().safeParse(typed['gatewayId']).success) found = [];
      else found = await this.byId(session.accessToken, typed['gatewayId']);
    } else if (typed['familyName'] || typed['dateOfBirth']) {
      if (!typed['familyName']) problems.push({ code: 'REQUIRED', field: 'familyName', message: '' });
      if (!isoDate.safeParse(typed['dateOfBirth']).success) problems.push({ code: 'DATE_INVALID', field: 'dateOfBirth', message: '' });
      if (problems.length === 0) {
        const search = new URLSearchParams({ familyName: typed['familyName'], dateOfBirth: typed['dateOfBirth'] });
        found = (await this.api.call<{ gateways: Gateway[] }>(session.accessToken, 'registry', 'GET', `/gateways?${search}`)).gateways;
      }
    }
    const errors = this.pages.formErrors(t, problems, (problem) => problem.field, FIELDS);
    const when = (iso?: string) => (iso ? this.calendar.dateTime(iso, session.consulate, lang) : '–');
    this.pages.show(
      request,
      response,
      'gateways',
      {
        title: t.gateways.title,
        errors: errors.errors,
        fields: {
          gatewayId: field(t, 'gatewayId', typed, errors),
          familyName: field(t, 'familyName', typed, errors),
          dateOfBirth: field(t, 'dateOfBirth', typed, errors, { size: 'medium' }),
        },
        searched: found !== null,
        gateways: (found ?? []).map((gateway) => ({
          id: gateway.id,
          status: t.gateways.statuses[gateway.status],
          username: gateway.username ?? t.gateways.noUsername,
          registeredAt: when(gateway.registeredAt),
          activatedAt: when(gateway.activatedAt),
          endedAt: when(gateway.endedAt),
        })),
      },
      problems.length > 0 ? 400 : 200,
    );
  }

  /** Another consulate's gateway and a missing one look the same: nothing found. */
  private async byId(accessToken: string, id: string): Promise<Gateway[]> {
    try {
      return [await this.api.call<Gateway>(accessToken, 'registry', 'GET', `/gateways/${id}`)];
    } catch (error) {
      if (error instanceof StaffApiError && error.status === 404) return [];
      throw error;
    }
  }
}
